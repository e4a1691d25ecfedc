package event_test

import (
	"bytes"
	"errors"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/scap"
)

// sample returns plausible bytes for a parameter of the given description,
// and the value the typed accessors should read back from them (nil when
// there is no single number or string to compare).
func sample(t *testing.T, p *event.ParamInfo, big bool) ([]byte, any) {
	t.Helper()
	switch p.Type {
	case event.PTInt8:
		return event.EncInt8(-3), int64(-3)
	case event.PTInt16:
		return event.EncInt16(-300), int64(-300)
	case event.PTInt32:
		return event.EncInt32(-70000), int64(-70000)
	case event.PTInt64, event.PTErrno, event.PTFD, event.PTPid:
		return event.EncInt64(-2), int64(-2)
	case event.PTUint8, event.PTFlags8, event.PTEnumFlags8, event.PTSigType, event.PTL4Proto, event.PTSockFamily:
		return event.EncUint8(200), uint64(200)
	case event.PTUint16, event.PTFlags16, event.PTEnumFlags16, event.PTPort, event.PTSyscallID:
		return event.EncUint16(60000), uint64(60000)
	case event.PTUint32, event.PTFlags32, event.PTEnumFlags32, event.PTMode, event.PTUID, event.PTGID, event.PTSigSet:
		return event.EncUint32(0xdeadbeef), uint64(0xdeadbeef)
	case event.PTUint64, event.PTRelTime, event.PTAbsTime:
		return event.EncUint64(1 << 40), uint64(1 << 40)
	case event.PTBool:
		return event.EncBool(true), uint64(1)
	case event.PTDouble:
		return event.EncDouble(1.5), nil
	case event.PTCharbuf, event.PTFSPath, event.PTFSRelPath:
		return event.EncString("/etc/" + p.Name), "/etc/" + p.Name
	case event.PTBytebuf:
		if big {
			// Past what a u16 length can hold: exercises the u32 lengths.
			return bytes.Repeat([]byte{'j'}, 70000), nil
		}
		return event.EncStrings("a", "b c"), nil
	case event.PTCharbufArray:
		return event.EncStrings("x", "y"), nil
	case event.PTCharbufPairArray:
		return event.EncPairs([2]string{"k", "v"}), nil
	case event.PTSockaddr:
		return event.EncSockaddr(netip.MustParseAddrPort("10.1.2.3:443")), nil
	case event.PTSocktuple:
		return event.EncTuple(netip.MustParseAddrPort("10.0.0.1:40000"), netip.MustParseAddrPort("10.0.0.2:80")), nil
	case event.PTFDList:
		return event.EncFDList(event.PolledFD{FD: 3, Flags: 1}, event.PolledFD{FD: 4, Flags: 4}), nil
	case event.PTIPv4Addr:
		a := netip.MustParseAddr("192.168.0.1").As4()
		return a[:], nil
	case event.PTIPv6Addr, event.PTIPAddr:
		a := netip.MustParseAddr("fe80::1").As16()
		return a[:], nil
	case event.PTIPv4Net:
		a := netip.MustParseAddr("192.168.0.0").As4()
		return append(a[:], 24), nil
	case event.PTIPv6Net, event.PTIPNet:
		a := netip.MustParseAddr("fe80::").As16()
		return append(a[:], 64), nil
	case event.PTDyn:
		alt := &p.Dyn[len(p.Dyn)-1]
		v, _ := sample(t, alt, false)
		return event.EncDyn(uint8(len(p.Dyn)-1), v), nil
	}
	t.Fatalf("parameter %q: no sample for type %d", p.Name, p.Type)
	return nil, nil
}

func TestBuildDecodeEveryRow(t *testing.T) {
	rows := 0
	for i := range event.Table {
		info := &event.Table[i]
		if info.Name == "" {
			continue
		}
		typ := event.Type(i)
		big := info.Flags&event.FlagLargePayload != 0
		params := make([][]byte, len(info.Params))
		want := make([]any, len(info.Params))
		for j := range info.Params {
			params[j], want[j] = sample(t, &info.Params[j], big)
		}
		ts, tid := uint64(1700000000123456789)+uint64(i), int64(4000+i)
		raw, err := event.Build([]byte("prefix"), typ, ts, tid, params...)
		if err != nil {
			t.Fatalf("%s (%d): %v", info.Name, i, err)
		}
		if string(raw[:6]) != "prefix" {
			t.Fatalf("%s (%d): Build did not append to dst", info.Name, i)
		}
		var ev event.Event
		if err := ev.Decode(raw[6:]); err != nil {
			t.Fatalf("%s (%d): decode: %v", info.Name, i, err)
		}
		if ev.Type() != typ || ev.Ts() != ts || ev.Tid() != tid || ev.NumParams() != len(params) {
			t.Fatalf("%s (%d): header read back as type %d ts %d tid %d nparams %d", info.Name, i, ev.Type(), ev.Ts(), ev.Tid(), ev.NumParams())
		}
		if len(ev.Raw()) != len(raw)-6 {
			t.Fatalf("%s (%d): event length %d, built %d bytes", info.Name, i, len(ev.Raw()), len(raw)-6)
		}
		for j := range params {
			name := info.Params[j].Name
			if !bytes.Equal(ev.Param(j), params[j]) {
				t.Fatalf("%s (%d): parameter %s read back as %x, built %x", info.Name, i, name, ev.Param(j), params[j])
			}
			if idx := ev.ParamIndex(name); idx < 0 || info.Params[idx].Name != name {
				t.Errorf("%s (%d): ParamIndex(%q) = %d", info.Name, i, name, idx)
			}
			switch w := want[j].(type) {
			case int64:
				if v, ok := ev.Int(j); !ok || v != w {
					t.Errorf("%s (%d): %s: Int = %d, %v; want %d", info.Name, i, name, v, ok, w)
				}
			case uint64:
				if v, ok := ev.Uint(j); !ok || v != w {
					t.Errorf("%s (%d): %s: Uint = %d, %v; want %d", info.Name, i, name, v, ok, w)
				}
			case string:
				if v := string(ev.Str(j)); v != w {
					t.Errorf("%s (%d): %s: Str = %q; want %q", info.Name, i, name, v, w)
				}
			}
		}
		rows++
	}
	if rows < 300 {
		t.Fatalf("only %d rows exercised", rows)
	}
}

func TestBuildErrors(t *testing.T) {
	if _, err := event.Build(nil, event.SyscallOpenE, 1, 1, make([]byte, 70000)); err == nil || !strings.Contains(err.Error(), "parameter 0") {
		t.Errorf("oversized u16 parameter: err = %v", err)
	}
	if _, err := event.Build(nil, event.SyscallOpenE, 1, 1, make([][]byte, event.MaxParams+1)...); err == nil {
		t.Error("too many parameters accepted")
	}
	// Large-payload rows take the same parameter: their lengths are u32.
	if _, err := event.Build(nil, event.ContainerJson2E, 1, 1, make([]byte, 70000)); err != nil {
		t.Errorf("large-payload row: %v", err)
	}
}

func TestEncodersLayout(t *testing.T) {
	// Layouts from the driver ABI: family byte, address, host-order port.
	cases := []struct {
		name string
		got  []byte
		want []byte
	}{
		{"sockaddr v4", event.EncSockaddr(netip.MustParseAddrPort("1.2.3.4:80")), []byte{2, 1, 2, 3, 4, 80, 0}},
		{"sockaddr mapped v4", event.EncSockaddr(netip.MustParseAddrPort("[::ffff:1.2.3.4]:80")), []byte{2, 1, 2, 3, 4, 80, 0}},
		{"sockaddr unix", event.EncSockaddrUnix("/x"), []byte{1, '/', 'x', 0}},
		{"tuple v4", event.EncTuple(netip.MustParseAddrPort("1.2.3.4:258"), netip.MustParseAddrPort("5.6.7.8:443")),
			[]byte{2, 1, 2, 3, 4, 2, 1, 5, 6, 7, 8, 0xbb, 1}},
		{"fdlist", event.EncFDList(event.PolledFD{FD: 5, Flags: 0x41}), []byte{1, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0x41, 0}},
		{"strings", event.EncStrings("ls", "-l"), []byte("ls\x00-l\x00")},
		{"string", event.EncString("sh"), []byte("sh\x00")},
	}
	for _, c := range cases {
		if !bytes.Equal(c.got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if n := len(event.EncSockaddr(netip.MustParseAddrPort("[fe80::1]:22"))); n != 19 {
		t.Errorf("IPv6 sockaddr is %d bytes, want 19", n)
	}
	if n := len(event.EncTuple(netip.MustParseAddrPort("[fe80::1]:22"), netip.MustParseAddrPort("[fe80::2]:23"))); n != 37 {
		t.Errorf("IPv6 tuple is %d bytes, want 37", n)
	}
	if n := len(event.EncTupleUnix(1, 2, "/run/x.sock")); n != 1+16+12 {
		t.Errorf("unix tuple is %d bytes", n)
	}
}

// TestRebuildRealEvents takes events written by the real drivers, splits
// them into parameters and rebuilds them: Build must reproduce their bytes.
func TestRebuildRealEvents(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "captures")
	files := []string{"cat_write.scap", "connect_localhost.scap", "libs_curl_google.scap", "psp_privileged.scap", "busybox_workload.scap.gz"}
	total := 0
	for _, f := range files {
		path := filepath.Join(dir, f)
		if _, err := os.Stat(path); err != nil {
			if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
				t.Fatalf("capture missing: %v", err)
			}
			t.Skipf("capture missing: %v", err)
		}
		r, err := scap.Open(path)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		n := 0
		for n < 50000 {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if rec.Kind != scap.KindEvent {
				continue
			}
			var ev event.Event
			if err := ev.Decode(rec.Event); err != nil {
				t.Fatalf("%s offset %d: %v", f, rec.Offset, err)
			}
			params := make([][]byte, ev.NumParams())
			for i := range params {
				params[i] = ev.Param(i)
			}
			got, err := event.Build(nil, ev.Type(), ev.Ts(), ev.Tid(), params...)
			if err != nil {
				t.Fatalf("%s offset %d: %v", f, rec.Offset, err)
			}
			if !bytes.Equal(got, ev.Raw()) {
				t.Fatalf("%s offset %d: type %d rebuilt as\n%x\nwant\n%x", f, rec.Offset, ev.Type(), got, ev.Raw())
			}
			n++
		}
		r.Close()
		total += n
	}
	if total < 10000 {
		t.Fatalf("only %d events compared", total)
	}
	t.Logf("%d events rebuilt byte for byte", total)
}
