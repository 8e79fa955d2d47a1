/* SPDX-License-Identifier: MIT */
/*
 * Layout pinning for the Xen-compatible public ABI headers.
 *
 * Every structure shared with a guest or with the dom0 tools carries one
 * XEN_CHECK_SIZE and one XEN_CHECK_OFFSET per field, right after its
 * definition. The numbers are those of Xen 4.17 on AArch64 (LP64,
 * little-endian); see docs/abi-layouts.md for where they come from and how
 * to re-verify them against Xen's own headers. Because the headers use
 * fixed-width types only, the same checks hold on an x86_64 host, so host
 * unit tests and arm64 tools see byte-identical layouts.
 */
#ifndef XEN_PUBLIC_ABI_CHECK_H
#define XEN_PUBLIC_ABI_CHECK_H

#ifndef __ASSEMBLY__
#include <stddef.h>

#define XEN_CHECK_SIZE(type, size)                                             \
	_Static_assert(sizeof(type) == (size), "ABI: sizeof(" #type ") != " #size)

#define XEN_CHECK_OFFSET(type, member, off)                                    \
	_Static_assert(offsetof(type, member) == (off),                        \
		       "ABI: offsetof(" #type ", " #member ") != " #off)

#define XEN_CHECK_ALIGN(type, align)                                           \
	_Static_assert(_Alignof(type) == (align),                              \
		       "ABI: _Alignof(" #type ") != " #align)
#endif

/*
 * 64-bit constants usable from both C and assembly (the guest memory map
 * and similar values); C sees an unsigned long long literal.
 */
#ifdef __ASSEMBLY__
#define XEN_MK_U64(x) x
#define XEN_MK_U32(x) x
#else
#define XEN_MK_U64(x) x##ULL
#define XEN_MK_U32(x) x##U
#endif

#endif /* XEN_PUBLIC_ABI_CHECK_H */
