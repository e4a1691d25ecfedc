#!/usr/bin/env bash
# initramfs.sh — build a gzip'd newc cpio initramfs for qemu guests: a static
# busybox userland, an /init, optional kernel modules (resolved with their
# dependencies from the host's /lib/modules/<kver>), dynamic binaries with all
# their shared libraries, and arbitrary extra files.
#
# Usage: initramfs.sh -o OUT.cpio.gz [options]
#
#   -o, --out FILE        output initramfs (gzip'd cpio, newc format)
#   --init FILE           script to install as /init (PID 1); default is
#                         guest-init.sh next to this script, which mounts the
#                         pseudo file systems, loads --module's, runs the job
#                         and exports /out (see run.sh)
#   --job FILE            script installed as /etc/vm/job, run by the default init
#   --bin PATH[:DEST]     copy an executable (to DEST, default the same path)
#                         plus every shared library ldd reports and the dynamic
#                         loader; repeatable
#   --file SRC:DEST       copy a file or directory to DEST (absolute path in the
#                         guest); repeatable
#   --kver KVER           kernel version whose modules --module refers to
#   --module NAME         kernel module to load at boot, with its dependencies
#                         (in order, via `modprobe -S KVER --show-depends`);
#                         compressed modules are decompressed; repeatable
#
# The guest's module load order is written to /etc/vm/modules, one .ko path per
# line. The guest has a merged /usr (/bin -> usr/bin etc.). Files are owned
# by root in the archive whatever the host owner is.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=
init=$here/guest-init.sh
job=
kver=
bins=()
files=()
modules=()

usage() { sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
	case "$1" in
	-o | --out) out=$2; shift ;;
	--init) init=$2; shift ;;
	--job) job=$2; shift ;;
	--bin) bins+=("$2"); shift ;;
	--file) files+=("$2"); shift ;;
	--kver) kver=$2; shift ;;
	--module) modules+=("$2"); shift ;;
	-h | --help) usage; exit 0 ;;
	*) echo "initramfs.sh: unknown argument: $1" >&2; exit 2 ;;
	esac
	shift
done
[[ -n $out ]] || { echo "initramfs.sh: -o OUT is required" >&2; exit 2; }
if [[ ${#modules[@]} -gt 0 && -z $kver ]]; then
	echo "initramfs.sh: --module needs --kver" >&2
	exit 2
fi

busybox=$(command -v busybox || true)
if [[ -z $busybox ]] || ldd "$busybox" >/dev/null 2>&1; then
	# A dynamically linked busybox would need its libc in the guest too.
	echo "initramfs.sh: need a static busybox (apt-get install busybox-static)" >&2
	exit 1
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/saker-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# Merged-/usr layout like Debian 12's: binaries copied from the host under
# /usr/bin then still answer to /bin/... paths (e.g. a #!/bin/bash line).
mkdir -p "$stage"/{usr/bin,usr/sbin,usr/lib/modules,usr/lib64,etc/vm,proc,sys,dev,tmp,run,root,out}
for d in bin sbin lib lib64; do
	ln -s "usr/$d" "$stage/$d"
done
chmod 1777 "$stage/tmp"
chmod 700 "$stage/root"

cp "$busybox" "$stage/bin/busybox"

# Minimal identity files so tools that map uids to names work.
cat >"$stage/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$stage/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
shadow:x:42:
www-data:x:33:
nogroup:x:65534:
EOF
echo "vm" >"$stage/etc/hostname"

# copy_into SRC DEST: copy a file (dereferencing symlinks) or a directory tree.
copy_into() {
	local src=$1 dest=$2
	# Never write through a symlink in the stage: it would resolve on the host.
	[[ -L $stage/$dest ]] && rm -f "$stage/$dest"
	mkdir -p "$stage/$(dirname "$dest")"
	if [[ -d $src ]]; then
		mkdir -p "$stage/$dest"
		cp -a "$src/." "$stage/$dest/"
	else
		cp -L "$src" "$stage/$dest"
	fi
}

# Dynamic executables: the binary, each library at the path ldd resolved it
# to, and the loader (the line ldd prints without "=>").
for spec in "${bins[@]}"; do
	src=${spec%%:*}
	dest=$src
	[[ $spec == *:* ]] && dest=${spec#*:}
	[[ -x $src ]] || { echo "initramfs.sh: not an executable: $src" >&2; exit 1; }
	copy_into "$src" "$dest"
	if ldd_out=$(ldd "$src" 2>/dev/null); then
		if grep -q 'not found' <<<"$ldd_out"; then
			echo "initramfs.sh: $src has unresolved libraries:" >&2
			grep 'not found' <<<"$ldd_out" >&2
			exit 1
		fi
		while read -r lib; do
			[[ -e $stage/$lib ]] || copy_into "$lib" "$lib"
		done < <(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$ldd_out")
	fi
done

for spec in "${files[@]}"; do
	[[ $spec == *:/* ]] || { echo "initramfs.sh: --file wants SRC:/DEST, got $spec" >&2; exit 2; }
	src=${spec%%:*}
	dest=${spec#*:}
	[[ -e $src ]] || { echo "initramfs.sh: no such file: $src" >&2; exit 1; }
	copy_into "$src" "$dest"
done

# One busybox symlink per applet, at the path busybox itself reports, but only
# where --bin/--file put nothing: real binaries win over applets.
while read -r applet; do
	[[ -z $applet || -e $stage/$applet || -L $stage/$applet ]] && continue
	mkdir -p "$stage/$(dirname "$applet")"
	ln -s /bin/busybox "$stage/$applet"
done < <("$stage/bin/busybox" --list-full)

# Kernel modules, in dependency order; built-in ones are skipped.
: >"$stage/etc/vm/modules"
for m in "${modules[@]}"; do
	while read -r verb path _; do
		[[ $verb == insmod ]] || continue
		name=$(basename "$path")
		base=${name%%.ko*}
		dest=/lib/modules/$base.ko
		grep -qx "$dest" "$stage/etc/vm/modules" && continue
		case "$name" in
		*.ko) cp "$path" "$stage$dest" ;;
		*.ko.xz) xz -dc "$path" >"$stage$dest" ;;
		*.ko.zst) zstd -qdc "$path" >"$stage$dest" ;;
		*.ko.gz) gzip -dc "$path" >"$stage$dest" ;;
		*) echo "initramfs.sh: unknown module format: $path" >&2; exit 1 ;;
		esac
		echo "$dest" >>"$stage/etc/vm/modules"
	done < <(modprobe -S "$kver" --show-depends "$m")
done

install -m 0755 "$init" "$stage/init"
[[ -n $job ]] && install -m 0755 "$job" "$stage/etc/vm/job"

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --quiet -R 0:0) | gzip -6 >"$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs.sh: wrote $out ($(du -h "$out" | cut -f1))" >&2
