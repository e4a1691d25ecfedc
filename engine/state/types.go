package state

import (
	"net/netip"
)

// FDType is the kind of object an fd refers to. The letters are the ones
// Falco's fd.typechar uses.
type FDType uint8

const (
	FDUnknown FDType = iota
	FDFile
	FDDirectory
	FDIPv4Sock
	FDIPv6Sock
	FDIPv4Server
	FDIPv6Server
	FDUnixSock
	FDPipe
	FDEvent
	FDSignalfd
	FDInotify
	FDTimerfd
	FDNetlink
	FDBPF
	FDUserfaultfd
	FDIOUring
	FDMemfd
	FDPidfd
	FDEventPoll
	FDUnsupported
)

// FD is one entry of a process's fd table.
type FD struct {
	Num  int64
	Type FDType
	// Name is the path for files, "sip:sport->dip:dport" for sockets, the
	// peer path for unix sockets: what Falco shows as fd.name.
	Name string
	// OpenFlags are the PPM_O_* flags the fd was opened with.
	OpenFlags uint32
	Dev       uint32
	Ino       uint64
	// L4Proto is the transport protocol of a socket: 1 TCP, 2 UDP, 3 ICMP,
	// 4 raw, 0 unknown (scap numbers fd lists from 2; they are converted).
	L4Proto uint8
	// Sockets: the local/remote or client/server endpoints as the capture
	// records them (source is the client side of a connection).
	SIP, DIP     netip.Addr
	SPort, DPort uint16
	// Server is true for listening or accepted sockets (we are the server).
	Server bool
	// Family is the socket family (PPM_AF_*), 0 for non-sockets.
	Family uint8
	// UnixSource and UnixDest are the kernel addresses of the two ends of a
	// unix socket, as the capture records them.
	UnixSource, UnixDest uint64

	role     uint8 // roleNone, roleClient or roleServer
	fromProc bool  // seeded from an fd list and not yet oriented
	pidfdPid int64 // for pidfds, the process the fd refers to
}

// Thread is one thread as seen by the state tracker. Process-wide data is
// duplicated in each thread, as the kernel reports it per task.
type Thread struct {
	Tid, Pid, Ptid int64
	Sid, Vpgid     int64
	Vtid, Vpid     int64
	Comm           string // task name (proc.name)
	Exe            string // argv[0] as the kernel reports it (proc.exe)
	ExePath        string // resolved executable path (proc.exepath)
	Args           []string
	Env            []string
	Cwd            string
	Root           string
	Cgroups        []string
	UID, GID       uint32
	LoginUID       uint32
	Tty            uint32
	FDLimit        int64
	CloneTs        uint64
	ExeIno         uint64
	ExeWritable    bool
	ExeUpperLayer  bool
	ExeFromMemfd   bool
	ContainerID    string
	// Flags are the PPM_CL_* clone flags of the creating clone.
	Flags uint32
	// FDs is shared by the threads of a process (CLONE_FILES).
	FDs *FDTable
	// Exited is set when the thread's procexit was seen; the entry is purged
	// after the event that reported the exit has been processed.
	Exited bool
	// Placeholder is set for a thread first seen through one of its own
	// events, with no process-list entry, clone or execve to describe it.
	// Like sysdig, such a thread has Pid = Tid, Ptid = -1, Comm and Exe
	// "<NA>" and all-ones ids until an execve or clone fills it in.
	Placeholder bool
	// Inverted is set when the thread was created from its own clone exit,
	// before (or without) the parent's: the parent's exit must not recreate it.
	Inverted bool

	// Tracker-private per-thread event state.
	lastFD   int64  // the fd of the last fd event (sysdig's m_lastevent_fd)
	lastType uint16 // type of the last enter event
	enterOK  bool   // enter holds the enter event matching the next exit
	enter    []byte // copy of the last enter event, buffer reused
	lastTs   uint64 // timestamp of the last event, for eviction
	pending  bool   // queued for removal after the current event
}

// User is an entry of the user list.
type User struct {
	UID         uint32
	GID         uint32
	Name        string
	HomeDir     string
	Shell       string
	ContainerID string
}

// Group is an entry of the group list.
type Group struct {
	GID         uint32
	Name        string
	ContainerID string
}

// Container is what the tracker knows of a container.
type Container struct {
	ID         string
	Type       string // docker, containerd, cri-o, podman, libvirt-lxc...
	Name       string
	Image      string
	ImageRepo  string
	ImageTag   string
	Privileged bool
	// Mounts are source:dest:mode:rw:propagation as the container event carries them.
	Mounts []Mount
}

// Mount is one container mount.
type Mount struct {
	Source, Dest, Mode string
	RW                 bool
	Propagation        string
}
