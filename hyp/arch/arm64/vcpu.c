/* SPDX-License-Identifier: MIT */
/*
 * vCPU context on AArch64: EL1 system registers, FP/SIMD, the virtual timer
 * and the GICv3 virtual CPU interface, switched in full whenever a pCPU
 * changes vCPU (eager switching: simple and predictable). The virtual timer
 * of a descheduled vCPU is kept alive by a software timer at its deadline.
 * List registers are synced on exits that find some loaded and refilled on
 * entries when the vgic changed (vgic_flush_needed()). The vgic's direct LR
 * (the event upcall written straight into LR0, hyp/core/vgic.c) is read back
 * on every exit, before a slow entry and before the vCPU is switched away.
 */
#include <asm/debug.h>
#include <asm/entry.h>
#include <asm/gic.h>
#include <asm/mmu.h>
#include <asm/sysregs.h>
#include <hyp/arch.h>
#include <hyp/domain.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <lib/string.h>


#define SCTLR_EL1_RESET 0x00C50078UL
#define HCR_GUEST (HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_FB | HCR_BSU_IS | \
		   HCR_TWI | HCR_TWE | HCR_TSC | HCR_TIDCP | HCR_TSW | HCR_RW)

/** Per-CPU EL2 configuration for running guests. */
void arch_cpu_init_el2(void)
{
	WRITE_SYSREG(HCR_GUEST, hcr_el2);
	/* CPTR_EL2: RES1 bits; no FP trap (eager switch), trap SVE (TZ) and trace (TTA). */
	WRITE_SYSREG(0x33ffUL | (1UL << 20), cptr_el2);
	/* MDCR_EL2: trap debug (TDA, TDOSA, TDRA) and PMU (TPM, TPMCR) accesses. */
	WRITE_SYSREG(MDCR_EL2_GUEST, mdcr_el2);
	WRITE_SYSREG(READ_SYSREG(midr_el1), vpidr_el2);
	WRITE_SYSREG(stage2_vtcr(40, mmu_pa_bits()), vtcr_el2);
	isb();
}

static void vtimer_expired(void *data)
{
	struct vcpu *v = data;

	vgic_inject_private(&v->vgic, GIC_PPI_VTIMER);
}

void arch_vcpu_init(struct vcpu *v)
{
	memset(&v->arch, 0, sizeof(v->arch));
	v->arch.sctlr_el1 = SCTLR_EL1_RESET;
	v->arch.vmpidr_el2 = (1UL << 31) | vgic_vcpu_mpidr_aff(v->id);
	timer_init(&v->vtimer_timer, vtimer_expired, v);
}

/** Put a vCPU into its architectural reset state, entering at @pc with x0 = @x0. */
void vcpu_reset_state(struct vcpu *v, uint64_t pc, uint64_t x0)
{
	uint64_t vmpidr = v->arch.vmpidr_el2;

	memset(&v->regs, 0, sizeof(v->regs));
	memset(&v->arch, 0, sizeof(v->arch));
	v->arch.vmpidr_el2 = vmpidr;
	v->arch.sctlr_el1 = SCTLR_EL1_RESET;
	v->regs.pc = pc;
	v->regs.x[0] = x0;
	v->regs.pstate = PSR_GUEST64_INIT;
}

static void direct_lr_sync(struct vgic_cpu *c);

void arch_vcpu_save(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;

	/* No direct LR from now on; one written during this trap goes back to
	 * the model (still pending: the guest has not run since). */
	v->vgic.loaded_cpu = -1;
	if (v->vgic.direct_hw)
		direct_lr_sync(&v->vgic);

	a->sctlr_el1 = READ_SYSREG(sctlr_el1);
	a->actlr_el1 = READ_SYSREG(actlr_el1);
	a->cpacr_el1 = READ_SYSREG(cpacr_el1);
	a->ttbr0_el1 = READ_SYSREG(ttbr0_el1);
	a->ttbr1_el1 = READ_SYSREG(ttbr1_el1);
	a->tcr_el1 = READ_SYSREG(tcr_el1);
	a->esr_el1 = READ_SYSREG(esr_el1);
	a->far_el1 = READ_SYSREG(far_el1);
	a->afsr0_el1 = READ_SYSREG(afsr0_el1);
	a->afsr1_el1 = READ_SYSREG(afsr1_el1);
	a->par_el1 = READ_SYSREG(par_el1);
	a->mair_el1 = READ_SYSREG(mair_el1);
	a->amair_el1 = READ_SYSREG(amair_el1);
	a->vbar_el1 = READ_SYSREG(vbar_el1);
	a->contextidr_el1 = READ_SYSREG(contextidr_el1);
	a->tpidr_el0 = READ_SYSREG(tpidr_el0);
	a->tpidrro_el0 = READ_SYSREG(tpidrro_el0);
	a->tpidr_el1 = READ_SYSREG(tpidr_el1);
	a->sp_el0 = READ_SYSREG(sp_el0);
	a->sp_el1 = READ_SYSREG(sp_el1);
	a->elr_el1 = READ_SYSREG(elr_el1);
	a->spsr_el1 = READ_SYSREG(spsr_el1);
	a->cntkctl_el1 = READ_SYSREG(cntkctl_el1);
	a->csselr_el1 = READ_SYSREG(csselr_el1);
	fpsimd_save(&a->fp);
	arch_debug_save(v);

	/* Virtual timer: stop it in hardware, keep it alive in software. */
	a->cntv_ctl = READ_SYSREG(cntv_ctl_el0);
	a->cntv_cval = READ_SYSREG(cntv_cval_el0);
	WRITE_SYSREG(0, cntv_ctl_el0);
	isb();
	if ((a->cntv_ctl & (CNTx_CTL_ENABLE | CNTx_CTL_IMASK)) == CNTx_CTL_ENABLE) {
		uint64_t phys = a->cntv_cval + v->domain->cntvoff;
		timer_set(&v->vtimer_timer, ticks_to_ns(phys));
	}

	/* GIC virtual CPU interface (LRs are synced on every exit already). */
	a->ich_vmcr = READ_SYSREG(ICH_VMCR_EL2);
	a->ich_ap0r[0] = READ_SYSREG(ICH_AP0R0_EL2);
	a->ich_ap1r[0] = READ_SYSREG(ICH_AP1R0_EL2);
	for (unsigned i = 0; i < gic_nr_lrs(); i++)
		gic_write_lr(i, 0);
	WRITE_SYSREG(0, ICH_HCR_EL2);
	this_pcpu()->ich_hcr = 0;
	this_pcpu()->hw_lrs_loaded = 0;
	v->vgic.lr_used = 0;
	isb();
}

void arch_vcpu_restore(struct vcpu *v)
{
	struct vcpu_arch *a = &v->arch;

	if (v->reset_pending) {
		v->reset_pending = false;
		v->arch_reload = false;
		vcpu_reset_state(v, v->reset_pc, v->reset_x0);
	}
	timer_stop(&v->vtimer_timer);
	arch_domain_activate(v->domain);
	WRITE_SYSREG(a->vmpidr_el2, vmpidr_el2);
	WRITE_SYSREG(a->sctlr_el1, sctlr_el1);
	WRITE_SYSREG(a->actlr_el1, actlr_el1);
	WRITE_SYSREG(a->cpacr_el1, cpacr_el1);
	WRITE_SYSREG(a->ttbr0_el1, ttbr0_el1);
	WRITE_SYSREG(a->ttbr1_el1, ttbr1_el1);
	WRITE_SYSREG(a->tcr_el1, tcr_el1);
	WRITE_SYSREG(a->esr_el1, esr_el1);
	WRITE_SYSREG(a->far_el1, far_el1);
	WRITE_SYSREG(a->afsr0_el1, afsr0_el1);
	WRITE_SYSREG(a->afsr1_el1, afsr1_el1);
	WRITE_SYSREG(a->par_el1, par_el1);
	WRITE_SYSREG(a->mair_el1, mair_el1);
	WRITE_SYSREG(a->amair_el1, amair_el1);
	WRITE_SYSREG(a->vbar_el1, vbar_el1);
	WRITE_SYSREG(a->contextidr_el1, contextidr_el1);
	WRITE_SYSREG(a->tpidr_el0, tpidr_el0);
	WRITE_SYSREG(a->tpidrro_el0, tpidrro_el0);
	WRITE_SYSREG(a->tpidr_el1, tpidr_el1);
	WRITE_SYSREG(a->sp_el0, sp_el0);
	WRITE_SYSREG(a->sp_el1, sp_el1);
	WRITE_SYSREG(a->elr_el1, elr_el1);
	WRITE_SYSREG(a->spsr_el1, spsr_el1);
	WRITE_SYSREG(a->cntkctl_el1, cntkctl_el1);
	WRITE_SYSREG(a->csselr_el1, csselr_el1);
	fpsimd_restore(&a->fp);
	arch_debug_restore(v);
	WRITE_SYSREG(v->domain->cntvoff, cntvoff_el2);
	WRITE_SYSREG(a->cntv_cval, cntv_cval_el0);
	WRITE_SYSREG(a->cntv_ctl, cntv_ctl_el0);
	WRITE_SYSREG(a->ich_vmcr, ICH_VMCR_EL2);
	WRITE_SYSREG(a->ich_ap0r[0], ICH_AP0R0_EL2);
	WRITE_SYSREG(a->ich_ap1r[0], ICH_AP1R0_EL2);
	v->vgic.loaded_cpu = (int16_t)v->processor; /* (schedule() set it to this pCPU) */
	isb();
}

void arch_domain_activate(struct domain *d)
{
	WRITE_SYSREG(stage2_vttbr(&d->s2), vttbr_el2);
	isb();
}

/* Zero the list registers that may be non-zero in hardware, but a direct LR0. */
static void clear_hw_lrs(struct pcpu *p, unsigned first)
{
	for (unsigned i = first; i < p->hw_lrs_loaded; i++)
		gic_write_lr(i, 0);
	p->hw_lrs_loaded = 0;
}

/* Hand the direct LR back to the vgic; empty LR0 unless the guest already did. */
static void direct_lr_sync(struct vgic_cpu *c)
{
	uint64_t lr = READ_SYSREG(ICH_LR0_EL2);

	if (lr & ICH_LR_STATE_MASK)
		WRITE_SYSREG(0, ICH_LR0_EL2);
	vgic_direct_sync(c, lr);
}

/** On an exit with the direct LR loaded (it is only ever loaded alone). */
void vgic_exit_direct(struct vcpu *v)
{
	direct_lr_sync(&v->vgic);
}

/**
 * On every other exit from the guest: read back the list registers into the
 * model (the caller chose this or vgic_exit_direct() by vgic_cpu.direct_hw).
 */
void vgic_exit_sync(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;

	/* Fast path: nothing was loaded, nothing to fold back. */
	if (!c->lr_used)
		return;
	for (unsigned i = 0; i < c->lr_used; i++) {
		uint64_t lr = gic_read_lr(i);

		c->lr[i] = lr;
		/* An EOI'd level LR keeps the maintenance interrupt asserted
		 * until it is rewritten: clear it now (entry rewrites all). */
		if ((lr & (ICH_LR_EOI | ICH_LR_HW | ICH_LR_STATE_MASK)) == ICH_LR_EOI)
			gic_write_lr(i, 0);
	}
	/* Drop underflow notification while in the hypervisor: it would keep
	 * the (level) maintenance interrupt asserted. Entry recomputes it. */
	if (c->hcr) {
		WRITE_SYSREG(ICH_HCR_EN, ICH_HCR_EL2);
		this_pcpu()->ich_hcr = ICH_HCR_EN;
	}
	vgic_sync_lrs(c);
}

/**
 * On every entry into the guest: refill the list registers from the model.
 * Fast path (most hypercalls and traps): no LR loaded and nothing changed in
 * the vgic since a flush found nothing to load (vgic_flush_needed()). A concurrent
 * injection from another pCPU is not lost: the injector kicks this pCPU,
 * whose IPI then exits the guest again and lands here.
 */
void vgic_enter_flush(struct vcpu *v)
{
	struct vgic_cpu *c = &v->vgic;
	struct pcpu *p = this_pcpu();
	unsigned loaded = p->hw_lrs_loaded;
	uint64_t hcr;

	if (!vgic_flush_needed(c)) {
		/* Nothing to load: the model's LRs are all empty (a direct LR0 stays). */
		clear_hw_lrs(p, c->direct_hw);
		hcr = ICH_HCR_EN;
	} else {
		/* The model changed: a direct LR goes back into it first. */
		if (c->direct_hw)
			direct_lr_sync(c);
		vgic_flush_lrs(c);
		for (unsigned i = 0; i < MAX(c->lr_used, loaded); i++)
			gic_write_lr(i, c->lr[i]);
		p->hw_lrs_loaded = c->lr_used;
		hcr = ICH_HCR_EN | c->hcr;
	}
	if (hcr != p->ich_hcr) {
		WRITE_SYSREG(hcr, ICH_HCR_EL2);
		p->ich_hcr = hcr;
	}
	/* No ISB: the ERET that enters the guest synchronises these writes. */
}
