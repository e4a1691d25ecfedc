package ruleset

import (
	"fmt"
	"strings"
)

// Priority is a rule's severity, in syslog order: lower is more severe.
type Priority int

// The eight priorities Falco accepts.
const (
	PriorityEmergency Priority = iota
	PriorityAlert
	PriorityCritical
	PriorityError
	PriorityWarning
	PriorityNotice
	PriorityInformational
	PriorityDebug
)

var priorityNames = []string{"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"}

func (p Priority) String() string {
	if p >= 0 && int(p) < len(priorityNames) {
		return priorityNames[p]
	}
	return fmt.Sprintf("Priority(%d)", int(p))
}

// ParsePriority parses a priority name case-insensitively. As in Falco, the
// full syslog names are accepted plus "info" for Informational.
func ParsePriority(s string) (Priority, bool) {
	for i, n := range priorityNames {
		if strings.EqualFold(s, n) {
			return Priority(i), true
		}
	}
	if strings.EqualFold(s, "info") {
		return PriorityInformational, true
	}
	return 0, false
}
