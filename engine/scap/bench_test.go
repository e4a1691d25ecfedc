package scap

import (
	"bytes"
	"io"
	"path/filepath"
	"runtime"
	"testing"
)

// BenchmarkReadBusybox reads the decompressed busybox capture from memory.
func BenchmarkReadBusybox(b *testing.B) {
	data := decompressed(b, filepath.Join(capturesDir(b), "busybox_workload.scap.gz"))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var events int
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	b.ResetTimer()
	for b.Loop() {
		r, err := NewReader(bytes.NewReader(data), "busybox")
		if err != nil {
			b.Fatal(err)
		}
		for {
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if rec.Kind == KindEvent {
				events++
			}
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(events), "allocs/event")
}

// TestNextNoAllocs: once past the metadata, reading an event allocates
// nothing; the Event slice aliases the reader's buffer.
func TestNextNoAllocs(t *testing.T) {
	data := decompressed(t, filepath.Join(capturesDir(t), "busybox_workload.scap.gz"))
	r, err := NewReader(bytes.NewReader(data), "busybox")
	if err != nil {
		t.Fatal(err)
	}
	for {
		rec, err := r.Next()
		if err != nil {
			t.Fatal(err)
		}
		if rec.Kind == KindEvent {
			break
		}
	}
	var last *Record
	allocs := testing.AllocsPerRun(100_000, func() {
		rec, err := r.Next()
		if err != nil || rec.Kind != KindEvent {
			t.Fatalf("unexpected %v %v", rec, err)
		}
		last = rec
	})
	if allocs != 0 {
		t.Fatalf("Next allocates %.3f times per event", allocs)
	}
	// Zero copies: the event points into the reader's window.
	if len(last.Event) == 0 || !aliases(last.Event, r.buf) {
		t.Fatal("event does not alias the reader buffer")
	}
}

func aliases(sub, buf []byte) bool {
	if len(sub) == 0 || len(buf) == 0 {
		return false
	}
	s := &sub[0]
	for i := range buf {
		if &buf[i] == s {
			return true
		}
	}
	return false
}
