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
 * A pCPU leaving the pool releases its vCPU, which is placed again like a
 * new one (pool_cpus_changed_locked() -> affinity_changed); a pCPU joining
 * it goes to the first waiting vCPU allowed there.
 *
 * Invariants (per pool, struct null_priv; scheduler lock): assigned[c] == v iff v->sched.cpu == c; a vCPU
 * is assigned or in the wait queue (runq_link), never both.
 */
#include "private.h"

#include <hyp/errno.h>
#include <lib/string.h>

/* One pool's null scheduler (pool->priv). */
struct null_priv {
	struct vcpu *assigned[MAX_CPUS];
	struct list_head waitq;
};

static struct null_priv *np(const struct cpupool *pool)
{
	return pool->priv;
}

static int free_cpu_in(struct null_priv *n, uint64_t mask)
{
	for (unsigned c = 0; c < MAX_CPUS; c++)
		if (cpu_in(mask, c) && pcpus[c].online && !n->assigned[c])
			return (int)c;
	return -1;
}

static void assign(struct null_priv *n, struct vcpu *v, unsigned cpu)
{
	n->assigned[cpu] = v;
	v->sched.cpu = (int)cpu;
	if (vcpu_runnable(v) && !v->is_running)
		sched_resched_cpu(cpu);
}

/* Give @v a pCPU, or queue it. */
static void place(struct null_priv *n, struct vcpu *v)
{
	int c = -1;

	if (v->processor >= 0 && cpu_in(v->hard_affinity, (unsigned)v->processor) &&
	    pcpus[v->processor].online && !n->assigned[v->processor])
		c = v->processor;
	if (c < 0 && soft_mask(v))
		c = free_cpu_in(n, soft_mask(v));
	if (c < 0)
		c = free_cpu_in(n, v->hard_affinity);
	if (c >= 0)
		assign(n, v, (unsigned)c);
	else
		list_add_tail(&v->runq_link, &n->waitq);
}

/* @cpu is free again: the first waiting vCPU allowed there gets it. */
static void release(struct null_priv *n, unsigned cpu)
{
	struct list_head *pos;

	n->assigned[cpu] = NULL;
	list_for_each(pos, &n->waitq) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		if (cpu_in(v->hard_affinity, cpu)) {
			list_del(&v->runq_link);
			assign(n, v, cpu);
			return;
		}
	}
	/* Its current vCPU (if still loaded) must go. */
	sched_resched_cpu(cpu);
}

static void null_init(struct cpupool *pool)
{
	list_init(&np(pool)->waitq);
}

static void null_insert(struct cpupool *pool, struct vcpu *v)
{
	v->sched.cpu = -1;
	place(np(pool), v);
}

static void null_remove(struct cpupool *pool, struct vcpu *v)
{
	if (v->sched.cpu >= 0) {
		unsigned c = (unsigned)v->sched.cpu;
		v->sched.cpu = -1;
		release(np(pool), c);
	} else if (list_linked(&v->runq_link)) {
		list_del(&v->runq_link);
	}
}

static void null_nop(struct cpupool *pool, struct vcpu *v)
{
	(void)pool;
	(void)v;
}

static void null_tickle(struct cpupool *pool, struct vcpu *v, s_time_t now)
{
	(void)pool;
	(void)now;
	if (v->sched.cpu >= 0 && pcpus[v->sched.cpu].current != v)
		sched_resched_cpu((unsigned)v->sched.cpu);
}

static struct sched_decision null_do_schedule(struct cpupool *pool, unsigned cpu,
					      struct vcpu *prev, s_time_t now)
{
	struct sched_decision d = { NULL, -1 };
	struct vcpu *v = np(pool)->assigned[cpu];

	(void)prev;
	(void)now;
	if (v && vcpu_runnable(v) && cpu_in(v->hard_affinity, cpu) && (!v->is_running || v == prev))
		d.next = v;
	return d;
}

static void null_affinity_changed(struct cpupool *pool, struct vcpu *v)
{
	struct null_priv *n = np(pool);

	if (v->sched.cpu >= 0 && !cpu_in(v->hard_affinity, (unsigned)v->sched.cpu)) {
		unsigned c = (unsigned)v->sched.cpu;
		v->sched.cpu = -1;
		release(n, c);
		place(n, v);
	} else if (v->sched.cpu < 0 && list_linked(&v->runq_link)) {
		int c = free_cpu_in(n, v->hard_affinity);
		if (c >= 0) {
			list_del(&v->runq_link);
			assign(n, v, (unsigned)c);
		}
	}
}

static void null_dump(struct cpupool *pool, void (*print)(const char *fmt, ...))
{
	struct null_priv *n = np(pool);
	struct list_head *pos;

	print("null:");
	for (unsigned c = 0; c < MAX_CPUS; c++)
		if (n->assigned[c])
			print(" cpu%u=d%uv%u", c, n->assigned[c]->domain->domid, n->assigned[c]->id);
	print("; waiting:");
	list_for_each(pos, &n->waitq) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		print(" d%uv%u", v->domain->domid, v->id);
	}
	print("\n");
}

const struct scheduler sched_null = {
	.name = "null",
	.sched_id = XEN_SCHEDULER_NULL,
	.priv_size = sizeof(struct null_priv),
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
