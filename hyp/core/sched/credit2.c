/* SPDX-License-Identifier: MIT */
/*
 * "credit2": Xen's default scheduler (semantics from Xen's
 * docs/features/sched_credit2.pandoc, xen-command-line.pandoc and
 * xl(1) sched-credit2; the code is ours).
 *
 * Credit: every vCPU holds credit (ns). Running burns it at
 * max_weight / weight credit per ns, max_weight being the largest weight in
 * its runqueue, so over time CPU is shared in proportion to weight (the
 * highest weight burns 1 credit per ns). Each runqueue is sorted by credit
 * and a pCPU runs the vCPU with most credit. When the vCPU chosen has no
 * credit left (<= 0), every vCPU of the runqueue gets CREDIT_INIT more,
 * clipped to CREDIT_INIT + CARRYOVER_MAX ("reset"). A vCPU runs until its
 * credit falls to that of the next waiting one, at least MIN_TIMER and at
 * most MAX_TIMER.
 *
 * Ratelimit (sched_ratelimit_us, default 1000; per pool with sysctl
 * scheduler_op): a vCPU that has run less than that is not preempted unless
 * it yields or stops being runnable.
 *
 * Caps (percent of one pCPU, 0 = none): a capped domain gets
 * cap * credit2_cap_period_ms / 100 of CPU time every period in a pool; its
 * vCPUs grab quotas from the pool to run and return what they did not use;
 * a vCPU finding the pool empty is parked until the next replenishment (a
 * per-domain timer). Budget left over is not carried over; an overrun is
 * (the pool starts the next period in debt).
 *
 * Runqueues: pCPUs are grouped by credit2_runqueue (cpu and core: one
 * runqueue per pCPU -- no SMT here; socket, node, all: one for all pCPUs,
 * Arm's flat topology as Xen sees it) and at most
 * sched_credit2_max_cpus_runqueue pCPUs per group (consecutive ids). A vCPU
 * belongs to one runqueue, chosen when it wakes: its current one unless
 * moving it to a less loaded one (runnable vCPUs per pCPU) improves the
 * balance, preferring runqueues with pCPUs of its soft affinity. An idle pCPU
 * with nothing eligible in its runqueue pulls from the others, and every
 * BALANCE_INTERVAL a pCPU pulls one queued vCPU from a runqueue whose load
 * exceeds its own by more than the move would change it. Load is counted in
 * runnable vCPUs, not Xen's time-decayed average.
 *
 * Affinity: hard always; soft preferred: a woken vCPU goes to an idle pCPU of
 * its soft affinity first (the one it last ran on if idle), and a pCPU
 * outside it leaves the vCPU queued when one of its soft pCPUs is idle.
 *
 * cpupools: all of the above is per pool (struct c2_priv, pool->priv); a
 * pool's runqueues are the topology groups restricted to its pCPUs
 * (credit2_cpus_changed()), and a pCPU just added may still run another
 * pool's vCPU until its next decision, so tickles skip those.
 *
 * Invariants (scheduler lock): a vCPU is on exactly one of: its runqueue's
 * queue (runnable, not loaded, not parked), its domain's parked list
 * (runnable, out of budget), or neither (loaded, or not runnable).
 */
#include "private.h"

#include <hyp/errno.h>
#include <hyp/log.h>
#include <lib/string.h>

#define C2_DEFAULT_WEIGHT 256
#define C2_CREDIT_INIT MILLISECS(10)
#define C2_CREDIT_MIN (-C2_CREDIT_INIT)
#define C2_CARRYOVER_MAX MICROSECS(500)
#define C2_MIN_TIMER MICROSECS(500)
#define C2_MAX_TIMER C2_CREDIT_INIT
#define C2_CREDIT_RESET 0
#define C2_BALANCE_INTERVAL MILLISECS(1)

struct c2_runqueue {
	uint64_t cpus;           /* pCPUs of the runqueue (possible ones) */
	unsigned nr_cpus;
	struct list_head queue;  /* by credit, highest first */
	s_time_t last_balance;
	uint64_t resets;
};

struct c2_cap_slot {
	struct domain *d;        /* NULL: free */
	struct timer timer;      /* lives here, never in a domain that may be freed */
	s_time_t next;
	struct cpupool *pool;
};

/* One pool's credit2 (pool->priv). */
struct c2_priv {
	struct c2_runqueue rqs[MAX_CPUS];
	unsigned nr_rqs;
	int cpu_rq[MAX_CPUS];
	uint64_t group_cpus[MAX_CPUS];   /* runqueue r's possible pCPUs (topology) */
	struct list_head all_vcpus;
	struct c2_cap_slot cap_slots[MAX_DOMAINS];
};

static struct c2_priv *c2(const struct cpupool *pool)
{
	return pool->priv;
}

/* ------------------------------------------------------------ helpers */

static unsigned weight_of(const struct vcpu *v)
{
	return v->domain->sched.weight ? v->domain->sched.weight : C2_DEFAULT_WEIGHT;
}

static unsigned rq_max_weight(struct c2_priv *c, int r)
{
	struct list_head *pos;
	unsigned m = 1;

	list_for_each(pos, &c->all_vcpus) {
		struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
		if (v->sched.rq == r && weight_of(v) > m)
			m = weight_of(v);
	}
	return m;
}

/* Runnable vCPUs of runqueue @r (running or queued; not parked). */
static unsigned rq_load(struct c2_priv *c, int r)
{
	struct list_head *pos;
	unsigned n = 0;

	list_for_each(pos, &c->all_vcpus) {
		struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
		if (v->sched.rq == r && vcpu_runnable(v) && !v->sched.parked)
			n++;
	}
	return n;
}

/* Moving one vCPU from @s (load a) to @r (load b) brings their loads per
 * pCPU closer: a/ns - b/nr > (1/ns + 1/nr) / 2. */
static bool move_improves(struct c2_priv *c, int s, unsigned a, int r, unsigned b)
{
	uint64_t ns = c->rqs[s].nr_cpus, nr = c->rqs[r].nr_cpus;

	return 2 * ((int64_t)(a * nr) - (int64_t)(b * ns)) > (int64_t)(nr + ns);
}

static bool is_capped(const struct vcpu *v)
{
	return v->domain->sched.cap != 0;
}

static s_time_t cap_period(void)
{
	return MILLISECS(sched_opt.c2_cap_period_ms);
}

static s_time_t cap_total(const struct domain *d)
{
	return cap_period() * d->sched.cap / 100;
}

/* Burn the credit (and cap budget) of a loaded vCPU up to @now. */
static void burn(struct c2_priv *c, struct vcpu *v, s_time_t now)
{
	s_time_t delta = now - v->sched.start;

	if (delta <= 0 || v->sched.rq < 0)
		return;
	v->sched.credit -= delta * (s_time_t)rq_max_weight(c, v->sched.rq) / (s_time_t)weight_of(v);
	if (is_capped(v))
		v->sched.budget -= delta;
	v->sched.start = now;
}

static s_time_t credit_to_time(struct c2_priv *c, const struct vcpu *v, s_time_t credit)
{
	return credit * (s_time_t)weight_of(v) / (s_time_t)rq_max_weight(c, v->sched.rq);
}

static void queue_insert(struct c2_priv *c, struct vcpu *v)
{
	struct list_head *q = &c->rqs[v->sched.rq].queue, *pos;

	list_for_each(pos, q) {
		struct vcpu *o = list_entry(pos, struct vcpu, runq_link);
		if (o->sched.credit < v->sched.credit)
			break;
	}
	list_insert(&v->runq_link, pos->prev, pos);
}

static void dequeue(struct vcpu *v)
{
	if (list_linked(&v->runq_link))
		list_del(&v->runq_link);
}

/* ------------------------------------------------------------ caps */

/* Take a quota from the domain's pool; false if it is empty. */
static bool grab_budget(struct vcpu *v)
{
	struct sched_dom_data *sd = &v->domain->sched;
	s_time_t quota;

	if (!is_capped(v) || v->sched.budget > 0)
		return true;
	if (sd->cap_budget <= 0)
		return false;
	quota = cap_total(v->domain) / (sd->nr_inserted ? sd->nr_inserted : 1);
	if (quota < C2_MIN_TIMER)
		quota = C2_MIN_TIMER;
	/* v->sched.budget may be <= 0 (an overrun): it is paid first. */
	quota = MIN(quota, sd->cap_budget);
	v->sched.budget += quota;
	sd->cap_budget -= quota;
	return v->sched.budget > 0 || grab_budget(v);
}

static void return_budget(struct vcpu *v)
{
	if (!is_capped(v))
		return;
	v->domain->sched.cap_budget += v->sched.budget;
	v->sched.budget = 0;
}

static void credit2_tickle(struct cpupool *pool, struct vcpu *v, s_time_t now);

static void park(struct vcpu *v)
{
	dequeue(v);
	v->sched.parked = true;
	list_add_tail(&v->sched.park_link, &v->domain->sched.parked);
}

static void unpark_all(struct cpupool *pool, struct domain *d, s_time_t now)
{
	struct list_head *pos, *tmp;

	list_for_each_safe(pos, tmp, &d->sched.parked) {
		struct vcpu *v = list_entry(pos, struct vcpu, sched.park_link);
		list_del(&v->sched.park_link);
		v->sched.parked = false;
		if (vcpu_runnable(v) && !v->is_running) {
			queue_insert(c2(pool), v);
			credit2_tickle(pool, v, now);
		}
	}
}

static void cap_replenish(void *arg)
{
	struct c2_cap_slot *slot = arg;
	s_time_t now;

	sched_policy_lock();
	now = NOW();
	if (slot->d && slot->d->sched.cap) {
		struct domain *d = slot->d;
		s_time_t tot = cap_total(d);

		/* Periods missed (a late timer) give nothing extra. */
		while (slot->next <= now)
			slot->next += cap_period();
		d->sched.cap_budget = MIN(d->sched.cap_budget + tot, tot);
		if (d->sched.cap_budget > 0)
			unpark_all(slot->pool, d, now);
		timer_set(&slot->timer, slot->next);
	}
	sched_policy_unlock();
}

static void cap_start(struct cpupool *pool, struct domain *d, s_time_t now)
{
	struct c2_cap_slot *cap_slots = c2(pool)->cap_slots;
	unsigned i;

	if (d->sched.cap_slot)
		return;
	for (i = 0; i < MAX_DOMAINS && cap_slots[i].d; i++)
		;
	if (i == MAX_DOMAINS)
		return; /* cannot happen: one slot per domain */
	cap_slots[i].d = d;
	cap_slots[i].pool = pool;
	cap_slots[i].next = now + cap_period();
	d->sched.cap_slot = i + 1;
	d->sched.cap_budget = cap_total(d);
	timer_init(&cap_slots[i].timer, cap_replenish, &cap_slots[i]);
	timer_set(&cap_slots[i].timer, cap_slots[i].next);
}

static void cap_stop(struct cpupool *pool, struct domain *d, s_time_t now)
{
	struct c2_cap_slot *slot;

	if (!d->sched.cap_slot)
		return;
	slot = &c2(pool)->cap_slots[d->sched.cap_slot - 1];
	timer_stop(&slot->timer);
	slot->d = NULL;
	d->sched.cap_slot = 0;
	unpark_all(pool, d, now);
}

/* ------------------------------------------------------------ runqueues */

static bool rq_allows(struct c2_priv *c, int r, const struct vcpu *v)
{
	return (c->rqs[r].cpus & v->hard_affinity & sched_online_mask()) != 0;
}

/* Runqueue for a waking vCPU: see the file comment. */
static void choose_rq(struct c2_priv *c, struct vcpu *v)
{
	uint64_t soft = soft_mask(v);
	int cur = v->sched.rq, best = -1;
	unsigned best_load = 0, cur_load = 0;

	if (cur >= 0 && rq_allows(c, cur, v) && (!soft || (c->rqs[cur].cpus & soft)))
		cur_load = rq_load(c, cur);
	else
		cur = -1;
	for (int pass = 0; pass < 2 && best < 0; pass++) {
		for (unsigned r = 0; r < c->nr_rqs; r++) {
			unsigned l;
			if (!rq_allows(c, (int)r, v) || (pass == 0 && soft && !(c->rqs[r].cpus & soft)))
				continue;
			l = rq_load(c, (int)r);
			if (best < 0 || l * c->rqs[best].nr_cpus < best_load * c->rqs[r].nr_cpus) {
				best = (int)r;
				best_load = l;
			}
		}
	}
	/* Stay unless moving makes things better (v counts in neither yet). */
	if (cur >= 0 && (best < 0 || best == cur || !move_improves(c, cur, cur_load + 1, best, best_load)))
		best = cur;
	/* No runqueue has an online pCPU it may use: park it in the first
	 * (sched_set_affinity() refuses such masks; pCPUs may go offline). */
	v->sched.rq = best >= 0 ? best : 0;
}

static void credit2_tickle(struct cpupool *pool, struct vcpu *v, s_time_t now)
{
	struct c2_priv *c = c2(pool);
	uint64_t hard = v->hard_affinity & sched_online_mask(), soft = soft_mask(v);
	uint64_t mine = v->sched.rq >= 0 ? c->rqs[v->sched.rq].cpus : 0;
	const uint64_t order[4] = { soft & mine, soft, hard & mine, hard };
	int victim = -1;
	s_time_t lowest = 0;

	for (unsigned i = 0; i < 4; i++) {
		if (order[i] && sched_tickle_idle_prefer(order[i], v->processor))
			return;
	}
	/* No idle pCPU: preempt the vCPU with least credit in its runqueue if
	 * it has less than v (ratelimit is applied by that pCPU). */
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		struct vcpu *cur = pcpus[i].current;
		/* (A pCPU just added to the pool may still run another pool's.) */
		if (!cpu_in(hard & mine, i) || !cur || pcpus[i].need_resched ||
		    vcpu_pool(cur) != pool)
			continue;
		burn(c, cur, now);
		if (victim < 0 || cur->sched.credit < lowest) {
			victim = (int)i;
			lowest = cur->sched.credit;
		}
	}
	if (victim >= 0 && v->sched.credit > lowest)
		sched_resched_cpu((unsigned)victim);
}

/* Every vCPU of runqueue @r gets more credit; see the file comment. */
static void reset_credit(struct c2_priv *c, int r, const struct vcpu *snext, s_time_t now)
{
	struct list_head *pos;
	s_time_t m = 1;

	/* A vCPU far in debt gets several resets' worth at once. */
	if (snext->sched.credit < C2_CREDIT_MIN)
		m += snext->sched.credit / C2_CREDIT_MIN;
	list_for_each(pos, &c->all_vcpus) {
		struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
		if (v->sched.rq != r)
			continue;
		s_time_t clip = C2_CREDIT_INIT + C2_CARRYOVER_MAX;
		/* One running on another pCPU has not hoarded its credit, it was
		 * burning it when this pCPU found nobody with any: clipping it
		 * (as Xen does) costs it up to a slice per reset, ~10% of its share
		 * with 3 busy vCPUs on 2 pCPUs. It keeps it (up to 2 resets' worth). */
		if (v->is_running) {
			burn(c, v, now);
			clip = 2 * C2_CREDIT_INIT;
		}
		v->sched.credit += m * C2_CREDIT_INIT;
		if (v->sched.credit > clip)
			v->sched.credit = clip;
	}
	/* Queued vCPUs are not running: credit -> min(credit + c, K) keeps the
	 * queue sorted. */
	c->rqs[r].resets++;
}

/* Would @v rather wait for an idle pCPU of its soft affinity than run on @cpu? */
static bool prefers_elsewhere(const struct vcpu *v, unsigned cpu)
{
	uint64_t soft = soft_mask(v);

	if (!soft || cpu_in(soft, cpu))
		return false;
	for (unsigned c = 0; c < MAX_CPUS; c++)
		if (cpu_in(soft & sched_online_mask(), c) && !pcpus[c].current)
			return true;
	return false;
}

/* First queued vCPU of runqueue @r that @cpu may run (NULL if none). */
static struct vcpu *candidate(struct c2_priv *c, int r, unsigned cpu, bool soft_too)
{
	struct list_head *pos;

	list_for_each(pos, &c->rqs[r].queue) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		if (cpu_in(v->hard_affinity, cpu) && !v->is_running &&
		    (!soft_too || !prefers_elsewhere(v, cpu)))
			return v;
	}
	return NULL;
}

/* Pull one queued vCPU that @cpu may run from the most loaded runqueue that
 * is busier than @r (@only_if_better), or from any (when @cpu would idle). */
static struct vcpu *pull(struct c2_priv *c, int r, unsigned cpu, bool only_if_better)
{
	unsigned my = rq_load(c, r);
	struct vcpu *v = NULL;
	int best = -1;
	unsigned best_load = 0;

	for (unsigned s = 0; s < c->nr_rqs; s++) {
		unsigned l;
		if ((int)s == r || !candidate(c, (int)s, cpu, false))
			continue;
		l = rq_load(c, (int)s);
		if (only_if_better && !move_improves(c, (int)s, l, r, my))
			continue;
		if (best < 0 || l * c->rqs[best].nr_cpus > best_load * c->rqs[s].nr_cpus) {
			best = (int)s;
			best_load = l;
		}
	}
	if (best < 0)
		return NULL;
	v = candidate(c, best, cpu, true);
	if (!v)
		v = candidate(c, best, cpu, false);
	dequeue(v);
	v->sched.rq = r;
	queue_insert(c, v);
	return v;
}

/* What @cpu should run: the queued vCPU with most credit, or @prev if it
 * has at least as much (and did not yield); else pulled from elsewhere. */
static struct vcpu *pick(struct c2_priv *c, int r, unsigned cpu, struct vcpu *prev)
{
	struct vcpu *cand = candidate(c, r, cpu, true);

	if (prev && (!cand || (!prev->sched.yielded && prev->sched.credit >= cand->sched.credit)))
		return prev;
	if (!cand && c->nr_rqs > 1)
		cand = pull(c, r, cpu, false);
	if (!cand)
		cand = candidate(c, r, cpu, false);
	return cand;
}

/* ------------------------------------------------------------ hooks */

/* Runqueues by topology (see the file comment), over the possible pCPUs. */
static void credit2_init(struct cpupool *pool)
{
	struct c2_priv *c = c2(pool);
	unsigned possible = nr_cpus_possible ? nr_cpus_possible : MAX_CPUS, group;

	if (possible > MAX_CPUS)
		possible = MAX_CPUS;
	group = (sched_opt.c2_runqueue <= C2_RQ_CORE) ? 1 : possible;
	if (group > sched_opt.c2_max_cpus_runqueue)
		group = sched_opt.c2_max_cpus_runqueue;
	c->nr_rqs = (possible + group - 1) / group;
	for (unsigned r = 0; r < c->nr_rqs; r++)
		list_init(&c->rqs[r].queue);
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		unsigned r = cpu < possible ? cpu / group : c->nr_rqs - 1;
		c->cpu_rq[cpu] = (int)r;
		if (cpu < possible)
			c->group_cpus[r] |= 1ULL << cpu;
	}
	list_init(&c->all_vcpus);
}

/* A runqueue holds the pool's pCPUs of its topology group. */
static void credit2_cpus_changed(struct cpupool *pool)
{
	struct c2_priv *c = c2(pool);

	for (unsigned r = 0; r < c->nr_rqs; r++) {
		c->rqs[r].cpus = c->group_cpus[r] & pool->cpus;
		c->rqs[r].nr_cpus = 0;
		for (uint64_t m = c->rqs[r].cpus; m; m &= m - 1)
			c->rqs[r].nr_cpus++;
	}
}

static void credit2_deinit(struct cpupool *pool)
{
	for (unsigned i = 0; i < MAX_DOMAINS; i++)
		if (c2(pool)->cap_slots[i].d)
			timer_stop(&c2(pool)->cap_slots[i].timer);
}

static void credit2_insert(struct cpupool *pool, struct vcpu *v)
{
	v->sched.credit = C2_CREDIT_INIT;
	v->sched.budget = 0;
	v->sched.parked = false;
	v->sched.yielded = false;
	list_add_tail(&v->sched.all_link, &c2(pool)->all_vcpus);
}

static void credit2_sleep(struct cpupool *pool, struct vcpu *v)
{
	(void)pool;
	dequeue(v);
	if (v->sched.parked) {
		list_del(&v->sched.park_link);
		v->sched.parked = false;
	}
}

static void credit2_remove(struct cpupool *pool, struct vcpu *v)
{
	credit2_sleep(pool, v);
	return_budget(v);
	if (list_linked(&v->sched.all_link))
		list_del(&v->sched.all_link);
	v->sched.rq = -1;
	if (v->domain->sched.nr_inserted <= 1)
		cap_stop(pool, v->domain, NOW());
}

static void credit2_wake(struct cpupool *pool, struct vcpu *v)
{
	if (v->sched.parked || list_linked(&v->runq_link))
		return;
	choose_rq(c2(pool), v);
	queue_insert(c2(pool), v);
}

static void credit2_yield(struct cpupool *pool, struct vcpu *v)
{
	(void)pool;
	v->sched.yielded = true;
}

static struct sched_decision credit2_do_schedule(struct cpupool *pool, unsigned cpu,
						 struct vcpu *prev, s_time_t now)
{
	struct sched_decision d = { NULL, -1 };
	struct c2_priv *c = c2(pool);
	int r = c->cpu_rq[cpu];
	struct vcpu *next, *second;
	bool prev_ok = false;
	s_time_t ratelimit = MICROSECS(sched_pool_ratelimit_us(pool)), t;

	if (prev) {
		burn(c, prev, now);
		prev_ok = vcpu_runnable(prev) && cpu_in(prev->hard_affinity, cpu) &&
			  !prev->sched.parked;
		if (prev_ok && is_capped(prev) && prev->sched.budget <= 0 && !grab_budget(prev)) {
			return_budget(prev);
			park(prev);
			prev_ok = false;
		}
		/* Ratelimit: keep it until it has run long enough. */
		if (prev_ok && !prev->sched.yielded && ratelimit &&
		    now - prev->slice_start < ratelimit) {
			d.next = prev;
			d.slice = prev->slice_start + ratelimit - now;
			if (is_capped(prev))
				d.slice = MIN(d.slice, prev->sched.budget);
			return d;
		}
		if (!prev_ok && !prev->sched.parked)
			return_budget(prev);
		if (prev->sched.rq != r && prev_ok) {
			/* It ran here; it belongs here now. */
			prev->sched.rq = r;
		}
	}

	/* Occasionally pull one vCPU from a busier runqueue. */
	if (c->nr_rqs > 1 && now - c->rqs[r].last_balance >= C2_BALANCE_INTERVAL) {
		c->rqs[r].last_balance = now;
		pull(c, r, cpu, true);
	}

	for (bool reset_done = false;;) {
		next = pick(c, r, cpu, prev_ok ? prev : NULL);
		if (!next)
			break;
		if (next->sched.credit <= C2_CREDIT_RESET && !reset_done) {
			reset_credit(c, r, next, now);
			reset_done = true;
			continue;
		}
		if (next != prev && !grab_budget(next)) {
			return_budget(next);
			park(next);
			continue;
		}
		break;
	}
	if (prev) {
		prev->sched.yielded = false;
		/* Still runnable (maybe no longer allowed here): back in a queue;
		 * the core then tickles a pCPU for it. */
		if (next != prev && vcpu_runnable(prev) && !prev->sched.parked) {
			return_budget(prev);
			if (!prev_ok)
				choose_rq(c, prev);
			queue_insert(c, prev);
		}
	}
	d.next = next;
	if (!next)
		return d;
	if (next != prev) {
		dequeue(next);
		next->slice_start = now;
		next->sched.start = now;
	}
	/* Run until its credit falls to the next waiting one's. */
	second = candidate(c, r, cpu, false);
	t = next->sched.credit;
	if (second && second->sched.credit > 0)
		t -= second->sched.credit;
	t = credit_to_time(c, next, t);
	if (t < C2_MIN_TIMER)
		t = C2_MIN_TIMER;
	if (t > C2_MAX_TIMER)
		t = C2_MAX_TIMER;
	if (ratelimit && t < ratelimit)
		t = ratelimit;
	if (is_capped(next))
		t = MIN(t, next->sched.budget);
	d.slice = t;
	return d;
}

static void credit2_affinity_changed(struct cpupool *pool, struct vcpu *v)
{
	if (v->sched.rq >= 0 && !rq_allows(c2(pool), v->sched.rq, v))
		v->sched.rq = -1;
}

static int credit2_set_params(struct cpupool *pool, struct domain *d, const struct sched_params *p)
{
	s_time_t now = NOW();
	unsigned nr = d->nr_vcpus ? d->nr_vcpus : 1;

	if (p->cap > 100 * nr)
		return -EINVAL;
	if (p->weight)
		d->sched.weight = p->weight;
	if (p->cap != d->sched.cap) {
		cap_stop(pool, d, now);
		d->sched.cap = p->cap;
		if (p->cap)
			cap_start(pool, d, now);
	}
	return 0;
}

static int credit2_get_params(struct cpupool *pool, struct domain *d, struct sched_params *p)
{
	(void)pool;
	p->weight = d->sched.weight ? d->sched.weight : C2_DEFAULT_WEIGHT;
	p->cap = d->sched.cap;
	return 0;
}

static void credit2_dump(struct cpupool *pool, void (*print)(const char *fmt, ...))
{
	struct c2_priv *c = c2(pool);
	struct list_head *pos;

	print("credit2: %u runqueue(s), ratelimit %u us, cap period %u ms\n", c->nr_rqs,
	      sched_pool_ratelimit_us(pool), sched_opt.c2_cap_period_ms);
	for (unsigned r = 0; r < c->nr_rqs; r++) {
		print(" rq%u cpus %#llx load %u max_weight %u resets %llu queue:", r,
		      (unsigned long long)c->rqs[r].cpus, rq_load(c, (int)r), rq_max_weight(c, (int)r),
		      (unsigned long long)c->rqs[r].resets);
		list_for_each(pos, &c->rqs[r].queue) {
			struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
			print(" d%uv%u", v->domain->domid, v->id);
		}
		print("\n");
	}
	list_for_each(pos, &c->all_vcpus) {
		struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
		print(" d%uv%u rq %d credit %lld weight %u cap %u%s%s\n", v->domain->domid, v->id,
		      v->sched.rq, (long long)v->sched.credit, weight_of(v), v->domain->sched.cap,
		      v->is_running ? " running" : "", v->sched.parked ? " parked" : "");
	}
}

const struct scheduler sched_credit2 = {
	.name = "credit2",
	.sched_id = XEN_SCHEDULER_CREDIT2,
	.priv_size = sizeof(struct c2_priv),
	.init = credit2_init,
	.deinit = credit2_deinit,
	.cpus_changed = credit2_cpus_changed,
	.insert_vcpu = credit2_insert,
	.remove_vcpu = credit2_remove,
	.wake = credit2_wake,
	.sleep = credit2_sleep,
	.yield = credit2_yield,
	.do_schedule = credit2_do_schedule,
	.dump = credit2_dump,
	.tickle = credit2_tickle,
	.set_params = credit2_set_params,
	.get_params = credit2_get_params,
	.affinity_changed = credit2_affinity_changed,
};
