/* SPDX-License-Identifier: MIT */
/*
 * The contract between the portable core and an architecture port
 * (hyp/arch/arm64 implements it; hyp/arch/fake has host stand-ins for tests).
 */
#ifndef HYP_ARCH_H
#define HYP_ARCH_H

#include <asm/regs.h>
#include <hyp/types.h>

struct vcpu;
struct domain;

/* Machine */
void __noreturn arch_machine_off(void);
void __noreturn arch_machine_reset(void);
void arch_stop_other_cpus(void);
void arch_dump_backtrace(uint64_t fp, uint64_t pc);
void arch_dump_regs(const struct cpu_regs *r, bool is_guest);
const char *arch_symbol(uint64_t addr, uint64_t *offset);

/* CPU state dumps (watchdog, debug key 'd'): work on a CPU with IRQs masked. */
void arch_request_cpu_dump(unsigned cpu);
void arch_dump_this_cpu(const struct cpu_regs *r, bool in_guest);
bool arch_in_nmi(void);
void arch_dump_irqs(void (*print)(const char *fmt, ...));

/* Timer hardware: one-shot EL2 timer in counter ticks */
void arch_timer_program(uint64_t ticks);
void arch_timer_disable(void);

/* IPIs */
#define IPI_KICK 0 /* reschedule / re-evaluate interrupts */
#define IPI_STOP 1 /* panic: park this CPU */
void arch_send_ipi(unsigned cpu, unsigned ipi);

/* vCPU context */
void arch_vcpu_init(struct vcpu *v);
void arch_vcpu_save(struct vcpu *v);
void arch_vcpu_restore(struct vcpu *v);
void arch_domain_activate(struct domain *d); /* load VTTBR etc. */

#endif
