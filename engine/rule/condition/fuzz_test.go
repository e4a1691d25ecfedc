package condition

import (
	"errors"
	"testing"

	"github.com/sakerhq/saker/engine/rule/internal/upstream"
)

// FuzzParse checks that parsing never panics, that failures are positioned
// SyntaxErrors inside the input, and that accepted input round-trips
// through the printer.
func FuzzParse(f *testing.F) {
	conds, err := upstream.Conditions()
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range conds {
		f.Add(c.Text)
	}
	for _, s := range []string{"a", "(", "not(", `p.n = "\`, "p.n[", "tolower(", "p.n in (a,", "p.n = val(", "x.y exists and"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		e, err := Parse(src)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error is %T, not *SyntaxError: %v", err, err)
			}
			if se.Line < 1 || se.Col < 1 || se.Offset < 0 || se.Offset > len(src) {
				t.Fatalf("bad error position %d:%d@%d for input of %d bytes", se.Line, se.Col, se.Offset, len(src))
			}
			_ = se.Error()
			return
		}
		printed := e.String()
		e2, err := Parse(printed)
		if err != nil {
			t.Fatalf("reparse of %q (from %q): %v", printed, src, err)
		}
		if !Equal(e, e2) {
			t.Fatalf("round trip differs for %q:\n%s\n%s", src, printed, e2)
		}
	})
}
