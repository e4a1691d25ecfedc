package scap

import "fmt"

// Block type numbers. They are ABI values shared with libscap and must never
// change. The *Int values are the numbers libscap used before its first
// public release; old captures still carry them.
const (
	BlockSection = 0x0A0D0D0A

	BlockMachine    = 0x201
	BlockMachineInt = 0x8002ABCD

	BlockProcV1    = 0x202
	BlockProcV1Int = 0x8000ABCD
	BlockProcV2    = 0x207
	BlockProcV2Int = 0x8013ABCD
	BlockProcV3    = 0x209
	BlockProcV3Int = 0x8014ABCD
	BlockProcV4    = 0x210
	BlockProcV5    = 0x211
	BlockProcV6    = 0x212
	BlockProcV7    = 0x213
	BlockProcV8    = 0x214
	BlockProcV9    = 0x215

	BlockFDList    = 0x203
	BlockFDListInt = 0x8001ABCD
	BlockFDListV2  = 0x218

	BlockEvent         = 0x204
	BlockEventInt      = 0x8010ABCD
	BlockEventV2       = 0x216
	BlockEventV2Large  = 0x221
	BlockEventF        = 0x208
	BlockEventFV2      = 0x217
	BlockEventFV2Large = 0x222

	BlockIfList    = 0x205
	BlockIfListInt = 0x8011ABCD
	BlockIfListV2  = 0x219

	BlockUserList    = 0x206
	BlockUserListInt = 0x8012ABCD
	BlockUserListV2  = 0x220
)

const (
	byteOrderMagic        = 0x1A2B3C4D
	byteOrderMagicSwapped = 0x4D3C2B1A

	// The version our writer stamps; it is what libscap has written since
	// 2019 and what sysdig 0.29 expects.
	writeMajor = 1
	writeMinor = 2
	maxMajor   = 1

	blockHeaderLen = 8
	trailerLen     = 4
	sectionBodyLen = 16 // magic u32, major u16, minor u16, section length u64
	machineBodyLen = 180

	// EvHeaderLen is the size of the packed ppm event header that starts
	// every Record.Event: ts u64, tid u64, len u32, type u16, nparams u32.
	EvHeaderLen   = 26
	evHeaderLenV1 = 22 // the same without nparams

	// libscap refuses non-large event blocks whose body exceeds its 64 KiB
	// read buffer; we apply the same rule so both sides agree.
	maxSmallEventBody = 65536
)

// MaxBlockSize bounds the total length of any single block. Real process
// lists of very large hosts stay well under it; anything bigger is treated
// as corruption rather than buffered.
const MaxBlockSize = 256 << 20

// Limits libscap enforces when it reads strings back; the writer refuses to
// produce files libscap would reject.
const (
	maxPathLen        = 1024
	maxArgsLen        = 4096
	maxEnvLen         = 4096
	maxCgroupsLen     = 4096
	maxCredentialsLen = 256
	hostnameLen       = 128
)

// Event type numbers this package needs for the old-capture conversion.
const (
	evNotificationE   = 280
	evInfrastructureE = 286
)

// Kind says what a Record carries.
type Kind uint8

const (
	KindEvent Kind = iota + 1
	KindSection
	KindMachine
	KindProcess
	KindFDList
	KindUser
	KindGroup
	KindInterfaces
)

func (k Kind) String() string {
	switch k {
	case KindEvent:
		return "event"
	case KindSection:
		return "section"
	case KindMachine:
		return "machine"
	case KindProcess:
		return "process"
	case KindFDList:
		return "fdlist"
	case KindUser:
		return "user"
	case KindGroup:
		return "group"
	case KindInterfaces:
		return "interfaces"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// FDType is the scap file-descriptor type stored in fd lists (SCAP_FD_*).
type FDType uint8

// ABI values; FDFileV2 carries open flags and device, FDFile only a name.
const (
	FDUnknown     FDType = 0
	FDFile        FDType = 1
	FDDirectory   FDType = 2
	FDIPv4Sock    FDType = 3
	FDIPv6Sock    FDType = 4
	FDIPv4Server  FDType = 5
	FDIPv6Server  FDType = 6
	FDFifo        FDType = 7
	FDUnixSock    FDType = 8
	FDEvent       FDType = 9
	FDUnsupported FDType = 10
	FDSignalFD    FDType = 11
	FDEventPoll   FDType = 12
	FDInotify     FDType = 13
	FDTimerFD     FDType = 14
	FDNetlink     FDType = 15
	FDFileV2      FDType = 16
	FDBPF         FDType = 17
	FDUserfaultFD FDType = 18
	FDIOUring     FDType = 19
	FDMemFD       FDType = 20
	FDPidFD       FDType = 21
)

// nameOnly reports whether the type's body is just a length-prefixed name.
func (t FDType) nameOnly() bool {
	switch t {
	case FDFile, FDDirectory, FDFifo, FDEvent, FDUnsupported, FDSignalFD,
		FDEventPoll, FDInotify, FDTimerFD, FDNetlink, FDBPF, FDUserfaultFD,
		FDIOUring, FDMemFD, FDPidFD:
		return true
	}
	return false
}

// Interface entry types (SCAP_II_*).
const (
	ifIPv4            = 1
	ifIPv6            = 2
	ifIPv4NoLinkSpeed = 3
	ifIPv6NoLinkSpeed = 4
)

// User list entry types.
const (
	userEntry  = 0
	groupEntry = 1
)

// BlockName gives a short human name for a block type, used in errors.
func BlockName(bt uint32) string {
	switch bt {
	case BlockSection:
		return "section header"
	case BlockMachine, BlockMachineInt:
		return "machine info"
	case BlockProcV1, BlockProcV1Int:
		return "process list v1"
	case BlockProcV2, BlockProcV2Int:
		return "process list v2"
	case BlockProcV3, BlockProcV3Int:
		return "process list v3"
	case BlockProcV4:
		return "process list v4"
	case BlockProcV5:
		return "process list v5"
	case BlockProcV6:
		return "process list v6"
	case BlockProcV7:
		return "process list v7"
	case BlockProcV8:
		return "process list v8"
	case BlockProcV9:
		return "process list v9"
	case BlockFDList, BlockFDListInt:
		return "fd list"
	case BlockFDListV2:
		return "fd list v2"
	case BlockEvent, BlockEventInt:
		return "event"
	case BlockEventV2:
		return "event v2"
	case BlockEventV2Large:
		return "event v2 large"
	case BlockEventF:
		return "event with flags"
	case BlockEventFV2:
		return "event with flags v2"
	case BlockEventFV2Large:
		return "event with flags v2 large"
	case BlockIfList, BlockIfListInt:
		return "interface list"
	case BlockIfListV2:
		return "interface list v2"
	case BlockUserList, BlockUserListInt:
		return "user list"
	case BlockUserListV2:
		return "user list v2"
	}
	return "unknown"
}

// procVersion maps a process-list block type to its layout version (1..9),
// or 0 if the type is not a process list.
func procVersion(bt uint32) int {
	switch bt {
	case BlockProcV1, BlockProcV1Int:
		return 1
	case BlockProcV2, BlockProcV2Int:
		return 2
	case BlockProcV3, BlockProcV3Int:
		return 3
	case BlockProcV4:
		return 4
	case BlockProcV5:
		return 5
	case BlockProcV6:
		return 6
	case BlockProcV7:
		return 7
	case BlockProcV8:
		return 8
	case BlockProcV9:
		return 9
	}
	return 0
}

// FormatError reports malformed or truncated capture data. Offset is the
// byte offset in the decompressed stream where the problem was found and
// BlockType the block being decoded (0 while reading a block header).
type FormatError struct {
	File      string
	Offset    int64
	BlockType uint32
	Msg       string
	Err       error
}

func (e *FormatError) Error() string {
	blk := "block header"
	if e.BlockType != 0 {
		blk = fmt.Sprintf("block %#x (%s)", e.BlockType, BlockName(e.BlockType))
	}
	s := fmt.Sprintf("%s: offset %d: %s: %s", e.File, e.Offset, blk, e.Msg)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *FormatError) Unwrap() error { return e.Err }
