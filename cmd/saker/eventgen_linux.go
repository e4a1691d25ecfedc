package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sys/unix"
)

// Environment of the processes eventgen starts.
const (
	envDir    = "SAKER_EVENTGEN_DIR"    // private scratch directory with the program links
	envCgroup = "SAKER_EVENTGEN_CGROUP" // cgroup directory a container joins
	envExeced = "SAKER_EVENTGEN_EXECED" // set in a program an action executed: it does nothing more
)

// actEnv is what an action needs.
type actEnv struct {
	dir   string
	token string
}

// programs are the names eventgen runs itself under, as links in its
// scratch directory: rules look at the program name.
var programs = []string{"saker-eventgen", "nsenter", "sudo", "pseudo"}

func runScenarios(sel []*scenario, variants []bool, stdout, stderr io.Writer) int {
	self, err := os.Executable()
	if err == nil {
		self, err = filepath.EvalSymlinks(self)
	}
	if err != nil {
		fmt.Fprintf(stderr, "saker eventgen: own executable: %v\n", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "saker-eventgen-")
	if err != nil {
		fmt.Fprintf(stderr, "saker eventgen: %v\n", err)
		return 1
	}
	defer os.RemoveAll(dir)
	for _, p := range programs {
		if err := os.Symlink(self, filepath.Join(dir, p)); err != nil {
			fmt.Fprintf(stderr, "saker eventgen: %v\n", err)
			return 1
		}
	}
	var cg *cgroupRoot
	rc := 0
	for _, s := range sel {
		for _, hit := range variants {
			variant := "hit"
			expect := "expect: " + s.Rule
			if !hit {
				variant, expect = "near-miss", "expect: no alert"
			}
			tok := token(s.Name, hit)
			var err error
			if s.Container {
				if cg == nil {
					if cg, err = findCgroupRoot(); err != nil {
						err = fmt.Errorf("simulated container: %w", err)
					}
				}
				if err == nil {
					err = runContainer(self, dir, cg, tok, stderr)
				}
			} else {
				prog := "saker-eventgen"
				if s.prog != nil {
					prog = s.prog(hit)
				}
				err = runChild(exec.Command(filepath.Join(dir, prog), "eventgen", "--act", tok), dir, "", stderr)
			}
			status := "ok"
			if err != nil {
				status = "FAILED: " + err.Error()
				rc = 1
			}
			fmt.Fprintf(stdout, "%-32s %-9s %-58s %s\n", s.Name, variant, expect, status)
		}
	}
	return rc
}

// runChild runs cmd in a session of its own (so it has no terminal unless
// it opens one) and waits for it.
func runChild(cmd *exec.Cmd, dir, cgroup string, stderr io.Writer) error {
	cmd.Env = append(os.Environ(), envDir+"="+dir)
	if cgroup != "" {
		cmd.Env = append(cmd.Env, envCgroup+"="+cgroup)
	}
	cmd.Stdout, cmd.Stderr = stderr, stderr
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", filepath.Base(cmd.Path), err)
	}
	return nil
}

// --- host actions ---------------------------------------------------------

func openClose(path string, flags int) error {
	fd, err := unix.Open(path, flags|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	return unix.Close(fd)
}

func actReadSensitive(_ *actEnv, hit bool) error {
	if hit {
		return openClose("/etc/shadow", unix.O_RDONLY)
	}
	return openClose("/etc/passwd", unix.O_RDONLY)
}

func actWriteEtc(env *actEnv, hit bool) error {
	path := filepath.Join(env.dir, "etc-saker-eventgen-"+strconv.Itoa(os.Getpid()))
	if hit {
		path = "/etc/saker-eventgen-" + strconv.Itoa(os.Getpid())
	}
	if err := openClose(path, unix.O_CREAT|unix.O_EXCL|unix.O_WRONLY); err != nil {
		return err
	}
	return os.Remove(path)
}

func actWriteSensitive(env *actEnv, hit bool) error {
	if hit {
		// Opened for appending and closed: the file is not changed.
		return openClose("/etc/shadow", unix.O_WRONLY|unix.O_APPEND)
	}
	path := filepath.Join(env.dir, "shadow")
	if err := openClose(path, unix.O_CREAT|unix.O_WRONLY|unix.O_APPEND); err != nil {
		return err
	}
	return os.Remove(path)
}

func actMkdirBin(env *actEnv, hit bool) error {
	parent := "/bin"
	if !hit {
		parent = filepath.Join(env.dir, "bin")
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return err
		}
	}
	path := filepath.Join(parent, "saker-eventgen-"+strconv.Itoa(os.Getpid()))
	if err := unix.Mkdir(path, 0o755); err != nil {
		return fmt.Errorf("mkdir %s: %w", path, err)
	}
	return unix.Rmdir(path)
}

func actSetns(_ *actEnv, _ bool) error {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	fd, err := unix.Open("/proc/self/ns/uts", unix.O_RDONLY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	// Joining the namespace it is already in changes nothing but is the
	// same call.
	if err := unix.Setns(fd, unix.CLONE_NEWUTS); err != nil {
		return fmt.Errorf("setns: %w", err)
	}
	return nil
}

func actConnect(_ *actEnv, hit bool) error {
	port := 8443
	if hit {
		port = 443
	}
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	err = unix.Connect(fd, &unix.SockaddrInet4{Port: port, Addr: [4]byte{10, 96, 0, 1}})
	if errors.Is(err, unix.EINPROGRESS) {
		pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLOUT}}
		_, _ = unix.Poll(pfd, 1000)
	}
	// Whether the address answers does not matter: the call is what rules see.
	return nil
}

// --- simulated containers -------------------------------------------------

// cgroupRoot is where container cgroups are made: a v1 hierarchy with a
// controller, or the v2 hierarchy with a controller enabled down to
// docker/, so that the driver's per-controller paths show the container.
type cgroupRoot struct {
	dir string // the hierarchy's mount point
	v2  bool
}

// findCgroupRoot picks a cgroup hierarchy, mounting cgroup2 when none is
// mounted (a bare VM).
func findCgroupRoot() (*cgroupRoot, error) {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var v1, v2 string
	s := bufio.NewScanner(f)
	for s.Scan() {
		pre, post, ok := strings.Cut(s.Text(), " - ")
		pf, sf := strings.Fields(pre), strings.Fields(post)
		if !ok || len(pf) < 5 || len(sf) < 3 {
			continue
		}
		switch sf[0] {
		case "cgroup2":
			if v2 == "" {
				v2 = pf[4]
			}
		case "cgroup":
			for _, o := range strings.Split(sf[2], ",") {
				if o == "pids" || (v1 == "" && (o == "cpu" || o == "memory")) {
					v1 = pf[4]
				}
			}
		}
	}
	switch {
	case v1 != "":
		return &cgroupRoot{dir: v1}, nil
	case v2 != "":
		return prepareV2(v2)
	}
	const mnt = "/sys/fs/cgroup"
	if err := unix.Mount("cgroup2", mnt, "cgroup2", 0, ""); err != nil {
		return nil, fmt.Errorf("no cgroup hierarchy mounted and mounting cgroup2 on %s failed: %w", mnt, err)
	}
	return prepareV2(mnt)
}

func prepareV2(root string) (*cgroupRoot, error) {
	b, err := os.ReadFile(filepath.Join(root, "cgroup.controllers"))
	if err != nil {
		return nil, err
	}
	ctrl := ""
	for _, c := range strings.Fields(string(b)) {
		if c == "pids" || ctrl == "" {
			ctrl = c
		}
	}
	if ctrl == "" {
		return nil, fmt.Errorf("%s: no controller available", root)
	}
	if err := os.MkdirAll(filepath.Join(root, "docker"), 0o755); err != nil {
		return nil, err
	}
	for _, d := range []string{root, filepath.Join(root, "docker")} {
		_ = os.WriteFile(filepath.Join(d, "cgroup.subtree_control"), []byte("+"+ctrl), 0o644)
	}
	return &cgroupRoot{dir: root, v2: true}, nil
}

// runContainer runs one container scenario: a cgroup named as docker
// names them, and a first process that unshares its namespaces.
func runContainer(self, dir string, cg *cgroupRoot, tok string, stderr io.Writer) error {
	sum := sha256.Sum256([]byte(tok + strconv.Itoa(os.Getpid())))
	id := hex.EncodeToString(sum[:])
	cgdir := filepath.Join(cg.dir, "docker", id)
	if err := os.MkdirAll(cgdir, 0o755); err != nil {
		return fmt.Errorf("cgroup: %w", err)
	}
	defer func() {
		// The cgroup can be removed once its last process is reaped.
		for i := 0; i < 50 && os.Remove(cgdir) != nil; i++ {
			time.Sleep(20 * time.Millisecond)
		}
	}()
	// Through /proc/self/exe, as runc re-executes itself: the first
	// process of the container is named exe.
	cmd := exec.Command("/proc/self/exe", "eventgen", "--container", tok)
	return runChild(cmd, dir, cgdir, stderr)
}

// runContainerInit is the simulated container's first process: it joins
// the cgroup, unshares mount, uts and pid namespaces and launches the
// scenario's acting process (pid 1 of the new pid namespace).
func runContainerInit(tok string, stderr io.Writer) int {
	s, hit, err := parseToken(tok)
	if err != nil {
		fmt.Fprintf(stderr, "saker eventgen: %v\n", err)
		return 2
	}
	// Namespaces belong to the thread: everything from here on, including
	// the fork of the acting process, must stay on this one.
	runtime.LockOSThread()
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "saker eventgen: %s: container: %s\n", tok, fmt.Sprintf(format, a...))
		return 1
	}
	cg := os.Getenv(envCgroup)
	if cg == "" {
		return fail("%s is not set", envCgroup)
	}
	if err := os.WriteFile(filepath.Join(cg, "cgroup.procs"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return fail("join cgroup: %v", err)
	}
	// Go checks once, with a throwaway fork, whether pidfds work; that
	// child would become the new pid namespace's init and leave it dead,
	// so the check runs here, before the unshare.
	if p, err := os.FindProcess(os.Getpid()); err == nil {
		_ = p.Release()
	}
	if err := unix.Unshare(unix.CLONE_NEWNS | unix.CLONE_NEWUTS | unix.CLONE_NEWPID); err != nil {
		return fail("unshare: %v", err)
	}
	if err := unix.Mount("", "/", "", unix.MS_REC|unix.MS_PRIVATE, ""); err != nil {
		return fail("private mounts: %v", err)
	}
	_ = unix.Sethostname([]byte("saker-eventgen"))
	env := &actEnv{dir: os.Getenv(envDir), token: tok}
	launch := s.launch
	if launch == nil {
		launch = launchAct
	}
	if err := launch(env, hit); err != nil {
		return fail("%v", err)
	}
	return 0
}

// launchAct runs the scenario's act in a child.
func launchAct(env *actEnv, _ bool) error {
	return runChild(exec.Command("/proc/self/exe", "eventgen", "--act", env.token), env.dir, "", os.Stderr)
}

func launchSudo(env *actEnv, hit bool) error {
	prog := "pseudo"
	if hit {
		prog = "sudo"
	}
	return runChild(exec.Command(filepath.Join(env.dir, prog), "eventgen", "--act", env.token), env.dir, "", os.Stderr)
}

// launchShell runs /bin/sh -c "exit 0", on a new pseudo-terminal for the
// hit and without one for the near miss.
func launchShell(env *actEnv, hit bool) error {
	cmd := exec.Command("/bin/sh", "-c", "exit 0", env.token)
	if !hit {
		return runChild(cmd, env.dir, "", os.Stderr)
	}
	ptmx, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return fmt.Errorf("pseudo-terminal: %w", err)
	}
	defer ptmx.Close()
	if err := unix.IoctlSetPointerInt(int(ptmx.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		return fmt.Errorf("unlock pty: %w", err)
	}
	n, err := unix.IoctlGetInt(int(ptmx.Fd()), unix.TIOCGPTN)
	if err != nil {
		return fmt.Errorf("pty number: %w", err)
	}
	tty, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		return fmt.Errorf("pty: %w", err)
	}
	defer tty.Close()
	go func() { _, _ = io.Copy(io.Discard, ptmx) }()
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.Env = append(os.Environ(), envDir+"="+env.dir)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("sh: %w", err)
	}
	return nil
}

// launchDropExec mounts an overlay whose lower layer is the "image" and
// runs either a program copied in after start (it lands in the upper
// layer) or the image's own copy.
func launchDropExec(env *actEnv, hit bool) error {
	base := filepath.Join(env.dir, "ctr-"+strconv.Itoa(os.Getpid()))
	lower, upper, work, merged := filepath.Join(base, "lower"), filepath.Join(base, "upper"), filepath.Join(base, "work"), filepath.Join(base, "rootfs")
	for _, d := range []string{lower, upper, work, merged} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	self, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return err
	}
	if err := copyFile(self, filepath.Join(lower, "image-prog")); err != nil {
		return err
	}
	opts := "lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work
	if err := unix.Mount("overlay", merged, "overlay", 0, opts); err != nil {
		// Without overlayfs the programs still run, but nothing marks the
		// dropped one as written after start.
		fmt.Fprintf(os.Stderr, "saker eventgen: overlayfs unavailable (%v): running from a plain directory\n", err)
		merged = lower
	} else {
		defer unix.Unmount(merged, unix.MNT_DETACH)
	}
	prog := filepath.Join(merged, "image-prog")
	if hit {
		prog = filepath.Join(merged, "dropped-prog")
		if err := copyFile(self, prog); err != nil {
			return err
		}
	}
	return runChild(exec.Command(prog, "eventgen", "--act", env.token), env.dir, "", os.Stderr)
}

// actMemfdExec runs a copy of saker from a memfd (through the child's
// /proc/self/fd/3) for the hit, from a regular file for the near miss. The
// copy, started with the same action, finds envExeced set and stops there.
func actMemfdExec(env *actEnv, hit bool) error {
	if os.Getenv(envExeced) != "" {
		return nil
	}
	self, err := os.Readlink("/proc/self/exe")
	if err != nil {
		return err
	}
	var cmd *exec.Cmd
	if hit {
		fd, err := unix.MemfdCreate("evgen", 0)
		if err != nil {
			return fmt.Errorf("memfd_create: %w", err)
		}
		mem := os.NewFile(uintptr(fd), "memfd:evgen")
		defer mem.Close()
		in, err := os.Open(self)
		if err != nil {
			return err
		}
		_, err = io.Copy(mem, in)
		in.Close()
		if err != nil {
			return fmt.Errorf("copy into memfd: %w", err)
		}
		cmd = exec.Command("/proc/self/fd/3", "eventgen", "--act", env.token)
		cmd.ExtraFiles = []*os.File{mem}
	} else {
		prog := filepath.Join(env.dir, "memfd-prog")
		if err := copyFile(self, prog); err != nil {
			return err
		}
		defer os.Remove(prog)
		cmd = exec.Command(prog, "eventgen", "--act", env.token)
	}
	cmd.Env = append(os.Environ(), envExeced+"=1")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", cmd.Path, err)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o755)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("copy to %s: %w", dst, err)
	}
	return out.Close()
}
