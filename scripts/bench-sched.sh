#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Scheduler costs, hospes next to Xen 4.17, from the guests/tests/bench-sched pair of
# micro-guests (tests/guest/bench-sched.toml) on one pCPU with QEMU -icount shift=0
# -smp 1 (one guest nanosecond = one instruction), under credit2 and under rtds
# (sched= on both hypervisors). Prints markdown tables for docs/benchmarks.md:
# the raw guest measurements and the derived costs:
#   decision       = yield-no-switch - null-hypercall
#   context switch = (yield-switch - 2 * yield-no-switch) / 2
#   wake-up        = wake-roundtrip / 2 (event send + waking a blocked vCPU + upcall)
#   timer lateness = how late a periodic vCPU runs after its timer next to a CPU hog
# Under rtds a yield changes nothing (Xen's RTDS semantics): its yield rows show no
# switch, and only wake-up and timer lateness mean something there.
set -euo pipefail
cd "$(dirname "$0")/.."
make -s build/hospes build/guests/bench-sched.bin >/dev/null
run() { # run SCHED [--xen] -> "op value" lines (none if that scheduler is not built in)
	local sched=$1 out
	shift
	out=$(scripts/hospes-run tests/guest/bench-sched.toml --test --icount \
		--hyp-args "sched=$sched" "$@" 2>&1 | tr -d '\r' || true)
	# Debian's Xen 4.17 is built without RTDS (an "unsupported" option there).
	grep -q "Could not find scheduler" <<<"$out" && return 0
	sed -n 's/.*BENCH \([^ ]*\) \([0-9][0-9]*\)$/\1 \2/p' <<<"$out"
}
derive() { # SCHED < raw lines -> derived lines
	awk -v sched="$1" '{ v[$1] = $2 } END {
		printf "decision %d\n", v["yield-no-switch"] - v["null-hypercall"]
		if (sched != "rtds")
			printf "context-switch %d\n", (v["yield-switch"] - 2 * v["yield-no-switch"]) / 2
		printf "wake-up %d\n", v["wake-roundtrip"] / 2
		printf "timer-lateness-avg %d\n", v["timer-lateness-avg"]
		printf "timer-lateness-max %d\n", v["timer-lateness-max"] }'
}
table() { # table HOSPES XEN
	local op h x r
	echo "| measure | hospes | Xen 4.17 | hospes / Xen |"
	echo "|---|---|---|---|"
	while read -r op h; do
		x=$(awk -v op="$op" '$1 == op { print $2 }' <<<"$2")
		if [[ -n $x && $x != 0 ]]; then
			r=$(awk -v h="$h" -v x="$x" 'BEGIN { printf "%.2f", h / x }')
		else
			r="n/a"
			[[ -n $x ]] || x="n/a"
		fi
		echo "| $op | $h | $x | $r |"
	done <<<"$1"
}
for sched in credit2 rtds; do
	h=$(run "$sched")
	x=$(run "$sched" --xen || true)
	echo
	echo "sched=$sched, raw (instructions per operation; lateness in ns = instructions):"
	echo
	table "$h" "$x"
	echo
	echo "sched=$sched, derived:"
	echo
	table "$(derive "$sched" <<<"$h")" "$( [[ -n $x ]] && derive "$sched" <<<"$x")"
done
