package ruleset

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// Item names must be usable inside conditions: macros are identifiers,
// lists are bare words (the same forms Falco enforces).
var (
	macroNameRe = regexp.MustCompile(`^[a-zA-Z]+[a-zA-Z0-9_]*$`)
	listNameRe  = regexp.MustCompile(`^[^()"'\s=,]+$`)
)

// condSeg is a condition as written in one YAML scalar.
type condSeg struct {
	text string
	m    *scalarMap
}

type listItem struct {
	text string
	pos  srcPos
}

type listDef struct {
	name   string
	pos    srcPos
	items  []listItem
	append bool
}

type macroDef struct {
	name   string
	pos    srcPos
	cond   condSeg
	append bool
}

type ruleMode int

const (
	ruleDefine   ruleMode = iota
	ruleEnable            // legacy item with only name and enabled
	ruleAppend            // legacy append: true
	ruleOverride          // override: {key: append|replace}
)

type ruleDef struct {
	name string
	pos  srcPos
	mode ruleMode

	cond          *condSeg
	output, desc  *string
	priority      *Priority
	tags          []string
	hasTags       bool
	enabled       *bool
	warnEvttypes  *bool
	skipUnknown   *bool
	source        string
	exceptions    []*exceptionDef
	hasExceptions bool

	appendKeys, replaceKeys map[string]bool
}

// entry is an exception's fields, comps or values element: a string or a
// list of entries.
type entry struct {
	isList bool
	item   string
	items  []entry
	pos    srcPos
}

type exceptionDef struct {
	name      string
	pos       srcPos
	fields    *entry
	comps     *entry
	values    []entry
	hasValues bool
}

type engineDef struct {
	v   semver
	pos srcPos
}

// PluginRequirement is one acceptable plugin and minimum version.
type PluginRequirement struct {
	Name    string
	Version string
}

type pluginDef struct {
	alts []PluginRequirement
	pos  srcPos
}

// item is one decoded top-level element; exactly one field is set.
type item struct {
	list    *listDef
	macro   *macroDef
	rule    *ruleDef
	engine  *engineDef
	plugins []*pluginDef
}

func itemLabel(kind, name string) string {
	if name == "" {
		return kind
	}
	return fmt.Sprintf("%s '%s'", kind, name)
}

// scalar decodes a required or optional non-empty scalar string value the
// way Falco does; ok is false after reporting an error.
func (r *fileReader) scalar(vals map[string]*yaml.Node, key, label string, itemPos srcPos, required bool) (val *string, ok bool) {
	n, present := vals[key]
	if !present {
		if required {
			r.errorf(itemPos, label, "item has no mapping for key '%s'", key)
			return nil, false
		}
		return nil, true
	}
	if isNull(n) {
		r.errorf(r.pos(n), label, "mapping for key '%s' is empty", key)
		return nil, false
	}
	if n.Kind != yaml.ScalarNode {
		r.errorf(r.pos(n), label, "value for key '%s' is not a scalar value", key)
		return nil, false
	}
	if n.Value == "" {
		r.errorf(r.pos(n), label, "value for key '%s' must be non-empty", key)
		return nil, false
	}
	v := n.Value
	return &v, true
}

func (r *fileReader) boolean(vals map[string]*yaml.Node, key, label string, itemPos srcPos, required bool) (val *bool, ok bool) {
	s, ok := r.scalar(vals, key, label, itemPos, required)
	if !ok || s == nil {
		return nil, ok
	}
	switch strings.ToLower(*s) {
	case "true", "yes", "on", "y":
		b := true
		return &b, true
	case "false", "no", "off", "n":
		b := false
		return &b, true
	}
	r.errorf(r.pos(vals[key]), label, "value for key '%s' is not a boolean: '%s'", key, *s)
	return nil, false
}

func (r *fileReader) condition(vals map[string]*yaml.Node, label string, itemPos srcPos, required bool) (*condSeg, bool) {
	s, ok := r.scalar(vals, "condition", label, itemPos, required)
	if !ok || s == nil {
		return nil, ok
	}
	return &condSeg{text: *s, m: r.newScalarMap(vals["condition"])}, true
}

// readItem decodes one top-level element; it returns nil when the element
// is unknown or has errors (which are reported).
func (r *fileReader) readItem(n *yaml.Node) *item {
	n = r.visit(n)
	if n == nil || isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(r.pos(n), "", "unexpected element type: each element should be a YAML mapping")
		return nil
	}
	_, vals, _ := r.mapping(n)
	pos := r.pos(n)
	switch {
	case vals["required_engine_version"] != nil:
		return r.readEngineVersion(vals, pos)
	case vals["required_plugin_versions"] != nil:
		return r.readPluginVersions(vals["required_plugin_versions"])
	case vals["list"] != nil:
		return r.readList(n, vals, pos)
	case vals["macro"] != nil:
		return r.readMacro(n, vals, pos)
	case vals["rule"] != nil:
		return r.readRule(n, vals, pos)
	}
	r.warnf(pos, "", "unknown top level item")
	return nil
}

func (r *fileReader) readEngineVersion(vals map[string]*yaml.Node, pos srcPos) *item {
	const label = "required_engine_version"
	s, ok := r.scalar(vals, "required_engine_version", label, pos, true)
	if !ok {
		return nil
	}
	v, ok := parseEngineVersion(*s)
	if !ok {
		r.errorf(r.pos(vals["required_engine_version"]), label,
			"unable to parse engine version '%s' as a semver string, expected \"x.y.z\"", *s)
		return nil
	}
	return &item{engine: &engineDef{v: v, pos: r.pos(vals["required_engine_version"])}}
}

func (r *fileReader) readPluginVersions(n *yaml.Node) *item {
	const label = "required_plugin_versions"
	if n.Kind != yaml.SequenceNode {
		r.errorf(r.pos(n), label, "value of required_plugin_versions must be a sequence")
		return nil
	}
	failed := false
	var defs []*pluginDef
	for _, c := range n.Content {
		c = r.visit(c)
		if c == nil {
			return nil
		}
		if c.Kind != yaml.MappingNode {
			r.errorf(r.pos(c), label, "plugin version must be a mapping")
			failed = true
			continue
		}
		req, ok := r.pluginReq(c, label)
		if !ok {
			failed = true
			continue
		}
		d := &pluginDef{alts: []PluginRequirement{req}, pos: r.pos(c)}
		_, vals, _ := r.mapping(c)
		if alts := vals["alternatives"]; alts != nil {
			if alts.Kind != yaml.SequenceNode {
				r.errorf(r.pos(alts), itemLabel("plugin", req.Name), "value of plugin version alternatives must be a sequence")
				failed = true
				continue
			}
			for _, a := range alts.Content {
				if a = r.visit(a); a == nil {
					return nil
				}
				if a.Kind != yaml.MappingNode {
					r.errorf(r.pos(a), itemLabel("plugin", req.Name), "plugin version alternative must be a mapping")
					failed = true
					continue
				}
				alt, ok := r.pluginReq(a, itemLabel("plugin", req.Name))
				if !ok {
					failed = true
					continue
				}
				d.alts = append(d.alts, alt)
			}
		}
		seen := map[string]bool{}
		for _, a := range d.alts {
			if seen[a.Name] {
				r.errorf(d.pos, itemLabel("plugin", req.Name), "defined multiple alternative version requirements for plugin '%s'", a.Name)
				failed = true
			}
			seen[a.Name] = true
		}
		defs = append(defs, d)
	}
	if failed || len(defs) == 0 {
		return nil
	}
	return &item{plugins: defs}
}

func (r *fileReader) pluginReq(n *yaml.Node, label string) (PluginRequirement, bool) {
	_, vals, _ := r.mapping(n)
	pos := r.pos(n)
	name, ok := r.scalar(vals, "name", label, pos, true)
	if !ok {
		return PluginRequirement{}, false
	}
	ver, ok := r.scalar(vals, "version", itemLabel("plugin", *name), pos, true)
	if !ok {
		return PluginRequirement{}, false
	}
	if _, valid := parseSemver(*ver); !valid {
		r.errorf(r.pos(vals["version"]), itemLabel("plugin", *name), "invalid required version '%s'", *ver)
		return PluginRequirement{}, false
	}
	return PluginRequirement{Name: *name, Version: *ver}, true
}

// readOverrides decodes the override mapping against the keys that may be
// appended or replaced.
func (r *fileReader) readOverrides(vals map[string]*yaml.Node, label string, appendable, replaceable map[string]bool) (app, repl map[string]bool, ok bool) {
	n := vals["override"]
	if n == nil {
		return nil, nil, true
	}
	if n.Kind != yaml.MappingNode {
		r.errorf(r.pos(n), label, "value for key 'override' must be a mapping")
		return nil, nil, false
	}
	app, repl = map[string]bool{}, map[string]bool{}
	ok = true
	keys, kv, kn := r.mapping(n)
	for _, k := range keys {
		v := kv[k]
		if v.Kind != yaml.ScalarNode {
			r.errorf(r.pos(v), label, "override operation for key '%s' must be a scalar", k)
			ok = false
			continue
		}
		switch v.Value {
		case "append":
			if !appendable[k] {
				r.errorf(r.pos(kn[k]), label, "key '%s' cannot be appended to, use 'replace' instead", k)
				ok = false
				continue
			}
			app[k] = true
		case "replace":
			if !replaceable[k] {
				r.errorf(r.pos(kn[k]), label, "key '%s' cannot be replaced", k)
				ok = false
				continue
			}
			repl[k] = true
		default:
			var allowed []string
			if appendable[k] {
				allowed = append(allowed, "append")
			}
			if replaceable[k] {
				allowed = append(allowed, "replace")
			}
			r.errorf(r.pos(v), label, "invalid override operation for key '%s': '%s', allowed values are: %s",
				k, v.Value, strings.Join(allowed, ", "))
			ok = false
		}
	}
	return app, repl, ok
}

const errOverrideAppend = "keys 'override' and 'append: true' cannot be used together; add an 'append' entry (e.g. 'condition: append') under 'override' instead"

func (r *fileReader) readList(n *yaml.Node, vals map[string]*yaml.Node, pos srcPos) *item {
	name, ok := r.scalar(vals, "list", "list", pos, true)
	if !ok {
		return nil
	}
	label := itemLabel("list", *name)
	if !listNameRe.MatchString(*name) {
		r.errorf(pos, label, "list has an invalid name: list names must match %s", listNameRe)
		return nil
	}
	d := &listDef{name: *name, pos: pos}
	good := true
	itemsNode, present := vals["items"]
	switch {
	case !present:
		r.errorf(pos, label, "item has no mapping for key 'items'")
		good = false
	case itemsNode.Kind != yaml.SequenceNode:
		r.errorf(r.pos(itemsNode), label, "value for key 'items' is not a sequence")
		good = false
	default:
		for _, c := range itemsNode.Content {
			if c = r.visit(c); c == nil {
				return nil
			}
			if c.Kind != yaml.ScalarNode || isNull(c) {
				r.errorf(r.pos(c), label, "list item is not a scalar")
				good = false
				continue
			}
			d.items = append(d.items, listItem{text: c.Value, pos: r.pos(c)})
		}
	}
	app, okApp := r.boolean(vals, "append", label, pos, false)
	one := map[string]bool{"items": true}
	oa, or, okOv := r.readOverrides(vals, label, one, one)
	if !good || !okApp || !okOv {
		return nil
	}
	if app != nil && *app {
		if len(oa)+len(or) > 0 {
			r.errorf(pos, label, errOverrideAppend)
			return nil
		}
		r.warnf(pos, label, "'append' key is deprecated, add an 'append' entry (e.g. 'items: append') under 'override' instead")
		d.append = true
	}
	d.append = d.append || oa["items"]
	return &item{list: d}
}

func (r *fileReader) readMacro(n *yaml.Node, vals map[string]*yaml.Node, pos srcPos) *item {
	name, ok := r.scalar(vals, "macro", "macro", pos, true)
	if !ok {
		return nil
	}
	label := itemLabel("macro", *name)
	if !macroNameRe.MatchString(*name) {
		r.errorf(pos, label, "macro has an invalid name: macro names must match %s", macroNameRe)
		return nil
	}
	cond, okCond := r.condition(vals, label, pos, true)
	app, okApp := r.boolean(vals, "append", label, pos, false)
	one := map[string]bool{"condition": true}
	oa, or, okOv := r.readOverrides(vals, label, one, one)
	if !okCond || !okApp || !okOv {
		return nil
	}
	d := &macroDef{name: *name, pos: pos, cond: *cond}
	if app != nil && *app {
		if len(oa)+len(or) > 0 {
			r.errorf(pos, label, errOverrideAppend)
			return nil
		}
		r.warnf(pos, label, "'append' key is deprecated, add an 'append' entry (e.g. 'condition: append') under 'override' instead")
		d.append = true
	}
	d.append = d.append || oa["condition"]
	// A whole condition is checked now; appended fragments only make sense
	// once joined, and are checked when applied.
	if !d.append && !checkCond(r, []condSeg{*cond}, label) {
		return nil
	}
	return &item{macro: d}
}

var (
	ruleAppendable  = map[string]bool{"condition": true, "output": true, "desc": true, "tags": true, "exceptions": true}
	ruleReplaceable = map[string]bool{"condition": true, "output": true, "desc": true, "priority": true, "tags": true,
		"exceptions": true, "enabled": true, "warn_evttypes": true, "skip-if-unknown-filter": true}
	ruleKnownKeys = map[string]bool{"rule": true, "condition": true, "output": true, "desc": true, "priority": true,
		"tags": true, "exceptions": true, "enabled": true, "warn_evttypes": true, "skip-if-unknown-filter": true,
		"source": true, "append": true, "override": true, "capture": true, "capture_duration": true}
)

func (r *fileReader) readRule(n *yaml.Node, vals map[string]*yaml.Node, pos srcPos) *item {
	name, ok := r.scalar(vals, "rule", "rule", pos, true)
	if !ok {
		return nil
	}
	label := itemLabel("rule", *name)
	keys, _, keyNodes := r.mapping(n)
	for _, k := range keys {
		if !ruleKnownKeys[k] {
			r.warnf(r.pos(keyNodes[k]), label, "unknown key '%s'", k)
		}
	}
	d := &ruleDef{name: *name, pos: pos}
	app, okApp := r.boolean(vals, "append", label, pos, false)
	oa, or, okOv := r.readOverrides(vals, label, ruleAppendable, ruleReplaceable)
	if !okApp || !okOv {
		return nil
	}
	legacyAppend := app != nil && *app
	if legacyAppend {
		r.warnf(pos, label, "'append' key is deprecated, add an 'append' entry (e.g. 'condition: append') under 'override' instead")
	}
	good := true
	switch {
	case len(oa)+len(or) > 0:
		if legacyAppend {
			r.errorf(pos, label, errOverrideAppend)
			return nil
		}
		d.mode = ruleOverride
		d.appendKeys, d.replaceKeys = oa, or
		// Every overridable key present needs an override entry, and every
		// entry needs its key.
		var present []string
		for k := range ruleReplaceable {
			if vals[k] != nil {
				present = append(present, k)
			}
		}
		sort.Strings(present)
		for _, k := range present {
			if !oa[k] && !or[k] {
				r.errorf(r.pos(keyNodes[k]), label, "unexpected key '%s': no corresponding entry under 'override' is defined", k)
				good = false
			}
		}
		for _, set := range []struct {
			kind string
			m    map[string]bool
		}{{"append", oa}, {"replace", or}} {
			for _, k := range sortedKeys(set.m) {
				if vals[k] == nil {
					r.errorf(pos, label, "an %s override for '%s' was specified but '%s' is not defined", set.kind, k, k)
					good = false
				}
			}
		}
		good = r.readRuleValues(d, vals, label, pos, true) && good
	case legacyAppend:
		d.mode = ruleAppend
		good = r.readRuleValues(d, vals, label, pos, true)
		if d.cond == nil && !d.hasExceptions {
			r.errorf(pos, label, "appended rule must have exceptions or condition property")
			good = false
		}
		// Only condition and exceptions are appended in this legacy form.
		d.output, d.desc, d.tags, d.hasTags, d.priority = nil, nil, nil, false, nil
	case vals["condition"] == nil && vals["output"] == nil && vals["desc"] == nil && vals["priority"] == nil:
		d.mode = ruleEnable
		en, ok := r.boolean(vals, "enabled", label, pos, true)
		if !ok {
			return nil
		}
		d.enabled = en
		r.warnf(pos, label, "the standalone 'enabled' key usage is deprecated, add 'enabled: replace' under 'override'")
	default:
		d.mode = ruleDefine
		for _, k := range []string{"condition", "output", "desc", "priority"} {
			if vals[k] == nil {
				r.errorf(pos, label, "item has no mapping for key '%s'", k)
				good = false
			}
		}
		good = r.readRuleValues(d, vals, label, pos, false) && good
		if src, ok := r.scalar(vals, "source", label, pos, false); !ok {
			good = false
		} else if src != nil {
			d.source = *src
		}
	}
	fullCond := d.mode == ruleDefine || d.mode == ruleOverride && d.replaceKeys["condition"]
	if good && fullCond && d.cond != nil && !checkCond(r, []condSeg{*d.cond}, label) {
		good = false
	}
	if !good {
		return nil
	}
	return &item{rule: d}
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// readRuleValues decodes the optional rule keys that are present.
func (r *fileReader) readRuleValues(d *ruleDef, vals map[string]*yaml.Node, label string, pos srcPos, update bool) bool {
	good := true
	var ok bool
	if vals["condition"] != nil {
		if d.cond, ok = r.condition(vals, label, pos, true); !ok {
			good = false
		}
	}
	if d.output, ok = r.scalar(vals, "output", label, pos, false); !ok {
		good = false
	} else if d.output != nil {
		s := strings.TrimSpace(*d.output)
		d.output = &s
	}
	if d.desc, ok = r.scalar(vals, "desc", label, pos, false); !ok {
		good = false
	}
	if p, ok := r.scalar(vals, "priority", label, pos, false); !ok {
		good = false
	} else if p != nil {
		pr, valid := ParsePriority(*p)
		if !valid {
			r.errorf(r.pos(vals["priority"]), label, "invalid priority '%s', expected one of %s (case-insensitive) or Info",
				*p, strings.Join(priorityNames, ", "))
			good = false
		}
		d.priority = &pr
	}
	for _, b := range []struct {
		key string
		dst **bool
	}{{"enabled", &d.enabled}, {"warn_evttypes", &d.warnEvttypes}, {"skip-if-unknown-filter", &d.skipUnknown}} {
		if *b.dst, ok = r.boolean(vals, b.key, label, pos, false); !ok {
			good = false
		}
	}
	if t := vals["tags"]; t != nil {
		d.hasTags = true
		if t.Kind != yaml.SequenceNode {
			r.errorf(r.pos(t), label, "value for key 'tags' is not a sequence")
			good = false
		} else {
			for _, c := range t.Content {
				if c = r.visit(c); c == nil {
					return false
				}
				if c.Kind != yaml.ScalarNode || isNull(c) {
					r.errorf(r.pos(c), label, "tag is not a scalar")
					good = false
					continue
				}
				d.tags = append(d.tags, c.Value)
			}
		}
	}
	if ex, present := vals["exceptions"]; present {
		d.hasExceptions = true
		if !r.readExceptions(d, ex, label, update) {
			good = false
		}
	}
	return good
}

func (r *fileReader) readExceptions(d *ruleDef, n *yaml.Node, label string, update bool) bool {
	if isNull(n) {
		return true
	}
	if n.Kind != yaml.SequenceNode {
		r.errorf(r.pos(n), label, "rule exceptions must be a sequence")
		return false
	}
	good := true
	names := map[string]bool{}
	for _, c := range n.Content {
		if c = r.visit(c); c == nil {
			return false
		}
		if c.Kind != yaml.MappingNode {
			r.errorf(r.pos(c), label, "rule exception must be a mapping")
			good = false
			continue
		}
		_, vals, _ := r.mapping(c)
		ep := r.pos(c)
		name, ok := r.scalar(vals, "name", label, ep, true)
		if !ok {
			good = false
			continue
		}
		elabel := fmt.Sprintf("%s exception '%s'", label, *name)
		if names[*name] {
			r.errorf(ep, elabel, "exception names in the same object must be unique")
			good = false
			continue
		}
		names[*name] = true
		ex := &exceptionDef{name: *name, pos: ep}
		if f := vals["fields"]; f != nil {
			e, ok := r.entry(f, elabel, 1)
			if !ok {
				good = false
				continue
			}
			ex.fields = &e
		} else if !update {
			r.errorf(ep, elabel, "rule exception item must have fields property with a list of fields")
			good = false
			continue
		}
		if cn := vals["comps"]; cn != nil {
			e, ok := r.entry(cn, elabel, 1)
			if !ok {
				good = false
				continue
			}
			ex.comps = &e
		}
		if v := vals["values"]; v != nil {
			ex.hasValues = true
			if v.Kind != yaml.SequenceNode {
				r.errorf(r.pos(v), elabel, "rule exception values must be a sequence")
				good = false
				continue
			}
			for _, vc := range v.Content {
				if vc = r.visit(vc); vc == nil {
					return false
				}
				e, ok := r.entry(vc, elabel, 2)
				if !ok {
					good = false
					continue
				}
				ex.values = append(ex.values, e)
			}
		} else if update {
			r.warnf(ep, elabel, "overriding/appending exception with no values")
		}
		d.exceptions = append(d.exceptions, ex)
	}
	return good
}

// entry decodes a scalar or a sequence nested at most depth levels.
func (r *fileReader) entry(n *yaml.Node, label string, depth int) (entry, bool) {
	e := entry{pos: r.pos(n)}
	switch {
	case n.Kind == yaml.ScalarNode && !isNull(n):
		if n.Value == "" {
			r.errorf(r.pos(n), label, "value must be non-empty")
			return e, false
		}
		e.item = n.Value
		return e, true
	case n.Kind == yaml.SequenceNode:
		if depth == 0 {
			r.errorf(r.pos(n), label, "exception values nest too deeply")
			return e, false
		}
		e.isList = true
		for _, c := range n.Content {
			if c = r.visit(c); c == nil {
				return e, false
			}
			sub, ok := r.entry(c, label, depth-1)
			if !ok {
				return e, false
			}
			e.items = append(e.items, sub)
		}
		return e, true
	}
	r.errorf(r.pos(n), label, "expected a string or a sequence of strings")
	return e, false
}
