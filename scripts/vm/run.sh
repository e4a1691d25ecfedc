#!/usr/bin/env bash
# run.sh — boot a kernel + initramfs in qemu (TCG, no network, serial console)
# with a time limit, and collect the files the guest left in /out.
#
# Usage: run.sh --kernel VMLINUZ --initrd INITRD.cpio.gz [options]
#
#   --kernel FILE      kernel image (e.g. VMLINUZ from kernels.sh)
#   --initrd FILE      initramfs (from initramfs.sh)
#   --timeout SEC      kill qemu after SEC seconds (default 300); exit 124
#   --out-dir DIR      where to extract the guest's /out (default: none; the
#                      guest's output is then discarded)
#   --out-size MB      size of the raw output disk (default 64)
#   --log FILE         also write the serial console output to FILE
#   --mem MB           guest memory (default 1024)
#   --smp N            guest CPUs (default 1)
#   --append ARGS      extra kernel command line arguments
#   --qemu-arg ARG     extra qemu argument; repeatable
#   --interactive      keep stdin attached (serial console is interactive;
#                      Ctrl-a x quits qemu)
#
# How files get out: run.sh attaches a zeroed raw disk as the only virtio
# disk (/dev/vda in the guest, so the initramfs must load virtio_pci and
# virtio_blk; initramfs.sh --module does) and passes vmout=/dev/vda on the
# kernel command line. guest-init.sh writes /out as a plain tar stream onto that
# device; after qemu exits this script untars it. A raw tar needs no guest file
# system driver and, unlike base64 on the serial console, cannot be garbled by
# kernel messages.
#
# Exit status: the guest job's status (from /out/.vm-rc) when --out-dir is
# given, else qemu's; 124 on timeout; 1 if the guest left no status.
# KVM is not used on purpose: it hangs on the machines we run on.
set -euo pipefail

kernel=
initrd=
timeout_s=300
out_dir=
out_size=64
log=
mem=1024
smp=1
append=
interactive=0
qemu_extra=()

while [[ $# -gt 0 ]]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--initrd) initrd=$2; shift ;;
	--timeout) timeout_s=$2; shift ;;
	--out-dir) out_dir=$2; shift ;;
	--out-size) out_size=$2; shift ;;
	--log) log=$2; shift ;;
	--mem) mem=$2; shift ;;
	--smp) smp=$2; shift ;;
	--append) append=$2; shift ;;
	--qemu-arg) qemu_extra+=("$2"); shift ;;
	--interactive) interactive=1 ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done
[[ -r $kernel ]] || { echo "run.sh: --kernel FILE is required and must be readable" >&2; exit 2; }
[[ -r $initrd ]] || { echo "run.sh: --initrd FILE is required and must be readable" >&2; exit 2; }
command -v qemu-system-x86_64 >/dev/null ||
	{ echo "run.sh: qemu-system-x86_64 missing (apt-get install qemu-system-x86)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/saker-vm-run.XXXXXX")
trap 'rm -rf "$work"' EXIT
disk=$work/out.img
truncate -s "${out_size}M" "$disk"

cmdline="console=ttyS0 panic=-1 quiet vmout=/dev/vda${append:+ $append}"
# One host thread for all vCPUs: with multi-threaded TCG (qemu 7.2), guests
# locked up in syscall_trace_enter when a tracepoint's static branch was
# patched (text_poke with int3) while another vCPU ran that code.
qemu=(
	qemu-system-x86_64 -accel tcg,thread=single -m "$mem" -smp "$smp"
	-nographic -no-reboot -nic none
	-kernel "$kernel" -initrd "$initrd" -append "$cmdline"
	-drive "file=$disk,format=raw,if=virtio"
	"${qemu_extra[@]}"
)

rc=0
if [[ $interactive == 1 ]]; then
	timeout --foreground -k 10 "$timeout_s" "${qemu[@]}" || rc=$?
elif [[ -n $log ]]; then
	timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
else
	timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 || rc=$?
fi
if [[ $rc == 124 || $rc == 137 ]]; then
	echo "run.sh: guest did not finish within ${timeout_s}s" >&2
	exit 124
fi
if [[ $rc != 0 ]]; then
	echo "run.sh: qemu exited with status $rc" >&2
	exit "$rc"
fi

[[ -n $out_dir ]] || exit 0
mkdir -p "$out_dir"
tar -xf "$disk" -C "$out_dir"
if [[ ! -f $out_dir/.vm-rc ]]; then
	echo "run.sh: guest left no /out/.vm-rc (job crashed or export failed)" >&2
	exit 1
fi
guest_rc=$(cat "$out_dir/.vm-rc")
rm -f "$out_dir/.vm-rc"
if [[ $guest_rc != 0 ]]; then
	echo "run.sh: guest job exited with status $guest_rc" >&2
fi
exit "$guest_rc"
