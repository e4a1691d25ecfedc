#!/usr/bin/env bash
# Fetches the three kernel series the driver is tested on (Debian 12's 6.1 and
# 6.12, Debian 11's 5.10), unpacked privately under the cache, and prints the
# SAKER_VM_KERNELS value the VM test takes. Nothing is installed on the host.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${SAKER_VM_CACHE:-/var/cache/saker-vm}
spec=()
for s in 6.1 5.10 6.12; do
	"$here/kernel-fetch.sh" --series "$s" >/dev/null
	spec+=("$s:$cache/root-$s")
done
echo "${spec[*]}"
