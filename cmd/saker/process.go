package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/sakerhq/saker/engine/detect"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/output"
	"github.com/sakerhq/saker/engine/pipeline"
	"github.com/sakerhq/saker/engine/state"
)

// eventSource feeds events to the per-event path until it ends, fn
// returns an error or stop is set. A capture replays; the kernel driver
// is the live source.
type eventSource interface {
	Name() string
	Run(stop *atomic.Bool, fn func(*fields.Ctx) error) error
}

// errStop ends a source early; it is not an error for the caller.
var errStop = errors.New("stop")

func (a *app) openSource(eng *detect.Engine) (eventSource, error) {
	if a.opts.capture != "" {
		return &replaySource{path: a.opts.capture}, nil
	}
	return a.openLiveSource(eng)
}

// reloadEngine reads and compiles the rules again (SIGHUP).
func (a *app) reloadEngine() (*detect.Engine, error) {
	srcs, err := a.selectRules()
	if err != nil {
		return nil, err
	}
	set, diags, err := loadRules(srcs)
	a.logDiagnostics(diags)
	if err != nil {
		return nil, fmt.Errorf("%d errors", countErrors(diags))
	}
	return a.newEngine(set)
}

// replaySource reads a capture file, plain or gzip.
type replaySource struct{ path string }

func (r *replaySource) Name() string { return r.path }

func (r *replaySource) Run(stop *atomic.Bool, fn func(*fields.Ctx) error) error {
	return pipeline.Replay(r.path, state.Options{}, func(c *fields.Ctx) error {
		if stop.Load() {
			return errStop
		}
		return fn(c)
	})
}

// afterEvent, when set (tests), is called after each event is processed.
var afterEvent func(n uint64, stop *atomic.Bool)

// process runs the rules on every event of src and hands the alerts to the
// outputs; at the end it drains the outputs and prints Falco's summary.
func (a *app) process(src eventSource, eng *detect.Engine) int {
	m, err := output.NewManager(a.cfg.Config, a.outputOptions())
	if err != nil {
		a.log.Error(err.Error())
		return 1
	}
	for _, r := range eng.Rules() {
		m.Summary().RegisterRule(r)
	}

	var stop atomic.Bool
	done := make(chan struct{})
	var wg sync.WaitGroup
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM)
	// A live run reloads its rules on SIGHUP: the new engine is compiled
	// aside and swapped in between two events, and the driver's filter
	// follows, so no event is lost.
	var pending atomic.Pointer[detect.Engine]
	ls, isLive := src.(*liveSource)
	if isLive && a.cfg.Webserver.Enabled {
		addr, stopWeb, err := startWebserver(a.cfg.Webserver)
		if err != nil {
			a.log.Error(err.Error())
			_ = m.Close()
			return 1
		}
		defer stopWeb()
		a.log.Infof("serving %s on %s", a.cfg.Webserver.K8sHealthzEndpoint, addr)
	}
	if isLive {
		ls.drops.alert = m.Handle
		ls.drops.logf = a.log.Errorf
		hups := make(chan os.Signal, 1)
		signal.Notify(hups, syscall.SIGHUP)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer signal.Stop(hups)
			for {
				select {
				case <-hups:
					a.log.Infof("received SIGHUP, reloading rules")
					ne, err := a.reloadEngine()
					if err != nil {
						a.log.Errorf("rules reload failed, keeping the loaded rules: %v", err)
						continue
					}
					ls.setTypes(captureTypes(ne))
					pending.Store(ne)
				case <-done:
					return
				}
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		var timeout <-chan time.Time
		if a.opts.duration > 0 {
			t := time.NewTimer(time.Duration(a.opts.duration) * time.Second)
			defer t.Stop()
			timeout = t.C
		}
		select {
		case s := <-sigs:
			a.log.Infof("received %v, stopping", s)
			stop.Store(true)
		case <-timeout:
			a.log.Infof("%d seconds elapsed (-M), stopping", a.opts.duration)
			stop.Store(true)
		case <-done:
		}
	}()

	conv := newAlertConverter()
	var events uint64
	start := time.Now()
	a.log.Infof("reading events from %s", src.Name())
	runErr := src.Run(&stop, func(c *fields.Ctx) error {
		events++
		if ne := pending.Load(); ne != nil && pending.CompareAndSwap(ne, nil) {
			eng = ne
			for _, r := range eng.Rules() {
				m.Summary().RegisterRule(r)
			}
		}
		eng.Process(c, func(d *detect.Alert) { m.Handle(conv.convert(d)) })
		if afterEvent != nil {
			afterEvent(events, &stop)
		}
		return nil
	})
	close(done)
	signal.Stop(sigs)
	wg.Wait()

	rc := 0
	if errors.Is(runErr, errDropExit) {
		a.log.Errorf("exiting: syscall event drops (syscall_event_drops.actions has exit)")
		rc = 1
	} else if runErr != nil && !errors.Is(runErr, errStop) {
		a.log.Errorf("%s: %v", src.Name(), runErr)
		rc = 1
	}
	if err := m.Close(); err != nil {
		a.log.Errorf("outputs: %v", err)
		rc = 1
	}
	st := m.Stats()
	for _, ch := range st.Channels {
		if ch.Dropped > 0 {
			a.log.Warnf("output %s dropped %d alerts", ch.Name, ch.Dropped)
		}
	}
	if st.RateLimited > 0 {
		a.log.Warnf("%d alerts throttled by outputs.rate", st.RateLimited)
	}
	elapsed := time.Since(start)
	a.log.Infof("events read: %d in %.3fs", events, elapsed.Seconds())
	if isLive {
		ls.writeSummary(a.stdout)
	}
	fmt.Fprintf(a.stdout, "Events read: %d\n", events)
	m.Summary().WriteTo(a.stdout)
	return rc
}

// alertConverter turns the engine's alerts into the outputs' alerts,
// typing each output field once per field reference.
type alertConverter struct {
	kinds map[string]output.FieldKind
	// byRule shares one kinds map among the alerts of a rule: the outputs
	// only read it.
	byRule map[string]map[string]output.FieldKind
}

func newAlertConverter() *alertConverter {
	return &alertConverter{kinds: map[string]output.FieldKind{}, byRule: map[string]map[string]output.FieldKind{}}
}

func (c *alertConverter) convert(d *detect.Alert) *output.Alert {
	a := &output.Alert{Time: d.Time, Rule: d.Rule, Priority: output.Priority(d.Priority), Output: d.Output,
		OutputFields: d.OutputFields, Tags: d.Tags, Source: d.Source, Hostname: d.Hostname}
	km, ok := c.byRule[d.Rule]
	if !ok || len(km) != len(d.OutputFields) {
		km = make(map[string]output.FieldKind, len(d.OutputFields))
		for ref := range d.OutputFields {
			km[ref] = c.kind(ref)
		}
		c.byRule[d.Rule] = km
	}
	a.FieldKinds = km
	return a
}

// kind says how Falco types a field in JSON output_fields.
func (c *alertConverter) kind(ref string) output.FieldKind {
	if k, ok := c.kinds[ref]; ok {
		return k
	}
	k := fieldKind(ref)
	c.kinds[ref] = k
	return k
}

func fieldKind(ref string) output.FieldKind {
	x, err := fields.Compile(ref)
	if err != nil {
		return output.FieldAuto
	}
	switch x.Def.Name {
	// libsinsp gives the event timestamp for the formatted time fields.
	case "evt.time", "evt.time.s", "evt.time.iso8601", "evt.datetime", "evt.datetime.s":
		return output.FieldEventTime
	}
	switch x.Def.Kind {
	case fields.KindInt:
		return output.FieldInt
	case fields.KindUint, fields.KindRelTime, fields.KindAbsTime, fields.KindPort:
		return output.FieldUint
	case fields.KindBool:
		return output.FieldBool
	}
	return output.FieldAuto
}
