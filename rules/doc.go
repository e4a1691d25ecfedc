// Package rules holds saker's default rules file, saker_rules.yaml, and
// embeds it so that the binary runs it when no rules file is given.
//
// The file defines the macros and lists Falco rules commonly build on
// (open_write, spawned_process, container, sensitive_files, ...) with the
// meanings Falco users know, then the detections. Its tests play each
// detection, and a harmless look-alike, through the engine.
package rules
