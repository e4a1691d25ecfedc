package state

import (
	"net/netip"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/scap"
)

// feeder builds events and runs them through a table, with increasing
// timestamps.
type feeder struct {
	t   *testing.T
	tab *Table
	ts  uint64
	ev  event.Event
	buf []byte
}

func newFeeder(t *testing.T) *feeder {
	return &feeder{t: t, tab: New(Options{}), ts: 1_000_000_000}
}

func (f *feeder) run(typ event.Type, tid int64, params ...[]byte) *EventCtx {
	f.t.Helper()
	f.ts += 1000
	var err error
	f.buf, err = event.Build(f.buf[:0], typ, f.ts, tid, params...)
	if err != nil {
		f.t.Fatal(err)
	}
	if err := f.ev.Decode(f.buf); err != nil {
		f.t.Fatal(err)
	}
	return f.tab.Process(&f.ev, 0)
}

var (
	i64 = event.EncInt64
	u32 = event.EncUint32
	u64 = event.EncUint64
	str = event.EncString
)

// proc seeds a process (its own leader) with a cwd.
func (f *feeder) proc(tid, ptid int64, comm, cwd string) {
	f.tab.AddProcess(&scap.Process{Tid: tid, Pid: tid, Ptid: ptid, Comm: comm, Exe: comm, Cwd: cwd, Vtid: tid, Vpid: tid})
}

// open runs an openat pair the way current drivers record it.
func (f *feeder) openat(tid, res, dirfd int64, name string, flags uint32) *EventCtx {
	f.run(event.SyscallOpenatV2E, tid, i64(dirfd), str(name), u32(flags), u32(0))
	return f.run(event.SyscallOpenatV2X, tid, i64(res), i64(dirfd), str(name), u32(flags), u32(0), u32(0), u64(0))
}

func (f *feeder) close(tid, fd int64) *EventCtx {
	f.run(event.SyscallCloseE, tid, i64(fd))
	return f.run(event.SyscallCloseX, tid, i64(0))
}

func fdName(c *EventCtx) string {
	if c.FD == nil {
		return "<nil>"
	}
	return c.FD.Name
}

func TestOpenResolvesAgainstCwdAndDirfd(t *testing.T) {
	f := newFeeder(t)
	f.proc(100, 1, "sh", "/home/u")
	c := f.openat(100, 3, atFDCWD, "notes/../a.txt", 0)
	if got := fdName(c); got != "/home/u/a.txt" {
		t.Fatalf("relative open: fd.name %q, want /home/u/a.txt", got)
	}
	if c.FDNum != 3 || c.FD.Type != FDFile {
		t.Fatalf("fd %d type %d, want fd 3 file", c.FDNum, c.FD.Type)
	}
	c = f.openat(100, 4, atFDCWD, "/etc", oDirectory)
	if c.FD == nil || c.FD.Type != FDDirectory {
		t.Fatalf("O_DIRECTORY open did not make a directory fd: %+v", c.FD)
	}
	c = f.openat(100, 5, 4, "passwd", 0)
	if got := fdName(c); got != "/etc/passwd" {
		t.Fatalf("openat(dirfd=/etc, passwd): %q", got)
	}
	c = f.openat(100, 6, 99, "x", 0)
	if got := fdName(c); got != "<UNKNOWN>x" {
		t.Fatalf("openat on unknown dirfd: %q, want sysdig's <UNKNOWN>x", got)
	}
	// A failed open leaves no fd but still names the path it tried.
	c = f.openat(100, -2, atFDCWD, "missing", 0)
	if c.FD != nil || string(c.FDName) != "/home/u/missing" || c.FDNum != -1 {
		t.Fatalf("failed open: fd %v name %q num %d", c.FD, c.FDName, c.FDNum)
	}
	if f.tab.Thread(100).FDs.Get(-2) != nil || f.tab.Thread(100).FDs.Len() != 4 {
		t.Fatalf("fd table has %d entries, want 4", f.tab.Thread(100).FDs.Len())
	}
}

func TestOldOpenTakesPathFromEnter(t *testing.T) {
	f := newFeeder(t)
	f.proc(7, 1, "cat", "/tmp/")
	// Old openat: the exit carries only the fd.
	f.run(event.SyscallOpenatE, 7, i64(atFDCWD), str("f"), u32(0), u32(0))
	c := f.run(event.SyscallOpenatX, 7, i64(3))
	if got := fdName(c); got != "/tmp/f" {
		t.Fatalf("old openat: %q", got)
	}
	if c.Enter == nil || c.Enter.Type() != event.SyscallOpenatE {
		t.Fatal("exit event did not get its enter event")
	}
	// open with the path in both halves: the enter's wins.
	f.run(event.SyscallOpenE, 7, str("g"), u32(0), u32(0))
	c = f.run(event.SyscallOpenX, 7, i64(4), str("ignored"), u32(0), u32(0))
	if got := fdName(c); got != "/tmp/g" {
		t.Fatalf("open: %q", got)
	}
}

func TestCloseRemovesAfterReportingFD(t *testing.T) {
	f := newFeeder(t)
	f.proc(1, 0, "init", "/")
	f.openat(1, 3, atFDCWD, "/etc/hosts", 0)
	c := f.close(1, 3)
	if fdName(c) != "/etc/hosts" || c.FDNum != 3 {
		t.Fatalf("close exit: fd %q num %d, want the closed file", fdName(c), c.FDNum)
	}
	if f.tab.Thread(1).FDs.Get(3) != nil {
		t.Fatal("closed fd still in the table")
	}
	// A failed close keeps the fd.
	f.openat(1, 3, atFDCWD, "/etc/hosts", 0)
	f.run(event.SyscallCloseE, 1, i64(3))
	f.run(event.SyscallCloseX, 1, i64(-9))
	if f.tab.Thread(1).FDs.Get(3) == nil {
		t.Fatal("failed close removed the fd")
	}
}

func TestCloneForkAndThreads(t *testing.T) {
	for _, childFirst := range []bool{false, true} {
		f := newFeeder(t)
		f.proc(10, 1, "bash", "/root")
		f.openat(10, 3, atFDCWD, "/var/log/x", 0)
		clone := func(tid, res int64, flags uint32) *EventCtx {
			f.run(event.SyscallClone20E, tid)
			return f.run(event.SyscallClone20X, tid, i64(res), str("/bin/bash"), event.EncStrings("-c", "ls"),
				i64(tid), i64(10), i64(1), str("/root"), i64(1024), u64(0), u64(0), u32(0), u32(0), u32(0),
				str("bash"), nil, u32(flags), u32(0), u32(0), i64(tid), i64(10))
		}
		childSide := func() *EventCtx {
			f.run(event.SyscallClone20E, 11)
			return f.run(event.SyscallClone20X, 11, i64(0), str("/bin/bash"), event.EncStrings("-c", "ls"),
				i64(11), i64(11), i64(10), str("/root"), i64(1024), u64(0), u64(0), u32(0), u32(0), u32(0),
				str("bash"), nil, u32(0), u32(0), u32(0), i64(11), i64(11))
		}
		if childFirst {
			if c := childSide(); c.Thread == nil || c.Thread.Tid != 11 || !c.Thread.Inverted {
				t.Fatalf("child-first clone did not create the child: %+v", c.Thread)
			}
			clone(10, 11, 0)
		} else {
			c := clone(10, 11, 0)
			if c.Thread == nil || c.Thread.Tid != 10 {
				t.Fatalf("parent's clone exit reported thread %+v", c.Thread)
			}
			childSide()
		}
		child := f.tab.Thread(11)
		if child == nil || child.Pid != 11 || child.Ptid != 10 || child.Comm != "bash" {
			t.Fatalf("child (childFirst=%v): %+v", childFirst, child)
		}
		if p := f.tab.Parent(child); p == nil || p.Tid != 10 {
			t.Fatalf("parent of child: %+v", p)
		}
		if child.Cwd != "/root/" {
			t.Fatalf("child cwd %q", child.Cwd)
		}
		// A forked child gets a copy of the fd table.
		if child.FDs == f.tab.Thread(10).FDs || child.FDs.Get(3) == nil || child.FDs.Get(3) == f.tab.Thread(10).FDs.Get(3) {
			t.Fatal("forked child must own a copy of its parent's fds")
		}
		f.close(11, 3)
		if f.tab.Thread(10).FDs.Get(3) == nil {
			t.Fatal("child's close removed the parent's fd")
		}
		// A thread shares its leader's fd table and pid.
		clone(10, 12, clCloneThread)
		th := f.tab.Thread(12)
		if th == nil || th.Pid != 10 || th.FDs != f.tab.Thread(10).FDs {
			t.Fatalf("thread: %+v", th)
		}
		if n := f.tab.NumThreads(10); n != 2 {
			t.Fatalf("NumThreads(10) = %d, want 2", n)
		}
		f.openat(12, 5, atFDCWD, "/tmp/t", 0)
		if f.tab.Thread(10).FDs.Get(5) == nil {
			t.Fatal("fd opened by a thread is not visible to its leader")
		}
	}
}

func TestExecveUpdatesProgramAndContainer(t *testing.T) {
	f := newFeeder(t)
	f.proc(20, 1, "sh", "/srv")
	f.run(event.SyscallExecve19E, 20, str("./app"))
	cg := "cpu=/docker/" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	c := f.run(event.SyscallExecve19X, 20, i64(0), str("./app"), event.EncStrings("--x"), i64(20), i64(20), i64(1),
		str("/srv"), i64(4096), u64(0), u64(0), u32(0), u32(0), u32(0), str("app"),
		event.EncStrings(cg), event.EncStrings("HOME=/root", "TERM=xterm"), u32(34816))
	th := c.Thread
	if th.Comm != "app" || th.Exe != "./app" || len(th.Args) != 1 || th.Args[0] != "--x" {
		t.Fatalf("after execve: comm %q exe %q args %q", th.Comm, th.Exe, th.Args)
	}
	if th.ExePath != "/srv/app" {
		t.Fatalf("exepath from the enter filename: %q", th.ExePath)
	}
	if len(th.Env) != 2 || th.Env[1] != "TERM=xterm" || th.Tty != 34816 {
		t.Fatalf("env %q tty %d", th.Env, th.Tty)
	}
	if th.ContainerID != "0123456789ab" {
		t.Fatalf("container id %q", th.ContainerID)
	}
	if ct := f.tab.Container("0123456789ab"); ct == nil || ct.Type != "docker" {
		t.Fatalf("container entry %+v", ct)
	}
	// Newer drivers give the resolved path directly.
	params := make([][]byte, 28)
	params[0], params[1], params[4], params[13], params[27] = i64(0), str("x"), i64(20), str("x"), str("/usr/bin/x")
	c = f.run(event.SyscallExecve19X, 20, params...)
	if c.Thread.ExePath != "/usr/bin/x" {
		t.Fatalf("trusted exepath: %q", c.Thread.ExePath)
	}
	// A failed execve changes nothing.
	params[0], params[1] = i64(-2), str("nope")
	f.run(event.SyscallExecve19X, 20, params...)
	if th.Exe != "x" {
		t.Fatalf("failed execve changed exe to %q", th.Exe)
	}
}

func TestUnknownThreadPlaceholder(t *testing.T) {
	f := newFeeder(t)
	c := f.openat(555, 3, atFDCWD, "/x", 0)
	th := c.Thread
	if th == nil || !th.Placeholder || th.Pid != 555 || th.Ptid != -1 || th.Comm != "<NA>" {
		t.Fatalf("placeholder %+v", th)
	}
	if fdName(c) != "/x" {
		t.Fatal("fds of a placeholder thread are not tracked")
	}
	// Context switches and exits of unknown threads report no thread.
	if c := f.run(event.Procexit1E, 777, i64(0), i64(0), event.EncUint8(0), event.EncUint8(0)); c.Thread != nil {
		t.Fatalf("procexit of an unknown tid made a thread: %+v", c.Thread)
	}
	if f.tab.Thread(777) != nil {
		t.Fatal("procexit of an unknown tid added it")
	}
}

func TestExitPurgesAfterTheEvent(t *testing.T) {
	f := newFeeder(t)
	f.proc(30, 1, "x", "/")
	c := f.run(event.Procexit1E, 30, i64(0), i64(0), event.EncUint8(0), event.EncUint8(0))
	if c.Thread == nil || !c.Thread.Exited {
		t.Fatal("procexit must still report its thread, marked exited")
	}
	if f.tab.Thread(30) == nil {
		t.Fatal("thread purged before its exit event was consumed")
	}
	f.run(event.SyscallGetuidE, 1)
	if f.tab.Thread(30) != nil {
		t.Fatal("exited thread not purged")
	}
	if s := f.tab.Stats(); s.PurgedThreads != 1 {
		t.Fatalf("PurgedThreads %d", s.PurgedThreads)
	}
}

func TestSocketsAndNames(t *testing.T) {
	f := newFeeder(t)
	f.proc(40, 1, "curl", "/")
	f.run(event.SocketSocketE, 40, u32(afInet), u32(sockStream), u32(0))
	c := f.run(event.SocketSocketX, 40, i64(3))
	if c.FD == nil || c.FD.Type != FDIPv4Sock || c.FD.L4Proto != l4TCP || c.FD.Name != "" {
		t.Fatalf("new socket: %+v", c.FD)
	}
	dst := netip.MustParseAddrPort("10.0.0.9:443")
	f.run(event.SocketConnectE, 40, i64(3), event.EncSockaddr(dst))
	c = f.run(event.SocketConnectX, 40, i64(0), event.EncTuple(netip.MustParseAddrPort("10.0.0.2:40000"), dst))
	if fdName(c) != "10.0.0.2:40000->10.0.0.9:443" || c.FD.Server {
		t.Fatalf("connected socket name %q", fdName(c))
	}
	// A failed connect shows the tuple it tried.
	f.run(event.SocketConnectE, 40, i64(3), event.EncSockaddr(dst))
	c = f.run(event.SocketConnectX, 40, i64(-111), event.EncTuple(netip.MustParseAddrPort("10.0.0.2:40001"), dst))
	if string(c.FDName) != "10.0.0.2:40001->10.0.0.9:443" {
		t.Fatalf("failed connect FDName %q", c.FDName)
	}

	f.run(event.SocketSocketE, 40, u32(afInet6), u32(sockStream), u32(0))
	f.run(event.SocketSocketX, 40, i64(4))
	f.run(event.SocketBindE, 40, i64(4))
	c = f.run(event.SocketBindX, 40, i64(0), event.EncSockaddr(netip.MustParseAddrPort("[2001:db8::3]:1234")))
	if fdName(c) != "2001:db8::3:1234" || c.FD.Type != FDIPv6Server || !c.FD.Server {
		t.Fatalf("bound socket %+v", c.FD)
	}
	f.run(event.SocketAccept46E, 40, u32(0))
	c = f.run(event.SocketAccept46X, 40, i64(5), event.EncTuple(netip.MustParseAddrPort("[2001:db8::4]:54405"), netip.MustParseAddrPort("[2001:db8::3]:1234")), event.EncUint8(0), u32(0), u32(0))
	if fdName(c) != "2001:db8::4:54405->2001:db8::3:1234" || c.FD.Type != FDIPv6Sock || !c.FD.Server {
		t.Fatalf("accepted socket %+v", c.FD)
	}

	f.run(event.SocketSocketE, 40, u32(afUnix), u32(sockStream), u32(0))
	f.run(event.SocketSocketX, 40, i64(6))
	f.run(event.SocketConnectE, 40, i64(6), event.EncSockaddrUnix("/run/nscd/socket"))
	c = f.run(event.SocketConnectX, 40, i64(0), event.EncTupleUnix(0, 0xffff94dc817b9400, "/run/nscd/socket"))
	if fdName(c) != "0->ffff94dc817b9400 /run/nscd/socket" || c.FD.Type != FDUnixSock {
		t.Fatalf("unix socket %q", fdName(c))
	}

	// A UDP socket takes its name from the first datagram's tuple.
	f.run(event.SocketSocketE, 40, u32(afInet), u32(sockDgram), u32(0))
	f.run(event.SocketSocketX, 40, i64(7))
	tup := event.EncTuple(netip.MustParseAddrPort("0.0.0.0:0"), netip.MustParseAddrPort("8.8.8.8:53"))
	f.run(event.SocketSendtoE, 40, i64(7), u32(30), tup)
	c = f.run(event.SocketSendtoX, 40, i64(30), nil)
	if fdName(c) != "0.0.0.0:0->8.8.8.8:53" {
		t.Fatalf("datagram socket %q", fdName(c))
	}
	f.tab.AddInterfaces(&scap.Interfaces{V4: []scap.IfaceV4{{Addr: netip.MustParseAddr("192.168.1.5"), Netmask: netip.MustParseAddr("255.255.255.0")}}})
	f.run(event.SocketSocketE, 40, u32(afInet), u32(sockDgram), u32(0))
	f.run(event.SocketSocketX, 40, i64(8))
	f.run(event.SocketSendtoE, 40, i64(8), u32(30), tup)
	c = f.run(event.SocketSendtoX, 40, i64(30), nil)
	if fdName(c) != "192.168.1.5:0->8.8.8.8:53" {
		t.Fatalf("datagram socket completed from interfaces: %q", fdName(c))
	}
}

func TestPipesDupsAndFcntl(t *testing.T) {
	f := newFeeder(t)
	f.proc(50, 1, "sh", "/")
	f.run(event.SyscallPipe2E, 50)
	c := f.run(event.SyscallPipe2X, 50, i64(0), i64(3), i64(4), u64(77), u32(0))
	tab := f.tab.Thread(50).FDs
	if tab.Get(3) == nil || tab.Get(4) == nil || tab.Get(3).Type != FDPipe || c.FDNum != 4 {
		t.Fatalf("pipe fds: %v %v fdnum %d", tab.Get(3), tab.Get(4), c.FDNum)
	}
	f.openat(50, 5, atFDCWD, "/tmp/out", 0)
	f.run(event.SyscallDup2E, 50, i64(5))
	c = f.run(event.SyscallDup2X, 50, i64(1), i64(5), i64(1))
	if fdName(c) != "/tmp/out" || c.FDNum != 1 || tab.Get(1) == tab.Get(5) {
		t.Fatalf("dup2: %q fdnum %d", fdName(c), c.FDNum)
	}
	if f.tab.Thread(50).Flags&clPipeSrc == 0 {
		t.Fatal("dup to stdout should mark the shell pipe source")
	}
	f.run(event.SyscallFcntlE, 50, i64(5), event.EncUint8(fcntlDupFDExec))
	f.run(event.SyscallFcntlX, 50, i64(10), i64(5), event.EncUint8(fcntlDupFDExec))
	if tab.Get(10) == nil || tab.Get(10).Name != "/tmp/out" {
		t.Fatalf("fcntl F_DUPFD_CLOEXEC: %+v", tab.Get(10))
	}
	f.run(event.SyscallFcntlE, 50, i64(5), event.EncUint8(2))
	f.run(event.SyscallFcntlX, 50, i64(11), i64(5), event.EncUint8(2))
	if tab.Get(11) != nil {
		t.Fatal("fcntl F_GETFD created an fd")
	}
	f.run(event.SocketSocketpairE, 50, u32(afUnix), u32(sockStream), u32(0))
	f.run(event.SocketSocketpairX, 50, i64(0), i64(6), i64(7), u64(1), u64(2))
	if tab.Get(6) == nil || tab.Get(7) == nil || tab.Get(7).Type != FDUnixSock {
		t.Fatal("socketpair fds missing")
	}
	f.run(event.SyscallEventfd2E, 50, u64(0))
	f.run(event.SyscallEventfd2X, 50, i64(8), u32(0))
	f.run(event.SyscallEpollCreate1E, 50, u32(0))
	f.run(event.SyscallEpollCreate1X, 50, i64(9), u32(0))
	if tab.Get(8).Type != FDEvent || tab.Get(9).Type != FDEventPoll {
		t.Fatal("eventfd/epoll fds have the wrong types")
	}
}

func TestCwdAndCredentials(t *testing.T) {
	f := newFeeder(t)
	f.proc(60, 1, "sh", "/")
	f.run(event.SyscallChdirE, 60)
	f.run(event.SyscallChdirX, 60, i64(0), str("usr/lib/../share"))
	if cwd := f.tab.Thread(60).Cwd; cwd != "/usr/share/" {
		t.Fatalf("cwd after chdir: %q", cwd)
	}
	f.openat(60, 3, atFDCWD, "/var", oDirectory)
	f.run(event.SyscallFchdirE, 60, i64(3))
	f.run(event.SyscallFchdirX, 60, i64(0))
	if cwd := f.tab.Thread(60).Cwd; cwd != "/var/" {
		t.Fatalf("cwd after fchdir: %q", cwd)
	}
	f.run(event.SyscallSetuidE, 60, u32(1000))
	f.run(event.SyscallSetuidX, 60, i64(0))
	f.run(event.SyscallSetresgidE, 60, u32(^uint32(0)), u32(100), u32(^uint32(0)))
	f.run(event.SyscallSetresgidX, 60, i64(0))
	th := f.tab.Thread(60)
	if th.UID != 1000 || th.GID != 100 {
		t.Fatalf("uid %d gid %d", th.UID, th.GID)
	}
	f.run(event.SyscallSetsidE, 60)
	f.run(event.SyscallSetsidX, 60, i64(60))
	if th.Sid != 60 {
		t.Fatalf("sid %d", th.Sid)
	}
}

func TestContainerEvent(t *testing.T) {
	f := newFeeder(t)
	js := `{"container":{"Mounts":[{"Source":"/h","Destination":"/c","Mode":"","RW":true,"Propagation":"rprivate"}],` +
		`"id":"9dbcbd0c435f","image":"nginx:latest","imagerepo":"nginx","imagetag":"latest","name":"epic_cray","privileged":true,"type":0}}`
	c := f.run(event.ContainerJsonE, -1, str(js))
	ct := f.tab.Container("9dbcbd0c435f")
	if ct == nil || ct.Name != "epic_cray" || ct.Image != "nginx:latest" || ct.ImageRepo != "nginx" ||
		ct.ImageTag != "latest" || !ct.Privileged || ct.Type != "docker" || len(ct.Mounts) != 1 || !ct.Mounts[0].RW {
		t.Fatalf("container %+v", ct)
	}
	if c.Thread == nil || c.Thread.Comm != "container:9dbcbd0c435f" || c.Thread.ContainerID != "9dbcbd0c435f" {
		t.Fatalf("container event thread %+v", c.Thread)
	}
	f.run(event.ContainerJsonE, -1, str("{not json"))
	if f.tab.Stats().BadContainerEvents != 1 {
		t.Fatal("malformed container JSON not counted")
	}
}

func TestContainerIDFromCgroups(t *testing.T) {
	const id = "3f1e8c2d9a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d"
	for _, tc := range []struct{ cgroup, typ string }{
		{"cpu=/docker/" + id, "docker"},
		{"0::/system.slice/docker-" + id + ".scope", "docker"},
		{"0::/kubepods.slice/kubepods-pod1.slice/cri-containerd-" + id + ".scope", "containerd"},
		{"memory=/kubepods.slice/crio-" + id + ".scope", "cri-o"},
		{"0::/machine.slice/libpod-" + id + ".scope", "podman"},
		{"cpu=/kubepods/besteffort/pod0b5a/" + id, "cri"},
	} {
		got, typ := containerFromCgroups([]string{"name=systemd=/user.slice", tc.cgroup})
		if got != id[:12] || typ != tc.typ {
			t.Errorf("%s: id %q type %q, want %q %q", tc.cgroup, got, typ, id[:12], tc.typ)
		}
	}
	for _, cg := range []string{"cpu=/", "cpu=/user.slice/session-2.scope", "cpu=/docker/" + id[:63], "cpu=/docker/" + id + "x"} {
		if got, _ := containerFromCgroups([]string{cg}); got != "" {
			t.Errorf("%s: host thread got container %q", cg, got)
		}
	}
}

func TestJoinPath(t *testing.T) {
	for _, tc := range []struct{ dir, p, want string }{
		{"/home/u/", "a", "/home/u/a"},
		{"/home/u/", "../a", "/home/a"},
		{"/home/u/", "../../../a", "/a"},
		{"/home/u/", "./a/./b/", "/home/u/a/b"},
		{"/home/u/", "/etc//passwd", "/etc/passwd"},
		{"/", "..", "/"},
		{"/a/b/", "..", "/a"},
		{"/x/", "", ""},
		{"", "rel", "rel"},
		{"/", "a\nb", "/a.b"},
	} {
		if got := joinPath(tc.dir, []byte(tc.p)); got != tc.want {
			t.Errorf("joinPath(%q, %q) = %q, want %q", tc.dir, tc.p, got, tc.want)
		}
	}
	long := make([]byte, maxPath)
	for i := range long {
		long[i] = 'a'
	}
	if got := joinPath("/", long); got != pathTooLong {
		t.Errorf("over-long path: %q", got[:20])
	}
}

func TestCapsEvict(t *testing.T) {
	f := newFeeder(t)
	f.tab = New(Options{MaxThreads: 8, MaxFDsPerProcess: 4})
	for tid := int64(1); tid <= 20; tid++ {
		f.run(event.SyscallGetuidE, tid)
	}
	s := f.tab.Stats()
	if s.Threads != 8 || s.EvictedThreads != 12 {
		t.Fatalf("threads %d evicted %d, want 8 and 12", s.Threads, s.EvictedThreads)
	}
	for fd := int64(0); fd < 10; fd++ {
		f.openat(20, fd, atFDCWD, "/f", 0)
	}
	if n := f.tab.Thread(20).FDs.Len(); n != 4 || f.tab.Stats().EvictedFDs != 6 {
		t.Fatalf("fds %d evicted %d, want 4 and 6", n, f.tab.Stats().EvictedFDs)
	}
	if f.tab.Thread(20).FDs.Get(9) == nil {
		t.Fatal("the newest fd was evicted")
	}
}

func TestEnterPairing(t *testing.T) {
	f := newFeeder(t)
	f.proc(70, 1, "x", "/")
	f.openat(70, 3, atFDCWD, "/a", 0)
	f.run(event.SyscallReadE, 70, i64(3), u32(10))
	c := f.run(event.SyscallReadX, 70, i64(10), []byte("0123456789"))
	if c.Enter == nil || c.Enter.Type() != event.SyscallReadE || fdName(c) != "/a" {
		t.Fatalf("paired read: enter %v fd %q", c.Enter, fdName(c))
	}
	// An exit without its enter gets no enter event; sysdig still shows
	// the thread's last fd.
	c = f.run(event.SyscallReadX, 70, i64(10), []byte("0123456789"))
	if c.Enter != nil || c.FDNum != 3 {
		t.Fatalf("unpaired read: enter %v fdnum %d", c.Enter, c.FDNum)
	}
	if f.tab.Stats().MissingEnter == 0 {
		t.Fatal("missing enter not counted")
	}
}

// Steady-state events must not allocate: the tracker runs on every event.
func TestSteadyStateDoesNotAllocate(t *testing.T) {
	f := newFeeder(t)
	f.proc(80, 1, "x", "/")
	f.openat(80, 3, atFDCWD, "/a", 0)
	evs := [][]byte{}
	for _, e := range []struct {
		typ    event.Type
		params [][]byte
	}{
		{event.SyscallReadE, [][]byte{i64(3), u32(4)}},
		{event.SyscallReadX, [][]byte{i64(4), []byte("abcd")}},
		{event.SyscallWriteE, [][]byte{i64(3), u32(4)}},
		{event.SyscallWriteX, [][]byte{i64(4), []byte("abcd")}},
		{event.SyscallCloseE, [][]byte{i64(77)}},
		{event.SyscallCloseX, [][]byte{i64(-9)}},
		{event.Schedswitch6E, [][]byte{i64(1), u64(0), u64(0), u32(0), u32(0), u32(0)}},
		{event.SyscallGetuidE, nil},
		{event.SyscallGetuidX, [][]byte{u32(0)}},
	} {
		b, err := event.Build(nil, e.typ, 1, 80, e.params...)
		if err != nil {
			t.Fatal(err)
		}
		evs = append(evs, b)
	}
	var ev event.Event
	run := func() {
		for _, b := range evs {
			if err := ev.Decode(b); err != nil {
				t.Fatal(err)
			}
			f.tab.Process(&ev, 0)
		}
	}
	run()
	if n := testing.AllocsPerRun(100, run); n != 0 {
		t.Fatalf("%v allocations per steady-state batch, want 0", n)
	}
}

// Truncated and garbled events must not panic: the tracker sees whatever
// a corrupt capture decodes to.
func TestMalformedParamsDoNotPanic(t *testing.T) {
	f := newFeeder(t)
	f.proc(90, 1, "x", "/")
	junk := [][]byte{nil, {0}, {2, 1}, {10, 1, 2, 3}, {1, 0, 0}, []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff")}
	for i := range event.Table {
		typ := event.Type(i)
		if typ.Info() == nil {
			continue
		}
		for _, j := range junk {
			params := make([][]byte, len(event.Table[i].Params))
			for k := range params {
				params[k] = j
			}
			f.run(typ, 90, params...)
			f.run(typ, 90)
		}
	}
}

func TestListReuseMatchesParsing(t *testing.T) {
	for _, p := range []string{"", "a\x00", "a\x00b\x00", "a\x00b", "a\x00\x00", "a\x00\x00b\x00", "\x00", "a\x00\x00\x00"} {
		fresh := strList([]byte(p))
		for _, old := range [][]string{nil, {"a"}, {"a", "b"}, {"a", ""}, {"", "b"}, {"a", "", "b"}} {
			got := reuseList([]byte(p), old)
			if len(got) != len(fresh) {
				t.Fatalf("reuseList(%q, %q) = %q, strList gives %q", p, old, got, fresh)
			}
			for i := range got {
				if got[i] != fresh[i] {
					t.Fatalf("reuseList(%q, %q) = %q, strList gives %q", p, old, got, fresh)
				}
			}
		}
	}
}

// FuzzProcess feeds arbitrary bytes that decode as events: the tracker must
// neither panic nor grow without bound.
func FuzzProcess(f *testing.F) {
	seeds := []struct {
		typ    event.Type
		params [][]byte
	}{
		{event.SyscallOpenatV2X, [][]byte{i64(3), i64(atFDCWD), str("a/../b"), u32(0), u32(0), u32(0), u64(0)}},
		{event.SyscallClone20X, [][]byte{i64(0), str("x"), nil, i64(1), i64(1), i64(0)}},
		{event.SocketConnectX, [][]byte{i64(0), event.EncTupleUnix(1, 2, "/s")}},
		{event.SyscallExecve19X, [][]byte{i64(0), str("sh"), event.EncStrings("a", "b")}},
		{event.ContainerJsonE, [][]byte{str(`{"container":{"id":"x"}}`)}},
	}
	for _, s := range seeds {
		b, err := event.Build(nil, s.typ, 1, 1, s.params...)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		tab := New(Options{MaxThreads: 64, MaxFDsPerProcess: 64})
		var ev event.Event
		for i := 0; i < 3; i++ {
			if ev.Decode(raw) != nil {
				return
			}
			tab.Process(&ev, 0)
		}
		if s := tab.Stats(); s.Threads > 64 {
			t.Fatalf("%d threads over the cap", s.Threads)
		}
	})
}

// When the driver could not read the path at syscall entry, the enter event
// carries "", "<NA>" or "(NULL)"; the fd is then named from the exit's path,
// as sysdig 0.29 names it (seen on a guest capture: an openat of
// /sys/kernel/mm/transparent_hugepage/hpage_pmd_size with an empty enter name).
func TestOpenatUnreadEnterPath(t *testing.T) {
	for i, enter := range []string{"", "<NA>", "(NULL)"} {
		f := newFeeder(t)
		f.proc(10, 1, "cat", "/")
		fd := int64(3 + i)
		f.run(event.SyscallOpenatV2E, 10, i64(atFDCWD), str(enter), u32(1), u32(0))
		c := f.run(event.SyscallOpenatV2X, 10, i64(fd), i64(atFDCWD), str("/etc/shadow"), u32(1), u32(0), u32(0), u64(0))
		if c.FD == nil || c.FD.Name != "/etc/shadow" {
			t.Errorf("enter name %q: fd %+v, want /etc/shadow", enter, c.FD)
		}
	}
}
