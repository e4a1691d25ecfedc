package checks

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// The maintainer scripts run as the package manager runs them: /bin/sh with
// the packaged /usr/lib/saker/saker-dkms, but in a chroot made of busybox
// and stubs of dkms, systemctl, modprobe, rmmod and uname that record their
// calls. Kernels, headers, the loaded module and the service's state are
// files the test lays out.

const stubDKMS = `#!/bin/sh
echo "dkms $*" >>/log
case $1 in
status) [ -e /state/registered ] && echo "saker/x: added"; exit 0 ;;
add)
	[ -e /state/registered ] && { echo "Error! DKMS tree already contains it" >&2; exit 3; }
	: >/state/registered; exit 0 ;;
install)
	k= prev=
	for a in "$@"; do [ "$prev" = -k ] && k=$a; prev=$a; done
	echo "dkms output for $k"
	[ -e /state/rc-$k ] && exit "$(cat /state/rc-$k)"
	exit 0 ;;
remove) rm -f /state/registered; exit 0 ;;
esac
exit 0
`

const stubSystemctl = `#!/bin/sh
echo "systemctl $*" >>/log
case "$*" in
*is-active*) [ -e /state/active ]; exit $? ;;
*--now*|stop*) rm -f /state/active ;;
start*) : >/state/active ;;
esac
exit 0
`

const stubModprobe = `#!/bin/sh
echo "$(basename "$0") $*" >>/log
case "$*" in *saker*) : >/proc/modules ;; esac
exit 0
`

const stubUname = `#!/bin/sh
cat /state/uname
`

type sandbox struct {
	t    *testing.T
	root string
}

// newSandbox makes a chroot whose /bin/sh is dash (Debian's) or, for rpm,
// bash (RHEL's), with busybox for the other utilities.
func newSandbox(t *testing.T, debian bool) *sandbox {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("the maintainer script tests chroot, which needs root")
	}
	busybox := needTool(t, "busybox", "busybox-static")
	pkg := extractDeb(t)
	s := &sandbox{t: t, root: t.TempDir()}
	for _, d := range []string{"bin", "dev", "stub", "state", "proc", "tmp", "run/systemd/system", "lib/modules", "etc", "usr/lib/saker"} {
		s.mkdir(d)
	}
	// The scripts send output to /dev/null: a real one (char 1:3).
	if err := syscall.Mknod(filepath.Join(s.root, "dev/null"), syscall.S_IFCHR|0o666, 1<<8|3); err != nil {
		t.Fatalf("mknod /dev/null: %v", err)
	}
	copyFile(t, busybox, filepath.Join(s.root, "bin/busybox"), 0o755)
	shell := needTool(t, "dash", "dash")
	if !debian {
		shell = needTool(t, "bash", "bash")
	}
	s.copyWithLibs(shell, "bin/sh")
	// busybox's shell would run its own applets (uname, modprobe) before
	// the stubs in PATH, so it only provides the plain utilities.
	for _, a := range []string{"grep", "basename", "tail", "cat", "rm", "touch", "mkdir", "ls", "head", "echo", "printf", "sleep"} {
		if err := os.Symlink("busybox", filepath.Join(s.root, "bin", a)); err != nil {
			t.Fatal(err)
		}
	}
	s.write("stub/dkms", stubDKMS, 0o755)
	s.write("stub/systemctl", stubSystemctl, 0o755)
	s.write("stub/modprobe", stubModprobe, 0o755)
	s.write("stub/rmmod", stubModprobe, 0o755)
	s.write("stub/uname", stubUname, 0o755)
	if !debian {
		s.write("stub/dnf", "#!/bin/sh\nexit 0\n", 0o755)
	} else {
		s.write("etc/debian_version", "12.0\n", 0o644)
	}
	copyFile(t, filepath.Join(pkg, "usr/lib/saker/saker-dkms"), filepath.Join(s.root, "usr/lib/saker/saker-dkms"), 0o755)
	s.write("proc/modules", "", 0o644)
	s.write("log", "", 0o644)
	s.running("6.1.0-9-amd64")
	return s
}

// copyWithLibs copies a dynamically linked program and the libraries ldd
// names into the chroot.
func (s *sandbox) copyWithLibs(bin, dst string) {
	copyFile(s.t, bin, filepath.Join(s.root, dst), 0o755)
	out := run(s.t, "ldd", bin)
	for _, f := range strings.Fields(out) {
		if strings.HasPrefix(f, "/") {
			copyFile(s.t, f, filepath.Join(s.root, f), 0o755)
		}
	}
}

func (s *sandbox) mkdir(d string) {
	if err := os.MkdirAll(filepath.Join(s.root, d), 0o755); err != nil {
		s.t.Fatal(err)
	}
}

func (s *sandbox) write(name, data string, mode os.FileMode) {
	if err := os.WriteFile(filepath.Join(s.root, name), []byte(data), mode); err != nil {
		s.t.Fatal(err)
	}
}

func (s *sandbox) running(k string) { s.write("state/uname", k+"\n", 0o644) }

// kernel installs kernel k, with headers or without.
func (s *sandbox) kernel(k string, headers bool) {
	s.mkdir("lib/modules/" + k + "/kernel")
	if headers {
		s.mkdir("lib/modules/" + k + "/build/include")
	}
}

func (s *sandbox) flag(name string, on bool) {
	p := filepath.Join(s.root, "state", name)
	if on {
		s.write("state/"+name, "", 0o644)
	} else {
		os.Remove(p)
	}
}

func (s *sandbox) has(name string) bool {
	_, err := os.Stat(filepath.Join(s.root, name))
	return err == nil
}

func (s *sandbox) loaded(on bool) {
	mods := ""
	if on {
		mods = "saker 24576 0 - Live 0x0000000000000000\n"
	}
	s.write("proc/modules", mods, 0o644)
}

// run runs a script (host path) in the chroot with arguments, returning
// its output and exit status, and resets the call log.
func (s *sandbox) run(script string, args ...string) (string, int) {
	s.t.Helper()
	copyFile(s.t, script, filepath.Join(s.root, "script"), 0o755)
	s.write("log", "", 0o644)
	cmd := exec.Command("chroot", append([]string{s.root, "/bin/sh", "/script"}, args...)...)
	cmd.Env = []string{"PATH=/stub:/bin", "LC_ALL=C"}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &ee):
		return out.String(), ee.ExitCode()
	default:
		s.t.Fatalf("chroot: %v", err)
		return "", -1
	}
}

// calls is the log of stub calls of the last run.
func (s *sandbox) calls() string {
	b, err := os.ReadFile(filepath.Join(s.root, "log"))
	if err != nil {
		s.t.Fatal(err)
	}
	return string(b)
}

func (s *sandbox) wantCalls(want ...string) {
	s.t.Helper()
	got := s.calls()
	for _, w := range want {
		if !strings.Contains(got, w+"\n") {
			s.t.Errorf("no call %q in:\n%s", w, got)
		}
	}
}

func (s *sandbox) noCalls(unwanted ...string) {
	s.t.Helper()
	got := s.calls()
	for _, u := range unwanted {
		if strings.Contains(got, u) {
			s.t.Errorf("unexpected call %q in:\n%s", u, got)
		}
	}
}

// debScripts unpacks the deb's maintainer scripts.
func debScripts(t *testing.T) string {
	dir := t.TempDir()
	run(t, "dpkg-deb", "-e", packages(t).res.Deb, dir)
	return dir
}

// rpmScriptlets writes the rpm's scriptlets to files named post, preun,
// postun.
func rpmScriptlets(t *testing.T) string {
	dir := t.TempDir()
	for name, tag := range map[string]string{"post": "POSTIN", "preun": "PREUN", "postun": "POSTUN"} {
		body := rpmQuery(t, "--qf", "%{"+tag+"}")
		if strings.TrimSpace(body) == "" || body == "(none)" {
			t.Fatalf("rpm has no %s scriptlet", name)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const v = wantVersion

func TestDebPostinstBuildsForKernelsWithHeaders(t *testing.T) {
	s := newSandbox(t, true)
	ctl := debScripts(t)
	s.kernel("6.1.0-9-amd64", true)  // running
	s.kernel("6.1.0-8-amd64", false) // old kernel, no headers
	s.kernel("6.12.9-amd64", true)   // backports, fails to build
	s.kernel("7.0.1-amd64", true)    // outside BUILD_EXCLUSIVE_KERNEL
	s.write("state/rc-6.12.9-amd64", "10", 0o644)
	s.write("state/rc-7.0.1-amd64", "77", 0o644)
	out, code := s.run(filepath.Join(ctl, "postinst"), "configure", "")
	if code != 0 {
		t.Fatalf("postinst configure exited %d:\n%s", code, out)
	}
	s.wantCalls("dkms add -m saker -v "+v,
		"dkms install -m saker -v "+v+" -k 6.1.0-9-amd64",
		"dkms install -m saker -v "+v+" -k 6.12.9-amd64",
		"dkms install -m saker -v "+v+" -k 7.0.1-amd64",
		"systemctl daemon-reload")
	s.noCalls("-k 6.1.0-8-amd64", "rpm_safe_upgrade", "systemctl start", "systemctl enable")
	for _, want := range []string{
		"saker: kernel module built and installed for: 6.1.0-9-amd64\n",
		"outside the range", "7.0.1-amd64",
		"building the kernel module failed for: 6.12.9-amd64",
		"dkms output for 6.12.9-amd64", // the failure's log is shown
	} {
		if !strings.Contains(out, want) {
			t.Errorf("postinst output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "no kernel headers") || strings.Contains(out, "dkms output for 6.1.0-9-amd64") {
		t.Errorf("postinst output has noise for the good kernel:\n%s", out)
	}
}

func TestDebPostinstMissingHeaders(t *testing.T) {
	s := newSandbox(t, true)
	ctl := debScripts(t)
	s.kernel("6.1.0-9-amd64", false) // running, no headers
	out, code := s.run(filepath.Join(ctl, "postinst"), "configure", "")
	if code != 0 {
		t.Fatalf("postinst exited %d:\n%s", code, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], "apt-get install linux-headers-6.1.0-9-amd64") {
		t.Errorf("want one line naming linux-headers-6.1.0-9-amd64, got:\n%s", out)
	}
	s.noCalls("dkms install")
	s.wantCalls("dkms add -m saker -v " + v)
}

func TestDebPostinstWithoutDKMS(t *testing.T) {
	s := newSandbox(t, true)
	ctl := debScripts(t)
	os.Remove(filepath.Join(s.root, "stub/dkms"))
	s.kernel("6.1.0-9-amd64", true)
	out, code := s.run(filepath.Join(ctl, "postinst"), "configure", "")
	if code != 0 || !strings.Contains(out, "dkms is not installed") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestDebRemoveAndUpgrade(t *testing.T) {
	s := newSandbox(t, true)
	ctl := debScripts(t)
	s.kernel("6.1.0-9-amd64", true)

	// Removal: stop, unload, leave DKMS; nothing to restart.
	s.flag("registered", true)
	s.flag("active", true)
	s.loaded(true)
	out, code := s.run(filepath.Join(ctl, "prerm"), "remove")
	if code != 0 {
		t.Fatalf("prerm remove exited %d:\n%s", code, out)
	}
	s.wantCalls("systemctl stop saker.service", "modprobe -r saker", "dkms remove -m saker -v "+v+" --all")
	if s.has("run/saker.restart-after-upgrade") {
		t.Error("prerm remove left the restart mark")
	}
	if s.has("state/registered") {
		t.Error("still registered with DKMS after prerm remove")
	}
	if out, code := s.run(filepath.Join(ctl, "postrm"), "purge"); code != 0 {
		t.Errorf("postrm purge exited %d:\n%s", code, out)
	}

	// Upgrade of a running saker: stopped by the old prerm, started again
	// by the new postinst, module rebuilt in between.
	s.flag("registered", true)
	s.flag("active", true)
	s.loaded(true)
	if out, code := s.run(filepath.Join(ctl, "prerm"), "upgrade", "9.9.9"); code != 0 {
		t.Fatalf("prerm upgrade exited %d:\n%s", code, out)
	}
	s.wantCalls("systemctl stop saker.service", "modprobe -r saker", "dkms remove -m saker -v "+v+" --all")
	if !s.has("run/saker.restart-after-upgrade") {
		t.Fatal("prerm upgrade of a running saker left no restart mark")
	}
	out, code = s.run(filepath.Join(ctl, "postinst"), "configure", "0.2.0")
	if code != 0 {
		t.Fatalf("postinst configure exited %d:\n%s", code, out)
	}
	s.wantCalls("dkms add -m saker -v "+v, "dkms install -m saker -v "+v+" -k 6.1.0-9-amd64", "systemctl start saker.service")
	if s.has("run/saker.restart-after-upgrade") {
		t.Error("postinst left the restart mark")
	}

	// Upgrade of a stopped saker does not start it.
	s.flag("active", false)
	s.run(filepath.Join(ctl, "prerm"), "upgrade", "9.9.9")
	s.run(filepath.Join(ctl, "postinst"), "configure", "0.2.0")
	s.noCalls("systemctl start")
}

func TestRPMScriptletsInChroot(t *testing.T) {
	s := newSandbox(t, false)
	sc := rpmScriptlets(t)
	s.kernel("5.14.0-427.el9.x86_64", false) // running, no kernel-devel
	s.kernel("5.14.0-362.el9.x86_64", true)
	s.running("5.14.0-427.el9.x86_64")

	// Install: the module is built where headers are; one line names the
	// missing kernel-devel; saker is not started.
	out, code := s.run(filepath.Join(sc, "post"), "1")
	if code != 0 {
		t.Fatalf("%%post 1 exited %d:\n%s", code, out)
	}
	s.wantCalls("dkms add -m saker -v "+v+" --rpm_safe_upgrade",
		"dkms install -m saker -v "+v+" -k 5.14.0-362.el9.x86_64 --rpm_safe_upgrade")
	s.noCalls("systemctl start", "-k 5.14.0-427")
	if n := strings.Count(out, "kernel-devel-5.14.0-427.el9.x86_64"); n != 1 || strings.Contains(out, "linux-headers") {
		t.Errorf("want one hint naming kernel-devel-5.14.0-427.el9.x86_64:\n%s", out)
	}

	// Upgrade of a running saker: restarted on the new module.
	s.flag("active", true)
	s.loaded(true)
	if out, code := s.run(filepath.Join(sc, "post"), "2"); code != 0 {
		t.Fatalf("%%post 2 exited %d:\n%s", code, out)
	}
	s.wantCalls("systemctl stop saker.service", "modprobe -r saker", "systemctl start saker.service")

	// The old version's %preun during an upgrade leaves DKMS (safely) but
	// does not stop or disable saker.
	out, code = s.run(filepath.Join(sc, "preun"), "1")
	if code != 0 {
		t.Fatalf("%%preun 1 exited %d:\n%s", code, out)
	}
	s.wantCalls("dkms remove -m saker -v " + v + " --all --rpm_safe_upgrade")
	s.noCalls("disable", "systemctl stop", "modprobe -r")

	// Removal: disabled and stopped, module unloaded, out of DKMS.
	s.flag("registered", true)
	s.flag("active", true)
	s.loaded(true)
	out, code = s.run(filepath.Join(sc, "preun"), "0")
	if code != 0 {
		t.Fatalf("%%preun 0 exited %d:\n%s", code, out)
	}
	s.wantCalls("systemctl --no-reload disable --now saker.service", "modprobe -r saker",
		"dkms remove -m saker -v "+v+" --all --rpm_safe_upgrade")
	if out, code := s.run(filepath.Join(sc, "postun"), "0"); code != 0 {
		t.Errorf("%%postun 0 exited %d:\n%s", code, out)
	}
	s.wantCalls("systemctl daemon-reload")
}
