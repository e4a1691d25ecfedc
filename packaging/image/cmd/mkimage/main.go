// Command mkimage writes saker's container image as a docker-archive
// tarball from a prepared root file system (scripts/image.sh runs it).
//
//	mkimage -root DIR -version 0.2.0 -out dist/saker-image_0.2.0.tar
//
// File times and the creation time are SOURCE_DATE_EPOCH (default 0), so
// the same tree gives the same tarball. Prints TAG=<name:tag>.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/sakerhq/saker/packaging/build"
	"github.com/sakerhq/saker/packaging/image"
)

func main() {
	root := flag.String("root", "", "the image's root file system (required)")
	out := flag.String("out", "", "the docker-archive tarball to write (required)")
	version := flag.String("version", "", "the saker package's version (required)")
	repo := flag.String("repository", image.Repository, "the image's repository")
	revision := flag.String("revision", "", "the source commit, for the org.opencontainers.image.revision label")
	flag.Parse()
	if flag.NArg() > 0 || *root == "" || *out == "" || *version == "" {
		fmt.Fprintln(os.Stderr, "usage: mkimage -root DIR -out FILE -version VERSION [-repository NAME] [-revision COMMIT]")
		os.Exit(2)
	}
	created, set, err := build.SourceDateEpoch()
	if err != nil {
		fmt.Fprintf(os.Stderr, "mkimage: %v\n", err)
		os.Exit(2)
	}
	if !set {
		created = time.Unix(0, 0)
	}
	ref, err := image.Build(image.Options{Root: *root, Out: *out, Version: *version,
		Repository: *repo, Revision: *revision, Created: created})
	if err != nil {
		fmt.Fprintf(os.Stderr, "mkimage: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("TAG=%s\n", ref)
}
