package output

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// Options are the Manager's settings that do not come from falco.yaml.
type Options struct {
	// Stdout receives stdout_output (and http echo); nil means os.Stdout.
	Stdout io.Writer
	// Hostname fills alerts without one; empty means $FALCO_HOSTNAME, else
	// the machine's host name, as Falco does.
	Hostname string
	// Location is the zone of plain text times; nil means time.Local.
	Location *time.Location
	// Now is the rate limiter's clock; nil means time.Now.
	Now func() time.Time
	// Logf receives channel errors; nil means standard error.
	Logf func(format string, args ...any)
	// HTTP tunes the http channel.
	HTTP HTTPOptions
	// Syslog, when set, replaces the local syslog connection (tests).
	Syslog *SyslogChannel
}

// Manager formats each alert once and fans it out to every enabled channel
// through one bounded queue per channel.
type Manager struct {
	fmt     *Formatter
	min     Priority
	limiter *RateLimiter
	summary *Summary
	cap     int
	timeout time.Duration
	logf    func(format string, args ...any)

	mu     sync.RWMutex // guards queues and closed
	queues []*Queue
	closed bool

	ignored atomic.Uint64 // below the priority threshold
	late    atomic.Uint64 // handed over after Close
}

// NewManager validates cfg and opens the channels it enables.
func NewManager(cfg Config, opts Options) (*Manager, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("output config: %w", err)
	}
	minPrio, _ := cfg.MinPriority()
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.HTTP.Echo == nil {
		opts.HTTP.Echo = opts.Stdout
	}
	if opts.Logf == nil {
		opts.Logf = func(format string, args ...any) { fmt.Fprintf(os.Stderr, format+"\n", args...) }
	}
	host := opts.Hostname
	if host == "" {
		host = os.Getenv("FALCO_HOSTNAME")
	}
	if host == "" {
		host, _ = os.Hostname()
	}
	f := NewFormatter(&cfg, host)
	f.Location = opts.Location
	m := &Manager{
		fmt:     f,
		min:     minPrio,
		limiter: NewRateLimiter(cfg.Outputs.Rate, cfg.Outputs.MaxBurst, opts.Now),
		summary: NewSummary(),
		cap:     cfg.QueueCapacity(),
		timeout: cfg.Timeout(),
		logf:    opts.Logf,
	}
	buf := cfg.BufferedOutputs
	if cfg.StdoutOutput.Enabled {
		m.Add("stdout", NewWriterChannel(opts.Stdout, buf))
	}
	if cfg.FileOutput.Enabled {
		m.Add("file", NewFileChannel(cfg.FileOutput.Filename, cfg.FileOutput.KeepAlive, buf))
	}
	if cfg.SyslogOutput.Enabled {
		s := opts.Syslog
		if s == nil {
			s = NewSyslogChannel()
		}
		m.Add("syslog", s)
	}
	if cfg.ProgramOutput.Enabled {
		m.Add("program", NewProgramChannel(cfg.ProgramOutput.Program, cfg.ProgramOutput.KeepAlive, buf))
	}
	if cfg.HTTPOutput.Enabled {
		h, err := NewHTTPChannel(&cfg.HTTPOutput, cfg.JSONOutput, opts.HTTP)
		if err != nil {
			m.Close()
			return nil, err
		}
		m.Add("http", h)
	}
	return m, nil
}

// Formatter is the formatter the Manager uses.
func (m *Manager) Formatter() *Formatter { return m.fmt }

// Summary counts every alert handed to Handle at or above the priority
// threshold, throttled or not, as Falco's end-of-run summary does.
func (m *Manager) Summary() *Summary { return m.summary }

// Add attaches another channel behind its own queue.
func (m *Manager) Add(name string, ch Channel) {
	q := NewQueue(name, ch, m.cap, m.logf)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		q.Close(time.Now())
		return
	}
	m.queues = append(m.queues, q)
}

// Handle formats a and queues it on every channel without blocking. The
// Manager keeps a until sent: the caller must not change it afterwards.
func (m *Manager) Handle(a *Alert) {
	if a.Priority > m.min {
		m.ignored.Add(1)
		return
	}
	m.summary.Add(a)
	m.mu.RLock()
	defer m.mu.RUnlock()
	if m.closed {
		m.late.Add(1)
		return
	}
	if !m.limiter.Allow(a.source()) {
		return
	}
	if len(m.queues) == 0 {
		return
	}
	line := m.fmt.Format(a)
	for _, q := range m.queues {
		q.Enqueue(a, line)
	}
}

// Reopen asks file and program channels to reopen their destination, after
// the alerts already queued (Falco does this on SIGUSR1).
func (m *Manager) Reopen() {
	m.mu.RLock()
	defer m.mu.RUnlock()
	for _, q := range m.queues {
		q.Reopen()
	}
}

// Stats reports what the Manager did with the alerts it was handed.
type Stats struct {
	Ignored     uint64 // less severe than the priority key
	RateLimited uint64 // refused by the outputs token bucket
	Late        uint64 // handed over after Close
	Channels    []ChannelStats
}

func (m *Manager) Stats() Stats {
	m.mu.RLock()
	defer m.mu.RUnlock()
	s := Stats{Ignored: m.ignored.Load(), RateLimited: m.limiter.Dropped(), Late: m.late.Load()}
	for _, q := range m.queues {
		s.Channels = append(s.Channels, q.Stats())
	}
	return s
}

// Close stops accepting alerts and gives the channels until output_timeout to
// deliver what they have queued; what remains after that is dropped and
// counted. The channels drain in parallel.
func (m *Manager) Close() error {
	return m.CloseWithin(m.timeout)
}

// CloseWithin is Close with an explicit deadline.
func (m *Manager) CloseWithin(d time.Duration) error {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return nil
	}
	m.closed = true
	queues := m.queues
	m.mu.Unlock()

	deadline := time.Now().Add(d)
	errs := make([]error, len(queues))
	var wg sync.WaitGroup
	for i, q := range queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = q.Close(deadline)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}
