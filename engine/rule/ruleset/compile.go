package ruleset

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sakerhq/saker/engine/rule/condition"
)

// Limits on what macro and list expansion may produce, so that a few small
// definitions referring to each other repeatedly cannot blow up memory.
const (
	MaxListItems = 1_000_000 // items of one expanded list
	MaxExprNodes = 1_000_000 // nodes of one expanded condition
)

// Set is the result of loading: rules with self-contained conditions.
type Set struct {
	Rules                 []*Rule                   // in order of first definition
	Lists                 map[string][]string       // fully expanded items
	Macros                map[string]condition.Expr // fully expanded conditions
	RequiredEngineVersion string                    // highest required, "" if none
	RequiredPlugins       [][]PluginRequirement     // each entry lists alternatives
}

// Rule is a loaded rule. Expr has every macro expanded, every list inlined
// and every exception added as an "and not (...)" term; nodes coming from
// macros carry positions in the macro's condition text.
type Rule struct {
	Name                string
	Desc                string
	Output              string
	Source              string
	Priority            Priority
	Tags                []string
	Enabled             bool
	WarnEvttypes        bool
	SkipIfUnknownFilter bool
	Condition           string // condition text after appends
	Expr                condition.Expr
	Exceptions          []Exception
	File                string
	Line                int
}

// Exception describes one exception of a rule (already part of Expr).
type Exception struct {
	Name   string
	Fields []string
	Comps  []string
}

type fieldProblem struct {
	pos  srcPos
	msg  string
	name string
}

type compiler struct {
	st       *state
	checkers map[string]FieldChecker
	diags    []Diagnostic

	lists     map[string][]string
	listState map[string]int // 1 expanding, 2 done, 3 failed
	usedLists map[string]bool

	parsed      map[string]condition.Expr // macro conditions as written
	macroExpr   map[string]condition.Expr
	macroSize   map[string]int
	macroState  map[string]int
	macroDeps   map[string][]string
	macroStack  []string // macros being expanded, outermost first
	usedMacros  map[string]bool
	fieldMemo   map[string][]fieldProblem // "source\x00macro"
	reportedFld map[string]bool
}

func (c *compiler) errorf(p srcPos, item, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{File: p.file, Line: p.line, Col: p.col, Item: item,
		Severity: SeverityError, Msg: fmt.Sprintf(format, args...)})
}

func (c *compiler) warnf(p srcPos, item, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{File: p.file, Line: p.line, Col: p.col, Item: item,
		Severity: SeverityWarning, Msg: fmt.Sprintf(format, args...)})
}

// Finish resolves everything loaded so far. On any error, from this step
// or from an earlier LoadFile/LoadBytes, it returns a nil Set and a
// *LoadError; the diagnostics include warnings in every case.
func (l *Loader) Finish() (*Set, []Diagnostic, error) {
	if l.optErr != nil {
		return nil, nil, l.optErr
	}
	c := &compiler{st: l.st, checkers: l.checkers,
		lists: map[string][]string{}, listState: map[string]int{}, usedLists: map[string]bool{},
		parsed: map[string]condition.Expr{}, macroExpr: map[string]condition.Expr{}, macroSize: map[string]int{},
		macroState: map[string]int{}, macroDeps: map[string][]string{}, usedMacros: map[string]bool{},
		fieldMemo: map[string][]fieldProblem{}, reportedFld: map[string]bool{}}
	set := c.compile()
	diags := append(append([]Diagnostic(nil), l.diags...), c.diags...)
	if errs := errorsOf(diags); len(errs) > 0 || l.failed {
		return nil, diags, &LoadError{Diagnostics: errs}
	}
	return set, diags, nil
}

func (c *compiler) compile() *Set {
	set := &Set{Lists: map[string][]string{}, Macros: map[string]condition.Expr{}}
	if c.st.engine != nil {
		set.RequiredEngineVersion = c.st.engine.v.String()
	}
	for _, p := range c.st.plugins {
		set.RequiredPlugins = append(set.RequiredPlugins, append([]PluginRequirement(nil), p.alts...))
	}
	for _, li := range sortedLists(c.st) {
		if items, ok := c.expandList(li.name, nil); ok {
			set.Lists[li.name] = items
		}
	}
	macros := sortedMacros(c.st)
	for _, m := range macros {
		e, err := condition.Parse(joinSegs(m.cond))
		if err != nil {
			reportSyntax(func(p srcPos, msg string) { c.errorf(p, itemLabel("macro", m.name), "%s", msg) }, m.cond, err)
			c.macroState[m.name] = 3
			continue
		}
		c.parsed[m.name] = e
	}
	for _, m := range macros {
		if e, ok := c.expandMacro(m.name); ok {
			set.Macros[m.name] = e
		}
	}
	for _, ri := range sortedRules(c.st) {
		if r := c.compileRule(ri); r != nil {
			set.Rules = append(set.Rules, r)
		}
	}
	for _, m := range macros {
		if !c.usedMacros[m.name] {
			c.warnf(m.pos, itemLabel("macro", m.name), "macro not referred to by any rule or macro")
		}
	}
	for _, li := range sortedLists(c.st) {
		if !c.usedLists[li.name] {
			c.warnf(li.pos, itemLabel("list", li.name), "list not referred to by any rule, macro or list")
		}
	}
	return set
}

func sortedLists(st *state) []*listInfo {
	out := make([]*listInfo, 0, len(st.lists))
	for _, v := range st.lists {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

func sortedMacros(st *state) []*macroInfo {
	out := make([]*macroInfo, 0, len(st.macros))
	for _, v := range st.macros {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

func sortedRules(st *state) []*ruleInfo {
	out := make([]*ruleInfo, 0, len(st.rules))
	for _, v := range st.rules {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].order < out[j].order })
	return out
}

// expandList returns a list's items with nested list references replaced
// by their items, in any definition order.
func (c *compiler) expandList(name string, stack []string) ([]string, bool) {
	switch c.listState[name] {
	case 2:
		return c.lists[name], true
	case 3:
		return nil, false
	case 1:
		li := c.st.lists[stack[len(stack)-1]]
		cycle := append(stack[indexOf(stack, name):], name)
		c.errorf(li.pos, itemLabel("list", li.name), "list cycle: %s", strings.Join(cycle, " -> "))
		return nil, false
	}
	c.listState[name] = 1
	li := c.st.lists[name]
	var out []string
	ok := true
	for _, it := range li.items {
		if _, isList := c.st.lists[it.text]; isList {
			c.usedLists[it.text] = true
			sub, subOK := c.expandList(it.text, append(stack, name))
			if !subOK {
				ok = false
				continue
			}
			out = append(out, sub...)
		} else {
			out = append(out, it.text)
		}
		if len(out) > MaxListItems {
			c.errorf(li.pos, itemLabel("list", name), "list expands to more than %d items", MaxListItems)
			ok = false
			break
		}
	}
	if !ok {
		c.listState[name] = 3
		return nil, false
	}
	c.listState[name] = 2
	c.lists[name] = out
	return out, true
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return 0
}

// origin tells where the nodes being resolved were written.
type origin struct {
	label string
	segs  []condSeg
}

func (o origin) pos(p condition.Position) srcPos {
	return segsPos(o.segs, p.Offset)
}

// resolver substitutes macros and lists in one condition, counting nodes.
type resolver struct {
	c      *compiler
	o      origin
	nodes  int
	failed bool
	deps   []string
}

func (c *compiler) expandMacro(name string) (condition.Expr, bool) {
	switch c.macroState[name] {
	case 2:
		return c.macroExpr[name], true
	case 3, 1:
		return nil, false
	}
	c.macroState[name] = 1
	c.macroStack = append(c.macroStack, name)
	defer func() { c.macroStack = c.macroStack[:len(c.macroStack)-1] }()
	m := c.st.macros[name]
	rv := &resolver{c: c, o: origin{label: itemLabel("macro", name), segs: m.cond}}
	e := rv.resolve(condition.Clone(c.parsed[name]))
	c.macroDeps[name] = rv.deps
	if rv.failed {
		c.macroState[name] = 3
		return nil, false
	}
	c.macroState[name] = 2
	c.macroExpr[name] = e
	c.macroSize[name] = rv.nodes
	return e, true
}

func (rv *resolver) count(n int) bool {
	rv.nodes += n
	if rv.nodes > MaxExprNodes && !rv.failed {
		rv.failed = true
		rv.c.errorf(rv.o.segs[0].m.base, rv.o.label, "condition expands to more than %d nodes", MaxExprNodes)
	}
	return !rv.failed
}

func (rv *resolver) resolve(e condition.Expr) condition.Expr {
	if !rv.count(1) {
		return e
	}
	switch e := e.(type) {
	case *condition.And:
		for i, ch := range e.Children {
			e.Children[i] = rv.resolve(ch)
		}
	case *condition.Or:
		for i, ch := range e.Children {
			e.Children[i] = rv.resolve(ch)
		}
	case *condition.Not:
		e.Child = rv.resolve(e.Child)
	case *condition.Compare:
		e.Value = rv.resolveValue(e.Op, e.Value)
	case *condition.Ident:
		return rv.resolveIdent(e)
	}
	return e
}

func (rv *resolver) resolveIdent(id *condition.Ident) condition.Expr {
	c := rv.c
	if _, ok := c.st.macros[id.Name]; !ok {
		if _, isList := c.st.lists[id.Name]; isList {
			c.errorf(rv.o.pos(id.Position), rv.o.label, "'%s' is a list, not a macro: lists are used as values, e.g. 'proc.name in (%s)'", id.Name, id.Name)
		} else {
			c.errorf(rv.o.pos(id.Position), rv.o.label, "undefined macro '%s' used in condition", id.Name)
		}
		rv.failed = true
		return id
	}
	c.usedMacros[id.Name] = true
	rv.deps = append(rv.deps, id.Name)
	if c.macroState[id.Name] == 1 {
		cycle := append(append([]string(nil), c.macroStack[indexOf(c.macroStack, id.Name):]...), id.Name)
		c.errorf(rv.o.pos(id.Position), rv.o.label, "macro cycle: %s", strings.Join(cycle, " -> "))
		rv.failed = true
		return id
	}
	e, ok := c.expandMacro(id.Name)
	if !ok {
		// The macro's own problem was reported where it is defined.
		rv.failed = true
		return id
	}
	if !rv.count(c.macroSize[id.Name]) {
		return id
	}
	return condition.Clone(e)
}

// resolveValue inlines lists named by bare words in value lists, and a bare
// identifier right after a list operator.
func (rv *resolver) resolveValue(op condition.Op, v condition.Value) condition.Value {
	switch v := v.(type) {
	case *condition.ListValue:
		out := make([]*condition.StringValue, 0, len(v.Items))
		for _, it := range v.Items {
			items, isRef := rv.listRef(it)
			if !isRef {
				out = append(out, it)
				continue
			}
			out = append(out, items...)
			if !rv.count(len(items)) {
				break
			}
		}
		v.Items = out
	case *condition.StringValue:
		if op.IsListOp() {
			if items, isRef := rv.listRef(v); isRef {
				rv.count(len(items))
				return &condition.ListValue{Position: v.Position, Items: items}
			}
		}
	}
	return v
}

// listRef expands a bare operand naming a list into operands.
func (rv *resolver) listRef(it *condition.StringValue) ([]*condition.StringValue, bool) {
	if it.Quoted {
		return nil, false
	}
	if _, ok := rv.c.st.lists[it.Text]; !ok {
		return nil, false
	}
	rv.c.usedLists[it.Text] = true
	texts, ok := rv.c.expandList(it.Text, nil)
	if !ok {
		rv.failed = true
		return []*condition.StringValue{}, true
	}
	out := make([]*condition.StringValue, len(texts))
	for i, t := range texts {
		sv := itemValue(t)
		sv.Position = it.Position
		out[i] = sv
	}
	return out, true
}

func (c *compiler) compileRule(ri *ruleInfo) *Rule {
	label := itemLabel("rule", ri.name)
	text := joinSegs(ri.cond)
	parsed, err := condition.Parse(text)
	if err != nil {
		reportSyntax(func(p srcPos, msg string) { c.errorf(p, label, "%s", msg) }, ri.cond, err)
		return nil
	}
	expr := condition.Clone(parsed)
	var terms []condition.Expr
	var exceptions []Exception
	for _, ex := range ri.exceptions {
		term, msg := buildException(ex)
		if msg != "" {
			c.errorf(ex.pos, fmt.Sprintf("%s exception '%s'", label, ex.name), "%s", msg)
			return nil
		}
		if term != nil {
			terms = append(terms, &condition.Not{Child: term})
		}
		e := Exception{Name: ex.name}
		for _, f := range fieldEntries(ex) {
			e.Fields = append(e.Fields, f.item)
		}
		if ex.comps.isList {
			for _, cp := range ex.comps.items {
				e.Comps = append(e.Comps, cp.item)
			}
		} else {
			e.Comps = []string{ex.comps.item}
		}
		exceptions = append(exceptions, e)
	}
	if len(terms) > 0 {
		expr = &condition.And{Position: expr.Pos(), Children: append([]condition.Expr{expr}, terms...)}
	}
	rv := &resolver{c: c, o: origin{label: label, segs: ri.cond}}
	expr = rv.resolve(expr)
	if rv.failed {
		return nil
	}
	if fc := c.checkers[ri.source]; fc != nil {
		if !c.checkRuleFields(ri, fc, parsed, rv.deps, label) {
			return nil
		}
	}
	return &Rule{Name: ri.name, Desc: ri.desc, Output: ri.output, Source: ri.source, Priority: ri.priority,
		Tags: append([]string{}, ri.tags...), Enabled: ri.enabled, WarnEvttypes: ri.warnEvttypes,
		SkipIfUnknownFilter: ri.skipUnknown, Condition: text, Expr: expr, Exceptions: exceptions,
		File: ri.pos.file, Line: ri.pos.line}
}

// checkRuleFields validates the fields a rule uses: its own condition,
// its exceptions and every macro it reaches. With skip-if-unknown-filter the
// rule is dropped with a warning instead of failing the load.
func (c *compiler) checkRuleFields(ri *ruleInfo, fc FieldChecker, parsed condition.Expr, deps []string, label string) bool {
	var problems []fieldProblem
	o := origin{segs: ri.cond}
	for _, f := range condition.Fields(parsed) {
		if p, bad := checkField(fc, f.Name); bad {
			problems = append(problems, fieldProblem{pos: o.pos(f.Position), msg: p, name: label})
		}
	}
	for _, ex := range ri.exceptions {
		for _, fe := range fieldEntries(ex) {
			f, err := condition.ParseField(fe.item)
			if err != nil {
				continue
			}
			if p, bad := checkField(fc, f.Name); bad {
				problems = append(problems, fieldProblem{pos: fe.pos, msg: p, name: fmt.Sprintf("%s exception '%s'", label, ex.name)})
			}
		}
	}
	seen := map[string]bool{}
	var macroProblems []fieldProblem
	var walk func(names []string)
	walk = func(names []string) {
		for _, m := range names {
			if seen[m] {
				continue
			}
			seen[m] = true
			macroProblems = append(macroProblems, c.macroFieldProblems(ri.source, m, fc)...)
			walk(c.macroDeps[m])
		}
	}
	walk(deps)
	if len(problems)+len(macroProblems) == 0 {
		return true
	}
	if ri.skipUnknown {
		first := append(problems, macroProblems...)[0]
		c.warnf(ri.pos, label, "rule skipped (skip-if-unknown-filter): %s", first.msg)
		return false
	}
	for _, p := range problems {
		c.errorf(p.pos, p.name, "%s", p.msg)
	}
	for _, p := range macroProblems {
		key := p.name + "\x00" + p.msg + fmt.Sprint(p.pos)
		if !c.reportedFld[key] {
			c.reportedFld[key] = true
			c.errorf(p.pos, p.name, "%s", p.msg)
		}
	}
	return false
}

func (c *compiler) macroFieldProblems(source, name string, fc FieldChecker) []fieldProblem {
	key := source + "\x00" + name
	if ps, ok := c.fieldMemo[key]; ok {
		return ps
	}
	var ps []fieldProblem
	m := c.st.macros[name]
	if e := c.parsed[name]; e != nil && m != nil {
		o := origin{segs: m.cond}
		for _, f := range condition.Fields(e) {
			if msg, bad := checkField(fc, f.Name); bad {
				ps = append(ps, fieldProblem{pos: o.pos(f.Position), msg: msg, name: itemLabel("macro", name)})
			}
		}
	}
	c.fieldMemo[key] = ps
	return ps
}

func checkField(fc FieldChecker, name string) (string, bool) {
	ok, suggestion := fc.Known(name)
	if ok {
		return "", false
	}
	msg := fmt.Sprintf("unknown field '%s'", name)
	if suggestion != "" {
		msg += fmt.Sprintf(", did you mean '%s'?", suggestion)
	}
	return msg, true
}
