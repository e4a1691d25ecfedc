package pipeline

import (
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/scap"
	"github.com/sakerhq/saker/engine/state"
)

// memCapture is a capture read into memory, so that a benchmark times the
// per-event path and not the file reader.
type memCapture struct {
	meta   []*scap.Record
	events [][]byte
	cpus   []uint16
}

func loadMem(tb testing.TB, path string) *memCapture {
	tb.Helper()
	r, err := scap.Open(path)
	if err != nil {
		tb.Skipf("capture not available: %v", err)
	}
	defer r.Close()
	mc := &memCapture{}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return mc
		}
		if err != nil {
			tb.Fatal(err)
		}
		if rec.Kind == scap.KindEvent {
			mc.events = append(mc.events, append([]byte(nil), rec.Event...))
			mc.cpus = append(mc.cpus, rec.CPU)
			continue
		}
		cp := *rec
		mc.meta = append(mc.meta, &cp)
	}
}

func (mc *memCapture) pipeline() *Pipeline {
	p := New(state.Options{})
	for _, rec := range mc.meta {
		p.Meta(rec)
	}
	return p
}

// BenchmarkDumpBusybox times decode, state and formatting of the default
// line plus every field of the differential test, one event per op, over
// busybox_workload replayed from memory. allocs/op is the average per
// event, including what the state tracker keeps for new processes and fds.
func BenchmarkDumpBusybox(b *testing.B) {
	mc := loadMem(b, filepath.Join(sharedDir(b), "captures", "busybox_workload.scap.gz"))
	if len(mc.events) == 0 {
		b.Skip("empty capture")
	}
	f, err := fields.CompileFormat(fields.DefaultFormat + " %" + strings.Join(diffFields, " %"))
	if err != nil {
		b.Fatal(err)
	}
	line := make([]byte, 0, 64<<10)
	p := mc.pipeline()
	i := 0
	b.ReportAllocs()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if i == len(mc.events) {
			b.StopTimer()
			p, i = mc.pipeline(), 0
			b.StartTimer()
		}
		c, err := p.Event(mc.cpus[i], mc.events[i])
		if err != nil {
			b.Fatal(err)
		}
		i++
		if c.Hidden() {
			continue
		}
		line, _ = f.Append(line[:0], c)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// TestFormatDoesNotAllocate checks that rendering every compared field
// allocates nothing, on a sample of the events of each shared capture.
func TestFormatDoesNotAllocate(t *testing.T) {
	caps, _ := filepath.Glob(filepath.Join(sharedDir(t), "captures", "*.scap*"))
	if len(caps) == 0 {
		t.Skip("no shared captures")
	}
	f, err := fields.CompileFormat(fields.DefaultFormat + " %" + strings.Join(diffFields, " %"))
	if err != nil {
		t.Fatal(err)
	}
	line := make([]byte, 0, 64<<10)
	for _, path := range caps {
		if unreadable[filepath.Base(path)] {
			continue
		}
		checked := 0
		err := Replay(path, state.Options{}, func(c *fields.Ctx) error {
			if c.Num > 20000 {
				return errStopTest
			}
			if c.Num%37 != 0 || c.Hidden() {
				return nil
			}
			checked++
			allocs := testing.AllocsPerRun(3, func() {
				c.Reset()
				line, _ = f.Append(line[:0], c)
			})
			if allocs != 0 {
				t.Errorf("%s: evt.num %d (%s): formatting allocates %.0f times", filepath.Base(path), c.Num, fields.TypeName(c.Ev), allocs)
			}
			return nil
		})
		if err != nil && err != errStopTest {
			t.Fatal(err)
		}
		if checked == 0 {
			t.Logf("%s: no event sampled", filepath.Base(path))
		}
	}
}
