package condition

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// The condition language is lexically context-sensitive: "/etc/shadow" is one
// bare word after "=", "a.b" is a field at the start of a check but a plain
// string inside a list, and word operators need a blank after them. A regular
// token lexer cannot express that, so this hand-written lexer tracks what the
// grammar expects next and hands participle unambiguous token types.

const (
	tokInvalid lexer.TokenType = iota + 1
	tokLParen
	tokRParen
	tokComma
	tokAnd
	tokOr
	tokNot
	tokXf  // transformer call opener, value "tolower(" etc.
	tokVal // val( opener
	tokField
	tokArg // field argument, already unquoted
	tokIdent
	tokExists
	tokOp
	tokString // quoted string, already unescaped
	tokBare
	tokNumber
)

var symbols = map[string]lexer.TokenType{
	"EOF":     lexer.EOF,
	"Invalid": tokInvalid,
	"LParen":  tokLParen,
	"RParen":  tokRParen,
	"Comma":   tokComma,
	"And":     tokAnd,
	"Or":      tokOr,
	"Not":     tokNot,
	"Xf":      tokXf,
	"Val":     tokVal,
	"Field":   tokField,
	"Arg":     tokArg,
	"Ident":   tokIdent,
	"Exists":  tokExists,
	"Op":      tokOp,
	"String":  tokString,
	"Bare":    tokBare,
	"Number":  tokNumber,
}

type lexMode int

const (
	modeExpr     lexMode = iota // boolean position: checks, macros, connectors
	modeOp                      // after a field: an operator
	modeStrVal                  // after a string operator
	modeNumVal                  // after a numeric operator
	modeListVal                 // after a list operator
	modeList                    // inside a value list
	modeXf                      // inside a transformer call
	modeValField                // right after val(
	modeValClose                // after the field inside val(
)

// condLexer implements lexer.Definition; state lives in lexState.
type condLexer struct {
	maxDepth int
}

func (d *condLexer) Symbols() map[string]lexer.TokenType { return symbols }

func (d *condLexer) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read condition: %w", err)
	}
	return d.LexString(filename, string(b))
}

func (d *condLexer) LexString(filename string, input string) (lexer.Lexer, error) {
	return &lexState{src: input, line: 1, col: 1, maxDepth: d.maxDepth, filename: filename}, nil
}

type lexState struct {
	src      string
	off      int
	line     int
	col      int
	filename string

	mode     lexMode
	xfDepth  int  // open transformer calls
	xfRHS    bool // current transformer chain is a right-hand operand
	depth    int  // open parentheses of any kind
	maxDepth int
	done     bool // an Invalid token was emitted: only EOF follows

	// invalidMsg explains the Invalid token, so the parser can report it.
	invalidMsg string
	invalidPos lexer.Position
	// depthErr is set when nesting exceeded maxDepth.
	depthErr *SyntaxError
	// pending holds a field argument token lexed together with its field.
	pending []lexer.Token
	// emitted keeps the type and offset of every token, so that parse
	// errors can say what may follow the previous one.
	emitted []emittedTok
	// eofMode is the mode the lexer was in when input ran out.
	eofMode lexMode
	// listItems counts items of the open value list; listNeedItem is set
	// right after a comma.
	listItems    int
	listNeedItem bool
}

type emittedTok struct {
	typ lexer.TokenType
	off int
}

func (l *lexState) pos() lexer.Position {
	return lexer.Position{Filename: l.filename, Offset: l.off, Line: l.line, Column: l.col}
}

// advance moves the cursor n bytes forward, keeping line and column.
func (l *lexState) advance(n int) {
	end := l.off + n
	for l.off < end {
		r, w := utf8.DecodeRuneInString(l.src[l.off:])
		if r == '\n' {
			l.line++
			l.col = 1
		} else {
			l.col++
		}
		l.off += w
	}
	if l.off > end {
		l.off = end
	}
}

func isBlank(c byte) bool {
	return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n'
}

func isSpaceClass(c byte) bool {
	return isBlank(c) || c == '\v' || c == '\f'
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isWordChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '_'
}

// isBareChar reports whether c may appear in a bare (unquoted) string.
func isBareChar(c byte) bool {
	switch c {
	case '(', ')', '"', '\'', '=', ',':
		return false
	}
	return !isSpaceClass(c)
}

// isArgBareChar reports whether c may appear in an unquoted field argument.
func isArgBareChar(c byte) bool {
	switch c {
	case '[', ']', '"', '\'':
		return false
	}
	return !isSpaceClass(c)
}

func (l *lexState) skipBlanks() bool {
	start := l.off
	for l.off < len(l.src) && isBlank(l.src[l.off]) {
		l.advance(1)
	}
	return l.off > start
}

func (l *lexState) peekByte(i int) byte {
	if l.off+i < len(l.src) {
		return l.src[l.off+i]
	}
	return 0
}

func (l *lexState) rest() string { return l.src[l.off:] }

// scanIdentLen returns the length of an identifier at s, or 0.
func scanIdentLen(s string) int {
	if len(s) == 0 || !isLetter(s[0]) {
		return 0
	}
	n := 1
	for n < len(s) && isWordChar(s[n]) {
		n++
	}
	return n
}

// scanFieldLen returns the length of a dotted name at s and how many
// segments it has (a field needs at least two).
func scanFieldLen(s string) (n, segs int) {
	n = scanIdentLen(s)
	if n == 0 {
		return 0, 0
	}
	segs = 1
	for n < len(s) && s[n] == '.' {
		m := scanIdentLen(s[n+1:])
		if m == 0 {
			break
		}
		n += 1 + m
		segs++
	}
	return n, segs
}

// scanNumberLen matches Falco's number forms: hexadecimal 0x..., or
// [+-]digits[.digits][(e|E)(+|-)digits].
func scanNumberLen(s string) int {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isHex(s[2]) {
		n := 3
		for n < len(s) && isHex(s[n]) {
			n++
		}
		return n
	}
	n := 0
	if n < len(s) && (s[n] == '+' || s[n] == '-') {
		n++
	}
	start := n
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	if n == start {
		return 0
	}
	if n < len(s) && s[n] == '.' {
		n++
		for n < len(s) && isDigit(s[n]) {
			n++
		}
	}
	if n+2 < len(s) && (s[n] == 'e' || s[n] == 'E') && (s[n+1] == '+' || s[n+1] == '-') && isDigit(s[n+2]) {
		n += 3
		for n < len(s) && isDigit(s[n]) {
			n++
		}
	}
	return n
}

func isHex(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// scanQuoted decodes a quoted string at s (s[0] is the delimiter). It returns
// the decoded text and the consumed length, or an error message.
func scanQuoted(s string) (text string, n int, errMsg string) {
	delim := s[0]
	var b strings.Builder
	i := 1
	for i < len(s) {
		c := s[i]
		if c == delim {
			return b.String(), i + 1, ""
		}
		if c != '\\' {
			b.WriteByte(c)
			i++
			continue
		}
		if i+1 >= len(s) {
			break
		}
		e := s[i+1]
		switch e {
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case '\\', ' ':
			// Falco decodes "\ " to a backslash, for compatibility with
			// existing rules that use it to mean one.
			b.WriteByte('\\')
		case '/':
			b.WriteByte('/')
		case '"', '\'':
			if e != delim {
				return "", i, fmt.Sprintf("invalid \\%c escape in %c-quoted string", e, delim)
			}
			b.WriteByte(e)
		default:
			r, _ := utf8.DecodeRuneInString(s[i+1:])
			return "", i, fmt.Sprintf("unsupported string escape sequence \\%c", r)
		}
		i += 2
	}
	return "", 0, "unterminated quoted string"
}

var wordOps = map[string]Op{
	"glob": OpGlob, "iglob": OpIGlob, "contains": OpContains, "icontains": OpIContains,
	"bcontains": OpBContains, "startswith": OpStartsWith, "bstartswith": OpBStartsWith,
	"endswith": OpEndsWith, "regex": OpRegex,
	"in": OpIn, "intersects": OpIntersects, "pmatch": OpPmatch, "exists": OpExists,
}

func (l *lexState) tok(t lexer.TokenType, value string, n int) lexer.Token {
	p := l.pos()
	l.advance(n)
	return lexer.Token{Type: t, Value: value, Pos: p}
}

// invalid emits the single Invalid token ending the stream; msg says what
// was expected there.
func (l *lexState) invalid(msg string) lexer.Token {
	p := l.pos()
	l.done = true
	l.invalidMsg = msg
	l.invalidPos = p
	snippet := l.rest()
	if i := strings.IndexFunc(snippet, func(r rune) bool { return r == ' ' || r == '\n' || r == '\t' }); i > 0 {
		snippet = snippet[:i]
	}
	if len(snippet) > 20 {
		snippet = snippet[:20]
	}
	return lexer.Token{Type: tokInvalid, Value: snippet, Pos: p}
}

func (l *lexState) open(t lexer.TokenType, value string, n int) (lexer.Token, error) {
	l.depth++
	if l.maxDepth > 0 && l.depth > l.maxDepth {
		p := l.pos()
		l.depthErr = &SyntaxError{Line: p.Line, Col: p.Column, Offset: p.Offset,
			Msg: fmt.Sprintf("nesting exceeds the maximum depth of %d", l.maxDepth), src: l.src}
		return lexer.Token{}, l.depthErr
	}
	return l.tok(t, value, n), nil
}

func (l *lexState) close() lexer.Token {
	l.depth--
	return l.tok(tokRParen, ")", 1)
}

// Next returns the next token for the current mode.
func (l *lexState) Next() (lexer.Token, error) {
	t, err := l.next()
	if err == nil && t.Type != lexer.EOF {
		l.emitted = append(l.emitted, emittedTok{typ: t.Type, off: t.Pos.Offset})
	}
	return t, err
}

func (l *lexState) next() (lexer.Token, error) {
	if len(l.pending) > 0 {
		t := l.pending[0]
		l.pending = l.pending[1:]
		return t, nil
	}
	if l.done {
		return lexer.EOFToken(l.pos()), nil
	}
	l.skipBlanks()
	if l.off >= len(l.src) {
		l.eofMode = l.mode
		l.done = true
		return lexer.EOFToken(l.pos()), nil
	}
	switch l.mode {
	case modeExpr:
		return l.lexExpr()
	case modeOp:
		return l.lexOp(), nil
	case modeStrVal:
		return l.lexStrVal()
	case modeNumVal:
		return l.lexNumVal()
	case modeListVal:
		return l.lexListVal()
	case modeList:
		return l.lexList(), nil
	case modeXf:
		return l.lexXf()
	case modeValField:
		return l.lexValField(), nil
	case modeValClose:
		if l.peekByte(0) == ')' {
			l.mode = modeExpr
			return l.close(), nil
		}
		return l.invalid("expected a ')' token closing the val transformer"), nil
	}
	return l.invalid("internal lexer state"), nil
}

// transformerAt reports a transformer call "name(" at the cursor.
func (l *lexState) transformerAt(withVal bool) (name string, ok bool) {
	s := l.rest()
	n := scanIdentLen(s)
	if n == 0 || n >= len(s) || s[n] != '(' {
		return "", false
	}
	name = s[:n]
	if isTransformer(name) || withVal && name == "val" {
		return name, true
	}
	return "", false
}

// lexField lexes a field name and, when "[" follows right after it, queues
// the argument token (or an Invalid one).
func (l *lexState) lexField() lexer.Token {
	s := l.rest()
	n, _ := scanFieldLen(s)
	t := l.tok(tokField, s[:n], n)
	if l.peekByte(0) == '[' {
		arg, _ := l.lexFieldArg()
		l.pending = append(l.pending, arg)
	}
	return t
}

// lexFieldArg lexes "[arg]" right after a field name, returning an Invalid
// token on error.
func (l *lexState) lexFieldArg() (lexer.Token, bool) {
	p := l.pos()
	s := l.rest()
	var text string
	var n int
	switch {
	case len(s) > 1 && (s[1] == '"' || s[1] == '\''):
		t, m, msg := scanQuoted(s[1:])
		if msg != "" {
			l.advance(1)
			return l.invalid(msg), false
		}
		text, n = t, 1+m
	default:
		m := 1
		for m < len(s) && isArgBareChar(s[m]) {
			m++
		}
		if m == 1 {
			l.advance(1)
			return l.invalid("expected a valid field argument: a quoted string or a bare string"), false
		}
		text, n = s[1:m], m
	}
	if n >= len(s) || s[n] != ']' {
		l.advance(n)
		return l.invalid("expected a ']' token"), false
	}
	l.advance(n + 1)
	return lexer.Token{Type: tokArg, Value: text, Pos: p}, true
}

func (l *lexState) lexExpr() (lexer.Token, error) {
	s := l.rest()
	c := s[0]
	switch c {
	case '(':
		return l.open(tokLParen, "(", 1)
	case ')':
		return l.close(), nil
	}
	if !isLetter(c) {
		if n := len(l.emitted); n > 0 {
			switch l.emitted[n-1].typ {
			case tokIdent, tokRParen, tokString, tokBare, tokNumber, tokExists:
				return l.invalid("unexpected token, expected 'and', 'or' or ')'"), nil
			}
		}
		return l.invalid("expected a '(' token, a field check, or an identifier"), nil
	}
	n, segs := scanFieldLen(s)
	if segs >= 2 {
		l.mode = modeOp
		return l.lexField(), nil
	}
	// The connectors are reserved words: Falco would read "(and)" as a macro
	// named "and", but no printer could write such a name back.
	switch word := s[:n]; word {
	case "and":
		return l.tok(tokAnd, word, n), nil
	case "or":
		return l.tok(tokOr, word, n), nil
	case "not":
		return l.tok(tokNot, word, n), nil
	}
	if name, ok := l.transformerAt(false); ok {
		l.mode = modeXf
		l.xfDepth = 1
		l.xfRHS = false
		return l.open(tokXf, name+"(", len(name)+1)
	}
	return l.tok(tokIdent, s[:n], n), nil
}

func (l *lexState) lexOp() lexer.Token {
	s := l.rest()
	if s[0] == '[' {
		return l.invalid("field argument must follow the field name without blanks")
	}
	for _, sym := range []string{"<=", ">=", "==", "!=", "<", ">", "="} {
		if strings.HasPrefix(s, sym) {
			if sym[0] == '<' || sym[0] == '>' {
				l.mode = modeNumVal
			} else {
				l.mode = modeStrVal
			}
			return l.tok(tokOp, sym, len(sym))
		}
	}
	n := 0
	for n < len(s) && isLetter(s[n]) {
		n++
	}
	op, ok := wordOps[s[:n]]
	if !ok || n < len(s) && isWordChar(s[n]) {
		return l.invalid("expected a valid check operator: one of " + operatorList())
	}
	switch opKinds[op] {
	case kindUnary:
		l.mode = modeExpr
		return l.tok(tokExists, s[:n], n)
	case kindList:
		l.mode = modeListVal
		return l.tok(tokOp, s[:n], n)
	}
	if n >= len(s) || !isBlank(s[n]) {
		return l.invalid(fmt.Sprintf("expected a blank after operator '%s'", s[:n]))
	}
	l.mode = modeStrVal
	return l.tok(tokOp, s[:n], n)
}

func operatorList() string {
	ops := []string{"exists", "<=", "<", ">=", ">", "==", "=", "!=", "glob", "iglob",
		"contains", "icontains", "bcontains", "startswith", "bstartswith", "endswith",
		"regex", "intersects", "in", "pmatch"}
	return "'" + strings.Join(ops, "', '") + "'"
}

// valueXf lexes a transformer or val( opener in operand position.
func (l *lexState) valueXf() (lexer.Token, bool, error) {
	name, ok := l.transformerAt(true)
	if !ok {
		return lexer.Token{}, false, nil
	}
	if name == "val" {
		l.mode = modeValField
		t, err := l.open(tokVal, "val(", 4)
		return t, true, err
	}
	l.mode = modeXf
	l.xfDepth = 1
	l.xfRHS = true
	t, err := l.open(tokXf, name+"(", len(name)+1)
	return t, true, err
}

func (l *lexState) quoted() lexer.Token {
	text, n, msg := scanQuoted(l.rest())
	if msg != "" {
		if n > 0 {
			l.advance(n)
		}
		return l.invalid(msg)
	}
	return l.tok(tokString, text, n)
}

func (l *lexState) lexStrVal() (lexer.Token, error) {
	if t, ok, err := l.valueXf(); ok || err != nil {
		return t, err
	}
	s := l.rest()
	if s[0] == '"' || s[0] == '\'' {
		l.mode = modeExpr
		return l.quoted(), nil
	}
	n := 0
	for n < len(s) && isBareChar(s[n]) {
		n++
	}
	if n == 0 {
		return l.invalid("expected a string value or a field with a valid transformer"), nil
	}
	l.mode = modeExpr
	return l.tok(tokBare, s[:n], n), nil
}

func (l *lexState) lexNumVal() (lexer.Token, error) {
	if t, ok, err := l.valueXf(); ok || err != nil {
		return t, err
	}
	s := l.rest()
	n := scanNumberLen(s)
	if n == 0 {
		return l.invalid("expected a number value or a field with a valid transformer"), nil
	}
	l.mode = modeExpr
	return l.tok(tokNumber, s[:n], n), nil
}

func (l *lexState) lexListVal() (lexer.Token, error) {
	if t, ok, err := l.valueXf(); ok || err != nil {
		return t, err
	}
	s := l.rest()
	if s[0] == '(' {
		l.mode = modeList
		l.listItems, l.listNeedItem = 0, false
		return l.open(tokLParen, "(", 1)
	}
	if n := scanIdentLen(s); n > 0 {
		l.mode = modeExpr
		return l.tok(tokIdent, s[:n], n), nil
	}
	return l.invalid("expected a list, an identifier, or a field with a valid transformer"), nil
}

// lexList lexes the inside of a value list, enforcing the alternation of
// items and commas so that errors point at the exact spot.
func (l *lexState) lexList() lexer.Token {
	s := l.rest()
	expectItem := l.listItems == 0 || l.listNeedItem
	switch s[0] {
	case ')':
		if l.listNeedItem {
			return l.invalid("expected a string value after ','")
		}
		l.mode = modeExpr
		return l.close()
	case ',':
		if expectItem {
			return l.invalid("expected a string value before ','")
		}
		l.listNeedItem = true
		return l.tok(tokComma, ",", 1)
	}
	if !expectItem {
		return l.invalid("expected ',' or ')' after a list item")
	}
	if s[0] == '"' || s[0] == '\'' {
		l.listItems++
		l.listNeedItem = false
		return l.quoted()
	}
	n := 0
	for n < len(s) && isBareChar(s[n]) {
		n++
	}
	if n == 0 {
		return l.invalid("expected a string value in list")
	}
	l.listItems++
	l.listNeedItem = false
	return l.tok(tokBare, s[:n], n)
}

func (l *lexState) lexXf() (lexer.Token, error) {
	s := l.rest()
	if s[0] == ')' {
		l.xfDepth--
		if l.xfDepth == 0 {
			if l.xfRHS {
				l.mode = modeExpr
			} else {
				l.mode = modeOp
			}
		}
		return l.close(), nil
	}
	if name, ok := l.transformerAt(false); ok {
		l.xfDepth++
		return l.open(tokXf, name+"(", len(name)+1)
	}
	if _, segs := scanFieldLen(s); segs >= 2 {
		return l.lexField(), nil
	}
	return l.invalid("expected a field or a nested valid transformer: 'tolower', 'toupper', 'b64', 'basename', 'len'"), nil
}

func (l *lexState) lexValField() lexer.Token {
	s := l.rest()
	if _, segs := scanFieldLen(s); segs >= 2 {
		l.mode = modeValClose
		return l.lexField()
	}
	return l.invalid("expected a field within 'val' transformer")
}
