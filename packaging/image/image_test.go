package image

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/validate"
	"golang.org/x/sys/unix"
)

// TestImage checks the image `make image` wrote (scripts/image.sh): read
// back as docker load reads it, its configuration against the Helm chart,
// its files against the package, saker run from it in a chroot, and the
// chart's init container step: the driver loader building saker.ko with the
// image's DKMS against Debian 12's 6.1 cloud kernel headers mounted as a
// node's. This host cannot load modules, so only the final insmod fails.
func TestImage(t *testing.T) {
	if os.Getenv("SAKER_IMAGE_TESTS") != "1" {
		t.Skip("reads the built image and builds saker.ko in it (a few minutes, root); run with SAKER_IMAGE_TESTS=1 (make test-image)")
	}
	if os.Geteuid() != 0 {
		t.Fatal("needs root: chroot, mounts, extracting files owned by others")
	}
	repo := repoRoot(t)
	path := os.Getenv("SAKER_IMAGE")
	if path == "" {
		path = newest(t, filepath.Join(repo, "dist", "saker-image_*.tar"))
	}
	t.Logf("image %s", path)
	opener := func() (io.ReadCloser, error) { return os.Open(path) }

	m, err := tarball.LoadManifest(opener)
	if err != nil {
		t.Fatalf("%s: manifest.json: %v", path, err)
	}
	if len(m) != 1 || len(m[0].RepoTags) != 1 || len(m[0].Layers) != 1 {
		t.Fatalf("%s: manifest.json %+v: want one image with one tag and one layer", path, m)
	}
	repoTag := m[0].RepoTags[0]
	img, err := tarball.Image(opener, nil)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	// Digests of the config and layer against the manifest, diff IDs
	// against the config.
	if err := validate.Image(img); err != nil {
		t.Errorf("validate: %v", err)
	}
	cf, err := img.ConfigFile()
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	checkConfig(t, repo, cf)
	checkSkopeo(t, path, repoTag, cf)

	dir := scratchDir(t)
	rootfs := filepath.Join(dir, "rootfs")
	hdrs := extract(t, img, rootfs)
	checkLayerOrder(t, img, len(hdrs), cf.Created.Time)

	// The package as dpkg installed it names the version everything else
	// must agree with.
	pkgVersion := dpkgVersion(t, rootfs, "saker")
	wantTag := "sakerhq/saker:" + strings.NewReplacer("+", "-", "~", "-").Replace(pkgVersion)
	if repoTag != wantTag {
		t.Errorf("tag %q, want %q (the installed package's version %s, '+' and '~' as '-')", repoTag, wantTag, pkgVersion)
	}
	if v := cf.Config.Labels["org.opencontainers.image.version"]; v != pkgVersion {
		t.Errorf("version label %q, installed package %q", v, pkgVersion)
	}
	checkFiles(t, repo, rootfs, hdrs, pkgVersion)

	// The chroot: a fresh /proc and the few device nodes the tools open,
	// not a bind of the host's /dev (nothing of the host's must be writable
	// below the tree, whatever fails).
	mountProc(t, rootfs)
	makeDevices(t, rootfs)
	env := append([]string{"HOME=/root", "LANG=C.UTF-8"}, cf.Config.Env...)
	runSaker(t, rootfs, env, repo)
	checkTools(t, rootfs, env)
	checkLoader(t, repo, dir, rootfs, env, pkgVersion)
}

// checkConfig compares the image's configuration with what the chart runs.
func checkConfig(t *testing.T, repo string, cf *v1.ConfigFile) {
	t.Helper()
	if cf.OS != "linux" || cf.Architecture != "amd64" {
		t.Errorf("platform %s/%s, want linux/amd64", cf.OS, cf.Architecture)
	}
	ds, err := os.ReadFile(filepath.Join(repo, "packaging/helm/saker/templates/daemonset.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// The main container's command and its first arguments, as the chart
	// writes them.
	cmdRe := regexp.MustCompile(`(?s)containers:\n\s+- name: \{\{ \.Chart\.Name \}\}\n.*?command: \["([^"]+)"\]\n\s+args:\n\s+- (\S+)\n\s+- (\S+)\n`)
	sub := cmdRe.FindSubmatch(ds)
	if sub == nil {
		t.Fatalf("daemonset.yaml: no main container command and args found")
	}
	if want := []string{string(sub[1])}; !reflect.DeepEqual(cf.Config.Entrypoint, want) {
		t.Errorf("entrypoint %q, the chart runs %q", cf.Config.Entrypoint, want)
	}
	if want := []string{string(sub[2]), string(sub[3])}; !reflect.DeepEqual(cf.Config.Cmd, want) {
		t.Errorf("cmd %q, the chart passes %q", cf.Config.Cmd, want)
	}
	chart, err := os.ReadFile(filepath.Join(repo, "packaging/helm/saker/Chart.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	home := regexp.MustCompile(`(?m)^home: (\S+)$`).FindSubmatch(chart)
	if home == nil || cf.Config.Labels["org.opencontainers.image.source"] != string(home[1]) {
		t.Errorf("source label %q, the chart's home %q", cf.Config.Labels["org.opencontainers.image.source"], home)
	}
	lic := cf.Config.Labels["org.opencontainers.image.licenses"]
	copyright, err := os.ReadFile(filepath.Join(repo, "packaging/copyright"))
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range regexp.MustCompile(`(?m)^License: (\S+)$`).FindAllSubmatch(copyright, -1) {
		if !strings.Contains(lic, string(l[1])) {
			t.Errorf("licenses label %q lacks %s (packaging/copyright)", lic, l[1])
		}
	}
	if !regexp.MustCompile(`(^|:)/usr/sbin(:|$)`).MatchString(envValue(cf.Config.Env, "PATH")) {
		t.Errorf("PATH %q lacks /usr/sbin (dkms, insmod)", envValue(cf.Config.Env, "PATH"))
	}
	if cf.Created.Time.IsZero() || len(cf.History) != 1 || len(cf.RootFS.DiffIDs) != 1 {
		t.Errorf("created %v, %d history entries, %d diff IDs: want a time, one and one", cf.Created.Time, len(cf.History), len(cf.RootFS.DiffIDs))
	}
}

// checkSkopeo reads the tarball with skopeo when it is installed: the
// containers/image code podman load uses, another reader than ours.
func checkSkopeo(t *testing.T, path, repoTag string, cf *v1.ConfigFile) {
	t.Helper()
	if _, err := exec.LookPath("skopeo"); err != nil {
		t.Log("skopeo is not installed: the tarball is not read by containers/image (apt-get install skopeo)")
		return
	}
	out, err := exec.Command("skopeo", "list-tags", "docker-archive:"+path).Output()
	var tags struct{ Tags []string }
	if err == nil {
		err = json.Unmarshal(out, &tags)
	}
	if err != nil || !reflect.DeepEqual(tags.Tags, []string{repoTag}) {
		t.Errorf("skopeo list-tags: %v %q, want [%s]", err, out, repoTag)
	}
	out, err = exec.Command("skopeo", "inspect", "--config", "docker-archive:"+path).Output()
	var sc v1.ConfigFile
	if err == nil {
		err = json.Unmarshal(out, &sc)
	}
	if err != nil || !reflect.DeepEqual(sc.Config.Entrypoint, cf.Config.Entrypoint) || !reflect.DeepEqual(sc.Config.Cmd, cf.Config.Cmd) ||
		!reflect.DeepEqual(sc.RootFS.DiffIDs, cf.RootFS.DiffIDs) {
		t.Errorf("skopeo inspect --config: %v; entrypoint %q cmd %q diff IDs %v", err, sc.Config.Entrypoint, sc.Config.Cmd, sc.RootFS.DiffIDs)
	}
}

// extract flattens the image as a runtime would and unpacks it into dir
// with tar, returning the headers by path.
func extract(t *testing.T, img v1.Image, dir string) map[string]*tar.Header {
	t.Helper()
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	rc := mutate.Extract(img)
	defer rc.Close()
	cmd := exec.Command("tar", "-x", "--numeric-owner", "--same-owner", "-p", "-f", "-", "-C", dir)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("tar: %v", err)
	}
	hdrs := map[string]*tar.Header{}
	tee := io.TeeReader(rc, stdin)
	tr := tar.NewReader(tee)
	var rerr error
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			rerr = err
			break
		}
		hdrs[strings.TrimSuffix(h.Name, "/")] = h
	}
	if rerr == nil {
		_, rerr = io.Copy(io.Discard, tee)
	}
	stdin.Close()
	if err := cmd.Wait(); err != nil {
		t.Fatalf("tar -x: %v\n%s", err, stderr.String())
	}
	if rerr != nil {
		t.Fatalf("flattened image: %v", rerr)
	}
	return hdrs
}

// checkLayerOrder reads the layer itself: every entry survived flattening
// (none dropped as unsafe), entries come depth first in byte order of
// names, and every time is the image's creation time.
func checkLayerOrder(t *testing.T, img v1.Image, flattened int, created time.Time) {
	t.Helper()
	layers, err := img.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("layers: %d, %v", len(layers), err)
	}
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	tr := tar.NewReader(rc)
	var n, badTime int
	var prev []string
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("layer: %v", err)
		}
		n++
		if !h.ModTime.Equal(created) {
			if badTime++; badTime <= 3 {
				t.Errorf("%s: time %v, want the image's %v", h.Name, h.ModTime, created)
			}
		}
		cur := strings.Split(strings.TrimSuffix(h.Name, "/"), "/")
		if prev != nil && !depthFirstBefore(prev, cur) {
			t.Errorf("layer order: %s after %s", h.Name, strings.Join(prev, "/"))
		}
		prev = cur
	}
	if n != flattened {
		t.Errorf("layer has %d entries, the flattened image %d", n, flattened)
	}
}

// depthFirstBefore reports whether path a comes before b in a depth-first
// walk that visits each directory's names in byte order.
func depthFirstBefore(a, b []string) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// checkFiles looks for what the chart's two containers run, in the
// flattened image and against the package's sources.
func checkFiles(t *testing.T, repo, rootfs string, hdrs map[string]*tar.Header, version string) {
	t.Helper()
	exe := func(p string) {
		h, ok := hdrs[p]
		switch {
		case !ok:
			t.Errorf("/%s missing from the image", p)
		case h.Typeflag != tar.TypeReg && h.Typeflag != tar.TypeSymlink && h.Typeflag != tar.TypeLink:
			t.Errorf("/%s: tar type %q, want a file", p, h.Typeflag)
		case h.Typeflag == tar.TypeReg && h.Mode&0o111 == 0:
			t.Errorf("/%s: mode %o, not executable", p, h.Mode)
		}
	}
	for _, p := range []string{"usr/bin/saker", "usr/lib/saker/driver-loader", "usr/sbin/dkms",
		"usr/bin/gcc", "usr/bin/make", "usr/sbin/insmod", "usr/bin/ld"} {
		exe(p)
	}
	for _, p := range []string{"usr/src/saker-" + version + "/dkms.conf", "usr/src/saker-" + version + "/Makefile",
		"etc/saker/saker.yaml", "etc/saker/saker_rules.yaml", "usr/share/doc/saker/copyright",
		"usr/include/stdio.h"} {
		if h, ok := hdrs[p]; !ok || h.Typeflag != tar.TypeReg {
			t.Errorf("/%s missing from the image", p)
		}
	}
	// The loader in the image is the package's, with its version filled in.
	src, err := os.ReadFile(filepath.Join(repo, "packaging/scripts/driver-loader"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(rootfs, "usr/lib/saker/driver-loader"))
	if err != nil {
		t.Fatal(err)
	}
	if want := bytes.ReplaceAll(src, []byte("@VERSION@"), []byte(version)); !bytes.Equal(got, want) {
		t.Error("/usr/lib/saker/driver-loader differs from packaging/scripts/driver-loader (stale image? run make image)")
	}
	// Cleaned: no apt lists or downloaded packages, no logs.
	for _, dir := range []string{"var/lib/apt/lists", "var/cache/apt/archives", "var/log"} {
		var files []string
		filepath.Walk(filepath.Join(rootfs, dir), func(p string, fi os.FileInfo, err error) error {
			if err == nil && fi.Mode().IsRegular() && fi.Name() != "lock" {
				files = append(files, p)
			}
			return nil
		})
		if len(files) > 0 {
			t.Errorf("/%s not cleaned: %v", dir, files)
		}
	}
	// The build host's name and resolver stay out; runtimes provide both.
	for _, p := range []string{"etc/resolv.conf", "etc/hostname"} {
		if _, ok := hdrs[p]; ok {
			t.Errorf("/%s is in the image", p)
		}
	}
}

// runSaker runs the image's saker: its version and the shipped rules.
func runSaker(t *testing.T, rootfs string, env []string, repo string) {
	t.Helper()
	out, err := inChroot(context.Background(), rootfs, env, "/usr/bin/saker", "--version")
	if err != nil || !regexp.MustCompile(`(?m)^Saker version: \S+`).MatchString(out) {
		t.Errorf("saker --version in the image: %v\n%s", err, out)
	}
	out, err = inChroot(context.Background(), rootfs, env, "/usr/bin/saker", "-V", "/etc/saker/saker_rules.yaml")
	if err != nil || !strings.Contains(out, "/etc/saker/saker_rules.yaml: Ok") {
		t.Errorf("saker -V /etc/saker/saker_rules.yaml in the image: %v\n%s", err, out)
	}
	// And -V does fail on something that is not rules, so the Ok above means
	// something.
	if out, err := inChroot(context.Background(), rootfs, env, "/usr/bin/saker", "-V", "/etc/passwd"); err == nil {
		t.Errorf("saker -V /etc/passwd succeeded in the image:\n%s", out)
	}
	shipped, err := os.ReadFile(filepath.Join(rootfs, "etc/saker/saker_rules.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if src, err := os.ReadFile(filepath.Join(repo, "rules/saker_rules.yaml")); err != nil || !bytes.Equal(shipped, src) {
		t.Errorf("/etc/saker/saker_rules.yaml differs from rules/saker_rules.yaml (%v; stale image? run make image)", err)
	}
}

// checkTools runs what the loader runs, from the image.
func checkTools(t *testing.T, rootfs string, env []string) {
	t.Helper()
	for _, c := range [][]string{
		{"dkms", "--version"}, {"gcc", "--version"}, {"make", "--version"}, {"insmod", "--version"}, {"ld", "--version"},
	} {
		if out, err := inChroot(context.Background(), rootfs, env, c...); err != nil {
			t.Errorf("%s in the image: %v\n%s", strings.Join(c, " "), err, out)
		}
	}
}

// checkLoader runs the init container's step, driver-loader build, for
// Debian 12's 6.1 cloud kernel with its headers mounted at /host as the
// chart mounts a node's /usr and /lib/modules.
func checkLoader(t *testing.T, repo, dir, rootfs string, env []string, version string) {
	t.Helper()
	kroot, krel := kernelTree(t, repo)
	var uts unix.Utsname
	if err := unix.Uname(&uts); err != nil {
		t.Fatal(err)
	}
	if unix.ByteSliceToString(uts.Release[:]) == krel {
		t.Fatalf("this host runs %s: the loader's insmod would load the module into it", krel)
	}
	host := filepath.Join(rootfs, "host")
	bindReadOnly(t, kroot, host)
	// kernel-fetch.sh made the headers' Makefile include the common headers
	// by its unpack path; a node's says /usr/src/..., which the loader links
	// to /host/usr/src/... Put that line back, over a bind of one file.
	mk := filepath.Join("usr/src", "linux-headers-"+krel, "Makefile")
	orig, err := os.ReadFile(filepath.Join(kroot, mk))
	if err != nil {
		t.Fatal(err)
	}
	fixed := bytes.ReplaceAll(orig, []byte("include "+kroot+"/usr/src/"), []byte("include /usr/src/"))
	if !bytes.Contains(fixed, []byte("include /usr/src/linux-headers-")) {
		t.Fatalf("%s: no include of the common headers:\n%s", filepath.Join(kroot, mk), orig)
	}
	fixedPath := filepath.Join(dir, "headers.Makefile")
	if err := os.WriteFile(fixedPath, fixed, 0o644); err != nil {
		t.Fatal(err)
	}
	bindReadOnly(t, fixedPath, filepath.Join(host, mk))

	// insmod fails here, and the loader's temporary DKMS tree goes with it:
	// an insmod first on PATH keeps a copy of the module it is given.
	wrapper := "#!/bin/sh\n# saker image test: keep the module, then load it as the image would.\ncp \"$1\" /saker-built.ko\nexec /usr/sbin/insmod \"$@\"\n"
	if err := os.MkdirAll(filepath.Join(rootfs, "usr/local/sbin"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(rootfs, "usr/local/sbin/insmod"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(envValue(env, "PATH"), "/usr/local/sbin:") {
		t.Fatalf("PATH %q: the test's insmod would not come first", envValue(env, "PATH"))
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	start := time.Now()
	loaderEnv := append(env, "HOST_ROOT=/host", "SAKER_KERNEL_RELEASE="+krel)
	out, err := inChroot(ctx, rootfs, loaderEnv, "/usr/lib/saker/driver-loader", "build")
	t.Logf("driver-loader build for %s: %v in %s\n%s", krel, err, time.Since(start).Round(time.Second), out)
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Fatalf("driver-loader: %v, want exit status 1 from the failed insmod", err)
	}
	if strings.Contains(out, "building saker.ko for kernel") || strings.Contains(out, "outside the kernels") {
		t.Fatalf("the DKMS build failed, not the insmod")
	}
	builtRe := regexp.MustCompile(`saker driver-loader: built (/\S+/dkms/saker/` + regexp.QuoteMeta(version) + `/` +
		regexp.QuoteMeta(krel) + `/x86_64/module/saker\.ko)\n`)
	b := builtRe.FindStringSubmatch(out)
	if b == nil {
		t.Fatalf("no \"built .../dkms/saker/%s/%s/x86_64/module/saker.ko\" line from the loader", version, krel)
	}
	if !strings.Contains(out, "saker driver-loader: insmod "+b[1]+" failed") {
		t.Errorf("the loader did not report the insmod of %s as what failed", b[1])
	}

	// The module the loader built is for the mounted kernel: the vermagic
	// names the release the headers were made for.
	ko := filepath.Join(rootfs, "saker-built.ko")
	if _, err := os.Stat(ko); err != nil {
		t.Fatalf("the loader did not call insmod with its module: %v", err)
	}
	uts2, err := os.ReadFile(filepath.Join(kroot, "usr/src", "linux-headers-"+krel, "include/generated/utsrelease.h"))
	if err != nil {
		t.Fatal(err)
	}
	rel := regexp.MustCompile(`UTS_RELEASE "([^"]+)"`).FindSubmatch(uts2)
	if rel == nil || string(rel[1]) != krel {
		t.Fatalf("utsrelease.h of %s: %q", krel, uts2)
	}
	for field, want := range map[string]*regexp.Regexp{
		"name":     regexp.MustCompile(`^saker$`),
		"license":  regexp.MustCompile(`^GPL$`),
		"vermagic": regexp.MustCompile(`^` + regexp.QuoteMeta(string(rel[1])) + ` SMP .*modversions`),
	} {
		got, err := inChroot(context.Background(), rootfs, env, "modinfo", "-F", field, "/saker-built.ko")
		if got = strings.TrimSpace(got); err != nil || !want.MatchString(got) {
			t.Errorf("modinfo -F %s of the built module: %q (%v), want %s", field, got, err, want)
		}
	}
}

// kernelTree returns Debian 12's 6.1 cloud kernel tree that
// scripts/vm/kernel-fetch.sh unpacks, fetching it when it is not there yet,
// and the kernel's release.
func kernelTree(t *testing.T, repo string) (string, string) {
	t.Helper()
	cache := os.Getenv("SAKER_VM_CACHE")
	if cache == "" {
		cache = "/var/cache/saker-vm"
	}
	root := filepath.Join(cache, "root-6.1")
	find := func() string {
		dirs, _ := filepath.Glob(filepath.Join(root, "lib/modules/6.1.0-*-cloud-amd64"))
		sort.Strings(dirs)
		for i := len(dirs) - 1; i >= 0; i-- {
			k := filepath.Base(dirs[i])
			if _, err := os.Stat(filepath.Join(root, "usr/src/linux-headers-"+k, "include/generated/utsrelease.h")); err == nil {
				return k
			}
		}
		return ""
	}
	// kernel-fetch.sh unpacks afresh on every call, under other tests' feet
	// (make test-vm reads the same tree): call it only when the tree is
	// missing.
	if k := find(); k != "" {
		return root, k
	}
	cmd := exec.Command(filepath.Join(repo, "scripts/vm/kernel-fetch.sh"), "--series", "6.1", "--root", root)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("kernel-fetch.sh --series 6.1: %v\n%s", err, out)
	}
	k := find()
	if k == "" {
		t.Fatalf("kernel-fetch.sh left no 6.1 cloud kernel headers in %s\n%s", root, out)
	}
	return root, k
}

// inChroot runs argv in rootfs with exactly env; stdout and stderr together.
func inChroot(ctx context.Context, rootfs string, env []string, argv ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "chroot", append([]string{rootfs}, argv...)...)
	cmd.Env = env
	cmd.Dir = "/"
	// dkms, make and gcc run below the loader: stop them all on timeout.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// scratchDir is a directory for the test that is removed at the end only
// when nothing is mounted below it any more.
func scratchDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "saker-image-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if m := mountsBelow(dir); len(m) > 0 {
			t.Errorf("not removing %s: still mounted there: %v", dir, m)
			return
		}
		if err := os.RemoveAll(dir); err != nil {
			t.Errorf("removing %s: %v", dir, err)
		}
	})
	return dir
}

// mountsBelow lists the mount points at or below dir.
func mountsBelow(dir string) []string {
	f, err := os.Open("/proc/self/mountinfo")
	if err != nil {
		return []string{"cannot read /proc/self/mountinfo: " + err.Error()}
	}
	defer f.Close()
	var m []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) > 4 && (fields[4] == dir || strings.HasPrefix(fields[4], dir+"/")) {
			m = append(m, fields[4])
		}
	}
	return m
}

// unmountAtEnd unmounts target when the test ends, lazily if it is busy.
func unmountAtEnd(t *testing.T, target string) {
	t.Cleanup(func() {
		if err := unix.Unmount(target, 0); err != nil {
			if err := unix.Unmount(target, unix.MNT_DETACH); err != nil {
				t.Errorf("unmount %s: %v", target, err)
			}
		}
	})
}

func mountProc(t *testing.T, rootfs string) {
	t.Helper()
	p := filepath.Join(rootfs, "proc")
	if err := os.MkdirAll(p, 0o555); err != nil {
		t.Fatal(err)
	}
	if err := unix.Mount("proc", p, "proc", unix.MS_NOSUID|unix.MS_NODEV|unix.MS_NOEXEC, ""); err != nil {
		t.Fatalf("mount proc on %s: %v", p, err)
	}
	unmountAtEnd(t, p)
}

// bindReadOnly binds src (a directory or a file) on target, read-only.
func bindReadOnly(t *testing.T, src, target string) {
	t.Helper()
	if fi, err := os.Stat(src); err != nil {
		t.Fatal(err)
	} else if fi.IsDir() {
		if err := os.MkdirAll(target, 0o755); err != nil {
			t.Fatal(err)
		}
	} else if _, err := os.Stat(target); err != nil {
		t.Fatalf("bind target: %v", err)
	}
	if err := unix.Mount(src, target, "", unix.MS_BIND|unix.MS_REC, ""); err != nil {
		t.Fatalf("bind %s on %s: %v", src, target, err)
	}
	unmountAtEnd(t, target)
	if err := unix.Mount("", target, "", unix.MS_REMOUNT|unix.MS_BIND|unix.MS_RDONLY, ""); err != nil {
		t.Fatalf("remount %s read-only: %v", target, err)
	}
}

// makeDevices creates the device nodes dkms, make and gcc open.
func makeDevices(t *testing.T, rootfs string) {
	t.Helper()
	for name, minor := range map[string]uint32{"null": 3, "zero": 5, "full": 7, "random": 8, "urandom": 9} {
		p := filepath.Join(rootfs, "dev", name)
		os.Remove(p)
		if err := unix.Mknod(p, unix.S_IFCHR|0o666, int(unix.Mkdev(1, minor))); err != nil {
			t.Fatalf("mknod %s: %v", p, err)
		}
		if err := os.Chmod(p, 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

// dpkgVersion reads a package's version from the image's dpkg database,
// requiring it to be installed.
func dpkgVersion(t *testing.T, rootfs, pkg string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(rootfs, "var/lib/dpkg/status"))
	if err != nil {
		t.Fatalf("dpkg status: %v", err)
	}
	for _, para := range strings.Split(string(data), "\n\n") {
		fields := map[string]string{}
		for _, line := range strings.Split(para, "\n") {
			if k, v, ok := strings.Cut(line, ": "); ok && !strings.HasPrefix(line, " ") {
				fields[k] = v
			}
		}
		if fields["Package"] == pkg {
			if fields["Status"] != "install ok installed" {
				t.Fatalf("%s in the image: status %q", pkg, fields["Status"])
			}
			return fields["Version"]
		}
	}
	t.Fatalf("%s is not installed in the image", pkg)
	return ""
}

func envValue(env []string, key string) string {
	for _, e := range env {
		if k, v, ok := strings.Cut(e, "="); ok && k == key {
			return v
		}
	}
	return ""
}

// newest returns the most recently written file matching pattern.
func newest(t *testing.T, pattern string) string {
	t.Helper()
	files, _ := filepath.Glob(pattern)
	var best string
	var bestTime time.Time
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.ModTime().After(bestTime) {
			best, bestTime = f, fi.ModTime()
		}
	}
	if best == "" {
		t.Fatalf("no %s: run make image (or set SAKER_IMAGE)", pattern)
	}
	return best
}

func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
