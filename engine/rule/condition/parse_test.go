package condition

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/sakerhq/saker/engine/rule/internal/upstream"
)

// Helpers building expected trees by hand (positions are ignored by Equal).
func fld(name string) FieldRef { return FieldRef{Name: name} }
func fldArg(name, arg string) FieldRef {
	return FieldRef{Name: name, Arg: arg, HasArg: true}
}
func bare(s string) *StringValue   { return &StringValue{Text: s} }
func quoted(s string) *StringValue { return &StringValue{Text: s, Quoted: true} }
func list(items ...*StringValue) *ListValue {
	if items == nil {
		items = []*StringValue{}
	}
	return &ListValue{Items: items}
}
func cmp(f FieldRef, op Op, v Value) *Compare { return &Compare{Field: f, Op: op, Value: v} }
func id(n string) *Ident                      { return &Ident{Name: n} }
func and(c ...Expr) *And                      { return &And{Children: c} }
func or(c ...Expr) *Or                        { return &Or{Children: c} }
func not(c Expr) *Not                         { return &Not{Child: c} }

func TestParseShapes(t *testing.T) {
	tests := []struct {
		src  string
		want Expr
	}{
		{"a", id("a")},
		{"proc.name = bash", cmp(fld("proc.name"), OpEq, bare("bash"))},
		{"proc.name==bash", cmp(fld("proc.name"), OpEqEq, bare("bash"))},
		{"fd.typechar='f' and fd.num>=0", and(
			cmp(fld("fd.typechar"), OpEq, quoted("f")),
			cmp(fld("fd.num"), OpGe, bare("0")))},
		// Precedence: not binds tighter than and, and tighter than or.
		{"not a and b or c and d", or(and(not(id("a")), id("b")), and(id("c"), id("d")))},
		{"a or b and c", or(id("a"), and(id("b"), id("c")))},
		// Parentheses keep grouping as separate nodes, like Falco's parser.
		{"a and (b and c)", and(id("a"), and(id("b"), id("c")))},
		{"(a or b) and not (c)", and(or(id("a"), id("b")), not(id("c")))},
		// Consecutive nots toggle, as in Falco.
		{"not not a", id("a")},
		{"not not not a", not(id("a"))},
		{"not(a)", not(id("a"))},
		{"a and(b)", and(id("a"), id("b"))},
		{"evt.type in (open,openat, openat2)", cmp(fld("evt.type"), OpIn, list(bare("open"), bare("openat"), bare("openat2")))},
		{"evt.type in(open)", cmp(fld("evt.type"), OpIn, list(bare("open")))},
		{"proc.name in ()", cmp(fld("proc.name"), OpIn, list())},
		{`proc.name in ("<NA>","N/A")`, cmp(fld("proc.name"), OpIn, list(quoted("<NA>"), quoted("N/A")))},
		{"proc.aname[2] in (shell_binaries, bash)", cmp(fldArg("proc.aname", "2"), OpIn, list(bare("shell_binaries"), bare("bash")))},
		{"proc.name pmatch shell_binaries", cmp(fld("proc.name"), OpPmatch, bare("shell_binaries"))},
		{"fd.name startswith /etc/", cmp(fld("fd.name"), OpStartsWith, bare("/etc/"))},
		{"fd.sip = 10.0.0.1", cmp(fld("fd.sip"), OpEq, bare("10.0.0.1"))},
		{"fd.name glob *.sh", cmp(fld("fd.name"), OpGlob, bare("*.sh"))},
		{"fd.name = a.b", cmp(fld("fd.name"), OpEq, bare("a.b"))},
		{"container.mount.dest[/proc*] != \"\"", cmp(fldArg("container.mount.dest", "/proc*"), OpNe, quoted(""))},
		{`proc.env["HOME"] = /root`, cmp(fldArg("proc.env", "HOME"), OpEq, bare("/root"))},
		{"evt.arg.name contains x", cmp(fld("evt.arg.name"), OpContains, bare("x"))},
		{"evt.arg[1] icontains X", cmp(fldArg("evt.arg", "1"), OpIContains, bare("X"))},
		{"evt.buffer bcontains cafebabe", cmp(fld("evt.buffer"), OpBContains, bare("cafebabe"))},
		{"fd.name bstartswith 2f", cmp(fld("fd.name"), OpBStartsWith, bare("2f"))},
		{"fd.name endswith .so", cmp(fld("fd.name"), OpEndsWith, bare(".so"))},
		{"fd.name iglob *.SO", cmp(fld("fd.name"), OpIGlob, bare("*.SO"))},
		{`proc.cmdline regex "^a+$"`, cmp(fld("proc.cmdline"), OpRegex, quoted("^a+$"))},
		{"proc.args intersects (\"-V\", -l)", cmp(fld("proc.args"), OpIntersects, list(quoted("-V"), bare("-l")))},
		{"fd.name exists", &Unary{Field: fld("fd.name"), Op: OpExists}},
		{"evt.num > 0x1F", cmp(fld("evt.num"), OpGt, bare("0x1F"))},
		{"evt.num<-5", cmp(fld("evt.num"), OpLt, bare("-5"))},
		{"evt.num <= 1.5e+3", cmp(fld("evt.num"), OpLe, bare("1.5e+3"))},
		{"tolower(proc.name) = bash", cmp(FieldRef{Name: "proc.name", Transformers: []string{"tolower"}}, OpEq, bare("bash"))},
		{"toupper( b64(proc.name) ) = X", cmp(FieldRef{Name: "proc.name", Transformers: []string{"toupper", "b64"}}, OpEq, bare("X"))},
		{"len(proc.args) > 3", cmp(FieldRef{Name: "proc.args", Transformers: []string{"len"}}, OpGt, bare("3"))},
		{"proc.name = val(proc.pname)", cmp(fld("proc.name"), OpEq, &FieldValue{Field: fld("proc.pname")})},
		{"proc.name = val( proc.aname[2] )", cmp(fld("proc.name"), OpEq, &FieldValue{Field: fldArg("proc.aname", "2")})},
		{"proc.name = basename(proc.exe)", cmp(fld("proc.name"), OpEq, &FieldValue{Field: FieldRef{Name: "proc.exe", Transformers: []string{"basename"}}})},
		// Escapes follow Falco: "\ " decodes to a backslash.
		{`proc.args contains "\ "`, cmp(fld("proc.args"), OpContains, quoted(`\`))},
		{`(proc.args endswith \)`, cmp(fld("proc.args"), OpEndsWith, bare(`\`))},
		{`p.c startswith "a \"b\" c"`, cmp(fld("p.c"), OpStartsWith, quoted(`a "b" c`))},
		{`p.c = 'it\'s\t\/'`, cmp(fld("p.c"), OpEq, quoted("it's\t/"))},
		// Operators that need no blank, keywords that are identifier prefixes.
		{"android and notice or order", or(and(id("android"), id("notice")), id("order"))},
		{"a\nand\tb", and(id("a"), id("b"))},
	}
	for _, tc := range tests {
		got, err := Parse(tc.src)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.src, err)
			continue
		}
		if !Equal(got, tc.want) {
			t.Errorf("Parse(%q) = %s, want %s", tc.src, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"", 1, 1, "empty"},
		{"   ", 1, 1, "empty"},
		{"a b", 1, 3, "expected 'and', 'or'"},
		{"proc.name =", 1, 12, "expected a string value"},
		{"((a)", 1, 5, "expected ')'"},
		{"(a))", 1, 4, "unexpected token ')'"},
		{"proc.name contains(x)", 1, 11, "blank after operator 'contains'"},
		{"proc.name foo bar", 1, 11, "expected a valid check operator"},
		{"fd.types[] = x", 1, 10, "field argument"},
		{"fd.types[1 = x", 1, 11, "expected a ']'"},
		{"fd.types [1] = x", 1, 10, "without blanks"},
		{"evt.num > foo", 1, 11, "expected a number value"},
		{`evt.num > "1"`, 1, 11, "expected a number value"},
		{`proc.name = "abc`, 1, 13, "unterminated"},
		{`proc.name = "a\qb"`, 1, 15, `unsupported string escape sequence \q`},
		{`proc.name = 'a\"b'`, 1, 15, `invalid \" escape`},
		{"proc.name in (a b)", 1, 17, "expected ',' or ')' after a list item"},
		{"proc.name in (a,,b)", 1, 17, "expected a string value before ','"},
		{"proc.name in (a,)", 1, 17, "expected a string value after ','"},
		{"proc.name in (,a)", 1, 15, "expected a string value before ','"},
		{"proc.name in (a=b)", 1, 16, "expected ',' or ')'"},
		{"proc.name in (a, (b))", 1, 18, "expected a string value in list"},
		{"proc.name in /x", 1, 14, "expected a list"},
		{"proc.name = (a)", 1, 13, "expected a string value"},
		{"proc.name = val(tolower(proc.name))", 1, 17, "expected a field within 'val'"},
		{"tolower(proc.name", 1, 18, "expected ')' closing the transformer"},
		{"tolower(x) = a", 1, 9, "expected a field or a nested valid transformer"},
		{"val(proc.name) = a", 1, 4, "unexpected token '('"},
		{"a and", 1, 6, "unexpected end of condition"},
		{"a andb", 1, 3, "unexpected identifier 'andb'"},
		{"\"a\"", 1, 1, "expected a '(' token, a field check, or an identifier"},
		{"a and\n  proc.name = ", 2, 15, "expected a string value"},
		{"a and\n  proc.name ~ x", 2, 13, "check operator"},
		{"proc.name existsx", 1, 11, "check operator"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.src)
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("Parse(%q) error = %v, want *SyntaxError", tc.src, err)
			continue
		}
		if se.Line != tc.line || se.Col != tc.col || !strings.Contains(se.Msg, tc.msg) {
			t.Errorf("Parse(%q) = %d:%d %q, want %d:%d containing %q", tc.src, se.Line, se.Col, se.Msg, tc.line, tc.col, tc.msg)
		}
	}
}

func TestSyntaxErrorCaret(t *testing.T) {
	_, err := Parse("a and\n  proc.name ~ x")
	if err == nil {
		t.Fatal("expected an error")
	}
	lines := strings.Split(err.Error(), "\n")
	if len(lines) != 3 {
		t.Fatalf("error has %d lines, want 3: %q", len(lines), err.Error())
	}
	if lines[1] != "  proc.name ~ x" {
		t.Errorf("excerpt = %q", lines[1])
	}
	if lines[2] != "            ^" {
		t.Errorf("caret line = %q", lines[2])
	}
	// A long line is windowed around the spot rather than printed whole.
	long := "a and " + strings.Repeat("b and ", 100) + "proc.name ~ x"
	_, err = Parse(long)
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("want SyntaxError, got %v", err)
	}
	c := strings.Split(se.Caret(), "\n")
	if len(c) != 2 || !strings.HasPrefix(c[0], "...") || len(c[0]) > 140 {
		t.Fatalf("caret = %q", se.Caret())
	}
	if c[0][len(c[1])-1] != '~' {
		t.Errorf("caret does not point at '~': %q / %q", c[0], c[1])
	}
}

func TestPositions(t *testing.T) {
	src := "a and\n  (proc.name = x or\n   not fd.name exists)"
	e, err := Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	top := e.(*And)
	if p := top.Children[0].Pos(); p != (Position{Line: 1, Col: 1, Offset: 0}) {
		t.Errorf("ident pos = %+v", p)
	}
	o := top.Children[1].(*Or)
	c := o.Children[0].(*Compare)
	if c.Pos() != (Position{Line: 2, Col: 4, Offset: 9}) {
		t.Errorf("compare pos = %+v", c.Pos())
	}
	if v := c.Value.Pos(); v != (Position{Line: 2, Col: 16, Offset: 21}) {
		t.Errorf("value pos = %+v", v)
	}
	n := o.Children[1].(*Not)
	if n.Pos() != (Position{Line: 3, Col: 4, Offset: 29}) {
		t.Errorf("not pos = %+v", n.Pos())
	}
	if u := n.Child.(*Unary); u.Field.Pos() != (Position{Line: 3, Col: 8, Offset: 33}) {
		t.Errorf("unary field pos = %+v", u.Field.Pos())
	}
	// Columns count runes, offsets count bytes.
	e, err = Parse("p.n = \"é\" and b")
	if err != nil {
		t.Fatal(err)
	}
	if p := e.(*And).Children[1].Pos(); p != (Position{Line: 1, Col: 15, Offset: 15}) {
		t.Errorf("pos after multibyte = %+v", p)
	}
}

func TestLimits(t *testing.T) {
	cases := map[string]string{
		"parens":       strings.Repeat("(", 200000) + "a" + strings.Repeat(")", 200000),
		"not parens":   strings.Repeat("not (", 100000) + "a" + strings.Repeat(")", 100000),
		"transformers": strings.Repeat("tolower(", 100000) + "proc.name" + strings.Repeat(")", 100000) + " = a",
		"list open":    "a and p.n in " + strings.Repeat("(", 5000),
	}
	for name, src := range cases {
		start := time.Now()
		_, err := Parse(src)
		var se *SyntaxError
		if !errors.As(err, &se) || !strings.Contains(se.Msg, "depth") && name != "list open" {
			t.Errorf("%s: err = %v, want depth SyntaxError", name, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s took %v", name, d)
		}
	}
	// Depth within the limit still parses.
	ok := strings.Repeat("(", MaxDepth) + "a" + strings.Repeat(")", MaxDepth)
	if _, err := Parse(ok); err != nil {
		t.Errorf("depth %d: %v", MaxDepth, err)
	}
	deep := strings.Repeat("(", MaxDepth+1) + "a" + strings.Repeat(")", MaxDepth+1)
	if _, err := Parse(deep); err == nil {
		t.Errorf("depth %d accepted", MaxDepth+1)
	}
	// Long flat inputs are fine up to the size cap, and rejected beyond it.
	flat := "a" + strings.Repeat(" and not a", (MaxInputSize-1)/10)
	if _, err := Parse(flat); err != nil {
		t.Errorf("flat input of %d bytes: %v", len(flat), err)
	}
	if _, err := Parse(flat + " and b"); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("oversized input: err = %v", err)
	}
}

func TestParseField(t *testing.T) {
	f, err := ParseField("tolower(proc.aname[2])")
	if err != nil {
		t.Fatal(err)
	}
	want := FieldRef{Name: "proc.aname", Arg: "2", HasArg: true, Transformers: []string{"tolower"}}
	if !EqualField(f, want) {
		t.Errorf("ParseField = %+v", f)
	}
	for _, bad := range []string{"proc", "proc.name = x", "proc.name[", "", "val(proc.name)"} {
		if _, err := ParseField(bad); err == nil {
			t.Errorf("ParseField(%q) accepted", bad)
		}
	}
}

// TestUpstreamRoundTrip parses every macro and rule condition of the
// upstream Falco rules files and checks that printing and re-parsing gives
// the same tree.
func TestUpstreamRoundTrip(t *testing.T) {
	conds, err := upstream.Conditions()
	if err != nil {
		t.Fatal(err)
	}
	if len(conds) < 200 {
		t.Fatalf("only %d upstream conditions found", len(conds))
	}
	for _, c := range conds {
		e, err := Parse(c.Text)
		if err != nil {
			t.Errorf("%s:%d %s %q: %v", c.File, c.Line, c.Kind, c.Name, err)
			continue
		}
		printed := e.String()
		e2, err := Parse(printed)
		if err != nil {
			t.Errorf("%s %q: reparse of %q: %v", c.Kind, c.Name, printed, err)
			continue
		}
		if !Equal(e, e2) {
			t.Errorf("%s %q: round trip differs:\n%s\n%s", c.Kind, c.Name, printed, e2)
		}
		if p2 := e2.String(); p2 != printed {
			t.Errorf("%s %q: printing is not stable:\n%s\n%s", c.Kind, c.Name, printed, p2)
		}
	}
}

func TestCloneIsDeep(t *testing.T) {
	e, err := Parse("tolower(p.n) in (a, b) and not x.y = val(z.w)")
	if err != nil {
		t.Fatal(err)
	}
	c := Clone(e)
	if !Equal(e, c) {
		t.Fatal("clone differs")
	}
	c.(*And).Children[0].(*Compare).Value.(*ListValue).Items[0].Text = "changed"
	c.(*And).Children[0].(*Compare).Field.Transformers[0] = "toupper"
	if Equal(e, c) {
		t.Fatal("mutating the clone changed the original")
	}
	if got := len(Fields(e)); got != 3 {
		t.Errorf("Fields = %d, want 3", got)
	}
}

func TestPrintQuoting(t *testing.T) {
	// Hand-built values that cannot be printed bare must come back equal.
	e := and(
		cmp(fld("a.b"), OpEq, bare("has space")),
		cmp(fld("a.b"), OpIn, list(bare("x,y"), quoted("q"), bare("tab\there"))),
		cmp(fldArg("a.b", "with ]bracket"), OpContains, quoted("line\nbreak \\ \"q\"")),
	)
	s := e.String()
	got, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	items := got.(*And).Children[1].(*Compare).Value.(*ListValue).Items
	if items[0].Text != "x,y" || items[2].Text != "tab\there" {
		t.Errorf("items = %+v %+v", items[0], items[2])
	}
	if v := got.(*And).Children[2].(*Compare).Value.(*StringValue).Text; v != "line\nbreak \\ \"q\"" {
		t.Errorf("escaped value = %q", v)
	}
	if a := got.(*And).Children[2].(*Compare).Field.Arg; a != "with ]bracket" {
		t.Errorf("arg = %q", a)
	}
}
