/* SPDX-License-Identifier: MIT */
/*
 * CPU state dumps on request, even from a CPU spinning with interrupts
 * masked: the dump request is a Group-0 SGI, which the GIC signals as FIQ,
 * and hospes keeps FIQs unmasked everywhere except the few instructions that
 * enter a guest. Used by the watchdog and the 'd' debug key. While a CPU
 * prints from FIQ context, printk bypasses the console lock (the CPU may have
 * been interrupted holding it).
 */
#include <asm/entry.h>
#include <asm/gic.h>
#include <asm/sysregs.h>
#include <hyp/arch.h>
#include <hyp/domain.h>
#include <hyp/log.h>
#include <hyp/percpu.h>

static volatile bool in_nmi[MAX_CPUS];

bool arch_in_nmi(void)
{
	return in_nmi[this_cpu()];
}

/** Ask @cpu to print its registers and backtrace (works with its IRQs masked). */
void arch_request_cpu_dump(unsigned cpu)
{
	if (cpu < MAX_CPUS && pcpus[cpu].online)
		gic_send_sgi_fiq(pcpus[cpu].mpidr, GIC_SGI_DUMP);
}

void arch_dump_this_cpu(const struct cpu_regs *r, bool in_guest)
{
	struct pcpu *p = this_pcpu();

	if (in_guest && p->current) {
		printk(LOG_ERR, "CPU%u: running d%uv%u in the guest (pc %#lx); hypervisor not stuck here",
		       p->id, p->current->domain->domid, p->current->id, (unsigned long)r->pc);
		return;
	}
	printk(LOG_ERR, "CPU%u state: stage '%s', %s, interrupts %s", p->id, (const char *)p->stage,
	       p->current ? "has a vCPU loaded" : "idle",
	       (r->pstate & PSR_IRQ_MASK) ? "masked" : "enabled");
	arch_dump_regs(r, false);
	arch_dump_backtrace(r->x[29], r->pc);
}

void fiq_handle(struct cpu_regs *r, int from_guest)
{
	unsigned me = this_cpu();

	for (int n = 0; n < 8; n++) {
		unsigned irq = gic_ack_fiq();
		if (irq >= 1020)
			break;
		if (irq == GIC_SGI_DUMP) {
			in_nmi[me] = true;
			arch_dump_this_cpu(r, from_guest);
			in_nmi[me] = false;
		}
		gic_eoi_fiq(irq);
	}
}
