/* SPDX-License-Identifier: MIT */
/*
 * "null": static 1:1 assignment of vCPUs to pCPUs (semantics from Xen's null
 * scheduler, xen/common/sched/null.c; the code is ours).
 *
 * A vCPU is assigned a pCPU when it is inserted (domain creation): its
 * current pCPU if free and allowed, else the lowest free pCPU of its soft
 * affinity, else of its hard affinity. With none free it waits, in insertion
 * order, in the wait queue. A pCPU only ever runs the vCPU assigned to it and
 * idles while that vCPU is blocked, paused or down (no slice, no timer). An
 * assigned vCPU never moves; its pCPU is released when the vCPU is removed
 * (domain destroyed) or when a new hard affinity excludes it
 * (sched_set_affinity()), and then goes to the first waiting vCPU allowed on
 * it. As in Xen, a waiting vCPU does not run at all until a pCPU frees up.
 *
 * Invariants (scheduler lock): assigned[c] == v iff v->sched.cpu == c; a vCPU
 * is assigned or in the wait queue (runq_link), never both.
 */
#include "private.h"

#include <hyp/errno.h>
#include <lib/string.h>

static struct vcpu *assigned[MAX_CPUS];
static struct list_head waitq;

static int free_cpu_in(uint64_t mask)
{
	for (unsigned c = 0; c < MAX_CPUS; c++)
		if (cpu_in(mask, c) && pcpus[c].online && !assigned[c])
			return (int)c;
	return -1;
}

static void assign(struct vcpu *v, unsigned cpu)
{
	assigned[cpu] = v;
	v->sched.cpu = (int)cpu;
	if (vcpu_runnable(v) && !v->is_running)
		sched_resched_cpu(cpu);
}

/* Give @v a pCPU, or queue it. */
static void place(struct vcpu *v)
{
	int c = -1;

	if (v->processor >= 0 && cpu_in(v->hard_affinity, (unsigned)v->processor) &&
	    pcpus[v->processor].online && !assigned[v->processor])
		c = v->processor;
	if (c < 0 && soft_mask(v))
		c = free_cpu_in(soft_mask(v));
	if (c < 0)
		c = free_cpu_in(v->hard_affinity);
	if (c >= 0)
		assign(v, (unsigned)c);
	else
		list_add_tail(&v->runq_link, &waitq);
}

/* @cpu is free again: the first waiting vCPU allowed there gets it. */
static void release(unsigned cpu)
{
	struct list_head *pos;

	assigned[cpu] = NULL;
	list_for_each(pos, &waitq) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		if (cpu_in(v->hard_affinity, cpu)) {
			list_del(&v->runq_link);
			assign(v, cpu);
			return;
		}
	}
	/* Its current vCPU (if still loaded) must go. */
	sched_resched_cpu(cpu);
}

static void null_init(void)
{
	memset(assigned, 0, sizeof(assigned));
	list_init(&waitq);
}

static void null_insert(struct vcpu *v)
{
	v->sched.cpu = -1;
	place(v);
}

static void null_remove(struct vcpu *v)
{
	if (v->sched.cpu >= 0) {
		unsigned c = (unsigned)v->sched.cpu;
		v->sched.cpu = -1;
		release(c);
	} else if (list_linked(&v->runq_link)) {
		list_del(&v->runq_link);
	}
}

static void null_nop(struct vcpu *v)
{
	(void)v;
}

static void null_tickle(struct vcpu *v, s_time_t now)
{
	(void)now;
	if (v->sched.cpu >= 0 && pcpus[v->sched.cpu].current != v)
		sched_resched_cpu((unsigned)v->sched.cpu);
}

static struct sched_decision null_do_schedule(unsigned cpu, struct vcpu *prev, s_time_t now)
{
	struct sched_decision d = { NULL, -1 };
	struct vcpu *v = assigned[cpu];

	(void)prev;
	(void)now;
	if (v && vcpu_runnable(v) && cpu_in(v->hard_affinity, cpu) && (!v->is_running || v == prev))
		d.next = v;
	return d;
}

static void null_affinity_changed(struct vcpu *v)
{
	if (v->sched.cpu >= 0 && !cpu_in(v->hard_affinity, (unsigned)v->sched.cpu)) {
		unsigned c = (unsigned)v->sched.cpu;
		v->sched.cpu = -1;
		release(c);
		place(v);
	} else if (v->sched.cpu < 0 && list_linked(&v->runq_link)) {
		int c = free_cpu_in(v->hard_affinity);
		if (c >= 0) {
			list_del(&v->runq_link);
			assign(v, (unsigned)c);
		}
	}
}

static void null_dump(void (*print)(const char *fmt, ...))
{
	struct list_head *pos;

	print("null:");
	for (unsigned c = 0; c < MAX_CPUS; c++)
		if (assigned[c])
			print(" cpu%u=d%uv%u", c, assigned[c]->domain->domid, assigned[c]->id);
	print("; waiting:");
	list_for_each(pos, &waitq) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		print(" d%uv%u", v->domain->domid, v->id);
	}
	print("\n");
}

const struct scheduler sched_null = {
	.name = "null",
	.sched_id = XEN_SCHEDULER_NULL,
	.init = null_init,
	.insert_vcpu = null_insert,
	.remove_vcpu = null_remove,
	.wake = null_nop,
	.sleep = null_nop,
	.yield = null_nop,
	.do_schedule = null_do_schedule,
	.dump = null_dump,
	.tickle = null_tickle,
	.affinity_changed = null_affinity_changed,
};
