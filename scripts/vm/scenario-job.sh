#!/bin/sh
# scenario-job.sh — guest-side job (installed as /etc/vm/job by
# driver-test.sh --job scenario): loads overlayfs for the drop-and-execute scenario, then
# runs saker-vmtest -scenarios, which loads saker.ko, runs saker live
# against `saker eventgen --both` and records a capture into /out.
# Runs under busybox sh inside the qemu guest; NEVER on a host (it loads
# modules and writes /etc).
if [ ! -f /etc/vm/job ] || [ ! -d /out ] ; then
	echo "scenario-job: not inside the saker qemu guest, refusing" >&2
	exit 1
fi
if [ -s /etc/vm/extra-modules ]; then
	while read -r ko; do
		insmod "$ko" || echo "scenario-job: insmod $ko failed"
	done </etc/vm/extra-modules
fi
[ -f /lib/modules/overlay.ko ] && { insmod /lib/modules/overlay.ko || echo "scenario-job: insmod overlay failed"; }
echo 'root:*:19700:0:99999:7:::' >/etc/shadow
chmod 640 /etc/shadow
echo 4 >/proc/sys/kernel/printk
/usr/bin/saker-vmtest -scenarios /usr/bin/saker -ko /lib/modules/saker.ko -out /out
rc=$?
dmesg >/out/dmesg.txt 2>&1
exit "$rc"
