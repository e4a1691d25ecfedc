package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/ruleset"
	"github.com/sakerhq/saker/rules"
)

// rulesSource is one rules file to load: a path, or built-in content.
type rulesSource struct {
	name string
	data []byte // nil: read name from disk
}

// builtinRules returns the embedded default rules, or nothing when the
// binary was built without them.
func builtinRules() []rulesSource {
	if len(rules.Default) == 0 {
		return nil
	}
	return []rulesSource{{name: rules.DefaultName + " (built in)", data: rules.Default}}
}

// expandRulesPath turns a file into itself and a directory into its
// *.yaml/*.yml regular files in name order.
func expandRulesPath(path string) ([]string, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("rules file: %w", err)
	}
	if !fi.IsDir() {
		return []string{path}, nil
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, fmt.Errorf("rules directory: %w", err)
	}
	var out []string
	for _, e := range ents {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		if ext != ".yaml" && ext != ".yml" {
			continue
		}
		p := filepath.Join(path, e.Name())
		// Symlinks to files count; subdirectories and the rest do not.
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			out = append(out, p)
		}
	}
	sort.Strings(out)
	return out, nil
}

// selectRules decides which rules files run: -r when given (every path
// must exist), else the configured paths that exist, else the built-in
// rules.
func (a *app) selectRules() ([]rulesSource, error) {
	if len(a.opts.rulesFiles) > 0 {
		var out []rulesSource
		for _, p := range a.opts.rulesFiles {
			files, err := expandRulesPath(p)
			if err != nil {
				return nil, err
			}
			for _, f := range files {
				out = append(out, rulesSource{name: f})
			}
		}
		return out, nil
	}
	var out []rulesSource
	for _, p := range a.cfg.rulesPaths() {
		files, err := expandRulesPath(p)
		if err != nil {
			a.log.Debugf("skipping configured rules path %s: %v", p, err)
			continue
		}
		for _, f := range files {
			out = append(out, rulesSource{name: f})
		}
	}
	if len(out) == 0 {
		out = builtinRules()
		if len(out) == 0 {
			a.log.Warn("no rules files found and no built-in rules: running without rules")
		}
	}
	return out, nil
}

// loadRules loads the sources in order and resolves them. diags carries
// every error and warning; err is set when any error was found.
func loadRules(srcs []rulesSource) (*ruleset.Set, []ruleset.Diagnostic, error) {
	l := ruleset.NewLoader(ruleset.WithFieldChecker(compile.Checker{}))
	for _, s := range srcs {
		// Errors are collected by the loader and returned by Finish.
		if s.data != nil {
			_ = l.LoadBytes(s.name, s.data)
		} else {
			_ = l.LoadFile(s.name)
		}
	}
	return l.Finish()
}

// applyExtraOutput appends -p's format to every rule's output, as Falco
// does; the c and k presets also stand in for %container.info.
func applyExtraOutput(rs []*ruleset.Rule, extra string) {
	format, replace := extra, false
	switch extra {
	case "":
		return
	case "c", "container":
		format, replace = containerInfo, true
	case "k", "kubernetes":
		format, replace = containerInfo+" "+k8sInfo, true
	}
	for _, r := range rs {
		if replace && strings.Contains(r.Output, "%container.info") {
			r.Output = strings.ReplaceAll(r.Output, "%container.info", format)
			continue
		}
		r.Output += " " + format
	}
}

// The -pc and -pk formats (Falco's output style guide).
const (
	containerInfo = "container_id=%container.id container_image=%container.image.repository container_image_tag=%container.image.tag container_name=%container.name"
	k8sInfo       = "k8s_ns=%k8s.ns.name k8s_pod_name=%k8s.pod.name"
)

// validate is -V: load the files together, report per file, exit 1 when
// anything is invalid.
func (a *app) validate() int {
	var srcs []rulesSource
	var names []string
	fileErr := false
	for _, p := range a.opts.validate {
		files, err := expandRulesPath(p)
		if err != nil {
			// Let the loader report it against the path, as for a bad file.
			files = []string{p}
		}
		for _, f := range files {
			srcs = append(srcs, rulesSource{name: f})
			names = append(names, f)
		}
	}
	set, diags, err := loadRules(srcs)
	if err == nil {
		// Conditions and outputs compile only now: a type error in a
		// comparison is found here, not by the loader.
		eng, cerr := detect.New(set.Rules, detect.Options{})
		if cerr != nil {
			diags = append(diags, compileDiag(cerr, names))
		} else {
			for _, w := range eng.Warnings() {
				diags = append(diags, ruleset.Diagnostic{File: w.File, Line: w.Line, Item: fmt.Sprintf("rule '%s'", w.Rule),
					Severity: ruleset.SeverityWarning, Msg: w.Warning.Msg + " (" + w.Warning.Code + ")"})
			}
		}
	}
	diags = dedupe(diags)
	byFile := map[string][]ruleset.Diagnostic{}
	var other []ruleset.Diagnostic
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	for _, d := range diags {
		if known[d.File] {
			byFile[d.File] = append(byFile[d.File], d)
		} else {
			other = append(other, d)
		}
	}
	w := a.stdout
	if a.cfg.JSONOutput {
		return a.validateJSON(names, byFile, other)
	}
	fmt.Fprintln(w, "Validating rules file(s):")
	for _, n := range names {
		fmt.Fprintf(w, "   %s\n", n)
	}
	for _, n := range names {
		ds := byFile[n]
		fmt.Fprintf(w, "%s: %s\n", n, verdict(ds))
		printDiags(w, ds)
		if countErrors(ds) > 0 {
			fileErr = true
		}
	}
	if len(other) > 0 {
		printDiags(w, other)
		if countErrors(other) > 0 {
			fileErr = true
		}
	}
	if fileErr || err != nil {
		return 1
	}
	return 0
}

func (a *app) validateJSON(names []string, byFile map[string][]ruleset.Diagnostic, other []ruleset.Diagnostic) int {
	type jdiag struct {
		Line     int    `json:"line,omitempty"`
		Col      int    `json:"column,omitempty"`
		Item     string `json:"item,omitempty"`
		Severity string `json:"severity"`
		Message  string `json:"message"`
	}
	type jfile struct {
		Name       string  `json:"name"`
		Successful bool    `json:"successful"`
		Errors     []jdiag `json:"errors"`
		Warnings   []jdiag `json:"warnings"`
	}
	rc := 0
	var out struct {
		Results []jfile `json:"falco_load_results"`
	}
	add := func(name string, ds []ruleset.Diagnostic) {
		f := jfile{Name: name, Successful: countErrors(ds) == 0, Errors: []jdiag{}, Warnings: []jdiag{}}
		for _, d := range ds {
			j := jdiag{Line: d.Line, Col: d.Col, Item: d.Item, Severity: d.Severity.String(), Message: d.Msg}
			if d.Severity == ruleset.SeverityError {
				f.Errors = append(f.Errors, j)
				rc = 1
			} else {
				f.Warnings = append(f.Warnings, j)
			}
		}
		out.Results = append(out.Results, f)
	}
	for _, n := range names {
		add(n, byFile[n])
	}
	if len(other) > 0 {
		add("", other)
	}
	b, _ := json.Marshal(out)
	fmt.Fprintf(a.stdout, "%s\n", b)
	return rc
}

// compileDiag turns a detect.New error ("file:line: rule ...: ...") into a
// diagnostic attached to its file.
func compileDiag(err error, names []string) ruleset.Diagnostic {
	msg := err.Error()
	d := ruleset.Diagnostic{Severity: ruleset.SeverityError, Msg: msg}
	for _, n := range names {
		rest, ok := strings.CutPrefix(msg, n+":")
		if !ok {
			continue
		}
		d.File = n
		line, tail, _ := strings.Cut(rest, ":")
		if _, serr := fmt.Sscanf(line, "%d", &d.Line); serr != nil {
			break
		}
		d.Msg = strings.TrimSpace(tail)
		if q, ok := strings.CutPrefix(d.Msg, "rule "); ok {
			if name, perr := strconv.QuotedPrefix(q); perr == nil {
				unq, _ := strconv.Unquote(name)
				d.Item = "rule '" + unq + "'"
				d.Msg = strings.TrimSpace(strings.TrimPrefix(q[len(name):], ":"))
			}
		}
		break
	}
	return d
}

// dedupe drops repeated diagnostics: a macro used several times in one
// rule yields the same warning for each use.
func dedupe(ds []ruleset.Diagnostic) []ruleset.Diagnostic {
	seen := map[ruleset.Diagnostic]bool{}
	out := ds[:0:0]
	for _, d := range ds {
		if !seen[d] {
			seen[d] = true
			out = append(out, d)
		}
	}
	return out
}

func countErrors(ds []ruleset.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if d.Severity == ruleset.SeverityError {
			n++
		}
	}
	return n
}

func verdict(ds []ruleset.Diagnostic) string {
	switch {
	case countErrors(ds) > 0:
		return "Invalid"
	case len(ds) > 0:
		return "Ok, with warnings"
	}
	return "Ok"
}

func printDiags(w io.Writer, ds []ruleset.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintf(w, "  %s\n", strings.ReplaceAll(d.String(), "\n", "\n    "))
	}
}

// describeRules is -L and -l: Falco's two-column table, or JSON with
// json_output.
func (a *app) describeRules(set *ruleset.Set) int {
	rs := set.Rules
	if a.opts.describe != "" {
		rs = nil
		for _, r := range set.Rules {
			if r.Name == a.opts.describe {
				rs = append(rs, r)
			}
		}
		if len(rs) == 0 {
			a.log.Errorf("rule with name %q not found", a.opts.describe)
			return 1
		}
	}
	if a.cfg.JSONOutput {
		type info struct {
			Name        string   `json:"name"`
			Description string   `json:"description"`
			Condition   string   `json:"condition"`
			Output      string   `json:"output"`
			Priority    string   `json:"priority"`
			Source      string   `json:"source"`
			Tags        []string `json:"tags"`
			Enabled     bool     `json:"enabled"`
			File        string   `json:"file"`
			Line        int      `json:"line"`
		}
		type entry struct {
			Info info `json:"info"`
		}
		out := struct {
			RequiredEngineVersion string  `json:"required_engine_version"`
			Rules                 []entry `json:"rules"`
		}{RequiredEngineVersion: set.RequiredEngineVersion, Rules: []entry{}}
		for _, r := range rs {
			src := r.Source
			if src == "" {
				src = detect.SourceSyscall
			}
			tags := r.Tags
			if tags == nil {
				tags = []string{}
			}
			out.Rules = append(out.Rules, entry{info{Name: r.Name, Description: r.Desc, Condition: r.Condition, Output: r.Output,
				Priority: r.Priority.String(), Source: src, Tags: tags, Enabled: r.Enabled, File: r.File, Line: r.Line}})
		}
		b, err := json.Marshal(out)
		if err != nil {
			a.log.Errorf("describe rules: %v", err)
			return 1
		}
		fmt.Fprintf(a.stdout, "%s\n", b)
		return 0
	}
	const nameWidth = 50
	fmt.Fprintf(a.stdout, "%-*s %s\n", nameWidth, "Rule", "Description")
	fmt.Fprintf(a.stdout, "%-*s %s\n", nameWidth, "----", "-----------")
	for _, r := range rs {
		fmt.Fprintf(a.stdout, "%-*s %s\n\n", nameWidth, r.Name, wrapText(r.Desc, nameWidth+1, 110))
	}
	return 0
}

// wrapText folds s into lines of at most width columns, where the first
// line starts at column indent and the next ones are indented to it.
func wrapText(s string, indent, width int) string {
	words := strings.Fields(s)
	var b strings.Builder
	col := indent
	for i, w := range words {
		if i > 0 {
			if col+1+len(w) > width {
				b.WriteByte('\n')
				b.WriteString(strings.Repeat(" ", indent))
				col = indent
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(w)
		col += len(w)
	}
	return b.String()
}

// logDiagnostics reports rule load problems: errors always, warnings with
// -v (Falco prints them in verbose mode) and as a count otherwise.
func (a *app) logDiagnostics(diags []ruleset.Diagnostic) {
	warnings := 0
	for _, d := range diags {
		if d.Severity == ruleset.SeverityError {
			a.log.Error(d.String())
			continue
		}
		warnings++
		if a.opts.verbose {
			a.log.Warn(d.String())
		}
	}
	if warnings > 0 && !a.opts.verbose {
		a.log.Infof("rules loaded with %d warnings (-v shows them, -V validates)", warnings)
	}
}
