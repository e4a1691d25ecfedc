// Package manpage writes saker(8) from the binary's own usage pages
// (`saker --help`, `saker dump -h`), so the manual lists exactly the flags
// the packaged binary takes.
package manpage

import (
	"bytes"
	"fmt"
	"strings"
)

// Option is one flag of a usage page.
type Option struct {
	Head string // the flag names and argument, e.g. "-o, --option <opt>=<val>"
	Help string // the description, on one line
}

// ParseOptions reads the options of a usage page: lines starting with
// "  -" open an option (its help may follow on the same line after two or
// more spaces), more deeply indented lines continue the help. Lines before
// the first option are skipped. It fails when the page has no option.
func ParseOptions(page string) ([]Option, error) {
	var opts []Option
	for _, line := range strings.Split(strings.ReplaceAll(page, "\t", "    "), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "  -") && !strings.HasPrefix(line, "   "):
			head, help, _ := strings.Cut(strings.TrimSpace(line), "  ")
			opts = append(opts, Option{Head: strings.TrimSpace(head), Help: strings.TrimSpace(help)})
		case len(opts) > 0 && trimmed != "" && strings.HasPrefix(line, "   "):
			o := &opts[len(opts)-1]
			o.Help = strings.TrimSpace(o.Help + " " + trimmed)
		case len(opts) > 0 && trimmed != "":
			// A new unindented section ends the option list.
			return opts, nil
		}
	}
	if len(opts) == 0 {
		return nil, fmt.Errorf("usage page has no options (no line starting with \"  -\")")
	}
	return opts, nil
}

// Page is what the manual is made of.
type Page struct {
	Version     string // saker's version
	Date        string // e.g. "2025-01-31"
	Main        string // `saker --help`
	Subcommands []Subcommand
}

// Subcommand is one "saker NAME" mode with its own flags.
type Subcommand struct {
	Name  string // e.g. "dump"
	Usage string // `saker NAME -h`: a "usage: saker NAME ..." line, then the flags
}

// Subcommands lists the NAMEs of the "saker NAME ..." lines in the Usage
// section of `saker --help`.
func Subcommands(mainPage string) []string {
	var names []string
	in := false
	for _, line := range strings.Split(mainPage, "\n") {
		if strings.HasPrefix(line, "Usage:") {
			in = true
			continue
		}
		if in && line != "" && !strings.HasPrefix(line, " ") {
			break
		}
		f := strings.Fields(line)
		if in && len(f) >= 2 && f[0] == "saker" && f[1] != "" && f[1][0] != '-' && f[1][0] != '[' {
			names = append(names, f[1])
		}
	}
	return names
}

// Render returns saker(8) in man(7) markup.
func Render(p Page) ([]byte, error) {
	mainOpts, err := ParseOptions(p.Main)
	if err != nil {
		return nil, fmt.Errorf("saker --help: %w", err)
	}
	subOpts := make([][]Option, len(p.Subcommands))
	for i, sc := range p.Subcommands {
		if subOpts[i], err = ParseOptions(sc.Usage); err != nil {
			return nil, fmt.Errorf("saker %s -h: %w", sc.Name, err)
		}
	}
	var b bytes.Buffer
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w(`.TH SAKER 8 "%s" "saker %s" "System Administration"`, esc(p.Date), esc(p.Version))
	w(".SH NAME")
	w(`saker \- runtime threat detection compatible with Falco's rules, fields and flags`)
	w(".SH SYNOPSIS")
	w(`.B saker`)
	w(`[\fIOPTION\fR...]`)
	for _, sc := range p.Subcommands {
		first, _, _ := strings.Cut(strings.TrimSpace(sc.Usage), "\n")
		args := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(first, "usage:"), " saker "+sc.Name))
		w(".br")
		w(`.B saker %s`, esc(sc.Name))
		text(&b, args)
	}
	w(".SH DESCRIPTION")
	text(&b, "saker reads what the kernel does, through its kernel module saker.ko or from .scap captures recorded by Falco, sysdig or saker, rebuilds process, file descriptor, user and container state, and evaluates Falco rules against it. Alerts use Falco's text and JSON formats and go to the outputs named in the configuration file.")
	w(".PP")
	text(&b, "Live capture needs saker.ko, which the packages build with DKMS for every installed kernel that has headers. saker.service loads it and runs saker in the foreground; with -e saker replays a capture instead.")
	w(".SH OPTIONS")
	options(&b, mainOpts)
	for i, sc := range p.Subcommands {
		w(`.SH "%s OPTIONS"`, esc(strings.ToUpper(sc.Name)))
		if d, ok := subcommandText[sc.Name]; ok {
			text(&b, d)
		}
		options(&b, subOpts[i])
	}
	w(".SH FILES")
	for _, f := range [][2]string{
		{"/etc/saker/saker.yaml", "The configuration, with Falco's keys (falco.yaml). -o overrides any key."},
		{"/etc/saker/saker_rules.yaml", "The default rules; upgrades replace this file."},
		{"/etc/saker/saker_rules.local.yaml", "Local rules and changes to the default ones; kept across upgrades."},
		{"/etc/saker/rules.d/", "More rules files, loaded in name order after the two above."},
		{"/usr/src/saker-" + p.Version + "/", "The kernel module's sources, registered with DKMS."},
		{"/usr/lib/saker/saker-dkms", "Builds the module again (\"saker-dkms install\"), e.g. after installing kernel headers."},
		{"/usr/share/saker/modules-load.conf.example", "Copy to /etc/modules-load.d/saker.conf to load the module at boot (opt-in)."},
		{"/usr/share/saker/modprobe.conf.example", "Copy to /etc/modprobe.d/saker.conf to set the module's parameters (opt-in)."},
	} {
		w(".TP")
		w(`.I %s`, esc(f[0]))
		text(&b, f[1])
	}
	w(".SH SIGNALS")
	for _, s := range [][2]string{
		{"SIGHUP", "Reload the rules files; when they fail to load, keep running the old rules."},
		{"SIGTERM, SIGINT", "Stop: outputs deliver what is queued within output_timeout, then saker exits."},
	} {
		w(".TP")
		w(`.B %s`, esc(s[0]))
		text(&b, s[1])
	}
	w(".SH EXIT STATUS")
	text(&b, "0 on success; 1 on any error (as falco), such as a configuration or rules file that does not load, a capture that cannot be read or a kernel module that cannot be opened; 2 for a subcommand's usage error.")
	w(".SH SEE ALSO")
	w(`.BR falco (8),`)
	w(`.BR sysdig (8),`)
	w(`.BR dkms (8),`)
	w(`.BR modprobe (8),`)
	w(`.BR systemctl (1)`)
	return b.Bytes(), nil
}

// subcommandText introduces the subcommands the manual knows about.
var subcommandText = map[string]string{
	"dump":    "saker dump prints a capture's events one a line, as sysdig -r does. The words after the options form a filter in the rule condition language.",
	"capture": "saker capture writes live events to a capture file that saker dump -r, saker -e and sysdig -r read.",
}

func options(b *bytes.Buffer, opts []Option) {
	for _, o := range opts {
		fmt.Fprintln(b, ".TP")
		fmt.Fprintf(b, ".B %s\n", esc(o.Head))
		text(b, o.Help)
	}
}

// text writes a paragraph line, escaped.
func text(b *bytes.Buffer, s string) {
	b.WriteString(esc(s))
	b.WriteByte('\n')
}

// esc makes s literal text for man(7): backslashes and hyphens escaped, and
// a leading period or quote kept from being read as a request.
func esc(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	s = strings.ReplaceAll(s, "-", `\-`)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
