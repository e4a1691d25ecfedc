package event

// Type is a scap event type number (PPME_* in the public driver ABI).
type Type uint16

// ParamType says how a parameter's bytes are laid out (PT_* in the ABI).
type ParamType uint8

// The values are ABI numbers and must never change.
const (
	PTNone             ParamType = 0
	PTInt8             ParamType = 1
	PTInt16            ParamType = 2
	PTInt32            ParamType = 3
	PTInt64            ParamType = 4
	PTUint8            ParamType = 5
	PTUint16           ParamType = 6
	PTUint32           ParamType = 7
	PTUint64           ParamType = 8
	PTCharbuf          ParamType = 9
	PTBytebuf          ParamType = 10
	PTErrno            ParamType = 11
	PTSockaddr         ParamType = 12
	PTSocktuple        ParamType = 13
	PTFD               ParamType = 14
	PTPid              ParamType = 15
	PTFDList           ParamType = 16
	PTFSPath           ParamType = 17
	PTSyscallID        ParamType = 18
	PTSigType          ParamType = 19
	PTRelTime          ParamType = 20
	PTAbsTime          ParamType = 21
	PTPort             ParamType = 22
	PTL4Proto          ParamType = 23
	PTSockFamily       ParamType = 24
	PTBool             ParamType = 25
	PTIPv4Addr         ParamType = 26
	PTDyn              ParamType = 27
	PTFlags8           ParamType = 28
	PTFlags16          ParamType = 29
	PTFlags32          ParamType = 30
	PTUID              ParamType = 31
	PTGID              ParamType = 32
	PTDouble           ParamType = 33
	PTSigSet           ParamType = 34
	PTCharbufArray     ParamType = 35
	PTCharbufPairArray ParamType = 36
	PTIPv4Net          ParamType = 37
	PTIPv6Addr         ParamType = 38
	PTIPv6Net          ParamType = 39
	PTIPAddr           ParamType = 40
	PTIPNet            ParamType = 41
	PTMode             ParamType = 42
	PTFSRelPath        ParamType = 43
	PTEnumFlags8       ParamType = 44
	PTEnumFlags16      ParamType = 45
	PTEnumFlags32      ParamType = 46
)

// PrintFormat says how a numeric parameter is rendered (PF_* in the ABI).
type PrintFormat uint8

const (
	PFNA          PrintFormat = 0
	PFDec         PrintFormat = 1
	PFHex         PrintFormat = 2
	PF10PaddedDec PrintFormat = 3
	PFID          PrintFormat = 4
	PFDir         PrintFormat = 5
	PFOct         PrintFormat = 6
)

// Category is the event category (EC_* in the ABI). The IO bits are a mask.
type Category uint32

const (
	CatUnknown    Category = 0
	CatOther      Category = 1
	CatFile       Category = 2
	CatNet        Category = 3
	CatIPC        Category = 4
	CatMemory     Category = 5
	CatProcess    Category = 6
	CatSleep      Category = 7
	CatSystem     Category = 8
	CatSignal     Category = 9
	CatUser       Category = 10
	CatTime       Category = 11
	CatProcessing Category = 12
	CatIORead     Category = 32
	CatIOWrite    Category = 33
	CatIOOther    Category = 34
	CatWait       Category = 64
	CatScheduler  Category = 128
	CatInternal   Category = 256
	CatSyscall    Category = 512
	CatTracepoint Category = 1024
	CatPlugin     Category = 2048
	CatMetaevent  Category = 4096
	CatIter       Category = 8192 // produced by a BPF task/file iterator (initial state scan)
)

// Flags are per-event-type flags (EF_* in the ABI).
type Flags uint32

const (
	FlagCreatesFD      Flags = 1 << 0
	FlagDestroysFD     Flags = 1 << 1
	FlagUsesFD         Flags = 1 << 2
	FlagReadsFromFD    Flags = 1 << 3
	FlagWritesToFD     Flags = 1 << 4
	FlagModifiesState  Flags = 1 << 5
	FlagUnused         Flags = 1 << 6
	FlagWaits          Flags = 1 << 7
	FlagSkipParseReset Flags = 1 << 8
	FlagOldVersion     Flags = 1 << 9
	FlagDropSimpleCons Flags = 1 << 10
	FlagLargePayload   Flags = 1 << 11
	FlagUsesFDNotFirst Flags = 1 << 12
	FlagTmpConverter   Flags = 1 << 13
)

// NameValue names one flag bit or one enumerated value of a parameter.
type NameValue struct {
	Name  string
	Value uint32
}

// ParamInfo describes one parameter of an event type.
type ParamInfo struct {
	Name string
	Type ParamType
	Fmt  PrintFormat
	// Names lists flag bits or enum values for PTFlags*, PTEnumFlags*, PTMode.
	Names []NameValue
	// Dyn lists the alternatives of a PTDyn parameter, chosen by its first byte.
	Dyn []ParamInfo
	// DirFD is the index of the dirfd parameter a PTFSRelPath is relative to, or -1.
	DirFD int8
}

// Info describes one event type: a row of the event table.
type Info struct {
	Name     string
	Category Category
	Flags    Flags
	Params   []ParamInfo
}

// IsEnter reports whether t is the enter half of a syscall pair. Even numbers
// are enter events, odd numbers exit events, throughout the ABI.
func (t Type) IsEnter() bool { return t&1 == 0 }

// Info returns the table row for t, or nil for a type the table lacks.
func (t Type) Info() *Info {
	if int(t) >= len(Table) || Table[t].Name == "" {
		return nil
	}
	return &Table[t]
}
