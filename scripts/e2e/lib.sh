# shellcheck shell=bash
# lib.sh — helpers shared by the e2e scripts (sourced, not run): the
# chroot helpers of scripts/lib/chroot.sh, and e2e's log lines.

# shellcheck source=scripts/lib/chroot.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/chroot.sh"
export CHROOT_TAG=e2e # read by chroot.sh

e2e_log() { echo "e2e: $*" >&2; }
e2e_die() { e2e_log "$*"; exit 1; }
