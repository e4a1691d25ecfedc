package compile

import "github.com/sakerhq/saker/engine/rule/condition"

// prefixMatcher is libsinsp's path prefix search: a path matches when the
// components of a listed path are its leading components. Components are
// split on '/', empty ones ignored, so /var/lib matches /var/lib and
// /var/lib/x but not /var/libx.
type prefixMatcher struct {
	paths [][][]byte // components of each listed path
}

func newPrefixMatcher(items []*condition.StringValue) *prefixMatcher {
	pm := &prefixMatcher{}
	for _, it := range items {
		pm.paths = append(pm.paths, splitPath([]byte(it.Text)))
	}
	return pm
}

func splitPath(p []byte) [][]byte {
	var out [][]byte
	for len(p) > 0 {
		i := 0
		for i < len(p) && p[i] != '/' {
			i++
		}
		if i > 0 {
			out = append(out, p[:i])
		}
		if i == len(p) {
			break
		}
		p = p[i+1:]
	}
	return out
}

func (pm *prefixMatcher) match(path []byte) bool {
	for _, comps := range pm.paths {
		if hasComponents(path, comps) {
			return true
		}
	}
	return false
}

// hasComponents walks path's components against comps without splitting.
func hasComponents(path []byte, comps [][]byte) bool {
	i := 0
	for _, want := range comps {
		for i < len(path) && path[i] == '/' {
			i++
		}
		j := i
		for j < len(path) && path[j] != '/' {
			j++
		}
		if j == i || string(path[i:j]) != string(want) {
			return false
		}
		i = j
	}
	return true
}
