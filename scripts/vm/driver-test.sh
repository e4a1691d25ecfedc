#!/usr/bin/env bash
# driver-test.sh — build saker.ko for a Debian kernel, boot that kernel under
# qemu (TCG) with the static test runner cmd/saker-vmtest, and collect its
# results.json, dmesg.txt and the serial log.
#
# Two jobs share the build and boot: `--job driver` (default, driver-job.sh)
# checks the module itself; `--job scenario` (scenario-job.sh) also ships a
# static saker, runs it live with its default rules while `saker eventgen
# --both` performs every scenario and its near miss, then `saker capture`;
# its /out (alerts.json, saker.log, eventgen.txt, scenarios.json,
# capture.scap, results.json) is checked by engine/live's TestVMScenarios.
# `--job bench` (bench-job.sh, `make bench-driver`) also builds the reference
# driver scap.ko from the sources test-deps.sh unpacked
# ($SAKER_REFERENCE_SRC, sysdig 0.29's falcosecurity-scap-dkms) for the same
# kernel and ships Debian's sysdig, then times syscall loops with no module,
# saker.ko and scap.ko (cmd/saker-vmtest/bench.go); its /out has bench.txt.
#
# Usage: scripts/vm/driver-test.sh [--job driver|scenario] [--series 6.1]
#                                  [--root DIR] [--out DIR] [--timeout SEC]
#                                  [--smp N]
#
#   --series S     kernel series (default 6.1), found by kernels.sh in /boot
#   --root DIR     look for the kernel in DIR instead of / : a tree made by
#                  `dpkg -x` of the image, headers and kbuild packages (see
#                  kernel-fetch.sh); its headers are used from DIR/usr/src
#   --out DIR      where results go (default $SAKER_VM_CACHE/<job>-<kver>)
#   --timeout SEC  qemu time limit (default 300)
#   --smp N        guest CPUs (default 2, so the merge of rings is exercised)
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
job=driver

while [[ $# -gt 0 ]]; do
	case "$1" in
	--series) series=$2; shift ;;
	--root) root=$2; shift ;;
	--out) out=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--smp) smp=$2; shift ;;
	--job) job=$2; shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "driver-test.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done

log() { echo "driver-test: $*" >&2; }
case "$job" in
driver | scenario | bench) ;;
*) log "unknown job $job"; exit 2 ;;
esac

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
out=${out:-$cache/$job-$KVER}
mkdir -p "$cache"
log "kernel $KVER"

# Build in a private copy: builds for several kernels must not share objects.
build=$cache/$job-build-$KVER
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

(cd "$repo" && CGO_ENABLED=0 go build -trimpath -o "$cache/saker-vmtest" ./cmd/saker-vmtest)
jobfiles=(--file "$cache/saker-vmtest:/usr/bin/saker-vmtest")
hostbins=(cat touch mkdir)
if [[ $job == scenario || $job == bench ]]; then
	(cd "$repo" && CGO_ENABLED=0 go build -trimpath -o "$cache/saker" ./cmd/saker)
	jobfiles+=(--file "$cache/saker:/usr/bin/saker")
	hostbins=(cat)
fi
if [[ $job == bench ]]; then
	ref=${SAKER_REFERENCE_SRC:-/var/cache/saker-ref}
	scapsrc=$(find "$ref/usr/src" -maxdepth 1 -name 'scap-*' | sort -V | tail -n 1)
	[[ -n $scapsrc ]] || { log "no scap driver sources under $ref/usr/src (run scripts/test-deps.sh)"; exit 1; }
	rm -rf "$build/scap"
	cp -a "$scapsrc" "$build/scap"
	make -C "$build/scap" KERNELDIR="$HEADERS" ${CC:+CC=$CC} "${nobtf[@]}" >"$build/scap-build.log" 2>&1 ||
		{ tail -n 30 "$build/scap-build.log" >&2; log "scap.ko build failed ($build/scap-build.log)"; exit 1; }
	jobfiles+=(--file "$build/scap/scap.ko:/lib/modules/scap.ko")
	hostbins+=(sysdig)
fi

bins=()
for b in "${hostbins[@]}"; do
	bins+=(--bin "$(readlink -f "$(command -v "$b")")")
done
# initramfs.sh resolves --module through modprobe, which wants the modules
# under /lib/modules; for an unpacked tree, pass the decompressed virtio
# modules as files, listed in /etc/vm/extra-modules for driver-job.sh.
mods=()
if [[ -z $root ]]; then
	mods=(--kver "$KVER" --module virtio_pci --module virtio_blk)
fi
initrd=$cache/$job-$KVER.cpio.gz
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
# overlayfs, for the drop-and-execute scenario; scenario-job.sh loads it.
ovl=
if [[ $job == scenario ]]; then
	ovl=$(find "${root:-}/lib/modules/$KVER" -name 'overlay.ko*' | head -n 1)
fi
if [[ -n $ovl ]]; then
	case "$ovl" in
	*.ko) cp "$ovl" "$build/overlay.ko" ;;
	*.ko.xz) xz -dc "$ovl" >"$build/overlay.ko" ;;
	*.ko.zst) zstd -qdc "$ovl" >"$build/overlay.ko" ;;
	esac
	extra+=(--file "$build/overlay.ko:/lib/modules/overlay.ko")
fi
"$here/initramfs.sh" -o "$initrd" "${mods[@]}" "${bins[@]}" "${extra[@]}" \
	--file "$build/saker.ko:/lib/modules/saker.ko" "${jobfiles[@]}" \
	--job "$here/$job-job.sh"

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
