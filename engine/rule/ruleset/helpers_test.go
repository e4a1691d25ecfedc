package ruleset

import (
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/rule/condition"
)

type file struct{ name, body string }

// load loads the given files in order and finishes.
func load(t *testing.T, opts []Option, files ...file) (*Set, []Diagnostic, error) {
	t.Helper()
	l := NewLoader(opts...)
	for _, f := range files {
		_ = l.LoadBytes(f.name, []byte(strings.TrimLeft(f.body, "\n")))
	}
	return l.Finish()
}

func mustLoad(t *testing.T, files ...file) *Set {
	t.Helper()
	set, diags, err := load(t, nil, files...)
	if err != nil {
		t.Fatalf("load failed: %v", err)
	}
	for _, d := range diags {
		if d.Severity == SeverityError {
			t.Fatalf("unexpected error diagnostic %s", d)
		}
	}
	return set
}

// wantError checks that loading fails with an error diagnostic at file:line
// whose message contains msg.
func wantError(t *testing.T, fileName string, line int, msg string, files ...file) Diagnostic {
	t.Helper()
	_, diags, err := load(t, nil, files...)
	if err == nil {
		t.Fatalf("load succeeded, want error %q", msg)
	}
	for _, d := range diags {
		if d.Severity == SeverityError && strings.Contains(d.Msg, msg) {
			if d.File != fileName || d.Line != line {
				t.Fatalf("error %q at %s:%d, want %s:%d", d.Msg, d.File, d.Line, fileName, line)
			}
			return d
		}
	}
	t.Fatalf("no error containing %q; got %v", msg, diags)
	return Diagnostic{}
}

func ruleByName(t *testing.T, s *Set, name string) *Rule {
	t.Helper()
	for _, r := range s.Rules {
		if r.Name == name {
			return r
		}
	}
	t.Fatalf("rule %q not loaded", name)
	return nil
}

func mustParse(t *testing.T, src string) condition.Expr {
	t.Helper()
	e, err := condition.Parse(src)
	if err != nil {
		t.Fatalf("Parse(%q): %v", src, err)
	}
	return e
}

// sameExpr compares an expanded rule condition with the text Falco would
// have produced for it.
func sameExpr(t *testing.T, got condition.Expr, falcoText string) {
	t.Helper()
	want := mustParse(t, falcoText)
	if !condition.Equal(got, want) {
		t.Fatalf("condition mismatch:\n got  %s\n want %s", got, want)
	}
}
