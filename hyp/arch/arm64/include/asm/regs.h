/* SPDX-License-Identifier: MIT */
/*
 * Guest general-purpose register frame, saved by the exception vectors on
 * every exit from a guest and restored on every entry (entry.S). The offsets
 * are used by the assembly, so they are pinned with static_assert.
 */
#ifndef ASM_REGS_H
#define ASM_REGS_H

#define REGS_X0 0
#define REGS_PC 248
#define REGS_PSTATE 256
#define REGS_SIZE 272
#define PCPU_REGS 0	/* offset of struct pcpu::guest_regs */
#define PCPU_STACK_TOP 8

#ifndef __ASSEMBLY__
#include <hyp/types.h>

struct cpu_regs {
	uint64_t x[31];
	uint64_t pc;     /* ELR_EL2: where the guest resumes */
	uint64_t pstate; /* SPSR_EL2: the guest's PSTATE */
	uint64_t pad;
};

_Static_assert(__builtin_offsetof(struct cpu_regs, pc) == REGS_PC, "entry.S layout");
_Static_assert(__builtin_offsetof(struct cpu_regs, pstate) == REGS_PSTATE, "entry.S layout");
_Static_assert(sizeof(struct cpu_regs) == REGS_SIZE, "entry.S layout");
#endif

#endif
