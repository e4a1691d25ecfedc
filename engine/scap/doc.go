// Package scap reads and writes scap capture files, the format libscap,
// Falco and sysdig use to save system events together with a snapshot of
// the machine: section header, machine info, interface, user and process
// lists, per-thread fd lists, then event blocks.
//
// Reading is streaming: a Reader holds at most one block in memory (a
// process list is one block, events are one block each) and hands out one
// Record per call to Next, in file order. Every block version libscap has
// ever written is understood, from the pre-release 0x8000ABCD family to the
// large event blocks; gzip-compressed captures are detected by their magic
// bytes. Old event blocks without a parameter count are converted in place
// to the current 26-byte header. Unknown block types are skipped and
// reported once each through Warnings. Malformed input yields a
// *FormatError naming the file, the byte offset in the decompressed stream
// and the block; the reader never trusts a length enough to allocate it up
// front.
//
// Event records are zero-copy: Record.Event points into the reader's
// buffer and, like the Record itself, is only valid until the next call to
// Next. Metadata (Process, FDList, User, ...) is allocated per record and
// may be kept.
//
// The Writer produces captures in the block versions Debian's sysdig 0.29
// (libs of early 2022) writes and reads, so files written here open in
// that sysdig and in every later libscap.
//
// Neither a Reader nor a Writer is safe for concurrent use; give each
// goroutine its own, or serialise calls.
package scap
