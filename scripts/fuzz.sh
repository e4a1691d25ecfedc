#!/usr/bin/env bash
# Runs every fuzz target for a while (make fuzz FUZZTIME=5m). `make test`
# already runs each target's seed corpus; this explores beyond it.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:-60s}
grep -rl --include='*_test.go' '^func Fuzz' engine cmd | while read -r f; do
	pkg=./$(dirname "$f")
	for name in $(grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | cut -d' ' -f2); do
		echo "== $pkg $name ($t)"
		go test -run '^$' -fuzz "^${name}\$" -fuzztime "$t" "$pkg"
	done
done
