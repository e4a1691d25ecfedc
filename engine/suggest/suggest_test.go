package suggest

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"fd.name", "fd.nmae", 2}, {"proc.name", "proc.name", 0}, {"flaw", "lawn", 2},
	} {
		if got := Distance(c.a, c.b); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := Distance(c.b, c.a); got != c.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (not symmetric)", c.b, c.a, got, c.want)
		}
	}
}

func TestClosest(t *testing.T) {
	known := []string{"file_output.filename", "file_output.enabled", "json_output", "priority"}
	for _, c := range []struct{ in, want string }{
		{"file_output.filname", "file_output.filename"},
		{"json_ouptut", "json_output"},
		{"priorty", "priority"},
		{"completely_unrelated_key", ""},
	} {
		if got := Closest(c.in, known); got != c.want {
			t.Errorf("Closest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// Ties break alphabetically, whatever the order of candidates.
	if a, b := Closest("ab", []string{"ac", "aa"}), Closest("ab", []string{"aa", "ac"}); a != "aa" || b != "aa" {
		t.Errorf("tie broken by order: %q, %q", a, b)
	}
}
