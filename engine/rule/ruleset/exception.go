package ruleset

import (
	"fmt"

	"github.com/sakerhq/saker/engine/rule/condition"
)

// Exceptions become "and not (...)" terms of the rule condition, shaped as
// Falco builds them:
//   - a single field: not (field comp (v1, v2, ...))
//   - a list of fields: not ((f1 c1 v1 and f2 c2 v2) or (...)), one
//     parenthesised conjunction per values entry.
// Exception nodes have no text of their own, so they carry zero Positions.

// buildException returns the exception's term (nil when it has no values)
// or a message explaining why its values do not fit its fields.
func buildException(ei *exceptionInfo) (condition.Expr, string) {
	if len(ei.values) == 0 {
		return nil, ""
	}
	if !ei.fields.isList {
		field, err := condition.ParseField(ei.fields.item)
		if err != nil {
			return nil, fmt.Sprintf("invalid exception field '%s': %s", ei.fields.item, oneLine(err))
		}
		l := &condition.ListValue{Items: []*condition.StringValue{}}
		for _, v := range ei.values {
			if v.isList {
				return nil, "expected values array to contain a list of strings"
			}
			l.Items = append(l.Items, itemValue(v.item))
		}
		return &condition.Compare{Field: field, Op: condition.Op(ei.comps.item), Value: l}, ""
	}
	fields := make([]condition.FieldRef, len(ei.fields.items))
	for i, f := range ei.fields.items {
		ref, err := condition.ParseField(f.item)
		if err != nil {
			return nil, fmt.Sprintf("invalid exception field '%s': %s", f.item, oneLine(err))
		}
		fields[i] = ref
	}
	var alts []condition.Expr
	for _, vals := range ei.values {
		if !vals.isList || len(vals.items) != len(fields) {
			return nil, fmt.Sprintf("fields and values lists must have equal length (%d fields, values %s)",
				len(fields), entryText(vals))
		}
		var terms []condition.Expr
		for k, v := range vals.items {
			op := condition.Op(ei.comps.items[k].item)
			val, msg := exceptionValue(v, op)
			if msg != "" {
				return nil, fmt.Sprintf("value %s for field '%s': %s", entryText(v), ei.fields.items[k].item, msg)
			}
			terms = append(terms, &condition.Compare{Field: cloneRef(fields[k]), Op: op, Value: val})
		}
		if len(terms) == 1 {
			alts = append(alts, terms[0])
		} else {
			alts = append(alts, &condition.And{Children: terms})
		}
	}
	if len(alts) == 1 {
		return alts[0], ""
	}
	return &condition.Or{Children: alts}, ""
}

func cloneRef(f condition.FieldRef) condition.FieldRef {
	f.Transformers = append([]string(nil), f.Transformers...)
	if len(f.Transformers) == 0 {
		f.Transformers = nil
	}
	return f
}

// exceptionValue converts one value of a list-of-fields exception.
func exceptionValue(v entry, op condition.Op) (condition.Value, string) {
	switch {
	case v.isList:
		if !op.IsListOp() {
			return nil, fmt.Sprintf("a list of values needs a list operator (in, intersects, pmatch), not '%s'", op)
		}
		l := &condition.ListValue{Items: []*condition.StringValue{}}
		for _, it := range v.items {
			if it.isList {
				return nil, "list values must be strings"
			}
			l.Items = append(l.Items, itemValue(it.item))
		}
		return l, ""
	case op.IsListOp():
		// Falco wraps a scalar in parentheses unless it already is a
		// parenthesised list literal.
		if len(v.item) > 0 && v.item[0] == '(' {
			e, err := condition.Parse("x.x in " + v.item)
			if c, ok := e.(*condition.Compare); err == nil && ok {
				if l, ok := c.Value.(*condition.ListValue); ok {
					return zeroPositions(l), ""
				}
			}
			return nil, fmt.Sprintf("'%s' is not a valid list", v.item)
		}
		return &condition.ListValue{Items: []*condition.StringValue{itemValue(v.item)}}, ""
	case op.IsNumOp():
		if !condition.IsNumber(v.item) {
			return nil, fmt.Sprintf("operator '%s' needs a number", op)
		}
		return &condition.StringValue{Text: v.item}, ""
	}
	return itemValue(v.item), ""
}

func zeroPositions(l *condition.ListValue) *condition.ListValue {
	l.Position = condition.Position{}
	for _, it := range l.Items {
		it.Position = condition.Position{}
	}
	return l
}

// itemValue turns a list item or exception value from YAML into an operand
// the way Falco's textual substitution reads it: a quoted literal is
// unquoted, a word that lexes as one bare value stays bare (and so may name
// a list), anything else is taken literally as a quoted string.
func itemValue(text string) *condition.StringValue {
	if u, ok := condition.Unquote(text); ok {
		return &condition.StringValue{Text: u, Quoted: true}
	}
	return &condition.StringValue{Text: text, Quoted: !condition.IsBare(text)}
}
