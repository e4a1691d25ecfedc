package boot

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// step is one result line run.sh must report as PASS, and text its detail
// must contain, so that a PASS printed for the wrong reason still fails.
type step struct {
	name string
	want []string
}

// steps lists every check of scripts/e2e/run.sh and guest-test.sh, in order.
// A step with no line at all fails too: the run stopped before it.
func steps(oldVer, newVer string) []step {
	quick := func(phase, series string) []step {
		return []step{
			{phase + ".boot", []string{series + ".", "booted and powered off"}},
			{phase + ".modprobe", []string{"/lib/modules/" + series + ".", "/updates/dkms/saker.ko"}},
			{phase + ".device", nil},
			{phase + ".start", nil},
			{phase + ".running", []string{"ActiveState=active"}},
			{phase + ".shadow", nil},
			{phase + ".shadow_alert", []string{"Sensitive file opened for reading by untrusted program (file=/etc/shadow command=cat /etc/shadow"}},
		}
	}
	s := []step{
		{"chroot.install_old", []string{oldVer}},
		{"chroot.edit", nil},
		{"chroot.upgrade", []string{newVer + " over " + oldVer}},
		{"chroot.upgraded", []string{newVer + " install ok installed"}},
		{"chroot.conffile_kept", nil},
		{"chroot.no_conffile_copies", nil},
		{"chroot.dkms_61", []string{"saker/" + newVer + " installed for 6.1.", "/updates/dkms/saker.ko"}},
		{"chroot.kernel_612", nil},
		{"chroot.dkms_612", []string{"saker/" + newVer + " installed for 6.12.", "/updates/dkms/saker.ko"}},
	}
	s = append(s, quick("boot612", "6.12")...)
	s = append(s, step{"boot612.stop", nil}, step{"boot612.unload", nil})
	s = append(s, quick("boot61", "6.1")...)
	return append(s,
		step{"boot61.rules_d_configured", []string{"/etc/saker/rules.d"}},
		step{"boot61.reload", nil},
		step{"boot61.reload_loaded", nil},
		step{"boot61.custom_alert", []string{"saker-e2e custom rule fired (file=/etc/saker-e2e-marker command=cat /etc/saker-e2e-marker)"}},
		step{"boot61.stop", nil},
		step{"boot61.stopped", []string{"ActiveState=inactive"}},
		step{"boot61.unload", nil},
		step{"boot61.unloaded", nil},
		step{"boot61.purge", nil},
		step{"boot61.purged_ko", nil},
		step{"boot61.purged_dkms", nil},
		step{"boot61.purged_src", nil},
		step{"boot61.purged_unit", []string{"LoadState=not-found"}},
		step{"boot61.purged_etc", nil},
		step{"boot61.purged_dpkg", nil},
	)
}

// TestBootedDebian installs an older saker .deb in Debian 12, upgrades it,
// upgrades the kernel to 6.12, boots the 6.12 and the 6.1 cloud kernels
// under qemu and uses saker there: module, service, alerts, a rules.d rule
// with a reload, stop, unload and purge (scripts/e2e/run.sh).
func TestBootedDebian(t *testing.T) {
	if os.Getenv("SAKER_BOOT_TESTS") != "1" {
		t.Skip("boots Debian 12 under qemu for several minutes; run with SAKER_BOOT_TESTS=1 (make test-boot)")
	}
	if os.Geteuid() != 0 {
		t.Fatal("needs root: debootstrap, chroot, dpkg in the chroot")
	}
	for tool, pkg := range map[string]string{
		"debootstrap": "debootstrap", "qemu-system-x86_64": "qemu-system-x86",
		"mkfs.ext4": "e2fsprogs", "debugfs": "e2fsprogs", "dpkg-deb": "dpkg",
	} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing (apt-get install %s; make test-deps)", tool, pkg)
		}
	}
	root := repoRoot(t)
	dir := t.TempDir()

	bin := filepath.Join(dir, "saker")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, "./cmd/saker")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/saker: %v\n%s", err, out)
	}
	oldDeb, oldVer := mkpkg(t, root, bin, "v0.0.1", filepath.Join(dir, "old"))
	newDeb, newVer := mkpkg(t, root, bin, "v0.0.2", filepath.Join(dir, "new"))

	out := filepath.Join(dir, "out")
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		// Leave time to report what the run left behind.
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-time.Minute))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, filepath.Join(root, "scripts", "e2e", "run.sh"),
		"--old-deb", oldDeb, "--new-deb", newDeb, "--out", out)
	// qemu and dpkg run below the script: stop the whole group, and let the
	// script's EXIT trap unmount its chroot.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM) }
	cmd.WaitDelay = 30 * time.Second
	var log bytes.Buffer
	var w io.Writer = &log
	if testing.Verbose() {
		w = io.MultiWriter(&log, os.Stdout)
	}
	cmd.Stdout, cmd.Stderr = w, w
	start := time.Now()
	runErr := cmd.Run()
	t.Logf("run.sh took %v", time.Since(start).Round(time.Second))

	got, err := readResults(filepath.Join(out, "results.txt"))
	if err != nil {
		t.Errorf("run.sh left no results: %v\n%s", err, tail(log.String(), 40))
	}
	known := map[string]bool{}
	for _, s := range steps(oldVer, newVer) {
		known[s.name] = true
		t.Run(s.name, func(t *testing.T) {
			r, ok := got[s.name]
			switch {
			case !ok:
				t.Fatalf("no result line: the run stopped before this step")
			case r.status != "PASS":
				t.Fatalf("%s: %s", r.status, r.detail)
			}
			for _, w := range s.want {
				if !strings.Contains(r.detail, w) {
					t.Errorf("PASS, but the detail lacks %q: %s", w, r.detail)
				}
			}
		})
	}
	// A check the list above does not know must not fail unnoticed either.
	for name, r := range got {
		if !known[name] && r.status != "PASS" {
			t.Errorf("%s: %s: %s", name, r.status, r.detail)
		}
	}
	if runErr != nil {
		t.Errorf("run.sh: %v", runErr)
	}
	if t.Failed() {
		dumpTails(t, out)
	}
}

type result struct{ status, detail string }

// readResults parses "RESULT PHASE.STEP STATUS DETAIL" lines.
func readResults(path string) (map[string]result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("results: %w", err)
	}
	defer f.Close()
	res := map[string]result{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 4)
		if len(f) < 3 || f[0] != "RESULT" {
			continue
		}
		r := result{status: f[2]}
		if len(f) == 4 {
			r.detail = f[3]
		}
		// A step reported twice keeps its first failure.
		if prev, ok := res[f[1]]; ok && prev.status != "PASS" {
			continue
		}
		res[f[1]] = r
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("results %s: %w", path, err)
	}
	return res, nil
}

// dumpTails logs the end of every log the run wrote.
func dumpTails(t *testing.T, out string) {
	t.Helper()
	for _, pat := range []string{"chroot.log", "*.serial.log", "*.journal"} {
		files, _ := filepath.Glob(filepath.Join(out, pat))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			t.Logf("--- last lines of %s:\n%s", filepath.Base(f), tail(string(data), 60))
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// mkpkg builds the packages of one version as `make packages` does and
// returns the .deb and its package version.
func mkpkg(t *testing.T, root, bin, version, out string) (deb, pkgVersion string) {
	t.Helper()
	cmd := exec.Command("go", "run", "./packaging/cmd/mkpkg", "-binary", bin, "-version", version, "-out", out)
	cmd.Dir = root
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("mkpkg -version %s: %v\n%s", version, err, stderr.String())
	}
	for _, l := range strings.Fields(stdout.String()) {
		if strings.HasSuffix(l, ".deb") {
			deb = l
		}
	}
	if deb == "" {
		t.Fatalf("mkpkg -version %s printed no .deb:\n%s", version, stdout.String())
	}
	v, err := exec.Command("dpkg-deb", "-f", deb, "Version").Output()
	if err != nil {
		t.Fatalf("dpkg-deb -f %s Version: %v", deb, err)
	}
	return deb, strings.TrimSpace(string(v))
}

// repoRoot is the repository's root, from this file's location.
func repoRoot(t *testing.T) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}
