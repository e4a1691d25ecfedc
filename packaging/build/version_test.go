package build

import (
	"os/exec"
	"strings"
	"testing"
)

func TestPackageVersion(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"v0.2.0", "0.2.0"},
		{"0.2.0", "0.2.0"},
		{"v0.2.0-rc1", "0.2.0~rc1"},
		{"v0.2.0-3-gabc1234", "0.2.0+3.gabc1234"},
		{"v0.2.0-3-gabc1234-dirty", "0.2.0+3.gabc1234.dirty"},
		{"v0.2.0-dirty", "0.2.0+dirty"},
		{"abc1234", "0.1+gabc1234"},
		{"abc1234-dirty", "0.1+gabc1234.dirty"},
		{"dev", "0.1+dev"},
	} {
		got, err := PackageVersion(c.in, "0.1")
		if err != nil || got != c.want {
			t.Errorf("PackageVersion(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"release one", "v1.0/2", "-1", "main"} {
		if v, err := PackageVersion(bad, "0.1"); err == nil {
			t.Errorf("PackageVersion(%q) = %q, want an error", bad, v)
		}
	}
}

// TestVersionOrder checks with dpkg and rpm themselves that the versions
// sort as releases do: a pre-release before its release, commits after a
// tag before the next tag.
func TestVersionOrder(t *testing.T) {
	order := []string{"v0.2.0-rc1", "v0.2.0", "v0.2.0-3-gabc1234", "v0.2.0-3-gabc1234-dirty", "v0.2.1"}
	var vs []string
	for _, d := range order {
		v, err := PackageVersion(d, "0.1")
		if err != nil {
			t.Fatal(err)
		}
		vs = append(vs, v)
	}
	checked := false
	if _, err := exec.LookPath("dpkg"); err == nil {
		checked = true
		for i := 1; i < len(vs); i++ {
			if err := exec.Command("dpkg", "--compare-versions", vs[i-1], "lt", vs[i]).Run(); err != nil {
				t.Errorf("dpkg: %s is not before %s", vs[i-1], vs[i])
			}
		}
	}
	if _, err := exec.LookPath("rpm"); err == nil {
		checked = true
		for i := 1; i < len(vs); i++ {
			out, err := exec.Command("rpm", "--eval", `%{lua: print(rpm.vercmp("`+vs[i-1]+`", "`+vs[i]+`"))}`).Output()
			if err != nil || strings.TrimSpace(string(out)) != "-1" {
				t.Errorf("rpm: %s is not before %s (%q, %v)", vs[i-1], vs[i], out, err)
			}
		}
	}
	if !checked {
		t.Skip("neither dpkg nor rpm is installed")
	}
}
