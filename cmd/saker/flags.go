package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// options are the main mode's command line, with Falco's flag names.
type options struct {
	help        bool
	configFile  string
	allEvents   bool
	disable     []string // -D
	capture     string   // -e
	describeAll bool     // -L
	describe    string   // -l
	listFields  bool     // --list
	listSource  string
	duration    int // -M, seconds
	namesOnly   bool
	overrides   []string // -o key=value
	printExtra  string   // -p
	rulesFiles  []string // -r
	support     bool
	disableTags []string // -T
	enableTags  []string // -t
	unbuffered  bool
	validate    []string // -V
	verbose     bool
	version     bool
	dryRun      bool
}

// listValue is a repeatable string flag.
type listValue struct{ p *[]string }

func (v listValue) String() string {
	if v.p == nil {
		return ""
	}
	return strings.Join(*v.p, ",")
}

func (v listValue) Set(s string) error {
	*v.p = append(*v.p, s)
	return nil
}

// optionalValue is a flag whose argument is optional, as Falco's --list:
// "--list" alone sets it, "--list=SOURCE" or "--list SOURCE" names a source
// (the second form is resolved after parsing, from the first positional).
type optionalValue struct {
	set *bool
	val *string
}

func (v optionalValue) String() string {
	if v.val == nil {
		return ""
	}
	return *v.val
}

func (v optionalValue) Set(s string) error {
	*v.set = true
	if s != "true" {
		*v.val = s
	}
	return nil
}

func (v optionalValue) IsBoolFlag() bool { return true }

// flagDoc describes one flag for registration and for the usage page, so
// the two cannot drift apart.
type flagDoc struct {
	names []string // short first, then long
	arg   string   // argument placeholder, "" for switches
	help  string
	value func(o *options) flag.Value
	bool  func(o *options) *bool
}

var flagDocs = []flagDoc{
	{names: []string{"h", "help"}, help: "Print this page and exit.",
		bool: func(o *options) *bool { return &o.help }},
	{names: []string{"c"}, arg: "<path>", help: "Configuration file. Without it, " + "/etc/saker/saker.yaml is read when present.",
		value: func(o *options) flag.Value { return stringValue{&o.configFile} }},
	{names: []string{"A"}, help: "Monitor all events, including the high volume ones skipped by default (live capture only; accepted for compatibility).",
		bool: func(o *options) *bool { return &o.allEvents }},
	{names: []string{"D"}, arg: "<substring>", help: "Disable the rules whose name contains <substring>. Repeatable. Cannot be mixed with -t.",
		value: func(o *options) flag.Value { return listValue{&o.disable} }},
	{names: []string{"dry-run"}, help: "Load the configuration and the rules, open the outputs, then exit without processing events.",
		bool: func(o *options) *bool { return &o.dryRun }},
	{names: []string{"e"}, arg: "<events_file>", help: "Read events from a capture file (.scap, plain or gzip) instead of the live system.",
		value: func(o *options) flag.Value { return stringValue{&o.capture} }},
	{names: []string{"L"}, help: "Show the name and description of every loaded rule and exit (JSON with json_output).",
		bool: func(o *options) *bool { return &o.describeAll }},
	{names: []string{"l"}, arg: "<rule>", help: "Show the name and description of rule <rule> and exit.",
		value: func(o *options) flag.Value { return stringValue{&o.describe} }},
	{names: []string{"list"}, arg: "[<source>]", help: "List every supported field with a description and exit. The only <source> is \"syscall\".",
		value: func(o *options) flag.Value { return optionalValue{&o.listFields, &o.listSource} }},
	{names: []string{"M"}, arg: "<num_seconds>", help: "Stop after <num_seconds> seconds.",
		value: func(o *options) flag.Value { return intValue{&o.duration} }},
	{names: []string{"N"}, help: "With --list, print the field names only.",
		bool: func(o *options) *bool { return &o.namesOnly }},
	{names: []string{"o", "option"}, arg: "<opt>=<val>", help: "Set configuration option <opt> to <val>, over the configuration file. <opt> is a dotted path (file_output.enabled); list items are addressed as key[N], key[] appends. Repeatable.",
		value: func(o *options) flag.Value { return listValue{&o.overrides} }},
	{names: []string{"p", "print"}, arg: "<output_format>", help: "Append <output_format> to every rule's output. -pc (-pcontainer) appends container details, -pk (-pkubernetes) container and Kubernetes details; both replace %container.info where a rule uses it.",
		value: func(o *options) flag.Value { return stringValue{&o.printExtra} }},
	{names: []string{"r"}, arg: "<rules_file>", help: "Rules file or directory (a directory loads its *.yaml files in name order). Repeatable; later files extend and override earlier ones. Replaces rules_files from the configuration.",
		value: func(o *options) flag.Value { return listValue{&o.rulesFiles} }},
	{names: []string{"support"}, help: "Print support information (version, system, configuration and rules files) as JSON and exit.",
		bool: func(o *options) *bool { return &o.support }},
	{names: []string{"T"}, arg: "<tag>", help: "Disable the rules tagged <tag>. Repeatable. Cannot be mixed with -t.",
		value: func(o *options) flag.Value { return listValue{&o.disableTags} }},
	{names: []string{"t"}, arg: "<tag>", help: "Run only the rules tagged <tag>. Repeatable. Cannot be mixed with -T or -D.",
		value: func(o *options) flag.Value { return listValue{&o.enableTags} }},
	{names: []string{"U", "unbuffered"}, help: "Flush every alert as soon as it is written (buffered_outputs: false).",
		bool: func(o *options) *bool { return &o.unbuffered }},
	{names: []string{"V", "validate"}, arg: "<rules_file>", help: "Validate the rules files (loaded together, in order), print every error and warning, and exit: 1 when any is invalid. Repeatable.",
		value: func(o *options) flag.Value { return listValue{&o.validate} }},
	{names: []string{"v"}, help: "Verbose: log rule load warnings.",
		bool: func(o *options) *bool { return &o.verbose }},
	{names: []string{"version"}, help: "Print the version of saker, of its rules engine and of the event ABI, and exit.",
		bool: func(o *options) *bool { return &o.version }},
}

type stringValue struct{ p *string }

func (v stringValue) String() string {
	if v.p == nil {
		return ""
	}
	return *v.p
}

func (v stringValue) Set(s string) error { *v.p = s; return nil }

type intValue struct{ p *int }

func (v intValue) String() string {
	if v.p == nil {
		return "0"
	}
	return strconv.Itoa(*v.p)
}

func (v intValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return fmt.Errorf("not a whole number: %q", s)
	}
	*v.p = n
	return nil
}

// printShorthands are Falco's -p presets, spelled as one argument.
var printShorthands = map[string]string{
	"-pc": "c", "-pcontainer": "c",
	"-pk": "k", "-pkubernetes": "k",
}

// errHelpRequested is returned by parseOptions for -h/--help.
var errHelpRequested = errors.New("help requested")

// parseOptions parses the main mode's arguments.
func parseOptions(args []string) (*options, error) {
	o := &options{}
	fs := flag.NewFlagSet("saker", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	for i := range flagDocs {
		d := &flagDocs[i]
		for _, n := range d.names {
			if d.bool != nil {
				fs.BoolVar(d.bool(o), n, false, d.help)
			} else {
				fs.Var(d.value(o), n, d.help)
			}
		}
	}
	var expanded []string
	for i, a := range args {
		if a == "--" {
			expanded = append(expanded, args[i:]...)
			break
		}
		if v, ok := printShorthands[a]; ok {
			expanded = append(expanded, "-p", v)
			continue
		}
		expanded = append(expanded, a)
	}
	// Go's flag stops at the first positional argument; falco's parser
	// does not ("--list syscall -N"), so parsing resumes after each one.
	var rest []string
	for {
		if err := fs.Parse(expanded); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, errHelpRequested
			}
			return nil, err
		}
		left := fs.Args()
		if len(left) == 0 {
			break
		}
		if n := len(expanded) - len(left); n > 0 && expanded[n-1] == "--" {
			rest = append(rest, left...)
			break
		}
		rest = append(rest, left[0])
		expanded = left[1:]
	}
	if o.listFields && o.listSource == "" && len(rest) > 0 {
		o.listSource, rest = rest[0], rest[1:]
	}
	if len(rest) > 0 {
		return nil, fmt.Errorf("unexpected argument %q", rest[0])
	}
	if len(o.enableTags) > 0 && len(o.disable)+len(o.disableTags) > 0 {
		return nil, errors.New("you can not specify both disabled (-D/-T) and enabled (-t) rules")
	}
	if o.duration < 0 {
		return nil, fmt.Errorf("-M: %d seconds is negative", o.duration)
	}
	for _, kv := range o.overrides {
		if k, _, ok := strings.Cut(kv, "="); !ok || strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("-o %q: expected <opt>=<val>", kv)
		}
	}
	return o, nil
}

// The usage page's help column and line width.
const (
	usageIndent = 32
	usageWidth  = 100
)

// writeUsage prints every flag with its help text.
func writeUsage(w io.Writer) {
	fmt.Fprint(w, `saker: runtime threat detection compatible with Falco's rules, fields and flags.

Usage:
  saker [OPTION...]                          run the rules (-e CAPTURE replays a capture)
  saker dump -r FILE [-p FORMAT] [-n N] [FILTER]
                                             print a capture's events, one a line, as sysdig

Options:
`)
	for _, d := range flagDocs {
		var names []string
		for _, n := range d.names {
			if len(n) == 1 {
				names = append(names, "-"+n)
			} else {
				names = append(names, "--"+n)
			}
		}
		head := "  " + strings.Join(names, ", ")
		if d.arg != "" {
			head += " " + d.arg
		}
		help := wrapText(d.help, usageIndent, usageWidth)
		if len(head) >= usageIndent {
			fmt.Fprintf(w, "%s\n%-*s%s\n", head, usageIndent, "", help)
			continue
		}
		fmt.Fprintf(w, "%-*s%s\n", usageIndent, head, help)
	}
}
