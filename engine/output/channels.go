package output

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/syslog"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"time"
)

// WriterChannel writes one alert a line to a writer: Falco's stdout output.
// Unbuffered, each alert is one write; buffered, lines are flushed on Close.
type WriterChannel struct {
	w   io.Writer
	bw  *bufio.Writer
	buf []byte
}

// NewWriterChannel writes to w (not closed by Close).
func NewWriterChannel(w io.Writer, buffered bool) *WriterChannel {
	c := &WriterChannel{w: w}
	if buffered {
		c.bw = bufio.NewWriter(w)
	}
	return c
}

func (c *WriterChannel) Send(_ context.Context, _ *Alert, line []byte) error {
	if c.bw != nil {
		c.bw.Write(line)
		return c.bw.WriteByte('\n')
	}
	c.buf = append(append(c.buf[:0], line...), '\n')
	_, err := c.w.Write(c.buf)
	return err
}

func (c *WriterChannel) Close() error {
	if c.bw != nil {
		return c.bw.Flush()
	}
	return nil
}

// FileChannel appends alerts to a file. With keepAlive the file stays open
// (and Reopen reopens it, for log rotation); without, it is opened and
// closed for every alert.
type FileChannel struct {
	path      string
	keepAlive bool
	buffered  bool
	f         *os.File
	bw        *bufio.Writer
	buf       []byte
}

func NewFileChannel(path string, keepAlive, buffered bool) *FileChannel {
	return &FileChannel{path: path, keepAlive: keepAlive, buffered: buffered}
}

func (c *FileChannel) open() error {
	if c.f != nil {
		return nil
	}
	f, err := os.OpenFile(c.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("open output file: %w", err)
	}
	c.f = f
	if c.buffered {
		c.bw = bufio.NewWriter(f)
	}
	return nil
}

func (c *FileChannel) Send(_ context.Context, _ *Alert, line []byte) error {
	if err := c.open(); err != nil {
		return err
	}
	var err error
	if c.bw != nil {
		c.bw.Write(line)
		err = c.bw.WriteByte('\n')
	} else {
		c.buf = append(append(c.buf[:0], line...), '\n')
		_, err = c.f.Write(c.buf)
	}
	if err != nil {
		c.Close()
		return fmt.Errorf("write %s: %w", c.path, err)
	}
	if !c.keepAlive {
		return c.Close()
	}
	return nil
}

func (c *FileChannel) Reopen() error {
	if err := c.Close(); err != nil {
		return err
	}
	return c.open()
}

func (c *FileChannel) Close() error {
	if c.f == nil {
		return nil
	}
	var err error
	if c.bw != nil {
		err = c.bw.Flush()
	}
	err = errors.Join(err, c.f.Close())
	c.f, c.bw = nil, nil
	if err != nil {
		return fmt.Errorf("close %s: %w", c.path, err)
	}
	return nil
}

// ProgramChannel writes alerts, one a line, to the standard input of
// `sh -c program`. With keepAlive one process receives every alert (and is
// started again if it dies); without, each alert runs the program once and
// waits for it to exit, as popen/pclose do in Falco.
type ProgramChannel struct {
	program   string
	keepAlive bool
	buffered  bool
	// Stdout and Stderr of the program; Falco's own by default.
	Stdout, Stderr io.Writer
	// WaitTimeout bounds how long Close waits for the kept-alive process
	// to exit once its input is closed, before killing it.
	WaitTimeout time.Duration

	cmd *exec.Cmd
	w   *os.File
	bw  *bufio.Writer
	buf []byte
}

func NewProgramChannel(program string, keepAlive, buffered bool) *ProgramChannel {
	return &ProgramChannel{
		program: program, keepAlive: keepAlive, buffered: buffered,
		Stdout: os.Stdout, Stderr: os.Stderr, WaitTimeout: 5 * time.Second,
	}
}

func (c *ProgramChannel) Send(ctx context.Context, _ *Alert, line []byte) error {
	c.buf = append(append(c.buf[:0], line...), '\n')
	if !c.keepAlive {
		cmd := exec.CommandContext(ctx, "/bin/sh", "-c", c.program)
		ownGroup(cmd)
		cmd.Cancel = func() error { return killGroup(cmd) }
		cmd.Stdin = &byteReader{b: c.buf}
		cmd.Stdout, cmd.Stderr = c.Stdout, c.Stderr
		cmd.WaitDelay = c.WaitTimeout
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("program %q: %w", c.program, err)
		}
		return nil
	}
	if err := c.start(); err != nil {
		return err
	}
	// A program that stops reading must not hold the queue past the stop
	// deadline: cancelling ctx makes the pending write fail.
	w := c.w
	stop := context.AfterFunc(ctx, func() { w.SetWriteDeadline(time.Now()) })
	defer stop()
	var err error
	if c.bw != nil {
		_, err = c.bw.Write(c.buf)
	} else {
		_, err = c.w.Write(c.buf)
	}
	if err != nil {
		c.Close()
		return fmt.Errorf("write to program %q: %w", c.program, err)
	}
	return nil
}

func (c *ProgramChannel) start() error {
	if c.cmd != nil {
		return nil
	}
	r, w, err := os.Pipe()
	if err != nil {
		return fmt.Errorf("program pipe: %w", err)
	}
	cmd := exec.Command("/bin/sh", "-c", c.program)
	ownGroup(cmd)
	cmd.Stdin = r
	cmd.Stdout, cmd.Stderr = c.Stdout, c.Stderr
	cmd.WaitDelay = c.WaitTimeout
	if err := cmd.Start(); err != nil {
		r.Close()
		w.Close()
		return fmt.Errorf("start program %q: %w", c.program, err)
	}
	r.Close()
	c.cmd, c.w = cmd, w
	if c.buffered {
		c.bw = bufio.NewWriter(w)
	}
	return nil
}

func (c *ProgramChannel) Reopen() error {
	if err := c.Close(); err != nil {
		return err
	}
	if c.keepAlive {
		return c.start()
	}
	return nil
}

// Close flushes, closes the program's input and waits for it to exit.
func (c *ProgramChannel) Close() error {
	if c.cmd == nil {
		return nil
	}
	var err error
	if c.bw != nil {
		err = c.bw.Flush()
	}
	err = errors.Join(err, c.w.Close())
	done := make(chan error, 1)
	cmd := c.cmd
	go func() { done <- cmd.Wait() }()
	select {
	case werr := <-done:
		err = errors.Join(err, werr)
	case <-time.After(c.WaitTimeout):
		killGroup(cmd)
		err = errors.Join(err, fmt.Errorf("program %q did not exit within %v: killed", c.program, c.WaitTimeout), <-done)
	}
	c.cmd, c.w, c.bw = nil, nil, nil
	if err != nil {
		return fmt.Errorf("program %q: %w", c.program, err)
	}
	return nil
}

// ownGroup runs the program in its own process group, so that a stuck
// pipeline (sh and every command it started) can be killed as a whole.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killGroup(cmd *exec.Cmd) error {
	if cmd.Process == nil {
		return nil
	}
	return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}

// byteReader is a bytes.Reader without the seek methods, so exec copies it
// through a pipe rather than trying to treat it as a file.
type byteReader struct{ b []byte }

func (r *byteReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

// SyslogChannel logs alerts to syslog with the alert's priority as the
// severity and the user facility, as Falco's syslog() call does. An empty
// Network and Addr mean the local syslog socket.
type SyslogChannel struct {
	Network, Addr string
	Tag           string
	w             *syslog.Writer
}

func NewSyslogChannel() *SyslogChannel {
	return &SyslogChannel{Tag: filepath.Base(os.Args[0])}
}

func (c *SyslogChannel) Send(_ context.Context, a *Alert, line []byte) error {
	if c.w == nil {
		w, err := syslog.Dial(c.Network, c.Addr, syslog.LOG_USER|syslog.LOG_INFO, c.Tag)
		if err != nil {
			return fmt.Errorf("connect to syslog: %w", err)
		}
		c.w = w
	}
	msg := string(line)
	var err error
	switch a.Priority {
	case PriorityEmergency:
		err = c.w.Emerg(msg)
	case PriorityAlert:
		err = c.w.Alert(msg)
	case PriorityCritical:
		err = c.w.Crit(msg)
	case PriorityError:
		err = c.w.Err(msg)
	case PriorityWarning:
		err = c.w.Warning(msg)
	case PriorityNotice:
		err = c.w.Notice(msg)
	case PriorityInformational:
		err = c.w.Info(msg)
	default:
		err = c.w.Debug(msg)
	}
	if err != nil {
		c.Close()
		return fmt.Errorf("syslog: %w", err)
	}
	return nil
}

func (c *SyslogChannel) Close() error {
	if c.w == nil {
		return nil
	}
	err := c.w.Close()
	c.w = nil
	return err
}
