package rules

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/pipeline"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/ruleset"
	"github.com/sakerhq/saker/engine/scap"
	"github.com/sakerhq/saker/engine/state"
	"github.com/sakerhq/saker/engine/synth"
)

func sharedDir() string {
	if d := os.Getenv("SAKER_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "shared")
}

// requireFile skips (or fails, when references are required) without it.
func requireFile(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatalf("missing reference: %v", err)
		}
		t.Skipf("missing reference: %v", err)
	}
}

// loadRules loads the default rules, then the extra files in order, and
// fails on any error diagnostic.
func loadRules(t testing.TB, extra ...string) []*ruleset.Rule {
	t.Helper()
	l := ruleset.NewLoader(ruleset.WithFieldChecker(compile.Checker{}))
	if err := l.LoadBytes(DefaultName, Default); err != nil {
		t.Fatalf("load %s: %v", DefaultName, err)
	}
	for i, src := range extra {
		if err := l.LoadBytes(filepath.Join("extra", string(rune('a'+i))+".yaml"), []byte(src)); err != nil {
			t.Fatalf("load extra rules: %v", err)
		}
	}
	set, diags, err := l.Finish()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diags {
		t.Errorf("rules diagnostic: %v", d)
	}
	return set.Rules
}

func newEngine(t testing.TB, rules []*ruleset.Rule) *detect.Engine {
	t.Helper()
	e, err := detect.New(rules, detect.Options{Hostname: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// alerts runs a capture through the pipeline and the engine and returns
// the outputs of each rule that matched.
func alerts(t testing.TB, e *detect.Engine, name string, src io.Reader) map[string][]string {
	got, _ := alertsCount(t, e, name, src)
	return got
}

// alertsCount is alerts that also counts the events.
func alertsCount(t testing.TB, e *detect.Engine, name string, src io.Reader) (map[string][]string, int) {
	t.Helper()
	r, err := scap.NewReader(src, name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	p := pipeline.New(state.Options{})
	got := map[string][]string{}
	n := 0
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return got, n
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Kind != scap.KindEvent {
			p.Meta(rec)
			continue
		}
		c, err := p.Event(rec.CPU, rec.Event)
		if err != nil {
			t.Fatalf("%s: offset %d: %v", name, rec.Offset, err)
		}
		n++
		e.Process(c, func(a *detect.Alert) { got[a.Rule] = append(got[a.Rule], a.Output) })
	}
}

func runCapture(t testing.TB, e *detect.Engine, c *synth.Capture) map[string][]string {
	t.Helper()
	b, err := c.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return alerts(t, e, "synth", bytes.NewReader(b))
}
