package ruleset

import (
	"fmt"
	"strings"
)

// Severity grades a Diagnostic.
type Severity int

// Severities, most serious first.
const (
	SeverityError Severity = iota
	SeverityWarning
)

func (s Severity) String() string {
	if s == SeverityError {
		return "error"
	}
	return "warning"
}

// Diagnostic is one problem found while loading rules. Line and Col are
// 1-based positions in File (0 when unknown); Item names the rules-file item
// involved, e.g. "rule 'Terminal shell in container'".
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Item     string
	Severity Severity
	Msg      string
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	b.WriteString(": " + d.Severity.String() + ": ")
	if d.Item != "" {
		b.WriteString(d.Item + ": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// LoadError is returned when loading failed; it carries every error found.
type LoadError struct {
	Diagnostics []Diagnostic // errors only
}

func (e *LoadError) Error() string {
	if len(e.Diagnostics) == 1 {
		return "load rules: " + e.Diagnostics[0].String()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "load rules: %d errors:", len(e.Diagnostics))
	for _, d := range e.Diagnostics {
		b.WriteString("\n  " + strings.ReplaceAll(d.String(), "\n", "\n    "))
	}
	return b.String()
}

func errorsOf(ds []Diagnostic) []Diagnostic {
	var out []Diagnostic
	for _, d := range ds {
		if d.Severity == SeverityError {
			out = append(out, d)
		}
	}
	return out
}
