package compile

import (
	"encoding/base64"
	"errors"
	"slices"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/condition"
)

// class groups value kinds by how they compare.
type class uint8

const (
	clsDyn   class = iota // known only per event (evt.rawarg)
	clsStr                // strings
	clsBytes              // byte buffers
	clsInt                // signed numbers
	clsUint               // unsigned numbers, times, ports
	clsBool
	clsIP
)

var classNames = [...]string{"dynamic", "string", "bytes", "int", "uint", "bool", "ip"}

func (c class) String() string { return classNames[c] }

func (c class) stringy() bool { return c == clsStr || c == clsBytes }

func classOf(k fields.Kind) class {
	switch k {
	case fields.KindString:
		return clsStr
	case fields.KindBytes:
		return clsBytes
	case fields.KindInt:
		return clsInt
	case fields.KindUint, fields.KindRelTime, fields.KindAbsTime, fields.KindPort:
		return clsUint
	case fields.KindBool:
		return clsBool
	case fields.KindIP:
		return clsIP
	}
	return clsDyn
}

// dynamicFields change their kind with the event.
var dynamicFields = map[string]bool{"evt.rawarg": true}

// field is a resolved field reference with its transformers.
type field struct {
	name  string
	x     *fields.Extractor
	xf    []xform // in application order: innermost first
	cls   class   // after the transformers
	multi *fields.Multi
}

func resolveField(f condition.FieldRef) (*field, error) {
	x, err := fields.CompileArg(f.Name, f.Arg, f.HasArg)
	if err != nil {
		msg := err.Error()
		var ue *fields.UnknownFieldError
		if errors.As(err, &ue) {
			msg = ue.Error()
		}
		return nil, &Error{Pos: f.Position, Msg: msg, Err: err}
	}
	lf := &field{name: x.Text, x: x, cls: classOf(x.Def.Kind), multi: x.Multi()}
	if dynamicFields[x.Def.Name] {
		lf.cls = clsDyn
	}
	for i := len(f.Transformers) - 1; i >= 0; i-- {
		name := f.Transformers[i]
		t, out, err := newXform(name, lf.cls)
		if err != nil {
			return nil, errAt(f.Position, "can't apply %s() to %s field %s: %v", name, lf.cls, lf.name, err)
		}
		lf.xf = append(lf.xf, t)
		lf.cls = out
	}
	return lf, nil
}

// extract fills v and applies the transformers.
func (f *field) extract(c *fields.Ctx, v *fields.Value) bool {
	return f.x.Extract(c, v) && applyXf(f.xf, c, v)
}

func applyXf(xf []xform, c *fields.Ctx, v *fields.Value) bool {
	for _, t := range xf {
		if !t(c, v) {
			return false
		}
	}
	return true
}

// xform transforms an extracted value in place; false drops the value.
type xform func(c *fields.Ctx, v *fields.Value) bool

var errXfType = errors.New("unsupported type")

func newXform(name string, in class) (xform, class, error) {
	switch name {
	case "tolower", "toupper":
		if in != clsStr && in != clsDyn {
			return nil, 0, errXfType
		}
		upper := name == "toupper"
		return func(c *fields.Ctx, v *fields.Value) bool {
			if classOf(v.Kind) != clsStr {
				return false
			}
			src := v.B
			v.B = c.Scratch(func(d []byte) []byte {
				for _, ch := range src {
					if upper && ch >= 'a' && ch <= 'z' {
						ch -= 'a' - 'A'
					} else if !upper && ch >= 'A' && ch <= 'Z' {
						ch += 'a' - 'A'
					}
					d = append(d, ch)
				}
				return d
			})
			return true
		}, clsStr, nil
	case "b64":
		if !in.stringy() && in != clsDyn {
			return nil, 0, errXfType
		}
		return func(c *fields.Ctx, v *fields.Value) bool {
			if !classOf(v.Kind).stringy() {
				return false
			}
			src, ok := v.B, true
			v.B = c.Scratch(func(d []byte) []byte {
				n := len(d)
				need := base64.StdEncoding.DecodedLen(len(src))
				d = slices.Grow(d, need)[:n+need]
				m, err := base64.StdEncoding.Decode(d[n:], src)
				if err != nil {
					ok = false
					return d[:n]
				}
				return d[:n+m]
			})
			return ok
		}, in, nil
	case "basename":
		if in != clsStr && in != clsDyn {
			return nil, 0, errXfType
		}
		return func(_ *fields.Ctx, v *fields.Value) bool {
			if classOf(v.Kind) != clsStr {
				return false
			}
			for i := len(v.B) - 1; i >= 0; i-- {
				if v.B[i] == '/' {
					v.B = v.B[i+1:]
					break
				}
			}
			return true
		}, clsStr, nil
	case "len":
		if !in.stringy() && in != clsDyn {
			return nil, 0, errXfType
		}
		return func(_ *fields.Ctx, v *fields.Value) bool {
			if !classOf(v.Kind).stringy() {
				return false
			}
			n := uint64(len(v.B))
			*v = fields.Value{Kind: fields.KindUint, U: n}
			return true
		}, clsUint, nil
	}
	return nil, 0, errors.New("unknown transformer")
}

// isEvtType reports a plain evt.type reference, which has a fast path.
func isEvtType(f condition.FieldRef) bool {
	return f.Name == "evt.type" && !f.HasArg && len(f.Transformers) == 0
}
