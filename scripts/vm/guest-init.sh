#!/bin/sh
# guest-init.sh — default /init (PID 1) of the initramfs built by initramfs.sh.
# Runs under busybox sh inside the qemu guest, so it is POSIX sh, not bash.
#
# 1. mounts proc, sysfs, devtmpfs (kernel modules' device nodes appear there),
#    devpts and tmpfs on /tmp and /run;
# 2. loads the modules listed in /etc/vm/modules (virtio etc.);
# 3. runs /etc/vm/job (or an interactive shell if there is none); the job puts
#    whatever the host should get back into /out;
# 4. writes /out as a tar archive onto the block device named by the kernel
#    command line parameter vmout= (run.sh attaches a raw disk for it), together
#    with /out/.vm-rc, the job's exit status;
# 5. powers off. If that fails, PID 1 exits, the kernel panics and, with
#    panic=-1 and qemu -no-reboot, qemu exits anyway.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /tmp
mount -t tmpfs tmpfs /run
hostname -F /etc/hostname 2>/dev/null || hostname vm
# Keep kernel chatter off the serial console: it interleaves with job output.
echo 1 >/proc/sys/kernel/printk

if [ -s /etc/vm/modules ]; then
	while read -r ko; do
		insmod "$ko" || echo "vm-init: insmod $ko failed"
	done </etc/vm/modules
fi

mkdir -p /out
echo "vm-init: kernel $(uname -r), starting job"
if [ -x /etc/vm/job ]; then
	/etc/vm/job
	rc=$?
else
	setsid cttyhack sh
	rc=$?
fi
echo "$rc" >/out/.vm-rc
echo "vm-init: job exited with status $rc"

# vmout is passed by run.sh on the kernel command line; the kernel hands
# unknown name=value parameters to init as environment variables.
if [ -n "${vmout:-}" ]; then
	i=0
	while [ ! -b "$vmout" ] && [ $i -lt 50 ]; do
		sleep 0.2
		i=$((i + 1))
	done
	if tar -cf "$vmout" -C /out . && sync; then
		echo "vm-init: exported /out to $vmout"
	else
		echo "vm-init: FAILED to export /out to $vmout"
	fi
fi

echo "vm-init: powering off"
sync
poweroff -f
