#!/bin/bash
# SPDX-License-Identifier: MIT
# Build and run the device tree fuzz target for SECONDS (default 20).
#   tests/fuzz/run-fuzz.sh [SECONDS]
# Uses clang -fsanitize=fuzzer,address,undefined; the seed corpus is compiled
# from tests/unit/data/*.dts with dtc. Work files go to $O/fuzz (O=build).
# Exits non-zero if the fuzzer finds a crash (the reproducer is left in the
# work directory and its name printed by libFuzzer).
set -euo pipefail

secs=${1:-20}
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/${O:-build}/fuzz
cd "$top"
mkdir -p "$work/seeds" "$work/corpus"

clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -DHOST_TEST -D_GNU_SOURCE -Ihyp/include -Iinclude \
	tests/fuzz/fuzz_fdt.c hyp/lib/fdt.c hyp/lib/fdt_write.c -o "$work/fuzz_fdt"

for dts in tests/unit/data/*.dts; do
	base=$(basename "$dts" .dts)
	dtc -q -I dts -O dtb -o "$work/seeds/$base.dtb" "$dts"
	dtc -q -I dts -O dtb -V 16 -o "$work/seeds/$base-v16.dtb" "$dts"
done

# -max_len: the seeds are a few KiB; room to grow. Crash files land in $work.
"$work/fuzz_fdt" -max_total_time="$secs" -max_len=16384 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work/corpus" "$work/seeds"
