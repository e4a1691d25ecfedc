package main

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// dump with a filter prints the lines sysdig prints for the same capture,
// format and filter.
func TestDumpFilterMatchesSysdig(t *testing.T) {
	sysdig := requireSysdig(t)
	cases := []struct{ capture, format, filter string }{
		{"busybox_workload.scap.gz", "%evt.num %proc.name %evt.type %fd.name",
			"evt.type in (open, openat) and evt.dir = < and evt.res = SUCCESS and fd.name startswith /etc"},
		{"connect_localhost.scap", "%evt.num %proc.name %thread.tid %evt.type %evt.res",
			"evt.type in (socket, connect, sendto, recvfrom, close) or fd.type = ipv4"},
		{"mixed_workload.scap.gz", "%evt.num %proc.name %proc.pname %evt.type %evt.dir",
			"proc.name in (sh, cat, ls) and evt.type in (execve, clone, procexit) and not proc.pname = init"},
		{"mixed_workload.scap.gz", "%evt.num %proc.name %evt.type %fd.name",
			"fd.name glob '/etc/*' and evt.dir = < and (evt.type = read or evt.type = close) and proc.pid > 1"},
	}
	for _, c := range cases {
		path := capture(t, c.capture)
		want := sysdigLines(t, sysdig, path, c.format, c.filter)
		if len(want) == 0 {
			t.Fatalf("%s %q: sysdig prints nothing; pick a filter that matches", c.capture, c.filter)
		}
		// Passed as separate words, as a shell user would type it unquoted.
		res := saker(t, append([]string{"dump", "-r", path, "-p", c.format}, strings.Fields(c.filter)...)...)
		if res.rc != 0 {
			t.Fatalf("rc %d: %s", res.rc, res.stderr)
		}
		got := lines(res.stdout)
		if !slices.Equal(got, want) {
			t.Errorf("%s %q: %d lines, sysdig %d", c.capture, c.filter, len(got), len(want))
			for i := 0; i < len(got) && i < len(want); i++ {
				if got[i] != want[i] {
					t.Errorf("first difference at %d:\n got  %q\n want %q", i, got[i], want[i])
					break
				}
			}
		}
	}
}

func TestDumpFilterErrors(t *testing.T) {
	path := capture(t, "cat_write.scap")
	cases := []struct{ filter, pos string }{
		{"evt.type = open and (", "1:22"},
		{"evt.type = open and fd.nme = x", "1:21"},
		{"proc.pid > abc", "1:"},
	}
	for _, c := range cases {
		res := saker(t, "dump", "-r", path, c.filter)
		if res.rc != 2 {
			t.Errorf("%q: rc %d", c.filter, res.rc)
		}
		if !strings.Contains(res.stderr, "filter: "+c.pos) {
			t.Errorf("%q: error does not give the position %s: %q", c.filter, c.pos, res.stderr)
		}
		if res.stdout != "" {
			t.Errorf("%q: printed events", c.filter)
		}
	}
}

// The unfiltered dump keeps its behaviour: sysdig's default line, -n, and
// the events sysdig hides stay hidden.
func TestDumpDefault(t *testing.T) {
	sysdig := requireSysdig(t)
	path := capture(t, "cat_write.scap")
	res := saker(t, "dump", "-r", path, "-p", "%evt.num %proc.name %evt.type")
	want := sysdigLines(t, sysdig, path, "%evt.num %proc.name %evt.type", "")
	if res.rc != 0 || !slices.Equal(lines(res.stdout), want) {
		t.Errorf("rc %d, %d lines, sysdig %d", res.rc, len(lines(res.stdout)), len(want))
	}
	res = saker(t, "dump", "-r", path, "-n", "140")
	num := regexp.MustCompile(`^(\d+) `)
	got := lines(res.stdout)
	if res.rc != 0 || len(got) == 0 {
		t.Fatalf("rc %d", res.rc)
	}
	for _, l := range got {
		m := num.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("line %q", l)
		}
		if n, _ := strconv.Atoi(m[1]); n > 140 {
			t.Errorf("-n 140 printed event %d", n)
		}
	}
	if r := saker(t, "dump"); r.rc != 2 {
		t.Errorf("dump without -r: rc %d", r.rc)
	}
}
