package event

import "testing"

// The tables agree with the by-name lookup of a decoded event, and with
// the public ABI's layouts for a few rows (PPME_SYSCALL_OPENAT_2_X: fd,
// dirfd, name, flags, mode, dev, ino; PPME_SYSCALL_EXECVE_19_E: filename).
func TestParamTable(t *testing.T) {
	for _, c := range []struct {
		name string
		typ  Type
		want int
	}{
		{"fd", SyscallOpenatV2X, 0},
		{"flags", SyscallOpenatV2X, 3},
		{"ino", SyscallOpenatV2X, 6},
		{"flags", SyscallOpenatV2E, 2},
		{"fd", SyscallOpenatV2E, -1},
		{"no-such-param", SyscallOpenatV2X, -1},
	} {
		if got := NewParamTable(c.name).Of(c.typ); got != c.want {
			t.Errorf("%s in %s: index %d, want %d", c.name, Table[c.typ].Name, got, c.want)
		}
	}
	if got := NewParamTable("fd").Of(Type(NumTypes + 5)); got != -1 {
		t.Errorf("out-of-range type: %d", got)
	}
	names := map[string]bool{}
	for i := range Table {
		for _, p := range Table[i].Params {
			names[p.Name] = true
		}
	}
	for name := range names {
		tab := NewParamTable(name)
		for typ := Type(0); int(typ) < NumTypes; typ++ {
			var ev Event
			ev.typ = typ
			if got, want := tab.Of(typ), ev.ParamIndex(name); got != want {
				t.Fatalf("%s in type %d: table says %d, ParamIndex %d", name, typ, got, want)
			}
		}
	}
}
