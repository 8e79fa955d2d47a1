/* SPDX-License-Identifier: MIT */
/*
 * Physical GICv3 driver (Arm IHI0069): distributor, one redistributor per
 * CPU (found by matching GICR_TYPER affinity against MPIDR), and the
 * system-register CPU interface at EL2. All interrupts are Group 1
 * non-secure; EOImode 0 (EOIR both drops priority and deactivates). The
 * virtual CPU interface (ICH_*) is enabled here and programmed per vCPU by
 * vcpu.c from the vgic model.
 */
#include <asm/gic.h>
#include <asm/sysregs.h>
#include <hyp/log.h>

#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ICPENDR 0x0280
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR 0x0c00
#define GICD_IROUTER 0x6000
#define GICD_CTLR_RWP (1U << 31)
#define GICD_CTLR_ARE (1U << 4)
#define GICD_CTLR_GRP1 (1U << 1)
#define GICD_CTLR_GRP1_DS (1U << 1) /* EnableGrp1 (DS=1) / EnableGrp1NS */

#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_SGI 0x10000
#define GICR_IGROUPR0 (GICR_SGI + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI + 0x0180)
#define GICR_ICPENDR0 (GICR_SGI + 0x0280)
#define GICR_ICACTIVER0 (GICR_SGI + 0x0380)
#define GICR_IPRIORITYR0 (GICR_SGI + 0x0400)
#define GICR_ICFGR1 (GICR_SGI + 0x0c04)
#define GICR_STRIDE 0x20000

#define PRIO_DEFAULT 0xa0
#define PRIO_IPI 0x80

static volatile uint8_t *gicd;
static volatile uint8_t *gicr_region;
static uint64_t gicr_region_size;
static unsigned nr_lines;
static unsigned nr_lrs;
static volatile uint8_t *gicr_of_cpu[64];

static inline uint32_t rd32(volatile uint8_t *b, unsigned off)
{
	return *(volatile uint32_t *)(b + off);
}
static inline void wr32(volatile uint8_t *b, unsigned off, uint32_t v)
{
	*(volatile uint32_t *)(b + off) = v;
}
static inline uint64_t rd64(volatile uint8_t *b, unsigned off)
{
	return *(volatile uint64_t *)(b + off);
}
static inline void wr64(volatile uint8_t *b, unsigned off, uint64_t v)
{
	*(volatile uint64_t *)(b + off) = v;
}

static void gicd_wait_rwp(void)
{
	for (int i = 0; i < 1000000 && (rd32(gicd, GICD_CTLR) & GICD_CTLR_RWP); i++)
		;
}

int gic_init(paddr_t d, uint64_t dsize, paddr_t r, uint64_t rsize)
{
	(void)dsize;
	gicd = (volatile uint8_t *)(uintptr_t)d;
	gicr_region = (volatile uint8_t *)(uintptr_t)r;
	gicr_region_size = rsize;

	nr_lines = ((rd32(gicd, GICD_TYPER) & 0x1f) + 1) * 32;
	if (nr_lines > 1020)
		nr_lines = 1020;

	wr32(gicd, GICD_CTLR, 0);
	gicd_wait_rwp();
	for (unsigned i = 32; i < nr_lines; i += 32) {
		wr32(gicd, GICD_IGROUPR + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICENABLER + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICPENDR + i / 8, 0xffffffff);
		wr32(gicd, GICD_ICACTIVER + i / 8, 0xffffffff);
	}
	for (unsigned i = 32; i < nr_lines; i += 4)
		wr32(gicd, GICD_IPRIORITYR + i, 0xa0a0a0a0);
	gicd_wait_rwp();
	wr32(gicd, GICD_CTLR, GICD_CTLR_ARE | GICD_CTLR_GRP1 | 1U /* EnableGrp0 */);
	gicd_wait_rwp();
	pr_info("GICv3: distributor at %#lx, %u lines, redistributors at %#lx (%#lx bytes)",
		(unsigned long)d, nr_lines, (unsigned long)r, (unsigned long)rsize);
	return 0;
}

static volatile uint8_t *find_redist(uint64_t mpidr)
{
	uint32_t aff = (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 8) & 0xff000000));

	for (uint64_t off = 0; off + GICR_STRIDE <= gicr_region_size; off += GICR_STRIDE) {
		uint64_t typer = rd64(gicr_region, (unsigned)off + GICR_TYPER);
		if ((uint32_t)(typer >> 32) == aff)
			return gicr_region + off;
		if (typer & (1U << 4)) /* Last */
			break;
	}
	return NULL;
}

int gic_cpu_init(uint64_t mpidr)
{
	volatile uint8_t *rd = find_redist(mpidr);

	if (!rd)
		return -1;
	/* Wake the redistributor. */
	wr32(rd, GICR_WAKER, rd32(rd, GICR_WAKER) & ~(1U << 1));
	for (int i = 0; i < 1000000 && (rd32(rd, GICR_WAKER) & (1U << 2)); i++)
		;
	/* Everything Group 1 (IRQ) except the dump SGI, Group 0 (FIQ: our NMI). */
	wr32(rd, GICR_IGROUPR0, ~(1U << GIC_SGI_DUMP));
	wr32(rd, GICR_ICENABLER0, 0xffffffff);
	wr32(rd, GICR_ICPENDR0, 0xffff0000); /* PPIs; SGIs are edge */
	wr32(rd, GICR_ICACTIVER0, 0xffffffff);
	for (unsigned i = 0; i < 32; i += 4)
		wr32(rd, GICR_IPRIORITYR0 + i, i < 16 ? 0x80808080 : 0xa0a0a0a0);
	*(volatile uint8_t *)(rd + GICR_IPRIORITYR0 + GIC_SGI_DUMP) = 0x20;
	wr32(rd, GICR_ISENABLER0, 1U << GIC_SGI_DUMP);
	for (int i = 0; i < 1000000 && (rd32(rd, 0) & (1U << 3)); i++) /* RWP */
		;
	/* CPU interface: system registers at EL2 and (for guests) EL1. */
	WRITE_SYSREG(READ_SYSREG(ICC_SRE_EL2) | 0x1 | 0x8, ICC_SRE_EL2); /* SRE | Enable */
	isb();
	WRITE_SYSREG(0xff, ICC_PMR_EL1);
	WRITE_SYSREG(0, ICC_BPR1_EL1);
	WRITE_SYSREG(0, ICC_CTLR_EL1); /* EOImode 0 */
	WRITE_SYSREG(1, ICC_IGRPEN1_EL1);
	WRITE_SYSREG(1, ICC_IGRPEN0_EL1);
	isb();
	nr_lrs = (unsigned)(READ_SYSREG(ICH_VTR_EL2) & 0x1f) + 1;
	WRITE_SYSREG(0, ICH_HCR_EL2);
	isb();
	/* Remember the redistributor by MPIDR hash for the enable helpers. */
	gicr_of_cpu[(mpidr & 0xf) | ((mpidr >> 4) & 0x30)] = rd;
	return 0;
}

static volatile uint8_t *this_redist(void)
{
	uint64_t mpidr = READ_SYSREG(mpidr_el1);
	return gicr_of_cpu[(mpidr & 0xf) | ((mpidr >> 4) & 0x30)];
}

void gic_enable_ppi(unsigned intid)
{
	volatile uint8_t *rd = this_redist();
	if (rd)
		wr32(rd, GICR_ISENABLER0, 1U << intid);
}

void gic_disable_ppi(unsigned intid)
{
	volatile uint8_t *rd = this_redist();
	if (rd)
		wr32(rd, GICR_ICENABLER0, 1U << intid);
}

void gic_enable_spi(unsigned intid, uint64_t target_mpidr, bool level)
{
	uint32_t cfg;

	if (intid < 32 || intid >= nr_lines)
		return;
	wr64(gicd, GICD_IROUTER + intid * 8, mpidr_affinity(target_mpidr));
	cfg = rd32(gicd, GICD_ICFGR + (intid / 16) * 4);
	cfg &= ~(3U << ((intid % 16) * 2));
	if (!level)
		cfg |= 2U << ((intid % 16) * 2);
	wr32(gicd, GICD_ICFGR + (intid / 16) * 4, cfg);
	wr32(gicd, GICD_ISENABLER + (intid / 32) * 4, 1U << (intid % 32));
}

unsigned gic_ack(void)
{
	unsigned irq = (unsigned)READ_SYSREG(ICC_IAR1_EL1) & 0xffffff;
	dsb(sy);
	return irq;
}

void gic_eoi(unsigned intid)
{
	WRITE_SYSREG(intid, ICC_EOIR1_EL1);
	isb();
}

static uint64_t sgi_value(uint64_t mpidr, unsigned sgi);

void gic_send_sgi(uint64_t mpidr, unsigned sgi)
{
	dsb(ishst);
	WRITE_SYSREG(sgi_value(mpidr, sgi), ICC_SGI1R_EL1);
	isb();
}

static uint64_t sgi_value(uint64_t mpidr, unsigned sgi)
{
	uint64_t aff1 = (mpidr >> 8) & 0xff, aff2 = (mpidr >> 16) & 0xff, aff3 = (mpidr >> 32) & 0xff;
	return (1UL << (mpidr & 0xf)) | (aff1 << 16) | ((uint64_t)sgi << 24) | (aff2 << 32) |
	       (aff3 << 48) | ((uint64_t)((mpidr & 0xff) >> 4) << 44);
}

/** Group-0 SGI: taken as FIQ by the target, which keeps FIQs unmasked. */
void gic_send_sgi_fiq(uint64_t mpidr, unsigned sgi)
{
	dsb(ishst);
	WRITE_SYSREG(sgi_value(mpidr, sgi), ICC_SGI0R_EL1);
	isb();
}

unsigned gic_ack_fiq(void)
{
	unsigned irq = (unsigned)READ_SYSREG(ICC_IAR0_EL1) & 0xffffff;
	dsb(sy);
	return irq;
}

void gic_eoi_fiq(unsigned intid)
{
	WRITE_SYSREG(intid, ICC_EOIR0_EL1);
	isb();
}

unsigned gic_nr_lrs(void)
{
	return nr_lrs;
}

unsigned gic_nr_lines(void)
{
	return nr_lines;
}

uint64_t gic_read_lr(unsigned n)
{
	switch (n) {
	case 0: return READ_SYSREG(ICH_LR0_EL2);
	case 1: return READ_SYSREG(ICH_LR1_EL2);
	case 2: return READ_SYSREG(ICH_LR2_EL2);
	case 3: return READ_SYSREG(ICH_LR3_EL2);
	case 4: return READ_SYSREG(ICH_LR4_EL2);
	case 5: return READ_SYSREG(ICH_LR5_EL2);
	case 6: return READ_SYSREG(ICH_LR6_EL2);
	case 7: return READ_SYSREG(ICH_LR7_EL2);
	case 8: return READ_SYSREG(ICH_LR8_EL2);
	case 9: return READ_SYSREG(ICH_LR9_EL2);
	case 10: return READ_SYSREG(ICH_LR10_EL2);
	case 11: return READ_SYSREG(ICH_LR11_EL2);
	case 12: return READ_SYSREG(ICH_LR12_EL2);
	case 13: return READ_SYSREG(ICH_LR13_EL2);
	case 14: return READ_SYSREG(ICH_LR14_EL2);
	default: return READ_SYSREG(ICH_LR15_EL2);
	}
}

void gic_write_lr(unsigned n, uint64_t v)
{
	switch (n) {
	case 0: WRITE_SYSREG(v, ICH_LR0_EL2); break;
	case 1: WRITE_SYSREG(v, ICH_LR1_EL2); break;
	case 2: WRITE_SYSREG(v, ICH_LR2_EL2); break;
	case 3: WRITE_SYSREG(v, ICH_LR3_EL2); break;
	case 4: WRITE_SYSREG(v, ICH_LR4_EL2); break;
	case 5: WRITE_SYSREG(v, ICH_LR5_EL2); break;
	case 6: WRITE_SYSREG(v, ICH_LR6_EL2); break;
	case 7: WRITE_SYSREG(v, ICH_LR7_EL2); break;
	case 8: WRITE_SYSREG(v, ICH_LR8_EL2); break;
	case 9: WRITE_SYSREG(v, ICH_LR9_EL2); break;
	case 10: WRITE_SYSREG(v, ICH_LR10_EL2); break;
	case 11: WRITE_SYSREG(v, ICH_LR11_EL2); break;
	case 12: WRITE_SYSREG(v, ICH_LR12_EL2); break;
	case 13: WRITE_SYSREG(v, ICH_LR13_EL2); break;
	case 14: WRITE_SYSREG(v, ICH_LR14_EL2); break;
	default: WRITE_SYSREG(v, ICH_LR15_EL2); break;
	}
}
