package fields

import (
	"strings"

	"github.com/sakerhq/saker/engine/state"
)

// threadField wraps an extractor that needs the event's (known) thread.
func threadField(f func(c *Ctx, th *state.Thread, a *Arg, v *Value) bool) ExtractFunc {
	return func(c *Ctx, a *Arg, v *Value) bool {
		th := c.thread()
		if th == nil {
			return false
		}
		return f(c, th, a, v)
	}
}

// ancestor walks n parents up (n=0 is the thread itself).
func (c *Ctx) ancestor(th *state.Thread, n int) *state.Thread {
	for i := 0; i < n && th != nil; i++ {
		if c.St == nil {
			return nil
		}
		th = c.St.Parent(th)
	}
	return th
}

func appendCmdline(d []byte, th *state.Thread) []byte {
	d = append(d, th.Comm...)
	for _, a := range th.Args {
		d = append(d, ' ')
		d = append(d, a...)
	}
	return d
}

func appendJoined(d []byte, list []string, sep byte) []byte {
	for i, a := range list {
		if i > 0 {
			d = append(d, sep)
		}
		d = append(d, a...)
	}
	return d
}

// mainThread is the leader of th's process; ok is false when the tracker
// does not hold it (sysdig then makes up a placeholder: pid = the process
// id, name <NA>, parent -1).
func (c *Ctx) mainThread(th *state.Thread) (*state.Thread, bool) {
	if th.Tid == th.Pid {
		return th, true
	}
	if c.St == nil {
		return nil, false
	}
	mt := c.St.Thread(th.Pid)
	return mt, mt != nil
}

// ancestorField is proc.aname[n] and its kin: the nth ancestor of the
// process's main thread, through each thread's parent tid.
func ancestorField(get func(c *Ctx, th *state.Thread, v *Value) bool) ExtractFunc {
	return threadField(func(c *Ctx, th *state.Thread, a *Arg, v *Value) bool {
		n := 1
		if a.Set {
			if a.Index < 0 {
				return false
			}
			n = a.Index
		}
		mt, ok := c.mainThread(th)
		if !ok {
			if n > 0 {
				return false
			}
			ph := state.Thread{Tid: th.Pid, Pid: th.Pid, Ptid: -1, Comm: "<NA>", Exe: "<NA>"}
			return get(c, &ph, v)
		}
		anc := c.ancestor(mt, n)
		if anc == nil {
			return false
		}
		return get(c, anc, v)
	})
}

// parentField is proc.pname and its kin: the thread its own parent tid names.
func parentField(get func(c *Ctx, th *state.Thread, v *Value) bool) ExtractFunc {
	return threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
		if c.St == nil {
			return false
		}
		p := c.St.Thread(th.Ptid)
		if p == nil {
			return false
		}
		return get(c, p, v)
	})
}

func getName(_ *Ctx, th *state.Thread, v *Value) bool { return v.setStr(sb(th.Comm)) }
func getPid(_ *Ctx, th *state.Thread, v *Value) bool  { return v.setInt(th.Pid) }
func getExe(_ *Ctx, th *state.Thread, v *Value) bool  { return v.setStr(sb(th.Exe)) }
func getExePath(_ *Ctx, th *state.Thread, v *Value) bool {
	return v.setStr(sb(th.ExePath))
}
func getCmdline(c *Ctx, th *state.Thread, v *Value) bool {
	return v.setStr(c.build(func(d []byte) []byte { return appendCmdline(d, th) }))
}

func init() {
	register(
		Def{Name: "proc.pid", Desc: "process id", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return getPid(c, th, v) })},
		Def{Name: "proc.ppid", Desc: "parent process id", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			// The parent tid of the process's main thread.
			if mt, ok := c.mainThread(th); ok {
				return v.setInt(mt.Ptid)
			}
			return v.setInt(-1)
		})},
		Def{Name: "proc.vpid", Desc: "process id as seen from its pid namespace", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			return th.Vpid != -1 && v.setInt(th.Vpid)
		})},
		Def{Name: "proc.name", Desc: "process name (the task comm)", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return getName(c, th, v) })},
		Def{Name: "proc.exe", Desc: "first command-line argument (argv[0])", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return getExe(c, th, v) })},
		Def{Name: "proc.exepath", Desc: "full path of the executable", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return getExePath(c, th, v) })},
		Def{Name: "proc.cmdline", Desc: "name and arguments", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return getCmdline(c, th, v) })},
		Def{Name: "proc.args", Desc: "arguments, space separated", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			return v.setStr(c.build(func(d []byte) []byte { return appendJoined(d, th.Args, ' ') }))
		})},
		Def{Name: "proc.cwd", Desc: "current working directory", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setStr(sb(th.Cwd)) })},
		Def{Name: "proc.tty", Desc: "controlling terminal, 0 when none", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setInt(int64(th.Tty)) })},
		Def{Name: "proc.pname", Desc: "parent process name", Kind: KindString, fn: parentField(getName)},
		Def{Name: "proc.pcmdline", Desc: "parent name and arguments", Kind: KindString, fn: parentField(getCmdline)},
		Def{Name: "proc.pexe", Desc: "parent argv[0]", Kind: KindString, fn: parentField(getExe)},
		Def{Name: "proc.pexepath", Desc: "parent executable path", Kind: KindString, fn: parentField(getExePath)},
		Def{Name: "proc.aname", Desc: "name of the Nth ancestor (1 is the parent)", Kind: KindString, Arg: ArgOptional, fn: ancestorField(getName)},
		Def{Name: "proc.apid", Desc: "pid of the Nth ancestor", Kind: KindInt, Arg: ArgOptional, fn: ancestorField(getPid)},
		Def{Name: "proc.aexe", Desc: "argv[0] of the Nth ancestor", Kind: KindString, Arg: ArgOptional, fn: ancestorField(getExe)},
		Def{Name: "proc.aexepath", Desc: "executable path of the Nth ancestor", Kind: KindString, Arg: ArgOptional, fn: ancestorField(getExePath)},
		Def{Name: "proc.sid", Desc: "session id", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setInt(th.Sid) })},
		Def{Name: "proc.sname", Desc: "name of the session leader", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			if c.St == nil {
				return false
			}
			// The thread whose tid is the session id; when it is gone, the
			// eldest ancestor of the main thread still in the session.
			if s := c.St.Thread(th.Sid); s != nil {
				return v.setStr(sb(s.Comm))
			}
			mt, ok := c.mainThread(th)
			if !ok {
				return v.setStr(sb("<NA>"))
			}
			for p, i := c.St.Parent(mt), 0; p != nil && p.Sid == mt.Sid && i < maxAncestors; p, i = c.St.Parent(p), i+1 {
				mt = p
			}
			return v.setStr(sb(mt.Comm))
		})},
		Def{Name: "proc.vpgid", Desc: "process group id as seen from its pid namespace", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setInt(th.Vpgid) })},
		Def{Name: "proc.loginshellid", Desc: "pid of the outermost shell among the ancestors", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			mt, ok := c.mainThread(th)
			if !ok {
				return false
			}
			// A shell is a process whose name ends in "sh"; the eldest wins.
			var found int64 = -1
			for a, n := mt, 0; a != nil && n < maxAncestors; a, n = c.ancestor(a, 1), n+1 {
				if len(a.Comm) >= 2 && a.Comm[len(a.Comm)-2:] == "sh" {
					found = a.Pid
				}
			}
			if found < 0 {
				return false
			}
			return v.setInt(found)
		})},
		Def{Name: "proc.is_exe_writable", Desc: "true when the executable is writable by its user", Kind: KindBool, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setBool(th.ExeWritable) })},
		Def{Name: "proc.is_exe_upper_layer", Desc: "true when the executable is in an overlayfs upper layer", Kind: KindBool, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setBool(th.ExeUpperLayer) })},
		Def{Name: "proc.is_exe_from_memfd", Desc: "true when the executable is a memfd", Kind: KindBool, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setBool(th.ExeFromMemfd) })},
		Def{Name: "proc.is_sid_leader", Desc: "true when the process leads its session", Kind: KindBool, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setBool(th.Sid == th.Pid) })},
		Def{Name: "proc.is_vpgid_leader", Desc: "true when the process leads its process group", Kind: KindBool, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setBool(th.Vpgid == th.Vpid) })},
		Def{Name: "proc.nthreads", Desc: "number of live threads of the process", Kind: KindUint, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			if c.St == nil {
				return false
			}
			return v.setUint(uint64(c.St.NumThreads(th.Pid)))
		})},
		Def{Name: "proc.env", Desc: "environment (all, or one variable: proc.env[HOME])", Kind: KindString, Arg: ArgOptional, fn: threadField(func(c *Ctx, th *state.Thread, a *Arg, v *Value) bool {
			if !a.Set {
				return v.setStr(c.build(func(d []byte) []byte { return appendJoined(d, th.Env, ' ') }))
			}
			for _, e := range th.Env {
				if len(e) > len(a.Key) && e[len(a.Key)] == '=' && strings.HasPrefix(e, a.Key) {
					return v.setStr(sb(e[len(a.Key)+1:]))
				}
			}
			return false
		})},
		Def{Name: "proc.fdlimit", Desc: "maximum number of open fds", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setInt(th.FDLimit) })},
		Def{Name: "thread.tid", Desc: "thread id", Kind: KindInt, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setInt(c.Ev.Tid()) }},
		Def{Name: "thread.vtid", Desc: "thread id as seen from its pid namespace", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			return th.Vtid != -1 && v.setInt(th.Vtid)
		})},
		Def{Name: "thread.ismain", Desc: "true for the main thread of a process", Kind: KindBool, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setBool(th.Tid == th.Pid) })},
		Def{Name: "user.uid", Desc: "user id", Kind: KindUint, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setUint(uint64(th.UID)) })},
		Def{Name: "user.name", Desc: "user name", Kind: KindString, fn: userField(func(u *state.User) string { return u.Name })},
		Def{Name: "user.homedir", Desc: "user home directory", Kind: KindString, fn: userField(func(u *state.User) string { return u.HomeDir })},
		Def{Name: "user.shell", Desc: "user login shell", Kind: KindString, fn: userField(func(u *state.User) string { return u.Shell })},
		Def{Name: "user.loginuid", Desc: "audit login user id, -1 when unset", Kind: KindInt, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setInt(int64(int32(th.LoginUID))) })},
		Def{Name: "user.loginname", Desc: "name of the audit login user", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			if c.St == nil {
				return false
			}
			if u := c.St.User(th.LoginUID); u != nil {
				return v.setStr(sb(u.Name))
			}
			return false
		})},
		Def{Name: "group.gid", Desc: "group id", Kind: KindUint, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool { return v.setUint(uint64(th.GID)) })},
		Def{Name: "group.name", Desc: "group name", Kind: KindString, fn: threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
			if c.St == nil {
				return false
			}
			if g := c.St.Group(th.GID); g != nil {
				return v.setStr(sb(g.Name))
			}
			return false
		})},
	)
}

func userField(get func(u *state.User) string) ExtractFunc {
	return threadField(func(c *Ctx, th *state.Thread, _ *Arg, v *Value) bool {
		if c.St == nil {
			return false
		}
		if u := c.St.User(th.UID); u != nil {
			return v.setStr(sb(get(u)))
		}
		return false
	})
}
