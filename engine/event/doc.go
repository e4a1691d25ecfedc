// Package event holds the scap event table (one row per event type, the single
// source of truth for the kernel/userspace ABI) and a zero-copy view over a raw
// event as the driver and capture files lay it out.
//
// The table is read-only after init and safe for concurrent use. An Event view
// is a value over a caller-owned buffer and must not outlive that buffer.
package event
