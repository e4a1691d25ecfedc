package event_test

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/scap"
)

// FuzzDecode feeds arbitrary bytes to the event decoder and then reads every
// parameter through every accessor: nothing may panic, and a successful
// decode must describe a buffer that really holds the parameters.
func FuzzDecode(f *testing.F) {
	for _, raw := range seedEvents(f, 200) {
		f.Add(raw)
	}
	f.Add([]byte{})
	f.Add(make([]byte, event.HeaderLen))
	f.Fuzz(func(t *testing.T, raw []byte) {
		var ev event.Event
		if err := ev.Decode(raw); err != nil {
			if !errors.Is(err, event.ErrCorrupt) {
				t.Fatalf("decode error does not wrap ErrCorrupt: %v", err)
			}
			return
		}
		total := 0
		for i := 0; i < ev.NumParams(); i++ {
			p := ev.Param(i)
			total += len(p)
			ev.Int(i)
			ev.Uint(i)
			ev.Str(i)
		}
		if total > len(ev.Raw()) {
			t.Fatalf("parameters (%d bytes) exceed the event (%d bytes)", total, len(ev.Raw()))
		}
		if ev.Param(-1) != nil || ev.Param(ev.NumParams()) != nil {
			t.Fatal("out-of-range parameter returned data")
		}
		_ = ev.Info()
		_ = ev.ParamIndex("fd")
	})
}

// seedEvents copies up to n raw events from each small shared capture.
func seedEvents(tb testing.TB, n int) [][]byte {
	dir := os.Getenv("SAKER_SHARED")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared")
	}
	caps, _ := filepath.Glob(filepath.Join(dir, "captures", "*.scap"))
	var out [][]byte
	for _, c := range caps {
		r, err := scap.Open(c)
		if err != nil {
			continue
		}
		for k := 0; k < n; {
			rec, err := r.Next()
			if errors.Is(err, io.EOF) || err != nil {
				break
			}
			if rec.Kind == scap.KindEvent {
				out = append(out, append([]byte(nil), rec.Event...))
				k++
			}
		}
		r.Close()
	}
	return out
}

// TestDecodeRejectsOverruns checks the length checks on hand-broken events
// taken from a real capture.
func TestDecodeRejectsOverruns(t *testing.T) {
	seeds := seedEvents(t, 50)
	if len(seeds) == 0 {
		t.Fatal("no seed events: shared captures missing")
	}
	var ev event.Event
	for _, raw := range seeds {
		if err := ev.Decode(raw); err != nil {
			t.Fatalf("real event does not decode: %v", err)
		}
		// Every truncation must be caught, never read past the buffer.
		for cut := 0; cut < len(raw); cut++ {
			if err := ev.Decode(raw[:cut]); err == nil {
				t.Fatalf("decode accepted an event cut to %d of %d bytes", cut, len(raw))
			}
		}
	}
}
