package scap

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/event"
)

// portableCapture writes the minimal trigger found in a VM capture: a
// process with fd 3 open on /etc/hosts, which calls rseq (a generic event
// with syscall code 380, past sysdig 0.29's table) and dup3(3, 5), then
// closes fd 5. Each event goes through Portable when port is set.
func portableCapture(t *testing.T, port bool) string {
	t.Helper()
	const tid = 4242
	ts := uint64(1_700_000_000_000_000_000)
	var raws [][]byte
	add := func(typ event.Type, params ...[]byte) {
		ts += 1000
		raw, err := event.Build(nil, typ, ts, tid, params...)
		if err != nil {
			t.Fatal(err)
		}
		raws = append(raws, raw)
	}
	add(event.GenericE, event.EncUint16(380), event.EncUint16(334))
	add(event.GenericX, event.EncUint16(380), event.EncUint16(334))
	add(event.SyscallDup3E, event.EncInt64(3))
	add(event.SyscallDup3X, event.EncInt64(5), event.EncInt64(3), event.EncInt64(5), event.EncUint32(0))
	add(event.SyscallCloseE, event.EncInt64(5))
	add(event.SyscallCloseX, event.EncInt64(0))

	path := filepath.Join(t.TempDir(), "portable.scap")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := NewWriter(f)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(w.WriteMachine(MachineInfo{NumCPUs: 1, Hostname: "portable"}))
	must(w.WriteProcesses([]Process{{
		Tid: tid, Pid: tid, Ptid: 1, Comm: "dupper", Exe: "dupper", ExePath: "/usr/bin/dupper",
		Args: []string{"x"}, Cwd: "/", FDLimit: 1024, Vtid: tid, Vpid: tid, Root: "/",
	}}))
	must(w.WriteFDList(FDList{Tid: tid, FDs: []FD{{Num: 3, Type: FDFile, Ino: 77, Name: "/etc/hosts"}}}))
	var p Portable
	for _, raw := range raws {
		if port {
			raw, err = p.Event(raw)
			must(err)
		}
		must(w.WriteEvent(0, 0, raw))
	}
	must(w.Close())
	return path
}

// TestPortableSysdig: sysdig 0.29 crashed (SIGSEGV on evt.type) reading
// captures with rseq in them, and skipped dup3, losing the new fd. After
// Portable it must read every event and follow fd 5 to /etc/hosts.
func TestPortableSysdig(t *testing.T) {
	bin := sysdigPath(t)
	// The trigger must still be one: unconverted, sysdig 0.29 fails on it.
	cmd := exec.Command(bin, "-r", portableCapture(t, false))
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("sysdig read the unconverted capture; the regression test no longer covers the crash:\n%s", out)
	}
	path := portableCapture(t, true)
	out := runSysdig(t, bin, path, 0, "-p", "*%evt.num %evt.dir %evt.type %fd.num %fd.name")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) != 6 {
		t.Fatalf("sysdig printed %d events, want 6:\n%s", len(lines), out)
	}
	want := map[int]string{
		0: "1 > <unknown> <NA> <NA>",
		2: "3 > dup 3 /etc/hosts",
		4: "5 > close 5 /etc/hosts",
	}
	for i, w := range want {
		if strings.TrimSpace(lines[i]) != w {
			t.Errorf("sysdig line %d: %q, want %q", i+1, lines[i], w)
		}
	}
}

// TestPortableEvent checks each rewrite against the raw event and that
// events sysdig 0.29 reads as they are come back untouched.
func TestPortableEvent(t *testing.T) {
	var p Portable
	build := func(typ event.Type, params ...[]byte) []byte {
		raw, err := event.Build(nil, typ, 5, 6, params...)
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	for _, raw := range [][]byte{
		build(event.GenericE, event.EncUint16(296), event.EncUint16(158)),
		build(event.SyscallCloseE, event.EncInt64(3)),
		build(event.Type(404)), // memfd_create: 0.29 skips it unharmed
	} {
		got, err := p.Event(raw)
		if err != nil || !bytes.Equal(got, raw) || &got[0] != &raw[0] {
			t.Errorf("type %d rewritten (%v): % x", binary16(raw[20:]), err, got)
		}
	}
	cases := []struct {
		in      []byte
		typ     event.Type
		nparams int
		first   uint64
	}{
		{build(event.GenericX, event.EncUint16(380), event.EncUint16(334)), event.GenericX, 2, 0},
		{build(event.GenericE, event.EncUint16(329), event.EncUint16(1)), event.GenericE, 2, 0},
		{build(event.SyscallDup2X, event.EncInt64(1), event.EncInt64(3), event.EncInt64(1)), event.SyscallDupX, 1, 1},
		{build(event.SyscallDup1E, event.EncInt64(7)), event.SyscallDupE, 1, 7},
		{build(event.SocketAccept46E, event.EncInt32(0x800)), event.SocketAccept45E, 1, 0x800},
	}
	for _, c := range cases {
		got, err := p.Event(c.in)
		if err != nil {
			t.Fatal(err)
		}
		var ev event.Event
		if err := ev.Decode(got); err != nil {
			t.Fatalf("rewritten type %d does not decode: %v", c.typ, err)
		}
		first, _ := ev.Uint(0)
		if ev.Type() != c.typ || ev.NumParams() != c.nparams || first != c.first || ev.Ts() != 5 || ev.Tid() != 6 {
			t.Errorf("type %d: got type %d nparams %d first %d ts %d tid %d", binary16(c.in[20:]), ev.Type(), ev.NumParams(), first, ev.Ts(), ev.Tid())
		}
	}
	if _, err := p.Event([]byte{1, 2, 3}); err == nil {
		t.Error("a truncated event gave no error")
	}
}

func binary16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
