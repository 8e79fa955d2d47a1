/* SPDX-License-Identifier: MIT */
/*
 * System register accessors, barriers and architectural constants
 * (Arm ARM DDI 0487: D13 system registers, D17 ESR_ELx encodings).
 */
#ifndef ASM_SYSREGS_H
#define ASM_SYSREGS_H

#include <hyp/types.h>
#include <public/arch-arm.h>

#define READ_SYSREG(name)                                                  \
	({                                                                 \
		uint64_t _v;                                               \
		__asm__ volatile("mrs %0, " #name : "=r"(_v)::"memory");   \
		_v;                                                        \
	})
#define WRITE_SYSREG(v, name)                                              \
	__asm__ volatile("msr " #name ", %0" ::"r"((uint64_t)(v)) : "memory")

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")
#define dmb(opt) __asm__ volatile("dmb " #opt ::: "memory")
#define wfi() __asm__ volatile("wfi" ::: "memory")
#define wfe() __asm__ volatile("wfe" ::: "memory")
#define sev() __asm__ volatile("sev" ::: "memory")

static inline void local_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}
static inline void local_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}
static inline uint64_t local_irq_save(void)
{
	uint64_t flags = READ_SYSREG(daif);
	local_irq_disable();
	return flags;
}
static inline void local_irq_restore(uint64_t flags)
{
	WRITE_SYSREG(flags, daif);
}

/* HCR_EL2 */
#define HCR_VM (1UL << 0)
#define HCR_SWIO (1UL << 1)
#define HCR_FMO (1UL << 3)
#define HCR_IMO (1UL << 4)
#define HCR_AMO (1UL << 5)
#define HCR_FB (1UL << 9)
#define HCR_BSU_IS (1UL << 10)
#define HCR_TWI (1UL << 13)
#define HCR_TWE (1UL << 14)
#define HCR_TSC (1UL << 19)
#define HCR_TIDCP (1UL << 20)
#define HCR_TACR (1UL << 21)
#define HCR_TSW (1UL << 22)
#define HCR_RW (1UL << 31)

/* MDCR_EL2 for guests: trap debug (TDA, TDOSA, TDRA) and PMU (TPM, TPMCR) accesses */
#define MDCR_EL2_GUEST ((1UL << 9) | (1UL << 10) | (1UL << 11) | (1UL << 6) | (1UL << 5))

/* ESR_EL2 exception classes */
#define ESR_EC_SHIFT 26
#define ESR_EC(esr) (((esr) >> ESR_EC_SHIFT) & 0x3f)
#define ESR_EC_MASK (0x3fUL << ESR_EC_SHIFT)
#define ESR_IL (1UL << 25)
#define ESR_ISS(esr) ((esr) & 0x1ffffff)
#define EC_UNKNOWN 0x00
#define EC_WFX 0x01
#define EC_FP 0x07
#define EC_ILLEGAL 0x0e
#define EC_HVC64 0x16
#define EC_SMC64 0x17
#define EC_SYSREG 0x18
#define EC_SVE 0x19
#define EC_IABT_LOW 0x20
#define EC_IABT_CUR 0x21
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_DABT_CUR 0x25
#define EC_SP_ALIGN 0x26
#define EC_SERROR 0x2f
#define EC_SOFTSTP_LOW 0x32
#define EC_BRK64 0x3c

/* PSTATE / SPSR */
#define PSR_MODE_MASK 0xf
#define PSR_F (1UL << 6)
#define PSR_I (1UL << 7)
#define PSR_A (1UL << 8)
#define PSR_D (1UL << 9)

/* Generic timer control */
#define CNTx_CTL_ENABLE (1UL << 0)
#define CNTx_CTL_IMASK (1UL << 1)
#define CNTx_CTL_ISTATUS (1UL << 2)

#define MPIDR_AFF_MASK 0xff00ffffffUL

static inline uint64_t mpidr_affinity(uint64_t mpidr)
{
	return mpidr & MPIDR_AFF_MASK;
}

#endif
