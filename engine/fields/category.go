package fields

import (
	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/state"
)

// syscallCats holds the category of each PPM_SC syscall code, one letter per
// code in code order, as libscap's syscall info table of sysdig 0.29's era
// gives it. Generic events take their evt.category from it. Letters:
// O other, S system, P process, R io read, W io write, X io other, F file,
// N net, I IPC, M memory, L sleep, G signal, U user, T time, A wait.
const syscallCats = "OSPRWFFFFFFTFFFFPFOTFATFXIFFFXITMPXAPPIFXPPPSPPTTFFFPPSFFFFFPPFFSTTSOASSXSSMSSSPFSPFAFXRWPXMMMMPPPPLPPPLFAPGGGGGGFPPFPFUUUUUUUUFUUUUFUUUUPMMPFFFFFFFFFFFFGIPPPPXXXXXXAAAFPTTTTTTTTLGFIIIIIISASSSPPIIIFFFFFFFFFFFFAAPPPIIIPAFGTITTGIAXIIRWOOIPOFPINNNNNNNNNNNNNNNNNNIIIIIIIIIIFFFFPOGINFFFFFAGGGSFGPTFAFFPIGXXXXXXXXXXXXXXXSOOXXXFFFFSS"

func syscallCategory(id uint64) event.Category {
	if id >= uint64(len(syscallCats)) {
		return event.CatOther
	}
	switch syscallCats[id] {
	case 'S':
		return event.CatSystem
	case 'P':
		return event.CatProcess
	case 'R':
		return event.CatIORead
	case 'W':
		return event.CatIOWrite
	case 'X':
		return event.CatIOOther
	case 'F':
		return event.CatFile
	case 'N':
		return event.CatNet
	case 'I':
		return event.CatIPC
	case 'M':
		return event.CatMemory
	case 'L':
		return event.CatSleep
	case 'G':
		return event.CatSignal
	case 'U':
		return event.CatUser
	case 'T':
		return event.CatTime
	case 'A':
		return event.CatWait
	}
	return event.CatOther
}

// categoryName is evt.category as sysdig prints it. I/O categories are
// refined by the type of the fd the event uses ("unknown" without one).
func categoryName(c *Ctx) string {
	info := c.Ev.Info()
	if info == nil {
		return "unknown"
	}
	cat := info.Category &^ (event.CatSyscall | event.CatTracepoint | event.CatPlugin | event.CatMetaevent)
	if t := c.Ev.Type(); t == event.GenericE || t == event.GenericX {
		id, _ := c.Ev.Uint(0)
		cat = syscallCategory(id)
	}
	switch cat {
	case event.CatIORead, event.CatIOWrite, event.CatIOOther:
		var fd *state.FD
		if c.E != nil {
			fd = c.E.FD
		}
		if fd == nil {
			return "unknown"
		}
		switch fd.Type {
		case state.FDFile, state.FDDirectory:
			return "file"
		case state.FDIPv4Sock, state.FDIPv6Sock, state.FDIPv4Server, state.FDIPv6Server:
			return "net"
		case state.FDPipe, state.FDUnixSock, state.FDEvent, state.FDSignalfd, state.FDInotify:
			// The I/O subcategory is lower case, unlike the IPC category.
			return "ipc"
		case state.FDUnknown:
			return "unknown"
		}
		return "other"
	case event.CatUnknown:
		return "unknown"
	case event.CatOther:
		return "other"
	case event.CatFile:
		return "file"
	case event.CatNet:
		return "net"
	case event.CatIPC:
		return "IPC"
	case event.CatMemory:
		return "memory"
	case event.CatProcess:
		return "process"
	case event.CatSleep:
		return "sleep"
	case event.CatSystem:
		return "system"
	case event.CatSignal:
		return "signal"
	case event.CatUser:
		return "user"
	case event.CatTime:
		return "time"
	case event.CatProcessing:
		return "processing"
	case event.CatWait:
		return "wait"
	case event.CatScheduler:
		return "scheduler"
	case event.CatInternal:
		return "internal"
	}
	return "unknown"
}
