#!/usr/bin/env bash
# bench-driver.sh — `make bench-driver`: the driver benchmark, in one boot of
# Debian 12's 6.1 cloud kernel under qemu (TCG): syscall loops with no module,
# with saker.ko (tracepoints only, the syscalls filtered by the pushdown, and
# capturing everything read by `saker capture -w /dev/null`) and with the
# reference scap.ko read by `sysdig -w /dev/null` (cmd/saker-vmtest/bench.go).
# Prints bench.txt: nanoseconds per iteration, ratios, and the highest paced
# rate each driver keeps without drops.
#
# Usage: scripts/vm/bench-driver.sh [--rounds N] [--seconds S]
#
# The guest uses the TSC clocksource, as real hosts do: under TCG the default
# HPET makes every clock read, the drivers' timestamps included, an emulated
# device access.
#
# Exit status: 0 when the benchmark ran and its readers lost nothing they did
# not count; the targets are printed as met or MISSED.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${SAKER_VM_CACHE:-/var/cache/saker-vm}
args=()
while [[ $# -gt 0 ]]; do
	case "$1" in
	--rounds) args+=("bench_rounds=$2"); shift ;;
	--seconds) args+=("bench_seconds=$2"); shift ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "bench-driver.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done
"$here/kernel-fetch.sh" --series 6.1 >/dev/null
out=$cache/bench-driver
append="clocksource=tsc tsc=reliable"
[[ ${#args[@]} -gt 0 ]] && append+=" ${args[*]}"
rc=0
SAKER_VM_APPEND="$append" "$here/driver-test.sh" --job bench --series 6.1 \
	--root "$cache/root-6.1" --out "$out" --timeout 1500 || rc=$?
if [[ -s $out/bench.txt ]]; then
	cat "$out/bench.txt"
fi
grep '^vmtest: FAIL' "$out/serial.log" >&2 || true
exit "$rc"
