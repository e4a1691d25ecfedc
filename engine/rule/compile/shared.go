package compile

import (
	"crypto/sha256"
	"strings"
	"sync/atomic"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/condition"
)

// Shared lets filters that run on the same events share the results of the
// subconditions they have in common. Rules repeat macros (open_write,
// spawned_process, container) and exception lists many times over; with a
// Shared each such subcondition is evaluated once per event, by the first
// filter that needs it, and the others read the result from the event's
// context (fields.Ctx.Memo). Events must come through fields.Ctx.Reset,
// as the pipeline does.
type Shared struct {
	id    uint64
	slots map[condition.Expr]int
	n     int
}

var sharedIDs atomic.Uint64

// digest identifies a subcondition by its meaning as text: equal digests,
// equal conditions. The canonical printer gives leaves their text; inner
// nodes hash their children's digests, so the work stays linear.
type digest [16]byte

// NewShared numbers the subconditions that occur more than once among the
// filters, counting repeats inside one filter too.
func NewShared(filters []*Filter) *Shared {
	s := &Shared{id: sharedIDs.Add(1), slots: map[condition.Expr]int{}}
	count := map[digest]int{}
	of := map[condition.Expr]digest{}
	for _, f := range filters {
		if f != nil && f.expr != nil {
			digestOf(f.expr, count, of, 0)
		}
	}
	slot := map[digest]int{}
	for e, d := range of {
		if count[d] < 2 || cheap(e) {
			continue
		}
		i, ok := slot[d]
		if !ok {
			i = len(slot)
			slot[d] = i
		}
		s.slots[e] = i
	}
	s.n = len(slot)
	return s
}

// cheap conditions cost about what a cache lookup does: a check of one
// field that the state or the event holds ready. Leaves that walk the
// process tree, look up a parent or a container, or render text are worth
// caching, and so is any and/or.
func cheap(e condition.Expr) bool {
	switch e := e.(type) {
	case *condition.Compare:
		return !costly(e.Field) && !isFieldValue(e.Value)
	case *condition.Unary:
		return !costly(e.Field)
	case *condition.Not:
		return cheap(e.Child)
	}
	return false
}

func isFieldValue(v condition.Value) bool {
	_, ok := v.(*condition.FieldValue)
	return ok
}

func costly(f condition.FieldRef) bool {
	if len(f.Transformers) > 0 {
		return true
	}
	switch n := f.Name; {
	case strings.HasPrefix(n, "proc.a"), strings.HasPrefix(n, "proc.p"), strings.HasPrefix(n, "container."),
		strings.HasPrefix(n, "user."), strings.HasPrefix(n, "group."), strings.HasPrefix(n, "evt.arg"),
		strings.HasPrefix(n, "evt.rawarg"), n == "proc.cmdline", n == "proc.args", n == "proc.exeline",
		n == "proc.env", n == "evt.args", n == "evt.info", n == "evt.abspath":
		return true
	}
	return false
}

func digestOf(e condition.Expr, count map[digest]int, of map[condition.Expr]digest, depth int) digest {
	h := sha256.New()
	var sum [sha256.Size]byte
	kids := func(tag string, children ...condition.Expr) {
		h.Write([]byte(tag))
		for _, ch := range children {
			d := digestOf(ch, count, of, depth+1)
			h.Write(d[:])
		}
	}
	switch e := e.(type) {
	case *condition.And:
		kids("and", e.Children...)
	case *condition.Or:
		kids("or", e.Children...)
	case *condition.Not:
		kids("not", e.Child)
	case nil:
		h.Write([]byte("nil"))
	default:
		// Leaves print canonically: the same text parses to the same tree.
		h.Write([]byte("leaf:" + e.String()))
	}
	var d digest
	copy(d[:], h.Sum(sum[:0]))
	if depth <= maxDepth {
		count[d]++
		of[e] = d
	}
	return d
}

// memo wraps n so that its result is cached in slot i of the event.
func memo(n node, i int) node {
	inner := n.fn
	return node{fn: func(c *fields.Ctx) bool {
		if v, ok := c.Memo(i); ok {
			return v
		}
		v := inner(c)
		c.SetMemo(i, v)
		return v
	}}
}
