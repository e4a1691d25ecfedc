package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/live"
)

// The driver benchmark (make bench-driver): the cost of a system call in a
// tight loop under four setups, in one boot, rounds interleaved so that
// drift of the emulated machine hits every setup alike.
//
//	none    no module loaded
//	hooked  saker.ko's tracepoints registered (device open), capture off:
//	        what any raw_syscalls tracepoint costs before a handler decides
//	saker   saker.ko capturing every syscall, "saker capture -w /dev/null" reading
//	pushed  saker.ko with the looped syscalls filtered out by the pushed-down bitmap
//	scap    the reference scap.ko, "sysdig -w /dev/null" reading
//
// Each loop runs in a child process ("saker-vmtest loop KIND SECONDS") so
// that no consumer ignores it as its own.

var benchSetups = []string{"none", "hooked", "pushed", "saker", "scap"}

type benchOpts struct {
	ko, scapKo, saker, sysdig string
	rounds                    int
	seconds                   float64
}

// benchResult is one loop run: nanoseconds per iteration and iterations.
type benchResult struct {
	ns    float64
	iters uint64
}

// helperLoop is the child: it runs kind for secs after a short warm-up
// and prints "ITERATIONS NS_PER_ITERATION". With a rate (iterations per
// second) it paces itself in 1 ms batches instead of running flat out.
func helperLoop(kind, secs, rate string) {
	d, err := strconv.ParseFloat(secs, 64)
	if err != nil || d <= 0 {
		fmt.Fprintln(os.Stderr, "loop: bad duration", secs)
		os.Exit(2)
	}
	perMs := 0
	if rate != "" {
		r, err := strconv.Atoi(rate)
		if err != nil || r < 1000 {
			fmt.Fprintln(os.Stderr, "loop: bad rate", rate)
			os.Exit(2)
		}
		perMs = r / 1000
	}
	runtime.LockOSThread()
	path, _ := unix.BytePtrFromString("/usr/bin/saker-vmtest")
	var step func()
	switch kind {
	case "getppid":
		step = func() { unix.RawSyscall(unix.SYS_GETPPID, 0, 0, 0) }
	case "openclose":
		at := unix.AT_FDCWD
		step = func() {
			fd, _, e := unix.RawSyscall6(unix.SYS_OPENAT, uintptr(at), uintptr(unsafe.Pointer(path)), unix.O_RDONLY|unix.O_CLOEXEC, 0, 0, 0)
			if e != 0 {
				fmt.Fprintln(os.Stderr, "loop: openat:", e)
				os.Exit(1)
			}
			unix.RawSyscall(unix.SYS_CLOSE, fd, 0, 0)
		}
	default:
		fmt.Fprintln(os.Stderr, "loop: unknown kind", kind)
		os.Exit(2)
	}
	if perMs > 0 {
		var n uint64
		t0 := time.Now()
		end := t0.Add(time.Duration(d * float64(time.Second)))
		for next := t0; next.Before(end); next = next.Add(time.Millisecond) {
			for i := 0; i < perMs; i++ {
				step()
			}
			n += uint64(perMs)
			if w := time.Until(next.Add(time.Millisecond)); w > 0 {
				time.Sleep(w)
			}
		}
		el := time.Since(t0)
		fmt.Printf("%d %.1f\n", n, float64(el.Nanoseconds())/float64(n))
		return
	}
	run := func(d time.Duration) (uint64, time.Duration) {
		var n uint64
		t0 := time.Now()
		end := t0.Add(d)
		for {
			// Check the clock every 256 calls: clock reads are not free
			// under emulation.
			for i := 0; i < 256; i++ {
				step()
			}
			n += 256
			if now := time.Now(); now.After(end) {
				return n, now.Sub(t0)
			}
		}
	}
	run(200 * time.Millisecond)
	n, el := run(time.Duration(d * float64(time.Second)))
	fmt.Printf("%d %.1f\n", n, float64(el.Nanoseconds())/float64(n))
}

func runLoop(kind string, secs float64, rate int) (benchResult, error) {
	self, _ := os.Executable()
	args := []string{"loop", kind, strconv.FormatFloat(secs, 'f', 2, 64)}
	if rate > 0 {
		args = append(args, strconv.Itoa(rate))
	}
	out, err := exec.Command(self, args...).Output()
	if err != nil {
		return benchResult{}, fmt.Errorf("loop %s: %w", kind, err)
	}
	var r benchResult
	if _, err := fmt.Sscanf(string(out), "%d %g", &r.iters, &r.ns); err != nil {
		return r, fmt.Errorf("loop %s: output %q: %w", kind, out, err)
	}
	return r, nil
}

// consumer is a running reader of one setup.
type consumer struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	stop func() (string, error) // ends it and returns what it printed
}

// startProcess starts a reader and waits until it has the device open.
func startProcess(name string, args []string, dev string) (*consumer, error) {
	c := &consumer{cmd: exec.Command(name, args...)}
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
	if err := c.cmd.Start(); err != nil {
		return nil, err
	}
	c.stop = func() (string, error) {
		_ = c.cmd.Process.Signal(syscall.SIGINT)
		done := make(chan error, 1)
		go func() { done <- c.cmd.Wait() }()
		select {
		case err := <-done:
			return c.out.String(), err
		case <-time.After(60 * time.Second):
			_ = c.cmd.Process.Kill()
			<-done
			return c.out.String(), errors.New("did not stop within 60s of SIGINT")
		}
	}
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		links, _ := filepath.Glob(fmt.Sprintf("/proc/%d/fd/*", c.cmd.Process.Pid))
		for _, l := range links {
			if t, _ := os.Readlink(l); strings.HasPrefix(t, dev) {
				// Mapping and enabling follow the open.
				time.Sleep(time.Second)
				return c, nil
			}
		}
		if c.cmd.ProcessState != nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	out, _ := c.stop()
	return nil, fmt.Errorf("%s never opened %s: %s", name, dev, lastLines(out, 4))
}

// startPushed enables saker.ko with only execve in the bitmap, so every
// looped syscall is refused before its arguments are read. Nothing reads:
// nothing reaches the rings, and an idle Go reader's wakeups would be
// charged to the loop on a single-threaded emulator. The filtered counter
// proves the loops went through the filter.
func startPushed() (*consumer, error) {
	src, err := live.Open(live.Options{IgnoreSelf: true,
		Types: []event.Type{event.SyscallExecve19E, event.SyscallExecve19X}})
	if err != nil {
		return nil, err
	}
	before, _ := src.Stats()
	return &consumer{stop: func() (string, error) {
		after, err := src.Stats()
		src.Close()
		return fmt.Sprintf("filtered %d written %d", after.Filtered-before.Filtered, after.Events-before.Events), err
	}}, nil
}

var (
	sakerWritten = regexp.MustCompile(`(\d+) events written`)
	sakerDropped = regexp.MustCompile(`dropped (\d+) events \(ring full\) and (\d+)`)
	sysdigEvents = regexp.MustCompile(`Driver Events:(\d+)`)
	sysdigDrops  = regexp.MustCompile(`Driver Drops:(\d+)`)
	pushedCounts = regexp.MustCompile(`filtered (\d+) written (\d+)`)
)

func atoi(re *regexp.Regexp, s string, group int) (uint64, bool) {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	n, err := strconv.ParseUint(m[group], 10, 64)
	return n, err == nil
}

func unloadScap() error { return unix.DeleteModule("scap", unix.O_NONBLOCK) }

// startHooked opens saker.ko's device without enabling capture: the
// tracepoints are registered, and the handlers return at their first test.
func startHooked() (*consumer, error) {
	fd, err := unix.Open(live.DevicePath, unix.O_RDWR|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", live.DevicePath, err)
	}
	return &consumer{stop: func() (string, error) { return "", unix.Close(fd) }}, nil
}

// loopSpec is one loop run: a kind, at a rate (0: flat out).
type loopSpec struct {
	kind string
	rate int
}

// setupRun is what one setup's reader reported.
type setupRun struct {
	res    []benchResult
	events uint64 // read by the reader (saker, scap)
	drops  uint64 // ring-full drops (saker, scap)
	want   uint64 // events the loops made
	out    string
}

// benchSetup runs loops under one setup, then stops its reader.
func benchSetup(o benchOpts, setup string, loops []loopSpec) (setupRun, error) {
	var run setupRun
	var c *consumer
	var err error
	switch setup {
	case "hooked", "saker", "pushed":
		if err := load(o.ko, ""); err != nil {
			return run, fmt.Errorf("load saker.ko: %w", err)
		}
		defer func() { _ = unload() }()
		switch setup {
		case "hooked":
			c, err = startHooked()
		case "saker":
			c, err = startProcess(o.saker, []string{"capture", "-w", "/dev/null"}, live.DevicePath)
		default:
			c, err = startPushed()
		}
	case "scap":
		if err := load(o.scapKo, ""); err != nil {
			return run, fmt.Errorf("load scap.ko: %w", err)
		}
		defer func() { _ = unloadScap() }()
		c, err = startProcess(o.sysdig, []string{"-v", "-w", "/dev/null"}, "/dev/scap")
	}
	if err != nil {
		return run, fmt.Errorf("%s: start reader: %w", setup, err)
	}
	for _, l := range loops {
		r, err := runLoop(l.kind, o.seconds, l.rate)
		if err != nil {
			if c != nil {
				_, _ = c.stop()
			}
			return run, fmt.Errorf("%s: %w", setup, err)
		}
		run.res = append(run.res, r)
		if l.kind == "getppid" {
			run.want += 2 * r.iters
		} else {
			run.want += 4 * r.iters
		}
	}
	if c == nil {
		return run, nil
	}
	// Let the reader catch up before it is stopped.
	time.Sleep(2 * time.Second)
	run.out, err = c.stop()
	if err != nil {
		return run, fmt.Errorf("%s: stop reader: %w: %s", setup, err, lastLines(run.out, 3))
	}
	var ok bool
	switch setup {
	case "saker":
		run.events, ok = atoi(sakerWritten, run.out, 1)
		run.drops, _ = atoi(sakerDropped, run.out, 1) // printed only when not 0
	case "scap":
		run.events, ok = atoi(sysdigEvents, run.out, 1)
		var ok2 bool
		run.drops, ok2 = atoi(sysdigDrops, run.out, 1)
		ok = ok && ok2
	case "pushed":
		// events: what the filter refused; drops: what got through.
		run.events, ok = atoi(pushedCounts, run.out, 1)
		run.drops, _ = atoi(pushedCounts, run.out, 2)
	default:
		ok = true
	}
	if !ok {
		return run, fmt.Errorf("%s: no counts in the reader's output: %s", setup, lastLines(run.out, 3))
	}
	return run, nil
}

func median(v []float64) float64 {
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// benchRates are the paced getppid rates (calls per second) of the drop
// test, ascending.
var benchRates = []int{20000, 40000, 80000, 160000, 240000, 320000}

// runBench runs the cost rounds and the drop test and writes bench.txt.
func runBench(o benchOpts, out string) {
	_ = unload()
	_ = unloadScap()
	var b strings.Builder
	defer func() {
		_ = os.WriteFile(filepath.Join(out, "bench.txt"), []byte(b.String()), 0o644)
		fmt.Print(b.String())
	}()
	fmt.Fprintf(&b, "driver benchmark, kernel %s, %d CPUs (qemu TCG), %d rounds of %.1fs loops\n",
		rep.Kernel, rep.CPUs, o.rounds, o.seconds)

	// Cost: tight loops, setups interleaved within each round.
	ns := map[string]map[string][]float64{} // setup -> loop -> per round
	for _, s := range benchSetups {
		ns[s] = map[string][]float64{}
	}
	tight := []loopSpec{{"getppid", 0}, {"openclose", 0}}
	for r := 1; r <= o.rounds; r++ {
		for _, s := range benchSetups {
			run, err := benchSetup(o, s, tight)
			if err != nil {
				record("bench-cost", false, "round %d: %v", r, err)
				return
			}
			for i, l := range tight {
				ns[s][l.kind] = append(ns[s][l.kind], run.res[i].ns)
			}
			if s == "pushed" && run.events < run.want {
				record("bench-cost", false, "round %d: pushed: the filter refused %d events of the %d the loops made, and %d were written", r, run.events, run.want, run.drops)
				return
			}
			if s == "saker" && run.drops == 0 && run.events < run.want {
				record("bench-cost", false, "round %d: saker wrote %d events, the loops made %d, none counted dropped", r, run.events, run.want)
				return
			}
			if s == "saker" || s == "scap" {
				fmt.Fprintf(&b, "round %d %-6s read %d events for %d made by the loops, %d dropped (ring full)\n",
					r, s, run.events, run.want, run.drops)
			}
		}
	}
	fmt.Fprintf(&b, "\nns per iteration, median (all rounds)\n%-10s", "loop")
	for _, s := range benchSetups {
		fmt.Fprintf(&b, " %-26s", s)
	}
	fmt.Fprintln(&b)
	for _, l := range tight {
		fmt.Fprintf(&b, "%-10s", l.kind)
		for _, s := range benchSetups {
			m := median(ns[s][l.kind])
			rep.Numbers[fmt.Sprintf("bench_%s_%s_ns", s, l.kind)] = m
			var all []string
			for _, v := range ns[s][l.kind] {
				all = append(all, strconv.Itoa(int(v)))
			}
			fmt.Fprintf(&b, " %-26s", fmt.Sprintf("%.0f (%s)", m, strings.Join(all, " ")))
		}
		fmt.Fprintln(&b)
	}
	fmt.Fprintln(&b, "\nratios (target)")
	for _, l := range tight {
		k := l.kind
		none, hooked, pushed := median(ns["none"][k]), median(ns["hooked"][k]), median(ns["pushed"][k])
		saker, scap := median(ns["saker"][k]), median(ns["scap"][k])
		rep.Numbers["ratio_pushed_none_"+k] = pushed / none
		rep.Numbers["ratio_pushed_hooked_"+k] = pushed / hooked
		rep.Numbers["ratio_saker_scap_"+k] = saker / scap
		fmt.Fprintf(&b, "  %-10s pushed/none %.3f (<= 1.05: %s)  pushed/hooked %.3f  saker/scap %.3f (<= 1.00: %s)  saker/none %.2f  scap/none %.2f\n",
			k, pushed/none, met(pushed/none <= 1.05), pushed/hooked, saker/scap, met(saker/scap <= 1.0), saker/none, scap/none)
	}
	record("bench-cost", true, "")

	// Drops: the highest paced getppid rate sysdig+scap.ko keeps without a
	// drop, then saker at the same rates.
	fmt.Fprintln(&b, "\ndrops at paced getppid rates (calls/s): events read / made, dropped")
	best := map[string]int{}
	for _, s := range []string{"scap", "saker"} {
		for _, rate := range benchRates {
			run, err := benchSetup(o, s, []loopSpec{{"getppid", rate}})
			if err != nil {
				record("bench-drops", false, "%s at %d/s: %v", s, rate, err)
				return
			}
			// No silent loss: without a counted drop, saker wrote every
			// event the loop made.
			if s == "saker" && run.drops == 0 && run.events < run.want {
				record("bench-drops", false, "saker at %d/s: %d events written, the loop made %d, none counted dropped", rate, run.events, run.want)
				return
			}
			fmt.Fprintf(&b, "  %-6s %7d/s  achieved %7.0f/s  %d / %d, %d dropped\n",
				s, rate, 1e9/run.res[0].ns, run.events, run.want, run.drops)
			if run.drops > 0 {
				break
			}
			best[s] = rate
		}
	}
	rep.Numbers["drop_free_rate_scap"] = float64(best["scap"])
	rep.Numbers["drop_free_rate_saker"] = float64(best["saker"])
	ok := best["scap"] == 0 || best["saker"] >= best["scap"]
	fmt.Fprintf(&b, "highest drop-free rate: scap %d/s, saker %d/s (saker zero drops at scap's highest: %s)\n",
		best["scap"], best["saker"], met(ok))
	record("bench-drops", ok, "drop-free getppid rate: scap %d/s, saker %d/s", best["scap"], best["saker"])
}

func met(ok bool) string {
	if ok {
		return "met"
	}
	return "MISSED"
}
