package compile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/pipeline"
	"github.com/sakerhq/saker/engine/rule/ruleset"
	"github.com/sakerhq/saker/engine/state"
	"github.com/sakerhq/saker/rules"
)

// A filter specialised for an event type selects the same events of that
// type as the general one, with and without shared subconditions: every
// upstream and default rule, and the filters of the sysdig comparison, on
// real captures.
func TestForTypeAgreesWithGeneral(t *testing.T) {
	var filters []*Filter
	var names []string
	add := func(set *ruleset.Set) {
		for _, r := range set.Rules {
			f, err := Compile(r.Expr)
			if err != nil {
				continue // the upstream tests report these
			}
			filters, names = append(filters, f), append(names, r.Name)
		}
	}
	add(loadUpstream(t))
	l := ruleset.NewLoader(ruleset.WithFieldChecker(Checker{}))
	if err := l.LoadBytes(rules.DefaultName, rules.Default); err != nil {
		t.Fatal(err)
	}
	set, _, err := l.Finish()
	if err != nil {
		t.Fatal(err)
	}
	add(set)
	for _, src := range append(append([]string(nil), diffFilters...), netFilters...) {
		filters, names = append(filters, mustCompile(t, src)), append(names, src)
	}
	special := make([][]*Filter, len(filters))
	shared := NewShared(filters)
	if shared.n < 50 {
		t.Errorf("only %d shared subconditions among %d filters", shared.n, len(filters))
	}
	withShared := make([][]*Filter, len(filters))
	var matches, folded, evals, memoHits int
	for _, name := range []string{"busybox_workload.scap.gz", "mixed_workload.scap.gz", "libs_curl_google.scap",
		"connect_localhost.scap", "psp_privileged.scap", "psp_run_as_user_0_container.scap", "cat_write.scap"} {
		path := filepath.Join(sharedDir(), "captures", name)
		if _, err := os.Stat(path); err != nil {
			t.Fatalf("capture: %v", err)
		}
		err := pipeline.Replay(path, state.Options{}, func(c *fields.Ctx) error {
			if c.Num > 400000 {
				return errStop
			}
			typ := c.Ev.Type()
			if int(typ) >= event.NumTypes {
				return nil
			}
			for i, f := range filters {
				if types, _ := f.EventTypes(); !types.Has(typ) {
					continue
				}
				if special[i] == nil {
					special[i], withShared[i] = make([]*Filter, event.NumTypes), make([]*Filter, event.NumTypes)
				}
				sf, mf := special[i][typ], withShared[i][typ]
				if sf == nil {
					sf, mf = f.ForType(typ, nil), f.ForType(typ, shared)
					special[i][typ], withShared[i][typ] = sf, mf
				}
				want := f.Match(c)
				got := sf.Match(c)
				if v, ok := sf.Const(); ok {
					folded++
					got = v
				}
				evals++
				if got != want {
					t.Fatalf("%s: event %d (%s): general filter %v, specialised %v: %s", name, c.Num, fields.TypeName(c.Ev), want, got, names[i])
				}
				if got := mf.Match(c); got != want {
					t.Fatalf("%s: event %d (%s): general filter %v, with shared results %v: %s", name, c.Num, fields.TypeName(c.Ev), want, got, names[i])
				}
				for j := 0; j < shared.n; j++ {
					if _, ok := c.Memo(j); ok {
						memoHits++
						break
					}
				}
				if want {
					matches++
				}
			}
			return nil
		})
		if err != nil && !errors.Is(err, errStop) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if memoHits < 1000 {
		t.Errorf("shared results cached for only %d evaluations", memoHits)
	}
	if matches < 100 || folded < 1000 {
		t.Errorf("%d matches, %d folded of %d evaluations: too few to tell", matches, folded, evals)
	}
	t.Logf("%d evaluations, %d matches, %d folded to a constant", evals, matches, folded)
}
