// Package boot holds the booted-Debian package test (boot_test.go): the
// saker .deb installed, upgraded and purged in a Debian 12 guest under qemu,
// driven by scripts/e2e/run.sh. It has no code of its own.
package boot
