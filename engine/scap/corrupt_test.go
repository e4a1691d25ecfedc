package scap

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// drain reads data to the end and returns the final error (io.EOF on a
// clean end). A panic is turned into an error so the caller can report the
// input that caused it.
func drain(data []byte, name string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v\n%s", p, debug.Stack())
		}
	}()
	r, err := NewReader(bytes.NewReader(data), name)
	if err != nil {
		return err
	}
	defer r.Close()
	for i := 0; ; i++ {
		rec, err := r.Next()
		if err != nil {
			return err
		}
		if rec.Kind == KindEvent && len(rec.Event) < EvHeaderLen {
			return fmt.Errorf("short event slice of %d bytes", len(rec.Event))
		}
		if i > 50_000_000 {
			return errors.New("too many records")
		}
	}
}

// drainTimed is drain under a deadline, so a hang fails the test.
func drainTimed(t *testing.T, data []byte, name string) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- drain(data, name) }()
	select {
	case err := <-done:
		return err
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: reader did not finish within 20s", name)
		return nil
	}
}

// checkBad accepts a clean end or a FormatError that names the file, an
// offset inside the input and a block.
func checkBad(t *testing.T, err error, name string, size int, what string) *FormatError {
	t.Helper()
	if err == io.EOF {
		return nil
	}
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("%s: got %T %v, want io.EOF or *FormatError", what, err, err)
	}
	msg := fe.Error()
	if fe.File != name || !strings.HasPrefix(msg, name+": offset ") || !strings.Contains(msg, "block") {
		t.Fatalf("%s: error does not name file, offset and block: %q", what, msg)
	}
	if fe.Offset < 0 || fe.Offset > int64(size) {
		t.Fatalf("%s: offset %d outside the %d-byte input: %q", what, fe.Offset, size, msg)
	}
	return fe
}

// blockOffsets lists where each block of a valid capture starts, plus its end.
func blockOffsets(t *testing.T, data []byte) []int {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data), "x")
	if err != nil {
		t.Fatal(err)
	}
	offs := []int{0}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if o := int(rec.Offset); o != offs[len(offs)-1] {
			offs = append(offs, o)
		}
	}
	return append(offs, len(data))
}

var corruptSet = []string{
	"cat_write.scap", "empty.scap", "libs_single_ipv6_conn.scap", "syscall.scap",
	"psp_privileged.scap", "connect_localhost.scap",
}

// TestTruncated cuts captures at many offsets: a cut on a block boundary is
// a clean end, anything else a truncation error at the cut block.
func TestTruncated(t *testing.T) {
	dir := capturesDir(t)
	for _, base := range corruptSet {
		data := decompressed(t, filepath.Join(dir, base))
		offs := blockOffsets(t, data)
		boundary := map[int]int{} // cut offset -> start of the block it cuts
		cuts := map[int]bool{}
		// Cut around the metadata blocks at the front and around a sample
		// of the event blocks; every run re-reads the metadata, so cutting
		// at every event would only repeat the same work.
		step := max(1, len(offs)/60)
		for i, o := range offs {
			boundary[o] = -1
			if i < 12 || i%step == 0 || i == len(offs)-1 {
				for _, d := range []int{-9, -8, -5, -4, -1, 0, 1, 3, 4, 7, 8, 9, 12} {
					if c := o + d; c >= 0 && c < len(data) {
						cuts[c] = true
					}
				}
			}
			if i+1 < len(offs) {
				for c := o + 1; c < offs[i+1]; c++ {
					boundary[c] = o
				}
			}
		}
		rng := rand.New(rand.NewPCG(1, uint64(len(data))))
		for i := 0; i < 200; i++ {
			cuts[rng.IntN(len(data))] = true
		}
		for c := range cuts {
			what := fmt.Sprintf("%s cut at %d", base, c)
			err := drainTimed(t, data[:c], base)
			fe := checkBad(t, err, base, c, what)
			switch start := boundary[c]; {
			case c == 0 || c < offs[1]:
				if fe == nil {
					t.Fatalf("%s: a capture without its section header was accepted", what)
				}
			case start == -1:
				if fe != nil {
					t.Fatalf("%s: cut on a block boundary should be a clean end, got %v", what, fe)
				}
			default:
				if fe == nil || !errors.Is(fe, io.ErrUnexpectedEOF) || fe.Offset != int64(start) {
					t.Fatalf("%s: want a truncation error at block %d, got %v", what, start, err)
				}
			}
		}
	}
}

// TestBitFlips flips single bits, deterministically, in the decompressed
// and in the gzip form of several captures.
func TestBitFlips(t *testing.T) {
	dir := capturesDir(t)
	for _, base := range corruptSet {
		path := filepath.Join(dir, base)
		data := decompressed(t, path)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(2, uint64(len(data))))
		mut := make([]byte, len(data))
		for i := 0; i < 400; i++ {
			// Half the flips land in the metadata at the front.
			pos := rng.IntN(len(data))
			if i%2 == 0 {
				pos = rng.IntN(min(len(data), 16<<10))
			}
			bit := byte(1) << rng.IntN(8)
			copy(mut, data)
			mut[pos] ^= bit
			what := fmt.Sprintf("%s bit %d of byte %d", base, bit, pos)
			checkBad(t, drainTimed(t, mut, base), base, len(mut), what)
		}
		mutz := make([]byte, len(raw))
		for i := 0; i < 60; i++ {
			pos := rng.IntN(len(raw))
			bit := byte(1) << rng.IntN(8)
			copy(mutz, raw)
			mutz[pos] ^= bit
			what := fmt.Sprintf("%s (gzip) bit %d of byte %d", base, bit, pos)
			// Offsets refer to the decompressed stream, which may be longer
			// than the file; bound them by the original size.
			checkBad(t, drainTimed(t, mutz, base), base, len(data)+1<<20, what)
		}
	}
}

// TestGzipTruncated cuts the compressed form: the reader must report the
// broken stream, never a silent clean end.
func TestGzipTruncated(t *testing.T) {
	path := filepath.Join(capturesDir(t), "syscall.scap")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for c := 1; c < len(raw)-8; c += len(raw) / 97 {
		err := drainTimed(t, raw[:c], "syscall.scap")
		fe := checkBad(t, err, "syscall.scap", 1<<20, fmt.Sprintf("gzip cut at %d", c))
		if fe == nil {
			t.Fatalf("gzip cut at %d ended cleanly", c)
		}
	}
}

// TestHugeBlockLength checks that a bogus length neither allocates its
// size up front nor is accepted.
func TestHugeBlockLength(t *testing.T) {
	var b bytes.Buffer
	w, err := NewWriter(&b)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	shb := b.Bytes()
	for _, tc := range []struct {
		bt, total uint32
		want      string
	}{
		{BlockEventV2, 0xFFFFFFF0, "exceeds the"},
		{BlockProcV9, MaxBlockSize, "truncated block"},
		{BlockFDListV2, 8, "shorter than the minimum"},
		{BlockEventV2, 200_000, "exceeds 65544"},
	} {
		data := append(bytes.Clone(shb), le32b(tc.bt)...)
		data = append(data, le32b(tc.total)...)
		data = append(data, make([]byte, 1000)...)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		err := drainTimed(t, data, "huge.scap")
		runtime.ReadMemStats(&after)
		fe := checkBad(t, err, "huge.scap", len(data), fmt.Sprintf("length %d", tc.total))
		if fe == nil || !strings.Contains(fe.Msg, tc.want) {
			t.Fatalf("length %d: got %v, want an error containing %q", tc.total, err, tc.want)
		}
		if grown := after.TotalAlloc - before.TotalAlloc; grown > 16<<20 {
			t.Fatalf("length %d: reader allocated %d bytes for a %d-byte input", tc.total, grown, len(data))
		}
	}
}

func le32b(v uint32) []byte { return []byte{byte(v), byte(v >> 8), byte(v >> 16), byte(v >> 24)} }

// TestNotACapture feeds inputs that are not captures at all.
func TestNotACapture(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("hello, this is not a capture file at all"))
	zw.Close()
	for name, data := range map[string][]byte{
		"empty":     nil,
		"short":     {0x0a, 0x0d},
		"text":      []byte("#!/bin/sh\necho hello\n"),
		"gzip-text": gz.Bytes(),
		"gzip-head": gz.Bytes()[:5],
	} {
		err := drainTimed(t, data, name)
		fe := checkBad(t, err, name, 1<<20, name)
		if fe == nil {
			t.Fatalf("%s: accepted as a capture", name)
		}
	}
}
