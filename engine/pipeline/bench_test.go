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
	mc := loadMem(b, filepath.Join(sharedDir(b), "captures", "busybox_workload.scap.gz"))
	if len(mc.events) == 0 {
		b.Skip("empty capture")
	}
	xs := make([]*fields.Extractor, len(ruleFields))
	for i, name := range ruleFields {
		x, err := fields.Compile(name)
		if err != nil {
			b.Fatal(err)
		}
		xs[i] = x
	}
	var v fields.Value
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
		for _, x := range xs {
			x.Extract(c, &v)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

// benchFilter is the filter make bench gives sysdig -r; BenchmarkDecodeStateFilter
// evaluates the same condition, so the two sides do equivalent work.
const benchFilter = "evt.type=openat and fd.name contains /etc"

// BenchmarkDecodeStateFilter times decode, state update and evaluation of
// benchFilter (compiled by the rule compiler), one event per op.
func BenchmarkDecodeStateFilter(b *testing.B) {
	mc := loadMem(b, filepath.Join(sharedDir(b), "captures", "busybox_workload.scap.gz"))
	if len(mc.events) == 0 {
		b.Skip("empty capture")
	}
	expr, err := condition.Parse(benchFilter)
	if err != nil {
		b.Fatal(err)
	}
	flt, err := compile.Compile(expr)
	if err != nil {
		b.Fatal(err)
	}
	p := mc.pipeline()
	i, matched := 0, 0
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
		if flt.Match(c) {
			matched++
		}
	}
	if b.N >= len(mc.events) && matched == 0 {
		b.Fatal("the filter matched nothing: the benchmark would not measure field extraction")
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
