package checks

import (
	"regexp"
	"strings"
	"testing"
)

func rpmQuery(t *testing.T, args ...string) string {
	t.Helper()
	needTool(t, "rpm", "rpm")
	return run(t, "rpm", append([]string{"-qp"}, append(args, packages(t).res.RPM)...)...)
}

func TestRPMContents(t *testing.T) {
	listing := rpmQuery(t, "--qf", `[%{FILEFLAGS:fflags}|%{FILEMODES:perms}|%{FILENAMES}\n]`)
	type entry struct{ flags, perms string }
	files := map[string]entry{}
	for _, line := range strings.Split(strings.TrimSpace(listing), "\n") {
		f := strings.SplitN(line, "|", 3)
		if len(f) != 3 {
			t.Fatalf("rpm listing line %q", line)
		}
		files[f[2]] = entry{f[0], f[1]}
	}
	// rpm -qpl is the plain listing; it must agree.
	for _, p := range strings.Fields(rpmQuery(t, "-l")) {
		if _, ok := files[p]; !ok {
			t.Errorf("rpm -qpl lists %s, the query format does not", p)
		}
	}
	for path, mode := range wantFiles {
		e, ok := files[path]
		if !ok {
			t.Errorf("rpm lacks %s", path)
			continue
		}
		if e.perms != modeString(mode) {
			t.Errorf("rpm %s: mode %s, want %s", path, e.perms, modeString(mode))
		}
	}
	for _, f := range driverFiles(t) {
		if _, ok := files[f]; !ok {
			t.Errorf("rpm lacks driver source %s", f)
		}
	}
	if e, ok := files["/etc/saker/rules.d"]; !ok || !strings.HasPrefix(e.perms, "d") {
		t.Errorf("rpm lacks the directory /etc/saker/rules.d")
	}
	// %config(noreplace) for the user's files, plain %config for the rules
	// the package owns, %license and %doc for the documents.
	for path, want := range map[string]string{
		"/etc/saker/saker.yaml":               "cn",
		"/etc/saker/saker_rules.local.yaml":   "cn",
		"/etc/saker/saker_rules.yaml":         "c",
		"/usr/share/doc/saker/LICENSE":        "l",
		"/usr/share/doc/saker/LICENSE.driver": "l",
		"/usr/share/doc/saker/README.md":      "d",
		"/usr/bin/saker":                      "",
	} {
		if got := files[path].flags; got != want {
			t.Errorf("%s: file flags %q, want %q", path, got, want)
		}
	}
	if got := strings.TrimSpace(rpmQuery(t, "--qf", "%{NAME} %{VERSION} %{ARCH}")); got != "saker "+wantVersion+" x86_64" {
		t.Errorf("name version arch: %q", got)
	}
}

func TestRPMDependencies(t *testing.T) {
	var requires []string
	for _, r := range strings.Split(strings.TrimSpace(rpmQuery(t, "--requires")), "\n") {
		if !strings.HasPrefix(r, "rpmlib(") {
			requires = append(requires, strings.TrimSpace(r))
		}
	}
	if strings.Join(requires, ",") != "dkms" {
		t.Errorf("requires %q, want dkms (and rpmlib features)", requires)
	}
	if got := strings.TrimSpace(rpmQuery(t, "--recommends")); got != "kernel-devel" {
		t.Errorf("recommends %q, want kernel-devel", got)
	}
}

func TestRPMScriptlets(t *testing.T) {
	out := rpmQuery(t, "--scripts")
	sections := map[string]string{}
	re := regexp.MustCompile(`(?m)^(\w+) scriptlet \(using (/bin/sh)\):$`)
	idx := re.FindAllStringSubmatchIndex(out, -1)
	for i, m := range idx {
		end := len(out)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		sections[out[m[2]:m[3]]] = out[m[1]:end]
	}
	want := map[string][]string{
		"postinstall":   {"/usr/lib/saker/saker-dkms install --rpm", "systemctl daemon-reload"},
		"preuninstall":  {`if [ "$1" -eq 0 ]`, "disable --now saker.service", "saker-dkms unload", "saker-dkms remove --rpm"},
		"postuninstall": {"systemctl daemon-reload"},
	}
	for name, needles := range want {
		body, ok := sections[name]
		if !ok {
			t.Errorf("no %s scriptlet in:\n%s", name, out)
			continue
		}
		for _, n := range needles {
			if !strings.Contains(body, n) {
				t.Errorf("%s scriptlet lacks %q:\n%s", name, n, body)
			}
		}
	}
	if _, ok := sections["preinstall"]; ok {
		t.Errorf("unexpected preinstall scriptlet")
	}
}
