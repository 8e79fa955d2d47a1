/* SPDX-License-Identifier: MIT */
/*
 * Micro-guest entry: the arm64 Linux Image header (Linux
 * Documentation/arch/arm64/booting.rst), the boot and secondary (PSCI CPU_ON)
 * entry points and the EL1 exception vectors.
 *
 * Boot state expected (Xen dom0less domU, docs/xen-abi-arm64.md §2.3): EL1h,
 * MMU off, x0 = DTB address, image at the link address (start of RAM).
 * Invariants: TPIDR_EL1 holds the linear vCPU id (Aff1 * 16 + Aff0) and SP is
 * that vCPU's stack in guest_stacks before any C code runs; only the boot
 * vCPU zeroes BSS, before it can start any secondary.
 */
#define __ASSEMBLY__ 1
#include <platform.h>

#define FRAME_SIZE (36 * 8) /* struct exc_frame */
#define FRAME_ELR (31 * 8)

	.section .text.head, "ax"
	.global _start
_start:
	b	boot_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	_image_size		/* image_size, including BSS (guest.lds) */
	.quad	0xa			/* flags: LE, 4K pages, place anywhere */
	.quad	0			/* res2 */
	.quad	0			/* res3 */
	.quad	0			/* res4 */
	.byte	0x41, 0x52, 0x4d, 0x64	/* magic "ARM\x64" */
	.long	0			/* res5 (no PE header) */

	.text
/* x0 = DTB. */
boot_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	cpu_linear_id		/* x0 = id or parks */

	/* The image is linked at a fixed address; refuse to run elsewhere. */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	wrong_address

	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
	b	1b
2:	dsb	sy

	bl	cpu_setup
	mov	x0, x19
	bl	guest_boot_main		/* never returns */
	b	guest_park

/* PSCI CPU_ON entry: x0 = context (struct guest_cpu_boot *). */
	.global secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	bl	cpu_linear_id
	bl	cpu_setup
	mov	x0, x19
	bl	guest_secondary_main	/* never returns */
	b	guest_park

/*
 * Sets TPIDR_EL1 = linear vCPU id and returns it in x0; a vCPU with an id
 * the framework has no stack for is parked. Clobbers x0-x2.
 */
cpu_linear_id:
	mrs	x1, mpidr_el1
	and	x0, x1, #0xf
	ubfx	x2, x1, #8, #8
	add	x0, x0, x2, lsl #4
	ubfx	x2, x1, #4, #4		/* Aff0 >= 16 never happens on Xen */
	cbnz	x2, 9f
	tst	x1, #0xff00000000	/* Aff3 */
	b.ne	9f
	tst	x1, #0xff0000		/* Aff2 */
	b.ne	9f
	cmp	x0, #GUEST_MAX_CPUS
	b.hs	9f
	msr	tpidr_el1, x0
	ret
9:	wfe
	b	9b

/* Stack, vectors, FP/SIMD access for this vCPU (TPIDR_EL1 set). Clobbers x0-x2. */
cpu_setup:
	mrs	x0, tpidr_el1
	ldr	x1, =guest_stacks
	add	x0, x0, #1
	mov	x2, #GUEST_STACK_SIZE
	madd	x1, x0, x2, x1
	mov	sp, x1
	ldr	x0, =exception_vectors
	msr	vbar_el1, x0
	mrs	x0, cpacr_el1
	orr	x0, x0, #(3 << 20)	/* FPEN: no FP/SIMD traps at EL1/EL0 */
	msr	cpacr_el1, x0
	isb
	ret

/*
 * Not at the link address: report an ERROR result line using PC-relative
 * addressing only (absolute pointers are wrong here), then park.
 */
wrong_address:
	adr	x1, wrong_address_msg1
	bl	early_puts
	adr	x1, test_name
	bl	early_puts
	adr	x1, wrong_address_msg2
	bl	early_puts
1:	wfe
	b	1b

/* Polled output of the NUL-terminated string at x1. Clobbers x1-x4. */
early_puts:
	ldr	x2, =GUEST_UART_BASE
1:	ldrb	w3, [x1], #1
	cbz	w3, 3f
2:	ldr	w4, [x2, #0x18]		/* UARTFR */
	tbnz	w4, #5, 2b		/* TXFF */
	str	w3, [x2]
	b	1b
3:	ret

wrong_address_msg1:
	.asciz	"HOSPES-TEST "
wrong_address_msg2:
	.asciz	": ERROR image not loaded at its link address (start of RAM), parked\n"
	.align	2

/*
 * Exception vectors: each slot saves x0/x1 and jumps to exception_common
 * with its slot number (0-15) in x1.
 */
.macro vector_slot n
	.align	7
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\n
	b	exception_common
.endm

	.align	11
	.global exception_vectors
exception_vectors:
	vector_slot 0
	vector_slot 1
	vector_slot 2
	vector_slot 3
	vector_slot 4
	vector_slot 5
	vector_slot 6
	vector_slot 7
	vector_slot 8
	vector_slot 9
	vector_slot 10
	vector_slot 11
	vector_slot 12
	vector_slot 13
	vector_slot 14
	vector_slot 15

exception_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	mrs	x2, elr_el1
	stp	x30, x2, [sp, #240]
	mrs	x2, spsr_el1
	mrs	x3, esr_el1
	stp	x2, x3, [sp, #256]
	mrs	x2, far_el1
	stp	x2, xzr, [sp, #272]
	mov	x0, sp
	bl	guest_exception		/* (struct exc_frame *, slot) */
	ldp	x2, x3, [sp, #256]
	msr	spsr_el1, x2
	ldp	x30, x2, [sp, #240]
	msr	elr_el1, x2
	ldp	x28, x29, [sp, #224]
	ldp	x26, x27, [sp, #208]
	ldp	x24, x25, [sp, #192]
	ldp	x22, x23, [sp, #176]
	ldp	x20, x21, [sp, #160]
	ldp	x18, x19, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #FRAME_SIZE
	eret
