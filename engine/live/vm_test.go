package live

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestVM builds saker.ko, boots Debian kernels under qemu with the in-guest
// runner cmd/saker-vmtest (scripts/vm/driver-test.sh) and asserts its
// checks. It runs only with SAKER_VM_TESTS=1, as root; then a missing qemu
// or kernel is a failure, not a skip.
//
// SAKER_VM_KERNELS lists the kernels, space separated, each a series found
// in /boot ("6.1") or series:root for a tree unpacked by kernel-fetch.sh
// ("5.10:/var/cache/saker-vm/root-5.10"). Default: "6.1".
func TestVM(t *testing.T) {
	kernels, script := vmSetup(t)
	for _, k := range kernels {
		series, root, _ := strings.Cut(k, ":")
		t.Run(series, func(t *testing.T) {
			out := t.TempDir()
			args := []string{"--series", series, "--out", out}
			if root != "" {
				args = append(args, "--root", root)
			}
			start := time.Now()
			cmd := exec.Command(script, args...)
			log, err := cmd.CombinedOutput()
			t.Logf("driver-test.sh %s: %v in %v\n%s", strings.Join(args, " "), err, time.Since(start).Round(time.Second), log)
			checkVMResults(t, filepath.Join(out, "results.json"), required, true)
			if err != nil {
				t.Fatalf("driver-test.sh failed: %v", err)
			}
		})
	}
}

// required are the checks a complete run must contain: a runner that stops
// early, or skips a phase, fails here rather than passing quietly.
var required = []string{
	"load", "device", "ioctl-info", "ioctl-snaplen-too-big", "ioctl-filter-bad-pointer",
	"ioctl-unknown-request", "mmap-wrong-size", "open-exclusive", "unload-refused-while-open",
	"open", "drain", "rows-complete", "timestamp-order", "execve", "clone-child-first",
	"openat-shadow", "read-shadow", "touch-creat", "mkdir", "connect", "socket",
	"procexit", "generic", "stats", "filter", "unload", "cycles", "dmesg-clean",
	// The syscalls helper's calls (cmd/saker-vmtest checkSyscalls).
	"listen", "sendto", "sendto-connected", "recvfrom", "sendto6", "recvfrom6", "pipe", "pipe2", "rmdir",
	"link", "linkat", "chmod", "fchmod", "fchmodat", "chown", "lchown", "fchown",
	"fchownat", "mount", "umount2", "bpf", "kill", "prctl-set-name",
	"prctl-set-subreaper", "prctl-get-subreaper", "unshare", "setresgid", "setresuid",
}

// checkVMResults reads a guest's results: every check must pass and those
// in want must be there; merge also requires events from every CPU.
func checkVMResults(t *testing.T, path string, want []string, merge bool) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("guest left no results: %v", err)
	}
	var rep struct {
		Kernel string
		CPUs   int
		Checks []struct {
			Name   string
			OK     bool
			Detail string
		}
		Numbers map[string]float64
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	t.Logf("kernel %s, %d CPUs, numbers %v", rep.Kernel, rep.CPUs, rep.Numbers)
	seen := map[string]bool{}
	for _, c := range rep.Checks {
		seen[c.Name] = true
		if !c.OK {
			t.Errorf("%s: %s", c.Name, c.Detail)
		}
	}
	for _, name := range want {
		if !seen[name] {
			t.Errorf("check %q did not run", name)
		}
	}
	if merge && rep.Numbers["workload_cpus_seen"] < 2 && rep.CPUs >= 2 {
		t.Errorf("events came from %v CPUs of %d: the merge was not exercised", rep.Numbers["workload_cpus_seen"], rep.CPUs)
	}
}

// vmSetup skips unless SAKER_VM_TESTS=1 and returns the kernels to boot
// (SAKER_VM_KERNELS, default 6.1) and the path of the VM script.
func vmSetup(t *testing.T) (kernels []string, script string) {
	t.Helper()
	if os.Getenv("SAKER_VM_TESTS") != "1" {
		t.Skip("set SAKER_VM_TESTS=1 to boot kernels under qemu")
	}
	if _, err := exec.LookPath("qemu-system-x86_64"); err != nil {
		t.Fatal("SAKER_VM_TESTS=1 but qemu-system-x86_64 is missing")
	}
	kernels = strings.Fields(os.Getenv("SAKER_VM_KERNELS"))
	if len(kernels) == 0 {
		kernels = []string{"6.1"}
	}
	script, err := filepath.Abs("../../scripts/vm/driver-test.sh")
	if err != nil {
		t.Fatal(err)
	}
	return kernels, script
}
