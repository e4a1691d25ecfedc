package compile

import (
	"errors"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/state"
)

// The expectations follow libsinsp's comparison rules (filter_compare.cpp
// and the fd/thread filterchecks); the values are what the test event holds.
func TestOperatorsOnFile(t *testing.T) {
	c := testCtx(t, fileFD())
	cases := []struct {
		cond string
		want bool
	}{
		{`fd.name = /etc/passwd`, true},
		{`fd.name == "/etc/passwd"`, true},
		{`fd.name != /etc/passwd`, false},
		{`fd.name = /etc/passw`, false},
		{`fd.name contains etc/pa`, true},
		{`fd.name contains shadow`, false},
		{`fd.name icontains ETC/PASS`, true},
		{`fd.name startswith /etc`, true},
		{`fd.name startswith /usr`, false},
		{`fd.name endswith passwd`, true},
		{`fd.name glob '/etc/*'`, true},
		{`fd.name glob '/etc/p?ss*'`, true},
		{`fd.name glob '/etc/[!a-o]*'`, true},
		{`fd.name glob '/etc/[a-o]*'`, false},
		{`fd.name glob '*/passwd'`, true},
		{`fd.name glob '/ETC/*'`, false},
		{`fd.name iglob '/ETC/*'`, true},
		{`fd.name pmatch (/etc)`, true},
		{`fd.name pmatch (/et)`, false},
		{`fd.name pmatch (/usr, /etc/passwd)`, true},
		{`fd.name pmatch (/etc/passwd/x)`, false},
		{`fd.directory pmatch (/etc)`, true},
		{`fd.name in (/etc/shadow, /etc/passwd)`, true},
		{`fd.name in (/etc/shadow, /etc/group)`, false},
		{`fd.name in (/etc/passwd)`, true},
		{`fd.name intersects (/etc/passwd, x)`, true},
		{`fd.name in ()`, false},
		{`fd.name regex '/etc/p.*d'`, true},
		{`fd.name regex 'etc'`, false},
		{`fd.name regex '.*(passwd|shadow)'`, true},
		{`fd.name exists`, true},
		{`fd.typechar = f`, true},
		{`fd.filename = passwd`, true},
		// a field without a value fails every check, != included
		{`fd.sip exists`, false},
		{`fd.sip = 1.2.3.4`, false},
		{`fd.sip != 1.2.3.4`, false},
		{`not fd.sip = 1.2.3.4`, true},
		// transformers, applied innermost first
		{`toupper(fd.name) = /ETC/PASSWD`, true},
		{`tolower(toupper(fd.name)) = /etc/passwd`, true},
		{`basename(fd.name) = passwd`, true},
		{`basename(proc.cwd) = root`, true},
		{`len(fd.name) = 11`, true},
		{`len(fd.name) > 11`, false},
		{`b64(proc.env[TOKEN]) = hello`, true},
		{`b64(fd.name) exists`, false},
		{`toupper(fd.name) contains PASS`, true},
		// numbers
		{`proc.pid = 42`, true},
		{`proc.pid != 42`, false},
		{`proc.pid > 41`, true},
		{`proc.pid < 42`, false},
		{`proc.pid <= 42`, true},
		{`proc.pid in (1, 42)`, true},
		{`proc.pid in (0x2a)`, true},
		{`proc.pid in (1, 2)`, false},
		{`evt.rawres = 5`, true},
		{`evt.rawres >= 6`, false},
		{`fd.num = 3`, true},
		{`user.uid = 0`, true},
		{`evt.num = 1`, true},
		// booleans
		{`evt.failed = false`, true},
		{`evt.failed = true`, false},
		{`evt.failed != true`, true},
		{`evt.is_io_read = true`, true},
		// byte buffers
		{`evt.buffer contains ell`, true},
		{`evt.buffer bcontains 656c6c`, true},
		{`evt.buffer bcontains 656C6D`, false},
		{`evt.buffer bstartswith 68`, true},
		{`evt.buffer startswith hel`, true},
		{`evt.buffer = hello`, true},
		{`len(evt.buffer) = 5`, true},
		// evt.rawarg takes each parameter's own type
		{`evt.rawarg.res = 5`, true},
		{`evt.rawarg.res < 6`, true},
		{`evt.rawarg.data contains ell`, true},
		{`evt.rawarg.size in (4, 5)`, true},
		{`evt.arg.res = 5`, true},
		// field against field
		{`proc.exe endswith val(proc.name)`, true},
		{`proc.pid = val(thread.tid)`, true},
		{`proc.pid > val(fd.num)`, true},
		{`proc.name = val(proc.exe)`, false},
		{`proc.name != val(proc.exe)`, true},
		{`fd.name = val(fd.nameraw)`, true},
		// event type
		{`evt.type = read`, true},
		{`evt.type in (open, read)`, true},
		{`evt.type != read`, false},
		{`evt.type = write`, false},
		{`evt.type startswith re`, true},
		{`evt.dir = <`, true},
		// process tree: no state table, so no ancestors beyond the thread
		{`proc.aname = bash`, false},
		{`proc.aname[0] = bash`, true},
		{`proc.env[HOME] = /root`, true},
		// connectives
		{`fd.name exists and not proc.pid = 1`, true},
		{`proc.pid = 1 or fd.name = /etc/passwd`, true},
		{`proc.pid = 1 or (fd.name = /x and proc.pid = 42)`, false},
		{`not (proc.pid = 1 or fd.name = /x)`, true},
		{`evt.type = nosuchevent or proc.pid = 42`, true},
		// metadata the captures cannot have
		{`k8s.ns.name = kube-system`, false},
		{`k8s.ns.name exists`, false},
		{`fd.sip.name = "kubernetes.default.svc.cluster.local"`, false},
	}
	for _, tc := range cases {
		if got := mustCompile(t, tc.cond).Match(c); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.cond, got, tc.want)
		}
	}
}

func TestOperatorsOnSocket(t *testing.T) {
	c := testCtx(t, sockFD())
	cases := []struct {
		cond string
		want bool
	}{
		{`fd.sip = 93.184.216.34`, true},
		{`fd.cip = 10.1.2.3`, true},
		{`fd.sip = 10.1.2.3`, false},
		{`fd.sip != 10.1.2.3`, true},
		{`fd.sip in (1.1.1.1, 93.184.216.34)`, true},
		{`fd.cip = 10.0.0.0/8`, true},
		{`fd.sip = 10.0.0.0/8`, false},
		{`fd.sip = 2001:db8::1`, false},
		{`fd.sip != 2001:db8::1`, true},
		// fd.ip, fd.net, fd.port: either end for = and in, both ends for !=
		{`fd.ip = 10.1.2.3`, true},
		{`fd.ip = 93.184.216.34`, true},
		{`fd.ip = 8.8.8.8`, false},
		{`fd.ip != 10.1.2.3`, false},
		{`fd.ip != 8.8.8.8`, true},
		{`fd.ip in (8.8.8.8, 93.184.216.34)`, true},
		{`fd.net = 10.0.0.0/8`, true},
		{`fd.net = 93.184.0.0/16`, true},
		{`fd.net = 192.168.0.0/16`, false},
		{`fd.net != 10.0.0.0/8`, false},
		{`fd.net != "127.0.0.0/8"`, true},
		{`fd.snet in (10.0.0.0/8, 93.184.0.0/16)`, true},
		{`fd.snet in (10.0.0.0/8, 172.16.0.0/12)`, false},
		{`fd.cnet = 10.1.0.0/16`, true},
		{`fd.port = 443`, true},
		{`fd.port = 40000`, true},
		{`fd.port = 80`, false},
		{`fd.port != 443`, false},
		{`fd.port != 80`, true},
		{`fd.port < 1000`, true},
		{`fd.port > 50000`, false},
		{`fd.port in (22, 443)`, true},
		{`fd.sport = 443`, true},
		{`fd.cport = 40000`, true},
		{`fd.sport in (80, 8080)`, false},
		{`fd.l4proto = tcp`, true},
		{`fd.l4proto != tcp`, false},
		{`fd.sockfamily = ip`, true},
		{`fd.typechar = 4`, true},
		{`fd.connected = true`, true},
		{`fd.name exists`, true},
		{`fd.ip exists`, true},
		{`fd.directory exists`, false},
	}
	for _, tc := range cases {
		if got := mustCompile(t, tc.cond).Match(c); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.cond, got, tc.want)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		cond, want string
	}{
		{`proc.pid = abc`, `"abc" is not a number`},
		{`proc.pid contains 4`, `operator "contains" is not supported for int field proc.pid`},
		{`fd.name bcontains 41`, `not supported for string`},
		{`evt.buffer bcontains zz`, `needs a hex string`},
		{`evt.buffer glob 'x*'`, `not supported for bytes`},
		{`evt.failed = yes`, `not a boolean`},
		{`fd.sip = 300.1.1.1`, `not an IP address`},
		{`fd.net = 10.0.0.0/40`, `not an IP network`},
		{`fd.sip contains 1`, `not supported for ip`},
		{`fd.name regex '('`, `invalid regex`},
		{`proc.name = val(proc.pid)`, `incompatible type`},
		{`fd.ip = val(fd.sip)`, `does not support right-hand side fields`},
		{`proc.name pmatch val(proc.exe)`, `does not support right-hand side fields`},
		{`len(proc.pid) = 1`, `can't apply len()`},
		{`toupper(evt.buffer) = A`, `can't apply toupper()`},
		{`fd.port = http`, `not an unsigned number`},
		{`some_macro`, `undefined macro`},
		{`evt.arg = 1`, `needs an argument`},
	}
	for _, tc := range cases {
		err := compileErr(t, tc.cond)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.cond, err, tc.want)
		}
	}
}

func TestUnknownFieldError(t *testing.T) {
	err := compileErr(t, "proc.name = x and\n  fd.nmae = /etc/passwd")
	var ce *Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *compile.Error", err)
	}
	if ce.Pos.Line != 2 || ce.Pos.Col != 3 {
		t.Errorf("position %d:%d, want 2:3", ce.Pos.Line, ce.Pos.Col)
	}
	var ue *fields.UnknownFieldError
	if !errors.As(err, &ue) || ue.Suggestion != "fd.name" {
		t.Errorf("error %v does not suggest fd.name", err)
	}
	if !strings.HasPrefix(err.Error(), "2:3: ") {
		t.Errorf("message %q does not start with the position", err)
	}
}

func TestConstantFolding(t *testing.T) {
	cases := []struct {
		cond       string
		value, ok  bool
		matchesNow bool
	}{
		{`evt.type = nosuchevent`, false, true, false},
		{`not evt.type = nosuchevent`, true, true, true},
		{`evt.type != nosuchevent`, true, true, true},
		{`evt.type = nosuchevent and fd.name exists`, false, true, false},
		{`evt.type = nosuchevent or fd.name exists`, false, false, true},
		{`evt.type in (nosuchevent, read)`, false, false, true},
		{`fd.name in () or evt.type != nosuchevent`, true, true, true},
	}
	c := testCtx(t, fileFD())
	for _, tc := range cases {
		f := mustCompile(t, tc.cond)
		v, ok := f.Const()
		if ok != tc.ok || (ok && v != tc.value) {
			t.Errorf("%s: Const() = %v, %v; want %v, %v", tc.cond, v, ok, tc.value, tc.ok)
		}
		if got := f.Match(c); got != tc.matchesNow {
			t.Errorf("%s: Match = %v, want %v", tc.cond, got, tc.matchesNow)
		}
	}
}

// TestMatchDoesNotAllocate covers every kind of check: strings, sets,
// globs, regexes, transformers, IPs, multi-valued fields and val().
func TestMatchDoesNotAllocate(t *testing.T) {
	conds := []string{
		`fd.name in (/etc/shadow, /etc/passwd, /etc/group) and fd.name glob '/etc/*' and fd.name pmatch (/usr, /etc)`,
		`fd.name icontains PASS and fd.name regex '/etc/.*' and toupper(fd.name) contains PASS and len(fd.name) > 3`,
		`b64(proc.env[TOKEN]) = hello and proc.exe endswith val(proc.name) and proc.pid in (1, 42)`,
		`evt.type in (open, read) and not proc.aname in (sshd, sudo) and evt.buffer bcontains 656c6c`,
	}
	for _, fd := range []*state.FD{fileFD(), sockFD()} {
		c := testCtx(t, fd)
		for _, cond := range append(conds, `fd.ip = 93.184.216.34 and fd.net != 127.0.0.0/8 and fd.port in (80, 443)`) {
			f := mustCompile(t, cond)
			if n := testing.AllocsPerRun(200, func() { c.Reset(); f.Match(c) }); n != 0 {
				t.Errorf("%s: %v allocations per match", cond, n)
			}
		}
	}
}

func TestEventTypes(t *testing.T) {
	open, _ := TypesOf("open")
	openat, _ := TypesOf("openat")
	closeT, _ := TypesOf("close")
	if !open.Has(event.SyscallOpenE) || !open.Has(event.SyscallOpenX) || open.Len() != 2 {
		t.Fatalf("types of open: %v", open.Types())
	}
	if !openat.Has(event.SyscallOpenatE) || !openat.Has(event.SyscallOpenatV2X) {
		t.Fatalf("types of openat miss a version: %v", openat.Types())
	}
	both := open.Union(openat)
	notOpen := open.invert()
	notOpenClose := open.Union(closeT).invert()
	cases := []struct {
		cond string
		want TypeSet
		all  bool
	}{
		{`evt.type = open`, open, false},
		{`evt.type in (open, openat)`, both, false},
		{`evt.type = open or evt.type = openat`, both, false},
		{`evt.type != open`, notOpen, false},
		{`not evt.type = open`, notOpen, false},
		{`not evt.type != open`, open, false},
		{`not evt.type in (open, close)`, notOpenClose, false},
		{`not (evt.type = open or evt.type = close)`, notOpenClose, false},
		{`proc.name = bash`, allTypes, true},
		{`not proc.name = bash`, allTypes, true},
		{`evt.type = open and proc.name = bash`, open, false},
		{`evt.type = open or proc.name = bash`, allTypes, true},
		{`not (evt.type = open and proc.name = bash)`, allTypes, true},
		{`evt.type in (open, openat) and not evt.type = open`, openat, false},
		{`(evt.type = open and evt.dir = <) or (evt.type = openat and fd.name exists)`, both, false},
		{`evt.type = nosuchevent`, TypeSet{}, false},
		{`evt.type startswith open`, allTypes, true},
	}
	for _, tc := range cases {
		got, all := mustCompile(t, tc.cond).EventTypes()
		if got != tc.want || all != tc.all {
			t.Errorf("%s: types %v (all=%v), want %v (all=%v)", tc.cond, got.Types(), all, tc.want.Types(), tc.all)
		}
	}
}

func TestGenericEventTypes(t *testing.T) {
	// A syscall without a row of its own arrives as a generic event.
	name := ""
	for id := 1; id < 1<<12 && name == ""; id++ {
		n := event.SyscallName(uint16(id))
		found := false
		for i := range event.Table {
			if event.Table[i].Name == n {
				found = true
				break
			}
		}
		if n != "" && !found {
			name = n
		}
	}
	if name == "" {
		t.Skip("every syscall has a row")
	}
	got, _ := mustCompile(t, "evt.type = "+name).EventTypes()
	if !got.Has(event.GenericE) || !got.Has(event.GenericX) || got.Len() != 2 {
		t.Errorf("evt.type = %s: types %v, want the generic pair", name, got.Types())
	}
}

func TestWarnings(t *testing.T) {
	cases := []struct {
		cond string
		want []string
	}{
		{`evt.type = open`, nil},
		{`evt.type = open and proc.name = bash`, nil},
		{`proc.name = bash`, []string{WarnNoEvtType}},
		{`evt.type != open`, []string{WarnNoEvtType}},
		{`evt.type = nosuchevent`, []string{WarnUnknownType, WarnNoEvtType, WarnConstant}},
		{`evt.type = open and not proc.name in ("<NA>", "N/A")`, []string{WarnNACheck}},
	}
	for _, tc := range cases {
		var got []string
		for _, w := range mustCompile(t, tc.cond).Warnings() {
			got = append(got, w.Code)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") {
			t.Errorf("%s: warnings %v, want %v", tc.cond, got, tc.want)
		}
	}
}

func TestGlob(t *testing.T) {
	// Cases checked against glibc fnmatch(3) with flags 0.
	cases := []struct {
		pat, s string
		want   bool
	}{
		{"*", "", true},
		{"*", "/a/b", true},
		{"a*b", "a/x/b", true},
		{"a*b", "a/x/c", false},
		{"*.conf", ".conf", true},
		{"?", "", false},
		{"?", "/", true},
		{"[abc]", "b", true},
		{"[!abc]", "b", false},
		{"[^abc]", "d", true},
		{"[]a]", "]", true},
		{"[a-]", "-", true},
		{"[[:digit:]]x", "7x", true},
		{"[[:digit:]]x", "ax", false},
		{"\\*", "*", true},
		{"\\*", "a", false},
		{"[a", "[a", true},
		{"*a*a*a*", "aaaa", true},
		{"*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false},
		{"/home/*/.ssh/*", "/home/u/.ssh/id_rsa", true},
		{"*../*../*", "/a/../b/../c", true},
	}
	for _, tc := range cases {
		if got := globMatch(tc.pat, []byte(tc.s), false); got != tc.want {
			t.Errorf("glob %q on %q = %v, want %v", tc.pat, tc.s, got, tc.want)
		}
	}
	if !globMatch("/ETC/[P]*", []byte("/etc/passwd"), true) {
		t.Error("iglob should fold case in sets too")
	}
}
