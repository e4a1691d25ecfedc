package live

// The saker.ko user ABI. These constants are the source of truth: the
// generator in driver/gen writes them into driver/saker_events.h, so the C
// side cannot drift from what this package reads.

// ABIVersion is bumped on any incompatible change to the layout below or to
// the ioctl structs. The driver refuses nothing on a mismatch; Open does.
const ABIVersion = 1

// Magic is the first word of every per-CPU control page ("SKR1").
const Magic = 0x31524b53

// DevicePath is the character device the driver registers.
const DevicePath = "/dev/saker"

// Control page layout: one page per CPU, shared read-write with the consumer.
// The producer owns everything but Tail; the consumer owns only Tail. Head
// and Tail sit on their own cache lines so the two sides do not false-share.
const (
	CtlMagic    = 0   // u32
	CtlVersion  = 4   // u32
	CtlDataSize = 8   // u64, bytes in the data area (a power of two)
	CtlHead     = 64  // u64, bytes ever written (producer)
	CtlTail     = 128 // u64, bytes ever consumed (consumer)
	CtlEvents   = 192 // u64, events written
	CtlDropFull = 200 // u64, events dropped because the ring was full
	CtlFiltered = 208 // u64, events skipped by the type filter
	CtlNesting  = 216 // u64, events dropped because the CPU was already writing
	CtlCtlSize  = 256 // bytes of the page that carry meaning
)

// Mapping layout per CPU, at offset cpu*RegionSize in /dev/saker: the control
// page, then the data pages mapped twice back to back, so an event that wraps
// around the end of the data area is still contiguous in the mapping.

// FilterWords is the size of the event type bitmap, in 64-bit words.
const FilterWords = 8

// MaxSnaplen bounds the snaplen ioctl (read/write payload bytes).
const MaxSnaplen = 65000

// Info is what IocInfo returns (struct saker_info, 32 bytes).
type Info struct {
	ABI        uint32
	NumCPUs    uint32 // nr_cpu_ids: rings are indexed 0..NumCPUs-1
	DataSize   uint64 // bytes of the data area of each ring
	RegionSize uint64 // bytes of one CPU's mmap region
	PageSize   uint32
	Pad        uint32
}

// InfoSize is sizeof(struct saker_info).
const InfoSize = 32

// Stats are the counters summed over all CPUs (struct saker_stats).
type Stats struct {
	Events   uint64
	DropFull uint64
	Filtered uint64
	Nesting  uint64
}

// StatsSize is sizeof(struct saker_stats).
const StatsSize = 32

// FilterSize is sizeof(struct saker_filter): the type bitmap.
const FilterSize = FilterWords * 8

const iocMagic = 0xb5

// Linux generic ioctl encoding (asm-generic/ioctl.h, x86 and arm64).
func ioc(dir, nr, size uintptr) uintptr { return dir<<30 | size<<16 | iocMagic<<8 | nr }

const (
	iocNone  = 0
	iocWrite = 1
	iocRead  = 2
)

// Ioctl request numbers of /dev/saker.
var (
	IocInfo       = ioc(iocRead, 1, InfoSize)
	IocEnable     = ioc(iocNone, 2, 0)
	IocDisable    = ioc(iocNone, 3, 0)
	IocSetFilter  = ioc(iocWrite, 4, FilterSize)
	IocSetSnaplen = ioc(iocWrite, 5, 4)
	IocIgnoreTgid = ioc(iocWrite, 6, 4)
	IocSetWakeup  = ioc(iocWrite, 7, 4)
	IocStats      = ioc(iocRead, 8, StatsSize)
)
