package compile

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/condition"
)

// test is a compiled comparison of one extracted value with constants.
type test func(v *fields.Value) bool

// opsByClass lists the operators each class supports, as libsinsp does.
var opsByClass = map[class]string{
	clsStr:   "= == != < <= > >= contains icontains startswith endswith glob iglob regex in intersects pmatch",
	clsBytes: "= == != contains startswith endswith bcontains bstartswith in intersects",
	clsInt:   "= == != < <= > >= in intersects",
	clsUint:  "= == != < <= > >= in intersects",
	clsBool:  "= == != in intersects",
	clsIP:    "= == != in intersects",
}

func supports(cls class, op condition.Op) bool {
	for _, o := range strings.Fields(opsByClass[cls]) {
		if o == string(op) {
			return true
		}
	}
	return false
}

func opError(p condition.Position, op condition.Op, cls class, name string) error {
	return errAt(p, "operator %q is not supported for %s field %s", op, cls, name)
}

// buildTest compiles op against constant operands for a field of class cls.
func buildTest(cls class, op condition.Op, items []*condition.StringValue, name string, at condition.Position) (test, error) {
	if cls == clsDyn {
		return dynTest(op, items, name, at)
	}
	if !supports(cls, op) {
		return nil, opError(at, op, cls, name)
	}
	switch cls {
	case clsStr, clsBytes:
		return strTest(op, items)
	case clsInt:
		return intTest(op, items)
	case clsUint:
		return uintTest(op, items)
	case clsBool:
		return boolTest(op, items)
	case clsIP:
		return ipTest(op, items)
	}
	return nil, opError(at, op, cls, name)
}

// dynTest serves fields whose kind depends on the event: the operands are
// parsed for every class they fit, and each event picks by its value.
func dynTest(op condition.Op, items []*condition.StringValue, name string, at condition.Position) (test, error) {
	var byClass [clsIP + 1]test
	built := false
	for _, cls := range []class{clsStr, clsBytes, clsInt, clsUint} {
		if !supports(cls, op) {
			continue
		}
		if t, err := buildTest(cls, op, items, name, at); err == nil {
			byClass[cls], built = t, true
		}
	}
	if !built {
		return nil, errAt(items[0].Position, "operator %q with value %q does not fit field %s", op, items[0].Text, name)
	}
	return func(v *fields.Value) bool {
		t := byClass[classOf(v.Kind)]
		return t != nil && t(v)
	}, nil
}

func strTest(op condition.Op, items []*condition.StringValue) (test, error) {
	s := items[0].Text
	b := []byte(s)
	switch op {
	case condition.OpEq, condition.OpEqEq:
		return func(v *fields.Value) bool { return string(v.B) == s }, nil
	case condition.OpNe:
		return func(v *fields.Value) bool { return string(v.B) != s }, nil
	case condition.OpLt:
		return func(v *fields.Value) bool { return string(v.B) < s }, nil
	case condition.OpLe:
		return func(v *fields.Value) bool { return string(v.B) <= s }, nil
	case condition.OpGt:
		return func(v *fields.Value) bool { return string(v.B) > s }, nil
	case condition.OpGe:
		return func(v *fields.Value) bool { return string(v.B) >= s }, nil
	case condition.OpContains:
		return func(v *fields.Value) bool { return bytes.Contains(v.B, b) }, nil
	case condition.OpIContains:
		low := []byte(strings.ToLower(s))
		return func(v *fields.Value) bool { return containsFold(v.B, low) }, nil
	case condition.OpStartsWith:
		return func(v *fields.Value) bool { return bytes.HasPrefix(v.B, b) }, nil
	case condition.OpEndsWith:
		return func(v *fields.Value) bool { return bytes.HasSuffix(v.B, b) }, nil
	case condition.OpBContains, condition.OpBStartsWith:
		raw, err := hex.DecodeString(s)
		if err != nil {
			return nil, errAt(items[0].Position, "%s needs a hex string, got %q", op, s)
		}
		if op == condition.OpBContains {
			return func(v *fields.Value) bool { return bytes.Contains(v.B, raw) }, nil
		}
		return func(v *fields.Value) bool { return bytes.HasPrefix(v.B, raw) }, nil
	case condition.OpGlob:
		return func(v *fields.Value) bool { return globMatch(s, v.B, false) }, nil
	case condition.OpIGlob:
		return func(v *fields.Value) bool { return globMatch(s, v.B, true) }, nil
	case condition.OpRegex:
		// RE2 in POSIX mode, anchored at both ends, as libsinsp runs it.
		re, err := regexp.CompilePOSIX("^(" + s + ")$")
		if err != nil {
			return nil, errAt(items[0].Position, "invalid regex %q: %v", s, err)
		}
		return func(v *fields.Value) bool { return re.Match(v.B) }, nil
	case condition.OpIn, condition.OpIntersects:
		if len(items) == 1 {
			return func(v *fields.Value) bool { return string(v.B) == s }, nil
		}
		set := make(map[string]struct{}, len(items))
		for _, it := range items {
			set[it.Text] = struct{}{}
		}
		return func(v *fields.Value) bool {
			_, ok := set[string(v.B)]
			return ok
		}, nil
	case condition.OpPmatch:
		pm := newPrefixMatcher(items)
		return func(v *fields.Value) bool { return pm.match(v.B) }, nil
	}
	return nil, errAt(items[0].Position, "operator %q is not supported for strings", op)
}

// containsFold is strcasestr for ASCII: low is the needle in lower case.
func containsFold(s, low []byte) bool {
	n := len(low)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			if lower(s[i+j]) != low[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// parseInt reads a decimal or 0x-prefixed number, as libsinsp does.
func parseInt(s string) (int64, error) {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		u, err := strconv.ParseUint(s[2:], 16, 64)
		return int64(u), err
	}
	return strconv.ParseInt(s, 10, 64)
}

func parseUint(s string) (uint64, error) {
	if len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return strconv.ParseUint(s[2:], 16, 64)
	}
	return strconv.ParseUint(s, 10, 64)
}

func intTest(op condition.Op, items []*condition.StringValue) (test, error) {
	vals := make([]int64, len(items))
	for i, it := range items {
		n, err := parseInt(it.Text)
		if err != nil {
			return nil, errAt(it.Position, "%q is not a number", it.Text)
		}
		vals[i] = n
	}
	x := vals[0]
	switch op {
	case condition.OpEq, condition.OpEqEq:
		return func(v *fields.Value) bool { return v.I == x }, nil
	case condition.OpNe:
		return func(v *fields.Value) bool { return v.I != x }, nil
	case condition.OpLt:
		return func(v *fields.Value) bool { return v.I < x }, nil
	case condition.OpLe:
		return func(v *fields.Value) bool { return v.I <= x }, nil
	case condition.OpGt:
		return func(v *fields.Value) bool { return v.I > x }, nil
	case condition.OpGe:
		return func(v *fields.Value) bool { return v.I >= x }, nil
	case condition.OpIn, condition.OpIntersects:
		set := make(map[int64]struct{}, len(vals))
		for _, n := range vals {
			set[n] = struct{}{}
		}
		return func(v *fields.Value) bool {
			_, ok := set[v.I]
			return ok
		}, nil
	}
	return nil, errAt(items[0].Position, "operator %q is not supported for numbers", op)
}

func uintTest(op condition.Op, items []*condition.StringValue) (test, error) {
	vals := make([]uint64, len(items))
	for i, it := range items {
		n, err := parseUint(it.Text)
		if err != nil {
			return nil, errAt(it.Position, "%q is not an unsigned number", it.Text)
		}
		vals[i] = n
	}
	x := vals[0]
	switch op {
	case condition.OpEq, condition.OpEqEq:
		return func(v *fields.Value) bool { return v.U == x }, nil
	case condition.OpNe:
		return func(v *fields.Value) bool { return v.U != x }, nil
	case condition.OpLt:
		return func(v *fields.Value) bool { return v.U < x }, nil
	case condition.OpLe:
		return func(v *fields.Value) bool { return v.U <= x }, nil
	case condition.OpGt:
		return func(v *fields.Value) bool { return v.U > x }, nil
	case condition.OpGe:
		return func(v *fields.Value) bool { return v.U >= x }, nil
	case condition.OpIn, condition.OpIntersects:
		set := make(map[uint64]struct{}, len(vals))
		for _, n := range vals {
			set[n] = struct{}{}
		}
		return func(v *fields.Value) bool {
			_, ok := set[v.U]
			return ok
		}, nil
	}
	return nil, errAt(items[0].Position, "operator %q is not supported for numbers", op)
}

func boolTest(op condition.Op, items []*condition.StringValue) (test, error) {
	var want [2]bool // which of false, true the operands name
	for _, it := range items {
		switch it.Text {
		case "true":
			want[1] = true
		case "false":
			want[0] = true
		default:
			return nil, errAt(it.Position, "%q is not a boolean (true or false)", it.Text)
		}
	}
	if op == condition.OpNe {
		return func(v *fields.Value) bool { return !want[b01(v.I)] }, nil
	}
	return func(v *fields.Value) bool { return want[b01(v.I)] }, nil
}

func b01(i int64) int {
	if i != 0 {
		return 1
	}
	return 0
}

// ipOperand is an address or a network.
type ipOperand struct {
	addr netip.Addr
	net  netip.Prefix
}

func (o ipOperand) match(ip netip.Addr) bool {
	if o.net.IsValid() {
		return o.net.Contains(ip)
	}
	return o.addr == ip
}

func parseIPOperand(it *condition.StringValue) (ipOperand, error) {
	if strings.IndexByte(it.Text, '/') >= 0 {
		p, err := netip.ParsePrefix(it.Text)
		if err != nil {
			return ipOperand{}, errAt(it.Position, "%q is not an IP network: %v", it.Text, err)
		}
		return ipOperand{net: p.Masked()}, nil
	}
	a, err := netip.ParseAddr(it.Text)
	if err != nil {
		return ipOperand{}, errAt(it.Position, "%q is not an IP address", it.Text)
	}
	return ipOperand{addr: a}, nil
}

func ipTest(op condition.Op, items []*condition.StringValue) (test, error) {
	ops := make([]ipOperand, len(items))
	for i, it := range items {
		o, err := parseIPOperand(it)
		if err != nil {
			return nil, err
		}
		ops[i] = o
	}
	switch op {
	case condition.OpEq, condition.OpEqEq:
		o := ops[0]
		return func(v *fields.Value) bool { return o.match(v.IP) }, nil
	case condition.OpNe:
		o := ops[0]
		return func(v *fields.Value) bool { return !o.match(v.IP) }, nil
	case condition.OpIn, condition.OpIntersects:
		return func(v *fields.Value) bool {
			for i := range ops {
				if ops[i].match(v.IP) {
					return true
				}
			}
			return false
		}, nil
	}
	return nil, errAt(items[0].Position, "operator %q is not supported for IP addresses", op)
}

// pair compares two extracted values: a field with val(other.field).
type pair func(a, b *fields.Value) bool

func pairTest(op condition.Op, cls class) (pair, error) {
	if cls != clsDyn && !supports(cls, op) {
		return nil, fmt.Errorf("operator %q is not supported for %s fields", op, cls)
	}
	switch op {
	case condition.OpIn, condition.OpIntersects, condition.OpEqEq:
		op = condition.OpEq
	}
	return func(a, b *fields.Value) bool {
		ca, cb := classOf(a.Kind), classOf(b.Kind)
		switch {
		case ca.stringy() && cb.stringy():
			return cmpBytes(op, a.B, b.B)
		case ca != cb:
			return false
		case ca == clsInt:
			return cmpOrdered(op, a.I, b.I)
		case ca == clsUint:
			return cmpOrdered(op, a.U, b.U)
		case ca == clsBool:
			return cmpOrdered(op, b01(a.I), b01(b.I))
		case ca == clsIP:
			switch op {
			case condition.OpEq:
				return a.IP == b.IP
			case condition.OpNe:
				return a.IP != b.IP
			}
		}
		return false
	}, nil
}

func cmpOrdered[T int64 | uint64 | int](op condition.Op, a, b T) bool {
	switch op {
	case condition.OpEq:
		return a == b
	case condition.OpNe:
		return a != b
	case condition.OpLt:
		return a < b
	case condition.OpLe:
		return a <= b
	case condition.OpGt:
		return a > b
	case condition.OpGe:
		return a >= b
	}
	return false
}

func cmpBytes(op condition.Op, a, b []byte) bool {
	switch op {
	case condition.OpContains:
		return bytes.Contains(a, b)
	case condition.OpIContains:
		return indexFold(a, b)
	case condition.OpStartsWith:
		return bytes.HasPrefix(a, b)
	case condition.OpEndsWith:
		return bytes.HasSuffix(a, b)
	case condition.OpGlob:
		return globMatch(b, a, false)
	case condition.OpIGlob:
		return globMatch(b, a, true)
	}
	return cmpOrdered(op, bytes.Compare(a, b), 0)
}

// indexFold is containsFold with a needle not lowered in advance.
func indexFold(s, needle []byte) bool {
	n := len(needle)
	if n == 0 {
		return true
	}
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n && lower(s[i+j]) == lower(needle[j]); j++ {
		}
		if j == n {
			return true
		}
	}
	return false
}

// lower is ASCII tolower, as the C library's in the C locale.
func lower(ch byte) byte {
	if ch >= 'A' && ch <= 'Z' {
		return ch + 'a' - 'A'
	}
	return ch
}
