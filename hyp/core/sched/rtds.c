/* SPDX-License-Identifier: MIT */
/*
 * "rtds": Xen's real-time deferrable-server scheduler (semantics from Xen's
 * docs/features/sched_rtds.pandoc and xl(1) sched-rtds; the code is ours).
 *
 * Every vCPU has a period and a budget (us; defaults 10000 / 4000, both
 * >= 10, budget <= period) and an extratime flag (default on). Its deadline
 * is the end of its current period; at each period boundary its budget is
 * refilled and unused budget is lost. Global preemptive EDF over the pool's pCPUs:
 * a pCPU runs the runnable vCPU of earliest deadline that may run there.
 * Running burns budget; blocked, it keeps it (deferrable server). Out of
 * budget, a vCPU without extratime waits for its next period ("depleted");
 * with extratime it gets another budget's worth at a lower priority level
 * (priority_level + 1), so it only runs when every vCPU of a lower level
 * has been served: work-conserving. "Global" means over the pCPUs of the
 * vCPU's cpupool.
 *
 * As in Xen, every vCPU's period grid is aligned to time 0 (its deadlines
 * are multiples of its period); a vCPU waking after its deadline moves to
 * the period holding "now" on that grid.
 *
 * Counters: a deadline miss is a period that ended while the vCPU was
 * runnable at priority level 0 with budget left (it wanted its reservation
 * and did not get it); a depletion is a period whose budget ran out while the
 * vCPU still wanted to run. Both per vCPU, in the dump and through
 * sched_rtds_deadline_misses() / sched_rtds_depletions().
 *
 * Queues (per pool, in struct rtds_priv; scheduler lock): runq, sorted by (priority level, deadline), FIFO
 * among equals, holds runnable vCPUs with budget that are not loaded;
 * depletedq holds runnable depleted ones. One timer (repl_timer) fires at the
 * earliest deadline of a runnable vCPU not loaded (a loaded one's pCPU asks
 * again at its own deadline through its slice).
 */
#include "private.h"

#include <hyp/errno.h>
#include <lib/string.h>

#define RTDS_DEFAULT_PERIOD MICROSECS(10000)
#define RTDS_DEFAULT_BUDGET MICROSECS(4000)
#define RTDS_MIN_PERIOD MICROSECS(10)
#define RTDS_MIN_BUDGET MICROSECS(10)
#define RTDS_MAX_PERIOD SECONDS(3600ULL * 24 * 365) /* a year; Xen: STIME_DELTA_MAX */

/* One pool's RTDS (pool->priv). */
struct rtds_priv {
	struct list_head runq, depletedq, all_vcpus;
	struct timer repl_timer;
};

static struct rtds_priv *rt(const struct cpupool *pool)
{
	return pool->priv;
}

/* Strictly higher priority. */
static bool higher(const struct vcpu *a, const struct vcpu *b)
{
	if (a->sched.prio_level != b->sched.prio_level)
		return a->sched.prio_level < b->sched.prio_level;
	return a->sched.deadline < b->sched.deadline;
}

static void runq_insert(struct rtds_priv *r, struct vcpu *v)
{
	struct list_head *pos;

	list_for_each(pos, &r->runq) {
		if (higher(v, list_entry(pos, struct vcpu, runq_link)))
			break;
	}
	list_insert(&v->runq_link, pos->prev, pos);
}

static void dequeue(struct vcpu *v)
{
	if (list_linked(&v->runq_link))
		list_del(&v->runq_link);
}

static void enqueue(struct rtds_priv *r, struct vcpu *v)
{
	dequeue(v);
	if (v->sched.depleted)
		list_add_tail(&v->runq_link, &r->depletedq);
	else
		runq_insert(r, v);
}

/* Move to the period holding @now; @runnable: it was runnable at the end. */
static void update_deadline(struct vcpu *v, s_time_t now, bool runnable)
{
	s_time_t p = v->sched.period;

	if (v->sched.deadline == 0) {
		v->sched.deadline = (now / p + 1) * p; /* first activation: grid from time 0 */
	} else {
		if (now < v->sched.deadline)
			return;
		if (runnable && v->sched.prio_level == 0 && v->sched.budget > 0)
			v->sched.deadline_misses++;
		v->sched.deadline += ((now - v->sched.deadline) / p + 1) * p;
	}
	v->sched.budget = v->sched.max_budget;
	v->sched.prio_level = 0;
	v->sched.depleted = false;
}

/* Account the running time of a loaded vCPU up to @now. */
static void burn(struct vcpu *v, s_time_t now)
{
	s_time_t delta = now - v->sched.start;

	if (delta <= 0)
		return;
	v->sched.start = now;
	v->sched.budget -= delta;
	if (v->sched.budget > 0)
		return;
	if (v->sched.prio_level == 0)
		v->sched.depletions++;
	if (v->sched.extratime) {
		if (v->sched.prio_level != ~0u)
			v->sched.prio_level++;
		v->sched.budget = v->sched.max_budget;
	} else {
		v->sched.depleted = true;
	}
}

/* Arm the replenishment timer for the earliest deadline among the runnable
 * vCPUs that are not loaded, counting @leaving (being switched away from, so
 * still marked loaded: a depleted vCPU alone in its pool needs the timer). */
static void arm_repl(struct rtds_priv *r, const struct vcpu *leaving)
{
	struct list_head *pos;
	s_time_t first = 0;

	list_for_each(pos, &r->all_vcpus) {
		struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
		if (!vcpu_runnable(v) || (v->is_running && v != leaving) || !v->sched.deadline)
			continue;
		if (!first || v->sched.deadline < first)
			first = v->sched.deadline;
	}
	if (!first)
		timer_stop(&r->repl_timer);
	else if (!r->repl_timer.active || r->repl_timer.expires != first)
		timer_set(&r->repl_timer, first);
}

static void rtds_tickle(struct cpupool *pool, struct vcpu *v, s_time_t now)
{
	uint64_t hard = v->hard_affinity & sched_online_mask();
	struct vcpu *lowest = NULL;
	int victim = -1;

	(void)now;
	if (v->sched.depleted || sched_tickle_idle_prefer(hard, v->processor))
		return;
	for (unsigned c = 0; c < MAX_CPUS; c++) {
		struct vcpu *cur = pcpus[c].current;
		/* (A pCPU just added to the pool may still run another pool's.) */
		if (!cpu_in(hard, c) || !cur || pcpus[c].need_resched || vcpu_pool(cur) != pool)
			continue;
		if (!lowest || higher(lowest, cur)) {
			lowest = cur;
			victim = (int)c;
		}
	}
	if (lowest && higher(v, lowest))
		sched_resched_cpu((unsigned)victim);
}

/* New periods of the queued vCPUs whose deadline has come. */
static void replenish_due(struct rtds_priv *r, s_time_t now)
{
	struct list_head *pos;

	list_for_each(pos, &r->all_vcpus) {
		struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
		if (!vcpu_runnable(v) || v->is_running || now < v->sched.deadline)
			continue;
		update_deadline(v, now, true);
		enqueue(r, v);
	}
}

static void repl_fired(void *arg)
{
	struct cpupool *pool = arg;
	struct rtds_priv *r = rt(pool);
	struct list_head *pos;
	s_time_t now;

	sched_policy_lock();
	now = NOW();
	replenish_due(r, now);
	/* Tickle in priority order, so each pCPU goes to the best one. */
	list_for_each(pos, &r->runq)
		rtds_tickle(pool, list_entry(pos, struct vcpu, runq_link), now);
	arm_repl(r, NULL);
	sched_policy_unlock();
}

static void rtds_init(struct cpupool *pool)
{
	struct rtds_priv *r = rt(pool);

	list_init(&r->runq);
	list_init(&r->depletedq);
	list_init(&r->all_vcpus);
	timer_init(&r->repl_timer, repl_fired, pool);
}

static void rtds_deinit(struct cpupool *pool)
{
	timer_stop(&rt(pool)->repl_timer);
}

static void rtds_insert(struct cpupool *pool, struct vcpu *v)
{
	v->sched.period = RTDS_DEFAULT_PERIOD;
	v->sched.max_budget = RTDS_DEFAULT_BUDGET;
	v->sched.budget = RTDS_DEFAULT_BUDGET;
	v->sched.extratime = true;
	v->sched.deadline = 0;
	v->sched.prio_level = 0;
	v->sched.depleted = false;
	v->sched.deadline_misses = 0;
	v->sched.depletions = 0;
	list_add_tail(&v->sched.all_link, &rt(pool)->all_vcpus);
}

static void rtds_remove(struct cpupool *pool, struct vcpu *v)
{
	dequeue(v);
	if (list_linked(&v->sched.all_link))
		list_del(&v->sched.all_link);
	arm_repl(rt(pool), NULL);
}

static void rtds_wake(struct cpupool *pool, struct vcpu *v)
{
	update_deadline(v, NOW(), false);
	enqueue(rt(pool), v);
	arm_repl(rt(pool), NULL);
}

static void rtds_sleep(struct cpupool *pool, struct vcpu *v)
{
	dequeue(v);
	arm_repl(rt(pool), NULL);
}

static void rtds_yield(struct cpupool *pool, struct vcpu *v)
{
	(void)pool;
	(void)v; /* as Xen's RTDS: a yield changes nothing */
}

static struct sched_decision rtds_do_schedule(struct cpupool *pool, unsigned cpu,
					      struct vcpu *prev, s_time_t now)
{
	struct rtds_priv *r = rt(pool);
	struct sched_decision d = { NULL, -1 };
	struct vcpu *next = NULL;
	struct list_head *pos;
	bool prev_ok = false;

	if (prev) {
		burn(prev, now);
		if (vcpu_runnable(prev)) {
			update_deadline(prev, now, true);
			prev_ok = !prev->sched.depleted && cpu_in(prev->hard_affinity, cpu);
		}
	}
	/* The replenishment timer may not have run yet at this very instant. */
	replenish_due(r, now);
	list_for_each(pos, &r->runq) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		if (cpu_in(v->hard_affinity, cpu)) {
			next = v;
			break;
		}
	}
	if (prev_ok && (!next || !higher(next, prev)))
		next = prev;
	if (prev && prev != next && vcpu_runnable(prev))
		enqueue(r, prev);
	if (next && next != prev) {
		dequeue(next);
		next->sched.start = now;
	}
	d.next = next;
	if (next)
		d.slice = MIN(next->sched.budget, next->sched.deadline - now);
	arm_repl(r, prev != next ? prev : NULL);
	return d;
}

static int check_params(const struct sched_params *p, s_time_t *period, s_time_t *budget)
{
	*period = MICROSECS(p->period_us);
	*budget = MICROSECS(p->budget_us);
	if (*period < RTDS_MIN_PERIOD || *period > RTDS_MAX_PERIOD || *budget < RTDS_MIN_BUDGET ||
	    *budget > *period)
		return -EINVAL;
	return 0;
}

static void apply(struct rtds_priv *r, struct vcpu *v, s_time_t period, s_time_t budget,
		  bool extratime)
{
	v->sched.period = period;
	v->sched.max_budget = budget;
	v->sched.extratime = extratime;
	if (v->sched.budget > budget)
		v->sched.budget = budget;
	if (v->is_running)
		sched_resched_cpu((unsigned)v->processor);
	else if (list_linked(&v->runq_link))
		enqueue(r, v);
}

static int rtds_set_vcpu_params(struct cpupool *pool, struct vcpu *v, const struct sched_params *p)
{
	s_time_t period, budget;

	if (check_params(p, &period, &budget))
		return -EINVAL;
	apply(rt(pool), v, period, budget, p->extratime);
	return 0;
}

static int rtds_get_vcpu_params(struct cpupool *pool, struct vcpu *v, struct sched_params *p)
{
	(void)pool;
	p->period_us = (uint32_t)(v->sched.period / 1000);
	p->budget_us = (uint32_t)(v->sched.max_budget / 1000);
	p->extratime = v->sched.extratime;
	return 0;
}

static int rtds_set_params(struct cpupool *pool, struct domain *d, const struct sched_params *p)
{
	s_time_t period, budget;

	if (check_params(p, &period, &budget))
		return -EINVAL;
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		apply(rt(pool), d->vcpus[i], period, budget, p->extratime);
	return 0;
}

static int rtds_get_params(struct cpupool *pool, struct domain *d, struct sched_params *p)
{
	if (!d->nr_vcpus)
		return -EINVAL;
	return rtds_get_vcpu_params(pool, d->vcpus[0], p);
}

uint64_t sched_rtds_deadline_misses(const struct vcpu *v)
{
	return v->sched.deadline_misses;
}

uint64_t sched_rtds_depletions(const struct vcpu *v)
{
	return v->sched.depletions;
}

static void rtds_dump(struct cpupool *pool, void (*print)(const char *fmt, ...))
{
	struct rtds_priv *r = rt(pool);
	struct list_head *pos;

	print("rtds: global EDF; runq:");
	list_for_each(pos, &r->runq) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		print(" d%uv%u", v->domain->domid, v->id);
	}
	print("\n");
	list_for_each(pos, &r->all_vcpus) {
		struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
		print(" d%uv%u period %lld us budget %lld us extratime %d: left %lld us deadline "
		      "%lld us level %u misses %llu depletions %llu%s%s\n", v->domain->domid, v->id,
		      (long long)(v->sched.period / 1000), (long long)(v->sched.max_budget / 1000),
		      v->sched.extratime, (long long)(v->sched.budget / 1000),
		      (long long)(v->sched.deadline / 1000), v->sched.prio_level,
		      (unsigned long long)v->sched.deadline_misses,
		      (unsigned long long)v->sched.depletions, v->is_running ? " running" : "",
		      v->sched.depleted ? " depleted" : "");
	}
}

const struct scheduler sched_rtds = {
	.name = "rtds",
	.sched_id = XEN_SCHEDULER_RTDS,
	.priv_size = sizeof(struct rtds_priv),
	.init = rtds_init,
	.deinit = rtds_deinit,
	.insert_vcpu = rtds_insert,
	.remove_vcpu = rtds_remove,
	.wake = rtds_wake,
	.sleep = rtds_sleep,
	.yield = rtds_yield,
	.do_schedule = rtds_do_schedule,
	.dump = rtds_dump,
	.tickle = rtds_tickle,
	.set_params = rtds_set_params,
	.get_params = rtds_get_params,
	.set_vcpu_params = rtds_set_vcpu_params,
	.get_vcpu_params = rtds_get_vcpu_params,
};
