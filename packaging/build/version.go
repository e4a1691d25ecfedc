package build

import (
	"fmt"
	"regexp"
	"strings"
)

// describeRe matches `git describe --tags --dirty` output: a tag, then
// optionally the commits since it and the abbreviated hash, then -dirty.
var describeRe = regexp.MustCompile(`^v?([0-9][0-9A-Za-z.]*)((?:-[0-9A-Za-z.]+)*?)(?:-([0-9]+)-g([0-9a-f]+))?(-dirty)?$`)

// hashRe matches `git describe --always` output when there is no tag.
var hashRe = regexp.MustCompile(`^([0-9a-f]{4,40})(-dirty)?$`)

// validRe is what both dpkg and rpm accept as a version without a
// revision: no '-', which both read as the version/revision separator.
var validRe = regexp.MustCompile(`^[0-9][0-9A-Za-z.+~]*$`)

// PackageVersion turns the Makefile's VERSION (git describe output) into a
// version that sorts the same way in dpkg and rpm and names the DKMS tree:
//
//	v0.2.0             -> 0.2.0
//	v0.2.0-rc1         -> 0.2.0~rc1        (before 0.2.0)
//	v0.2.0-3-gabc1234  -> 0.2.0+3.gabc1234 (after 0.2.0)
//	abc1234-dirty      -> BASE+gabc1234.dirty (no tag yet: BASE is the driver's version)
func PackageVersion(describe, base string) (string, error) {
	d := strings.TrimSpace(describe)
	var v string
	switch {
	case d == "" || d == "dev":
		v = base + "+dev"
	case hashRe.MatchString(d):
		m := hashRe.FindStringSubmatch(d)
		v = base + "+g" + m[1]
		if m[2] != "" {
			v += ".dirty"
		}
	case describeRe.MatchString(d):
		m := describeRe.FindStringSubmatch(d)
		v = m[1]
		if m[2] != "" {
			// A pre-release suffix of the tag sorts before the release.
			v += "~" + strings.ReplaceAll(strings.TrimPrefix(m[2], "-"), "-", ".")
		}
		var meta []string
		if m[3] != "" {
			meta = append(meta, m[3], "g"+m[4])
		}
		if m[5] != "" {
			meta = append(meta, "dirty")
		}
		if len(meta) > 0 {
			v += "+" + strings.Join(meta, ".")
		}
	default:
		return "", fmt.Errorf("version %q: not git describe output (vX.Y.Z[-N-gHASH][-dirty] or HASH[-dirty])", describe)
	}
	if !validRe.MatchString(v) {
		return "", fmt.Errorf("version %q: %q is not a valid package version", describe, v)
	}
	return v, nil
}
