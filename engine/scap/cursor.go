package scap

import (
	"encoding/binary"
	"fmt"
)

// cursor decodes little-endian fields from one block body. The first
// failure is kept in err and turns every later read into a no-op, so a
// decoder can read a whole entry and check once.
type cursor struct {
	b    []byte
	i    int
	base int64 // stream offset of b[0]
	bt   uint32
	file string
	err  *FormatError
}

func (c *cursor) left() int { return len(c.b) - c.i }

func (c *cursor) failf(format string, args ...any) {
	if c.err != nil {
		return
	}
	c.err = &FormatError{File: c.file, Offset: c.base + int64(c.i), BlockType: c.bt, Msg: fmt.Sprintf(format, args...)}
}

func (c *cursor) need(n int, field string) bool {
	if c.err != nil {
		return false
	}
	if n < 0 || c.left() < n {
		c.failf("truncated %s: need %d bytes, %d left", field, n, c.left())
		return false
	}
	return true
}

func (c *cursor) u8(field string) uint8 {
	if !c.need(1, field) {
		return 0
	}
	v := c.b[c.i]
	c.i++
	return v
}

func (c *cursor) u16(field string) uint16 {
	if !c.need(2, field) {
		return 0
	}
	v := binary.LittleEndian.Uint16(c.b[c.i:])
	c.i += 2
	return v
}

func (c *cursor) u32(field string) uint32 {
	if !c.need(4, field) {
		return 0
	}
	v := binary.LittleEndian.Uint32(c.b[c.i:])
	c.i += 4
	return v
}

func (c *cursor) u64(field string) uint64 {
	if !c.need(8, field) {
		return 0
	}
	v := binary.LittleEndian.Uint64(c.b[c.i:])
	c.i += 8
	return v
}

func (c *cursor) bytes(n int, field string) []byte {
	if !c.need(n, field) {
		return nil
	}
	v := c.b[c.i : c.i+n]
	c.i += n
	return v
}

// str16 reads a string stored as a u16 length followed by the bytes.
func (c *cursor) str16(field string) []byte {
	n := c.u16(field)
	return c.bytes(int(n), field)
}

// sub returns a cursor over the next n bytes and advances past them.
func (c *cursor) sub(n int, field string) *cursor {
	start := c.i
	if !c.need(n, field) {
		return nil
	}
	c.i += n
	return &cursor{b: c.b[start : start+n], base: c.base + int64(start), bt: c.bt, file: c.file}
}

// cString converts a possibly NUL-terminated fixed field to a string.
func cString(b []byte) string {
	for i, ch := range b {
		if ch == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

// splitNul splits a NUL-separated list (argv, environ, cgroups). A final
// terminator does not produce an empty trailing element.
func splitNul(b []byte) []string {
	if len(b) == 0 {
		return nil
	}
	n := 1
	for _, ch := range b[:len(b)-1] {
		if ch == 0 {
			n++
		}
	}
	out := make([]string, 0, n)
	start := 0
	for i, ch := range b {
		if ch == 0 {
			out = append(out, string(b[start:i]))
			start = i + 1
		}
	}
	if start < len(b) {
		out = append(out, string(b[start:]))
	}
	return out
}
