// Package condition parses Falco's filter/condition language into an AST.
//
// The grammar follows the language accepted by Falco: boolean connectors
// (not > and > or), parentheses, field checks with unary and binary
// operators, lists, macro references, field transformers and val()
// field-to-field comparisons. Parsing never panics; malformed input yields a
// *SyntaxError that points at the offending spot.
package condition

// Position locates a node in the condition text. Line and Col are 1-based
// (Col counts runes); Offset is the 0-based byte offset.
type Position struct {
	Line   int
	Col    int
	Offset int
}

// Pos returns the position itself so that every node type embedding
// Position satisfies the Pos() part of Expr and Value.
func (p Position) Pos() Position { return p }

// Expr is a boolean expression node.
type Expr interface {
	Pos() Position
	String() string
	exprNode()
}

// And is a conjunction of two or more children.
type And struct {
	Position
	Children []Expr
}

// Or is a disjunction of two or more children.
type Or struct {
	Position
	Children []Expr
}

// Not negates its child.
type Not struct {
	Position
	Child Expr
}

// Compare is a binary check: Field Op Value.
type Compare struct {
	Position
	Field FieldRef
	Op    Op
	Value Value
}

// Unary is a unary check on a field (only "exists" today).
type Unary struct {
	Position
	Field FieldRef
	Op    Op
}

// Ident is a bare identifier in boolean position: a macro reference.
type Ident struct {
	Position
	Name string
}

func (*And) exprNode()     {}
func (*Or) exprNode()      {}
func (*Not) exprNode()     {}
func (*Compare) exprNode() {}
func (*Unary) exprNode()   {}
func (*Ident) exprNode()   {}

// FieldRef names a field, with an optional argument and transformers.
// Transformers are listed as written, outermost first: for
// tolower(basename(proc.exe)) they are ["tolower", "basename"], so an
// evaluator applies them from the last to the first.
type FieldRef struct {
	Position
	Name         string
	Arg          string
	HasArg       bool
	Transformers []string
}

// Value is the right-hand side of a Compare.
type Value interface {
	Pos() Position
	valueNode()
}

// StringValue is a single scalar operand. Quoted records whether it was
// written as a quoted string; a bare word inside a list (or after a list
// operator) may name a list to be inlined by the rules loader, a quoted one
// never does. Numbers are bare StringValues.
type StringValue struct {
	Position
	Text   string
	Quoted bool
}

// ListValue is a parenthesised list of scalar operands.
type ListValue struct {
	Position
	Items []*StringValue
}

// FieldValue compares against another field: val(field) when the field has
// no transformers, or a transformer chain such as tolower(proc.name).
type FieldValue struct {
	Position
	Field FieldRef
}

func (*StringValue) valueNode() {}
func (*ListValue) valueNode()   {}
func (*FieldValue) valueNode()  {}

// Op is a comparison operator as written in the condition.
type Op string

// Operators of the condition language.
const (
	OpEq          Op = "="
	OpEqEq        Op = "=="
	OpNe          Op = "!="
	OpLt          Op = "<"
	OpLe          Op = "<="
	OpGt          Op = ">"
	OpGe          Op = ">="
	OpContains    Op = "contains"
	OpIContains   Op = "icontains"
	OpBContains   Op = "bcontains"
	OpStartsWith  Op = "startswith"
	OpBStartsWith Op = "bstartswith"
	OpEndsWith    Op = "endswith"
	OpGlob        Op = "glob"
	OpIGlob       Op = "iglob"
	OpRegex       Op = "regex"
	OpIn          Op = "in"
	OpIntersects  Op = "intersects"
	OpPmatch      Op = "pmatch"
	OpExists      Op = "exists"
)

type opKind int

const (
	kindUnknown opKind = iota
	kindUnary
	kindNum
	kindStr
	kindList
)

// opKinds classifies operators by the operand they take; word operators
// marked as str require a blank after them, as in Falco.
var opKinds = map[Op]opKind{
	OpExists: kindUnary,
	OpLt:     kindNum, OpLe: kindNum, OpGt: kindNum, OpGe: kindNum,
	OpEq: kindStr, OpEqEq: kindStr, OpNe: kindStr,
	OpContains: kindStr, OpIContains: kindStr, OpBContains: kindStr,
	OpStartsWith: kindStr, OpBStartsWith: kindStr, OpEndsWith: kindStr,
	OpGlob: kindStr, OpIGlob: kindStr, OpRegex: kindStr,
	OpIn: kindList, OpIntersects: kindList, OpPmatch: kindList,
}

// IsListOp reports whether op takes a list operand (in, intersects, pmatch).
func (op Op) IsListOp() bool { return opKinds[op] == kindList }

// IsNumOp reports whether op takes a numeric operand (<, <=, >, >=).
func (op Op) IsNumOp() bool { return opKinds[op] == kindNum }

// IsUnary reports whether op takes no operand (exists).
func (op Op) IsUnary() bool { return opKinds[op] == kindUnary }

// Valid reports whether op is an operator of the language.
func (op Op) Valid() bool { return opKinds[op] != kindUnknown }

// Transformers lists the field transformers the parser accepts.
var Transformers = []string{"tolower", "toupper", "b64", "basename", "len"}

func isTransformer(name string) bool {
	for _, t := range Transformers {
		if t == name {
			return true
		}
	}
	return false
}
