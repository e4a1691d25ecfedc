package fields

import (
	"net/netip"
	"strconv"
)

// Kind is the type of a field's value, which decides how rule operators
// compare it and how it prints.
type Kind uint8

const (
	KindString Kind = iota + 1
	KindInt
	KindUint
	KindBool
	KindIP
	KindRelTime
	KindAbsTime
	KindBytes
	KindPort
)

var kindNames = [...]string{"", "CHARBUF", "INT64", "UINT64", "BOOL", "IPADDR", "RELTIME", "ABSTIME", "BYTEBUF", "PORT"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "?"
}

// Value is one extracted value. B aliases the event buffer, the state tables
// or the Ctx scratch buffer: it is valid until the next event.
type Value struct {
	Kind Kind
	B    []byte
	I    int64
	U    uint64
	IP   netip.Addr
}

// Append renders v the way Falco prints it in outputs.
func (v *Value) Append(dst []byte) []byte {
	switch v.Kind {
	case KindString, KindBytes:
		return append(dst, v.B...)
	case KindInt:
		return strconv.AppendInt(dst, v.I, 10)
	case KindUint, KindRelTime, KindAbsTime, KindPort:
		return strconv.AppendUint(dst, v.U, 10)
	case KindBool:
		if v.I != 0 {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case KindIP:
		return v.IP.AppendTo(dst)
	}
	return dst
}

func (v *Value) setStr(b []byte) bool {
	v.Kind, v.B = KindString, b
	return true
}

func (v *Value) setInt(i int64) bool {
	v.Kind, v.I = KindInt, i
	return true
}

func (v *Value) setUint(u uint64) bool {
	v.Kind, v.U = KindUint, u
	return true
}

func (v *Value) setBool(b bool) bool {
	v.Kind, v.I = KindBool, 0
	if b {
		v.I = 1
	}
	return true
}
