package output

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func send(t *testing.T, c Channel, lines ...string) {
	t.Helper()
	a := sampleAlert()
	for _, l := range lines {
		if err := c.Send(context.Background(), a, []byte(l)); err != nil {
			t.Fatalf("send %q: %v", l, err)
		}
	}
}

func TestWriterChannel(t *testing.T) {
	var un, bf bytes.Buffer
	u := NewWriterChannel(&un, false)
	b := NewWriterChannel(&bf, true)
	send(t, u, "one", "two")
	send(t, b, "one", "two")
	if un.String() != "one\ntwo\n" {
		t.Errorf("unbuffered wrote %q", un.String())
	}
	if bf.Len() != 0 {
		t.Errorf("buffered output visible before Close: %q", bf.String())
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if bf.String() != "one\ntwo\n" {
		t.Errorf("buffered wrote %q after Close", bf.String())
	}
}

// With keep_alive off the file is reopened for every alert, so an alert
// after a rename goes to a new file at the configured path; with keep_alive
// on it keeps going to the open (renamed) file until Reopen.
func TestFileChannelKeepAlive(t *testing.T) {
	for _, keep := range []bool{false, true} {
		dir := t.TempDir()
		p := filepath.Join(dir, "events.txt")
		rotated := filepath.Join(dir, "events.1")
		os.WriteFile(p, []byte("existing\n"), 0o644)
		c := NewFileChannel(p, keep, false)
		send(t, c, "first")
		if err := os.Rename(p, rotated); err != nil {
			t.Fatal(err)
		}
		send(t, c, "second")
		if keep {
			if got := readFile(t, rotated); got != "existing\nfirst\nsecond\n" {
				t.Errorf("keep_alive: rotated file %q", got)
			}
			if _, err := os.Stat(p); err == nil {
				t.Error("keep_alive: file reopened without Reopen")
			}
			if err := c.Reopen(); err != nil {
				t.Fatal(err)
			}
			send(t, c, "third")
			if got := readFile(t, p); got != "third\n" {
				t.Errorf("keep_alive: after Reopen %q", got)
			}
		} else {
			if got := readFile(t, rotated); got != "existing\nfirst\n" {
				t.Errorf("no keep_alive: rotated file %q", got)
			}
			if got := readFile(t, p); got != "second\n" {
				t.Errorf("no keep_alive: new file %q", got)
			}
		}
		if err := c.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFileChannelBufferedAndErrors(t *testing.T) {
	p := filepath.Join(t.TempDir(), "buf.txt")
	c := NewFileChannel(p, true, true)
	send(t, c, "a", "b")
	if got, _ := os.ReadFile(p); len(got) != 0 {
		t.Errorf("buffered file written before Close: %q", got)
	}
	c.Close()
	if got := readFile(t, p); got != "a\nb\n" {
		t.Errorf("buffered file %q", got)
	}
	bad := NewFileChannel(filepath.Join(t.TempDir(), "no", "such", "dir", "f"), false, false)
	if err := bad.Send(context.Background(), sampleAlert(), []byte("x")); err == nil || !strings.Contains(err.Error(), "open output file") {
		t.Errorf("unwritable path: %v", err)
	}
}

// `cat > file` truncates the file each time it starts: with keep_alive the
// one process receives every line; without, each alert runs a new process
// and only the last line survives.
func TestProgramChannelCat(t *testing.T) {
	for _, keep := range []bool{false, true} {
		dir := t.TempDir()
		out := filepath.Join(dir, "out")
		pids := filepath.Join(dir, "pids")
		prog := "echo $$ >> " + pids + "; cat > " + out
		c := NewProgramChannel(prog, keep, false)
		send(t, c, "l1", "l2", "l3")
		if err := c.Close(); err != nil {
			t.Fatalf("keep_alive=%v close: %v", keep, err)
		}
		got := readFile(t, out)
		n := strings.Count(readFile(t, pids), "\n")
		if keep {
			if got != "l1\nl2\nl3\n" || n != 1 {
				t.Errorf("keep_alive: out %q, %d processes", got, n)
			}
		} else {
			if got != "l3\n" || n != 3 {
				t.Errorf("no keep_alive: out %q, %d processes", got, n)
			}
		}
	}
}

func TestProgramChannelBufferedFlushesOnClose(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	c := NewProgramChannel("cat > "+out, true, true)
	send(t, c, "x", "y")
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, out); got != "x\ny\n" {
		t.Errorf("buffered program output %q", got)
	}
}

func TestProgramChannelRestartsAfterExit(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	// Each process takes one line and exits.
	c := NewProgramChannel("head -n 1 >> "+out, true, false)
	ctx := context.Background()
	a := sampleAlert()
	var failed int
	for i := 0; i < 20; i++ {
		if err := c.Send(ctx, a, []byte("line"+strconv.Itoa(i))); err != nil {
			failed++
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.Close()
	got := strings.Count(readFile(t, out), "\n")
	if failed == 0 || got < 2 {
		t.Errorf("dead program not restarted: %d failed sends, %d lines delivered", failed, got)
	}
}

// A kept-alive program that never reads must not hold a send forever once
// the context is cancelled, nor Close once WaitTimeout passes.
func TestProgramChannelBlockedIsBounded(t *testing.T) {
	c := NewProgramChannel("sleep 30", true, false)
	c.WaitTimeout = 200 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	big := bytes.Repeat([]byte("x"), 1<<20) // larger than a pipe buffer
	start := time.Now()
	err := c.Send(ctx, sampleAlert(), big)
	if err == nil {
		t.Fatal("send to a program that does not read succeeded")
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("blocked send took %v", d)
	}
	start = time.Now()
	c.Close()
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("close took %v", d)
	}
}

func TestSyslogChannelSeverity(t *testing.T) {
	sock := filepath.Join(t.TempDir(), "log.sock")
	conn, err := net.ListenUnixgram("unixgram", &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		t.Skipf("no unix datagram sockets: %v", err)
	}
	defer conn.Close()
	c := &SyslogChannel{Network: "unixgram", Addr: sock, Tag: "saker-test"}
	defer c.Close()
	// LOG_USER is facility 1: PRI = 8 + severity, severity = Falco priority.
	for _, p := range []Priority{PriorityEmergency, PriorityCritical, PriorityWarning, PriorityInformational, PriorityDebug} {
		a := sampleAlert()
		a.Priority = p
		line := "alert at " + p.String()
		if err := c.Send(context.Background(), a, []byte(line)); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 4096)
		conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		msg := string(buf[:n])
		wantPri := "<" + strconv.Itoa(8+int(p)) + ">"
		if !strings.HasPrefix(msg, wantPri) || !strings.Contains(msg, "saker-test") || !strings.Contains(msg, line) {
			t.Errorf("%v: datagram %q, want prefix %s and the line", p, msg, wantPri)
		}
	}
}
