package fields

import (
	"encoding/binary"
	"math"
	"net/netip"
	"strconv"
	"time"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/state"
)

// Parameter rendering follows what sysdig prints, so that our lines can be
// compared with its lines byte for byte: each parameter has a raw form and an
// optional resolved form (fd=3(<f>/etc/passwd), res=-2(ENOENT)).

// TypeChar is the one-letter fd type sysdig and Falco print (fd.typechar).
func TypeChar(t state.FDType) byte {
	switch t {
	case state.FDFile:
		return 'f'
	case state.FDDirectory:
		return 'd'
	case state.FDIPv4Sock, state.FDIPv4Server:
		return '4'
	case state.FDIPv6Sock, state.FDIPv6Server:
		return '6'
	case state.FDUnixSock, state.FDUserfaultfd:
		return 'u'
	case state.FDPipe:
		return 'p'
	case state.FDEvent:
		return 'e'
	case state.FDSignalfd:
		return 's'
	case state.FDEventPoll:
		return 'l'
	case state.FDInotify:
		return 'i'
	case state.FDTimerfd:
		return 't'
	case state.FDNetlink:
		return 'n'
	case state.FDBPF:
		return 'b'
	case state.FDIOUring:
		return 'r'
	case state.FDMemfd:
		return 'm'
	case state.FDPidfd:
		return 'P'
	case state.FDUnsupported:
		return 'X'
	}
	return 'o'
}

// l4Char is the transport letter sysdig adds after the type char of sockets
// whose protocol it knows (see l4Proto).
func l4Char(fd *state.FD) byte {
	switch l4Proto(fd) {
	case l4TCP:
		return 't'
	case l4UDP:
		return 'u'
	case l4ICMP:
		return 'i'
	case l4Raw:
		return 'r'
	}
	return 0
}

// l4Proto is the transport protocol sysdig reports for an fd: unknown for
// non-IP fds and for sockets with neither end known to be ours yet (a fresh
// socket before connect or bind), except raw sockets.
func l4Proto(fd *state.FD) uint8 {
	switch fd.Type {
	case state.FDIPv4Server, state.FDIPv6Server:
		return fd.L4Proto
	case state.FDIPv4Sock, state.FDIPv6Sock:
		if fd.L4Proto == l4Raw {
			return l4Raw
		}
		if fd.RoleNone() {
			return l4Unknown
		}
		return fd.L4Proto
	}
	return l4Unknown
}

// maxBufOutput is sysdig's default limit on a rendered buffer parameter.
const maxBufOutput = 80

// The state tracker's transport protocol numbers (state.FD.L4Proto).
const (
	l4Unknown = 0
	l4TCP     = 1
	l4UDP     = 2
	l4ICMP    = 3
	l4Raw     = 4
)

// lookupFD finds fd num in the table of the event's thread.
func (c *Ctx) lookupFD(num int64) *state.FD {
	th := c.thread()
	if th == nil || th.FDs == nil {
		return nil
	}
	return th.FDs.Get(num)
}

// thread returns the event's thread, nil when sysdig has none. Threads the
// tracker made up for unknown tids are returned too: their placeholder
// values (pid = tid, name <NA>) are what sysdig prints.
func (c *Ctx) thread() *state.Thread {
	if c.E == nil {
		return nil
	}
	return c.E.Thread
}

// appendFDResolved renders "<f>name" for a known fd, AT_FDCWD or an errno.
func (c *Ctx) appendFDResolved(dst []byte, fd int64) []byte {
	switch {
	case fd >= 0:
		if f := c.lookupFD(fd); f != nil {
			dst = append(dst, '<', TypeChar(f.Type))
			if l := l4Char(f); l != 0 {
				dst = append(dst, l)
			}
			dst = append(dst, '>')
			dst = appendSanitized(dst, f.Name)
		}
	case fd == -100:
		dst = append(dst, "AT_FDCWD"...)
	default:
		dst = append(dst, event.ErrnoName(-fd)...)
	}
	return dst
}

// isPrint is C's isprint in the C locale.
func isPrint(b byte) bool { return b >= 0x20 && b < 0x7f }

// appendSanitized drops non-printable bytes, as sysdig does for names.
func appendSanitized[S string | []byte](dst []byte, s S) []byte {
	for i := 0; i < len(s); i++ {
		if isPrint(s[i]) {
			dst = append(dst, s[i])
		}
	}
	return dst
}

// cString stops at the first NUL, as printf("%s") does.
func cString(p []byte) []byte {
	for i, b := range p {
		if b == 0 {
			return p[:i]
		}
	}
	return p
}

func appendNumeric(dst []byte, v int64, unsigned bool, fmt event.PrintFormat) []byte {
	switch fmt {
	case event.PFOct:
		if v == 0 {
			return append(dst, '0')
		}
		dst = append(dst, '0')
		return strconv.AppendUint(dst, uint64(v), 8)
	case event.PFHex:
		return appendUpperHex(dst, uint64(v))
	case event.PF10PaddedDec:
		s := strconv.AppendInt(nil, v, 10)
		for i := len(s); i < 9; i++ {
			dst = append(dst, '0')
		}
		return append(dst, s...)
	}
	if unsigned {
		return strconv.AppendUint(dst, uint64(v), 10)
	}
	return strconv.AppendInt(dst, v, 10)
}

func appendUpperHex(dst []byte, u uint64) []byte {
	const digits = "0123456789ABCDEF"
	var tmp [16]byte
	i := len(tmp)
	for {
		i--
		tmp[i] = digits[u&15]
		u >>= 4
		if u == 0 {
			break
		}
	}
	return append(dst, tmp[i:]...)
}

// appendFlagNames renders the names of the bits set in val, in table order,
// with the quirks of sysdig's loop: a table entry equal to the whole value
// ends the scan and is printed last.
func appendFlagNames(dst []byte, names []event.NameValue, val uint32, exact bool) []byte {
	if exact {
		for _, f := range names {
			if f.Value == val {
				return append(dst, f.Name...)
			}
		}
		return dst
	}
	initial := val
	sep := false
	i := 0
	for ; i < len(names) && names[i].Value != initial; i++ {
		f := names[i]
		if (f.Value == 0 && initial == 0) || (f.Value != 0 && val&f.Value == f.Value && val != 0) {
			if sep {
				dst = append(dst, '|')
			}
			dst = append(dst, f.Name...)
			if exact {
				return dst
			}
			sep = true
			val &^= f.Value
		}
	}
	if !exact && i < len(names) {
		if sep {
			dst = append(dst, '|')
		}
		dst = append(dst, names[i].Name...)
	}
	return dst
}

var signalNames = [...]string{"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"}

// SignalName returns the name of a Linux signal number, or "".
func SignalName(n uint64) string {
	if n < uint64(len(signalNames)) {
		return signalNames[n]
	}
	return ""
}

func appendIPPort(dst []byte, ip netip.Addr, port uint16) []byte {
	dst = ip.AppendTo(dst)
	dst = append(dst, ':')
	return strconv.AppendUint(dst, uint64(port), 10)
}

// AppendParam renders parameter i of the current event as sysdig does. It
// returns the raw form and the resolved form (empty when there is none), both
// in the scratch buffer.
func (c *Ctx) AppendParam(i int) (raw, resolved []byte) {
	info := c.Ev.Info()
	p := c.Ev.Param(i)
	if info == nil || i >= len(info.Params) {
		return c.build(func(d []byte) []byte { return append(d, "(n.a.)"...) }), nil
	}
	pi := &info.Params[i]
	if len(p) == 0 {
		if pi.Type == event.PTBytebuf || pi.Type == event.PTCharbuf {
			return nil, nil
		}
		return c.build(func(d []byte) []byte { return append(d, "NULL"...) }), nil
	}
	names := pi.Names
	fmt := pi.Fmt
	if pi.Type == event.PTDyn && len(pi.Dyn) > 0 && int(p[0]) < len(pi.Dyn) {
		d := &pi.Dyn[p[0]]
		p = p[1:]
		pi = d
		if len(d.Names) > 0 {
			names = d.Names
		}
	}
	raw = c.build(func(d []byte) []byte { return c.appendRaw(d, pi, fmt, p) })
	resolved = c.build(func(d []byte) []byte { return c.appendResolved(d, i, pi, names, p) })
	return raw, resolved
}

func le16(p []byte) uint16 { return binary.LittleEndian.Uint16(p) }
func le32(p []byte) uint32 { return binary.LittleEndian.Uint32(p) }
func le64(p []byte) uint64 { return binary.LittleEndian.Uint64(p) }

// intOf reads a little-endian integer of the parameter's own width.
func intOf(p []byte) (int64, uint64) {
	switch len(p) {
	case 1:
		return int64(int8(p[0])), uint64(p[0])
	case 2:
		return int64(int16(le16(p))), uint64(le16(p))
	case 4:
		return int64(int32(le32(p))), uint64(le32(p))
	case 8:
		return int64(le64(p)), le64(p)
	}
	return 0, 0
}

func (c *Ctx) appendRaw(d []byte, pi *event.ParamInfo, fmt event.PrintFormat, p []byte) []byte {
	s, u := intOf(p)
	switch pi.Type {
	case event.PTInt8, event.PTInt16, event.PTInt32, event.PTInt64:
		return appendNumeric(d, s, false, fmt)
	case event.PTUint8, event.PTUint16, event.PTUint32:
		return appendNumeric(d, int64(u), true, fmt)
	case event.PTUint64:
		// sysdig prints 64-bit unsigned values through a signed format.
		return appendNumeric(d, s, false, fmt)
	case event.PTErrno:
		// Some calls (mmap, brk) return addresses: newer tables type them as
		// errno with a hex format, which sysdig prints in hex when not an error.
		if fmt == event.PFHex && s >= 0 {
			return appendUpperHex(d, uint64(s))
		}
		return strconv.AppendInt(d, s, 10)
	case event.PTFD, event.PTPid:
		return strconv.AppendInt(d, s, 10)
	case event.PTCharbuf:
		return append(d, cString(p)...)
	case event.PTFSPath, event.PTFSRelPath:
		return appendSanitized(d, cString(p))
	case event.PTBytebuf:
		// sysdig's default output cuts long buffers to 80 characters,
		// the last three being dots.
		if len(p) > maxBufOutput {
			for _, b := range p[:maxBufOutput-3] {
				if isPrint(b) {
					d = append(d, b)
				} else {
					d = append(d, '.')
				}
			}
			return append(d, "..."...)
		}
		for _, b := range p {
			if isPrint(b) {
				d = append(d, b)
			} else {
				d = append(d, '.')
			}
		}
		return d
	case event.PTSockaddr:
		return appendSockaddr(d, p)
	case event.PTSocktuple:
		return appendSocktuple(d, p)
	case event.PTFDList:
		return c.appendFDList(d, p)
	case event.PTSyscallID, event.PTSigType:
		return strconv.AppendUint(d, u, 10)
	case event.PTRelTime:
		if u == math.MaxUint64 {
			return append(d, "none"...)
		}
		return strconv.AppendUint(d, u, 10)
	case event.PTFlags8, event.PTFlags16, event.PTFlags32, event.PTEnumFlags8, event.PTEnumFlags16, event.PTEnumFlags32:
		return strconv.AppendUint(d, u, 10)
	case event.PTMode:
		return appendNumeric(d, int64(u), true, fmt)
	case event.PTAbsTime:
		t := time.Unix(0, int64(u))
		d = t.AppendFormat(d, "2006-01-02 15:04:05")
		ns := strconv.AppendUint(nil, u%1e9, 10)
		d = append(d, '.')
		for i := len(ns); i < 9; i++ {
			ns = append([]byte{'0'}, ns...)
		}
		// sysdig's buffer arithmetic keeps 8 of the 9 digits and drops the zone.
		return append(d, ns[:8]...)
	case event.PTUID, event.PTGID:
		if u == math.MaxUint32 {
			return append(d, "-1"...)
		}
		return strconv.AppendInt(d, int64(int32(u)), 10)
	case event.PTSigSet:
		first := true
		for sig := uint64(0); sig < 32; sig++ {
			if u&(1<<sig) != 0 {
				if n := SignalName(sig + 1); n != "" {
					if !first {
						d = append(d, ' ')
					}
					d = append(d, n...)
					first = false
				}
			}
		}
		return d
	case event.PTIPv4Addr:
		if len(p) == 4 {
			return netip.AddrFrom4([4]byte(p)).AppendTo(d)
		}
	case event.PTIPv6Addr:
		if len(p) == 16 {
			return netip.AddrFrom16([16]byte(p)).AppendTo(d)
		}
	case event.PTIPAddr:
		if len(p) == 4 {
			return netip.AddrFrom4([4]byte(p)).AppendTo(d)
		}
		if len(p) == 16 {
			return netip.AddrFrom16([16]byte(p)).AppendTo(d)
		}
	case event.PTPort, event.PTL4Proto, event.PTSockFamily, event.PTBool:
		return strconv.AppendUint(d, u, 10)
	case event.PTDouble:
		if len(p) == 8 {
			return strconv.AppendFloat(d, math.Float64frombits(u), 'f', 6, 64)
		}
	}
	return append(d, "(n.a.)"...)
}

func (c *Ctx) appendResolved(d []byte, idx int, pi *event.ParamInfo, names []event.NameValue, p []byte) []byte {
	s, u := intOf(p)
	switch pi.Type {
	case event.PTFD:
		if c.thread() == nil {
			return d
		}
		return c.appendFDResolved(d, s)
	case event.PTPid:
		if c.St != nil {
			if th := c.St.Thread(s); th != nil && th.Comm != "" {
				d = append(d, th.Comm...)
			}
		}
		return d
	case event.PTErrno:
		if s < 0 {
			d = append(d, event.ErrnoName(-s)...)
		}
		return d
	case event.PTFSPath, event.PTFSRelPath:
		return c.appendResolvedPath(d, idx, pi, cString(p))
	case event.PTSyscallID:
		if u == 0 {
			// sysdig's syscall table names code 0 "<unknown>".
			return append(d, "<unknown>"...)
		}
		return append(d, event.SyscallName(uint16(u))...)
	case event.PTSigType:
		return append(d, SignalName(u)...)
	case event.PTRelTime:
		if u == math.MaxUint64 {
			return d
		}
		d = strconv.AppendFloat(d, float64(u)/1e9, 'g', 6, 64)
		return append(d, 's')
	case event.PTFlags8, event.PTFlags16, event.PTFlags32, event.PTMode:
		return appendFlagNames(d, names, uint32(u), false)
	case event.PTEnumFlags8, event.PTEnumFlags16, event.PTEnumFlags32:
		return appendFlagNames(d, names, uint32(u), true)
	case event.PTUID, event.PTGID:
		if u == math.MaxUint32 {
			return append(d, "<NONE>"...)
		}
		th := c.thread()
		if th == nil {
			return d
		}
		name := ""
		if c.St != nil {
			if pi.Type == event.PTUID {
				if usr := c.St.User(uint32(u)); usr != nil {
					name = usr.Name
				}
			} else if g := c.St.Group(uint32(u)); g != nil {
				name = g.Name
			}
		}
		if name == "" {
			return append(d, "<NA>"...)
		}
		return appendSanitized(d, name)
	}
	return d
}

// appendResolvedPath joins a relative path with the thread's cwd, or with
// the directory of the dirfd parameter for *at() calls.
func (c *Ctx) appendResolvedPath(d []byte, idx int, pi *event.ParamInfo, path []byte) []byte {
	th := c.thread()
	// sysdig resolves only relative paths; absolute ones print once.
	if th == nil || string(path) == "<NA>" || (len(path) > 0 && path[0] == '/') {
		return d
	}
	base := th.Cwd
	if pi.Type == event.PTFSRelPath && pi.DirFD >= 0 {
		if dirfd, ok := c.Ev.Int(int(pi.DirFD)); ok && dirfd != -100 {
			f := c.lookupFD(dirfd)
			if f == nil {
				return d
			}
			base = f.Name
		}
	}
	return AppendJoinPath(d, base, path)
}

// AppendJoinPath resolves path against dir the way libsinsp does: absolute
// paths stand alone, "." and ".." components are folded, and duplicate
// slashes collapse.
func AppendJoinPath(d []byte, dir string, path []byte) []byte {
	start := len(d)
	if len(path) == 0 || path[0] != '/' {
		d = append(d, dir...)
		if len(d) == start || d[len(d)-1] != '/' {
			d = append(d, '/')
		}
	}
	d = append(d, path...)
	return cleanPathInPlace(d, start)
}

// cleanPathInPlace normalises d[start:] as an absolute path.
func cleanPathInPlace(d []byte, start int) []byte {
	p := d[start:]
	out := p[:0]
	i := 0
	for i < len(p) {
		for i < len(p) && p[i] == '/' {
			i++
		}
		j := i
		for j < len(p) && p[j] != '/' {
			j++
		}
		seg := p[i:j]
		switch {
		case len(seg) == 0 || string(seg) == ".":
		case string(seg) == "..":
			k := len(out) - 1
			for k >= 0 && out[k] != '/' {
				k--
			}
			if k < 0 {
				k = 0
			}
			out = out[:k]
		default:
			out = append(out, '/')
			out = append(out, seg...)
		}
		i = j
	}
	if len(out) == 0 {
		out = append(out, '/')
	}
	return d[:start+len(out)]
}

func appendSockaddr(d []byte, p []byte) []byte {
	switch {
	case p[0] == 1: // AF_UNIX
		return appendSanitized(d, cString(p[1:]))
	case p[0] == 2 && len(p) == 7:
		return appendIPPort(d, netip.AddrFrom4([4]byte(p[1:5])), le16(p[5:]))
	case p[0] == 10 && len(p) == 19:
		return appendIPPort(d, netip.AddrFrom16([16]byte(p[1:17])), le16(p[17:]))
	case p[0] == 2:
		return append(d, "INVALID IPv4"...)
	case p[0] == 10:
		return append(d, "INVALID IPv6"...)
	}
	d = append(d, "family "...)
	return strconv.AppendInt(d, int64(p[0]), 10)
}

func appendSocktuple(d []byte, p []byte) []byte {
	switch {
	case p[0] == 2 && len(p) == 13:
		d = appendIPPort(d, netip.AddrFrom4([4]byte(p[1:5])), le16(p[5:]))
		d = append(d, "->"...)
		return appendIPPort(d, netip.AddrFrom4([4]byte(p[7:11])), le16(p[11:]))
	case p[0] == 10 && len(p) == 37:
		sip := netip.AddrFrom16([16]byte(p[1:17]))
		dip := netip.AddrFrom16([16]byte(p[19:35]))
		if sip.Is4In6() && dip.Is4In6() {
			sip, dip = sip.Unmap(), dip.Unmap()
		}
		d = appendIPPort(d, sip, le16(p[17:]))
		d = append(d, "->"...)
		return appendIPPort(d, dip, le16(p[35:]))
	case p[0] == 1 && len(p) > 17:
		d = strconv.AppendUint(d, le64(p[1:]), 16)
		d = append(d, "->"...)
		d = strconv.AppendUint(d, le64(p[9:]), 16)
		d = append(d, ' ')
		return appendSanitized(d, cString(p[17:]))
	case p[0] == 2:
		return append(d, "INVALID IPv4"...)
	case p[0] == 10:
		return append(d, "INVALID IPv6"...)
	}
	d = append(d, "family "...)
	return strconv.AppendInt(d, int64(p[0]), 10)
}

func (c *Ctx) appendFDList(d []byte, p []byte) []byte {
	if c.thread() == nil || len(p) < 2 {
		return d
	}
	n := int(le16(p))
	pos := 2
	for j := 0; j < n && pos+10 <= len(p); j++ {
		fd := int64(le64(p[pos:]))
		tch := byte('?')
		if f := c.lookupFD(fd); f != nil {
			tch = TypeChar(f.Type)
		}
		d = strconv.AppendUint(d, uint64(fd), 10)
		d = append(d, ':', tch)
		d = strconv.AppendUint(d, uint64(uint32(int32(int16(le16(p[pos+8:]))))), 16)
		if j < n-1 {
			d = append(d, ' ')
		}
		pos += 10
	}
	return d
}

// AppendArgs renders all parameters as "name=raw(resolved) " pairs: the
// evt.args and evt.info of sysdig.
func (c *Ctx) AppendArgs(dst []byte) []byte {
	t := c.Ev.Type()
	if t == event.GenericE || t == event.GenericX {
		return dst
	}
	info := c.Ev.Info()
	if info == nil {
		return dst
	}
	n := c.Ev.NumParams()
	if n > len(info.Params) {
		n = len(info.Params)
	}
	for i := 0; i < n; i++ {
		mark := len(c.scratch)
		raw, res := c.AppendParam(i)
		dst = append(dst, info.Params[i].Name...)
		dst = append(dst, '=')
		dst = append(dst, raw...)
		if len(res) > 0 {
			dst = append(dst, '(')
			dst = append(dst, res...)
			dst = append(dst, ')')
		}
		dst = append(dst, ' ')
		c.scratch = c.scratch[:mark]
	}
	return dst
}
