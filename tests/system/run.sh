#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/system/run.sh - run the QEMU system tests.
#
#   tests/system/run.sh [--bare] [NAME...]
#
# Every tests/system/<name>.toml is a hospes-run config (usually `include`-ing one of
# configs/) with a [test] table: expect/forbid regexes, timeout, until_expects. Each is
# booted under the hypervisor (build/hospes) with `scripts/hospes-run --test`.
#
# --bare runs, instead, what can pass without the hypervisor, to check the runner and
# the guest side: the [test.bare] variant of each test (the domain's kernel booted
# directly in QEMU), and for every test a dry run that generates its device tree
# against a stand-in image (the [dt] edits must apply).
#
# Prints "system <name>: PASS" or "system <name>: FAIL (<reason>)" per test and ends
# with "N passed, N failed"; exits non-zero if anything failed. Logs (full serial
# output + runner report) go to build/system/<name>.log.

set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CACHE=${HOSPES_CACHE:-/var/cache/hospes}
cd "$ROOT" || exit 2

BARE=0
names=()
for a in "$@"; do
	case $a in
	--bare) BARE=1 ;;
	-h | --help) sed -n '4,18p' "$0"; exit 0 ;;
	*) names+=("$a") ;;
	esac
done
if ((${#names[@]} == 0)); then
	for f in tests/system/*.toml; do
		n=${f##*/}
		names+=("${n%.toml}")
	done
fi

mkdir -p build/system
passed=0 failed=0

report() { # report NAME STATUS LOG
	if [[ $2 = 0 ]]; then
		echo "system $1: PASS"
		passed=$((passed + 1))
	else
		reason=$(sed -n 's/^hospes-run: \(FAIL: \|error: \)//p' "$3" | head -n1)
		echo "system $1: FAIL (${reason:-exit status $2}; log: $3)"
		failed=$((failed + 1))
	fi
}

for n in "${names[@]}"; do
	t=tests/system/$n.toml
	if [[ ! -f $t ]]; then
		echo "system $n: FAIL (no $t)"
		failed=$((failed + 1))
		continue
	fi
	if ((BARE)); then
		log=build/system/$n.dt.log
		scripts/hospes-run "$t" --dry-run --hyp "$CACHE/Image" </dev/null >"$log" 2>&1
		report "${n}[dt]" $? "$log"
		grep -q '^\[test\.bare\]' "$t" || continue
		log=build/system/$n.bare.log
		scripts/hospes-run "$t" --test --bare </dev/null >"$log" 2>&1
		report "${n}[bare]" $? "$log"
	else
		log=build/system/$n.log
		scripts/hospes-run "$t" --test </dev/null >"$log" 2>&1
		report "$n" $? "$log"
	fi
done
# Dry runs leave their generated files behind on purpose; these are not wanted here.
((BARE)) && for n in "${names[@]}"; do rm -rf "build/run/$n"-[0-9]*; done

echo "$passed passed, $failed failed"
((failed == 0))
