#!/bin/bash
# guest-test.sh — runs inside the booted Debian guest as saker-e2e.service
# and checks the installed saker package as a user would use it. run.sh
# installs it; it is not meant to run on a host.
#
# The kernel command line says what to do:
#   saker_e2e.phase=NAME   prefix of the result lines and name of the files
#   saker_e2e.mode=quick   module, service, the default rules' /etc/shadow alert
#   saker_e2e.mode=full    quick, then a custom rule in rules.d and a reload,
#                          stop, unload, dpkg --purge and what must be gone
#
# Each step writes one line "RESULT PHASE.STEP PASS|FAIL detail" to
# /var/lib/saker-e2e/PHASE.results and to the console; the host reads the
# file back from the image. At the end the journal goes to PHASE.journal and
# the unit's SuccessAction/FailureAction power the guest off.
set -uo pipefail

phase=boot
mode=quick
read -ra cmdline </proc/cmdline
for arg in "${cmdline[@]}"; do
	case $arg in
	saker_e2e.phase=*) phase=${arg#*=} ;;
	saker_e2e.mode=*) mode=${arg#*=} ;;
	esac
done
out=/var/lib/saker-e2e
mkdir -p "$out"
results=$out/$phase.results
: >"$results"
failed=0

# result STEP PASS|FAIL DETAIL...
result() {
	local step=$1 status=$2
	shift 2
	local line="RESULT $phase.$step $status $*"
	echo "$line" >>"$results"
	echo "$line"
	[[ $status == PASS ]] || failed=1
	sync "$results"
}
info() { echo "INFO $phase $*" | tee -a "$results"; }
# flat TEXT: TEXT on one line.
flat() { tr '\n' ' ' <<<"$1"; }

# check STEP DETAIL CMD...: PASS when CMD succeeds; its output goes into the
# detail on failure.
check() {
	local step=$1 detail=$2 o
	shift 2
	if o=$("$@" 2>&1); then
		result "$step" PASS "$detail"
	else
		result "$step" FAIL "$detail: $(printf '%s' "$o" | tail -n 5 | tr '\n' '|')"
	fi
}

saker_log() { journalctl -b -u saker.service -o cat --no-pager 2>/dev/null; }

# wait_log SECONDS FIXED-STRING: until saker's journal contains the string.
wait_log() {
	local deadline=$((SECONDS + $1))
	while ((SECONDS < deadline)); do
		saker_log | grep -qF -- "$2" && return 0
		sleep 1
	done
	return 1
}

state() { systemctl show -P "$1" saker.service 2>/dev/null; }

finish() {
	journalctl -b --no-pager >"$out/$phase.journal" 2>&1
	info "done failed=$failed"
	sync
	exit "$failed"
}

info "kernel=$(uname -r) mode=$mode"
info "dkms: $(dkms status 2>/dev/null | tr '\n' '|')"

# --- The module and the service ---------------------------------------------
check modprobe "modprobe saker ($(modinfo -n saker 2>&1))" modprobe saker
check device "/dev/saker is a character device" test -c /dev/saker
check start "systemctl start saker" systemctl start saker.service

# Running: active, and saker says it reads the live device (it opened
# /dev/saker and started the capture).
if wait_log 120 "reading events from live (/dev/saker)" && [[ $(state ActiveState) == active ]]; then
	result running PASS "ActiveState=active, saker reads /dev/saker"
else
	result running FAIL "ActiveState=$(state ActiveState) SubState=$(state SubState); log: $(saker_log | tail -n 5 | tr '\n' '|')"
fi

check shadow "cat /etc/shadow" cat /etc/shadow
want="Sensitive file opened for reading by untrusted program (file=/etc/shadow command=cat /etc/shadow"
if wait_log 60 "$want"; then
	result shadow_alert PASS "$(saker_log | grep -F -- "$want" | head -n 1)"
else
	result shadow_alert FAIL "no \"$want\" in journalctl -u saker within 60s; log: $(saker_log | tail -n 5 | tr '\n' '|')"
fi

if [[ $mode != full ]]; then
	check stop "systemctl stop saker" systemctl stop saker.service
	check unload "modprobe -r saker" modprobe -r saker
	finish
fi

# --- A custom rule in rules.d, loaded by a reload --------------------------
# The shipped configuration must list rules.d among its rules_files.
rules_files=$(awk '/^rules_files:/ { in_list = 1; next } in_list && /^[[:space:]]*-/ { print $2; next } in_list && /^[^[:space:]#]/ { in_list = 0 }' /etc/saker/saker.yaml)
if grep -qx /etc/saker/rules.d <<<"$rules_files"; then
	result rules_d_configured PASS "rules_files: $(flat "$rules_files")"
else
	result rules_d_configured FAIL "rules_files in /etc/saker/saker.yaml lacks /etc/saker/rules.d: $(flat "$rules_files")"
fi

marker=/etc/saker-e2e-marker
echo e2e >"$marker"
cat >/etc/saker/rules.d/50-e2e.yaml <<EOF
- rule: E2E marker read
  desc: The e2e test's own rule, loaded from rules.d by a reload.
  condition: evt.type in (open, openat, openat2) and fd.name = $marker
  output: saker-e2e custom rule fired (file=%fd.name command=%proc.cmdline)
  priority: NOTICE
EOF
before=$(saker_log | grep -c "rules enabled of")
check reload "systemctl reload saker" systemctl reload saker.service
# The reload compiles the rules aside; its "N rules enabled" line says it
# is done, and its N must have grown by the new rule.
deadline=$((SECONDS + 60))
while ((SECONDS < deadline)) && (($(saker_log | grep -c "rules enabled of") <= before)); do sleep 1; done
counts=$(saker_log | grep -o '[0-9]* rules enabled of [0-9]* loaded' | awk '{print $1}')
first=$(head -n 1 <<<"$counts")
last=$(tail -n 1 <<<"$counts")
if (($(wc -l <<<"$counts") > before)) && [[ -n $first && $last == $((first + 1)) ]] && ! saker_log | grep -q "rules reload failed"; then
	result reload_loaded PASS "rules enabled: $first before, $last after the reload"
else
	result reload_loaded FAIL "rules enabled counts: $(flat "$counts"); log: $(saker_log | tail -n 5 | tr '\n' '|')"
fi

# The new engine takes over between two events, so read the marker until
# the alert shows up.
want="saker-e2e custom rule fired (file=$marker command=cat $marker)"
deadline=$((SECONDS + 60))
ok=0
while ((SECONDS < deadline)); do
	cat "$marker" >/dev/null
	if wait_log 2 "$want"; then ok=1; break; fi
done
if [[ $ok == 1 ]]; then
	result custom_alert PASS "$(saker_log | grep -F -- "$want" | head -n 1)"
else
	result custom_alert FAIL "no \"$want\" within 60s; log: $(saker_log | tail -n 5 | tr '\n' '|')"
fi

# --- Stop, unload, purge -------------------------------------------------------
check stop "systemctl stop saker" systemctl stop saker.service
st=$(state ActiveState)
if [[ $st == inactive ]]; then
	result stopped PASS "ActiveState=inactive Result=$(state Result)"
else
	result stopped FAIL "ActiveState=$st (want inactive) Result=$(state Result)"
fi
check unload "modprobe -r saker" modprobe -r saker
if grep -q '^saker ' /proc/modules; then
	result unloaded FAIL "saker still in /proc/modules"
else
	result unloaded PASS "saker not in /proc/modules"
fi

check purge "dpkg --purge saker" dpkg --purge saker

left=$(find /lib/modules /usr/lib/modules -name 'saker.ko*' 2>/dev/null | sort -u)
if [[ -z $left ]]; then
	result purged_ko PASS "no saker.ko under /lib/modules"
else
	result purged_ko FAIL "left: $(flat "$left")"
fi
left=$(dkms status 2>&1 | grep -i saker)
if [[ -z $left ]]; then
	result purged_dkms PASS "no saker in dkms status"
else
	result purged_dkms FAIL "dkms status: $left"
fi
left=$(ls -d /usr/src/saker-* /var/lib/dkms/saker 2>/dev/null)
if [[ -z $left ]]; then
	result purged_src PASS "no /usr/src/saker-*, no /var/lib/dkms/saker"
else
	result purged_src FAIL "left: $(flat "$left")"
fi
left=$(ls /usr/lib/systemd/system/saker.service /lib/systemd/system/saker.service \
	/etc/systemd/system/saker.service /etc/systemd/system/*/saker.service 2>/dev/null)
load=$(state LoadState)
if [[ -z $left && $load == not-found ]]; then
	result purged_unit PASS "no saker.service unit file, LoadState=not-found"
else
	result purged_unit FAIL "LoadState=$load, left: $(flat "$left")"
fi
if [[ ! -e /etc/saker ]]; then
	result purged_etc PASS "no /etc/saker"
else
	result purged_etc FAIL "left: $(find /etc/saker | tr '\n' ' ')"
fi
left=$(dpkg-query -W -f='${Status}' saker 2>/dev/null)
if [[ -z $left || $left == "unknown ok not-installed" ]]; then
	result purged_dpkg PASS "dpkg knows no saker"
else
	result purged_dpkg FAIL "dpkg status: $left"
fi
finish
