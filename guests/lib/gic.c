/* SPDX-License-Identifier: MIT */
/*
 * GICv3 distributor, redistributor and CPU-interface set-up (gic.h).
 * Register offsets and bits: Arm IHI 0069 chapters 12 (ICC_*) and 12.9-12.11.
 */
#include <guest.h>
#include <mmio.h>

#define ICC_PMR_EL1 S3_0_C4_C6_0
#define ICC_BPR1_EL1 S3_0_C12_C12_3
#define ICC_CTLR_EL1 S3_0_C12_C12_4
#define ICC_SRE_EL1 S3_0_C12_C12_5
#define ICC_IGRPEN1_EL1 S3_0_C12_C12_7
#define ICC_SGI1R_EL1 S3_0_C12_C11_5

#define RWP_TIMEOUT_MS 1000

static void wait_clear(uintptr_t reg, uint32_t bits, const char *what)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(RWP_TIMEOUT_MS);

	while (mmio_read32(reg) & bits) {
		if (timer_now() > end)
			test_fail("vCPU%u: %s stuck (%#x)", cpu_id(), what, mmio_read32(reg));
		cpu_relax();
	}
}

void gic_dist_init(void)
{
	uint32_t ctlr = GICD_CTLR_ARE_NS | GICD_CTLR_ENABLE_G1A;

	mmio_write32(GUEST_GICD_BASE + GICD_CTLR, ctlr);
	wait_clear(GUEST_GICD_BASE + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
	if ((mmio_read32(GUEST_GICD_BASE + GICD_CTLR) & ctlr) != ctlr)
		test_fail("GICD_CTLR reads %#x after writing %#x",
			  mmio_read32(GUEST_GICD_BASE + GICD_CTLR), ctlr);
}

uintptr_t gic_rdist_base(unsigned int cpu)
{
	return GUEST_GICR_BASE + cpu * GUEST_GICR_STRIDE;
}

static uintptr_t sgi_base(void)
{
	return gic_rdist_base(cpu_id()) + GICR_SGI_BASE;
}

void gic_cpu_init(void)
{
	unsigned int cpu = cpu_id();
	uintptr_t rd = gic_rdist_base(cpu);
	uint64_t typer = mmio_read64(rd + GICR_TYPER);
	uint64_t mpidr = cpu_mpidr();
	/* GICR_TYPER[63:32] = Aff3.Aff2.Aff1.Aff0; MPIDR has Aff3 at [39:32]. */
	uint64_t aff = ((mpidr >> 8) & 0xff000000UL) | (mpidr & 0xffffffUL);
	uint32_t waker;

	/* The redistributor at index n must be vCPU n's (GICR_TYPER.Affinity). */
	if ((typer >> 32) != aff)
		test_fail("vCPU%u: GICR_TYPER %#lx at %#lx does not match MPIDR %#lx", cpu,
			  (unsigned long)typer, (unsigned long)rd, (unsigned long)mpidr);

	waker = mmio_read32(rd + GICR_WAKER);
	mmio_write32(rd + GICR_WAKER, waker & ~GICR_WAKER_PROCESSOR_SLEEP);
	wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILDREN_ASLEEP, "GICR_WAKER.ChildrenAsleep");

	/* System-register interface: RAO/WI under a hypervisor, set it anyway. */
	write_sysreg(ICC_SRE_EL1, read_sysreg(ICC_SRE_EL1) | 1);
	isb();
	if (!(read_sysreg(ICC_SRE_EL1) & 1))
		test_fail("vCPU%u: ICC_SRE_EL1.SRE is 0, no GICv3 system registers", cpu);

	write_sysreg(ICC_PMR_EL1, 0xff);
	write_sysreg(ICC_BPR1_EL1, 0);
	write_sysreg(ICC_CTLR_EL1, 0); /* EOImode 0 */
	write_sysreg(ICC_IGRPEN1_EL1, 1);
	isb();
	if (!(read_sysreg(ICC_IGRPEN1_EL1) & 1))
		test_fail("vCPU%u: ICC_IGRPEN1_EL1 does not stick", cpu);
}

void gic_enable_ppi(unsigned int intid, uint8_t priority)
{
	uintptr_t sgi = sgi_base();
	uintptr_t prio_reg = sgi + GICR_IPRIORITYR + (intid & ~3U);
	unsigned int shift = (intid & 3) * 8;
	uint32_t v;

	if (intid >= 32)
		test_result(ERROR, "gic_enable_ppi: INTID %u is not an SGI/PPI", intid);
	mmio_write32(sgi + GICR_IGROUPR0, mmio_read32(sgi + GICR_IGROUPR0) | (1U << intid));
	v = mmio_read32(prio_reg);
	v = (v & ~(0xffU << shift)) | ((uint32_t)priority << shift);
	mmio_write32(prio_reg, v);
	mmio_write32(sgi + GICR_ISENABLER0, 1U << intid);
	wait_clear(gic_rdist_base(cpu_id()) + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP");
	if (!(mmio_read32(sgi + GICR_ISENABLER0) & (1U << intid)))
		test_fail("vCPU%u: INTID %u not enabled after writing GICR_ISENABLER0", cpu_id(),
			  intid);
}

void gic_disable_ppi(unsigned int intid)
{
	mmio_write32(sgi_base() + GICR_ICENABLER0, 1U << (intid & 31));
	wait_clear(gic_rdist_base(cpu_id()) + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP");
}

bool gic_ppi_is_pending(unsigned int intid)
{
	return mmio_read32(sgi_base() + GICR_ISPENDR0) & (1U << (intid & 31));
}

void gic_clear_ppi_pending(unsigned int intid)
{
	mmio_write32(sgi_base() + GICR_ICPENDR0, 1U << (intid & 31));
}

static void send_sgi(uint64_t val)
{
	dsb(ishst); /* make prior writes visible to the target before the SGI */
	write_sysreg(ICC_SGI1R_EL1, val);
	isb();
}

void gic_send_sgi(unsigned int intid, unsigned int cpu)
{
	uint64_t mpidr = cpu_to_mpidr(cpu);
	uint64_t aff1 = (mpidr >> 8) & 0xff;

	/* TargetList bit = Aff0 (RS = 0 covers Aff0 0-15), INTID [27:24], Aff1 [23:16]. */
	send_sgi((1UL << (mpidr & 0xf)) | (aff1 << 16) | ((uint64_t)(intid & 0xf) << 24));
}

void gic_send_sgi_others(unsigned int intid)
{
	send_sgi((1UL << 40) | ((uint64_t)(intid & 0xf) << 24)); /* IRM */
}
