package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// runScenarioPhase runs saker live with its default rules while
// "saker eventgen --both" performs every scenario and its near miss, then
// records a capture with "saker capture", then runs the reload and drop
// phases (phases.go). Everything goes to out for the host to check
// (engine/live TestVMScenarios): alerts.json, saker.log, eventgen.txt,
// scenarios.json, capture.scap, reload.{json,log}, drops.{json,log}.
func runScenarioPhase(ko, saker, out string) {
	_ = unload()
	if err := setupNetwork(); err != nil {
		record("network", false, "%v", err)
		return
	}
	// Something answers at the Kubernetes API address, as in a cluster.
	ln, err := listenAndDrop()
	if err != nil {
		record("listen", false, "%v", err)
		return
	}
	defer ln.Close()
	t0 := time.Now()
	if err := load(ko, ""); err != nil {
		record("load", false, "%v", err)
		return
	}
	defer func() { _ = unload() }()
	record("load", true, "")

	list, err := exec.Command(saker, "eventgen", "--list", "--json").Output()
	record("eventgen-list", err == nil && json.Valid(list), "%v", err)
	_ = os.WriteFile(filepath.Join(out, "scenarios.json"), list, 0o644)

	alerts, _ := os.Create(filepath.Join(out, "alerts.json"))
	logf, _ := os.Create(filepath.Join(out, "saker.log"))
	defer alerts.Close()
	defer logf.Close()
	live := exec.Command(saker, "-o", "json_output=true", "-o", "log_level=debug", "-o", "priority=debug")
	live.Stdout, live.Stderr = alerts, logf
	if err := live.Start(); err != nil {
		record("live-start", false, "%v", err)
		return
	}
	ready := waitFor(filepath.Join(out, "saker.log"), "reading events from", 60*time.Second)
	rep.Numbers["live_start_seconds"] = time.Since(t0).Seconds()
	record("live-start", ready, "saker live ready after %.1fs", time.Since(t0).Seconds())
	if !ready {
		_ = live.Process.Kill()
		_ = live.Wait()
		return
	}
	t1 := time.Now()
	var gen bytes.Buffer
	eg := exec.Command(saker, "eventgen", "--both")
	eg.Stdout, eg.Stderr = &gen, &gen
	eg.Dir = "/tmp"
	err = eg.Run()
	rep.Numbers["eventgen_seconds"] = time.Since(t1).Seconds()
	_ = os.WriteFile(filepath.Join(out, "eventgen.txt"), gen.Bytes(), 0o644)
	record("eventgen", err == nil, "%v: %s", err, lastLines(gen.String(), 4))

	// Give the reader time to drain, then stop it as a user would.
	time.Sleep(time.Second)
	_ = live.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- live.Wait() }()
	select {
	case err = <-done:
		record("live-stop", err == nil, "exit: %v", err)
	case <-time.After(30 * time.Second):
		_ = live.Process.Kill()
		<-done
		record("live-stop", false, "saker did not stop within 30s of SIGINT")
	}

	// A capture of every scenario, for sysdig -r and saker dump -r on the
	// host, and to replay with and without the live filter.
	t2 := time.Now()
	capPath := filepath.Join(out, "capture.scap")
	var capOut bytes.Buffer
	capCmd := exec.Command(saker, "capture", "-w", capPath, "-M", "8")
	capCmd.Stdout, capCmd.Stderr = &capOut, &capOut
	if err := capCmd.Start(); err != nil {
		record("capture", false, "%v", err)
		return
	}
	time.Sleep(2 * time.Second)
	_ = exec.Command(bin+"cat", "/etc/shadow").Run()
	eg2 := exec.Command(saker, "eventgen", "--both")
	eg2.Dir = "/tmp"
	_ = eg2.Run()
	err = capCmd.Wait()
	st, _ := os.Stat(capPath)
	size := int64(0)
	if st != nil {
		size = st.Size()
	}
	rep.Numbers["capture_seconds"] = time.Since(t2).Seconds()
	rep.Numbers["capture_bytes"] = float64(size)
	record("capture", err == nil && size > 0, "%v: %s", err, strings.TrimSpace(capOut.String()))

	runReloadPhase(saker, out)
	runDropPhase(ko, saker, out)
}

// waitFor polls a file until it contains s.
func waitFor(path, s string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if b, _ := os.ReadFile(path); bytes.Contains(b, []byte(s)) {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return fmt.Sprint(strings.Join(l, " | "))
}
