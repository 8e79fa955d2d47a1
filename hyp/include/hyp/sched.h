/* SPDX-License-Identifier: MIT */
/*
 * Scheduler core and the interface every scheduler implements.
 *
 * The core (hyp/core/sched.c) owns vCPU run states (running, runnable,
 * blocked, offline), pause counts, time accounting, preemption via a per-pCPU
 * slice timer and the context switch; a scheduler (struct scheduler) only
 * keeps its queues and decides which runnable vCPU a pCPU runs next and for
 * how long. All hooks are called with the scheduler lock held.
 */
#ifndef HYP_SCHED_H
#define HYP_SCHED_H

#include <hyp/time.h>
#include <hyp/types.h>

struct vcpu;
struct domain;

struct sched_decision {
	struct vcpu *next; /* NULL: run idle */
	s_time_t slice;    /* how long before the core asks again; <0: no limit */
};

struct scheduler {
	const char *name;     /* "rr", later "credit2", "rtds", ... */
	unsigned sched_id;    /* Xen XEN_SCHEDULER_* number reported to tools */
	void (*init)(void);
	void (*insert_vcpu)(struct vcpu *v);  /* new vCPU (not yet runnable) */
	void (*remove_vcpu)(struct vcpu *v);  /* vCPU going away; dequeue */
	void (*wake)(struct vcpu *v);         /* became runnable: enqueue */
	void (*sleep)(struct vcpu *v);        /* no longer runnable: dequeue */
	void (*yield)(struct vcpu *v);        /* running vCPU gives up its slice */
	/* Choose what @cpu runs next; @prev is the vCPU it ran (NULL = idle),
	 * still runnable or not (check the core's vcpu_runnable()). */
	struct sched_decision (*do_schedule)(unsigned cpu, struct vcpu *prev, s_time_t now);
	void (*dump)(void (*print)(const char *fmt, ...));
};

/* Registered schedulers, selected with sched= on the command line. */
extern const struct scheduler sched_rr;

void sched_init(const char *name);
const struct scheduler *sched_current(void);
void sched_insert_vcpu(struct vcpu *v);
void sched_remove_vcpu(struct vcpu *v);
bool vcpu_runnable(const struct vcpu *v);

void vcpu_wake(struct vcpu *v);             /* unblock (interrupt arrived) */
void vcpu_block(struct vcpu *v);            /* WFI: block unless an interrupt is deliverable */
void vcpu_yield(struct vcpu *v);
void vcpu_up(struct vcpu *v);               /* PSCI CPU_ON / boot */
void vcpu_down(struct vcpu *v);             /* PSCI CPU_OFF */
void vcpu_pause(struct vcpu *v);            /* does not wait */
void vcpu_pause_sync(struct vcpu *v);       /* waits until it is off every pCPU */
void vcpu_unpause(struct vcpu *v);
void vcpu_kick(struct vcpu *v);             /* make it notice new interrupts */

/* Called from leave_hypervisor(): run the scheduler if needed. */
void schedule(void);
void raise_resched(unsigned cpu);

#endif
