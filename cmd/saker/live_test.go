package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/live"
	"github.com/sakerhq/saker/engine/output"
	"github.com/sakerhq/saker/engine/procfs"
	"github.com/sakerhq/saker/engine/scap"
	"github.com/sakerhq/saker/rules"
)

func TestDropMonitor(t *testing.T) {
	t0 := time.Unix(1000, 0)
	cfg, err := dropsConfig{}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	var alerts []*output.Alert
	var logs []string
	d := newDropMonitor(cfg)
	d.alert = func(a *output.Alert) { alerts = append(alerts, a) }
	d.logf = func(f string, a ...any) { logs = append(logs, f) }
	step := func(sec int, evts, full uint64) bool {
		return d.observe(t0.Add(time.Duration(sec)*time.Second), live.Stats{Events: evts, DropFull: full})
	}
	step(0, 100, 0)
	// 5 drops of 1005 events: below the default threshold (10%).
	if step(1, 1100, 5) || len(alerts) != 0 || d.detected != 0 {
		t.Fatalf("below threshold: %d alerts, %d detected", len(alerts), d.detected)
	}
	// 500 drops of 600: above it; the bucket starts with one token.
	step(2, 1200, 505)
	if len(alerts) != 1 || len(logs) != 1 || d.detected != 1 || d.actions != 1 {
		t.Fatalf("above threshold: %d alerts %d logs, detected %d actions %d", len(alerts), len(logs), d.detected, d.actions)
	}
	a := alerts[0]
	if a.Rule != "Falco internal: syscall event drop" || a.Priority != output.PriorityDebug ||
		a.Output != "Falco internal: syscall event drop. 500 system calls dropped in last second." ||
		a.OutputFields["n_drops"] != "500" || a.OutputFields["n_evts"] != "600" {
		t.Errorf("alert %+v", a)
	}
	// The bucket refills at 1/30 per second: the next second's drops are
	// detected but throttled.
	step(3, 1300, 1005)
	if d.detected != 2 || d.actions != 1 || len(alerts) != 1 {
		t.Errorf("throttle: detected %d actions %d alerts %d", d.detected, d.actions, len(alerts))
	}
	// 40 seconds later a token is back.
	step(43, 1400, 1505)
	if d.actions != 2 || len(alerts) != 2 {
		t.Errorf("refill: actions %d alerts %d", d.actions, len(alerts))
	}

	// exit, with a threshold of 0 and a bigger burst.
	zero, burst := 0.0, 5.0
	cfg, err = dropsConfig{Actions: []string{"exit"}, Threshold: &zero, MaxBurst: &burst}.resolve()
	if err != nil {
		t.Fatal(err)
	}
	d = newDropMonitor(cfg)
	d.observe(t0, live.Stats{Events: 10})
	if !d.observe(t0.Add(time.Second), live.Stats{Events: 1000000, DropFull: 1}) {
		t.Error("exit action did not ask to exit")
	}
	if _, err := (dropsConfig{Actions: []string{"log", "shout"}}).resolve(); err == nil || !strings.Contains(err.Error(), "shout") {
		t.Errorf("unknown action accepted: %v", err)
	}
	neg := -1.0
	if _, err := (dropsConfig{Rate: &neg}).resolve(); err == nil {
		t.Error("negative rate accepted")
	}
	// ignore does nothing but count.
	cfg, _ = dropsConfig{Actions: []string{"ignore"}, SimulateDrops: true}.resolve()
	d = newDropMonitor(cfg)
	d.alert = func(a *output.Alert) { t.Error("ignore alerted") }
	d.observe(t0, live.Stats{})
	if d.observe(t0.Add(time.Second), live.Stats{Events: 10}) || d.detected != 1 {
		t.Errorf("simulated drop: detected %d", d.detected)
	}
}

func TestDropConfigKeys(t *testing.T) {
	dir := t.TempDir()
	cfg := writeFile(t, dir, "c.yaml", "syscall_event_drops:\n  actions: [log, exit]\n  rate: 2\n  max_burst: 3\n  threshold: 0.5\n  typo: 1\n")
	lc, err := loadConfig(cfg, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	s, err := lc.SyscallEventDrops.resolve()
	if err != nil || !slices.Equal(s.actions, []dropAction{dropLog, dropExit}) || s.rate != 2 || s.maxBurst != 3 || s.threshold != 0.5 {
		t.Errorf("%+v %v", s, err)
	}
	if len(lc.warnings) != 1 || !strings.Contains(lc.warnings[0], "syscall_event_drops.typo") {
		t.Errorf("warnings %q", lc.warnings)
	}
}

// TestCaptureTypes checks the pushed-down filter: the rules' types, the
// state tracker's, an enter only where something reads it, nothing the
// rules and the tracker do not need.
func TestCaptureTypes(t *testing.T) {
	set, _, err := loadRules(builtinRules())
	if err != nil {
		t.Fatal(err)
	}
	eng, err := detect.New(set.Rules, detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := captureTypes(eng)
	has := func(ty event.Type) bool { return slices.Contains(got, ty) }
	for _, ty := range []event.Type{event.SyscallExecve19X, event.SyscallOpenatV2X, event.SocketConnectE,
		event.SocketConnectX, event.SyscallCloseX, event.Procexit1E, event.SyscallMkdir2X, event.SocketSendtoE} {
		if !has(ty) {
			t.Errorf("type %d (%s) missing", ty, event.Table[ty].Name)
		}
	}
	// The newest exits repeat their enter's parameters: those enters stay
	// in the kernel unless a rule matches them.
	for _, ty := range []event.Type{event.SyscallOpenatV2E, event.SyscallCloseE, event.SyscallMkdir2E} {
		if has(ty) {
			t.Errorf("enter %d (%s) is pushed down though its exit carries all it has", ty, event.Table[ty].Name)
		}
	}
	for _, ty := range got {
		if !ty.IsEnter() && detect.EnterNeeded(ty) && int(ty^1) < event.NumTypes && event.Table[ty^1].Name == event.Table[ty].Name && !has(ty^1) {
			t.Errorf("exit %d (%s) without the enter it needs", ty, event.Table[ty].Name)
		}
	}
	for _, name := range []string{"read", "write", "futex", "nanosleep", "poll", "epoll_wait", "select", "mmap", "lseek", "getdents64"} {
		for ty := event.Type(0); int(ty) < event.NumTypes; ty++ {
			if event.Table[ty].Name == name && has(ty) {
				t.Errorf("%s (type %d) is pushed down though neither the rules nor the tracker need it", name, ty)
			}
		}
	}
	if len(got) >= event.NumTypes/2 {
		t.Errorf("%d of %d types: the filter narrows little", len(got), event.NumTypes)
	}

	// A rule printing evt.latency needs every enter of what it matches.
	lat, _, err := loadRules([]rulesSource{{name: "latency.yaml", data: []byte(`- rule: slow open
  desc: d
  condition: evt.type = openat and evt.dir = <
  output: slow open (%evt.latency)
  priority: WARNING
`)}})
	if err != nil {
		t.Fatal(err)
	}
	leng, err := detect.New(lat.Rules, detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(captureTypes(leng), event.SyscallOpenatV2E) {
		t.Error("a rule printing evt.latency on openat exits does not get openat's enter events")
	}
}

func TestEventgenScenarios(t *testing.T) {
	set, _, err := loadRules([]rulesSource{{name: "saker_rules.yaml", data: rules.Default}})
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, r := range set.Rules {
		names[r.Name] = true
	}
	seen := map[string]bool{}
	for _, s := range scenarios {
		if !names[s.Rule] {
			t.Errorf("%s: rule %q is not a default rule", s.Name, s.Rule)
		}
		if s.Does == "" || s.NearMiss == "" || (s.act == nil && s.launch == nil) {
			t.Errorf("%s: incomplete", s.Name)
		}
		if seen[s.Name] {
			t.Errorf("%s twice", s.Name)
		}
		seen[s.Name] = true
		for _, hit := range []bool{true, false} {
			got, h, err := parseToken(token(s.Name, hit))
			if err != nil || got != s || h != hit {
				t.Errorf("token round trip of %s/%v: %v %v %v", s.Name, hit, got, h, err)
			}
		}
	}
	for _, bad := range []string{"", "evgen:x:hit", "evgen:read-sensitive-file:maybe", "read-sensitive-file", "evgen:read-sensitive-file:hit:x"} {
		if _, _, err := parseToken(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	r := saker(t, "eventgen", "--list", "--json")
	if r.rc != 0 || !strings.Contains(r.stdout, `"near_miss"`) || strings.Count(r.stdout, `"name"`) != len(scenarios) {
		t.Errorf("--list --json: rc %d %q", r.rc, r.stdout)
	}
	if r := saker(t, "eventgen", "no-such-scenario"); r.rc != 2 || !strings.Contains(r.stderr, "no-such-scenario") {
		t.Errorf("unknown scenario: rc %d %q", r.rc, r.stderr)
	}
}

// TestEventgenHostActions performs the host actions, hit and near miss,
// and checks the near misses stay clear of what the rules watch: the files
// they touch are outside /etc and /bin, and nothing is left behind.
func TestEventgenHostActions(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root (writes below /etc and /bin)")
	}
	dir := t.TempDir()
	env := &actEnv{dir: dir}
	before := listDirs(t, "/etc", "/bin")
	for _, s := range scenarios {
		if s.Container || s.act == nil {
			continue
		}
		for _, hit := range []bool{true, false} {
			env.token = token(s.Name, hit)
			if err := s.act(env, hit); err != nil {
				t.Errorf("%s hit=%v: %v", s.Name, hit, err)
			}
		}
	}
	if after := listDirs(t, "/etc", "/bin"); !slices.Equal(before, after) {
		t.Errorf("actions left files behind: %d entries before, %d after", len(before), len(after))
	}
	left, _ := os.ReadDir(dir)
	if len(left) > 1 { // the near miss of mkdir leaves its empty parent bin/
		t.Errorf("near misses left %d entries in %s", len(left), dir)
	}
}

func listDirs(t *testing.T, dirs ...string) []string {
	var out []string
	for _, d := range dirs {
		ents, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			out = append(out, filepath.Join(d, e.Name()))
		}
	}
	return out
}

// TestEventgenRun runs the whole command (both variants, host and
// container scenarios) where root and namespaces are available.
func TestEventgenRun(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root")
	}
	bin := filepath.Join(t.TempDir(), "saker")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "eventgen", "--both").CombinedOutput()
	if err != nil {
		t.Fatalf("eventgen --both: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), " ok\n"); n != 2*len(scenarios) {
		t.Errorf("%d of %d variants ok:\n%s", n, 2*len(scenarios), out)
	}
}

// TestCaptureRoundTrip writes what saker capture writes (machine,
// interfaces, users, processes and fds from a /proc scan) plus events of a
// scanned child, and checks that sysdig and saker dump read back the same
// lines with the child's name, command line, user and fds.
func TestCaptureRoundTrip(t *testing.T) {
	sysdig, err := exec.LookPath("sysdig")
	if err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("sysdig not installed")
		}
		t.Skip("sysdig not installed")
	}
	dir := t.TempDir()
	logf, err := os.Create(filepath.Join(dir, "child.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	cmd := exec.Command("sleep", "30")
	cmd.Dir = dir
	cmd.ExtraFiles = []*os.File{logf} // fd 3 in the child
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	pid := cmd.Process.Pid
	for i := 0; i < 100; i++ {
		if b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/comm"); strings.TrimSpace(string(b)) == "sleep" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	snap, err := procfs.Scan(procfs.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, err := scap.NewWriter(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := writeSnapshot(w, snap); err != nil {
		t.Fatal(err)
	}
	ts := uint64(time.Now().UnixNano())
	var raw []byte
	for i, e := range []struct {
		typ    event.Type
		params [][]byte
	}{
		{event.SyscallReadE, [][]byte{event.EncInt64(3), event.EncUint32(10)}},
		{event.SyscallReadX, [][]byte{event.EncInt64(0), {}}},
		{event.SyscallCloseE, [][]byte{event.EncInt64(3)}},
		{event.SyscallCloseX, [][]byte{event.EncInt64(0)}},
	} {
		if raw, err = event.Build(raw[:0], e.typ, ts+uint64(i)*1000, int64(pid), e.params...); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteEvent(0, 0, raw); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, dir, "c.scap", buf.String())
	format := "%evt.type %evt.dir %proc.name %proc.pid %proc.ppid %proc.cmdline %proc.exepath %proc.cwd %user.name %fd.num %fd.typechar %fd.name"
	sd := exec.Command(sysdig, "-r", path, "-p", format)
	sd.Env = append(os.Environ(), "TZ=UTC")
	ref, err := sd.CombinedOutput()
	if err != nil {
		t.Fatalf("sysdig: %v\n%s", err, ref)
	}
	ours := saker(t, "dump", "-r", path, "-p", format)
	if ours.rc != 0 {
		t.Fatalf("dump: %d %s", ours.rc, ours.stderr)
	}
	if strings.TrimSpace(string(ref)) != strings.TrimSpace(ours.stdout) {
		t.Errorf("sysdig and saker dump differ:\nsysdig:\n%s\nsaker:\n%s", ref, ours.stdout)
	}
	realDir, _ := filepath.EvalSymlinks(dir)
	sleepPath, _ := exec.LookPath("sleep")
	sleepPath, _ = filepath.EvalSymlinks(sleepPath)
	want := "read > sleep " + strconv.Itoa(pid) + " " + strconv.Itoa(os.Getpid()) + " sleep 30 " +
		sleepPath + " " + realDir + "/ root 3 f " + filepath.Join(realDir, "child.log")
	if first, _, _ := strings.Cut(string(ref), "\n"); first != want {
		t.Errorf("sysdig line\n%q, want\n%q", first, want)
	}
}

// TestRulesReloadKeepsOldOnError checks reloadEngine: a broken rules file
// is an error (the caller keeps the loaded engine), a fixed one compiles.
func TestRulesReloadKeepsOldOnError(t *testing.T) {
	dir := t.TempDir()
	good := "- rule: r1\n  desc: d\n  condition: evt.type = open\n  output: o\n  priority: WARNING\n"
	path := writeFile(t, dir, "r.yaml", good)
	a := &app{stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	a.opts, _ = parseOptions([]string{"-r", path})
	a.cfg, _ = loadConfig("", false, nil)
	a.log, _ = newLogger(&a.cfg.config, a.stderr)
	eng, err := a.reloadEngine()
	if err != nil || !slices.Equal(eng.Rules(), []string{"r1"}) {
		t.Fatalf("good rules: %v", err)
	}
	if err := os.WriteFile(path, []byte("- rule: r1\n  condition: evt.type = = open\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := a.reloadEngine(); err == nil {
		t.Error("broken rules reloaded without error")
	}
	if !strings.Contains(a.stderr.(*bytes.Buffer).String(), "r.yaml") {
		t.Errorf("the log does not name the file: %q", a.stderr)
	}
}
