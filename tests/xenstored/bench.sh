#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/xenstored/bench.sh [SECONDS] [ROUNDS] - requests per second over the
# socket for hx-xenstored and, in the same run, Debian's reference C xenstored
# (shared/tools/xenstored-reference/run.sh, needs xen-utils-4.17), with the
# same client (tests/xenstored/xs-bench.c): sequential WRITE+READ pairs on one
# connection, and the same with 16 requests in flight. Both daemons run side
# by side and the measurements alternate for ROUNDS rounds (default 3) of
# SECONDS each (default 2), so load from other work on the machine hits both
# alike; the medians and their ratios are printed. Only processes started
# here are stopped.

set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-build}
SECS=${1:-2}
ROUNDS=${2:-3}
REF=${XS_REFERENCE:-$ROOT/../shared/tools/xenstored-reference/run.sh}
DIR=$(mktemp -d /tmp/hx-xs-bench.XXXXXX)
pids=()

cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	rm -rf "$DIR"
}
trap cleanup EXIT

cd "$ROOT" || exit 2
make -s O="$O" "$O/host/hx-xenstored" || exit 1
gcc -std=c11 -O2 -Wall -Wextra -Werror -Iinclude tests/xenstored/xs-bench.c -o "$O/host/xs-bench" || exit 1

wait_sock() { local i; for i in $(seq 100); do [[ -S $1 ]] && return 0; sleep 0.05; done; return 1; }

declare -A all
measure() { # measure NAME SOCKET MODE
	local out
	out=$("$O/host/xs-bench" "$2" "$3" "$SECS") || { echo "$1 $3: FAILED"; exit 1; }
	echo "  $1: $out"
	all[$1-$3]+="$(sed -E 's/.*: ([0-9]+) pairs\/s.*/\1/' <<<"$out") "
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

"$O/host/hx-xenstored" --socket "$DIR/hx.sock" --no-fork &
pids+=($!)
wait_sock "$DIR/hx.sock" || { echo "hx-xenstored did not start"; exit 1; }
names=(hx-xenstored)
socks=("$DIR/hx.sock")
if [[ -x /usr/lib/xen-4.17/bin/xenstored && -x $REF ]]; then
	"$REF" "$DIR/ref" $((SECS * ROUNDS * 4 + 30)) >"$DIR/ref.log" 2>&1 &
	pids+=($!)
	if wait_sock "$DIR/ref/socket"; then
		names+=(reference-xenstored)
		socks+=("$DIR/ref/socket")
	else
		echo "reference xenstored did not start:"
		cat "$DIR/ref.log"
	fi
else
	echo "reference xenstored: SKIP (needs xen-utils-4.17 and $REF)"
fi

for round in $(seq "$ROUNDS"); do
	echo "round $round"
	for mode in seq pipe; do
		for i in "${!names[@]}"; do measure "${names[$i]}" "${socks[$i]}" "$mode"; done
	done
done
declare -A med
for mode in seq pipe; do
	for name in "${names[@]}"; do
		med[$name-$mode]=$(median "${all[$name-$mode]}")
		echo "median $name $mode: ${med[$name-$mode]} pairs/s"
	done
	if ((${#names[@]} == 2)); then
		awk -v a="${med[hx-xenstored-$mode]}" -v b="${med[reference-xenstored-$mode]}" \
			-v m="$mode" 'BEGIN { printf "ratio %s: %.2fx\n", m, a / b }'
	fi
done
