package state

import (
	"encoding/binary"
	"net/netip"
	"strconv"
)

// Socket families as the driver encodes them (PPM_AF_*).
const (
	afUnix    = 1
	afInet    = 2
	afInet6   = 10
	afNetlink = 16
)

// Transport protocols (SCAP_L4_*).
const (
	l4Unknown = 0
	l4TCP     = 1
	l4UDP     = 2
	l4ICMP    = 3
	l4Raw     = 4
)

// Socket roles: who started the connection.
const (
	roleNone = iota
	roleClient
	roleServer
)

func (fd *FD) setRole(r uint8) {
	fd.role = r
	fd.Server = r == roleServer
}

// addrOr returns a, or the zero address of the family when a is unset, so
// that a missing end renders as 0.0.0.0 or :: the way sysdig prints it.
func addrOr(a netip.Addr, v6 bool) netip.Addr {
	if a.IsValid() {
		return a
	}
	if v6 {
		return netip.IPv6Unspecified()
	}
	return netip.IPv4Unspecified()
}

// appendAddr renders an address; IPv6 in the compressed form inet_ntop uses.
func appendAddr(dst []byte, a netip.Addr, v6 bool) []byte {
	return addrOr(a, v6).AppendTo(dst)
}

// inetTupleName is the fd.name libsinsp gives a connected inet socket read
// from an fd list: "sip:sport->dip:dport".
func inetTupleName(fd *FD) string {
	return string(appendInetTuple(nil, fd, true))
}

// appendSockName appends the fd.name libsinsp computes for an inet socket
// from its endpoints after a connect, send or receive: "sip:sport->dip:dport"
// for TCP and UDP, "sip->dip" for ICMP and raw sockets, "<unknown>" otherwise.
func appendSockName(b []byte, fd *FD) []byte {
	switch fd.L4Proto {
	case l4TCP, l4UDP:
		return appendInetTuple(b, fd, true)
	case l4ICMP, l4Raw:
		if fd.Type == FDIPv4Sock || fd.Type == FDIPv6Sock {
			return appendInetTuple(b, fd, false)
		}
	}
	return append(b, "<unknown>"...)
}

func appendInetTuple(b []byte, fd *FD, ports bool) []byte {
	v6 := fd.Type == FDIPv6Sock
	b = appendAddr(b, fd.SIP, v6)
	if ports {
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(fd.SPort), 10)
	}
	b = append(b, "->"...)
	b = appendAddr(b, fd.DIP, v6)
	if ports {
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(fd.DPort), 10)
	}
	return b
}

// serverName is the fd.name of a listening socket: "ip:port".
func serverName(fd *FD) string {
	var b []byte
	b = appendAddr(b, fd.SIP, fd.Type == FDIPv6Server)
	b = append(b, ':')
	b = strconv.AppendUint(b, uint64(fd.SPort), 10)
	return string(b)
}

// mapped4 returns the IPv4 address inside an IPv4-mapped IPv6 address. Like
// libsinsp it also treats the all-zero address as IPv4 (an unbound end).
func mapped4(b []byte) (netip.Addr, bool) {
	for _, c := range b[:10] {
		if c != 0 {
			return netip.Addr{}, false
		}
	}
	switch {
	case b[10] == 0xff && b[11] == 0xff:
	case b[10] == 0 && b[11] == 0 && b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] == 0:
	default:
		return netip.Addr{}, false
	}
	return netip.AddrFrom4([4]byte(b[12:16])), true
}

// tuple is a decoded PT_SOCKTUPLE parameter.
type tuple struct {
	family     uint8
	sip, dip   netip.Addr
	sport      uint16
	dport      uint16
	v4mapped   bool // an IPv6 tuple whose both ends are IPv4
	usrc, udst uint64
	path       []byte
	ok         bool
}

// parseTuple decodes a socket tuple: family, then source and destination
// address and port (inet), or the two kernel endpoints and a path (unix).
func parseTuple(p []byte) tuple {
	var t tuple
	if len(p) == 0 {
		return t
	}
	t.family = p[0]
	switch t.family {
	case afInet:
		if len(p) < 13 {
			return t
		}
		t.sip = netip.AddrFrom4([4]byte(p[1:5]))
		t.sport = binary.LittleEndian.Uint16(p[5:7])
		t.dip = netip.AddrFrom4([4]byte(p[7:11]))
		t.dport = binary.LittleEndian.Uint16(p[11:13])
		t.ok = true
	case afInet6:
		if len(p) < 37 {
			return t
		}
		s4, sok := mapped4(p[1:17])
		d4, dok := mapped4(p[19:35])
		t.sport = binary.LittleEndian.Uint16(p[17:19])
		t.dport = binary.LittleEndian.Uint16(p[35:37])
		if sok && dok {
			t.v4mapped = true
			t.sip, t.dip = s4, d4
		} else {
			t.sip = netip.AddrFrom16([16]byte(p[1:17]))
			t.dip = netip.AddrFrom16([16]byte(p[19:35]))
		}
		t.ok = true
	case afUnix:
		if len(p) < 17 {
			return t
		}
		t.usrc = binary.LittleEndian.Uint64(p[1:9])
		t.udst = binary.LittleEndian.Uint64(p[9:17])
		t.path = cstr(p[17:])
		t.ok = true
	}
	return t
}

// sockaddr is a decoded PT_SOCKADDR parameter.
type sockaddr struct {
	family uint8
	ip     netip.Addr
	port   uint16
	path   []byte
	ok     bool
}

func parseSockaddr(p []byte) sockaddr {
	var s sockaddr
	if len(p) == 0 {
		return s
	}
	s.family = p[0]
	switch s.family {
	case afInet:
		if len(p) < 7 {
			return s
		}
		s.ip = netip.AddrFrom4([4]byte(p[1:5]))
		s.port = binary.LittleEndian.Uint16(p[5:7])
		s.ok = true
	case afInet6:
		if len(p) < 19 {
			return s
		}
		if a, ok := mapped4(p[1:17]); ok {
			s.ip = a
		} else {
			s.ip = netip.AddrFrom16([16]byte(p[1:17]))
		}
		s.port = binary.LittleEndian.Uint16(p[17:19])
		s.ok = true
	case afUnix:
		s.path = cstr(p[1:])
		s.ok = true
	default:
		s.ok = true
	}
	return s
}

// cstr cuts b at its first NUL.
func cstr(b []byte) []byte {
	for i, c := range b {
		if c == 0 {
			return b[:i]
		}
	}
	return b
}

// appendClean appends s without the bytes sysdig strips from socket paths
// (control characters).
func appendClean(dst, s []byte) []byte {
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			continue
		}
		dst = append(dst, c)
	}
	return dst
}

// tupleString renders a socket tuple parameter the way sysdig prints it
// without type prefix: "sip:sport->dip:dport" or "src->dst path" (unix,
// kernel addresses in hex).
func tupleString(p []byte) string { return string(appendTuple(nil, p)) }

func appendTuple(b, p []byte) []byte {
	if len(p) == 0 {
		return append(b, "NULL"...)
	}
	t := parseTuple(p)
	switch {
	case !t.ok && (t.family == afInet || t.family == afInet6):
		if t.family == afInet {
			return append(b, "INVALID IPv4"...)
		}
		return append(b, "INVALID IPv6"...)
	case t.family == afInet || t.family == afInet6:
		v6 := t.family == afInet6 && !t.v4mapped
		b = appendAddr(b, t.sip, v6)
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(t.sport), 10)
		b = append(b, "->"...)
		b = appendAddr(b, t.dip, v6)
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(t.dport), 10)
	case t.family == afUnix && t.ok:
		b = strconv.AppendUint(b, t.usrc, 16)
		b = append(b, "->"...)
		b = strconv.AppendUint(b, t.udst, 16)
		b = append(b, ' ')
		b = appendClean(b, t.path)
	default:
		b = append(b, "family "...)
		b = strconv.AppendInt(b, int64(p[0]), 10)
	}
	return b
}

// sockaddrString renders a socket address parameter as sysdig does
// without type prefix: "ip:port", or the path of a unix socket.
func sockaddrString(p []byte) string {
	if len(p) == 0 {
		return "NULL"
	}
	s := parseSockaddr(p)
	var b []byte
	switch s.family {
	case afInet, afInet6:
		if !s.ok {
			if s.family == afInet {
				return "INVALID IPv4"
			}
			return "INVALID IPv6"
		}
		b = appendAddr(b, s.ip, s.ip.Is6())
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(s.port), 10)
	case afUnix:
		b = appendClean(b, s.path)
	default:
		b = append(b, "family "...)
		b = strconv.AppendInt(b, int64(p[0]), 10)
	}
	return string(b)
}

// RoleNone reports whether the tracker has not yet seen which end of the
// socket is ours (no connect, accept, bind or data yet): sysdig leaves the
// endpoint fields of such sockets without a value. An FD built outside the
// tracker counts as oriented once it has a port.
func (fd *FD) RoleNone() bool { return fd.role == roleNone && fd.SPort == 0 && fd.DPort == 0 }
