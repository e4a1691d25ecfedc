package state

import (
	"errors"
	"io"
	"path/filepath"
	"testing"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/scap"
)

// loadedCapture is a capture read into memory, so that a benchmark times
// the tracker and not the reader.
type loadedCapture struct {
	meta   []*scap.Record
	events [][]byte
}

func loadCapture(b *testing.B, path string) *loadedCapture {
	b.Helper()
	r, err := scap.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	lc := &loadedCapture{}
	for {
		rec, err := r.Next()
		if errors.Is(err, io.EOF) {
			return lc
		}
		if err != nil {
			b.Fatal(err)
		}
		if rec.Kind == scap.KindEvent {
			lc.events = append(lc.events, append([]byte(nil), rec.Event...))
			continue
		}
		cp := *rec
		lc.meta = append(lc.meta, &cp)
	}
}

func (lc *loadedCapture) seed(tab *Table) {
	for _, rec := range lc.meta {
		switch rec.Kind {
		case scap.KindProcess:
			tab.AddProcess(rec.Proc)
		case scap.KindFDList:
			tab.AddFDs(rec.FDs)
		case scap.KindUser:
			tab.AddUser(rec.User)
		case scap.KindGroup:
			tab.AddGroup(rec.Group)
		case scap.KindInterfaces:
			tab.AddInterfaces(rec.Ifaces)
		}
	}
}

// BenchmarkProcessBusybox replays busybox_workload (225k events of cat, ls,
// find and sh in a loop: many execs, clones and opens) through a fresh
// table per iteration. ns/event and allocs/event are the figures to watch;
// allocations come from the state-changing events only.
func BenchmarkProcessBusybox(b *testing.B) {
	lc := loadCapture(b, filepath.Join(capturesDir(b), "busybox_workload.scap.gz"))
	var ev event.Event
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tab := New(Options{})
		lc.seed(tab)
		for _, raw := range lc.events {
			if err := ev.Decode(raw); err != nil {
				b.Fatal(err)
			}
			tab.Process(&ev, 0)
		}
	}
	b.StopTimer()
	n := float64(b.N) * float64(len(lc.events))
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/event")
	var ms testingAllocs
	ms.measure(func() {
		tab := New(Options{})
		lc.seed(tab)
		for _, raw := range lc.events {
			_ = ev.Decode(raw)
			tab.Process(&ev, 0)
		}
	})
	b.ReportMetric(ms.allocs/float64(len(lc.events)), "allocs/event")
}

// BenchmarkProcessSteady times the common case: reads and writes on a known
// fd. It must report 0 allocs/op.
func BenchmarkProcessSteady(b *testing.B) {
	tab := New(Options{})
	tab.AddProcess(&scap.Process{Tid: 1, Pid: 1, Comm: "x", Cwd: "/"})
	tab.Thread(1).FDs.set(&FD{Num: 3, Type: FDFile, Name: "/a"})
	var evs [][]byte
	for _, e := range []struct {
		typ    event.Type
		params [][]byte
	}{
		{event.SyscallReadE, [][]byte{event.EncInt64(3), event.EncUint32(4)}},
		{event.SyscallReadX, [][]byte{event.EncInt64(4), []byte("abcd")}},
		{event.SyscallWriteE, [][]byte{event.EncInt64(3), event.EncUint32(4)}},
		{event.SyscallWriteX, [][]byte{event.EncInt64(4), []byte("abcd")}},
	} {
		raw, err := event.Build(nil, e.typ, 1, 1, e.params...)
		if err != nil {
			b.Fatal(err)
		}
		evs = append(evs, raw)
	}
	var ev event.Event
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		_ = ev.Decode(evs[i&3])
		tab.Process(&ev, 0)
		i++
	}
}

// testingAllocs counts heap allocations of one run of f.
type testingAllocs struct{ allocs float64 }

func (m *testingAllocs) measure(f func()) {
	m.allocs = testing.AllocsPerRun(1, f)
}
