#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# bench-boot.sh - time how long a system takes from QEMU start to a guest's init marker.
#
#   scripts/bench-boot.sh [--runs N] [--config FILE] [--bare DOMAIN | --hyp]
#                         [--marker REGEX] [--no-icount] [-- HOSPES-RUN-ARGS...]
#
# Defaults: 5 runs of configs/domus-only.toml booted --bare as domu1 (Linux without the
# hypervisor: the baseline), marker "HOSPES-MARKER: <domain> reached init". With --hyp
# the whole system boots under build/hospes and the marker is the last domU's, with the
# "(dN) " console prefix allowed.
#
# Prints every run's wall time (seconds from QEMU start to the marker, as measured by
# scripts/hospes-run), the median, and then one run under --icount (-icount shift=0,
# one CPU: instruction-counted, so the guest's clock is deterministic), reporting both
# the wall time and the guest kernel's own timestamp of "Run /init" (virtual seconds).
# Each run stops QEMU as soon as the marker is seen.

set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=5
CONFIG=configs/domus-only.toml
BARE=domu1
MARKER=
ICOUNT=1
EXTRA=()

while (($#)); do
	case $1 in
	--runs) RUNS=$2; shift 2 ;;
	--config) CONFIG=$2; shift 2 ;;
	--bare) BARE=$2; shift 2 ;;
	--hyp) BARE=; shift ;;
	--marker) MARKER=$2; shift 2 ;;
	--no-icount) ICOUNT=0; shift ;;
	--) shift; EXTRA=("$@"); break ;;
	*) echo "usage: $0 [--runs N] [--config F] [--bare DOMAIN | --hyp] [--marker RE]" \
		"[--no-icount] [-- hospes-run args]" >&2; exit 2 ;;
	esac
done
cd "$ROOT"

if [[ -z $MARKER ]]; then
	if [[ -n $BARE ]]; then
		MARKER="HOSPES-MARKER: $BARE reached init"
	else
		last=$(python3 -c 'import sys, tomllib
c = tomllib.load(open(sys.argv[1], "rb"))
d = c.get("domu") or []
print(d[-1].get("name", "domu%d" % len(d)) if d else "dom0")' "$CONFIG")
		MARKER="HOSPES-MARKER: $last reached init"
	fi
fi
MODE_ARGS=()
[[ -n $BARE ]] && MODE_ARGS=(--bare "$BARE")
what=${BARE:+bare $BARE}
what=${what:-hypervisor}

LOG=$(mktemp)
trap 'rm -f "$LOG" "$LOG.serial"' EXIT

# one_run ARGS...: prints the seconds to the marker, or fails.
one_run() {
	if ! scripts/hospes-run "$CONFIG" "${MODE_ARGS[@]}" --expect "$MARKER" --until-expects \
		--timeout 300 --log "$LOG.serial" "$@" "${EXTRA[@]}" >"$LOG" 2>&1; then
		echo "bench-boot: run failed:" >&2
		tail -n 20 "$LOG" >&2
		return 1
	fi
	sed -n 's/^hospes-run: matched .* at \([0-9.]*\) s$/\1/p' "$LOG" | tail -n1
}

echo "bench-boot: $what, $CONFIG, marker /$MARKER/, $RUNS runs"
times=()
for ((i = 1; i <= RUNS; i++)); do
	t=$(one_run)
	echo "  run $i: $t s"
	times+=("$t")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {
	if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
echo "bench-boot: median wall time to marker: $median s ($what, $RUNS runs)"

if ((ICOUNT)); then
	t=$(one_run --icount)
	guest=$(sed -n 's/^\[ *\([0-9.]*\)\] Run \/init as init process.*/\1/p' "$LOG.serial" |
		tail -n1)
	echo "bench-boot: icount (-icount shift=0, 1 CPU): wall $t s to marker;" \
		"guest clock at 'Run /init': ${guest:-n/a} s"
fi
