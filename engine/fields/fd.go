package fields

import (
	"bytes"
	"net/netip"
	"unsafe"

	"github.com/sakerhq/saker/engine/event"

	"github.com/sakerhq/saker/engine/state"
)

// fdEvent reports whether sysdig computes fd fields for the event: one
// that uses, creates or destroys an fd, from a thread it knows.
func (c *Ctx) fdEvent() bool {
	if c.E == nil || c.E.Thread == nil {
		return false
	}
	info := c.Ev.Info()
	return info != nil && state.HasFDFields(c.Ev.Type(), info)
}

// eventFD is the fd of an fd event, nil when none or unknown.
func (c *Ctx) eventFD() *state.FD {
	if !c.fdEvent() {
		return nil
	}
	return c.E.FD
}

func fdField(f func(c *Ctx, fd *state.FD, a *Arg, v *Value) bool) ExtractFunc {
	return func(c *Ctx, a *Arg, v *Value) bool {
		fd := c.eventFD()
		if fd == nil {
			return false
		}
		return f(c, fd, a, v)
	}
}

var fdTypeNames = map[state.FDType]string{
	state.FDFile: "file", state.FDDirectory: "directory",
	state.FDIPv4Sock: "ipv4", state.FDIPv6Sock: "ipv6", state.FDIPv4Server: "ipv4", state.FDIPv6Server: "ipv6",
	state.FDUnixSock: "unix", state.FDPipe: "pipe", state.FDEvent: "event", state.FDSignalfd: "signalfd",
	state.FDEventPoll: "eventpoll", state.FDInotify: "inotify", state.FDTimerfd: "timerfd",
	state.FDNetlink: "netlink", state.FDBPF: "bpf", state.FDUserfaultfd: "userfaultfd",
	state.FDIOUring: "io_uring", state.FDMemfd: "memfd", state.FDPidfd: "pidfd",
}

func isIPSock(t state.FDType) bool {
	return t == state.FDIPv4Sock || t == state.FDIPv6Sock || t == state.FDIPv4Server || t == state.FDIPv6Server
}

func isSock(t state.FDType) bool { return t == state.FDIPv4Sock || t == state.FDIPv6Sock }

func isServer(t state.FDType) bool { return t == state.FDIPv4Server || t == state.FDIPv6Server }

// listenAddr is the address and port of a listening socket, which the
// tracker may keep on either side of the tuple.
func listenAddr(fd *state.FD) (netip.Addr, uint16) {
	ip, port := fd.DIP, fd.DPort
	if !ip.IsValid() || (port == 0 && fd.SPort != 0) {
		ip, port = fd.SIP, fd.SPort
	}
	return orZero(ip, fd.Type == state.FDIPv6Server), port
}

// isLocal is sysdig's test of whether an address belongs to this machine:
// one of the capture's interfaces, or any address for a thread in a
// container the tracker knows nothing of.
func (c *Ctx) isLocal(ip netip.Addr) bool {
	if c.St == nil {
		return false
	}
	if th := c.thread(); th != nil && th.ContainerID != "" && c.St.Container(th.ContainerID) == nil {
		return true
	}
	return c.St.IsLocalAddr(ip)
}

// Endpoint selectors: they return false where sysdig has no value.
type endpoint func(c *Ctx, fd *state.FD) (netip.Addr, uint16, bool)

// client is the connecting end of a connected socket.
func client(_ *Ctx, fd *state.FD) (netip.Addr, uint16, bool) {
	if !isSock(fd.Type) || fd.RoleNone() {
		return netip.Addr{}, 0, false
	}
	return orZero(fd.SIP, fd.Type == state.FDIPv6Sock), fd.SPort, true
}

// server is the accepting end of a connected socket, or a listening
// socket's own address.
func server(_ *Ctx, fd *state.FD) (netip.Addr, uint16, bool) {
	switch {
	case isServer(fd.Type):
		ip, port := listenAddr(fd)
		return ip, port, true
	case !isSock(fd.Type) || fd.RoleNone():
		return netip.Addr{}, 0, false
	}
	return orZero(fd.DIP, fd.Type == state.FDIPv6Sock), fd.DPort, true
}

// local and remote decide by whether the client address is this machine's.
func local(c *Ctx, fd *state.FD) (netip.Addr, uint16, bool) {
	if !isSock(fd.Type) || fd.RoleNone() {
		return netip.Addr{}, 0, false
	}
	if c.isLocal(orZero(fd.SIP, fd.Type == state.FDIPv6Sock)) {
		return client(c, fd)
	}
	return orZero(fd.DIP, fd.Type == state.FDIPv6Sock), fd.DPort, true
}

func remote(c *Ctx, fd *state.FD) (netip.Addr, uint16, bool) {
	if !isSock(fd.Type) || fd.RoleNone() {
		return netip.Addr{}, 0, false
	}
	if c.isLocal(orZero(fd.SIP, fd.Type == state.FDIPv6Sock)) {
		return orZero(fd.DIP, fd.Type == state.FDIPv6Sock), fd.DPort, true
	}
	return client(c, fd)
}

func ipField(side endpoint) ExtractFunc {
	return fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool {
		ip, _, ok := side(c, fd)
		if !ok || !ip.IsValid() {
			return false
		}
		v.Kind, v.IP = KindIP, ip
		return true
	})
}

func portField(side endpoint) ExtractFunc {
	return fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool {
		_, p, ok := side(c, fd)
		if !ok {
			return false
		}
		v.Kind, v.U = KindPort, uint64(p)
		return true
	})
}

func isFileLike(t state.FDType) bool { return t == state.FDFile || t == state.FDDirectory }

func init() {
	register(
		Def{Name: "fd.num", Desc: "fd number the event uses or creates", Kind: KindInt, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			// sysdig prints the number even when the call failed (-1).
			return c.fdEvent() && v.setInt(c.E.FDNum)
		}},
		Def{Name: "fd.type", Desc: "fd type: file, directory, ipv4, ipv6, unix, pipe, event, ...", Kind: KindString, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool {
			n, ok := fdTypeNames[fd.Type]
			return ok && v.setStr(sb(n))
		})},
		Def{Name: "fd.typechar", Desc: "fd type as one letter (f, d, 4, 6, u, p, ...)", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			if !c.fdEvent() {
				return false
			}
			ch := byte(0)
			if fd := c.E.FD; fd != nil {
				ch = TypeChar(fd.Type)
			} else {
				ch = creatorTypeChar(c.Ev)
			}
			return v.setStr(byteStrings[ch : ch+1 : ch+1])
		}},
		Def{Name: "fd.name", Desc: "file path, socket tuple or other fd name", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			name, ok := c.fdName()
			return ok && v.setStr(c.sanitized(name))
		}},
		Def{Name: "fd.nameraw", Desc: "fd name as recorded, unsanitized", Kind: KindString, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool { return v.setStr(sb(fd.Name)) })},
		Def{Name: "fd.directory", Desc: "directory of a file fd", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			if !c.fdEvent() {
				return false
			}
			fd := c.E.FD
			if fd != nil && !isFileLike(fd.Type) {
				return false
			}
			name, ok := c.fdName()
			if !ok {
				return false
			}
			clean := c.sanitized(name)
			if fd != nil && fd.Type == state.FDDirectory {
				return v.setStr(clean)
			}
			return v.setStr(dirOf(clean))
		}},
		Def{Name: "fd.filename", Desc: "base name of a file fd", Kind: KindString, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool {
			if fd.Type != state.FDFile {
				return false
			}
			name := c.sanitized(fd.Name)
			i := bytes.LastIndexByte(name, '/')
			switch {
			case i < 0:
				return v.setStr(sb("/"))
			case i < len(name)-1:
				return v.setStr(name[i+1:])
			}
			return v.setStr(name)
		})},
		Def{Name: "fd.ip", Desc: "either endpoint IP (matches client or server)", Kind: KindIP, fn: ipField(client)},
		Def{Name: "fd.cip", Desc: "client IP", Kind: KindIP, fn: ipField(client)},
		Def{Name: "fd.sip", Desc: "server IP", Kind: KindIP, fn: ipField(server)},
		Def{Name: "fd.lip", Desc: "local IP", Kind: KindIP, fn: ipField(local)},
		Def{Name: "fd.rip", Desc: "remote IP", Kind: KindIP, fn: ipField(remote)},
		Def{Name: "fd.port", Desc: "either endpoint port", Kind: KindPort, fn: portField(client)},
		Def{Name: "fd.cport", Desc: "client port", Kind: KindPort, fn: portField(func(c *Ctx, fd *state.FD) (netip.Addr, uint16, bool) {
			if isServer(fd.Type) {
				// A listening socket has no client; sysdig prints port 0.
				return netip.Addr{}, 0, true
			}
			return client(c, fd)
		})},
		Def{Name: "fd.sport", Desc: "server port", Kind: KindPort, fn: portField(server)},
		Def{Name: "fd.lport", Desc: "local port", Kind: KindPort, fn: portField(local)},
		Def{Name: "fd.rport", Desc: "remote port", Kind: KindPort, fn: portField(remote)},
		Def{Name: "fd.l4proto", Desc: "transport protocol: tcp, udp, icmp, raw", Kind: KindString, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool {
			switch l4Proto(fd) {
			case l4TCP:
				return v.setStr(sb("tcp"))
			case l4UDP:
				return v.setStr(sb("udp"))
			case l4ICMP:
				return v.setStr(sb("icmp"))
			case l4Raw:
				return v.setStr(sb("raw"))
			}
			return false
		})},
		Def{Name: "fd.sockfamily", Desc: "socket family: ip or unix", Kind: KindString, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool {
			switch {
			case isIPSock(fd.Type):
				return v.setStr(sb("ip"))
			case fd.Type == state.FDUnixSock:
				return v.setStr(sb("unix"))
			}
			return false
		})},
		Def{Name: "fd.is_server", Desc: "true when we are the server side of the socket", Kind: KindBool, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool {
			switch {
			case isServer(fd.Type):
				return v.setBool(true)
			case isSock(fd.Type):
				// The server side is ours when the server address is local.
				return v.setBool(c.isLocal(orZero(fd.DIP, fd.Type == state.FDIPv6Sock)))
			}
			return v.setBool(false)
		})},
		Def{Name: "fd.dev", Desc: "device number of the file's filesystem", Kind: KindUint, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool { return v.setUint(uint64(fd.Dev)) })},
		Def{Name: "fd.ino", Desc: "inode number of the file", Kind: KindUint, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool { return v.setUint(fd.Ino) })},
	)
}

// fdName is fd.name as sysdig computes it: the name the event gave a failed
// fd (EventCtx.FDName), else the fd's, else "" on an exit and nothing on an
// enter event.
func (c *Ctx) fdName() (string, bool) {
	if !c.fdEvent() {
		return "", false
	}
	switch {
	case c.E.FDName != nil:
		return unsafe.String(unsafe.SliceData(c.E.FDName), len(c.E.FDName)), true
	case c.E.FD != nil:
		return c.E.FD.Name, true
	case c.Ev.Type().IsEnter():
		return "", false
	}
	return "", true
}

// sanitized is name without its non-printable bytes: name itself, shared
// with the state tables, when it has none (the usual case), else a copy.
func (c *Ctx) sanitized(name string) []byte {
	for i := 0; i < len(name); i++ {
		if !isPrint(name[i]) {
			return c.build(func(d []byte) []byte { return appendSanitized(d, name) })
		}
	}
	return sb(name)
}

// byteStrings holds every byte value once, for one-letter values.
var byteStrings = func() (b [256]byte) {
	for i := range b {
		b[i] = byte(i)
	}
	return b
}()

// dirOf is sysdig's directory of a file name: everything before the last
// slash, "/" for names without one or directly under the root, and the name
// itself when it ends in a slash.
func dirOf(name []byte) []byte {
	i := bytes.LastIndexByte(name, '/')
	switch {
	case i <= 0:
		return sb("/")
	case i < len(name)-1:
		return name[:i]
	}
	return name
}

// creatorTypeChar is the fd.typechar sysdig guesses for an event whose fd it
// does not know, from the kind of fd the call creates ('o' for others).
func creatorTypeChar(ev *event.Event) byte {
	info := ev.Info()
	if info == nil {
		return 'o'
	}
	switch info.Name {
	case "open", "openat", "creat":
		return 'f'
	case "socket", "accept", "accept4":
		return '4'
	case "pipe":
		return 'p'
	case "eventfd":
		return 'e'
	case "signalfd":
		return 's'
	case "timerfd_create":
		return 't'
	case "inotify_init":
		return 'i'
	}
	return 'o'
}
