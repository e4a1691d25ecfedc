package fields_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/pipeline"
	"github.com/sakerhq/saker/engine/state"
)

// What ForType claims the type decides, extraction gives on every event of
// the shared captures, for every field.
func TestForTypeAgreesWithExtract(t *testing.T) {
	shared := os.Getenv("SAKER_SHARED")
	if shared == "" {
		shared = filepath.Join("..", "..", "..", "shared")
	}
	caps, _ := filepath.Glob(filepath.Join(shared, "captures", "*.scap*"))
	if len(caps) == 0 {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("shared captures are required")
		}
		t.Skip("no shared captures")
	}
	var xs []*fields.Extractor
	for _, d := range fields.All() {
		if d.Arg == fields.ArgRequired {
			continue
		}
		x, err := fields.Compile(d.Name)
		if err != nil {
			t.Fatal(err)
		}
		xs = append(xs, x)
	}
	for _, ref := range []string{"evt.arg.flags", "evt.arg.newpath", "evt.arg.name", "evt.arg.res", "evt.arg.fd",
		"evt.rawarg.res", "evt.rawarg.flags", "evt.arg[1]", "evt.rawarg[0]"} {
		x, err := fields.Compile(ref)
		if err != nil {
			t.Fatal(err)
		}
		xs = append(xs, x)
	}
	folded, checked := 0, 0
	// A few events of each type per field and capture are enough, and keep
	// the test fast.
	const perType = 25
	for _, path := range caps {
		seen := make([][]int, len(xs))
		known := make([][]int8, len(xs)) // per type: 0 unknown, 1 decided, -1 not
		if filepath.Base(path) == "empty.scap" {
			continue
		}
		err := pipeline.Replay(path, state.Options{}, func(c *fields.Ctx) error {
			typ := c.Ev.Type()
			for i, x := range xs {
				if seen[i] == nil {
					seen[i], known[i] = make([]int, 1<<16), make([]int8, 1<<16)
				}
				if known[i][typ] < 0 || seen[i][typ] >= perType {
					continue
				}
				var want, got fields.Value
				has, ok := x.ForType(typ, &want)
				if !ok {
					known[i][typ] = -1
					continue
				}
				seen[i][typ]++
				folded++
				if x.Extract(c, &got) != has || (has && !sameValue(&got, &want)) {
					t.Fatalf("%s: event %d (%s): ForType says %v %q, extraction %q", filepath.Base(path), c.Num, x.Text, has, want.Append(nil), got.Append(nil))
				}
				checked++
			}
			return nil
		})
		if err != nil && !bytes.Contains([]byte(err.Error()), []byte("corrupt")) {
			t.Fatalf("%s: %v", path, err)
		}
	}
	if folded < 1000 {
		t.Errorf("only %d values decided by the type; the check is too weak", folded)
	}
	t.Logf("%d values checked", checked)
}

func sameValue(a, b *fields.Value) bool {
	return a.Kind == b.Kind && bytes.Equal(a.B, b.B) && a.I == b.I && a.U == b.U && a.IP == b.IP
}
