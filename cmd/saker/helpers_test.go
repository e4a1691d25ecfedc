package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	// Actions that execute a copy of the running program (eventgen's
	// fileless execution) run this test binary: be saker then.
	if len(os.Args) > 1 && os.Args[1] == "eventgen" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	// A config installed on the machine must not change what tests see.
	defaultConfigPath = filepath.Join(os.TempDir(), "saker-test-no-such-config.yaml")
	// Alert times print in the local zone; sysdig is run with TZ=UTC.
	time.Local = time.UTC
	os.Exit(m.Run())
}

// sharedDir is shared/ beside the repository: $SAKER_SHARED, else
// ../../../shared from this package.
func sharedDir(t testing.TB) string {
	t.Helper()
	d := os.Getenv("SAKER_SHARED")
	if d == "" {
		d = filepath.Join("..", "..", "..", "shared")
	}
	if _, err := os.Stat(d); err != nil {
		t.Fatalf("shared directory: %v", err)
	}
	return d
}

func capture(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(sharedDir(t), "captures", name)
	if _, err := os.Stat(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func upstreamRules(t testing.TB) []string {
	t.Helper()
	dir := filepath.Join(sharedDir(t), "upstream-rules")
	var out []string
	for _, n := range []string{"falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"} {
		p := filepath.Join(dir, n)
		if _, err := os.Stat(p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func requireSysdig(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("sysdig")
	if err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("sysdig not installed")
		}
		t.Skip("sysdig not installed")
	}
	return p
}

// sysdigLines runs sysdig -r capture -p format [filter] in UTC.
func sysdigLines(t testing.TB, sysdig, capture, format, filter string) []string {
	t.Helper()
	args := []string{"-r", capture, "-p", format}
	if filter != "" {
		args = append(args, filter)
	}
	cmd := exec.Command(sysdig, args...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sysdig %q: %v", args, err)
	}
	return lines(string(out))
}

func lines(s string) []string {
	var out []string
	sc := bufio.NewScanner(strings.NewReader(s))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		out = append(out, sc.Text())
	}
	return out
}

// syncBuffer is a bytes.Buffer safe for the output goroutines.
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

type result struct {
	rc     int
	stdout string
	stderr string
}

// saker runs the command in-process.
func saker(t testing.TB, args ...string) result {
	t.Helper()
	var out, errb syncBuffer
	rc := run(args, &out, &errb)
	return result{rc: rc, stdout: out.String(), stderr: errb.String()}
}

func writeFile(t testing.TB, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// logEntry is one line of the structured log (stderr is not a terminal).
type logEntry struct {
	Level string `json:"level"`
	Msg   string `json:"msg"`
}

func logs(t testing.TB, stderr string) []logEntry {
	t.Helper()
	var out []logEntry
	for _, l := range lines(stderr) {
		var e logEntry
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("stderr line is not a JSON log entry: %q: %v", l, err)
		}
		out = append(out, e)
	}
	return out
}

// alertLines are the stdout lines before the end-of-run summary.
func alertLines(t testing.TB, stdout string) []string {
	t.Helper()
	all := lines(stdout)
	for i, l := range all {
		if strings.HasPrefix(l, "Events read: ") {
			return all[:i]
		}
	}
	t.Fatalf("no summary in output:\n%s", stdout)
	return nil
}
