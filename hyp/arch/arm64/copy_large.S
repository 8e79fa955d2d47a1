/* SPDX-License-Identifier: MIT */
/*
 * arch_copy_large(dst, src, n): copy n >= 128 bytes between 8-byte aligned
 * buffers and return dst. The 128-byte blocks move with SIMD loads and
 * stores of four 128-bit registers (64 bytes) each: five instructions per
 * 128 bytes against 18 with ldp/stp of x registers; the tail goes 16 bytes,
 * then 1 byte at a time. Used by memcpy() (hyp/lib/string.c) for large
 * copies, e.g. GNTTABOP_copy.
 *
 * The hypervisor runs on the current vCPU's SIMD registers (switched eagerly,
 * CPTR_EL2.TFP clear), so v0-v7 are saved on the stack first and restored
 * before returning: the guest never sees them change. All of a 128-byte
 * block is loaded before any of it is stored, so a forward copy with
 * dst < src is safe when the ranges overlap (memmove relies on it).
 */
	.text
	.arch_extension simd
	.globl arch_copy_large
	.type arch_copy_large, %function
arch_copy_large:
	sub	sp, sp, #128
	mov	x3, sp
	st1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x3], #64
	st1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x3]
	mov	x4, x0
	and	x5, x2, #127		/* tail */
	sub	x2, x2, x5		/* blocks: a non-zero multiple of 128 */
	tbz	x2, #7, 2f
	add	x2, x2, #128		/* an odd number of 128-byte blocks: */
	b	1f			/* enter at the loop's second half */
2:	/* 256 bytes per iteration; x2 is a non-zero multiple of 256 here */
	ld1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x1], #64
	ld1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x1], #64
	st1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x4], #64
	st1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x4], #64
1:	ld1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x1], #64
	ld1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x1], #64
	st1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x4], #64
	st1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x4], #64
	subs	x2, x2, #256
	b.ne	2b
	mov	x3, sp
	ld1	{v0.16b, v1.16b, v2.16b, v3.16b}, [x3], #64
	ld1	{v4.16b, v5.16b, v6.16b, v7.16b}, [x3]
	add	sp, sp, #128
	cbz	x5, 6f
4:	cmp	x5, #16			/* tail: 16 bytes at a time, then bytes */
	b.lo	5f
	ldp	x6, x7, [x1], #16
	stp	x6, x7, [x4], #16
	sub	x5, x5, #16
	b	4b
5:	cbz	x5, 6f
	ldrb	w6, [x1], #1
	strb	w6, [x4], #1
	sub	x5, x5, #1
	b	5b
6:	ret
	.size arch_copy_large, . - arch_copy_large
