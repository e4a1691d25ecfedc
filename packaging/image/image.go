package image

import (
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// Defaults of Options, matching the Helm chart (packaging/helm/saker).
const (
	Repository = "sakerhq/saker"
	Source     = "https://github.com/sakerhq/saker"
	// Licenses is the SPDX expression of what the image adds to Debian:
	// saker (Apache-2.0) and the module's sources (GPL-2.0-only).
	Licenses = "Apache-2.0 AND GPL-2.0-only"
)

// Entrypoint and Cmd run saker as the chart's main container does; the
// chart sets both explicitly too, so `docker run IMAGE` behaves the same.
var (
	Entrypoint = []string{"/usr/bin/saker"}
	Cmd        = []string{"-c", "/etc/saker/saker.yaml"}
)

// Options say what Build writes.
type Options struct {
	Root       string    // the image's root file system
	Out        string    // the docker-archive tarball to write
	Version    string    // the saker package's version (dpkg's)
	Repository string    // default Repository
	Revision   string    // the source commit, for the revision label (optional)
	Created    time.Time // file times and the image's creation time
}

// tagRe is the grammar of an image tag (distribution's reference spec).
var tagRe = regexp.MustCompile(`^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`)

// Tag turns a package version into an image tag. Tags allow neither '+' nor
// '~', so both become '-': 0.2.0~rc1 gives 0.2.0-rc1 (the git tag's
// spelling), 0.2.0+3.gabc1234 gives 0.2.0-3.gabc1234.
func Tag(version string) (string, error) {
	t := strings.NewReplacer("+", "-", "~", "-").Replace(version)
	if !tagRe.MatchString(t) {
		return "", fmt.Errorf("version %q: %q is not a valid image tag", version, t)
	}
	return t, nil
}

// Build writes the tarball and returns the image's name:tag.
func Build(o Options) (string, error) {
	if o.Repository == "" {
		o.Repository = Repository
	}
	t, err := Tag(o.Version)
	if err != nil {
		return "", err
	}
	ref, err := name.NewTag(o.Repository + ":" + t)
	if err != nil {
		return "", fmt.Errorf("image name: %w", err)
	}
	created := o.Created.UTC().Truncate(time.Second)

	// The layer is written once, compressed, to a file beside the output;
	// go-containerregistry then reads its digests from there.
	dir := filepath.Dir(o.Out)
	gz, err := os.CreateTemp(dir, ".layer-*.tar.gz")
	if err != nil {
		return "", fmt.Errorf("layer file: %w", err)
	}
	defer os.Remove(gz.Name())
	defer gz.Close()
	zw, err := gzip.NewWriterLevel(gz, gzip.BestSpeed)
	if err != nil {
		return "", fmt.Errorf("layer gzip: %w", err)
	}
	if err := WriteLayer(zw, o.Root, created); err != nil {
		return "", err
	}
	if err := zw.Close(); err != nil {
		return "", fmt.Errorf("layer gzip: %w", err)
	}
	if err := gz.Close(); err != nil {
		return "", fmt.Errorf("layer file: %w", err)
	}
	layer, err := tarball.LayerFromFile(gz.Name())
	if err != nil {
		return "", fmt.Errorf("layer: %w", err)
	}

	labels := map[string]string{
		"org.opencontainers.image.title":       "saker",
		"org.opencontainers.image.description": "saker, runtime threat detection compatible with Falco, with its kernel module's sources, DKMS and a compiler for the driver loader",
		"org.opencontainers.image.version":     o.Version,
		"org.opencontainers.image.source":      Source,
		"org.opencontainers.image.url":         Source,
		"org.opencontainers.image.licenses":    Licenses,
		"org.opencontainers.image.created":     created.Format(time.RFC3339),
	}
	if o.Revision != "" {
		labels["org.opencontainers.image.revision"] = o.Revision
	}
	cfg := &v1.ConfigFile{
		Architecture: "amd64",
		OS:           "linux",
		Created:      v1.Time{Time: created},
		RootFS:       v1.RootFS{Type: "layers"},
		Config: v1.Config{
			Entrypoint: Entrypoint,
			Cmd:        Cmd,
			Env:        []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
			WorkingDir: "/",
			Labels:     labels,
		},
	}
	img, err := mutate.ConfigFile(empty.Image, cfg)
	if err != nil {
		return "", fmt.Errorf("image config: %w", err)
	}
	img, err = mutate.Append(img, mutate.Addendum{
		Layer: layer,
		History: v1.History{
			Created:   v1.Time{Time: created},
			CreatedBy: "scripts/image.sh: Debian 12 minbase, dkms, the saker package",
		},
	})
	if err != nil {
		return "", fmt.Errorf("image: %w", err)
	}

	tmp := o.Out + ".tmp"
	if err := tarball.WriteToFile(tmp, ref, img); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("write %s: %w", o.Out, err)
	}
	if err := os.Rename(tmp, o.Out); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("write %s: %w", o.Out, err)
	}
	return ref.String(), nil
}
