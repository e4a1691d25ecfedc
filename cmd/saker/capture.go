package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/live"
	"github.com/sakerhq/saker/engine/pipeline"
	"github.com/sakerhq/saker/engine/procfs"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/scap"
	"github.com/sakerhq/saker/engine/state"
)

// cmdCapture is "saker capture": live events into a capture file that
// saker dump -r, saker -e and sysdig -r read. The file starts with the
// machine, interface, user, process and fd lists of a /proc scan.
func cmdCapture(args []string, stdout, stderr io.Writer) int {
	fs := newSubcommand("capture", stderr)
	file := fs.String("w", "", "capture file to write (gzip-compressed when it ends in .gz)")
	seconds := fs.Int("M", 0, "stop after this many seconds (0: at SIGINT or SIGTERM)")
	limit := fs.Uint64("n", 0, "stop after N events written (0: no limit)")
	snaplen := fs.Uint("s", 0, "bytes of read/write data kept per event (0: the driver's 80)")
	if rc, ok := parseSubcommand(fs, args, "usage: saker capture -w FILE [-M SECONDS] [-n N] [-s SNAPLEN] [FILTER]"); !ok {
		return rc
	}
	if *file == "" {
		fmt.Fprintln(stderr, "saker capture: -w FILE is required")
		return 2
	}
	if *snaplen > live.MaxSnaplen {
		fmt.Fprintf(stderr, "saker capture: -s %d: at most %d\n", *snaplen, live.MaxSnaplen)
		return 2
	}
	var filter *compile.Filter
	opts := live.Options{IgnoreSelf: true, Wait: 100 * time.Millisecond, Snaplen: uint32(*snaplen)}
	if fs.NArg() > 0 {
		var err error
		if filter, err = compileFilter(strings.Join(fs.Args(), " ")); err != nil {
			fmt.Fprintf(stderr, "saker capture: filter: %v\n", err)
			return 2
		}
		// Push the filter's types down, with what the state tracker needs
		// to resolve its fields.
		if set, all := filter.EventTypes(); !all {
			for _, t := range detect.StateTypes() {
				set.Add(t)
			}
			for _, t := range set.Types() {
				set.Add(t ^ 1)
			}
			opts.Types = set.Types()
		}
	}
	n, err := runCapture(*file, opts, filter, time.Duration(*seconds)*time.Second, *limit, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "saker capture: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%d events written to %s\n", n, *file)
	return 0
}

// machineInfo describes this machine for the capture's machine block.
func machineInfo() scap.MachineInfo {
	m := scap.MachineInfo{NumCPUs: uint32(runtime.NumCPU())}
	var si unix.Sysinfo_t
	if unix.Sysinfo(&si) == nil {
		m.MemoryBytes = uint64(si.Totalram) * uint64(si.Unit)
		m.BootTsEpoch = uint64(time.Now().Add(-time.Duration(si.Uptime) * time.Second).UnixNano())
	}
	if h, err := os.Hostname(); err == nil && len(h) < 256 {
		m.Hostname = h
	}
	return m
}

// writeSnapshot writes the metadata blocks of a capture.
func writeSnapshot(w *scap.Writer, snap *procfs.Snapshot) error {
	if err := w.WriteMachine(machineInfo()); err != nil {
		return err
	}
	if err := w.WriteInterfaces(snap.Ifaces); err != nil {
		return err
	}
	if err := w.WriteUsers(snap.Users); err != nil {
		return err
	}
	if err := w.WriteGroups(snap.Groups); err != nil {
		return err
	}
	// Entries too long for the format (a huge environment, say) are
	// trimmed rather than failing the capture.
	for i := range snap.Procs {
		fitProcess(&snap.Procs[i])
	}
	if err := w.WriteProcesses(snap.Procs); err != nil {
		return err
	}
	for _, l := range snap.FDs {
		kept := l.FDs[:0]
		for _, fd := range l.FDs {
			if len(fd.Name) >= 4096 {
				continue
			}
			if fd.Type > maxPortableFDType {
				fd.Type = scap.FDUnsupported
			}
			kept = append(kept, fd)
		}
		l.FDs = kept
		if err := w.WriteFDList(l); err != nil {
			return err
		}
	}
	return nil
}

// maxPortableFDType is the newest fd type sysdig 0.29 reads; it rejects
// the whole file on a newer one (io_uring, memfd, pidfd), so those are
// written as unsupported fds.
var maxPortableFDType = scap.FDUserfaultFD

// fitProcess trims lists to the capture format's limits (libscap's
// SCAP_MAX_ARGS_SIZE and friends, checked again by the writer).
func fitProcess(p *scap.Process) {
	p.Args = fitList(p.Args, 4096)
	p.Env = fitList(p.Env, 4096)
	p.Cgroups = fitList(p.Cgroups, 4096)
	for _, s := range []*string{&p.Comm, &p.Exe, &p.ExePath, &p.Cwd, &p.Root} {
		if len(*s) >= 4096 {
			*s = (*s)[:4095]
		}
	}
	for _, v := range []*uint64{&p.VMSize, &p.VMRSS, &p.VMSwap} {
		*v = min(*v, 0xFFFFFFFF)
	}
}

func fitList(l []string, limit int) []string {
	n := 0
	for i, s := range l {
		n += len(s) + 1
		if n > limit {
			return l[:i]
		}
	}
	return l
}

// runCapture runs one capture; it returns the number of events written.
func runCapture(path string, opts live.Options, filter *compile.Filter, d time.Duration, limit uint64, logw io.Writer) (uint64, error) {
	snap, err := procfs.Scan(procfs.Options{})
	if err != nil {
		return 0, err
	}
	f, err := os.Create(path)
	if err != nil {
		return 0, fmt.Errorf("create capture: %w", err)
	}
	defer f.Close()
	var out io.Writer = f
	var gz *gzip.Writer
	if strings.HasSuffix(path, ".gz") {
		gz = gzip.NewWriter(f)
		out = gz
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	w, err := scap.NewWriter(bw)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	if err := writeSnapshot(w, snap); err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	var p *pipeline.Pipeline
	if filter != nil {
		p = pipeline.New(state.Options{})
		for _, rec := range snap.Records() {
			p.Meta(rec)
		}
	}
	opts.Device = liveDevice
	src, err := openLive(opts)
	if err != nil {
		return 0, err
	}
	defer src.Close()

	// A signal or -M sets stop; the per-event path reads no clock (see
	// live.Source.Next).
	var stop atomic.Bool
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(sigs)
	done := make(chan struct{})
	defer close(done)
	go func() {
		select {
		case <-sigs:
			stop.Store(true)
		case <-done:
		}
	}()
	if d > 0 {
		t := time.AfterFunc(d, func() { stop.Store(true) })
		defer t.Stop()
	}
	var n uint64
	var bad uint64 // malformed events from the driver, skipped and reported
	var port scap.Portable
	var own event.Event // the event, decoded here when no filter does it
	for (limit == 0 || n < limit) && !stop.Load() {
		cpu, raw, err := src.Next()
		if errors.Is(err, live.ErrTimeout) {
			continue
		}
		if err != nil {
			return n, err
		}
		ev := &own
		if p != nil {
			c, err := p.Event(cpu, raw)
			if err != nil {
				bad++
				continue
			}
			if !filter.Match(c) {
				continue
			}
			ev = c.Ev
		} else if own.Decode(raw) != nil {
			bad++
			continue
		}
		// Events sysdig 0.29 would misread (or crash on) are written as
		// its own driver recorded them.
		if raw, err = port.Decoded(ev); err != nil {
			bad++
			continue
		}
		if err := w.WriteEvent(cpu, 0, raw); err != nil {
			return n, fmt.Errorf("%s: %w", path, err)
		}
		n++
	}
	if bad > 0 {
		fmt.Fprintf(logw, "saker capture: %d malformed events from the driver were skipped\n", bad)
	}
	if st, err := src.Stats(); err == nil && (st.DropFull > 0 || st.Nesting > 0) {
		fmt.Fprintf(logw, "saker capture: the driver dropped %d events (ring full) and %d (nested)\n", st.DropFull, st.Nesting)
	}
	if err := w.Close(); err != nil {
		return n, err
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	if gz != nil {
		if err := gz.Close(); err != nil {
			return n, fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := f.Close(); err != nil {
		return n, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}
