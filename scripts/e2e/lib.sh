# shellcheck shell=bash
# lib.sh — helpers shared by the e2e scripts (sourced, not run).
#
# Chroots get /proc, /sys, /dev and /dev/pts bind-mounted and a policy-rc.d
# that keeps package scripts from starting services on the host. Every mount
# is recorded and undone by chroot_down, which the callers run from an EXIT
# trap; remove_tree refuses to delete a tree that still has a mount below it,
# so a failed unmount can never make rm -rf reach the host's /dev.

e2e_log() { echo "e2e: $*" >&2; }
e2e_die() { e2e_log "$*"; exit 1; }

# The mounts made by chroot_up, innermost last.
E2E_MOUNTS=()

# chroot_up ROOT: bind the kernel file systems into ROOT.
chroot_up() {
	local root=$1 d
	for d in proc sys dev dev/pts; do
		mkdir -p "$root/$d"
		case $d in
		proc) mount -t proc proc "$root/proc" ;;
		sys) mount --bind /sys "$root/sys" ;;
		dev) mount --bind /dev "$root/dev" ;;
		dev/pts) mount --bind /dev/pts "$root/dev/pts" ;;
		esac
		E2E_MOUNTS+=("$root/$d")
	done
	mkdir -p "$root/usr/sbin"
	printf '#!/bin/sh\n# e2e: no service starts inside the chroot.\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
}

# chroot_down ROOT: undo chroot_up (safe to call twice).
chroot_down() {
	local root=$1 i m
	for ((i = ${#E2E_MOUNTS[@]} - 1; i >= 0; i--)); do
		m=${E2E_MOUNTS[i]}
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || e2e_log "could not unmount $m"
	done
	E2E_MOUNTS=()
	rm -f "$root/usr/sbin/policy-rc.d"
}

# mounted_below DIR: succeeds when something is mounted at or below DIR.
mounted_below() {
	local dir
	dir=$(realpath -m "$1")
	awk -v d="$dir" '$5 == d || index($5, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo
}

# remove_tree DIR: rm -rf, unless a mount is left below DIR.
remove_tree() {
	[[ -e $1 ]] || return 0
	if mounted_below "$1"; then
		e2e_log "not removing $1: something is still mounted below it"
		return 1
	fi
	rm -rf --one-file-system "$1"
}

# in_chroot ROOT CMD...: run CMD in ROOT with a clean, non-interactive
# environment.
in_chroot() {
	local root=$1
	shift
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive chroot "$root" "$@"
}
