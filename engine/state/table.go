package state

import (
	"net/netip"

	"github.com/sakerhq/saker/engine/event"
	"github.com/sakerhq/saker/engine/scap"
)

// Options bounds the memory of a Table. Zero values take the defaults.
type Options struct {
	// MaxThreads caps the thread table; when full, the least recently
	// active of a few sampled threads is evicted.
	MaxThreads int
	// MaxFDsPerProcess caps each fd table; when full, one entry (a high
	// numbered one) is dropped to make room for the new fd. Missed closes
	// then cost accuracy, never memory.
	MaxFDsPerProcess int
}

// Defaults for Options.
const (
	DefaultMaxThreads       = 131072
	DefaultMaxFDsPerProcess = 65536
	maxUsers                = 65536
	maxContainers           = 8192
	// maxEnterEvent bounds the per-thread copy of the last enter event;
	// larger enter events (none exist in practice) are not kept. A copy
	// buffer that grew past keepEnterBuf is dropped once used, so that one
	// large event does not pin memory in every thread that saw one.
	maxEnterEvent = 64 << 10
	keepEnterBuf  = 1 << 10
	// cloneStaleNs: a thread entry made by a clone less than this long ago
	// is the one the current clone created, not a stale tid being reused.
	cloneStaleNs = 2_000_000_000
	// evictSample is how many threads are sampled to pick an eviction victim.
	evictSample = 8
)

// Stats counts what the tracker holds and what it had to drop.
type Stats struct {
	Events         uint64
	Threads        int
	FDs            int // open fds, each shared table counted once
	Users, Groups  int
	Containers     int
	EvictedThreads uint64 // threads dropped because the table was full
	EvictedFDs     uint64 // fds dropped because a process table was full
	PurgedThreads  uint64 // threads removed after their exit
	Placeholders   uint64 // threads created from an event of an unknown tid
	MissingEnter   uint64 // exit events whose enter event was not seen
	// BadContainerEvents counts container events whose JSON did not parse.
	BadContainerEvents uint64
}

// Table is the state tracker. It is not safe for concurrent use.
type Table struct {
	opts     Options
	threads  map[int64]*Thread
	nthreads map[int64]int32 // live threads per pid
	users    map[userKey]*User
	// hostUsers and hostGroups index the host's entries by number alone:
	// user.name is read for most events, and a string-keyed lookup would
	// hash the (empty) container id every time.
	hostUsers  map[uint32]*User
	hostGroups map[uint32]*Group
	groups     map[userKey]*Group
	containers map[string]*Container
	// serverPorts are the ports of listening sockets seen in fd lists, used
	// to orient the sockets of the same lists (libsinsp does the same).
	serverPorts map[uint16]struct{}
	seeded      bool // fd lists have been post-processed

	pending []*Thread // exited threads to purge before the next event

	ctx     EventCtx
	enterEv event.Event
	// container is the synthetic thread reported for container events, as
	// sysdig reports "container:<id>" for them.
	container Thread
	stats     Stats
	// scratch renders socket names, to compare before allocating; pathBuf
	// builds paths; nameBuf backs EventCtx.FDName.
	scratch, pathBuf, nameBuf []byte
	// Local interface addresses, to complete datagram sockets.
	if4 []iface4
	if6 [][16]byte
}

type userKey struct {
	container string
	id        uint32
}

// New returns an empty table.
func New(opts Options) *Table {
	if opts.MaxThreads <= 0 {
		opts.MaxThreads = DefaultMaxThreads
	}
	if opts.MaxFDsPerProcess <= 0 {
		opts.MaxFDsPerProcess = DefaultMaxFDsPerProcess
	}
	return &Table{
		opts:        opts,
		threads:     make(map[int64]*Thread),
		nthreads:    make(map[int64]int32),
		users:       make(map[userKey]*User),
		hostUsers:   make(map[uint32]*User),
		hostGroups:  make(map[uint32]*Group),
		groups:      make(map[userKey]*Group),
		containers:  make(map[string]*Container),
		serverPorts: make(map[uint16]struct{}),
	}
}

// Thread returns the thread with the given tid, or nil.
func (t *Table) Thread(tid int64) *Thread { return t.threads[tid] }

// Parent returns th's parent thread, or nil.
func (t *Table) Parent(th *Thread) *Thread {
	if th == nil || th.Ptid == th.Tid {
		return nil
	}
	return t.threads[th.Ptid]
}

// Leader returns the main thread of th's process (th itself for a leader),
// or nil when it is not in the table.
func (t *Table) Leader(th *Thread) *Thread {
	if th == nil {
		return nil
	}
	if th.Tid == th.Pid {
		return th
	}
	return t.threads[th.Pid]
}

// NumThreads returns how many threads of process pid the table holds.
func (t *Table) NumThreads(pid int64) int { return int(t.nthreads[pid]) }

// User returns the host user with the given uid, or nil.
func (t *Table) User(uid uint32) *User { return t.hostUsers[uid] }

// UserIn returns the user of a container ("" for the host), or nil.
func (t *Table) UserIn(containerID string, uid uint32) *User {
	return t.users[userKey{container: containerID, id: uid}]
}

// Group returns the host group with the given gid, or nil.
func (t *Table) Group(gid uint32) *Group { return t.hostGroups[gid] }

// GroupIn returns the group of a container ("" for the host), or nil.
func (t *Table) GroupIn(containerID string, gid uint32) *Group {
	return t.groups[userKey{container: containerID, id: gid}]
}

// Container returns what is known of a container, or nil.
func (t *Table) Container(id string) *Container { return t.containers[id] }

// Range calls fn for every thread until it returns false. The order is
// unspecified.
func (t *Table) Range(fn func(*Thread) bool) {
	for _, th := range t.threads {
		if !fn(th) {
			return
		}
	}
}

// Stats returns the current counters.
func (t *Table) Stats() Stats {
	s := t.stats
	s.Threads = len(t.threads)
	s.Users = len(t.users)
	s.Groups = len(t.groups)
	s.Containers = len(t.containers)
	seen := make(map[*FDTable]struct{})
	for _, th := range t.threads {
		if th.FDs == nil {
			continue
		}
		if _, ok := seen[th.FDs]; ok {
			continue
		}
		seen[th.FDs] = struct{}{}
		s.FDs += th.FDs.Len()
	}
	return s
}

// AddProcess seeds the table with one entry of a capture's process list.
func (t *Table) AddProcess(p *scap.Process) {
	if p == nil {
		return
	}
	th := &Thread{
		Tid: p.Tid, Pid: p.Pid, Ptid: p.Ptid,
		Sid: p.Sid, Vpgid: p.Vpgid, Vtid: p.Vtid, Vpid: p.Vpid,
		Comm: p.Comm, Exe: p.Exe, ExePath: p.ExePath,
		Args: p.Args, Root: p.Root, Cgroups: p.Cgroups,
		UID: p.UID, GID: p.GID, LoginUID: p.LoginUID, Tty: p.Tty,
		FDLimit: p.FDLimit, ExeIno: p.ExeIno,
		ExeWritable: p.ExeWritable, ExeUpperLayer: p.ExeUpperLayer, ExeFromMemfd: p.ExeFromMemfd,
		Flags: p.Flags,
		// lastFD starts at 0, not -1, as in sysdig: an exit event seen
		// without its enter reports fd 0 until the thread has an fd event.
		lastFD: 0,
	}
	if th.Tid == th.Pid {
		// Process-wide data comes from the leader's entry, as /proc shows it.
		th.Env = trimEmptyTail(p.Env)
		th.Cwd = dirPath(p.Cwd)
		th.FDs = newFDTable()
	} else if lead := t.threads[th.Pid]; lead != nil {
		th.Cwd, th.Env, th.FDs = lead.Cwd, lead.Env, lead.FDs
	} else {
		th.Cwd = dirPath(p.Cwd)
		th.Env = trimEmptyTail(p.Env)
		th.FDs = newFDTable()
	}
	th.ContainerID, _ = t.containerOf(th.Cgroups)
	adopt := th.Tid == th.Pid && t.nthreads[th.Pid] > 0 && t.threads[th.Tid] == nil
	t.insert(th)
	if adopt {
		// Threads listed before their leader got tables of their own:
		// they share the leader's.
		for _, o := range t.threads {
			if o.Pid == th.Pid && o != th {
				o.FDs, o.Cwd, o.Env = th.FDs, th.Cwd, th.Env
			}
		}
	}
}

// AddFDs seeds the fd table of a thread from a capture's fd list.
func (t *Table) AddFDs(l *scap.FDList) {
	if l == nil {
		return
	}
	th := t.threads[l.Tid]
	if th == nil {
		return
	}
	if th.FDs == nil {
		th.FDs = newFDTable()
	}
	for i := range l.FDs {
		fd := fdFromScap(&l.FDs[i])
		if fd == nil {
			continue
		}
		if fd.Type == FDIPv4Server || fd.Type == FDIPv6Server {
			t.serverPorts[fd.SPort] = struct{}{}
		}
		t.setFD(th, fd)
	}
	t.seeded = false
}

// AddUser records an entry of a capture's user list.
func (t *Table) AddUser(u *scap.User) {
	if u == nil {
		return
	}
	t.putUser(&User{UID: u.UID, GID: u.GID, Name: u.Name, HomeDir: u.HomeDir, Shell: u.Shell})
}

// AddGroup records an entry of a capture's group list.
func (t *Table) AddGroup(g *scap.Group) {
	if g == nil {
		return
	}
	t.putGroup(&Group{GID: g.GID, Name: g.Name})
}

func (t *Table) putUser(u *User) {
	k := userKey{container: u.ContainerID, id: u.UID}
	if _, ok := t.users[k]; !ok && len(t.users) >= maxUsers {
		return
	}
	t.users[k] = u
	if u.ContainerID == "" {
		t.hostUsers[u.UID] = u
	}
}

func (t *Table) putGroup(g *Group) {
	k := userKey{container: g.ContainerID, id: g.GID}
	if _, ok := t.groups[k]; !ok && len(t.groups) >= maxUsers {
		return
	}
	t.groups[k] = g
	if g.ContainerID == "" {
		t.hostGroups[g.GID] = g
	}
}

// insert adds th, replacing any thread with the same tid and evicting one
// when the table is full.
func (t *Table) insert(th *Thread) {
	if old := t.threads[th.Tid]; old != nil {
		t.remove(old)
	} else if len(t.threads) >= t.opts.MaxThreads {
		t.evictThread()
	}
	if th.FDs == nil {
		th.FDs = newFDTable()
	}
	t.threads[th.Tid] = th
	t.nthreads[th.Pid]++
}

// remove deletes th from the table if it is still the entry for its tid.
func (t *Table) remove(th *Thread) {
	if t.threads[th.Tid] != th {
		return
	}
	delete(t.threads, th.Tid)
	if n := t.nthreads[th.Pid] - 1; n > 0 {
		t.nthreads[th.Pid] = n
	} else {
		delete(t.nthreads, th.Pid)
	}
}

// setPid moves th to another thread group, keeping the counts right.
func (t *Table) setPid(th *Thread, pid int64) {
	if th.Pid == pid {
		return
	}
	if t.threads[th.Tid] == th {
		if n := t.nthreads[th.Pid] - 1; n > 0 {
			t.nthreads[th.Pid] = n
		} else {
			delete(t.nthreads, th.Pid)
		}
		t.nthreads[pid]++
	}
	th.Pid = pid
}

// evictThread drops the least recently active of a few threads. Map
// iteration starts at a random point, which makes the sample random.
func (t *Table) evictThread() {
	var victim *Thread
	n := 0
	for _, th := range t.threads {
		if victim == nil || th.lastTs < victim.lastTs {
			victim = th
		}
		if n++; n >= evictSample {
			break
		}
	}
	if victim != nil {
		t.remove(victim)
		t.stats.EvictedThreads++
	}
}

// placeholder creates the entry sysdig makes for a tid it has never heard
// of, so that the fds it opens from now on are tracked.
func (t *Table) placeholder(tid int64) *Thread {
	th := &Thread{
		Tid: tid, Pid: tid, Ptid: -1,
		Sid: -1, Vpgid: -1, Vtid: -1, Vpid: -1,
		Comm: "<NA>", Exe: "<NA>",
		UID: ^uint32(0), GID: ^uint32(0), LoginUID: ^uint32(0),
		FDLimit:     -1,
		Placeholder: true,
		FDs:         newFDTable(),
	}
	t.insert(th)
	t.stats.Placeholders++
	return th
}

// getOrCreate returns the thread for tid, making a placeholder if needed.
func (t *Table) getOrCreate(tid int64) *Thread {
	if th := t.threads[tid]; th != nil {
		return th
	}
	return t.placeholder(tid)
}

// invalid reports what libsinsp calls an invalid thread: one whose identity
// is not fully known, so it cannot be trusted as a source for its children.
func invalid(th *Thread) bool { return th.Tid < 0 || th.Pid < 0 || th.Ptid < 0 }

// setFD adds fd to th's table, enforcing the per-process cap.
func (t *Table) setFD(th *Thread, fd *FD) {
	tab := th.FDs
	if tab == nil {
		tab = newFDTable()
		th.FDs = tab
	}
	if tab.Len() >= t.opts.MaxFDsPerProcess && tab.Get(fd.Num) == nil {
		t.evictFD(tab)
	}
	tab.set(fd)
}

func (t *Table) evictFD(tab *FDTable) {
	var num int64 = -1
	for k := range tab.high {
		num = k
		break
	}
	if num < 0 {
		for i := len(tab.low) - 1; i >= 0; i-- {
			if tab.low[i] != nil {
				num = int64(i)
				break
			}
		}
	}
	if num >= 0 {
		tab.remove(num)
		t.stats.EvictedFDs++
	}
}

// seal finishes seeding once the metadata blocks are read: sockets from
// the fd lists get their unknown end from the interface list, and those
// whose local port is a listening port of the capture are turned around
// (we are their server), as libsinsp does once the whole list is loaded.
func (t *Table) seal() {
	t.seeded = true
	done := make(map[*FDTable]struct{})
	for _, th := range t.threads {
		if th.FDs == nil {
			continue
		}
		if _, ok := done[th.FDs]; ok {
			continue
		}
		done[th.FDs] = struct{}{}
		th.FDs.Range(func(fd *FD) bool {
			if fd.Type != FDIPv4Sock || !fd.fromProc {
				return true
			}
			fd.fromProc = false
			t.completeEnds(fd)
			if _, ok := t.serverPorts[fd.SPort]; ok {
				swapEnds(fd)
				fd.setRole(roleServer)
			} else {
				fd.setRole(roleClient)
			}
			fd.Name = inetTupleName(fd)
			return true
		})
	}
}

// iface4 is an IPv4 address of a local interface, as big-endian integers.
type iface4 struct{ addr, mask uint32 }

// AddInterfaces records the network interfaces of a capture, which complete
// datagram sockets whose local address the events leave unset.
func (t *Table) AddInterfaces(l *scap.Interfaces) {
	if l == nil {
		return
	}
	for _, i := range l.V4 {
		if i.Addr.Is4() {
			t.if4 = append(t.if4, iface4{addr: be32(i.Addr), mask: be32(i.Netmask)})
		}
	}
	for _, i := range l.V6 {
		if i.Addr.Is6() {
			t.if6 = append(t.if6, i.Addr.As16())
		}
	}
}

func be32(a netip.Addr) uint32 {
	if !a.Is4() {
		return 0
	}
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// local4 guesses the local address used to reach dst: an interface with
// that address, else one on the same subnet, else the first that is not
// loopback (libsinsp's inference).
func (t *Table) local4(dst uint32) uint32 {
	for _, i := range t.if4 {
		if i.addr == dst {
			return i.addr
		}
	}
	for _, i := range t.if4 {
		if i.addr&i.mask == dst&i.mask {
			return i.addr
		}
	}
	for _, i := range t.if4 {
		if i.addr != 0x7f000001 {
			return i.addr
		}
	}
	return 0
}

func (t *Table) local6(dst [16]byte) [16]byte {
	for _, a := range t.if6 {
		if a == dst {
			return a
		}
	}
	for _, a := range t.if6 {
		if [8]byte(a[:8]) == [8]byte(dst[:8]) {
			return a
		}
	}
	loop := netip.IPv6Loopback().As16()
	for _, a := range t.if6 {
		if a != loop {
			return a
		}
	}
	return [16]byte{}
}

// completeEnds fills the unknown end of a datagram socket with a local
// interface address, as sysdig does, so both ends print.
func (t *Table) completeEnds(fd *FD) {
	switch fd.Type {
	case FDIPv4Sock:
		if fd.SIP.Is6() || fd.DIP.Is6() {
			return
		}
		s, d := be32(addrOr(fd.SIP, false)), be32(addrOr(fd.DIP, false))
		if s != 0 && d != 0 {
			return
		}
		if s == 0 {
			n := t.local4(d)
			if n == d && fd.SPort == fd.DPort {
				return
			}
			fd.SIP = from32(n)
		} else {
			n := t.local4(s)
			if n == s && fd.SPort == fd.DPort {
				return
			}
			fd.DIP = from32(n)
		}
	case FDIPv6Sock:
		s, d := addrOr(fd.SIP, true).As16(), addrOr(fd.DIP, true).As16()
		var zero [16]byte
		if s != zero && d != zero {
			return
		}
		if s == zero {
			n := t.local6(d)
			if n == d && fd.SPort == fd.DPort {
				return
			}
			fd.SIP = netip.AddrFrom16(n)
		} else {
			n := t.local6(s)
			if n == s && fd.SPort == fd.DPort {
				return
			}
			fd.DIP = netip.AddrFrom16(n)
		}
	}
}

func from32(v uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)})
}

// IsLocalAddr reports whether a belongs to this machine by sysdig's test
// for which end of a socket is local: an IPv4 address of one of the
// capture's interfaces, or an IPv6 address in the /64 of one (so :: and
// ::1 match a loopback interface).
func (t *Table) IsLocalAddr(a netip.Addr) bool {
	if a.Is4() {
		v := be32(a)
		for _, i := range t.if4 {
			if i.addr == v {
				return true
			}
		}
		return false
	}
	if !a.Is6() {
		return false
	}
	b := a.As16()
	for _, i := range t.if6 {
		if [8]byte(i[:8]) == [8]byte(b[:8]) {
			return true
		}
	}
	return false
}

// trimEmptyTail drops the empty strings ending a list: an environment
// padded with zeros, as strList treats event parameters.
func trimEmptyTail(l []string) []string {
	n := len(l)
	for n > 0 && l[n-1] == "" {
		n--
	}
	if n == 0 {
		return nil
	}
	return l[:n]
}
