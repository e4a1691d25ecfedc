package fields

import (
	"strings"

	"github.com/sakerhq/saker/engine/event"
)

// Some fields are decided by the event type alone: evt.dir, evt.is_io, the
// fd fields of an event without an fd, evt.rawres of an enter event. The
// rule compiler folds them when it specialises a condition for one type.

// typedFunc fills v with the value every event of type t has, when the type
// decides it: ok reports that it does, has whether there is a value.
type typedFunc func(t event.Type, a *Arg, v *Value) (has, ok bool)

// ForType reports whether the type t alone decides the value of x. When ok,
// has says whether events of type t have a value and v holds it; v then is
// valid for as long as the program runs.
func (x *Extractor) ForType(t event.Type, v *Value) (has, ok bool) {
	*v = Value{}
	if int(t) >= event.NumTypes || x.Def.Name == "" {
		return false, false
	}
	if f := typed[x.Def.Name]; f != nil {
		return f(t, &x.Arg, v)
	}
	if strings.HasPrefix(x.Def.Name, "fd.") && x.Def.Name != "fd.uid" && !fdType(t) {
		// Every fd field but fd.uid needs an event that uses an fd.
		return false, true
	}
	return false, false
}

// fdType is the type half of Ctx.fdEvent.
func fdType(t event.Type) bool {
	return event.Table[t].Flags&(event.FlagCreatesFD|event.FlagUsesFD|event.FlagDestroysFD) != 0
}

func isGeneric(t event.Type) bool { return t == event.GenericE || t == event.GenericX }

func constBool(b bool) typedFunc {
	return func(_ event.Type, _ *Arg, v *Value) (bool, bool) { return v.setBool(b), true }
}

func typeFlag(f event.Flags) typedFunc {
	return func(t event.Type, _ *Arg, v *Value) (bool, bool) {
		return v.setBool(event.Table[t].Flags&f != 0), true
	}
}

// isOpen lists the types openCheck reads flags from.
func isOpen(t event.Type) bool {
	switch t {
	case event.SyscallOpenX, event.SyscallOpenatE, event.SyscallOpenatV2X, event.SyscallOpenat2X, event.SyscallOpenByHandleAtX:
		return true
	}
	return false
}

// noResult is true for types result never finds a return value in.
func noResult(t event.Type) bool { return resultParam.Of(t) < 0 }

// typed holds the fields the type decides for some types. Their values
// point at static strings, never at a per-event buffer.
var typed = map[string]typedFunc{
	"evt.type": func(t event.Type, _ *Arg, v *Value) (bool, bool) {
		if isGeneric(t) {
			return false, false // the name is the syscall's
		}
		name := "unknown"
		if info := t.Info(); info != nil {
			name = info.Name
		}
		return v.setStr(sb(name)), true
	},
	"evt.dir": func(t event.Type, _ *Arg, v *Value) (bool, bool) {
		if t.IsEnter() {
			return v.setStr(sb(">")), true
		}
		return v.setStr(sb("<")), true
	},
	"evt.is_io":       typeFlag(event.FlagReadsFromFD | event.FlagWritesToFD),
	"evt.is_io_read":  typeFlag(event.FlagReadsFromFD),
	"evt.is_io_write": typeFlag(event.FlagWritesToFD),
	"evt.is_wait":     typeFlag(event.FlagWaits),
	"evt.count": func(_ event.Type, _ *Arg, v *Value) (bool, bool) {
		return v.setUint(1), true
	},
	"evt.source": func(_ event.Type, _ *Arg, v *Value) (bool, bool) {
		return v.setStr(sb("syscall")), true
	},
	"evt.rawres": func(t event.Type, _ *Arg, _ *Value) (bool, bool) {
		return false, noResult(t)
	},
	"evt.res": func(t event.Type, _ *Arg, _ *Value) (bool, bool) {
		return false, noResult(t)
	},
	"evt.failed": func(t event.Type, a *Arg, v *Value) (bool, bool) {
		if noResult(t) {
			return constBool(false)(t, a, v)
		}
		return false, false
	},
	"evt.is_open_read":   openTyped,
	"evt.is_open_write":  openTyped,
	"evt.is_open_create": openTyped,
	"evt.is_open_exec":   openTyped,
	"evt.arg":            paramTyped,
	"evt.rawarg":         paramTyped,
}

func openTyped(t event.Type, a *Arg, v *Value) (bool, bool) {
	if isOpen(t) {
		return false, false
	}
	return constBool(false)(t, a, v)
}

// paramTyped: a parameter the type's row does not list has no value.
func paramTyped(t event.Type, a *Arg, _ *Value) (bool, bool) {
	if a.params == nil || (a.Key != "" && a.Key[0] >= '0' && a.Key[0] <= '9') {
		return false, false
	}
	return false, a.params.Of(t) < 0
}
