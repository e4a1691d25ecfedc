package state

import (
	"github.com/sakerhq/saker/engine/event"
)

// EventCtx is what field extraction needs to know about one event beyond
// its own bytes. It is owned by the Table and valid until the next Process.
type EventCtx struct {
	// Thread is the thread that generated the event. For most events of an
	// unknown tid it is a placeholder the tracker created (see
	// Thread.Placeholder). It is nil when sysdig has no thread either: for
	// scheduler switches, procexit and clone exits of unknown tids, and for
	// metadata events (users, groups, plugins). Container events get a
	// synthetic thread named "container:<id>", as in sysdig.
	Thread *Thread
	// FD is the fd the event uses or creates, looked up before a close
	// removes it; nil if none or unknown.
	FD *FD
	// FDNum is the fd number sysdig reports as fd.num for events that use,
	// create or destroy an fd (it can be -1, e.g. on an open enter event).
	// It is -1 for other events.
	FDNum int64
	// FDName, when not nil, is the fd.name sysdig shows for this event
	// instead of FD's: the path a failed open/creat/openat tried, or the
	// tuple of a failed connect or accept. It is valid until the next
	// Process call (copy it to keep it).
	FDName []byte
	// Enter is, for an exit event, the same thread's enter event of the
	// same syscall; nil if it was not seen. It points into a buffer reused
	// for every event.
	Enter *event.Event
}

// PPM_CL_* thread flags used by the tracker.
const (
	clCloneFiles   = 1 << 0
	clCloneNewPID  = 1 << 6
	clCloneParent  = 1 << 8
	clCloneThread  = 1 << 13
	clInverted     = 1 << 16
	clPipeSrc      = 1 << 21
	clPipeDst      = 1 << 22
	clCloneVfork   = 1 << 27
	clChildInPidNS = 1 << 29
)

// PPM_O_* and other encoded flag values the parsers test.
const (
	oDirectory     = 0x400
	oCloexec       = 0x1000
	oFCreated      = 0x4000
	atFDCWD        = -100
	exvatEmptyPath = 1
	exeWritable    = 1
	exeUpperLayer  = 2
	exeFromMemfd   = 4
	fcntlDupFD     = 1
	fcntlDupFDExec = 0x1a
	rlimitNofile   = 7
	prSetName      = 15
	eInProgress    = 115
)

const fdEventFlags = event.FlagCreatesFD | event.FlagUsesFD | event.FlagDestroysFD

// HasFDFields reports whether an event of type t, described by info, has fd
// fields (fd.num, fd.name, ...): it uses, creates or destroys an fd. The
// exits below are the exception: current libs flag them as using an fd, but
// their enter events carry none, so no fd is known for them; sysdig 0.29's
// event table does not flag them and shows no fd fields, and so do we.
func HasFDFields(t event.Type, info *event.Info) bool {
	switch t {
	case event.SocketSendmmsgX, event.SocketRecvmmsgX, event.SyscallSymlinkatX,
		event.SyscallUnlinkat2X, event.SyscallMkdiratX, event.SyscallFchmodatX, event.SyscallFchmodX:
		return false
	}
	return info.Flags&fdEventFlags != 0
}

// Process applies one event, in capture order, and returns what field
// extraction needs for it. It does not allocate for events that do not
// change the state (reads, writes, closes of known fds...).
func (t *Table) Process(ev *event.Event, cpu uint16) *EventCtx {
	t.flushPending()
	if !t.seeded {
		t.seal()
	}
	t.stats.Events++
	c := &t.ctx
	*c = EventCtx{FDNum: -1}

	typ := ev.Type()
	info := typ.Info()
	tid := ev.Tid()
	if info == nil {
		c.Thread = t.getOrCreate(tid)
		return c
	}

	switch typ {
	case event.ContainerE:
		t.parseContainerOld(ev, c)
		return c
	case event.ContainerJsonE, event.ContainerJson2E:
		t.parseContainerJSON(ev, c)
		return c
	case event.UserAddedE, event.UserDeletedE:
		t.parseUserEvent(ev)
		return c
	case event.GroupAddedE, event.GroupDeletedE:
		t.parseGroupEvent(ev)
		return c
	case event.PlugineventE, event.AsynceventE:
		return c
	}
	if info.Flags&event.FlagSkipParseReset != 0 {
		if typ == event.ProcinfoE {
			c.Thread = t.threads[tid]
		}
		return c
	}

	var th *Thread
	if lookupOnly(typ) {
		th = t.threads[tid]
	} else {
		th = t.getOrCreate(tid)
	}
	c.Thread = th
	if typ == event.Schedswitch6E || typ == event.Schedswitch1E {
		if th != nil {
			th.lastTs = ev.Ts()
		}
		return c
	}
	if th == nil {
		// Only clone exits create threads out of an unknown tid here.
		if isCloneExit(typ) {
			t.parseCloneExit(ev, c)
		}
		return c
	}
	th.lastTs = ev.Ts()
	fdEvent := HasFDFields(typ, info)

	if typ.IsEnter() {
		t.enterEvent(ev, info, th, c)
	} else {
		t.exitEvent(ev, info, th, c)
	}

	th = c.Thread
	if th == nil {
		return c
	}
	if th.Tid != th.Pid {
		// Threads see the process-wide cwd and environment of their leader.
		if lead := t.threads[th.Pid]; lead != nil {
			th.Cwd, th.Env = lead.Cwd, lead.Env
		}
	}
	if fdEvent {
		c.FDNum = th.lastFD
		if c.FD == nil && th.lastFD != -1 {
			c.FD = th.FDs.Get(th.lastFD)
		}
		if !typ.IsEnter() && (c.FD == nil || typ == event.SocketConnectX) {
			t.nullFDName(ev, c)
		}
	}
	return c
}

// lookupOnly reports the event types for which, like libsinsp, an unknown
// tid does not get a placeholder: the thread is dead, not yet created, or
// the event comes from a context switch rather than the thread itself.
func lookupOnly(typ event.Type) bool {
	switch typ {
	case event.Schedswitch1E, event.Schedswitch6E, event.ProcexitE, event.Procexit1E:
		return true
	}
	return isCloneExit(typ)
}

func isCloneExit(typ event.Type) bool {
	switch typ {
	case event.SyscallClone11X, event.SyscallClone16X, event.SyscallClone17X, event.SyscallClone20X,
		event.SyscallForkX, event.SyscallFork17X, event.SyscallFork20X,
		event.SyscallVforkX, event.SyscallVfork17X, event.SyscallVfork20X, event.SyscallClone3X:
		return true
	}
	return false
}

// enterEvent handles an enter event: it remembers it for the exit and
// resolves the fd it names.
func (t *Table) enterEvent(ev *event.Event, info *event.Info, th *Thread, c *EventCtx) {
	typ := ev.Type()
	th.lastFD = -1
	th.lastType = uint16(typ)
	raw := ev.Raw()
	if len(raw) <= maxEnterEvent {
		th.enter = append(th.enter[:0], raw...)
		th.enterOK = true
	} else {
		th.enterOK = false
	}
	if info.Flags&event.FlagUsesFD != 0 {
		if i := fdParam(info); i >= 0 {
			if fd, ok := ev.Int(i); ok {
				th.lastFD = fd
				c.FD = th.FDs.Get(fd)
			}
		}
	}
	switch typ {
	case event.SocketConnectE:
		t.parseConnectEnter(ev, th, c)
	case event.SocketSendtoE:
		if c.FD == nil {
			t.inferSendto(ev, th, c)
		}
	case event.ProcexitE, event.Procexit1E:
		t.parseThreadExit(th)
	}
}

// ActsOnEnter reports the enter events of syscall pairs that the tracker
// reads for themselves, not only as the enter half of their exit (see
// enterEvent); a live filter must keep them.
func ActsOnEnter(t event.Type) bool {
	return t == event.SocketConnectE || t == event.SocketSendtoE
}

// fdParam returns the index of the fd parameter of an fd-using enter event.
func fdParam(info *event.Info) int {
	if len(info.Params) > 0 && info.Params[0].Type == event.PTFD {
		return 0
	}
	for i := range info.Params {
		if info.Params[i].Type == event.PTFD {
			return i
		}
	}
	return -1
}

// exitFDParam returns the index of the fd an fd-using exit event operates
// on, for when its enter event was lost: the first "fd" parameter after the
// return value, or dup's "oldfd".
func exitFDParam(info *event.Info) int {
	for i := 1; i < len(info.Params); i++ {
		if p := &info.Params[i]; p.Type == event.PTFD && (p.Name == "fd" || p.Name == "oldfd") {
			return i
		}
	}
	return -1
}

// exitEvent pairs an exit event with its enter event and applies it.
func (t *Table) exitEvent(ev *event.Event, info *event.Info, th *Thread, c *EventCtx) {
	typ := ev.Type()
	paired := uint16(typ) == th.lastType+1 ||
		(th.lastType == uint16(event.SyscallExecveatE) && (typ == event.SyscallExecve18X || typ == event.SyscallExecve19X))
	if paired && th.enterOK {
		if err := t.enterEv.Decode(th.enter); err == nil {
			c.Enter = &t.enterEv
		}
	}
	th.enterOK = false
	th.lastType = 0xffff
	if cap(th.enter) > keepEnterBuf {
		th.enter = nil
	}
	if info.Flags&event.FlagUsesFD != 0 {
		switch {
		case paired:
			c.FD = th.FDs.Get(th.lastFD)
		default:
			// Without its enter event, the exit names its fd itself on
			// newer drivers. On older ones sysdig keeps the last-event fd
			// of the thread: parsers see no fd, fields still show it.
			if i := exitFDParam(info); i >= 0 && i < ev.NumParams() {
				if fd, ok := ev.Int(i); ok {
					th.lastFD = fd
					c.FD = th.FDs.Get(fd)
				}
			}
		}
	}
	if !paired {
		t.stats.MissingEnter++
	}

	switch typ {
	case event.SyscallOpenX, event.SyscallCreatX, event.SyscallOpenatX, event.SyscallOpenatV2X,
		event.SyscallOpenat2X, event.SyscallOpenByHandleAtX:
		t.parseOpenExit(ev, th, c)
	case event.SyscallClone11X, event.SyscallClone16X, event.SyscallClone17X, event.SyscallClone20X,
		event.SyscallForkX, event.SyscallFork17X, event.SyscallFork20X,
		event.SyscallVforkX, event.SyscallVfork17X, event.SyscallVfork20X, event.SyscallClone3X:
		t.parseCloneExit(ev, c)
	case event.SyscallExecve8X, event.SyscallExecve13X, event.SyscallExecve14X, event.SyscallExecve15X,
		event.SyscallExecve16X, event.SyscallExecve17X, event.SyscallExecve18X, event.SyscallExecve19X,
		event.SyscallExecveatX:
		t.parseExecveExit(ev, th, c)
	case event.SocketSocketX:
		t.parseSocketExit(ev, th, c)
	case event.SocketBindX:
		t.parseBindExit(ev, c)
	case event.SocketConnectX:
		t.parseConnectExit(ev, th, c)
	case event.SocketAcceptX, event.SocketAccept5X, event.SocketAccept4X, event.SocketAccept45X, event.SocketAccept46X:
		t.parseAcceptExit(ev, th, c)
	case event.SyscallCloseX:
		if res, _ := ev.Int(0); res >= 0 && c.FD != nil && th.FDs.Get(th.lastFD) == c.FD {
			th.FDs.remove(th.lastFD)
		}
	case event.SyscallPipeX, event.SyscallPipe2X:
		t.parsePipeExit(ev, th, c)
	case event.SocketSocketpairX:
		t.parseSocketpairExit(ev, th, c)
	case event.SyscallEventfdX:
		t.newFD(ev, th, c, FDEvent, -1)
	case event.SyscallEventfd2X:
		t.newFD(ev, th, c, FDEvent, 1)
	case event.SyscallSignalfdX:
		t.newFD(ev, th, c, FDSignalfd, -1)
	case event.SyscallSignalfd4X:
		t.newFD(ev, th, c, FDSignalfd, 1)
	case event.SyscallTimerfdCreateX:
		t.newFD(ev, th, c, FDTimerfd, -1)
	case event.SyscallInotifyInitX:
		t.newFD(ev, th, c, FDInotify, -1)
	case event.SyscallInotifyInit1X:
		t.newFD(ev, th, c, FDInotify, 1)
	case event.SyscallBpf2X:
		t.newFD(ev, th, c, FDBPF, -1)
	case event.SyscallUserfaultfdX:
		t.newFD(ev, th, c, FDUserfaultfd, -1)
	case event.SyscallIoUringSetupX:
		t.newFD(ev, th, c, FDIOUring, -1)
	case event.SyscallEpollCreateX, event.SyscallEpollCreate1X:
		t.newFD(ev, th, c, FDEventPoll, -1)
	case event.SyscallMemfdCreateX:
		if fd := t.newFD(ev, th, c, FDMemfd, 2); fd != nil {
			fd.Name = string(ev.Str(1))
		}
	case event.SyscallPidfdOpenX:
		if fd := t.newFD(ev, th, c, FDPidfd, 2); fd != nil {
			fd.pidfdPid, _ = ev.Int(1)
		}
	case event.SyscallPidfdGetfdX:
		t.parsePidfdGetfd(ev, th, c)
	case event.SyscallDupX, event.SyscallDup1X, event.SyscallDup2X, event.SyscallDup3X:
		t.parseDupExit(ev, th, c)
	case event.SyscallFcntlX:
		t.parseFcntlExit(ev, th, c)
	case event.SyscallChdirX:
		if res, _ := ev.Int(0); res >= 0 && ev.NumParams() > 1 {
			t.setCwd(th, t.join(t.cwd(th), ev.Str(1)))
		}
	case event.SyscallFchdirX:
		if res, _ := ev.Int(0); res >= 0 && c.FD != nil {
			t.setCwd(th, t.join(t.cwd(th), []byte(c.FD.Name)))
		}
	case event.SyscallGetcwdX:
		if res, _ := ev.Int(0); res >= 0 && ev.NumParams() > 1 {
			t.setCwd(th, t.join("", ev.Str(1)))
		}
	case event.SyscallChrootX:
		if res, _ := ev.Int(0); res >= 0 && ev.NumParams() > 1 {
			root := th.Root
			if root == "" {
				root = "/"
			}
			th.Root = t.join(dirPath(root), ev.Str(1))
		}
	case event.SyscallSetuidX, event.SyscallSetgidX, event.SyscallSetresuidX, event.SyscallSetresgidX,
		event.SyscallSetreuidX, event.SyscallSetregidX:
		parseSetIDExit(ev, th, c)
	case event.SyscallSetsidX:
		if res, ok := ev.Int(0); ok && res >= 0 {
			th.Sid = res
		}
	case event.SyscallSetpgidX:
		t.parseSetpgidExit(ev, th, c)
	case event.SyscallPrctlX:
		if res, _ := ev.Int(0); res >= 0 && ev.NumParams() > 2 {
			if opt, _ := ev.Uint(1); opt == prSetName {
				if name := ev.Str(2); string(name) != th.Comm {
					th.Comm = string(name)
				}
			}
		}
	case event.SyscallGetrlimitX, event.SyscallSetrlimitX, event.SyscallPrlimitX:
		t.parseRlimitExit(ev, th, c)
	case event.SyscallFchmodX, event.SyscallFchownX:
		if fd, ok := ev.Int(1); ok && len(info.Params) > 1 && info.Params[1].Type == event.PTFD {
			th.lastFD = fd
			c.FD = th.FDs.Get(fd)
		}
	case event.SocketRecvfromX:
		t.rwTuple(ev, th, c, 2, true)
	case event.SocketRecvmsgX:
		t.rwTuple(ev, th, c, 3, true)
	case event.SocketSendtoX, event.SocketSendmsgX:
		t.rwTuple(ev, th, c, -1, false)
	}
}

// flushPending purges the threads whose exit the previous event reported.
func (t *Table) flushPending() {
	if len(t.pending) == 0 {
		return
	}
	for _, th := range t.pending {
		th.pending = false
		if !th.Exited || t.threads[th.Tid] != th {
			continue
		}
		if th.Tid == th.Pid && t.nthreads[th.Pid] > 1 {
			// A leader outlives its threads in the table: they use its
			// fd table, cwd and parent link until they are gone too.
			continue
		}
		t.remove(th)
		t.stats.PurgedThreads++
		if th.Tid != th.Pid {
			if lead := t.threads[th.Pid]; lead != nil && lead.Exited && t.nthreads[th.Pid] == 1 {
				t.remove(lead)
				t.stats.PurgedThreads++
			}
		}
	}
	t.pending = t.pending[:0]
}

// parseThreadExit marks th dead; it is purged after the current event.
func (t *Table) parseThreadExit(th *Thread) {
	th.Exited = true
	if !th.pending {
		th.pending = true
		t.pending = append(t.pending, th)
	}
}

// cwd returns the working directory th resolves relative paths against:
// its leader's, as for every thread of a process.
func (t *Table) cwd(th *Thread) string {
	if th.Tid != th.Pid {
		if lead := t.threads[th.Pid]; lead != nil {
			return lead.Cwd
		}
	}
	return th.Cwd
}

// setCwd changes the working directory of th's process.
func (t *Table) setCwd(th *Thread, dir string) {
	if dir == "" || dir[len(dir)-1] != '/' {
		dir += "/"
	}
	th.Cwd = dir
	if th.Tid != th.Pid {
		if lead := t.threads[th.Pid]; lead != nil {
			lead.Cwd = dir
		}
	}
}
