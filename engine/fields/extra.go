package fields

import (
	"strings"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/state"
)

// Fields the upstream Falco rules reference beyond the dump set. Where the
// state tracker does not record what a field needs, the field exists and
// has no value (<NA>), as in Falco when the information is missing.

func init() {
	register(
		// Networks: the address of one end, matched against a CIDR by the
		// rule compiler. fd.net is either end (see multi.go).
		Def{Name: "fd.net", Desc: "network of either endpoint (filter only, compare with a CIDR)", Kind: KindIP, fn: ipField(client)},
		Def{Name: "fd.cnet", Desc: "network of the client address (compare with a CIDR)", Kind: KindIP, fn: ipField(client)},
		Def{Name: "fd.snet", Desc: "network of the server address (compare with a CIDR)", Kind: KindIP, fn: ipField(server)},
		Def{Name: "fd.lnet", Desc: "network of the local address (compare with a CIDR)", Kind: KindIP, fn: ipField(local)},
		Def{Name: "fd.rnet", Desc: "network of the remote address (compare with a CIDR)", Kind: KindIP, fn: ipField(remote)},
		// Domain names come from a DNS cache that captures do not carry.
		Def{Name: "fd.cip.name", Desc: "domain name of the client address (needs a DNS cache; none in captures)", Kind: KindString, fn: noValue},
		Def{Name: "fd.sip.name", Desc: "domain name of the server address (needs a DNS cache; none in captures)", Kind: KindString, fn: noValue},
		Def{Name: "fd.lip.name", Desc: "domain name of the local address (needs a DNS cache; none in captures)", Kind: KindString, fn: noValue},
		Def{Name: "fd.rip.name", Desc: "domain name of the remote address (needs a DNS cache; none in captures)", Kind: KindString, fn: noValue},
		Def{Name: "fd.connected", Desc: "true for a socket with a known peer", Kind: KindBool, fn: fdField(func(c *Ctx, fd *state.FD, _ *Arg, v *Value) bool {
			switch fd.Type {
			case state.FDIPv4Sock, state.FDIPv6Sock:
				return v.setBool(fd.DIP.IsValid() && !fd.DIP.IsUnspecified() && fd.DPort != 0)
			case state.FDUnixSock:
				return v.setBool(fd.Name != "")
			}
			return v.setBool(false)
		})},
		// The tracker does not report renames of an fd by the event itself
		// (UDP tuples changing on sendto); false is the common case.
		Def{Name: "fd.name_changed", Desc: "true when the event changed the name of its fd (not tracked: false)", Kind: KindBool, fn: fdField(func(c *Ctx, _ *state.FD, _ *Arg, v *Value) bool { return v.setBool(false) })},
		Def{Name: "fd.uid", Desc: "thread id and fd number chained, unique per fd", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			if c.E == nil || c.E.FDNum < 0 || c.thread() == nil {
				return false
			}
			return v.setStr(c.build(func(d []byte) []byte {
				d = appendInt(d, c.Ev.Tid())
				return appendInt(d, c.E.FDNum)
			}))
		}},

		Def{Name: "proc.acmdline", Desc: "command line of the Nth ancestor", Kind: KindString, Arg: ArgOptional, fn: ancestorField(getCmdline)},
		Def{Name: "proc.pvpid", Desc: "parent process id as seen from its pid namespace", Kind: KindInt, fn: parentField(func(_ *Ctx, th *state.Thread, v *Value) bool { return v.setInt(th.Vpid) })},
		Def{Name: "proc.exeline", Desc: "argv[0] and arguments", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			return v.setStr(c.build(func(d []byte) []byte {
				d = append(d, th.Exe...)
				d = append(d, ' ')
				return appendJoined(d, th.Args, ' ')
			}))
		})},
		Def{Name: "proc.cmdnargs", Desc: "number of arguments", Kind: KindUint, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setUint(uint64(len(th.Args))) })},
		Def{Name: "proc.cmdlenargs", Desc: "total length of the arguments", Kind: KindUint, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			n := 0
			for _, a := range th.Args {
				n += len(a)
			}
			return v.setUint(uint64(n))
		})},
		Def{Name: "proc.duration", Desc: "nanoseconds since the process started", Kind: KindRelTime, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			if th.CloneTs == 0 {
				return false
			}
			v.Kind, v.U = KindRelTime, c.Ev.Ts()-th.CloneTs
			return true
		})},
		Def{Name: "proc.ppid.duration", Desc: "nanoseconds since the parent process started", Kind: KindRelTime, fn: parentField(func(c *Ctx, th *state.Thread, v *Value) bool {
			if th.CloneTs == 0 {
				return false
			}
			v.Kind, v.U = KindRelTime, c.Ev.Ts()-th.CloneTs
			return true
		})},
		Def{Name: "proc.pid.ts", Desc: "start of the process, nanoseconds since the epoch", Kind: KindRelTime, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			if th.CloneTs == 0 {
				return false
			}
			v.Kind, v.U = KindRelTime, th.CloneTs
			return true
		})},
		Def{Name: "proc.ppid.ts", Desc: "start of the parent process, nanoseconds since the epoch", Kind: KindRelTime, fn: parentField(func(c *Ctx, th *state.Thread, v *Value) bool {
			v.Kind, v.U = KindRelTime, th.CloneTs
			return true
		})},
		Def{Name: "proc.sid.exe", Desc: "argv[0] of the session leader", Kind: KindString, fn: leaderField(func(th *state.Thread) int64 { return th.Sid }, getExe)},
		Def{Name: "proc.sid.exepath", Desc: "executable path of the session leader", Kind: KindString, fn: leaderField(func(th *state.Thread) int64 { return th.Sid }, getExePath)},
		Def{Name: "proc.vpgid.name", Desc: "name of the process group leader", Kind: KindString, fn: leaderField(func(th *state.Thread) int64 { return th.Vpgid }, getName)},
		Def{Name: "proc.vpgid.exe", Desc: "argv[0] of the process group leader", Kind: KindString, fn: leaderField(func(th *state.Thread) int64 { return th.Vpgid }, getExe)},
		Def{Name: "proc.vpgid.exepath", Desc: "executable path of the process group leader", Kind: KindString, fn: leaderField(func(th *state.Thread) int64 { return th.Vpgid }, getExePath)},
		Def{Name: "proc.exe_ino", Desc: "inode of the executable", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			if th.ExeIno == 0 {
				return false
			}
			return v.setInt(int64(th.ExeIno))
		})},
		// The inode times are known on the execve exit that reports them.
		Def{Name: "proc.exe_ino.ctime", Desc: "status change time of the executable (execve exits)", Kind: KindAbsTime, fn: execTime("exe_ino_ctime")},
		Def{Name: "proc.exe_ino.mtime", Desc: "modification time of the executable (execve exits)", Kind: KindAbsTime, fn: execTime("exe_ino_mtime")},
		Def{Name: "proc.exe_ino.ctime_duration_proc_start", Desc: "nanoseconds from the executable's ctime to the process start (execve exits)", Kind: KindAbsTime, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			ct, ok := execParam(c, "exe_ino_ctime")
			if !ok || ct == 0 || th.CloneTs <= ct {
				return false
			}
			v.Kind, v.U = KindAbsTime, th.CloneTs-ct
			return true
		})},
		Def{Name: "proc.exe_ino.ctime_duration_pidns_start", Desc: "nanoseconds from the pid namespace start to the executable's ctime (execve exits)", Kind: KindAbsTime, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			ct, ok1 := execParam(c, "exe_ino_ctime")
			ns, ok2 := execParam(c, "pidns_init_start_ts")
			if !ok1 || !ok2 || ct == 0 || ns == 0 || ct <= ns {
				return false
			}
			v.Kind, v.U = KindAbsTime, ct-ns
			return true
		}},
		Def{Name: "proc.pidns_init_start_ts", Desc: "start of the pid namespace (clone and execve exits)", Kind: KindUint, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			ns, ok := execParam(c, "pidns_init_start_ts")
			return ok && ns != 0 && v.setUint(ns)
		}},
		Def{Name: "proc.is_container_healthcheck", Desc: "true for a container health check (not tracked: false)", Kind: KindBool, fn: threadField(falseValue)},
		Def{Name: "proc.is_container_liveness_probe", Desc: "true for a container liveness probe (not tracked: false)", Kind: KindBool, fn: threadField(falseValue)},
		Def{Name: "proc.is_container_readiness_probe", Desc: "true for a container readiness probe (not tracked: false)", Kind: KindBool, fn: threadField(falseValue)},

		Def{Name: "proc.fdopencount", Desc: "open fds of the process", Kind: KindUint, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			return v.setUint(uint64(th.FDs.Len()))
		})},

		// Capabilities are reported by execve exits; the tracker does not
		// keep them per thread yet, so other events have no value.
		Def{Name: "thread.cap_permitted", Desc: "permitted capabilities, space separated (execve exits)", Kind: KindString, fn: capField("cap_permitted")},
		Def{Name: "thread.cap_inheritable", Desc: "inheritable capabilities, space separated (execve exits)", Kind: KindString, fn: capField("cap_inheritable")},
		Def{Name: "thread.cap_effective", Desc: "effective capabilities, space separated (execve exits)", Kind: KindString, fn: capField("cap_effective")},
		Def{Name: "thread.cgroups", Desc: "all cgroups of the thread, space separated", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			if len(th.Cgroups) == 0 {
				return false
			}
			return v.setStr(c.build(func(d []byte) []byte { return appendJoined(d, th.Cgroups, ' ') }))
		})},
		Def{Name: "thread.cgroup", Desc: "cgroup of one subsystem: thread.cgroup.cpuacct", Kind: KindString, Arg: ArgRequired, Dotted: true, fn: threadField(func(c *Ctx, th *state.Thread, a *Arg, v *Value) bool {
			for _, cg := range th.Cgroups {
				if len(cg) > len(a.Key) && cg[len(a.Key)] == '=' && strings.HasPrefix(cg, a.Key) {
					return v.setStr(sb(cg[len(a.Key)+1:]))
				}
			}
			return false
		})},

		// Container metadata the tracker does not record.
		Def{Name: "container.start_ts", Desc: "container start, nanoseconds since the epoch (not recorded: <NA>)", Kind: KindAbsTime, fn: noValue},
		Def{Name: "container.duration", Desc: "nanoseconds since the container started (not recorded: <NA>)", Kind: KindRelTime, fn: noValue},
		Def{Name: "container.image.id", Desc: "container image id (not recorded: <NA>)", Kind: KindString, fn: noValue},
		Def{Name: "container.image.digest", Desc: "container image digest (not recorded: <NA>)", Kind: KindString, fn: noValue},
		Def{Name: "container.ip", Desc: "container IP address (not recorded: <NA>)", Kind: KindString, fn: noValue},
		Def{Name: "container.cni.json", Desc: "container CNI result (not recorded: <NA>)", Kind: KindString, fn: noValue},
		Def{Name: "container.label", Desc: "one container label (not recorded: <NA>)", Kind: KindString, Arg: ArgRequired, Dotted: true, fn: noValue},
		Def{Name: "container.labels", Desc: "container labels (not recorded: <NA>)", Kind: KindString, fn: noValue},
		Def{Name: "container.healthcheck", Desc: "container health check (not recorded: <NA>)", Kind: KindString, fn: noValue},
		Def{Name: "container.liveness_probe", Desc: "container liveness probe (not recorded: <NA>)", Kind: KindString, fn: noValue},
		Def{Name: "container.readiness_probe", Desc: "container readiness probe (not recorded: <NA>)", Kind: KindString, fn: noValue},

		Def{Name: "evt.is_async", Desc: "true for events not generated by a syscall", Kind: KindBool, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			info := c.Ev.Info()
			return v.setBool(info != nil && info.Category&event.CatSyscall == 0)
		}},
		Def{Name: "evt.latency", Desc: "nanoseconds between the enter and the exit of the call", Kind: KindRelTime, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			if c.Ev.Type().IsEnter() || c.E == nil || c.E.Enter == nil || c.E.Enter.Ts() > c.Ev.Ts() {
				return false
			}
			v.Kind, v.U = KindRelTime, c.Ev.Ts()-c.E.Enter.Ts()
			return true
		}},
	)
	for _, name := range k8sFields {
		d := Def{Name: name, Desc: "Kubernetes metadata (not in captures: <NA>)", Kind: KindString, fn: noValue}
		if strings.HasSuffix(name, ".label") {
			d.Arg, d.Dotted = ArgRequired, true
		}
		register(d)
	}
}

// k8sFields are Falco's Kubernetes fields. Falco reads them from container
// labels set by the kubelet or from a metadata plugin; captures carry
// neither, so they exist and have no value.
var k8sFields = []string{
	"k8s.pod.name", "k8s.pod.id", "k8s.pod.uid", "k8s.pod.sandbox_id", "k8s.pod.full_sandbox_id",
	"k8s.pod.label", "k8s.pod.labels", "k8s.pod.ip", "k8s.pod.cni.json",
	"k8s.rc.name", "k8s.rc.id", "k8s.rc.label", "k8s.rc.labels",
	"k8s.svc.name", "k8s.svc.id", "k8s.svc.label", "k8s.svc.labels",
	"k8s.ns.name", "k8s.ns.id", "k8s.ns.label", "k8s.ns.labels",
	"k8s.rs.name", "k8s.rs.id", "k8s.rs.label", "k8s.rs.labels",
	"k8s.deployment.name", "k8s.deployment.id", "k8s.deployment.label", "k8s.deployment.labels",
}

func noValue(*Ctx, *Arg, *Value) bool { return false }

func falseValue(_ *Ctx, _ *state.Thread, _ *Arg, v *Value) bool { return v.setBool(false) }

func appendInt(d []byte, n int64) []byte {
	var tmp [20]byte
	i := len(tmp)
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	for {
		i--
		tmp[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if neg {
		i--
		tmp[i] = '-'
	}
	return append(d, tmp[i:]...)
}

// leaderField finds the leader of the thread's session or process group:
// the process whose pid is the id, or else the eldest ancestor sharing it.
func leaderField(id func(*state.Thread) int64, get func(c *Ctx, th *state.Thread, v *Value) bool) ExtractFunc {
	return threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
		want := id(th)
		leader := th
		for a, i := th, 0; a != nil && i < maxAncestors; i++ {
			if a.Pid == want {
				return get(c, a, v)
			}
			if id(a) != want {
				break
			}
			leader = a
			a = c.ancestor(a, 1)
		}
		return get(c, leader, v)
	})
}

// execParam reads a numeric parameter of an execve/execveat exit (or of a
// clone exit for the namespace start).
func execParam(c *Ctx, name string) (uint64, bool) {
	if c.Ev.Type().IsEnter() {
		return 0, false
	}
	info := c.Ev.Info()
	if info == nil || info.Category&^(event.CatSyscall|event.CatTracepoint) != event.CatProcess {
		return 0, false
	}
	i := c.Ev.ParamIndex(name)
	if i < 0 || !c.Ev.Has(i) {
		return 0, false
	}
	return c.Ev.Uint(i)
}

func execTime(name string) ExtractFunc {
	return func(c *Ctx, _ *Arg, v *Value) bool {
		t, ok := execParam(c, name)
		if !ok || t == 0 {
			return false
		}
		v.Kind, v.U = KindAbsTime, t
		return true
	}
}

// capNames are the Linux capability names by bit number.
var capNames = [...]string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID",
	"CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW",
	"CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE",
	"CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
	"CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
	"CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON",
	"CAP_BPF", "CAP_CHECKPOINT_RESTORE",
}

// AppendCaps renders a capability mask as Falco does: names of the set
// bits, space separated.
func AppendCaps(d []byte, mask uint64) []byte {
	first := true
	for i, n := range capNames {
		if mask&(1<<uint(i)) == 0 {
			continue
		}
		if !first {
			d = append(d, ' ')
		}
		first = false
		d = append(d, n...)
	}
	return d
}

func capField(param string) ExtractFunc {
	return func(c *Ctx, _ *Arg, v *Value) bool {
		if c.thread() == nil {
			return false
		}
		t := c.Ev.Type()
		if t != event.SyscallExecve19X && t != event.SyscallExecveatX {
			return false
		}
		mask, ok := execParam(c, param)
		if !ok {
			return false
		}
		return v.setStr(c.build(func(d []byte) []byte { return AppendCaps(d, mask) }))
	}
}
