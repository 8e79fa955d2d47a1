/* SPDX-License-Identifier: MIT */
/*
 * "arinc653": static time partitioning after ARINC 653 (semantics from Xen's
 * arinc653 scheduler and public sysctl.h xen_sysctl_arinc653_schedule; the
 * code is ours).
 *
 * A schedule is a major frame (ns) made of minor frames run in order from
 * its start, each (domain, vCPU, runtime); time left in the major frame after
 * the last minor frame is idle; then the major frame repeats. During a minor
 * frame only its vCPU runs; if it is not runnable, its pCPU idles (the time
 * is never given to anyone else). Frames that pass while nobody looks (a
 * late timer) are skipped, never shifted: switch times stay on the grid that
 * starts when the schedule was set.
 *
 * pCPUs: Xen runs arinc653 on a cpupool of one pCPU. Here every pCPU of the
 * pool follows the same frame grid and a vCPU only ever runs on its home pCPU: the
 * (id mod n)-th of the n online pCPUs of its hard affinity. An entry naming
 * vCPU ARINC653_ALL_VCPUS (hospes extension) runs every vCPU of the domain
 * during that minor frame, each on its home pCPU; two vCPUs of a slot with
 * the same home share it by lowest id first.
 *
 * Default schedule (none set yet): one minor frame of 10 ms per domain, all
 * its vCPUs, in the order the domains were created, major frame = their sum
 * (Xen does the same for dom0's vCPUs only, so its other domains never run
 * until a schedule is set). Setting a schedule (sched_arinc653_set())
 * replaces it for good and restarts the grid at that moment.
 *
 * State (per pool, struct a653_priv; scheduler lock): the schedule, the current minor frame and the
 * times of the next switch and of the next major frame.
 */
#include "private.h"

#include <hyp/errno.h>
#include <lib/string.h>

#define A653_DEFAULT_TIMESLICE MILLISECS(10)

/* One pool's ARINC653 (pool->priv). */
struct a653_priv {
	struct arinc653_schedule sched;
	bool is_default;          /* built from the domains, not set by a tool */
	unsigned sched_index;
	s_time_t next_switch, next_major_frame;
	struct list_head all_vcpus;
};

static struct a653_priv *a653(const struct cpupool *pool)
{
	return pool->priv;
}

static unsigned home_cpu(const struct vcpu *v)
{
	uint64_t allowed = v->hard_affinity & sched_online_mask();
	unsigned n = 0, k;

	for (uint64_t m = allowed; m; m &= m - 1)
		n++; /* no __builtin_popcount: it needs libgcc under -mgeneral-regs-only */
	if (!n)
		return (unsigned)(v->processor >= 0 ? v->processor : 0);
	for (k = v->id % n; k; k--)
		allowed &= allowed - 1;
	return (unsigned)lowest_cpu(allowed);
}

static bool entry_has(const struct arinc653_entry *e, const struct vcpu *v)
{
	return e->domid == v->domain->domid && (e->vcpu_id == ARINC653_ALL_VCPUS ||
						 e->vcpu_id == v->id);
}

static const struct arinc653_entry *current_entry(struct a653_priv *a)
{
	return a->sched_index < a->sched.nr_entries ? &a->sched.entries[a->sched_index] : NULL;
}

/* Bring the frame position up to @now. */
static void advance(struct a653_priv *a, s_time_t now)
{
	if (!a->sched.nr_entries)
		return;
	if (now >= a->next_major_frame) {
		s_time_t rem = (now - a->next_major_frame) % a->sched.major_frame;
		a->sched_index = 0;
		a->next_major_frame = now - rem + a->sched.major_frame;
		a->next_switch = now - rem + a->sched.entries[0].runtime;
	}
	while (now >= a->next_switch && ++a->sched_index < a->sched.nr_entries)
		a->next_switch += a->sched.entries[a->sched_index].runtime;
	if (a->sched_index >= a->sched.nr_entries)
		a->next_switch = a->next_major_frame;
}

static void restart(struct cpupool *pool, s_time_t now)
{
	struct a653_priv *a = a653(pool);
	uint64_t cpus = sched_pool_cpus(pool);

	a->sched_index = 0;
	a->next_major_frame = now;
	a->next_switch = now;
	for (unsigned c = 0; c < MAX_CPUS; c++)
		if (cpu_in(cpus, c))
			sched_resched_cpu(c);
}

static void default_add_domain(struct cpupool *pool, struct domain *d)
{
	struct arinc653_schedule *sched = &a653(pool)->sched;

	for (unsigned i = 0; i < sched->nr_entries; i++)
		if (sched->entries[i].domid == d->domid)
			return;
	if (sched->nr_entries == ARINC653_MAX_DOMAINS_PER_SCHEDULE)
		return;
	sched->entries[sched->nr_entries].domid = d->domid;
	sched->entries[sched->nr_entries].vcpu_id = ARINC653_ALL_VCPUS;
	sched->entries[sched->nr_entries].runtime = A653_DEFAULT_TIMESLICE;
	sched->nr_entries++;
	sched->major_frame = (s_time_t)sched->nr_entries * A653_DEFAULT_TIMESLICE;
	restart(pool, NOW());
}

static void default_remove_domain(struct cpupool *pool, struct domain *d)
{
	struct arinc653_schedule *sched = &a653(pool)->sched;
	unsigned i;

	for (i = 0; i < sched->nr_entries && sched->entries[i].domid != d->domid; i++)
		;
	if (i == sched->nr_entries)
		return;
	memmove(&sched->entries[i], &sched->entries[i + 1],
		(sched->nr_entries - i - 1) * sizeof(sched->entries[0]));
	sched->nr_entries--;
	sched->major_frame = (s_time_t)sched->nr_entries * A653_DEFAULT_TIMESLICE;
	restart(pool, NOW());
}

static void a653_init(struct cpupool *pool)
{
	struct a653_priv *a = a653(pool);

	a->is_default = true;
	list_init(&a->all_vcpus);
}

static void a653_insert(struct cpupool *pool, struct vcpu *v)
{
	list_add_tail(&v->sched.all_link, &a653(pool)->all_vcpus);
	if (a653(pool)->is_default)
		default_add_domain(pool, v->domain);
}

static void a653_remove(struct cpupool *pool, struct vcpu *v)
{
	if (list_linked(&v->sched.all_link))
		list_del(&v->sched.all_link);
	if (a653(pool)->is_default && v->domain->sched.nr_inserted <= 1)
		default_remove_domain(pool, v->domain);
}

static void a653_nop(struct cpupool *pool, struct vcpu *v)
{
	(void)pool;
	(void)v;
}

/* A woken vCPU whose minor frame is on: its home pCPU takes it if idle. */
static void a653_tickle(struct cpupool *pool, struct vcpu *v, s_time_t now)
{
	struct a653_priv *a = a653(pool);
	const struct arinc653_entry *e;
	unsigned home = home_cpu(v);

	advance(a, now);
	e = current_entry(a);
	if (e && entry_has(e, v) && sched_cpu_idle(home))
		sched_resched_cpu(home);
}

static struct sched_decision a653_do_schedule(struct cpupool *pool, unsigned cpu,
					      struct vcpu *prev, s_time_t now)
{
	struct a653_priv *a = a653(pool);
	struct sched_decision d = { NULL, -1 };
	const struct arinc653_entry *e;
	struct list_head *pos;

	if (!a->sched.nr_entries)
		return d;
	advance(a, now);
	e = current_entry(a);
	if (e) {
		list_for_each(pos, &a->all_vcpus) {
			struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
			if (entry_has(e, v) && vcpu_runnable(v) && home_cpu(v) == cpu &&
			    cpu_in(v->hard_affinity, cpu) && (!v->is_running || v == prev) &&
			    (!d.next || v->id < d.next->id))
				d.next = v;
		}
	}
	d.slice = a->next_switch - now;
	return d;
}

/* Same grid, same home pCPUs: a pCPU that joined or left the pool. */
static void a653_cpus_changed(struct cpupool *pool)
{
	restart(pool, NOW());
}

int sched_pool_arinc653_set(unsigned poolid, const struct arinc653_schedule *s)
{
	struct cpupool *pool;
	s_time_t total = 0;
	int rc = 0;

	if (s->major_frame <= 0 || !s->nr_entries ||
	    s->nr_entries > ARINC653_MAX_DOMAINS_PER_SCHEDULE)
		return -EINVAL;
	for (unsigned i = 0; i < s->nr_entries; i++) {
		if (s->entries[i].runtime <= 0)
			return -EINVAL;
		total += s->entries[i].runtime;
	}
	if (total > s->major_frame)
		return -EINVAL;
	sched_policy_lock();
	pool = sched_pool_find(poolid);
	if (!pool) {
		rc = -ENOENT;
	} else if (pool->ops != &sched_arinc653) {
		rc = -ENOSYS;
	} else {
		a653(pool)->sched = *s;
		a653(pool)->is_default = false;
		restart(pool, NOW());
	}
	sched_policy_unlock();
	return rc;
}

int sched_pool_arinc653_get(unsigned poolid, struct arinc653_schedule *s)
{
	struct cpupool *pool;
	int rc = 0;

	sched_policy_lock();
	pool = sched_pool_find(poolid);
	if (!pool)
		rc = -ENOENT;
	else if (pool->ops != &sched_arinc653)
		rc = -ENOSYS;
	else
		*s = a653(pool)->sched;
	sched_policy_unlock();
	return rc;
}

int sched_arinc653_set(const struct arinc653_schedule *s)
{
	return sched_pool_arinc653_set(0, s);
}

int sched_arinc653_get(struct arinc653_schedule *s)
{
	return sched_pool_arinc653_get(0, s);
}

static void a653_dump(struct cpupool *pool, void (*print)(const char *fmt, ...))
{
	struct a653_priv *a = a653(pool);

	print("arinc653: %s schedule, major frame %lld us, minor frame %u of %u, next switch "
	      "%lld us\n", a->is_default ? "default" : "configured",
	      (long long)(a->sched.major_frame / 1000), a->sched_index, a->sched.nr_entries,
	      (long long)(a->next_switch / 1000));
	for (unsigned i = 0; i < a->sched.nr_entries; i++) {
		const struct arinc653_entry *e = &a->sched.entries[i];
		if (e->vcpu_id == ARINC653_ALL_VCPUS)
			print(" %u: d%u all vCPUs %lld us\n", i, e->domid,
			      (long long)(e->runtime / 1000));
		else
			print(" %u: d%uv%u %lld us\n", i, e->domid, e->vcpu_id,
			      (long long)(e->runtime / 1000));
	}
}

const struct scheduler sched_arinc653 = {
	.name = "arinc653",
	.sched_id = XEN_SCHEDULER_ARINC653,
	.priv_size = sizeof(struct a653_priv),
	.init = a653_init,
	.cpus_changed = a653_cpus_changed,
	.insert_vcpu = a653_insert,
	.remove_vcpu = a653_remove,
	.wake = a653_nop,
	.sleep = a653_nop,
	.yield = a653_nop,
	.do_schedule = a653_do_schedule,
	.dump = a653_dump,
	.tickle = a653_tickle,
};
