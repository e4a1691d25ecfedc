package scap

import "net/netip"

// SectionHeader is the body of a section header block.
type SectionHeader struct {
	Major, Minor uint16
	// SectionLength is all ones when unknown, which is what writers use.
	SectionLength uint64
}

// Record is one item read from a capture. The Reader reuses the same Record
// and the bytes behind Event for every call to Next; metadata pointers
// (Proc, FDs, ...) are freshly allocated and may be kept.
type Record struct {
	Kind      Kind
	Offset    int64 // offset of the block in the decompressed stream
	BlockType uint32

	// KindEvent.
	CPU   uint16
	Flags uint32 // event flags from EVF blocks, 0 otherwise
	// Large is set for EV*_V2_LARGE blocks, which libscap uses for events
	// whose body exceeds 64 KiB. It does not change the event layout.
	Large bool
	// Event is the raw ppm event: the 26-byte header (ts, tid, len, type,
	// nparams; little endian, packed), the parameter lengths and the
	// parameters. Events from old blocks without nparams are converted in
	// place. Event aliases the reader's buffer.
	Event []byte

	Section *SectionHeader // KindSection: a later section (concatenated captures)
	Machine *MachineInfo
	Proc    *Process
	FDs     *FDList
	User    *User
	Group   *Group
	Ifaces  *Interfaces
}

// Process is one entry of a process-list block. Fields that the block's
// version does not carry keep libscap's defaults (-1 for the virtual and
// session ids, all ones for LoginUID, zero otherwise).
type Process struct {
	Tid, Pid, Ptid int64
	Sid            int64 // v6+
	Vpgid          int64 // v8+
	Pgid           int64 // newest v9 entries only
	Comm           string
	Exe            string // argv[0]
	ExePath        string // v7+, resolved executable path
	Args           []string
	Cwd            string
	FDLimit        int64
	Flags          uint32
	UID, GID       uint32
	// Memory sizes are in KiB (stored as u32); page faults are counters.
	VMSize, VMRSS, VMSwap uint64   // v2+
	PFMajor, PFMinor      uint64   // v2+
	Env                   []string // v3+
	Vtid, Vpid            int64    // v4+
	Cgroups               []string // v4+, "subsys=path" entries
	Root                  string   // v5+

	// The following exist only in v9 entries and only when the entry is
	// long enough to hold them.
	PidNsInitStartTs uint64 // libs >= 0.10 layout
	Tty              uint32 // libs >= 0.10 layout
	LoginUID         uint32
	ExeWritable      bool
	CapInheritable   uint64
	CapPermitted     uint64
	CapEffective     uint64
	ExeUpperLayer    bool
	ExeIno           uint64
	ExeInoCtime      uint64
	ExeInoMtime      uint64
	ExeFromMemfd     bool
	ExeLowerLayer    bool
}

// FD is one entry of an fd-list block.
type FD struct {
	Num  int64
	Type FDType
	Ino  uint64
	// Flags are the open flags (FDFileV2 only).
	Flags uint32
	// Name is the path for files and unix sockets, the descriptive name for
	// the other name-only types, empty for inet sockets.
	Name string
	// Dev is the device number (FDFileV2, when the entry carries it).
	Dev uint32
	// Inet sockets: source and destination. Server sockets use SIP/SPort
	// for the listening address.
	SIP, DIP     netip.Addr
	SPort, DPort uint16
	L4Proto      uint8
	// Unix sockets: kernel addresses of the two ends.
	UnixSource, UnixDest uint64
}

// FDList is the content of one fd-list block: the fds of one thread.
type FDList struct {
	Tid int64
	FDs []FD
}

// User is one user entry of a user-list block.
type User struct {
	UID, GID uint32
	Name     string
	HomeDir  string
	Shell    string
}

// Group is one group entry of a user-list block.
type Group struct {
	GID  uint32
	Name string
}

// Interfaces is the content of an interface-list block.
type Interfaces struct {
	V4 []IfaceV4
	V6 []IfaceV6
}

// IfaceV4 is an IPv4 address of a network interface.
type IfaceV4 struct {
	Name                 string
	Addr, Netmask, Bcast netip.Addr
	LinkSpeed            uint64 // 0 when the entry had no link speed
}

// IfaceV6 is an IPv6 address of a network interface.
type IfaceV6 struct {
	Name                 string
	Addr, Netmask, Bcast netip.Addr
	LinkSpeed            uint64
}

// MachineInfo is the body of a machine-info block.
type MachineInfo struct {
	NumCPUs     uint32
	MemoryBytes uint64
	// MaxCPUFrequency is the slot older writers filled with the fastest CPU
	// speed; libs since 2023 store the highest pid number there instead.
	MaxCPUFrequency uint64
	Hostname        string
	BootTsEpoch     uint64 // nanoseconds; reserved (0) in older captures
	Flags           uint64
	Reserved3       uint64
	Reserved4       uint64
}
