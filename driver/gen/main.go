// Command gen writes driver/saker_events.h, the C view of the event table
// (engine/event) and of the device ABI (engine/live) that saker.ko needs: the
// event type numbers of the syscalls it decodes, each row's parameter types,
// the PPM_SC syscall codes by native syscall name, and the flag encodings.
// The Go tables stay the single source of truth; gen_test.go fails when the
// committed header is stale.
//
// Usage: go run ./driver/gen -o driver/saker_events.h
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/live"
)

// pairs are the syscalls the driver fills with their own layout: the C name
// used in SKR_EV_<name>_E/X and the syscall whose newest event pair is meant.
var pairs = []struct{ c, syscall string }{
	{"OPEN", "open"}, {"OPENAT", "openat"}, {"OPENAT2", "openat2"},
	{"CREAT", "creat"}, {"CLOSE", "close"}, {"READ", "read"},
	{"WRITE", "write"}, {"SOCKET", "socket"}, {"BIND", "bind"},
	{"CONNECT", "connect"}, {"ACCEPT", "accept"}, {"ACCEPT4", "accept4"},
	{"DUP", "dup"}, {"DUP2", "dup2"}, {"DUP3", "dup3"},
	{"UNLINK", "unlink"}, {"UNLINKAT", "unlinkat"}, {"MKDIR", "mkdir"},
	{"MKDIRAT", "mkdirat"}, {"RENAME", "rename"}, {"RENAMEAT", "renameat"},
	{"RENAMEAT2", "renameat2"}, {"SYMLINK", "symlink"},
	{"SYMLINKAT", "symlinkat"}, {"SETNS", "setns"}, {"PTRACE", "ptrace"},
	{"INIT_MODULE", "init_module"}, {"FINIT_MODULE", "finit_module"},
	{"MEMFD_CREATE", "memfd_create"}, {"SETUID", "setuid"},
	{"SETGID", "setgid"}, {"EXECVE", "execve"}, {"EXECVEAT", "execveat"},
	{"CLONE", "clone"}, {"FORK", "fork"}, {"VFORK", "vfork"},
	{"CLONE3", "clone3"}, {"LISTEN", "listen"}, {"SENDTO", "sendto"},
	{"RECVFROM", "recvfrom"}, {"PIPE", "pipe"}, {"PIPE2", "pipe2"},
	{"RMDIR", "rmdir"}, {"LINK", "link"}, {"LINKAT", "linkat"},
	{"CHMOD", "chmod"}, {"FCHMOD", "fchmod"}, {"FCHMODAT", "fchmodat"},
	{"CHOWN", "chown"}, {"FCHOWN", "fchown"}, {"FCHOWNAT", "fchownat"},
	{"LCHOWN", "lchown"}, {"SETRESUID", "setresuid"},
	{"SETRESGID", "setresgid"}, {"UNSHARE", "unshare"}, {"MOUNT", "mount"},
	{"UMOUNT2", "umount2"}, {"BPF", "bpf"}, {"KILL", "kill"},
	{"PRCTL", "prctl"},
}

// singles are events that are not a syscall's newest pair.
var singles = []struct {
	c string
	t event.Type
}{
	{"GENERIC_E", event.GenericE}, {"GENERIC_X", event.GenericX},
	{"PROCEXIT_E", event.Procexit1E},
}

// flagTables become SKR_<prefix><NAME> defines. conv marks tables whose
// names are also the kernel's macro names, so a converter can be generated.
var flagTables = []struct {
	prefix string
	strip  string
	names  []event.NameValue
	conv   string // "", "flags" or "enum"
	fn     string
}{
	{"O_", "O_", event.FileFlags, "", ""},
	{"CL_", "", event.CloneFlags, "flags", "skr_clone_flags"},
	{"MFD_", "MFD_", event.MemfdCreateFlags, "flags", "skr_memfd_flags"},
	{"RENAME_", "RENAME_", event.Renameat2Flags, "flags", "skr_renameat2_flags"},
	{"RESOLVE_", "RESOLVE_", event.Openat2Flags, "flags", "skr_openat2_resolve"},
	{"UNLINKAT_", "", event.UnlinkatFlags, "flags", "skr_unlinkat_flags"},
	{"FINIT_", "", event.FinitModuleFlags, "flags", "skr_finit_module_flags"},
	{"EXECVEAT_", "", event.ExecveatFlags, "", ""},
	{"EXE_", "EXE_", event.ExecveFlags, "", ""},
	{"PTRACE_", "PTRACE_", event.PtraceRequests, "enum", "skr_ptrace_request"},
	{"LINKAT_", "", event.LinkatFlags, "flags", "skr_linkat_flags"},
	// By hand: checkpatch wants octal modes, and the fchownat and umount
	// names are not the kernel's.
	{"S_", "S_", event.ChmodMode, "", ""},
	{"FCHOWNAT_", "", event.FchownatFlags, "", ""},
	{"MNT_", "", event.UmountFlags, "", ""},
}

// ptSize is the wire size of fixed-size parameter types; 0 means variable.
var ptSize = map[event.ParamType]int{
	event.PTInt8: 1, event.PTUint8: 1, event.PTFlags8: 1, event.PTEnumFlags8: 1,
	event.PTSigType: 1, event.PTL4Proto: 1, event.PTSockFamily: 1,
	event.PTInt16: 2, event.PTUint16: 2, event.PTFlags16: 2,
	event.PTEnumFlags16: 2, event.PTPort: 2, event.PTSyscallID: 2,
	event.PTInt32: 4, event.PTUint32: 4, event.PTFlags32: 4,
	event.PTEnumFlags32: 4, event.PTUID: 4, event.PTGID: 4, event.PTMode: 4,
	event.PTBool: 4, event.PTIPv4Addr: 4,
	event.PTInt64: 8, event.PTUint64: 8, event.PTErrno: 8, event.PTFD: 8,
	event.PTPid: 8, event.PTRelTime: 8, event.PTAbsTime: 8, event.PTDouble: 8,
}

// maxParams bounds the parameter count of any event the driver writes; the
// C table reserves this many slots per row.
const maxParams = 32

var ident = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

func main() {
	out := flag.String("o", "driver/saker_events.h", "output header")
	flag.Parse()
	b, err := generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type row struct {
	c string
	t event.Type
}

func generate() ([]byte, error) {
	var rows []row
	for _, p := range pairs {
		e, x, ok := event.SyscallEventTypes(p.syscall)
		if !ok {
			return nil, fmt.Errorf("syscall %s has no event pair in the table", p.syscall)
		}
		rows = append(rows, row{p.c + "_E", e}, row{p.c + "_X", x})
	}
	for _, s := range singles {
		rows = append(rows, row{s.c, s.t})
	}
	if event.NumTypes > live.FilterWords*64 {
		return nil, fmt.Errorf("%d event types do not fit the %d-bit filter", event.NumTypes, live.FilterWords*64)
	}

	var w bytes.Buffer
	p := func(format string, a ...any) { fmt.Fprintf(&w, format, a...) }
	p("/* SPDX-License-Identifier: GPL-2.0 */\n")
	p("/*\n * Generated by driver/gen from engine/event and engine/live. DO NOT EDIT.\n")
	p(" * Regenerate with: make -C driver header\n */\n")
	p("#ifndef SAKER_EVENTS_H\n#define SAKER_EVENTS_H\n\n")

	p("/* Device ABI (engine/live/abi.go). */\n")
	p("#define SAKER_ABI_VERSION %d\n", live.ABIVersion)
	p("#define SAKER_MAGIC 0x%08x\n", live.Magic)
	for _, c := range []struct {
		n string
		v int
	}{
		{"CTL_MAGIC", live.CtlMagic}, {"CTL_VERSION", live.CtlVersion},
		{"CTL_DATA_SIZE", live.CtlDataSize}, {"CTL_HEAD", live.CtlHead},
		{"CTL_TAIL", live.CtlTail}, {"CTL_EVENTS", live.CtlEvents},
		{"CTL_DROP_FULL", live.CtlDropFull}, {"CTL_FILTERED", live.CtlFiltered},
		{"CTL_NESTING", live.CtlNesting}, {"CTL_SIZE", live.CtlCtlSize},
		{"FILTER_WORDS", live.FilterWords}, {"MAX_SNAPLEN", live.MaxSnaplen},
		{"INFO_SIZE", live.InfoSize}, {"STATS_SIZE", live.StatsSize},
	} {
		p("#define SAKER_%s %d\n", c.n, c.v)
	}
	for _, c := range []struct {
		n string
		v uintptr
	}{
		{"INFO", live.IocInfo}, {"ENABLE", live.IocEnable},
		{"DISABLE", live.IocDisable}, {"SET_FILTER", live.IocSetFilter},
		{"SET_SNAPLEN", live.IocSetSnaplen}, {"IGNORE_TGID", live.IocIgnoreTgid},
		{"SET_WAKEUP", live.IocSetWakeup}, {"STATS", live.IocStats},
	} {
		p("#define SAKER_IOC_%s 0x%08xU\n", c.n, c.v)
	}

	p("\n/* Event types (engine/event/table.go). */\n")
	p("#define SKR_NUM_TYPES %d\n", event.NumTypes)
	p("#define SKR_MAX_PARAMS %d\n", maxParams)
	for _, r := range rows {
		p("#define SKR_EV_%s %d\n", r.c, r.t)
	}

	p("\nstruct skr_evinfo {\n\tunsigned char nparams;\n")
	p("\t/* wire size of each parameter, 0 when variable */\n")
	p("\tunsigned char psize[SKR_MAX_PARAMS];\n};\n\n")
	p("static const struct skr_evinfo skr_evinfo[SKR_NUM_TYPES] = {\n")
	for _, r := range rows {
		info := &event.Table[r.t]
		if info.Flags&event.FlagLargePayload != 0 {
			return nil, fmt.Errorf("%s (%d) has 32-bit parameter lengths, which the driver does not write", r.c, r.t)
		}
		if len(info.Params) > maxParams {
			return nil, fmt.Errorf("%s (%d) has %d parameters, more than %d", r.c, r.t, len(info.Params), maxParams)
		}
		p("\t[SKR_EV_%s] = { %d, {", r.c, len(info.Params))
		for i, pi := range info.Params {
			if i > 0 {
				p(",")
			}
			p(" %d", ptSize[pi.Type])
		}
		p(" } },\n")
	}
	p("};\n")

	p("\n/* PPM_SC syscall codes by native number (engine/event/syscalls.go). */\n")
	p("static const unsigned short skr_sc_code[] = {\n")
	for id := 1; id < event.NumSyscalls; id++ {
		n := event.SyscallName(uint16(id))
		if n == "" || !ident.MatchString(n) {
			continue
		}
		p("#ifdef __NR_%s\n\t[__NR_%s] = %d,\n#endif\n", n, n, id)
	}
	p("};\n")

	p("\n/* Flag and enum encodings (engine/event/names.go). */\n")
	for _, ft := range flagTables {
		seen := map[string]bool{}
		for _, nv := range ft.names {
			n := ft.prefix + strings.TrimPrefix(nv.Name, ft.strip)
			if seen[n] {
				continue
			}
			seen[n] = true
			p("#define SKR_%s 0x%x\n", n, nv.Value)
		}
	}
	for _, ft := range flagTables {
		switch ft.conv {
		case "flags":
			p("\nstatic inline u32 %s(u64 f)\n{\n\tu32 r = 0;\n\n", ft.fn)
			for _, nv := range ft.names {
				if nv.Value == 0 {
					continue
				}
				p("#ifdef %s\n\tif (f & %s)\n\t\tr |= 0x%x;\n#endif\n", nv.Name, nv.Name, nv.Value)
			}
			p("\treturn r;\n}\n")
		case "enum":
			p("\nstatic inline u32 %s(long v)\n{\n\tswitch (v) {\n", ft.fn)
			for _, nv := range ft.names {
				if nv.Value == 0 {
					continue
				}
				p("#ifdef %s\n\tcase %s:\n\t\treturn 0x%x;\n#endif\n", nv.Name, nv.Name, nv.Value)
			}
			p("\tdefault:\n\t\treturn 0;\n\t}\n}\n")
		}
	}
	p("\n#endif /* SAKER_EVENTS_H */\n")
	return w.Bytes(), nil
}
