package detect

import (
	"strings"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/condition"
	"github.com/sakerhq/saker/engine/state"
)

// CaptureTypes returns the event types a live source must capture for e:
// the types some rule can still match once specialised for them, the ones
// the state tracker needs, and the enter half of an exit only when
// something reads it. Most exits in the newest layouts repeat every
// parameter of their enter (openat, mkdirat, clone...), so those enters are
// left in the kernel: fewer events, and the same alerts (TestPushdownExact
// replays real captures both ways).
func (e *Engine) CaptureTypes() []event.Type {
	var want compile.TypeSet
	for t := event.Type(0); int(t) < event.NumTypes; t++ {
		if len(e.byType[t]) > 0 {
			want.Add(t)
		}
	}
	for _, t := range stateTypes.Types() {
		want.Add(t)
	}
	var set compile.TypeSet
	for _, t := range want.Types() {
		if !pairedEnter(t) {
			set.Add(t)
			if pairedEnter(t^1) && (e.keepEnters || EnterNeeded(t)) {
				set.Add(t ^ 1)
			}
			continue
		}
		// An enter is captured when a rule can match it, the tracker acts
		// on it, or its exit needs it.
		if len(e.byType[t]) > 0 || e.keepEnters || state.ActsOnEnter(t) || EnterNeeded(t^1) {
			set.Add(t)
		}
	}
	return set.Types()
}

// pairedEnter reports whether t is the enter half of an enter/exit pair.
func pairedEnter(t event.Type) bool {
	if !t.IsEnter() || int(t^1) >= event.NumTypes {
		return false
	}
	x := &event.Table[t^1]
	return x.Flags&event.FlagUnused == 0 && x.Name == event.Table[t].Name
}

// EnterNeeded reports whether the exit type x needs its enter event: when
// the enter carries a parameter the exit does not, the tracker and the
// fields take it from the enter (the fd of read, close, or connect's
// address, execve's filename).
func EnterNeeded(x event.Type) bool {
	if int(x^1) >= event.NumTypes {
		return false
	}
	have := map[string]bool{}
	for _, p := range event.Table[x].Params {
		have[p.Name] = true
	}
	for _, p := range event.Table[x^1].Params {
		if !have[p.Name] {
			return true
		}
	}
	return false
}

// enterFields are fields whose value at an exit comes from its enter.
var enterFields = []string{"evt.latency"}

// readsEnter reports whether a rule's condition or output uses a field
// that needs the enter events of everything it matches.
func readsEnter(expr condition.Expr, output string) bool {
	for _, f := range enterFields {
		if strings.Contains(output, "%"+f) || strings.Contains(output, "%{"+f) {
			return true
		}
	}
	found := false
	var walk func(condition.Expr)
	ref := func(r condition.FieldRef) {
		for _, f := range enterFields {
			if r.Name == f {
				found = true
			}
		}
	}
	walk = func(x condition.Expr) {
		switch n := x.(type) {
		case *condition.And:
			for _, c := range n.Children {
				walk(c)
			}
		case *condition.Or:
			for _, c := range n.Children {
				walk(c)
			}
		case *condition.Not:
			walk(n.Child)
		case *condition.Compare:
			ref(n.Field)
			if v, ok := n.Value.(*condition.FieldValue); ok {
				ref(v.Field)
			}
		case *condition.Unary:
			ref(n.Field)
		}
	}
	walk(expr)
	return found
}
