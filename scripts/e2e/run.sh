#!/usr/bin/env bash
# run.sh — the booted-Debian package test: install an older saker .deb in a
# Debian 12 root file system, edit its configuration, upgrade to a newer
# .deb, upgrade the kernel to 6.12, then boot the result under qemu and use
# saker as a user would (module, service, alerts, a rules.d rule and a
# reload, stop, unload, purge).
#
# Usage: scripts/e2e/run.sh --old-deb OLD.deb --new-deb NEW.deb --out DIR
#                           [--cache DIR] [--timeout SEC] [--no-612-boot] [--keep]
#
#   --old-deb FILE   the version installed first
#   --new-deb FILE   the upgrade (must be a newer version)
#   --out DIR        results.txt, the serial logs, the guests' journals and
#                    the chroot's logs go here
#   --cache DIR      default $SAKER_E2E_CACHE, else /var/cache/saker-e2e; the
#                    root file system is built there once (rootfs.sh) and
#                    each run works on a fresh copy in DIR/run-*
#   --timeout SEC    hard limit for each boot (default 420)
#   --no-612-boot    skip the boot of the 6.12 kernel
#   --keep           keep the run's copy and disk image (for debugging)
#
# In the chroot (before any boot; the kernel upgrade is done there too):
#   install_old (apt-get install ./OLD.deb), edit, upgrade (dpkg -i NEW.deb),
#   upgraded, conffile_kept, no_conffile_copies, dkms_61, kernel_612, dkms_612
# Boot boot612 (6.12 cloud kernel, quick): module, service, /etc/shadow alert.
# Boot boot61 (6.1 cloud kernel, full): the same, then a rules.d rule and a
# reload, stop, unload, dpkg --purge and what must be gone (guest-test.sh).
#
# Every check is one line "RESULT PHASE.STEP PASS|FAIL detail" in
# DIR/results.txt; the exit status is 0 only when all passed. Needs root,
# qemu-system-x86_64, debootstrap, mkfs.ext4 and debugfs.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR
. "$here/lib.sh"

old_deb=
new_deb=
out=
cache=${SAKER_E2E_CACHE:-/var/cache/saker-e2e}
boot_timeout=420
boot612=1
keep=0
while [[ $# -gt 0 ]]; do
	case "$1" in
	--old-deb) old_deb=$2; shift ;;
	--new-deb) new_deb=$2; shift ;;
	--out) out=$2; shift ;;
	--cache) cache=$2; shift ;;
	--timeout) boot_timeout=$2; shift ;;
	--no-612-boot) boot612=0 ;;
	--keep) keep=1 ;;
	-h | --help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done
[[ -r $old_deb && -r $new_deb ]] || { echo "run.sh: --old-deb and --new-deb must name readable .deb files" >&2; exit 2; }
[[ -n $out ]] || { echo "run.sh: --out DIR is required" >&2; exit 2; }
[[ $(id -u) == 0 ]] || e2e_die "run.sh needs root (chroot, dpkg in the chroot)"
for tool in qemu-system-x86_64:qemu-system-x86 mkfs.ext4:e2fsprogs debugfs:e2fsprogs dpkg-deb:dpkg; do
	command -v "${tool%%:*}" >/dev/null || e2e_die "${tool%%:*} missing (apt-get install ${tool#*:})"
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
results=$out/results.txt
: >"$results"
failed=0
t_start=$SECONDS

# result PHASE.STEP PASS|FAIL DETAIL...
result() {
	local step=$1 status=$2
	shift 2
	echo "RESULT $step $status $*" | tee -a "$results" >&2
	[[ $status == PASS ]] || failed=1
}
info() { echo "INFO $*" | tee -a "$results" >&2; }

old_ver=$(dpkg-deb -f "$old_deb" Version)
new_ver=$(dpkg-deb -f "$new_deb" Version)
dpkg --compare-versions "$new_ver" gt "$old_ver" || e2e_die "--new-deb $new_ver is not newer than --old-deb $old_ver"

eval "$("$here/rootfs.sh" --cache "$cache" | grep '^ROOTFS=')"
info "rootfs $ROOTFS ready after $((SECONDS - t_start))s"

work=$(mktemp -d "$cache/run-XXXXXX")
root=$work/root
cleanup() {
	chroot_down
	if [[ $keep == 1 ]]; then
		e2e_log "kept $work"
	else
		remove_tree "$work" || true
	fi
}
trap cleanup EXIT
# A signal ends the run through exit, so the EXIT trap unmounts.
trap 'exit 143' TERM
trap 'exit 130' INT
cp -a "$ROOTFS" "$root"
rm -f "$root/.complete"

# --- In the chroot: install, edit, upgrade, kernel upgrade --------------------
chroot_up "$root"
cp "$old_deb" "$root/tmp/saker-old.deb"
cp "$new_deb" "$root/tmp/saker-new.deb"
clog=$out/chroot.log
: >"$clog"

# step NAME DETAIL CMD...: run CMD in the chroot, its output in chroot.log.
step() {
	local name=$1 detail=$2 rc=0
	shift 2
	echo "### $name: $*" >>"$clog"
	in_chroot "$root" "$@" </dev/null >>"$clog" 2>&1 || rc=$?
	if [[ $rc == 0 ]]; then
		result "chroot.$name" PASS "$detail"
	else
		result "chroot.$name" FAIL "$detail: exit status $rc (see chroot.log)"
	fi
	return "$rc"
}

# kver SERIES: the installed cloud kernel of that series in the chroot.
kver() {
	local v
	v=$(cd "$root/boot" && ls vmlinuz-"$1".*-cloud-amd64 2>/dev/null | sed 's/^vmlinuz-//' | sort -V | tail -n 1)
	echo "$v"
}

# dkms_check SERIES: saker NEW is built and installed for that kernel.
dkms_check() {
	local k status ko
	k=$(kver "$1")
	status=$(in_chroot "$root" dkms status saker 2>/dev/null || true)
	info "dkms status after ${2}: $(tr '\n' '|' <<<"$status")"
	ko=$(ls "$root/lib/modules/$k/updates/dkms/"saker.ko* 2>/dev/null | head -n 1)
	# The upgrade took the old version out of DKMS.
	if [[ -n $k ]] && grep -q "^saker/$new_ver, $k, x86_64: installed" <<<"$status" && [[ -n $ko ]] &&
		! grep -q "^saker/${old_ver}[,:]" <<<"$status"; then
		result "chroot.dkms_${1//./}" PASS "saker/$new_ver installed for $k: ${ko#"$root"}"
	else
		result "chroot.dkms_${1//./}" FAIL "kernel ${k:-none}: want \"saker/$new_ver, $k, x86_64: installed\", no saker/$old_ver, and /lib/modules/$k/updates/dkms/saker.ko; dkms status: $(tr '\n' '|' <<<"$status"), module: ${ko:-none}"
	fi
}

t0=$SECONDS
# The first install is the documented one, apt-get on the file, which also
# installs the dependencies (from the tree's apt cache: no download, though
# apt's --no-download refuses local files); the upgrade is dpkg.
if step install_old "apt-get install ./saker_${old_ver}_amd64.deb" \
	apt-get install -y -q /tmp/saker-old.deb; then
	# An edited conffile must survive the upgrade (dpkg keeps it untouched
	# when the package's version of it did not change).
	mark="# saker-e2e: local edit $$"
	echo "$mark" >>"$root/etc/saker/saker.yaml"
	result chroot.edit PASS "appended \"$mark\" to /etc/saker/saker.yaml"
	step upgrade "dpkg -i saker $new_ver over $old_ver" dpkg -i /tmp/saker-new.deb || true
	got=$(in_chroot "$root" dpkg-query -W -f='${Version} ${Status}' saker 2>&1 || true)
	if [[ $got == "$new_ver install ok installed" ]]; then
		result chroot.upgraded PASS "dpkg-query: $got"
	else
		result chroot.upgraded FAIL "dpkg-query: \"$got\", want \"$new_ver install ok installed\""
	fi
	if grep -qxF "$mark" "$root/etc/saker/saker.yaml"; then
		result chroot.conffile_kept PASS "the edit of /etc/saker/saker.yaml survived the upgrade"
	else
		result chroot.conffile_kept FAIL "the edit of /etc/saker/saker.yaml is gone after the upgrade ($(ls "$root"/etc/saker/ | tr '\n' ' '))"
	fi
	if ls "$root"/etc/saker/*.dpkg-* >/dev/null 2>&1; then
		result chroot.no_conffile_copies FAIL "dpkg left $(cd "$root/etc/saker" && ls ./*.dpkg-* | tr '\n' ' ')"
	else
		result chroot.no_conffile_copies PASS "no .dpkg-new/.dpkg-old/.dpkg-dist in /etc/saker"
	fi
	dkms_check 6.1 "the upgrade"
fi
info "install and upgrade took $((SECONDS - t0))s"

# The kernel upgrade, from the packages rootfs.sh downloaded (no network).
t0=$SECONDS
step kernel_612 "apt-get install linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64" \
	apt-get install -y -q --no-download linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64 || true
dkms_check 6.12 "the 6.12 kernel install"
info "kernel upgrade took $((SECONDS - t0))s"
chroot_down

# --- The image -----------------------------------------------------------------
install -D -m 755 "$here/guest-test.sh" "$root/usr/local/lib/saker-e2e/guest-test.sh"
cat >"$root/etc/systemd/system/saker-e2e.service" <<'EOF'
[Unit]
Description=saker e2e package test (scripts/e2e/guest-test.sh)
After=multi-user.target
SuccessAction=poweroff
FailureAction=poweroff
[Service]
Type=oneshot
ExecStart=/usr/local/lib/saker-e2e/guest-test.sh
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=400
[Install]
WantedBy=multi-user.target
EOF
mkdir -p "$root/etc/systemd/system/multi-user.target.wants"
ln -sf /etc/systemd/system/saker-e2e.service "$root/etc/systemd/system/multi-user.target.wants/saker-e2e.service"
# Only the test runs on the console; a login prompt would interleave.
ln -sf /dev/null "$root/etc/systemd/system/serial-getty@ttyS0.service"
rm -rf "$root/var/lib/saker-e2e"

t0=$SECONDS
img=$work/disk.img
size_mb=$(($(du -sm "$root" | cut -f1) + 1024))
truncate -s "${size_mb}M" "$img"
mkfs.ext4 -q -F -L saker-e2e -d "$root" "$img" ||
	e2e_die "mkfs.ext4 -d failed"
info "ext4 image of ${size_mb} MiB made in $((SECONDS - t0))s"

# boot PHASE SERIES MODE: boot the image with that kernel and collect the
# guest's results.
boot() {
	local phase=$1 series=$2 mode=$3 k rc=0 serial=$out/$1.serial.log t0=$SECONDS
	k=$(kver "$series")
	if [[ -z $k || ! -e $root/boot/initrd.img-$k ]]; then
		result "$phase.boot" FAIL "no $series kernel and initrd in the image"
		return
	fi
	e2e_log "booting $k ($mode), serial log $serial"
	timeout -k 10 "$boot_timeout" qemu-system-x86_64 -accel tcg,thread=single -m 2048 -smp 1 \
		-nographic -no-reboot -nic none \
		-kernel "$root/boot/vmlinuz-$k" -initrd "$root/boot/initrd.img-$k" \
		-append "root=/dev/vda rw console=ttyS0 loglevel=4 panic=-1 saker_e2e.phase=$phase saker_e2e.mode=$mode" \
		-drive "file=$img,format=raw,if=virtio" </dev/null >"$serial" 2>&1 || rc=$?
	case $rc in
	0) result "$phase.boot" PASS "$k booted and powered off in $((SECONDS - t0))s" ;;
	124 | 137) result "$phase.boot" FAIL "$k: no power-off within ${boot_timeout}s (serial log: $serial)" ;;
	*) result "$phase.boot" FAIL "$k: qemu exit status $rc (serial log: $serial)" ;;
	esac
	local f
	for f in results journal; do
		rm -f "$out/$phase.$f"
		debugfs -R "dump -p /var/lib/saker-e2e/$phase.$f $out/$phase.$f" "$img" >/dev/null 2>&1 || true
	done
	if [[ ! -s $out/$phase.results ]]; then
		result "$phase.guest" FAIL "the guest left no /var/lib/saker-e2e/$phase.results"
		return
	fi
	tee -a "$results" <"$out/$phase.results" >&2
	grep -q "^RESULT $phase\.[^ ]* FAIL" "$out/$phase.results" && failed=1
	grep -q "^INFO $phase done" "$out/$phase.results" ||
		result "$phase.guest" FAIL "guest-test.sh did not finish (see $serial)"
}

# The 6.12 boot only reads, so the 6.1 boot, which purges, can follow on the
# same image.
[[ $boot612 == 1 ]] && boot boot612 6.12 quick
boot boot61 6.1 full

info "total $((SECONDS - t_start))s"
if [[ $failed != 0 ]]; then
	e2e_log "FAILED: $(grep -c '^RESULT [^ ]* FAIL' "$results") checks (see $results)"
	exit 1
fi
e2e_log "all $(grep -c '^RESULT ' "$results") checks passed"
