package build

import (
	"fmt"
	"os"
	"strconv"
	"time"
)

// SourceDateEpoch reads SOURCE_DATE_EPOCH, the time reproducible builds
// stamp on what they write. ok is false when it is unset.
func SourceDateEpoch() (t time.Time, ok bool, err error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Time{}, false, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return time.Time{}, false, fmt.Errorf("SOURCE_DATE_EPOCH=%q: not a number of seconds", s)
	}
	return time.Unix(n, 0).UTC(), true, nil
}
