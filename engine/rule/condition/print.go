package condition

import "strings"

// The printer emits canonical text that parses back to an equal AST: nested
// And/Or nodes keep their grouping through parentheses, and values are
// quoted whenever a bare form would lex differently.

func (e *And) String() string { return joinChildren(e.Children, " and ", needsParensInAnd) }
func (e *Or) String() string  { return joinChildren(e.Children, " or ", needsParensInOr) }

func (e *Not) String() string {
	switch e.Child.(type) {
	case *Compare, *Unary, *Ident:
		return "not " + e.Child.String()
	}
	return "not (" + e.Child.String() + ")"
}

func (e *Compare) String() string {
	return e.Field.String() + " " + string(e.Op) + " " + valueString(e.Value, e.Op)
}

func (e *Unary) String() string { return e.Field.String() + " " + string(e.Op) }
func (e *Ident) String() string { return e.Name }

func needsParensInAnd(c Expr) bool {
	switch c.(type) {
	case *And, *Or:
		return true
	}
	return false
}

func needsParensInOr(c Expr) bool {
	_, ok := c.(*Or)
	return ok
}

func joinChildren(children []Expr, sep string, paren func(Expr) bool) string {
	var b strings.Builder
	for i, c := range children {
		if i > 0 {
			b.WriteString(sep)
		}
		if paren(c) {
			b.WriteString("(" + c.String() + ")")
		} else {
			b.WriteString(c.String())
		}
	}
	return b.String()
}

// String renders the field with its argument and transformers.
func (f FieldRef) String() string {
	var b strings.Builder
	for _, t := range f.Transformers {
		b.WriteString(t + "(")
	}
	b.WriteString(f.Name)
	if f.HasArg {
		b.WriteString("[")
		if f.Arg != "" && strings.IndexFunc(f.Arg, func(r rune) bool {
			return r < 0x80 && !isArgBareChar(byte(r))
		}) < 0 && f.Arg[0] != '"' && f.Arg[0] != '\'' {
			b.WriteString(f.Arg)
		} else {
			b.WriteString(Quote(f.Arg))
		}
		b.WriteString("]")
	}
	b.WriteString(strings.Repeat(")", len(f.Transformers)))
	return b.String()
}

// String renders a value as it would appear after an equality operator.
func (v *StringValue) String() string { return valueString(v, OpEq) }
func (v *ListValue) String() string   { return valueString(v, OpIn) }
func (v *FieldValue) String() string  { return valueString(v, OpEq) }

func valueString(v Value, op Op) string {
	switch v := v.(type) {
	case *StringValue:
		switch {
		case op.IsNumOp():
			if !v.Quoted && scanNumberLen(v.Text) == len(v.Text) && v.Text != "" {
				return v.Text
			}
		case op.IsListOp():
			if !v.Quoted && scanIdentLen(v.Text) == len(v.Text) && v.Text != "" {
				return v.Text
			}
			// Only identifiers stand alone after a list operator.
			return "(" + scalarString(v) + ")"
		default:
			return scalarString(v)
		}
		return Quote(v.Text)
	case *ListValue:
		var b strings.Builder
		b.WriteString("(")
		for i, it := range v.Items {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(scalarString(it))
		}
		b.WriteString(")")
		return b.String()
	case *FieldValue:
		if len(v.Field.Transformers) == 0 {
			return "val(" + v.Field.String() + ")"
		}
		return v.Field.String()
	}
	return ""
}

// scalarString prints a string bare when it was bare and still lexes as one
// bare word, otherwise quoted.
func scalarString(v *StringValue) string {
	if !v.Quoted && IsBare(v.Text) {
		return v.Text
	}
	return Quote(v.Text)
}

// IsBare reports whether s can be written unquoted as a value.
func IsBare(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isBareChar(s[i]) || s[i] == '\b' {
			return false
		}
	}
	// A bare word opening with a transformer name and "(" cannot occur since
	// "(" is not a bare character, so no further check is needed.
	return true
}

// Quote returns s as a double-quoted string literal of the language.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\b':
			b.WriteString(`\b`)
		case '\f':
			b.WriteString(`\f`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Unquote decodes s when it is exactly one quoted string literal of the
// language ('...' or "..." with the language's escapes).
func Unquote(s string) (string, bool) {
	if len(s) < 2 || s[0] != '"' && s[0] != '\'' {
		return "", false
	}
	text, n, msg := scanQuoted(s)
	if msg != "" || n != len(s) {
		return "", false
	}
	return text, true
}

// IsNumber reports whether s is a number as accepted after a numeric
// operator: decimal with optional sign, fraction and exponent, or 0x hex.
func IsNumber(s string) bool {
	return s != "" && scanNumberLen(s) == len(s)
}
