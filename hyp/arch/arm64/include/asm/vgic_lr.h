/* SPDX-License-Identifier: MIT */
/*
 * The vgic's direct LR in hardware (hyp/core/vgic.c, "Direct LR"): inline, on
 * the upcall's fast path. The direct LR is ICH_LR0_EL2 of the pCPU holding
 * the vCPU's interface; the arch reads it back (arch/arm64/vcpu.c).
 */
#ifndef ASM_VGIC_LR_H
#define ASM_VGIC_LR_H

#include <asm/sysregs.h>

/* Write @lr into the direct LR of vCPU @vcpu_index, loaded on this pCPU. */
static inline void arch_vgic_direct_lr_write(unsigned vcpu_index, uint64_t lr)
{
	(void)vcpu_index;
	WRITE_SYSREG(lr, ICH_LR0_EL2);
}

#endif
