package condition

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Limits applied by Parse. Falco itself caps recursion at 1000; the size
// cap keeps hostile inputs from costing unbounded memory and time.
const (
	MaxDepth     = 1000    // maximum nesting of parentheses of any kind
	MaxInputSize = 1 << 20 // maximum condition size in bytes
)

// SyntaxError reports malformed condition text.
type SyntaxError struct {
	Line   int // 1-based
	Col    int // 1-based, in runes
	Offset int // 0-based byte offset
	Msg    string

	src string // condition text, for the caret excerpt
}

// Error renders "line:col: msg" followed by the offending line and a caret
// under the spot.
func (e *SyntaxError) Error() string {
	s := fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	if c := e.Caret(); c != "" {
		s += "\n" + c
	}
	return s
}

// Caret returns the offending line (trimmed to a window around the spot)
// and a second line with a caret under the error position.
func (e *SyntaxError) Caret() string {
	if e.src == "" || e.Offset < 0 || e.Offset > len(e.src) {
		return ""
	}
	start := strings.LastIndexByte(e.src[:e.Offset], '\n') + 1
	end := strings.IndexByte(e.src[e.Offset:], '\n')
	if end < 0 {
		end = len(e.src)
	} else {
		end += e.Offset
	}
	line := []rune(strings.ToValidUTF8(e.src[start:end], "\uFFFD"))
	col := utf8.RuneCountInString(strings.ToValidUTF8(e.src[start:e.Offset], "\uFFFD"))
	const window = 60
	prefix, suffix := "", ""
	lo, hi := 0, len(line)
	if col > window {
		lo = col - window
		prefix = "..."
	}
	if hi-col > window {
		hi = col + window
		suffix = "..."
	}
	text := prefix + string(line[lo:hi]) + suffix
	text = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\b' || r < 0x20 {
			return ' '
		}
		return r
	}, text)
	return text + "\n" + strings.Repeat(" ", len([]rune(prefix))+col-lo) + "^"
}

// The participle grammar. The lexer already resolved the context-sensitive
// parts, so every alternative here is decided by one token type.
type gOr struct {
	Pos   lexer.Position
	Terms []*gAnd `parser:"@@ ( Or @@ )*"`
}

type gAnd struct {
	Pos   lexer.Position
	Terms []*gNot `parser:"@@ ( And @@ )*"`
}

type gNot struct {
	Pos  lexer.Position
	Nots []string `parser:"@Not*"`
	Atom *gAtom   `parser:"@@"`
}

type gAtom struct {
	Pos   lexer.Position
	Sub   *gOr    `parser:"  LParen @@ RParen"`
	Check *gCheck `parser:"| @@"`
	Macro *string `parser:"| @Ident"`
}

type gCheck struct {
	Pos    lexer.Position
	Left   *gField `parser:"@@"`
	Exists bool    `parser:"( @Exists"`
	Op     string  `parser:"| @Op"`
	Right  *gValue `parser:"  @@ )"`
}

type gField struct {
	Pos  lexer.Position
	Xf   string  `parser:"( @Xf"`
	Sub  *gField `parser:"  @@ RParen"`
	Name string  `parser:"| @Field"`
	Arg  *string `parser:"  @Arg? )"`
}

type gValue struct {
	Pos   lexer.Position
	List  *gList  `parser:"  @@"`
	Val   *gField `parser:"| Val @@ RParen"`
	Field *gField `parser:"| @@"`
	Str   *string `parser:"| @String"`
	Bare  *string `parser:"| @( Bare | Number | Ident )"`
}

type gList struct {
	Pos   lexer.Position
	Items []*gItem `parser:"LParen @@* RParen"`
}

// gItem is loose on purpose: the lexer already enforces that items and
// commas alternate, and a stricter grammar would make participle backtrack
// and blame the wrong token.
type gItem struct {
	Pos   lexer.Position
	Str   *string `parser:"  @String"`
	Bare  *string `parser:"| @Bare"`
	Comma bool    `parser:"| @Comma"`
}

// fieldOnly is the root production for ParseField.
type fieldOnly struct {
	Field *gField `parser:"@@"`
}

var (
	exprParser  = participle.MustBuild[gOr](participle.Lexer(&condLexer{}), participle.UseLookahead(0))
	fieldParser = participle.MustBuild[fieldOnly](participle.Lexer(&condLexer{}), participle.UseLookahead(0))
)

// Parse parses a condition into an Expr.
func Parse(src string) (Expr, error) {
	if err := checkInput(src); err != nil {
		return nil, err
	}
	ls := &lexState{src: src, line: 1, col: 1, maxDepth: MaxDepth}
	g, err := runParser(exprParser, ls)
	if err != nil {
		return nil, err
	}
	return convOr(g), nil
}

// ParseField parses a field reference as written on the left side of a
// check, e.g. "proc.aname[2]" or "tolower(proc.name)". The rules loader uses
// it for exception fields.
func ParseField(src string) (FieldRef, error) {
	if err := checkInput(src); err != nil {
		return FieldRef{}, err
	}
	ls := &lexState{src: src, line: 1, col: 1, maxDepth: MaxDepth}
	g, err := runParser(fieldParser, ls)
	if err != nil {
		return FieldRef{}, err
	}
	return convField(g.Field), nil
}

func checkInput(src string) error {
	if len(src) > MaxInputSize {
		return &SyntaxError{Line: 1, Col: 1, Msg: fmt.Sprintf("condition is %d bytes, over the %d byte limit", len(src), MaxInputSize)}
	}
	if strings.Trim(src, " \t\b\r\n") == "" {
		return &SyntaxError{Line: 1, Col: 1, Msg: "condition is empty", src: src}
	}
	return nil
}

func runParser[G any](p *participle.Parser[G], ls *lexState) (*G, error) {
	peek, err := lexer.Upgrade(ls)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return nil, se
		}
		return nil, &SyntaxError{Line: 1, Col: 1, Msg: err.Error(), src: ls.src}
	}
	g, err := p.ParseFromLexer(peek)
	if err != nil {
		return nil, convertError(err, ls)
	}
	return g, nil
}

// convertError turns a participle error into a SyntaxError, preferring the
// lexer's explanation when the parser tripped over the Invalid token.
func convertError(err error, ls *lexState) *SyntaxError {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return &SyntaxError{Line: 1, Col: 1, Msg: err.Error(), src: ls.src}
	}
	pos := perr.Position()
	msg := perr.Message()
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		tok := ute.Unexpected
		pos = tok.Pos
		switch {
		case tok.Type == tokInvalid && ls.invalidMsg != "":
			msg = ls.invalidMsg
		case tok.EOF():
			msg = "unexpected end of condition" + eofExpectation(ls)
		default:
			msg = fmt.Sprintf("unexpected %s", describeToken(tok))
			if prevEndsOperand(ls, tok.Pos.Offset) {
				msg += ", expected 'and', 'or' or ')'"
			}
		}
	}
	return &SyntaxError{Line: pos.Line, Col: pos.Column, Offset: pos.Offset, Msg: msg, src: ls.src}
}

func describeToken(t lexer.Token) string {
	switch t.Type {
	case tokString:
		return fmt.Sprintf("string %q", t.Value)
	case tokAnd, tokOr, tokNot:
		return fmt.Sprintf("'%s'", t.Value)
	case tokField:
		return fmt.Sprintf("field '%s'", t.Value)
	case tokIdent:
		return fmt.Sprintf("identifier '%s'", t.Value)
	}
	return fmt.Sprintf("token '%s'", t.Value)
}

// eofExpectation says what the grammar wanted when input ran out.
func eofExpectation(ls *lexState) string {
	switch ls.eofMode {
	case modeOp:
		return ", expected a check operator"
	case modeStrVal:
		return ", expected a string value or a field with a valid transformer"
	case modeNumVal:
		return ", expected a number value or a field with a valid transformer"
	case modeListVal:
		return ", expected a list, an identifier, or a field with a valid transformer"
	case modeList:
		return ", expected ')' closing the list"
	case modeXf, modeValField, modeValClose:
		return ", expected ')' closing the transformer"
	}
	if n := len(ls.emitted); n > 0 {
		switch ls.emitted[n-1].typ {
		case tokAnd, tokOr, tokNot, tokLParen:
			return ", expected a '(' token, a field check, or an identifier"
		}
	}
	if ls.depth > 0 {
		return ", expected ')'"
	}
	return ""
}

// prevEndsOperand reports whether the token before offset closed a complete
// check, so that only a connector or ')' could follow.
func prevEndsOperand(ls *lexState, offset int) bool {
	for i := len(ls.emitted) - 1; i > 0; i-- {
		if ls.emitted[i].off == offset {
			switch ls.emitted[i-1].typ {
			case tokIdent, tokRParen, tokString, tokBare, tokNumber, tokExists:
				return true
			}
			return false
		}
	}
	return false
}

func posOf(p lexer.Position) Position {
	return Position{Line: p.Line, Col: p.Column, Offset: p.Offset}
}

func convOr(g *gOr) Expr {
	if len(g.Terms) == 1 {
		return convAnd(g.Terms[0])
	}
	o := &Or{Position: posOf(g.Pos)}
	for _, t := range g.Terms {
		o.Children = append(o.Children, convAnd(t))
	}
	return o
}

func convAnd(g *gAnd) Expr {
	if len(g.Terms) == 1 {
		return convNot(g.Terms[0])
	}
	a := &And{Position: posOf(g.Pos)}
	for _, t := range g.Terms {
		a.Children = append(a.Children, convNot(t))
	}
	return a
}

// convNot follows Falco: consecutive "not"s toggle, so "not not a" is "a".
func convNot(g *gNot) Expr {
	child := convAtom(g.Atom)
	if len(g.Nots)%2 == 1 {
		return &Not{Position: posOf(g.Pos), Child: child}
	}
	return child
}

func convAtom(g *gAtom) Expr {
	switch {
	case g.Sub != nil:
		return convOr(g.Sub)
	case g.Check != nil:
		return convCheck(g.Check)
	default:
		return &Ident{Position: posOf(g.Pos), Name: *g.Macro}
	}
}

func convCheck(g *gCheck) Expr {
	field := convField(g.Left)
	if g.Exists {
		return &Unary{Position: posOf(g.Pos), Field: field, Op: OpExists}
	}
	return &Compare{Position: posOf(g.Pos), Field: field, Op: Op(g.Op), Value: convValue(g.Right)}
}

func convField(g *gField) FieldRef {
	var xfs []string
	pos := posOf(g.Pos)
	for g.Sub != nil {
		xfs = append(xfs, strings.TrimSuffix(g.Xf, "("))
		g = g.Sub
	}
	f := FieldRef{Position: pos, Name: g.Name, Transformers: xfs}
	if g.Arg != nil {
		f.Arg, f.HasArg = *g.Arg, true
	}
	return f
}

func convValue(g *gValue) Value {
	pos := posOf(g.Pos)
	switch {
	case g.List != nil:
		l := &ListValue{Position: pos, Items: []*StringValue{}}
		for _, it := range g.List.Items {
			if it.Comma {
				continue
			}
			if it.Str != nil {
				l.Items = append(l.Items, &StringValue{Position: posOf(it.Pos), Text: *it.Str, Quoted: true})
			} else {
				l.Items = append(l.Items, &StringValue{Position: posOf(it.Pos), Text: *it.Bare})
			}
		}
		return l
	case g.Val != nil:
		return &FieldValue{Position: pos, Field: convField(g.Val)}
	case g.Field != nil:
		return &FieldValue{Position: pos, Field: convField(g.Field)}
	case g.Str != nil:
		return &StringValue{Position: pos, Text: *g.Str, Quoted: true}
	default:
		return &StringValue{Position: pos, Text: *g.Bare}
	}
}
