/* SPDX-License-Identifier: MIT */
/* Exception injection into guests (hyp/arch/arm64/traps.c). */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <hyp/types.h>

struct vcpu;

void inject_undef(struct vcpu *v);
void inject_dabt(struct vcpu *v, unsigned long va);
void guest_crash_report(struct vcpu *v, const char *what, uint64_t esr, bool has_addr,
			uint64_t ipa);

#endif
