package scap

import (
	"bytes"
	"encoding/binary"
	"io"
	"net/netip"
	"reflect"
	"strings"
	"testing"
)

// Hand-built blocks, laid out from the format description rather than by
// our Writer, so the reader is checked against the format itself.

type bb struct{ b []byte }

func (x *bb) u8(v uint8) *bb   { x.b = append(x.b, v); return x }
func (x *bb) u16(v uint16) *bb { x.b = binary.LittleEndian.AppendUint16(x.b, v); return x }
func (x *bb) u32(v uint32) *bb { x.b = binary.LittleEndian.AppendUint32(x.b, v); return x }
func (x *bb) u64(v uint64) *bb { x.b = binary.LittleEndian.AppendUint64(x.b, v); return x }
func (x *bb) i64(v int64) *bb  { return x.u64(uint64(v)) }
func (x *bb) raw(b ...byte) *bb {
	x.b = append(x.b, b...)
	return x
}
func (x *bb) str(s string) *bb { x.u16(uint16(len(s))); x.b = append(x.b, s...); return x }

// rawBlock frames a body: type, total length, body, padding, trailer.
func rawBlock(bt uint32, body []byte) []byte {
	total := 8 + len(body) + (4-len(body)%4)%4 + 4
	out := binary.LittleEndian.AppendUint32(nil, bt)
	out = binary.LittleEndian.AppendUint32(out, uint32(total))
	out = append(out, body...)
	out = append(out, make([]byte, (4-len(body)%4)%4)...)
	return binary.LittleEndian.AppendUint32(out, uint32(total))
}

func shbBlock(minor uint16) []byte {
	return rawBlock(BlockSection, (&bb{}).u32(0x1A2B3C4D).u16(1).u16(minor).u64(^uint64(0)).b)
}

func capture(blocks ...[]byte) []byte {
	out := shbBlock(0)
	for _, b := range blocks {
		out = append(out, b...)
	}
	return out
}

// readRecords reads everything, copying what the reader would reuse.
func readRecords(t *testing.T, data []byte) ([]Record, *Reader) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), "test.scap")
	if err != nil {
		t.Fatal(err)
	}
	var out []Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			return out, r
		}
		if err != nil {
			t.Fatal(err)
		}
		c := *rec
		c.Event = bytes.Clone(rec.Event)
		out = append(out, c)
	}
}

// procEntry lays out one process of the given layout version, with values
// that differ per field so a shifted read cannot pass.
func procEntry(ver int) []byte {
	x := &bb{}
	x.i64(101).i64(102).i64(103)
	if ver >= 6 {
		x.i64(104) // sid
	}
	if ver >= 8 {
		x.i64(105) // vpgid
	}
	x.str("comm").str("/bin/exe")
	if ver >= 7 {
		x.str("/usr/bin/exe")
	}
	x.str("a\x00bb\x00").str("/cwd").i64(1024).u32(0x11).u32(1000).u32(1001)
	if ver >= 2 {
		x.u32(2000).u32(2001).u32(2002).u64(3000).u64(3001)
	}
	if ver >= 3 {
		x.str("K=V\x00X=Y\x00")
	}
	if ver >= 4 {
		x.i64(4000).i64(4001).str("cpu=/a\x00mem=/b\x00")
	}
	if ver >= 5 {
		x.str("/root")
	}
	return x.b
}

func wantProc(ver int) Process {
	p := Process{
		Tid: 101, Pid: 102, Ptid: 103, Sid: -1, Vpgid: -1, Pgid: -1,
		Comm: "comm", Exe: "/bin/exe", Args: []string{"a", "bb"}, Cwd: "/cwd",
		FDLimit: 1024, Flags: 0x11, UID: 1000, GID: 1001, Vtid: -1, Vpid: -1, LoginUID: 0xFFFFFFFF,
	}
	if ver >= 6 {
		p.Sid = 104
	}
	if ver >= 8 {
		p.Vpgid = 105
	}
	if ver >= 7 {
		p.ExePath = "/usr/bin/exe"
	}
	if ver >= 2 {
		p.VMSize, p.VMRSS, p.VMSwap, p.PFMajor, p.PFMinor = 2000, 2001, 2002, 3000, 3001
	}
	if ver >= 3 {
		p.Env = []string{"K=V", "X=Y"}
	}
	if ver >= 4 {
		p.Vtid, p.Vpid, p.Cgroups = 4000, 4001, []string{"cpu=/a", "mem=/b"}
	}
	if ver >= 5 {
		p.Root = "/root"
	}
	return p
}

func TestProcessListVersions(t *testing.T) {
	types := map[uint32]int{
		BlockProcV1: 1, BlockProcV1Int: 1, BlockProcV2: 2, BlockProcV2Int: 2, BlockProcV3: 3,
		BlockProcV3Int: 3, BlockProcV4: 4, BlockProcV5: 5, BlockProcV6: 6, BlockProcV7: 7, BlockProcV8: 8,
	}
	for bt, ver := range types {
		// Two entries back to back: the second only parses if the first
		// consumed exactly its own bytes.
		body := append(procEntry(ver), procEntry(ver)...)
		recs, _ := readRecords(t, capture(rawBlock(bt, body)))
		if len(recs) != 2 {
			t.Fatalf("%s: %d records, want 2", BlockName(bt), len(recs))
		}
		want := wantProc(ver)
		for _, rec := range recs {
			if rec.Kind != KindProcess || rec.BlockType != bt || !reflect.DeepEqual(*rec.Proc, want) {
				t.Fatalf("%s:\n got %+v\nwant %+v", BlockName(bt), *rec.Proc, want)
			}
		}
	}
}

func v9Entry(tail []byte) []byte {
	body := append(procEntry(9), tail...)
	return append(binary.LittleEndian.AppendUint32(nil, uint32(4+len(body))), body...)
}

func TestProcessListV9Tails(t *testing.T) {
	base := func() Process { p := wantProc(9); return p }

	// libs 0.9 (sysdig 0.29): loginuid and exe_writable only.
	old := base()
	old.LoginUID, old.ExeWritable = 1234, true
	// libs < 0.10 with capabilities: 29-byte tail.
	caps := old
	caps.CapInheritable, caps.CapPermitted, caps.CapEffective = 7, 8, 9
	// libs >= 0.10: pidns start and tty first, then the rest.
	full := caps
	full.PidNsInitStartTs, full.Tty = 5555, 34816
	full.ExeUpperLayer, full.ExeIno, full.ExeInoCtime, full.ExeInoMtime = true, 77, 78, 79
	full.ExeFromMemfd, full.ExeLowerLayer, full.Pgid = true, true, 4242

	fullTail := (&bb{}).u64(5555).u32(34816).u32(1234).u8(1).u64(7).u64(8).u64(9).
		u8(1).u64(77).u64(78).u64(79).u8(1).u8(1).i64(4242).b
	cases := []struct {
		name string
		tail []byte
		want Process
	}{
		{"none", nil, base()},
		{"0.9", (&bb{}).u32(1234).u8(1).b, old},
		{"pre-0.10 caps", (&bb{}).u32(1234).u8(1).u64(7).u64(8).u64(9).b, caps},
		{"0.10+", fullTail, full},
		{"future fields", append(bytes.Clone(fullTail), 0xde, 0xad, 0xbe, 0xef, 1, 2, 3), full},
	}
	for _, tc := range cases {
		body := append(v9Entry(tc.tail), v9Entry(tc.tail)...)
		recs, r := readRecords(t, capture(rawBlock(BlockProcV9, body)))
		if len(recs) != 2 {
			t.Fatalf("%s: %d records", tc.name, len(recs))
		}
		for _, rec := range recs {
			if !reflect.DeepEqual(*rec.Proc, tc.want) {
				t.Fatalf("%s:\n got %+v\nwant %+v", tc.name, *rec.Proc, tc.want)
			}
		}
		if len(r.Warnings()) != 0 {
			t.Fatalf("%s: warnings %v", tc.name, r.Warnings())
		}
	}

	// An entry length that overruns the block is an error at that entry.
	bad := v9Entry(nil)
	binary.LittleEndian.PutUint32(bad, uint32(len(bad)+100))
	_, err := drainErr(capture(rawBlock(BlockProcV9, bad)))
	if fe, ok := err.(*FormatError); !ok || fe.Offset != 28+8 || !strings.Contains(fe.Msg, "process entry length") {
		t.Fatalf("overrunning entry: %v", err)
	}
}

func drainErr(data []byte) ([]Record, error) {
	r, err := NewReader(bytes.NewReader(data), "test.scap")
	if err != nil {
		return nil, err
	}
	var out []Record
	for {
		rec, err := r.Next()
		if err != nil {
			return out, err
		}
		out = append(out, *rec)
	}
}

func fdBody(v2 bool, entries ...[]byte) []byte {
	out := binary.LittleEndian.AppendUint64(nil, 77) // tid
	for _, e := range entries {
		if v2 {
			out = binary.LittleEndian.AppendUint32(out, uint32(4+len(e)))
		}
		out = append(out, e...)
	}
	return out
}

func TestFDLists(t *testing.T) {
	ip := func(s string) netip.Addr { return netip.MustParseAddr(s) }
	entries := [][]byte{
		(&bb{}).i64(3).u64(900).u8(3).raw(10, 0, 0, 1).raw(10, 0, 0, 2).u16(4000).u16(80).u8(2).b,
		(&bb{}).i64(4).u64(901).u8(5).raw(0, 0, 0, 0).u16(8080).u8(2).b,
		(&bb{}).i64(5).u64(902).u8(4).raw(ip("fe80::1").AsSlice()...).raw(ip("::1").AsSlice()...).u16(1).u16(2).u8(3).b,
		(&bb{}).i64(6).u64(903).u8(6).raw(ip("::").AsSlice()...).u16(22).u8(2).b,
		(&bb{}).i64(7).u64(904).u8(8).u64(0xffff1).u64(0xffff2).str("/run/sock").b,
		(&bb{}).i64(8).u64(905).u8(1).str("/etc/passwd").b,
		(&bb{}).i64(9).u64(906).u8(7).str("pipe:[12]").b,
		(&bb{}).i64(10).u64(907).u8(16).u32(0x8002).str("/tmp/x").b,
	}
	want := []FD{
		{Num: 3, Ino: 900, Type: FDIPv4Sock, SIP: ip("10.0.0.1"), DIP: ip("10.0.0.2"), SPort: 4000, DPort: 80, L4Proto: 2},
		{Num: 4, Ino: 901, Type: FDIPv4Server, SIP: ip("0.0.0.0"), SPort: 8080, L4Proto: 2},
		{Num: 5, Ino: 902, Type: FDIPv6Sock, SIP: ip("fe80::1"), DIP: ip("::1"), SPort: 1, DPort: 2, L4Proto: 3},
		{Num: 6, Ino: 903, Type: FDIPv6Server, SIP: ip("::"), SPort: 22, L4Proto: 2},
		{Num: 7, Ino: 904, Type: FDUnixSock, UnixSource: 0xffff1, UnixDest: 0xffff2, Name: "/run/sock"},
		{Num: 8, Ino: 905, Type: FDFile, Name: "/etc/passwd"},
		{Num: 9, Ino: 906, Type: FDFifo, Name: "pipe:[12]"},
		{Num: 10, Ino: 907, Type: FDFileV2, Flags: 0x8002, Name: "/tmp/x"},
	}
	for _, bt := range []uint32{BlockFDList, BlockFDListInt, BlockFDListV2} {
		v2 := bt == BlockFDListV2
		recs, _ := readRecords(t, capture(rawBlock(bt, fdBody(v2, entries...))))
		if len(recs) != 1 || recs[0].Kind != KindFDList || recs[0].FDs.Tid != 77 {
			t.Fatalf("%s: %+v", BlockName(bt), recs)
		}
		if !reflect.DeepEqual(recs[0].FDs.FDs, want) {
			t.Fatalf("%s:\n got %+v\nwant %+v", BlockName(bt), recs[0].FDs.FDs, want)
		}
	}

	// v2 only: a file entry with the device, an unknown type that is
	// skipped with one warning however often it appears, and padding
	// fields from a newer writer.
	v2 := fdBody(true,
		(&bb{}).i64(10).u64(907).u8(16).u32(0x8002).str("/tmp/x").u32(0x803).b,
		(&bb{}).i64(11).u64(0).u8(99).raw(1, 2, 3).b,
		(&bb{}).i64(12).u64(0).u8(99).b,
		(&bb{}).i64(13).u64(908).u8(9).str("anon_inode:[eventfd]").raw(0xaa, 0xbb).b,
	)
	recs, r := readRecords(t, capture(rawBlock(BlockFDListV2, v2)))
	got := recs[0].FDs.FDs
	if len(got) != 2 || got[0].Dev != 0x803 || got[1].Num != 13 || got[1].Name != "anon_inode:[eventfd]" {
		t.Fatalf("v2 extras: %+v", got)
	}
	if w := r.Warnings(); len(w) != 1 || !strings.Contains(w[0], "unknown type 99") {
		t.Fatalf("warnings: %v", w)
	}
	// v1 has no lengths, so an unknown type cannot be skipped.
	_, err := drainErr(capture(rawBlock(BlockFDList, fdBody(false, (&bb{}).i64(1).u64(0).u8(99).b))))
	if fe, ok := err.(*FormatError); !ok || !strings.Contains(fe.Msg, "unknown fd type 99") {
		t.Fatalf("v1 unknown type: %v", err)
	}
}

func TestInterfaceLists(t *testing.T) {
	ip := func(s string) netip.Addr { return netip.MustParseAddr(s) }
	v4 := (&bb{}).u16(1).u16(2).raw(127, 0, 0, 1).raw(255, 0, 0, 0).raw(127, 255, 255, 255).u64(1000).raw('l', 'o').b
	v4n := (&bb{}).u16(3).u16(4).raw(10, 1, 2, 3).raw(255, 255, 0, 0).raw(10, 1, 255, 255).raw('e', 't', 'h', '0').b
	v6 := (&bb{}).u16(2).u16(2).raw(ip("::1").AsSlice()...).raw(ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").AsSlice()...).
		raw(ip("::").AsSlice()...).u64(10).raw('l', 'o').b
	v6n := (&bb{}).u16(4).u16(4).raw(ip("fe80::2").AsSlice()...).raw(ip("ffff:ffff:ffff:ffff::").AsSlice()...).
		raw(ip("::").AsSlice()...).raw('e', 't', 'h', '0').b
	want := &Interfaces{
		V4: []IfaceV4{
			{Name: "lo", Addr: ip("127.0.0.1"), Netmask: ip("255.0.0.0"), Bcast: ip("127.255.255.255"), LinkSpeed: 1000},
			{Name: "eth0", Addr: ip("10.1.2.3"), Netmask: ip("255.255.0.0"), Bcast: ip("10.1.255.255")},
		},
		V6: []IfaceV6{
			{Name: "lo", Addr: ip("::1"), Netmask: ip("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), Bcast: ip("::"), LinkSpeed: 10},
			{Name: "eth0", Addr: ip("fe80::2"), Netmask: ip("ffff:ffff:ffff:ffff::"), Bcast: ip("::")},
		},
	}
	v1 := bytes.Join([][]byte{v4, v6, v4n, v6n}, nil)
	var v2 []byte
	for _, e := range [][]byte{v4, v6, v4n, v6n} {
		v2 = append(binary.LittleEndian.AppendUint32(v2, uint32(len(e))), e...)
	}
	for bt, body := range map[uint32][]byte{BlockIfList: v1, BlockIfListInt: v1, BlockIfListV2: v2} {
		recs, _ := readRecords(t, capture(rawBlock(bt, body)))
		if len(recs) != 1 || !reflect.DeepEqual(recs[0].Ifaces, want) {
			t.Fatalf("%s:\n got %+v\nwant %+v", BlockName(bt), recs[0].Ifaces, want)
		}
	}
}

func TestUserLists(t *testing.T) {
	users := [][]byte{
		(&bb{}).u8(0).u32(0).u32(0).str("root").str("/root").str("/bin/sh").b,
		(&bb{}).u8(1).u32(100).str("users").b,
		(&bb{}).u8(0).u32(1000).u32(100).str("alice").str("/home/alice").str("/bin/bash").b,
	}
	wantU := []User{{0, 0, "root", "/root", "/bin/sh"}, {1000, 100, "alice", "/home/alice", "/bin/bash"}}
	wantG := []Group{{100, "users"}}
	check := func(bt uint32, body []byte) {
		recs, _ := readRecords(t, capture(rawBlock(bt, body)))
		var gu []User
		var gg []Group
		for _, r := range recs {
			switch r.Kind {
			case KindUser:
				gu = append(gu, *r.User)
			case KindGroup:
				gg = append(gg, *r.Group)
			default:
				t.Fatalf("unexpected %v", r.Kind)
			}
		}
		if !reflect.DeepEqual(gu, wantU) || !reflect.DeepEqual(gg, wantG) {
			t.Fatalf("%s: users %+v groups %+v", BlockName(bt), gu, gg)
		}
	}
	v1 := bytes.Join(users, nil)
	check(BlockUserList, v1)
	check(BlockUserListInt, v1)
	var v2 []byte
	for _, e := range users {
		e = append(bytes.Clone(e), 9, 9, 9) // a field from a newer writer
		v2 = append(binary.LittleEndian.AppendUint32(v2, uint32(4+len(e))), e...)
	}
	check(BlockUserListV2, v2)
}

// evV1 lays out an old event: 22-byte header without nparams.
func evV1(typ uint16, lens []uint16, extraLen int) []byte {
	params := 0
	for _, l := range lens {
		params += int(l)
	}
	n := 22 + 2*len(lens) + params + extraLen
	x := (&bb{}).u64(1_600_000_000_000_000_000).u64(42).u32(uint32(n)).u16(typ)
	for _, l := range lens {
		x.u16(l)
	}
	for i := 0; i < params+extraLen; i++ {
		x.u8(byte(i + 1))
	}
	return x.b
}

func TestOldEventBlocks(t *testing.T) {
	ev := evV1(3, []uint16{4, 0, 2}, 0)
	blocks := [][]byte{
		rawBlock(BlockEvent, append([]byte{1, 0}, ev...)),
		rawBlock(BlockEventInt, append([]byte{2, 0}, ev...)),
		rawBlock(BlockEventF, append([]byte{3, 0, 0x10, 0, 0, 0}, ev...)),
		// Old writers stored these two types 3 bytes too long.
		rawBlock(BlockEvent, append([]byte{4, 0}, evV1(evNotificationE, []uint16{5}, 3)...)),
		rawBlock(BlockEvent, append([]byte{5, 0}, evV1(evInfrastructureE, nil, 3)...)),
	}
	recs, _ := readRecords(t, capture(blocks...))
	if len(recs) != 5 {
		t.Fatalf("%d records", len(recs))
	}
	want := (&bb{}).u64(1_600_000_000_000_000_000).u64(42).u32(26+6+6).u16(3).u32(3).u16(4).u16(0).u16(2).raw(1, 2, 3, 4, 5, 6).b
	for i, rec := range recs[:3] {
		if !bytes.Equal(rec.Event, want) || rec.CPU != uint16(i+1) {
			t.Fatalf("block %d: cpu %d event\n% x\nwant\n% x", i, rec.CPU, rec.Event, want)
		}
	}
	if recs[2].Flags != 0x10 || recs[0].Flags != 0 {
		t.Fatalf("flags %#x %#x", recs[0].Flags, recs[2].Flags)
	}
	notif := (&bb{}).u64(1_600_000_000_000_000_000).u64(42).u32(26+2+5).u16(evNotificationE).u32(1).u16(5).raw(1, 2, 3, 4, 5).b
	if !bytes.Equal(recs[3].Event, notif) {
		t.Fatalf("notification:\n% x\nwant\n% x", recs[3].Event, notif)
	}
	infra := recs[4].Event
	if binary.LittleEndian.Uint32(infra[16:]) != 26 || binary.LittleEndian.Uint32(infra[22:]) != 0 || len(infra) != 26 {
		t.Fatalf("infrastructure event: % x", infra)
	}

	// No parameter count explains these lengths.
	bad := evV1(3, []uint16{100}, 0)
	bad = bad[:len(bad)-90]
	binary.LittleEndian.PutUint32(bad[16:], uint32(len(bad)))
	_, err := drainErr(capture(rawBlock(BlockEvent, append([]byte{0, 0}, bad...))))
	if fe, ok := err.(*FormatError); !ok || !strings.Contains(fe.Msg, "cannot infer the parameter count") {
		t.Fatalf("bad old event: %v", err)
	}
}

func TestEventBlockErrors(t *testing.T) {
	good := (&bb{}).u64(1).u64(2).u32(26+4+3).u16(5).u32(2).u16(1).u16(2).raw(7, 8, 9).b
	for name, tc := range map[string]struct {
		blk  []byte
		want string
	}{
		"short body":    {rawBlock(BlockEventV2, []byte{0, 0, 1, 2, 3}), "too short for its"},
		"len too small": {rawBlock(BlockEventV2, append([]byte{0, 0}, patch32(good, 16, 20)...)), "shorter than the 26-byte header"},
		"len too big":   {rawBlock(BlockEventV2, append([]byte{0, 0}, patch32(good, 16, 99)...)), "exceeds the"},
		"nparams":       {rawBlock(BlockEventV2, append([]byte{0, 0}, patch32(good, 22, 5)...)), "truncated parameter lengths"},
		"trailer":       {patch32(rawBlock(BlockEventV2, append([]byte{0, 0}, good...)), 44, 12), "trailer length"},
	} {
		data := capture(tc.blk)
		_, err := drainErr(data)
		fe, ok := err.(*FormatError)
		if !ok || !strings.Contains(fe.Msg, tc.want) || fe.BlockType != BlockEventV2 || fe.Offset < 28 {
			t.Fatalf("%s: got %v, want %q", name, err, tc.want)
		}
	}
	recs, _ := readRecords(t, capture(rawBlock(BlockEventFV2Large, append([]byte{9, 0, 1, 0, 0, 0}, good...))))
	if len(recs) != 1 || !recs[0].Large || recs[0].Flags != 1 || recs[0].CPU != 9 || !bytes.Equal(recs[0].Event, good) {
		t.Fatalf("large block: %+v", recs)
	}
}

func patch32(b []byte, at int, v uint32) []byte {
	b = bytes.Clone(b)
	binary.LittleEndian.PutUint32(b[at:], v)
	return b
}

func TestUnknownBlocksWarnOnce(t *testing.T) {
	ev := (&bb{}).u16(0).u64(1).u64(2).u32(26).u16(5).u32(0).b
	data := capture(
		rawBlock(0x999, []byte{1, 2, 3}),
		rawBlock(BlockEventV2, ev),
		rawBlock(0x999, nil),
		rawBlock(0x998, []byte{1}),
		rawBlock(0x999, []byte{1, 2, 3, 4, 5, 6}),
		rawBlock(BlockEventV2, ev),
	)
	recs, r := readRecords(t, data)
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	w := r.Warnings()
	if len(w) != 2 || !strings.Contains(w[0], "0x999") || !strings.Contains(w[1], "0x998") {
		t.Fatalf("warnings: %q", w)
	}
}

func TestSectionAndMachine(t *testing.T) {
	mi := (&bb{}).u32(8).u64(16 << 30).u64(3000).raw(append([]byte("host-1"), make([]byte, 122)...)...).
		u64(1_700_000_000_000_000_000).u64(1).u64(0).u64(0).b
	// A second section (concatenated captures) with options after the fixed part.
	sec2 := rawBlock(BlockSection, (&bb{}).u32(0x1A2B3C4D).u16(1).u16(2).u64(^uint64(0)).u32(0xabcdef).b)
	recs, r := readRecords(t, capture(rawBlock(BlockMachineInt, mi), sec2))
	if h := r.Header(); h.Major != 1 || h.Minor != 0 || h.SectionLength != ^uint64(0) {
		t.Fatalf("header %+v", h)
	}
	wantM := MachineInfo{NumCPUs: 8, MemoryBytes: 16 << 30, MaxCPUFrequency: 3000, Hostname: "host-1", BootTsEpoch: 1_700_000_000_000_000_000, Flags: 1}
	if len(recs) != 2 || recs[0].Kind != KindMachine || *recs[0].Machine != wantM {
		t.Fatalf("machine: %+v", recs)
	}
	if recs[1].Kind != KindSection || recs[1].Section.Minor != 2 {
		t.Fatalf("section: %+v", recs[1])
	}

	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"big endian": {rawBlock(BlockSection, (&bb{}).u32(0x4D3C2B1A).u16(1).u16(0).u64(0).b), "big-endian"},
		"magic":      {rawBlock(BlockSection, (&bb{}).u32(0x12345678).u16(1).u16(0).u64(0).b), "bad byte-order magic"},
		"version":    {rawBlock(BlockSection, (&bb{}).u32(0x1A2B3C4D).u16(2).u16(0).u64(0).b), "unsupported format version 2.0"},
		"not scap":   {rawBlock(BlockMachine, mi), "not a scap capture"},
	} {
		_, err := NewReader(bytes.NewReader(tc.data), "h.scap")
		if fe, ok := err.(*FormatError); !ok || !strings.Contains(fe.Msg, tc.want) {
			t.Fatalf("%s: %v", name, err)
		}
	}
}

func TestFormatErrorText(t *testing.T) {
	e := &FormatError{File: "capture.scap", Offset: 1234, BlockType: BlockEventV2, Msg: "truncated parameter lengths"}
	if got, want := e.Error(), "capture.scap: offset 1234: block 0x216 (event v2): truncated parameter lengths"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
	e = &FormatError{File: "c.scap", Offset: 8, Msg: "truncated block header", Err: io.ErrUnexpectedEOF}
	if got, want := e.Error(), "c.scap: offset 8: block header: truncated block header: unexpected EOF"; got != want {
		t.Fatalf("got %q want %q", got, want)
	}
}
