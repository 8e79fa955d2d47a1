/* SPDX-License-Identifier: MIT */
/*
 * Per-pCPU state. TPIDR_EL2 points at this CPU's struct pcpu; the first two
 * fields are used by entry.S (asm/regs.h PCPU_REGS, PCPU_STACK_TOP).
 */
#ifndef HYP_PERCPU_H
#define HYP_PERCPU_H

#include <asm/regs.h>
#include <hyp/list.h>
#include <hyp/spinlock.h>
#include <hyp/time.h>
#include <hyp/types.h>

#define MAX_CPUS 8

struct vcpu;

struct pcpu {
	struct cpu_regs *guest_regs; /* frame of the vCPU running here (entry.S) */
	uint64_t stack_top;          /* top of this CPU's hypervisor stack (entry.S) */
	unsigned id;
	uint64_t mpidr;
	volatile bool online;
	struct vcpu *current;        /* vCPU loaded on this pCPU, NULL while idle */
	volatile bool need_resched;
	volatile const char *stage;  /* last boot/activity stage, for diagnostics */
	uint64_t irq_count;
	uint64_t gicr_base;          /* this CPU's physical redistributor */
	spinlock_t timer_lock;
	struct list_head timers;     /* armed software timers, sorted by expiry */
	struct timer sched_timer;    /* end of the current time slice */
	s_time_t idle_time;          /* total ns spent idle */
	s_time_t idle_since;
	bool is_idle;
	unsigned hw_lrs_loaded;      /* list registers that may be non-zero in hardware */
	uint64_t ich_hcr;            /* last value written to ICH_HCR_EL2 */
	uint64_t hypercall_start;    /* counter at the current hypercall's first preempt check, 0 before */
};

extern struct pcpu pcpus[MAX_CPUS];
extern unsigned nr_cpus_online;
extern unsigned nr_cpus_possible;

struct pcpu *this_pcpu(void);
unsigned this_cpu(void);

#endif
