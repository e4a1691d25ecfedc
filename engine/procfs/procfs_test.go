package procfs

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sakerhq/saker/engine/scap"
)

// TestScanMatchesPs compares the scan with ps(1) on this machine: every
// process both saw must agree on parent and name, and nearly every process
// ps lists must be in the scan (a few may start or exit in between).
func TestScanMatchesPs(t *testing.T) {
	if _, err := exec.LookPath("ps"); err != nil {
		t.Skip("ps not installed")
	}
	snap, err := Scan(Options{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("ps", "-e", "-o", "pid=,ppid=,uid=,sid=,comm=").Output()
	if err != nil {
		t.Fatal(err)
	}
	byPid := map[int64]*scap.Process{}
	for i := range snap.Procs {
		p := &snap.Procs[i]
		if p.Tid == p.Pid {
			byPid[p.Pid] = p
		}
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	missing := 0
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 5 {
			continue
		}
		pid, _ := strconv.ParseInt(f[0], 10, 64)
		ppid, _ := strconv.ParseInt(f[1], 10, 64)
		uid, _ := strconv.ParseUint(f[2], 10, 32)
		sid, _ := strconv.ParseInt(f[3], 10, 64)
		comm := strings.Join(f[4:], " ")
		p := byPid[pid]
		if p == nil {
			missing++
			continue
		}
		// Kernel workers rename themselves as they pick up work.
		kworker := ppid == 2 && strings.HasPrefix(comm, "kworker/")
		if p.Ptid != ppid || p.Comm != comm && !kworker || p.UID != uint32(uid) || p.Sid != sid {
			t.Errorf("pid %d: scan ppid=%d comm=%q uid=%d sid=%d, ps ppid=%d comm=%q uid=%d sid=%d",
				pid, p.Ptid, p.Comm, p.UID, p.Sid, ppid, comm, uid, sid)
		}
	}
	if missing > len(lines)/10+2 {
		t.Errorf("%d of %d processes listed by ps are missing from the scan", missing, len(lines))
	}
	if byPid[int64(os.Getpid())] == nil {
		t.Error("the test process itself is missing")
	}
	if len(snap.Users) == 0 || snap.Users[0].Name == "" {
		t.Errorf("no users read from /etc/passwd: %+v", snap.Users)
	}
	rootSeen := false
	for _, u := range snap.Users {
		if u.UID == 0 && u.Name == "root" && u.HomeDir != "" {
			rootSeen = true
		}
	}
	if !rootSeen {
		t.Error("root is not among the users")
	}
	if len(snap.Groups) == 0 {
		t.Error("no groups read from /etc/group")
	}
}

// TestScanChild starts a child with known arguments, environment, working
// directory and fds, and checks what the scan reports for it.
func TestScanChild(t *testing.T) {
	dir := t.TempDir()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	conn, err := net.Dial("tcp4", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	sock := filepath.Join(dir, "s.sock")
	uln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer uln.Close()
	lnFile, _ := ln.(*net.TCPListener).File()
	connFile, _ := conn.(*net.TCPConn).File()
	ulnFile, _ := uln.(*net.UnixListener).File()
	w, err := os.OpenFile(filepath.Join(dir, "log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	pr, pw, _ := os.Pipe()
	defer pr.Close()
	defer pw.Close()

	cmd := exec.Command("sleep", "30")
	cmd.Dir = dir
	cmd.Env = []string{"SAKER_PROCFS_MARK=1", "PATH=/usr/bin:/bin"}
	// Child fds 3.. in this order.
	cmd.ExtraFiles = []*os.File{lnFile, connFile, ulnFile, w, pr}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	pid := int64(cmd.Process.Pid)
	// Wait for the exec to complete.
	for i := 0; i < 100; i++ {
		if b, _ := os.ReadFile("/proc/" + strconv.Itoa(int(pid)) + "/comm"); strings.TrimSpace(string(b)) == "sleep" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	snap, err := Scan(Options{})
	if err != nil {
		t.Fatal(err)
	}
	var p *scap.Process
	for i := range snap.Procs {
		if snap.Procs[i].Tid == pid {
			p = &snap.Procs[i]
		}
	}
	if p == nil {
		t.Fatalf("child %d not in the scan", pid)
	}
	sleepPath, _ := exec.LookPath("sleep")
	sleepPath, _ = filepath.EvalSymlinks(sleepPath)
	realDir, _ := filepath.EvalSymlinks(dir)
	for _, c := range []struct {
		what string
		ok   bool
	}{
		{"comm", p.Comm == "sleep"},
		{"exe", p.Exe == "sleep"},
		{"args", len(p.Args) == 1 && p.Args[0] == "30"},
		{"exepath", p.ExePath == sleepPath},
		{"cwd", p.Cwd == realDir},
		{"env", len(p.Env) == 2 && p.Env[0] == "SAKER_PROCFS_MARK=1"},
		{"ptid", p.Ptid == int64(os.Getpid())},
		{"sid", p.Sid == pid},
		{"pgid", p.Pgid == pid && p.Vpgid == pid},
		{"vpid", p.Vpid == pid && p.Vtid == pid},
		{"tty", p.Tty == 0},
		{"fdlimit", p.FDLimit > 0},
		{"exe_ino", p.ExeIno != 0 && p.ExeInoMtime != 0},
		{"cgroups", len(p.Cgroups) > 0 && strings.Contains(p.Cgroups[0], "=/")},
		{"root", p.Root == "/"},
	} {
		if !c.ok {
			t.Errorf("%s wrong: %+v", c.what, *p)
		}
	}
	var fds *scap.FDList
	for i := range snap.FDs {
		if snap.FDs[i].Tid == pid {
			fds = &snap.FDs[i]
		}
	}
	if fds == nil {
		t.Fatal("no fd list for the child")
	}
	byNum := map[int64]scap.FD{}
	for _, fd := range fds.FDs {
		byNum[fd.Num] = fd
	}
	if fd := byNum[3]; fd.Type != scap.FDIPv4Server || fd.SPort != uint16(port) || fd.SIP.String() != "127.0.0.1" || fd.L4Proto != l4TCP {
		t.Errorf("fd 3 (listening tcp socket on %d): %+v", port, fd)
	}
	if fd := byNum[4]; fd.Type != scap.FDIPv4Sock || fd.DPort != uint16(port) || fd.DIP.String() != "127.0.0.1" || fd.SPort == 0 {
		t.Errorf("fd 4 (tcp connection to %d): %+v", port, fd)
	}
	if fd := byNum[5]; fd.Type != scap.FDUnixSock || fd.Name != sock || fd.UnixSource == 0 {
		t.Errorf("fd 5 (unix listener %s): %+v", sock, fd)
	}
	if fd := byNum[6]; fd.Type != scap.FDFileV2 || fd.Name != filepath.Join(realDir, "log") || fd.Flags&3 != 2 || fd.Flags&8 == 0 {
		t.Errorf("fd 6 (log opened write/append): %+v", fd)
	}
	if fd := byNum[7]; fd.Type != scap.FDFifo || !strings.HasPrefix(fd.Name, "pipe:[") || fd.Ino == 0 {
		t.Errorf("fd 7 (pipe): %+v", fd)
	}
}

func TestParseHexAddr(t *testing.T) {
	for _, c := range []struct {
		in, addr string
		port     uint16
	}{
		{"0100007F:0035", "127.0.0.1", 53},
		{"0000000000000000FFFF00000100007F:01BB", "::ffff:127.0.0.1", 443},
		{"00000000000000000000000001000000:0016", "::1", 22},
	} {
		a, p, ok := parseHexAddr(c.in)
		if !ok || a.String() != c.addr || p != c.port {
			t.Errorf("%s: got %v %d %v, want %s %d", c.in, a, p, ok, c.addr, c.port)
		}
	}
	for _, bad := range []string{"", "0100007F", "zz:01", "0100007F:zz", "01:0035"} {
		if _, _, ok := parseHexAddr(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A thread other than the leader must be marked as sharing the leader's fd
// table (PPM_CL_CLONE_THREAD 0x2000 | PPM_CL_CLONE_FILES 0x1), as libscap's
// scan marks it: sysdig gives a task without these flags an fd table of its
// own, and then misses the fds another thread of the process opened.
func TestScanMarksThreads(t *testing.T) {
	snap, err := Scan(Options{NoFDs: true})
	if err != nil {
		t.Fatal(err)
	}
	pid := int64(os.Getpid())
	threads := 0
	for _, p := range snap.Procs {
		if p.Pid != pid {
			continue
		}
		switch {
		case p.Tid == pid && p.Flags != 0:
			t.Errorf("leader %d: flags %#x, want 0", p.Tid, p.Flags)
		case p.Tid != pid && p.Flags != 0x2001:
			t.Errorf("thread %d: flags %#x, want 0x2001", p.Tid, p.Flags)
		case p.Tid != pid:
			threads++
		}
	}
	// The Go runtime runs more than one thread by the time a test runs.
	if threads == 0 {
		t.Error("no thread of the test process in the scan")
	}
}
