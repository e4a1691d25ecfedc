package live

// merger orders the rings' current events by timestamp: a binary min-heap
// of the rings whose cur is set.
type merger struct {
	h []*ring
}

func (m *merger) less(i, j int) bool { return m.h[i].ts() < m.h[j].ts() }

func (m *merger) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !m.less(i, p) {
			return
		}
		m.h[i], m.h[p] = m.h[p], m.h[i]
		i = p
	}
}

func (m *merger) down(i int) {
	for {
		l, s := 2*i+1, i
		if l < len(m.h) && m.less(l, s) {
			s = l
		}
		if r := l + 1; r < len(m.h) && m.less(r, s) {
			s = r
		}
		if s == i {
			return
		}
		m.h[i], m.h[s] = m.h[s], m.h[i]
		i = s
	}
}

// rebuild puts every ring with a current event into the heap.
func (m *merger) rebuild(rings []*ring) {
	m.h = m.h[:0]
	for _, r := range rings {
		if r.cur != nil {
			m.h = append(m.h, r)
			m.up(len(m.h) - 1)
		}
	}
}

func (m *merger) top() *ring {
	if len(m.h) == 0 {
		return nil
	}
	return m.h[0]
}

// fixTop restores the heap after the top ring's cur changed or emptied.
func (m *merger) fixTop() {
	if m.h[0].cur == nil {
		last := len(m.h) - 1
		m.h[0] = m.h[last]
		m.h = m.h[:last]
	}
	if len(m.h) > 0 {
		m.down(0)
	}
}
