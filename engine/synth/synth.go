package synth

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/scap"
)

// StartTs is the timestamp of the first event (2023-11-14, in ns); each
// event is one microsecond after the previous one.
const StartTs = 1_700_000_000_000_000_000

// Proc describes a process: one declared in the initial process list, or
// the program a Task spawns.
type Proc struct {
	Pid  int64
	Ppid int64
	// Exe is the executable's path (proc.exepath). Argv0 (proc.exe) defaults
	// to it, Comm (proc.name) to its base name.
	Exe   string
	Argv0 string
	Comm  string
	Args  []string // arguments after argv[0]
	Cwd   string   // default "/"
	Env   []string
	UID   uint32
	GID   uint32
	// LoginUID defaults to UID; set NoLoginUID for daemons (all ones).
	LoginUID   uint32
	NoLoginUID bool
	// Tty is the controlling terminal's device number. The process list
	// layout sysdig 0.29 reads cannot carry it, so only execs report it.
	Tty uint32
	// Container is a container id (see ContainerID); it puts the process in
	// that container's docker cgroups. Cgroups, when set, are used instead.
	Container string
	Cgroups   []string
	// Vpid is the pid inside the process's pid namespace (1 for a
	// container's first process); default Pid.
	Vpid int64
	// Exe flags reported by execve.
	ExeWritable   bool
	ExeUpperLayer bool
	ExeFromMemfd  bool
}

// Container describes a container for the container event.
type Container struct {
	ID         string // 64 (or 12) hex digits; see ContainerID
	Name       string
	Image      string // repository:tag
	Privileged bool
	Mounts     []Mount
}

// Mount is one container mount.
type Mount struct {
	Source, Dest string
	RW           bool
}

// ContainerID derives a stable 64-hex-digit container id from a seed.
func ContainerID(seed string) string {
	s := sha256.Sum256([]byte(seed))
	return hex.EncodeToString(s[:])
}

// Capture accumulates a synthetic capture.
type Capture struct {
	procs  []scap.Process
	fds    []scap.FDList
	users  []scap.User
	groups []scap.Group
	events []byte // concatenated raw events
	ts     uint64
	port   uint16
	tasks  map[int64]*Task
	err    error
}

// New returns an empty capture.
func New() *Capture {
	return &Capture{ts: StartTs, port: 40000, tasks: map[int64]*Task{}}
}

func (c *Capture) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// Err returns the first error recorded.
func (c *Capture) Err() error { return c.err }

// User adds an entry to the user list.
func (c *Capture) User(uid, gid uint32, name, home, shell string) {
	c.users = append(c.users, scap.User{UID: uid, GID: gid, Name: name, HomeDir: home, Shell: shell})
}

// Group adds an entry to the group list.
func (c *Capture) Group(gid uint32, name string) {
	c.groups = append(c.groups, scap.Group{GID: gid, Name: name})
}

// StdUsers declares root, daemon, www-data, nobody and a login user bob
// (uid 1000).
func (c *Capture) StdUsers() {
	c.User(0, 0, "root", "/root", "/bin/bash")
	c.User(1, 1, "daemon", "/usr/sbin", "/usr/sbin/nologin")
	c.User(33, 33, "www-data", "/var/www", "/usr/sbin/nologin")
	c.User(65534, 65534, "nobody", "/nonexistent", "/usr/sbin/nologin")
	c.User(1000, 1000, "bob", "/home/bob", "/bin/bash")
	c.Group(0, "root")
	c.Group(1000, "bob")
}

func (p *Proc) fill() {
	if p.Argv0 == "" {
		p.Argv0 = p.Exe
	}
	if p.Comm == "" {
		p.Comm = path.Base(p.Exe)
		if len(p.Comm) > 15 {
			p.Comm = p.Comm[:15] // the kernel's task name limit
		}
	}
	if p.Cwd == "" {
		p.Cwd = "/"
	}
	if p.Vpid == 0 {
		p.Vpid = p.Pid
	}
	if !p.NoLoginUID && p.LoginUID == 0 {
		p.LoginUID = p.UID
	}
	if p.NoLoginUID {
		p.LoginUID = ^uint32(0)
	}
}

func (p *Proc) cgroups() []string {
	if p.Cgroups != nil || p.Container == "" {
		return p.Cgroups
	}
	var out []string
	for _, sub := range []string{"cpuset", "cpu", "memory", "pids"} {
		out = append(out, sub+"=/docker/"+p.Container)
	}
	return out
}

// Process declares a process running when the capture starts and returns
// the Task that plays its syscalls.
func (c *Capture) Process(p Proc) *Task {
	p.fill()
	if _, dup := c.tasks[p.Pid]; dup {
		c.fail(fmt.Errorf("synth: process %d declared twice", p.Pid))
	}
	c.procs = append(c.procs, scap.Process{
		Tid: p.Pid, Pid: p.Pid, Ptid: p.Ppid, Sid: p.Pid, Vpgid: p.Pid,
		Comm: p.Comm, Exe: p.Argv0, ExePath: p.Exe, Args: p.Args, Cwd: p.Cwd,
		FDLimit: 1024, UID: p.UID, GID: p.GID, Env: p.Env, Vtid: p.Vpid, Vpid: p.Vpid,
		Cgroups: p.cgroups(), Root: "/", LoginUID: p.LoginUID, ExeWritable: p.ExeWritable,
	})
	t := &Task{c: c, p: p, nextFD: 3}
	c.tasks[p.Pid] = t
	return t
}

// FDs adds an fd-list block for a declared process (open files and
// sockets it holds when the capture starts).
func (c *Capture) FDs(pid int64, fds ...scap.FD) {
	c.fds = append(c.fds, scap.FDList{Tid: pid, FDs: fds})
}

// containerJSON mirrors the container event's JSON, as libsinsp writes it.
type containerJSON struct {
	Container struct {
		ID         string      `json:"id"`
		Type       int         `json:"type"` // 0: docker
		Name       string      `json:"name"`
		Image      string      `json:"image"`
		ImageRepo  string      `json:"imagerepo"`
		ImageTag   string      `json:"imagetag"`
		Privileged bool        `json:"privileged"`
		Mounts     []mountJSON `json:"Mounts"`
		Labels     struct{}    `json:"labels"`
		Env        []string    `json:"env"`
		Ports      []struct{}  `json:"port_mappings"`
	} `json:"container"`
}

type mountJSON struct {
	Source      string `json:"Source"`
	Destination string `json:"Destination"`
	Mode        string `json:"Mode"`
	RW          bool   `json:"RW"`
	Propagation string `json:"Propagation"`
}

// Container emits a container event describing ct, as the container
// runtime plugins do when a container starts.
func (c *Capture) Container(ct Container) {
	var j containerJSON
	id := ct.ID
	if len(id) > 12 {
		id = id[:12]
	}
	j.Container.ID = id
	j.Container.Name = ct.Name
	j.Container.Image = ct.Image
	repo, tag := ct.Image, "latest"
	if i := lastColon(ct.Image); i >= 0 {
		repo, tag = ct.Image[:i], ct.Image[i+1:]
	}
	j.Container.ImageRepo, j.Container.ImageTag = repo, tag
	j.Container.Privileged = ct.Privileged
	j.Container.Mounts = []mountJSON{}
	for _, m := range ct.Mounts {
		j.Container.Mounts = append(j.Container.Mounts, mountJSON{Source: m.Source, Destination: m.Dest, RW: m.RW, Propagation: "rprivate"})
	}
	j.Container.Env = []string{}
	j.Container.Ports = []struct{}{}
	b, err := json.Marshal(&j)
	if err != nil {
		c.fail(fmt.Errorf("synth: container %s: %w", id, err))
		return
	}
	// Container events come from no thread of the container; libsinsp
	// writes them with tid -1.
	c.emit(event.ContainerJson2E, -1, event.EncString(string(b)))
}

func lastColon(s string) int {
	for i := len(s) - 1; i >= 0 && s[i] != '/'; i-- {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}

// emit appends one event, checking its parameter count against the table.
func (c *Capture) emit(t event.Type, tid int64, params ...[]byte) {
	if c.err != nil {
		return
	}
	info := t.Info()
	if info == nil {
		c.fail(fmt.Errorf("synth: event type %d is not in the table", t))
		return
	}
	if len(params) != len(info.Params) {
		c.fail(fmt.Errorf("synth: %s (type %d) takes %d parameters, got %d", info.Name, t, len(info.Params), len(params)))
		return
	}
	raw, err := event.Build(c.events, t, c.ts, tid, params...)
	if err != nil {
		c.fail(fmt.Errorf("synth: %w", err))
		return
	}
	c.events = raw
	c.ts += 1000
}

// Bytes returns the capture: metadata blocks, then the events in order.
func (c *Capture) Bytes() ([]byte, error) {
	if c.err != nil {
		return nil, c.err
	}
	var buf bytes.Buffer
	w, err := scap.NewWriter(&buf)
	if err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	if err := w.WriteMachine(scap.MachineInfo{NumCPUs: 1, MemoryBytes: 1 << 30, Hostname: "synth"}); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	if len(c.users) > 0 {
		if err := w.WriteUsers(c.users); err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
	}
	if len(c.groups) > 0 {
		if err := w.WriteGroups(c.groups); err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
	}
	if len(c.procs) > 0 {
		if err := w.WriteProcesses(c.procs); err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
	}
	for _, l := range c.fds {
		if err := w.WriteFDList(l); err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
	}
	var ev event.Event
	for rest := c.events; len(rest) > 0; {
		if err := ev.Decode(rest); err != nil {
			return nil, fmt.Errorf("synth: own event: %w", err)
		}
		n := len(ev.Raw())
		if err := w.WriteEvent(0, 0, rest[:n]); err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
		rest = rest[n:]
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("synth: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteFile writes the capture to path.
func (c *Capture) WriteFile(path string) error {
	b, err := c.Bytes()
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	return nil
}
