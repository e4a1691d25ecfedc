package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/event"
)

// TestHeaderFresh fails when driver/saker_events.h no longer matches the Go
// tables: regenerate with `make -C driver header`.
func TestHeaderFresh(t *testing.T) {
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../saker_events.h")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("driver/saker_events.h is stale: run `make -C driver header`")
	}
}

// TestNewestLayouts pins the choice of rows to the ones the engine decodes as
// current: an exit row the table marks as old would be a driver bug.
func TestNewestLayouts(t *testing.T) {
	for _, p := range pairs {
		_, x, _ := event.SyscallEventTypes(p.syscall)
		if event.Table[x].Flags&event.FlagOldVersion != 0 {
			t.Errorf("%s: exit row %d is an old version", p.syscall, x)
		}
		if event.Table[x].Name != p.syscall && !strings.HasPrefix(p.syscall, event.Table[x].Name) {
			t.Errorf("%s: exit row %d is named %q", p.syscall, x, event.Table[x].Name)
		}
	}
}
