package ruleset

import (
	"strings"
	"testing"
)

const baseRule = `
- rule: r1
  desc: d
  condition: proc.name = x
  output: o
  priority: INFO
`

func TestUndefinedMacro(t *testing.T) {
	d := wantError(t, "a.yaml", 3, "undefined macro 'nope'", file{"a.yaml", `
- rule: r1
  desc: d
  condition: proc.name = x and nope
  output: o
  priority: INFO
`})
	if d.Col != 32 || d.Item != "rule 'r1'" {
		t.Errorf("diagnostic %s: want column 32 and item rule 'r1'", d)
	}
	// In a folded block the position follows the source line.
	d = wantError(t, "b.yaml", 4, "undefined macro 'nope'", file{"b.yaml", `
- macro: m
  condition: >
    proc.name = x
    and nope
- rule: r1
  desc: d
  condition: m
  output: o
  priority: INFO
`})
	if d.Col != 9 {
		t.Errorf("column = %d, want 9", d.Col)
	}
	// A list name in boolean position gets a specific message.
	wantError(t, "c.yaml", 5, "is a list, not a macro", file{"c.yaml", `
- list: l
  items: [a]
- rule: r1
  desc: d
  condition: l
  output: o
  priority: INFO
`})
}

func TestMacroCycle(t *testing.T) {
	d := wantError(t, "a.yaml", 4, "macro cycle: a -> b -> a", file{"a.yaml", `
- macro: a
  condition: proc.name = x and b
- macro: b
  condition: (c or a)
- macro: c
  condition: proc.pid = 1
- rule: r1
  desc: d
  condition: a
  output: o
  priority: INFO
`})
	_ = d
	wantError(t, "s.yaml", 2, "macro cycle: self -> self", file{"s.yaml", `
- macro: self
  condition: self
`})
}

func TestListCycleAndNesting(t *testing.T) {
	wantError(t, "a.yaml", 3, "list cycle: l1 -> l2 -> l1", file{"a.yaml", `
- list: l1
  items: [x, l2]
- list: l2
  items: [l1, y]
`})
	// Lists may refer to lists defined later.
	set := mustLoad(t, file{"b.yaml", `
- list: outer
  items: [a, inner, b]
- list: inner
  items: [c, deepest]
- list: deepest
  items: ["quoted item", d]
- rule: r1
  desc: d
  condition: proc.name in (outer, e) or proc.pname in inner
  output: o
  priority: INFO
`})
	got := strings.Join(set.Lists["outer"], ",")
	if got != "a,c,quoted item,d,b" {
		t.Errorf("outer = %s", got)
	}
	sameExpr(t, ruleByName(t, set, "r1").Expr,
		`proc.name in (a, c, "quoted item", d, b, e) or proc.pname in (c, "quoted item", d)`)
}

func TestBadPriority(t *testing.T) {
	d := wantError(t, "p.yaml", 5, "invalid priority 'URGENT'", file{"p.yaml", `
- rule: r1
  desc: d
  condition: proc.name = x
  output: o
  priority: URGENT
`})
	if d.Col != 13 {
		t.Errorf("column = %d", d.Col)
	}
	for _, p := range []string{"emergency", "ALERT", "Critical", "error", "warning", "NOTICE", "info", "Informational", "debug"} {
		if _, ok := ParsePriority(p); !ok {
			t.Errorf("ParsePriority(%q) failed", p)
		}
	}
	for _, p := range []string{"warn", "err", "crit", "emerg", "", "inf"} {
		if _, ok := ParsePriority(p); ok {
			t.Errorf("ParsePriority(%q) accepted", p)
		}
	}
}

func TestAppendToMissing(t *testing.T) {
	wantError(t, "a.yaml", 1, "no rule by that name already exists", file{"a.yaml", `
- rule: ghost
  condition: and proc.pid = 1
  append: true
`})
	wantError(t, "a.yaml", 1, "no rule by that name already exists", file{"a.yaml", `
- rule: ghost
  condition: and proc.pid = 1
  override:
    condition: append
`})
	wantError(t, "a.yaml", 1, "no macro by that name", file{"a.yaml", `
- macro: ghost
  condition: or proc.pid = 1
  override:
    condition: append
`})
	wantError(t, "a.yaml", 1, "no list by that name", file{"a.yaml", `
- list: ghost
  items: [a]
  append: true
`})
	wantError(t, "a.yaml", 1, "'enabled' key but no rule", file{"a.yaml", `
- rule: ghost
  enabled: false
`})
}

func TestBadExceptions(t *testing.T) {
	rule := func(ex string) file {
		return file{"e.yaml", `
- rule: r1
  desc: d
  condition: proc.name = x
  output: o
  priority: INFO
  exceptions:
` + ex}
	}
	wantError(t, "e.yaml", 8, "fields and comps lists must have equal length", rule(`
  - name: e1
    fields: [proc.name, fd.name]
    comps: [=]
    values: [[a, b]]
`))
	wantError(t, "e.yaml", 10, "comps must be one of (in, pmatch, intersects)", rule(`
  - name: e1
    fields: proc.name
    comps: =
    values: [a]
`))
	wantError(t, "e.yaml", 8, "fields and values lists must have equal length", rule(`
  - name: e1
    fields: [proc.name, fd.name]
    values: [[a, b], [c]]
`))
	wantError(t, "e.yaml", 8, "must have fields property", rule(`
  - name: e1
    values: [a]
`))
	wantError(t, "e.yaml", 10, "'~=' is not a supported comparison operator", rule(`
  - name: e1
    fields: [proc.name]
    comps: [~=]
    values: [[a]]
`))
	wantError(t, "e.yaml", 8, "expected values array to contain a list of strings", rule(`
  - name: e1
    fields: proc.name
    values: [[a]]
`))
	wantError(t, "e.yaml", 11, "exception names in the same object must be unique", rule(`
  - name: e1
    fields: proc.name
    values: [a]
  - name: e1
    fields: proc.name
    values: [b]
`))
	wantError(t, "e.yaml", 9, "invalid exception field 'proc'", rule(`
  - name: e1
    fields: [proc]
    values: [[a]]
`))
}

func TestSyntaxErrorPosition(t *testing.T) {
	d := wantError(t, "s.yaml", 5, "invalid condition: expected a valid check operator", file{"s.yaml", `
- rule: r1
  desc: d
  condition: >
    proc.name = x and
    fd.name ~ y
  output: o
  priority: INFO
`})
	if d.Col != 13 || !strings.Contains(d.Msg, "^") {
		t.Errorf("diagnostic %s", d)
	}
}

func TestFileIsAtomic(t *testing.T) {
	l := NewLoader()
	err := l.LoadBytes("bad.yaml", []byte(`
- macro: good
  condition: proc.pid = 1
- rule: broken
  desc: d
  condition: proc.name = x
  output: o
  priority: NOPE
- rule: broken2
  desc: d
  condition: proc.name =
  output: o
  priority: INFO
`))
	le, ok := err.(*LoadError)
	if !ok || len(le.Diagnostics) != 2 {
		t.Fatalf("LoadBytes error = %v, want both errors listed", err)
	}
	if le.Diagnostics[0].Line != 8 || le.Diagnostics[1].Line != 11 {
		t.Errorf("error lines %d and %d, want 8 and 11", le.Diagnostics[0].Line, le.Diagnostics[1].Line)
	}
	// The good macro of the failed file was not applied.
	_ = l.LoadBytes("next.yaml", []byte(`
- rule: uses_good
  desc: d
  condition: good
  output: o
  priority: INFO
`))
	_, diags, err := l.Finish()
	if err == nil {
		t.Fatal("Finish succeeded after a failed file")
	}
	found := false
	for _, d := range diags {
		found = found || d.File == "next.yaml" && strings.Contains(d.Msg, "undefined macro 'good'")
	}
	if !found {
		t.Errorf("the macro of the failed file leaked: %v", diags)
	}
}

func TestMissingKeysAndShapes(t *testing.T) {
	wantError(t, "k.yaml", 1, "item has no mapping for key 'output'", file{"k.yaml", `
- rule: r1
  desc: d
  condition: proc.name = x
  priority: INFO
`})
	wantError(t, "k.yaml", 1, "rules content is not a YAML sequence", file{"k.yaml", `
rule: r1
`})
	wantError(t, "k.yaml", 1, "invalid YAML", file{"k.yaml", `
- rule: [unclosed
- macro: x
`})
	wantError(t, "k.yaml", 1, "macro has an invalid name", file{"k.yaml", `
- macro: bad-name
  condition: proc.pid = 1
`})
	wantError(t, "k.yaml", 2, "value for key 'items' is not a sequence", file{"k.yaml", `
- list: l
  items: a
`})
	wantError(t, "k.yaml", 8, "unexpected key 'priority'", file{"k.yaml", baseRule + `
- rule: r1
  priority: ERROR
  condition: and proc.pid = 1
  override:
    condition: append
`})
	wantError(t, "k.yaml", 10, "key 'priority' cannot be appended to", file{"k.yaml", baseRule + `
- rule: r1
  priority: ERROR
  override:
    priority: append
`})
	wantError(t, "k.yaml", 7, "was specified but 'output' is not defined", file{"k.yaml", baseRule + `
- rule: r1
  override:
    output: replace
`})
	wantError(t, "k.yaml", 7, "re-defined with a different source", file{"k.yaml", baseRule + `
- rule: r1
  desc: d
  condition: ka.verb = get
  output: o
  priority: INFO
  source: k8s_audit
`})
	wantError(t, "k.yaml", 1, "rules require engine version 99.0.0", file{"k.yaml", `
- required_engine_version: 99.0.0
`})
	// The legacy integer form means 0.N.0.
	mustLoad(t, file{"k.yaml", "- required_engine_version: 10\n"})
}
