#!/usr/bin/env bash
# image.sh — build saker's container image (sakerhq/saker, the Helm chart's
# image) as a docker-archive tarball that `docker load` and `podman load` read.
#
# Usage: scripts/image.sh [--deb FILE] [--out DIR] [--cache DIR] [--rebuild-base]
#
#   --deb FILE      the saker .deb to install (default: the newest
#                   dist/saker_*_amd64.deb, as `make packages` leaves it)
#   --out DIR       where the tarball goes (default dist)
#   --cache DIR     where the base root file system is kept (default
#                   $SAKER_IMAGE_CACHE, else /var/cache/saker-image)
#   --rebuild-base  make the base again even if it is cached
#
# The base is Debian 12 (debootstrap minbase) with what the driver loader
# needs to build saker.ko with DKMS against a node's mounted headers; it is
# made once per package list. Each run copies it, installs the .deb with
# dpkg -i and writes OUT/saker-image_VERSION.tar, tagged
# sakerhq/saker:TAG (VERSION with '+' and '~' turned into '-', which image
# tags do not allow), in one layer (packaging/image/cmd/mkimage). File times
# are SOURCE_DATE_EPOCH, else the last commit's time, so the same base and
# .deb give the same image. Prints IMAGE=<tarball> and TAG=<name:tag>.
# Needs root (debootstrap, chroot), Go and, for the base, deb.debian.org.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${SAKER_IMAGE_CACHE:-/var/cache/saker-image}
deb=
out=$repo/dist
rebuild=0
while [[ $# -gt 0 ]]; do
	case "$1" in
	--deb) deb=$2; shift ;;
	--out) out=$2; shift ;;
	--cache) cache=$2; shift ;;
	--rebuild-base) rebuild=1 ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "image.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

log() { echo "image: $*" >&2; }
die() { log "$*"; exit 1; }
# shellcheck source=scripts/lib/chroot.sh
. "$repo/scripts/lib/chroot.sh"
export CHROOT_TAG=image # read by chroot.sh

[[ $(id -u) == 0 ]] || die "needs root (debootstrap, chroot, dpkg in the chroot)"
if [[ -z $deb ]]; then
	for f in "$repo"/dist/saker_*_amd64.deb; do
		[[ -f $f ]] || continue
		if [[ -z $deb || $f -nt $deb ]]; then deb=$f; fi
	done
	[[ -n $deb ]] || die "no dist/saker_*_amd64.deb: run make packages, or pass --deb"
fi
[[ -f $deb ]] || die "$deb: no such file"
deb=$(realpath "$deb")
version=$(dpkg-deb -f "$deb" Version) || die "$deb: not a .deb"
[[ $(dpkg-deb -f "$deb" Package) == saker ]] || die "$deb: not the saker package"

suite=bookworm
mirror=http://deb.debian.org/debian
# dkms and what it runs to build a module against mounted headers (it pulls
# build-essential); libelf1 for the headers' objtool (CONFIG_OBJTOOL);
# procps, which the .deb depends on.
packages=(dkms kmod gcc make libc6-dev libelf1 procps)
# No documentation but copyrights and saker's own (its licences) in the
# image; dpkg reads this for every later install too.
dpkg_cfg='path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-include=/usr/share/doc/saker/*
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*'

# scrub ROOT: drop what differs from run to run and is of no use in the
# image: apt's lists and caches, logs, dpkg's and debconf's backups, and the
# build host's resolv.conf and hostname that debootstrap copied (container
# runtimes provide both).
scrub() {
	local root=$1
	rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf" "$root/etc/hostname"
	rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/ldconfig/aux-cache
	rm -f "$root"/var/lib/dpkg/*-old "$root"/var/cache/debconf/*-old
	find "$root/var/log" -type f -delete
	find "$root/tmp" "$root/var/tmp" -mindepth 1 -delete
}

work=
cleanup() {
	chroot_down
	[[ -z $work ]] || remove_tree "$work" || true
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# The base, once per package list. Bump "format" when the way it is made
# changes.
key=$(printf '%s\n' "format 1" "$suite" "$mirror" "${packages[*]}" "$dpkg_cfg" | sha256sum | cut -c1-16)
base=$cache/base-$key
mkdir -p "$cache"
exec 9>"$cache/.lock" # one image build at a time per cache
flock 9
if [[ $rebuild == 1 || ! -e $base/.complete ]]; then
	command -v debootstrap >/dev/null || {
		log "installing debootstrap on the host"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2 ||
			die "apt-get install debootstrap failed"
	}
	t0=$SECONDS
	work=$cache/.base-$key
	remove_tree "$work"
	debootstrap_minbase "$work" "$suite" "$mirror" "$cache/debootstrap.log" || exit 1
	printf '%s\n' "$dpkg_cfg" >"$work/etc/dpkg/dpkg.cfg.d/90saker-image"
	printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$work/etc/apt/apt.conf.d/90saker-image"
	# debootstrap unpacked its packages before the exclusions existed.
	rm -rf "$work"/usr/share/man/* "$work"/usr/share/info/* "$work"/usr/share/locale/* "$work"/usr/share/lintian/*
	find "$work/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
	chroot_up "$work"
	log "apt-get install ${packages[*]}"
	{
		in_chroot "$work" apt-get update -q &&
			in_chroot "$work" apt-get upgrade -y -q &&
			in_chroot "$work" apt-get install -y -q --no-install-recommends "${packages[@]}" &&
			in_chroot "$work" apt-get clean
	} >"$cache/apt.log" 2>&1 ||
		{ tail -n 30 "$cache/apt.log" >&2; die "apt in the chroot failed (log: $cache/apt.log)"; }
	chroot_down
	scrub "$work"
	touch "$work/.complete"
	remove_tree "$base"
	mv "$work" "$base"
	work=
	# Bases for other package lists are stale now.
	for old in "$cache"/base-*; do
		[[ $old == "$base" ]] || remove_tree "$old" || true
	done
	log "base ready in $((SECONDS - t0))s"
fi

# This build: a copy of the base with the .deb installed. Its postinst
# registers the sources with DKMS and finds no headers, which is fine: the
# loader builds against the node's.
t0=$SECONDS
work=$(mktemp -d "$cache/.image-XXXXXX")
cp -a --reflink=auto "$base/." "$work/"
rm -f "$work/.complete"
cp "$deb" "$work/tmp/saker.deb"
chroot_up "$work"
in_chroot "$work" dpkg -i /tmp/saker.deb >"$work.dpkg.log" 2>&1 ||
	{ cat "$work.dpkg.log" >&2; rm -f "$work.dpkg.log"; die "dpkg -i $(basename "$deb") failed in the image"; }
rm -f "$work.dpkg.log"
chroot_down
scrub "$work"

if [[ -z ${SOURCE_DATE_EPOCH:-} ]]; then
	SOURCE_DATE_EPOCH=$(git -C "$repo" log -1 --format=%ct 2>/dev/null || echo 0)
fi
export SOURCE_DATE_EPOCH
mkdir -p "$out"
tarball=$out/saker-image_$version.tar
revision=$(git -C "$repo" rev-parse HEAD 2>/dev/null || true)
(cd "$repo" && go run ./packaging/image/cmd/mkimage -root "$work" -version "$version" \
	-revision "$revision" -out "$tarball") >"$cache/mkimage.out" ||
	die "mkimage failed"
tag=$(sed -n 's/^TAG=//p' "$cache/mkimage.out")
log "$tarball ($tag, $(du -h "$tarball" | cut -f1)) in $((SECONDS - t0))s"
echo "IMAGE=$tarball"
echo "TAG=$tag"
