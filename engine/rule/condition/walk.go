package condition

// Walk calls fn for e and, while fn returns true, for its descendants in
// depth-first order.
func Walk(e Expr, fn func(Expr) bool) {
	if e == nil || !fn(e) {
		return
	}
	switch e := e.(type) {
	case *And:
		for _, c := range e.Children {
			Walk(c, fn)
		}
	case *Or:
		for _, c := range e.Children {
			Walk(c, fn)
		}
	case *Not:
		Walk(e.Child, fn)
	}
}

// Fields returns every field reference in e: left-hand sides and fields
// compared through val() or transformers.
func Fields(e Expr) []FieldRef {
	var out []FieldRef
	Walk(e, func(n Expr) bool {
		switch n := n.(type) {
		case *Compare:
			out = append(out, n.Field)
			if fv, ok := n.Value.(*FieldValue); ok {
				out = append(out, fv.Field)
			}
		case *Unary:
			out = append(out, n.Field)
		}
		return true
	})
	return out
}

// Clone returns a deep copy of e.
func Clone(e Expr) Expr {
	switch e := e.(type) {
	case *And:
		return &And{Position: e.Position, Children: cloneAll(e.Children)}
	case *Or:
		return &Or{Position: e.Position, Children: cloneAll(e.Children)}
	case *Not:
		return &Not{Position: e.Position, Child: Clone(e.Child)}
	case *Compare:
		return &Compare{Position: e.Position, Field: cloneField(e.Field), Op: e.Op, Value: CloneValue(e.Value)}
	case *Unary:
		return &Unary{Position: e.Position, Field: cloneField(e.Field), Op: e.Op}
	case *Ident:
		c := *e
		return &c
	}
	return nil
}

func cloneAll(es []Expr) []Expr {
	out := make([]Expr, len(es))
	for i, c := range es {
		out[i] = Clone(c)
	}
	return out
}

func cloneField(f FieldRef) FieldRef {
	if f.Transformers != nil {
		f.Transformers = append([]string(nil), f.Transformers...)
	}
	return f
}

// CloneValue returns a deep copy of v.
func CloneValue(v Value) Value {
	switch v := v.(type) {
	case *StringValue:
		c := *v
		return &c
	case *ListValue:
		l := &ListValue{Position: v.Position, Items: make([]*StringValue, len(v.Items))}
		for i, it := range v.Items {
			c := *it
			l.Items[i] = &c
		}
		return l
	case *FieldValue:
		return &FieldValue{Position: v.Position, Field: cloneField(v.Field)}
	}
	return nil
}

// Equal reports whether a and b have the same structure and content,
// ignoring positions.
func Equal(a, b Expr) bool {
	switch a := a.(type) {
	case *And:
		b, ok := b.(*And)
		return ok && equalAll(a.Children, b.Children)
	case *Or:
		b, ok := b.(*Or)
		return ok && equalAll(a.Children, b.Children)
	case *Not:
		b, ok := b.(*Not)
		return ok && Equal(a.Child, b.Child)
	case *Compare:
		b, ok := b.(*Compare)
		return ok && a.Op == b.Op && EqualField(a.Field, b.Field) && EqualValue(a.Value, b.Value)
	case *Unary:
		b, ok := b.(*Unary)
		return ok && a.Op == b.Op && EqualField(a.Field, b.Field)
	case *Ident:
		b, ok := b.(*Ident)
		return ok && a.Name == b.Name
	case nil:
		return b == nil
	}
	return false
}

func equalAll(a, b []Expr) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !Equal(a[i], b[i]) {
			return false
		}
	}
	return true
}

// EqualField compares field references, ignoring positions.
func EqualField(a, b FieldRef) bool {
	if a.Name != b.Name || a.HasArg != b.HasArg || a.Arg != b.Arg || len(a.Transformers) != len(b.Transformers) {
		return false
	}
	for i := range a.Transformers {
		if a.Transformers[i] != b.Transformers[i] {
			return false
		}
	}
	return true
}

// EqualValue compares values, ignoring positions.
func EqualValue(a, b Value) bool {
	switch a := a.(type) {
	case *StringValue:
		b, ok := b.(*StringValue)
		return ok && a.Text == b.Text && a.Quoted == b.Quoted
	case *ListValue:
		b, ok := b.(*ListValue)
		if !ok || len(a.Items) != len(b.Items) {
			return false
		}
		for i := range a.Items {
			if a.Items[i].Text != b.Items[i].Text || a.Items[i].Quoted != b.Items[i].Quoted {
				return false
			}
		}
		return true
	case *FieldValue:
		b, ok := b.(*FieldValue)
		return ok && EqualField(a.Field, b.Field)
	}
	return false
}
