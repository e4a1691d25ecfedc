#!/usr/bin/env bash
# kernel-fetch.sh — download a Debian cloud kernel with its headers and kbuild
# (apt-get download, no installation) and unpack them with dpkg -x into a
# private tree, for driver-test.sh --root. Nothing is installed on the host,
# so no dkms or initramfs trigger runs.
#
# Usage: scripts/vm/kernel-fetch.sh --series 6.1|6.12|5.10 [--root DIR]
#
#   --series S   6.1 and 6.12 come from the host's bookworm lists; 5.10 from
#                bullseye, through a private apt state in the cache
#   --root DIR   where to unpack (default $SAKER_VM_CACHE/root-<series>)
#
# Prints ROOT=<dir> on success.
set -euo pipefail

cache=${SAKER_VM_CACHE:-/var/cache/saker-vm}
series=
root=
while [[ $# -gt 0 ]]; do
	case "$1" in
	--series) series=$2; shift ;;
	--root) root=$2; shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "kernel-fetch.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done
[[ -n $series ]] || { echo "kernel-fetch.sh: --series is required" >&2; exit 2; }
root=${root:-$cache/root-$series}
log() { echo "kernel-fetch: $*" >&2; }

apt_opts=()
case "$series" in
5.10)
	# A private apt state that knows only bullseye (its last point release:
	# the security pool drops superseded images); the host's is untouched.
	st=$cache/apt-bullseye
	mkdir -p "$st/lists/partial" "$st/cache/archives/partial"
	cat >"$st/sources.list" <<'LIST'
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bullseye main
LIST
	apt_opts=(-o "Dir::Etc::SourceList=$st/sources.list" -o "Dir::Etc::SourceParts=-"
		-o "Dir::State::Lists=$st/lists" -o "Dir::Cache=$st/cache"
		-o "Dir::State::status=/dev/null")
	apt-get "${apt_opts[@]}" update -q >&2
	;;
6.1 | 6.12) ;;
*) log "unsupported series $series"; exit 2 ;;
esac

# newest PATTERN: the newest package name matching a regex.
newest() {
	apt-cache "${apt_opts[@]}" search --names-only "$1" | awk '{print $1}' | sort -V | tail -n 1
}
image=$(newest "^linux-image-${series//./\\.}\.[0-9].*-cloud-amd64-unsigned\$")
[[ -n $image ]] || { log "no cloud image for $series"; exit 1; }
kver=${image#linux-image-}
kver=${kver%-unsigned}
base=${kver%-cloud-amd64}
kbuild=$(newest "^linux-kbuild-${series//./\\.}(\$|[.+])")
pkgs=("$image" "linux-headers-$kver" "linux-headers-$base-common" "$kbuild")
log "kernel $kver: ${pkgs[*]}"

dl=$cache/pkgs-$series
mkdir -p "$dl"
(cd "$dl" && apt-get "${apt_opts[@]}" download -q "${pkgs[@]}" >&2)
rm -rf "$root"
mkdir -p "$root"
for p in "${pkgs[@]}"; do
	dpkg -x "$(ls "$dl/${p}_"*.deb | sort -V | tail -n 1)" "$root"
done
# The headers' Makefile includes the common tree by absolute path.
for mf in "$root"/usr/src/linux-headers-*/Makefile; do
	sed -i "s|^include /usr/src/|include $root/usr/src/|" "$mf"
done
# modules.dep is made at install time; driver-test.sh resolves with it.
depmod -b "$root" "$kver"
echo "ROOT=$root"
