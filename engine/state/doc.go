// Package state rebuilds the system state that events alone do not carry:
// the thread table (process tree, exe, args, cwd, credentials, container), the
// per-process fd tables, and users and groups. It is seeded from the metadata
// blocks of a capture (or a /proc scan when live) and kept current by the
// state-changing events, so that field extraction can answer "which file is
// fd 3" or "who is the grandparent" for any event.
//
// A Table is owned by one goroutine: the one that feeds it events in order.
package state
