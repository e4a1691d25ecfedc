package output

import (
	"sync"
	"time"
)

// TokenBucket is Falco's notification throttle: it starts full, gains Rate
// tokens a second up to MaxBurst, and each alert takes one whole token.
type TokenBucket struct {
	rate   float64
	max    float64
	tokens float64
	last   time.Time
}

// NewTokenBucket returns a full bucket as of now.
func NewTokenBucket(rate, maxBurst float64, now time.Time) *TokenBucket {
	return &TokenBucket{rate: rate, max: maxBurst, tokens: maxBurst, last: now}
}

// Claim takes a token if one is available at now.
func (b *TokenBucket) Claim(now time.Time) bool {
	// A clock that steps back gains nothing rather than losing tokens.
	if d := now.Sub(b.last); d > 0 {
		b.tokens += b.rate * d.Seconds()
		if b.tokens > b.max {
			b.tokens = b.max
		}
	}
	b.last = now
	if b.tokens < 1 {
		return false
	}
	b.tokens--
	return true
}

// RateLimiter keeps one bucket per event source, so a flood from one source
// does not silence the others. It is safe for concurrent use.
type RateLimiter struct {
	rate, burst float64
	now         func() time.Time

	mu      sync.Mutex
	buckets map[string]*TokenBucket
	dropped uint64
}

// NewRateLimiter returns nil when rate is 0 (throttling off); a nil
// RateLimiter allows everything. now defaults to time.Now.
func NewRateLimiter(rate, maxBurst float64, now func() time.Time) *RateLimiter {
	if rate <= 0 {
		return nil
	}
	if now == nil {
		now = time.Now
	}
	return &RateLimiter{rate: rate, burst: maxBurst, now: now, buckets: map[string]*TokenBucket{}}
}

// Allow claims a token for source and counts a refusal as a drop.
func (l *RateLimiter) Allow(source string) bool {
	if l == nil {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[source]
	if b == nil {
		b = NewTokenBucket(l.rate, l.burst, now)
		l.buckets[source] = b
	}
	if b.Claim(now) {
		return true
	}
	l.dropped++
	return false
}

// Dropped is how many alerts were throttled.
func (l *RateLimiter) Dropped() uint64 {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped
}
