package detect

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/ruleset"
)

func sharedDir() string {
	if d := os.Getenv("SAKER_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared")
}

// upstreamRules loads Falco's three rules files as shipped.
func upstreamRules(t testing.TB) []*ruleset.Rule {
	t.Helper()
	l := ruleset.NewLoader(ruleset.WithFieldChecker(compile.Checker{}))
	for _, n := range []string{"falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"} {
		if err := l.LoadFile(filepath.Join(sharedDir(), "upstream-rules", n)); err != nil {
			t.Fatal(err)
		}
	}
	set, _, err := l.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return set.Rules
}

func loadYAML(t testing.TB, src string) []*ruleset.Rule {
	t.Helper()
	l := ruleset.NewLoader(ruleset.WithFieldChecker(compile.Checker{}))
	if err := l.LoadBytes("test.yaml", []byte(src)); err != nil {
		t.Fatal(err)
	}
	set, diags, err := l.Finish()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		if d.Severity == ruleset.SeverityError {
			t.Fatal(d)
		}
	}
	return set.Rules
}

func TestUpstreamRulesLoad(t *testing.T) {
	rules := upstreamRules(t)
	e, err := New(rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	enabled := 0
	for _, r := range rules {
		if r.Enabled {
			enabled++
		}
	}
	if got := len(e.Rules()); got != enabled || enabled == 0 {
		t.Errorf("%d rules run, %d are enabled", got, enabled)
	}
	types := e.EventTypes()
	if len(types) == 0 || len(types) >= event.NumTypes/2 {
		t.Errorf("upstream rules need %d event types", len(types))
	}
	// Every enabled rule is indexed under at least one type, unless it
	// cannot match at all (an empty list left for users to fill).
	for _, r := range e.rules {
		ts, _ := r.filter.EventTypes()
		if v, konst := r.filter.Const(); ts.Len() == 0 && !(konst && !v) {
			t.Errorf("rule %q indexed under no type", r.name)
		}
	}
	// Every rule loaded with all of them enabled still compiles.
	for _, r := range rules {
		r.Enabled = true
	}
	all, err := New(rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Rules()) != len(rules) {
		t.Errorf("%d of %d rules run with all enabled", len(all.Rules()), len(rules))
	}
}

const selectionRules = `
- rule: read etc
  desc: reads below /etc
  condition: evt.type in (open, openat) and evt.dir = < and fd.name startswith /etc/
  output: "file=%fd.name proc=%proc.name"
  priority: WARNING
  tags: [filesystem, mitre_discovery]
- rule: failed calls
  desc: calls that fail
  condition: evt.type = connect and evt.failed = true
  output: "res=%evt.res"
  priority: NOTICE
  tags: [network]
- rule: shells
  desc: shell runs
  condition: evt.type = execve and evt.dir = < and proc.name in (sh, bash)
  output: "shell %proc.cmdline"
  priority: DEBUG
  tags: [process]
- rule: disabled one
  desc: never runs
  condition: evt.type = unlink
  output: x
  priority: ERROR
  enabled: false
`

func TestSelection(t *testing.T) {
	rules := loadYAML(t, selectionRules)
	cases := []struct {
		opts Options
		want string
	}{
		{Options{}, "read etc,failed calls,shells"},
		{Options{DisableSubstrings: []string{"calls"}}, "read etc,shells"},
		{Options{DisableSubstrings: []string{"e"}}, ""},
		{Options{OnlyTags: []string{"network", "process"}}, "failed calls,shells"},
		{Options{DisableTags: []string{"filesystem"}}, "failed calls,shells"},
		{Options{MinPriority: "notice"}, "read etc,failed calls"},
		{Options{MinPriority: "warning"}, "read etc"},
		{Options{MinPriority: "emergency"}, ""},
	}
	for _, tc := range cases {
		e, err := New(rules, tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(e.Rules(), ","); got != tc.want {
			t.Errorf("%+v: rules %q, want %q", tc.opts, got, tc.want)
		}
	}
	if _, err := New(rules, Options{MinPriority: "loud"}); err == nil {
		t.Error("unknown priority accepted")
	}
}

func TestEventTypesUnion(t *testing.T) {
	e, err := New(loadYAML(t, selectionRules), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var want compile.TypeSet
	for _, n := range []string{"open", "openat", "connect", "execve"} {
		s, ok := compile.TypesOf(n)
		if !ok {
			t.Fatalf("no types named %s", n)
		}
		want = want.Union(s)
	}
	got := e.EventTypes()
	if len(got) != want.Len() {
		t.Fatalf("event types %v, want %v", got, want.Types())
	}
	for _, ty := range got {
		if !want.Has(ty) {
			t.Errorf("unexpected type %d (%s)", ty, event.Table[ty].Name)
		}
	}
	unlink, _ := compile.TypesOf("unlink")
	for _, ty := range unlink.Types() {
		if len(e.byType[ty]) != 0 {
			t.Errorf("disabled rule indexed under %s", event.Table[ty].Name)
		}
	}
}

func TestStateTypes(t *testing.T) {
	have := map[event.Type]bool{}
	for _, ty := range StateTypes() {
		have[ty] = true
	}
	for _, ty := range []event.Type{event.SyscallClone11X, event.SyscallExecve19X, event.SyscallExecveatX,
		event.SyscallOpenX, event.SyscallOpenatV2X, event.SyscallCloseE, event.SyscallCloseX, event.ProcexitE,
		event.SocketSocketX, event.SocketConnectX, event.SocketAcceptX, event.SyscallForkX} {
		if !have[ty] {
			t.Errorf("state types miss %s (%d)", event.Table[ty].Name, ty)
		}
	}
	if have[event.SyscallReadX] || have[event.SyscallWriteE] {
		t.Error("state types include read/write, which change no state")
	}
}

func TestBadRules(t *testing.T) {
	cases := []struct {
		yaml, want string
	}{
		{`
- rule: bad op
  desc: d
  condition: evt.type = open and proc.pid contains 1
  output: x
  priority: INFO
`, `rule "bad op": condition: 1:21: operator "contains"`},
		{`
- rule: bad output
  desc: d
  condition: evt.type = open
  output: "x=%proc.nmae"
  priority: INFO
`, `rule "bad output": output: output offset 2: unknown field "proc.nmae" (did you mean "proc.name"?)`},
	}
	for _, tc := range cases {
		rules := loadYAML(t, tc.yaml)
		_, err := New(rules, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one containing %q", err, tc.want)
		}
	}
}

func TestTemplate(t *testing.T) {
	tpl, err := compileTemplate("a %proc.name, b=%proc.aname[2] 100%% %evt.arg.fd. c=%fd.name.")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range tpl.fields {
		names = append(names, x.Text)
	}
	if got := strings.Join(names, " "); got != "proc.name proc.aname[2] evt.arg.fd fd.name" {
		t.Errorf("fields %q", got)
	}
	var lits []string
	for _, p := range tpl.parts {
		if p.x == nil {
			lits = append(lits, p.lit)
		}
	}
	if got := strings.Join(lits, "|"); got != "a |, b=| 100% |. c=|." {
		t.Errorf("literals %q", got)
	}
}
