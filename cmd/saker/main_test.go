package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/ruleset"
	"github.com/sakerhq/saker/rules"
)

// testRule is a rule of the test rules file with the equivalent sysdig
// filter (macros expanded by hand), to check the alerts against sysdig.
type testRule struct {
	name, priority, output, sysdigFilter string
}

var testRules = []testRule{
	{"etc reads", "Warning", "file=%fd.name proc=%proc.name pid=%proc.pid ppid=%proc.ppid",
		"evt.type in (open, openat) and evt.dir = < and fd.num >= 0 and fd.name startswith /etc/"},
	{"execs", "Informational", "exe=%proc.exe ppid=%proc.ppid cmd=%proc.cmdline",
		"evt.type = execve and evt.dir = <"},
}

const testRulesYAML = `
- macro: etc_file
  condition: fd.name startswith /etc/
- rule: etc reads
  desc: A process opened a file under /etc, which is where the system keeps its configuration and its accounts.
  condition: evt.type in (open, openat) and evt.dir = < and fd.num >= 0 and etc_file
  output: "file=%fd.name proc=%proc.name pid=%proc.pid ppid=%proc.ppid"
  priority: WARNING
  tags: [filesystem, t_etc]
- rule: execs
  desc: A program was executed.
  condition: evt.type = execve and evt.dir = <
  output: "exe=%proc.exe ppid=%proc.ppid cmd=%proc.cmdline"
  priority: INFORMATIONAL
  tags: [process]
`

func rulesFile(t testing.TB) string {
	return writeFile(t, t.TempDir(), "test_rules.yaml", testRulesYAML)
}

var textAlert = regexp.MustCompile(`^(\d{2}:\d{2}:\d{2}\.\d{9}): (Emergency|Alert|Critical|Error|Warning|Notice|Informational|Debug) (.*)$`)

// summaryCounts reads "Events detected" and the per-rule counts.
func summaryCounts(t testing.TB, stdout string) (total int, byRule map[string]int) {
	t.Helper()
	byRule = map[string]int{}
	inRules := false
	found := false
	for _, l := range lines(stdout) {
		switch {
		case strings.HasPrefix(l, "Events detected: "):
			n, err := strconv.Atoi(strings.TrimPrefix(l, "Events detected: "))
			if err != nil {
				t.Fatalf("summary line %q", l)
			}
			total, found = n, true
		case l == "Triggered rules by rule name:":
			inRules = true
		case inRules && strings.HasPrefix(l, "   "):
			i := strings.LastIndex(l, ": ")
			n, err := strconv.Atoi(l[i+2:])
			if err != nil {
				t.Fatalf("summary line %q", l)
			}
			byRule[strings.TrimSpace(l[:i])] = n
		}
	}
	if !found {
		t.Fatalf("no summary in:\n%s", stdout)
	}
	return total, byRule
}

// Text alerts have Falco's layout and are the lines sysdig prints for the
// same condition and output.
func TestTextAlertsMatchSysdig(t *testing.T) {
	capPath := capture(t, "busybox_workload.scap.gz")
	res := saker(t, "-r", rulesFile(t), "-e", capPath)
	if res.rc != 0 {
		t.Fatalf("rc %d, stderr:\n%s", res.rc, res.stderr)
	}
	got := map[string][]string{}
	alerts := alertLines(t, res.stdout)
	for _, l := range alerts {
		m := textAlert.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("alert line without Falco's layout: %q", l)
		}
		got[m[2]] = append(got[m[2]], l)
	}
	total, byRule := summaryCounts(t, res.stdout)
	if total != len(alerts) || total == 0 {
		t.Errorf("summary says %d alerts, printed %d", total, len(alerts))
	}
	for _, r := range testRules {
		if byRule[r.name] != len(got[r.priority]) {
			t.Errorf("summary: %s: %d, printed %d", r.name, byRule[r.name], len(got[r.priority]))
		}
	}

	sysdig := requireSysdig(t)
	for _, r := range testRules {
		want := sysdigLines(t, sysdig, capPath, "*%evt.time: "+r.priority+" "+r.output, r.sysdigFilter)
		if len(want) == 0 {
			t.Fatalf("%s: sysdig prints nothing; the test needs a rule that matches", r.name)
		}
		if !slices.Equal(want, got[r.priority]) {
			t.Errorf("%s: %d alerts, sysdig %d", r.name, len(got[r.priority]), len(want))
			for i := 0; i < len(want) && i < len(got[r.priority]); i++ {
				if want[i] != got[r.priority][i] {
					t.Errorf("first difference at %d:\n got  %q\n want %q", i, got[r.priority][i], want[i])
					break
				}
			}
		}
	}
}

func TestJSONAlerts(t *testing.T) {
	t.Setenv("FALCO_HOSTNAME", "test-host")
	res := saker(t, "-r", rulesFile(t), "-e", capture(t, "cat_write.scap"), "-o", "json_output=true")
	if res.rc != 0 {
		t.Fatalf("rc %d, stderr:\n%s", res.rc, res.stderr)
	}
	alerts := alertLines(t, res.stdout)
	if len(alerts) == 0 {
		t.Fatal("no alerts")
	}
	wantKeys := []string{"hostname", "output", "output_fields", "priority", "rule", "source", "tags", "time"}
	for _, l := range alerts {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q: %v", l, err)
		}
		var keys []string
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, wantKeys) {
			t.Fatalf("keys %v, want %v", keys, wantKeys)
		}
		if m["hostname"] != "test-host" || m["source"] != "syscall" {
			t.Errorf("hostname %v source %v", m["hostname"], m["source"])
		}
		ts, err := time.Parse(time.RFC3339Nano, m["time"].(string))
		if err != nil {
			t.Fatalf("time %v: %v", m["time"], err)
		}
		of := m["output_fields"].(map[string]any)
		// JSON numbers decode as float64: compare in that domain.
		if et, ok := of["evt.time"].(float64); !ok || et != float64(ts.UnixNano()) {
			t.Errorf("output_fields evt.time %v, time %v", of["evt.time"], ts.UnixNano())
		}
		if _, ok := of["proc.ppid"].(float64); !ok {
			t.Errorf("proc.ppid is not a JSON number: %#v", of["proc.ppid"])
		}
		text, _ := m["output"].(string)
		mm := textAlert.FindStringSubmatch(text)
		if mm == nil || mm[2] != m["priority"] {
			t.Errorf("output %q does not carry priority %v", text, m["priority"])
		}
		switch m["rule"] {
		case "etc reads":
			if _, ok := of["fd.name"].(string); !ok {
				t.Errorf("fd.name %#v", of["fd.name"])
			}
			if !slices.Equal(toStrings(m["tags"]), []string{"filesystem", "t_etc"}) {
				t.Errorf("tags %v", m["tags"])
			}
		case "execs":
		default:
			t.Errorf("rule %v", m["rule"])
		}
	}
	// Dotted -o keys reach nested settings.
	res = saker(t, "-r", rulesFile(t), "-e", capture(t, "cat_write.scap"), "-o", "json_output=true",
		"-o", "json_include_tags_property=false", "-o", "json_include_output_fields_property=false")
	for _, l := range alertLines(t, res.stdout) {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		if _, ok := m["tags"]; ok {
			t.Fatalf("tags present with json_include_tags_property=false: %s", l)
		}
		if _, ok := m["output_fields"]; ok {
			t.Fatalf("output_fields present: %s", l)
		}
	}
}

func toStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

func TestDottedOptions(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "alerts.txt")
	res := saker(t, "-r", rulesFile(t), "-e", capture(t, "busybox_workload.scap.gz"),
		"-o", "stdout_output.enabled=false", "-o", "file_output.enabled=true", "-o", "file_output.filename="+out,
		"-o", "priority=warning")
	if res.rc != 0 {
		t.Fatalf("rc %d, stderr:\n%s", res.rc, res.stderr)
	}
	if a := alertLines(t, res.stdout); len(a) != 0 {
		t.Errorf("stdout_output disabled but %d alerts on stdout", len(a))
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	fileAlerts := lines(string(data))
	total, byRule := summaryCounts(t, res.stdout)
	if len(fileAlerts) != total || total == 0 {
		t.Fatalf("file has %d alerts, summary %d", len(fileAlerts), total)
	}
	for _, l := range fileAlerts {
		if m := textAlert.FindStringSubmatch(l); m == nil || m[2] != "Warning" {
			t.Fatalf("priority=warning let through %q", l)
		}
	}
	if byRule["execs"] != 0 {
		t.Errorf("an Informational rule ran with priority=warning: %v", byRule)
	}
	// A list index and an append.
	res = saker(t, "-o", "rules_files[]="+rulesFile(t), "-L")
	if res.rc != 0 || !strings.Contains(res.stdout, "etc reads") {
		t.Errorf("-o rules_files[]=: rc %d\n%s\n%s", res.rc, res.stdout, res.stderr)
	}
	if r := saker(t, "-o", "novalue", "--version"); r.rc != 1 {
		t.Errorf("-o without '=': rc %d", r.rc)
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	rf := rulesFile(t)
	cfg := writeFile(t, dir, "saker.yaml", fmt.Sprintf(`
rules_file: %s
json_output: true
prioirty: debug
log_level: info
log_syslog: false
file_output:
  filname: /tmp/x
webserver:
  enabled: true
`, rf))
	res := saker(t, "-c", cfg, "-e", capture(t, "cat_write.scap"))
	if res.rc != 0 {
		t.Fatalf("rc %d, stderr:\n%s", res.rc, res.stderr)
	}
	for _, l := range alertLines(t, res.stdout) {
		if !json.Valid([]byte(l)) {
			t.Fatalf("json_output from the file not applied: %q", l)
		}
	}
	var warned []string
	for _, e := range logs(t, res.stderr) {
		if e.Level == "warn" {
			warned = append(warned, e.Msg)
		}
	}
	want := []string{
		`unknown configuration key "prioirty" (line 4), did you mean "priority"?`,
		`unknown configuration key "file_output.filname" (line 8), did you mean "file_output.filename"?`,
	}
	if !slices.Equal(warned, want) {
		t.Errorf("warnings:\n%q\nwant\n%q", warned, want)
	}

	bad := writeFile(t, dir, "bad.yaml", "json_output: maybe\n")
	if r := saker(t, "-c", bad, "--version"); r.rc != 1 || !strings.Contains(r.stderr, "line 1") {
		t.Errorf("bad value: rc %d stderr %q", r.rc, r.stderr)
	}
	if r := saker(t, "-c", filepath.Join(dir, "missing.yaml"), "--version"); r.rc != 1 {
		t.Errorf("missing -c file: rc %d", r.rc)
	}
	if r := saker(t, "-o", "log_level=verbose", "--version"); r.rc != 1 || !strings.Contains(r.stderr, "log_level") {
		t.Errorf("bad log_level: rc %d stderr %q", r.rc, r.stderr)
	}
	if r := saker(t, "-o", "log_level=warning", "-r", rf, "-L"); r.rc != 0 || len(logs(t, r.stderr)) != 0 {
		t.Errorf("log_level=warning still logs info: %q", r.stderr)
	}
}

// The packaged configuration is complete and clean: no unknown key, and
// every output setting equals the built-in default except log_syslog.
func TestPackagedConfig(t *testing.T) {
	lc, err := loadConfig(filepath.Join("..", "..", "packaging", "saker.yaml"), true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(lc.warnings) > 0 {
		t.Errorf("warnings: %q", lc.warnings)
	}
	want := []string{"/etc/saker/saker_rules.yaml", "/etc/saker/saker_rules.local.yaml", "/etc/saker/rules.d"}
	if !slices.Equal(lc.rulesPaths(), want) {
		t.Errorf("rules_files %v", lc.rulesPaths())
	}
	def := defaultConfig()
	if lc.Config.JSONOutput != def.JSONOutput || lc.Config.HTTPOutput != def.HTTPOutput || lc.Config.StdoutOutput != def.StdoutOutput ||
		lc.Config.OutputTimeout != def.OutputTimeout || lc.LogLevel != def.LogLevel || !lc.LogSyslog {
		t.Errorf("packaged config differs from the defaults:\n%+v\n%+v", lc.config, def)
	}
}

func TestValidateBroken(t *testing.T) {
	dir := t.TempDir()
	content := `- rule: good
  desc: fine
  condition: evt.type = open
  output: o
  priority: WARNING
- rule: broken rule
  desc: d
  condition: evt.type = open and fd.nme = x
  output: o
  priority: WARNING
`
	bad := writeFile(t, dir, "broken.yaml", content)
	res := saker(t, "-V", bad)
	if res.rc != 1 {
		t.Fatalf("rc %d\n%s", res.rc, res.stdout)
	}
	line := 1 + strings.Count(content[:strings.Index(content, "fd.nme")], "\n")
	where := fmt.Sprintf("%s:%d:", bad, line)
	if !strings.Contains(res.stdout, where) || !strings.Contains(res.stdout, "rule 'broken rule'") || !strings.Contains(res.stdout, bad+": Invalid") {
		t.Errorf("output does not name %s and the rule:\n%s", where, res.stdout)
	}
	// A compile error (not a load error) fails validation too.
	typeErr := writeFile(t, dir, "type.yaml", "- rule: r\n  desc: d\n  condition: evt.type = open and proc.pid = abc\n  output: o\n  priority: WARNING\n")
	res = saker(t, "--validate", typeErr)
	if res.rc != 1 || !strings.Contains(res.stdout, typeErr+":1:") || !strings.Contains(res.stdout, "rule 'r'") {
		t.Errorf("rc %d\n%s", res.rc, res.stdout)
	}
	// A good file next to a broken one: each gets its verdict.
	good := rulesFile(t)
	res = saker(t, "-V", good, "-V", bad)
	if res.rc != 1 || !strings.Contains(res.stdout, good+": Ok") || !strings.Contains(res.stdout, bad+": Invalid") {
		t.Errorf("rc %d\n%s", res.rc, res.stdout)
	}
}

func TestValidateUpstream(t *testing.T) {
	files := upstreamRules(t)
	var args []string
	for _, f := range files {
		args = append(args, "-V", f)
	}
	res := saker(t, args...)
	if res.rc != 0 {
		t.Fatalf("rc %d\n%s\n%s", res.rc, res.stdout, res.stderr)
	}
	for _, f := range files {
		if !strings.Contains(res.stdout, f+": Ok") {
			t.Errorf("%s not reported Ok:\n%s", f, res.stdout)
		}
	}
	if strings.Contains(res.stdout, ": error: ") {
		t.Errorf("errors reported:\n%s", res.stdout)
	}
}

func TestDescribeRules(t *testing.T) {
	rf := rulesFile(t)
	res := saker(t, "-r", rf, "-L")
	if res.rc != 0 {
		t.Fatalf("rc %d\n%s", res.rc, res.stderr)
	}
	out := lines(res.stdout)
	if len(out) < 2 || !strings.HasPrefix(out[0], "Rule") || !strings.Contains(out[0], "Description") {
		t.Fatalf("no header:\n%s", res.stdout)
	}
	for _, r := range testRules {
		found := false
		for _, l := range out {
			if strings.HasPrefix(l, r.name+" ") {
				found = true
			}
		}
		if !found {
			t.Errorf("-L does not list %q:\n%s", r.name, res.stdout)
		}
	}
	// The long description wraps under the description column.
	if !strings.Contains(res.stdout, "\n"+strings.Repeat(" ", 51)+"accounts.") && !strings.Contains(res.stdout, "and its accounts.") {
		t.Errorf("description missing:\n%s", res.stdout)
	}
	for _, l := range out {
		if len(l) > 110 {
			t.Errorf("line over 110 columns: %q", l)
		}
	}

	res = saker(t, "-r", rf, "-l", "execs")
	if res.rc != 0 || !strings.Contains(res.stdout, "A program was executed.") || strings.Contains(res.stdout, "etc reads") {
		t.Errorf("-l execs: rc %d\n%s", res.rc, res.stdout)
	}
	if r := saker(t, "-r", rf, "-l", "no such rule"); r.rc != 1 {
		t.Errorf("-l unknown rule: rc %d", r.rc)
	}
	res = saker(t, "-r", rf, "-L", "-o", "json_output=true")
	var js struct {
		Rules []struct {
			Info struct {
				Name     string   `json:"name"`
				Priority string   `json:"priority"`
				Tags     []string `json:"tags"`
			} `json:"info"`
		} `json:"rules"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &js); err != nil {
		t.Fatalf("-L with json_output: %v\n%s", err, res.stdout)
	}
	if len(js.Rules) != 2 || js.Rules[0].Info.Name != "etc reads" || js.Rules[0].Info.Priority != "Warning" {
		t.Errorf("%+v", js.Rules)
	}
}

// Without -r and without rules files in the configuration, the built-in
// rules run.
func TestDefaultRules(t *testing.T) {
	l := ruleset.NewLoader(ruleset.WithFieldChecker(compile.Checker{}))
	if err := l.LoadBytes(rules.DefaultName, rules.Default); err != nil {
		t.Fatal(err)
	}
	set, _, err := l.Finish()
	if err != nil {
		t.Fatal(err)
	}
	res := saker(t, "-L")
	if res.rc != 0 {
		t.Fatalf("rc %d\n%s", res.rc, res.stderr)
	}
	for _, r := range set.Rules {
		if !strings.Contains(res.stdout, "\n"+r.Name+" ") {
			t.Errorf("built-in rule %q not listed", r.Name)
		}
	}
	// Configured paths that do not exist fall back to them too.
	res = saker(t, "-o", "rules_files=[/nonexistent/a.yaml, /nonexistent/rules.d]", "-L")
	if res.rc != 0 || len(set.Rules) > 0 && !strings.Contains(res.stdout, set.Rules[0].Name) {
		t.Errorf("rc %d\n%s", res.rc, res.stdout)
	}
	// An explicit -r that does not exist is an error.
	if r := saker(t, "-r", "/nonexistent/rules.yaml", "-L"); r.rc != 1 {
		t.Errorf("missing -r: rc %d", r.rc)
	}
}

// A directory loads its yaml files in name order, later ones overriding.
func TestRulesDirectory(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "10-base.yaml", "- rule: r1\n  desc: original\n  condition: evt.type = open\n  output: o\n  priority: WARNING\n")
	writeFile(t, dir, "20-local.yaml", "- rule: r1\n  desc: replaced\n  override:\n    desc: replace\n")
	writeFile(t, dir, "notes.txt", "not rules: [")
	res := saker(t, "-r", dir, "-l", "r1")
	if res.rc != 0 || !strings.Contains(res.stdout, "replaced") {
		t.Errorf("rc %d\n%s\n%s", res.rc, res.stdout, res.stderr)
	}
}

func TestListFields(t *testing.T) {
	res := saker(t, "--list")
	if res.rc != 0 {
		t.Fatal(res.stderr)
	}
	ok := false
	for _, l := range lines(res.stdout) {
		if f := strings.Fields(l); len(f) > 2 && f[0] == "fd.name" {
			ok = true
		}
	}
	if !ok {
		t.Errorf("--list has no fd.name line with a description")
	}
	res = saker(t, "--list", "syscall", "-N")
	names := lines(res.stdout)
	if res.rc != 0 || !slices.Contains(names, "fd.name") || !slices.Contains(names, "proc.cmdline") {
		t.Errorf("-N: rc %d, %d names", res.rc, len(names))
	}
	for _, n := range names {
		if strings.ContainsAny(n, " \t") {
			t.Fatalf("-N line is not a bare name: %q", n)
		}
	}
	if r := saker(t, "--list=k8s_audit"); r.rc != 1 {
		t.Errorf("unknown source: rc %d", r.rc)
	}
}

func TestRuleSelection(t *testing.T) {
	rf := rulesFile(t)
	capPath := capture(t, "busybox_workload.scap.gz")
	cases := []struct {
		args []string
		want []string // rules that fire
	}{
		{nil, []string{"etc reads", "execs"}},
		{[]string{"-D", "etc"}, []string{"execs"}},
		{[]string{"-D", "xyz", "-D", "exec"}, []string{"etc reads"}},
		{[]string{"-T", "filesystem"}, []string{"execs"}},
		{[]string{"-t", "t_etc"}, []string{"etc reads"}},
		{[]string{"-t", "process", "-t", "filesystem"}, []string{"etc reads", "execs"}},
	}
	for _, c := range cases {
		res := saker(t, append([]string{"-r", rf, "-e", capPath}, c.args...)...)
		if res.rc != 0 {
			t.Fatalf("%v: rc %d\n%s", c.args, res.rc, res.stderr)
		}
		_, byRule := summaryCounts(t, res.stdout)
		var fired []string
		for r, n := range byRule {
			if n > 0 {
				fired = append(fired, r)
			}
		}
		slices.Sort(fired)
		if !slices.Equal(fired, c.want) {
			t.Errorf("%v: fired %v, want %v", c.args, fired, c.want)
		}
	}
	if r := saker(t, "-r", rf, "-e", capPath, "-t", "a", "-D", "b"); r.rc != 1 {
		t.Errorf("-t with -D: rc %d", r.rc)
	}
}

func TestPrintExtra(t *testing.T) {
	dir := t.TempDir()
	rf := writeFile(t, dir, "r.yaml", `- rule: etc reads
  desc: d
  condition: evt.type in (open, openat) and evt.dir = < and fd.name startswith /etc/
  output: "file=%fd.name %container.info"
  priority: WARNING
- rule: execs
  desc: d
  condition: evt.type = execve and evt.dir = <
  output: "exe=%proc.exe"
  priority: WARNING
`)
	capPath := capture(t, "cat_write.scap")
	res := saker(t, "-r", rf, "-e", capPath, "-p", "pid=%proc.pid")
	pidEnd := regexp.MustCompile(` pid=\d+$`)
	for _, l := range alertLines(t, res.stdout) {
		if !pidEnd.MatchString(l) {
			t.Errorf("-p not appended: %q", l)
		}
	}
	res = saker(t, "-r", rf, "-e", capPath, "-pk")
	a := alertLines(t, res.stdout)
	if len(a) == 0 {
		t.Fatal("no alerts")
	}
	for _, l := range a {
		if strings.Count(l, "container_id=") != 1 || !strings.Contains(l, "k8s_ns=") {
			t.Errorf("-pk: %q", l)
		}
		if strings.Contains(l, "file=") && !strings.HasSuffix(l, "k8s_pod_name=<NA>") {
			t.Errorf("-pk should replace %%container.info in place: %q", l)
		}
	}
	res = saker(t, "-r", rf, "-e", capPath, "-pc")
	for _, l := range alertLines(t, res.stdout) {
		if !strings.Contains(l, "container_image_tag=") || strings.Contains(l, "k8s_ns=") {
			t.Errorf("-pc: %q", l)
		}
	}
}

func TestVersionAndSupport(t *testing.T) {
	res := saker(t, "--version")
	if res.rc != 0 || !strings.Contains(res.stdout, version) || !strings.Contains(res.stdout, ruleset.DefaultEngineVersion) {
		t.Errorf("--version: %d\n%s", res.rc, res.stdout)
	}
	dir := t.TempDir()
	rf := rulesFile(t)
	cfgText := "rules_files:\n  - " + rf + "\nlog_syslog: false\n"
	cfg := writeFile(t, dir, "c.yaml", cfgText)
	res = saker(t, "-c", cfg, "--support")
	var s struct {
		Version    string            `json:"version"`
		SystemInfo map[string]string `json:"system_info"`
		Config     string            `json:"config"`
		RulesFiles []struct {
			Name     string `json:"name"`
			Variants []struct {
				Content string `json:"content"`
			} `json:"variants"`
		} `json:"rules_files"`
	}
	if err := json.Unmarshal([]byte(res.stdout), &s); err != nil {
		t.Fatalf("--support: %v\n%s", err, res.stdout)
	}
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		t.Fatal(err)
	}
	if s.Version != version || s.SystemInfo["release"] != utsString(u.Release[:]) || s.Config != cfgText {
		t.Errorf("%+v", s)
	}
	if len(s.RulesFiles) != 1 || s.RulesFiles[0].Name != rf || s.RulesFiles[0].Variants[0].Content != testRulesYAML {
		t.Errorf("rules files %+v", s.RulesFiles)
	}
}

func TestHelpAndFlags(t *testing.T) {
	res := saker(t, "--help")
	if res.rc != 0 {
		t.Fatal(res.rc)
	}
	for _, f := range []string{"-c", "-r", "-e", "-L", "-l", "-V", "--validate", "--list", "-N", "-o", "-M", "-A",
		"-T", "-t", "-D", "-U", "-p", "--version", "--support", "-h", "--help"} {
		if !regexp.MustCompile(`(?m)^  .*` + regexp.QuoteMeta(f) + `\b`).MatchString(res.stdout) {
			t.Errorf("--help does not list %s", f)
		}
	}
	// Every Falco flag parses.
	o, err := parseOptions([]string{"-c", "x", "-r", "a", "-r", "b", "-e", "cap", "-L", "-l", "r", "-V", "v1", "--validate", "v2",
		"-N", "-o", "a=b", "--option", "c.d=e", "-M", "3", "-A", "-T", "t1", "-T", "t2", "-U", "-pk", "--version", "--support", "-v", "--list"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.rulesFiles, []string{"a", "b"}) || !slices.Equal(o.validate, []string{"v1", "v2"}) ||
		!slices.Equal(o.overrides, []string{"a=b", "c.d=e"}) || o.printExtra != "k" || o.duration != 3 ||
		!slices.Equal(o.disableTags, []string{"t1", "t2"}) || !o.listFields || o.listSource != "" || !o.unbuffered {
		t.Errorf("%+v", o)
	}
	if o, err := parseOptions([]string{"--list", "syscall", "-N"}); err != nil || o.listSource != "syscall" || !o.namesOnly {
		t.Errorf("--list syscall: %v %+v", err, o)
	}
	if r := saker(t, "--no-such-flag"); r.rc != 1 || !strings.Contains(r.stderr, "no-such-flag") {
		t.Errorf("unknown flag: rc %d %q", r.rc, r.stderr)
	}
}

func TestLiveNeedsDriver(t *testing.T) {
	res := saker(t, "-r", rulesFile(t))
	if res.rc != 1 || !strings.Contains(res.stderr, "kernel module") || !strings.Contains(res.stderr, "-e CAPTURE") {
		t.Errorf("rc %d stderr %q", res.rc, res.stderr)
	}
}

func TestBadCapture(t *testing.T) {
	dir := t.TempDir()
	junk := writeFile(t, dir, "junk.scap", "this is not a capture file at all, not even close")
	res := saker(t, "-r", rulesFile(t), "-e", junk)
	if res.rc != 1 || !strings.Contains(res.stderr, "junk.scap") {
		t.Errorf("rc %d stderr %q", res.rc, res.stderr)
	}
	if !strings.Contains(res.stdout, "Events detected: 0") {
		t.Errorf("no summary after a failed replay:\n%s", res.stdout)
	}
}

// SIGINT stops a replay cleanly: outputs are flushed, the summary printed
// and the exit status is 0.
func TestSignalStopsReplay(t *testing.T) {
	capPath := capture(t, "busybox_workload.scap.gz")
	rf := rulesFile(t)
	full := saker(t, "-r", rf, "-e", capPath)
	totalEvents := eventsRead(t, full.stdout)

	defer func() { afterEvent = nil }()
	afterEvent = func(n uint64, stop *atomic.Bool) {
		if n != 1000 {
			return
		}
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Error(err)
			return
		}
		for deadline := time.Now().Add(10 * time.Second); !stop.Load() && time.Now().Before(deadline); {
			time.Sleep(time.Millisecond)
		}
	}
	res := saker(t, "-r", rf, "-e", capPath, "-o", "buffered_outputs=true")
	if res.rc != 0 {
		t.Fatalf("rc %d\n%s", res.rc, res.stderr)
	}
	if n := eventsRead(t, res.stdout); n != 1000 {
		t.Errorf("read %d events after SIGINT at 1000 (of %d)", n, totalEvents)
	}
	total, _ := summaryCounts(t, res.stdout)
	if got := len(alertLines(t, res.stdout)); got != total {
		t.Errorf("%d alerts flushed, summary counts %d", got, total)
	}

	// -M stops the same way.
	afterEvent = func(n uint64, stop *atomic.Bool) {
		for n == 10 && !stop.Load() {
			time.Sleep(10 * time.Millisecond)
		}
	}
	start := time.Now()
	res = saker(t, "-r", rf, "-e", capPath, "-M", "1")
	if res.rc != 0 || eventsRead(t, res.stdout) != 10 || time.Since(start) > 20*time.Second {
		t.Errorf("-M 1: rc %d, %d events", res.rc, eventsRead(t, res.stdout))
	}
}

func eventsRead(t testing.TB, stdout string) int {
	t.Helper()
	for _, l := range lines(stdout) {
		if s, ok := strings.CutPrefix(l, "Events read: "); ok {
			n, err := strconv.Atoi(s)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("no events count:\n%s", stdout)
	return 0
}
