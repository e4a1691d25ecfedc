// Package compile turns a parsed Falco condition into a Filter: a tree of
// closures over compiled field extractors, with every operand parsed, every
// list hashed and every regular expression built once, at compile time.
//
// Matching follows libsinsp: a field without a value fails every check
// (not even != holds), multi-valued fields (proc.aname without an index,
// fd.ip, fd.port, fd.net) match when any value does, numeric fields compare
// as numbers, IP fields compare against addresses and CIDR networks.
//
// A Filter is immutable and safe to share between goroutines; Match
// allocates nothing, using the Ctx's scratch values and buffer, so one Ctx
// must not be matched by two goroutines at once. EventTypes reports the
// event types a condition can match, by Falco's analysis of evt.type
// checks, so that an engine runs a rule only on those events.
package compile
