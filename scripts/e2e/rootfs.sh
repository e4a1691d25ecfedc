#!/usr/bin/env bash
# rootfs.sh — build (once) the Debian 12 root file system the package test
# boots: debootstrap minbase, then apt in a chroot for systemd, dkms, a
# compiler, initramfs-tools and the 6.1 cloud kernel with its headers. The
# 6.12 cloud kernel and headers and saker's other dependencies are only
# downloaded (into the tree's apt cache), so every run installs them offline.
#
# Usage: scripts/e2e/rootfs.sh [--cache DIR] [--rebuild]
#
#   --cache DIR   where trees are kept (default $SAKER_E2E_CACHE, else
#                 /var/cache/saker-e2e)
#   --rebuild     build again even if the tree for this package list exists
#
# The tree is $CACHE/rootfs-KEY, KEY a hash of the suite, mirror and package
# lists below; a complete tree has KEY/.complete. Prints ROOTFS=<dir>.
# Nothing is installed on the host: the kernels, dkms and their triggers run
# in the chroot only. Needs root, debootstrap and network access to
# deb.debian.org.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$here/lib.sh"

cache=${SAKER_E2E_CACHE:-/var/cache/saker-e2e}
rebuild=0
while [[ $# -gt 0 ]]; do
	case "$1" in
	--cache) cache=$2; shift ;;
	--rebuild) rebuild=1 ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "rootfs.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

suite=bookworm
mirror=http://deb.debian.org/debian
packages=(systemd systemd-sysv udev kmod dkms gcc make initramfs-tools
	linux-image-cloud-amd64 linux-headers-cloud-amd64)
# Downloaded only: the kernel upgrade, and saker's dependencies beyond the
# set above, so that run.sh installs the package as users do (apt-get
# install ./saker.deb) without the network.
later=(linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64 procps)

[[ $(id -u) == 0 ]] || e2e_die "rootfs.sh needs root (debootstrap, chroot)"
command -v debootstrap >/dev/null || e2e_die "debootstrap missing (apt-get install debootstrap)"

# Bump the format number when the way the tree is made changes.
key=$(printf '%s\n' "format 1" "$suite" "$mirror" "${packages[*]}" "${later[*]}" | sha256sum | cut -c1-16)
tree=$cache/rootfs-$key
if [[ $rebuild == 0 && -e $tree/.complete ]]; then
	echo "ROOTFS=$tree"
	exit 0
fi

mkdir -p "$cache"
# One builder at a time per cache.
exec 9>"$cache/.rootfs.lock"
flock 9
if [[ $rebuild == 0 && -e $tree/.complete ]]; then
	echo "ROOTFS=$tree"
	exit 0
fi

build=$cache/.build-$key
remove_tree "$build"
trap 'chroot_down; remove_tree "$build" || true' EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
t0=$SECONDS

debootstrap_minbase "$build" "$suite" "$mirror" "$cache/debootstrap.log" || exit 1
# Downloaded packages stay in the tree (the 6.12 kernel is installed from
# there later), and no documentation is unpacked.
cat >"$build/etc/apt/apt.conf.d/90saker-e2e" <<'EOF'
APT::Install-Recommends "false";
APT::Keep-Downloaded-Packages "true";
EOF
cat >"$build/etc/dpkg/dpkg.cfg.d/90saker-e2e" <<'EOF'
path-exclude=/usr/share/doc/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/locale/*
path-include=/usr/share/doc/*/copyright
EOF

chroot_up "$build"
e2e_log "apt-get install ${packages[*]}"
{
	in_chroot "$build" apt-get update -q &&
		in_chroot "$build" apt-get install -y -q "${packages[@]}" &&
		in_chroot "$build" apt-get clean &&
		in_chroot "$build" apt-get install -y -q --download-only "${later[@]}"
} >"$cache/apt.log" 2>&1 ||
	{ tail -n 30 "$cache/apt.log" >&2; e2e_die "apt in the chroot failed (log: $cache/apt.log)"; }
chroot_down

# The guest: root on /dev/vda, a name, no password prompt needed (the test
# runs as a unit), the serial console for the log.
printf '/dev/vda / ext4 errors=remount-ro 0 1\n' >"$build/etc/fstab"
echo saker-e2e >"$build/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 saker-e2e\n' >"$build/etc/hosts"
ls "$build"/boot/vmlinuz-6.1.* >/dev/null 2>&1 || e2e_die "no 6.1 kernel in the tree"
ls "$build"/boot/initrd.img-6.1.* >/dev/null 2>&1 || e2e_die "no initrd for the 6.1 kernel in the tree"
touch "$build/.complete"

remove_tree "$tree"
mv "$build" "$tree"
trap - EXIT
# Trees for other package lists are stale now.
for old in "$cache"/rootfs-*; do
	[[ $old == "$tree" ]] || remove_tree "$old" || true
done
e2e_log "root file system ready in $((SECONDS - t0))s"
echo "ROOTFS=$tree"
