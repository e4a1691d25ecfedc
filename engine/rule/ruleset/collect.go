package ruleset

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sakerhq/saker/engine/rule/condition"
)

type listInfo struct {
	name  string
	pos   srcPos
	items []listItem
	order int
}

type macroInfo struct {
	name  string
	pos   srcPos
	cond  []condSeg // appended pieces, joined with a blank as Falco does
	order int
}

type exceptionInfo struct {
	name   string
	pos    srcPos
	fields entry
	comps  entry
	values []entry
}

type ruleInfo struct {
	name         string
	pos          srcPos
	order        int
	cond         []condSeg
	output, desc string
	priority     Priority
	tags         []string // sorted, unique
	enabled      bool
	warnEvttypes bool
	skipUnknown  bool
	source       string
	exceptions   []*exceptionInfo
}

// state is what the loaded files defined so far, in Falco's terms the
// collector. Each file is applied to a clone, committed only if the whole
// file applied cleanly.
type state struct {
	lists     map[string]*listInfo
	macros    map[string]*macroInfo
	rules     map[string]*ruleInfo
	nextOrder int
	engine    *engineDef
	plugins   []*pluginDef
}

func newState() *state {
	return &state{lists: map[string]*listInfo{}, macros: map[string]*macroInfo{}, rules: map[string]*ruleInfo{}}
}

func (s *state) clone() *state {
	c := &state{lists: make(map[string]*listInfo, len(s.lists)), macros: make(map[string]*macroInfo, len(s.macros)),
		rules: make(map[string]*ruleInfo, len(s.rules)), nextOrder: s.nextOrder, engine: s.engine,
		plugins: append([]*pluginDef(nil), s.plugins...)}
	for k, v := range s.lists {
		n := *v
		n.items = append([]listItem(nil), v.items...)
		c.lists[k] = &n
	}
	for k, v := range s.macros {
		n := *v
		n.cond = append([]condSeg(nil), v.cond...)
		c.macros[k] = &n
	}
	for k, v := range s.rules {
		n := *v
		n.cond = append([]condSeg(nil), v.cond...)
		n.tags = append([]string(nil), v.tags...)
		n.exceptions = make([]*exceptionInfo, len(v.exceptions))
		for i, e := range v.exceptions {
			ne := *e
			ne.values = append([]entry(nil), e.values...)
			n.exceptions[i] = &ne
		}
		c.rules[k] = &n
	}
	return c
}

func (s *state) order() int {
	s.nextOrder++
	return s.nextOrder
}

// apply adds one decoded item to the state, reporting problems through r.
func (s *state) apply(r *fileReader, it *item, engineVersion semver) {
	switch {
	case it.engine != nil:
		if !compatible(engineVersion, it.engine.v) {
			r.errorf(it.engine.pos, "required_engine_version", "rules require engine version %s, but engine version is %s",
				it.engine.v, engineVersion)
			return
		}
		if s.engine == nil || s.engine.v.less(it.engine.v) {
			s.engine = it.engine
		}
	case it.plugins != nil:
		s.plugins = append(s.plugins, it.plugins...)
	case it.list != nil:
		s.applyList(r, it.list)
	case it.macro != nil:
		s.applyMacro(r, it.macro)
	case it.rule != nil:
		s.applyRule(r, it.rule)
	}
}

func (s *state) applyList(r *fileReader, d *listDef) {
	prev := s.lists[d.name]
	if d.append {
		if prev == nil {
			r.errorf(d.pos, itemLabel("list", d.name), "list uses 'append' or 'override.items: append' but no list by that name already exists")
			return
		}
		prev.items = append(prev.items, d.items...)
		return
	}
	if prev != nil {
		prev.items, prev.pos = append([]listItem(nil), d.items...), d.pos
		return
	}
	s.lists[d.name] = &listInfo{name: d.name, pos: d.pos, items: d.items, order: s.order()}
}

func (s *state) applyMacro(r *fileReader, d *macroDef) {
	prev := s.macros[d.name]
	if d.append {
		if prev == nil {
			r.errorf(d.pos, itemLabel("macro", d.name), "macro uses 'append' or 'override.condition: append' but no macro by that name already exists")
			return
		}
		segs := append(append([]condSeg(nil), prev.cond...), d.cond)
		if checkCond(r, segs, itemLabel("macro", d.name)) {
			prev.cond = segs
		}
		return
	}
	if prev != nil {
		prev.cond, prev.pos = []condSeg{d.cond}, d.pos
		return
	}
	s.macros[d.name] = &macroInfo{name: d.name, pos: d.pos, cond: []condSeg{d.cond}, order: s.order()}
}

func (s *state) applyRule(r *fileReader, d *ruleDef) {
	label := itemLabel("rule", d.name)
	prev := s.rules[d.name]
	switch d.mode {
	case ruleDefine:
		source := d.source
		if source == "" {
			source = "syscall"
		}
		if prev != nil && prev.source != source {
			r.errorf(d.pos, label, "rule has been re-defined with a different source ('%s', was '%s')", source, prev.source)
			return
		}
		ri := &ruleInfo{name: d.name, pos: d.pos, cond: []condSeg{*d.cond}, output: *d.output, desc: *d.desc,
			priority: *d.priority, tags: tagSet(nil, d.tags), enabled: true, warnEvttypes: true, source: source}
		for _, b := range []struct {
			src *bool
			dst *bool
		}{{d.enabled, &ri.enabled}, {d.warnEvttypes, &ri.warnEvttypes}, {d.skipUnknown, &ri.skipUnknown}} {
			if b.src != nil {
				*b.dst = *b.src
			}
		}
		for _, ex := range d.exceptions {
			if ei, ok := validateException(r, ex, label); ok {
				ri.exceptions = append(ri.exceptions, ei)
			}
		}
		if prev != nil {
			ri.order = prev.order
		} else {
			ri.order = s.order()
		}
		s.rules[d.name] = ri
	case ruleEnable:
		if prev == nil {
			r.errorf(d.pos, label, "rule has 'enabled' key but no rule by that name already exists")
			return
		}
		prev.enabled = *d.enabled
	case ruleAppend:
		if prev == nil {
			r.errorf(d.pos, label, "rule uses 'append' or 'override.<key>: append' but no rule by that name already exists")
			return
		}
		s.appendRule(r, prev, d, label, nil)
	case ruleOverride:
		if prev == nil {
			if len(d.appendKeys) > 0 {
				r.errorf(d.pos, label, "rule uses 'append' or 'override.<key>: append' but no rule by that name already exists")
			} else {
				r.errorf(d.pos, label, "an 'override.<key>: replace' to a rule was requested but no rule by that name already exists")
			}
			return
		}
		if len(d.appendKeys) > 0 {
			s.appendRule(r, prev, d, label, d.appendKeys)
		}
		if len(d.replaceKeys) > 0 {
			replaceRule(r, prev, d, label)
		}
	}
}

// appendRule appends to an existing rule; keys limits what is appended for
// override items (nil: the legacy form, condition and exceptions).
func (s *state) appendRule(r *fileReader, prev *ruleInfo, d *ruleDef, label string, keys map[string]bool) {
	use := func(k string) bool { return keys == nil || keys[k] }
	if use("condition") && d.cond != nil && d.cond.text != "" {
		segs := append(append([]condSeg(nil), prev.cond...), *d.cond)
		if checkCond(r, segs, label) {
			prev.cond = segs
		}
	}
	if use("output") && d.output != nil && *d.output != "" {
		prev.output += " " + *d.output
	}
	if use("desc") && d.desc != nil && *d.desc != "" {
		prev.desc += " " + *d.desc
	}
	if use("tags") && d.hasTags {
		prev.tags = tagSet(prev.tags, d.tags)
	}
	if !use("exceptions") {
		return
	}
	for _, ex := range d.exceptions {
		elabel := fmt.Sprintf("%s exception '%s'", label, ex.name)
		var existing *exceptionInfo
		for _, pe := range prev.exceptions {
			if pe.name == ex.name {
				existing = pe
			}
		}
		if existing == nil {
			if ex.fields == nil {
				r.errorf(ex.pos, elabel, "rule exception must have fields property with a list of fields")
				continue
			}
			if !ex.hasValues {
				r.errorf(ex.pos, elabel, "rule exception must have values property with a list of values")
				continue
			}
			if ei, ok := validateException(r, ex, label); ok {
				prev.exceptions = append(prev.exceptions, ei)
			}
			continue
		}
		if ex.fields != nil {
			r.errorf(ex.pos, elabel, "can not append exception fields to existing exception, only values")
			continue
		}
		if ex.comps != nil {
			r.errorf(ex.pos, elabel, "can not append exception comps to existing exception, only values")
			continue
		}
		merged := *existing
		merged.values = append(append([]entry(nil), existing.values...), ex.values...)
		if _, ok := buildException(&merged); ok != "" {
			r.errorf(ex.pos, elabel, "%s", ok)
			continue
		}
		existing.values = merged.values
	}
}

func replaceRule(r *fileReader, prev *ruleInfo, d *ruleDef, label string) {
	k := d.replaceKeys
	if k["condition"] {
		prev.cond = []condSeg{*d.cond}
	}
	if k["output"] {
		prev.output = *d.output
	}
	if k["desc"] {
		prev.desc = *d.desc
	}
	if k["tags"] {
		prev.tags = tagSet(nil, d.tags)
	}
	if k["priority"] {
		prev.priority = *d.priority
	}
	if k["enabled"] {
		prev.enabled = *d.enabled
	}
	if k["warn_evttypes"] {
		prev.warnEvttypes = *d.warnEvttypes
	}
	if k["skip-if-unknown-filter"] {
		prev.skipUnknown = *d.skipUnknown
	}
	if k["exceptions"] {
		prev.exceptions = nil
		for _, ex := range d.exceptions {
			if ex.fields == nil {
				r.errorf(ex.pos, fmt.Sprintf("%s exception '%s'", label, ex.name), "rule exception must have fields property with a list of fields")
				continue
			}
			if ei, ok := validateException(r, ex, label); ok {
				prev.exceptions = append(prev.exceptions, ei)
			}
		}
	}
}

func tagSet(base, add []string) []string {
	m := map[string]bool{}
	for _, t := range base {
		m[t] = true
	}
	for _, t := range add {
		m[t] = true
	}
	out := make([]string, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// validateException applies Falco's checks on an exception's fields and
// comps (filling in default comps) and verifies its values build into a
// valid condition.
func validateException(r *fileReader, ex *exceptionDef, label string) (*exceptionInfo, bool) {
	elabel := fmt.Sprintf("%s exception '%s'", label, ex.name)
	if ex.fields == nil {
		r.errorf(ex.pos, elabel, "rule exception item must have fields property with a list of fields")
		return nil, false
	}
	ei := &exceptionInfo{name: ex.name, pos: ex.pos, fields: *ex.fields, values: ex.values}
	if ex.fields.isList {
		if ex.comps == nil {
			ei.comps = entry{isList: true, pos: ex.pos}
			for range ex.fields.items {
				ei.comps.items = append(ei.comps.items, entry{item: "=", pos: ex.pos})
			}
		} else {
			ei.comps = *ex.comps
		}
		if !ei.comps.isList || len(ei.comps.items) != len(ei.fields.items) {
			r.errorf(ex.pos, elabel, "fields and comps lists must have equal length")
			return nil, false
		}
		for i, c := range ei.comps.items {
			if c.isList || !condition.Op(c.item).Valid() || condition.Op(c.item).IsUnary() {
				r.errorf(c.pos, elabel, "'%s' is not a supported comparison operator", entryText(c))
				return nil, false
			}
			if ei.fields.items[i].isList {
				r.errorf(ei.fields.items[i].pos, elabel, "exception fields must be strings")
				return nil, false
			}
		}
	} else {
		if ex.comps == nil {
			ei.comps = entry{item: "in", pos: ex.pos}
		} else {
			ei.comps = *ex.comps
		}
		if ei.comps.isList {
			r.errorf(ei.comps.pos, elabel, "fields and comps must both be strings")
			return nil, false
		}
		switch condition.Op(ei.comps.item) {
		case condition.OpIn, condition.OpPmatch, condition.OpIntersects:
		default:
			r.errorf(ei.comps.pos, elabel, "when fields is a single value, comps must be one of (in, pmatch, intersects)")
			return nil, false
		}
	}
	for _, f := range fieldEntries(ei) {
		if _, err := condition.ParseField(f.item); err != nil {
			r.errorf(f.pos, elabel, "invalid exception field '%s': %s", f.item, oneLine(err))
			return nil, false
		}
	}
	if _, msg := buildException(ei); msg != "" {
		r.errorf(ex.pos, elabel, "%s", msg)
		return nil, false
	}
	return ei, true
}

func fieldEntries(ei *exceptionInfo) []entry {
	if ei.fields.isList {
		return ei.fields.items
	}
	return []entry{ei.fields}
}

func entryText(e entry) string {
	if !e.isList {
		return e.item
	}
	parts := make([]string, len(e.items))
	for i, it := range e.items {
		parts[i] = entryText(it)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

func oneLine(err error) string {
	s := err.Error()
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
