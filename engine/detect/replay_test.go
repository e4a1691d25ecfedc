package detect

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/pipeline"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/ruleset"
	"github.com/sakerhq/saker/engine/state"
	"github.com/sakerhq/saker/rules"
)

func requireSysdig(t testing.TB) string {
	p, err := exec.LookPath("sysdig")
	if err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("sysdig not installed")
		}
		t.Skip("sysdig not installed")
	}
	return p
}

func capture(t testing.TB, name string) string {
	p := filepath.Join(sharedDir(), "captures", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// e2eRules pair a condition with an output that sysdig 0.29 can render
// for the same events (-p with '*' prints <NA> for missing fields).
var e2eRules = []struct {
	name, cond, output, priority string
}{
	{"etc reads", "evt.type in (open, openat) and evt.dir = < and fd.num >= 0 and fd.name startswith /etc/",
		"file=%fd.name proc=%proc.name cmd=%proc.cmdline pod=%k8s.pod.name parent=%proc.pname", "WARNING"},
	{"failed calls", "evt.failed = true and evt.type != close",
		"res=%evt.res type=%evt.type cmd=%proc.cmdline user=%user.name", "NOTICE"},
	{"execs under init", "evt.type = execve and evt.dir = < and proc.aname = init",
		"exe=%proc.exe args=%proc.args gparent=%proc.aname[2] pid=%proc.pid", "INFO"},
}

func e2eYAML() string {
	var b strings.Builder
	for _, r := range e2eRules {
		b.WriteString("- rule: " + r.name + "\n  desc: d\n  condition: " + r.cond +
			"\n  output: \"" + r.output + "\"\n  priority: " + r.priority + "\n  tags: [t]\n")
	}
	return b.String()
}

// The engine's alerts on a real capture are the events and the rendered
// lines sysdig prints for the same filter and format.
func TestAlertsAgainstSysdig(t *testing.T) {
	sysdig := requireSysdig(t)
	path := capture(t, "busybox_workload.scap.gz")
	e, err := New(loadYAML(t, e2eYAML()), Options{Hostname: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	var events uint64
	var first *Alert
	err = pipeline.Replay(path, state.Options{}, func(c *fields.Ctx) error {
		events++
		e.Process(c, func(a *Alert) {
			got[a.Rule] = append(got[a.Rule], a.Output)
			if first == nil {
				first = a
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range e2eRules {
		cmd := exec.Command(sysdig, "-r", path, "-p", "*"+r.output, r.cond)
		cmd.Env = append(os.Environ(), "TZ=UTC")
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("sysdig: %v", err)
		}
		var want []string
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			want = append(want, sc.Text())
		}
		if len(want) == 0 {
			t.Errorf("%s: sysdig prints nothing; pick a rule that matches", r.name)
		}
		compareLines(t, r.name, want, got[r.name])
	}
	st := e.Stats()
	if st.Events != events {
		t.Errorf("stats: %d events, replay saw %d", st.Events, events)
	}
	for _, r := range e2eRules {
		if st.ByRule[r.name] != uint64(len(got[r.name])) {
			t.Errorf("stats: %s has %d alerts, emitted %d", r.name, st.ByRule[r.name], len(got[r.name]))
		}
	}
	if st.ByPriority["Warning"] != uint64(len(got["etc reads"])) {
		t.Errorf("stats by priority %v", st.ByPriority)
	}
	if st.Evaluated == 0 || st.Evaluated >= 3*st.Events {
		t.Errorf("stats: %d evaluations for %d events; the type index should skip most", st.Evaluated, st.Events)
	}
	if first == nil {
		t.Fatal("no alert")
	}
	if first.Hostname != "h1" || first.Source != "syscall" || len(first.Tags) != 1 || first.Time.Before(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("alert %+v", first)
	}
	if first.Rule == "etc reads" && first.OutputFields["k8s.pod.name"] != "<NA>" {
		t.Errorf("output fields %v", first.OutputFields)
	}
}

func compareLines(t *testing.T, name string, want, got []string) {
	t.Helper()
	sort.Strings(want)
	sort.Strings(got)
	if len(want) != len(got) {
		t.Errorf("%s: sysdig prints %d lines, we alert %d times", name, len(want), len(got))
	}
	for i := 0; i < len(want) && i < len(got); i++ {
		if want[i] != got[i] {
			t.Errorf("%s: first difference:\nsysdig: %s\nsaker:  %s", name, want[i], got[i])
			return
		}
	}
}

// Evaluating the upstream rules allocates nothing: sampled events are
// matched again against every rule, with the scratch buffer reset.
func TestProcessDoesNotAllocate(t *testing.T) {
	rules := upstreamRules(t)
	for _, r := range rules {
		r.Enabled = true
	}
	e, err := New(rules, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n, sampled := 0, 0
	err = pipeline.Replay(capture(t, "busybox_workload.scap.gz"), state.Options{}, func(c *fields.Ctx) error {
		n++
		if n%499 != 0 {
			return nil
		}
		sampled++
		if a := testing.AllocsPerRun(2, func() { c.Reset(); e.Process(c, nil) }); a != 0 {
			t.Errorf("event %d (%s): %v allocations", c.Num, fields.TypeName(c.Ev), a)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if sampled < 100 {
		t.Errorf("only %d events sampled", sampled)
	}
}

// BenchmarkUpstreamRules replays busybox_workload through the pipeline
// with Falco's upstream rules (as shipped) and reports events/s and the
// allocations per event of the whole path; BenchmarkReplay is the same
// without rules, the baseline.
func BenchmarkUpstreamRules(b *testing.B) {
	e, err := New(upstreamRules(b), Options{NoOutputFields: true})
	if err != nil {
		b.Fatal(err)
	}
	benchReplay(b, func(c *fields.Ctx) { e.Process(c, func(*Alert) {}) })
}

// BenchmarkDefaultRules is BenchmarkUpstreamRules with our default rules.
func BenchmarkDefaultRules(b *testing.B) {
	l := ruleset.NewLoader(ruleset.WithFieldChecker(compile.Checker{}))
	if err := l.LoadBytes(rules.DefaultName, rules.Default); err != nil {
		b.Fatal(err)
	}
	set, _, err := l.Finish()
	if err != nil {
		b.Fatal(err)
	}
	e, err := New(set.Rules, Options{NoOutputFields: true})
	if err != nil {
		b.Fatal(err)
	}
	benchReplay(b, func(c *fields.Ctx) { e.Process(c, func(*Alert) {}) })
}

func BenchmarkReplay(b *testing.B) {
	benchReplay(b, func(*fields.Ctx) {})
}

// benchReplay replays an uncompressed copy of busybox_workload, the same
// file make bench hands to sysdig, so that neither side pays for gzip.
func benchReplay(b *testing.B, fn func(*fields.Ctx)) {
	path := uncompressed(b, capture(b, "busybox_workload.scap.gz"))
	var events uint64
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		err := pipeline.Replay(path, state.Options{}, func(c *fields.Ctx) error {
			events++
			fn(c)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(events), "allocs/event")
}

func uncompressed(b *testing.B, path string) string {
	in, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	zr, err := gzip.NewReader(in)
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "capture.scap")
	f, err := os.Create(out)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(f, zr); err != nil {
		b.Fatal(err)
	}
	if err := f.Close(); err != nil {
		b.Fatal(err)
	}
	return out
}
