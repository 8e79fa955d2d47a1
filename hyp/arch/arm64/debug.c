/* SPDX-License-Identifier: MIT */
/*
 * Guest debugging support on AArch64 (for hyp/core/gdbsx.c, `hx gdbsx`).
 *
 * For a domain with a debugger attached (XEN_DOMCTL_setdebugging), its
 * vCPUs run with MDCR_EL2.TDE set, so the debug exceptions of EL1/EL0 -
 * BRK instructions and software step - are taken to EL2 (EC 0x3c, EC 0x32)
 * instead of the guest's own vectors; traps.c hands them to
 * gdbsx_debug_event(). Single-step: MDSCR_EL1.SS is set while a stepping
 * vCPU is loaded and SPSR_EL2.SS (the guest's PSTATE.SS) when it is
 * (re)loaded, so the ERET executes one instruction and then takes the step
 * exception. The OS lock is cleared first (it resets locked and disables
 * software step). Guest accesses to the debug registers stay trapped
 * (MDCR_EL2.TDA/TDOSA, read as zero), so MDSCR_EL1 is the hypervisor's.
 *
 * Invariant: on a pCPU, TDE and MDSCR_EL1.SS are set only while a vCPU of
 * a debugged domain is loaded (set at restore, cleared at save).
 */
#include <asm/debug.h>
#include <asm/sysregs.h>
#include <hyp/domain.h>

#define MDSCR_SS (1UL << 0)
#define MDCR_TDE (1UL << 8)
#define PSR_SS (1UL << 21)

void arch_debug_restore(struct vcpu *v)
{
	if (!v->domain->debugger_attached) {
		v->regs.pstate &= ~PSR_SS;
		return;
	}
	__asm__ volatile("msr oslar_el1, xzr" ::: "memory");
	WRITE_SYSREG(MDCR_EL2_GUEST | MDCR_TDE, mdcr_el2);
	WRITE_SYSREG(v->dbg_step ? MDSCR_SS : 0, mdscr_el1);
	if (v->dbg_step)
		v->regs.pstate |= PSR_SS;
	else
		v->regs.pstate &= ~PSR_SS;
	isb();
}

void arch_debug_save(struct vcpu *v)
{
	/* debugger_attached changes only while the domain's vCPUs are descheduled. */
	if (!v->domain->debugger_attached)
		return;
	WRITE_SYSREG(0, mdscr_el1);
	WRITE_SYSREG(MDCR_EL2_GUEST, mdcr_el2);
	isb();
}
