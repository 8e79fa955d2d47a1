#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Where the instructions of each bench-ops operation go (docs/benchmarks.md).
#
#   scripts/bench-ops-profile.sh [ITER] [TOP]
#
# Builds guests/tests/bench-ops with -DITER=ITER (default 10) into build/profile/,
# boots it under hospes with --icount and QEMU's per-instruction exec log
# (-singlestep -d exec,nochain), and attributes every executed PC inside each timed
# loop to a function of build/hospes.elf ("h:") or of the guest ("g:"). Prints, per
# operation, instructions per iteration (hypervisor / guest split) and the TOP
# (default 25) functions. One-time costs (first-iteration allocations) are divided
# by ITER, so small ITER values overstate them. The log is large (about 1 GB for
# ITER=10) and deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
iter=${1:-10}
top=${2:-25}
out=build/profile
cross=${CROSS:-aarch64-linux-gnu-}
mkdir -p "$out"
make -s build/hospes build/guests/bench-ops.elf >/dev/null
# Same flags as guests/guests.mk, plus ITER; linked with the objects make just built.
cflags=$(make -s -n -B build/guests/obj/guests/tests/bench-ops/main.c.o 2>/dev/null |
	grep -- ' -c guests/tests/bench-ops/main.c' | sed 's/^[^ ]* //; s/ -c .*//; s/-MMD -MP//')
# shellcheck disable=SC2086
"${cross}gcc" $cflags -DITER="$iter" -c guests/tests/bench-ops/main.c -o "$out/main.o"
objs=$(find build/guests/obj -name '*.o' ! -path '*/tests/*' ! -name 'name-*')
# shellcheck disable=SC2086
"${cross}gcc" -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments -T guests/lib/guest.lds -o "$out/bench.elf" "$out/main.o" \
	build/guests/obj/name-bench-ops.o $objs -lgcc
"${cross}objcopy" -O binary "$out/bench.elf" "$out/bench.bin"
sed "s#build/guests/bench-ops.bin#$out/bench.bin#" tests/guest/bench-ops.toml >"$out/bench.toml"
rm -f "$out/exec.log"
scripts/hospes-run "$out/bench.toml" --test --icount \
	--qemu-extra "-singlestep -d exec,nochain -D $out/exec.log" | grep 'BENCH' || true
python3 - "$out/exec.log" "$iter" "$top" "$cross" "$out/bench.elf" <<'EOF'
import bisect, collections, re, subprocess, sys
log, n, top, cross, guest_elf = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
HYP_BASE = 0x40200000          # where QEMU loads the hypervisor Image (RAM base + 2 MiB)
GUEST = (0x40000000, 0x40100000)  # the micro-guest runs with the MMU off at its IPA

def syms(elf, base):
    out = []
    for line in subprocess.run([cross + 'nm', '-n', elf], capture_output=True, text=True).stdout.split('\n'):
        f = line.split()
        if len(f) == 3 and f[1] in 'tTwW' and not f[2].startswith('$'):
            out.append((int(f[0], 16) + base, f[2]))
    return [a for a, _ in out], [s for _, s in out]

ga, gn = syms(guest_elf, 0)
ha, hn = syms('build/hospes.elf', HYP_BASE)
dis = subprocess.run([cross + 'objdump', '-d', guest_elf], capture_output=True, text=True).stdout
counter_reads = {int(m, 16) for m in re.findall(r'\n\s+([0-9a-f]+):\s+\S+\s+mrs\s+\S+ cntvct_el0', dis)}
report = int(re.search(r'\n([0-9a-f]+) <report>:', dis).group(1), 16)
main = gn.index('test_main')
main_lo, main_hi = ga[main], ga[main + 1]
ops, cur, timing = [], None, False
for line in open(log, errors='replace'):
    if not line.startswith('Trace'):
        continue
    pc = int(line.split('[', 1)[1].split('/')[1], 16)
    in_guest = GUEST[0] <= pc < GUEST[1]
    if in_guest and pc == report:
        timing = False          # the loop ended: report() prints its figure
        continue
    if in_guest and pc in counter_reads and main_lo <= pc < main_hi and not timing:
        timing = True           # first counter read of the next MEASURE()
        cur = collections.Counter()
        ops.append(cur)
        continue
    if not timing:
        continue
    if in_guest:
        cur['g:' + gn[bisect.bisect_right(ga, pc) - 1]] += 1
    else:
        i = bisect.bisect_right(ha, pc) - 1
        cur['h:' + (hn[i] if i >= 0 else '?')] += 1
for k, c in enumerate(ops):
    total = sum(c.values())
    hyp = sum(v for s, v in c.items() if s.startswith('h:'))
    print(f'== operation {k}: {total / n:.1f} instructions/iteration '
          f'(hypervisor {hyp / n:.1f}, guest {(total - hyp) / n:.1f})')
    for s, v in c.most_common(top):
        print(f'   {v / n:8.1f} {s}')
EOF
rm -f "$out/exec.log"
