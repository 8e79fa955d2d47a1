/* SPDX-License-Identifier: MIT */
/*
 * AArch64 helpers for the micro-guests: system-register access, barriers,
 * interrupt masking and the vCPU's linear id (Aff1 * 16 + Aff0, the inverse
 * of Xen's vcpuid_to_vaffinity).
 */
#ifndef GUEST_ARCH_H
#define GUEST_ARCH_H

#include <hyp/types.h>

#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)

/* @r may be a macro such as ICC_IAR1_EL1 -> S3_0_C12_C12_0. */
#define read_sysreg(r)                                                  \
	({                                                              \
		uint64_t __v;                                           \
		__asm__ volatile("mrs %0, " __stringify(r) : "=r"(__v)); \
		__v;                                                    \
	})
#define write_sysreg(r, v)                                                         \
	do {                                                                       \
		uint64_t __wv = (uint64_t)(v);                                     \
		__asm__ volatile("msr " __stringify(r) ", %0" : : "r"(__wv) : "memory"); \
	} while (0)

#define isb() __asm__ volatile("isb" : : : "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt : : : "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt : : : "memory")
#define wfi() __asm__ volatile("wfi" : : : "memory")
#define wfe() __asm__ volatile("wfe" : : : "memory")
#define sev() __asm__ volatile("sev" : : : "memory")
#define cpu_relax() __asm__ volatile("yield" : : : "memory")

#define MPIDR_AFF_MASK 0xff00ffffffUL

static inline void local_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

static inline void local_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

static inline bool local_irq_is_masked(void)
{
	return read_sysreg(daif) & (1UL << 7);
}

/** Affinity of this vCPU as a PSCI/GIC target (MPIDR without U/MT/RES1). */
static inline uint64_t cpu_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_AFF_MASK;
}

/** MPIDR affinity value of linear vCPU @cpu (Xen vcpuid_to_vaffinity). */
static inline uint64_t cpu_to_mpidr(unsigned int cpu)
{
	return ((uint64_t)(cpu >> 4) << 8) | (cpu & 0xf);
}

/** Linear id of this vCPU; start.S also keeps it in TPIDR_EL1. */
static inline unsigned int cpu_id(void)
{
	return (unsigned int)read_sysreg(tpidr_el1);
}

#endif
