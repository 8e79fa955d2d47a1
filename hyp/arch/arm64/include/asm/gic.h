/* SPDX-License-Identifier: MIT */
/* Physical GICv3 driver (hyp/arch/arm64/gic-v3.c). */
#ifndef ASM_GIC_H
#define ASM_GIC_H

#include <hyp/types.h>

#define GIC_SGI_KICK 0
#define GIC_SGI_STOP 1
#define GIC_SGI_DUMP 2 /* Group 0: arrives as FIQ, even with IRQs masked */
#define GIC_PPI_MAINT 25
#define GIC_PPI_HYP_TIMER 26
#define GIC_PPI_VTIMER 27
#define GIC_SPURIOUS 1023

int gic_init(paddr_t gicd, uint64_t gicd_size, paddr_t gicr, uint64_t gicr_size);
int gic_cpu_init(uint64_t mpidr);
void gic_enable_spi(unsigned intid, uint64_t target_mpidr, bool level);
void gic_enable_ppi(unsigned intid);
void gic_disable_ppi(unsigned intid);
unsigned gic_ack(void);
void gic_eoi(unsigned intid);
void gic_send_sgi(uint64_t target_mpidr, unsigned sgi);
void gic_send_sgi_fiq(uint64_t target_mpidr, unsigned sgi);
unsigned gic_ack_fiq(void);
void gic_eoi_fiq(unsigned intid);
unsigned gic_nr_lrs(void);
unsigned gic_nr_lines(void);
uint64_t gic_read_lr(unsigned n);
void gic_write_lr(unsigned n, uint64_t v);

#endif
