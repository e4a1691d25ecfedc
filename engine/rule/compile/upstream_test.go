package compile

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/internal/upstream"
	"github.com/sakerhq/saker/engine/rule/ruleset"
)

// loadUpstream loads the three upstream rules files with our field checker,
// so an unknown field in any rule, macro or exception is an error.
func loadUpstream(t testing.TB) *ruleset.Set {
	t.Helper()
	files, err := upstream.Files()
	if err != nil {
		t.Fatal(err)
	}
	l := ruleset.NewLoader(ruleset.WithFieldChecker(Checker{}))
	for _, f := range files {
		if err := l.LoadFile(f); err != nil {
			t.Fatalf("load %s: %v", filepath.Base(f), err)
		}
	}
	set, diags, err := l.Finish()
	if err != nil {
		t.Fatalf("finish: %v", err)
	}
	for _, d := range diags {
		if d.Severity == ruleset.SeverityError {
			t.Errorf("%s", d)
		}
	}
	return set
}

// alwaysFalse are upstream rules that cannot match as shipped: they test
// membership in a list that upstream leaves empty for users to fill.
var alwaysFalse = map[string]bool{
	"Network Connection outside Local Subnet": true, // k8s.ns.name in (namespace_scope_network_only_subnet)
}

// Every rule of the three upstream files, enabled or not, must compile,
// and every field of every output must exist.
func TestUpstreamRulesCompile(t *testing.T) {
	set := loadUpstream(t)
	if len(set.Rules) < 90 {
		t.Fatalf("only %d upstream rules loaded", len(set.Rules))
	}
	outField := regexp.MustCompile(`%([A-Za-z0-9_.]+(\[[^\]]*\])?)`)
	warned := 0
	for _, r := range set.Rules {
		f, err := Compile(r.Expr)
		if err != nil {
			t.Errorf("%s:%d: rule %q: %v", filepath.Base(r.File), r.Line, r.Name, err)
			continue
		}
		if v, ok := f.Const(); ok && !alwaysFalse[r.Name] {
			t.Errorf("rule %q folded to constant %v", r.Name, v)
		}
		for _, w := range f.Warnings() {
			if w.Code == WarnNoEvtType {
				warned++
			}
		}
		for _, m := range outField.FindAllStringSubmatch(r.Output, -1) {
			if _, err := fields.Compile(m[1]); err != nil {
				t.Errorf("rule %q: output field %s: %v", r.Name, m[1], err)
			}
		}
	}
	// Upstream rules all name their event types; none should be flagged.
	if warned > 0 {
		t.Errorf("%d upstream rules flagged as matching too many event types", warned)
	}
}

// A rule's types come out of its macros: spawned_process is execve exits.
func TestUpstreamEventTypes(t *testing.T) {
	set := loadUpstream(t)
	execve, _ := TypesOf("execve")
	for _, r := range set.Rules {
		if r.Name != "Terminal shell in container" {
			continue
		}
		f, err := Compile(r.Expr)
		if err != nil {
			t.Fatal(err)
		}
		got, all := f.EventTypes()
		execveat, _ := TypesOf("execveat")
		// evt.dir does not narrow the analysis, in Falco either: every
		// version of execve and execveat, enter and exit.
		if want := execve.Union(execveat); all || got != want {
			t.Errorf("%s: types %v, want %v", r.Name, got.Types(), want.Types())
		}
		return
	}
	t.Fatal("rule 'Terminal shell in container' not found")
}
