/* SPDX-License-Identifier: MIT */
/*
 * Arch part of a vCPU: the EL1 system registers, FP/SIMD registers, virtual
 * timer and GIC CPU-interface state that are switched on every pCPU when a
 * different vCPU is loaded (hyp/arch/arm64/vcpu.c).
 */
#ifndef ASM_VCPU_ARCH_H
#define ASM_VCPU_ARCH_H

#include <hyp/types.h>

struct fpsimd_state {
	uint64_t q[64]; /* V0..V31, 128 bits each */
	uint64_t fpsr;
	uint64_t fpcr;
};

struct vcpu_arch {
	/* EL1 system registers */
	uint64_t sctlr_el1, actlr_el1, cpacr_el1;
	uint64_t ttbr0_el1, ttbr1_el1, tcr_el1;
	uint64_t esr_el1, far_el1, afsr0_el1, afsr1_el1, par_el1;
	uint64_t mair_el1, amair_el1, vbar_el1, contextidr_el1;
	uint64_t tpidr_el0, tpidrro_el0, tpidr_el1;
	uint64_t sp_el0, sp_el1, elr_el1, spsr_el1;
	uint64_t cntkctl_el1, csselr_el1, mdscr_el1;
	uint64_t vmpidr_el2;
	/* virtual timer */
	uint64_t cntv_ctl, cntv_cval;
	/* GICv3 CPU interface (virtual) */
	uint64_t ich_vmcr, ich_ap0r[4], ich_ap1r[4];
	struct fpsimd_state fp;
};

#endif
