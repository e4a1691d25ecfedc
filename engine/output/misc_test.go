package output

import (
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"
)

type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

func TestTokenBucket(t *testing.T) {
	clk := &fakeClock{t: ts}
	b := NewTokenBucket(1, 3, clk.now())
	for i := 0; i < 3; i++ {
		if !b.Claim(clk.now()) {
			t.Fatalf("claim %d refused from a full bucket of 3", i)
		}
	}
	if b.Claim(clk.now()) {
		t.Fatal("fourth claim allowed with no time passed")
	}
	clk.advance(500 * time.Millisecond)
	if b.Claim(clk.now()) {
		t.Fatal("claim allowed with half a token")
	}
	clk.advance(500 * time.Millisecond)
	if !b.Claim(clk.now()) {
		t.Fatal("claim refused after one second at rate 1")
	}
	// A long idle period refills only up to max_burst.
	clk.advance(time.Hour)
	n := 0
	for b.Claim(clk.now()) {
		n++
		if n > 10 {
			break
		}
	}
	if n != 3 {
		t.Errorf("after an hour, %d claims allowed, want max_burst 3", n)
	}
	// A clock stepping back neither refills nor panics.
	clk.advance(-time.Minute)
	if b.Claim(clk.now()) {
		t.Error("claim allowed after the clock stepped back")
	}
}

func TestRateLimiterPerSource(t *testing.T) {
	if l := NewRateLimiter(0, 1000, nil); l != nil || !l.Allow("syscall") {
		t.Fatal("rate 0 must disable throttling")
	}
	clk := &fakeClock{t: ts}
	l := NewRateLimiter(2, 2, clk.now)
	got := []bool{l.Allow("syscall"), l.Allow("syscall"), l.Allow("syscall"), l.Allow("k8s_audit"), l.Allow("k8s_audit")}
	want := []bool{true, true, false, true, true}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Allow sequence %v, want %v", got, want)
		}
	}
	clk.advance(500 * time.Millisecond) // rate 2/s: one token back
	if !l.Allow("syscall") || l.Allow("syscall") {
		t.Error("refill at 2 tokens/s wrong")
	}
	if l.Dropped() != 2 {
		t.Errorf("Dropped = %d, want 2", l.Dropped())
	}
}

func TestSummaryFormat(t *testing.T) {
	s := NewSummary()
	s.RegisterRule("Rule B")
	s.RegisterRule("Never fires")
	s.RegisterRule("Rule A")
	for _, a := range []Alert{
		{Rule: "Rule A", Priority: PriorityWarning},
		{Rule: "Rule B", Priority: PriorityInformational},
		{Rule: "Rule A", Priority: PriorityWarning},
		{Rule: "Late rule", Priority: PriorityCritical},
	} {
		s.Add(&a)
	}
	// Falco's layout: totals, non-zero severities most severe first in
	// upper case with Informational shortened to INFO, then non-zero rules
	// in load order; count lines indented by three spaces.
	want := "Events detected: 4\n" +
		"Rule counts by severity:\n" +
		"   CRITICAL: 1\n" +
		"   WARNING: 2\n" +
		"   INFO: 1\n" +
		"Triggered rules by rule name:\n" +
		"   Rule B: 1\n" +
		"   Rule A: 2\n" +
		"   Late rule: 1\n"
	if got := s.String(); got != want {
		t.Errorf("summary\n got %q\nwant %q", got, want)
	}
	if s.Total() != 4 || s.ByRule("Rule A") != 2 || s.ByPriority(PriorityWarning) != 2 || s.ByPriority(PriorityDebug) != 0 {
		t.Error("counters disagree with the text")
	}
	empty := NewSummary().String()
	if empty != "Events detected: 0\nRule counts by severity:\nTriggered rules by rule name:\n" {
		t.Errorf("empty summary %q", empty)
	}
}

// A falco.yaml-style file decoded over the defaults: set keys win, absent
// keys keep Falco's defaults.
const falcoYAML = `
json_output: true
json_include_output_property: false
time_format_iso_8601: true
priority: notice
buffered_outputs: true
outputs:
  rate: 1
  max_burst: 1000
outputs_queue:
  capacity: 50
stdout_output:
  enabled: false
syslog_output:
  enabled: true
file_output:
  enabled: true
  keep_alive: true
  filename: ./events.txt
http_output:
  enabled: true
  url: "http://127.0.0.1:2801/"
  user_agent: "falcosecurity/falco"
  insecure: true
  mtls: false
  echo: false
  compress_uploads: true
  keep_alive: true
program_output:
  enabled: true
  keep_alive: false
  program: "jq '{text: .output}' | cat"
rules_file:
  - /etc/falco/falco_rules.yaml
`

func TestConfigFromFalcoYAML(t *testing.T) {
	cfg := DefaultConfig()
	if err := yaml.Unmarshal([]byte(falcoYAML), &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("valid config refused: %v", err)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"json_output", cfg.JSONOutput},
		{"json_include_output_property", !cfg.JSONIncludeOutputProperty},
		{"json_include_tags_property default", cfg.JSONIncludeTagsProperty},
		{"json_include_output_fields_property default", cfg.JSONIncludeOutputFieldsProperty},
		{"json_include_message_property default", !cfg.JSONIncludeMessageProperty},
		{"time_format_iso_8601", cfg.TimeFormatISO8601},
		{"buffered_outputs", cfg.BufferedOutputs},
		{"outputs.rate", cfg.Outputs.Rate == 1 && cfg.Outputs.MaxBurst == 1000},
		{"outputs_queue.capacity", cfg.QueueCapacity() == 50},
		{"output_timeout default", cfg.Timeout() == 2*time.Second},
		{"stdout_output", !cfg.StdoutOutput.Enabled},
		{"syslog_output", cfg.SyslogOutput.Enabled},
		{"file_output", cfg.FileOutput.Enabled && cfg.FileOutput.KeepAlive && cfg.FileOutput.Filename == "./events.txt"},
		{"http_output", cfg.HTTPOutput.Enabled && cfg.HTTPOutput.URL == "http://127.0.0.1:2801/" && cfg.HTTPOutput.Insecure && cfg.HTTPOutput.CompressUploads && cfg.HTTPOutput.KeepAlive},
		{"http_output defaults", cfg.HTTPOutput.CAPath == "/etc/ssl/certs" && cfg.HTTPOutput.MaxConsecutiveTimeouts == 5 && cfg.HTTPOutput.ClientKey == "/etc/ssl/certs/client.key"},
		{"program_output", cfg.ProgramOutput.Enabled && !cfg.ProgramOutput.KeepAlive && strings.HasPrefix(cfg.ProgramOutput.Program, "jq ")},
	}
	for _, c := range checks {
		if !c.ok {
			t.Errorf("%s not loaded as expected: %+v", c.name, cfg)
		}
	}
	if p, err := cfg.MinPriority(); err != nil || p != PriorityNotice {
		t.Errorf("MinPriority = %v, %v", p, err)
	}
}

func TestConfigValidate(t *testing.T) {
	def := DefaultConfig()
	if err := def.Validate(); err != nil {
		t.Fatalf("defaults refused: %v", err)
	}
	if !def.StdoutOutput.Enabled || def.SyslogOutput.Enabled || def.FileOutput.Enabled {
		t.Error("without a config file Falco writes to stdout only")
	}
	cfg := DefaultConfig()
	cfg.Priority = "warn"
	cfg.FileOutput.Enabled = true
	cfg.ProgramOutput.Enabled = true
	cfg.HTTPOutput.Enabled = true
	cfg.HTTPOutput.URL = `""`
	cfg.Outputs.Rate = -1
	err := cfg.Validate()
	if err == nil {
		t.Fatal("invalid config accepted")
	}
	for _, want := range []string{"priority", "file_output", "program_output", "http_output", "outputs:"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
	if _, err := NewManager(cfg, Options{}); err == nil {
		t.Error("NewManager accepted an invalid config")
	}
}
