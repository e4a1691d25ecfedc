package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// ts is 2023-06-21 18:38:03.123456789 UTC.
var ts = time.Date(2023, 6, 21, 18, 38, 3, 123456789, time.UTC)

func sampleAlert() *Alert {
	return &Alert{
		Time:     ts,
		Rule:     "Read sensitive file untrusted",
		Priority: PriorityWarning,
		Output:   "Sensitive file opened for reading (user=root command=cat /etc/shadow file=/etc/shadow)",
		OutputFields: map[string]string{
			"user.name":        "root",
			"proc.cmdline":     "cat /etc/shadow",
			"fd.name":          "/etc/shadow",
			"proc.pid":         "4242",
			"fd.num":           "-1",
			"evt.is_open_read": "true",
			"container.name":   "<NA>",
			"user.uid":         "0",
		},
		FieldKinds: map[string]FieldKind{
			"proc.pid":         FieldInt,
			"fd.num":           FieldInt,
			"evt.is_open_read": FieldBool,
			"user.uid":         FieldUint,
		},
		Tags:     []string{"mitre_credential_access", "filesystem", "filesystem"},
		Source:   "syscall",
		Hostname: "node-1",
	}
}

func TestPriority(t *testing.T) {
	want := []string{"Emergency", "Alert", "Critical", "Error", "Warning", "Notice", "Informational", "Debug"}
	for i, n := range want {
		p := Priority(i)
		if p.String() != n {
			t.Errorf("Priority(%d) = %q, want %q", i, p.String(), n)
		}
		for _, s := range []string{n, strings.ToLower(n), strings.ToUpper(n)} {
			got, err := ParsePriority(s)
			if err != nil || got != p {
				t.Errorf("ParsePriority(%q) = %v, %v; want %v", s, got, err, p)
			}
		}
	}
	if p, err := ParsePriority("INFO"); err != nil || p != PriorityInformational {
		t.Errorf("ParsePriority(INFO) = %v, %v", p, err)
	}
	for _, bad := range []string{"warn", "crit", "", "informationa"} {
		if _, err := ParsePriority(bad); err == nil {
			t.Errorf("ParsePriority(%q) accepted", bad)
		}
	}
	if PriorityEmergency >= PriorityDebug {
		t.Error("priorities are not in syslog order")
	}
}

func TestTextLine(t *testing.T) {
	a := sampleAlert()
	f := &Formatter{Location: time.UTC}
	want := "18:38:03.123456789: Warning " + a.Output
	if got := string(f.Format(a)); got != want {
		t.Errorf("text line\n got %q\nwant %q", got, want)
	}
	// The default layout is the local wall clock.
	f.Location = time.FixedZone("X", 2*3600)
	if got := f.TextLine(a); !strings.HasPrefix(got, "20:38:03.123456789: Warning ") {
		t.Errorf("text line in +02:00: %q", got)
	}
	// %evt.time.iso8601 is UTC with a numeric zone, whatever the local zone.
	f.ISO8601 = true
	want = "2023-06-21T18:38:03.123456789+0000: Warning " + a.Output
	if got := f.TextLine(a); got != want {
		t.Errorf("iso line\n got %q\nwant %q", got, want)
	}
	a.Time = time.Date(2023, 1, 2, 3, 4, 5, 6, time.UTC)
	f.ISO8601 = false
	f.Location = time.UTC
	if got := f.TextLine(a); !strings.HasPrefix(got, "03:04:05.000000006: Warning ") {
		t.Errorf("nanoseconds are not zero-padded to 9 digits: %q", got)
	}
}

// falcoAlert is the structure of a JSON alert as Falco's documentation shows
// it: seven top-level keys, tags a list of strings, output_fields an object
// of field name to typed value, time RFC 3339 in UTC with nanoseconds.
type falcoAlert struct {
	Hostname     string         `json:"hostname"`
	Output       string         `json:"output"`
	OutputFields map[string]any `json:"output_fields"`
	Priority     string         `json:"priority"`
	Rule         string         `json:"rule"`
	Source       string         `json:"source"`
	Tags         []string       `json:"tags"`
	Time         string         `json:"time"`
}

func jsonFormatter() *Formatter {
	cfg := DefaultConfig()
	cfg.JSONOutput = true
	f := NewFormatter(&cfg, "fallback-host")
	f.Location = time.UTC
	return f
}

func TestJSONMatchesFalcoStructure(t *testing.T) {
	a := sampleAlert()
	line := jsonFormatter().Format(a)
	if bytes.IndexByte(line, '\n') >= 0 {
		t.Fatalf("JSON alert spans lines: %s", line)
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	var got falcoAlert
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("decode %s: %v", line, err)
	}
	if got.Hostname != "node-1" || got.Rule != a.Rule || got.Priority != "Warning" || got.Source != "syscall" {
		t.Errorf("header keys: %+v", got)
	}
	if got.Output != "18:38:03.123456789: Warning "+a.Output {
		t.Errorf("output = %q", got.Output)
	}
	if got.Time != "2023-06-21T18:38:03.123456789Z" {
		t.Errorf("time = %q", got.Time)
	}
	if pt, err := time.Parse(time.RFC3339Nano, got.Time); err != nil || !pt.Equal(ts) {
		t.Errorf("time %q does not parse back to the event time: %v %v", got.Time, pt, err)
	}
	if strings.Join(got.Tags, ",") != "filesystem,mitre_credential_access" {
		t.Errorf("tags = %q, want Falco's sorted set", got.Tags)
	}
	of := got.OutputFields
	checks := map[string]any{
		"user.name":        "root",
		"proc.cmdline":     "cat /etc/shadow",
		"fd.name":          "/etc/shadow",
		"proc.pid":         json.Number("4242"),
		"fd.num":           json.Number("-1"),
		"user.uid":         json.Number("0"),
		"evt.is_open_read": true,
		"container.name":   nil,
		"evt.time":         json.Number("1687372683123456789"),
	}
	for k, want := range checks {
		v, ok := of[k]
		if !ok {
			t.Errorf("output_fields lacks %q", k)
			continue
		}
		if v != want {
			t.Errorf("output_fields[%q] = %#v, want %#v", k, v, want)
		}
	}
	if len(of) != len(checks) {
		t.Errorf("output_fields has %d keys, want %d: %v", len(of), len(checks), of)
	}
}

// keyOrder lists the keys of the top-level object and of output_fields in
// the order they appear in the line.
func keyOrder(t *testing.T, line []byte) (top, fields []string) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(line))
	depth := 0
	expectKey := false
	inFields := false
	var last string
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				depth++
				if depth == 2 && last == "output_fields" {
					inFields = true
				}
				expectKey = true
				continue
			case '}':
				depth--
				if depth == 1 {
					inFields = false
				}
			case '[':
				depth++
			case ']':
				depth--
			}
			expectKey = depth == 1 || (depth == 2 && inFields)
			continue
		case string:
			if expectKey {
				last = v
				if depth == 1 {
					top = append(top, v)
				} else if depth == 2 && inFields {
					fields = append(fields, v)
				}
				expectKey = false
				continue
			}
		}
		expectKey = depth == 1 || (depth == 2 && inFields)
	}
	return top, fields
}

func TestJSONKeyOrderIsSorted(t *testing.T) {
	f := jsonFormatter()
	f.IncludeMessage = true
	top, fields := keyOrder(t, f.Format(sampleAlert()))
	want := "hostname,message,output,output_fields,priority,rule,source,tags,time"
	if strings.Join(top, ",") != want {
		t.Errorf("top-level keys %v, want %s", top, want)
	}
	for i := 1; i < len(fields); i++ {
		if fields[i-1] >= fields[i] {
			t.Errorf("output_fields keys not sorted: %v", fields)
			break
		}
	}
	if len(fields) != 9 {
		t.Errorf("output_fields keys: %v", fields)
	}
}

func TestJSONPropertySwitches(t *testing.T) {
	a := sampleAlert()
	a.Hostname = ""
	a.Tags = nil
	f := jsonFormatter()
	f.IncludeOutput = false
	f.IncludeTags = false
	f.IncludeMessage = true
	f.IncludeOutputFields = false
	var m map[string]json.RawMessage
	if err := json.Unmarshal(f.Format(a), &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"output", "tags", "output_fields"} {
		if _, ok := m[k]; ok {
			t.Errorf("key %q present although switched off", k)
		}
	}
	var msg, host string
	json.Unmarshal(m["message"], &msg)
	json.Unmarshal(m["hostname"], &host)
	if msg != a.Output {
		t.Errorf("message = %q, want the rendered output without prefix", msg)
	}
	if host != "fallback-host" {
		t.Errorf("hostname = %q, want the formatter's default", host)
	}

	// Empty tags are an empty list, not null or missing.
	f.IncludeTags = true
	m = nil
	json.Unmarshal(f.Format(a), &m)
	if string(m["tags"]) != "[]" {
		t.Errorf("empty tags = %s", m["tags"])
	}
}

func TestJSONISO8601(t *testing.T) {
	f := jsonFormatter()
	f.ISO8601 = true
	var got falcoAlert
	dec := json.NewDecoder(bytes.NewReader(f.Format(sampleAlert())))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Output, "2023-06-21T18:38:03.123456789+0000: Warning ") {
		t.Errorf("output = %q", got.Output)
	}
	if _, ok := got.OutputFields["evt.time"]; ok {
		t.Error("evt.time present with time_format_iso_8601")
	}
	if v := got.OutputFields["evt.time.iso8601"]; v != json.Number("1687372683123456789") {
		t.Errorf("evt.time.iso8601 = %#v, want the timestamp in ns", v)
	}
	if got.Time != "2023-06-21T18:38:03.123456789Z" {
		t.Errorf("time = %q", got.Time)
	}
}

func TestJSONEscaping(t *testing.T) {
	cases := []struct{ in, want string }{
		{`say "hi" \ bye`, `say "hi" \ bye`},
		{"a\nb\tc\rd\be\ff", "a\nb\tc\rd\be\ff"},
		{"ctl\x01\x1f\x7f", "ctl\x01\x1f\x7f"},
		{"<script>&amp;</script>", "<script>&amp;</script>"},
		{"line\u2028sep é 漢", "line\u2028sep é 漢"},
		{"trunc\xe2\x82x", "trunc\uFFFDx"},                       // one maximal subpart
		{"bad\xff\xfeend", "bad\uFFFD\uFFFDend"},                 // two stray bytes
		{"surrogate\xed\xa0\x80", "surrogate\uFFFD\uFFFD\uFFFD"}, // ED A0 is never valid
		{"tail\xf0\x9f\x98", "tail\uFFFD"},
	}
	for _, c := range cases {
		raw := appendJSONString(nil, c.in)
		var got string
		if err := json.Unmarshal(raw, &got); err != nil {
			t.Errorf("%q: invalid JSON %s: %v", c.in, raw, err)
			continue
		}
		if got != c.want {
			t.Errorf("%q: decoded %q, want %q (raw %s)", c.in, got, c.want, raw)
		}
	}
	raw := string(appendJSONString(nil, "<a&b> \x01 \u2028"))
	for _, lit := range []string{"<a&b>", `\u0001`, "\u2028"} {
		if !strings.Contains(raw, lit) {
			t.Errorf("%s lacks %q: Falco neither HTML-escapes nor escapes U+2028", raw, lit)
		}
	}
}

func TestJSONTypedValueThatDoesNotParse(t *testing.T) {
	a := sampleAlert()
	a.OutputFields = map[string]string{"proc.pid": "12ab", "user.uid": "<NA>", "proc.name": "<NA>", "fd.flag": "yes"}
	a.FieldKinds = map[string]FieldKind{"proc.pid": FieldInt, "user.uid": FieldUint, "proc.name": FieldString, "fd.flag": FieldBool}
	var got falcoAlert
	if err := json.Unmarshal(jsonFormatter().Format(a), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"proc.pid": "12ab", "user.uid": nil, "proc.name": "<NA>", "fd.flag": "yes"}
	for k, w := range want {
		if got.OutputFields[k] != w {
			t.Errorf("%s = %#v, want %#v", k, got.OutputFields[k], w)
		}
	}
}
