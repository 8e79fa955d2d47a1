/* SPDX-License-Identifier: MIT */
/*
 * Entry point. The image starts with the standard 64-byte arm64 Image header
 * (Linux Documentation/arch/arm64/booting.rst), so QEMU -kernel, U-Boot booti
 * and GRUB load hospes like a Linux kernel: at EL2, MMU off, x0 = device tree.
 *
 * Boot CPU: check EL2, apply our own R_AARCH64_RELATIVE relocations (the
 * image is linked at 0 and runs wherever it was loaded, VA == PA), clear BSS,
 * set the boot stack and vectors, then call start_hypervisor(dtb) in C.
 * Secondary CPUs enter at secondary_entry (via PSCI CPU_ON) with x0 = their
 * logical CPU id; they turn on the MMU with the boot CPU's tables.
 */
#include <asm/asm.h>

/* CPTR_EL2 RES1 bits, nothing trapped: SIMD is usable from the first memcpy()
 * (arch_copy_large); arch_cpu_init_el2() sets the guest traps later. */
#define CPTR_EL2_BOOT 0x33ff

	.section .text.head, "ax"
	.globl _head
_head:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: load at a 2 MiB-aligned base */
	.quad	_end - _head		/* image_size, including BSS */
	.quad	0xa			/* flags: LE, 4K pages, place anywhere */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* no PE header */

primary_entry:
	msr	daifset, #0xf
	mov	x19, x0				/* device tree */
	mrs	x1, CurrentEL
	cmp	x1, #(2 << 2)
	b.ne	not_el2

	/* Apply relocations: *(base + off) = base + addend for RELATIVE. */
	adr	x20, _head
	adr_l	x1, __rela_start
	adr_l	x2, __rela_end
1:	cmp	x1, x2
	b.hs	2f
	ldp	x3, x4, [x1], #24		/* r_offset, r_info */
	ldr	x5, [x1, #-8]			/* r_addend */
	cmp	w4, #1027			/* R_AARCH64_RELATIVE */
	b.ne	1b
	add	x5, x5, x20
	str	x5, [x20, x3]
	b	1b
2:
	/* Clear BSS (8-byte aligned, size multiple of 16). */
	adr_l	x1, __bss_start
	adr_l	x2, __bss_end
3:	cmp	x1, x2
	b.hs	4f
	stp	xzr, xzr, [x1], #16
	b	3b
4:
	adr_l	x1, boot_stack_top
	mov	sp, x1
	adr_l	x1, hyp_vectors
	msr	vbar_el2, x1
	msr	tpidr_el2, xzr
	mov	x1, #CPTR_EL2_BOOT		/* SIMD usable at EL2 (memcpy) */
	msr	cptr_el2, x1
	isb
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x19
	mov	x1, x20
	bl	start_hypervisor
5:	wfe
	b	5b

not_el2:
	/* Not at EL2: nothing we can do without a hypervisor mode. */
	wfe
	b	not_el2

/*
 * Secondary CPU entry (PSCI CPU_ON target). x0 = logical CPU id (the
 * context_id we passed). MMU off, caches off.
 */
	.globl secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	adr_l	x1, hyp_vectors
	msr	vbar_el2, x1
	mov	x1, #CPTR_EL2_BOOT
	msr	cptr_el2, x1
	isb
	/* Stack: secondary_stacks[cpu] top, published by the boot CPU. */
	adr_l	x1, secondary_stack_tops
	ldr	x1, [x1, x19, lsl #3]
	mov	sp, x1
	bl	mmu_enable_secondary
	mov	x0, x19
	mov	x29, xzr
	mov	x30, xzr
	bl	start_secondary
6:	wfe
	b	6b

/*
 * void mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair, uint64_t sctlr)
 * Invalidate the EL2 TLB and turn on the stage-1 MMU at EL2.
 */
	.globl mmu_enable
mmu_enable:
	msr	mair_el2, x2
	msr	tcr_el2, x1
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	nsh
	isb
	msr	sctlr_el2, x3
	isb
	ic	iallu
	dsb	nsh
	isb
	ret

	.section .bss
	.balign 16
boot_stack:
	.space	16384
	.globl boot_stack_top
boot_stack_top:
