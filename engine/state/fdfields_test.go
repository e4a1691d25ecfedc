package state

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/event"
)

// refEventTable finds the event table of the driver sources Debian ships
// with sysdig 0.29 (package falcosecurity-scap-dkms, which sysdig
// recommends).
func refEventTable(t *testing.T) string {
	t.Helper()
	// make test-deps unpacks the package (never installs it: its DKMS
	// registration breaks 6.12 kernel installs) under SAKER_REFERENCE_SRC.
	m, _ := filepath.Glob("/usr/src/scap-*/event_table.c")
	if dir := os.Getenv("SAKER_REFERENCE_SRC"); dir != "" {
		if mm, _ := filepath.Glob(filepath.Join(dir, "usr/src/scap-*/event_table.c")); len(mm) > 0 {
			m = mm
		}
	}
	if len(m) == 0 {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("sysdig 0.29's driver sources (falcosecurity-scap-dkms) are missing")
		}
		t.Skip("falcosecurity-scap-dkms not installed")
	}
	b, err := os.ReadFile(m[0])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// refFDFlags returns, per event type, whether the reference table gives it
// any of the fd flags (EF_USES_FD, EF_CREATES_FD, EF_DESTROYS_FD).
func refFDFlags(t *testing.T, src string) []bool {
	t.Helper()
	start := strings.Index(src, "g_event_info")
	if start < 0 {
		t.Fatal("no g_event_info in the reference table")
	}
	src = regexp.MustCompile(`(?s)/\*.*?\*/|//[^\n]*`).ReplaceAllString(src[start:], "")
	src = src[strings.IndexByte(src, '{')+1:]
	var out []bool
	depth, from := 0, 0
	for i := 0; i < len(src) && depth >= 0; i++ {
		switch src[i] {
		case '{':
			if depth == 0 {
				from = i
			}
			depth++
		case '}':
			depth--
			if depth == 0 {
				// The flags are the third element of a row.
				f := strings.SplitN(src[from+1:i], ",", 4)
				if len(f) < 4 {
					t.Fatalf("reference row %d: %.60q", len(out), src[from:i])
				}
				out = append(out, strings.Contains(f[2], "_FD"))
			}
		}
	}
	return out
}

// Which events have fd fields must follow sysdig 0.29's event table, but for
// the deliberate differences of the README, so that fd.* agree with it.
func TestHasFDFieldsMatchesSysdigTable(t *testing.T) {
	ref := refFDFlags(t, refEventTable(t))
	if len(ref) < 300 || len(ref) > int(event.NumTypes) {
		t.Fatalf("parsed %d rows from the reference table", len(ref))
	}
	deliberate := map[event.Type]string{
		event.SyscallMmapE: "mmap uses its fd, as in current libs", event.SyscallMmapX: "mmap uses its fd, as in current libs",
		event.SyscallMmap2E: "mmap2 uses its fd, as in current libs", event.SyscallMmap2X: "mmap2 uses its fd, as in current libs",
		// A gap, not a choice: our table's row lacks 0.29's flag. fstat64
		// exists only for 32-bit callers, which the driver does not trace.
		event.SyscallFstat64X: "fstat64 row lacks EF_USES_FD",
	}
	for i, want := range ref {
		typ := event.Type(i)
		info := typ.Info()
		if info == nil {
			continue
		}
		got := HasFDFields(typ, info)
		if _, ok := deliberate[typ]; ok {
			if got == want {
				t.Errorf("type %d (%s): agrees with sysdig 0.29 now; drop it from the deliberate differences", i, info.Name)
			}
			continue
		}
		if got != want {
			t.Errorf("type %d (%s): fd fields %v, sysdig 0.29 %v", i, info.Name, got, want)
		}
	}
}
