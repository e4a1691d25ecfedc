package output

import (
	"io"
	"strconv"
	"strings"
	"sync"
)

// Summary counts alerts by priority and by rule, and prints them the way
// Falco does at the end of a run ("Events detected: ...").
type Summary struct {
	mu      sync.Mutex
	total   uint64
	byPrio  [PriorityDebug + 1]uint64
	order   []string // rules in load order, then in order of first alert
	byRule  map[string]uint64
	unknown uint64 // alerts with an out-of-range priority
}

func NewSummary() *Summary {
	return &Summary{byRule: map[string]uint64{}}
}

// RegisterRule records a loaded rule, so rules print in load order as in
// Falco; rules never registered print after, in order of first alert.
func (s *Summary) RegisterRule(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byRule[name]; !ok {
		s.byRule[name] = 0
		s.order = append(s.order, name)
	}
}

// Add counts one alert.
func (s *Summary) Add(a *Alert) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	if a.Priority.Valid() {
		s.byPrio[a.Priority]++
	} else {
		s.unknown++
	}
	if _, ok := s.byRule[a.Rule]; !ok {
		s.order = append(s.order, a.Rule)
	}
	s.byRule[a.Rule]++
}

// Total is the number of alerts counted.
func (s *Summary) Total() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

// ByPriority is the count for one priority.
func (s *Summary) ByPriority(p Priority) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !p.Valid() {
		return 0
	}
	return s.byPrio[p]
}

// ByRule is the count for one rule.
func (s *Summary) ByRule(rule string) uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.byRule[rule]
}

// String is Falco's summary text: the total, then the non-zero counts by
// priority (most severe first, upper case, "INFO" for Informational), then
// the non-zero counts by rule, each count line indented by three spaces.
func (s *Summary) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	b.WriteString("Events detected: ")
	b.WriteString(strconv.FormatUint(s.total, 10))
	b.WriteString("\nRule counts by severity:\n")
	for p, n := range s.byPrio {
		if n > 0 {
			b.WriteString("   ")
			b.WriteString(strings.ToUpper(Priority(p).shortName()))
			b.WriteString(": ")
			b.WriteString(strconv.FormatUint(n, 10))
			b.WriteByte('\n')
		}
	}
	b.WriteString("Triggered rules by rule name:\n")
	for _, r := range s.order {
		if n := s.byRule[r]; n > 0 {
			b.WriteString("   ")
			b.WriteString(r)
			b.WriteString(": ")
			b.WriteString(strconv.FormatUint(n, 10))
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// WriteTo writes String to w.
func (s *Summary) WriteTo(w io.Writer) (int64, error) {
	n, err := io.WriteString(w, s.String())
	return int64(n), err
}
