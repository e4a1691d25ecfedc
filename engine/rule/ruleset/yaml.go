package ruleset

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// srcPos is a position in a rules file.
type srcPos struct {
	file      string
	line, col int
}

// maxNodeVisits bounds the YAML nodes visited while decoding one file,
// counting every expansion of an alias anew, so that alias bombs fail fast.
const maxNodeVisits = 2_000_000

// fileReader decodes one rules file, collecting diagnostics.
type fileReader struct {
	name   string
	data   []byte
	lines  []string // raw lines, for mapping condition offsets to the file
	diags  []Diagnostic
	visits int
	bomb   bool
}

func (r *fileReader) pos(n *yaml.Node) srcPos {
	if n == nil {
		return srcPos{file: r.name}
	}
	return srcPos{file: r.name, line: n.Line, col: n.Column}
}

func (r *fileReader) errorf(p srcPos, item, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{File: p.file, Line: p.line, Col: p.col, Item: item,
		Severity: SeverityError, Msg: fmt.Sprintf(format, args...)})
}

func (r *fileReader) warnf(p srcPos, item, format string, args ...any) {
	r.diags = append(r.diags, Diagnostic{File: p.file, Line: p.line, Col: p.col, Item: item,
		Severity: SeverityWarning, Msg: fmt.Sprintf(format, args...)})
}

// visit resolves aliases and charges the visit budget. It returns nil once
// the budget is exhausted; the caller then stops.
func (r *fileReader) visit(n *yaml.Node) *yaml.Node {
	for hops := 0; n != nil && n.Kind == yaml.AliasNode; hops++ {
		if hops > 100 {
			return nil
		}
		n = n.Alias
	}
	r.visits++
	if r.visits > maxNodeVisits {
		if !r.bomb {
			r.bomb = true
			r.errorf(r.pos(n), "", "YAML alias expansion exceeds %d nodes", maxNodeVisits)
		}
		return nil
	}
	return n
}

var yamlLineRe = regexp.MustCompile(`line (\d+)`)

// checkEncoding rejects invalid UTF-8, pointing at the first bad byte.
func checkEncoding(name string, data []byte) *Diagnostic {
	if utf8.Valid(data) {
		return nil
	}
	off := 0
	for off < len(data) {
		r, w := utf8.DecodeRune(data[off:])
		if r == utf8.RuneError && w == 1 {
			break
		}
		off += w
	}
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	col := 1 + utf8.RuneCount(data[bytes.LastIndexByte(data[:off], '\n')+1:off])
	return &Diagnostic{File: name, Line: line, Col: col, Severity: SeverityError,
		Msg: fmt.Sprintf("invalid UTF-8 at byte offset %d", off)}
}

// parseDocs parses every YAML document of the file.
func (r *fileReader) parseDocs() (docs []*yaml.Node, ok bool) {
	defer func() {
		// yaml.v3 has panicked on some malformed inputs in the past; a
		// rules file must never take the process down.
		if p := recover(); p != nil {
			r.errorf(srcPos{file: r.name}, "", "YAML parse failure: %v", p)
			docs, ok = nil, false
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(r.data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, true
		}
		if err != nil {
			p := srcPos{file: r.name}
			if m := yamlLineRe.FindStringSubmatch(err.Error()); m != nil {
				p.line, _ = strconv.Atoi(m[1])
			}
			r.errorf(p, "", "invalid YAML: %s", strings.TrimPrefix(err.Error(), "yaml: "))
			return nil, false
		}
		docs = append(docs, &doc)
	}
}

// mapping returns the key/value pairs of a mapping node, resolving aliases.
func (r *fileReader) mapping(n *yaml.Node) (keys []string, vals map[string]*yaml.Node, keyNodes map[string]*yaml.Node) {
	vals = map[string]*yaml.Node{}
	keyNodes = map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := r.visit(n.Content[i])
		v := r.visit(n.Content[i+1])
		if k == nil || v == nil {
			return keys, vals, keyNodes
		}
		if _, dup := vals[k.Value]; !dup {
			keys = append(keys, k.Value)
		}
		vals[k.Value] = v
		keyNodes[k.Value] = k
	}
	return keys, vals, keyNodes
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// scalarMap maps byte offsets of a scalar's decoded value back to file
// positions. It matches each raw source line against the value; where they
// stop matching (escapes in quoted scalars) positions fall back to the last
// matched line.
type scalarMap struct {
	base   srcPos
	chunks []chunk
}

type chunk struct {
	off       int // value offset where this source line's text starts
	line, col int
}

func (r *fileReader) newScalarMap(n *yaml.Node) *scalarMap {
	m := &scalarMap{base: r.pos(n)}
	value := n.Value
	line := n.Line
	block := n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0
	quoted := n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
	if block {
		line++
	}
	cur := 0
	for cur < len(value) && line >= 1 && line <= len(r.lines) {
		raw := r.lines[line-1]
		start := 0
		if line == n.Line && !block {
			start = byteIndexOfCol(raw, n.Column)
			if quoted {
				start++
			}
		}
		if start > len(raw) {
			break
		}
		content := strings.TrimRight(raw[start:], " \t\r")
		trimmed := strings.TrimLeft(content, " \t")
		start += len(content) - len(trimmed)
		for cur < len(value) && (value[cur] == ' ' || value[cur] == '\n' || value[cur] == '\t') {
			cur++
		}
		if trimmed == "" {
			line++
			continue
		}
		common := 0
		for common < len(trimmed) && cur+common < len(value) && trimmed[common] == value[cur+common] {
			common++
		}
		if common == 0 {
			break
		}
		m.chunks = append(m.chunks, chunk{off: cur, line: line, col: 1 + utf8.RuneCountInString(raw[:start])})
		cur += common
		if common < len(trimmed) {
			break
		}
		line++
	}
	return m
}

func byteIndexOfCol(s string, col int) int {
	i := 0
	for c := 1; c < col && i < len(s); c++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return i
}

// locate maps a value offset (value is the scalar text) to a file position.
func (m *scalarMap) locate(value string, off int) srcPos {
	p := m.base
	var best *chunk
	for i := range m.chunks {
		if m.chunks[i].off <= off {
			best = &m.chunks[i]
		}
	}
	if best == nil {
		return p
	}
	if off > len(value) {
		off = len(value)
	}
	p.line = best.line
	p.col = best.col + utf8.RuneCountInString(value[best.off:off])
	return p
}
