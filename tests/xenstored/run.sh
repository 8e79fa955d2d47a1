#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/xenstored/run.sh - hx-xenstored's tests: the host tests (protocol,
# permissions, transactions, watches, quotas, malformed input, ring
# transport; ASan + UBSan) and, when Debian's xenstore clients are
# installed, the interop checks (tests/xenstored/interop.sh).
# Prints "xenstored <name>: PASS|FAIL" lines and "N passed, N failed".
#   tests/xenstored/run.sh [TEST-NAME]   (a name runs that host test only)

set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
O=${O:-build}
cd "$ROOT" || exit 2
LOG=$O/check
mkdir -p "$LOG"

if ! make -s O="$O" "$O/host/xenstored-test" "$O/host/hx-xenstored" >"$LOG/xenstored-build.log" 2>&1; then
	cat "$LOG/xenstored-build.log"
	echo "xenstored build: FAIL"
	echo "0 passed, 1 failed"
	exit 1
fi

"$O/host/xenstored-test" "$@" 2>"$LOG/xenstored-test.err" | tee "$LOG/xenstored.log" | grep -v ' passed, '
if [[ $# == 0 ]]; then
	tests/xenstored/interop.sh | tee -a "$LOG/xenstored.log" | grep -v ' passed, '
fi
grep -q ': FAIL' "$LOG/xenstored.log" && sed 's/^/    /' "$LOG/xenstored-test.err" | head -40
passed=$(grep -c ': PASS' "$LOG/xenstored.log")
failed=$(grep -c ': FAIL' "$LOG/xenstored.log")
echo "$passed passed, $failed failed"
((failed == 0))
