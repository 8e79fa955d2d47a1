/* SPDX-License-Identifier: MIT */
/*
 * arch_this_cpu_id() for AArch64, inline: every spin_lock() records its
 * holder with it. TPIDR_EL2 points at this CPU's struct pcpu (NULL before
 * the per-CPU setup), whose `id` is at PCPU_ID (checked in smp.c).
 */
#ifndef ASM_CPU_ID_H
#define ASM_CPU_ID_H

#define PCPU_ID 16 /* offsetof(struct pcpu, id) */

static inline int arch_this_cpu_id(void)
{
	unsigned long p;

	__asm__("mrs %0, tpidr_el2" : "=r"(p));
	return p ? (int)*(const unsigned *)(p + PCPU_ID) : 0;
}

#endif
