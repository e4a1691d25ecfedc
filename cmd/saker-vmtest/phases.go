package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// The reload and drop phases of the scenario job. The guest only runs
// them and keeps what saker printed; engine/live's TestVMScenarios judges
// the alerts on the host.

// Rules of the reload phase. Rule B needs symlinkat, which neither rule A
// nor the state tracker needs, so it can fire only if the reload also
// pushed the new syscall set down to the driver.
const (
	reloadRulesA = `- rule: vm reload A
  desc: a directory named for the reload test is made
  condition: evt.type = mkdirat and evt.dir = < and evt.arg.path contains vm-reload-a
  output: reload rule A (path=%evt.arg.path)
  priority: WARNING
`
	reloadRulesB = reloadRulesA + `
- rule: vm reload B
  desc: a symbolic link named for the reload test is made
  condition: evt.type = symlinkat and evt.dir = < and evt.arg.linkpath contains vm-reload-b
  output: reload rule B (path=%evt.arg.linkpath)
  priority: WARNING
`
	// A rules file that does not compile: the reload must keep B.
	reloadRulesBroken = `- rule: vm reload broken
  desc: refers to a macro nobody defined
  condition: evt.type = open and no_such_macro
  output: never
  priority: WARNING
`
)

// startSaker runs saker with args, its stdout into out/NAME.json and its
// log into out/NAME.log, and waits until it reads events.
func startSaker(saker, out, name string, args ...string) (*exec.Cmd, error) {
	stdout, err := os.Create(filepath.Join(out, name+".json"))
	if err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(out, name+".log"))
	if err != nil {
		stdout.Close()
		return nil, err
	}
	cmd := exec.Command(saker, append([]string{"-o", "json_output=true", "-o", "log_level=debug"}, args...)...)
	cmd.Stdout, cmd.Stderr = stdout, logf
	if err := cmd.Start(); err != nil {
		stdout.Close()
		logf.Close()
		return nil, err
	}
	// The files stay open in the child; ours can go.
	stdout.Close()
	logf.Close()
	if !waitFor(filepath.Join(out, name+".log"), "reading events from", 60*time.Second) {
		_ = stopSaker(cmd)
		return nil, fmt.Errorf("%s: saker never started reading events", name)
	}
	return cmd, nil
}

// stopSaker stops saker as a user would and waits for it.
func stopSaker(cmd *exec.Cmd) error {
	_ = cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		_ = cmd.Process.Kill()
		<-done
		return fmt.Errorf("saker did not stop within 30s of SIGINT")
	}
}

// countIn counts the occurrences of s in the file at path.
func countIn(path, s string) int {
	b, _ := os.ReadFile(path)
	return bytes.Count(b, []byte(s))
}

// runReloadPhase: saker live with rule A; SIGHUP after adding rule B; SIGHUP
// again with a broken file. Each step triggers its rules; reload.json and
// reload.log are judged on the host.
func runReloadPhase(saker, out string) {
	dir, err := os.MkdirTemp("", "reload")
	if err != nil {
		record("reload", false, "%v", err)
		return
	}
	rules := filepath.Join(dir, "rules.yaml")
	if err := os.WriteFile(rules, []byte(reloadRulesA), 0o644); err != nil {
		record("reload", false, "%v", err)
		return
	}
	cmd, err := startSaker(saker, out, "reload", "-r", rules)
	if err != nil {
		record("reload", false, "%v", err)
		return
	}
	logPath := filepath.Join(out, "reload.log")
	hup := func(content, step string) bool {
		if err := os.WriteFile(rules, []byte(content), 0o644); err != nil {
			record("reload", false, "%s: %v", step, err)
			return false
		}
		before := countIn(logPath, "received SIGHUP")
		_ = cmd.Process.Signal(syscall.SIGHUP)
		deadline := time.Now().Add(30 * time.Second)
		for countIn(logPath, "received SIGHUP") == before && time.Now().Before(deadline) {
			time.Sleep(50 * time.Millisecond)
		}
		// The reload compiles aside; give it time to be swapped in.
		time.Sleep(2 * time.Second)
		return true
	}
	touch := func(name string) { _ = os.Symlink("/etc/hostname", filepath.Join(dir, name)) }
	// Step 1: rule A only, so B's trigger must stay silent.
	_ = os.Mkdir(filepath.Join(dir, "vm-reload-a1"), 0o755)
	touch("vm-reload-b0")
	time.Sleep(time.Second)
	// Step 2: rule B added.
	if !hup(reloadRulesB, "add B") {
		_ = stopSaker(cmd)
		return
	}
	touch("vm-reload-b1")
	_ = os.Mkdir(filepath.Join(dir, "vm-reload-a2"), 0o755)
	time.Sleep(time.Second)
	// Step 3: a broken file; A and B stay.
	if !hup(reloadRulesBroken, "broken") {
		_ = stopSaker(cmd)
		return
	}
	touch("vm-reload-b2")
	time.Sleep(2 * time.Second)
	err = stopSaker(cmd)
	record("reload", err == nil, "saker exit: %v", err)
}

// runDropPhase loads the module with the smallest ring and runs saker live
// with its default rules while open/close loops flood it: the ring
// overflows, and saker must say so as Falco does (drops.json, drops.log).
func runDropPhase(ko, saker, out string) {
	if err := unload(); err != nil {
		record("drops", false, "unload before the drop phase: %v", err)
		return
	}
	if err := load(ko, "ring_bytes=65536"); err != nil {
		record("drops", false, "load with a 64 KiB ring: %v", err)
		return
	}
	cmd, err := startSaker(saker, out, "drops")
	if err != nil {
		record("drops", false, "%v", err)
		return
	}
	self, _ := os.Executable()
	var loops []*exec.Cmd
	for i := 0; i < 2; i++ {
		l := exec.Command(self, "loop", "openclose", "4")
		if err := l.Start(); err == nil {
			loops = append(loops, l)
		}
	}
	for _, l := range loops {
		_ = l.Wait()
	}
	time.Sleep(2 * time.Second)
	err = stopSaker(cmd)
	record("drops", err == nil && len(loops) == 2, "saker exit: %v, %d loops", err, len(loops))
}
