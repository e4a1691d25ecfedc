package output

import (
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// Time layouts of Falco's alerts. The text prefix is %evt.time (local wall
// clock with nanoseconds) or, with time_format_iso_8601, %evt.time.iso8601
// (UTC with a numeric zone). The JSON "time" key is always UTC with a "Z".
const (
	layoutText    = "15:04:05.000000000"
	layoutISO     = "2006-01-02T15:04:05.000000000-0700"
	layoutJSONKey = "2006-01-02T15:04:05.000000000Z"
)

// Formatter renders alerts as Falco writes them to its channels.
type Formatter struct {
	JSON                bool
	IncludeOutput       bool // json_include_output_property
	IncludeTags         bool // json_include_tags_property
	IncludeMessage      bool // json_include_message_property
	IncludeOutputFields bool // json_include_output_fields_property
	ISO8601             bool // time_format_iso_8601
	// Location is the zone of the plain text time; nil means time.Local,
	// which is what Falco uses.
	Location *time.Location
	// Hostname fills alerts whose Hostname is empty.
	Hostname string
}

// NewFormatter takes the formatting keys of cfg.
func NewFormatter(cfg *Config, hostname string) *Formatter {
	return &Formatter{
		JSON:                cfg.JSONOutput,
		IncludeOutput:       cfg.JSONIncludeOutputProperty,
		IncludeTags:         cfg.JSONIncludeTagsProperty,
		IncludeMessage:      cfg.JSONIncludeMessageProperty,
		IncludeOutputFields: cfg.JSONIncludeOutputFieldsProperty,
		ISO8601:             cfg.TimeFormatISO8601,
		Hostname:            hostname,
	}
}

// TextLine is the classic Falco line "TIME: Priority output"; in JSON mode it
// is the value of the "output" key.
func (f *Formatter) TextLine(a *Alert) string {
	b := f.appendText(nil, a)
	return string(b)
}

func (f *Formatter) appendText(dst []byte, a *Alert) []byte {
	if f.ISO8601 {
		dst = a.Time.UTC().AppendFormat(dst, layoutISO)
	} else {
		loc := f.Location
		if loc == nil {
			loc = time.Local
		}
		dst = a.Time.In(loc).AppendFormat(dst, layoutText)
	}
	dst = append(dst, ": "...)
	dst = append(dst, a.Priority.String()...)
	dst = append(dst, ' ')
	return append(dst, a.Output...)
}

// Format renders one alert without a trailing newline: the text line, or
// the JSON object when JSON is set.
func (f *Formatter) Format(a *Alert) []byte {
	if !f.JSON {
		return f.appendText(nil, a)
	}
	return f.AppendJSON(nil, a)
}

// AppendJSON appends the JSON object Falco writes for a, keys in the sorted
// order Falco's JSON library emits them.
func (f *Formatter) AppendJSON(dst []byte, a *Alert) []byte {
	host := a.Hostname
	if host == "" {
		host = f.Hostname
	}
	dst = append(dst, `{"hostname":`...)
	dst = appendJSONString(dst, host)
	if f.IncludeMessage {
		dst = append(dst, `,"message":`...)
		dst = appendJSONString(dst, a.Output)
	}
	if f.IncludeOutput {
		dst = append(dst, `,"output":`...)
		dst = appendJSONBytes(dst, f.appendText(nil, a))
	}
	if f.IncludeOutputFields {
		dst = append(dst, `,"output_fields":`...)
		dst = f.appendOutputFields(dst, a)
	}
	dst = append(dst, `,"priority":`...)
	dst = appendJSONString(dst, a.Priority.String())
	dst = append(dst, `,"rule":`...)
	dst = appendJSONString(dst, a.Rule)
	dst = append(dst, `,"source":`...)
	dst = appendJSONString(dst, a.source())
	if f.IncludeTags {
		dst = append(dst, `,"tags":[`...)
		// Falco keeps tags in a set: sorted and unique.
		tags := slices.Clone(a.Tags)
		slices.Sort(tags)
		tags = slices.Compact(tags)
		for i, t := range tags {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, t)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"time":"`...)
	dst = a.Time.UTC().AppendFormat(dst, layoutJSONKey)
	return append(dst, `"}`...)
}

// appendOutputFields writes the fields of the rule output plus the time field
// of the prefix (evt.time or evt.time.iso8601), which Falco adds with the
// event timestamp in nanoseconds.
func (f *Formatter) appendOutputFields(dst []byte, a *Alert) []byte {
	timeKey := "evt.time"
	if f.ISO8601 {
		timeKey = "evt.time.iso8601"
	}
	keys := make([]string, 0, len(a.OutputFields)+1)
	for k := range a.OutputFields {
		keys = append(keys, k)
	}
	if _, ok := a.OutputFields[timeKey]; !ok {
		keys = append(keys, timeKey)
	}
	slices.Sort(keys)
	dst = append(dst, '{')
	for i, k := range keys {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, k)
		dst = append(dst, ':')
		if k == timeKey {
			dst = strconv.AppendInt(dst, a.Time.UnixNano(), 10)
			continue
		}
		dst = appendFieldValue(dst, a.OutputFields[k], a.FieldKinds[k], a.Time)
	}
	return append(dst, '}')
}

// notAvailable is what Falco prints for a field it could not extract.
const notAvailable = "<NA>"

func appendFieldValue(dst []byte, v string, k FieldKind, ts time.Time) []byte {
	switch k {
	case FieldNull:
		return append(dst, "null"...)
	case FieldString:
		return appendJSONString(dst, v)
	case FieldAuto:
		if v == notAvailable {
			return append(dst, "null"...)
		}
		return appendJSONString(dst, v)
	case FieldEventTime:
		return strconv.AppendInt(dst, ts.UnixNano(), 10)
	}
	if v == notAvailable {
		return append(dst, "null"...)
	}
	// A typed value that does not parse stays a string: the line must stay
	// valid JSON whatever the engine hands over.
	switch k {
	case FieldInt:
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return strconv.AppendInt(dst, n, 10)
		}
	case FieldUint:
		if n, err := strconv.ParseUint(v, 10, 64); err == nil {
			return strconv.AppendUint(dst, n, 10)
		}
	case FieldBool:
		if b, err := strconv.ParseBool(v); err == nil {
			return strconv.AppendBool(dst, b)
		}
	}
	return appendJSONString(dst, v)
}

const hexDigits = "0123456789abcdef"

func appendJSONString(dst []byte, s string) []byte {
	return appendJSONBytes(dst, []byte(s))
}

// appendJSONBytes quotes s the way Falco's JSON writer does: only '"', '\\'
// and control characters are escaped (no HTML escaping, U+2028 stays raw,
// UTF-8 is written as is), and each maximal invalid UTF-8 subsequence becomes
// one U+FFFD.
func appendJSONBytes(dst []byte, s []byte) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				dst = append(dst, '\\', '"')
			case c == '\\':
				dst = append(dst, '\\', '\\')
			case c == '\b':
				dst = append(dst, '\\', 'b')
			case c == '\f':
				dst = append(dst, '\\', 'f')
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case c == '\r':
				dst = append(dst, '\\', 'r')
			case c == '\t':
				dst = append(dst, '\\', 't')
			case c < 0x20:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			default:
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if r == utf8.RuneError && n <= 1 {
			dst = append(dst, "\uFFFD"...)
			i += invalidRun(s[i:])
			continue
		}
		dst = append(dst, s[i:i+n]...)
		i += n
	}
	return append(dst, '"')
}

// invalidRun is the length of the maximal subpart of an ill-formed UTF-8
// sequence at the start of s: the lead byte plus the continuation bytes that
// were still acceptable when decoding failed (Unicode's "maximal subpart"
// rule, which is what a DFA decoder that re-reads the rejecting byte gives).
func invalidRun(s []byte) int {
	c := s[0]
	var need int
	lo, hi := byte(0x80), byte(0xBF)
	switch {
	case c >= 0xC2 && c <= 0xDF:
		need = 1
	case c == 0xE0:
		need, lo = 2, 0xA0
	case c == 0xED:
		need, hi = 2, 0x9F
	case c >= 0xE1 && c <= 0xEF:
		need = 2
	case c == 0xF0:
		need, lo = 3, 0x90
	case c == 0xF4:
		need, hi = 3, 0x8F
	case c >= 0xF1 && c <= 0xF3:
		need = 3
	default:
		return 1
	}
	n := 1
	for k := 0; k < need && n < len(s); k++ {
		b := s[n]
		if k > 0 {
			lo, hi = 0x80, 0xBF
		}
		if b < lo || b > hi {
			break
		}
		n++
	}
	return n
}
