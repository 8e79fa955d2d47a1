#!/bin/bash
# SPDX-License-Identifier: MIT
#
# Cross-check include/public against Xen's own public headers (the facts
# our headers restate). Not part of `make unit`: it needs a Xen 4.17 tree.
#
#   git --git-dir=<xen.git> archive stable-4.17 xen/include/public | tar -x -C /tmp/x
#   tests/unit/public_abi_vs_xen.sh /tmp/x/xen/include/public
#
# 1. Layouts: every XEN_CHECK_SIZE/OFFSET/ALIGN line of include/public is
#    compiled, unchanged, against Xen's headers for aarch64. Each one that
#    passes proves Xen agrees on that size/offset.
# 2. Constants: every object-like macro of include/public that Xen also
#    defines must have the same value (compile-time comparison). Macros that
#    Xen lacks are listed (they are hospes additions or x86-only in Xen).
set -euo pipefail
XEN=${1:?usage: $0 <xen/include/public dir>}
OURS=$(cd "$(dirname "$0")/../../include" && pwd)
CC=${CC:-aarch64-linux-gnu-gcc}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

XEN_INCLUDES='#include <stdint.h>
#include <stddef.h>
#include <xen.h>
#include <arch-arm.h>
#include <device_tree_defs.h>
#include <errno.h>
#include <features.h>
#include <event_channel.h>
#include <grant_table.h>
#include <memory.h>
#include <vcpu.h>
#include <sched.h>
#include <version.h>
#include <hvm/hvm_op.h>
#include <hvm/params.h>
#include <physdev.h>
#include <platform.h>
#include <io/console.h>
#include <io/xs_wire.h>
#include <io/ring.h>
#include <domctl.h>
#include <sysctl.h>'
# -ffreestanding keeps libc's <features.h> out of the way of Xen's
XENCC="$CC -std=gnu11 -ffreestanding -D__XEN_TOOLS__ -I$XEN"

# ---------------------------------------------------------------- layouts
{
	echo "$XEN_INCLUDES"
	# struct xen_sring_header is ours: compare it with a DEFINE_RING_TYPES
	# instance, whose slots start at 64 and whose padding field is __pad
	cat <<'EOF'
struct hdrchk_req { uint64_t x; };
DEFINE_RING_TYPES(hdrchk, struct hdrchk_req, struct hdrchk_req);
#define xen_sring_header hdrchk_sring
#define pvt_pad pvt.pvt_pad
#define XEN_CHECK_SIZE(t, s) _Static_assert(sizeof(t) == (s), "size " #t)
#define XEN_CHECK_OFFSET(t, m, o) _Static_assert(offsetof(t, m) == (o), "offset " #t " " #m)
#define XEN_CHECK_ALIGN(t, a) _Static_assert(_Alignof(t) == (a), "align " #t)
EOF
	grep -rhE '^XEN_CHECK_(SIZE|OFFSET|ALIGN)\(' "$OURS/public" |
		sed -e 's/XEN_CHECK_SIZE(struct xen_sring_header, 64)/XEN_CHECK_OFFSET(struct xen_sring_header, ring, 64)/' \
		    -e 's/(struct xen_sring_header, pad, 20)/(struct xen_sring_header, __pad, 20)/'
} > "$T/layouts.c"
$XENCC -fsyntax-only "$T/layouts.c"
echo "layouts: $(grep -c '^XEN_CHECK' "$T/layouts.c") assertions hold against $XEN"

# -------------------------------------------------------------- constants
HDRS=$(cd "$OURS" && find public -name '*.h' | sort)
names=$(cd "$OURS" && cat $HDRS | sed -nE 's/^#define ([A-Za-z_][A-Za-z0-9_]*)[ \t].*$/\1/p' |
	grep -vE '^(XEN_PUBLIC_.*_H|XEN_MK_U(32|64)|xen_wc_sec_hi)$' | sort -u)
{
	for h in $HDRS; do echo "#include <$h>"; done
	for n in $names; do echo "\"$n\" $n"; done
} > "$T/ours.c"
$CC -E -P -ffreestanding -I"$OURS" "$T/ours.c" | sed -n 's/^"\([A-Za-z0-9_]*\)" /\1 /p' > "$T/values"
{
	echo "$XEN_INCLUDES"
	while read -r n v; do
		case "$v" in \"* | \{*) continue ;; esac # strings and initializers
		case $n in
		XEN_EINTR | XEN_ERESTART) ;; # Xen: only with __XEN__
		XEN_E[A-Z0-9]*)             # Xen: enumerators of enum xen_errno
			printf '_Static_assert((%s) == (%s), "%s");\n' "$n" "$v" "$n"
			continue ;;
		esac
		printf '#ifdef %s\n_Static_assert((%s) == (%s), "%s");\n#else\nnot_in_xen %s\n#endif\n' \
			"$n" "$n" "$v" "$n" "$n"
	done < "$T/values"
} > "$T/consts.c"
$XENCC -E -P "$T/consts.c" | sed -n 's/^not_in_xen //p' > "$T/missing"
grep -v '^not_in_xen ' "$T/consts.c" > "$T/consts2.c"
$XENCC -fsyntax-only "$T/consts2.c"
echo "constants: $(($(grep -c "^_Static_assert" "$T/consts2.c") - $(wc -l < "$T/missing"))) equal Xen's"
echo "not defined by Xen (hospes additions / x86-only):" $(cat "$T/missing")
