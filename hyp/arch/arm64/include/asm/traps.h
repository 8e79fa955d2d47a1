/* SPDX-License-Identifier: MIT */
/* Exception injection into guests (hyp/arch/arm64/traps.c). */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

struct vcpu;

void inject_undef(struct vcpu *v);
void inject_dabt(struct vcpu *v, unsigned long va);

#endif
