// Command mkpkg writes saker's .deb and .rpm (`make packages`).
//
//	mkpkg -binary bin/saker -version "$(git describe --tags --always --dirty)" -out dist
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

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
	var mtime time.Time
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fmt.Fprintf(os.Stderr, "mkpkg: SOURCE_DATE_EPOCH=%q: not a number of seconds\n", s)
			os.Exit(2)
		}
		mtime = time.Unix(n, 0).UTC()
	}
	res, err := build.Build(build.Options{Root: *root, Binary: *bin, Describe: *version, OutDir: *out, MTime: mtime})
	if err != nil {
		fmt.Fprintf(os.Stderr, "mkpkg: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(res.Deb)
	fmt.Println(res.RPM)
}
