package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/ruleset"
)

// versionInfo is what --version and --support report.
type versionInfo struct {
	Version       string `json:"saker_version"`
	EngineVersion string `json:"engine_version"`
	// EventTypes is the size of the event table, the scap ABI the
	// decoder and the driver share.
	EventTypes int `json:"event_types"`
	// DriverAPIVersion and DriverSchemaVersion are those of the kernel
	// module; empty until it exists.
	DriverAPIVersion    string `json:"driver_api_version"`
	DriverSchemaVersion string `json:"driver_schema_version"`
}

func currentVersions() versionInfo {
	return versionInfo{Version: version, EngineVersion: ruleset.DefaultEngineVersion, EventTypes: event.NumTypes}
}

func orNone(s string) string {
	if s == "" {
		return "none (kernel module not available yet)"
	}
	return s
}

// printVersion is --version: text, or JSON with json_output as Falco.
func (a *app) printVersion() int {
	v := currentVersions()
	if a.cfg.JSONOutput {
		b, _ := json.Marshal(v)
		fmt.Fprintf(a.stdout, "%s\n", b)
		return 0
	}
	fmt.Fprintf(a.stdout, "Saker version: %s\n", v.Version)
	fmt.Fprintf(a.stdout, "Engine:        %s\n", v.EngineVersion)
	fmt.Fprintf(a.stdout, "Event table:   %d event types\n", v.EventTypes)
	fmt.Fprintf(a.stdout, "Driver:\n")
	fmt.Fprintf(a.stdout, "  API version:    %s\n", orNone(v.DriverAPIVersion))
	fmt.Fprintf(a.stdout, "  Schema version: %s\n", orNone(v.DriverSchemaVersion))
	return 0
}

// printSupport is --support: one JSON object with what a bug report needs,
// laid out as Falco's.
func (a *app) printSupport() int {
	type variant struct {
		Content string `json:"content"`
	}
	type rulesFile struct {
		Name     string    `json:"name"`
		Variants []variant `json:"variants"`
	}
	out := struct {
		Version    string            `json:"version"`
		EngineInfo versionInfo       `json:"engine_info"`
		SystemInfo map[string]string `json:"system_info"`
		Cmdline    string            `json:"cmdline"`
		ConfigFile string            `json:"config_file"`
		Config     string            `json:"config"`
		RulesFiles []rulesFile       `json:"rules_files"`
	}{
		Version:    version,
		EngineInfo: currentVersions(),
		SystemInfo: systemInfo(),
		Cmdline:    strings.Join(append([]string{"saker"}, a.args...), " "),
		ConfigFile: a.cfg.path,
		Config:     string(a.cfg.content),
		RulesFiles: []rulesFile{},
	}
	for _, s := range a.loaded {
		data := s.data
		if data == nil {
			var err error
			if data, err = os.ReadFile(s.name); err != nil {
				a.log.Errorf("support: %v", err)
				return 1
			}
		}
		out.RulesFiles = append(out.RulesFiles, rulesFile{Name: s.name, Variants: []variant{{Content: string(data)}}})
	}
	b, err := json.Marshal(out)
	if err != nil {
		a.log.Errorf("support: %v", err)
		return 1
	}
	fmt.Fprintf(a.stdout, "%s\n", b)
	return 0
}

// listFields is --list [SOURCE]: the fields by class, each with its
// description, or only the names with -N.
func (a *app) listFields() int {
	if a.opts.listSource != "" && a.opts.listSource != detect.SourceSyscall {
		a.log.Errorf("value for --list must be a valid source type: %q is not one (the only source is %q)", a.opts.listSource, detect.SourceSyscall)
		return 1
	}
	w := bufio.NewWriter(a.stdout)
	defer w.Flush()
	if a.opts.namesOnly {
		for _, d := range fields.All() {
			fmt.Fprintln(w, d.Name)
		}
		return 0
	}
	fmt.Fprintf(w, "Event Sources: %s\n", detect.SourceSyscall)
	class := ""
	for _, d := range fields.All() {
		c, _, _ := strings.Cut(d.Name, ".")
		if c != class {
			class = c
			fmt.Fprintf(w, "\n-------------------------------\nField Class: %s\n\n", class)
		}
		name := d.Name
		switch d.Arg {
		case fields.ArgRequired:
			name += "[ARG]"
		case fields.ArgOptional:
			name += "[ARG?]"
		}
		fmt.Fprintf(w, "%-30s %-8s %s\n", name, d.Kind, d.Desc)
	}
	return 0
}
