/* SPDX-License-Identifier: MIT */
/* Guest debugging: debug exceptions to EL2 and single-step (hyp/arch/arm64/debug.c). */
#ifndef ASM_DEBUG_H
#define ASM_DEBUG_H

struct vcpu;

/* Context-switch hooks (vcpu.c): arm/disarm TDE and single-step for @v. */
void arch_debug_restore(struct vcpu *v);
void arch_debug_save(struct vcpu *v);

#endif
