/* SPDX-License-Identifier: MIT */
/* EL2 stage-1 identity map (hyp/arch/arm64/mmu.c). */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <hyp/types.h>

enum hyp_map_type { MAP_TEXT, MAP_RO, MAP_RW, MAP_DEVICE };

void mmu_init_boot(paddr_t text, paddr_t text_end, paddr_t ro_end, paddr_t image_end,
		   paddr_t dtb, uint64_t dtb_size);
void mmu_enable_secondary(void);
void mmu_enable(uint64_t ttbr0, uint64_t tcr, uint64_t mair, uint64_t sctlr);
int hyp_map(paddr_t pa, uint64_t size, enum hyp_map_type type);
void mmu_allocator_ready(void);
void mmu_clean_for_secondaries(void);
unsigned mmu_pa_bits(void);
void clear_memory(void *va, size_t size);

#endif
