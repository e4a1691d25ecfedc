// Package upstream locates the upstream Falco rules files kept in shared/
// and extracts their conditions, for tests of the rule packages.
package upstream

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"gopkg.in/yaml.v3"
)

// Dir returns shared/upstream-rules, found next to the repository root
// (the nearest ancestor of the working directory holding go.mod).
func Dir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("upstream rules: %w", err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			dir := filepath.Join(filepath.Dir(d), "shared", "upstream-rules")
			if _, err := os.Stat(dir); err != nil {
				return "", fmt.Errorf("upstream rules: %w", err)
			}
			return dir, nil
		}
		if filepath.Dir(d) == d {
			return "", errors.New("upstream rules: no go.mod above the working directory")
		}
	}
}

// Files returns the upstream rules files in the order Falco loads them:
// the stable falco_rules.yaml first.
func Files() ([]string, error) {
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	names := []string{"falco_rules.yaml", "falco-incubating_rules.yaml", "falco-sandbox_rules.yaml"}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = filepath.Join(dir, n)
		if _, err := os.Stat(out[i]); err != nil {
			return nil, fmt.Errorf("upstream rules: %w", err)
		}
	}
	return out, nil
}

// Condition is one macro or rule condition from an upstream file.
type Condition struct {
	File string
	Kind string // "macro" or "rule"
	Name string
	Line int
	Text string
}

// Conditions returns every macro and rule condition of the upstream files.
func Conditions() ([]Condition, error) {
	files, err := Files()
	if err != nil {
		return nil, err
	}
	var out []Condition
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("upstream rules: %w", err)
		}
		var items []map[string]yaml.Node
		if err := yaml.Unmarshal(data, &items); err != nil {
			return nil, fmt.Errorf("upstream rules %s: %w", f, err)
		}
		for _, it := range items {
			cond, ok := it["condition"]
			if !ok {
				continue
			}
			c := Condition{File: filepath.Base(f), Line: cond.Line, Text: cond.Value}
			for _, k := range []string{"macro", "rule"} {
				if n, ok := it[k]; ok {
					c.Kind, c.Name = k, n.Value
				}
			}
			out = append(out, c)
		}
	}
	return out, nil
}
