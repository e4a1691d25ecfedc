package output

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }

// syncBuffer is a bytes.Buffer safe for the stdout worker and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// stuckChannel blocks every Send until release is closed or ctx ends.
type stuckChannel struct {
	release chan struct{}
	entered chan struct{}
	mu      sync.Mutex
	lines   []string
}

func newStuck() *stuckChannel {
	return &stuckChannel{release: make(chan struct{}), entered: make(chan struct{}, 1000)}
}

func (s *stuckChannel) Send(ctx context.Context, _ *Alert, line []byte) error {
	s.entered <- struct{}{}
	select {
	case <-s.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	s.lines = append(s.lines, string(line))
	s.mu.Unlock()
	return nil
}

func (s *stuckChannel) Close() error { return nil }

func statsOf(t *testing.T, m *Manager, name string) ChannelStats {
	t.Helper()
	for _, c := range m.Stats().Channels {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no channel %s", name)
	return ChannelStats{}
}

func TestManagerFanOutNonBlocking(t *testing.T) {
	dir := t.TempDir()
	var out syncBuffer
	cfg := DefaultConfig()
	cfg.JSONOutput = true
	cfg.OutputsQueue.Capacity = 10
	cfg.FileOutput = FileConfig{Enabled: true, KeepAlive: true, Filename: filepath.Join(dir, "events.txt")}
	rec := &recorder{}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	cfg.HTTPOutput.Enabled = true
	cfg.HTTPOutput.URL = srv.URL
	cfg.HTTPOutput.CAPath = ""
	m, err := NewManager(cfg, Options{Stdout: &out, Hostname: "h1"})
	if err != nil {
		t.Fatal(err)
	}
	stuck := newStuck()
	m.Add("stuck", stuck)

	start := time.Now()
	m.Handle(sampleAlert())
	<-stuck.entered
	// The stuck channel holds one in flight and queues up to 10.
	for i := 0; i < 27; i++ {
		m.Handle(sampleAlert())
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Handle blocked on a stuck channel for %v", d)
	}
	close(stuck.release)
	if err := m.CloseWithin(10 * time.Second); err != nil {
		t.Fatal(err)
	}

	stdout := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	file := strings.Split(strings.TrimSuffix(readFile(t, cfg.FileOutput.Filename), "\n"), "\n")
	reqs := rec.requests()
	// stdout, file and http have queues of 10 and fast consumers; each got
	// what it did not drop, and every copy is the same formatted line.
	for name, got := range map[string]int{"stdout": len(stdout), "file": len(file), "http": len(reqs)} {
		s := statsOf(t, m, name)
		if uint64(got) != s.Sent || s.Sent+s.Dropped != 28 || s.Failed != 0 {
			t.Errorf("%s: wrote %d, stats %+v", name, got, s)
		}
	}
	var parsed falcoAlert
	if err := json.Unmarshal([]byte(stdout[0]), &parsed); err != nil || parsed.Hostname != "node-1" {
		t.Errorf("stdout line is not the JSON alert: %q %v", stdout[0], err)
	}
	if file[0] != stdout[0] || string(reqs[0].body) != stdout[0] {
		t.Error("channels received different lines for the same alert")
	}
	s := statsOf(t, m, "stuck")
	if s.Sent != 11 || s.Dropped != 17 {
		t.Errorf("stuck channel stats %+v, want 11 sent (1 in flight + 10 queued), 17 dropped", s)
	}
}

func TestManagerPriorityRateLimitAndSummary(t *testing.T) {
	var out syncBuffer
	clk := &fakeClock{t: ts}
	cfg := DefaultConfig()
	cfg.Priority = "warning"
	cfg.Outputs = RateConfig{Rate: 1, MaxBurst: 2}
	m, err := NewManager(cfg, Options{Stdout: &out, Now: clk.now, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	notice := sampleAlert()
	notice.Priority = PriorityNotice
	m.Handle(notice)
	for i := 0; i < 4; i++ {
		m.Handle(sampleAlert())
	}
	clk.advance(time.Second)
	m.Handle(sampleAlert())
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Count(out.String(), "\n")
	st := m.Stats()
	if lines != 3 || st.RateLimited != 2 || st.Ignored != 1 {
		t.Errorf("%d lines, stats %+v; want 3 lines, 2 rate limited, 1 ignored", lines, st)
	}
	if !strings.HasPrefix(out.String(), "18:38:03.123456789: Warning Sensitive file") {
		t.Errorf("text line %q", out.String())
	}
	// The summary counts detections before throttling, like Falco's.
	if m.Summary().Total() != 5 || m.Summary().ByPriority(PriorityNotice) != 0 {
		t.Errorf("summary: %s", m.Summary())
	}
	m.Handle(sampleAlert())
	if m.Stats().Late != 1 {
		t.Error("alert after Close not counted as late")
	}
	if err := m.Close(); err != nil {
		t.Error("second Close failed")
	}
}

func TestManagerCloseFlushesBufferedAndReopens(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "events.txt")
	cfg := DefaultConfig()
	cfg.StdoutOutput.Enabled = false
	cfg.BufferedOutputs = true
	cfg.FileOutput = FileConfig{Enabled: true, KeepAlive: true, Filename: p}
	cfg.ProgramOutput = ProgramConfig{Enabled: true, KeepAlive: true, Program: "cat > " + filepath.Join(dir, "prog.txt")}
	m, err := NewManager(cfg, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 100; i++ {
		m.Handle(sampleAlert())
	}
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{p, filepath.Join(dir, "prog.txt")} {
		if n := strings.Count(readFile(t, f), "\n"); n != 100 {
			t.Errorf("%s: %d lines after Close, want 100", f, n)
		}
	}
}

func TestManagerCloseDeadlineDropsTheRest(t *testing.T) {
	cfg := DefaultConfig()
	cfg.StdoutOutput.Enabled = false
	cfg.OutputTimeout = 100
	m, err := NewManager(cfg, Options{Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	stuck := newStuck()
	m.Add("stuck", stuck)
	for i := 0; i < 5; i++ {
		m.Handle(sampleAlert())
	}
	start := time.Now()
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Close took %v with output_timeout 100ms", d)
	}
	s := statsOf(t, m, "stuck")
	if s.Sent != 0 || s.Failed+s.Dropped != 5 {
		t.Errorf("stats %+v: every alert must be accounted for", s)
	}
}
