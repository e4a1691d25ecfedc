package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// scenario is one action of "saker eventgen": what it does, the default
// rule it should trigger, and a near miss that should trigger nothing.
type scenario struct {
	Name string `json:"name"`
	// Rule is the default rule the action triggers.
	Rule string `json:"rule"`
	Does string `json:"does"`
	// NearMiss is what the near-miss variant does instead.
	NearMiss string `json:"near_miss"`
	// Container actions run in a simulated container (new mount, pid and
	// uts namespaces and a docker-style cgroup).
	Container bool `json:"container"`
	// act is the action, in the process that performs it.
	act func(env *actEnv, hit bool) error
	// prog names the acting program on the host (default saker-eventgen:
	// saker's own name is trusted by several rules).
	prog func(hit bool) string
	// launch starts the acting process from a container's first process;
	// by default it runs act in a child.
	launch func(env *actEnv, hit bool) error
}

// scenarios are the checks people run by hand to see a deployment work.
var scenarios = []*scenario{
	{Name: "read-sensitive-file", Rule: "Read sensitive file untrusted",
		Does: "opens /etc/shadow for reading", NearMiss: "opens /etc/passwd for reading", act: actReadSensitive},
	{Name: "write-below-etc", Rule: "Write below etc",
		Does: "creates a file below /etc, then removes it", NearMiss: "creates a file below /tmp, then removes it", act: actWriteEtc},
	{Name: "write-sensitive-file", Rule: "Write below etc",
		Does: "opens /etc/shadow for writing (appends nothing)", NearMiss: "opens a file named shadow below /tmp for writing", act: actWriteSensitive},
	{Name: "mkdir-binary-dir", Rule: "Mkdir binary dirs",
		Does: "creates a directory below /bin, then removes it", NearMiss: "creates a directory below /tmp/.../bin, then removes it", act: actMkdirBin},
	{Name: "change-namespace", Rule: "Change thread namespace",
		Does: "calls setns(2) on its own uts namespace as an unexpected program", NearMiss: "the same call by a program named nsenter on the host",
		act: actSetns, prog: func(hit bool) string { return map[bool]string{true: "saker-eventgen", false: "nsenter"}[hit] }},
	{Name: "terminal-shell-in-container", Rule: "Terminal shell in container", Container: true,
		Does: "runs /bin/sh on a pseudo-terminal inside a container", NearMiss: "runs /bin/sh without a terminal inside a container", launch: launchShell},
	{Name: "k8s-api-from-container", Rule: "Contact K8S API Server From Container", Container: true,
		Does: "connects to 10.96.0.1:443 from a container (failure is fine)", NearMiss: "connects to 10.96.0.1:8443 from a container", act: actConnect},
	{Name: "privileged-command-in-container", Rule: "Sudo or su used in container", Container: true,
		Does: "runs a program named sudo inside a container", NearMiss: "runs a program named pseudo inside a container", launch: launchSudo},
	{Name: "drop-and-execute-in-container", Rule: "Drop and execute new binary in container", Container: true,
		Does:     "writes an executable into the container's writable (overlayfs upper) layer after start and runs it",
		NearMiss: "runs an executable of the container's image (overlayfs lower layer)", launch: launchDropExec},
	{Name: "fileless-execution", Rule: "Fileless execution via memfd_create",
		Does:     "copies a program into an anonymous memory file (memfd_create) and executes it from there",
		NearMiss: "copies the same program into a regular file and executes it", act: actMemfdExec},
}

func findScenario(name string) *scenario {
	for _, s := range scenarios {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// token marks the processes of one scenario variant: it appears in their
// command line, so an alert can be traced back to it.
func token(name string, hit bool) string {
	if hit {
		return "evgen:" + name + ":hit"
	}
	return "evgen:" + name + ":miss"
}

// parseToken is the inverse of token.
func parseToken(t string) (s *scenario, hit bool, err error) {
	parts := strings.Split(t, ":")
	if len(parts) != 3 || parts[0] != "evgen" || (parts[2] != "hit" && parts[2] != "miss") {
		return nil, false, fmt.Errorf("bad scenario token %q", t)
	}
	s = findScenario(parts[1])
	if s == nil {
		return nil, false, fmt.Errorf("no scenario %q", parts[1])
	}
	return s, parts[2] == "hit", nil
}

// cmdEventgen is "saker eventgen".
func cmdEventgen(args []string, stdout, stderr io.Writer) int {
	fs := newSubcommand("eventgen", stderr)
	list := fs.Bool("list", false, "list the scenarios and exit")
	asJSON := fs.Bool("json", false, "with --list, print JSON")
	nearMiss := fs.Bool("near-miss", false, "run each scenario's near miss instead, which should trigger no rule")
	both := fs.Bool("both", false, "run each scenario, then its near miss")
	act := fs.String("act", "", "internal: perform one scenario's action in this process")
	ctr := fs.String("container", "", "internal: be a simulated container's first process")
	if rc, ok := parseSubcommand(fs, args, "usage: saker eventgen [--near-miss | --both] [SCENARIO...]\n       saker eventgen --list [--json]"); !ok {
		return rc
	}
	switch {
	case *act != "":
		return runAct(*act, stderr)
	case *ctr != "":
		return runContainerInit(*ctr, stderr)
	case *list:
		return listScenarios(stdout, *asJSON)
	}
	sel := scenarios
	if fs.NArg() > 0 {
		sel = nil
		for _, n := range fs.Args() {
			s := findScenario(n)
			if s == nil {
				fmt.Fprintf(stderr, "saker eventgen: no scenario %q (saker eventgen --list)\n", n)
				return 2
			}
			sel = append(sel, s)
		}
	}
	variants := []bool{!*nearMiss}
	if *both {
		variants = []bool{true, false}
	}
	return runScenarios(sel, variants, stdout, stderr)
}

func listScenarios(w io.Writer, asJSON bool) int {
	if asJSON {
		b, _ := json.MarshalIndent(scenarios, "", "  ")
		fmt.Fprintf(w, "%s\n", b)
		return 0
	}
	names := make([]string, 0, len(scenarios))
	for _, s := range scenarios {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	for _, n := range names {
		s := findScenario(n)
		where := "host"
		if s.Container {
			where = "container"
		}
		fmt.Fprintf(w, "%s (%s)\n  does:      %s\n  triggers:  %s\n  near miss: %s\n", s.Name, where, s.Does, s.Rule, s.NearMiss)
	}
	return 0
}

// runAct performs one action in this process (a child of runScenarios).
func runAct(tok string, stderr io.Writer) int {
	s, hit, err := parseToken(tok)
	if err != nil {
		fmt.Fprintf(stderr, "saker eventgen: %v\n", err)
		return 2
	}
	env := &actEnv{dir: os.Getenv(envDir), token: tok}
	if s.act == nil {
		return 0 // the program name or its place is the whole point
	}
	if err := s.act(env, hit); err != nil {
		fmt.Fprintf(stderr, "saker eventgen: %s: %v\n", tok, err)
		return 1
	}
	return 0
}
