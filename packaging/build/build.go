// Package build makes saker's Debian and RPM packages with nfpm: the static
// binary, the kernel module's sources for DKMS, the configuration, the
// systemd unit, the manual and the maintainer scripts (packaging/README.md
// lists what goes where).
package build

import (
	"bytes"
	"compress/gzip"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/goreleaser/nfpm/v2"
	_ "github.com/goreleaser/nfpm/v2/deb" // registers the deb packager
	"github.com/goreleaser/nfpm/v2/files"
	_ "github.com/goreleaser/nfpm/v2/rpm" // registers the rpm packager

	"github.com/sakerhq/saker/packaging/manpage"
)

// Options says what to package.
type Options struct {
	Root     string // the repository's root
	Binary   string // saker, built with CGO_ENABLED=0
	Describe string // `git describe --tags --always --dirty`, or "dev"
	OutDir   string // where the packages go
	// MTime stamps every file and the manual, for reproducible packages;
	// zero means now.
	MTime time.Time
}

// Result names the packages written.
type Result struct {
	Version string
	Deb     string
	RPM     string
}

// Build writes OutDir/saker_VERSION_amd64.deb and
// OutDir/saker-VERSION.x86_64.rpm.
func Build(o Options) (Result, error) {
	var res Result
	base, err := dkmsVersion(filepath.Join(o.Root, "dkms", "dkms.conf"))
	if err != nil {
		return res, err
	}
	v, err := PackageVersion(o.Describe, base)
	if err != nil {
		return res, err
	}
	res.Version = v
	if err := checkStatic(o.Binary); err != nil {
		return res, err
	}
	mtime := o.MTime
	if mtime.IsZero() {
		mtime = time.Now().UTC()
	}
	stage, err := os.MkdirTemp("", "saker-pkg-")
	if err != nil {
		return res, fmt.Errorf("staging directory: %w", err)
	}
	defer os.RemoveAll(stage)
	cfg, err := config(o, v, stage, mtime)
	if err != nil {
		return res, err
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return res, fmt.Errorf("output directory: %w", err)
	}
	res.Deb = filepath.Join(o.OutDir, fmt.Sprintf("saker_%s_amd64.deb", v))
	res.RPM = filepath.Join(o.OutDir, fmt.Sprintf("saker-%s.x86_64.rpm", v))
	for format, path := range map[string]string{"deb": res.Deb, "rpm": res.RPM} {
		if err := write(cfg, format, path); err != nil {
			return res, err
		}
	}
	return res, nil
}

// write packages cfg in one format.
func write(cfg *nfpm.Config, format, path string) error {
	info, err := cfg.Get(format)
	if err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	info = nfpm.WithDefaults(info)
	if err := nfpm.Validate(info); err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	pkg, err := nfpm.Get(format)
	if err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("%s: %w", format, err)
	}
	if err := pkg.Package(info, f); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("%s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Paths on the target system.
const (
	etcDir  = "/etc/saker"
	libDir  = "/usr/lib/saker"
	docDir  = "/usr/share/doc/saker"
	dataDir = "/usr/share/saker"
	unitDir = "/usr/lib/systemd/system"
)

// config describes both packages; stage holds the files made here.
func config(o Options, v, stage string, mtime time.Time) (*nfpm.Config, error) {
	p := func(rel ...string) string { return filepath.Join(append([]string{o.Root}, rel...)...) }
	var contents files.Contents
	add := func(src, dst, typ string, mode os.FileMode) {
		contents = append(contents, &files.Content{Source: src, Destination: dst, Type: typ,
			FileInfo: &files.ContentFileInfo{Mode: mode, MTime: mtime}})
	}
	addFor := func(packager, src, dst, typ string, mode os.FileMode) {
		add(src, dst, typ, mode)
		contents[len(contents)-1].Packager = packager
	}

	add(o.Binary, "/usr/bin/saker", files.TypeFile, 0o755)

	// The module's sources, with a dkms.conf of this version.
	src, err := driverSources(p("driver"))
	if err != nil {
		return nil, err
	}
	srcDir := "/usr/src/saker-" + v
	for _, rel := range src {
		add(p("driver", rel), srcDir+"/"+rel, files.TypeFile, 0o644)
	}
	conf, err := os.ReadFile(p("dkms", "dkms.conf"))
	if err != nil {
		return nil, fmt.Errorf("dkms.conf: %w", err)
	}
	conf = dkmsVersionRe.ReplaceAll(conf, []byte(`PACKAGE_VERSION="`+v+`"`))
	if err := stageFile(stage, "dkms.conf", conf, &add, srcDir+"/dkms.conf", files.TypeFile, 0o644); err != nil {
		return nil, err
	}

	// Configuration: saker.yaml and the local rules are the user's and kept
	// on upgrade; saker_rules.yaml belongs to the package (saker.yaml says
	// upgrades replace it), so rpm replaces it and keeps an edited copy as
	// .rpmsave, and dpkg asks as for any changed conffile.
	add(p("packaging", "saker.yaml"), etcDir+"/saker.yaml", files.TypeConfigNoReplace, 0o644)
	add(p("rules", "saker_rules.yaml"), etcDir+"/saker_rules.yaml", files.TypeConfig, 0o644)
	add(p("packaging", "saker_rules.local.yaml"), etcDir+"/saker_rules.local.yaml", files.TypeConfigNoReplace, 0o644)
	contents = append(contents, &files.Content{Destination: etcDir + "/rules.d", Type: files.TypeDir,
		FileInfo: &files.ContentFileInfo{Mode: 0o755, MTime: mtime}})

	add(p("packaging", "saker.service"), unitDir+"/saker.service", files.TypeFile, 0o644)
	for _, s := range []string{"saker-dkms", "driver-loader"} {
		b, err := os.ReadFile(p("packaging", "scripts", s))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s, err)
		}
		b = bytes.ReplaceAll(b, []byte("@VERSION@"), []byte(v))
		if err := stageFile(stage, s, b, &add, libDir+"/"+s, files.TypeFile, 0o755); err != nil {
			return nil, err
		}
	}
	add(p("packaging", "modules-load.conf.example"), dataDir+"/modules-load.conf.example", files.TypeFile, 0o644)
	add(p("packaging", "modprobe.conf.example"), dataDir+"/modprobe.conf.example", files.TypeFile, 0o644)

	man, err := manual(o.Binary, v, mtime)
	if err != nil {
		return nil, err
	}
	if err := stageFile(stage, "saker.8.gz", man, &add, "/usr/share/man/man8/saker.8.gz", files.TypeFile, 0o644); err != nil {
		return nil, err
	}

	// Documentation and licenses: rpm marks them %doc and %license.
	for _, d := range []struct{ src, dst, rpmType string }{
		{p("packaging", "README.md"), docDir + "/README.md", files.TypeRPMDoc},
		{p("packaging", "copyright"), docDir + "/copyright", files.TypeRPMDoc},
		{p("packaging", "LICENSE.project"), docDir + "/LICENSE", files.TypeRPMLicense},
		{p("packaging", "LICENSE.driver"), docDir + "/LICENSE.driver", files.TypeRPMLicense},
	} {
		addFor("deb", d.src, d.dst, files.TypeFile, 0o644)
		addFor("rpm", d.src, d.dst, d.rpmType, 0o644)
	}

	scripts := func(dir string, pre, post, preun, postun string) nfpm.Scripts {
		s := func(name string) string {
			if name == "" {
				return ""
			}
			return p("packaging", "scripts", dir, name)
		}
		return nfpm.Scripts{PreInstall: s(pre), PostInstall: s(post), PreRemove: s(preun), PostRemove: s(postun)}
	}
	info := nfpm.Info{
		Name:          "saker",
		Arch:          "amd64",
		Platform:      "linux",
		Version:       v,
		VersionSchema: "none",
		Section:       "admin",
		Priority:      "optional",
		Maintainer:    "The saker authors <saker@sakerhq.dev>",
		Vendor:        "sakerhq",
		Homepage:      "https://github.com/sakerhq/saker",
		License:       "Apache-2.0 AND GPL-2.0-only",
		Description: "Runtime threat detection compatible with Falco\n" +
			"saker watches system calls through its kernel module (built with DKMS)\n" +
			"and evaluates Falco rules against them, with Falco's fields, flags and\n" +
			"alert formats. It also replays .scap captures from Falco and sysdig.",
		MTime: mtime,
		Overridables: nfpm.Overridables{
			Depends:  []string{"dkms"},
			Contents: contents,
		},
	}
	info.RPM.Summary = "Runtime threat detection compatible with Falco"
	info.RPM.Group = "System Environment/Daemons"
	return &nfpm.Config{
		Info: info,
		Overrides: map[string]*nfpm.Overridables{
			"deb": {
				// procps: saker.service's ExecReload runs /bin/kill, which
				// minimal Debian systems (debootstrap minbase, containers)
				// lack; on RHEL util-linux, always installed, has it.
				Depends:    []string{"dkms", "procps"},
				Recommends: []string{"linux-headers-amd64 | linux-headers-generic"},
				Scripts:    scripts("deb", "", "postinst", "prerm", "postrm"),
			},
			"rpm": {
				Depends:    []string{"dkms"},
				Recommends: []string{"kernel-devel"},
				Scripts:    scripts("rpm", "", "post", "preun", "postun"),
			},
		},
	}, nil
}

// stageFile writes data to stage/name and adds it to the contents.
func stageFile(stage, name string, data []byte, add *func(src, dst, typ string, mode os.FileMode), dst, typ string, mode os.FileMode) error {
	path := filepath.Join(stage, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("staging %s: %w", name, err)
	}
	(*add)(path, dst, typ, mode)
	return nil
}

// driverSources lists what the module's build needs, relative to driver/:
// Kbuild, Makefile, the C sources and headers and the compile probes. The
// header generator (driver/gen, Go) is left out.
func driverSources(dir string) ([]string, error) {
	var out []string
	for _, pat := range []string{"Kbuild", "Makefile", "*.c", "*.h", "probes/*.c"} {
		m, err := filepath.Glob(filepath.Join(dir, pat))
		if err != nil {
			return nil, fmt.Errorf("driver sources: %w", err)
		}
		for _, f := range m {
			rel, err := filepath.Rel(dir, f)
			if err != nil {
				return nil, fmt.Errorf("driver sources: %w", err)
			}
			out = append(out, filepath.ToSlash(rel))
		}
	}
	sort.Strings(out)
	for _, need := range []string{"Kbuild", "Makefile"} {
		if i := sort.SearchStrings(out, need); i == len(out) || out[i] != need {
			return nil, fmt.Errorf("driver sources: %s missing in %s", need, dir)
		}
	}
	return out, nil
}

var dkmsVersionRe = regexp.MustCompile(`(?m)^PACKAGE_VERSION="[^"]*"`)

// dkmsVersion reads PACKAGE_VERSION from dkms.conf: the driver's own
// version, the base of untagged package versions.
func dkmsVersion(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("dkms.conf: %w", err)
	}
	m := dkmsVersionRe.Find(b)
	if m == nil {
		return "", fmt.Errorf("%s: no PACKAGE_VERSION=\"...\" line", path)
	}
	return strings.TrimSuffix(strings.TrimPrefix(string(m), `PACKAGE_VERSION="`), `"`), nil
}

// checkStatic fails unless path is an x86-64 ELF executable without an
// interpreter or shared libraries, as CGO_ENABLED=0 builds are.
func checkStatic(path string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("binary %s: %w", path, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_X86_64 {
		return fmt.Errorf("binary %s: machine %v, want x86-64", path, f.Machine)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return fmt.Errorf("binary %s: dynamically linked (has an interpreter); build it with CGO_ENABLED=0", path)
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil && !errors.Is(err, elf.ErrNoSymbols) {
		return fmt.Errorf("binary %s: %w", path, err)
	}
	if len(libs) > 0 {
		return fmt.Errorf("binary %s: needs shared libraries %v; build it with CGO_ENABLED=0", path, libs)
	}
	return nil
}

// manual renders saker(8) from the binary's usage pages, gzip-compressed.
func manual(bin, v string, mtime time.Time) ([]byte, error) {
	page := manpage.Page{Version: v, Date: mtime.UTC().Format("2006-01-02")}
	var err error
	if page.Main, err = usage(bin, "--help"); err != nil {
		return nil, err
	}
	for _, name := range manpage.Subcommands(page.Main) {
		u, err := usage(bin, name, "-h")
		if err != nil {
			return nil, err
		}
		page.Subcommands = append(page.Subcommands, manpage.Subcommand{Name: name, Usage: u})
	}
	roff, err := manpage.Render(page)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	zw, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("manual: %w", err)
	}
	zw.ModTime = mtime
	if _, err := zw.Write(roff); err != nil {
		return nil, fmt.Errorf("manual: %w", err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("manual: %w", err)
	}
	return b.Bytes(), nil
}

// usage runs the binary for a usage page; Go's flag package prints a
// subcommand's -h page on stderr, so both streams are taken.
func usage(bin string, args ...string) (string, error) {
	cmd := exec.Command(bin, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w: %s", bin, strings.Join(args, " "), err, out.String())
	}
	return out.String(), nil
}
