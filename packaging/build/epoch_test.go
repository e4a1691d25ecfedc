package build

import (
	"strings"
	"testing"
	"time"
)

func TestSourceDateEpoch(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "")
	if _, ok, err := SourceDateEpoch(); ok || err != nil {
		t.Errorf("unset: ok %v err %v", ok, err)
	}
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	if got, ok, err := SourceDateEpoch(); !ok || err != nil || !got.Equal(time.Unix(1700000000, 0)) {
		t.Errorf("1700000000: %v %v %v", got, ok, err)
	}
	for _, bad := range []string{"-1", "yesterday", "1.5"} {
		t.Setenv("SOURCE_DATE_EPOCH", bad)
		if _, _, err := SourceDateEpoch(); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}
