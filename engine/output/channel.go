package output

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// Channel delivers formatted alerts to one destination. Send is called from a
// single goroutine; line is the formatted alert without a trailing newline and
// must not be modified. ctx is cancelled when a graceful stop runs out of
// time, and Send should give up then.
type Channel interface {
	Send(ctx context.Context, a *Alert, line []byte) error
	Close() error
}

// Reopener is a channel that can reopen its destination (Falco does it for
// files and programs on SIGUSR1).
type Reopener interface {
	Reopen() error
}

// ChannelStats counts what happened to the alerts handed to one channel.
type ChannelStats struct {
	Name    string
	Sent    uint64 // delivered
	Failed  uint64 // Send returned an error
	Dropped uint64 // queue full, or still queued when the stop deadline passed
}

// closeGrace is how long Close waits, after cancelling a channel's context,
// for the channel to notice.
const closeGrace = time.Second

// Queue runs a Channel behind a bounded queue on its own goroutine, so that
// the event path never waits for it.
type Queue struct {
	name string
	ch   Channel
	logf func(format string, args ...any)

	mu     sync.RWMutex // guards closed and the send on items against close
	closed bool
	items  chan queued

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}

	sent, failed, dropped atomic.Uint64
}

type queued struct {
	a      *Alert
	line   []byte
	reopen bool
}

// NewQueue starts the goroutine that feeds ch. logf (may be nil) receives
// the first send error and every 1000th after it.
func NewQueue(name string, ch Channel, capacity int, logf func(format string, args ...any)) *Queue {
	if capacity <= 0 {
		capacity = DefaultQueueCapacity
	}
	if logf == nil {
		logf = func(string, ...any) {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	q := &Queue{
		name: name, ch: ch, logf: logf,
		items: make(chan queued, capacity),
		ctx:   ctx, cancel: cancel,
		done: make(chan struct{}),
	}
	go q.run()
	return q
}

// Name is the channel's name ("stdout", "file", ...).
func (q *Queue) Name() string { return q.name }

// Enqueue hands an alert over without blocking; it reports false, and counts
// a drop, when the queue is full or closed.
func (q *Queue) Enqueue(a *Alert, line []byte) bool {
	return q.put(queued{a: a, line: line})
}

// Reopen asks the channel to reopen its destination after what is queued.
func (q *Queue) Reopen() bool {
	if _, ok := q.ch.(Reopener); !ok {
		return true
	}
	return q.put(queued{reopen: true})
}

func (q *Queue) put(it queued) bool {
	q.mu.RLock()
	defer q.mu.RUnlock()
	if !q.closed {
		select {
		case q.items <- it:
			return true
		default:
		}
	}
	if !it.reopen {
		q.dropped.Add(1)
	}
	return false
}

func (q *Queue) run() {
	defer close(q.done)
	for it := range q.items {
		if q.ctx.Err() != nil {
			// The stop deadline passed: discard what is left, counted.
			if !it.reopen {
				q.dropped.Add(1)
			}
			continue
		}
		if it.reopen {
			if err := q.ch.(Reopener).Reopen(); err != nil {
				q.logf("output %s: reopen: %v", q.name, err)
			}
			continue
		}
		if err := q.ch.Send(q.ctx, it.a, it.line); err != nil {
			if n := q.failed.Add(1); n == 1 || n%1000 == 0 {
				q.logf("output %s: %v (%d failed so far)", q.name, err, n)
			}
			continue
		}
		q.sent.Add(1)
	}
}

// Close stops accepting alerts, lets the channel send what is queued until
// deadline, then discards the rest (counted as dropped) and closes the
// channel. It returns an error when the channel was still blocked.
func (q *Queue) Close(deadline time.Time) error {
	q.mu.Lock()
	if q.closed {
		q.mu.Unlock()
		<-q.done
		return nil
	}
	q.closed = true
	close(q.items)
	q.mu.Unlock()

	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-q.done:
	case <-t.C:
		q.cancel()
		select {
		case <-q.done:
		case <-time.After(closeGrace):
			// Closing under a Send that is still running would race; the
			// process is stopping anyway.
			return fmt.Errorf("output %s: still blocked after the stop deadline", q.name)
		}
	}
	q.cancel()
	if err := q.ch.Close(); err != nil {
		return fmt.Errorf("output %s: close: %w", q.name, err)
	}
	return nil
}

// Stats is a snapshot of the counters.
func (q *Queue) Stats() ChannelStats {
	return ChannelStats{Name: q.name, Sent: q.sent.Load(), Failed: q.failed.Load(), Dropped: q.dropped.Load()}
}
