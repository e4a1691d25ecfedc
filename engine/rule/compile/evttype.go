package compile

import (
	"math/bits"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/condition"
)

// TypeSet is a set of event types.
type TypeSet [(event.NumTypes + 63) / 64]uint64

// Has reports whether t is in the set.
func (s TypeSet) Has(t event.Type) bool {
	return int(t) < event.NumTypes && s[t/64]&(1<<(t%64)) != 0
}

// Add puts t in the set.
func (s *TypeSet) Add(t event.Type) {
	if int(t) < event.NumTypes {
		s[t/64] |= 1 << (t % 64)
	}
}

// Len returns the number of types in the set.
func (s TypeSet) Len() int {
	n := 0
	for _, w := range s {
		n += bits.OnesCount64(w)
	}
	return n
}

// Types lists the set in ascending order.
func (s TypeSet) Types() []event.Type {
	var out []event.Type
	for t := event.Type(0); int(t) < event.NumTypes; t++ {
		if s.Has(t) {
			out = append(out, t)
		}
	}
	return out
}

// Union returns s ∪ o.
func (s TypeSet) Union(o TypeSet) TypeSet {
	for i := range s {
		s[i] |= o[i]
	}
	return s
}

func (s TypeSet) intersect(o TypeSet) TypeSet {
	for i := range s {
		s[i] &= o[i]
	}
	return s
}

func (s TypeSet) invert() TypeSet {
	for i := range s {
		s[i] = allTypes[i] &^ s[i]
	}
	return s
}

var (
	// allTypes holds every type of the event table.
	allTypes TypeSet
	// typesByName maps an evt.type name to the rows that carry it, enter
	// and exit, every version. Syscalls without a row of their own arrive
	// as generic events, so their names map to the two generic rows.
	typesByName = map[string]TypeSet{}
)

func init() {
	for t := event.Type(0); int(t) < event.NumTypes; t++ {
		info := &event.Table[t]
		if info.Name == "" || info.Flags&event.FlagUnused != 0 {
			continue
		}
		allTypes.Add(t)
		s := typesByName[info.Name]
		s.Add(t)
		typesByName[info.Name] = s
	}
	var generic TypeSet
	generic.Add(event.GenericE)
	generic.Add(event.GenericX)
	for id := 0; id < 1<<12; id++ {
		name := event.SyscallName(uint16(id))
		if name == "" {
			continue
		}
		if _, ok := typesByName[name]; !ok {
			typesByName[name] = generic
		}
	}
}

// TypesOf returns the event types named name, and whether any is.
func TypesOf(name string) (TypeSet, bool) {
	s, ok := typesByName[name]
	return s, ok
}

// evtType compiles evt.type =, !=, in with a set lookup on the type number
// instead of a string comparison; generic events still compare names,
// since their name is that of the syscall they stand for. ok is false for
// other operators, which take the general path.
func (b *builder) evtType(cmp *condition.Compare) (n node, ok bool, err error) {
	neg := false
	switch cmp.Op {
	case condition.OpEq, condition.OpEqEq, condition.OpIn:
	case condition.OpNe:
		neg = true
	default:
		return node{}, false, nil
	}
	if _, isField := cmp.Value.(*condition.FieldValue); isField {
		return node{}, false, nil
	}
	items, err := operandTexts(cmp)
	if err != nil {
		return node{}, true, err
	}
	var set TypeSet
	var names []string
	for _, it := range items {
		s, known := typesByName[it.Text]
		if !known {
			b.warn(it.Position, WarnUnknownType, "evt.type compared with %q, which no event has: the comparison is always %v", it.Text, neg)
			continue
		}
		set = set.Union(s)
		names = append(names, it.Text)
	}
	if len(names) == 0 {
		if neg {
			return trueNode, true, nil
		}
		return falseNode, true, nil
	}
	if b.fixed && b.typ != event.GenericE && b.typ != event.GenericX {
		return constNode(set.Has(b.typ) != neg), true, nil
	}
	var direct [event.NumTypes]bool
	for t := event.Type(0); int(t) < event.NumTypes; t++ {
		direct[t] = set.Has(t)
	}
	match := func(c *fields.Ctx) bool {
		t := c.Ev.Type()
		if t == event.GenericE || t == event.GenericX {
			name := fields.TypeName(c.Ev)
			for _, n := range names {
				if n == name {
					return true
				}
			}
			return false
		}
		return int(t) < event.NumTypes && direct[t]
	}
	if neg {
		return node{fn: func(c *fields.Ctx) bool { return !match(c) }}, true, nil
	}
	return node{fn: match}, true, nil
}

// eventTypes is Falco's event type analysis: evt.type =, == and in give
// the named types, != the others; and intersects, or unites; a negation is
// pushed down to the checks (De Morgan), where it inverts evt.type sets,
// while any other check stands for every type, negated or not.
func eventTypes(e condition.Expr) TypeSet {
	v := typeVisitor{}
	return v.visit(e)
}

type typeVisitor struct {
	negated bool
}

func (v *typeVisitor) visit(e condition.Expr) TypeSet {
	switch e := e.(type) {
	case *condition.And:
		return v.junction(e.Children, !v.negated)
	case *condition.Or:
		return v.junction(e.Children, v.negated)
	case *condition.Not:
		v.negated = !v.negated
		s := v.visit(e.Child)
		v.negated = !v.negated
		return s
	case *condition.Compare:
		s, ok := v.evtTypeSet(e)
		if !ok {
			return allTypes
		}
		return s
	}
	return allTypes
}

func (v *typeVisitor) junction(children []condition.Expr, intersect bool) TypeSet {
	var s TypeSet
	if intersect {
		s = allTypes
	}
	for _, ch := range children {
		cs := v.visit(ch)
		if intersect {
			s = s.intersect(cs)
		} else {
			s = s.Union(cs)
		}
	}
	return s
}

func (v *typeVisitor) evtTypeSet(cmp *condition.Compare) (TypeSet, bool) {
	if !isEvtType(cmp.Field) {
		return TypeSet{}, false
	}
	var items []*condition.StringValue
	switch val := cmp.Value.(type) {
	case *condition.StringValue:
		items = []*condition.StringValue{val}
	case *condition.ListValue:
		items = val.Items
	default:
		return TypeSet{}, false
	}
	var s TypeSet
	switch cmp.Op {
	case condition.OpEq, condition.OpEqEq, condition.OpIn, condition.OpNe:
	default:
		return TypeSet{}, false
	}
	for _, it := range items {
		s = s.Union(typesByName[it.Text])
	}
	if cmp.Op == condition.OpNe {
		s = s.invert()
	}
	if v.negated {
		s = s.invert()
	}
	return s, true
}
