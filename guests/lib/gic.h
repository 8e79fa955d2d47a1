/* SPDX-License-Identifier: MIT */
/*
 * GICv3 helpers for the micro-guests (Arm IHI 0069): the distributor, this
 * vCPU's redistributor (RD_base + SGI_base, 128 KiB per vCPU, in vCPU order)
 * and the system-register CPU interface. All interrupts are made Group 1
 * (non-secure); on Xen's vGIC IGROUPR is RAO/WI, on bare QEMU it must be set.
 * Helpers that find the interrupt controller misbehaving end the test with
 * FAILURE and a description.
 */
#ifndef GUEST_GIC_H
#define GUEST_GIC_H

#include <hyp/types.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_CTLR_ENABLE_G1A (1U << 1)
#define GICD_CTLR_ARE_NS (1U << 4)
#define GICD_CTLR_RWP (1U << 31)

#define GICR_CTLR 0x0000
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_CTLR_RWP (1U << 3)
#define GICR_TYPER_LAST (1UL << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

#define GICR_SGI_BASE 0x10000
#define GICR_IGROUPR0 0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ISPENDR0 0x0200
#define GICR_ICPENDR0 0x0280
#define GICR_ISACTIVER0 0x0300
#define GICR_IPRIORITYR 0x0400

#define GIC_INTID_SPURIOUS 1023

/** Interrupt handler; runs with IRQs masked, before the EOI. */
typedef void (*irq_handler_t)(unsigned int intid);

/** Enable the distributor: affinity routing + Group 1 (GICD_CTLR). */
void gic_dist_init(void);
/** Wake this vCPU's redistributor and enable its CPU interface. */
void gic_cpu_init(void);
/** Base address of linear vCPU @cpu's redistributor (RD_base). */
uintptr_t gic_rdist_base(unsigned int cpu);
/** Enable SGI/PPI @intid (< 32) on this vCPU with @priority (lower = higher). */
void gic_enable_ppi(unsigned int intid, uint8_t priority);
void gic_disable_ppi(unsigned int intid);
bool gic_ppi_is_pending(unsigned int intid);
void gic_clear_ppi_pending(unsigned int intid);
/** Send SGI @intid to linear vCPU @cpu (ICC_SGI1R_EL1, IRM = 0). */
void gic_send_sgi(unsigned int intid, unsigned int cpu);
/** Send SGI @intid to every vCPU but this one (IRM = 1). */
void gic_send_sgi_others(unsigned int intid);
/** Route interrupts with @intid to @fn (SGIs, PPIs and SPIs below 64). */
void irq_set_handler(unsigned int intid, irq_handler_t fn);

#endif
