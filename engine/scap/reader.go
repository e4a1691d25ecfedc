package scap

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// ErrClosed is returned by Next after Close.
var ErrClosed = errors.New("scap: reader closed")

const (
	initialBuf = 64 << 10
	maxWarn    = 64
)

// Reader streams records out of a capture. See the package documentation
// for the reuse and concurrency rules.
type Reader struct {
	name string
	src  io.Reader
	file io.Closer
	gz   *gzip.Reader

	// Window over the decompressed stream: buf[pos:end] is unread data and
	// base is the stream offset of buf[0].
	buf      []byte
	pos, end int
	base     int64
	srcErr   error

	hdr   SectionHeader
	rec   Record
	err   error
	warns []string
	seen  map[uint64]bool

	// A block that yields several records (processes, users) is decoded one
	// entry per Next; its bytes stay in buf because nothing is read from the
	// source until it is drained.
	pend pending
}

type pending struct {
	kind Kind // KindProcess or KindUser; 0 when idle
	bt   uint32
	off  int64
	ver  int
	c    cursor
}

// Open opens a capture file, compressed or not.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open capture: %w", err)
	}
	r, err := NewReader(f, path)
	if err != nil {
		f.Close()
		return nil, err
	}
	r.file = f
	return r, nil
}

// NewReader reads a capture from src; name is used in errors. A gzip stream
// is recognised by its magic bytes and decompressed on the fly. The section
// header is read before NewReader returns.
func NewReader(src io.Reader, name string) (*Reader, error) {
	r := &Reader{name: name, src: src, buf: make([]byte, initialBuf)}
	// Sniff the compression from the first two bytes, then hand what was
	// already read to the decompressor.
	_ = r.ensure(2)
	if r.end-r.pos >= 2 && r.buf[0] == 0x1f && r.buf[1] == 0x8b {
		head := bytes.Clone(r.buf[:r.end])
		var rest io.Reader = src
		if r.srcErr != nil {
			rest = &errReader{r.srcErr}
		}
		gz, err := gzip.NewReader(io.MultiReader(bytes.NewReader(head), rest))
		if err != nil {
			return nil, &FormatError{File: name, Msg: "bad gzip header", Err: err}
		}
		r.gz = gz
		r.src = gz
		r.pos, r.end, r.srcErr = 0, 0, nil
	}
	if err := r.readSection(); err != nil {
		return nil, err
	}
	return r, nil
}

type errReader struct{ err error }

func (e *errReader) Read([]byte) (int, error) { return 0, e.err }

// Header returns the first section header of the capture.
func (r *Reader) Header() SectionHeader { return r.hdr }

// Warnings lists problems that did not stop reading, such as skipped
// unknown blocks; each distinct cause is reported once, and at most 64 are
// kept.
func (r *Reader) Warnings() []string { return slices.Clone(r.warns) }

// Close releases the file and decompressor. It does not close a src passed
// to NewReader.
func (r *Reader) Close() error {
	r.err = ErrClosed
	r.pend = pending{}
	// The decompressor's own Close only repeats a stream error that Next
	// has already reported.
	if r.gz != nil {
		r.gz.Close()
		r.gz = nil
	}
	r.buf = nil
	if r.file != nil {
		err := r.file.Close()
		r.file = nil
		if err != nil {
			return fmt.Errorf("close capture: %w", err)
		}
	}
	return nil
}

func (r *Reader) warnOnce(key uint64, format string, args ...any) {
	if r.seen == nil {
		r.seen = make(map[uint64]bool)
	}
	if r.seen[key] || len(r.warns) >= maxWarn {
		return
	}
	r.seen[key] = true
	r.warns = append(r.warns, fmt.Sprintf(format, args...))
}

// ensure makes at least n unread bytes available in the window, reading
// from the source as needed. The buffer only grows when it is full of real
// data, so a bogus length costs at most twice the bytes actually present.
// It returns the source's error (io.EOF at the end) when n cannot be met.
func (r *Reader) ensure(n int) error {
	stalls := 0
	for r.end-r.pos < n {
		if r.srcErr != nil {
			return r.srcErr
		}
		if r.pos > 0 {
			copy(r.buf, r.buf[r.pos:r.end])
			r.base += int64(r.pos)
			r.end -= r.pos
			r.pos = 0
		}
		if r.end == len(r.buf) {
			grown := make([]byte, 2*len(r.buf))
			copy(grown, r.buf[:r.end])
			r.buf = grown
		}
		m, err := r.src.Read(r.buf[r.end:])
		r.end += m
		if err != nil {
			r.srcErr = err
		} else if m == 0 {
			if stalls++; stalls > 100 {
				r.srcErr = io.ErrNoProgress
			}
		}
	}
	return nil
}

func (r *Reader) offset() int64 { return r.base + int64(r.pos) }

func (r *Reader) fail(off int64, bt uint32, format string, args ...any) *FormatError {
	return &FormatError{File: r.name, Offset: off, BlockType: bt, Msg: fmt.Sprintf(format, args...)}
}

// short reports a failed ensure: a truncation when the stream simply ended,
// the source's own error (a corrupt gzip stream, an I/O error) otherwise.
func (r *Reader) short(off int64, bt uint32, what string, want int, err error) *FormatError {
	have := r.end - r.pos
	if errors.Is(err, io.EOF) {
		return &FormatError{File: r.name, Offset: off, BlockType: bt,
			Msg: fmt.Sprintf("truncated %s: need %d bytes, %d left", what, want, have), Err: io.ErrUnexpectedEOF}
	}
	msg := "read failed"
	if r.gz != nil {
		msg = "decompression failed"
	}
	return &FormatError{File: r.name, Offset: r.base + int64(r.end), BlockType: bt, Msg: msg, Err: err}
}

// block reads the next whole block. It returns io.EOF when the stream ends
// cleanly on a block boundary.
func (r *Reader) block() (bt uint32, off int64, blk []byte, err error) {
	off = r.offset()
	if err := r.ensure(blockHeaderLen); err != nil {
		if errors.Is(err, io.EOF) && r.end == r.pos {
			return 0, off, nil, io.EOF
		}
		if r.end-r.pos >= 4 {
			bt = binary.LittleEndian.Uint32(r.buf[r.pos:])
		}
		return 0, off, nil, r.short(off, bt, "block header", blockHeaderLen, err)
	}
	bt = binary.LittleEndian.Uint32(r.buf[r.pos:])
	total := binary.LittleEndian.Uint32(r.buf[r.pos+4:])
	switch {
	case total < blockHeaderLen+trailerLen:
		return 0, off, nil, r.fail(off+4, bt, "block length %d is shorter than the minimum %d", total, blockHeaderLen+trailerLen)
	case total > MaxBlockSize:
		return 0, off, nil, r.fail(off+4, bt, "block length %d exceeds the %d-byte limit", total, MaxBlockSize)
	case (bt == BlockEvent || bt == BlockEventInt || bt == BlockEventF || bt == BlockEventV2 || bt == BlockEventFV2) &&
		total-blockHeaderLen > maxSmallEventBody:
		return 0, off, nil, r.fail(off+4, bt, "event block length %d exceeds %d (only large event blocks may)", total, maxSmallEventBody+blockHeaderLen)
	}
	if err := r.ensure(int(total)); err != nil {
		return 0, off, nil, r.short(off, bt, "block", int(total), err)
	}
	blk = r.buf[r.pos : r.pos+int(total)]
	if tr := binary.LittleEndian.Uint32(blk[total-trailerLen:]); tr != total {
		return 0, off, nil, r.fail(off+int64(total)-trailerLen, bt, "trailer length %d does not match header length %d", tr, total)
	}
	r.pos += int(total)
	return bt, off, blk, nil
}

func (r *Reader) bodyCursor(bt uint32, off int64, blk []byte) cursor {
	return cursor{b: blk[blockHeaderLen : len(blk)-trailerLen], base: off + blockHeaderLen, bt: bt, file: r.name}
}

func (r *Reader) readSection() error {
	// Check the type before buffering the block so that a file that is not
	// a capture at all fails at once, whatever its first bytes announce.
	if r.ensure(4) == nil {
		if bt := binary.LittleEndian.Uint32(r.buf[r.pos:]); bt != BlockSection {
			return r.fail(0, bt, "not a scap capture: first block type %#x is not a section header", bt)
		}
	}
	bt, off, blk, err := r.block()
	if err == io.EOF {
		return &FormatError{File: r.name, Msg: "empty capture", Err: io.ErrUnexpectedEOF}
	}
	if err != nil {
		return err
	}
	c := r.bodyCursor(bt, off, blk)
	h := decodeSection(&c)
	if c.err != nil {
		return c.err
	}
	r.hdr = *h
	return nil
}

// Next returns the next record, or io.EOF at the clean end of the capture.
// The returned Record, and the bytes its Event points to, are only valid
// until the next call. Any other error is final and is returned again by
// later calls.
func (r *Reader) Next() (*Record, error) {
	for {
		if r.err != nil {
			return nil, r.err
		}
		var rec *Record
		var err error
		if r.pend.kind != 0 {
			rec, err = r.nextEntry()
		} else {
			rec, err = r.nextBlock()
		}
		if err != nil {
			r.err = err
			r.pend = pending{}
			return nil, err
		}
		if rec != nil {
			return rec, nil
		}
	}
}

// nextBlock reads one block and returns its record, or nil for a block that
// produced none (skipped, or an empty list).
func (r *Reader) nextBlock() (*Record, error) {
	bt, off, blk, err := r.block()
	if err != nil {
		return nil, err
	}
	switch bt {
	case BlockEvent, BlockEventInt, BlockEventF, BlockEventV2, BlockEventFV2, BlockEventV2Large, BlockEventFV2Large:
		return r.event(bt, off, blk)
	}

	c := r.bodyCursor(bt, off, blk)
	r.rec = Record{Offset: off, BlockType: bt}
	switch bt {
	case BlockSection:
		h := decodeSection(&c)
		if c.err != nil {
			return nil, c.err
		}
		r.rec.Kind, r.rec.Section = KindSection, h
	case BlockMachine, BlockMachineInt:
		m := decodeMachine(&c)
		if c.err != nil {
			return nil, c.err
		}
		r.rec.Kind, r.rec.Machine = KindMachine, m
	case BlockFDList, BlockFDListInt, BlockFDListV2:
		l, err := r.fdList(&c, bt == BlockFDListV2)
		if err != nil {
			return nil, err
		}
		r.rec.Kind, r.rec.FDs = KindFDList, l
	case BlockIfList, BlockIfListInt, BlockIfListV2:
		ifs, err := r.ifList(&c, bt == BlockIfListV2)
		if err != nil {
			return nil, err
		}
		r.rec.Kind, r.rec.Ifaces = KindInterfaces, ifs
	case BlockUserList, BlockUserListInt, BlockUserListV2:
		r.pend = pending{kind: KindUser, bt: bt, off: off, c: c}
		return nil, nil
	default:
		if v := procVersion(bt); v != 0 {
			r.pend = pending{kind: KindProcess, bt: bt, off: off, ver: v, c: c}
			return nil, nil
		}
		r.warnOnce(uint64(bt), "%s: offset %d: skipped unknown block type %#x (%d bytes); later blocks of this type are skipped silently",
			r.name, off, bt, len(blk))
		return nil, nil
	}
	return &r.rec, nil
}

// event decodes an event block. The event stays in the reader's buffer; an
// old-layout event (no nparams) is rewritten in place into the current one.
func (r *Reader) event(bt uint32, off int64, blk []byte) (*Record, error) {
	prefix := 2
	if bt == BlockEventF || bt == BlockEventFV2 || bt == BlockEventFV2Large {
		prefix = 6
	}
	old := bt == BlockEvent || bt == BlockEventInt || bt == BlockEventF
	hl := EvHeaderLen
	if old {
		hl = evHeaderLenV1
	}
	body := blk[blockHeaderLen : len(blk)-trailerLen]
	bodyOff := off + blockHeaderLen
	if len(body) < prefix+hl {
		return nil, r.fail(bodyOff, bt, "event block body of %d bytes is too short for its %d-byte header", len(body), prefix+hl)
	}
	cpu := binary.LittleEndian.Uint16(body)
	var flags uint32
	if prefix == 6 {
		flags = binary.LittleEndian.Uint32(body[2:])
	}
	evOff := bodyOff + int64(prefix)
	evlen := int(binary.LittleEndian.Uint32(body[prefix+16:]))
	if evlen < hl {
		return nil, r.fail(evOff+16, bt, "event length %d is shorter than the %d-byte header", evlen, hl)
	}
	if evlen > len(body)-prefix {
		return nil, r.fail(evOff+16, bt, "event length %d exceeds the %d bytes in the block", evlen, len(body)-prefix)
	}

	var ev []byte
	if !old {
		ev = body[prefix : prefix+evlen]
		np := binary.LittleEndian.Uint32(ev[22:])
		if uint64(np)*2 > uint64(evlen-EvHeaderLen) {
			return nil, r.fail(evOff+22, bt, "truncated parameter lengths: %d parameters in a %d-byte event", np, evlen)
		}
	} else {
		var err error
		if ev, err = r.upgradeEvent(bt, evOff, blk, blockHeaderLen+prefix, evlen); err != nil {
			return nil, err
		}
	}
	r.rec = Record{
		Kind:      KindEvent,
		Offset:    off,
		BlockType: bt,
		CPU:       cpu,
		Flags:     flags,
		Large:     bt == BlockEventV2Large || bt == BlockEventFV2Large,
		Event:     ev,
	}
	return &r.rec, nil
}

// upgradeEvent turns an old 22-byte-header event at blk[at:at+evlen] into
// the current layout by sliding the header 4 bytes back (over bytes already
// decoded) and inserting nparams, which old captures did not store.
func (r *Reader) upgradeEvent(bt uint32, evOff int64, blk []byte, at, evlen int) ([]byte, error) {
	start := at - 4
	copy(blk[start:start+evHeaderLenV1], blk[at:at+evHeaderLenV1])
	evlen += 4
	typ := binary.LittleEndian.Uint16(blk[start+20:])
	// Old writers stored a length 3 bytes too long for these two events;
	// libscap corrects it the same way.
	if typ == evNotificationE || typ == evInfrastructureE {
		if evlen-3 < EvHeaderLen {
			return nil, r.fail(evOff+16, bt, "event length %d too short for type %d", evlen-4, typ)
		}
		evlen -= 3
	}
	ev := blk[start : start+evlen]
	binary.LittleEndian.PutUint32(ev[16:], uint32(evlen))
	// nparams is the smallest n for which n u16 lengths plus the bytes they
	// announce end exactly at the event end: a smaller n always ends short,
	// so the first match is the real count.
	end := EvHeaderLen
	for n := 0; ; n++ {
		if end == evlen {
			binary.LittleEndian.PutUint32(ev[22:], uint32(n))
			return ev, nil
		}
		lp := EvHeaderLen + 2*n
		if lp+2 > evlen || end > evlen {
			return nil, r.fail(evOff, bt, "cannot infer the parameter count of a %d-byte old-format event of type %d", evlen-4, typ)
		}
		end += 2 + int(binary.LittleEndian.Uint16(ev[lp:]))
	}
}

func (r *Reader) nextEntry() (*Record, error) {
	p := &r.pend
	c := &p.c
	// Fewer than 4 bytes left is the block's alignment padding.
	if c.left() < 4 {
		r.pend = pending{}
		return nil, nil
	}
	r.rec = Record{Offset: p.off, BlockType: p.bt}
	switch p.kind {
	case KindProcess:
		var proc *Process
		if p.ver == 9 {
			ec, err := r.entry(c, "process entry")
			if err != nil {
				return nil, err
			}
			proc = decodeProc(ec, 9)
			if ec.err != nil {
				return nil, ec.err
			}
		} else {
			proc = decodeProc(c, p.ver)
			if c.err != nil {
				return nil, c.err
			}
		}
		r.rec.Kind, r.rec.Proc = KindProcess, proc
		return &r.rec, nil
	case KindUser:
		ec := c
		if p.bt == BlockUserListV2 {
			var err error
			if ec, err = r.entry(c, "user entry"); err != nil {
				return nil, err
			}
		}
		at := ec.base + int64(ec.i)
		switch typ := ec.u8("user entry type"); typ {
		case userEntry:
			u := &User{}
			u.UID = ec.u32("uid")
			u.GID = ec.u32("gid")
			u.Name = string(ec.str16("user name"))
			u.HomeDir = string(ec.str16("home directory"))
			u.Shell = string(ec.str16("shell"))
			r.rec.Kind, r.rec.User = KindUser, u
		case groupEntry:
			g := &Group{}
			g.GID = ec.u32("gid")
			g.Name = string(ec.str16("group name"))
			r.rec.Kind, r.rec.Group = KindGroup, g
		default:
			if ec == c {
				return nil, r.fail(at, p.bt, "unknown user entry type %d", typ)
			}
			r.warnOnce(1<<40|uint64(typ), "%s: offset %d: skipped user-list entry of unknown type %d", r.name, at, typ)
			return nil, nil
		}
		if ec.err != nil {
			return nil, ec.err
		}
		return &r.rec, nil
	}
	r.pend = pending{}
	return nil, nil
}

// entry consumes a length-prefixed entry (the length counts itself) and
// returns a cursor over the rest of it.
func (r *Reader) entry(c *cursor, what string) (*cursor, error) {
	at := c.base + int64(c.i)
	n := c.u32(what + " length")
	if c.err != nil {
		return nil, c.err
	}
	if n < 4 || int64(n)-4 > int64(c.left()) {
		return nil, r.fail(at, c.bt, "%s length %d does not fit the %d bytes left in the block", what, n, c.left()+4)
	}
	ec := c.sub(int(n)-4, what)
	ec.i = 0
	return ec, nil
}

func (r *Reader) fdList(c *cursor, v2 bool) (*FDList, error) {
	l := &FDList{Tid: int64(c.u64("tid"))}
	if c.err != nil {
		return nil, c.err
	}
	for c.left() >= 4 {
		ec := c
		if v2 {
			var err error
			if ec, err = r.entry(c, "fd entry"); err != nil {
				return nil, err
			}
		}
		var fd FD
		fd.Num = int64(ec.u64("fd number"))
		fd.Ino = ec.u64("inode")
		at := ec.base + int64(ec.i)
		fd.Type = FDType(ec.u8("fd type"))
		if ec.err != nil {
			return nil, ec.err
		}
		if !decodeFD(ec, &fd, v2) {
			if !v2 {
				return nil, r.fail(at, c.bt, "unknown fd type %d", fd.Type)
			}
			// Its length lets us step over a type from a newer writer.
			r.warnOnce(2<<40|uint64(fd.Type), "%s: offset %d: skipped fd %d of unknown type %d", r.name, at, fd.Num, fd.Type)
			continue
		}
		if ec.err != nil {
			return nil, ec.err
		}
		l.FDs = append(l.FDs, fd)
	}
	return l, nil
}

func (r *Reader) ifList(c *cursor, v2 bool) (*Interfaces, error) {
	ifs := &Interfaces{}
	for c.left() >= 4 {
		ec := c
		if v2 {
			// Here the length does not count itself.
			at := c.base + int64(c.i)
			n := c.u32("interface entry length")
			if int64(n) > int64(c.left()) {
				return nil, r.fail(at, c.bt, "interface entry length %d does not fit the %d bytes left in the block", n, c.left())
			}
			ec = c.sub(int(n), "interface entry")
		}
		at := ec.base + int64(ec.i)
		typ := ec.u16("interface type")
		namelen := int(ec.u16("interface name length"))
		switch typ {
		case ifIPv4, ifIPv4NoLinkSpeed:
			var e IfaceV4
			e.Addr = addr4(ec.bytes(4, "interface address"))
			e.Netmask = addr4(ec.bytes(4, "interface netmask"))
			e.Bcast = addr4(ec.bytes(4, "interface broadcast"))
			if typ == ifIPv4 {
				e.LinkSpeed = ec.u64("link speed")
			}
			e.Name = string(ec.bytes(namelen, "interface name"))
			ifs.V4 = append(ifs.V4, e)
		case ifIPv6, ifIPv6NoLinkSpeed:
			var e IfaceV6
			e.Addr = addr16(ec.bytes(16, "interface address"))
			e.Netmask = addr16(ec.bytes(16, "interface netmask"))
			e.Bcast = addr16(ec.bytes(16, "interface broadcast"))
			if typ == ifIPv6 {
				e.LinkSpeed = ec.u64("link speed")
			}
			e.Name = string(ec.bytes(namelen, "interface name"))
			ifs.V6 = append(ifs.V6, e)
		default:
			if ec.err != nil {
				return nil, ec.err
			}
			if !v2 {
				return nil, r.fail(at, c.bt, "unknown interface type %d", typ)
			}
			r.warnOnce(3<<40|uint64(typ), "%s: offset %d: skipped interface entry of unknown type %d", r.name, at, typ)
		}
		if ec.err != nil {
			return nil, ec.err
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	return ifs, nil
}
