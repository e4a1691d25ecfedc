package pipeline

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/state"
)

// diffFields are compared between sysdig -r and our dump path on every shared
// capture. They cover evt, proc, thread, fd, user, group and container.
var diffFields = []string{
	"evt.type", "evt.dir", "evt.cpu", "evt.rawtime", "evt.time", "evt.datetime",
	"evt.args", "evt.res", "evt.rawres", "evt.failed", "evt.is_io", "evt.is_io_read",
	"evt.is_io_write", "evt.category", "evt.buflen", "evt.arg.fd", "evt.arg[0]",
	"evt.is_open_read", "evt.is_open_write",
	"proc.pid", "proc.ppid", "proc.vpid", "proc.name", "proc.exe", "proc.exepath",
	"proc.cmdline", "proc.args", "proc.cwd", "proc.tty", "proc.pname", "proc.pcmdline",
	"proc.aname[2]", "proc.apid[2]", "proc.sid", "proc.sname", "proc.vpgid",
	"proc.loginshellid", "proc.env",
	"thread.tid", "thread.vtid", "thread.ismain",
	"fd.num", "fd.type", "fd.typechar", "fd.name", "fd.directory", "fd.filename",
	"fd.cip", "fd.sip", "fd.lip", "fd.rip", "fd.cport", "fd.sport", "fd.lport", "fd.rport",
	"fd.l4proto", "fd.sockfamily", "fd.is_server",
	"user.uid", "user.name", "user.loginuid", "user.homedir", "user.shell",
	"group.gid", "group.name",
	"container.id", "container.name", "container.image", "container.privileged",
}

// allowance is one deliberate difference from sysdig 0.29: values of field
// (a name, or a prefix ending in ".*") on events sysdig names evtype (any
// event when empty) and, when match is set, only value pairs it accepts.
type allowance struct {
	field, evtype string
	match         func(sysdig, ours string, row []string) bool
	// threads limits the allowance to events of non-main threads.
	threads bool
	why     string
}

// allowed lists the deliberate differences; they are left out of the
// comparison. Keep them narrow. The README carries the same table.
var allowed = []allowance{
	{field: "evt.type", evtype: "sigreturn", why: "syscall code 298 is named rt_sigreturn, as in current libs (sysdig 0.29: sigreturn)"},
	{field: "evt.arg[0]", evtype: "sigreturn", why: "syscall code 298 is named rt_sigreturn, as in current libs (sysdig 0.29: sigreturn)"},
	{field: "fd.*", evtype: "mmap", why: "current libs' event table marks mmap as using its fd argument; sysdig 0.29's did not and shows no fd fields"},
	{field: "fd.*", evtype: "mmap2", why: "current libs' event table marks mmap2 as using its fd argument; sysdig 0.29's did not and shows no fd fields"},
	{field: "proc.pname", threads: true, why: "a thread's parent is its process's parent, as in current libs (sysdig 0.29: the thread that created it)"},
	{field: "proc.pcmdline", threads: true, why: "a thread's parent is its process's parent, as in current libs (sysdig 0.29: the thread that created it)"},
	{field: "evt.args", evtype: "execve", match: execveNames, why: "execve exit parameters are named and rendered as in current libs' event table: vpgid (0.29: pgid), loginuid=-1(<NONE>) (0.29: no user name)"},
	{field: "proc.vpgid", match: ownGroup, why: "setpgid exits update the process group, as in current libs; sysdig 0.29 kept the group from clone/execve"},
	{field: "group.gid", match: gidQuirk, why: "sysdig 0.29 reads the 32-bit gid as a 64-bit value, so neighbouring bytes show up above bit 32 (e.g. 8589934591 for -1); we print the gid"},
}

// ownGroup accepts our vpgid when the process made itself a group leader
// (vpgid = vpid), which only a setpgid shows.
func ownGroup(_, ours string, row []string) bool {
	i := fieldIndex("proc.vpid")
	return i < len(row) && row[i] == ours
}

// fieldIndex is the position of a field in diffFields.
func fieldIndex(name string) int {
	for i, f := range diffFields {
		if f == name {
			return i
		}
	}
	return len(diffFields)
}

// gidQuirk accepts a sysdig gid whose low 32 bits are ours.
func gidQuirk(sysdig, ours string, _ []string) bool {
	r, err1 := strconv.ParseUint(sysdig, 10, 64)
	o, err2 := strconv.ParseUint(ours, 10, 64)
	return err1 == nil && err2 == nil && r>>32 != 0 && r&0xffffffff == o
}

// loginuidName matches the user name current libs print after a loginuid.
var loginuidName = regexp.MustCompile(`loginuid=(-?[0-9]+)\([^)]*\)`)

// execveNames accepts execve arguments that differ only by the parameter
// name and rendering changes of current libs.
func execveNames(sysdig, ours string, _ []string) bool {
	ours = strings.ReplaceAll(ours, " vpgid=", " pgid=")
	ours = loginuidName.ReplaceAllString(ours, "loginuid=$1")
	return ours == sysdig
}

// exempt returns why a difference of field on an event of type evtype is
// deliberate, or "".
func exempt(field, sysdig, ours string, row []string) string {
	evtype := row[0]
	ismain := fieldIndex("thread.ismain")
	mainThread := ismain < len(row) && row[ismain] != "false"
	for _, a := range allowed {
		if a.evtype != "" && a.evtype != evtype || a.threads && mainThread {
			continue
		}
		if a.field != field && !(strings.HasSuffix(a.field, ".*") && strings.HasPrefix(field, a.field[:len(a.field)-1])) {
			continue
		}
		if a.match == nil || a.match(sysdig, ours, row) {
			return a.why
		}
	}
	return ""
}

// sep separates fields in one output line; it never occurs in values.
const sep = "\x1f"

// eventLimit bounds the large benchmark captures so the suite stays fast.
var eventLimit = map[string]int{"mixed_workload.scap.gz": 300000}

func sharedDir(t testing.TB) string {
	if d := os.Getenv("SAKER_SHARED"); d != "" {
		return d
	}
	return filepath.Join("..", "..", "..", "shared")
}

func requireSysdig(t testing.TB) string {
	p, err := exec.LookPath("sysdig")
	if err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("sysdig not installed (make test-deps installs it)")
		}
		t.Skip("sysdig not installed")
	}
	return p
}

// unreadable are captures Debian's sysdig 0.29 cannot open at all.
var unreadable = map[string]bool{"libs_curl_google_comments.scap": true}

func TestDifferentialAgainstSysdig(t *testing.T) {
	sysdig := requireSysdig(t)
	caps, _ := filepath.Glob(filepath.Join(sharedDir(t), "captures", "*.scap*"))
	if len(caps) == 0 {
		t.Fatal("no captures found under shared/captures")
	}
	format := "*%evt.num" + sep + "%" + strings.Join(diffFields, sep+"%")
	for _, path := range caps {
		name := filepath.Base(path)
		if unreadable[name] {
			continue
		}
		t.Run(name, func(t *testing.T) {
			limit := eventLimit[name]
			ref := runSysdig(t, sysdig, path, format, limit)
			ours := runOurs(t, path, format, limit)
			compare(t, name, ref, ours)
		})
	}
}

func runSysdig(t *testing.T, sysdig, path, format string, limit int) map[uint64][]string {
	args := []string{"-r", path, "-p", format}
	if limit > 0 {
		args = append(args, "-n", strconv.Itoa(limit))
	}
	cmd := exec.Command(sysdig, args...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sysdig %v: %v: %s", args, err, stderr.String())
	}
	return splitLines(out)
}

func runOurs(t *testing.T, path, format string, limit int) map[uint64][]string {
	t.Setenv("TZ", "UTC")
	f, err := fields.CompileFormat(format)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	var line []byte
	err = Replay(path, state.Options{}, func(c *fields.Ctx) error {
		if limit > 0 && c.Num > uint64(limit) {
			return errStopTest
		}
		if c.Hidden() {
			return nil
		}
		line, _ = f.Append(line[:0], c)
		buf.Write(line)
		buf.WriteByte('\n')
		return nil
	})
	if err != nil && err != errStopTest {
		t.Fatalf("replay %s: %v", path, err)
	}
	return splitLines(buf.Bytes())
}

var errStopTest = fmt.Errorf("stop")

// splitLines maps evt.num to the field values of each output line. Values
// may hold newlines (proc.env does): a line that does not start with an
// event number continues the previous one.
func splitLines(out []byte) map[uint64][]string {
	m := map[uint64][]string{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	var last []string
	var lastNum uint64
	for sc.Scan() {
		parts := strings.Split(sc.Text(), sep)
		n, err := strconv.ParseUint(parts[0], 10, 64)
		if err != nil || len(parts) == 1 && last != nil {
			if last == nil {
				continue
			}
			// Continuation: the first piece ends the last value.
			last[len(last)-1] += "\n" + parts[0]
			last = append(last, parts[1:]...)
			m[lastNum] = last
			continue
		}
		last, lastNum = parts[1:], n
		m[n] = last
	}
	return m
}

func compare(t *testing.T, name string, ref, ours map[uint64][]string) {
	if len(ref) == 0 {
		t.Logf("%s: sysdig printed no events", name)
	}
	missing := 0
	for n := range ref {
		if _, ok := ours[n]; !ok {
			missing++
		}
	}
	extra := 0
	for n := range ours {
		if _, ok := ref[n]; !ok {
			extra++
		}
	}
	if extra > 0 {
		t.Errorf("%s: we print %d events sysdig does not", name, extra)
	}
	if missing > 0 {
		t.Errorf("%s: %d of %d events sysdig prints are missing from ours", name, missing, len(ref))
	}
	agree := make([]int, len(diffFields))
	exempted := make([]int, len(diffFields))
	reasons := make([]string, len(diffFields))
	examples := make([]string, len(diffFields))
	total := 0
	// SAKER_DIFF_OUT names a file that collects every differing value, one
	// tab-separated line each, to study the differences.
	var out *os.File
	if p := os.Getenv("SAKER_DIFF_OUT"); p != "" {
		f, err := os.OpenFile(p, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		out = f
	}
	for n, r := range ref {
		o, ok := ours[n]
		if !ok {
			continue
		}
		total++
		for i := range diffFields {
			if i < len(r) && i < len(o) && r[i] == o[i] {
				agree[i]++
				continue
			}
			if i < len(r) && i < len(o) {
				if why := exempt(diffFields[i], r[i], o[i], r); why != "" {
					exempted[i]++
					reasons[i] = why
					continue
				}
			}
			if out != nil && i < len(r) && i < len(o) && len(r) > 1 {
				fmt.Fprintf(out, "%s\t%s\t%d\t%s%s\t%q\t%q\n", name, diffFields[i], n, r[1], r[0], r[i], o[i])
			}
			if examples[i] == "" {
				rv, ov := "", ""
				if i < len(r) {
					rv = r[i]
				}
				if i < len(o) {
					ov = o[i]
				}
				examples[i] = fmt.Sprintf("evt.num=%d sysdig=%q saker=%q", n, rv, ov)
			}
		}
	}
	if total == 0 {
		return
	}
	idx := make([]int, len(diffFields))
	for i := range idx {
		idx[i] = i
	}
	pct := func(i int) float64 {
		if total == exempted[i] {
			return 100
		}
		return 100 * float64(agree[i]) / float64(total-exempted[i])
	}
	sort.Slice(idx, func(a, b int) bool { return pct(idx[a]) < pct(idx[b]) })
	for _, i := range idx {
		p := pct(i)
		t.Logf("%s %-22s %6.2f%% (%d/%d)", name, diffFields[i], p, agree[i], total-exempted[i])
		if exempted[i] > 0 {
			t.Logf("  %d events left out: %s", exempted[i], reasons[i])
		}
		if p < 99 {
			t.Errorf("%s: field %s agrees on %.2f%% of %d events; first difference: %s", name, diffFields[i], p, total-exempted[i], examples[i])
		}
	}
}
