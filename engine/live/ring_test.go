package live

import (
	"encoding/binary"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/sakerhq/saker/engine/event"
)

// fakeRing is an in-memory ring with the driver's layout: a control page and
// a data area whose second half mirrors the first, as the double mapping does.
type fakeRing struct {
	ctl, data []byte
	size      uint64
	head      uint64 // written, not necessarily published
}

func newFakeRing(t *testing.T, size uint64) *fakeRing {
	t.Helper()
	// uint64 backing keeps the control words 8-byte aligned for atomics.
	words := make([]uint64, 4096/8)
	ctl := unsafe.Slice((*byte)(unsafe.Pointer(&words[0])), 4096)
	binary.LittleEndian.PutUint32(ctl[CtlMagic:], Magic)
	binary.LittleEndian.PutUint32(ctl[CtlVersion:], ABIVersion)
	binary.LittleEndian.PutUint64(ctl[CtlDataSize:], size)
	return &fakeRing{ctl: ctl, data: make([]byte, 2*size), size: size}
}

func (f *fakeRing) word(off int) *uint64 { return (*uint64)(unsafe.Pointer(&f.ctl[off])) }

// write appends an event the way the producer does, without publishing it.
func (f *fakeRing) write(t *testing.T, ev []byte) {
	t.Helper()
	tail := atomic.LoadUint64(f.word(CtlTail))
	if f.head-tail+uint64(len(ev)) > f.size {
		t.Fatalf("fake ring full: head %d tail %d, event %d bytes", f.head, tail, len(ev))
	}
	for i, b := range ev {
		pos := (f.head + uint64(i)) & (f.size - 1)
		f.data[pos] = b
		f.data[pos+f.size] = b
	}
	f.head += uint64(len(ev))
}

func (f *fakeRing) publish() { atomic.StoreUint64(f.word(CtlHead), f.head) }

func buildEvent(t *testing.T, typ event.Type, ts uint64, tid int64, params ...[]byte) []byte {
	t.Helper()
	b, err := event.Build(nil, typ, ts, tid, params...)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func testSource(t *testing.T, fakes ...*fakeRing) *Source {
	t.Helper()
	s := &Source{fd: -1, interval: time.Millisecond, wait: 50 * time.Millisecond}
	for i, f := range fakes {
		r, err := newRing(uint16(i), f.ctl, f.data)
		if err != nil {
			t.Fatal(err)
		}
		s.rings = append(s.rings, r)
	}
	s.waitFn = func(time.Duration) error { return nil }
	return s
}

// next returns the next event decoded, or fails the test.
func next(t *testing.T, s *Source) (uint16, *event.Event) {
	t.Helper()
	cpu, raw, err := s.Next()
	if err != nil {
		t.Fatalf("Next: %v", err)
	}
	var e event.Event
	if err := e.Decode(raw); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return cpu, &e
}

func TestRingWrapKeepsEventsContiguous(t *testing.T) {
	f := newFakeRing(t, 256)
	s := testSource(t, f)
	// Each path is long enough that a few events wrap the 256-byte ring.
	paths := []string{"/etc/shadow", "/var/log/some/longer/path/name", "/x", "/etc/passwd-and-more-bytes-here"}
	for round := 0; round < 20; round++ {
		p := paths[round%len(paths)]
		ev := buildEvent(t, event.SyscallOpenatV2X, uint64(1000+round), 42,
			event.EncInt64(3), event.EncInt64(-100), event.EncString(p),
			event.EncUint32(1), event.EncUint32(0), event.EncUint32(0x801), event.EncUint64(77))
		f.write(t, ev)
		f.publish()
		_, e := next(t, s)
		if e.Type() != event.SyscallOpenatV2X || e.Ts() != uint64(1000+round) {
			t.Fatalf("round %d: got type %d ts %d", round, e.Type(), e.Ts())
		}
		if got := string(e.Str(2)); got != p {
			t.Fatalf("round %d: name %q, want %q (head %d)", round, got, p, f.head)
		}
	}
	// The producer gets its space back as the consumer moves on.
	if _, _, err := s.Next(); !errors.Is(err, ErrTimeout) {
		t.Fatalf("drained ring: err %v, want ErrTimeout", err)
	}
	if tail := atomic.LoadUint64(f.word(CtlTail)); tail != f.head {
		t.Fatalf("tail %d after draining, want head %d", tail, f.head)
	}
	if f.head < 2*f.size {
		t.Fatalf("test did not wrap: wrote %d bytes into %d", f.head, f.size)
	}
}

func TestMergeOrdersCPUsByTimestamp(t *testing.T) {
	a, b, c := newFakeRing(t, 4096), newFakeRing(t, 4096), newFakeRing(t, 4096)
	for _, x := range []struct {
		f  *fakeRing
		ts []uint64
	}{{a, []uint64{1, 5, 9}}, {b, []uint64{2, 3, 10}}, {c, []uint64{4, 6, 7, 8}}} {
		for _, ts := range x.ts {
			x.f.write(t, buildEvent(t, event.SyscallCloseX, ts, int64(ts), event.EncInt64(0), event.EncInt64(3)))
		}
		x.f.publish()
	}
	s := testSource(t, a, b, c)
	wantCPU := map[uint64]uint16{1: 0, 5: 0, 9: 0, 2: 1, 3: 1, 10: 1, 4: 2, 6: 2, 7: 2, 8: 2}
	for ts := uint64(1); ts <= 10; ts++ {
		cpu, e := next(t, s)
		if e.Ts() != ts || cpu != wantCPU[ts] {
			t.Fatalf("got ts %d from cpu %d, want ts %d from cpu %d", e.Ts(), cpu, ts, wantCPU[ts])
		}
	}
}

// A clone event published on one CPU just after the consumer loaded that
// CPU's head must still come out before the child's event on another CPU,
// although the child's event was visible first.
func TestMergeKeepsForkBeforeChild(t *testing.T) {
	parent, child := newFakeRing(t, 4096), newFakeRing(t, 4096)
	s := testSource(t, parent, child)
	clone := buildEvent(t, event.SyscallClone20X, 10, 101)
	first := buildEvent(t, event.SyscallExecve19E, 20, 101, event.EncString("/bin/true"))
	child.write(t, first)
	child.publish()
	if _, err := s.refresh(); err != nil { // the consumer sees the child's ring...
		t.Fatal(err)
	}
	parent.write(t, clone) // ...and only then does the parent's publication land
	parent.publish()
	_, e := next(t, s)
	if e.Type() != event.SyscallClone20X {
		t.Fatalf("first event is type %d ts %d, want the clone exit", e.Type(), e.Ts())
	}
	_, e = next(t, s)
	if e.Type() != event.SyscallExecve19E {
		t.Fatalf("second event is type %d, want the child's execve", e.Type())
	}
}

func TestCorruptRingIsAnError(t *testing.T) {
	f := newFakeRing(t, 4096)
	ev := buildEvent(t, event.SyscallCloseX, 1, 1, event.EncInt64(0), event.EncInt64(3))
	binary.LittleEndian.PutUint32(ev[16:], 5000) // longer than what is published
	f.write(t, ev)
	f.publish()
	s := testSource(t, f)
	_, _, err := s.Next()
	if err == nil || !strings.Contains(err.Error(), "cpu 0: ring offset 0: event length 5000") {
		t.Fatalf("err = %v", err)
	}

	g := newFakeRing(t, 4096)
	atomic.StoreUint64(g.word(CtlHead), 1<<20) // head further ahead than the ring holds
	s = testSource(t, g)
	if _, _, err := s.Next(); err == nil || !strings.Contains(err.Error(), "more than the 4096-byte ring") {
		t.Fatalf("err = %v", err)
	}
}

func TestNewRingRejectsBadLayouts(t *testing.T) {
	f := newFakeRing(t, 4096)
	if _, err := newRing(0, f.ctl, f.data[:4096]); err == nil {
		t.Error("single mapping accepted")
	}
	binary.LittleEndian.PutUint32(f.ctl[CtlVersion:], ABIVersion+1)
	if _, err := newRing(0, f.ctl, f.data); err == nil || !strings.Contains(err.Error(), "ABI version") {
		t.Errorf("wrong version: err %v", err)
	}
	binary.LittleEndian.PutUint32(f.ctl[CtlMagic:], 0)
	if _, err := newRing(0, f.ctl, f.data); err == nil || !strings.Contains(err.Error(), "magic") {
		t.Errorf("wrong magic: err %v", err)
	}
}

func TestStatsFromControlPage(t *testing.T) {
	f := newFakeRing(t, 4096)
	atomic.StoreUint64(f.word(CtlEvents), 7)
	atomic.StoreUint64(f.word(CtlDropFull), 2)
	atomic.StoreUint64(f.word(CtlFiltered), 99)
	atomic.StoreUint64(f.word(CtlNesting), 1)
	s := testSource(t, f)
	got := s.CPUStats()[0]
	if got != (Stats{Events: 7, DropFull: 2, Filtered: 99, Nesting: 1}) {
		t.Fatalf("stats %+v", got)
	}
}

// The ioctl numbers must match Linux's _IOR/_IOW encoding of the structs.
func TestIoctlNumbers(t *testing.T) {
	if got := unsafe.Sizeof(Info{}); got != InfoSize {
		t.Errorf("Info is %d bytes, ABI says %d", got, InfoSize)
	}
	if got := unsafe.Sizeof(Stats{}); got != StatsSize {
		t.Errorf("Stats is %d bytes, ABI says %d", got, StatsSize)
	}
	// _IOR(0xb5, 1, 32) and _IOW(0xb5, 4, 64), worked out by hand.
	if IocInfo != 0x8020b501 || IocSetFilter != 0x4040b504 || IocEnable != 0xb502 {
		t.Errorf("ioctl numbers %#x %#x %#x", IocInfo, IocSetFilter, IocEnable)
	}
}
