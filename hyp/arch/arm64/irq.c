/* SPDX-License-Identifier: MIT */
/*
 * Physical interrupt dispatch at EL2: IPIs (kick, stop), the EL2 timer
 * (software timers and preemption), the virtual timer of the running vCPU
 * (masked in hardware and injected as virtual PPI 27, as Xen does), the vGIC
 * maintenance interrupt, and the console UART's receive interrupt.
 */
#include <asm/entry.h>
#include <asm/gic.h>
#include <hyp/arch.h>
#include <asm/sysregs.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/pl011.h>
#include <hyp/trace.h>

static unsigned uart_irq = 0;

void irq_set_uart(unsigned intid)
{
	uart_irq = intid;
}

static void vtimer_irq(void)
{
	struct vcpu *v = this_pcpu()->current;
	uint64_t ctl = READ_SYSREG(cntv_ctl_el0);

	if (!v) {
		WRITE_SYSREG(0, cntv_ctl_el0);
		return;
	}
	if ((ctl & (CNTx_CTL_ISTATUS | CNTx_CTL_IMASK | CNTx_CTL_ENABLE)) ==
	    (CNTx_CTL_ISTATUS | CNTx_CTL_ENABLE)) {
		WRITE_SYSREG(ctl | CNTx_CTL_IMASK, cntv_ctl_el0);
		isb();
		vgic_inject_private(&v->vgic, GIC_PPI_VTIMER);
	}
}

static void __noreturn park_cpu(void)
{
	struct pcpu *p = this_pcpu();
	p->stage = "stopped";
	for (;;)
		wfi();
}

/** Handle every pending physical interrupt. @r: the frame when taken at EL2 (idle). */
void irq_handle(struct cpu_regs *r)
{
	struct pcpu *p = this_pcpu();

	(void)r;
	/* Bounded: a source that stays asserted cannot wedge this CPU here. */
	for (int n = 0; n < 64; n++) {
		unsigned irq = gic_ack();
		uint32_t trace_t0 = trace_irq_begin();
		if (irq >= 1020)
			break;
		p->irq_count++;
		switch (irq) {
		case GIC_SGI_KICK:
			p->need_resched = true;
			break;
		case GIC_SGI_STOP:
			gic_eoi(irq);
			park_cpu();
		case GIC_PPI_HYP_TIMER:
			timer_softirq();
			break;
		case GIC_PPI_VTIMER:
			vtimer_irq();
			break;
		case GIC_PPI_MAINT:
			break;
		default:
			if (irq == uart_irq && uart_irq) {
				int c;
				while ((c = pl011_getc()) >= 0)
					console_rx_char((uint8_t)c);
				pl011_ack_irq();
			} else {
				pr_warn("unexpected interrupt %u", irq);
			}
			break;
		}
		gic_eoi(irq);
		trace_irq_end(irq, trace_t0);
	}
	/* Interrupts are masked in the hypervisor except in guest context and
	 * idle, and the handlers above (timer callbacks) are done: this CPU
	 * holds no domain pointer from before. */
	domain_quiescent_point();
}

/** Debug key 'i': the physical interrupts hospes uses and their routing. */
void arch_dump_irqs(void (*print)(const char *fmt, ...))
{
	print("  SGI %u kick, SGI %u stop, SGI %u dump (FIQ), PPI %u maintenance, PPI %u EL2 timer, PPI %u virtual timer, SPI %u console UART\n",
	      GIC_SGI_KICK, GIC_SGI_STOP, GIC_SGI_DUMP, GIC_PPI_MAINT, GIC_PPI_HYP_TIMER,
	      GIC_PPI_VTIMER, uart_irq);
}
