package detect

import (
	"errors"
	"fmt"
	"strings"

	"github.com/sakerhq/saker/engine/fields"
)

// template is a compiled rule output: literal text and field references.
// Falco substitutes every %field and prints <NA> for a missing value.
type template struct {
	parts  []tpart
	fields []*fields.Extractor // distinct references, in order of appearance
}

type tpart struct {
	lit string
	x   *fields.Extractor
}

// na is what Falco prints for a field without a value.
const na = "<NA>"

func compileTemplate(s string) (*template, error) {
	t := &template{}
	seen := map[string]bool{}
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			t.parts = append(t.parts, tpart{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); {
		if s[i] != '%' {
			lit.WriteByte(s[i])
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '%' {
			lit.WriteByte('%')
			i += 2
			continue
		}
		ref, n, err := fieldAt(s[i+1:])
		if err != nil {
			return nil, fmt.Errorf("output offset %d: %w", i, err)
		}
		if ref == nil {
			lit.WriteByte('%')
			i++
			continue
		}
		flush()
		t.parts = append(t.parts, tpart{x: ref})
		if !seen[ref.Text] {
			seen[ref.Text] = true
			t.fields = append(t.fields, ref)
		}
		i += 1 + n
	}
	flush()
	return t, nil
}

// fieldAt parses the field reference at the start of s: a dotted name and
// an optional [argument].
func fieldAt(s string) (*fields.Extractor, int, error) {
	j := 0
	for j < len(s) && isFieldChar(s[j]) {
		j++
	}
	if j == 0 {
		return nil, 0, nil
	}
	// A field name never ends with a dot: "file=%fd.name." ends a sentence.
	for j > 0 && s[j-1] == '.' {
		j--
	}
	if j == 0 {
		return nil, 0, nil
	}
	end := j
	if end < len(s) && s[end] == '[' {
		k := strings.IndexByte(s[end:], ']')
		if k < 0 {
			return nil, 0, fmt.Errorf("missing ']' after %q", s[:end])
		}
		end += k + 1
	}
	x, err := fields.Compile(s[:end])
	if err != nil {
		var ue *fields.UnknownFieldError
		if errors.As(err, &ue) {
			return nil, 0, ue
		}
		return nil, 0, err
	}
	return x, end, nil
}

func isFieldChar(b byte) bool {
	return b == '.' || b == '_' || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
}

// render fills the output text and, when want is set, the field values.
func (t *template) render(c *fields.Ctx, buf []byte, want bool) (string, map[string]string, []byte) {
	var v fields.Value
	var vals map[string]string
	if want {
		vals = make(map[string]string, len(t.fields))
	}
	buf = buf[:0]
	for i := range t.parts {
		p := &t.parts[i]
		if p.x == nil {
			buf = append(buf, p.lit...)
			continue
		}
		start := len(buf)
		if p.x.Extract(c, &v) {
			buf = v.Append(buf)
		} else {
			buf = append(buf, na...)
		}
		if want {
			if _, done := vals[p.x.Text]; !done {
				vals[p.x.Text] = string(buf[start:])
			}
		}
	}
	return string(buf), vals, buf
}
