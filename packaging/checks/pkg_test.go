// Package checks tests what `make packages` and the Helm chart produce,
// with the tools that consume them: dpkg-deb, rpm, systemd-analyze, groff,
// dkms, helm and kubeconform.
package checks

import (
	"bytes"
	"compress/gzip"
	"debug/elf"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sakerhq/saker/packaging/build"
	"github.com/sakerhq/saker/packaging/manpage"
)

// repoRoot is the repository's root, from this file's location.
func repoRoot(t testing.TB) string {
	t.Helper()
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("cannot locate the test source")
	}
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// needTool skips (or fails, with SAKER_REQUIRE_REFERENCE=1) when a tool is
// missing.
func needTool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatalf("%s is missing (apt-get install %s)", name, pkg)
		}
		t.Skipf("%s is missing (apt-get install %s)", name, pkg)
	}
	return p
}

// run runs a command and fails the test on error, returning stdout.
func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s%s", name, strings.Join(args, " "), err, out.String(), errb.String())
	}
	return out.String()
}

// built is the result of one package build shared by the tests.
type built struct {
	dir    string // holds the binary and the packages
	binary string
	res    build.Result
	err    error
}

var (
	buildOnce sync.Once
	pkgs      built
)

// packages builds saker (static) and both packages once per test binary.
func packages(t testing.TB) *built {
	t.Helper()
	buildOnce.Do(func() {
		root := repoRoot(t)
		dir, err := os.MkdirTemp("", "saker-checks-")
		if err != nil {
			pkgs.err = err
			return
		}
		pkgs.dir = dir
		pkgs.binary = filepath.Join(dir, "saker")
		cmd := exec.Command("go", "build", "-trimpath", "-o", pkgs.binary, "./cmd/saker")
		cmd.Dir = root
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			pkgs.err = &buildError{string(out), err}
			return
		}
		pkgs.res, pkgs.err = build.Build(build.Options{
			Root: root, Binary: pkgs.binary, Describe: "v0.3.0-2-g1a2b3c4",
			OutDir: filepath.Join(dir, "dist"), MTime: time.Unix(1700000000, 0),
		})
	})
	if pkgs.err != nil {
		t.Fatalf("building the packages: %v", pkgs.err)
	}
	return &pkgs
}

// cleanup lists directories shared by several tests, removed at the end.
var cleanup []string

type buildError struct {
	out string
	err error
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

func TestMain(m *testing.M) {
	code := m.Run()
	if pkgs.dir != "" {
		os.RemoveAll(pkgs.dir)
	}
	for _, d := range cleanup {
		os.RemoveAll(d)
	}
	os.Exit(code)
}

// wantVersion is what build.PackageVersion makes of the Describe above.
const wantVersion = "0.3.0+2.g1a2b3c4"

// The files both packages must install, with their modes.
var wantFiles = map[string]os.FileMode{
	"/usr/bin/saker":                               0o755,
	"/etc/saker/saker.yaml":                        0o644,
	"/etc/saker/saker_rules.yaml":                  0o644,
	"/etc/saker/saker_rules.local.yaml":            0o644,
	"/usr/lib/systemd/system/saker.service":        0o644,
	"/usr/lib/saker/saker-dkms":                    0o755,
	"/usr/lib/saker/driver-loader":                 0o755,
	"/usr/share/saker/modules-load.conf.example":   0o644,
	"/usr/share/saker/modprobe.conf.example":       0o644,
	"/usr/share/man/man8/saker.8.gz":               0o644,
	"/usr/share/doc/saker/LICENSE":                 0o644,
	"/usr/share/doc/saker/LICENSE.driver":          0o644,
	"/usr/share/doc/saker/copyright":               0o644,
	"/usr/share/doc/saker/README.md":               0o644,
	"/usr/src/saker-" + wantVersion + "/dkms.conf": 0o644,
	"/usr/src/saker-" + wantVersion + "/Kbuild":    0o644,
	"/usr/src/saker-" + wantVersion + "/Makefile":  0o644,
}

// driverFiles lists the module's sources the packages must carry, from
// the repository's driver/ (the Go generator excluded).
func driverFiles(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "driver")
	var out []string
	for _, pat := range []string{"*.c", "*.h", "probes/*.c"} {
		m, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, f := range m {
			rel, _ := filepath.Rel(dir, f)
			out = append(out, "/usr/src/saker-"+wantVersion+"/"+filepath.ToSlash(rel))
		}
	}
	if len(out) < 3 {
		t.Fatalf("driver/ has only %d sources", len(out))
	}
	return out
}

func TestPackageNames(t *testing.T) {
	p := packages(t)
	if p.res.Version != wantVersion {
		t.Errorf("version %q, want %q", p.res.Version, wantVersion)
	}
	if got, want := filepath.Base(p.res.Deb), "saker_"+wantVersion+"_amd64.deb"; got != want {
		t.Errorf("deb %s, want %s", got, want)
	}
	if got, want := filepath.Base(p.res.RPM), "saker-"+wantVersion+".x86_64.rpm"; got != want {
		t.Errorf("rpm %s, want %s", got, want)
	}
}

// debListing parses `dpkg-deb -c`: path -> permission string.
func debListing(t *testing.T, deb string) map[string]string {
	out := run(t, "dpkg-deb", "-c", deb)
	files := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		if len(f) < 6 {
			t.Fatalf("dpkg-deb -c line %q", line)
		}
		path := strings.TrimSuffix(strings.TrimPrefix(f[len(f)-1], "."), "/")
		files[path] = f[0]
	}
	return files
}

func modeString(m os.FileMode) string { return "-" + m.Perm().String()[1:] }

func TestDebContents(t *testing.T) {
	needTool(t, "dpkg-deb", "dpkg")
	p := packages(t)
	files := debListing(t, p.res.Deb)
	for path, mode := range wantFiles {
		got, ok := files[path]
		if !ok {
			t.Errorf("deb lacks %s", path)
			continue
		}
		if got != modeString(mode) {
			t.Errorf("deb %s: mode %s, want %s", path, got, modeString(mode))
		}
	}
	for _, f := range driverFiles(t) {
		if _, ok := files[f]; !ok {
			t.Errorf("deb lacks driver source %s", f)
		}
	}
	if m, ok := files["/etc/saker/rules.d"]; !ok || !strings.HasPrefix(m, "d") {
		t.Errorf("deb lacks the directory /etc/saker/rules.d (%q)", m)
	}
	for path := range files {
		if strings.Contains(path, "/gen/") || strings.HasSuffix(path, ".go") {
			t.Errorf("deb carries the generator's %s", path)
		}
		if strings.HasPrefix(path, "/etc/modules-load.d") || strings.HasPrefix(path, "/etc/modprobe.d") ||
			strings.HasPrefix(path, "/usr/lib/modules-load.d") || strings.HasPrefix(path, "/usr/lib/modprobe.d") {
			t.Errorf("deb loads the module at boot without being asked: %s", path)
		}
	}
}

func TestDebControl(t *testing.T) {
	needTool(t, "dpkg-deb", "dpkg")
	p := packages(t)
	field := func(name string) string {
		return strings.TrimSpace(run(t, "dpkg-deb", "-f", p.res.Deb, name))
	}
	for name, want := range map[string]string{
		"Package":      "saker",
		"Version":      wantVersion,
		"Architecture": "amd64",
		"Depends":      "dkms, procps",
		"Recommends":   "linux-headers-amd64 | linux-headers-generic",
	} {
		if got := field(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	// Upgrades keep edited configuration: every file below /etc is a
	// conffile.
	conffiles := strings.Fields(run(t, "dpkg-deb", "-I", p.res.Deb, "conffiles"))
	sort.Strings(conffiles)
	want := []string{"/etc/saker/saker.yaml", "/etc/saker/saker_rules.local.yaml", "/etc/saker/saker_rules.yaml"}
	if strings.Join(conffiles, " ") != strings.Join(want, " ") {
		t.Errorf("conffiles %v, want %v", conffiles, want)
	}
	info := run(t, "dpkg-deb", "-I", p.res.Deb)
	for _, s := range []string{"postinst", "prerm", "postrm"} {
		if !regexp.MustCompile(`\d+ bytes, +\d+ lines +\* +` + s + ` `).MatchString(info) {
			t.Errorf("maintainer script %s missing or not executable:\n%s", s, info)
		}
	}
}

// extractDeb unpacks the deb's files into a new directory.
func extractDeb(t *testing.T) string {
	t.Helper()
	needTool(t, "dpkg-deb", "dpkg")
	dir := t.TempDir()
	run(t, "dpkg-deb", "-x", packages(t).res.Deb, dir)
	return dir
}

func TestDebDKMSConf(t *testing.T) {
	root := extractDeb(t)
	b, err := os.ReadFile(filepath.Join(root, "usr/src/saker-"+wantVersion, "dkms.conf"))
	if err != nil {
		t.Fatal(err)
	}
	// dkms refuses a tree whose PACKAGE_VERSION differs from its directory.
	if !regexp.MustCompile(`(?m)^PACKAGE_VERSION="` + regexp.QuoteMeta(wantVersion) + `"$`).Match(b) {
		t.Errorf("packaged dkms.conf does not say PACKAGE_VERSION=%q:\n%s", wantVersion, b)
	}
	for _, script := range []string{"usr/lib/saker/saker-dkms", "usr/lib/saker/driver-loader"} {
		s, err := os.ReadFile(filepath.Join(root, script))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(s), "VERSION="+wantVersion+"\n") || strings.Contains(string(s), "@VERSION@") {
			t.Errorf("%s does not carry the package version", script)
		}
	}
}

func TestStaticBinary(t *testing.T) {
	root := extractDeb(t)
	bin := filepath.Join(root, "usr/bin/saker")
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("/usr/bin/saker has an ELF interpreter: not static")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("/usr/bin/saker needs %v", libs)
	}
	if out := run(t, bin, "--version"); !strings.Contains(strings.ToLower(out), "saker") {
		t.Errorf("saker --version: %q", out)
	}
}

// TestShellSyntax parses every shell script of both packages with sh -n.
func TestShellSyntax(t *testing.T) {
	root := extractDeb(t)
	var scripts []string
	for _, s := range []string{"usr/lib/saker/saker-dkms", "usr/lib/saker/driver-loader"} {
		scripts = append(scripts, filepath.Join(root, s))
	}
	ctl := t.TempDir()
	run(t, "dpkg-deb", "-e", packages(t).res.Deb, ctl)
	for _, s := range []string{"postinst", "prerm", "postrm"} {
		scripts = append(scripts, filepath.Join(ctl, s))
	}
	for _, s := range scripts {
		for _, sh := range []string{"sh", "bash"} {
			if out, err := exec.Command(sh, "-n", s).CombinedOutput(); err != nil {
				t.Errorf("%s -n %s: %v\n%s", sh, filepath.Base(s), err, out)
			}
		}
	}
}

func TestManPage(t *testing.T) {
	needTool(t, "groff", "groff")
	root := extractDeb(t)
	zf, err := os.Open(filepath.Join(root, "usr/share/man/man8/saker.8.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer zf.Close()
	zr, err := gzip.NewReader(zf)
	if err != nil {
		t.Fatal(err)
	}
	roff, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	// groff with every warning on: the page must render cleanly.
	cmd := exec.Command("groff", "-man", "-ww", "-z")
	cmd.Stdin = bytes.NewReader(roff)
	if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
		t.Errorf("groff -man -ww: %v\n%s", err, out)
	}
	// Every flag of every usage page of the packaged binary is in it.
	bin := filepath.Join(root, "usr/bin/saker")
	pages := map[string]string{"saker": usagePage(t, bin, "--help")}
	for _, sub := range manpage.Subcommands(pages["saker"]) {
		pages["saker "+sub] = usagePage(t, bin, sub, "-h")
	}
	if len(pages) < 2 {
		t.Errorf("saker --help names no subcommand (dump expected):\n%s", pages["saker"])
	}
	heads := map[string]bool{}
	for _, line := range strings.Split(string(roff), "\n") {
		if strings.HasPrefix(line, ".B ") {
			heads[strings.ReplaceAll(strings.TrimPrefix(line, ".B "), `\-`, "-")] = true
		}
	}
	flagRe := regexp.MustCompile(`(?m)^  (-[^ ]+(?:, -[^ ]+)*)`)
	n := 0
	for name, page := range pages {
		for _, m := range flagRe.FindAllStringSubmatch(page, -1) {
			n++
			found := false
			for h := range heads {
				if strings.HasPrefix(h, m[1]) {
					found = true
				}
			}
			if !found {
				t.Errorf("%s: flag %s is not in saker(8)", name, m[1])
			}
		}
	}
	if n < 20 {
		t.Errorf("only %d flags found in the usage pages", n)
	}
}

func usagePage(t *testing.T, bin string, args ...string) string {
	cmd := exec.Command(bin, args...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("saker %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestSystemdUnit(t *testing.T) {
	needTool(t, "systemd-analyze", "systemd")
	root := extractDeb(t)
	// verify resolves ExecStart= and friends inside --root, and needs the
	// targets the unit orders itself after.
	for _, c := range [][2]string{{"/bin/kill", "bin/kill"}, {"/sbin/modprobe", "sbin/modprobe"}} {
		copyFile(t, c[0], filepath.Join(root, c[1]), 0o755)
	}
	units, _ := filepath.Glob("/usr/lib/systemd/system/*.target")
	if len(units) == 0 {
		units, _ = filepath.Glob("/lib/systemd/system/*.target")
	}
	for _, u := range units {
		copyFile(t, u, filepath.Join(root, "usr/lib/systemd/system", filepath.Base(u)), 0o644)
	}
	cmd := exec.Command("systemd-analyze", "verify", "--root="+root, "/usr/lib/systemd/system/saker.service")
	// Documentation=man:saker(8) is checked with man(1): point it at the
	// packaged page.
	cmd.Env = append(os.Environ(), "MANPATH="+filepath.Join(root, "usr/share/man"))
	out, err := cmd.CombinedOutput()
	// verify exits 0 on unknown keys and only warns: any output is a fault.
	if err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("systemd-analyze verify: %v\n%s", err, out)
	}

	unit, err := os.ReadFile(filepath.Join(root, "usr/lib/systemd/system/saker.service"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"ExecStartPre=-/sbin/modprobe saker",
		"ExecStart=/usr/bin/saker -c /etc/saker/saker.yaml -o log_syslog=false",
		"ExecReload=/bin/kill -HUP $MAINPID",
		"Restart=on-failure", "StartLimitBurst=", "StartLimitIntervalSec=", "TimeoutStopSec=",
		"NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes",
		"CapabilityBoundingSet=CAP_SYS_ADMIN CAP_SYS_PTRACE CAP_DAC_READ_SEARCH CAP_SYS_MODULE\n",
	} {
		if !bytes.Contains(unit, []byte(want)) {
			t.Errorf("saker.service lacks %q", want)
		}
	}

	// systemd's own exposure score: hardening must keep it in the "OK" band.
	sec := exec.Command("systemd-analyze", "security", "--offline=yes", "--root="+root, "saker.service")
	secOut, _ := sec.CombinedOutput()
	m := regexp.MustCompile(`Overall exposure level for saker\.service: ([0-9.]+)`).FindSubmatch(secOut)
	if m == nil {
		t.Fatalf("systemd-analyze security printed no score:\n%s", secOut)
	}
	if score, err := strconv.ParseFloat(string(m[1]), 64); err != nil || score > 5.5 {
		t.Errorf("exposure %s, want at most 5.5\n%s", m[1], secOut)
	}
}

func copyFile(t *testing.T, src, dst string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, mode); err != nil {
		t.Fatal(err)
	}
}
