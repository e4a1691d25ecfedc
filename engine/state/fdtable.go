package state

// denseFDs is how many low fd numbers live in a slice rather than the map:
// nearly every fd a process uses is small, and a slice lookup neither hashes
// nor allocates.
const denseFDs = 256

// FDTable is the fd table of one process. Threads created with CLONE_THREAD
// share their leader's table; forked processes get a copy.
type FDTable struct {
	low  []*FD
	high map[int64]*FD
	n    int
}

func newFDTable() *FDTable { return &FDTable{} }

// Get returns the entry for fd, or nil.
func (t *FDTable) Get(fd int64) *FD {
	if t == nil || fd < 0 {
		return nil
	}
	if fd < int64(len(t.low)) {
		return t.low[fd]
	}
	if fd < denseFDs {
		return nil
	}
	return t.high[fd]
}

// Len returns the number of open fds.
func (t *FDTable) Len() int {
	if t == nil {
		return 0
	}
	return t.n
}

// Range calls fn for each fd in ascending order for the dense part and in
// map order beyond it, until fn returns false.
func (t *FDTable) Range(fn func(fd *FD) bool) {
	if t == nil {
		return
	}
	for _, fd := range t.low {
		if fd != nil && !fn(fd) {
			return
		}
	}
	for _, fd := range t.high {
		if !fn(fd) {
			return
		}
	}
}

// set stores fd under its number, replacing any previous entry. It reports
// whether the table grew.
func (t *FDTable) set(fd *FD) bool {
	num := fd.Num
	if num < 0 {
		return false
	}
	if num < denseFDs {
		if num >= int64(len(t.low)) {
			n := int(num) + 1
			if c := 2 * len(t.low); c > n {
				n = min(c, denseFDs)
			}
			grown := make([]*FD, n)
			copy(grown, t.low)
			t.low = grown
		}
		old := t.low[num]
		t.low[num] = fd
		if old == nil {
			t.n++
			return true
		}
		return false
	}
	if t.high == nil {
		t.high = make(map[int64]*FD)
	}
	_, had := t.high[num]
	t.high[num] = fd
	if !had {
		t.n++
	}
	return !had
}

// remove deletes fd and returns the removed entry, or nil.
func (t *FDTable) remove(num int64) *FD {
	if num < 0 {
		return nil
	}
	if num < denseFDs {
		if num >= int64(len(t.low)) {
			return nil
		}
		old := t.low[num]
		if old != nil {
			t.low[num] = nil
			t.n--
		}
		return old
	}
	old, ok := t.high[num]
	if ok {
		delete(t.high, num)
		t.n--
	}
	return old
}

// clone returns a deep copy: a forked child owns its entries, so a connect
// in the child must not rename the parent's socket. The copies share one
// allocation.
func (t *FDTable) clone() *FDTable {
	c := &FDTable{n: t.n}
	if t.n == 0 {
		return c
	}
	store := make([]FD, 0, t.n)
	if len(t.low) > 0 {
		c.low = make([]*FD, len(t.low))
		for i, fd := range t.low {
			if fd != nil {
				store = append(store, *fd)
				c.low[i] = &store[len(store)-1]
			}
		}
	}
	if len(t.high) > 0 {
		c.high = make(map[int64]*FD, len(t.high))
		for k, fd := range t.high {
			store = append(store, *fd)
			c.high[k] = &store[len(store)-1]
		}
	}
	return c
}
