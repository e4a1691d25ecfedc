package scap

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"net/netip"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func mkEvent(ts uint64, tid int64, typ uint16, params ...[]byte) []byte {
	n := EvHeaderLen + 2*len(params)
	for _, p := range params {
		n += len(p)
	}
	x := (&bb{}).u64(ts).i64(tid).u32(uint32(n)).u16(typ).u32(uint32(len(params)))
	for _, p := range params {
		x.u16(uint16(len(p)))
	}
	for _, p := range params {
		x.raw(p...)
	}
	return x.b
}

// blocksOf splits a capture into its raw blocks.
func blocksOf(t *testing.T, data []byte) [][]byte {
	t.Helper()
	var out [][]byte
	for len(data) > 0 {
		if len(data) < 8 {
			t.Fatalf("%d stray bytes", len(data))
		}
		n := int(binary.LittleEndian.Uint32(data[4:]))
		if n < 12 || n > len(data) {
			t.Fatalf("bad block length %d", n)
		}
		out = append(out, data[:n])
		data = data[n:]
	}
	return out
}

func TestWriterRoundTrip(t *testing.T) {
	ip := netip.MustParseAddr
	machine := MachineInfo{NumCPUs: 4, MemoryBytes: 1 << 33, MaxCPUFrequency: 2400, Hostname: "box", BootTsEpoch: 99, Flags: 2}
	ifaces := Interfaces{
		V4: []IfaceV4{{Name: "eth0", Addr: ip("192.168.1.5"), Netmask: ip("255.255.255.0"), Bcast: ip("192.168.1.255"), LinkSpeed: 1000}},
		V6: []IfaceV6{{Name: "eth0", Addr: ip("fe80::5"), Netmask: ip("ffff:ffff:ffff:ffff::"), Bcast: ip("::")}},
	}
	users := []User{{0, 0, "root", "/root", "/bin/sh"}, {1000, 1000, "bob", "/home/bob", "/bin/zsh"}}
	groups := []Group{{0, "root"}, {1000, "bob"}}
	proc := Process{
		Tid: 10, Pid: 10, Ptid: 1, Sid: 10, Vpgid: 10, Comm: "cat", Exe: "cat", ExePath: "/usr/bin/cat",
		Args: []string{"/etc/passwd", ""}, Cwd: "/tmp", FDLimit: 1024, Flags: 3, UID: 1000, GID: 1000,
		VMSize: 100, VMRSS: 50, VMSwap: 1, PFMajor: 2, PFMinor: 3, Env: []string{"A=1"}, Vtid: 10, Vpid: 10,
		Cgroups: []string{"cpu=/"}, Root: "/", LoginUID: 1000, ExeWritable: true,
		CapInheritable: 1, CapPermitted: 2, CapEffective: 3,
		// Not representable in the layout sysdig 0.29 reads; dropped.
		Tty: 34816, PidNsInitStartTs: 5, ExeIno: 9, Pgid: 10,
	}
	fds := FDList{Tid: 10, FDs: []FD{
		{Num: 0, Type: FDFileV2, Ino: 5, Flags: 1, Name: "/dev/pts/0", Dev: 0x88},
		{Num: 1, Type: FDFile, Name: "/dev/null"},
		{Num: 2, Type: FDIPv4Sock, SIP: ip("10.0.0.1"), DIP: ip("10.0.0.2"), SPort: 5, DPort: 6, L4Proto: 2},
		{Num: 3, Type: FDIPv4Server, SIP: ip("0.0.0.0"), SPort: 80, L4Proto: 2},
		{Num: 4, Type: FDIPv6Sock, SIP: ip("::1"), DIP: ip("::1"), SPort: 7, DPort: 8, L4Proto: 3},
		{Num: 5, Type: FDIPv6Server, SIP: ip("::"), SPort: 443, L4Proto: 2},
		{Num: 6, Type: FDUnixSock, UnixSource: 1, UnixDest: 2, Name: "@x"},
		{Num: 7, Type: FDMemFD, Name: "memfd:y"},
		{Num: 8, Type: FDUnknown, Name: "dropped"},
	}}
	small := mkEvent(1000, 10, 3, []byte("abc"), nil)
	flagged := mkEvent(1001, 10, 4, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	large := mkEvent(1002, 10, 5, bytes.Repeat([]byte{7}, 40000), bytes.Repeat([]byte{8}, 40000))

	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	w, err := NewWriter(zw)
	if err != nil {
		t.Fatal(err)
	}
	steps := []error{
		w.WriteMachine(machine),
		w.WriteInterfaces(ifaces),
		w.WriteUsers(users[:1]),
		w.WriteGroups(groups),
		w.WriteUsers(users[1:]),
		w.WriteProcesses([]Process{proc}),
		w.WriteFDList(fds),
		w.WriteEvent(1, 0, small),
		w.WriteEvent(2, 0x4, flagged),
		w.WriteEvent(3, 0, large),
		w.Close(),
		zw.Close(),
	}
	for i, err := range steps {
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	zr, err := gzip.NewReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	var types []uint32
	for _, b := range blocksOf(t, plain) {
		types = append(types, binary.LittleEndian.Uint32(b))
		if len(b)%4 != 0 {
			t.Fatalf("block %#x of %d bytes is not 4-aligned", types[len(types)-1], len(b))
		}
	}
	wantTypes := []uint32{BlockSection, BlockMachine, BlockIfListV2, BlockUserListV2, BlockProcV9, BlockFDListV2,
		BlockEventV2, BlockEventFV2, BlockEventV2Large}
	if !reflect.DeepEqual(types, wantTypes) {
		t.Fatalf("block types %#x, want %#x", types, wantTypes)
	}

	// Read the gzip form: compression is detected from the magic bytes.
	recs, r := readRecords(t, buf.Bytes())
	if h := r.Header(); h.Major != 1 || h.Minor != 2 {
		t.Fatalf("header %+v", h)
	}
	var gotUsers []User
	var gotGroups []Group
	var events []Record
	for _, rec := range recs {
		switch rec.Kind {
		case KindMachine:
			if *rec.Machine != machine {
				t.Errorf("machine %+v", *rec.Machine)
			}
		case KindInterfaces:
			if !reflect.DeepEqual(*rec.Ifaces, ifaces) {
				t.Errorf("interfaces %+v", *rec.Ifaces)
			}
		case KindUser:
			gotUsers = append(gotUsers, *rec.User)
		case KindGroup:
			gotGroups = append(gotGroups, *rec.Group)
		case KindProcess:
			want := proc
			want.Tty, want.PidNsInitStartTs, want.ExeIno, want.Pgid = 0, 0, 0, -1
			if !reflect.DeepEqual(*rec.Proc, want) {
				t.Errorf("process\n got %+v\nwant %+v", *rec.Proc, want)
			}
		case KindFDList:
			want := fds
			want.FDs = want.FDs[:len(want.FDs)-1]
			if !reflect.DeepEqual(*rec.FDs, want) {
				t.Errorf("fds\n got %+v\nwant %+v", *rec.FDs, want)
			}
		case KindEvent:
			events = append(events, rec)
		}
	}
	if !reflect.DeepEqual(gotUsers, users) || !reflect.DeepEqual(gotGroups, groups) {
		t.Errorf("users %+v groups %+v", gotUsers, gotGroups)
	}
	if len(events) != 3 || !bytes.Equal(events[0].Event, small) || !bytes.Equal(events[1].Event, flagged) ||
		!bytes.Equal(events[2].Event, large) {
		t.Fatalf("events differ")
	}
	if events[0].CPU != 1 || events[1].CPU != 2 || events[1].Flags != 4 || events[2].CPU != 3 || !events[2].Large {
		t.Fatalf("event block fields: %+v %+v %+v", events[0], events[1], events[2])
	}
}

// TestWriterMatchesSysdigBytes: busybox_workload was written by sysdig
// 0.29.3 itself, so copying it must reproduce every block byte for byte,
// except the process list, whose entries we extend with capabilities.
func TestWriterMatchesSysdigBytes(t *testing.T) {
	path := filepath.Join(capturesDir(t), "busybox_workload.scap.gz")
	orig := decompressed(t, path)
	r, err := NewReader(bytes.NewReader(orig), "busybox")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := Copy(r, &out, CopyOptions{MaxEvents: 20000}); err != nil {
		t.Fatal(err)
	}
	ob, cb := blocksOf(t, orig), blocksOf(t, out.Bytes())
	if len(cb) < 20000 {
		t.Fatalf("only %d blocks copied", len(cb))
	}
	procBlocks := 0
	for i, b := range cb {
		if binary.LittleEndian.Uint32(b) == BlockProcV9 {
			procBlocks++
			continue
		}
		if !bytes.Equal(b, ob[i]) {
			t.Fatalf("block %d (%#x) differs from sysdig's:\n got % x\nwant % x", i, binary.LittleEndian.Uint32(b), head(b), head(ob[i]))
		}
	}
	if procBlocks != 1 {
		t.Fatalf("%d process blocks", procBlocks)
	}
}

func head(b []byte) []byte { return b[:min(len(b), 96)] }

func TestWriterErrors(t *testing.T) {
	ev := mkEvent(1, 1, 1, []byte("x"))
	cases := map[string]func(w *Writer) error{
		"short event": func(w *Writer) error { return w.WriteEvent(0, 0, ev[:20]) },
		"length":      func(w *Writer) error { return w.WriteEvent(0, 0, append(bytes.Clone(ev), 0)) },
		"hostname":    func(w *Writer) error { return w.WriteMachine(MachineInfo{Hostname: strings.Repeat("h", 128)}) },
		"args":        func(w *Writer) error { return w.WriteProcesses([]Process{{Args: []string{strings.Repeat("a", 5000)}}}) },
		"fd type":     func(w *Writer) error { return w.WriteFDList(FDList{FDs: []FD{{Type: 99}}}) },
		"ipv6 in ipv4": func(w *Writer) error {
			return w.WriteFDList(FDList{FDs: []FD{{Type: FDIPv4Sock, SIP: netip.MustParseAddr("::2")}}})
		},
		"user name":      func(w *Writer) error { return w.WriteUsers([]User{{Name: strings.Repeat("u", 300)}}) },
		"after close":    func(w *Writer) error { w.Close(); return w.WriteEvent(0, 0, ev) },
		"memory too big": func(w *Writer) error { return w.WriteProcesses([]Process{{VMSize: 1 << 40}}) },
	}
	for name, f := range cases {
		w, err := NewWriter(io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if err := f(w); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestWriteEventNoAllocs(t *testing.T) {
	w, err := NewWriter(io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	ev := mkEvent(1, 1, 1, []byte("hello"), []byte{1, 2})
	if n := testing.AllocsPerRun(1000, func() {
		if err := w.WriteEvent(1, 0, ev); err != nil {
			t.Fatal(err)
		}
	}); n != 0 {
		t.Fatalf("WriteEvent allocates %.1f times per call", n)
	}
}
