package live

import (
	"encoding/binary"
	"fmt"
	"sync/atomic"
	"unsafe"

	"github.com/sakerhq/saker/engine/event"
)

// ring reads one CPU's ring in place. ctl is the shared control page and
// data the data area mapped twice back to back (2*size bytes), so every
// event is one contiguous slice whatever its offset.
//
// visible is the head as of the latest refresh, safe the head as of the one
// before. Only events below safe are handed out (see Source.Next).
type ring struct {
	cpu     uint16
	ctl     []byte
	data    []byte
	size    uint64
	tail    uint64 // consumer position, published to the control page on release
	visible uint64
	safe    uint64
	cur     []byte // event at tail, when tail < visible
}

func newRing(cpu uint16, ctl, data []byte) (*ring, error) {
	if len(ctl) < CtlCtlSize {
		return nil, fmt.Errorf("cpu %d: control page of %d bytes", cpu, len(ctl))
	}
	if m := binary.LittleEndian.Uint32(ctl[CtlMagic:]); m != Magic {
		return nil, fmt.Errorf("cpu %d: bad ring magic %#x", cpu, m)
	}
	if v := binary.LittleEndian.Uint32(ctl[CtlVersion:]); v != ABIVersion {
		return nil, fmt.Errorf("cpu %d: ring ABI version %d, want %d", cpu, v, ABIVersion)
	}
	size := binary.LittleEndian.Uint64(ctl[CtlDataSize:])
	if size == 0 || size&(size-1) != 0 || uint64(len(data)) != 2*size {
		return nil, fmt.Errorf("cpu %d: data size %d does not match a %d-byte double mapping", cpu, size, len(data))
	}
	r := &ring{cpu: cpu, ctl: ctl, data: data, size: size}
	r.tail = atomic.LoadUint64(r.word(CtlTail))
	r.visible, r.safe = r.tail, r.tail
	return r, nil
}

// word returns the control page's 64-bit word at off (8-byte aligned).
func (r *ring) word(off int) *uint64 { return (*uint64)(unsafe.Pointer(&r.ctl[off])) }

// refresh moves safe to the previous visible head and loads the current one.
func (r *ring) refresh() {
	r.safe = r.visible
	r.visible = atomic.LoadUint64(r.word(CtlHead))
}

// peek sets cur to the event at tail, or nil when tail has caught up with
// visible. A length that cannot be right is an error: the ring is shared
// memory and is checked like any other input.
func (r *ring) peek() error {
	r.cur = nil
	avail := r.visible - r.tail
	if avail == 0 {
		return nil
	}
	if avail > r.size {
		return fmt.Errorf("cpu %d: head %d is %d bytes past tail %d, more than the %d-byte ring", r.cpu, r.visible, avail, r.tail, r.size)
	}
	off := r.tail & (r.size - 1)
	if avail < event.HeaderLen {
		return fmt.Errorf("cpu %d: ring offset %d: %d bytes, shorter than an event header", r.cpu, off, avail)
	}
	n := uint64(binary.LittleEndian.Uint32(r.data[off+16:]))
	if n < event.HeaderLen || n > avail {
		return fmt.Errorf("cpu %d: ring offset %d: event length %d with %d bytes published", r.cpu, off, n, avail)
	}
	r.cur = r.data[off : off+n : off+n]
	return nil
}

// ts is the timestamp of cur.
func (r *ring) ts() uint64 { return binary.LittleEndian.Uint64(r.cur) }

// servable reports whether cur lies below the safe head.
func (r *ring) servable() bool { return r.tail+uint64(len(r.cur)) <= r.safe }

// release hands cur's bytes back to the producer and peeks the next event.
func (r *ring) release() error {
	r.tail += uint64(len(r.cur))
	atomic.StoreUint64(r.word(CtlTail), r.tail)
	return r.peek()
}

// stats reads this ring's counters.
func (r *ring) stats() Stats {
	return Stats{
		Events:   atomic.LoadUint64(r.word(CtlEvents)),
		DropFull: atomic.LoadUint64(r.word(CtlDropFull)),
		Filtered: atomic.LoadUint64(r.word(CtlFiltered)),
		Nesting:  atomic.LoadUint64(r.word(CtlNesting)),
	}
}
