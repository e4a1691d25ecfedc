package synth

import (
	"fmt"
	"net/netip"

	"github.com/sakerhq/saker/engine/event"
)

// Open flags as the event parameters encode them (PPM_O_*, not the
// kernel's O_* values).
const (
	ORdonly    = 1
	OWronly    = 2
	ORdwr      = 3
	OCreat     = 4
	OAppend    = 8
	OTrunc     = 0x100
	ODirectory = 0x400
	OCloexec   = 0x1000
	oFCreated  = 0x4000
)

// Socket domains and types as the socket event encodes them.
const (
	AFUnix   = 1
	AFInet   = 2
	AFInet6  = 10
	AFPacket = 17

	SockStream = 1
	SockDgram  = 2
	SockRaw    = 3
)

// Namespace flags for Setns (CLONE_NEW* as PPM_CL_* values).
const (
	NsNet   = 0x10
	NsMount = 0x20
	NsPid   = 0x40
)

// Ptrace requests as the ptrace event encodes them (PPM_PTRACE_*, not
// the kernel's numbers).
const (
	PtraceTraceme  = 1
	PtracePeekdata = 3
	PtracePoketext = 5
	PtraceAttach   = 11
	PtraceSeize    = 0x14
)

// Clone flags the clone events carry (PPM_CL_*).
const (
	clCloneNewPID  = 0x40
	clChildInPidNS = 0x20000000
)

const atFDCWD = -100

// Task is a running thread that plays syscalls.
type Task struct {
	c      *Capture
	p      Proc
	nextFD int64
	// Src is the local address Connect uses; default 10.0.0.5, or
	// 172.17.0.2 in a container.
	Src netip.Addr
}

// Pid returns the task's pid.
func (t *Task) Pid() int64 { return t.p.Pid }

// Proc returns the task's current process description.
func (t *Task) Proc() Proc { return t.p }

func (t *Task) emit(typ event.Type, params ...[]byte) { t.c.emit(typ, t.p.Pid, params...) }

func (t *Task) fd() int64 {
	fd := t.nextFD
	t.nextFD++
	return fd
}

func i64(v int64) []byte    { return event.EncInt64(v) }
func u32(v uint32) []byte   { return event.EncUint32(v) }
func u64(v uint64) []byte   { return event.EncUint64(v) }
func str(s string) []byte   { return event.EncString(s) }
func fsrel(s string) []byte { return event.EncString(s) }

// cloneExit emits a clone exit as seen by the thread whose description is
// p, returning res.
func (t *Task) cloneExit(tid int64, p *Proc, res int64, flags uint32) {
	t.c.emit(event.SyscallClone20X, tid,
		i64(res), str(p.Argv0), event.EncStrings(p.Args...),
		i64(p.Pid), i64(p.Pid), i64(p.Ppid), str(p.Cwd), i64(1024),
		u64(0), u64(0), u32(4096), u32(1024), u32(0),
		str(p.Comm), event.EncStrings(p.cgroups()...),
		u32(flags), u32(p.UID), u32(p.GID), i64(p.Vpid), i64(p.Vpid), u64(0))
}

// Spawn forks the task and execs p in the child, which gets p.Pid (p.Ppid
// is set to the task's pid). It returns the child.
func (t *Task) Spawn(p Proc) *Task {
	p.Ppid = t.p.Pid
	p.fill()
	if _, dup := t.c.tasks[p.Pid]; dup {
		t.c.fail(fmt.Errorf("synth: pid %d spawned twice", p.Pid))
		return &Task{c: t.c, p: p}
	}
	// A child whose pid differs inside its namespace lives in another pid
	// namespace; the drivers flag its clone so that trackers take its
	// virtual ids from the child's own exit event.
	var flags uint32
	if p.Vpid != p.Pid {
		flags |= clChildInPidNS
		if p.Vpid == 1 {
			flags |= clCloneNewPID
		}
	}
	t.emit(event.SyscallClone20E)
	t.cloneExit(t.p.Pid, &t.p, p.Pid, flags)
	// The child starts as a copy of the parent, already in p's cgroups.
	child := t.p
	child.Pid, child.Ppid, child.Vpid = p.Pid, t.p.Pid, p.Vpid
	child.Container, child.Cgroups, child.UID, child.GID = p.Container, p.Cgroups, p.UID, p.GID
	t.cloneExit(p.Pid, &child, 0, flags)
	c := &Task{c: t.c, p: child, nextFD: t.nextFD}
	t.c.tasks[p.Pid] = c
	c.exec(p)
	return c
}

// Exec replaces the task's program, keeping its credentials, terminal and
// container.
func (t *Task) Exec(exe string, args ...string) {
	p := t.p
	p.Exe, p.Argv0, p.Comm, p.Args = exe, "", "", args
	p.ExeWritable, p.ExeUpperLayer, p.ExeFromMemfd = false, false, false
	p.fill()
	t.exec(p)
}

// ExecProc is Exec with every attribute of the new program given.
func (t *Task) ExecProc(p Proc) {
	p.Pid, p.Ppid = t.p.Pid, t.p.Ppid
	p.fill()
	t.exec(p)
}

func (t *Task) exec(p Proc) {
	var flags uint32
	if p.ExeWritable {
		flags |= 1
	}
	if p.ExeUpperLayer {
		flags |= 2
	}
	if p.ExeFromMemfd {
		flags |= 4
	}
	t.emit(event.SyscallExecve19E, str(p.Exe))
	t.emit(event.SyscallExecve19X,
		i64(0), str(p.Argv0), event.EncStrings(p.Args...),
		i64(p.Pid), i64(p.Pid), i64(p.Ppid), str(p.Cwd), u64(1024),
		u64(0), u64(0), u32(4096), u32(1024), u32(0),
		str(p.Comm), event.EncStrings(p.cgroups()...), event.EncStrings(p.Env...),
		u32(p.Tty), i64(p.Pid), u32(p.LoginUID), u32(flags),
		u64(0), u64(0x1ffffffffff), u64(0x1ffffffffff),
		u64(uint64(1000+p.Pid)), u64(StartTs), u64(StartTs),
		u32(p.UID), str(p.Exe), i64(p.Pid), u32(p.GID), str(p.Exe))
	t.p = p
}

// Exit ends the task.
func (t *Task) Exit() {
	t.emit(event.Procexit1E, i64(0), i64(0), event.EncUint8(0), event.EncUint8(0), i64(0))
}

// Open opens path with the given PPM_O_* flags through openat(AT_FDCWD)
// and returns the new fd. O_CREAT opens report the file as created.
func (t *Task) Open(path string, flags uint32) int64 {
	fd := t.fd()
	xflags := flags
	if flags&OCreat != 0 {
		xflags |= oFCreated
	}
	t.emit(event.SyscallOpenatV2E, i64(atFDCWD), fsrel(path), u32(flags), u32(0o644))
	t.emit(event.SyscallOpenatV2X, i64(fd), i64(atFDCWD), fsrel(path), u32(xflags), u32(0o644), u32(0x803), u64(uint64(5000+fd)))
	return fd
}

// SysOpen opens path with the open(2) syscall itself, as static and older
// binaries do, and returns the new fd.
func (t *Task) SysOpen(path string, flags uint32) int64 {
	fd := t.fd()
	xflags := flags
	if flags&OCreat != 0 {
		xflags |= oFCreated
	}
	t.emit(event.SyscallOpenE, str(path), u32(flags), u32(0o644))
	t.emit(event.SyscallOpenX, i64(fd), str(path), u32(xflags), u32(0o644), u32(0x803), u64(uint64(5000+fd)))
	return fd
}

// OpenFail is an openat that fails with -errno.
func (t *Task) OpenFail(path string, flags uint32, errno int64) {
	t.emit(event.SyscallOpenatV2E, i64(atFDCWD), fsrel(path), u32(flags), u32(0))
	t.emit(event.SyscallOpenatV2X, i64(-errno), i64(atFDCWD), fsrel(path), u32(flags), u32(0), u32(0), u64(0))
}

// Close closes fd.
func (t *Task) Close(fd int64) {
	t.emit(event.SyscallCloseE, i64(fd))
	t.emit(event.SyscallCloseX, i64(0), i64(fd))
}

// Write writes data to fd.
func (t *Task) Write(fd int64, data string) {
	t.emit(event.SyscallWriteE, i64(fd), u32(uint32(len(data))))
	t.emit(event.SyscallWriteX, i64(int64(len(data))), []byte(data), i64(fd), u32(uint32(len(data))))
}

// Read reads data from fd.
func (t *Task) Read(fd int64, data string) {
	t.emit(event.SyscallReadE, i64(fd), u32(4096))
	t.emit(event.SyscallReadX, i64(int64(len(data))), []byte(data), i64(fd), u32(4096))
}

// Mkdir creates a directory with mkdir(2).
func (t *Task) Mkdir(path string) {
	t.emit(event.SyscallMkdir2E, u32(0o755))
	t.emit(event.SyscallMkdir2X, i64(0), str(path), u32(0o755))
}

// Mkdirat creates a directory with mkdirat(AT_FDCWD), as mkdir(1) does.
func (t *Task) Mkdirat(path string) {
	t.emit(event.SyscallMkdiratE)
	t.emit(event.SyscallMkdiratX, i64(0), i64(atFDCWD), fsrel(path), u32(0o755))
}

// Unlink removes path with unlinkat(AT_FDCWD), as rm(1) does.
func (t *Task) Unlink(path string) {
	t.emit(event.SyscallUnlinkat2E)
	t.emit(event.SyscallUnlinkat2X, i64(0), i64(atFDCWD), fsrel(path), u32(0))
}

// Rename renames with renameat2(AT_FDCWD), as mv(1) does.
func (t *Task) Rename(oldpath, newpath string) {
	t.emit(event.SyscallRenameat2E)
	t.emit(event.SyscallRenameat2X, i64(0), i64(atFDCWD), fsrel(oldpath), i64(atFDCWD), fsrel(newpath), u32(0))
}

// Symlink creates linkpath pointing at target with symlinkat(AT_FDCWD).
func (t *Task) Symlink(target, linkpath string) {
	t.emit(event.SyscallSymlinkatE)
	t.emit(event.SyscallSymlinkatX, i64(0), str(target), i64(atFDCWD), fsrel(linkpath))
}

// Link creates a hard link with linkat(AT_FDCWD).
func (t *Task) Link(oldpath, newpath string) {
	t.emit(event.SyscallLinkat2E)
	t.emit(event.SyscallLinkat2X, i64(0), i64(atFDCWD), fsrel(oldpath), i64(atFDCWD), fsrel(newpath), u32(0))
}

// Chmod changes a file's mode with fchmodat(AT_FDCWD), as chmod(1) does.
// mode uses the kernel's bits (0o4755 sets setuid).
func (t *Task) Chmod(path string, mode uint32) {
	t.emit(event.SyscallFchmodatE)
	t.emit(event.SyscallFchmodatX, i64(0), i64(atFDCWD), fsrel(path), u32(mode))
}

// Setuid changes the task's uid.
func (t *Task) Setuid(uid uint32) {
	t.emit(event.SyscallSetuidE, u32(uid))
	t.emit(event.SyscallSetuidX, i64(0), u32(uid))
	t.p.UID = uid
}

// Setns joins the namespaces of the file fd with the given NS* flags.
func (t *Task) Setns(fd int64, nstype uint32) {
	t.emit(event.SyscallSetnsE, i64(fd), u32(nstype))
	t.emit(event.SyscallSetnsX, i64(0), i64(fd), u32(nstype))
}

// Ptrace makes a ptrace request against pid.
func (t *Task) Ptrace(request uint16, pid int64) {
	t.emit(event.SyscallPtraceE, event.EncUint16(request), i64(pid))
	t.emit(event.SyscallPtraceX, i64(0), event.EncDyn(0, u64(0)), event.EncDyn(0, u64(0)), event.EncUint16(request), i64(pid))
}

// InitModule loads a kernel module from memory.
func (t *Task) InitModule(args string) {
	img := []byte("\x7fELF module image")
	t.emit(event.SyscallInitModuleE)
	t.emit(event.SyscallInitModuleX, i64(0), img, u64(uint64(len(img))), str(args))
}

// FinitModule loads a kernel module from an open file.
func (t *Task) FinitModule(fd int64, args string) {
	t.emit(event.SyscallFinitModuleE)
	t.emit(event.SyscallFinitModuleX, i64(0), i64(fd), str(args), u32(0))
}

// MemfdCreate creates an anonymous memory file and returns its fd.
func (t *Task) MemfdCreate(name string) int64 {
	fd := t.fd()
	t.emit(event.SyscallMemfdCreateE)
	t.emit(event.SyscallMemfdCreateX, i64(fd), str(name), u32(1))
	return fd
}

// Socket creates a socket and returns its fd.
func (t *Task) Socket(domain, typ, proto uint32) int64 {
	fd := t.fd()
	t.emit(event.SocketSocketE, u32(domain), u32(typ), u32(proto))
	t.emit(event.SocketSocketX, i64(fd), u32(domain), u32(typ), u32(proto))
	return fd
}

func (t *Task) src() netip.Addr {
	switch {
	case t.Src.IsValid():
		return t.Src
	case t.p.Container != "":
		return netip.MustParseAddr("172.17.0.2")
	}
	return netip.MustParseAddr("10.0.0.5")
}

// Connect connects fd to dst from the task's address and a fresh port.
func (t *Task) Connect(fd int64, dst netip.AddrPort) {
	t.c.port++
	t.ConnectFrom(fd, netip.AddrPortFrom(t.src(), t.c.port), dst)
}

// ConnectFrom connects fd to dst from src.
func (t *Task) ConnectFrom(fd int64, src, dst netip.AddrPort) {
	addr := event.EncSockaddr(dst)
	t.emit(event.SocketConnectE, i64(fd), addr)
	t.emit(event.SocketConnectX, i64(0), event.EncTuple(src, dst), i64(fd), addr)
}

// Dial is Socket plus Connect over TCP; it returns the fd.
func (t *Task) Dial(dst netip.AddrPort) int64 {
	domain := uint32(AFInet)
	if dst.Addr().Is6() && !dst.Addr().Is4In6() {
		domain = AFInet6
	}
	fd := t.Socket(domain, SockStream, 6)
	t.Connect(fd, dst)
	return fd
}

// Dup2 duplicates oldfd onto newfd.
func (t *Task) Dup2(oldfd, newfd int64) {
	t.emit(event.SyscallDup2E, i64(oldfd))
	t.emit(event.SyscallDup2X, i64(newfd), i64(oldfd), i64(newfd))
}
