//go:build !linux

package main

import (
	"os"
	"runtime"
)

// systemInfo is what Go knows of the system where uname(2) is not Linux's.
func systemInfo() map[string]string {
	host, _ := os.Hostname()
	return map[string]string{"sysname": runtime.GOOS, "nodename": host, "machine": runtime.GOARCH}
}
