// Package procfs scans /proc (and /etc/passwd, /etc/group) into the same
// records a capture's metadata blocks carry: processes, their fds, users,
// groups and interfaces. A live source seeds the state tracker with them so
// that events of processes started before saker carry full context, and
// `saker capture` writes them at the head of a capture file.
//
// Processes come and go while the scan runs: a process or fd that vanishes
// half-read is skipped, never an error.
package procfs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/sakerhq/saker/engine/scap"
)

// Limits bound what one scan reads, so a hostile or huge system cannot make
// it allocate without end.
const (
	maxFileRead  = 1 << 20 // one /proc file (environ, cmdline, net tables)
	maxProcesses = 1 << 17 // threads kept
	maxFDs       = 1 << 16 // fds kept per process
	maxPasswd    = 1 << 16 // users or groups kept
)

// The capture format's clone flags (PPM_CL_*) a scanned thread gets.
const (
	cloneFiles  = 1 << 0
	cloneThread = 1 << 13
)

// Options select what Scan reads.
type Options struct {
	// Proc is the procfs mount; default /proc.
	Proc string
	// Etc holds passwd and group; default /etc.
	Etc string
	// NoThreads lists only the main thread of each process.
	NoThreads bool
	// NoFDs skips the fd tables.
	NoFDs bool
	// SkipPid leaves out one process (the caller, say); 0 keeps all.
	SkipPid int
}

// Snapshot is the result of one scan.
type Snapshot struct {
	Procs  []scap.Process
	FDs    []scap.FDList // one per process (keyed by its main thread)
	Users  []scap.User
	Groups []scap.Group
	Ifaces scap.Interfaces
	// Skipped counts processes, threads and fds that vanished or could not
	// be read during the scan.
	Skipped int
}

// Records returns the snapshot as capture records in the order readers
// expect: interfaces, users and groups, then each process followed by its
// fd list.
func (s *Snapshot) Records() []*scap.Record {
	var out []*scap.Record
	out = append(out, &scap.Record{Kind: scap.KindInterfaces, Ifaces: &s.Ifaces})
	for i := range s.Users {
		out = append(out, &scap.Record{Kind: scap.KindUser, User: &s.Users[i]})
	}
	for i := range s.Groups {
		out = append(out, &scap.Record{Kind: scap.KindGroup, Group: &s.Groups[i]})
	}
	for i := range s.Procs {
		out = append(out, &scap.Record{Kind: scap.KindProcess, Proc: &s.Procs[i]})
	}
	for i := range s.FDs {
		out = append(out, &scap.Record{Kind: scap.KindFDList, FDs: &s.FDs[i]})
	}
	return out
}

// Scan reads the process table, fds, users, groups and interfaces.
func Scan(opts Options) (*Snapshot, error) {
	if opts.Proc == "" {
		opts.Proc = "/proc"
	}
	if opts.Etc == "" {
		opts.Etc = "/etc"
	}
	s := &Snapshot{}
	sc := &scanner{opts: opts, snap: s, nets: map[string]*netTables{}}
	sc.v2Controllers = readV2Controllers(opts.Proc)
	ents, err := os.ReadDir(opts.Proc)
	if err != nil {
		return nil, fmt.Errorf("scan %s: %w", opts.Proc, err)
	}
	pids := make([]int, 0, len(ents))
	for _, e := range ents {
		if pid, err := strconv.Atoi(e.Name()); err == nil && pid > 0 && pid != opts.SkipPid {
			pids = append(pids, pid)
		}
	}
	sort.Ints(pids)
	for _, pid := range pids {
		if len(s.Procs) >= maxProcesses {
			break
		}
		sc.process(pid)
	}
	if s.Users, err = readPasswd(filepath.Join(opts.Etc, "passwd")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if s.Groups, err = readGroup(filepath.Join(opts.Etc, "group")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	s.Ifaces = interfaces()
	return s, nil
}

type scanner struct {
	opts          Options
	snap          *Snapshot
	nets          map[string]*netTables // by network namespace link
	v2Controllers []string
}

// readFile reads a /proc file, at most maxFileRead bytes.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, maxFileRead))
}

// process reads one process and, unless disabled, its threads and fds.
func (sc *scanner) process(pid int) {
	dir := filepath.Join(sc.opts.Proc, strconv.Itoa(pid))
	main, err := sc.thread(dir, pid, pid, nil)
	if err != nil {
		sc.snap.Skipped++
		return
	}
	sc.snap.Procs = append(sc.snap.Procs, *main)
	if !sc.opts.NoThreads {
		tasks, _ := os.ReadDir(filepath.Join(dir, "task"))
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil || tid == pid || len(sc.snap.Procs) >= maxProcesses {
				continue
			}
			th, err := sc.thread(filepath.Join(dir, "task", t.Name()), tid, pid, main)
			if err != nil {
				sc.snap.Skipped++
				continue
			}
			sc.snap.Procs = append(sc.snap.Procs, *th)
		}
	}
	if !sc.opts.NoFDs {
		if l, ok := sc.fds(dir, pid); ok {
			sc.snap.FDs = append(sc.snap.FDs, l)
		}
	}
}

// statFields are the fields of /proc/PID/stat after the command name,
// starting with the state (field 3).
func statFields(b []byte) (comm string, rest []string, err error) {
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return "", nil, errors.New("stat: no command name")
	}
	rest = strings.Fields(string(b[end+1:]))
	if len(rest) < 20 {
		return "", nil, fmt.Errorf("stat: %d fields", len(rest)+2)
	}
	return string(b[open+1 : end]), rest, nil
}

// thread reads one task. For a thread other than the main one, lead holds
// the process-wide values already read.
func (sc *scanner) thread(dir string, tid, pid int, lead *scap.Process) (*scap.Process, error) {
	st, err := readFile(filepath.Join(dir, "stat"))
	if err != nil {
		return nil, err
	}
	comm, f, err := statFields(st)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	num := func(i int) int64 { v, _ := strconv.ParseInt(f[i], 10, 64); return v }
	// f[0] is field 3 of proc(5): state; ppid is 4, pgrp 5, session 6,
	// tty_nr 7, minflt 10, majflt 12.
	p := &scap.Process{
		Tid: int64(tid), Pid: int64(pid), Ptid: num(1),
		Pgid: num(2), Sid: num(3), Tty: uint32(num(4)),
		PFMinor: uint64(num(7)), PFMajor: uint64(num(9)),
		Comm: comm, Vtid: int64(tid), Vpid: int64(pid), Vpgid: num(2),
		LoginUID: ^uint32(0),
	}
	if c, err := readFile(filepath.Join(dir, "comm")); err == nil {
		p.Comm = strings.TrimSuffix(string(c), "\n")
	}
	sc.status(dir, p)
	if lb, err := readFile(filepath.Join(dir, "loginuid")); err == nil {
		if v, err := strconv.ParseUint(strings.TrimSpace(string(lb)), 10, 32); err == nil {
			p.LoginUID = uint32(v)
		}
	}
	p.Cgroups = sc.cgroups(dir)
	if lead != nil {
		// /proc does not say how a task was cloned; like libscap's scan,
		// take a non-leader task for a thread sharing the leader's fd
		// table, so that readers of the capture (sysdig) share it too.
		p.Flags = cloneThread | cloneFiles
		// Threads share the process's image, arguments, environment and
		// working directory.
		p.Exe, p.ExePath, p.Args, p.Env = lead.Exe, lead.ExePath, lead.Args, lead.Env
		p.Cwd, p.Root, p.FDLimit = lead.Cwd, lead.Root, lead.FDLimit
		p.ExeWritable, p.ExeIno, p.ExeInoCtime, p.ExeInoMtime = lead.ExeWritable, lead.ExeIno, lead.ExeInoCtime, lead.ExeInoMtime
		return p, nil
	}
	if cl, err := readFile(filepath.Join(dir, "cmdline")); err == nil && len(cl) > 0 {
		args := splitNul(cl)
		if len(args) > 0 {
			p.Exe, p.Args = args[0], args[1:]
		}
	}
	if env, err := readFile(filepath.Join(dir, "environ")); err == nil {
		p.Env = splitNul(env)
	}
	if exe, err := os.Readlink(filepath.Join(dir, "exe")); err == nil {
		p.ExePath = strings.TrimSuffix(exe, " (deleted)")
		var fi unix.Stat_t
		if unix.Stat(filepath.Join(dir, "exe"), &fi) == nil {
			p.ExeIno = fi.Ino
			p.ExeInoCtime = uint64(fi.Ctim.Nano())
			p.ExeInoMtime = uint64(fi.Mtim.Nano())
			p.ExeWritable = writable(&fi, p.UID, p.GID)
		}
	}
	if p.Exe == "" {
		// Kernel threads have no command line; libscap names them by comm.
		p.Exe = p.Comm
	}
	if cwd, err := os.Readlink(filepath.Join(dir, "cwd")); err == nil {
		p.Cwd = cwd
	}
	if root, err := os.Readlink(filepath.Join(dir, "root")); err == nil {
		p.Root = root
	}
	p.FDLimit = fdLimit(dir)
	return p, nil
}

// writable tells whether a process running as uid/gid could write the file,
// from the permission bits (root may always).
func writable(fi *unix.Stat_t, uid, gid uint32) bool {
	switch {
	case uid == 0:
		return true
	case fi.Uid == uid:
		return fi.Mode&0o200 != 0
	case fi.Gid == gid:
		return fi.Mode&0o020 != 0
	}
	return fi.Mode&0o002 != 0
}

func splitNul(b []byte) []string {
	b = bytes.TrimRight(b, "\x00")
	if len(b) == 0 {
		return nil
	}
	return strings.Split(string(b), "\x00")
}

// status reads credentials, namespace ids, memory and capabilities from
// /proc/PID/status.
func (sc *scanner) status(dir string, p *scap.Process) {
	b, err := readFile(filepath.Join(dir, "status"))
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		fs := strings.Fields(val)
		if len(fs) == 0 {
			continue
		}
		last := fs[len(fs)-1]
		u := func(s string) uint64 { v, _ := strconv.ParseUint(s, 10, 64); return v }
		hex := func(s string) uint64 { v, _ := strconv.ParseUint(s, 16, 64); return v }
		switch key {
		case "Uid":
			if len(fs) >= 2 {
				p.UID = uint32(u(fs[1])) // effective, as the driver reports
			}
		case "Gid":
			if len(fs) >= 2 {
				p.GID = uint32(u(fs[1]))
			}
		case "NStgid":
			p.Vpid = int64(u(last))
		case "NSpid":
			p.Vtid = int64(u(last))
		case "NSpgid":
			p.Vpgid = int64(u(last))
		case "VmSize":
			p.VMSize = u(fs[0])
		case "VmRSS":
			p.VMRSS = u(fs[0])
		case "VmSwap":
			p.VMSwap = u(fs[0])
		case "CapInh":
			p.CapInheritable = hex(fs[0])
		case "CapPrm":
			p.CapPermitted = hex(fs[0])
		case "CapEff":
			p.CapEffective = hex(fs[0])
		}
	}
}

func fdLimit(dir string) int64 {
	b, err := readFile(filepath.Join(dir, "limits"))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "Max open files"); ok {
			fs := strings.Fields(rest)
			if len(fs) > 0 {
				v, _ := strconv.ParseInt(fs[0], 10, 64)
				return v
			}
		}
	}
	return 0
}

// readV2Controllers lists the enabled controllers that live on the unified
// hierarchy (hierarchy id 0 in /proc/cgroups), so that a v2 path can be
// reported per controller as the driver reports it.
func readV2Controllers(proc string) []string {
	b, err := readFile(filepath.Join(proc, "cgroups"))
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(string(b), "\n") {
		fs := strings.Fields(line)
		if len(fs) < 4 || strings.HasPrefix(fs[0], "#") {
			continue
		}
		if fs[1] == "0" && fs[3] == "1" {
			out = append(out, fs[0])
		}
	}
	return out
}

// cgroups returns "controller=path" entries, as capture process lists and
// the driver's execve events carry them.
func (sc *scanner) cgroups(dir string) []string {
	b, err := readFile(filepath.Join(dir, "cgroup"))
	if err != nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		parts := strings.SplitN(line, ":", 3)
		if len(parts) != 3 {
			continue
		}
		if parts[1] == "" {
			ctrls := sc.v2Controllers
			if len(ctrls) == 0 {
				ctrls = []string{"cgroup"}
			}
			for _, c := range ctrls {
				out = append(out, c+"="+parts[2])
			}
			continue
		}
		for _, c := range strings.Split(parts[1], ",") {
			out = append(out, strings.TrimPrefix(c, "name=")+"="+parts[2])
		}
	}
	return out
}

// interfaces lists the addresses of the network interfaces.
func interfaces() scap.Interfaces {
	var out scap.Interfaces
	ifs, err := net.Interfaces()
	if err != nil {
		return out
	}
	for _, itf := range ifs {
		addrs, _ := itf.Addrs()
		for _, a := range addrs {
			ipn, ok := a.(*net.IPNet)
			if !ok {
				continue
			}
			addr, ok := netip.AddrFromSlice(ipn.IP)
			if !ok {
				continue
			}
			mask, _ := netip.AddrFromSlice(net.IP(ipn.Mask))
			if addr.Is4In6() || addr.Is4() {
				addr = addr.Unmap()
				m4 := mask.Unmap()
				if !m4.Is4() {
					m4 = netip.IPv4Unspecified()
				}
				a4, k4 := addr.As4(), m4.As4()
				var b [4]byte
				for i := range b {
					b[i] = a4[i] | ^k4[i]
				}
				out.V4 = append(out.V4, scap.IfaceV4{Name: itf.Name, Addr: addr, Netmask: m4, Bcast: netip.AddrFrom4(b)})
				continue
			}
			if !mask.Is6() {
				mask = netip.IPv6Unspecified()
			}
			out.V6 = append(out.V6, scap.IfaceV6{Name: itf.Name, Addr: addr, Netmask: mask, Bcast: netip.IPv6Unspecified()})
		}
	}
	return out
}

// readPasswd parses passwd(5).
func readPasswd(path string) ([]scap.User, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	var out []scap.User
	for _, l := range lines {
		f := strings.Split(l, ":")
		if len(f) < 7 || len(out) >= maxPasswd {
			continue
		}
		uid, err1 := strconv.ParseUint(f[2], 10, 32)
		gid, err2 := strconv.ParseUint(f[3], 10, 32)
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, scap.User{UID: uint32(uid), GID: uint32(gid), Name: f[0], HomeDir: f[5], Shell: f[6]})
	}
	return out, nil
}

// readGroup parses group(5).
func readGroup(path string) ([]scap.Group, error) {
	lines, err := readLines(path)
	if err != nil {
		return nil, err
	}
	var out []scap.Group
	for _, l := range lines {
		f := strings.Split(l, ":")
		if len(f) < 3 || len(out) >= maxPasswd {
			continue
		}
		gid, err := strconv.ParseUint(f[2], 10, 32)
		if err != nil {
			continue
		}
		out = append(out, scap.Group{GID: uint32(gid), Name: f[0]})
	}
	return out, nil
}

func readLines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	var out []string
	s := bufio.NewScanner(io.LimitReader(f, 16<<20))
	for s.Scan() {
		l := strings.TrimSpace(s.Text())
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if err := s.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return out, nil
}
