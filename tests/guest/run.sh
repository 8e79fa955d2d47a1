#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# tests/guest/run.sh - run the micro-guest tests (guests/tests/<name>/main.c).
#
#   tests/guest/run.sh [--bare | --xen] [NAME...]
#
# Every tests/guest/<name>.toml is a hospes-run config that boots one or more
# micro-guests as dom0less domUs under the hypervisor (build/hospes), with a [test]
# table: expect/forbid regexes and a timeout. A guest prints exactly one line
# "HOSPES-TEST <guest>: SUCCESS|SKIP|ERROR|FAILURE <message>" and powers off; SKIP
# counts as a pass but is reported. An optional [test] key `ordered` (a list of regexes)
# is checked here on the serial log: each must match a line after the one the previous
# regex matched.
#
# An optional [test] key `free_pages_balanced = true` makes this script compare the
# hypervisor's free page count before the domains are created ("free pages before
# domains: N") with the count once all of them are gone ("free pages at power-off: N",
# else the last "dN destroyed, ..., N pages free"): every page must come back. Without
# the baseline line the check is skipped and the PASS line says so.
#
# HOSPES_HYP=<image> runs the configs on another hypervisor image (hospes-run --hyp).
#
# --bare boots each guest image of each config directly in QEMU at EL1 instead (the
# build/guests-bare/ variant: QEMU virt's GIC and PL011 addresses, QEMU's own PSCI),
# which checks the test framework and the tests themselves without the hypervisor.
#
# --xen boots the same configs under Debian's Xen 4.17 instead of hospes (hospes-run
# --hyp xen): the compatibility oracle. A test that passes on hospes and fails on Xen
# shows where hospes differs from Xen (or where the test assumes too much). Without Xen
# in the cache (scripts/setup.sh fetches it) every test is reported as SKIP.
#
# Prints "guest <name>: PASS", "guest <name>: FAIL (<reason>)" or "guest <name>: SKIP
# (<reason>)" per test and ends with "N passed, N failed[, N skipped]"; exits non-zero if
# anything failed. Logs: build/guest/<name>.log (<name>.xen.log with --xen; runner report
# + serial output).

set -uo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

BARE=0
XEN=0
names=()
for a in "$@"; do
	case $a in
	--bare) BARE=1 ;;
	--xen) XEN=1 ;;
	-h | --help) sed -n '4,36p' "$0"; exit 0 ;;
	*) names+=("$a") ;;
	esac
done
if ((BARE && XEN)); then
	echo "guest: --bare and --xen exclude each other" >&2
	exit 2
fi
if ((${#names[@]} == 0)); then
	for f in tests/guest/*.toml; do
		n=${f##*/}
		names+=("${n%.toml}")
	done
fi

mkdir -p build/guest
if ! make -s O=build "$( ((BARE)) && echo guests-bare || echo guests)" >build/guest/make.log 2>&1; then
	echo "guest: building the guests failed (build/guest/make.log):"
	tail -n 20 build/guest/make.log
	exit 1
fi

# toml_get FILE WHAT: "domus" -> lines "<image stem> <cpus>", "ordered" -> one regex per
# line, "free" -> "1" if [test] free_pages_balanced is set
toml_get() {
	python3 - "$1" "$2" <<'EOF'
import os, sys, tomllib
cfg = tomllib.load(open(sys.argv[1], "rb"))
if sys.argv[2] == "domus":
    for d in cfg.get("domu", []):
        stem = os.path.splitext(os.path.basename(d["kernel"]))[0]
        print(stem, d.get("cpus", 1))
elif sys.argv[2] == "free":
    if cfg.get("test", {}).get("free_pages_balanced", False):
        print(1)
else:
    for rx in cfg.get("test", {}).get("ordered", []):
        print(rx)
EOF
}

# check_ordered LOG REGEX... : each regex matches a line after the previous match
# (Xen's "(XEN) DOMn: " console prefix is read as hospes's "(dn) ", as hospes-run does)
check_ordered() {
	python3 - "$@" <<'EOF'
import re, sys
lines = open(sys.argv[1], errors="replace").read().splitlines()
lines = [re.sub(r"^\(XEN\) DOM(\d+): ?", r"(d\1) ", ln, count=1) for ln in lines]
pos = 0
for rx in sys.argv[2:]:
    r = re.compile(rx)
    hit = next((i for i in range(pos, len(lines)) if r.search(lines[i])), None)
    if hit is None:
        print(f"/{rx}/ not seen after log line {pos}")
        sys.exit(1)
    pos = hit + 1
EOF
}

# check_free_pages LOG: prints a note; fails if pages went missing (see the header)
check_free_pages() {
	python3 - "$1" <<'EOF'
import re, sys
log = open(sys.argv[1], errors="replace").read()
base = re.findall(r"free pages before domains: (\d+)", log)
end = re.findall(r"free pages at power-off: (\d+)", log) or \
    re.findall(r"d\d+ destroyed, \d+ pages returned, (\d+) pages free", log)
if not base:
    print("free-page check skipped: the hypervisor prints no baseline")
    sys.exit(0)
if not end:
    print("free pages: no count after the domains were destroyed")
    sys.exit(1)
b, e = int(base[0]), int(end[-1])
if b != e:
    print(f"free pages: {b} before the domains, {e} after ({b - e} missing)")
    sys.exit(1)
print(f"{b} pages free before and after")
EOF
}

passed=0 failed=0 skipped=0

report() { # report NAME STATUS LOG [REASON] [NOTE]
	local skip
	if [[ $2 = 77 ]]; then # hospes-run: something optional (Xen) is not installed
		echo "guest $1: SKIP ($(sed -n 's/^hospes-run: SKIP: //p' "$3" | head -n1))"
		skipped=$((skipped + 1))
	elif [[ $2 = 0 ]]; then
		skip=$(grep -o 'HOSPES-TEST [^ ]*: SKIP.*' "$3" | head -n1)
		echo "guest $1: PASS${skip:+ (${skip#HOSPES-TEST })}${5:+ ($5)}"
		passed=$((passed + 1))
	else
		reason=${4:-$(sed -n 's/^hospes-run: \(FAIL: \|error: \)//p' "$3" | head -n1)}
		echo "guest $1: FAIL (${reason:-exit status $2}; log: $3)"
		failed=$((failed + 1))
	fi
}

run_bare() { # run_bare TEST
	local t=tests/guest/$1.toml img cpus log cfg rc
	while read -r img cpus; do
		log=build/guest/$1.$img.bare.log
		cfg=build/guest/$img.bare.toml
		cat >"$cfg" <<-EOF
			# generated by tests/guest/run.sh --bare
			[machine]
			cpus = $cpus
			memory_mb = 128
			[[domu]]
			name = "$img"
			kernel = "build/guests-bare/$img.elf"
			memory_mb = 128
			cpus = $cpus
		EOF
		scripts/hospes-run "$cfg" --bare "$img" --timeout 60 \
			--expect "HOSPES-TEST $img: (SUCCESS|SKIP)" \
			--forbid 'HOSPES-TEST .*: (FAILURE|ERROR)' </dev/null >"$log" 2>&1
		rc=$?
		rm -f "$cfg"
		report "$1[bare $img]" $rc "$log"
	done < <(toml_get "$t" domus)
}

for n in "${names[@]}"; do
	t=tests/guest/$n.toml
	if [[ ! -f $t ]]; then
		echo "guest $n: FAIL (no $t)"
		failed=$((failed + 1))
		continue
	fi
	if ((BARE)); then
		run_bare "$n"
		continue
	fi
	if ((XEN)); then
		log=build/guest/$n.xen.log
		scripts/hospes-run "$t" --test --hyp xen </dev/null >"$log" 2>&1
	else
		log=build/guest/$n.log
		scripts/hospes-run "$t" --test ${HOSPES_HYP:+--hyp "$HOSPES_HYP"} </dev/null >"$log" 2>&1
	fi
	rc=$?
	why=
	note=
	if [[ $rc = 0 ]]; then
		mapfile -t ordered < <(toml_get "$t" ordered)
		if ((${#ordered[@]})) && ! why=$(check_ordered "$log" "${ordered[@]}"); then
			rc=1
			why="order: $why"
		fi
	fi
	if [[ $rc = 0 && XEN -eq 0 && -n $(toml_get "$t" free) ]]; then
		if ! why=$(check_free_pages "$log"); then
			rc=1
		else
			note=$why
			why=
		fi
	fi
	report "$n$( ((XEN)) && echo '[xen]')" $rc "$log" "$why" "$note"
done

echo "$passed passed, $failed failed$( ((skipped)) && echo ", $skipped skipped")"
((failed == 0))
