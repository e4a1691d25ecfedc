package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/live"
	"github.com/sakerhq/saker/engine/output"
	"github.com/sakerhq/saker/engine/pipeline"
	"github.com/sakerhq/saker/engine/procfs"
	"github.com/sakerhq/saker/engine/state"
)

// liveDevice is the driver's device; tests point it elsewhere.
var liveDevice = live.DevicePath

// errDropExit ends a live run because of the "exit" drop action.
var errDropExit = errors.New("syscall event drops: exit action")

// openLive opens the driver, reporting a missing module in words a user
// can act on.
func openLive(opts live.Options) (*live.Source, error) {
	opts.Device = liveDevice
	src, err := live.Open(opts)
	if err == nil {
		return src, nil
	}
	if errors.Is(err, os.ErrNotExist) || errors.Is(err, os.ErrPermission) {
		return nil, fmt.Errorf("live capture needs the saker kernel module loaded (insmod saker.ko) and root: %w; or replay a capture with -e CAPTURE", err)
	}
	return nil, err
}

// captureTypes is what the driver must capture for eng (see
// detect.Engine.CaptureTypes).
func captureTypes(eng *detect.Engine) []event.Type { return eng.CaptureTypes() }

// liveSource reads saker.ko's rings through the shared pipeline, seeded
// from a /proc scan.
type liveSource struct {
	src   *live.Source
	snap  *procfs.Snapshot
	drops *dropMonitor
	logf  func(format string, args ...any)
	// pending is a filter to push before the next event (after a reload).
	pending      atomic.Pointer[[]event.Type]
	stats        live.Stats
	decodeErrors uint64
}

func (a *app) openLiveSource(eng *detect.Engine) (eventSource, error) {
	dc, err := a.cfg.SyscallEventDrops.resolve()
	if err != nil {
		return nil, fmt.Errorf("configuration: %w", err)
	}
	opts := live.Options{IgnoreSelf: true, Wait: 100 * time.Millisecond}
	if !a.opts.allEvents {
		opts.Types = captureTypes(eng)
	}
	// The scan comes before the driver starts, so no process is missed: one
	// started in between shows up in both and the event wins.
	t0 := time.Now()
	snap, err := procfs.Scan(procfs.Options{})
	if err != nil {
		return nil, fmt.Errorf("scan /proc: %w", err)
	}
	a.log.Infof("/proc scan: %d threads, %d fd lists, %d users in %v", len(snap.Procs), len(snap.FDs), len(snap.Users), time.Since(t0).Round(time.Millisecond))
	src, err := openLive(opts)
	if err != nil {
		return nil, err
	}
	if opts.Types != nil {
		a.log.Infof("capturing %d event types", len(opts.Types))
	}
	return &liveSource{src: src, snap: snap, drops: newDropMonitor(dc), logf: a.log.Infof}, nil
}

func (l *liveSource) Name() string { return "live (" + liveDevice + ")" }

// setTypes asks the reader to push a new filter before its next event.
func (l *liveSource) setTypes(types []event.Type) { l.pending.Store(&types) }

// Run reads events until stop is set, fn fails, or a drop action exits.
func (l *liveSource) Run(stop *atomic.Bool, fn func(*fields.Ctx) error) error {
	defer l.close()
	p := pipeline.New(state.Options{})
	for _, rec := range l.snap.Records() {
		p.Meta(rec)
	}
	l.snap = nil
	// Drops are checked once a second. A ticker sets the flag, so the
	// per-event path reads no clock: where the clocksource has no vDSO
	// (HPET, as under qemu), a clock read costs more than an event.
	var second atomic.Bool
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	done := make(chan struct{})
	defer close(done)
	go func() {
		for {
			select {
			case <-ticker.C:
				second.Store(true)
			case <-done:
				return
			}
		}
	}()
	for !stop.Load() {
		if t := l.pending.Swap(nil); t != nil {
			if err := l.src.SetFilter(*t); err != nil {
				l.logf("reload: %v; the previous filter stays", err)
			}
		}
		if second.Load() {
			second.Store(false)
			if err := l.checkDrops(time.Now()); err != nil {
				return err
			}
		}
		cpu, raw, err := l.src.Next()
		if errors.Is(err, live.ErrTimeout) {
			continue
		}
		if err != nil {
			return err
		}
		c, err := p.Event(cpu, raw)
		if err != nil {
			// A malformed event from the kernel is a driver bug: count it,
			// keep going.
			if l.decodeErrors++; l.decodeErrors <= 10 {
				l.logf("cpu %d: bad event skipped: %v", cpu, err)
			}
			continue
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	return errStop
}

func (l *liveSource) checkDrops(now time.Time) error {
	st, err := l.src.Stats()
	if err != nil {
		return err
	}
	l.stats = st
	if l.drops.observe(now, st) {
		return errDropExit
	}
	return nil
}

func (l *liveSource) close() {
	if st, err := l.src.Stats(); err == nil {
		l.stats = st
	}
	l.src.Close()
}

// writeSummary prints the driver's counters and the drop monitor's, as
// Falco does at exit.
func (l *liveSource) writeSummary(w io.Writer) {
	fmt.Fprintf(w, "Driver events: %d, dropped (ring full): %d, dropped (nested): %d, filtered: %d\n",
		l.stats.Events, l.stats.DropFull, l.stats.Nesting, l.stats.Filtered)
	fmt.Fprintf(w, "Syscall event drop monitoring:\n   - event drop detected: %d occurrences\n   - num times actions taken: %d\n",
		l.drops.detected, l.drops.actions)
}

// dropAction is one of syscall_event_drops.actions.
type dropAction string

const (
	dropIgnore dropAction = "ignore"
	dropLog    dropAction = "log"
	dropAlert  dropAction = "alert"
	dropExit   dropAction = "exit"
)

// dropsConfig is Falco's syscall_event_drops section.
type dropsConfig struct {
	Actions       []string `yaml:"actions"`
	Rate          *float64 `yaml:"rate"`
	MaxBurst      *float64 `yaml:"max_burst"`
	Threshold     *float64 `yaml:"threshold"`
	SimulateDrops bool     `yaml:"simulate_drops"`
}

// dropSettings are dropsConfig with Falco's defaults applied.
type dropSettings struct {
	actions        []dropAction
	rate, maxBurst float64
	threshold      float64
	simulate       bool
}

func (c dropsConfig) resolve() (dropSettings, error) {
	s := dropSettings{actions: []dropAction{dropLog, dropAlert}, rate: 0.03333, maxBurst: 1, threshold: 0.1, simulate: c.SimulateDrops}
	if c.Actions != nil {
		s.actions = nil
		for _, a := range c.Actions {
			switch act := dropAction(a); act {
			case dropIgnore, dropLog, dropAlert, dropExit:
				s.actions = append(s.actions, act)
			default:
				return s, fmt.Errorf("syscall_event_drops.actions: unknown action %q (ignore, log, alert, exit)", a)
			}
		}
	}
	for _, f := range []struct {
		name string
		v    *float64
		dst  *float64
	}{{"rate", c.Rate, &s.rate}, {"max_burst", c.MaxBurst, &s.maxBurst}, {"threshold", c.Threshold, &s.threshold}} {
		if f.v == nil {
			continue
		}
		if *f.v < 0 || *f.v != *f.v {
			return s, fmt.Errorf("syscall_event_drops.%s: %v must be a number >= 0", f.name, *f.v)
		}
		*f.dst = *f.v
	}
	if s.simulate {
		s.threshold = 0
	}
	return s, nil
}

// dropMonitor compares the driver's counters second by second and acts on
// drops as Falco does: when the share of dropped events in the last second
// exceeds the threshold, and a token bucket (rate per second, max_burst)
// allows, it logs, alerts and/or asks to exit.
type dropMonitor struct {
	cfg               dropSettings
	last              live.Stats
	started           bool
	tokens            float64
	lastFill          time.Time
	detected, actions uint64
	// alert and logf are set by process().
	alert func(*output.Alert)
	logf  func(format string, args ...any)
}

func newDropMonitor(cfg dropSettings) *dropMonitor {
	return &dropMonitor{cfg: cfg, tokens: cfg.maxBurst}
}

// observe takes the counters read at now and reports whether to exit.
func (d *dropMonitor) observe(now time.Time, st live.Stats) (exit bool) {
	if !d.started {
		d.started, d.last, d.lastFill = true, st, now
		return false
	}
	drops := (st.DropFull - d.last.DropFull) + (st.Nesting - d.last.Nesting)
	evts := st.Events - d.last.Events
	full := st.DropFull - d.last.DropFull
	nested := st.Nesting - d.last.Nesting
	d.last = st
	if d.cfg.simulate {
		drops++
	}
	if drops == 0 {
		return false
	}
	// The driver's event counter does not include drops.
	if ratio := float64(drops) / float64(evts+drops); ratio <= d.cfg.threshold {
		return false
	}
	d.detected++
	if !d.claim(now) {
		return false
	}
	d.actions++
	msg := fmt.Sprintf("Falco internal: syscall event drop. %d system calls dropped in last second.", drops)
	for _, act := range d.cfg.actions {
		switch act {
		case dropLog:
			if d.logf != nil {
				d.logf("%s", msg)
			}
		case dropAlert:
			if d.alert != nil {
				u := func(v uint64) string { return strconv.FormatUint(v, 10) }
				d.alert(&output.Alert{
					Time: now, Rule: "Falco internal: syscall event drop", Priority: output.PriorityDebug, Output: msg,
					OutputFields: map[string]string{
						"n_evts": u(evts + drops), "n_drops": u(drops), "n_drops_buffer_total": u(full),
						"n_drops_bug": u(nested), "n_drops_page_faults": "0", "n_drops_scratch_map": "0", "ebpf_enabled": "0",
					},
					Source: "internal",
				})
			}
		case dropExit:
			if d.logf != nil {
				d.logf("%s Exiting.", msg)
			}
			exit = true
		}
	}
	return exit
}

// claim takes a token from the bucket, refilled at rate tokens a second up
// to maxBurst.
func (d *dropMonitor) claim(now time.Time) bool {
	d.tokens = min(d.cfg.maxBurst, d.tokens+now.Sub(d.lastFill).Seconds()*d.cfg.rate)
	d.lastFill = now
	if d.tokens < 1 {
		return false
	}
	d.tokens--
	return true
}
