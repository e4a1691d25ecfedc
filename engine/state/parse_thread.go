package state

import (
	"github.com/sakerhq/saker/engine/event"
)

// cloneLayout says where the parameters that moved between versions of the
// clone/fork/vfork exit events are; -1 when a version lacks them.
type cloneLayout struct {
	comm, cgroups, flags, uid, gid, vtid, vpid int
}

func cloneParams(typ event.Type) cloneLayout {
	switch typ {
	case event.SyscallClone11X:
		return cloneLayout{comm: -1, cgroups: -1, flags: 8, uid: 9, gid: 10, vtid: -1, vpid: -1}
	case event.SyscallClone16X, event.SyscallForkX, event.SyscallVforkX:
		return cloneLayout{comm: -1, cgroups: -1, flags: 13, uid: 14, gid: 15, vtid: -1, vpid: -1}
	case event.SyscallClone17X, event.SyscallFork17X, event.SyscallVfork17X:
		return cloneLayout{comm: 13, cgroups: -1, flags: 14, uid: 15, gid: 16, vtid: -1, vpid: -1}
	}
	return cloneLayout{comm: 13, cgroups: 14, flags: 15, uid: 16, gid: 17, vtid: 18, vpid: 19}
}

// sameList reports whether strList(p) would return exactly l.
func sameList(p []byte, l []string) bool {
	if len(l) > 0 && l[len(l)-1] == "" {
		return false // strList never ends a list with an empty string
	}
	for _, s := range l {
		if len(p) < len(s) || string(p[:len(s)]) != s {
			return false
		}
		p = p[len(s):]
		if len(p) > 0 {
			if p[0] != 0 {
				return false
			}
			p = p[1:]
		}
	}
	return len(p) == 0
}

// reuseList returns old when p encodes the same list, else a new list: a
// forked child usually has its parent's arguments, and sharing the strings
// saves an allocation per argument. Lists are never modified in place.
func reuseList(p []byte, old []string) []string {
	if old != nil && sameList(p, old) {
		return old
	}
	return strList(p)
}

// reuseStr returns old when b holds the same bytes.
func reuseStr(b []byte, old string) string {
	if string(b) == old {
		return old
	}
	return string(b)
}

// strList splits a NUL-separated list (args, env, cgroups). An all-zero
// tail ends the list, as drivers pad truncated environments with zeros.
func strList(p []byte) []string {
	if len(p) == 0 {
		return nil
	}
	n := 0
	for _, c := range p {
		if c == 0 {
			n++
		}
	}
	if p[len(p)-1] != 0 {
		n++
	}
	out := make([]string, 0, n)
	for len(p) > 0 {
		i := 0
		for i < len(p) && p[i] != 0 {
			i++
		}
		if i == 0 && allZero(p) {
			break
		}
		out = append(out, string(p[:i]))
		if i < len(p) {
			i++
		}
		p = p[i:]
	}
	return out
}

func allZero(p []byte) bool {
	for _, c := range p {
		if c != 0 {
			return false
		}
	}
	return true
}

// parseCloneExit creates the child of a clone, fork or vfork. The child's
// state comes from the parent's exit event (res = child tid) or from the
// child's own exit event (res = 0), whichever arrives first; the second one
// finds the entry already made. In a pid namespace only the child's event
// has the right ids, so the parent's is ignored there.
func (t *Table) parseCloneExit(ev *event.Event, c *EventCtx) {
	res := intParam(ev, 0, -1)
	switch {
	case res < 0:
		return
	case res == 0:
		t.cloneChild(ev, c)
	default:
		t.cloneCaller(ev, c, res)
	}
}

// cloneBase fills the fields of a new thread that both sides of a clone
// take from the event; like is the thread it was cloned from, whose strings
// are shared when equal.
func (t *Table) cloneBase(ev *event.Event, l cloneLayout, child, like *Thread) {
	child.Exe = reuseStr(ev.Str(1), like.Exe)
	child.Args = reuseList(ev.Param(2), like.Args)
	if l.comm >= 0 && ev.Has(l.comm) {
		child.Comm = reuseStr(ev.Str(l.comm), like.Comm)
	} else {
		child.Comm = child.Exe
	}
	child.FDLimit = intParam(ev, 7, -1)
	child.UID = uint32(uintParam(ev, l.uid))
	child.GID = uint32(uintParam(ev, l.gid))
	if l.cgroups >= 0 && ev.Has(l.cgroups) {
		child.Cgroups = reuseList(ev.Param(l.cgroups), like.Cgroups)
		if sameStrings(child.Cgroups, like.Cgroups) {
			child.ContainerID = like.ContainerID
		} else {
			child.ContainerID, _ = t.containerOf(child.Cgroups)
		}
	}
	child.CloneTs = ev.Ts()
}

// inherit copies what a new thread takes from the thread it was cloned
// from (or, for a new thread of a process, from its leader).
func inherit(child, src *Thread) {
	child.ExePath = src.ExePath
	child.ExeWritable = src.ExeWritable
	child.ExeUpperLayer = src.ExeUpperLayer
	child.ExeFromMemfd = src.ExeFromMemfd
	child.ExeIno = src.ExeIno
	child.Root = src.Root
	child.Sid = src.Sid
	child.Vpgid = src.Vpgid
	child.Tty = src.Tty
	child.LoginUID = src.LoginUID
	if child.Cgroups == nil {
		child.Cgroups = src.Cgroups
		child.ContainerID = src.ContainerID
	}
}

func (t *Table) cloneCaller(ev *event.Event, c *EventCtx, childTid int64) {
	typ := ev.Type()
	l := cloneParams(typ)
	callerTid := ev.Tid()
	caller := t.getOrCreate(callerTid)
	c.Thread = caller
	valid := !invalid(caller)
	if !valid {
		t.setPid(caller, intParam(ev, 4, caller.Pid))
		caller.Ptid = intParam(ev, 5, caller.Ptid)
		if l.vpid >= 0 && ev.Has(l.vpid) {
			caller.Vtid, caller.Vpid = intParam(ev, l.vtid, -1), intParam(ev, l.vpid, -1)
		} else {
			caller.Vtid, caller.Vpid = callerTid, -1
		}
	}
	flags := uint32(uintParam(ev, l.flags))
	if flags&(clChildInPidNS|clCloneNewPID|clCloneParent) != 0 ||
		(caller.Vtid >= 0 && caller.Vtid != callerTid) {
		return
	}
	if flags&clCloneVfork != 0 || typ == event.SyscallVforkX || typ == event.SyscallVfork17X || typ == event.SyscallVfork20X {
		// The vforked child may run, exec and even exit before the parent
		// returns: its own clone exit creates it.
		return
	}
	if old := t.threads[childTid]; old != nil {
		if old.Inverted {
			return
		}
		// A stale entry for a reused tid whose exit we missed.
		t.remove(old)
	}
	child := &Thread{Tid: childTid, Flags: flags, lastFD: 0, Sid: -1, Vpgid: -1}
	if flags&clCloneThread == 0 {
		if valid {
			child.FDs = caller.FDs.clone()
			child.Cwd = t.cwd(caller)
			child.Env = caller.Env
		}
		child.Pid = childTid
		child.Ptid = callerTid
	} else {
		child.Pid = caller.Pid
		child.Ptid = caller.Ptid
		child.Flags |= clCloneFiles
		child.FDs = t.procFDs(caller)
		child.Cwd, child.Env = t.cwd(caller), caller.Env
	}
	child.Vtid, child.Vpid = child.Tid, child.Pid
	t.cloneBase(ev, l, child, caller)
	if valid {
		inherit(child, caller)
	} else {
		caller.Exe, caller.Comm, caller.Args = child.Exe, child.Comm, child.Args
		caller.Placeholder = false
		if child.Cgroups == nil {
			child.Cgroups, child.ContainerID = caller.Cgroups, caller.ContainerID
		}
	}
	t.insert(child)
}

func (t *Table) cloneChild(ev *event.Event, c *EventCtx) {
	l := cloneParams(ev.Type())
	tid := ev.Tid()
	if old := t.threads[tid]; old != nil && old.CloneTs != 0 {
		if ev.Ts()-old.CloneTs < cloneStaleNs {
			// The parent's exit made it already.
			c.Thread = old
			return
		}
		t.remove(old)
	}
	child := &Thread{
		Tid: tid, Pid: intParam(ev, 4, tid), Ptid: intParam(ev, 5, -1),
		Sid: -1, Vpgid: -1, Inverted: true,
	}
	if l.vpid >= 0 && ev.Has(l.vpid) {
		child.Vtid, child.Vpid = intParam(ev, l.vtid, tid), intParam(ev, l.vpid, -1)
	} else {
		child.Vtid, child.Vpid = tid, -1
	}
	child.Flags = uint32(uintParam(ev, l.flags)) | clInverted
	leader := child.Flags&clCloneThread == 0
	lookupTid := child.Pid
	if leader {
		lookupTid = child.Ptid
	} else {
		child.Flags |= clCloneFiles
	}
	src := t.getOrCreate(lookupTid)
	valid := !invalid(src)
	if !valid && !leader {
		t.setPid(src, child.Pid)
		src.Ptid = child.Ptid
		src.Vpid = child.Vpid
		src.Vtid = src.Vpid
	}
	t.cloneBase(ev, l, child, src)
	switch {
	case valid && leader:
		inherit(child, src)
		child.FDs = src.FDs.clone()
		child.Cwd, child.Env = t.cwd(src), src.Env
	case valid:
		inherit(child, src)
		child.FDs = t.procFDs(src)
		child.Cwd, child.Env = t.cwd(src), src.Env
	case !leader:
		src.Exe, src.Comm, src.Args = child.Exe, child.Comm, child.Args
		src.Placeholder = false
		child.FDs = t.procFDs(src)
	}
	if child.Cgroups == nil && valid {
		child.Cgroups, child.ContainerID = src.Cgroups, src.ContainerID
	}
	t.insert(child)
	c.Thread = child
}

// procFDs returns the fd table the threads of th's process share.
func (t *Table) procFDs(th *Thread) *FDTable {
	if lead := t.Leader(th); lead != nil && lead.FDs != nil {
		return lead.FDs
	}
	if th.FDs == nil {
		th.FDs = newFDTable()
	}
	return th.FDs
}

// execveLayout gives where each version of the execve exit keeps the
// parameters that moved; -1 when absent.
func execveEnvAt(typ event.Type) int {
	switch typ {
	case event.SyscallExecve8X, event.SyscallExecve13X:
		return -1
	case event.SyscallExecve14X:
		return 13
	case event.SyscallExecve15X:
		return 14
	}
	return 15
}

// parseExecveExit replaces the program of the calling thread.
func (t *Table) parseExecveExit(ev *event.Event, th *Thread, c *EventCtx) {
	if intParam(ev, 0, -1) < 0 {
		return
	}
	typ := ev.Type()
	if th.Exited {
		// A secondary thread that execs after its leader died takes over
		// the leader's tid: the dead entry comes back to life.
		th.Exited = false
	}
	th.Placeholder = false
	th.Exe = reuseStr(ev.Str(1), th.Exe)
	switch typ {
	case event.SyscallExecve8X, event.SyscallExecve13X, event.SyscallExecve14X:
		th.Comm = th.Exe
	default:
		if ev.Has(13) {
			th.Comm = reuseStr(ev.Str(13), th.Comm)
		} else {
			th.Comm = th.Exe
		}
	}
	th.Args = reuseList(ev.Param(2), th.Args)
	t.setPid(th, intParam(ev, 4, th.Pid))
	if invalid(th) {
		// A thread first seen through its own events learns its parent
		// here. Its virtual ids stay unknown, as in sysdig.
		th.Ptid = intParam(ev, 5, th.Ptid)
	}
	th.FDLimit = intParam(ev, 7, th.FDLimit)
	if at := execveEnvAt(typ); at >= 0 && ev.Has(at) {
		th.Env = reuseList(ev.Param(at), th.Env)
	}
	if execveEnvAt(typ) == 15 && ev.Has(14) {
		if cg := reuseList(ev.Param(14), th.Cgroups); !sameStrings(cg, th.Cgroups) {
			th.Cgroups = cg
			th.ContainerID, _ = t.containerOf(cg)
		}
	}
	switch typ {
	case event.SyscallExecve8X, event.SyscallExecve13X, event.SyscallExecve14X,
		event.SyscallExecve15X, event.SyscallExecve16X:
	default:
		if ev.Has(16) {
			th.Tty = uint32(uintParam(ev, 16))
		}
	}
	switch {
	case ev.Has(27):
		th.ExePath = string(ev.Str(27))
	case c.Enter != nil:
		t.exePathFromEnter(c.Enter, th, c)
	}
	if ev.Has(17) && (typ == event.SyscallExecve19X || typ == event.SyscallExecveatX) {
		th.Vpgid = intParam(ev, 17, th.Vpgid)
	}
	if ev.Has(18) {
		th.LoginUID = uint32(uintParam(ev, 18))
	}
	if ev.Has(19) {
		f := uint32(uintParam(ev, 19))
		th.ExeWritable = f&exeWritable != 0
		th.ExeUpperLayer = f&exeUpperLayer != 0
		th.ExeFromMemfd = f&exeFromMemfd != 0
	}
	if ev.Has(23) {
		th.ExeIno = uintParam(ev, 23)
	}
	if ev.Has(26) {
		th.UID = uint32(uintParam(ev, 26))
	}
	if ev.Has(29) {
		th.GID = uint32(uintParam(ev, 29))
	}
	// The clone flags describe the old program; keep only what libsinsp
	// keeps across an exec.
	th.Flags &= clPipeSrc | clPipeDst | clInverted

	// Every other thread of the process ended with the exec.
	if t.nthreads[th.Pid] > 1 {
		var gone []*Thread
		for _, o := range t.threads {
			if o.Pid == th.Pid && o != th && o.Tid != o.Pid {
				gone = append(gone, o)
			}
		}
		for _, o := range gone {
			t.remove(o)
		}
	}
}

// exePathFromEnter rebuilds the executable path of older drivers from the
// filename of the enter event, relative to the cwd or the dirfd.
func (t *Table) exePathFromEnter(en *event.Event, th *Thread, c *EventCtx) {
	switch en.Type() {
	case event.SyscallExecve18E, event.SyscallExecve19E:
		if !en.Has(0) && en.NumParams() == 0 {
			return
		}
		name := en.Str(0)
		if string(name) == "<NA>" {
			th.ExePath = "<NA>"
			return
		}
		th.ExePath = t.join(t.cwd(th), name)
	case event.SyscallExecveatE:
		dirfd := intParam(en, 0, atFDCWD)
		name := en.Str(1)
		flags := uint32(uintParam(en, 2))
		var scratch EventCtx
		dir := t.baseDir(th, &scratch, name, dirfd)
		switch {
		case (flags&exvatEmptyPath == 0 && string(name) == "<NA>") || dir == "<UNKNOWN>":
			th.ExePath = "<NA>"
		case flags&exvatEmptyPath != 0:
			th.ExePath = t.join("", []byte(dir))
		default:
			th.ExePath = t.join(dir, name)
		}
	}
}

// parseSetIDExit applies setuid/setgid and friends: the new effective id,
// from the exit event when it carries it, else from the enter event.
func parseSetIDExit(ev *event.Event, th *Thread, c *EventCtx) {
	if intParam(ev, 0, -1) < 0 {
		return
	}
	// exitAt: index of the effective id in the exit; enterAt: in the enter.
	exitAt, enterAt := 1, 0
	switch ev.Type() {
	case event.SyscallSetresuidX, event.SyscallSetresgidX, event.SyscallSetreuidX, event.SyscallSetregidX:
		exitAt, enterAt = 2, 1
	}
	var id uint64
	switch {
	case ev.Has(exitAt):
		id = uintParam(ev, exitAt)
	case c.Enter != nil && c.Enter.Has(enterAt):
		id = uintParam(c.Enter, enterAt)
	default:
		return
	}
	if uint32(id) == ^uint32(0) {
		// -1: "leave unchanged".
		return
	}
	switch ev.Type() {
	case event.SyscallSetuidX, event.SyscallSetresuidX, event.SyscallSetreuidX:
		th.UID = uint32(id)
	default:
		th.GID = uint32(id)
	}
}

// parseSetpgidExit records a process joining or creating a process group.
func (t *Table) parseSetpgidExit(ev *event.Event, th *Thread, c *EventCtx) {
	if intParam(ev, 0, -1) < 0 {
		return
	}
	var pid, pgid int64
	switch {
	case ev.NumParams() > 2:
		pid, pgid = intParam(ev, 1, 0), intParam(ev, 2, 0)
	case c.Enter != nil && c.Enter.NumParams() > 1:
		pid, pgid = intParam(c.Enter, 0, 0), intParam(c.Enter, 1, 0)
	default:
		return
	}
	target := th
	if pid != 0 && pid != th.Vpid && pid != th.Pid {
		// Another process (a child, in the caller's pid namespace).
		if target = t.threads[pid]; target == nil {
			return
		}
	}
	if pgid == 0 {
		pgid = target.Vpid
		if pgid < 0 {
			pgid = target.Pid
		}
	}
	target.Vpgid = pgid
}

// sameStrings reports whether a and b are the same slice (not just equal).
func sameStrings(a, b []string) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}
