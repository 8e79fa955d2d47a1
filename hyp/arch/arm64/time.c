/* SPDX-License-Identifier: MIT */
/*
 * Generic timer, hypervisor side: the physical counter and the EL2 physical
 * timer (CNTHP, PPI 26) that drives software timers and preemption.
 * CNTHCTL_EL2 lets guests read the physical counter and traps their use of
 * the physical timer (they get the virtual one, switched per vCPU).
 */
#include <asm/entry.h>
#include <asm/sysregs.h>
#include <hyp/arch.h>
#include <hyp/time.h>

uint64_t counter_read(void)
{
	isb();
	return READ_SYSREG(cntpct_el0);
}

uint32_t counter_freq(void)
{
	return (uint32_t)READ_SYSREG(cntfrq_el0);
}

void arch_timer_program(uint64_t ticks)
{
	WRITE_SYSREG(ticks, cnthp_cval_el2);
	WRITE_SYSREG(CNTx_CTL_ENABLE, cnthp_ctl_el2);
	isb();
}

void arch_timer_disable(void)
{
	WRITE_SYSREG(0, cnthp_ctl_el2);
	isb();
}

/** Per-CPU timer setup: EL1 may read CNTPCT (EL1PCTEN) but not use CNTP (EL1PCEN=0). */
void arch_timer_cpu_init(void)
{
	WRITE_SYSREG(1UL << 0, cnthctl_el2);
	WRITE_SYSREG(0, cntvoff_el2);
	WRITE_SYSREG(0, cnthp_ctl_el2);
	isb();
}
