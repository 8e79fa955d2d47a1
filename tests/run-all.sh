#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/run-all.sh - every test level of hospes, as `make check` runs it:
#   static  gcc and clang build the hypervisor with -Werror; every header compiles alone
#   unit    host unit tests (ASan + UBSan), one binary per module
#   fuzz    short libFuzzer runs of the device-tree reader and the xenstore wire parser
#   xenstored  hx-xenstored host tests and interop with Debian's xenstore clients
#   guest   micro-guests, one per hypervisor feature, each booted under hospes in QEMU
#   system  Debian's Linux as dom0 / dom0less domUs, and bad boot inputs
# Prints one line per test and ends with "N passed, N failed"; exits 1 on any failure.
# Select levels with e.g. `tests/run-all.sh unit guest`.

set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT" || exit 2
LOG=build/check
mkdir -p "$LOG"
levels=("$@")
((${#levels[@]})) || levels=(static unit fuzz xenstored guest system)
passed=0 failed=0
failures=()

result() { # result NAME RC
	if [[ $2 == 0 ]]; then
		echo "PASS $1"
		passed=$((passed + 1))
	else
		echo "FAIL $1"
		failed=$((failed + 1))
		failures+=("$1")
	fi
}

# Count "<kind> <name>: PASS|FAIL" lines printed by a sub-runner.
collect() { # collect KIND LOGFILE
	while read -r line; do
		case $line in
		"$1 "*": PASS"*) result "$1/${line#"$1 "}" 0 ;;
		"$1 "*": FAIL"*) result "$1/${line#"$1 "}" 1 ;;
		esac
	done < <(grep -E "^$1 [^ ]+: (PASS|FAIL)" "$2")
}

jobs=$(nproc 2>/dev/null || echo 2)

for level in "${levels[@]}"; do
	echo "== $level"
	case $level in
	static)
		make -j"$jobs" all >"$LOG/build-gcc.log" 2>&1
		result "static/gcc-build-Werror" $?
		make -j"$jobs" clang >"$LOG/build-clang.log" 2>&1
		result "static/clang-build-Werror" $?
		# The debug hypervisor (make DEBUG=1: error returns with file:line), gcc and clang
		make hyp-debug >"$LOG/build-debug.log" 2>&1 &&
			make O=build/clang-debug COMPILER=clang DEBUG=1 build/clang-debug/hospes \
				>>"$LOG/build-debug.log" 2>&1
		result "static/debug-build-Werror" $?
		rc=0
		for h in $(find hyp/include hyp/arch/arm64/include include -name '*.h' 2>/dev/null); do
			echo "#include \"$ROOT/$h\"" | aarch64-linux-gnu-gcc -std=c11 -ffreestanding -nostdinc \
				-isystem "$(aarch64-linux-gnu-gcc -print-file-name=include)" -Wall -Wextra -Werror \
				-Ihyp/include -Ihyp/arch/arm64/include -Iinclude -fsyntax-only -x c - \
				>>"$LOG/headers.log" 2>&1 || { echo "  header does not compile alone: $h"; rc=1; }
		done
		result "static/headers-self-contained" $rc
		make abi-doc-check >"$LOG/abi-doc.log" 2>&1
		result "static/abi-support-doc-matches-hypercall-table" $?
		;;
	unit)
		make -j"$jobs" unit_bins >"$LOG/unit-build.log" 2>&1 || { result "unit/build" 1; continue; }
		for t in build/unit/*; do
			[[ -x $t ]] || continue
			"$t" >"$LOG/unit-${t##*/}.log" 2>&1
			rc=$?
			tail -n1 "$LOG/unit-${t##*/}.log" | sed 's/^/  /'
			result "unit/${t##*/}" $rc
		done
		;;
	fuzz)
		if command -v clang >/dev/null; then
			tests/fuzz/run-fuzz.sh "${FUZZ_SECONDS:-20}" >"$LOG/fuzz.log" 2>&1
			result "fuzz/fdt" $?
			tests/fuzz/run-fuzz-xs.sh "${FUZZ_SECONDS:-20}" >"$LOG/fuzz-xs.log" 2>&1
			result "fuzz/xenstore-wire" $?
		else
			echo "SKIP fuzz (no clang)"
		fi
		;;
	xenstored)
		make -j"$jobs" all >"$LOG/build-xenstored.log" 2>&1 || { result "xenstored/build" 1; continue; }
		tests/xenstored/run.sh >"$LOG/xenstored.log" 2>&1
		collect xenstored "$LOG/xenstored.log"
		;;
	guest)
		make -j"$jobs" all >"$LOG/build-guests.log" 2>&1 || { result "guest/build" 1; continue; }
		tests/guest/run.sh >"$LOG/guest.log" 2>&1
		collect guest "$LOG/guest.log"
		;;
	system)
		make -j"$jobs" all >"$LOG/build-system.log" 2>&1 || { result "system/build" 1; continue; }
		tests/system/run.sh >"$LOG/system.log" 2>&1
		collect system "$LOG/system.log"
		# make debug: gdb attaches to QEMU's stub, with symbols, and stops in start_hypervisor.
		timeout 180 scripts/debug.sh --batch >"$LOG/gdb.log" 2>&1
		grep -q "Breakpoint 1, start_hypervisor" "$LOG/gdb.log"
		result "system/gdb-attach-breakpoint-start_hypervisor" $?
		;;
	*)
		echo "unknown level $level" >&2
		exit 2
		;;
	esac
done

if ((failed)); then
	echo "failed tests:"
	printf '  %s\n' "${failures[@]}"
	echo "logs: $LOG/"
fi
echo "$passed passed, $failed failed"
((failed == 0))
