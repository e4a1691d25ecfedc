package ruleset

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sakerhq/saker/engine/rule/condition"
	"github.com/sakerhq/saker/engine/rule/internal/upstream"
)

// quickly fails the test when f takes over two seconds.
func quickly(t *testing.T, what string, f func()) {
	t.Helper()
	start := time.Now()
	f()
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("%s took %v", what, d)
	}
}

func TestHugeFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse 100 MB file: the size check must reject it before reading.
	if err := f.Truncate(100 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	quickly(t, "100 MB file", func() {
		err := NewLoader().LoadFile(path)
		if err == nil || !strings.Contains(err.Error(), "over the 16777216 byte limit") {
			t.Errorf("err = %v", err)
		}
	})
	big := make([]byte, 32<<20)
	quickly(t, "32 MB bytes", func() {
		if err := NewLoader().LoadBytes("big.yaml", big); err == nil || !strings.Contains(err.Error(), "limit") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestYAMLBomb(t *testing.T) {
	// Shapes the loader accepts (exception values nest two lists deep),
	// multiplied through aliases: about 10^7 nodes from 20 kB of YAML.
	var b strings.Builder
	b.WriteString("- list: scalars\n  items: &p [" + strings.TrimSuffix(strings.Repeat("x, ", 1000), ", ") + "]\n")
	b.WriteString("- list: entries\n  items: &v [" + strings.TrimSuffix(strings.Repeat("[*p], ", 1000), ", ") + "]\n")
	b.WriteString("- rule: r\n  desc: d\n  condition: proc.name = x\n  output: o\n  priority: INFO\n  exceptions:\n")
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, "    - {name: e%d, fields: [proc.name], comps: [in], values: *v}\n", i)
	}
	quickly(t, "alias bomb", func() {
		err := NewLoader().LoadBytes("bomb.yaml", []byte(b.String()))
		if err == nil || !strings.Contains(err.Error(), "YAML alias expansion exceeds") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestInvalidUTF8(t *testing.T) {
	data := []byte("- macro: m\n  condition: proc.name = \"\xff\"\n")
	err := NewLoader().LoadBytes("bad.yaml", data)
	le, ok := err.(*LoadError)
	if !ok || len(le.Diagnostics) != 1 {
		t.Fatalf("err = %v", err)
	}
	d := le.Diagnostics[0]
	if d.File != "bad.yaml" || d.Line != 2 || d.Col != 27 || !strings.Contains(d.Msg, "invalid UTF-8 at byte offset 37") {
		t.Errorf("diagnostic = %s", d)
	}
}

func TestDeepNesting(t *testing.T) {
	deep := "- rule: r\n  tags: " + strings.Repeat("[", 100000) + strings.Repeat("]", 100000) + "\n"
	quickly(t, "deep YAML", func() {
		if err := NewLoader().LoadBytes("deep.yaml", []byte(deep)); err == nil {
			t.Error("deeply nested YAML accepted")
		}
	})
	cond := strings.Repeat("(", 5000) + "proc.pid = 1" + strings.Repeat(")", 5000)
	quickly(t, "deep condition", func() {
		err := NewLoader().LoadBytes("deep2.yaml", []byte("- macro: m\n  condition: "+cond+"\n"))
		if err == nil || !strings.Contains(err.Error(), "maximum depth") {
			t.Errorf("err = %v", err)
		}
	})
}

func TestExpansionBlowup(t *testing.T) {
	var b strings.Builder
	b.WriteString("- macro: m0\n  condition: proc.pid = 1\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "- macro: m%d\n  condition: m%d and m%d\n", i, i-1, i-1)
	}
	b.WriteString("- rule: r\n  desc: d\n  condition: m40\n  output: o\n  priority: INFO\n")
	quickly(t, "macro blow-up", func() {
		_, _, err := load(t, nil, file{"m.yaml", b.String()})
		if err == nil || !strings.Contains(err.Error(), "expands to more than") {
			t.Errorf("err = %v", err)
		}
	})
	b.Reset()
	b.WriteString("- list: l0\n  items: [a, b, c, d]\n")
	for i := 1; i <= 30; i++ {
		fmt.Fprintf(&b, "- list: l%d\n  items: [l%d, l%d, l%d, l%d]\n", i, i-1, i-1, i-1, i-1)
	}
	quickly(t, "list blow-up", func() {
		_, _, err := load(t, nil, file{"l.yaml", b.String()})
		if err == nil || !strings.Contains(err.Error(), "list expands to more than") {
			t.Errorf("err = %v", err)
		}
	})
}

// FuzzLoad feeds arbitrary bytes to the loader: it must never panic, and
// whatever it accepts must yield rules whose conditions print and re-parse.
func FuzzLoad(f *testing.F) {
	files, err := upstream.Files()
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		// Seed with item-sized slices: whole files make slow inputs.
		for _, chunk := range strings.Split(string(data), "\n\n") {
			f.Add([]byte(chunk))
		}
	}
	f.Add([]byte(baseFile))
	f.Add([]byte("- list: a\n  items: [b]\n- list: b\n  items: [a]\n"))
	f.Add([]byte("- rule: r\n  exceptions: [{name: e, fields: [a.b], values: [[x]]}]\n  override: {exceptions: append}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l := NewLoader()
		_ = l.LoadBytes("fuzz.yaml", data)
		set, _, err := l.Finish()
		if err != nil {
			return
		}
		for _, r := range set.Rules {
			again, perr := condition.Parse(r.Expr.String())
			if perr != nil || !condition.Equal(again, r.Expr) {
				t.Fatalf("rule %q: condition does not round-trip: %v", r.Name, perr)
			}
		}
	})
}
