package ruleset

import (
	"fmt"
	"strconv"
	"strings"
)

// DefaultEngineVersion is the rules-engine version this loader declares
// compatibility with: the language of the upstream rules it is tested on.
const DefaultEngineVersion = "0.57.0"

type semver struct{ major, minor, patch uint64 }

func (v semver) String() string { return fmt.Sprintf("%d.%d.%d", v.major, v.minor, v.patch) }

func (v semver) less(o semver) bool {
	if v.major != o.major {
		return v.major < o.major
	}
	if v.minor != o.minor {
		return v.minor < o.minor
	}
	return v.patch < o.patch
}

// parseSemver accepts "x.y.z" with an optional "-pre" or "+build" suffix,
// which is ignored for ordering.
func parseSemver(s string) (semver, bool) {
	if i := strings.IndexAny(s, "-+"); i >= 0 {
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) != 3 {
		return semver{}, false
	}
	var n [3]uint64
	for i, p := range parts {
		v, err := strconv.ParseUint(p, 10, 32)
		if err != nil {
			return semver{}, false
		}
		n[i] = v
	}
	return semver{n[0], n[1], n[2]}, true
}

// parseEngineVersion accepts Falco's two forms: a plain integer N meaning
// the legacy version 0.N.0, or a semver string.
func parseEngineVersion(s string) (semver, bool) {
	if n, err := strconv.ParseUint(s, 10, 32); err == nil {
		return semver{0, n, 0}, true
	}
	return parseSemver(s)
}

// compatible reports whether an engine of version have can load rules
// requiring want: same major version and not older.
func compatible(have, want semver) bool {
	return have.major == want.major && !have.less(want)
}
