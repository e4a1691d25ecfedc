package rules

import (
	"github.com/sakerhq/saker/engine/synth"
)

// world is the machine every scenario starts from: a host with an ssh
// session for bob (uid 1000) and one for root, a web server and a
// database, and a container runtime running an unprivileged nginx
// container. Scenarios add their own events on top.
type world struct {
	c     *synth.Capture
	sshd  *synth.Task
	bob   *synth.Task // bob's login shell, on a terminal
	root  *synth.Task // a root shell of an admin who logged in as bob
	cron  *synth.Task
	nginx *synth.Task // host web server worker
	mysql *synth.Task
	shim  *synth.Task // container runtime shim
	app   *synth.Task // the container's entrypoint
	ctr   string      // the container's id
	pid   int64
}

const tty = 34816 // /dev/pts/0

func newWorld() *world {
	c := synth.New()
	c.StdUsers()
	w := &world{c: c, pid: 5000, ctr: synth.ContainerID("app")}
	c.Process(synth.Proc{Pid: 1, Exe: "/usr/lib/systemd/systemd", Comm: "systemd", NoLoginUID: true})
	w.sshd = c.Process(synth.Proc{Pid: 500, Ppid: 1, Exe: "/usr/sbin/sshd", Args: []string{"-D"}, NoLoginUID: true})
	w.cron = c.Process(synth.Proc{Pid: 510, Ppid: 1, Exe: "/usr/sbin/cron", Args: []string{"-f"}, NoLoginUID: true})
	w.nginx = c.Process(synth.Proc{Pid: 520, Ppid: 1, Exe: "/usr/sbin/nginx", UID: 33, GID: 33, NoLoginUID: true})
	w.mysql = c.Process(synth.Proc{Pid: 530, Ppid: 1, Exe: "/usr/sbin/mysqld", UID: 27, GID: 27, NoLoginUID: true})
	w.bob = c.Process(synth.Proc{Pid: 600, Ppid: 500, Exe: "/usr/bin/bash", Argv0: "-bash", UID: 1000, GID: 1000,
		Cwd: "/home/bob", Tty: tty})
	w.root = c.Process(synth.Proc{Pid: 700, Ppid: 500, Exe: "/usr/bin/bash", UID: 0, LoginUID: 1000, Cwd: "/root", Tty: tty})
	w.shim = c.Process(synth.Proc{Pid: 900, Ppid: 1, Exe: "/usr/bin/containerd-shim-runc-v2", NoLoginUID: true})
	c.Container(synth.Container{ID: w.ctr, Name: "app", Image: "docker.io/library/nginx:1.25",
		Mounts: []synth.Mount{{Source: "/srv/www", Dest: "/usr/share/nginx/html"}}})
	w.app = c.Process(synth.Proc{Pid: 1000, Ppid: 900, Exe: "/usr/sbin/nginx", Container: w.ctr, Vpid: 1, NoLoginUID: true})
	return w
}

func (w *world) next() int64 {
	w.pid++
	return w.pid
}

// spawn starts exe with args under parent, with the parent's user,
// terminal and container.
func (w *world) spawn(parent *synth.Task, exe string, args ...string) *synth.Task {
	p := parent.Proc()
	return parent.Spawn(synth.Proc{Pid: w.next(), Exe: exe, Args: args, UID: p.UID, GID: p.GID,
		LoginUID: p.LoginUID, NoLoginUID: p.NoLoginUID, Tty: p.Tty, Container: p.Container, Cwd: p.Cwd})
}

// ctrShell is a shell in the app container, as `docker exec` starts one
// (with a terminal when tty is set).
func (w *world) ctrShell(withTTY bool) *synth.Task {
	var t uint32
	if withTTY {
		t = tty
	}
	return w.shim.Spawn(synth.Proc{Pid: w.next(), Exe: "/bin/sh", Container: w.ctr, Vpid: w.pid - 4000, Tty: t, NoLoginUID: true})
}

// startContainer announces a new container and starts its first process.
func (w *world) startContainer(name string, privileged bool, mounts ...synth.Mount) *synth.Task {
	id := synth.ContainerID(name)
	w.c.Container(synth.Container{ID: id, Name: name, Image: "docker.io/library/busybox:1.36", Privileged: privileged, Mounts: mounts})
	return w.shim.Spawn(synth.Proc{Pid: w.next(), Exe: "/bin/sleep", Args: []string{"infinity"}, Container: id, Vpid: 1, NoLoginUID: true})
}
