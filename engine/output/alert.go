// Package output turns alerts raised by the rule engine into the lines Falco
// writes (text or JSON), and delivers them to Falco's output channels: stdout,
// file, syslog, program and http. The JSON layout, the configuration keys and
// the end-of-run summary follow Falco so that existing consumers
// (falcosidekick, log shippers, SIEMs) read saker's alerts unchanged.
//
// The Manager formats each alert once and hands it to one bounded queue per
// channel, so a slow or dead channel never blocks the event path: what does not
// fit is dropped and counted.
package output

import (
	"fmt"
	"strings"
	"time"
)

// Priority is a rule's severity, in syslog order: a smaller value is more
// severe. The numbers are also the syslog severities Falco logs with.
type Priority int

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

var priorityNames = [...]string{"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"}

// String gives Falco's capitalised name, as it appears in text and JSON alerts.
func (p Priority) String() string {
	if p >= 0 && int(p) < len(priorityNames) {
		return priorityNames[p]
	}
	return fmt.Sprintf("Priority(%d)", int(p))
}

// Valid reports whether p is one of the eight Falco priorities.
func (p Priority) Valid() bool { return p >= PriorityEmergency && p <= PriorityDebug }

// shortName is the spelling of Falco's summary, where Informational is "Info".
func (p Priority) shortName() string {
	if p == PriorityInformational {
		return "Info"
	}
	return p.String()
}

// ParsePriority accepts Falco's priority names in any case, plus "info" for
// Informational (the one alias Falco allows; "warn" is not accepted there
// either).
func ParsePriority(s string) (Priority, error) {
	for i, n := range priorityNames {
		if strings.EqualFold(s, n) {
			return Priority(i), nil
		}
	}
	if strings.EqualFold(s, "info") {
		return PriorityInformational, nil
	}
	return 0, fmt.Errorf("unknown priority %q: must be one of emergency, alert, critical, error, warning, notice, informational, debug", s)
}

// FieldKind says how an output field's value is typed in the JSON
// output_fields object. Falco prints numeric fields as JSON numbers, booleans
// as JSON booleans, fields it could not extract as null and everything else
// (strings, paths, addresses, hex-formatted numbers) as strings.
type FieldKind uint8

const (
	// FieldAuto is the default: "<NA>" (a value that could not be
	// extracted) becomes null, anything else a string.
	FieldAuto FieldKind = iota
	// FieldString is always a JSON string, even "<NA>".
	FieldString
	// FieldInt is a signed decimal number (PT_INT*, pid, fd, errno).
	FieldInt
	// FieldUint is an unsigned decimal number (PT_UINT*, uid, port, abstime).
	FieldUint
	// FieldBool is true/false.
	FieldBool
	// FieldEventTime is one of the evt.time family: text shows a formatted
	// time, JSON the event timestamp in nanoseconds since the epoch.
	FieldEventTime
	// FieldNull is a field that could not be extracted.
	FieldNull
)

// Alert is one rule match, filled by the detection engine. The Manager keeps a
// reference until every channel has sent it: do not modify it after Handle.
type Alert struct {
	// Time is the timestamp of the event that matched.
	Time     time.Time
	Rule     string
	Priority Priority
	// Output is the rule's output template rendered for the event, without
	// the time and priority prefix.
	Output string
	// OutputFields maps each field of the output template to its value as
	// printed in Output ("<NA>" when it could not be extracted).
	OutputFields map[string]string
	// FieldKinds optionally types OutputFields for JSON; a field missing here
	// is FieldAuto.
	FieldKinds map[string]FieldKind
	Tags       []string
	// Source is the event source, "syscall" when empty.
	Source string
	// Hostname defaults to the Manager's hostname when empty.
	Hostname string
}

func (a *Alert) source() string {
	if a.Source == "" {
		return "syscall"
	}
	return a.Source
}
