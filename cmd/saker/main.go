// Command saker is a runtime threat-detection engine compatible with Falco's
// rules, fields, flags and configuration. Without a subcommand it runs the
// rules as falco does; "saker dump" prints a capture's events as sysdig.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"go.uber.org/zap"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/output"
	"github.com/sakerhq/saker/engine/rule/ruleset"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command with its streams, so tests run it in-process.
// It returns the exit status: 0 on success, 1 on any error (as falco), 2
// for dump's usage errors.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "dump":
			return cmdDump(args[1:], stdout, stderr)
		case "capture":
			return cmdCapture(args[1:], stdout, stderr)
		case "eventgen":
			return cmdEventgen(args[1:], stdout, stderr)
		// Spellings of earlier saker versions.
		case "version":
			args = append([]string{"--version"}, args[1:]...)
		case "list":
			args = append([]string{"--list"}, args[1:]...)
		case "help":
			args = []string{"--help"}
		}
	}
	a := &app{args: args, stdout: stdout, stderr: stderr}
	return a.main()
}

// app is one run of the main mode.
type app struct {
	args   []string
	stdout io.Writer
	stderr io.Writer
	opts   *options
	cfg    *loadedConfig
	log    *zap.SugaredLogger
	// loaded names the rules files in load order, for --support.
	loaded []rulesSource
}

func (a *app) main() int {
	o, err := parseOptions(a.args)
	if errors.Is(err, errHelpRequested) {
		writeUsage(a.stdout)
		return 0
	}
	if err != nil {
		fmt.Fprintf(a.stderr, "saker: %v\nRun 'saker --help' for the options.\n", err)
		return 1
	}
	a.opts = o
	if o.help {
		writeUsage(a.stdout)
		return 0
	}

	path, explicit := o.configFile, o.configFile != ""
	if !explicit {
		path = defaultConfigPath
	}
	a.cfg, err = loadConfig(path, explicit, o.overrides)
	if err != nil {
		fmt.Fprintf(a.stderr, "saker: %v\n", err)
		return 1
	}
	if o.unbuffered {
		a.cfg.BufferedOutputs = false
	}
	var closeLog func()
	a.log, closeLog = newLogger(&a.cfg.config, a.stderr)
	defer closeLog()
	for _, w := range a.cfg.warnings {
		a.log.Warn(w)
	}
	if a.cfg.path != "" {
		a.log.Debugf("configuration loaded from %s", a.cfg.path)
	}

	switch {
	case o.version:
		return a.printVersion()
	case o.listFields:
		return a.listFields()
	case len(o.validate) > 0:
		return a.validate()
	}

	srcs, err := a.selectRules()
	if err != nil {
		a.log.Error(err.Error())
		return 1
	}
	a.loaded = srcs
	for _, s := range srcs {
		a.log.Infof("loading rules from %s", s.name)
	}
	set, diags, err := loadRules(srcs)
	a.logDiagnostics(diags)
	if err != nil {
		a.log.Errorf("could not load rules: %d errors", countErrors(diags))
		return 1
	}
	if o.describeAll || o.describe != "" {
		return a.describeRules(set)
	}
	if o.support {
		return a.printSupport()
	}

	eng, err := a.newEngine(set)
	if err != nil {
		a.log.Error(err.Error())
		return 1
	}
	if o.dryRun {
		m, err := output.NewManager(a.cfg.Config, a.outputOptions())
		if err != nil {
			a.log.Error(err.Error())
			return 1
		}
		if err := m.Close(); err != nil {
			a.log.Error(err.Error())
			return 1
		}
		return 0
	}
	src, err := a.openSource(eng)
	if err != nil {
		a.log.Error(err.Error())
		return 1
	}
	return a.process(src, eng)
}

// newEngine compiles the rules the command line selects.
func (a *app) newEngine(set *ruleset.Set) (*detect.Engine, error) {
	applyExtraOutput(set.Rules, a.opts.printExtra)
	eng, err := detect.New(set.Rules, detect.Options{
		DisableSubstrings: a.opts.disable,
		DisableTags:       a.opts.disableTags,
		OnlyTags:          a.opts.enableTags,
		MinPriority:       a.cfg.Priority,
	})
	if err != nil {
		return nil, fmt.Errorf("could not compile rules: %w", err)
	}
	for _, w := range eng.Warnings() {
		if a.opts.verbose {
			a.log.Warn(w.String())
		}
	}
	names := eng.Rules()
	a.log.Infof("%d rules enabled of %d loaded", len(names), len(set.Rules))
	if len(names) > 0 && len(names) <= 10 {
		a.log.Debugf("enabled rules: %s", strings.Join(names, ", "))
	}
	return eng, nil
}

func (a *app) outputOptions() output.Options {
	return output.Options{
		Stdout: a.stdout,
		Logf:   func(format string, args ...any) { a.log.Warnf(format, args...) },
	}
}
