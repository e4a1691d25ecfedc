#!/bin/sh
# driver-job.sh — guest-side job (installed as /etc/vm/job by
# driver-test.sh): runs saker-vmtest, which loads saker.ko, checks a captured
# workload and load/unload cycles, and writes /out/results.json. Kernel
# messages are saved to /out/dmesg.txt for the host to read.
# Runs under busybox sh inside the qemu guest; NEVER on a host (it loads
# modules and writes /etc).
if [ ! -f /etc/vm/job ] || [ ! -d /out ] ; then
	echo "driver-job: not inside the saker qemu guest, refusing" >&2
	exit 1
fi
# Modules of a kernel unpacked outside /lib/modules (driver-test.sh --root).
if [ -s /etc/vm/extra-modules ]; then
	while read -r ko; do
		insmod "$ko" || echo "driver-job: insmod $ko failed"
	done </etc/vm/extra-modules
fi
# Some content for cat to read, as on a real system.
echo 'root:*:19700:0:99999:7:::' >/etc/shadow
chmod 640 /etc/shadow
# Kernel warnings on the console too, so a lockup leaves its stack behind.
echo 4 >/proc/sys/kernel/printk
/usr/bin/saker-vmtest -ko /lib/modules/saker.ko -out /out ${vmtest_args:-}
rc=$?
dmesg >/out/dmesg.txt 2>&1
exit "$rc"
