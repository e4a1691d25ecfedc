package fields

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unsafe"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/state"
	"github.com/sakerhq/saker/engine/suggest"
)

// Ctx is what extraction reads for one event. The pipeline fills it once per
// event; extractors only read it, except for the scratch buffer.
type Ctx struct {
	Ev    *event.Event
	CPU   uint16
	Num   uint64 // evt.num, counted from 1 in stream order
	E     *state.EventCtx
	St    *state.Table
	First uint64 // timestamp of the first event, for evt.reltime
	// Started is set once an event other than a container event has been
	// seen; the pipeline maintains it (see Ctx.Hidden).
	Started bool
	// scratch backs string values built during extraction; Reset empties it
	// without freeing, so steady-state extraction does not allocate.
	scratch []byte
	// args backs evt.args/evt.info, which render parameters through scratch.
	args []byte
	// fmtVal receives values while a Format renders: a Value on the stack
	// would escape through the extractor call.
	fmtVal Value
	// Tmp is scratch space for rule evaluation (engine/rule/compile), which
	// extracts through pointers: Values on its stack would escape per event.
	Tmp [4]Value
	// memo caches results of rule subconditions for the current event (see
	// Memo); an entry is epoch<<1 | result, valid while epoch is memoEpoch.
	memo      []uint64
	memoEpoch uint64
	memoOwner uint64
}

// Reset prepares the context for a new event.
func (c *Ctx) Reset() {
	c.scratch = c.scratch[:0]
	c.memoEpoch++
}

// build appends to the scratch buffer with f and returns the appended bytes.
func (c *Ctx) build(f func([]byte) []byte) []byte {
	start := len(c.scratch)
	c.scratch = f(c.scratch)
	return c.scratch[start:len(c.scratch):len(c.scratch)]
}

// ArgMode says whether and how a field takes an argument.
type ArgMode uint8

const (
	ArgNone     ArgMode = iota
	ArgOptional         // proc.aname or proc.aname[2]
	ArgRequired         // evt.arg[1], proc.env[HOME]
)

// Arg is a parsed field argument: a number (Index) or a key (Key).
type Arg struct {
	Key   string
	Index int
	Set   bool
	// params locates a parameter named Key in every event type, for the
	// fields whose argument names one (evt.arg.flags).
	params *event.ParamTable
}

// ExtractFunc fills v for the current event and reports whether the field
// has a value (false prints as <NA>).
type ExtractFunc func(c *Ctx, a *Arg, v *Value) bool

// Def is one registered field.
type Def struct {
	Name string
	Desc string
	Kind Kind
	Arg  ArgMode
	// Dotted fields also accept their argument after a dot: evt.arg.name.
	Dotted bool
	fn     ExtractFunc
	// byParam marks fields whose argument is an event parameter's name.
	byParam bool
}

var registry = map[string]*Def{}

func register(defs ...Def) {
	for i := range defs {
		d := defs[i]
		if _, dup := registry[d.Name]; dup {
			panic("fields: duplicate field " + d.Name)
		}
		registry[d.Name] = &d
	}
}

// All returns every field, sorted by name.
func All() []*Def {
	out := make([]*Def, 0, len(registry))
	for _, d := range registry {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Lookup returns the definition of a bare field name.
func Lookup(name string) (*Def, bool) {
	d, ok := registry[name]
	return d, ok
}

// Extractor is a compiled field reference, immutable and safe to share.
type Extractor struct {
	Def *Def
	Arg Arg
	// Text is the reference as written, e.g. "proc.aname[2]".
	Text string
}

// Extract fills v for the current event.
func (x *Extractor) Extract(c *Ctx, v *Value) bool {
	*v = Value{}
	return x.Def.fn(c, &x.Arg, v)
}

// Compile resolves a field reference such as "fd.name", "proc.aname[2]" or
// "evt.arg.flags". arg may be passed separately (as the condition parser
// does); when empty it is taken from the reference.
func Compile(ref string) (*Extractor, error) {
	name, arg, hasArg := ref, "", false
	if i := strings.IndexByte(ref, '['); i >= 0 {
		if !strings.HasSuffix(ref, "]") {
			return nil, fmt.Errorf("field %q: missing ']'", ref)
		}
		name, arg, hasArg = ref[:i], ref[i+1:len(ref)-1], true
	}
	d, ok := registry[name]
	if !ok && !hasArg {
		// evt.arg.NAME style: the longest registered dotted prefix wins.
		for i := len(name) - 1; i > 0; i-- {
			if name[i] != '.' {
				continue
			}
			if pd, found := registry[name[:i]]; found && pd.Dotted {
				d, ok, arg, hasArg = pd, true, name[i+1:], true
				break
			}
		}
	}
	if !ok {
		return nil, &UnknownFieldError{Name: name, Suggestion: Suggest(name)}
	}
	return bind(d, ref, arg, hasArg)
}

// CompileArg is Compile for a name and an argument given apart.
func CompileArg(name, arg string, hasArg bool) (*Extractor, error) {
	if !hasArg {
		return Compile(name)
	}
	d, ok := registry[name]
	if !ok {
		return nil, &UnknownFieldError{Name: name, Suggestion: Suggest(name)}
	}
	return bind(d, name+"["+arg+"]", arg, true)
}

func bind(d *Def, ref, arg string, hasArg bool) (*Extractor, error) {
	x := &Extractor{Def: d, Text: ref}
	switch {
	case hasArg && d.Arg == ArgNone:
		return nil, fmt.Errorf("field %s takes no argument", d.Name)
	case !hasArg && d.Arg == ArgRequired:
		return nil, fmt.Errorf("field %s needs an argument", d.Name)
	}
	if hasArg {
		x.Arg = Arg{Key: arg, Index: -1, Set: true}
		if n, err := strconv.Atoi(arg); err == nil {
			x.Arg.Index = n
		}
		if d.byParam {
			x.Arg.params = event.NewParamTable(arg)
		}
	}
	return x, nil
}

// UnknownFieldError names a field that does not exist and the closest one.
type UnknownFieldError struct {
	Name       string
	Suggestion string
}

func (e *UnknownFieldError) Error() string {
	if e.Suggestion != "" {
		return fmt.Sprintf("unknown field %q (did you mean %q?)", e.Name, e.Suggestion)
	}
	return fmt.Sprintf("unknown field %q", e.Name)
}

// Suggest returns the registered field closest to name by edit distance, or
// "" when nothing is close.
func Suggest(name string) string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	return suggest.Closest(name, names)
}

// sb views a string as bytes without copying. Values are read-only, and the
// strings come from the state tables, which outlive the event.
func sb(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}
