#!/usr/bin/env bash
# kernels.sh — locate (and optionally install) a Debian kernel + headers for
# qemu guests, and print where they are as KEY=VALUE lines that callers can
# `eval`.
#
# Usage: kernels.sh [--install] [--series 6.1] [--flavour cloud-amd64]
#
#   --install          apt-get install the image/headers metapackages when no
#                      matching kernel is found in /boot (needs root).
#   --series S         kernel series prefix to look for (default 6.1, the
#                      Debian 12 kernel). Other series (5.10, 6.12) must be
#                      installed by other means; this script only finds them.
#   --flavour F        Debian flavour suffix (default cloud-amd64: small and
#                      boots fast; its virtio drivers are modules).
#
# Output (stdout):
#   KVER=6.1.0-56-cloud-amd64
#   VMLINUZ=/boot/vmlinuz-6.1.0-56-cloud-amd64
#   CONFIG=/boot/config-6.1.0-56-cloud-amd64
#   MODDIR=/lib/modules/6.1.0-56-cloud-amd64
#   HEADERS=/usr/src/linux-headers-6.1.0-56-cloud-amd64   (empty if missing)
#
# The newest installed version of the series is chosen (sort -V), so nothing
# here hard-codes a Debian ABI number.
set -euo pipefail

series=6.1
flavour=cloud-amd64
install=0

while [[ $# -gt 0 ]]; do
	case "$1" in
	--install) install=1 ;;
	--series) series=$2; shift ;;
	--flavour) flavour=$2; shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "kernels.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

# find_kver prints the newest kernel version in /boot matching series+flavour.
find_kver() {
	local f
	for f in /boot/vmlinuz-"$series".*-"$flavour"; do
		[[ -e $f ]] && echo "${f#/boot/vmlinuz-}"
	done | sort -V | tail -n 1
}

kver=$(find_kver)
if [[ -z $kver && $install == 1 ]]; then
	# The metapackages track the distribution's default series only.
	echo "kernels.sh: installing linux-image-$flavour linux-headers-$flavour" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		"linux-image-$flavour" "linux-headers-$flavour" >&2
	kver=$(find_kver)
fi
if [[ -z $kver ]]; then
	echo "kernels.sh: no /boot/vmlinuz-$series.*-$flavour (try --install)" >&2
	exit 1
fi

headers=/usr/src/linux-headers-$kver
if [[ ! -d $headers && $install == 1 ]]; then
	echo "kernels.sh: installing linux-headers-$kver" >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "linux-headers-$kver" >&2
fi
[[ -d $headers ]] || headers=

echo "KVER=$kver"
echo "VMLINUZ=/boot/vmlinuz-$kver"
echo "CONFIG=/boot/config-$kver"
echo "MODDIR=/lib/modules/$kver"
echo "HEADERS=$headers"
