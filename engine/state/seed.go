package state

import (
	"net/netip"

	"github.com/sakerhq/saker/engine/scap"
)

// fdTypeFromScap maps capture fd types (SCAP_FD_*) to ours.
func fdTypeFromScap(t scap.FDType) (FDType, bool) {
	switch t {
	case scap.FDFile, scap.FDFileV2:
		return FDFile, true
	case scap.FDDirectory:
		return FDDirectory, true
	case scap.FDIPv4Sock:
		return FDIPv4Sock, true
	case scap.FDIPv6Sock:
		return FDIPv6Sock, true
	case scap.FDIPv4Server:
		return FDIPv4Server, true
	case scap.FDIPv6Server:
		return FDIPv6Server, true
	case scap.FDFifo:
		return FDPipe, true
	case scap.FDUnixSock:
		return FDUnixSock, true
	case scap.FDEvent:
		return FDEvent, true
	case scap.FDUnsupported:
		return FDUnsupported, true
	case scap.FDSignalFD:
		return FDSignalfd, true
	case scap.FDEventPoll:
		return FDEventPoll, true
	case scap.FDInotify:
		return FDInotify, true
	case scap.FDTimerFD:
		return FDTimerfd, true
	case scap.FDNetlink:
		return FDNetlink, true
	case scap.FDBPF:
		return FDBPF, true
	case scap.FDUserfaultFD:
		return FDUserfaultfd, true
	case scap.FDIOUring:
		return FDIOUring, true
	case scap.FDMemFD:
		return FDMemfd, true
	case scap.FDPidFD:
		return FDPidfd, true
	}
	return FDUnknown, false
}

// fdFromScap converts one fd-list entry, naming it as libsinsp names fds
// read from /proc. It returns nil for types the tracker does not keep.
func fdFromScap(s *scap.FD) *FD {
	typ, ok := fdTypeFromScap(s.Type)
	if !ok {
		return nil
	}
	fd := &FD{Num: s.Num, Type: typ, Ino: s.Ino, Name: s.Name}
	switch typ {
	case FDFile:
		if s.Type == scap.FDFileV2 {
			fd.OpenFlags = s.Flags
			fd.Dev = s.Dev
		}
	case FDIPv4Sock, FDIPv6Sock:
		fd.L4Proto = l4FromScap(s.L4Proto)
		fd.SIP, fd.DIP = s.SIP, s.DIP
		fd.SPort, fd.DPort = s.SPort, s.DPort
		fd.Family = afInet
		if typ == FDIPv6Sock {
			s4, sok := unmap(s.SIP)
			d4, dok := unmap(s.DIP)
			if sok && dok {
				fd.Type = FDIPv4Sock
				fd.SIP, fd.DIP = s4, d4
			} else {
				fd.Family = afInet6
			}
		}
		if fd.Type == FDIPv4Sock {
			fd.fromProc = true
		}
		fd.Name = inetTupleName(&FD{Type: fd.Type, SIP: fd.SIP, DIP: fd.DIP, SPort: fd.SPort, DPort: fd.DPort})
	case FDIPv4Server, FDIPv6Server:
		fd.L4Proto = l4FromScap(s.L4Proto)
		fd.SIP, fd.SPort = s.SIP, s.SPort
		fd.Family = afInet
		if typ == FDIPv6Server {
			fd.Family = afInet6
		}
		fd.Name = serverName(fd)
		fd.setRole(roleServer)
	case FDUnixSock:
		fd.Family = afUnix
		fd.UnixSource, fd.UnixDest = s.UnixSource, s.UnixDest
		if fd.Name == "" {
			fd.setRole(roleClient)
		} else {
			fd.setRole(roleServer)
		}
	}
	return fd
}

// unmap returns the IPv4 address of an IPv4-mapped (or unspecified) IPv6
// address, the way libsinsp folds such sockets into IPv4 ones.
func unmap(a netip.Addr) (netip.Addr, bool) {
	if !a.IsValid() {
		return netip.IPv4Unspecified(), true
	}
	if a.Is4() {
		return a, true
	}
	b := a.As16()
	return mapped4(b[:])
}

// l4FromScap converts an fd list's protocol (scap numbers it from 2: TCP,
// UDP, ICMP, raw; 1 is "not a socket") to the tracker's numbering.
func l4FromScap(p uint8) uint8 {
	if p >= 2 && p <= 5 {
		return p - 1
	}
	return l4Unknown
}
