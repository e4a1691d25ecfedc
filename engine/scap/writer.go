package scap

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/netip"
)

// ErrWriterClosed is returned by writes after Close.
var ErrWriterClosed = errors.New("scap: writer closed")

// splitProcBlock bounds one process-list block; larger lists are spread
// over several blocks, which readers merge.
const splitProcBlock = 16 << 20

// Writer produces an uncompressed capture in the block versions that
// libscap has written since early 2022 and that sysdig 0.29 reads:
// process list v9 (in the pre-0.10 entry layout), fd list v2, interface and
// user list v2, and v2 event blocks (with flags only when flags are set).
//
// Readers expect the metadata before the first event and each fd list after
// the process it belongs to. Users and groups given in separate calls are
// merged into one user-list block, because libscap keeps only the last one.
type Writer struct {
	w      *bufio.Writer
	err    error
	body   []byte
	hdr    [16]byte
	users  []User
	groups []Group
	pendUL bool
}

// NewWriter writes the section header to w and returns a Writer. Close
// flushes but does not close w; wrap w in a gzip.Writer for compression.
func NewWriter(w io.Writer) (*Writer, error) {
	wr := &Writer{w: bufio.NewWriterSize(w, 256<<10)}
	var b [sectionBodyLen]byte
	binary.LittleEndian.PutUint32(b[0:], byteOrderMagic)
	binary.LittleEndian.PutUint16(b[4:], writeMajor)
	binary.LittleEndian.PutUint16(b[6:], writeMinor)
	binary.LittleEndian.PutUint64(b[8:], ^uint64(0))
	wr.block(BlockSection, b[:])
	if wr.err != nil {
		return nil, wr.err
	}
	return wr, nil
}

func (w *Writer) setErr(err error) error {
	if w.err == nil {
		w.err = err
	}
	return w.err
}

func pad4(n int) int { return (4 - n%4) % 4 }

var zeros [4]byte

// block writes one block around body, adding padding and the trailer.
func (w *Writer) block(bt uint32, body []byte) {
	if w.err != nil {
		return
	}
	total := blockHeaderLen + len(body) + pad4(len(body)) + trailerLen
	if total > MaxBlockSize {
		w.err = fmt.Errorf("write block %#x: %d bytes exceeds the %d-byte limit", bt, total, MaxBlockSize)
		return
	}
	binary.LittleEndian.PutUint32(w.hdr[0:], bt)
	binary.LittleEndian.PutUint32(w.hdr[4:], uint32(total))
	w.w.Write(w.hdr[:8])
	w.w.Write(body)
	w.w.Write(zeros[:pad4(len(body))])
	if _, err := w.w.Write(w.hdr[4:8]); err != nil {
		w.err = fmt.Errorf("write block %#x: %w", bt, err)
	}
}

// meta prepares a metadata write: users and groups collected so far go out
// first, as one block.
func (w *Writer) meta() error {
	if w.err != nil {
		return w.err
	}
	if w.pendUL {
		w.flushUsers()
	}
	return w.err
}

// WriteMachine writes a machine-info block.
func (w *Writer) WriteMachine(m MachineInfo) error {
	if err := w.meta(); err != nil {
		return err
	}
	if len(m.Hostname) >= hostnameLen {
		return w.setErr(fmt.Errorf("write machine info: hostname is %d bytes, limit %d", len(m.Hostname), hostnameLen-1))
	}
	b := w.body[:0]
	b = binary.LittleEndian.AppendUint32(b, m.NumCPUs)
	b = binary.LittleEndian.AppendUint64(b, m.MemoryBytes)
	b = binary.LittleEndian.AppendUint64(b, m.MaxCPUFrequency)
	b = append(b, m.Hostname...)
	b = append(b, make([]byte, hostnameLen-len(m.Hostname))...)
	for _, v := range [...]uint64{m.BootTsEpoch, m.Flags, m.Reserved3, m.Reserved4} {
		b = binary.LittleEndian.AppendUint64(b, v)
	}
	w.body = b
	w.block(BlockMachine, b)
	return w.err
}

func appendStr16(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint16(b, uint16(len(s)))
	return append(b, s...)
}

// appendList writes a NUL-terminated list with its u16 length.
func appendList(b []byte, l []string) []byte {
	n := 0
	for _, s := range l {
		n += len(s) + 1
	}
	b = binary.LittleEndian.AppendUint16(b, uint16(n))
	for _, s := range l {
		b = append(b, s...)
		b = append(b, 0)
	}
	return b
}

func listLen(l []string) int {
	n := 0
	for _, s := range l {
		n += len(s) + 1
	}
	return n
}

func checkLen(what string, tid int64, n, limit int) error {
	if n > limit {
		return fmt.Errorf("write process %d: %s is %d bytes, limit %d", tid, what, n, limit)
	}
	return nil
}

func checkProc(p *Process) error {
	for _, f := range []struct {
		what   string
		n, max int
	}{
		{"comm", len(p.Comm), maxPathLen},
		{"exe", len(p.Exe), maxPathLen},
		{"exepath", len(p.ExePath), maxPathLen},
		{"cwd", len(p.Cwd), maxPathLen},
		{"root", len(p.Root), maxPathLen},
		{"args", listLen(p.Args), maxArgsLen},
		{"env", listLen(p.Env), maxEnvLen},
		{"cgroups", listLen(p.Cgroups), maxCgroupsLen},
	} {
		if err := checkLen(f.what, p.Tid, f.n, f.max); err != nil {
			return err
		}
	}
	for _, v := range [...]uint64{p.VMSize, p.VMRSS, p.VMSwap} {
		if v > 0xFFFFFFFF {
			return fmt.Errorf("write process %d: memory size %d KiB does not fit 32 bits", p.Tid, v)
		}
	}
	return nil
}

// appendProc appends one v9 entry in the layout libs wrote before 0.10:
// the tail after root is loginuid, exe_writable and the capability sets.
// Readers of every age parse this tail correctly; the newer fields (tty,
// pidns start, exe inode data) cannot be added without breaking older ones.
func appendProc(b []byte, p *Process) []byte {
	start := len(b)
	b = append(b, 0, 0, 0, 0) // entry length, patched below
	for _, v := range [...]int64{p.Tid, p.Pid, p.Ptid, p.Sid, p.Vpgid} {
		b = binary.LittleEndian.AppendUint64(b, uint64(v))
	}
	b = appendStr16(b, p.Comm)
	b = appendStr16(b, p.Exe)
	b = appendStr16(b, p.ExePath)
	b = appendList(b, p.Args)
	b = appendStr16(b, p.Cwd)
	b = binary.LittleEndian.AppendUint64(b, uint64(p.FDLimit))
	b = binary.LittleEndian.AppendUint32(b, p.Flags)
	b = binary.LittleEndian.AppendUint32(b, p.UID)
	b = binary.LittleEndian.AppendUint32(b, p.GID)
	b = binary.LittleEndian.AppendUint32(b, uint32(p.VMSize))
	b = binary.LittleEndian.AppendUint32(b, uint32(p.VMRSS))
	b = binary.LittleEndian.AppendUint32(b, uint32(p.VMSwap))
	b = binary.LittleEndian.AppendUint64(b, p.PFMajor)
	b = binary.LittleEndian.AppendUint64(b, p.PFMinor)
	b = appendList(b, p.Env)
	b = binary.LittleEndian.AppendUint64(b, uint64(p.Vtid))
	b = binary.LittleEndian.AppendUint64(b, uint64(p.Vpid))
	b = appendList(b, p.Cgroups)
	b = appendStr16(b, p.Root)
	b = binary.LittleEndian.AppendUint32(b, p.LoginUID)
	b = append(b, boolByte(p.ExeWritable))
	b = binary.LittleEndian.AppendUint64(b, p.CapInheritable)
	b = binary.LittleEndian.AppendUint64(b, p.CapPermitted)
	b = binary.LittleEndian.AppendUint64(b, p.CapEffective)
	binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start))
	return b
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

// WriteProcesses writes the processes as process-list v9 blocks.
func (w *Writer) WriteProcesses(procs []Process) error {
	if err := w.meta(); err != nil {
		return err
	}
	b := w.body[:0]
	for i := range procs {
		if err := checkProc(&procs[i]); err != nil {
			return w.setErr(err)
		}
		b = appendProc(b, &procs[i])
		if len(b) >= splitProcBlock {
			w.block(BlockProcV9, b)
			b = b[:0]
		}
	}
	if len(b) > 0 {
		w.block(BlockProcV9, b)
	}
	w.body = b
	return w.err
}

func ip4(a netip.Addr) ([4]byte, bool) {
	switch {
	case !a.IsValid():
		return [4]byte{}, true
	case a.Is4(), a.Is4In6():
		return a.Unmap().As4(), true
	}
	return [4]byte{}, false
}

func ip16(a netip.Addr) [16]byte {
	if !a.IsValid() {
		return [16]byte{}
	}
	return a.As16()
}

// WriteFDList writes one fd-list v2 block. Fds of type FDUnknown are left
// out, as libscap does.
func (w *Writer) WriteFDList(l FDList) error {
	if err := w.meta(); err != nil {
		return err
	}
	b := binary.LittleEndian.AppendUint64(w.body[:0], uint64(l.Tid))
	for i := range l.FDs {
		fd := &l.FDs[i]
		if fd.Type == FDUnknown {
			continue
		}
		if len(fd.Name) >= maxPathLen {
			return w.setErr(fmt.Errorf("write fd list of %d: fd %d name is %d bytes, limit %d", l.Tid, fd.Num, len(fd.Name), maxPathLen-1))
		}
		start := len(b)
		b = append(b, 0, 0, 0, 0)
		b = binary.LittleEndian.AppendUint64(b, uint64(fd.Num))
		b = binary.LittleEndian.AppendUint64(b, fd.Ino)
		b = append(b, byte(fd.Type))
		switch fd.Type {
		case FDIPv4Sock, FDIPv4Server:
			s, ok1 := ip4(fd.SIP)
			d, ok2 := ip4(fd.DIP)
			if !ok1 || !ok2 {
				return w.setErr(fmt.Errorf("write fd list of %d: fd %d is an IPv4 socket with an IPv6 address", l.Tid, fd.Num))
			}
			b = append(b, s[:]...)
			if fd.Type == FDIPv4Sock {
				b = append(b, d[:]...)
			}
			b = binary.LittleEndian.AppendUint16(b, fd.SPort)
			if fd.Type == FDIPv4Sock {
				b = binary.LittleEndian.AppendUint16(b, fd.DPort)
			}
			b = append(b, fd.L4Proto)
		case FDIPv6Sock, FDIPv6Server:
			s, d := ip16(fd.SIP), ip16(fd.DIP)
			b = append(b, s[:]...)
			if fd.Type == FDIPv6Sock {
				b = append(b, d[:]...)
			}
			b = binary.LittleEndian.AppendUint16(b, fd.SPort)
			if fd.Type == FDIPv6Sock {
				b = binary.LittleEndian.AppendUint16(b, fd.DPort)
			}
			b = append(b, fd.L4Proto)
		case FDUnixSock:
			b = binary.LittleEndian.AppendUint64(b, fd.UnixSource)
			b = binary.LittleEndian.AppendUint64(b, fd.UnixDest)
			b = appendStr16(b, fd.Name)
		case FDFileV2:
			b = binary.LittleEndian.AppendUint32(b, fd.Flags)
			b = appendStr16(b, fd.Name)
			b = binary.LittleEndian.AppendUint32(b, fd.Dev)
		default:
			if !fd.Type.nameOnly() {
				return w.setErr(fmt.Errorf("write fd list of %d: fd %d has unknown type %d", l.Tid, fd.Num, fd.Type))
			}
			b = appendStr16(b, fd.Name)
		}
		binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start))
	}
	w.body = b
	w.block(BlockFDListV2, b)
	return w.err
}

// WriteInterfaces writes an interface-list v2 block. Readers keep only the
// last such block, so write all interfaces at once.
func (w *Writer) WriteInterfaces(ifs Interfaces) error {
	if err := w.meta(); err != nil {
		return err
	}
	b := w.body[:0]
	for _, e := range ifs.V4 {
		if len(e.Name) >= maxPathLen {
			return w.setErr(fmt.Errorf("write interfaces: name %q is too long", e.Name))
		}
		a, ok1 := ip4(e.Addr)
		m, ok2 := ip4(e.Netmask)
		c, ok3 := ip4(e.Bcast)
		if !ok1 || !ok2 || !ok3 {
			return w.setErr(fmt.Errorf("write interfaces: %s has an IPv6 address in the IPv4 list", e.Name))
		}
		b = binary.LittleEndian.AppendUint32(b, uint32(24+len(e.Name)))
		b = binary.LittleEndian.AppendUint16(b, ifIPv4)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(e.Name)))
		b = append(b, a[:]...)
		b = append(b, m[:]...)
		b = append(b, c[:]...)
		b = binary.LittleEndian.AppendUint64(b, e.LinkSpeed)
		b = append(b, e.Name...)
	}
	for _, e := range ifs.V6 {
		if len(e.Name) >= maxPathLen {
			return w.setErr(fmt.Errorf("write interfaces: name %q is too long", e.Name))
		}
		a, m, c := ip16(e.Addr), ip16(e.Netmask), ip16(e.Bcast)
		b = binary.LittleEndian.AppendUint32(b, uint32(60+len(e.Name)))
		b = binary.LittleEndian.AppendUint16(b, ifIPv6)
		b = binary.LittleEndian.AppendUint16(b, uint16(len(e.Name)))
		b = append(b, a[:]...)
		b = append(b, m[:]...)
		b = append(b, c[:]...)
		b = binary.LittleEndian.AppendUint64(b, e.LinkSpeed)
		b = append(b, e.Name...)
	}
	w.body = b
	w.block(BlockIfListV2, b)
	return w.err
}

// WriteUsers queues users for the user-list block, written before the next
// non-user block or at Close.
func (w *Writer) WriteUsers(users []User) error {
	if w.err != nil {
		return w.err
	}
	for _, u := range users {
		for _, s := range [...]string{u.Name, u.HomeDir, u.Shell} {
			if len(s) >= maxCredentialsLen {
				return w.setErr(fmt.Errorf("write user %d: %q is %d bytes, limit %d", u.UID, truncate(s), len(s), maxCredentialsLen-1))
			}
		}
	}
	w.users = append(w.users, users...)
	w.pendUL = true
	return nil
}

// WriteGroups queues groups like WriteUsers.
func (w *Writer) WriteGroups(groups []Group) error {
	if w.err != nil {
		return w.err
	}
	for _, g := range groups {
		if len(g.Name) >= maxCredentialsLen {
			return w.setErr(fmt.Errorf("write group %d: name is %d bytes, limit %d", g.GID, len(g.Name), maxCredentialsLen-1))
		}
	}
	w.groups = append(w.groups, groups...)
	w.pendUL = true
	return nil
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func (w *Writer) flushUsers() {
	b := w.body[:0]
	for _, u := range w.users {
		start := len(b)
		b = append(b, 0, 0, 0, 0, userEntry)
		b = binary.LittleEndian.AppendUint32(b, u.UID)
		b = binary.LittleEndian.AppendUint32(b, u.GID)
		b = appendStr16(b, u.Name)
		b = appendStr16(b, u.HomeDir)
		b = appendStr16(b, u.Shell)
		binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start))
	}
	for _, g := range w.groups {
		start := len(b)
		b = append(b, 0, 0, 0, 0, groupEntry)
		b = binary.LittleEndian.AppendUint32(b, g.GID)
		b = appendStr16(b, g.Name)
		binary.LittleEndian.PutUint32(b[start:], uint32(len(b)-start))
	}
	w.body = b
	w.users, w.groups, w.pendUL = nil, nil, false
	w.block(BlockUserListV2, b)
}

// WriteEvent writes one raw ppm event (26-byte header, parameter lengths,
// parameters) as an EV v2 block, or EVF v2 when flags is not zero, which is
// what libscap itself does. Events too big for libscap's 64 KiB block
// buffer go into the large variants, which only newer readers accept.
func (w *Writer) WriteEvent(cpu uint16, flags uint32, raw []byte) error {
	if w.err != nil {
		return w.err
	}
	if w.pendUL {
		w.flushUsers()
	}
	if len(raw) < EvHeaderLen {
		return w.setErr(fmt.Errorf("write event: %d bytes is shorter than the event header", len(raw)))
	}
	if n := binary.LittleEndian.Uint32(raw[16:]); int64(n) != int64(len(raw)) {
		return w.setErr(fmt.Errorf("write event: header length %d does not match the %d bytes given", n, len(raw)))
	}
	prefix := 2
	bt := uint32(BlockEventV2)
	if flags != 0 {
		prefix = 6
		bt = BlockEventFV2
	}
	body := prefix + len(raw)
	total := blockHeaderLen + body + pad4(body) + trailerLen
	if total-blockHeaderLen > maxSmallEventBody {
		bt = BlockEventV2Large
		if flags != 0 {
			bt = BlockEventFV2Large
		}
	}
	if total > MaxBlockSize {
		return w.setErr(fmt.Errorf("write event: %d bytes exceeds the block limit", len(raw)))
	}
	h := w.hdr[:0]
	h = binary.LittleEndian.AppendUint32(h, bt)
	h = binary.LittleEndian.AppendUint32(h, uint32(total))
	h = binary.LittleEndian.AppendUint16(h, cpu)
	if flags != 0 {
		h = binary.LittleEndian.AppendUint32(h, flags)
	}
	w.w.Write(h)
	w.w.Write(raw)
	w.w.Write(zeros[:pad4(body)])
	if _, err := w.w.Write(h[4:8]); err != nil {
		return w.setErr(fmt.Errorf("write event: %w", err))
	}
	return nil
}

// Close writes any queued users and groups and flushes. Further writes fail.
func (w *Writer) Close() error {
	if errors.Is(w.err, ErrWriterClosed) {
		return nil
	}
	if w.err == nil && w.pendUL {
		w.flushUsers()
	}
	if w.err == nil {
		if err := w.w.Flush(); err != nil {
			w.err = fmt.Errorf("flush capture: %w", err)
		}
	}
	err := w.err
	w.err = ErrWriterClosed
	return err
}
