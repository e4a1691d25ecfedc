package scap

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
)

// capturesDir finds shared/captures next to the repository root.
func capturesDir(t testing.TB) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "captures"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("shared captures not found: %v", err)
	}
	return dir
}

// captureFiles lists every capture in the shared directory.
func captureFiles(t testing.TB) []string {
	t.Helper()
	dir := capturesDir(t)
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasSuffix(e.Name(), ".scap") || strings.HasSuffix(e.Name(), ".scap.gz") {
			out = append(out, filepath.Join(dir, e.Name()))
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		t.Fatal("no captures in " + dir)
	}
	return out
}

var (
	decompMu    sync.Mutex
	decompCache = map[string][]byte{}
)

// decompressed returns a capture's decompressed bytes (cached per run).
func decompressed(t testing.TB, path string) []byte {
	t.Helper()
	decompMu.Lock()
	defer decompMu.Unlock()
	if b, ok := decompCache[path]; ok {
		return b
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b := raw
	if len(raw) > 2 && raw[0] == 0x1f && raw[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	decompCache[path] = b
	return b
}

// sysdigPath returns the reference sysdig binary, or skips (fails when
// SAKER_REQUIRE_REFERENCE=1) when it is not installed.
func sysdigPath(t testing.TB) string {
	t.Helper()
	p, err := exec.LookPath("sysdig")
	if err != nil {
		if os.Getenv("SAKER_REQUIRE_REFERENCE") == "1" {
			t.Fatal("sysdig not installed and SAKER_REQUIRE_REFERENCE=1")
		}
		t.Skip("sysdig not installed")
	}
	return p
}
