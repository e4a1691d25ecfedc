#!/usr/bin/env bash
# Installs what the tests need on Debian 12: the reference sysdig (without its
# recommended scap DKMS module, which fails to build for 6.12 kernels and then
# breaks kernel package installs).
set -euo pipefail
need=()
command -v sysdig >/dev/null || need+=(sysdig)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "test-deps: need root to apt-get install ${need[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
