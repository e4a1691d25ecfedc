# shellcheck shell=bash
# chroot.sh — chroots of a Debian tree, for scripts that install packages
# into one (scripts/e2e, scripts/image.sh). Sourced, not run.
#
# chroot_up binds /proc, /sys, /dev and /dev/pts into a tree and installs a
# policy-rc.d that keeps package scripts from starting services on the host.
# Every mount is recorded and undone by chroot_down, which callers run from
# an EXIT trap; remove_tree refuses to delete a tree that still has a mount
# below it, so a failed unmount can never make rm -rf reach the host's /dev.
#
# The caller may set CHROOT_TAG (the prefix of messages, default "chroot").

chroot_log() { echo "${CHROOT_TAG:-chroot}: $*" >&2; }

# The mounts made by chroot_up, innermost last, and the trees set up.
CHROOT_MOUNTS=()
CHROOT_ROOTS=()

# chroot_up ROOT: bind the kernel file systems into ROOT.
chroot_up() {
	local root=$1 d
	[[ -n $root && $root != / ]] || { chroot_log "chroot_up: refusing root '$root'"; return 1; }
	for d in proc sys dev dev/pts; do
		mkdir -p "$root/$d"
		case $d in
		proc) mount -t proc proc "$root/proc" ;;
		*) mount --bind "/$d" "$root/$d" ;;
		esac
		CHROOT_MOUNTS+=("$root/$d")
	done
	mkdir -p "$root/usr/sbin"
	printf '#!/bin/sh\n# No service starts inside the chroot.\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
	chmod 755 "$root/usr/sbin/policy-rc.d"
	CHROOT_ROOTS+=("$root")
}

# chroot_down: undo every chroot_up (safe to call twice).
chroot_down() {
	local i m r
	for ((i = ${#CHROOT_MOUNTS[@]} - 1; i >= 0; i--)); do
		m=${CHROOT_MOUNTS[i]}
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || chroot_log "could not unmount $m"
	done
	CHROOT_MOUNTS=()
	for r in "${CHROOT_ROOTS[@]}"; do
		rm -f "$r/usr/sbin/policy-rc.d"
	done
	CHROOT_ROOTS=()
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
		chroot_log "not removing $1: something is still mounted below it"
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

# debootstrap_minbase DIR SUITE MIRROR LOG: a minimal Debian SUITE in DIR,
# with the suite, its updates and its security updates in sources.list.
debootstrap_minbase() {
	local dir=$1 suite=$2 mirror=$3 logf=$4
	chroot_log "debootstrap $suite (minbase) into $dir"
	if ! debootstrap --variant=minbase "$suite" "$dir" "$mirror" >"$logf" 2>&1; then
		tail -n 30 "$logf" >&2
		chroot_log "debootstrap failed (log: $logf)"
		return 1
	fi
	cat >"$dir/etc/apt/sources.list" <<LIST
deb $mirror $suite main
deb $mirror $suite-updates main
deb http://deb.debian.org/debian-security $suite-security main
LIST
}
