// Package fields extracts Falco's event fields (evt.*, proc.*, thread.*, fd.*,
// user.*, group.*, container.*) from a decoded event and the state tracker,
// and renders them as sysdig and Falco print them.
//
// Fields are compiled once (Compile) into an Extractor; extraction writes into
// a caller-owned Value and a per-event scratch buffer in Ctx, so the hot path
// does not allocate. The registry is read-only after init and safe to share;
// a Ctx belongs to one goroutine.
package fields
