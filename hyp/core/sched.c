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
 * Lock: sched_lock (one, global) guards every vCPU's scheduling fields and the
 * policy's queues. Lock order: sched_lock before any vgic/timer lock.
 *
 * Policies: the one chosen by sched= (default credit2, Xen's default) from
 * the table below; they live in hyp/core/sched/ and see the core through
 * hyp/core/sched/private.h. A policy may hold a runnable vCPU that is not
 * loaded on a separate list of its own (credit2 parked, rtds depleted, null
 * waiting) instead of its run queue. The per-pCPU slice timer is armed after
 * every decision that asks for it, idle or not (arinc653's idle slots).
 */
#include "sched/private.h"

#include <hyp/arch.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <hyp/xen_domain.h>
#include <lib/string.h>

static spinlock_t sched_lock = SPINLOCK_INIT;
static const struct scheduler *ops = &sched_credit2;

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

void sched_init(const char *name)
{
	if (!sched_opt.c2_max_cpus_runqueue)
		sched_options_reset();
	ops = &sched_credit2;
	if (name && *name) {
		for (unsigned i = 0; i < ARRAY_SIZE(schedulers); i++)
			if (!strcmp(schedulers[i]->name, name))
				ops = schedulers[i];
		if (strcmp(ops->name, name))
			pr_warn("unknown scheduler '%s', using '%s'", name, ops->name);
	}
	ops->init();
	pr_info("scheduler: %s", ops->name);
}

const struct scheduler *sched_current(void)
{
	return ops;
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
	if (ops->tickle)
		ops->tickle(v, now);
	else
		sched_tickle_idle(v->hard_affinity);
}

/*
 * Re-evaluate a vCPU after one of its state bits changed: keep the queue
 * invariant and make sure some pCPU notices.
 */
static void update_locked(struct vcpu *v, bool was_runnable)
{
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
		ops->wake(v);
		tickle_locked(v, now);
	} else if (!now_runnable && was_runnable) {
		ops->sleep(v);
		runstate_set(v, idle_runstate(v), now);
	} else if (!now_runnable) {
		runstate_set(v, idle_runstate(v), now);
	}
}

void sched_insert_vcpu(struct vcpu *v)
{
	struct sched_dom_data *sd = &v->domain->sched;

	spin_lock(&sched_lock);
	list_init(&v->runq_link);
	list_init(&v->sched.all_link);
	list_init(&v->sched.park_link);
	v->sched.rq = -1;
	v->sched.cpu = -1;
	v->runstate = RUNSTATE_offline;
	v->runstate_entry = NOW();
	v->processor = lowest_cpu(v->hard_affinity & sched_online_mask());
	if (v->processor < 0)
		v->processor = 0;
	if (!sd->is_initialised) {
		sd->is_initialised = true;
		sd->weight = 256; /* CSCHED2_DEFAULT_WEIGHT */
		list_init(&sd->parked);
	}
	sd->nr_inserted++;
	ops->insert_vcpu(v);
	spin_unlock(&sched_lock);
}

void sched_remove_vcpu(struct vcpu *v)
{
	spin_lock(&sched_lock);
	ops->remove_vcpu(v);
	if (v->domain->sched.nr_inserted)
		v->domain->sched.nr_inserted--;
	spin_unlock(&sched_lock);
}

int sched_set_params(struct domain *d, const struct sched_params *p)
{
	int rc = -ENOSYS;

	if (p->sched_id != ops->sched_id)
		return -EINVAL;
	spin_lock(&sched_lock);
	if (ops->set_params)
		rc = ops->set_params(d, p);
	spin_unlock(&sched_lock);
	return rc;
}

int sched_get_params(struct domain *d, struct sched_params *p)
{
	int rc = -ENOSYS;

	memset(p, 0, sizeof(*p));
	p->sched_id = ops->sched_id;
	spin_lock(&sched_lock);
	if (ops->get_params)
		rc = ops->get_params(d, p);
	spin_unlock(&sched_lock);
	return rc;
}

int sched_set_vcpu_params(struct vcpu *v, const struct sched_params *p)
{
	int rc = -ENOSYS;

	if (p->sched_id != ops->sched_id)
		return -EINVAL;
	spin_lock(&sched_lock);
	if (ops->set_vcpu_params)
		rc = ops->set_vcpu_params(v, p);
	spin_unlock(&sched_lock);
	return rc;
}

int sched_get_vcpu_params(struct vcpu *v, struct sched_params *p)
{
	int rc = -ENOSYS;

	memset(p, 0, sizeof(*p));
	p->sched_id = ops->sched_id;
	spin_lock(&sched_lock);
	if (ops->get_vcpu_params)
		rc = ops->get_vcpu_params(v, p);
	spin_unlock(&sched_lock);
	return rc;
}

/**
 * Change a vCPU's affinities. A queued vCPU is taken off and put back so the
 * policy re-places it; a running one outside its new hard affinity is
 * switched away at its pCPU's next decision (at once: an IPI).
 */
int sched_set_affinity(struct vcpu *v, uint64_t hard, uint64_t soft)
{
	s_time_t now = NOW();
	bool queued;

	if (!(hard & sched_online_mask()))
		return -EINVAL;
	spin_lock(&sched_lock);
	queued = vcpu_runnable(v) && !v->is_running;
	if (queued)
		ops->sleep(v);
	v->hard_affinity = hard;
	v->soft_affinity = soft;
	if (ops->affinity_changed)
		ops->affinity_changed(v);
	if (queued) {
		ops->wake(v);
		tickle_locked(v, now);
	} else if (v->is_running && !(hard & (1ULL << v->processor))) {
		raise_resched((unsigned)v->processor);
	}
	spin_unlock(&sched_lock);
	return 0;
}

void sched_dump(void (*print)(const char *fmt, ...))
{
	print("scheduler: %s (id %u)\n", ops->name, ops->sched_id);
	if (!ops->dump)
		return;
	spin_lock(&sched_lock);
	ops->dump(print);
	spin_unlock(&sched_lock);
}

void vcpu_wake(struct vcpu *v)
{
	spin_lock(&sched_lock);
	if (v->is_blocked) {
		bool was = vcpu_runnable(v);
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
		ops->yield(v);
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
	dec = ops->do_schedule(p->id, prev, now);
	next = dec.next;
	if (next == prev && !(next && next->arch_reload)) {
		spin_unlock(&sched_lock);
		goto out;
	}
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
}

/* ---------------------------------------------------------------------------
 * "rr": round-robin over one global queue, 10 ms slices, hard affinity
 * respected. Xen has no such policy: kept as the simplest reference (the
 * core's own tests use it). It has no parameters, like null, whose
 * sched_id (9) it reports to tools.
 */
static struct list_head rr_queue = LIST_HEAD_INIT(rr_queue);
#define RR_SLICE MILLISECS(10)

static void rr_init(void)
{
}

static void rr_insert(struct vcpu *v)
{
	(void)v;
}

static void rr_remove(struct vcpu *v)
{
	if (list_linked(&v->runq_link))
		list_del(&v->runq_link);
}

static void rr_wake(struct vcpu *v)
{
	if (!list_linked(&v->runq_link))
		list_add_tail(&v->runq_link, &rr_queue);
}

static void rr_sleep(struct vcpu *v)
{
	if (list_linked(&v->runq_link))
		list_del(&v->runq_link);
}

static void rr_yield(struct vcpu *v)
{
	(void)v;
}

static struct sched_decision rr_do_schedule(unsigned cpu, struct vcpu *prev, s_time_t now)
{
	struct sched_decision d = { NULL, RR_SLICE };
	struct list_head *pos;

	(void)now;
	if (prev && vcpu_runnable(prev) && !list_linked(&prev->runq_link))
		list_add_tail(&prev->runq_link, &rr_queue);
	list_for_each(pos, &rr_queue) {
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

static void rr_dump(void (*print)(const char *fmt, ...))
{
	struct list_head *pos;

	print("rr run queue:");
	list_for_each(pos, &rr_queue) {
		struct vcpu *v = list_entry(pos, struct vcpu, runq_link);
		print(" d%uv%u", v->domain->domid, v->id);
	}
	print("\n");
}

const struct scheduler sched_rr = {
	.name = "rr",
	.sched_id = 9,
	.init = rr_init,
	.insert_vcpu = rr_insert,
	.remove_vcpu = rr_remove,
	.wake = rr_wake,
	.sleep = rr_sleep,
	.yield = rr_yield,
	.do_schedule = rr_do_schedule,
	.dump = rr_dump,
};
