package scap

import (
	"net/netip"
)

func decodeSection(c *cursor) *SectionHeader {
	magic := c.u32("byte-order magic")
	major := c.u16("major version")
	minor := c.u16("minor version")
	length := c.u64("section length")
	if c.err != nil {
		return nil
	}
	switch {
	case magic == byteOrderMagicSwapped:
		c.i = 0
		c.failf("big-endian captures are not supported (byte-order magic %#x)", magic)
		return nil
	case magic != byteOrderMagic:
		c.i = 0
		c.failf("bad byte-order magic %#x", magic)
		return nil
	case major > maxMajor:
		c.i = 4
		c.failf("unsupported format version %d.%d", major, minor)
		return nil
	}
	// Anything after the fixed part is pcapng-style options; skip them.
	return &SectionHeader{Major: major, Minor: minor, SectionLength: length}
}

func decodeMachine(c *cursor) *MachineInfo {
	m := &MachineInfo{}
	m.NumCPUs = c.u32("num_cpus")
	m.MemoryBytes = c.u64("memory size")
	m.MaxCPUFrequency = c.u64("max cpu frequency")
	m.Hostname = cString(c.bytes(hostnameLen, "hostname"))
	if c.err != nil {
		return nil
	}
	// The trailing u64 slots were reserved in older writers; read what is there.
	for _, f := range []*uint64{&m.BootTsEpoch, &m.Flags, &m.Reserved3, &m.Reserved4} {
		if c.left() < 8 {
			break
		}
		*f = c.u64("machine reserved")
	}
	return m
}

// decodeProc decodes one process entry of a block of layout version ver.
// For v9, c is bounded to the entry, its length prefix already consumed, so
// c.left() tells which optional trailing fields are present.
func decodeProc(c *cursor, ver int) *Process {
	p := &Process{Sid: -1, Vpgid: -1, Pgid: -1, Vtid: -1, Vpid: -1, LoginUID: ^uint32(0)}
	p.Tid = int64(c.u64("tid"))
	p.Pid = int64(c.u64("pid"))
	p.Ptid = int64(c.u64("ptid"))
	if ver >= 6 {
		p.Sid = int64(c.u64("sid"))
	}
	if ver >= 8 {
		p.Vpgid = int64(c.u64("vpgid"))
	}
	p.Comm = string(c.str16("comm"))
	p.Exe = string(c.str16("exe"))
	if ver >= 7 {
		p.ExePath = string(c.str16("exepath"))
	}
	p.Args = splitNul(c.str16("args"))
	p.Cwd = string(c.str16("cwd"))
	p.FDLimit = int64(c.u64("fdlimit"))
	p.Flags = c.u32("flags")
	p.UID = c.u32("uid")
	p.GID = c.u32("gid")
	if ver >= 2 {
		p.VMSize = uint64(c.u32("vmsize"))
		p.VMRSS = uint64(c.u32("vmrss"))
		p.VMSwap = uint64(c.u32("vmswap"))
		p.PFMajor = c.u64("pfmajor")
		p.PFMinor = c.u64("pfminor")
	}
	if ver >= 3 {
		p.Env = splitNul(c.str16("env"))
	}
	if ver >= 4 {
		p.Vtid = int64(c.u64("vtid"))
		p.Vpid = int64(c.u64("vpid"))
		p.Cgroups = splitNul(c.str16("cgroups"))
	}
	if ver >= 5 {
		p.Root = string(c.str16("root"))
	}
	if c.err != nil || ver < 9 {
		return p
	}

	// v9 appends optional fields, present only while the entry has room.
	// libs 0.10 inserted pidns_init_start_ts and tty before loginuid; an
	// entry whose remainder fits in the older 29-byte tail (loginuid,
	// exe_writable, three capability sets) uses the older layout.
	if c.left() > 29 {
		if c.left() >= 8 {
			p.PidNsInitStartTs = c.u64("pidns_init_start_ts")
		}
		if c.left() >= 4 {
			p.Tty = c.u32("tty")
		}
	}
	if c.left() >= 4 {
		p.LoginUID = c.u32("loginuid")
	}
	if c.left() >= 1 {
		p.ExeWritable = c.u8("exe_writable") != 0
	}
	if c.left() >= 8 {
		p.CapInheritable = c.u64("cap_inheritable")
	}
	if c.left() >= 8 {
		p.CapPermitted = c.u64("cap_permitted")
	}
	if c.left() >= 8 {
		p.CapEffective = c.u64("cap_effective")
	}
	if c.left() >= 1 {
		p.ExeUpperLayer = c.u8("exe_upper_layer") != 0
	}
	if c.left() >= 8 {
		p.ExeIno = c.u64("exe_ino")
	}
	if c.left() >= 8 {
		p.ExeInoCtime = c.u64("exe_ino_ctime")
	}
	if c.left() >= 8 {
		p.ExeInoMtime = c.u64("exe_ino_mtime")
	}
	if c.left() >= 1 {
		p.ExeFromMemfd = c.u8("exe_from_memfd") != 0
	}
	if c.left() >= 1 {
		p.ExeLowerLayer = c.u8("exe_lower_layer") != 0
	}
	if c.left() >= 8 {
		p.Pgid = int64(c.u64("pgid"))
	}
	// Whatever remains belongs to fields newer than this package.
	return p
}

func addr4(b []byte) netip.Addr {
	if len(b) < 4 {
		return netip.Addr{}
	}
	return netip.AddrFrom4([4]byte(b[:4]))
}

func addr16(b []byte) netip.Addr {
	if len(b) < 16 {
		return netip.Addr{}
	}
	return netip.AddrFrom16([16]byte(b[:16]))
}

// decodeFD decodes the type-specific part of an fd entry. It returns false
// for a type this package does not know, leaving c where the body starts.
func decodeFD(c *cursor, fd *FD, v2 bool) bool {
	switch fd.Type {
	case FDIPv4Sock:
		fd.SIP = addr4(c.bytes(4, "source ip"))
		fd.DIP = addr4(c.bytes(4, "destination ip"))
		fd.SPort = c.u16("source port")
		fd.DPort = c.u16("destination port")
		fd.L4Proto = c.u8("l4 protocol")
	case FDIPv4Server:
		fd.SIP = addr4(c.bytes(4, "server ip"))
		fd.SPort = c.u16("server port")
		fd.L4Proto = c.u8("l4 protocol")
	case FDIPv6Sock:
		fd.SIP = addr16(c.bytes(16, "source ip"))
		fd.DIP = addr16(c.bytes(16, "destination ip"))
		fd.SPort = c.u16("source port")
		fd.DPort = c.u16("destination port")
		fd.L4Proto = c.u8("l4 protocol")
	case FDIPv6Server:
		fd.SIP = addr16(c.bytes(16, "server ip"))
		fd.SPort = c.u16("server port")
		fd.L4Proto = c.u8("l4 protocol")
	case FDUnixSock:
		fd.UnixSource = c.u64("unix source")
		fd.UnixDest = c.u64("unix destination")
		fd.Name = string(c.str16("unix path"))
	case FDFileV2:
		fd.Flags = c.u32("open flags")
		fd.Name = string(c.str16("file name"))
		// The device was appended later; only entries with a length carry it.
		if v2 && c.left() >= 4 {
			fd.Dev = c.u32("device")
		}
	case FDUnknown:
		// Old writers stored unknown fds with no body at all.
	default:
		if !fd.Type.nameOnly() {
			return false
		}
		fd.Name = string(c.str16("fd name"))
	}
	return true
}
