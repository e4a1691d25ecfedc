package compile

import (
	"errors"
	"fmt"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/condition"
)

// Filter is a compiled condition. Immutable; safe to share.
type Filter struct {
	expr     condition.Expr
	shared   *Shared // set on filters that share results through the event
	match    func(c *fields.Ctx) bool
	konst    int8 // 1: always true, -1: always false, 0: depends on the event
	types    TypeSet
	all      bool
	warnings []Warning
}

// Match reports whether the event in c satisfies the condition.
func (f *Filter) Match(c *fields.Ctx) bool {
	if f.shared != nil {
		c.MemoBegin(f.shared.id, f.shared.n)
	}
	return f.match(c)
}

// Const reports whether the condition folded to a constant, and which.
func (f *Filter) Const() (value, ok bool) { return f.konst > 0, f.konst != 0 }

// EventTypes returns the event types the condition can match. all is true
// when the condition does not restrict evt.type, so every type qualifies.
func (f *Filter) EventTypes() (set TypeSet, all bool) { return f.types, f.all }

// Warnings returns what Falco would warn about when loading the condition.
func (f *Filter) Warnings() []Warning { return f.warnings }

// Warning codes, named as Falco's load warnings are.
const (
	WarnNoEvtType   = "no-evttype"         // matches no or too many event types
	WarnUnknownType = "unknown-evttype"    // evt.type compared with a name no event has
	WarnNACheck     = "unsafe-na-check"    // a field compared with "<NA>"
	WarnConstant    = "constant-condition" // the whole condition is always false
)

// Warning is a non-fatal finding about a condition.
type Warning struct {
	Pos  condition.Position
	Code string
	Msg  string
}

func (w Warning) String() string {
	return fmt.Sprintf("%d:%d: %s (%s)", w.Pos.Line, w.Pos.Col, w.Msg, w.Code)
}

// Error is a compile error at a position of the condition.
type Error struct {
	Pos condition.Position
	Msg string
	Err error // the cause, e.g. a *fields.UnknownFieldError
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Pos.Line, e.Pos.Col, e.Msg) }

func (e *Error) Unwrap() error { return e.Err }

func errAt(p condition.Position, format string, args ...any) *Error {
	return &Error{Pos: p, Msg: fmt.Sprintf(format, args...)}
}

// maxDepth bounds recursion over hostile trees; the parser caps nesting at
// condition.MaxDepth, macro expansion can add a little.
const maxDepth = 4 * condition.MaxDepth

// Compile compiles a condition whose macros and lists are already expanded.
func Compile(expr condition.Expr) (*Filter, error) {
	if expr == nil {
		return nil, errors.New("compile: empty condition")
	}
	var b builder
	n, err := b.expr(expr, 0)
	if err != nil {
		return nil, err
	}
	f := &Filter{expr: expr, match: n.fn, konst: n.konst, warnings: b.warnings}
	f.types = eventTypes(expr)
	f.all = f.types == allTypes
	// Falco warns from the analysis alone, before anything folds.
	if l := f.types.Len(); l == 0 || l > 100 {
		f.warnings = append(f.warnings, Warning{Pos: expr.Pos(), Code: WarnNoEvtType,
			Msg: "rule matches too many evt.type values; this has a significant performance penalty"})
	}
	if f.konst < 0 {
		// Nothing can match: no event type needs to reach the filter.
		f.types = TypeSet{}
		f.all = false
		f.warnings = append(f.warnings, Warning{Pos: expr.Pos(), Code: WarnConstant, Msg: "condition is always false"})
	}
	return f, nil
}

// ForType returns the filter specialised for events of type t: what the
// type alone decides (evt.type, evt.dir, evt.is_open_write, fields the type
// has no value for) is folded away, so only the checks that depend on the
// event remain. Const on the result reports a condition that no event of
// type t can satisfy, or that all do. The result matches an event of type t
// exactly when f does; other types must not reach it.
//
// With s (which may be nil), the subconditions s numbered are evaluated at
// most once per event across all filters specialised with s.
func (f *Filter) ForType(t event.Type, s *Shared) *Filter {
	if f.konst != 0 || f.expr == nil {
		return f
	}
	b := builder{fixed: true, typ: t, shared: s}
	n, err := b.expr(f.expr, 0)
	if err != nil {
		// Compile accepted the same tree, so this does not happen; the
		// general filter is still right.
		return f
	}
	sf := &Filter{expr: f.expr, match: n.fn, konst: n.konst, types: f.types, all: f.all, warnings: f.warnings}
	if s != nil && s.n > 0 {
		sf.shared = s
	}
	return sf
}

// Checker validates field names for the rules loader (ruleset.FieldChecker).
type Checker struct{}

// Known reports whether name is a field, suggesting the closest one if not.
func (Checker) Known(name string) (bool, string) {
	if _, err := fields.Compile(name); err != nil {
		var ue *fields.UnknownFieldError
		if errors.As(err, &ue) {
			return false, ue.Suggestion
		}
		// The name exists; only its argument is missing or extra.
		return true, ""
	}
	return true, ""
}

type node struct {
	fn    func(c *fields.Ctx) bool
	konst int8
}

var (
	trueNode  = node{fn: func(*fields.Ctx) bool { return true }, konst: 1}
	falseNode = node{fn: func(*fields.Ctx) bool { return false }, konst: -1}
)

type builder struct {
	warnings []Warning
	// fixed: every event reaching the filter has type typ (ForType).
	fixed bool
	typ   event.Type
	// shared numbers the subconditions whose results events cache.
	shared *Shared
}

// typeConst folds a field the event type decides: ok when it does, has
// whether there is a value then, v the value.
func (b *builder) typeConst(lf *field, v *fields.Value) (has, ok bool) {
	if !b.fixed || lf.multi != nil {
		return false, false
	}
	has, ok = lf.x.ForType(b.typ, v)
	if ok && has && len(lf.xf) > 0 {
		// Transformers need a context; leave them to the event.
		return false, false
	}
	return has, ok
}

func constNode(b bool) node {
	if b {
		return trueNode
	}
	return falseNode
}

func (b *builder) warn(p condition.Position, code, format string, args ...any) {
	b.warnings = append(b.warnings, Warning{Pos: p, Code: code, Msg: fmt.Sprintf(format, args...)})
}

func (b *builder) expr(e condition.Expr, depth int) (node, error) {
	n, err := b.expr1(e, depth)
	if err != nil || n.konst != 0 || b.shared == nil {
		return n, err
	}
	if i, ok := b.shared.slots[e]; ok {
		n = memo(n, i)
	}
	return n, nil
}

func (b *builder) expr1(e condition.Expr, depth int) (node, error) {
	if depth > maxDepth {
		return node{}, errAt(e.Pos(), "condition nested too deeply")
	}
	switch e := e.(type) {
	case *condition.And:
		return b.junction(e.Children, depth, true)
	case *condition.Or:
		return b.junction(e.Children, depth, false)
	case *condition.Not:
		n, err := b.expr(e.Child, depth+1)
		if err != nil {
			return node{}, err
		}
		switch n.konst {
		case 1:
			return falseNode, nil
		case -1:
			return trueNode, nil
		}
		f := n.fn
		return node{fn: func(c *fields.Ctx) bool { return !f(c) }}, nil
	case *condition.Compare:
		return b.compare(e)
	case *condition.Unary:
		return b.unary(e)
	case *condition.Ident:
		return node{}, errAt(e.Position, "undefined macro %q", e.Name)
	case nil:
		return node{}, errors.New("compile: nil expression")
	}
	return node{}, errAt(e.Pos(), "unsupported expression %T", e)
}

// junction folds constant children away: in an and, true children drop out
// and a false one decides; in an or, the reverse.
func (b *builder) junction(children []condition.Expr, depth int, and bool) (node, error) {
	// Children keep the order the rule gives them: rules put selective
	// checks (macros like open_write) first. Reordering by estimated cost
	// measured slower on real rules, for want of selectivity.
	var keep []func(*fields.Ctx) bool
	decided := false
	for _, ch := range children {
		n, err := b.expr(ch, depth+1)
		if err != nil {
			return node{}, err
		}
		switch {
		case n.konst == 0:
			keep = append(keep, n.fn)
		case (n.konst > 0) != and:
			decided = true
		}
	}
	switch {
	case decided && and:
		return falseNode, nil
	case decided:
		return trueNode, nil
	case len(keep) == 0 && and:
		return trueNode, nil
	case len(keep) == 0:
		return falseNode, nil
	case len(keep) == 1:
		return node{fn: keep[0]}, nil
	}
	if len(keep) == 2 {
		l, r := keep[0], keep[1]
		if and {
			return node{fn: func(c *fields.Ctx) bool { return l(c) && r(c) }}, nil
		}
		return node{fn: func(c *fields.Ctx) bool { return l(c) || r(c) }}, nil
	}
	if and {
		return node{fn: func(c *fields.Ctx) bool {
			for _, f := range keep {
				if !f(c) {
					return false
				}
			}
			return true
		}}, nil
	}
	return node{fn: func(c *fields.Ctx) bool {
		for _, f := range keep {
			if f(c) {
				return true
			}
		}
		return false
	}}, nil
}

func (b *builder) unary(u *condition.Unary) (node, error) {
	if u.Op != condition.OpExists {
		return node{}, errAt(u.Position, "unknown unary operator %q", u.Op)
	}
	lf, err := resolveField(u.Field)
	if err != nil {
		return node{}, err
	}
	if lf.multi != nil {
		each, arg, xf := lf.multi.Each, &lf.x.Arg, lf.xf
		yield := func(c *fields.Ctx, v *fields.Value) bool { return applyXf(xf, c, v) }
		return node{fn: func(c *fields.Ctx) bool {
			hit, _ := each(c, arg, &c.Tmp[0], yield)
			return hit
		}}, nil
	}
	var kv fields.Value
	if has, ok := b.typeConst(lf, &kv); ok {
		return constNode(has), nil
	}
	return node{fn: func(c *fields.Ctx) bool { return lf.extract(c, &c.Tmp[0]) }}, nil
}

func (b *builder) compare(cmp *condition.Compare) (node, error) {
	if !cmp.Op.Valid() || cmp.Op == condition.OpExists {
		return node{}, errAt(cmp.Position, "unknown operator %q", cmp.Op)
	}
	b.checkNA(cmp)
	if isEvtType(cmp.Field) {
		if n, ok, err := b.evtType(cmp); ok || err != nil {
			return n, err
		}
	}
	lf, err := resolveField(cmp.Field)
	if err != nil {
		return node{}, err
	}
	if fv, ok := cmp.Value.(*condition.FieldValue); ok {
		return b.fieldCompare(cmp, lf, fv)
	}
	items, err := operandTexts(cmp)
	if err != nil {
		return node{}, err
	}
	if len(items) == 0 {
		// An empty list: nothing is in it, intersects it or is under it.
		return falseNode, nil
	}
	op := cmp.Op
	neAll := lf.multi != nil && lf.multi.NeAll && op == condition.OpNe
	if neAll {
		op = condition.OpEq
	}
	t, err := buildTest(lf.cls, op, items, lf.name, cmp.Position)
	if err != nil {
		return node{}, err
	}
	var kv fields.Value
	if has, ok := b.typeConst(lf, &kv); ok {
		return constNode(has && t(&kv)), nil
	}
	if lf.multi == nil {
		return node{fn: func(c *fields.Ctx) bool {
			v := &c.Tmp[0]
			return lf.extract(c, v) && t(v)
		}}, nil
	}
	each, arg, xf := lf.multi.Each, &lf.x.Arg, lf.xf
	yield := func(c *fields.Ctx, v *fields.Value) bool { return applyXf(xf, c, v) && t(v) }
	if neAll {
		// Every endpoint must differ: there is one, and none is equal.
		return node{fn: func(c *fields.Ctx) bool {
			hit, some := each(c, arg, &c.Tmp[0], yield)
			return some && !hit
		}}, nil
	}
	return node{fn: func(c *fields.Ctx) bool {
		hit, _ := each(c, arg, &c.Tmp[0], yield)
		return hit
	}}, nil
}

// fieldCompare compiles a comparison of two fields: proc.name = val(proc.pname).
func (b *builder) fieldCompare(cmp *condition.Compare, lf *field, fv *condition.FieldValue) (node, error) {
	switch cmp.Op {
	case condition.OpPmatch, condition.OpRegex, condition.OpBContains, condition.OpBStartsWith:
		return node{}, errAt(fv.Position, "operator %q does not support right-hand side fields", cmp.Op)
	}
	rf, err := resolveField(fv.Field)
	if err != nil {
		return node{}, err
	}
	if lf.multi != nil {
		return node{}, errAt(cmp.Field.Position, "field %s does not support right-hand side fields", lf.name)
	}
	if rf.multi != nil {
		return node{}, errAt(fv.Position, "field %s can't be used as a right-hand side field", rf.name)
	}
	if lf.cls != rf.cls && lf.cls != clsDyn && rf.cls != clsDyn && !(lf.cls.stringy() && rf.cls.stringy()) {
		return node{}, errAt(fv.Position, "field %s has type %s while the right-hand side field %s has incompatible type %s",
			lf.name, lf.cls, rf.name, rf.cls)
	}
	t, err := pairTest(cmp.Op, lf.cls)
	if err != nil {
		return node{}, errAt(cmp.Position, "%v", err)
	}
	var kv fields.Value
	if has, ok := b.typeConst(lf, &kv); ok && !has {
		return falseNode, nil
	}
	if has, ok := b.typeConst(rf, &kv); ok && !has {
		return falseNode, nil
	}
	return node{fn: func(c *fields.Ctx) bool {
		v, r := &c.Tmp[0], &c.Tmp[1]
		return lf.extract(c, v) && rf.extract(c, r) && t(v, r)
	}}, nil
}

// operandTexts returns the right-hand side strings of a comparison.
func operandTexts(cmp *condition.Compare) ([]*condition.StringValue, error) {
	switch v := cmp.Value.(type) {
	case *condition.StringValue:
		return []*condition.StringValue{v}, nil
	case *condition.ListValue:
		if !cmp.Op.IsListOp() {
			return nil, errAt(v.Position, "operator %q takes a single value, not a list", cmp.Op)
		}
		return v.Items, nil
	case nil:
		return nil, errAt(cmp.Position, "operator %q needs a value", cmp.Op)
	}
	return nil, errAt(cmp.Value.Pos(), "unsupported value %T", cmp.Value)
}

// checkNA flags comparisons with "<NA>": a field without a value fails
// every comparison, so such a check does not do what it seems to.
func (b *builder) checkNA(cmp *condition.Compare) {
	switch v := cmp.Value.(type) {
	case *condition.StringValue:
		if v.Text == "<NA>" {
			b.warn(v.Position, WarnNACheck, "comparing %s with \"<NA>\" is unsafe: a missing value fails every comparison", cmp.Field.Name)
		}
	case *condition.ListValue:
		for _, it := range v.Items {
			if it.Text == "<NA>" {
				b.warn(it.Position, WarnNACheck, "comparing %s with \"<NA>\" is unsafe: a missing value fails every comparison", cmp.Field.Name)
				return
			}
		}
	}
}
