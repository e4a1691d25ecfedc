package fields

import (
	"net/netip"

	"github.com/sakerhq/saker/engine/state"
)

// Some field references stand for several values at once, and a condition
// on them holds when it holds for any of the values (Falco's semantics):
// proc.aname without an index matches any ancestor, fd.ip either endpoint.

// EachFunc calls yield for every value of a multi-valued field reference,
// filling v before each call, until a yield returns true. hit reports
// whether one did, some whether there was any value at all. yield receives
// the context so that callers can build it once, outside the event loop.
type EachFunc func(c *Ctx, a *Arg, v *Value, yield func(c *Ctx, v *Value) bool) (hit, some bool)

// Multi is how a field reference with several values is matched.
type Multi struct {
	Each EachFunc
	// NeAll makes != hold only when every value differs (fd.ip, fd.port,
	// fd.net: neither endpoint equals). Without it != holds when any value
	// differs, as Falco does for the ancestor fields.
	NeAll bool
}

// multis holds the fields with a multi-value form; filled at init, read-only after.
var multis = map[string]*Multi{}

// Multi returns how x matches several values, or nil when x stands for one.
// The ancestor fields are multi-valued only without an index.
func (x *Extractor) Multi() *Multi {
	m := multis[x.Def.Name]
	if m == nil {
		return nil
	}
	if x.Def.Arg != ArgNone && x.Arg.Set {
		return nil
	}
	return m
}

// Scratch appends to the per-event scratch buffer with f and returns the
// appended bytes, valid until the next event. Rule transformers use it.
func (c *Ctx) Scratch(f func([]byte) []byte) []byte { return c.build(f) }

// maxAncestors bounds the walk up the process tree, should the state ever
// hold a parent loop.
const maxAncestors = 256

// eachAncestor visits the ancestors of the event's thread, parent first.
func eachAncestor(get func(c *Ctx, th *state.Thread, v *Value) bool) EachFunc {
	return func(c *Ctx, _ *Arg, v *Value, yield func(*Ctx, *Value) bool) (hit, some bool) {
		th := c.thread()
		for i := 0; th != nil && i < maxAncestors; i++ {
			th = c.ancestor(th, 1)
			if th == nil {
				break
			}
			*v = Value{}
			if !get(c, th, v) {
				continue
			}
			some = true
			if yield(c, v) {
				return true, true
			}
		}
		return false, some
	}
}

// eachEndpoint visits the addresses or ports of both ends of an IP socket;
// a listening socket has only its own. As in libsinsp, an end not known yet
// counts as the zero address and port of the socket's family.
func eachEndpoint(set func(v *Value, ip netip.Addr, port uint16) bool) EachFunc {
	return func(c *Ctx, _ *Arg, v *Value, yield func(*Ctx, *Value) bool) (hit, some bool) {
		if c.E == nil || c.E.FD == nil {
			return false, false
		}
		fd := c.E.FD
		var zero netip.Addr
		switch fd.Type {
		case state.FDIPv4Server, state.FDIPv6Server:
			// The listening address may sit on either side of the tuple.
			ip, port := fd.DIP, fd.DPort
			if !ip.IsValid() || (port == 0 && fd.SPort != 0) {
				ip, port = fd.SIP, fd.SPort
			}
			*v = Value{}
			if !set(v, orZero(ip, fd.Type == state.FDIPv6Server), port) {
				return false, false
			}
			return yield(c, v), true
		case state.FDIPv4Sock:
			zero = netip.IPv4Unspecified()
		case state.FDIPv6Sock:
			zero = netip.IPv6Unspecified()
		default:
			return false, false
		}
		for _, end := range [2]struct {
			ip   netip.Addr
			port uint16
		}{{fd.SIP, fd.SPort}, {fd.DIP, fd.DPort}} {
			ip := end.ip
			if !ip.IsValid() {
				ip = zero
			}
			*v = Value{}
			if set(v, ip, end.port) {
				some = true
				if yield(c, v) {
					return true, true
				}
			}
		}
		return false, some
	}
}

func orZero(ip netip.Addr, v6 bool) netip.Addr {
	switch {
	case ip.IsValid():
		return ip
	case v6:
		return netip.IPv6Unspecified()
	}
	return netip.IPv4Unspecified()
}

func setIP(v *Value, ip netip.Addr, _ uint16) bool {
	if !ip.IsValid() {
		return false
	}
	v.Kind, v.IP = KindIP, ip
	return true
}

func setPort(v *Value, _ netip.Addr, port uint16) bool {
	v.Kind, v.U = KindPort, uint64(port)
	return true
}

func init() {
	multis["proc.aname"] = &Multi{Each: eachAncestor(getName)}
	multis["proc.apid"] = &Multi{Each: eachAncestor(getPid)}
	multis["proc.aexe"] = &Multi{Each: eachAncestor(getExe)}
	multis["proc.aexepath"] = &Multi{Each: eachAncestor(getExePath)}
	multis["proc.acmdline"] = &Multi{Each: eachAncestor(getCmdline)}
	multis["fd.ip"] = &Multi{Each: eachEndpoint(setIP), NeAll: true}
	multis["fd.net"] = &Multi{Each: eachEndpoint(setIP), NeAll: true}
	multis["fd.port"] = &Multi{Each: eachEndpoint(setPort), NeAll: true}
}
