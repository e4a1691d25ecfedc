package fields

import (
	"strconv"
	"time"

	"github.com/sakerhq/saker/engine/event"
)

func init() {
	register(
		Def{Name: "evt.num", Desc: "event number, counted from 1 in stream order", Kind: KindUint, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setUint(c.Num) }},
		Def{Name: "evt.time", Desc: "event time as HH:MM:SS.nnnnnnnnn, local time zone", Kind: KindString, fn: evtTime("15:04:05", true)},
		Def{Name: "evt.time.s", Desc: "event time as HH:MM:SS, local time zone", Kind: KindString, fn: evtTime("15:04:05", false)},
		Def{Name: "evt.time.iso8601", Desc: "event time in ISO 8601 with nanoseconds and zone", Kind: KindString, fn: evtISO},
		Def{Name: "evt.datetime", Desc: "event date and time, local time zone", Kind: KindString, fn: evtTime("2006-01-02 15:04:05", true)},
		Def{Name: "evt.outputtime", Desc: "event time as sysdig prints it by default", Kind: KindString, fn: evtTime("15:04:05", true)},
		Def{Name: "evt.rawtime", Desc: "event time in nanoseconds since the epoch", Kind: KindAbsTime, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			v.Kind, v.U = KindAbsTime, c.Ev.Ts()
			return true
		}},
		Def{Name: "evt.rawtime.s", Desc: "seconds part of evt.rawtime", Kind: KindUint, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setUint(c.Ev.Ts() / 1e9) }},
		Def{Name: "evt.rawtime.ns", Desc: "nanoseconds part of evt.rawtime", Kind: KindUint, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setUint(c.Ev.Ts() % 1e9) }},
		Def{Name: "evt.reltime", Desc: "nanoseconds since the first event", Kind: KindRelTime, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			v.Kind, v.U = KindRelTime, c.Ev.Ts()-c.First
			return true
		}},
		Def{Name: "evt.type", Desc: "event type name, e.g. open", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setStr(sb(TypeName(c.Ev))) }},
		Def{Name: "evt.type.is", Desc: "true when the event type equals the argument", Kind: KindBool, Arg: ArgRequired, fn: func(c *Ctx, a *Arg, v *Value) bool { return v.setBool(TypeName(c.Ev) == a.Key) }},
		Def{Name: "evt.dir", Desc: "> for enter events, < for exit events", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			if c.Ev.Type().IsEnter() {
				return v.setStr(sb(">"))
			}
			return v.setStr(sb("<"))
		}},
		Def{Name: "evt.cpu", Desc: "CPU the event happened on", Kind: KindInt, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setInt(int64(c.CPU)) }},
		Def{Name: "evt.args", Desc: "all parameters as name=value pairs", Kind: KindString, fn: evtArgs},
		Def{Name: "evt.info", Desc: "all parameters as name=value pairs (as evt.args for syscalls)", Kind: KindString, fn: evtArgs},
		Def{Name: "evt.arg", Desc: "one parameter by name (evt.arg.fd) or index (evt.arg[0]), resolved", Kind: KindString, Arg: ArgRequired, Dotted: true, fn: evtArg, byParam: true},
		Def{Name: "evt.rawarg", Desc: "one parameter by name, unresolved, with its own type", Kind: KindString, Arg: ArgRequired, Dotted: true, fn: evtRawArg, byParam: true},
		Def{Name: "evt.res", Desc: "SUCCESS, or the error name of a failed call", Kind: KindString, fn: evtRes},
		Def{Name: "evt.rawres", Desc: "return value of the call as a number", Kind: KindInt, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			r, ok := result(c.Ev)
			return ok && v.setInt(r)
		}},
		Def{Name: "evt.failed", Desc: "true when the call returned an error", Kind: KindBool, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			r, ok := result(c.Ev)
			return v.setBool(ok && r < 0)
		}},
		Def{Name: "evt.is_io", Desc: "true for events that read or write an fd", Kind: KindBool, fn: flagField(event.FlagReadsFromFD | event.FlagWritesToFD)},
		Def{Name: "evt.is_io_read", Desc: "true for events that read from an fd", Kind: KindBool, fn: flagField(event.FlagReadsFromFD)},
		Def{Name: "evt.is_io_write", Desc: "true for events that write to an fd", Kind: KindBool, fn: flagField(event.FlagWritesToFD)},
		Def{Name: "evt.is_wait", Desc: "true for events that make the thread wait", Kind: KindBool, fn: flagField(event.FlagWaits)},
		Def{Name: "evt.is_open_read", Desc: "true for an open that asked for read access", Kind: KindBool, fn: openCheck(func(fl, _ uint32) bool { return fl&oRdonly != 0 })},
		Def{Name: "evt.is_open_write", Desc: "true for an open that asked for write access", Kind: KindBool, fn: openCheck(func(fl, _ uint32) bool { return fl&oWronly != 0 })},
		Def{Name: "evt.is_open_create", Desc: "true for an open that created the file", Kind: KindBool, fn: openCheck(func(fl, _ uint32) bool { return fl&oFCreated != 0 })},
		Def{Name: "evt.is_open_exec", Desc: "true for an open that created a file with an exec bit", Kind: KindBool, fn: openCheck(func(fl, mode uint32) bool {
			return fl&(oCreat|oTmpfile) != 0 && mode&(sIXUSR|sIXGRP|sIXOTH) != 0
		})},
		Def{Name: "evt.buflen", Desc: "bytes read or written by an I/O call", Kind: KindUint, fn: evtBuflen},
		Def{Name: "evt.buffer", Desc: "the data buffer of an I/O event", Kind: KindBytes, fn: func(c *Ctx, _ *Arg, v *Value) bool {
			i := dataParam.Of(c.Ev.Type())
			if i < 0 || !c.Ev.Has(i) {
				return false
			}
			v.Kind, v.B = KindBytes, c.Ev.Param(i)
			return true
		}},
		Def{Name: "evt.category", Desc: "event category, e.g. file, net, process", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setStr(sb(categoryName(c))) }},
		Def{Name: "evt.count", Desc: "1 for every event, for aggregations", Kind: KindUint, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setUint(1) }},
		Def{Name: "evt.source", Desc: "event source: syscall", Kind: KindString, fn: func(c *Ctx, _ *Arg, v *Value) bool { return v.setStr(sb("syscall")) }},
		Def{Name: "evt.abspath", Desc: "absolute path of the path argument of file events", Kind: KindString, fn: evtAbsPath},
	)
}

// PPM open flags and mode bits (the ABI's portable encoding, not the host's).
const (
	oRdonly   = 1 << 0
	oWronly   = 1 << 1
	oCreat    = 1 << 2
	oTmpfile  = 1 << 13
	oFCreated = 1 << 14
	sIXOTH    = 1 << 0
	sIXGRP    = 1 << 3
	sIXUSR    = 1 << 6
)

// TypeName is evt.type: the table name, or for generic events the name of the
// syscall they stand for.
func TypeName(ev *event.Event) string {
	t := ev.Type()
	if t == event.GenericE || t == event.GenericX {
		if id, ok := ev.Uint(0); ok {
			if n := event.SyscallName(uint16(id)); n != "" && id != 0 {
				return n
			}
		}
		return "<unknown>"
	}
	if info := ev.Info(); info != nil {
		return info.Name
	}
	return "unknown"
}

func evtTime(layout string, nanos bool) ExtractFunc {
	return func(c *Ctx, _ *Arg, v *Value) bool {
		ts := c.Ev.Ts()
		return v.setStr(c.build(func(d []byte) []byte {
			d = time.Unix(0, int64(ts)).AppendFormat(d, layout)
			if nanos {
				d = append(d, '.')
				d = appendPadded(d, ts%1e9, 9)
			}
			return d
		}))
	}
}

func appendPadded(d []byte, n uint64, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendUint(tmp[:0], n, 10)
	for i := len(s); i < width; i++ {
		d = append(d, '0')
	}
	return append(d, s...)
}

func evtISO(c *Ctx, _ *Arg, v *Value) bool {
	ts := c.Ev.Ts()
	return v.setStr(c.build(func(d []byte) []byte {
		t := time.Unix(0, int64(ts))
		d = t.AppendFormat(d, "2006-01-02T15:04:05")
		d = append(d, '.')
		d = appendPadded(d, ts%1e9, 9)
		return t.AppendFormat(d, "-0700")
	}))
}

func evtArgs(c *Ctx, _ *Arg, v *Value) bool {
	c.args = c.AppendArgs(c.args[:0])
	return v.setStr(c.args)
}

func evtArg(c *Ctx, a *Arg, v *Value) bool {
	i := argIndex(c.Ev, a)
	if i < 0 || i >= c.Ev.NumParams() {
		return false
	}
	raw, res := c.AppendParam(i)
	if len(res) > 0 {
		return v.setStr(res)
	}
	return v.setStr(raw)
}

func argIndex(ev *event.Event, a *Arg) int {
	if a.Index >= 0 && a.Key != "" && a.Key[0] >= '0' && a.Key[0] <= '9' {
		return a.Index
	}
	if a.params != nil {
		return a.params.Of(ev.Type())
	}
	return ev.ParamIndex(a.Key)
}

// evtRawArg gives a parameter its natural type so rules can compare numbers.
func evtRawArg(c *Ctx, a *Arg, v *Value) bool {
	i := argIndex(c.Ev, a)
	if i < 0 || !c.Ev.Has(i) {
		return false
	}
	info := c.Ev.Info()
	if info == nil || i >= len(info.Params) {
		return false
	}
	p := c.Ev.Param(i)
	switch info.Params[i].Type {
	case event.PTCharbuf, event.PTFSPath, event.PTFSRelPath:
		return v.setStr(cString(p))
	case event.PTBytebuf, event.PTSockaddr, event.PTSocktuple, event.PTFDList, event.PTDyn:
		v.Kind, v.B = KindBytes, p
		return true
	case event.PTInt8, event.PTInt16, event.PTInt32, event.PTInt64, event.PTFD, event.PTPid, event.PTErrno:
		s, _ := intOf(p)
		return v.setInt(s)
	}
	_, u := intOf(p)
	return v.setUint(u)
}

// result returns the call's return value: the res parameter, or the fd
// returned by calls that create one.
func result(ev *event.Event) (int64, bool) {
	if i := resultParam.Of(ev.Type()); i >= 0 {
		return ev.Int(i)
	}
	return 0, false
}

// Parameter tables for the names extractors read on every event.
var (
	dataParam  = event.NewParamTable("data")
	flagsParam = event.NewParamTable("flags")
	modeParam  = event.NewParamTable("mode")
	// resultParam is where result finds the return value: res, else the
	// fd of calls that create one; -1 for enter events.
	resultParam = func() *event.ParamTable {
		res, fd := event.NewParamTable("res"), event.NewParamTable("fd")
		for t := range res {
			switch {
			case event.Type(t).IsEnter():
				res[t] = -1
			case res[t] < 0 && event.Table[t].Flags&event.FlagCreatesFD != 0:
				res[t] = fd[t]
			}
		}
		return res
	}()
)

func evtRes(c *Ctx, _ *Arg, v *Value) bool {
	r, ok := result(c.Ev)
	if !ok {
		return false
	}
	if r >= 0 {
		return v.setStr(sb("SUCCESS"))
	}
	if n := event.ErrnoName(-r); n != "" {
		return v.setStr(sb(n))
	}
	return v.setStr(c.build(func(d []byte) []byte { return strconv.AppendInt(d, r, 10) }))
}

func flagField(f event.Flags) ExtractFunc {
	return func(c *Ctx, _ *Arg, v *Value) bool {
		info := c.Ev.Info()
		return v.setBool(info != nil && info.Flags&f != 0)
	}
}

// openCheck evaluates a predicate on the flags and mode of open-family exits.
func openCheck(pred func(flags, mode uint32) bool) ExtractFunc {
	return func(c *Ctx, _ *Arg, v *Value) bool {
		switch c.Ev.Type() {
		case event.SyscallOpenX, event.SyscallOpenatE, event.SyscallOpenatV2X, event.SyscallOpenat2X, event.SyscallOpenByHandleAtX:
		default:
			return v.setBool(false)
		}
		t := c.Ev.Type()
		fi, mi := flagsParam.Of(t), modeParam.Of(t)
		fl, _ := c.Ev.Uint(fi)
		mode, _ := c.Ev.Uint(mi)
		return v.setBool(pred(uint32(fl), uint32(mode)))
	}
}

func evtBuflen(c *Ctx, _ *Arg, v *Value) bool {
	info := c.Ev.Info()
	if info == nil || info.Category&event.CatIORead == 0 || c.E == nil || c.E.FD == nil || c.Ev.Type().IsEnter() {
		return false
	}
	r, ok := result(c.Ev)
	if !ok || r < 0 {
		return false
	}
	return v.setUint(uint64(r))
}

// evtAbsPath resolves the path argument of file events against cwd/dirfd.
func evtAbsPath(c *Ctx, _ *Arg, v *Value) bool {
	info := c.Ev.Info()
	if info == nil {
		return false
	}
	for _, name := range [...]string{"path", "name", "pathname", "filename", "newpath"} {
		i := c.Ev.ParamIndex(name)
		if i < 0 || !c.Ev.Has(i) {
			continue
		}
		pi := &info.Params[i]
		if pi.Type != event.PTFSPath && pi.Type != event.PTFSRelPath {
			continue
		}
		res := c.build(func(d []byte) []byte { return c.appendResolvedPath(d, i, pi, c.Ev.Str(i)) })
		if len(res) == 0 {
			return false
		}
		return v.setStr(res)
	}
	return false
}
