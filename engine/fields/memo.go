package fields

// Rules share subconditions (macros like open_write appear in dozens), so
// the rule compiler caches their results per event in the context. The
// cache lives here because the context is what is per event and per
// goroutine; what a slot means is the compiler's business.
//
// The cache only works between calls to Reset, which start a new event: a
// context that is never reset caches nothing, so code that refills a
// context by hand without Reset still gets fresh results.

// MemoBegin claims the cache for owner (one set of compiled filters) with
// room for slots entries. A different owner than last time invalidates
// what is cached, since slot numbers are the owner's.
func (c *Ctx) MemoBegin(owner uint64, slots int) {
	if c.memoOwner != owner {
		c.memoOwner = owner
		if c.memoEpoch != 0 {
			c.memoEpoch++
		}
	}
	if len(c.memo) < slots && c.memoEpoch != 0 {
		c.memo = append(c.memo, make([]uint64, slots-len(c.memo))...)
	}
}

// Memo returns the result cached in slot i for the current event, if any.
func (c *Ctx) Memo(i int) (result, ok bool) {
	if i < len(c.memo) {
		if e := c.memo[i]; e>>1 == c.memoEpoch {
			return e&1 != 0, true
		}
	}
	return false, false
}

// SetMemo caches result in slot i for the current event. Slots beyond what
// MemoBegin reserved are not kept.
func (c *Ctx) SetMemo(i int, result bool) {
	if i >= len(c.memo) || c.memoEpoch == 0 {
		return
	}
	e := c.memoEpoch << 1
	if result {
		e |= 1
	}
	c.memo[i] = e
}
