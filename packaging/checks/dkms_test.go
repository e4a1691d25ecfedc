package checks

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// dkmsRun runs the real dkms on private trees (nothing in /var/lib/dkms or
// /lib/modules changes) and returns its output and exit status.
func dkmsRun(t *testing.T, trees string, args ...string) (string, int) {
	t.Helper()
	args = append(args, "--dkmstree", filepath.Join(trees, "dkms"), "--sourcetree", filepath.Join(trees, "src"),
		"--installtree", filepath.Join(trees, "modules"))
	out, err := exec.Command("dkms", args...).CombinedOutput()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &ee):
		return string(out), ee.ExitCode()
	}
	t.Fatalf("dkms: %v", err)
	return "", -1
}

// dkmsTrees registers the packaged sources (with conf as their dkms.conf
// when given) in fresh private trees.
func dkmsTrees(t *testing.T, pkgRoot string, conf []byte) string {
	t.Helper()
	trees := t.TempDir()
	src := filepath.Join(trees, "src", "saker-"+wantVersion)
	if err := os.MkdirAll(filepath.Join(trees, "src"), 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, "cp", "-a", filepath.Join(pkgRoot, "usr/src/saker-"+wantVersion), filepath.Join(trees, "src")+"/")
	if conf != nil {
		if err := os.WriteFile(filepath.Join(src, "dkms.conf"), conf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []string{"dkms", "modules"} {
		if err := os.MkdirAll(filepath.Join(trees, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if out, code := dkmsRun(t, trees, "add", "-m", "saker", "-v", wantVersion); code != 0 {
		t.Fatalf("dkms add: exit %d\n%s", code, out)
	}
	return trees
}

// TestDKMSUnsupportedKernel checks that autoinstall for a kernel outside
// the supported range succeeds without building, which Debian 12's dkms
// does not do for BUILD_EXCLUSIVE_KERNEL alone (it fails the kernel
// package's configuration), and that a direct build is refused with 77.
func TestDKMSUnsupportedKernel(t *testing.T) {
	needTool(t, "dkms", "dkms")
	if os.Geteuid() != 0 {
		t.Skip("dkms autoinstall needs root")
	}
	pkgRoot := extractDeb(t)
	const unsupported = "7.3.0-saker-test-amd64"

	trees := dkmsTrees(t, pkgRoot, nil)
	out, code := dkmsRun(t, trees, "autoinstall", "-k", unsupported)
	if code != 0 {
		t.Errorf("dkms autoinstall -k %s: exit %d\n%s", unsupported, code, out)
	}
	if strings.Contains(out, "Building module") {
		t.Errorf("autoinstall built for an unsupported kernel:\n%s", out)
	}
	if out, code := dkmsRun(t, trees, "build", "-m", "saker", "-v", wantVersion, "-k", unsupported); code != 77 {
		t.Errorf("dkms build -k %s: exit %d, want 77 (BUILD_EXCLUSIVE_KERNEL)\n%s", unsupported, code, out)
	}

	// The control: the same sources with AUTOINSTALL unconditional. Where
	// dkms fails this, the gating above is what keeps kernel installs
	// working; where it passes, this dkms already skips such modules.
	conf, err := os.ReadFile(filepath.Join(pkgRoot, "usr/src/saker-"+wantVersion, "dkms.conf"))
	if err != nil {
		t.Fatal(err)
	}
	ungated := regexp.MustCompile(`(?m)^if \[\[ \$\(skr_autoinstall_kernel\).*$`).ReplaceAll(conf, []byte(`AUTOINSTALL="yes"; if false; then`))
	if string(ungated) == string(conf) {
		t.Fatal("dkms.conf no longer gates AUTOINSTALL on skr_autoinstall_kernel")
	}
	ctl := dkmsTrees(t, pkgRoot, ungated)
	if out, code := dkmsRun(t, ctl, "autoinstall", "-k", unsupported); code == 0 {
		t.Logf("this dkms skips BUILD_EXCLUSIVE modules in autoinstall by itself:\n%s", out)
	} else {
		t.Logf("without the gating, this dkms's autoinstall fails (exit %d), as Debian 12's does", code)
	}
}

// TestDKMSBuild builds the packaged module with dkms for an installed,
// supported kernel that has headers.
func TestDKMSBuild(t *testing.T) {
	needTool(t, "dkms", "dkms")
	supported := regexp.MustCompile(`^(5\.1[0-9]|6\.([0-9]|1[0-2]))\.`)
	var kernel string
	dirs, _ := filepath.Glob("/lib/modules/*/build/include")
	for _, d := range dirs {
		k := filepath.Base(filepath.Dir(filepath.Dir(d)))
		if supported.MatchString(k) {
			kernel = k
			break
		}
	}
	if kernel == "" {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("no supported kernel's headers installed (apt-get install linux-headers-amd64)")
		}
		t.Skip("no supported kernel's headers installed")
	}
	trees := dkmsTrees(t, extractDeb(t), nil)
	out, code := dkmsRun(t, trees, "build", "-m", "saker", "-v", wantVersion, "-k", kernel)
	if code != 0 {
		t.Fatalf("dkms build -k %s: exit %d\n%s", kernel, code, out)
	}
	m, _ := filepath.Glob(filepath.Join(trees, "dkms/saker", wantVersion, kernel, "*/module/saker.ko*"))
	if len(m) != 1 {
		t.Fatalf("dkms build left %v, want one saker.ko\n%s", m, out)
	}
	if info := run(t, "modinfo", "-F", "vermagic", m[0]); !strings.HasPrefix(info, kernel+" ") {
		t.Errorf("saker.ko vermagic %q, want kernel %s", info, kernel)
	}
}
