package procfs

import (
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/sakerhq/saker/engine/scap"
)

// L4 protocol numbers of capture fd lists.
const (
	l4TCP = 2
	l4UDP = 3
)

// inetSock is one row of /proc/net/{tcp,udp}{,6}.
type inetSock struct {
	local, remote netip.Addr
	lport, rport  uint16
	listen        bool
	l4            uint8
	v6            bool
}

// unixSock is one row of /proc/net/unix.
type unixSock struct {
	addr uint64
	path string
}

// netTables are the socket tables of one network namespace, by inode.
type netTables struct {
	inet map[uint64]inetSock
	unix map[uint64]unixSock
}

// netFor returns the socket tables of the network namespace of the process
// in dir, read once per namespace.
func (sc *scanner) netFor(dir string) *netTables {
	key, err := os.Readlink(filepath.Join(dir, "ns", "net"))
	if err != nil {
		key = "self"
	}
	if t := sc.nets[key]; t != nil {
		return t
	}
	t := &netTables{inet: map[uint64]inetSock{}, unix: map[uint64]unixSock{}}
	base := filepath.Join(dir, "net")
	for _, f := range []struct {
		name string
		l4   uint8
		v6   bool
	}{{"tcp", l4TCP, false}, {"tcp6", l4TCP, true}, {"udp", l4UDP, false}, {"udp6", l4UDP, true}} {
		b, err := readFile(filepath.Join(base, f.name))
		if err != nil {
			continue
		}
		parseInet(string(b), f.l4, f.v6, t.inet)
	}
	if b, err := readFile(filepath.Join(base, "unix")); err == nil {
		parseUnix(string(b), t.unix)
	}
	sc.nets[key] = t
	return t
}

// parseInet reads a /proc/net/tcp-style table: "sl local rem st ... inode".
func parseInet(s string, l4 uint8, v6 bool, out map[uint64]inetSock) {
	lines := strings.Split(s, "\n")
	for _, line := range lines[min(1, len(lines)):] {
		f := strings.Fields(line)
		if len(f) < 10 {
			continue
		}
		ino, err := strconv.ParseUint(f[9], 10, 64)
		if err != nil || ino == 0 {
			continue
		}
		la, lp, ok1 := parseHexAddr(f[1])
		ra, rp, ok2 := parseHexAddr(f[2])
		if !ok1 || !ok2 {
			continue
		}
		// TCP_LISTEN is state 0x0A; an unconnected UDP socket (remote
		// port 0) is a server as libscap sees it too.
		listen := l4 == l4TCP && f[3] == "0A" || l4 == l4UDP && rp == 0
		out[ino] = inetSock{local: la, remote: ra, lport: lp, rport: rp, listen: listen, l4: l4, v6: v6}
	}
}

// parseHexAddr reads "0100007F:0035" or the 32-digit IPv6 form: each 32-bit
// word of the address is in host (little endian) order.
func parseHexAddr(s string) (netip.Addr, uint16, bool) {
	a, p, ok := strings.Cut(s, ":")
	if !ok {
		return netip.Addr{}, 0, false
	}
	port, err := strconv.ParseUint(p, 16, 16)
	if err != nil {
		return netip.Addr{}, 0, false
	}
	raw, err := hex.DecodeString(a)
	if err != nil || (len(raw) != 4 && len(raw) != 16) {
		return netip.Addr{}, 0, false
	}
	for i := 0; i+4 <= len(raw); i += 4 {
		binary.BigEndian.PutUint32(raw[i:], binary.LittleEndian.Uint32(raw[i:]))
	}
	addr, _ := netip.AddrFromSlice(raw)
	return addr, uint16(port), true
}

// parseUnix reads /proc/net/unix: "Num RefCount Protocol Flags Type St
// Inode Path"; Num is the socket's kernel address.
func parseUnix(s string, out map[uint64]unixSock) {
	lines := strings.Split(s, "\n")
	for _, line := range lines[min(1, len(lines)):] {
		f := strings.Fields(line)
		if len(f) < 7 {
			continue
		}
		addr, err1 := strconv.ParseUint(strings.TrimSuffix(f[0], ":"), 16, 64)
		ino, err2 := strconv.ParseUint(f[6], 10, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		path := ""
		if len(f) >= 8 {
			path = f[7]
		}
		out[ino] = unixSock{addr: addr, path: path}
	}
}

// anonTypes maps anon_inode names to fd types.
var anonTypes = map[string]scap.FDType{
	"[eventfd]":     scap.FDEvent,
	"[eventpoll]":   scap.FDEventPoll,
	"inotify":       scap.FDInotify,
	"[signalfd]":    scap.FDSignalFD,
	"[timerfd]":     scap.FDTimerFD,
	"[userfaultfd]": scap.FDUserfaultFD,
	"[io_uring]":    scap.FDIOUring,
	"[pidfd]":       scap.FDPidFD,
}

// fds reads the fd table of process pid.
func (sc *scanner) fds(dir string, pid int) (scap.FDList, bool) {
	l := scap.FDList{Tid: int64(pid)}
	ents, err := os.ReadDir(filepath.Join(dir, "fd"))
	if err != nil {
		return l, false
	}
	var nets *netTables
	for _, e := range ents {
		if len(l.FDs) >= maxFDs {
			break
		}
		num, err := strconv.ParseInt(e.Name(), 10, 64)
		if err != nil {
			continue
		}
		path := filepath.Join(dir, "fd", e.Name())
		link, err := os.Readlink(path)
		if err != nil {
			sc.snap.Skipped++
			continue
		}
		fd := scap.FD{Num: num}
		switch {
		case strings.HasPrefix(link, "socket:["):
			ino, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(link, "socket:["), "]"), 10, 64)
			fd.Ino = ino
			if nets == nil {
				nets = sc.netFor(dir)
			}
			if s, ok := nets.inet[ino]; ok {
				fillInet(&fd, s)
			} else if u, ok := nets.unix[ino]; ok {
				fd.Type, fd.UnixSource, fd.Name = scap.FDUnixSock, u.addr, u.path
			} else {
				// Netlink, packet and other sockets the tables do not list.
				fd.Type, fd.Name = scap.FDUnsupported, link
			}
		case strings.HasPrefix(link, "pipe:["):
			fd.Type, fd.Name = scap.FDFifo, link
			fd.Ino, _ = strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(link, "pipe:["), "]"), 10, 64)
		case strings.HasPrefix(link, "anon_inode:"):
			name := strings.TrimPrefix(link, "anon_inode:")
			t, ok := anonTypes[name]
			switch {
			case ok:
			case strings.HasPrefix(name, "bpf"):
				t = scap.FDBPF
			default:
				t = scap.FDUnsupported
			}
			fd.Type, fd.Name = t, link
		case strings.HasPrefix(link, "/"):
			var st unix.Stat_t
			if unix.Stat(path, &st) != nil {
				sc.snap.Skipped++
				continue
			}
			fd.Ino = st.Ino
			if st.Mode&unix.S_IFMT == unix.S_IFDIR {
				fd.Type, fd.Name = scap.FDDirectory, link
				break
			}
			if st.Mode&unix.S_IFMT == unix.S_IFIFO {
				fd.Type, fd.Name = scap.FDFifo, link
				break
			}
			fd.Type, fd.Name = scap.FDFileV2, link
			fd.Dev = uint32(st.Dev)
			fd.Flags = openFlags(fdinfoFlags(filepath.Join(dir, "fdinfo", e.Name())))
		default:
			fd.Type, fd.Name = scap.FDUnsupported, link
		}
		l.FDs = append(l.FDs, fd)
	}
	return l, true
}

func fillInet(fd *scap.FD, s inetSock) {
	fd.L4Proto = s.l4
	local, remote := s.local, s.remote
	if s.v6 && local.Unmap().Is4() && (remote.Unmap().Is4() || remote.IsUnspecified()) {
		// IPv4 traffic on an IPv6 socket, as libscap reports it.
		local, remote, s.v6 = local.Unmap(), netip.IPv4Unspecified(), false
		if r := s.remote.Unmap(); r.Is4() {
			remote = r
		}
	}
	switch {
	case s.listen && s.v6:
		fd.Type, fd.SIP, fd.SPort = scap.FDIPv6Server, local, s.lport
	case s.listen:
		fd.Type, fd.SIP, fd.SPort = scap.FDIPv4Server, local, s.lport
	case s.v6:
		fd.Type = scap.FDIPv6Sock
		fd.SIP, fd.SPort, fd.DIP, fd.DPort = local, s.lport, remote, s.rport
	default:
		fd.Type = scap.FDIPv4Sock
		fd.SIP, fd.SPort, fd.DIP, fd.DPort = local, s.lport, remote, s.rport
	}
}

// fdinfoFlags reads the octal open flags of an fd.
func fdinfoFlags(path string) uint32 {
	b, err := readFile(path)
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "flags:"); ok {
			f, _ := strconv.ParseUint(strings.TrimSpace(v), 8, 32)
			return uint32(f)
		}
	}
	return 0
}

// openFlags converts kernel open flags to the capture format's (the
// driver's PPM_O_* bits).
func openFlags(k uint32) uint32 {
	var f uint32
	switch k & unix.O_ACCMODE {
	case unix.O_RDONLY:
		f = 1
	case unix.O_WRONLY:
		f = 2
	case unix.O_RDWR:
		f = 3
	}
	for _, m := range [...]struct{ k, p uint32 }{
		{unix.O_CREAT, 4}, {unix.O_APPEND, 8}, {unix.O_DSYNC, 0x10}, {unix.O_EXCL, 0x20},
		{unix.O_NONBLOCK, 0x40}, {unix.O_TRUNC, 0x100}, {unix.O_DIRECT, 0x200},
		{unix.O_DIRECTORY, 0x400}, {unix.O_LARGEFILE, 0x800}, {unix.O_CLOEXEC, 0x1000},
	} {
		if k&m.k != 0 {
			f |= m.p
		}
	}
	// O_SYNC contains O_DSYNC's bit.
	if k&unix.O_SYNC == unix.O_SYNC {
		f |= 0x80
	}
	return f
}
