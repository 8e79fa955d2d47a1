/* SPDX-License-Identifier: MIT */
/*
 * EL2 exception vectors and the guest entry/exit path.
 *
 * Exits from a guest save x0-x30, ELR_EL2 and SPSR_EL2 straight into the
 * running vCPU's register frame (pcpu->guest_regs, reached via TPIDR_EL2),
 * call the C handler on this pCPU's hypervisor stack, then leave through
 * leave_hypervisor(), which may switch to another vCPU (it returns the frame
 * to restore) or idle. No hypervisor state lives on the stack across a guest
 * entry, so every entry starts from an empty stack.
 *
 * Exceptions taken from EL2 itself: IRQs (only enabled in the idle loop) are
 * handled and returned from; synchronous exceptions and SErrors are bugs and
 * go to a panic handler with the full frame.
 */
#include <asm/asm.h>
#include <asm/regs.h>

/* ESR_EL2 of HVC #0xEA1 from AArch64 without IL: EC 0x16 << 26 | 0xEA1. */
#define XEN_HVC_ESR_LO 0x0ea1
#define XEN_HVC_ESR_HI 0x5800

.macro save_guest_regs
	stp	x0, x1, [sp, #-16]!
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_REGS]
	stp	x2, x3, [x0, #16]
	stp	x4, x5, [x0, #32]
	stp	x6, x7, [x0, #48]
	stp	x8, x9, [x0, #64]
	stp	x10, x11, [x0, #80]
	stp	x12, x13, [x0, #96]
	stp	x14, x15, [x0, #112]
	stp	x16, x17, [x0, #128]
	stp	x18, x19, [x0, #144]
	stp	x20, x21, [x0, #160]
	stp	x22, x23, [x0, #176]
	stp	x24, x25, [x0, #192]
	stp	x26, x27, [x0, #208]
	stp	x28, x29, [x0, #224]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x30, x2, [x0, #240]
	str	x3, [x0, #REGS_PSTATE]
	mov	x29, xzr
.endm

/* Frame for exceptions taken at EL2: same layout as struct cpu_regs. */
.macro save_hyp_regs
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #0]
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
	mrs	x1, elr_el2
	stp	x30, x1, [sp, #240]
	mrs	x1, spsr_el2
	str	x1, [sp, #REGS_PSTATE]
	mov	x0, sp
.endm

.macro restore_hyp_regs
	ldr	x1, [sp, #REGS_PSTATE]
	msr	spsr_el2, x1
	ldp	x30, x1, [sp, #240]
	msr	elr_el2, x1
	ldp	x0, x1, [sp, #0]
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x19, [sp, #144]
	ldp	x20, x21, [sp, #160]
	ldp	x22, x23, [sp, #176]
	ldp	x24, x25, [sp, #192]
	ldp	x26, x27, [sp, #208]
	ldp	x28, x29, [sp, #224]
	add	sp, sp, #REGS_SIZE
.endm

/*
 * Restore the frame at x0 and enter the guest. \full = 0 leaves x19-x28 as
 * they are (the caller knows they still hold the frame's values).
 */
.macro restore_guest_regs full
	msr	daifset, #0xf			/* nothing may clobber ELR/SPSR now */
	ldp	x2, x3, [x0, #REGS_PC]
	msr	elr_el2, x2
	msr	spsr_el2, x3
	ldp	x2, x3, [x0, #16]
	ldp	x4, x5, [x0, #32]
	ldp	x6, x7, [x0, #48]
	ldp	x8, x9, [x0, #64]
	ldp	x10, x11, [x0, #80]
	ldp	x12, x13, [x0, #96]
	ldp	x14, x15, [x0, #112]
	ldp	x16, x17, [x0, #128]
	.if \full
	ldp	x18, x19, [x0, #144]
	ldp	x20, x21, [x0, #160]
	ldp	x22, x23, [x0, #176]
	ldp	x24, x25, [x0, #192]
	ldp	x26, x27, [x0, #208]
	ldp	x28, x29, [x0, #224]
	ldr	x30, [x0, #240]
	.else
	ldr	x18, [x0, #144]
	ldp	x29, x30, [x0, #232]
	.endif
	ldp	x0, x1, [x0, #0]
	eret
	dsb	nsh
	isb
.endm

.macro ventry label
	.balign 128
	b	\label
.endm

	.section .text.vectors, "ax"
	.balign 2048
	.globl hyp_vectors
hyp_vectors:
	ventry	hyp_bad_exception	/* current EL, SP0 */
	ventry	hyp_bad_exception
	ventry	hyp_bad_exception
	ventry	hyp_bad_exception
	ventry	hyp_sync		/* current EL, SPx */
	ventry	hyp_irq
	ventry	hyp_fiq			/* FIQ: the dump SGI ("NMI") */
	ventry	hyp_serror
	ventry	guest_sync_a64		/* lower EL, AArch64 */
	ventry	guest_irq_a64
	ventry	guest_fiq
	ventry	guest_serror_a64
	ventry	guest_bad_a32		/* lower EL, AArch32 */
	ventry	guest_bad_a32
	ventry	guest_bad_a32
	ventry	guest_bad_a32

	.text
hyp_bad_exception:
	save_hyp_regs
	mov	x1, #0
	bl	hyp_fatal_exception
hyp_serror:
	save_hyp_regs
	mov	x1, #1
	bl	hyp_fatal_exception
hyp_sync:
	save_hyp_regs
	mov	x1, #2
	bl	hyp_fatal_exception

hyp_irq:
	save_hyp_regs
	msr	daifclr, #1		/* FIQs (dump requests) may nest */
	bl	irq_handle
	msr	daifset, #1
	restore_hyp_regs
	eret

hyp_fiq:
	save_hyp_regs
	mov	x1, #0
	bl	fiq_handle
	restore_hyp_regs
	eret

/*
 * Synchronous exits. ESR_EL2 is read once here: HVC #0xEA1 from AArch64
 * (EC 0x16, ISS imm16 0xEA1, IL ignored) goes straight to the hypercall
 * fast path, everything else to guest_sync_handler(esr). Both return the
 * frame to restore when the same vCPU can be re-entered at once, or NULL.
 */
guest_sync_a64:
	save_guest_regs
	msr	daifclr, #1
	mrs	x0, esr_el2
	and	w1, w0, #0xfc00ffff		/* EC and imm16 */
	mov	w2, #XEN_HVC_ESR_LO
	movk	w2, #XEN_HVC_ESR_HI, lsl #16
	cmp	w1, w2
	b.ne	1f
	bl	guest_hypercall
	cbnz	x0, restore_guest_hvc
	b	guest_return
1:	bl	guest_sync_handler
	cbnz	x0, restore_guest
	b	guest_return

guest_irq_a64:
	save_guest_regs
	msr	daifclr, #1
	bl	irq_handle_from_guest
	b	guest_return

guest_fiq:
	save_guest_regs
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_REGS]
	mov	x1, #1
	bl	fiq_handle
	b	guest_return

guest_serror_a64:
	save_guest_regs
	mov	x0, #1
	bl	guest_bad_exception
	b	guest_return

guest_bad_a32:
	save_guest_regs
	mov	x0, #2
	bl	guest_bad_exception
	b	guest_return

/*
 * Straight back from guest_hypercall() into the same vCPU: only C code ran
 * since the save, and it preserves x19-x28 (AAPCS64), which still hold the
 * guest's values; no hypercall writes them in the frame while its vCPU keeps
 * running here (anything that rewrites a running vCPU's context also
 * deschedules it, and then the way back is guest_return). So restore the
 * rest only.
 */
restore_guest_hvc:				/* x0: the frame to restore */
	restore_guest_regs 0

/*
 * Leave the hypervisor: let C pick the vCPU to run (or idle), then restore
 * its frame and eret. Also the first entry into any guest on a pCPU
 * (enter_guest_first resets the stack and comes here).
 */
	.globl enter_guest_first
enter_guest_first:
	mrs	x0, tpidr_el2
	ldr	x0, [x0, #PCPU_STACK_TOP]
	mov	sp, x0
guest_return:
	mov	x29, xzr
	bl	leave_hypervisor		/* returns struct cpu_regs * */
restore_guest:					/* x0: the frame to restore */
	restore_guest_regs 1
