package ruleset

import (
	"strings"
	"testing"
)

const baseFile = `
- list: bins
  items: [a, b]
- list: more_bins
  items: [m1]
- macro: is_bin
  condition: proc.name in (bins)
- macro: other
  condition: proc.pid = 1
- rule: R
  desc: first
  condition: is_bin
  output: out1
  priority: WARNING
  tags: [t1, t2]
  exceptions:
    - name: by_name
      fields: [proc.name, fd.name]
      values:
        - [x, /etc/x]
- rule: Later
  desc: d
  condition: other
  output: o
  priority: DEBUG
`

func TestOverrideAndAppend(t *testing.T) {
	set := mustLoad(t, file{"base.yaml", baseFile}, file{"local.yaml", `
- list: bins
  items: [c]
  override:
    items: append
- list: more_bins
  items: [m2]
  append: true
- macro: is_bin
  condition: or proc.name in (more_bins)
  override:
    condition: append
- rule: R
  condition: and not other
  desc: second
  tags: [t3, t1]
  exceptions:
    - name: by_name
      values:
        - [y, /etc/y]
    - name: by_dir
      fields: fd.directory
      values: [/tmp, /var/tmp]
  override:
    condition: append
    desc: append
    tags: append
    exceptions: append
- rule: R
  output: out2
  priority: critical
  enabled: false
  override:
    output: replace
    priority: replace
    enabled: replace
`})
	if got := strings.Join(set.Lists["bins"], ","); got != "a,b,c" {
		t.Errorf("bins = %s", got)
	}
	if got := strings.Join(set.Lists["more_bins"], ","); got != "m1,m2" {
		t.Errorf("more_bins = %s", got)
	}
	r := ruleByName(t, set, "R")
	// The condition text is appended with a blank, as in Falco.
	if r.Condition != "is_bin and not other" {
		t.Errorf("condition text = %q", r.Condition)
	}
	sameExpr(t, r.Expr, `((proc.name in (a, b, c) or proc.name in (m1, m2)) and not proc.pid = 1)`+
		` and not ((proc.name = x and fd.name = /etc/x) or (proc.name = y and fd.name = /etc/y))`+
		` and not fd.directory in (/tmp, /var/tmp)`)
	if r.Desc != "first second" || r.Output != "out2" || r.Priority != PriorityCritical || r.Enabled {
		t.Errorf("rule = desc %q output %q priority %v enabled %v", r.Desc, r.Output, r.Priority, r.Enabled)
	}
	if got := strings.Join(r.Tags, ","); got != "t1,t2,t3" {
		t.Errorf("tags = %s", got)
	}
	if len(r.Exceptions) != 2 || r.Exceptions[1].Comps[0] != "in" || r.Exceptions[0].Comps[1] != "=" {
		t.Errorf("exceptions = %+v", r.Exceptions)
	}
	// Rule order is the order of first definition.
	if set.Rules[0].Name != "R" || set.Rules[1].Name != "Later" {
		t.Errorf("order = %s, %s", set.Rules[0].Name, set.Rules[1].Name)
	}
}

func TestRedefineAndLegacyForms(t *testing.T) {
	set := mustLoad(t, file{"base.yaml", baseFile}, file{"local.yaml", `
- macro: is_bin
  condition: proc.name = zsh
- list: bins
  items: [only]
- rule: R
  condition: or proc.pid = 2
  append: true
- rule: Later
  enabled: false
- rule: Later
  desc: redefined
  condition: proc.name in (bins)
  output: o2
  priority: ERROR
`})
	r := ruleByName(t, set, "R")
	// The redefined macro wins; the legacy append joins the text.
	sameExpr(t, r.Expr, `(proc.name = zsh or proc.pid = 2) and not (proc.name = x and fd.name = /etc/x)`)
	later := ruleByName(t, set, "Later")
	// A full redefinition resets enabled to its default.
	if later.Desc != "redefined" || !later.Enabled || later.Priority != PriorityError {
		t.Errorf("Later = %+v", later)
	}
	sameExpr(t, later.Expr, `proc.name in (only)`)
	if set.Rules[1].Name != "Later" {
		t.Errorf("redefinition moved the rule")
	}
}

func TestExceptionShapes(t *testing.T) {
	set := mustLoad(t, file{"x.yaml", `
- list: shells
  items: [bash, zsh]
- rule: R
  desc: d
  condition: evt.type = execve
  output: o
  priority: NOTICE
  exceptions:
    - name: single
      fields: proc.name
      comps: pmatch
      values: [/usr/bin, "/opt/my dir"]
    - name: lists
      fields: [proc.pname, proc.cmdline, fd.num]
      comps: [in, contains, "<"]
      values:
        - [shells, "a b", 3]
        - [[sh, ksh], '"q"', 0x10]
    - name: empty
      fields: proc.name
`})
	sameExpr(t, ruleByName(t, set, "R").Expr, `evt.type = execve`+
		` and not proc.name pmatch (/usr/bin, "/opt/my dir")`+
		` and not ((proc.pname in (bash, zsh) and proc.cmdline contains "a b" and fd.num < 3)`+
		` or (proc.pname in (sh, ksh) and proc.cmdline contains "q" and fd.num < 0x10))`)
}

type fakeFields map[string]bool

func (f fakeFields) Known(name string) (bool, string) {
	if f[name] {
		return true, ""
	}
	if strings.HasPrefix(name, "proc.") {
		return false, "proc.name"
	}
	return false, ""
}

func TestFieldChecker(t *testing.T) {
	known := fakeFields{"proc.name": true, "evt.type": true, "fd.name": true}
	body := `
- macro: m
  condition: proc.nmae = x
- rule: R
  desc: d
  condition: evt.type = open and m
  output: o
  priority: INFO
  exceptions:
    - name: e
      fields: [bogus.field]
      values: [[a]]
- rule: K8s
  desc: d
  condition: ka.verb = get
  output: o
  priority: INFO
  source: k8s_audit
`
	_, diags, err := load(t, []Option{WithFieldChecker(known)}, file{"f.yaml", body})
	if err == nil {
		t.Fatal("unknown fields accepted")
	}
	var msgs []string
	for _, d := range diags {
		if d.Severity == SeverityError {
			msgs = append(msgs, d.String())
		}
	}
	got := strings.Join(msgs, "\n")
	for _, want := range []string{
		"f.yaml:2:14: error: macro 'm': unknown field 'proc.nmae', did you mean 'proc.name'?",
		"f.yaml:10:16: error: rule 'R' exception 'e': unknown field 'bogus.field'",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "ka.verb") {
		t.Errorf("k8s_audit rule checked with the syscall checker:\n%s", got)
	}
	// With skip-if-unknown-filter the rule is dropped with a warning.
	set, diags, err := load(t, []Option{WithFieldChecker(known)}, file{"f.yaml", `
- rule: R
  desc: d
  condition: proc.nmae = x
  output: o
  priority: INFO
  skip-if-unknown-filter: true
- rule: Good
  desc: d
  condition: proc.name = x
  output: o
  priority: INFO
`})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if len(set.Rules) != 1 || set.Rules[0].Name != "Good" {
		t.Errorf("rules = %v", set.Rules)
	}
	warned := false
	for _, d := range diags {
		warned = warned || d.Severity == SeverityWarning && strings.Contains(d.Msg, "skip-if-unknown-filter")
	}
	if !warned {
		t.Errorf("no skip warning in %v", diags)
	}
}
