package compile

// globMatch is fnmatch(3) with no flags, or with FNM_CASEFOLD when fold is
// set, which is what libsinsp's glob and iglob run: '*' matches any bytes,
// '/' and a leading '.' included; '?' one byte; '[...]' a set, with '!' or
// '^' negating, ranges and [:class:]; '\' quotes the next byte. The star
// backtracking keeps one resume point, so matching is O(len(p)*len(s)).
func globMatch[P string | []byte](p P, s []byte, fold bool) bool {
	pi, si := 0, 0
	starP, starS := -1, 0
	for si < len(s) {
		if pi < len(p) {
			switch p[pi] {
			case '*':
				starP, starS = pi, si
				pi++
				continue
			case '?':
				pi++
				si++
				continue
			case '[':
				if ok, next, valid := matchSet(p, pi, s[si], fold); valid {
					if ok {
						pi, si = next, si+1
						continue
					}
					goto backtrack
				}
				// An unterminated '[' is an ordinary byte.
			case '\\':
				if pi+1 < len(p) {
					if eqByte(p[pi+1], s[si], fold) {
						pi, si = pi+2, si+1
						continue
					}
					goto backtrack
				}
			}
			if eqByte(p[pi], s[si], fold) {
				pi++
				si++
				continue
			}
		}
	backtrack:
		if starP < 0 {
			return false
		}
		starS++
		pi, si = starP+1, starS
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

func eqByte(a, b byte, fold bool) bool {
	if fold {
		return lower(a) == lower(b)
	}
	return a == b
}

// matchSet matches ch against the bracket expression at p[start] ('[').
// valid is false when the expression has no closing ']'.
func matchSet[P string | []byte](p P, start int, ch byte, fold bool) (ok bool, next int, valid bool) {
	i := start + 1
	negate := false
	if i < len(p) && (p[i] == '!' || p[i] == '^') {
		negate = true
		i++
	}
	if fold {
		ch = lower(ch)
	}
	matched := false
	first := true
	for {
		if i >= len(p) {
			return false, 0, false
		}
		c := p[i]
		if c == ']' && !first {
			i++
			break
		}
		first = false
		if c == '[' && i+1 < len(p) && p[i+1] == ':' {
			if end := classEnd(p, i+2); end > 0 {
				if inClass(p[i+2:end], ch) {
					matched = true
				}
				i = end + 2
				continue
			}
		}
		if c == '\\' && i+1 < len(p) {
			i++
			c = p[i]
		}
		lo := c
		i++
		hi := lo
		if i+1 < len(p) && p[i] == '-' && p[i+1] != ']' {
			hi = p[i+1]
			if hi == '\\' && i+2 < len(p) {
				hi = p[i+2]
				i++
			}
			i += 2
		}
		if fold {
			lo, hi = lower(lo), lower(hi)
		}
		if lo <= ch && ch <= hi {
			matched = true
		}
	}
	return matched != negate, i, true
}

// classEnd returns the index of ':' in the ":]" closing a class name, or -1.
func classEnd[P string | []byte](p P, from int) int {
	for j := from; j+1 < len(p); j++ {
		if p[j] == ':' && p[j+1] == ']' {
			return j
		}
		if !(p[j] >= 'a' && p[j] <= 'z') {
			return -1
		}
	}
	return -1
}

func inClass[P string | []byte](name P, ch byte) bool {
	switch string(name) {
	case "alpha":
		return ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z'
	case "digit":
		return ch >= '0' && ch <= '9'
	case "alnum":
		return inClass("alpha", ch) || inClass("digit", ch)
	case "upper":
		return ch >= 'A' && ch <= 'Z'
	case "lower":
		return ch >= 'a' && ch <= 'z'
	case "space":
		return ch == ' ' || (ch >= '\t' && ch <= '\r')
	case "blank":
		return ch == ' ' || ch == '\t'
	case "punct":
		return ch > ' ' && ch < 0x7f && !inClass("alnum", ch)
	case "print":
		return ch >= ' ' && ch < 0x7f
	case "graph":
		return ch > ' ' && ch < 0x7f
	case "cntrl":
		return ch < ' ' || ch == 0x7f
	case "xdigit":
		return inClass("digit", ch) || ch >= 'a' && ch <= 'f' || ch >= 'A' && ch <= 'F'
	}
	return false
}
