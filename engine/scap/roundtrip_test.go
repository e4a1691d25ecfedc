package scap

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runSysdig prints a capture the way a person would look at it: extra
// arguments select a chisel view instead of the default event listing.
func runSysdig(t *testing.T, bin, path string, limit int, extra ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	args := []string{"-r", path}
	if limit > 0 {
		args = append(args, "-n", strconv.Itoa(limit))
	}
	args = append(args, extra...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("sysdig %s: %v: %s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// TestRoundTripSysdig writes every shared capture back with our Writer and
// requires Debian's sysdig 0.29 to print exactly the same thing for the
// original and the copy.
func TestRoundTripSysdig(t *testing.T) {
	bin := sysdigPath(t)
	for _, f := range captureFiles(t) {
		name := filepath.Base(f)
		if name == "libs_curl_google_comments.scap" {
			continue // sysdig 0.29 cannot open it (section header options)
		}
		t.Run(name, func(t *testing.T) {
			limit := 0
			if strings.HasPrefix(name, "mixed_workload") {
				limit = 20000 // the full capture takes too long to print twice
			}
			if testing.Short() && limit == 0 && strings.HasPrefix(name, "busybox") {
				limit = 20000
			}
			r, err := Open(f)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			dst := filepath.Join(t.TempDir(), "copy.scap")
			out, err := os.Create(dst)
			if err != nil {
				t.Fatal(err)
			}
			// Copy a margin past the limit so sysdig stops on its own count.
			copyLimit := 0
			if limit > 0 {
				copyLimit = limit + 1000
			}
			n, err := Copy(r, out, CopyOptions{MaxEvents: copyLimit})
			if cerr := out.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				t.Fatal("no events copied")
			}
			// The event listing checks the events; the lsof and ps chisels
			// print the fd, process and user tables rebuilt from metadata.
			for _, view := range [][]string{nil, {"-c", "lsof"}, {"-c", "ps"}} {
				want := runSysdig(t, bin, f, limit, view...)
				got := runSysdig(t, bin, dst, limit, view...)
				if len(want) == 0 && view != nil {
					t.Fatalf("sysdig %v printed nothing for the original", view)
				}
				if !bytes.Equal(want, got) {
					t.Fatalf("sysdig %v output differs: %s", view, firstDiff(want, got))
				}
			}
		})
	}
}

func firstDiff(want, got []byte) string {
	wl := strings.Split(string(want), "\n")
	gl := strings.Split(string(got), "\n")
	for i := 0; i < len(wl) && i < len(gl); i++ {
		if wl[i] != gl[i] {
			return fmt.Sprintf("line %d:\norig: %s\ncopy: %s", i+1, wl[i], gl[i])
		}
	}
	return fmt.Sprintf("orig has %d lines, copy %d", len(wl), len(gl))
}
