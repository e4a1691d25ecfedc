package manpage

import (
	"strings"
	"testing"
)

const mainPage = `saker: runtime threat detection.

Usage:
  saker [OPTION...]                          run the rules
  saker dump -r FILE [-p FORMAT]
                                             print a capture's events

Options:
  -h, --help                    Print this page and exit.
  -c <path>                     Configuration file. Without it, /etc/saker/saker.yaml is read when
                                present.
  -o, --option <opt>=<val>      Set configuration option <opt>.
  --a-very-long-option-name <value>
                                Help on the next line.
`

const dumpPage = "usage: saker dump -r FILE [-p FORMAT]\n  -p string\n    \toutput format\n  -r string\n    \tcapture file to read\n"

func TestParseOptions(t *testing.T) {
	opts, err := ParseOptions(mainPage)
	if err != nil {
		t.Fatal(err)
	}
	want := []Option{
		{"-h, --help", "Print this page and exit."},
		{"-c <path>", "Configuration file. Without it, /etc/saker/saker.yaml is read when present."},
		{"-o, --option <opt>=<val>", "Set configuration option <opt>."},
		{"--a-very-long-option-name <value>", "Help on the next line."},
	}
	if len(opts) != len(want) {
		t.Fatalf("got %d options %q, want %d", len(opts), opts, len(want))
	}
	for i := range want {
		if opts[i] != want[i] {
			t.Errorf("option %d: %q, want %q", i, opts[i], want[i])
		}
	}
	d, err := ParseOptions(dumpPage)
	if err != nil || len(d) != 2 || d[1] != (Option{"-r string", "capture file to read"}) {
		t.Errorf("dump options %q, %v", d, err)
	}
	if _, err := ParseOptions("no options here\n"); err == nil {
		t.Error("a page without options parsed")
	}
}

func TestSubcommands(t *testing.T) {
	if got := strings.Join(Subcommands(mainPage), ","); got != "dump" {
		t.Errorf("subcommands %q, want dump", got)
	}
}

func TestRender(t *testing.T) {
	roff, err := Render(Page{Version: "1.2.3", Date: "2025-01-02", Main: mainPage,
		Subcommands: []Subcommand{{Name: "dump", Usage: dumpPage}}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(roff)
	for _, want := range []string{
		`.TH SAKER 8 "2025\-01\-02" "saker 1.2.3" "System Administration"`,
		`.B \-o, \-\-option <opt>=<val>`,
		`.B \-\-a\-very\-long\-option\-name <value>`,
		`.SH "DUMP OPTIONS"`,
		`.B \-r string`,
		`/usr/src/saker\-1.2.3/`,
	} {
		if !strings.Contains(s, want+"\n") {
			t.Errorf("manual lacks line %q", want)
		}
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "'") {
			t.Errorf("line would be read as a request: %q", line)
		}
	}
	if esc(".x") != `\&.x` || esc(`a\b-c`) != `a\eb\-c` {
		t.Errorf("esc: %q %q", esc(".x"), esc(`a\b-c`))
	}
}
