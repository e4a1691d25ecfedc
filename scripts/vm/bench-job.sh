#!/bin/sh
# bench-job.sh — guest-side job (installed as /etc/vm/job by
# driver-test.sh --job bench): runs saker-vmtest -bench, which times syscall
# loops with no module, with saker.ko (all syscalls, and filtered out by the
# pushdown) and with the reference scap.ko read by sysdig, and writes
# /out/bench.txt and /out/results.json.
# Runs under busybox sh inside the qemu guest; NEVER on a host (it loads
# modules).
if [ ! -f /etc/vm/job ] || [ ! -d /out ] ; then
	echo "bench-job: not inside the saker qemu guest, refusing" >&2
	exit 1
fi
if [ -s /etc/vm/extra-modules ]; then
	while read -r ko; do
		insmod "$ko" || echo "bench-job: insmod $ko failed"
	done </etc/vm/extra-modules
fi
echo 4 >/proc/sys/kernel/printk
# bench_rounds and bench_seconds come from the kernel command line
# (bench-driver.sh --rounds/--seconds).
/usr/bin/saker-vmtest -bench -rounds "${bench_rounds:-7}" -seconds "${bench_seconds:-1.5}" -ko /lib/modules/saker.ko -out /out
rc=$?
dmesg >/out/dmesg.txt 2>&1
exit "$rc"
