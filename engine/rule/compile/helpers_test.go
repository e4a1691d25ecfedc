package compile

import (
	"encoding/binary"
	"net/netip"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/condition"
	"github.com/sakerhq/saker/engine/state"
)

// rawEvent encodes one event the way the drivers and captures lay it out.
func rawEvent(t event.Type, ts uint64, tid int64, params ...[]byte) []byte {
	n := event.HeaderLen + 2*len(params)
	for _, p := range params {
		n += len(p)
	}
	b := make([]byte, event.HeaderLen, n)
	binary.LittleEndian.PutUint64(b[0:], ts)
	binary.LittleEndian.PutUint64(b[8:], uint64(tid))
	binary.LittleEndian.PutUint32(b[16:], uint32(n))
	binary.LittleEndian.PutUint16(b[20:], uint16(t))
	binary.LittleEndian.PutUint32(b[22:], uint32(len(params)))
	for _, p := range params {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(p)))
	}
	for _, p := range params {
		b = append(b, p...)
	}
	return b
}

func u64(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
func u32(v uint32) []byte { return binary.LittleEndian.AppendUint32(nil, v) }

// testCtx is a read exit (res=5, data "hello") of thread 42 on fd.
func testCtx(t *testing.T, fd *state.FD) *fields.Ctx {
	t.Helper()
	raw := rawEvent(event.SyscallReadX, 1_700_000_000_000_000_000, 42, u64(5), []byte("hello"), u64(3), u32(5))
	var ev event.Event
	if err := ev.Decode(raw); err != nil {
		t.Fatal(err)
	}
	th := &state.Thread{
		Tid: 42, Pid: 42, Ptid: 1, Comm: "bash", Exe: "/bin/bash", ExePath: "/usr/bin/bash",
		Args: []string{"-c", "echo hi"}, Env: []string{"HOME=/root", "TOKEN=aGVsbG8="},
		Cwd: "/root", Vpid: 42, Sid: 42, Vpgid: 42,
	}
	return &fields.Ctx{Ev: &ev, Num: 1, E: &state.EventCtx{Thread: th, FD: fd, FDNum: 3}}
}

func fileFD() *state.FD {
	return &state.FD{Num: 3, Type: state.FDFile, Name: "/etc/passwd"}
}

func sockFD() *state.FD {
	return &state.FD{Num: 3, Type: state.FDIPv4Sock, Name: "10.1.2.3:40000->93.184.216.34:443", L4Proto: 1,
		SIP: netip.MustParseAddr("10.1.2.3"), SPort: 40000, DIP: netip.MustParseAddr("93.184.216.34"), DPort: 443}
}

func mustCompile(t *testing.T, src string) *Filter {
	t.Helper()
	e, err := condition.Parse(src)
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	f, err := Compile(e)
	if err != nil {
		t.Fatalf("compile %q: %v", src, err)
	}
	return f
}

func compileErr(t *testing.T, src string) error {
	t.Helper()
	e, err := condition.Parse(src)
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	_, err = Compile(e)
	return err
}
