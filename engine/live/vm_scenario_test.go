package live

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/ruleset"
	"github.com/sakerhq/saker/engine/scap"
	"github.com/sakerhq/saker/rules"
)

// knownGaps are scenarios whose rule cannot fire yet, with the reason. A
// gap that starts firing fails the test, so the list cannot go stale.
var knownGaps = map[string]string{}

// TestVMScenarios boots each kernel with saker.ko and a static saker
// (scripts/vm/driver-test.sh --job scenario): saker runs live with the default rules
// while `saker eventgen --both` performs every scenario and its near miss.
// Each scenario must raise its rule, traced by the scenario's token in the
// command line the alert prints; no near miss may raise any alert. The
// capture recorded in the guest must read the same in sysdig -r and
// saker dump -r. A SIGHUP must load new rules and push their syscalls
// down, and keep them when the file is broken (checkReload); an overflowing
// ring must raise Falco's drop alert (checkDrops). Same switches as TestVM, and SAKER_VM_OUT=DIR keeps the
// results in DIR/<series>.
func TestVMScenarios(t *testing.T) {
	kernels, script := vmSetup(t)
	saker := filepath.Join(t.TempDir(), "saker")
	if out, err := exec.Command("go", "build", "-o", saker, "../../cmd/saker").CombinedOutput(); err != nil {
		t.Fatalf("build saker: %v\n%s", err, out)
	}
	for _, k := range kernels {
		series, root, _ := strings.Cut(k, ":")
		t.Run(series, func(t *testing.T) {
			// SAKER_VM_OUT keeps the guest's results (the capture among
			// them) for a look after the test.
			out := t.TempDir()
			if keep := os.Getenv("SAKER_VM_OUT"); keep != "" {
				out = filepath.Join(keep, series)
			}
			args := []string{"--job", "scenario", "--series", series, "--out", out, "--timeout", "240"}
			if root != "" {
				args = append(args, "--root", root)
			}
			start := time.Now()
			log, err := exec.Command(script, args...).CombinedOutput()
			t.Logf("driver-test.sh %s: %v in %v\n%s", strings.Join(args, " "), err, time.Since(start).Round(time.Second), log)
			checkVMResults(t, filepath.Join(out, "results.json"), scenarioChecks, false)
			checkScenarioAlerts(t, out)
			checkCaptureInterop(t, saker, filepath.Join(out, "capture.scap"))
			checkPushdownExact(t, saker, filepath.Join(out, "capture.scap"))
			checkReload(t, out)
			checkDrops(t, out)
			if err != nil {
				t.Fatalf("driver-test.sh --job scenario failed: %v", err)
			}
		})
	}
}

// scenarioChecks are the guest steps of a complete scenario run
// (cmd/saker-vmtest/scenarios.go).
var scenarioChecks = []string{"load", "eventgen-list", "live-start", "eventgen", "live-stop", "capture", "reload", "drops"}

type vmAlert struct {
	Rule   string `json:"rule"`
	Output string `json:"output"`
}

func checkScenarioAlerts(t *testing.T, out string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(out, "scenarios.json"))
	if err != nil {
		t.Fatalf("no scenario list: %v", err)
	}
	var scenarios []struct {
		Name, Rule string
	}
	if err := json.Unmarshal(b, &scenarios); err != nil || len(scenarios) == 0 {
		t.Fatalf("scenarios.json: %v (%d scenarios)", err, len(scenarios))
	}
	alerts, summary := readAlerts(t, filepath.Join(out, "alerts.json"))
	if !summary {
		t.Error("saker printed no summary: it did not stop cleanly")
	}
	for _, sc := range scenarios {
		hit, miss := "evgen:"+sc.Name+":hit", "evgen:"+sc.Name+":miss"
		fired := false
		for _, a := range alerts {
			if a.Rule == sc.Rule && strings.Contains(a.Output, hit) {
				fired = true
			}
			if strings.Contains(a.Output, miss) {
				t.Errorf("%s: the near miss raised %q: %s", sc.Name, a.Rule, a.Output)
			}
		}
		gap, isGap := knownGaps[sc.Name]
		switch {
		case isGap && fired:
			t.Errorf("%s: %q fired; remove it from knownGaps (%s)", sc.Name, sc.Rule, gap)
		case isGap:
			t.Logf("%s: no %q alert, a known gap: %s", sc.Name, sc.Rule, gap)
		case !fired:
			t.Errorf("%s: no %q alert with %s", sc.Name, sc.Rule, hit)
		}
	}
	t.Logf("%d alerts, %d scenarios", len(alerts), len(scenarios))
}

// readAlerts reads the JSON alerts saker printed to path, and whether its
// exit summary follows them.
func readAlerts(t *testing.T, path string) (alerts []vmAlert, summary bool) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no alerts: %v", err)
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		line := s.Bytes()
		if !bytes.HasPrefix(line, []byte("{")) {
			summary = summary || bytes.HasPrefix(line, []byte("Events read:"))
			continue
		}
		var a vmAlert
		if err := json.Unmarshal(line, &a); err != nil {
			t.Errorf("alert line %q: %v", line, err)
			continue
		}
		alerts = append(alerts, a)
	}
	return alerts, summary
}

// checkReload judges the reload phase (cmd/saker-vmtest/phases.go): rule A
// from the start; rule B, on a syscall only it needs, after the first
// SIGHUP; both still after a SIGHUP with a broken rules file, which saker
// must report.
func checkReload(t *testing.T, out string) {
	t.Helper()
	alerts, summary := readAlerts(t, filepath.Join(out, "reload.json"))
	if !summary {
		t.Error("reload: saker printed no summary: it did not stop cleanly")
	}
	has := func(rule, token string) bool {
		for _, a := range alerts {
			if a.Rule == rule && strings.Contains(a.Output, token) {
				return true
			}
		}
		return false
	}
	for _, w := range []struct{ rule, token, when string }{
		{"vm reload A", "vm-reload-a1", "before any reload"},
		{"vm reload A", "vm-reload-a2", "after adding rule B"},
		{"vm reload B", "vm-reload-b1", "after the SIGHUP that added it (its syscall pushed down)"},
		{"vm reload B", "vm-reload-b2", "after a SIGHUP with a broken rules file"},
	} {
		if !has(w.rule, w.token) {
			t.Errorf("reload: no %q alert for %s %s", w.rule, w.token, w.when)
		}
	}
	if has("vm reload B", "vm-reload-b0") {
		t.Error("reload: rule B fired before the reload that added it")
	}
	logb, _ := os.ReadFile(filepath.Join(out, "reload.log"))
	if n := bytes.Count(logb, []byte("received SIGHUP")); n != 2 {
		t.Errorf("reload: %d SIGHUPs logged, want 2", n)
	}
	if !bytes.Contains(logb, []byte("rules reload failed, keeping the loaded rules")) || !bytes.Contains(logb, []byte("no_such_macro")) {
		t.Errorf("reload: the broken rules file was not reported with its error:\n%s", logb)
	}
}

// checkPushdownExact replays the guest's capture of every scenario (events
// from saker.ko, both halves of every call) with the default rules, once
// whole and once with only the event types the live filter pushes down
// (detect.Engine.CaptureTypes, which leaves out most enter events). The
// alerts must be the same.
func checkPushdownExact(t *testing.T, saker, capture string) {
	t.Helper()
	l := ruleset.NewLoader(ruleset.WithFieldChecker(compile.Checker{}))
	if err := l.LoadBytes(rules.DefaultName, rules.Default); err != nil {
		t.Fatalf("default rules: %v", err)
	}
	set, _, err := l.Finish()
	if err != nil {
		t.Fatalf("default rules: %v", err)
	}
	eng, err := detect.New(set.Rules, detect.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keep := map[event.Type]bool{}
	for _, ty := range eng.CaptureTypes() {
		keep[ty] = true
	}
	filtered := filepath.Join(t.TempDir(), "filtered.scap")
	n, all, err := copyTypes(capture, filtered, func(ty event.Type) bool { return keep[ty] })
	if err != nil {
		t.Fatalf("pushdown: %v", err)
	}
	dropped := all - n
	alerts := func(path string) []string {
		out, err := exec.Command(saker, "-e", path, "-o", "json_output=true").Output()
		if err != nil {
			t.Fatalf("saker -e %s: %v", path, err)
		}
		var l []string
		for _, line := range strings.Split(string(out), "\n") {
			if strings.HasPrefix(line, "{") {
				l = append(l, line)
			}
		}
		return l
	}
	whole, narrow := alerts(capture), alerts(filtered)
	t.Logf("pushdown: %d of %d events pass the live filter, %d alerts", n, all, len(whole))
	if len(whole) == 0 {
		t.Fatal("pushdown: the capture raises no alert, so it proves nothing")
	}
	if dropped == 0 {
		t.Fatal("pushdown: the filter left out no event, so it proves nothing")
	}
	if !slices.Equal(whole, narrow) {
		t.Errorf("pushdown: %d alerts from the whole capture, %d from the filtered one", len(whole), len(narrow))
		for i := range max(len(whole), len(narrow)) {
			var a, b string
			if i < len(whole) {
				a = whole[i]
			}
			if i < len(narrow) {
				b = narrow[i]
			}
			if a != b {
				t.Errorf("first difference at alert %d:\nwhole:    %s\nfiltered: %s", i, a, b)
				break
			}
		}
	}
}

// droppedRe finds the driver's drop count in saker's exit summary.
var droppedRe = regexp.MustCompile(`dropped \(ring full\): (\d+)`)

// checkDrops judges the drop phase: with a 64 KiB ring under open/close
// loops the ring overflows, and saker raises Falco's drop alert and counts
// the drops in its summary.
func checkDrops(t *testing.T, out string) {
	t.Helper()
	alerts, _ := readAlerts(t, filepath.Join(out, "drops.json"))
	alerted := false
	for _, a := range alerts {
		if strings.Contains(a.Output, "syscall event drop") {
			alerted = true
		}
	}
	if !alerted {
		t.Errorf("drops: no syscall event drop alert among %d alerts", len(alerts))
	}
	var all []byte
	for _, n := range []string{"drops.json", "drops.log"} {
		b, _ := os.ReadFile(filepath.Join(out, n))
		all = append(all, b...)
	}
	m := droppedRe.FindSubmatch(all)
	if m == nil || string(m[1]) == "0" {
		t.Errorf("drops: the summary counts no ring-full drops (%q)", m)
	}
	if !bytes.Contains(all, []byte("syscall event drop")) {
		t.Error("drops: the drop was not logged")
	}
}

// interopFields are compared between sysdig 0.29 and saker dump on the
// guest's capture. evt.args is left out: execve's differ on purpose (README,
// "Field agreement with sysdig 0.29").
var interopFields = []string{
	"evt.rawtime", "evt.cpu", "thread.tid", "proc.pid", "proc.name", "evt.dir", "evt.type",
	"evt.rawres", "fd.num", "fd.name", "proc.exepath", "proc.cmdline", "proc.cwd", "user.uid", "container.id",
}

// interopSep separates the fields of a line; it never occurs in values.
const interopSep = "\x1f"

// copyTypes copies the capture at src to dst with only the events whose type
// keep accepts; it returns how many it kept of how many there were.
func copyTypes(src, dst string, keep func(event.Type) bool) (kept, all int, err error) {
	r, err := scap.Open(src)
	if err != nil {
		return 0, 0, err
	}
	defer r.Close()
	f, err := os.Create(dst)
	if err != nil {
		return 0, 0, err
	}
	kept, err = scap.Copy(r, f, scap.CopyOptions{Keep: func(_ uint16, ev []byte) bool {
		all++
		return keep(event.Type(binary.LittleEndian.Uint16(ev[20:])))
	}})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, 0, fmt.Errorf("copy %s: %w", src, err)
	}
	return kept, all, nil
}

// interopFormat prints every event ("*"), not only those sysdig shows by
// default, so the comparison covers all of the capture.
var interopFormat = "*%" + strings.Join(interopFields, interopSep+"%")

// execAlias matches the paths eventgen executes that are not the file
// itself: the symlinks `saker eventgen` makes to itself (the guest's
// /usr/bin/saker) to run a scenario under another program name, its copies
// and overlay mounts below its scratch directory, /proc/self/exe, and the
// memfd it runs through /proc/self/fd.
var execAlias = regexp.MustCompile(`^(/tmp/saker-eventgen-[^/]+/.+|/proc/self/exe|/proc/self/fd/[0-9]+)$`)

// interopDeliberate tells whether a field of one event may differ, and why:
// exactly the README's deliberate differences that this capture shows.
func interopDeliberate(field, sysdig, ours string) string {
	switch {
	case field == "evt.type" && sysdig == "sigreturn" && ours == "rt_sigreturn":
		return "syscall code 298 is named rt_sigreturn, as in current libs"
	case field == "proc.exepath" && ours != "" && ours != sysdig &&
		(execAlias.MatchString(sysdig) || ours == "/usr/bin/busybox"): // the guest's applets link to busybox
		return "execve's trusted_exepath (the resolved executable) is the exe path, as in current libs; 0.29 ignores it"
	}
	return ""
}

func checkCaptureInterop(t *testing.T, saker, capPath string) {
	t.Helper()
	sysdig, err := exec.LookPath("sysdig")
	if err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("sysdig is missing")
		}
		t.Log("sysdig missing: capture interop not checked")
		return
	}
	ref := exec.Command(sysdig, "-r", capPath, "-p", interopFormat)
	ref.Env = append(os.Environ(), "TZ=UTC")
	want, err := ref.Output()
	if err != nil {
		t.Errorf("sysdig -r %s: %v", capPath, err)
		return
	}
	// sysdig 0.29 skips the event types it does not know (newer than its
	// table, such as memfd_create's), so saker reads a copy without them;
	// evt.num is not compared for the same reason.
	known := filepath.Join(t.TempDir(), "known.scap")
	// Types past sysdig 0.29's table are the ones it does not know.
	if _, _, err := copyTypes(capPath, known, func(ty event.Type) bool { return ty < scap.PortableMaxEvent }); err != nil {
		t.Errorf("capture: %v", err)
		return
	}
	got, err := exec.Command(saker, "dump", "-r", known, "-p", interopFormat).Output()
	if err != nil {
		t.Errorf("saker dump -r %s: %v", capPath, err)
		return
	}
	wl := strings.Split(strings.TrimSpace(string(want)), "\n")
	gl := strings.Split(strings.TrimSpace(string(got)), "\n")
	if len(wl) < 100 {
		t.Errorf("sysdig read only %d events from the capture", len(wl))
	}
	if len(wl) != len(gl) {
		t.Errorf("sysdig read %d events, saker dump %d", len(wl), len(gl))
	}
	diffs := 0
	masked := map[string]int{}
	for i := 0; i < min(len(wl), len(gl)); i++ {
		if wl[i] == gl[i] {
			continue
		}
		wf, gf := strings.Split(wl[i], interopSep), strings.Split(gl[i], interopSep)
		same := len(wf) == len(interopFields) && len(gf) == len(interopFields)
		for j := 0; same && j < len(wf); j++ {
			if wf[j] == gf[j] {
				continue
			}
			why := interopDeliberate(interopFields[j], wf[j], gf[j])
			if why == "" {
				same = false
				break
			}
			masked[why]++
		}
		if same {
			continue
		}
		if diffs++; diffs <= 5 {
			t.Errorf("line %d:\nsysdig: %s\nsaker:  %s", i+1,
				strings.ReplaceAll(wl[i], interopSep, " "), strings.ReplaceAll(gl[i], interopSep, " "))
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d lines differ", diffs, len(wl))
	}
	for why, n := range masked {
		t.Logf("%d fields differ on purpose: %s", n, why)
	}
	// The workload the guest ran during the capture is in it.
	name, typ, fdName := slices.Index(interopFields, "proc.name"), slices.Index(interopFields, "evt.type"), slices.Index(interopFields, "fd.name")
	shadow := false
	for _, l := range wl {
		f := strings.Split(l, interopSep)
		shadow = shadow || len(f) == len(interopFields) && f[name] == "cat" && f[typ] == "openat" && f[fdName] == "/etc/shadow"
	}
	if !shadow {
		t.Error("the capture lacks cat's open of /etc/shadow")
	}
	t.Logf("capture: %d events read identically by sysdig and saker dump", len(wl))
}
