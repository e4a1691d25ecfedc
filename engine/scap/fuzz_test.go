package scap

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"path/filepath"
	"testing"
)

// fuzzSeeds are the starts of the small shared captures (metadata), a
// window of events from each, and hand-made blocks of every old layout.
func fuzzSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	dir := capturesDir(t)
	for _, base := range []string{"cat_write.scap", "syscall.scap", "empty.scap", "libs_single_ipv6_conn.scap", "ping_sendto.scap"} {
		data := decompressed(t, filepath.Join(dir, base))
		seeds = append(seeds, data[:min(len(data), 4096)])
		// The section header followed by blocks taken from the event area.
		tail := data[len(data)-min(len(data), 8192):]
		if off := firstBlockAt(tail); off >= 0 {
			seeds = append(seeds, append(bytes.Clone(data[:28]), tail[off:]...))
		}
	}
	ev := (&bb{}).u16(0).u64(1).u64(2).u32(26+2+3).u16(5).u32(1).u16(3).raw(1, 2, 3).b
	seeds = append(seeds,
		capture(rawBlock(BlockProcV1, procEntry(1)), rawBlock(BlockEventV2, ev)),
		capture(rawBlock(BlockProcV5, procEntry(5)), rawBlock(BlockProcV9, v9Entry((&bb{}).u32(1).u8(1).b))),
		capture(rawBlock(BlockFDList, fdBody(false, (&bb{}).i64(3).u64(9).u8(8).u64(1).u64(2).str("/s").b))),
		capture(rawBlock(BlockUserList, (&bb{}).u8(0).u32(0).u32(0).str("root").str("/").str("/bin/sh").b)),
		capture(rawBlock(BlockEvent, append([]byte{1, 0}, evV1(3, []uint16{4, 2}, 0)...))),
		capture(rawBlock(BlockEventF, append([]byte{1, 0, 1, 0, 0, 0}, evV1(evNotificationE, []uint16{1}, 3)...))),
		capture(rawBlock(0x12345, []byte{1, 2, 3}), rawBlock(BlockEventFV2Large, append([]byte{0, 0, 1, 0, 0, 0}, ev[2:]...))),
	)
	return seeds
}

// firstBlockAt finds the first plausible event block start in b.
func firstBlockAt(b []byte) int {
	for i := 0; i+8 <= len(b); i++ {
		bt := binary.LittleEndian.Uint32(b[i:])
		n := int(binary.LittleEndian.Uint32(b[i+4:]))
		if (bt == BlockEventV2 || bt == BlockEvent) && n >= 40 && i+n <= len(b) &&
			binary.LittleEndian.Uint32(b[i+n-4:]) == uint32(n) {
			return i
		}
	}
	return -1
}

func FuzzReader(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data), "fuzz.scap")
		if err == nil {
			defer r.Close()
			for i := 0; err == nil; i++ {
				var rec *Record
				rec, err = r.Next()
				if err != nil {
					break
				}
				if rec.Kind == KindEvent {
					ev := rec.Event
					if len(ev) < EvHeaderLen || int(binary.LittleEndian.Uint32(ev[16:])) != len(ev) ||
						EvHeaderLen+2*int(binary.LittleEndian.Uint32(ev[22:])) > len(ev) {
						t.Fatalf("record %d: inconsistent event % x", i, ev)
					}
				}
				if i > 1_000_000 {
					t.Fatal("too many records")
				}
			}
			if len(r.Warnings()) > maxWarn {
				t.Fatalf("%d warnings", len(r.Warnings()))
			}
		}
		if err == io.EOF {
			return
		}
		var fe *FormatError
		if !errors.As(err, &fe) {
			t.Fatalf("got %T %v, want *FormatError", err, err)
		}
		gz := len(data) > 1 && data[0] == 0x1f && data[1] == 0x8b
		if fe.File != "fuzz.scap" || fe.Offset < 0 || (!gz && fe.Offset > int64(len(data))) {
			t.Fatalf("bad error position: %v", fe)
		}
	})
}
