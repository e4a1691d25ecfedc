package main

import "syscall"

// systemInfo is uname(2), as Falco's --support reports it.
func systemInfo() map[string]string {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		return map[string]string{"error": err.Error()}
	}
	return map[string]string{
		"sysname":  utsString(u.Sysname[:]),
		"nodename": utsString(u.Nodename[:]),
		"release":  utsString(u.Release[:]),
		"version":  utsString(u.Version[:]),
		"machine":  utsString(u.Machine[:]),
	}
}

// utsString reads a NUL-terminated uname field (int8 or uint8 by arch).
func utsString[T int8 | uint8](b []T) string {
	out := make([]byte, 0, len(b))
	for _, c := range b {
		if c == 0 {
			break
		}
		out = append(out, byte(c))
	}
	return string(out)
}
