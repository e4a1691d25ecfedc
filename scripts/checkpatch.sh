#!/usr/bin/env bash
# Runs the kernel's checkpatch.pl over the driver's C (driver/*.c, *.h and
# probes/*.c) and fails on any error or warning. checkpatch.pl comes from
# Debian's linux-source-6.1 package: only it, spelling.txt and
# const_structs.checkpatch are kept, under $SAKER_CHECKPATCH_DIR
# (/var/cache/saker-vm/checkpatch), fetched once.
# Exit status: 0 clean, 1 style problems, 2 checkpatch could not be fetched.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${SAKER_CHECKPATCH_DIR:-/var/cache/saker-vm/checkpatch}
pl=$dir/linux-source-6.1/scripts/checkpatch.pl

fetch() {
	local tmp
	mkdir -p "$dir"
	tmp=$(mktemp -d "$dir/fetch.XXXXXX")
	trap 'rm -rf "$tmp"' RETURN
	(cd "$tmp" && { apt-get download -q linux-source-6.1 || { apt-get update -qq && apt-get download -q linux-source-6.1; }; }) >&2 || return 1
	dpkg -x "$tmp"/linux-source-6.1_*.deb "$tmp/x" || return 1
	tar -xaf "$tmp"/x/usr/src/linux-source-6.1.tar.xz -C "$dir" --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch' || return 1
}

if [[ ! -f $pl ]]; then
	command -v apt-get >/dev/null && command -v perl >/dev/null ||
		{ echo "checkpatch: needs apt-get and perl" >&2; exit 2; }
	fetch || { echo "checkpatch: could not fetch linux-source-6.1 into $dir" >&2; exit 2; }
fi
cd "$repo"
# --no-tree: outside a kernel tree; spelling.txt and const_structs.checkpatch
# are found next to checkpatch.pl.
perl "$pl" --no-tree --quiet --show-types -f driver/*.c driver/*.h driver/probes/*.c
