// Command mkpkg writes saker's .deb and .rpm (`make packages`).
//
//	mkpkg -binary bin/saker -version "$(git describe --tags --always --dirty)" -out dist
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/sakerhq/saker/packaging/build"
)

func main() {
	bin := flag.String("binary", "bin/saker", "saker binary, built with CGO_ENABLED=0")
	version := flag.String("version", "dev", "git describe output (vX.Y.Z[-N-gHASH][-dirty] or HASH[-dirty])")
	out := flag.String("out", "dist", "output directory")
	root := flag.String("root", ".", "repository root")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "mkpkg: unexpected argument %q\n", flag.Arg(0))
		os.Exit(2)
	}
	// SOURCE_DATE_EPOCH makes the packages reproducible.
	mtime, _, err := build.SourceDateEpoch()
	if err != nil {
		fmt.Fprintf(os.Stderr, "mkpkg: %v\n", err)
		os.Exit(2)
	}
	res, err := build.Build(build.Options{Root: *root, Binary: *bin, Describe: *version, OutDir: *out, MTime: mtime})
	if err != nil {
		fmt.Fprintf(os.Stderr, "mkpkg: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(res.Deb)
	fmt.Println(res.RPM)
}
