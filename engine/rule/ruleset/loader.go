// Package ruleset loads Falco rules files: lists, macros, rules and version
// requirements, with Falco's append and override semantics. It resolves
// macros and lists into self-contained condition trees and turns rule
// exceptions into condition terms; it does not evaluate anything.
package ruleset

import (
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/sakerhq/saker/engine/rule/condition"
)

// DefaultMaxFileSize caps one rules file. Upstream files are a few hundred
// kilobytes; anything near this size is a mistake or an attack.
const DefaultMaxFileSize = 16 << 20

// FieldChecker validates field names (without argument or transformers).
// When a name is unknown it may suggest a close known one.
type FieldChecker interface {
	Known(name string) (ok bool, suggestion string)
}

// Option configures a Loader.
type Option func(*Loader)

// WithFieldChecker validates every field of rules whose source is
// "syscall" (the default source), including fields of the macros they use
// and of their exceptions.
func WithFieldChecker(fc FieldChecker) Option {
	return WithSourceFieldChecker("syscall", fc)
}

// WithSourceFieldChecker validates the fields of rules of the given source.
func WithSourceFieldChecker(source string, fc FieldChecker) Option {
	return func(l *Loader) { l.checkers[source] = fc }
}

// WithEngineVersion sets the engine version checked against
// required_engine_version items (default DefaultEngineVersion).
func WithEngineVersion(v string) Option {
	return func(l *Loader) {
		if sv, ok := parseSemver(v); ok {
			l.engineVersion = sv
		} else {
			l.optErr = fmt.Errorf("ruleset: invalid engine version %q", v)
		}
	}
}

// WithMaxFileSize sets the largest rules file accepted, in bytes.
func WithMaxFileSize(n int64) Option {
	return func(l *Loader) { l.maxFileSize = n }
}

// Loader accumulates rules files in load order. Later files override or
// extend earlier ones. A file with any error is not applied at all.
type Loader struct {
	checkers      map[string]FieldChecker
	engineVersion semver
	maxFileSize   int64
	optErr        error

	st     *state
	diags  []Diagnostic
	failed bool
}

// NewLoader returns an empty Loader.
func NewLoader(opts ...Option) *Loader {
	v, _ := parseSemver(DefaultEngineVersion)
	l := &Loader{checkers: map[string]FieldChecker{}, engineVersion: v, maxFileSize: DefaultMaxFileSize, st: newState()}
	for _, o := range opts {
		o(l)
	}
	return l
}

// LoadFile reads and loads one rules file.
func (l *Loader) LoadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return l.fail(Diagnostic{File: path, Severity: SeverityError, Msg: fmt.Sprintf("cannot read rules file: %v", err)})
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > l.maxFileSize {
		return l.fail(tooBig(path, fi.Size(), l.maxFileSize))
	}
	// The limit also guards non-regular files that report no size.
	data, err := io.ReadAll(io.LimitReader(f, l.maxFileSize+1))
	if err != nil {
		return l.fail(Diagnostic{File: path, Severity: SeverityError, Msg: fmt.Sprintf("cannot read rules file: %v", err)})
	}
	return l.LoadBytes(path, data)
}

func tooBig(name string, size, limit int64) Diagnostic {
	return Diagnostic{File: name, Severity: SeverityError,
		Msg: fmt.Sprintf("rules file is %d bytes or more, over the %d byte limit", size, limit)}
}

func (l *Loader) fail(d Diagnostic) error {
	l.diags = append(l.diags, d)
	l.failed = true
	return &LoadError{Diagnostics: []Diagnostic{d}}
}

// LoadBytes loads rules content; name is used in diagnostics.
func (l *Loader) LoadBytes(name string, data []byte) error {
	if l.optErr != nil {
		return l.optErr
	}
	if int64(len(data)) > l.maxFileSize {
		return l.fail(tooBig(name, int64(len(data)), l.maxFileSize))
	}
	if d := checkEncoding(name, data); d != nil {
		return l.fail(*d)
	}
	r := &fileReader{name: name, data: data}
	docs, ok := r.parseDocs()
	var items []*item
	if ok {
		r.lines = strings.Split(string(data), "\n")
		for _, doc := range docs {
			items = append(items, r.readDoc(doc)...)
			if r.bomb {
				break
			}
		}
	}
	if len(errorsOf(r.diags)) == 0 {
		st := l.st.clone()
		for _, it := range items {
			st.apply(r, it, l.engineVersion)
		}
		if len(errorsOf(r.diags)) == 0 {
			l.st = st
			l.diags = append(l.diags, r.diags...)
			return nil
		}
	}
	l.diags = append(l.diags, r.diags...)
	l.failed = true
	return &LoadError{Diagnostics: errorsOf(r.diags)}
}

func (r *fileReader) readDoc(doc *yaml.Node) []*item {
	n := doc
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			return nil
		}
		n = n.Content[0]
	}
	if n = r.visit(n); n == nil || isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		r.errorf(r.pos(n), "", "rules content is not a YAML sequence of items")
		return nil
	}
	var items []*item
	for _, c := range n.Content {
		if it := r.readItem(c); it != nil {
			items = append(items, it)
		}
		if r.bomb {
			break
		}
	}
	return items
}

// checkCond parses a (possibly appended) condition, reporting a syntax
// error at its place in the file.
func checkCond(r *fileReader, segs []condSeg, label string) bool {
	_, err := condition.Parse(joinSegs(segs))
	if err == nil {
		return true
	}
	reportSyntax(func(p srcPos, msg string) { r.errorf(p, label, "%s", msg) }, segs, err)
	return false
}

func reportSyntax(report func(srcPos, string), segs []condSeg, err error) {
	se, ok := err.(*condition.SyntaxError)
	if !ok {
		report(segsPos(segs, 0), "invalid condition: "+err.Error())
		return
	}
	msg := "invalid condition: " + se.Msg
	if c := se.Caret(); c != "" {
		msg += "\n" + c
	}
	report(segsPos(segs, se.Offset), msg)
}

func joinSegs(segs []condSeg) string {
	parts := make([]string, len(segs))
	for i, s := range segs {
		parts[i] = s.text
	}
	return strings.Join(parts, " ")
}

// segsPos maps an offset in the joined condition text to the file.
func segsPos(segs []condSeg, off int) srcPos {
	start := 0
	for i, s := range segs {
		end := start + len(s.text)
		if off <= end || i == len(segs)-1 {
			o := off - start
			if o < 0 {
				o = 0
			}
			return s.m.locate(s.text, o)
		}
		start = end + 1
	}
	return srcPos{}
}
