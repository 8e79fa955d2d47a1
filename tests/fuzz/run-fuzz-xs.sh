#!/bin/bash
# SPDX-License-Identifier: MIT
# Build and run the xenstore wire fuzz target for SECONDS (default 20).
#   tests/fuzz/run-fuzz-xs.sh [SECONDS]
# Uses clang -fsanitize=fuzzer,address,undefined over hx-xenstored's sources
# (all but main.c). Seeds are well-formed request streams written by this
# script. Work files go to $O/fuzz-xs (O=build). Exits non-zero if the fuzzer
# finds a crash (the reproducer is left in the work directory).
set -euo pipefail

secs=${1:-20}
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$top/${O:-build}/fuzz-xs
cd "$top"
mkdir -p "$work/seeds" "$work/corpus"

# main.c and xen.c (the dom0 backend: /dev/xen devices) are the daemon's, not the core's
srcs=$(ls tools/xenstored/*.c | grep -v -e '/main\.c$' -e '/xen\.c$')
clang -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-Wall -Wextra -Werror -D_GNU_SOURCE -Iinclude -Itools/xenstored \
	tests/fuzz/fuzz_xs_wire.c $srcs -o "$work/fuzz_xs_wire"

# Seeds: one control byte, then requests (type, req_id, tx_id, len, payload).
python3 - "$work/seeds" <<'EOF'
import struct, sys, os
out = sys.argv[1]
def msg(t, p, tx=0, rid=1):
    return struct.pack('<IIII', t, rid, tx, len(p)) + p
W, R, MK, RM, DIR, GP, SP, WA, UW, TS, TE, DP, CTL = 11, 2, 12, 13, 1, 3, 14, 4, 5, 6, 7, 22, 0
seeds = {
    'rw': msg(W, b'/a/b\x001') + msg(R, b'/a/b\x00') + msg(DIR, b'/\x00'),
    'perms': msg(W, b'/p\x00x') + msg(SP, b'/p\x00n5\x00r7\x00') + msg(GP, b'/p\x00'),
    'tx': msg(TS, b'\x00') + msg(W, b'/t\x00v', tx=1) + msg(RM, b'/tool\x00', tx=1) + msg(TE, b'T\x00', tx=1),
    'watch': msg(WA, b'/w\x00tok\x00') + msg(W, b'/w/x\x001') + msg(RM, b'/w\x00') + msg(UW, b'/w\x00tok\x00'),
    'rel': msg(W, b'data/x\x001') + msg(MK, b'data/y\x00') + msg(DP, b'data\x000\x00'),
    'ctl': msg(CTL, b'check\x00') + msg(CTL, b'quota\x00'),
}
for name, body in seeds.items():
    for ctl in (0x10, 0x11, 0x02, 0xff):
        with open(os.path.join(out, '%s-%02x' % (name, ctl)), 'wb') as f:
            f.write(bytes([ctl]) + body)
EOF

"$work/fuzz_xs_wire" -max_total_time="$secs" -max_len=16384 -print_final_stats=1 \
	-artifact_prefix="$work/" "$work/corpus" "$work/seeds"
