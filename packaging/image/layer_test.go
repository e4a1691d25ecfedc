package image

import (
	"archive/tar"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/validate"
)

// makeTree writes a small root file system; reverse creates it in the
// opposite order and with other times, which must not change the layer.
func makeTree(t *testing.T, reverse bool) string {
	t.Helper()
	root := t.TempDir()
	type step func()
	w := func(rel, data string, mode os.FileMode) step {
		return func() {
			p := filepath.Join(root, rel)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(data), mode); err != nil {
				t.Fatal(err)
			}
			// WriteFile's mode passes through the umask; set it exactly.
			if err := os.Chmod(p, mode); err != nil {
				t.Fatal(err)
			}
		}
	}
	steps := []step{
		w("usr/bin/saker", "#!/bin/sh\necho saker\n", 0o755|os.ModeSetuid),
		w("etc/saker/saker.yaml", "json_output: true\n", 0o644),
		w("a-b", "byte order: '-' sorts before '/'\n", 0o600),
		w("a/z", "z\n", 0o644),
		w("dev/null-not-really", "runtime mounts its own /dev\n", 0o644),
		w("proc/1/status", "runtime mounts its own /proc\n", 0o644),
	}
	if reverse {
		for i, j := 0, len(steps)-1; i < j; i, j = i+1, j-1 {
			steps[i], steps[j] = steps[j], steps[i]
		}
	}
	steps = append(steps,
		func() {
			if err := os.Symlink("saker", filepath.Join(root, "usr/bin/saker-link")); err != nil {
				t.Fatal(err)
			}
		},
		func() {
			if err := os.Link(filepath.Join(root, "etc/saker/saker.yaml"), filepath.Join(root, "a/hard")); err != nil {
				t.Fatal(err)
			}
		})
	for _, s := range steps {
		s()
	}
	if reverse {
		when := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
		filepath.Walk(root, func(p string, _ os.FileInfo, _ error) error {
			os.Chtimes(p, when, when)
			return nil
		})
	}
	return root
}

func layerBytes(t *testing.T, root string, mtime time.Time) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteLayer(&b, root, mtime); err != nil {
		t.Fatalf("WriteLayer: %v", err)
	}
	return b.Bytes()
}

func TestWriteLayer(t *testing.T) {
	mtime := time.Unix(1700000000, 0)
	a := layerBytes(t, makeTree(t, false), mtime)
	b := layerBytes(t, makeTree(t, true), mtime)
	if !bytes.Equal(a, b) {
		t.Errorf("the same tree made in another order, with other times, gave another layer (%d vs %d bytes)", len(a), len(b))
	}

	type entry struct {
		name string
		typ  byte
		mode int64
		link string
	}
	var got []entry
	tr := tar.NewReader(bytes.NewReader(a))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("reading the layer back: %v", err)
		}
		if !h.ModTime.Equal(mtime) {
			t.Errorf("%s: mtime %v, want %v", h.Name, h.ModTime, mtime)
		}
		if h.Uname != "" || h.Gname != "" {
			t.Errorf("%s: owner names %q/%q, want numeric owners only", h.Name, h.Uname, h.Gname)
		}
		if h.Uid != os.Getuid() || h.Gid != os.Getgid() {
			t.Errorf("%s: owner %d:%d, want the files' %d:%d", h.Name, h.Uid, h.Gid, os.Getuid(), os.Getgid())
		}
		if h.Typeflag == tar.TypeReg {
			data, _ := io.ReadAll(tr)
			if int64(len(data)) != h.Size {
				t.Errorf("%s: %d bytes of %d", h.Name, len(data), h.Size)
			}
		}
		got = append(got, entry{h.Name, h.Typeflag, h.Mode, h.Linkname})
	}
	// Depth first, each directory's names in byte order; /dev and /proc
	// empty; setuid kept; the second path of an inode is a hard link.
	want := []entry{
		{"a/", tar.TypeDir, 0o755, ""},
		{"a/hard", tar.TypeReg, 0o644, ""},
		{"a/z", tar.TypeReg, 0o644, ""},
		{"a-b", tar.TypeReg, 0o600, ""},
		{"dev/", tar.TypeDir, 0o755, ""},
		{"etc/", tar.TypeDir, 0o755, ""},
		{"etc/saker/", tar.TypeDir, 0o755, ""},
		{"etc/saker/saker.yaml", tar.TypeLink, 0o644, "a/hard"},
		{"proc/", tar.TypeDir, 0o755, ""},
		{"usr/", tar.TypeDir, 0o755, ""},
		{"usr/bin/", tar.TypeDir, 0o755, ""},
		{"usr/bin/saker", tar.TypeReg, 0o4755, ""},
		{"usr/bin/saker-link", tar.TypeSymlink, 0o777, "saker"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("layer entries:\n got %v\nwant %v", got, want)
	}
}

func TestWriteLayerErrors(t *testing.T) {
	var b bytes.Buffer
	missing := filepath.Join(t.TempDir(), "missing")
	if err := WriteLayer(&b, missing, time.Unix(0, 0)); err == nil || !strings.Contains(err.Error(), "missing") {
		t.Errorf("missing root: error %v, want one naming it", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if err := WriteLayer(&b, file, time.Unix(0, 0)); err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("file as root: error %v, want \"not a directory\"", err)
	}
}

func TestTag(t *testing.T) {
	for version, want := range map[string]string{
		"0.2.0":                  "0.2.0",
		"0.2.0~rc1":              "0.2.0-rc1",
		"0.2.0+3.gabc1234":       "0.2.0-3.gabc1234",
		"0.1+ga1c6234.dirty":     "0.1-ga1c6234.dirty",
		"0.2.0~rc1+3.gabc1234.d": "0.2.0-rc1-3.gabc1234.d",
	} {
		got, err := Tag(version)
		if err != nil || got != want {
			t.Errorf("Tag(%q) = %q, %v; want %q", version, got, err, want)
		}
	}
	for _, bad := range []string{"", "-1", "1:2.0", strings.Repeat("1", 129)} {
		if got, err := Tag(bad); err == nil {
			t.Errorf("Tag(%q) = %q, want an error", bad, got)
		}
	}
}

// TestBuild writes a tarball from a small tree and reads it back as
// docker load would: one tag, the configuration, a valid image.
func TestBuild(t *testing.T) {
	root := makeTree(t, false)
	out := filepath.Join(t.TempDir(), "img.tar")
	created := time.Unix(1700000000, 0).UTC()
	ref, err := Build(Options{Root: root, Out: out, Version: "0.2.0~rc1+3.gabc1234", Revision: "abc1234", Created: created})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if ref != "sakerhq/saker:0.2.0-rc1-3.gabc1234" {
		t.Errorf("Build returned %q", ref)
	}
	first, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	m, err := tarball.LoadManifest(func() (io.ReadCloser, error) { return os.Open(out) })
	if err != nil {
		t.Fatalf("LoadManifest: %v", err)
	}
	if len(m) != 1 || !reflect.DeepEqual(m[0].RepoTags, []string{"sakerhq/saker:0.2.0-rc1-3.gabc1234"}) || len(m[0].Layers) != 1 {
		t.Fatalf("manifest.json: %+v, want one image, tag sakerhq/saker:0.2.0-rc1-3.gabc1234, one layer", m)
	}
	tag, _ := name.NewTag("sakerhq/saker:0.2.0-rc1-3.gabc1234")
	img, err := tarball.ImageFromPath(out, &tag)
	if err != nil {
		t.Fatalf("ImageFromPath: %v", err)
	}
	if err := validate.Image(img); err != nil {
		t.Errorf("validate: %v", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	if !reflect.DeepEqual(c.Entrypoint, []string{"/usr/bin/saker"}) || !reflect.DeepEqual(c.Cmd, []string{"-c", "/etc/saker/saker.yaml"}) {
		t.Errorf("entrypoint %q cmd %q", c.Entrypoint, c.Cmd)
	}
	if cf.OS != "linux" || cf.Architecture != "amd64" || !cf.Created.Time.Equal(created) {
		t.Errorf("os/arch/created %s/%s/%v", cf.OS, cf.Architecture, cf.Created.Time)
	}
	for k, v := range map[string]string{
		"org.opencontainers.image.version":  "0.2.0~rc1+3.gabc1234",
		"org.opencontainers.image.revision": "abc1234",
		"org.opencontainers.image.licenses": "Apache-2.0 AND GPL-2.0-only",
		"org.opencontainers.image.source":   "https://github.com/sakerhq/saker",
		"org.opencontainers.image.created":  "2023-11-14T22:13:20Z",
	} {
		if c.Labels[k] != v {
			t.Errorf("label %s = %q, want %q", k, c.Labels[k], v)
		}
	}
	// The layer in the tarball is the tree's layer, compressed.
	layers, _ := img.Layers()
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(rc)
	rc.Close()
	if !bytes.Equal(data, layerBytes(t, root, created)) {
		t.Error("the image's layer differs from WriteLayer's tar of the tree")
	}

	// Built again: the same bytes.
	if _, err := Build(Options{Root: root, Out: out, Version: "0.2.0~rc1+3.gabc1234", Revision: "abc1234", Created: created}); err != nil {
		t.Fatal(err)
	}
	second, _ := os.ReadFile(out)
	if !bytes.Equal(first, second) {
		t.Error("building the same tree twice gave two different tarballs")
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".layer-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}

	if _, err := Build(Options{Root: root, Out: out, Version: "1:2.0"}); err == nil {
		t.Error("a version with an epoch (not a valid tag) was accepted")
	}
}
