package state

// maxPath is the longest path sysdig builds; longer results become
// "/PATH_TOO_LONG", which keeps one hostile event from growing a name
// without bound.
const maxPath = 4096

const pathTooLong = "/PATH_TOO_LONG"

// joinPath resolves p against dir the way sysdig resolves event paths: an
// absolute p is only cleaned; a relative one is appended to dir (which ends
// with '/') and ".", ".." and repeated slashes are folded. A trailing slash
// is dropped except for the root. Control characters become '.'.
func joinPath(dir string, p []byte) string {
	return string(appendJoin(make([]byte, 0, len(dir)+len(p)), dir, p))
}

// appendJoin appends the result of joinPath to dst.
func appendJoin(dst []byte, dir string, p []byte) []byte {
	if len(dir)+len(p)+1 > maxPath {
		return append(dst, pathTooLong...)
	}
	start := len(dst)
	if len(p) != 0 && p[0] != '/' {
		dst = append(dst, dir...)
	}
	return append(dst[:start], cleanInto(dst[start:], p)...)
}

// join resolves p against dir into a string, building it in the table's
// scratch buffer so that only the result is allocated.
func (t *Table) join(dir string, p []byte) string {
	t.pathBuf = appendJoin(t.pathBuf[:0], dir, p)
	return string(t.pathBuf)
}

// cleanInto appends p to out (which may hold a directory prefix ending in
// '/'), folding the path elements as it goes. A ".." may climb into the
// prefix but never above its root.
func cleanInto(out, p []byte) []byte {
	i := 0
	for i < len(p) {
		c := p[i]
		switch {
		case c < 0x20 || c == 0x7f:
			out = append(out, '.')
			i++
		case c == '.' && i+2 < len(p) && p[i+1] == '.' && p[i+2] == '/':
			out = parentDir(out)
			i += 3
		case c == '.' && i+1 < len(p) && p[i+1] == '.':
			if i+2 == len(p) {
				out = parentDir(out)
				i += 2
			} else {
				out = append(out, '.', '.')
				i += 2
			}
		case c == '.' && i+1 < len(p) && p[i+1] == '/':
			i += 2
		case c == '.' && i+1 == len(p):
			i++
		case c == '/':
			if len(out) > 0 && out[len(out)-1] == '/' {
				i++
			} else {
				out = append(out, '/')
				i++
			}
		default:
			out = append(out, c)
			i++
		}
	}
	if len(out) > 1 && out[len(out)-1] == '/' {
		out = out[:len(out)-1]
	}
	return out
}

// parentDir drops the last element of out, which ends with '/': "/a/b/"
// becomes "/a/". At the root it does nothing.
func parentDir(out []byte) []byte {
	if len(out) <= 1 {
		return out
	}
	n := len(out) - 1
	for n >= 1 && out[n-1] != '/' {
		n--
	}
	return out[:n]
}

// dirPath returns p as a directory: cleaned, ending with '/'. An empty p
// stays empty (unknown).
func dirPath(p string) string {
	if p == "" {
		return ""
	}
	s := joinPath("", []byte(p))
	if s == "" || s[len(s)-1] != '/' {
		s += "/"
	}
	return s
}
