// Package synth writes small synthetic captures for tests: declare the
// processes, users and containers present when the capture starts, then
// play syscalls as a process would make them. Each call emits the enter and
// exit events of the newest event versions in engine/event's table, with
// the parameters the table lists, and the capture is written with the
// engine/scap writer, so Debian's sysdig 0.29 reads it too (event types
// newer than its table aside).
//
// A Capture and its Tasks belong to one goroutine. Methods record the first
// error and keep going as no-ops; Bytes and WriteFile report it, so a test
// reads as a script without an error check per line.
package synth
