/* SPDX-License-Identifier: MIT */
/*
 * Scheduler core: vCPU run states, pausing, time accounting, preemption and
 * the context switch, independent of the policy (struct scheduler).
 *
 * Invariant: a vCPU is on its scheduler's queue iff it is runnable and not
 * loaded on any pCPU (is_running). A pCPU deschedules its vCPU only inside
 * schedule(), which saves the outgoing context before releasing the lock, so
 * a vCPU another pCPU picks up is always fully saved.
 *
 * Lock: sched_lock (one, global) guards every vCPU's scheduling fields, the
 * cpupools and the policies' queues. Lock order: sched_lock before any
 * vgic/timer lock.
 *
 * Policies: each cpupool runs an instance of one (Pool-0: the one chosen by
 * sched=, default credit2, Xen's default) from the table below; they live in
 * hyp/core/sched/ and see the core through hyp/core/sched/private.h. A policy may hold a runnable vCPU that is not
 * loaded on a separate list of its own (credit2 parked, rtds depleted, null
 * waiting) instead of its run queue. The per-pCPU slice timer is armed after
 * every decision that asks for it, idle or not (arinc653's idle slots).
 *
 * cpupools: pools[] holds them (MAX_CPUPOOLS, ids chosen freely); cpu_pool[c]
 * is the pool whose policy pCPU c asks in schedule(), cpu_pool_next[c] the
 * one it belongs to. They differ only between adding/removing c and c's next
 * schedule(): the old policy first lets go of the vCPU c runs (no vCPU of the
 * old pool may run on c any more), then c switches (a pCPU in no pool idles).
 * A vCPU's hard/soft_affinity are its set masks (v->sched.hard/soft_set)
 * within its pool's pCPUs; when nothing of the set hard mask is left there,
 * it is reset to "all" (Xen breaks the affinity the same way).
 */
#include "sched/private.h"

#include <hyp/arch.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <hyp/trace.h>
#include <hyp/xen_domain.h>
#include <hyp/xmalloc.h>
#include <lib/string.h>

static spinlock_t sched_lock = SPINLOCK_INIT;
static struct cpupool pools[MAX_CPUPOOLS];
static struct cpupool *pool0;
static struct cpupool *cpu_pool[MAX_CPUS];      /* policy the pCPU asks */
static struct cpupool *cpu_pool_next[MAX_CPUS]; /* pool the pCPU is in */

static const struct scheduler *const schedulers[] = {
	&sched_credit2, &sched_rtds, &sched_arinc653, &sched_null, &sched_rr,
};

#define SCHED_RATELIMIT_MAX_US 500000 /* XEN_SYSCTL_SCHED_RATELIMIT_MAX */

struct sched_options sched_opt;

/** Restore every scheduler option's default (Xen's). */
void sched_options_reset(void)
{
	sched_opt.ratelimit_us = 1000;
	sched_opt.c2_runqueue = C2_RQ_SOCKET;
	sched_opt.c2_max_cpus_runqueue = 16;
	sched_opt.c2_cap_period_ms = 10;
}

static bool parse_uint(const char *val, size_t vlen, unsigned *out)
{
	uint64_t v = 0;

	if (!vlen || vlen > 9)
		return false;
	for (size_t i = 0; i < vlen; i++) {
		if (val[i] < '0' || val[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(val[i] - '0');
	}
	*out = (unsigned)v;
	return true;
}

/** Scheduler options of the command line; see sched.h. */
int sched_parse_option(const char *name, size_t nlen, const char *val, size_t vlen)
{
	static const char *const rq_names[] = { "cpu", "core", "socket", "node", "all" };
	unsigned n;

#define IS(s) (nlen == sizeof(s) - 1 && !strncmp(name, s, nlen))
	if (!sched_opt.c2_max_cpus_runqueue)
		sched_options_reset();
	if (IS("sched_ratelimit_us")) {
		if (!parse_uint(val, vlen, &n) || n > SCHED_RATELIMIT_MAX_US)
			return -EINVAL;
		sched_opt.ratelimit_us = n;
	} else if (IS("credit2_runqueue")) {
		for (n = 0; n < ARRAY_SIZE(rq_names); n++)
			if (vlen == strlen(rq_names[n]) && !strncmp(val, rq_names[n], vlen))
				break;
		if (n == ARRAY_SIZE(rq_names))
			return -EINVAL;
		sched_opt.c2_runqueue = (enum credit2_runqueue_kind)n;
	} else if (IS("sched_credit2_max_cpus_runqueue")) {
		if (!parse_uint(val, vlen, &n) || n == 0)
			return -EINVAL;
		sched_opt.c2_max_cpus_runqueue = n;
	} else if (IS("credit2_cap_period_ms")) {
		if (!parse_uint(val, vlen, &n) || n == 0 || n > 1000)
			return -EINVAL;
		sched_opt.c2_cap_period_ms = n;
	} else {
		return -ENOENT;
	}
	return 0;
#undef IS
}

const struct scheduler *sched_by_name(const char *name)
{
	for (unsigned i = 0; i < ARRAY_SIZE(schedulers); i++)
		if (!strcmp(schedulers[i]->name, name))
			return schedulers[i];
	return NULL;
}

struct cpupool *sched_pool_find(unsigned id)
{
	for (unsigned i = 0; i < MAX_CPUPOOLS; i++)
		if (pools[i].in_use && pools[i].id == id)
			return &pools[i];
	return NULL;
}

/* A new pool (lock held or at boot): -ENOMEM if no slot or memory. */
static int pool_new(unsigned id, const struct scheduler *ops, struct cpupool **out)
{
	struct cpupool *c = NULL;
	void *priv;

	for (unsigned i = 0; i < MAX_CPUPOOLS && !c; i++)
		if (!pools[i].in_use)
			c = &pools[i];
	if (!c)
		return -ENOMEM;
	priv = xzalloc_bytes(ops->priv_size ? ops->priv_size : 1);
	if (!priv)
		return -ENOMEM;
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->in_use = true;
	c->ops = ops;
	c->priv = priv;
	c->ratelimit_us = -1;
	list_init(&c->domains);
	ops->init(c);
	*out = c;
	return 0;
}

void sched_init(const char *name)
{
	const struct scheduler *ops = NULL;

	if (!sched_opt.c2_max_cpus_runqueue)
		sched_options_reset();
	/* Host tests start machines afresh: drop the previous pools (their
	 * timers went with the previous machine). */
	for (unsigned i = 0; i < MAX_CPUPOOLS; i++)
		if (pools[i].in_use)
			xfree(pools[i].priv, pools[i].ops->priv_size ? pools[i].ops->priv_size : 1);
	memset(pools, 0, sizeof(pools));
	if (name && *name) {
		ops = sched_by_name(name);
		if (!ops)
			pr_warn("unknown scheduler '%s', using '%s'", name, sched_credit2.name);
	}
	if (!ops)
		ops = &sched_credit2;
	if (pool_new(0, ops, &pool0))
		panic("scheduler: no memory for Pool-0");
	pool0->cpus = sched_online_mask();
	for (unsigned c = 0; c < MAX_CPUS; c++)
		cpu_pool[c] = cpu_pool_next[c] = cpu_in(pool0->cpus, c) ? pool0 : NULL;
	if (ops->cpus_changed)
		ops->cpus_changed(pool0);
	pr_info("scheduler: %s", ops->name);
}

const struct scheduler *sched_current(void)
{
	return pool0 ? pool0->ops : &sched_credit2;
}

struct cpupool *vcpu_pool(const struct vcpu *v)
{
	return v->domain->sched.pool ? v->domain->sched.pool : pool0;
}

uint64_t sched_pool_cpus(const struct cpupool *pool)
{
	return pool->cpus & sched_online_mask();
}

unsigned sched_pool_ratelimit_us(const struct cpupool *pool)
{
	return pool->ratelimit_us >= 0 ? (unsigned)pool->ratelimit_us : sched_opt.ratelimit_us;
}

bool vcpu_runnable(const struct vcpu *v)
{
	return v->is_online && !v->is_blocked && v->pause_count == 0 && !v->domain->is_dying;
}

const char *runstate_name(enum runstate s)
{
	static const char *const names[] = { "running", "runnable", "blocked", "offline" };
	return (unsigned)s < 4 ? names[s] : "?";
}

/** CPU time @v has run so far, including its current stint. */
s_time_t vcpu_run_time(const struct vcpu *v)
{
	s_time_t t = v->runstate_time[RUNSTATE_running];

	if (v->runstate == RUNSTATE_running)
		t += NOW() - v->runstate_entry;
	return t;
}

/* vCPUs whose runstate is RUNSTATE_runnable (waiting for a pCPU); only runstate_set()
 * changes it, under sched_lock; read lock-free by vcpu_yield(). */
static unsigned nr_waiting;

static void runstate_set(struct vcpu *v, enum runstate s, s_time_t now)
{
	if (v->runstate == s)
		return;
	trace_runstate_change(v, s, now);
	if (v->runstate == RUNSTATE_runnable)
		WRITE_ONCE(nr_waiting, nr_waiting - 1);
	else if (s == RUNSTATE_runnable)
		WRITE_ONCE(nr_waiting, nr_waiting + 1);
	v->runstate_time[v->runstate] += now - v->runstate_entry;
	v->runstate = s;
	v->runstate_entry = now;
}

static enum runstate idle_runstate(const struct vcpu *v)
{
	if (!v->is_online)
		return RUNSTATE_offline;
	if (v->is_blocked)
		return RUNSTATE_blocked;
	/* Not blocked but not runnable (paused, dying): Xen's "offline". */
	return vcpu_runnable(v) ? RUNSTATE_runnable : RUNSTATE_offline;
}

void sched_policy_lock(void)
{
	spin_lock(&sched_lock);
}

void sched_policy_unlock(void)
{
	spin_unlock(&sched_lock);
}

bool sched_cpu_idle(unsigned cpu)
{
	const struct pcpu *p = &pcpus[cpu];

	/* An idle pCPU already kicked will pick one vCPU only. */
	return cpu < MAX_CPUS && p->online && !p->current && !p->need_resched;
}

uint64_t sched_online_mask(void)
{
	uint64_t m = 0;

	for (unsigned i = 0; i < MAX_CPUS; i++)
		if (pcpus[i].online)
			m |= 1ULL << i;
	return m;
}

void sched_resched_cpu(unsigned cpu)
{
	raise_resched(cpu);
}

bool sched_tickle_idle(uint64_t mask)
{
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		if ((mask & (1ULL << i)) && sched_cpu_idle(i)) {
			raise_resched(i);
			return true;
		}
	}
	return false;
}

bool sched_tickle_idle_prefer(uint64_t mask, int prefer)
{
	if (prefer >= 0 && prefer < MAX_CPUS && (mask & (1ULL << prefer)) &&
	    sched_cpu_idle((unsigned)prefer)) {
		raise_resched((unsigned)prefer);
		return true;
	}
	return sched_tickle_idle(mask);
}

/* Find an idle online pCPU the vCPU may run on and poke it (or let the
 * policy decide). */
static void tickle_locked(struct vcpu *v, s_time_t now)
{
	struct cpupool *pool = vcpu_pool(v);

	if (pool->ops->tickle)
		pool->ops->tickle(pool, v, now);
	else
		sched_tickle_idle(v->hard_affinity);
}

/*
 * Re-evaluate a vCPU after one of its state bits changed: keep the queue
 * invariant and make sure some pCPU notices.
 */
static void update_locked(struct vcpu *v, bool was_runnable)
{
	struct cpupool *pool = vcpu_pool(v);
	bool now_runnable = vcpu_runnable(v);
	s_time_t now = NOW();

	if (v->is_running) {
		if (!now_runnable) {
			/* Its pCPU must switch away. */
			pcpus[v->processor].need_resched = true;
			if ((unsigned)v->processor != this_cpu())
				arch_send_ipi((unsigned)v->processor, IPI_KICK);
		}
		return;
	}
	if (now_runnable && !was_runnable) {
		runstate_set(v, RUNSTATE_runnable, now);
		pool->ops->wake(pool, v);
		tickle_locked(v, now);
	} else if (!now_runnable && was_runnable) {
		pool->ops->sleep(pool, v);
		runstate_set(v, idle_runstate(v), now);
	} else if (!now_runnable) {
		runstate_set(v, idle_runstate(v), now);
	}
}

/* The policy-visible affinities of @v: its set masks within its pool. */
static void effective_affinity(struct vcpu *v)
{
	uint64_t cpus = vcpu_pool(v)->cpus;

	if (!(v->sched.hard_set & cpus) && cpus) {
		if (v->sched.inserted)
			pr_info("d%uv%u: hard affinity has no pCPU of pool %u left: reset to all",
				v->domain->domid, v->id, vcpu_pool(v)->id);
		v->sched.hard_set = ~0ULL;
	}
	v->hard_affinity = v->sched.hard_set & cpus;
	v->soft_affinity = v->sched.soft_set & cpus;
}

/* Hand a (not running) vCPU to its pool's policy; lock held. */
static void insert_locked(struct vcpu *v)
{
	struct domain *d = v->domain;
	struct sched_dom_data *sd = &d->sched;
	struct cpupool *pool;

	if (!sd->pool)
		sd->pool = pool0;
	pool = sd->pool;
	list_init(&v->runq_link);
	list_init(&v->sched.all_link);
	list_init(&v->sched.park_link);
	v->sched.rq = -1;
	v->sched.cpu = -1;
	effective_affinity(v);
	v->processor = lowest_cpu(v->hard_affinity & sched_online_mask());
	if (v->processor < 0)
		v->processor = 0;
	if (!sd->is_initialised) {
		sd->is_initialised = true;
		sd->weight = 256; /* CSCHED2_DEFAULT_WEIGHT */
		list_init(&sd->parked);
	}
	if (sd->nr_inserted++ == 0) {
		list_add_tail(&sd->pool_link, &pool->domains);
		pool->n_dom++;
	}
	v->sched.inserted = true;
	pool->ops->insert_vcpu(pool, v);
}

static void remove_locked(struct vcpu *v)
{
	struct cpupool *pool = vcpu_pool(v);
	struct sched_dom_data *sd = &v->domain->sched;

	if (!v->sched.inserted)
		return;
	pool->ops->remove_vcpu(pool, v);
	v->sched.inserted = false;
	if (sd->nr_inserted && --sd->nr_inserted == 0) {
		list_del(&sd->pool_link);
		pool->n_dom--;
	}
}

void sched_insert_vcpu(struct vcpu *v)
{
	spin_lock(&sched_lock);
	v->runstate = RUNSTATE_offline;
	v->runstate_entry = NOW();
	/* First insertion: what the domain builder (or a test) set is the
	 * affinity asked for. */
	v->sched.hard_set = v->hard_affinity;
	v->sched.soft_set = v->soft_affinity;
	insert_locked(v);
	spin_unlock(&sched_lock);
}

void sched_remove_vcpu(struct vcpu *v)
{
	spin_lock(&sched_lock);
	remove_locked(v);
	spin_unlock(&sched_lock);
}

/* The pool whose parameters @sched_id names must be @d's (Xen: -EINVAL). */
static struct cpupool *params_pool(const struct domain *d, unsigned sched_id)
{
	struct cpupool *pool = d->sched.pool ? d->sched.pool : pool0;

	return pool->ops->sched_id == sched_id ? pool : NULL;
}

int sched_set_params(struct domain *d, const struct sched_params *p)
{
	struct cpupool *pool;
	int rc = -EINVAL;

	spin_lock(&sched_lock);
	pool = params_pool(d, p->sched_id);
	if (pool)
		rc = pool->ops->set_params ? pool->ops->set_params(pool, d, p) : -ENOSYS;
	spin_unlock(&sched_lock);
	return rc;
}

int sched_get_params(struct domain *d, struct sched_params *p)
{
	struct cpupool *pool;
	int rc = -ENOSYS;

	memset(p, 0, sizeof(*p));
	spin_lock(&sched_lock);
	pool = d->sched.pool ? d->sched.pool : pool0;
	p->sched_id = pool->ops->sched_id;
	if (pool->ops->get_params)
		rc = pool->ops->get_params(pool, d, p);
	spin_unlock(&sched_lock);
	return rc;
}

int sched_set_vcpu_params(struct vcpu *v, const struct sched_params *p)
{
	struct cpupool *pool;
	int rc = -EINVAL;

	spin_lock(&sched_lock);
	pool = params_pool(v->domain, p->sched_id);
	if (pool)
		rc = pool->ops->set_vcpu_params ? pool->ops->set_vcpu_params(pool, v, p) : -ENOSYS;
	spin_unlock(&sched_lock);
	return rc;
}

int sched_get_vcpu_params(struct vcpu *v, struct sched_params *p)
{
	struct cpupool *pool;
	int rc = -ENOSYS;

	memset(p, 0, sizeof(*p));
	spin_lock(&sched_lock);
	pool = vcpu_pool(v);
	p->sched_id = pool->ops->sched_id;
	if (pool->ops->get_vcpu_params)
		rc = pool->ops->get_vcpu_params(pool, v, p);
	spin_unlock(&sched_lock);
	return rc;
}

/*
 * Apply new set affinities (or the pool's new pCPUs) to a vCPU: a queued
 * vCPU is taken off and put back so the policy re-places it; a running one
 * outside its new hard affinity is switched away at its pCPU's next decision
 * (at once: an IPI).
 */
static void reaffine_locked(struct vcpu *v, s_time_t now)
{
	struct cpupool *pool = vcpu_pool(v);
	bool queued = vcpu_runnable(v) && !v->is_running;

	if (queued)
		pool->ops->sleep(pool, v);
	effective_affinity(v);
	if (pool->ops->affinity_changed)
		pool->ops->affinity_changed(pool, v);
	if (queued) {
		pool->ops->wake(pool, v);
		tickle_locked(v, now);
	} else if (v->is_running && !(v->hard_affinity & (1ULL << v->processor))) {
		raise_resched((unsigned)v->processor);
	}
}

/** Change a vCPU's affinities; see reaffine_locked(). */
int sched_set_affinity(struct vcpu *v, uint64_t hard, uint64_t soft)
{
	int rc = -EINVAL;

	spin_lock(&sched_lock);
	if (hard & sched_pool_cpus(vcpu_pool(v))) {
		v->sched.hard_set = hard;
		v->sched.soft_set = soft;
		reaffine_locked(v, NOW());
		rc = 0;
	}
	spin_unlock(&sched_lock);
	return rc;
}

/** The affinities as set (domctl getvcpuaffinity). */
void sched_get_affinity(const struct vcpu *v, uint64_t *hard, uint64_t *soft)
{
	*hard = v->sched.inserted ? v->sched.hard_set : v->hard_affinity;
	*soft = v->sched.inserted ? v->sched.soft_set : v->soft_affinity;
}

void sched_dump(void (*print)(const char *fmt, ...))
{
	spin_lock(&sched_lock);
	for (unsigned i = 0; i < MAX_CPUPOOLS; i++) {
		struct cpupool *c = &pools[i];
		if (!c->in_use)
			continue;
		print("cpupool %u: scheduler %s (id %u), cpus %#llx, %u domain(s)\n", c->id,
		      c->ops->name, c->ops->sched_id, (unsigned long long)c->cpus, c->n_dom);
		if (c->ops->dump)
			c->ops->dump(c, print);
	}
	if (sched_free_cpus())
		print("free cpus: %#llx\n", (unsigned long long)sched_free_cpus());
	spin_unlock(&sched_lock);
}

/* ---------------------------------------------------------------------------
 * cpupools (sysctl cpupool_op); errno values as Xen 4.17's cpupool.c.
 */

uint64_t sched_free_cpus(void)
{
	uint64_t used = 0;

	for (unsigned i = 0; i < MAX_CPUPOOLS; i++)
		if (pools[i].in_use)
			used |= pools[i].cpus;
	return sched_online_mask() & ~used;
}

/* A new pool running @ops (NULL: no such scheduler, -ENOENT). */
static int pool_create(unsigned *poolid, const struct scheduler *ops)
{
	struct cpupool *c;
	unsigned id = *poolid;
	int rc = 0;

	if (!ops)
		return -ENOENT;
	spin_lock(&sched_lock);
	if (id == CPUPOOLID_NONE) {
		/* One above the highest id in use (Xen's choice). */
		id = 0;
		for (unsigned i = 0; i < MAX_CPUPOOLS; i++)
			if (pools[i].in_use && pools[i].id >= id)
				id = pools[i].id + 1;
		if (id == CPUPOOLID_NONE)
			rc = -ENOMEM;
	} else if (sched_pool_find(id)) {
		rc = -EEXIST;
	}
	if (!rc)
		rc = pool_new(id, ops, &c);
	if (!rc)
		*poolid = id;
	spin_unlock(&sched_lock);
	return rc;
}

int sched_pool_create(unsigned *poolid, unsigned sched_id)
{
	const struct scheduler *ops = NULL;

	for (unsigned i = 0; i < ARRAY_SIZE(schedulers) && !ops; i++)
		if (schedulers[i]->sched_id == sched_id)
			ops = schedulers[i];
	return pool_create(poolid, ops);
}

int sched_pool_create_named(unsigned *poolid, const char *sched_name)
{
	return pool_create(poolid, sched_by_name(sched_name));
}

int sched_pool_destroy(unsigned poolid)
{
	struct cpupool *c;
	int rc = -ENOENT;

	spin_lock(&sched_lock);
	c = sched_pool_find(poolid);
	if (c && (c->n_dom || c->cpus || c == pool0)) {
		rc = -EBUSY;
	} else if (c) {
		if (c->ops->deinit)
			c->ops->deinit(c);
		xfree(c->priv, c->ops->priv_size ? c->ops->priv_size : 1);
		memset(c, 0, sizeof(*c));
		rc = 0;
	}
	spin_unlock(&sched_lock);
	return rc;
}

int sched_pool_info(unsigned *poolid, unsigned *sched_id, uint64_t *cpus, unsigned *n_dom)
{
	struct cpupool *best = NULL;

	spin_lock(&sched_lock);
	for (unsigned i = 0; i < MAX_CPUPOOLS; i++)
		if (pools[i].in_use && pools[i].id >= *poolid && (!best || pools[i].id < best->id))
			best = &pools[i];
	if (best) {
		*poolid = best->id;
		*sched_id = best->ops->sched_id;
		*cpus = best->cpus;
		*n_dom = best->n_dom;
	}
	spin_unlock(&sched_lock);
	return best ? 0 : -ENOENT;
}

/* @pool's pCPUs changed: tell its policy, re-place every vCPU. */
static void pool_cpus_changed_locked(struct cpupool *pool)
{
	s_time_t now = NOW();
	struct list_head *pos;

	if (pool->ops->cpus_changed)
		pool->ops->cpus_changed(pool);
	list_for_each(pos, &pool->domains) {
		struct domain *d = list_entry(pos, struct domain, sched.pool_link);
		for (unsigned i = 0; i < d->nr_vcpus; i++)
			if (d->vcpus[i] && d->vcpus[i]->sched.inserted)
				reaffine_locked(d->vcpus[i], now);
	}
}

int sched_pool_add_cpu(unsigned poolid, unsigned cpu)
{
	struct cpupool *c;
	uint64_t free;
	int rc = 0;

	spin_lock(&sched_lock);
	c = sched_pool_find(poolid);
	free = sched_free_cpus();
	if (!c)
		rc = -ENOENT;
	else if (cpu == CPUPOOLID_NONE && !free)
		rc = -ENODEV;
	else if (cpu == CPUPOOLID_NONE)
		cpu = (unsigned)lowest_cpu(free);
	else if (cpu >= MAX_CPUS)
		rc = -EINVAL;
	else if (!cpu_in(free, cpu))
		rc = -ENODEV;
	if (!rc) {
		c->cpus |= 1ULL << cpu;
		cpu_pool_next[cpu] = c;
		pool_cpus_changed_locked(c);
		raise_resched(cpu);
	}
	spin_unlock(&sched_lock);
	return rc;
}

int sched_pool_remove_cpu(unsigned poolid, unsigned cpu)
{
	struct cpupool *c;
	int rc = 0;

	spin_lock(&sched_lock);
	c = sched_pool_find(poolid);
	if (!c) {
		rc = -ENOENT;
	} else {
		if (cpu == CPUPOOLID_NONE)
			cpu = c->cpus ? 63u - (unsigned)__builtin_clzll(c->cpus) : MAX_CPUS;
		if (cpu >= MAX_CPUS || !pcpus[cpu].online)
			rc = -EINVAL;
		else if (!cpu_in(c->cpus, cpu))
			rc = -EADDRNOTAVAIL;
		else if (c->n_dom && c->cpus == (1ULL << cpu))
			rc = -EBUSY;
	}
	if (!rc) {
		c->cpus &= ~(1ULL << cpu);
		cpu_pool_next[cpu] = NULL;
		/* Its vCPUs may no longer run on @cpu: the running one leaves at
		 * the reschedule, the others are re-placed. */
		pool_cpus_changed_locked(c);
		raise_resched(cpu);
	}
	spin_unlock(&sched_lock);
	return rc;
}

static int pool_usable_locked(struct cpupool *c)
{
	if (!c)
		return -ESRCH;
	return sched_pool_cpus(c) ? 0 : -ENODEV;
}

int sched_pool_usable(unsigned poolid)
{
	int rc;

	spin_lock(&sched_lock);
	rc = pool_usable_locked(sched_pool_find(poolid));
	spin_unlock(&sched_lock);
	return rc;
}

int sched_domain_set_pool(struct domain *d, unsigned poolid)
{
	struct cpupool *c;
	int rc;

	spin_lock(&sched_lock);
	c = sched_pool_find(poolid);
	rc = pool_usable_locked(c);
	if (!rc && d->sched.nr_inserted)
		rc = -EBUSY;
	if (!rc)
		d->sched.pool = c;
	spin_unlock(&sched_lock);
	return rc;
}

int sched_move_domain(struct domain *d, unsigned poolid)
{
	struct cpupool *c;
	int rc = 0;

	spin_lock(&sched_lock);
	c = sched_pool_find(poolid);
	if (!c || !sched_pool_cpus(c))
		rc = -ENOENT;
	spin_unlock(&sched_lock);
	if (rc || c == vcpu_pool(d->vcpus[0]))
		return rc;
	/* Its vCPU running here would have to wait for itself (the caller's
	 * own domain: sysctl refuses that first, as Xen does). */
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		if (d->vcpus[i] == this_pcpu()->current)
			return -EBUSY;
	/* Off every pCPU and out of every queue while it changes policy. */
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		vcpu_pause_sync(d->vcpus[i]);
	spin_lock(&sched_lock);
	if (sched_pool_find(poolid) != c || !sched_pool_cpus(c)) {
		rc = -ENOENT; /* gone meanwhile */
	} else {
		for (unsigned i = 0; i < d->nr_vcpus; i++)
			remove_locked(d->vcpus[i]);
		d->sched.pool = c;
		for (unsigned i = 0; i < d->nr_vcpus; i++)
			insert_locked(d->vcpus[i]);
	}
	spin_unlock(&sched_lock);
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		vcpu_unpause(d->vcpus[i]);
	return rc;
}

unsigned sched_domain_pool_id(const struct domain *d)
{
	return d->sched.pool ? d->sched.pool->id : 0;
}

unsigned sched_domain_sched_id(const struct domain *d)
{
	return (d->sched.pool ? d->sched.pool : pool0)->ops->sched_id;
}

/* The pool @poolid if it runs credit2 and @sched_id says so; lock held. */
static int credit2_pool_locked(unsigned poolid, unsigned sched_id, struct cpupool **out)
{
	struct cpupool *c = sched_pool_find(poolid);

	if (!c)
		return -ENOENT;
	if (c->ops->sched_id != sched_id || sched_id != XEN_SCHEDULER_CREDIT2)
		return -EINVAL;
	*out = c;
	return 0;
}

int sched_pool_set_ratelimit(unsigned poolid, unsigned sched_id, unsigned us)
{
	struct cpupool *c;
	int rc;

	spin_lock(&sched_lock);
	rc = credit2_pool_locked(poolid, sched_id, &c);
	if (!rc && (us > SCHED_RATELIMIT_MAX_US || (us && us < 100)))
		rc = -EINVAL; /* XEN_SYSCTL_SCHED_RATELIMIT_MIN is 100 */
	if (!rc)
		c->ratelimit_us = (int)us;
	spin_unlock(&sched_lock);
	return rc;
}

int sched_pool_get_ratelimit(unsigned poolid, unsigned sched_id, unsigned *us)
{
	struct cpupool *c;
	int rc;

	spin_lock(&sched_lock);
	rc = credit2_pool_locked(poolid, sched_id, &c);
	if (!rc)
		*us = sched_pool_ratelimit_us(c);
	spin_unlock(&sched_lock);
	return rc;
}


void vcpu_wake(struct vcpu *v)
{
	spin_lock(&sched_lock);
	if (v->is_blocked) {
		bool was = vcpu_runnable(v);
		TRACE(TRC_SCHED_WAKE, v->domain->domid, v->id);
		v->is_blocked = false;
		update_locked(v, was);
	}
	spin_unlock(&sched_lock);
}

void vcpu_block(struct vcpu *v)
{
	spin_lock(&sched_lock);
	if (!vgic_has_deliverable(&v->vgic)) {
		bool was = vcpu_runnable(v);
		TRACE(TRC_SCHED_BLOCK, v->domain->domid, v->id);
		v->is_blocked = true;
		update_locked(v, was);
	}
	spin_unlock(&sched_lock);
	/* An interrupt may have arrived between the check and blocking: it
	 * calls vcpu_wake(), which takes the same lock, so none is lost. */
}

void vcpu_yield(struct vcpu *v)
{
	/*
	 * Fast path: no vCPU waits for a pCPU, so the scheduler would pick
	 * this one again. A vCPU waking meanwhile tickles a pCPU itself.
	 */
	if (!READ_ONCE(nr_waiting))
		return;
	spin_lock(&sched_lock);
	if (v->is_running) {
		vcpu_pool(v)->ops->yield(vcpu_pool(v), v);
		pcpus[v->processor].need_resched = true;
	}
	spin_unlock(&sched_lock);
}

void vcpu_up(struct vcpu *v)
{
	spin_lock(&sched_lock);
	bool was = vcpu_runnable(v);
	v->is_online = true;
	v->is_blocked = false;
	update_locked(v, was);
	spin_unlock(&sched_lock);
}

void vcpu_down(struct vcpu *v)
{
	spin_lock(&sched_lock);
	bool was = vcpu_runnable(v);
	v->is_online = false;
	update_locked(v, was);
	spin_unlock(&sched_lock);
}

void vcpu_pause(struct vcpu *v)
{
	spin_lock(&sched_lock);
	bool was = vcpu_runnable(v);
	v->pause_count++;
	update_locked(v, was);
	spin_unlock(&sched_lock);
}

void vcpu_pause_sync(struct vcpu *v)
{
	vcpu_pause(v);
	while (READ_ONCE(v->is_running) && v != this_pcpu()->current)
		arch_cpu_relax();
}

void vcpu_unpause(struct vcpu *v)
{
	spin_lock(&sched_lock);
	bool was = vcpu_runnable(v);
	if (v->pause_count)
		v->pause_count--;
	update_locked(v, was);
	spin_unlock(&sched_lock);
}

void vcpu_kick(struct vcpu *v)
{
	/* The running vCPU of this pCPU sees new interrupts at its next entry. */
	if (v == this_pcpu()->current)
		return;
	spin_lock(&sched_lock);
	if (v->is_blocked) {
		bool was = vcpu_runnable(v);
		TRACE(TRC_SCHED_WAKE, v->domain->domid, v->id);
		v->is_blocked = false;
		update_locked(v, was);
	}
	if (v->is_running && (unsigned)v->processor != this_cpu())
		arch_send_ipi((unsigned)v->processor, IPI_KICK);
	spin_unlock(&sched_lock);
}

void raise_resched(unsigned cpu)
{
	pcpus[cpu].need_resched = true;
	if (cpu != this_cpu())
		arch_send_ipi(cpu, IPI_KICK);
}

static void slice_expired(void *data)
{
	(void)data;
	this_pcpu()->need_resched = true;
}

/*
 * Ask @cpu's pool what it runs next. A pCPU that changed pools switches once
 * its old policy has let go of @prev (it may no longer run any of that
 * pool's vCPUs), then asks the new one; a pCPU in no pool idles.
 */
static struct sched_decision decide_locked(unsigned cpu, struct vcpu *prev, s_time_t now)
{
	struct sched_decision dec = { NULL, -1 };
	struct cpupool *pool = cpu_pool[cpu];

	if (pool)
		dec = pool->ops->do_schedule(pool, cpu, prev, now);
	if (cpu_pool_next[cpu] != pool && !dec.next) {
		pool = cpu_pool[cpu] = cpu_pool_next[cpu];
		if (pool)
			dec = pool->ops->do_schedule(pool, cpu, NULL, now);
	}
	return dec;
}

/**
 * Pick what this pCPU runs next and switch to it. Called with interrupts
 * masked from leave_hypervisor() whenever need_resched is set.
 */
void schedule(void)
{
	struct pcpu *p = this_pcpu();
	struct vcpu *prev = p->current, *next;
	struct sched_decision dec;
	s_time_t now;

	spin_lock(&sched_lock);
	p->need_resched = false;
	now = NOW();
	dec = decide_locked(p->id, prev, now);
	next = dec.next;
	if (next == prev && !(next && next->arch_reload)) {
		trace_continue(prev, now);
		spin_unlock(&sched_lock);
		goto out;
	}
	trace_switch(p->id, prev, next, now);
	if (prev) {
		arch_vcpu_save(prev);
		prev->is_running = false;
		runstate_set(prev, vcpu_runnable(prev) ? RUNSTATE_runnable : idle_runstate(prev), now);
	}
	if (next) {
		next->is_running = true;
		next->processor = (int)p->id;
		runstate_set(next, RUNSTATE_running, now);
	}
	p->current = next;
	if (!next)
		trace_idle_enter(p->id, now);
	/* A preempted vCPU went back on the queue: an idle pCPU may take it. */
	if (prev && prev != next && vcpu_runnable(prev))
		tickle_locked(prev, now);
	spin_unlock(&sched_lock);

	if (next) {
		arch_vcpu_restore(next);
		p->guest_regs = &next->regs;
		xen_update_runstate_area(next);
	} else {
		p->guest_regs = NULL;
	}
out:
	if (dec.slice > 0) {
		if (!p->sched_timer.fn)
			timer_init(&p->sched_timer, slice_expired, NULL);
		timer_set(&p->sched_timer, now + dec.slice);
	} else if (p->sched_timer.fn) {
		timer_stop(&p->sched_timer);
	}
	domain_reap();
	if (trace_notify_take())
		domain_virq_to_dom0(VIRQ_TBUF, NULL);
}

/* ---------------------------------------------------------------------------
 * "rr": round-robin over one global queue, 10 ms slices, hard affinity
 * respected. Xen has no such policy: kept as the simplest reference (the
 * core's own tests use it). It has no parameters, like null, whose
 * sched_id (9) it reports to tools.
 */
struct rr_priv {
	struct list_head queue;
};
#define RR_SLICE MILLISECS(10)

static struct list_head *rr_queue(struct cpupool *pool)
{
	return &((struct rr_priv *)pool->priv)->queue;
}

static void rr_init(struct cpupool *pool)
{
	list_init(rr_queue(pool));
}

static void rr_insert(struct cpupool *pool, struct vcpu *v)
{
	(void)pool;
	(void)v;
}

static void rr_remove(struct cpupool *pool, struct vcpu *v)
{
	(void)pool;
	if (list_linked(&v->runq_link))
		list_del(&v->runq_link);
}

static void rr_wake(struct cpupool *pool, struct vcpu *v)
{
	if (!list_linked(&v->runq_link))
		list_add_tail(&v->runq_link, rr_queue(pool));
}

static void rr_yield(struct cpupool *pool, struct vcpu *v)
{
	(void)pool;
	(void)v;
}

static struct sched_decision rr_do_schedule(struct cpupool *pool, unsigned cpu, struct vcpu *prev,
					    s_time_t now)
{
	struct sched_decision d = { NULL, RR_SLICE };
	struct list_head *pos;

	(void)now;
	if (prev && vcpu_runnable(prev) && !list_linked(&prev->runq_link))
		list_add_tail(&prev->runq_link, rr_queue(pool));
	list_for_each(pos, rr_queue(pool)) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		if ((v->hard_affinity & (1UL << cpu)) && (!v->is_running || v == prev)) {
			list_del(&v->runq_link);
			d.next = v;
			break;
		}
	}
	if (!d.next)
		d.slice = -1; /* idle: nothing to preempt */
	return d;
}

static void rr_dump(struct cpupool *pool, void (*print)(const char *fmt, ...))
{
	struct list_head *pos;

	print("rr run queue:");
	list_for_each(pos, rr_queue(pool)) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		print(" d%uv%u", v->domain->domid, v->id);
	}
	print("\n");
}

const struct scheduler sched_rr = {
	.name = "rr",
	.sched_id = 9,
	.priv_size = sizeof(struct rr_priv),
	.init = rr_init,
	.insert_vcpu = rr_insert,
	.remove_vcpu = rr_remove,
	.wake = rr_wake,
	.sleep = rr_remove,
	.yield = rr_yield,
	.do_schedule = rr_do_schedule,
	.dump = rr_dump,
};
