#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Instructions per hypervisor operation, hospes next to Xen 4.17, from the
# guests/tests/bench-ops micro-guest booted the same way under both, with
# QEMU -icount shift=0 -smp 1 (deterministic: one instruction = 1 ns of guest
# time). Prints a markdown table for docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/hospes build/guests/bench-ops.bin >/dev/null
run() { # run [--xen] -> "op value" lines
	scripts/hospes-run tests/guest/bench-ops.toml --test --icount "$@" 2>&1 |
		tr -d '\r' | sed -n 's/.*BENCH \([^ ]*\) \([0-9][0-9]*\)$/\1 \2/p'
}
hospes=$(run)
xen=$(run --xen || true)
echo "| operation | hospes (instructions) | Xen 4.17 (instructions) | hospes / Xen |"
echo "|---|---|---|---|"
while read -r op h; do
	x=$(awk -v op="$op" '$1 == op { print $2 }' <<<"$xen")
	if [[ -n $x ]]; then
		ratio=$(awk -v h="$h" -v x="$x" 'BEGIN { printf "%.2f", h / x }')
	else
		x="n/a" ratio="n/a"
	fi
	echo "| $op | $h | $x | $ratio |"
done <<<"$hospes"
