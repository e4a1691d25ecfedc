// Package live reads events from saker.ko: it maps every CPU's ring of
// /dev/saker, hands out each raw event in place (the same bytes
// event.Event.Decode reads from capture files) and merges the CPUs by
// timestamp.
package live

import (
	"errors"
	"fmt"
	"os"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/sakerhq/saker/engine/event"
)

// ErrTimeout is returned by Next when no event arrived within Options.Wait.
var ErrTimeout = errors.New("live: no event before the wait timed out")

// Options configure Open. The zero value captures every event type.
type Options struct {
	Device string // default DevicePath
	// Types limits capture to these event types; nil means all of them.
	Types []event.Type
	// Snaplen bounds the data of read/write events; 0 keeps the driver's 80.
	Snaplen uint32
	// WakeBytes is the fill level of one ring that wakes a waiting Next;
	// 0 keeps the driver's default (64 KiB). Below it, Next still sees
	// events every PollInterval.
	WakeBytes uint32
	// IgnoreSelf drops the events of the calling process.
	IgnoreSelf bool
	// PollInterval bounds one sleep in poll(2); default 20ms.
	PollInterval time.Duration
	// Wait bounds how long Next waits for an event; 0 waits forever.
	Wait time.Duration
}

// Source is an open capture. It is not safe for concurrent use.
type Source struct {
	fd       int
	maps     [][]byte
	rings    []*ring
	m        merger
	last     *ring // ring of the event Next returned last
	interval time.Duration
	wait     time.Duration
	// waitFn sleeps until data may be there; poll(2) on the device, or a
	// test double.
	waitFn func(d time.Duration) error
}

// Open opens the device, maps every CPU's ring and enables capture.
func Open(opts Options) (*Source, error) {
	dev := opts.Device
	if dev == "" {
		dev = DevicePath
	}
	fd, err := unix.Open(dev, unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", dev, err)
	}
	s := &Source{fd: fd}
	if err := s.setup(dev, opts); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Source) setup(dev string, opts Options) error {
	var info Info
	if err := s.ioctl(IocInfo, unsafe.Pointer(&info)); err != nil {
		return fmt.Errorf("%s: info: %w", dev, err)
	}
	if info.ABI != ABIVersion {
		return fmt.Errorf("%s: driver ABI %d, want %d", dev, info.ABI, ABIVersion)
	}
	if info.PageSize == 0 || info.RegionSize != uint64(info.PageSize)+2*info.DataSize || info.NumCPUs == 0 || info.NumCPUs > 1<<16 {
		return fmt.Errorf("%s: inconsistent driver info %+v", dev, info)
	}
	for cpu := uint32(0); cpu < info.NumCPUs; cpu++ {
		b, err := unix.Mmap(s.fd, int64(cpu)*int64(info.RegionSize), int(info.RegionSize), unix.PROT_READ|unix.PROT_WRITE, unix.MAP_SHARED)
		if errors.Is(err, unix.ENXIO) {
			continue // not a possible CPU
		}
		if err != nil {
			return fmt.Errorf("%s: map cpu %d: %w", dev, cpu, err)
		}
		s.maps = append(s.maps, b)
		r, err := newRing(uint16(cpu), b[:info.PageSize], b[info.PageSize:])
		if err != nil {
			return fmt.Errorf("%s: %w", dev, err)
		}
		s.rings = append(s.rings, r)
	}
	if len(s.rings) == 0 {
		return fmt.Errorf("%s: no CPU ring could be mapped", dev)
	}
	if opts.Types != nil {
		if err := s.SetFilter(opts.Types); err != nil {
			return err
		}
	}
	if opts.Snaplen != 0 {
		v := opts.Snaplen
		if err := s.ioctl(IocSetSnaplen, unsafe.Pointer(&v)); err != nil {
			return fmt.Errorf("%s: snaplen %d: %w", dev, v, err)
		}
	}
	if opts.WakeBytes != 0 {
		v := opts.WakeBytes
		if err := s.ioctl(IocSetWakeup, unsafe.Pointer(&v)); err != nil {
			return fmt.Errorf("%s: wake threshold %d: %w", dev, v, err)
		}
	}
	if opts.IgnoreSelf {
		pid := int32(os.Getpid())
		if err := s.ioctl(IocIgnoreTgid, unsafe.Pointer(&pid)); err != nil {
			return fmt.Errorf("%s: ignore pid %d: %w", dev, pid, err)
		}
	}
	s.interval, s.wait = opts.PollInterval, opts.Wait
	if s.interval <= 0 {
		s.interval = 20 * time.Millisecond
	}
	s.waitFn = s.poll
	if err := s.ioctl(IocEnable, nil); err != nil {
		return fmt.Errorf("%s: enable: %w", dev, err)
	}
	return nil
}

func (s *Source) ioctl(req uintptr, arg unsafe.Pointer) error {
	_, _, errno := unix.Syscall(unix.SYS_IOCTL, uintptr(s.fd), req, uintptr(arg))
	if errno != 0 {
		return errno
	}
	return nil
}

func (s *Source) poll(d time.Duration) error {
	fds := []unix.PollFd{{Fd: int32(s.fd), Events: unix.POLLIN}}
	_, err := unix.Poll(fds, int(d.Milliseconds()))
	if err != nil && !errors.Is(err, unix.EINTR) {
		return fmt.Errorf("poll: %w", err)
	}
	return nil
}

// SetFilter limits capture to the given event types. The driver checks the
// type before it reads anything else of a syscall, so a narrow filter is
// what makes capture cheap.
func (s *Source) SetFilter(types []event.Type) error {
	var bits [FilterWords]uint64
	for _, t := range types {
		if int(t) >= FilterWords*64 {
			return fmt.Errorf("set filter: event type %d out of range", t)
		}
		bits[t/64] |= 1 << (t % 64)
	}
	if err := s.ioctl(IocSetFilter, unsafe.Pointer(&bits)); err != nil {
		return fmt.Errorf("set filter: %w", err)
	}
	return nil
}

// Stats returns the driver's counters, summed over all CPUs.
func (s *Source) Stats() (Stats, error) {
	var st Stats
	if err := s.ioctl(IocStats, unsafe.Pointer(&st)); err != nil {
		return st, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

// CPUStats returns each mapped ring's counters, read from its control page.
func (s *Source) CPUStats() map[uint16]Stats {
	m := make(map[uint16]Stats, len(s.rings))
	for _, r := range s.rings {
		m[r.cpu] = r.stats()
	}
	return m
}

// Next returns the next event in timestamp order and the CPU it was
// recorded on. raw points into the shared ring and stays valid only until
// the following call to Next or Close; copy what must outlive it.
//
// Ordering: an event is handed out only if it was published before the
// previous refresh of every ring's head. Anything that causally precedes it
// (say, the clone event that created its thread) was published earlier
// still, so it is already among the candidates and, having the smaller
// timestamp, comes out first.
func (s *Source) Next() (cpu uint16, raw []byte, err error) {
	if s.last != nil {
		r := s.last
		s.last = nil
		if err := r.release(); err != nil {
			return 0, nil, err
		}
		s.m.fixTop()
	}
	// The clock is read only once there is nothing to hand out: a clock
	// read per event costs more than the event where the clocksource has
	// no vDSO (HPET, as under qemu).
	var deadline time.Time
	for {
		if r := s.m.top(); r != nil && r.servable() {
			s.last = r
			return r.cpu, r.cur, nil
		}
		grew, err := s.refresh()
		if err != nil {
			return 0, nil, err
		}
		if grew || s.m.top() != nil {
			continue
		}
		d := s.interval
		if s.wait > 0 && deadline.IsZero() {
			deadline = time.Now().Add(s.wait)
		}
		if !deadline.IsZero() {
			left := time.Until(deadline)
			if left <= 0 {
				return 0, nil, ErrTimeout
			}
			d = min(d, left)
		}
		if err := s.waitFn(d); err != nil {
			return 0, nil, err
		}
	}
}

// refresh reloads every ring's head and rebuilds the merge heap. grew
// reports whether any ring has new bytes.
func (s *Source) refresh() (grew bool, err error) {
	for _, r := range s.rings {
		old := r.visible
		r.refresh()
		if r.visible != old {
			grew = true
		}
		if r.cur == nil {
			if err := r.peek(); err != nil {
				return false, err
			}
		}
	}
	s.m.rebuild(s.rings)
	return grew, nil
}

// Close disables capture, unmaps the rings and closes the device.
func (s *Source) Close() error {
	var first error
	if s.fd >= 0 {
		_ = s.ioctl(IocDisable, nil)
	}
	for _, b := range s.maps {
		if err := unix.Munmap(b); err != nil && first == nil {
			first = fmt.Errorf("unmap ring: %w", err)
		}
	}
	s.maps, s.rings, s.last = nil, nil, nil
	s.m.h = nil
	if s.fd >= 0 {
		if err := unix.Close(s.fd); err != nil && first == nil {
			first = fmt.Errorf("close device: %w", err)
		}
		s.fd = -1
	}
	return first
}
