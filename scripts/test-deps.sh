#!/usr/bin/env bash
# Installs what the tests need on Debian 12: the reference sysdig (without its
# recommended scap DKMS module, which fails to build for 6.12 kernels and then
# breaks kernel package installs), and what the driver's VM tests use: qemu,
# a static busybox for the guest, and the tools to build and pack a module.
# Kernels are not installed: scripts/vm/kernel-fetch.sh unpacks them privately.
set -euo pipefail
need=()
command -v sysdig >/dev/null || need+=(sysdig)
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
dpkg-query -W -f='${Status}' busybox-static 2>/dev/null | grep -q "ok installed" || need+=(busybox-static)
command -v cpio >/dev/null || need+=(cpio)
command -v depmod >/dev/null || need+=(kmod)
command -v make >/dev/null || need+=(make)
command -v gcc >/dev/null || need+=(gcc)
command -v bc >/dev/null || need+=(bc)
command -v xz >/dev/null || need+=(xz-utils)
command -v zstd >/dev/null || need+=(zstd)
[ -e /usr/share/keyrings/debian-archive-keyring.gpg ] || need+=(debian-archive-keyring)
# Package checks: rpm queries, a real dkms build against Debian 12's headers,
# the man page, and the deb maintainer scripts under dash.
command -v rpm >/dev/null || need+=(rpm)
command -v dkms >/dev/null || need+=(dkms)
ls -d /usr/src/linux-headers-6.1.*-amd64 >/dev/null 2>&1 || need+=(linux-headers-amd64)
command -v groff >/dev/null || need+=(groff)
command -v dash >/dev/null || need+=(dash)
command -v systemd-analyze >/dev/null || need+=(systemd)
# The booted-Debian package test (scripts/e2e/): a root file system, made
# into an ext4 image and read back.
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v mkfs.ext4 >/dev/null || need+=(e2fsprogs)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "test-deps: need root to apt-get install ${need[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

# sysdig 0.29's own driver sources (its event table is a reference for a
# test), unpacked, not installed: the package registers a DKMS module.
ref=${SAKER_REFERENCE_SRC:-/var/cache/saker-ref}
if ! ls "$ref"/usr/src/scap-*/event_table.c >/dev/null 2>&1; then
	mkdir -p "$ref/debs"
	(cd "$ref/debs" && { apt-get download -q falcosecurity-scap-dkms >/dev/null 2>&1 ||
		{ apt-get update -qq && apt-get download -q falcosecurity-scap-dkms >/dev/null; }; })
	dpkg -x "$(ls "$ref"/debs/falcosecurity-scap-dkms_*.deb | sort -V | tail -n 1)" "$ref"
fi
