#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Scheduler costs in instructions, hospes next to Xen 4.17, for docs/benchmarks.md.
#
#   scripts/bench-sched.sh [--no-xen]
#
# Boots two micro-guest configs under QEMU -icount shift=0 -smp 1 (deterministic: one
# executed instruction = 1 ns of guest time; every vCPU shares the one pCPU), each once
# per column, with the same QEMU and the same guest images:
#   tests/guest/bench-sched.toml  (guests/tests/bench-sched) two domains: null hypercall,
#       SCHEDOP_yield with nothing else runnable (a decision, no switch), yield ping-pong
#       between the domains (context switch), wake-up latency of a blocked vCPU receiving
#       an interdomain event (sender's CNTPCT before EVTCHNOP_send -> receiver's upcall
#       handler entry). Under credit2 (the default of both): a yield switches to the
#       other runnable vCPU. (Not under RTDS: there, as in Xen, a yield keeps running the
#       vCPU of earliest deadline, so the ping-pong does not happen.)
#   tests/guest/bench-rtds.toml   (guests/tests/bench-rtds) a periodic task (timer every
#       10.25 ms, 40 releases sweeping the 10 ms period) next to an always-busy domain:
#       release latency = timer handler entry - programmed release time. Columns:
#       sched=rtds (Xen's defaults: period 10 ms, budget 4 ms, extratime) and credit2.
# Xen is Debian's 4.17 build (scripts/setup.sh), which is built without RTDS (an
# UNSUPPORTED scheduler in 4.17): its rtds cells say n/a, and the script checks Xen's
# "Could not find scheduler" line rather than assuming it. Xen runs with xsm=dummy
# (tests/guest/bench-sched.toml says why). --no-xen skips the Xen columns.
# Prints markdown tables; the serial logs stay in build/bench-sched/.
set -euo pipefail
cd "$(dirname "$0")/.."
XEN=1
[[ ${1:-} == --no-xen ]] && XEN=0
LOGS=build/bench-sched
mkdir -p "$LOGS"
make -s build/hospes build/guests/bench-sched.bin build/guests/bench-rtds.bin >/dev/null

# run TAG CONFIG [hospes-run args...] -> "name value" lines (none if the run failed)
run() {
	local tag=$1 cfg=$2
	shift 2
	scripts/hospes-run "$cfg" --test --icount "$@" >"$LOGS/$tag.log" 2>&1 || true
	# Xen falls back to its default scheduler when the one asked for is not built in:
	# those figures would be credit2's, not the column's.
	grep -q "Could not find scheduler" "$LOGS/$tag.log" && return 0
	tr -d '\r' <"$LOGS/$tag.log" | sed -n 's/.*BENCH \([^ ]*\) \([0-9][0-9]*\)$/\1 \2/p'
}
# why_na TAG -> a short reason a run gave no figures
why_na() {
	if grep -q "Could not find scheduler" "$LOGS/$1.log"; then
		echo "n/a (not built into this Xen)"
	elif grep -q "Xen is not installed\|SKIP" "$LOGS/$1.log"; then
		echo "n/a (Xen not installed)"
	else
		echo "n/a (run failed: $LOGS/$1.log)"
	fi
}
get() { awk -v k="$1" '$1 == k { print $2 }' <<<"$2"; }
cell() { # cell KEY RESULTS TAG
	local v
	v=$(get "$1" "$2")
	if [[ -n $v ]]; then echo "$v"; else why_na "$3"; fi
}
ratio() {
	[[ $1 =~ ^[0-9]+$ && $2 =~ ^[0-9]+$ && $2 != 0 ]] || { echo "-"; return; }
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

h_c2=$(run sched-hospes-credit2 tests/guest/bench-sched.toml)
r_h_rt=$(run rtds-hospes-rtds tests/guest/bench-rtds.toml)
r_h_c2=$(run rtds-hospes-credit2 tests/guest/bench-rtds.toml --hyp-args sched=credit2)
x_c2="" r_x_rt="" r_x_c2=""
if ((XEN)); then
	x_c2=$(run sched-xen-credit2 tests/guest/bench-sched.toml --xen)
	r_x_rt=$(run rtds-xen-rtds tests/guest/bench-rtds.toml --xen)
	r_x_c2=$(run rtds-xen-credit2 tests/guest/bench-rtds.toml --xen --hyp-args sched=credit2)
else
	for t in sched-xen-credit2 rtds-xen-rtds rtds-xen-credit2; do
		echo "skipped (--no-xen)" >"$LOGS/$t.log"
	done
fi
[[ -n $h_c2 ]] || { echo "bench-sched: the hospes run failed, see $LOGS/sched-hospes-credit2.log" >&2; exit 1; }

echo "| measurement (instructions) | hospes credit2 | Xen 4.17 credit2 | hospes / Xen |"
echo "|---|---|---|---|"
while read -r k h; do
	x=$(cell "$k" "$x_c2" sched-xen-credit2)
	echo "| $k | $h | $x | $(ratio "$h" "$x") |"
done <<<"$h_c2"
echo
echo "| periodic task next to a busy domain (ns = instructions) | hospes rtds | Xen 4.17 rtds | hospes credit2 | Xen 4.17 credit2 |"
echo "|---|---|---|---|---|"
keys=$(awk '{ print $1 }' <<<"${r_h_rt:-$r_h_c2}")
for k in $keys; do
	echo "| $k | $(cell "$k" "$r_h_rt" rtds-hospes-rtds) | $(cell "$k" "$r_x_rt" rtds-xen-rtds)" \
		"| $(cell "$k" "$r_h_c2" rtds-hospes-credit2) | $(cell "$k" "$r_x_c2" rtds-xen-credit2) |"
done
