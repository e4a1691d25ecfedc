package pipeline

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/condition"
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
	f, err := fields.CompileFormat(fields.DefaultFormat + " %" + strings.Join(diffFields, " %"))
	if err != nil {
		b.Fatal(err)
	}
	line := make([]byte, 0, 64<<10)
	benchBusybox(b, func(c *fields.Ctx) {
		if !c.Hidden() {
			line, _ = f.Append(line[:0], c)
		}
	})
}

// benchBusybox replays busybox_workload from memory through a pipeline, one
// event per op, calling fn on each event; the pipeline starts afresh (off
// the clock) each time the capture runs out. It reports events/s and
// returns how many events the capture holds.
func benchBusybox(b *testing.B, fn func(c *fields.Ctx)) int {
	mc := loadMem(b, filepath.Join(sharedDir(b), "captures", "busybox_workload.scap.gz"))
	if len(mc.events) == 0 {
		b.Skip("empty capture")
	}
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
		fn(c)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
	return len(mc.events)
}

// TestFormatDoesNotAllocate checks that rendering every compared field
// allocates nothing, on a sample of the events of each shared capture.
func TestFormatDoesNotAllocate(t *testing.T) {
	caps, _ := filepath.Glob(filepath.Join(sharedDir(t), "captures", "*.scap*"))
	if len(caps) == 0 {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("shared captures are required")
		}
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

// ruleFields are the fields Falco rules read most: what "decode + state +
// fields" means in make bench.
var ruleFields = []string{"evt.type", "evt.dir", "proc.name", "proc.pname", "proc.cmdline", "fd.name", "user.name", "container.id", "evt.rawres"}

// BenchmarkDecodeStateFields times the per-event path without output
// formatting: decode, state update, and extraction of the fields rules use
// most, one event per op, over busybox_workload replayed from memory.
func BenchmarkDecodeStateFields(b *testing.B) {
	xs := make([]*fields.Extractor, len(ruleFields))
	for i, name := range ruleFields {
		x, err := fields.Compile(name)
		if err != nil {
			b.Fatal(err)
		}
		xs[i] = x
	}
	var v fields.Value
	benchBusybox(b, func(c *fields.Ctx) {
		for _, x := range xs {
			x.Extract(c, &v)
		}
	})
}

// benchFilter is the filter make bench gives sysdig -r; BenchmarkDecodeStateFilter
// evaluates the same condition, so the two sides do equivalent work.
const benchFilter = "evt.type=openat and fd.name contains /etc"

// BenchmarkDecodeStateFilter times decode, state update and evaluation of
// benchFilter (compiled by the rule compiler), one event per op.
func BenchmarkDecodeStateFilter(b *testing.B) {
	expr, err := condition.Parse(benchFilter)
	if err != nil {
		b.Fatal(err)
	}
	flt, err := compile.Compile(expr)
	if err != nil {
		b.Fatal(err)
	}
	matched := 0
	events := benchBusybox(b, func(c *fields.Ctx) {
		if flt.Match(c) {
			matched++
		}
	})
	if b.N >= events && matched == 0 {
		b.Fatal("the filter matched nothing: the benchmark would not measure field extraction")
	}
}
