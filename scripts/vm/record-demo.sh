#!/usr/bin/env bash
# record-demo.sh — record testdata/demo.scap.gz: boots the Debian 12 cloud
# kernel under qemu (TCG) with Debian's sysdig 0.29 and the reference driver
# scap.ko (package falcosecurity-scap-dkms) in a busybox initramfs, runs
# demo-job.sh in the guest, and gzips the capture into the repo.
#
# Usage: scripts/vm/record-demo.sh [--out FILE] [--timeout SEC]
#
#   --out FILE      destination (default <repo>/testdata/demo.scap.gz)
#   --timeout SEC   qemu time limit (default 600)
#
# Needs root (apt-get, reading /boot). Builds and logs go to $SAKER_VM_CACHE
# (default /var/cache/saker-vm), never into the repo.
#
# Caveat: falcosecurity-scap-dkms (2022 sources) builds for 6.1 only. Install
# it while only 6.1 headers are present; with 6.12 headers registered Debian
# 12's dkms fails. This script refuses to install it otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${SAKER_VM_CACHE:-/var/cache/saker-vm}
out=$repo/testdata/demo.scap.gz
timeout_s=600

while [[ $# -gt 0 ]]; do
	case "$1" in
	--out) out=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "record-demo.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

log() { echo "record-demo: $*" >&2; }

# need_pkg PKG...: apt-get install the packages not installed yet.
need_pkg() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	[[ ${#missing[@]} -eq 0 ]] && return 0
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >&2
}

mkdir -p "$cache"
need_pkg qemu-system-x86 busybox-static sysdig cpio bash coreutils util-linux procps hostname

eval "$("$here/kernels.sh" --install --series 6.1 --flavour cloud-amd64)"
[[ -n $HEADERS ]] || { log "no headers for $KVER"; exit 1; }
log "kernel $KVER ($VMLINUZ)"

# scap.ko: dkms's build for this kernel if there is one, else our own build
# from the dkms sources (kept in the cache, keyed by kernel version).
scap_ko=$MODDIR/updates/dkms/scap.ko
if [[ ! -f $scap_ko ]]; then
	if ! compgen -G '/usr/src/scap-*' >/dev/null; then
		other=$(find /usr/src -maxdepth 1 -name 'linux-headers-*' ! -name 'linux-headers-6.1*' | head -n 1)
		if [[ -n $other ]]; then
			log "refusing to install falcosecurity-scap-dkms with non-6.1 headers present ($other)"
			exit 1
		fi
		need_pkg falcosecurity-scap-dkms
	fi
	if [[ ! -f $scap_ko ]]; then
		src=$(find /usr/src -maxdepth 1 -name 'scap-*' | sort -V | tail -n 1)
		build=$cache/scap-build-$KVER
		rm -rf "$build"
		cp -a "$src" "$build"
		log "building scap.ko from $src against $HEADERS"
		make -C "$HEADERS" M="$build" modules >"$cache/scap-build-$KVER.log" 2>&1 ||
			{ log "scap.ko build failed, see $cache/scap-build-$KVER.log"; exit 1; }
		scap_ko=$build/scap.ko
	fi
fi
log "driver $scap_ko ($(modinfo -F version "$scap_ko"))"

# Real Debian binaries for everything the story runs, so processes carry their
# usual names (see demo-job.sh); busybox covers the rest.
story_bins=()
for b in bash cat touch mkdir ln rm id ls date uname sleep hostname unshare setsid ps; do
	p=$(command -v "$b") || { log "missing host binary: $b"; exit 1; }
	story_bins+=(--bin "$(readlink -f "$p")")
done

initrd=$cache/demo-$KVER.cpio.gz
"$here/initramfs.sh" -o "$initrd" \
	--kver "$KVER" --module virtio_pci --module virtio_blk \
	--bin /usr/bin/sysdig "${story_bins[@]}" \
	--file "$scap_ko:/lib/modules/scap.ko" \
	--job "$here/demo-job.sh"

outdir=$cache/demo-out
rm -rf "$outdir"
log "booting guest (serial log: $cache/demo-serial.log)"
"$here/run.sh" --kernel "$VMLINUZ" --initrd "$initrd" --timeout "$timeout_s" \
	--out-dir "$outdir" --log "$cache/demo-serial.log"

[[ -s $outdir/demo.scap ]] || { log "guest produced no capture"; exit 1; }
cp "$outdir/meta.txt" "$cache/demo-meta.txt"
mkdir -p "$(dirname "$out")"
# -n: no file name/mtime in the gzip header, so equal captures give equal bytes.
gzip -9 -n -c "$outdir/demo.scap" >"$out.tmp"
mv "$out.tmp" "$out"

events=$(sysdig -r "$out" 2>/dev/null | wc -l)
log "wrote $out: $(wc -c <"$outdir/demo.scap") bytes raw, $(wc -c <"$out") gzip'd, $events events"
cat "$outdir/meta.txt" >&2
