package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/pipeline"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/condition"
	"github.com/sakerhq/saker/engine/state"
)

// cmdDump is "saker dump": a capture's events, one a line, as sysdig -r
// prints them, optionally filtered by a condition.
func cmdDump(args []string, stdout, stderr io.Writer) int {
	fs := newSubcommand("dump", stderr)
	file := fs.String("r", "", "capture file to read (plain or gzip)")
	format := fs.String("p", "", "output format with %field references (default: sysdig's line)")
	limit := fs.Uint64("n", 0, "stop after N events (0: all)")
	if rc, ok := parseSubcommand(fs, args, "usage: saker dump -r FILE [-p FORMAT] [-n N] [FILTER]"); !ok {
		return rc
	}
	if *file == "" {
		fmt.Fprintln(stderr, "saker dump: -r FILE is required")
		return 2
	}
	var filter *compile.Filter
	if fs.NArg() > 0 {
		// Like sysdig, the words after the flags form one filter.
		var err error
		if filter, err = compileFilter(strings.Join(fs.Args(), " ")); err != nil {
			fmt.Fprintf(stderr, "saker dump: filter: %v\n", err)
			return 2
		}
	}
	tmpl := fields.DefaultFormat
	if *format != "" {
		tmpl = *format
	}
	f, err := fields.CompileFormat(tmpl)
	if err != nil {
		fmt.Fprintf(stderr, "saker dump: -p: %v\n", err)
		return 2
	}
	out := bufio.NewWriterSize(stdout, 1<<16)
	var line []byte
	err = pipeline.Replay(*file, state.Options{}, func(c *fields.Ctx) error {
		if *limit > 0 && c.Num > *limit {
			return errStop
		}
		if c.Hidden() {
			return nil
		}
		if filter != nil && !filter.Match(c) {
			return nil
		}
		var ok bool
		line, ok = f.Append(line[:0], c)
		if !ok {
			return nil
		}
		line = append(line, '\n')
		_, err := out.Write(line)
		return err
	})
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil && !errors.Is(err, errStop) {
		fmt.Fprintf(stderr, "saker dump: %v\n", err)
		return 1
	}
	return 0
}

// newSubcommand is the flag set of a subcommand, reporting to stderr.
func newSubcommand(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// parseSubcommand parses args with usage as the first help line. When ok
// is false the subcommand returns rc: 0 after -h, 2 for bad flags.
func parseSubcommand(fs *flag.FlagSet, args []string, usage string) (rc int, ok bool) {
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0, false
		}
		return 2, false
	}
	return 0, true
}

// compileFilter parses and compiles a filter; errors carry line:col.
func compileFilter(src string) (*compile.Filter, error) {
	expr, err := condition.Parse(src)
	if err != nil {
		return nil, err
	}
	f, err := compile.Compile(expr)
	if err != nil {
		return nil, err
	}
	return f, nil
}
