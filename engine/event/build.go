package event

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
)

// Build appends to dst one raw event in the layout Decode reads: the packed
// header, one length per parameter (u32 when the row has FlagLargePayload,
// u16 otherwise), then the parameter bytes. A nil or empty parameter is an
// empty one, which is how the drivers mark a value they could not read.
// It is meant for tests and synthesized captures; the drivers write events
// themselves.
func Build(dst []byte, t Type, ts uint64, tid int64, params ...[]byte) ([]byte, error) {
	if len(params) > MaxParams {
		return dst, fmt.Errorf("build event type %d: %d parameters, limit %d", t, len(params), MaxParams)
	}
	lenSize, maxLen := 2, math.MaxUint16
	if int(t) < len(Table) && Table[t].Flags&FlagLargePayload != 0 {
		lenSize, maxLen = 4, math.MaxUint32
	}
	total := HeaderLen + lenSize*len(params)
	for i, p := range params {
		if len(p) > maxLen {
			return dst, fmt.Errorf("build event type %d: parameter %d is %d bytes, limit %d", t, i, len(p), maxLen)
		}
		total += len(p)
	}
	if total > math.MaxUint32 {
		return dst, fmt.Errorf("build event type %d: %d bytes does not fit the 32-bit length", t, total)
	}
	dst = binary.LittleEndian.AppendUint64(dst, ts)
	dst = binary.LittleEndian.AppendUint64(dst, uint64(tid))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(total))
	dst = binary.LittleEndian.AppendUint16(dst, uint16(t))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(len(params)))
	for _, p := range params {
		if lenSize == 2 {
			dst = binary.LittleEndian.AppendUint16(dst, uint16(len(p)))
		} else {
			dst = binary.LittleEndian.AppendUint32(dst, uint32(len(p)))
		}
	}
	for _, p := range params {
		dst = append(dst, p...)
	}
	return dst, nil
}

// Parameter encoders. Each returns the bytes of one parameter as the
// drivers lay it out; integers are little endian, whatever the PT_* type
// (errno, fd, pid, uid, flags and mode are all plain integers of their width).

// EncInt8 encodes a PT_INT8.
func EncInt8(v int8) []byte { return []byte{byte(v)} }

// EncInt16 encodes a PT_INT16.
func EncInt16(v int16) []byte { return binary.LittleEndian.AppendUint16(nil, uint16(v)) }

// EncInt32 encodes a PT_INT32.
func EncInt32(v int32) []byte { return binary.LittleEndian.AppendUint32(nil, uint32(v)) }

// EncInt64 encodes a PT_INT64, PT_ERRNO, PT_FD or PT_PID.
func EncInt64(v int64) []byte { return binary.LittleEndian.AppendUint64(nil, uint64(v)) }

// EncUint8 encodes a PT_UINT8, PT_FLAGS8 or PT_ENUMFLAGS8.
func EncUint8(v uint8) []byte { return []byte{v} }

// EncUint16 encodes a PT_UINT16, PT_FLAGS16, PT_ENUMFLAGS16 or PT_PORT.
func EncUint16(v uint16) []byte { return binary.LittleEndian.AppendUint16(nil, v) }

// EncUint32 encodes a PT_UINT32, PT_FLAGS32, PT_ENUMFLAGS32, PT_MODE,
// PT_UID or PT_GID.
func EncUint32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// EncUint64 encodes a PT_UINT64, PT_RELTIME or PT_ABSTIME.
func EncUint64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }

// EncDouble encodes a PT_DOUBLE.
func EncDouble(v float64) []byte { return EncUint64(math.Float64bits(v)) }

// EncBool encodes a PT_BOOL, which the drivers store in 4 bytes.
func EncBool(v bool) []byte {
	if v {
		return EncUint32(1)
	}
	return EncUint32(0)
}

// EncString encodes a PT_CHARBUF, PT_FSPATH or PT_FSRELPATH: the bytes and
// a NUL terminator.
func EncString(s string) []byte {
	b := make([]byte, 0, len(s)+1)
	return append(append(b, s...), 0)
}

// EncStrings encodes a list of strings each followed by a NUL: the layout of
// execve's args, env and cgroups (PT_BYTEBUF) and of PT_CHARBUFARRAY.
func EncStrings(ss ...string) []byte {
	var b []byte
	for _, s := range ss {
		b = append(append(b, s...), 0)
	}
	return b
}

// EncPairs encodes a PT_CHARBUF_PAIR_ARRAY: key, NUL, value, NUL, ...
func EncPairs(kv ...[2]string) []byte {
	var b []byte
	for _, p := range kv {
		b = append(append(b, p[0]...), 0)
		b = append(append(b, p[1]...), 0)
	}
	return b
}

// Socket family numbers (PPM_AF_*) as they appear in sockaddr and tuple
// parameters.
const (
	FamilyUnix  = 1
	FamilyInet  = 2
	FamilyInet6 = 10
)

// EncSockaddr encodes an IPv4 or IPv6 PT_SOCKADDR: the family byte, the
// address, and the port in host order. IPv4-mapped addresses are written
// as IPv4, as the kernel reports them for AF_INET sockets.
func EncSockaddr(a netip.AddrPort) []byte {
	ip := a.Addr()
	if ip.Is4() || ip.Is4In6() {
		v4 := ip.Unmap().As4()
		b := append([]byte{FamilyInet}, v4[:]...)
		return binary.LittleEndian.AppendUint16(b, a.Port())
	}
	v6 := ip.As16()
	b := append([]byte{FamilyInet6}, v6[:]...)
	return binary.LittleEndian.AppendUint16(b, a.Port())
}

// EncSockaddrUnix encodes an AF_UNIX PT_SOCKADDR: the family byte and the
// NUL-terminated path.
func EncSockaddrUnix(path string) []byte {
	return append([]byte{FamilyUnix}, EncString(path)...)
}

// EncTuple encodes a PT_SOCKTUPLE for an inet connection from src to dst.
// Both ends must be of the same family; a mix is written as IPv6 with the
// IPv4 end mapped, as the kernel does for dual-stack sockets.
func EncTuple(src, dst netip.AddrPort) []byte {
	s, d := src.Addr(), dst.Addr()
	if (s.Is4() || s.Is4In6()) && (d.Is4() || d.Is4In6()) {
		s4, d4 := s.Unmap().As4(), d.Unmap().As4()
		b := append([]byte{FamilyInet}, s4[:]...)
		b = binary.LittleEndian.AppendUint16(b, src.Port())
		b = append(b, d4[:]...)
		return binary.LittleEndian.AppendUint16(b, dst.Port())
	}
	s6, d6 := s.As16(), d.As16()
	b := append([]byte{FamilyInet6}, s6[:]...)
	b = binary.LittleEndian.AppendUint16(b, src.Port())
	b = append(b, d6[:]...)
	return binary.LittleEndian.AppendUint16(b, dst.Port())
}

// EncTupleUnix encodes an AF_UNIX PT_SOCKTUPLE: the kernel addresses of the
// two ends and the NUL-terminated path.
func EncTupleUnix(src, dst uint64, path string) []byte {
	b := []byte{FamilyUnix}
	b = binary.LittleEndian.AppendUint64(b, src)
	b = binary.LittleEndian.AppendUint64(b, dst)
	return append(b, EncString(path)...)
}

// PolledFD is one entry of a PT_FDLIST: an fd and its poll flags.
type PolledFD struct {
	FD    int64
	Flags uint16
}

// EncFDList encodes a PT_FDLIST: a u16 count, then per fd a u64 number and
// u16 flags. Entries beyond 65535 are dropped, as the count cannot hold them.
func EncFDList(fds ...PolledFD) []byte {
	if len(fds) > math.MaxUint16 {
		fds = fds[:math.MaxUint16]
	}
	b := binary.LittleEndian.AppendUint16(nil, uint16(len(fds)))
	for _, f := range fds {
		b = binary.LittleEndian.AppendUint64(b, uint64(f.FD))
		b = binary.LittleEndian.AppendUint16(b, f.Flags)
	}
	return b
}

// EncDyn encodes a PT_DYN: the index of the alternative in the row's Dyn
// list, then that alternative's bytes.
func EncDyn(alt uint8, v []byte) []byte {
	return append([]byte{alt}, v...)
}
