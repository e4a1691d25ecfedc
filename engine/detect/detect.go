// Package detect is the detection engine: it runs compiled rules on each
// event and reports the ones that match as alerts.
//
// Rules are indexed by event type, so an event only meets the rules whose
// condition can match its type. An Engine is owned by the goroutine that
// feeds it events; its compiled rules are immutable.
package detect

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/fields"
	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/rule/ruleset"
)

// SourceSyscall is the only event source the engine runs rules for.
const SourceSyscall = "syscall"

// Options selects the rules to run, as Falco's command line does.
type Options struct {
	// DisableSubstrings disables rules whose name contains any of these
	// (Falco's -D).
	DisableSubstrings []string
	// DisableTags disables rules carrying any of these tags (-T).
	DisableTags []string
	// OnlyTags, when set, runs only rules carrying one of these tags (-t).
	OnlyTags []string
	// MinPriority drops rules less severe than this priority name
	// ("warning", "notice", ...). Empty keeps every rule.
	MinPriority string
	// Hostname is reported in alerts.
	Hostname string
	// NoOutputFields skips building Alert.OutputFields.
	NoOutputFields bool
}

// Alert is one rule match.
type Alert struct {
	Rule     string
	Priority ruleset.Priority
	// Output is the rule's output with every %field substituted; missing
	// values print as <NA>. Falco's time and priority prefix is the
	// printer's business.
	Output string
	// OutputFields maps each field of the output template, as written, to
	// its rendered value (<NA> when missing).
	OutputFields map[string]string
	Tags         []string
	Time         time.Time
	Source       string
	Hostname     string
}

// RuleWarning is a load warning about one rule.
type RuleWarning struct {
	Rule string
	File string
	Line int
	compile.Warning
}

func (w RuleWarning) String() string {
	return fmt.Sprintf("%s:%d: rule %q: %s", w.File, w.Line, w.Rule, w.Warning)
}

// typed is a rule under one event type, with its filter specialised for it.
type typed struct {
	r      *rule
	filter *compile.Filter
}

// maxSpecialised bounds the types a rule's filter is specialised for;
// rules that match more (no evt.type check) share their general filter.
const maxSpecialised = 100

type rule struct {
	name     string
	priority ruleset.Priority
	tags     []string
	filter   *compile.Filter
	out      *template
	alerts   uint64
}

// Engine runs rules on events.
type Engine struct {
	rules  []*rule // enabled rules, in load order
	byType [event.NumTypes][]typed
	types  compile.TypeSet
	// keepEnters: a running rule reads a field that comes from enter
	// events (CaptureTypes).
	keepEnters bool
	warnings   []RuleWarning
	hostname   string
	noFields   bool
	buf        []byte

	events     uint64
	evaluated  uint64
	byPriority [ruleset.PriorityDebug + 1]uint64
}

// New compiles the enabled syscall rules that pass the options' filters.
// Disabled rules are compiled too, so that a broken rule is an error
// whether or not it runs, as in Falco.
func New(rules []*ruleset.Rule, opts Options) (*Engine, error) {
	minPrio := ruleset.PriorityDebug
	if opts.MinPriority != "" {
		p, ok := ruleset.ParsePriority(opts.MinPriority)
		if !ok {
			return nil, fmt.Errorf("detect: unknown priority %q", opts.MinPriority)
		}
		minPrio = p
	}
	e := &Engine{hostname: opts.Hostname, noFields: opts.NoOutputFields}
	for _, r := range rules {
		if r.Source != "" && r.Source != SourceSyscall {
			continue
		}
		f, err := compile.Compile(r.Expr)
		if err != nil {
			if r.SkipIfUnknownFilter {
				continue
			}
			return nil, fmt.Errorf("%s:%d: rule %q: condition: %w", r.File, r.Line, r.Name, err)
		}
		out, err := compileTemplate(r.Output)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: rule %q: output: %w", r.File, r.Line, r.Name, err)
		}
		for _, w := range f.Warnings() {
			if w.Code == compile.WarnNoEvtType && !r.WarnEvttypes {
				continue
			}
			e.warnings = append(e.warnings, RuleWarning{Rule: r.Name, File: r.File, Line: r.Line, Warning: w})
		}
		if !r.Enabled || r.Priority > minPrio || !selected(r, &opts) {
			continue
		}
		e.keepEnters = e.keepEnters || readsEnter(r.Expr, r.Output)
		e.rules = append(e.rules, &rule{name: r.Name, priority: r.Priority, tags: r.Tags, filter: f, out: out})
	}
	// Rules share macros; the shared parts are evaluated once per event.
	filters := make([]*compile.Filter, len(e.rules))
	for i, rl := range e.rules {
		filters[i] = rl.filter
	}
	shared := compile.NewShared(filters)
	for _, rl := range e.rules {
		e.index(rl, shared)
	}
	return e, nil
}

// index files rl under each event type it can match, with its filter
// specialised for that type; types where it folds to false are skipped.
func (e *Engine) index(rl *rule, shared *compile.Shared) {
	f := rl.filter
	types, _ := f.EventTypes()
	e.types = e.types.Union(types)
	special := types.Len() <= maxSpecialised
	for _, t := range types.Types() {
		if hiddenType(t) {
			continue
		}
		tf := f
		if special {
			tf = f.ForType(t, shared)
			if v, ok := tf.Const(); ok && !v {
				continue
			}
		}
		e.byType[t] = append(e.byType[t], typed{r: rl, filter: tf})
	}
}

// hiddenType reports the types libsinsp keeps from rules: internal events
// and container metadata events, which only feed the state.
func hiddenType(t event.Type) bool {
	switch t {
	case event.ContainerE, event.ContainerX, event.ContainerJsonE, event.ContainerJsonX, event.ContainerJson2E, event.ContainerJson2X:
		return true
	}
	return event.Table[t].Category&event.CatInternal != 0
}

func selected(r *ruleset.Rule, o *Options) bool {
	for _, s := range o.DisableSubstrings {
		if strings.Contains(r.Name, s) {
			return false
		}
	}
	if hasAnyTag(r.Tags, o.DisableTags) {
		return false
	}
	if len(o.OnlyTags) > 0 && !hasAnyTag(r.Tags, o.OnlyTags) {
		return false
	}
	return true
}

func hasAnyTag(tags, want []string) bool {
	for _, t := range tags {
		for _, w := range want {
			if t == w {
				return true
			}
		}
	}
	return false
}

// Process runs the rules indexed under the event's type and calls emit
// for each match. The Alert is freshly allocated and may be kept.
func (e *Engine) Process(c *fields.Ctx, emit func(*Alert)) {
	e.events++
	t := c.Ev.Type()
	if int(t) >= len(e.byType) {
		return
	}
	for _, tr := range e.byType[t] {
		e.evaluated++
		if !tr.filter.Match(c) {
			continue
		}
		r := tr.r
		r.alerts++
		if p := int(r.priority); p >= 0 && p < len(e.byPriority) {
			e.byPriority[p]++
		}
		if emit != nil {
			emit(e.alert(r, c))
		}
	}
}

func (e *Engine) alert(r *rule, c *fields.Ctx) *Alert {
	a := &Alert{Rule: r.name, Priority: r.priority, Tags: r.tags, Source: SourceSyscall,
		Hostname: e.hostname, Time: time.Unix(0, int64(c.Ev.Ts()))}
	a.Output, a.OutputFields, e.buf = r.out.render(c, e.buf, !e.noFields)
	return a
}

// Rules returns the names of the rules that run, in load order.
func (e *Engine) Rules() []string {
	out := make([]string, len(e.rules))
	for i, r := range e.rules {
		out[i] = r.name
	}
	return out
}

// Warnings returns the load warnings of every compiled rule.
func (e *Engine) Warnings() []RuleWarning { return e.warnings }

// EventTypes returns the event types the running rules can match, the set
// a live source should capture (with StateTypes).
func (e *Engine) EventTypes() []event.Type { return e.types.Types() }

// StateTypes returns the event types the state tracker needs to keep
// threads and fds right: process lifecycle, credentials, working directory
// and every call that creates, duplicates or closes an fd.
func StateTypes() []event.Type { return stateTypes.Types() }

var stateTypes compile.TypeSet

// stateNames are state-changing calls the table flags do not mark.
var stateNames = []string{
	"clone", "clone3", "fork", "vfork", "execve", "execveat", "procexit", "chdir", "fchdir",
	"setuid", "setgid", "setresuid", "setresgid", "setreuid", "setregid", "setsid", "setpgid",
	"prctl", "capset", "close", "dup", "dup2", "dup3", "fcntl", "socket", "socketpair",
	"connect", "accept", "accept4", "bind", "listen", "pipe", "pipe2", "open", "openat", "openat2",
	"creat", "open_by_handle_at", "eventfd", "eventfd2", "signalfd", "signalfd4", "timerfd_create",
	"inotify_init", "inotify_init1", "memfd_create", "pidfd_open", "pidfd_getfd", "userfaultfd",
	"io_uring_setup", "bpf", "epoll_create", "epoll_create1", "container", "chroot", "unshare",
	"setns", "mount", "umount", "umount2", "shutdown", "sendto", "recvfrom", "sendmsg", "recvmsg",
}

func init() {
	const stateFlags = event.FlagCreatesFD | event.FlagDestroysFD | event.FlagModifiesState
	for t := event.Type(0); int(t) < event.NumTypes; t++ {
		info := &event.Table[t]
		if info.Name == "" || info.Flags&event.FlagUnused != 0 {
			continue
		}
		if info.Flags&stateFlags != 0 {
			stateTypes.Add(t)
			stateTypes.Add(t ^ 1) // and the other half of the pair
		}
	}
	for _, n := range stateNames {
		if s, ok := compile.TypesOf(n); ok && !s.Has(event.GenericE) {
			stateTypes = stateTypes.Union(s)
		}
	}
}

// Stats are the engine's counters.
type Stats struct {
	Events     uint64            // events seen
	Evaluated  uint64            // rule evaluations
	Alerts     uint64            // matches
	ByRule     map[string]uint64 // matches per rule
	ByPriority map[string]uint64 // matches per priority name
}

// Stats returns a snapshot of the counters. Call it from the goroutine
// that runs Process.
func (e *Engine) Stats() Stats {
	s := Stats{Events: e.events, Evaluated: e.evaluated, ByRule: map[string]uint64{}, ByPriority: map[string]uint64{}}
	for _, r := range e.rules {
		if r.alerts > 0 {
			s.ByRule[r.name] += r.alerts
			s.Alerts += r.alerts
		}
	}
	for p, n := range e.byPriority {
		if n > 0 {
			s.ByPriority[ruleset.Priority(p).String()] = n
		}
	}
	return s
}

// TopRules returns the rules by descending match count, at most n.
func (s Stats) TopRules(n int) []string {
	names := make([]string, 0, len(s.ByRule))
	for k := range s.ByRule {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if s.ByRule[names[i]] != s.ByRule[names[j]] {
			return s.ByRule[names[i]] > s.ByRule[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > n {
		names = names[:n]
	}
	return names
}
