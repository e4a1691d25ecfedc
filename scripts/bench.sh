#!/usr/bin/env bash
# make bench: throughput of saker against Debian's sysdig 0.29 on the same
# capture in the same run, printed as ratios (these machines are noisy, so
# absolute numbers mean little; the ratios are what we track).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SAKER_SHARED:-../shared}
cap=${BENCH_CAPTURE:-$shared/captures/busybox_workload.scap.gz}
raw=$(mktemp --suffix=.scap)
trap 'rm -f "$raw"' EXIT
# Both tools read the same uncompressed file, so neither pays for gzip.
gzip -dc "$cap" >"$raw" 2>/dev/null || cp "$cap" "$raw"
export TZ=UTC

secs() { # run a command 3 times, print the best wall time in seconds
	local best=""
	for _ in 1 2 3; do
		local s e
		s=$(date +%s.%N)
		"$@" >/dev/null 2>&1
		e=$(date +%s.%N)
		best=$(echo "$s $e ${best:-999999}" | awk '{d=$2-$1; print (d<$3)?d:$3}')
	done
	echo "$best"
}

events=$(bin/saker dump -r "$raw" -p '%evt.num' | wc -l)
fmt='%evt.num %evt.time %proc.name %thread.tid %evt.type %fd.name %evt.args'
filter='evt.type=openat and fd.name contains /etc'

echo "capture: $cap ($events events printed)"
echo
# gobench NAME PKG: events/s of one Go benchmark, best of 3 runs, as secs
# takes the best of 3 for the commands it times.
gobench() {
	go test -run '^$' -bench "^$1\$" -count 3 "$2" | tee /dev/stderr |
		awk -v b="^$1(-[0-9]+)?\$" '$1 ~ b {for (i=1;i<=NF;i++) if ($(i+1)=="events/s") print $i}' |
		sort -n | tail -1
}
ratio() { echo "$1 $2" | awk '{printf "%.2fx", $1/$2}'; }

# sysdig applying one representative filter: the reference for every row.
sd_filter=$(secs sysdig -r "$raw" -p '%evt.num' "$filter")
sd_rate=$(echo "$events $sd_filter" | awk '{printf "%.0f", $1/$2}')
echo "sysdig -r with filter '$filter': ${sd_filter}s, $sd_rate events/s"

echo
echo "== decode + state + the same filter, in memory (BenchmarkDecodeStateFilter)"
dsf=$(gobench BenchmarkDecodeStateFilter ./engine/pipeline/)
echo "saker: $dsf events/s; ratio saker(decode+state+filter) / sysdig(filtered read): $(ratio "$dsf" "$sd_rate") (target 3x)"

echo
echo "== default rules, replaying the file (BenchmarkDefaultRules)"
def=$(gobench BenchmarkDefaultRules ./engine/detect/)
echo "saker: $def events/s; ratio saker(default rules) / sysdig(single filter): $(ratio "$def" "$sd_rate") (target 2x)"

echo
echo "== upstream Falco rules, replaying the file (BenchmarkUpstreamRules)"
up=$(gobench BenchmarkUpstreamRules ./engine/detect/)
echo "saker: $up events/s; ratio saker(upstream rules) / sysdig(single filter): $(ratio "$up" "$sd_rate")"

echo
echo "== end to end: dump -p FORMAT > /dev/null"
ours=$(secs bin/saker dump -r "$raw" -p "$fmt")
theirs=$(secs sysdig -r "$raw" -p "$fmt")
echo "saker dump: ${ours}s ($(echo "$events $ours" | awk '{printf "%.0f", $1/$2}') events/s)"
echo "sysdig -r:  ${theirs}s ($(echo "$events $theirs" | awk '{printf "%.0f", $1/$2}') events/s)"
echo "ratio saker/sysdig (throughput): $(echo "$ours $theirs" | awk '{printf "%.2fx", $2/$1}')"
