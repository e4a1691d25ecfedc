package ruleset

import (
	"path/filepath"
	"testing"

	"github.com/sakerhq/saker/engine/rule/condition"
	"github.com/sakerhq/saker/engine/rule/internal/upstream"
)

// Rule counts per file come from shared/upstream-rules/SOURCES.md.
func TestUpstreamRules(t *testing.T) {
	files, err := upstream.Files()
	if err != nil {
		t.Fatal(err)
	}
	stable, incubating, sandbox := files[0], files[1], files[2]
	cases := []struct {
		name  string
		files []string
		rules int
	}{
		{"stable", []string{stable}, 25},
		{"stable+incubating", []string{stable, incubating}, 25 + 31},
		{"stable+sandbox", []string{stable, sandbox}, 25 + 37},
		{"all", []string{stable, incubating, sandbox}, 25 + 31 + 37},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := NewLoader()
			for _, f := range tc.files {
				if err := l.LoadFile(f); err != nil {
					t.Fatalf("LoadFile(%s): %v", filepath.Base(f), err)
				}
			}
			set, diags, err := l.Finish()
			if err != nil {
				t.Fatalf("Finish: %v", err)
			}
			for _, d := range diags {
				if d.Severity == SeverityError {
					t.Errorf("error diagnostic: %s", d)
				}
			}
			if len(set.Rules) != tc.rules {
				t.Errorf("%d rules, want %d", len(set.Rules), tc.rules)
			}
			if set.RequiredEngineVersion != "0.57.0" {
				t.Errorf("required engine version = %q", set.RequiredEngineVersion)
			}
			if len(set.RequiredPlugins) == 0 || set.RequiredPlugins[0][0].Name != "container" {
				t.Errorf("required plugins = %v", set.RequiredPlugins)
			}
			for _, r := range set.Rules {
				checkSelfContained(t, set, r)
			}
		})
	}
}

// checkSelfContained verifies that no macro reference or list name is left
// in a rule's condition and that the expanded tree prints and re-parses.
func checkSelfContained(t *testing.T, set *Set, r *Rule) {
	t.Helper()
	condition.Walk(r.Expr, func(e condition.Expr) bool {
		switch e := e.(type) {
		case *condition.Ident:
			t.Errorf("rule %q: macro %q left unexpanded", r.Name, e.Name)
		case *condition.Compare:
			if l, ok := e.Value.(*condition.ListValue); ok {
				for _, it := range l.Items {
					if _, isList := set.Lists[it.Text]; isList && !it.Quoted {
						t.Errorf("rule %q: list %q left in condition", r.Name, it.Text)
					}
				}
			}
		}
		return true
	})
	again, err := condition.Parse(r.Expr.String())
	if err != nil {
		t.Errorf("rule %q: expanded condition does not re-parse: %v", r.Name, err)
		return
	}
	if !condition.Equal(again, r.Expr) {
		t.Errorf("rule %q: expanded condition does not round-trip", r.Name)
	}
}

// Spot checks against definitions visible in falco_rules.yaml.
func TestUpstreamExpansion(t *testing.T) {
	files, err := upstream.Files()
	if err != nil {
		t.Fatal(err)
	}
	l := NewLoader()
	if err := l.LoadFile(files[0]); err != nil {
		t.Fatal(err)
	}
	set, _, err := l.Finish()
	if err != nil {
		t.Fatal(err)
	}
	// macro shell_procs: (proc.name in (shell_binaries)), with
	// list shell_binaries: [ash, bash, csh, ksh, sh, tcsh, zsh, dash]
	if !condition.Equal(set.Macros["shell_procs"], mustParse(t, "proc.name in (ash, bash, csh, ksh, sh, tcsh, zsh, dash)")) {
		t.Errorf("shell_procs = %s", set.Macros["shell_procs"])
	}
	// login_binaries holds the YAML item '"(systemd)"', a quoted literal.
	found := false
	for _, it := range set.Lists["login_binaries"] {
		found = found || it == `"(systemd)"`
	}
	if !found {
		t.Errorf("login_binaries = %v", set.Lists["login_binaries"])
	}
	r := ruleByName(t, set, "Read sensitive file untrusted")
	if r.Priority != PriorityWarning || !r.Enabled || r.Source != "syscall" {
		t.Errorf("rule fields: priority %v enabled %v source %q", r.Priority, r.Enabled, r.Source)
	}
}
