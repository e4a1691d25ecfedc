package fields

import (
	"fmt"
	"strings"

	"github.com/sakerhq/saker/engine/event"
)

// Hidden reports whether sysdig keeps an event out of its listings: internal
// events (procinfo and the like) are counted in evt.num but never printed.
// Container events are hidden too; Ctx.Hidden refines this the way sysdig
// 0.29 does, showing container JSON events after the capture's start.
func Hidden(ev *event.Event) bool {
	if isContainerEvent(ev.Type()) {
		return true
	}
	info := ev.Info()
	return info != nil && info.Category&event.CatInternal != 0
}

func isContainerEvent(t event.Type) bool {
	switch t {
	case event.ContainerE, event.ContainerX, event.ContainerJsonE, event.ContainerJsonX, event.ContainerJson2E, event.ContainerJson2X:
		return true
	}
	return false
}

// Hidden reports whether sysdig 0.29 leaves the current event out of its
// listing: internal events, and the container JSON events that describe
// the containers running when the capture started (those before the first
// other event). Container JSON events later in the capture are printed.
func (c *Ctx) Hidden() bool {
	t := c.Ev.Type()
	if (t == event.ContainerJsonE || t == event.ContainerJson2E) && c.Started {
		return false
	}
	return Hidden(c.Ev)
}

// DefaultFormat is sysdig's default line: number, time, cpu, process,
// thread, direction, type and arguments.
const DefaultFormat = "*%evt.num %evt.outputtime %evt.cpu %proc.name (%thread.tid) %evt.dir %evt.type %evt.info"

// Format is a compiled output template. Immutable; safe to share.
type Format struct {
	parts []part
	// all is sysdig's leading '*': print events even when a field is missing.
	all bool
}

type part struct {
	lit string
	x   *Extractor
}

// CompileFormat parses a template with %field, %field[arg] and
// %evt.arg.name references; %% is a literal percent sign. A leading '*'
// prints every event; without it, events missing any field are skipped
// (sysdig's -p behaviour).
func CompileFormat(s string) (*Format, error) {
	f := &Format{}
	if strings.HasPrefix(s, "*") {
		f.all, s = true, s[1:]
	}
	var lit strings.Builder
	for i := 0; i < len(s); {
		ch := s[i]
		if ch != '%' {
			lit.WriteByte(ch)
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '%' {
			lit.WriteByte('%')
			i += 2
			continue
		}
		j := i + 1
		for j < len(s) && isFieldChar(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '[' {
			k := strings.IndexByte(s[j:], ']')
			if k < 0 {
				return nil, fmt.Errorf("format offset %d: missing ']' after %q", i, s[i:j])
			}
			j += k + 1
		}
		ref := s[i+1 : j]
		if ref == "" {
			lit.WriteByte('%')
			i++
			continue
		}
		x, err := Compile(ref)
		if err != nil {
			return nil, fmt.Errorf("format offset %d: %w", i, err)
		}
		if lit.Len() > 0 {
			f.parts = append(f.parts, part{lit: lit.String()})
			lit.Reset()
		}
		f.parts = append(f.parts, part{x: x})
		i = j
	}
	if lit.Len() > 0 {
		f.parts = append(f.parts, part{lit: lit.String()})
	}
	return f, nil
}

func isFieldChar(b byte) bool {
	return b == '.' || b == '_' || b == '-' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

// Fields returns the compiled field references of the template, in order.
func (f *Format) Fields() []*Extractor {
	var out []*Extractor
	for _, p := range f.parts {
		if p.x != nil {
			out = append(out, p.x)
		}
	}
	return out
}

// Append renders the template for the current event. ok is false when the
// template has no '*' and a field had no value.
func (f *Format) Append(dst []byte, c *Ctx) (out []byte, ok bool) {
	v := &c.fmtVal
	start := len(dst)
	for i := range f.parts {
		p := &f.parts[i]
		if p.x == nil {
			dst = append(dst, p.lit...)
			continue
		}
		if p.x.Extract(c, v) {
			dst = v.Append(dst)
			continue
		}
		if !f.all {
			return dst[:start], false
		}
		dst = append(dst, "<NA>"...)
	}
	return dst, true
}
