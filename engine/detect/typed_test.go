package detect

import (
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/ruleset"
	"github.com/sakerhq/saker/rules"
)

func defaultRules(t testing.TB) []*ruleset.Rule {
	l := ruleset.NewLoader(ruleset.WithFieldChecker(compile.Checker{}))
	if err := l.LoadBytes(rules.DefaultName, rules.Default); err != nil {
		t.Fatal(err)
	}
	set, _, err := l.Finish()
	if err != nil {
		t.Fatal(err)
	}
	return set.Rules
}

// Every default rule names its event types, so the index keeps it from
// the events it cannot match; and the specialised index drops a rule from
// the types where its condition cannot hold: open_write rules never meet
// an openat enter event, whose flags are only known at exit.
func TestDefaultRulesIndex(t *testing.T) {
	e, err := New(defaultRules(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(e.rules) < 40 {
		t.Fatalf("only %d default rules enabled", len(e.rules))
	}
	for _, r := range e.rules {
		if types, all := r.filter.EventTypes(); all || types.Len() > maxSpecialised {
			t.Errorf("rule %q matches %d event types: it needs an evt.type check", r.name, types.Len())
		}
	}
	under := func(t event.Type, name string) bool {
		for _, tr := range e.byType[t] {
			if tr.r.name == name {
				return true
			}
		}
		return false
	}
	const rule = "Write below etc"
	if !under(event.SyscallOpenatV2X, rule) {
		t.Errorf("%q is not indexed under openat exits", rule)
	}
	if under(event.SyscallOpenatV2E, rule) {
		t.Errorf("%q is indexed under openat enters, where it cannot match", rule)
	}
}
