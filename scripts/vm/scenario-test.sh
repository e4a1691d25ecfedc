#!/usr/bin/env bash
# scenario-test.sh — build saker.ko and a static saker for a Debian kernel,
# boot that kernel under qemu (TCG) and run saker live with its default
# rules while `saker eventgen --both` performs every scenario and its near
# miss, then `saker capture` (cmd/saker-vmtest -scenarios, scenario-job.sh).
# The guest's /out (alerts.json, saker.log, eventgen.txt, scenarios.json,
# capture.scap, results.json) lands in --out; engine/live's
# TestVMScenarios checks it.
#
# Usage: scripts/vm/scenario-test.sh [--series 6.1] [--root DIR] [--out DIR]
#                                    [--timeout SEC] [--smp N]
#
#   --series S     kernel series (default 6.1), found by kernels.sh in /boot
#   --root DIR     look for the kernel in DIR instead of / : a tree made by
#                  `dpkg -x` of the image, headers and kbuild packages (see
#                  kernel-fetch.sh); its headers are used from DIR/usr/src
#   --out DIR      where results go (default $SAKER_VM_CACHE/scenario-<kver>)
#   --timeout SEC  qemu time limit (default 300)
#   --smp N        guest CPUs (default 2; one module load, so no lockup risk)
#
# Exit status: the guest job's (0 when every check passed), 124 on timeout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cache=${SAKER_VM_CACHE:-/var/cache/saker-vm}
series=6.1
root=
out=
timeout_s=300
smp=2

while [[ $# -gt 0 ]]; do
	case "$1" in
	--series) series=$2; shift ;;
	--root) root=$2; shift ;;
	--out) out=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--smp) smp=$2; shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "scenario-test.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

log() { echo "scenario-test: $*" >&2; }

if [[ -z $root ]]; then
	eval "$("$here/kernels.sh" --series "$series" --flavour cloud-amd64)"
else
	# The same variables, from an unpacked tree.
	vmlinuz=$(find "$root/boot" -name "vmlinuz-$series.*-cloud-amd64" | sort -V | tail -n 1)
	[[ -n $vmlinuz ]] || { log "no vmlinuz-$series.* in $root/boot"; exit 1; }
	KVER=${vmlinuz##*/vmlinuz-}
	VMLINUZ=$vmlinuz
	MODDIR=$root/lib/modules/$KVER
	HEADERS=$root/usr/src/linux-headers-$KVER
fi
[[ -d $HEADERS ]] || { log "no headers for $KVER ($HEADERS)"; exit 1; }
out=${out:-$cache/scenario-$KVER}
mkdir -p "$cache"
log "kernel $KVER"

# Build in a private copy: builds for several kernels must not share objects.
build=$cache/scenario-build-$KVER
rm -rf "$build"
mkdir -p "$build"
cp -a "$repo/driver/Kbuild" "$repo/driver/Makefile" "$repo/driver/"*.[ch] "$repo/driver/probes" "$build/"
t0=$(date +%s.%N)
# Debian builds each kernel with its own gcc-N; when that one is not
# installed (gcc-10 for 5.10 on Debian 12), the host's gcc does.
want_cc=$(grep -o 'gcc-[0-9]*' "$HEADERS/.kernelvariables" 2>/dev/null | head -n 1 || true)
if [[ -z ${CC:-} && -n $want_cc ]] && ! command -v "$want_cc" >/dev/null; then
	log "$want_cc missing, building with gcc"
	CC=gcc
fi
# Without pahole (package dwarves) the module is built without BTF.
nobtf=()
command -v pahole >/dev/null || nobtf=(CONFIG_DEBUG_INFO_BTF_MODULES=)
make -C "$build" KERNELDIR="$HEADERS" ${CC:+CC=$CC} "${nobtf[@]}" >"$build/build.log" 2>&1 ||
	{ tail -n 30 "$build/build.log" >&2; log "module build failed ($build/build.log)"; exit 1; }
log "built saker.ko in $(echo "$(date +%s.%N) - $t0" | bc | cut -c1-5)s"

(cd "$repo" && CGO_ENABLED=0 go build -trimpath -o "$cache/saker-vmtest" ./cmd/saker-vmtest &&
	CGO_ENABLED=0 go build -trimpath -o "$cache/saker" ./cmd/saker)

bins=()
for b in cat; do
	bins+=(--bin "$(readlink -f "$(command -v "$b")")")
done
# initramfs.sh resolves --module through modprobe, which wants the modules
# under /lib/modules; for an unpacked tree, pass the decompressed virtio
# modules as files, listed in /etc/vm/extra-modules for driver-job.sh.
mods=()
# overlay is for the drop-and-execute scenario; it is loaded by the job.
if [[ -z $root ]]; then
	mods=(--kver "$KVER" --module virtio_pci --module virtio_blk)
fi
initrd=$cache/scenario-$KVER.cpio.gz
extra=()
if [[ -n $root ]]; then
	mkdir -p "$build/vmods"
	: >"$build/vmods/modules"
	while read -r verb f _; do
		[[ $verb == insmod ]] || continue
		m=$(basename "$f")
		m=${m%%.ko*}
		grep -qx "/lib/modules/$m.ko" "$build/vmods/modules" && continue
		case "$f" in
		*.ko) cp "$f" "$build/vmods/$m.ko" ;;
		*.ko.xz) xz -dc "$f" >"$build/vmods/$m.ko" ;;
		*.ko.zst) zstd -qdc "$f" >"$build/vmods/$m.ko" ;;
		esac
		echo "/lib/modules/$m.ko" >>"$build/vmods/modules"
		extra+=(--file "$build/vmods/$m.ko:/lib/modules/$m.ko")
	done < <(for m in virtio_pci virtio_blk; do modprobe -d "$root" -S "$KVER" --show-depends "$m"; done)
	extra+=(--file "$build/vmods/modules:/etc/vm/extra-modules")
fi
ovl=$(find "${root:-}/lib/modules/$KVER" -name 'overlay.ko*' | head -n 1)
if [[ -n $ovl ]]; then
	case "$ovl" in
	*.ko) cp "$ovl" "$build/overlay.ko" ;;
	*.ko.xz) xz -dc "$ovl" >"$build/overlay.ko" ;;
	*.ko.zst) zstd -qdc "$ovl" >"$build/overlay.ko" ;;
	esac
	extra+=(--file "$build/overlay.ko:/lib/modules/overlay.ko")
fi
"$here/initramfs.sh" -o "$initrd" "${mods[@]}" "${bins[@]}" "${extra[@]}" \
	--file "$build/saker.ko:/lib/modules/saker.ko" \
	--file "$cache/saker-vmtest:/usr/bin/saker-vmtest" \
	--file "$cache/saker:/usr/bin/saker" \
	--job "$here/scenario-job.sh"

rm -rf "$out"
mkdir -p "$out"
t0=$(date +%s)
rc=0
"$here/run.sh" --kernel "$VMLINUZ" --initrd "$initrd" --timeout "$timeout_s" \
	--smp "$smp" --append "softlockup_panic=1 ${SAKER_VM_APPEND:-}" \
	--out-dir "$out" --log "$out/serial.log" >/dev/null || rc=$?
log "guest ran $(($(date +%s) - t0))s, status $rc; results in $out"
grep '^vmtest: FAIL' "$out/serial.log" >&2 || true
exit "$rc"
