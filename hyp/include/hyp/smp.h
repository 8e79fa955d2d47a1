/* SPDX-License-Identifier: MIT */
/* CPU bring-up (hyp/arch/arm64/smp.c). */
#ifndef HYP_SMP_H
#define HYP_SMP_H

#include <hyp/types.h>

void smp_init_boot_cpu(uint64_t mpidr);
unsigned smp_boot_secondaries(const uint64_t *mpidrs, unsigned count);
void mmu_clean_for_secondaries(void);

#endif
