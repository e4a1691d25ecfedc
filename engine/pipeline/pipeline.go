// Package pipeline runs events through the one path every source shares:
// decode in place, update state, then hand a field context to the consumer.
// Capture replay and the live driver both feed it, so a rule sees the same
// values whether its event came from a file or from the kernel.
//
// A Pipeline is owned by one goroutine.
package pipeline

import (
	"errors"
	"fmt"
	"io"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/scap"
	"github.com/sakerhq/saker/engine/state"
)

// Pipeline holds the state tracker and the per-event scratch space.
type Pipeline struct {
	State *state.Table
	ev    event.Event
	ctx   fields.Ctx
	num   uint64
}

// New returns a pipeline with an empty state table.
func New(opts state.Options) *Pipeline {
	p := &Pipeline{State: state.New(opts)}
	p.ctx.St = p.State
	return p
}

// Meta applies a metadata record (process, fd, user or group list entry).
func (p *Pipeline) Meta(rec *scap.Record) {
	switch rec.Kind {
	case scap.KindProcess:
		p.State.AddProcess(rec.Proc)
	case scap.KindFDList:
		p.State.AddFDs(rec.FDs)
	case scap.KindUser:
		p.State.AddUser(rec.User)
	case scap.KindGroup:
		p.State.AddGroup(rec.Group)
	case scap.KindInterfaces:
		// Local addresses decide which end of a socket is ours.
		p.State.AddInterfaces(rec.Ifaces)
	}
}

// Event decodes one raw event, applies it to the state and returns the field
// context for it, valid until the next call.
func (p *Pipeline) Event(cpu uint16, raw []byte) (*fields.Ctx, error) {
	if err := p.ev.Decode(raw); err != nil {
		return nil, err
	}
	p.num++
	c := &p.ctx
	c.Reset()
	if p.num == 1 {
		c.First = p.ev.Ts()
	}
	c.Ev, c.CPU, c.Num = &p.ev, cpu, p.num
	c.E = p.State.Process(&p.ev, cpu)
	if !c.Started {
		switch p.ev.Type() {
		case event.ContainerE, event.ContainerJsonE, event.ContainerJson2E:
			// The container list a capture starts with.
		default:
			c.Started = true
		}
	}
	return c, nil
}

// Replay reads a capture file and calls fn for every event in order. It
// stops at the first error from the reader, the decoder or fn.
func Replay(path string, opts state.Options, fn func(*fields.Ctx) error) error {
	r, err := scap.Open(path)
	if err != nil {
		return err
	}
	defer r.Close()
	p := New(opts)
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if rec.Kind != scap.KindEvent {
			p.Meta(rec)
			continue
		}
		c, err := p.Event(rec.CPU, rec.Event)
		if err != nil {
			return fmt.Errorf("%s: offset %d: %w", path, rec.Offset, err)
		}
		if err := fn(c); err != nil {
			return err
		}
	}
}
