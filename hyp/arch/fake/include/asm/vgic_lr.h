/* SPDX-License-Identifier: MIT */
/* The vgic's direct LR for host tests: out of line, defined by the test. */
#ifndef ASM_VGIC_LR_H
#define ASM_VGIC_LR_H

#include <hyp/types.h>

void arch_vgic_direct_lr_write(unsigned vcpu_index, uint64_t lr);

#endif
