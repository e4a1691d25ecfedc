package state

import (
	"net/netip"

	"github.com/sakerhq/saker/engine/event"
)

// Socket types and protocols as the socket() arguments carry them.
const (
	sockStream = 1
	sockDgram  = 2
	sockRaw    = 3
	protoIP    = 0
	protoICMP  = 1
	protoTCP   = 6
	protoUDP   = 17
	protoRaw   = 255
)

// uintParam returns parameter i as an unsigned value, 0 when absent.
func uintParam(ev *event.Event, i int) uint64 {
	v, _ := ev.Uint(i)
	return v
}

// intParam returns parameter i as a signed value, or def when absent.
func intParam(ev *event.Event, i int, def int64) int64 {
	if v, ok := ev.Int(i); ok {
		return v
	}
	return def
}

// addFD puts a new fd in th's table and makes it the event's fd, as
// libsinsp's add_fd does (it also becomes the last-event fd).
func (t *Table) addFD(th *Thread, c *EventCtx, fd *FD) *FD {
	t.setFD(th, fd)
	th.lastFD = fd.Num
	c.FD = fd
	return fd
}

// baseDir returns the directory a relative path of an *at() call is
// resolved against: the cwd for AT_FDCWD, the dirfd's path otherwise, and
// "<UNKNOWN>" when the dirfd is not known (sysdig prints that prefix).
// Like libsinsp it also makes the dirfd the event's fd.
func (t *Table) baseDir(th *Thread, c *EventCtx, name []byte, dirfd int64) string {
	if len(name) > 0 && name[0] == '/' {
		return ""
	}
	if dirfd == atFDCWD {
		return t.cwd(th)
	}
	fd := th.FDs.Get(dirfd)
	c.FD = fd
	if fd == nil {
		return "<UNKNOWN>"
	}
	if n := fd.Name; n != "" && n[len(n)-1] == '/' {
		return n
	}
	return fd.Name + "/"
}

// usablePath reports whether an enter event's path was really read: the
// driver writes "(NULL)", "<NA>" or an empty string when the user page was
// not there yet, and then the exit's copy of the path is the one to trust.
func usablePath(n []byte) bool {
	return len(n) > 0 && string(n) != "<NA>" && string(n) != "(NULL)"
}

// parseOpenExit adds the file an open-family call opened. Older drivers put
// the path and flags in the enter event only; when both are present the
// enter's are used, as libsinsp does.
func (t *Table) parseOpenExit(ev *event.Event, th *Thread, c *EventCtx) {
	num := intParam(ev, 0, -1)
	var (
		name  []byte
		flags uint32
		dev   uint32
		ino   uint64
		dirfd int64 = atFDCWD
		root  bool
	)
	en := c.Enter
	switch ev.Type() {
	case event.SyscallOpenX:
		name, flags = ev.Str(1), uint32(uintParam(ev, 2))
		dev, ino = uint32(uintParam(ev, 4)), uintParam(ev, 5)
		if en != nil && en.NumParams() >= 2 {
			if n := en.Str(0); usablePath(n) {
				name = n
				flags = uint32(uintParam(en, 1)) | flags&oFCreated
			}
		}
	case event.SyscallCreatX:
		name = ev.Str(1)
		dev, ino = uint32(uintParam(ev, 3)), uintParam(ev, 4)
		if en != nil && en.NumParams() >= 1 {
			if n := en.Str(0); usablePath(n) {
				name = n
			}
		}
	case event.SyscallOpenatX:
		if en == nil {
			break
		}
		dirfd = intParam(en, 0, atFDCWD)
		name, flags = en.Str(1), uint32(uintParam(en, 2))
	case event.SyscallOpenatV2X, event.SyscallOpenat2X:
		dirfd = intParam(ev, 1, atFDCWD)
		name, flags = ev.Str(2), uint32(uintParam(ev, 3))
		if ev.Type() == event.SyscallOpenatV2X {
			dev, ino = uint32(uintParam(ev, 5)), uintParam(ev, 6)
		} else {
			dev, ino = uint32(uintParam(ev, 6)), uintParam(ev, 7)
		}
		if en != nil && en.NumParams() >= 3 {
			if n := en.Str(1); usablePath(n) {
				name = n
				flags = uint32(uintParam(en, 2)) | flags&oFCreated
				dirfd = intParam(en, 0, atFDCWD)
			}
		}
	case event.SyscallOpenByHandleAtX:
		flags, name = uint32(uintParam(ev, 2)), ev.Str(3)
		dev, ino = uint32(uintParam(ev, 4)), uintParam(ev, 5)
		root = true
	}
	var dir string
	switch {
	case root:
	case ev.Type() == event.SyscallOpenX || ev.Type() == event.SyscallCreatX:
		dir = t.cwd(th)
	default:
		dir = t.baseDir(th, c, name, dirfd)
	}
	if num < 0 {
		return
	}
	fd := &FD{Num: num, Type: FDFile, OpenFlags: flags, Dev: dev, Ino: ino, Name: t.join(dir, name)}
	if flags&oDirectory != 0 {
		fd.Type = FDDirectory
	}
	t.addFD(th, c, fd)
}

// addSocket creates the fd of a new socket from its socket() arguments.
func (t *Table) addSocket(th *Thread, c *EventCtx, num int64, domain, typ, proto uint64) {
	fd := &FD{Num: num, Type: FDUnknown, Family: uint8(domain)}
	switch domain {
	case afUnix:
		fd.Type = FDUnixSock
	case afInet, afInet6:
		fd.Type = FDIPv4Sock
		if domain == afInet6 {
			fd.Type = FDIPv6Sock
		}
		switch proto {
		case protoTCP:
			fd.L4Proto = l4TCP
			if typ == sockRaw {
				fd.L4Proto = l4Raw
			}
		case protoUDP:
			fd.L4Proto = l4UDP
			if typ == sockRaw {
				fd.L4Proto = l4Raw
			}
		case protoIP:
			// The type may carry SOCK_NONBLOCK/SOCK_CLOEXEC in its high bits.
			switch typ & 0xff {
			case sockStream:
				fd.L4Proto = l4TCP
			case sockDgram:
				fd.L4Proto = l4UDP
			}
		case protoICMP:
			fd.L4Proto = l4ICMP
			if typ == sockRaw {
				fd.L4Proto = l4Raw
			}
		case protoRaw:
			fd.L4Proto = l4Raw
		}
	case afNetlink:
		fd.Type = FDNetlink
	}
	t.addFD(th, c, fd)
}

func (t *Table) parseSocketExit(ev *event.Event, th *Thread, c *EventCtx) {
	num := intParam(ev, 0, -1)
	if num < 0 {
		return
	}
	switch {
	case ev.NumParams() >= 4:
		t.addSocket(th, c, num, uintParam(ev, 1), uintParam(ev, 2), uintParam(ev, 3))
	case c.Enter != nil && c.Enter.NumParams() >= 3:
		e := c.Enter
		t.addSocket(th, c, num, uintParam(e, 0), uintParam(e, 1), uintParam(e, 2))
	}
}

// inferSendto creates a UDP socket for a sendto on an fd the tracker never
// saw created (libsinsp makes the same guess).
func (t *Table) inferSendto(ev *event.Event, th *Thread, c *EventCtx) {
	num := intParam(ev, 0, -1)
	p := ev.Param(2)
	if num < 0 || len(p) == 0 {
		return
	}
	if p[0] == afInet || p[0] == afInet6 {
		t.addSocket(th, c, num, uint64(p[0]), sockDgram, protoUDP)
	}
}

func (t *Table) parseBindExit(ev *event.Event, c *EventCtx) {
	fd := c.FD
	if fd == nil || intParam(ev, 0, -1) < 0 {
		return
	}
	p := ev.Param(1)
	if len(p) == 0 {
		return
	}
	sa := parseSockaddr(p)
	if (sa.family == afInet || sa.family == afInet6) && sa.ok && sa.port > 0 {
		if sa.ip.Is4() {
			fd.Type = FDIPv4Server
		} else {
			fd.Type = FDIPv6Server
		}
		fd.SIP, fd.SPort = sa.ip, sa.port
		fd.setRole(roleServer)
	}
	fd.Name = sockaddrString(p)
}

func (t *Table) parseConnectEnter(ev *event.Event, th *Thread, c *EventCtx) {
	fd := c.FD
	if fd == nil {
		return
	}
	// Old drivers send only the fd; the address comes with the exit.
	p := ev.Param(1)
	if len(p) == 0 {
		return
	}
	sa := parseSockaddr(p)
	switch sa.family {
	case afInet, afInet6:
		if !sa.ok {
			return
		}
		if sa.ip.Is4() {
			fd.Type = FDIPv4Sock
		} else {
			fd.Type = FDIPv6Sock
		}
		fd.DIP, fd.DPort = sa.ip, sa.port
	default:
		fd.Name = sockaddrString(p)
	}
}

func (t *Table) parseConnectExit(ev *event.Event, th *Thread, c *EventCtx) {
	overwrite := false
	if c.FD == nil {
		if ev.NumParams() <= 2 {
			return
		}
		num := intParam(ev, 2, -1)
		if num < 0 {
			return
		}
		th.lastFD = num
		if c.FD = th.FDs.Get(num); c.FD == nil {
			return
		}
		// The enter event was lost: what the fd holds may be stale.
		overwrite = true
	}
	if res := intParam(ev, 0, 0); res < 0 && res != -eInProgress {
		return
	}
	p := ev.Param(1)
	if len(p) == 0 {
		return
	}
	t.fillClient(c.FD, p, overwrite)
}

// fillClient records the endpoints of a socket this process connected.
func (t *Table) fillClient(fd *FD, p []byte, overwrite bool) {
	tp := parseTuple(p)
	switch tp.family {
	case afInet, afInet6:
		if !tp.ok {
			return
		}
		if tp.family == afInet6 && !tp.v4mapped {
			fd.Type = FDIPv6Sock
		} else {
			fd.Type = FDIPv4Sock
		}
		if setEndpoints(fd, &tp, overwrite) && fd.role == roleServer && fd.L4Proto == l4UDP {
			swapEnds(fd)
		}
		setName(fd, appendSockName(t.scratch[:0], fd), &t.scratch)
	default:
		if tp.family == afUnix && tp.ok {
			fd.UnixSource, fd.UnixDest = tp.usrc, tp.udst
		}
		setName(fd, appendTuple(t.scratch[:0], p), &t.scratch)
	}
	if fd.role == roleNone {
		fd.setRole(roleClient)
	}
}

// setName stores name in fd unless it already holds it, so that an event
// that repeats the tuple of its socket does not allocate. scratch keeps the
// (possibly grown) buffer for the next call.
func setName(fd *FD, name []byte, scratch *[]byte) {
	*scratch = name
	if string(name) != fd.Name {
		fd.Name = string(name)
	}
}

func isZero(a netip.Addr) bool { return !a.IsValid() || a.IsUnspecified() }

// setEndpoints updates fd from a tuple the way libsinsp does: the source
// always follows the tuple, the destination only when unknown (or when
// overwrite says the fd is stale). It reports whether anything changed.
func setEndpoints(fd *FD, tp *tuple, overwrite bool) bool {
	same := func(a, b netip.Addr) bool {
		if isZero(a) && isZero(b) {
			return true
		}
		return a == b
	}
	if (same(tp.sip, fd.SIP) && tp.sport == fd.SPort && same(tp.dip, fd.DIP) && tp.dport == fd.DPort) ||
		(same(tp.dip, fd.SIP) && tp.dport == fd.SPort && same(tp.sip, fd.DIP) && tp.sport == fd.DPort) {
		return false
	}
	changed := false
	if !same(fd.SIP, tp.sip) {
		fd.SIP = tp.sip
		changed = true
	}
	if fd.SPort != tp.sport {
		fd.SPort = tp.sport
		changed = true
	}
	if isZero(fd.DIP) || (overwrite && !same(fd.DIP, tp.dip)) {
		if !same(fd.DIP, tp.dip) {
			changed = true
		}
		fd.DIP = tp.dip
	}
	if fd.DPort == 0 || (overwrite && fd.DPort != tp.dport) {
		if fd.DPort != tp.dport {
			changed = true
		}
		fd.DPort = tp.dport
	}
	return changed
}

func swapEnds(fd *FD) {
	fd.SIP, fd.DIP = fd.DIP, fd.SIP
	fd.SPort, fd.DPort = fd.DPort, fd.SPort
}

func (t *Table) parseAcceptExit(ev *event.Event, th *Thread, c *EventCtx) {
	num := intParam(ev, 0, -1)
	if num < 0 {
		return
	}
	th.lastFD = num
	p := ev.Param(1)
	if len(p) == 0 {
		return
	}
	tp := parseTuple(p)
	if !tp.ok {
		return
	}
	fd := &FD{Num: num, Family: tp.family}
	switch tp.family {
	case afInet, afInet6:
		fd.Type = FDIPv4Sock
		if tp.family == afInet6 && !tp.v4mapped {
			fd.Type = FDIPv6Sock
		}
		fd.L4Proto = l4TCP
		fd.SIP, fd.SPort, fd.DIP, fd.DPort = tp.sip, tp.sport, tp.dip, tp.dport
	case afUnix:
		fd.Type = FDUnixSock
		fd.UnixSource, fd.UnixDest = tp.usrc, tp.udst
	default:
		return
	}
	fd.Name = tupleString(p)
	fd.setRole(roleServer)
	t.addFD(th, c, fd)
}

func (t *Table) parsePipeExit(ev *event.Event, th *Thread, c *EventCtx) {
	if intParam(ev, 0, -1) < 0 {
		return
	}
	fd1, fd2 := intParam(ev, 1, -1), intParam(ev, 2, -1)
	ino := uintParam(ev, 3)
	var flags uint32
	if ev.Type() == event.SyscallPipe2X {
		flags = uint32(uintParam(ev, 4))
	}
	for _, n := range [2]int64{fd1, fd2} {
		if n >= 0 {
			t.addFD(th, c, &FD{Num: n, Type: FDPipe, Ino: ino, OpenFlags: flags})
		}
	}
}

func (t *Table) parseSocketpairExit(ev *event.Event, th *Thread, c *EventCtx) {
	if intParam(ev, 0, -1) < 0 {
		return
	}
	fd1, fd2 := intParam(ev, 1, -1), intParam(ev, 2, -1)
	if fd1 == fd2 {
		c.FD = nil
		return
	}
	src, peer := uintParam(ev, 3), uintParam(ev, 4)
	mk := func(n int64) *FD {
		return &FD{Num: n, Type: FDUnixSock, Family: afUnix, UnixSource: src, UnixDest: peer}
	}
	first := t.addFD(th, c, mk(fd1))
	t.addFD(th, c, mk(fd2))
	// The event's fd is the first end; the last-event fd the second.
	c.FD = first
}

// newFD adds an fd of the given type for a call whose result is the fd;
// flagsAt is the parameter holding its flags, or -1.
func (t *Table) newFD(ev *event.Event, th *Thread, c *EventCtx, typ FDType, flagsAt int) *FD {
	num := intParam(ev, 0, -1)
	if num < 0 {
		return nil
	}
	fd := &FD{Num: num, Type: typ}
	if flagsAt >= 0 {
		fd.OpenFlags = uint32(uintParam(ev, flagsAt))
	}
	return t.addFD(th, c, fd)
}

// parsePidfdGetfd copies the fd another process holds, reached through a
// pidfd, into the caller's table.
func (t *Table) parsePidfdGetfd(ev *event.Event, th *Thread, c *EventCtx) {
	num := intParam(ev, 0, -1)
	if num < 0 {
		return
	}
	pfd := th.FDs.Get(intParam(ev, 1, -1))
	if pfd == nil || pfd.Type != FDPidfd {
		return
	}
	target := t.threads[pfd.pidfdPid]
	if target == nil {
		return
	}
	src := target.FDs.Get(intParam(ev, 2, -1))
	if src == nil {
		return
	}
	cp := *src
	cp.Num = num
	t.addFD(th, c, &cp)
}

func (t *Table) parseDupExit(ev *event.Event, th *Thread, c *EventCtx) {
	res := intParam(ev, 0, -1)
	if res < 0 {
		return
	}
	// The shell-pipe heuristic libsinsp applies.
	switch res {
	case 0:
		th.Flags |= clPipeDst
	case 1:
		th.Flags |= clPipeSrc
	}
	old := c.FD
	if old == nil {
		return
	}
	if ev.Type() == event.SyscallDup3X {
		if f := uint32(uintParam(ev, 3)); f != 0 {
			old.OpenFlags |= f
		} else {
			old.OpenFlags &^= oCloexec
		}
	}
	cp := *old
	cp.Num = res
	t.addFD(th, c, &cp)
}

func (t *Table) parseFcntlExit(ev *event.Event, th *Thread, c *EventCtx) {
	var cmd uint64
	switch {
	case c.Enter != nil && c.Enter.NumParams() > 1:
		cmd = uintParam(c.Enter, 1)
	case ev.NumParams() > 2:
		cmd = uintParam(ev, 2)
	default:
		return
	}
	if cmd != fcntlDupFD && cmd != fcntlDupFDExec {
		return
	}
	res := intParam(ev, 0, -1)
	if res < 0 || c.FD == nil {
		return
	}
	cp := *c.FD
	cp.Num = res
	t.addFD(th, c, &cp)
}

// rwTuple fills in the endpoints of an unconnected socket from the tuple a
// recvfrom/recvmsg (at) or sendto/sendmsg (in the enter event) carries.
func (t *Table) rwTuple(ev *event.Event, th *Thread, c *EventCtx, at int, incoming bool) {
	fd := c.FD
	if fd == nil || intParam(ev, 0, -1) < 0 {
		return
	}
	if fd.Name != "" && fd.L4Proto == l4TCP && (fd.Type == FDIPv4Sock || fd.Type == FDIPv6Sock) {
		return
	}
	var p []byte
	switch {
	case incoming:
		p = ev.Param(at)
	case c.Enter != nil:
		p = c.Enter.Param(2)
	case ev.NumParams() > 4:
		p = ev.Param(4)
	}
	if len(p) == 0 || !t.updateFromTuple(fd, p) {
		return
	}
	if fd.Type == FDIPv4Sock || fd.Type == FDIPv6Sock {
		if fd.role == roleNone {
			guessRole(th, fd, incoming)
		}
		if (incoming && fd.role == roleClient) || (!incoming && fd.role == roleServer) {
			swapEnds(fd)
		}
		setName(fd, appendSockName(t.scratch[:0], fd), &t.scratch)
		return
	}
	setName(fd, appendTuple(t.scratch[:0], p), &t.scratch)
}

// updateFromTuple merges a datagram tuple into fd; false means nothing
// usable changed.
func (t *Table) updateFromTuple(fd *FD, p []byte) bool {
	tp := parseTuple(p)
	switch tp.family {
	case afInet:
		if !tp.ok {
			return false
		}
		fd.Type = FDIPv4Sock
		if !setEndpoints(fd, &tp, false) {
			return false
		}
	case afInet6:
		if !tp.ok {
			return false
		}
		if tp.v4mapped {
			fd.Type = FDIPv4Sock
		}
		if !setEndpoints(fd, &tp, false) {
			return false
		}
	case afUnix:
		if tp.ok {
			fd.Type = FDUnixSock
			fd.UnixSource, fd.UnixDest = tp.usrc, tp.udst
		}
		return true
	}
	if (fd.Type == FDIPv4Sock || fd.Type == FDIPv6Sock) && fd.L4Proto == l4Unknown {
		fd.L4Proto = l4UDP
	}
	t.completeEnds(fd)
	return true
}

// guessRole decides whether this process is the server of a datagram
// exchange: it is if it owns the destination port (libsinsp's heuristic).
func guessRole(th *Thread, fd *FD, incoming bool) {
	bound, client := false, false
	th.FDs.Range(func(o *FD) bool {
		switch o.Type {
		case FDIPv4Sock:
			if o.DPort == fd.DPort {
				bound = true
			}
			if o.SPort == fd.SPort {
				client = true
			}
		case FDIPv4Server:
			if o.SPort == fd.DPort {
				bound = true
			}
		}
		return true
	})
	switch {
	case !bound:
		fd.setRole(roleClient)
	case !client:
		fd.setRole(roleServer)
	case incoming:
		fd.setRole(roleServer)
	default:
		fd.setRole(roleClient)
	}
}

// parseRlimitExit tracks RLIMIT_NOFILE changes into the process fd limit.
func (t *Table) parseRlimitExit(ev *event.Event, th *Thread, c *EventCtx) {
	en := c.Enter
	if intParam(ev, 0, -1) < 0 || en == nil {
		return
	}
	target := th
	var res uint64
	if ev.Type() == event.SyscallPrlimitX {
		res = uintParam(en, 1)
		if pid := intParam(en, 0, 0); pid != 0 {
			if target = t.threads[pid]; target == nil {
				return
			}
		}
	} else {
		res = uintParam(en, 0)
	}
	if res != rlimitNofile {
		return
	}
	cur := intParam(ev, 1, -1)
	if cur == -1 {
		return
	}
	if lead := t.Leader(target); lead != nil {
		lead.FDLimit = cur
	}
}

// nullFDName sets the fd.name sysdig shows for an exit event whose fd is
// unknown: the attempted path of a failed open, the tuple of a failed
// connect or accept, and nothing (an empty name) for the other events.
func (t *Table) nullFDName(ev *event.Event, c *EventCtx) {
	th := c.Thread
	b := t.nameBuf[:0]
	var scratch EventCtx
	switch ev.Type() {
	case event.SyscallOpenX, event.SyscallCreatX:
		p := ev.Str(1)
		if len(p) > 0 && p[0] != '/' {
			b = appendJoin(b, t.cwd(th), p)
		} else {
			b = append(b, p...)
		}
	case event.SyscallOpenatX:
		en := c.Enter
		if en == nil {
			return
		}
		name := en.Str(1)
		b = appendJoin(b, t.baseDir(th, &scratch, name, intParam(en, 0, atFDCWD)), name)
	case event.SyscallOpenatV2X:
		name := ev.Str(2)
		b = appendJoin(b, t.baseDir(th, &scratch, name, intParam(ev, 1, atFDCWD)), name)
	case event.SocketAcceptX, event.SocketAccept5X, event.SocketAccept4X, event.SocketAccept45X:
		b = appendTuple(b, ev.Param(1))
	case event.SocketConnectX:
		if c.FD != nil && intParam(ev, 0, 0) >= 0 {
			return
		}
		b = appendTuple(b, ev.Param(1))
	default:
		return
	}
	t.nameBuf = b
	c.FDName = b[:len(b):len(b)]
}
