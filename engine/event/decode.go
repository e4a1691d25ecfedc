package event

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// HeaderLen is the size of the packed event header: ts u64, tid u64, len u32,
// type u16, nparams u32, little endian.
const HeaderLen = 26

// MaxParams bounds the parameter count of one event. The ABI allows 32; we
// leave room for rows that grow, and reject anything beyond as corrupt.
const MaxParams = 64

// ErrCorrupt is wrapped by every decode error, so callers can tell a bad event
// from an I/O failure without string matching.
var ErrCorrupt = errors.New("corrupt event")

// Event is a zero-copy view of one raw event. Decode fills it in place; the
// parameter offsets live in a fixed array so that decoding never allocates.
type Event struct {
	raw     []byte
	typ     Type
	nparams int
	// off[i] is the start of parameter i inside raw; off[nparams] is its end.
	off [MaxParams + 1]uint32
}

// Decode points e at raw and checks that the header and the parameter lengths
// are consistent with the buffer. raw must hold exactly one event (extra
// trailing bytes are ignored, as capture blocks pad events).
func (e *Event) Decode(raw []byte) error {
	if len(raw) < HeaderLen {
		return fmt.Errorf("%w: %d bytes, shorter than the %d-byte header", ErrCorrupt, len(raw), HeaderLen)
	}
	total := binary.LittleEndian.Uint32(raw[16:20])
	if total < HeaderLen || uint64(total) > uint64(len(raw)) {
		return fmt.Errorf("%w: header length %d does not fit buffer of %d bytes", ErrCorrupt, total, len(raw))
	}
	raw = raw[:total]
	typ := Type(binary.LittleEndian.Uint16(raw[20:22]))
	np := binary.LittleEndian.Uint32(raw[22:26])
	if np > MaxParams {
		return fmt.Errorf("%w: type %d has %d parameters, more than %d", ErrCorrupt, typ, np, MaxParams)
	}
	lenSize := 2
	if int(typ) < len(Table) && Table[typ].Flags&FlagLargePayload != 0 {
		lenSize = 4
	}
	pos := HeaderLen + int(np)*lenSize
	if pos > len(raw) {
		return fmt.Errorf("%w: type %d: %d parameter lengths overrun the %d-byte event", ErrCorrupt, typ, np, len(raw))
	}
	for i := 0; i < int(np); i++ {
		var l int
		if lenSize == 2 {
			l = int(binary.LittleEndian.Uint16(raw[HeaderLen+2*i:]))
		} else {
			l = int(binary.LittleEndian.Uint32(raw[HeaderLen+4*i:]))
		}
		e.off[i] = uint32(pos)
		pos += l
		if pos > len(raw) {
			return fmt.Errorf("%w: type %d: parameter %d (%d bytes) overruns the %d-byte event", ErrCorrupt, typ, i, l, len(raw))
		}
	}
	e.off[np] = uint32(pos)
	e.raw = raw
	e.typ = typ
	e.nparams = int(np)
	return nil
}

// Raw returns the event's bytes, header included.
func (e *Event) Raw() []byte { return e.raw }

// Ts returns the timestamp in nanoseconds since the epoch.
func (e *Event) Ts() uint64 { return binary.LittleEndian.Uint64(e.raw[0:8]) }

// Tid returns the id of the thread that generated the event.
func (e *Event) Tid() int64 { return int64(binary.LittleEndian.Uint64(e.raw[8:16])) }

// Type returns the event type.
func (e *Event) Type() Type { return e.typ }

// NumParams returns how many parameters the event carries. It may be fewer
// than the table row lists (older drivers) or more (newer drivers).
func (e *Event) NumParams() int { return e.nparams }

// Info returns the table row of the event type, or nil if unknown.
func (e *Event) Info() *Info { return e.typ.Info() }

// Param returns the bytes of parameter i, or nil when the event lacks it.
func (e *Event) Param(i int) []byte {
	if i < 0 || i >= e.nparams {
		return nil
	}
	return e.raw[e.off[i]:e.off[i+1]]
}

// Has reports whether parameter i is present with a non-empty value.
func (e *Event) Has(i int) bool { return i >= 0 && i < e.nparams && e.off[i+1] > e.off[i] }

// Int returns parameter i as a signed integer, whatever its width (1, 2, 4 or
// 8 bytes, sign-extended). ok is false when it is absent or of another size.
func (e *Event) Int(i int) (v int64, ok bool) {
	p := e.Param(i)
	switch len(p) {
	case 1:
		return int64(int8(p[0])), true
	case 2:
		return int64(int16(binary.LittleEndian.Uint16(p))), true
	case 4:
		return int64(int32(binary.LittleEndian.Uint32(p))), true
	case 8:
		return int64(binary.LittleEndian.Uint64(p)), true
	}
	return 0, false
}

// Uint returns parameter i as an unsigned integer, zero-extended.
func (e *Event) Uint(i int) (v uint64, ok bool) {
	p := e.Param(i)
	switch len(p) {
	case 1:
		return uint64(p[0]), true
	case 2:
		return uint64(binary.LittleEndian.Uint16(p)), true
	case 4:
		return uint64(binary.LittleEndian.Uint32(p)), true
	case 8:
		return binary.LittleEndian.Uint64(p), true
	}
	return 0, false
}

// Str returns parameter i as a string, without its NUL terminator. It returns
// the bytes in place; convert with string() only when the value must outlive
// the event buffer.
func (e *Event) Str(i int) []byte {
	p := e.Param(i)
	if n := len(p); n > 0 && p[n-1] == 0 {
		p = p[:n-1]
	}
	return p
}

// ParamIndex returns the index of the parameter called name in the table row
// for this event's type, or -1.
func (e *Event) ParamIndex(name string) int {
	info := e.Info()
	if info == nil {
		return -1
	}
	for i := range info.Params {
		if info.Params[i].Name == name {
			return i
		}
	}
	return -1
}
