package compile

import (
	"testing"

	"github.com/sakerhq/saker/engine/rule/condition"
	"github.com/sakerhq/saker/engine/rule/internal/upstream"
	"github.com/sakerhq/saker/engine/rule/ruleset"
)

// FuzzCompile checks that compiling any parsable condition, and matching
// what compiles, never panics. Seeds are the upstream conditions, raw
// (with macro references) and fully expanded.
func FuzzCompile(f *testing.F) {
	for _, s := range []string{
		`fd.name glob '/etc/[!a-z]*' and fd.net = 10.0.0.0/8`,
		`toupper(b64(proc.env[X])) regex 'A(B|C)*' or len(evt.buffer) > 3`,
		`evt.type in (open, openat) and not proc.aname in (sh) and fd.port != 80`,
		`proc.pid = val(proc.ppid) or evt.buffer bcontains 00ff`,
	} {
		f.Add(s)
	}
	if conds, err := upstream.Conditions(); err == nil {
		for _, c := range conds {
			f.Add(c.Text)
		}
	}
	if files, err := upstream.Files(); err == nil {
		l := ruleset.NewLoader()
		for _, p := range files {
			_ = l.LoadFile(p)
		}
		if set, _, err := l.Finish(); err == nil {
			for _, r := range set.Rules {
				f.Add(r.Expr.String())
			}
		}
	}
	fd := fileFD()
	f.Fuzz(func(t *testing.T, src string) {
		e, err := condition.Parse(src)
		if err != nil {
			return
		}
		flt, err := Compile(e)
		if err != nil {
			return
		}
		c := testCtx(t, fd)
		flt.Match(c)
		flt.EventTypes()
	})
}
