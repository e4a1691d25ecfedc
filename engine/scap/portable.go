package scap

import (
	"encoding/binary"
	"fmt"

	"github.com/sakerhq/saker/engine/event"
)

// The ABI limits of Debian's sysdig 0.29 (libs of March 2022): one past the
// highest event type and the highest syscall code it knows.
const (
	PortableMaxEvent   = 336 // PPM_EVENT_MAX
	portableMaxSyscall = 329 // PPM_SC_MAX
)

// Portable rewrites events as the drivers write them today into the form
// sysdig 0.29 reads, as that release's own driver would have recorded the
// same syscall. Its zero value is ready; it reuses one buffer, so an event
// it returns is valid until the next call.
type Portable struct{ buf []byte }

// Event returns raw itself when sysdig 0.29 reads it as it is, else the
// rewritten event:
//
//   - A generic event whose syscall code is past 0.29's table gets code 0
//     ("unknown"): sysdig 0.29 indexes its syscall table with the code
//     unchecked and crashes on evt.type (rseq, 380, does it).
//   - dup, dup2 and dup3 (types 362-367, unknown to 0.29, which skips them
//     and so loses the new fd) become the old dup pair, 124/125.
//   - accept4 of type 388/389 becomes the 248/249 pair, whose parameters
//     are its first ones.
//
// Other types 0.29 lacks are kept: it skips them without harm.
func (p *Portable) Event(raw []byte) ([]byte, error) {
	var ev event.Event
	if err := ev.Decode(raw); err != nil {
		return raw, fmt.Errorf("portable event: %w", err)
	}
	return p.Decoded(&ev)
}

// Decoded is Event for an event the caller has decoded already.
func (p *Portable) Decoded(ev *event.Event) ([]byte, error) {
	raw := ev.Raw()
	t := ev.Type()
	if t > event.GenericX && t < PortableMaxEvent {
		return raw, nil
	}
	var nt event.Type
	var keep int
	switch t {
	case event.GenericE, event.GenericX:
		id, ok := ev.Uint(0)
		if !ok || id < portableMaxSyscall {
			return raw, nil
		}
		out := append(p.buf[:0], raw...)
		p.buf = out
		// The ID is the first parameter, right after the length array.
		off := event.HeaderLen + 2*ev.NumParams()
		binary.LittleEndian.PutUint16(out[off:], 0)
		return out, nil
	case event.SyscallDup1E, event.SyscallDup2E, event.SyscallDup3E:
		nt, keep = event.SyscallDupE, 1
	case event.SyscallDup1X, event.SyscallDup2X, event.SyscallDup3X:
		nt, keep = event.SyscallDupX, 1
	case event.SocketAccept46E:
		nt, keep = event.SocketAccept45E, 1
	case event.SocketAccept46X:
		nt, keep = event.SocketAccept45X, 5
	default:
		return raw, nil
	}
	var params [5][]byte
	keep = min(keep, ev.NumParams())
	for i := range keep {
		params[i] = ev.Param(i)
	}
	out, err := event.Build(p.buf[:0], nt, ev.Ts(), ev.Tid(), params[:keep]...)
	if err != nil {
		return raw, fmt.Errorf("portable event: %w", err)
	}
	p.buf = out
	return out, nil
}
