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
 * pCPUs: Xen runs arinc653 on a cpupool of one pCPU. Here every pCPU follows
 * the same frame grid and a vCPU only ever runs on its home pCPU: the
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
 * State (scheduler lock): the schedule, the current minor frame and the
 * times of the next switch and of the next major frame.
 */
#include "private.h"

#include <hyp/errno.h>
#include <lib/string.h>

#define A653_DEFAULT_TIMESLICE MILLISECS(10)

static struct arinc653_schedule sched;
static bool is_default;          /* built from the domains, not set by a tool */
static unsigned sched_index;
static s_time_t next_switch, next_major_frame;
static struct list_head all_vcpus;

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

static const struct arinc653_entry *current_entry(void)
{
	return sched_index < sched.nr_entries ? &sched.entries[sched_index] : NULL;
}

/* Bring the frame position up to @now. */
static void advance(s_time_t now)
{
	if (!sched.nr_entries)
		return;
	if (now >= next_major_frame) {
		s_time_t rem = (now - next_major_frame) % sched.major_frame;
		sched_index = 0;
		next_major_frame = now - rem + sched.major_frame;
		next_switch = now - rem + sched.entries[0].runtime;
	}
	while (now >= next_switch && ++sched_index < sched.nr_entries)
		next_switch += sched.entries[sched_index].runtime;
	if (sched_index >= sched.nr_entries)
		next_switch = next_major_frame;
}

static void restart(s_time_t now)
{
	sched_index = 0;
	next_major_frame = now;
	next_switch = now;
	for (unsigned c = 0; c < MAX_CPUS; c++)
		if (pcpus[c].online)
			sched_resched_cpu(c);
}

static void default_add_domain(struct domain *d)
{
	for (unsigned i = 0; i < sched.nr_entries; i++)
		if (sched.entries[i].domid == d->domid)
			return;
	if (sched.nr_entries == ARINC653_MAX_DOMAINS_PER_SCHEDULE)
		return;
	sched.entries[sched.nr_entries].domid = d->domid;
	sched.entries[sched.nr_entries].vcpu_id = ARINC653_ALL_VCPUS;
	sched.entries[sched.nr_entries].runtime = A653_DEFAULT_TIMESLICE;
	sched.nr_entries++;
	sched.major_frame = (s_time_t)sched.nr_entries * A653_DEFAULT_TIMESLICE;
	restart(NOW());
}

static void default_remove_domain(struct domain *d)
{
	unsigned i;

	for (i = 0; i < sched.nr_entries && sched.entries[i].domid != d->domid; i++)
		;
	if (i == sched.nr_entries)
		return;
	memmove(&sched.entries[i], &sched.entries[i + 1],
		(sched.nr_entries - i - 1) * sizeof(sched.entries[0]));
	sched.nr_entries--;
	sched.major_frame = (s_time_t)sched.nr_entries * A653_DEFAULT_TIMESLICE;
	restart(NOW());
}

static void a653_init(void)
{
	memset(&sched, 0, sizeof(sched));
	is_default = true;
	sched_index = 0;
	next_switch = next_major_frame = 0;
	list_init(&all_vcpus);
}

static void a653_insert(struct vcpu *v)
{
	list_add_tail(&v->sched.all_link, &all_vcpus);
	if (is_default)
		default_add_domain(v->domain);
}

static void a653_remove(struct vcpu *v)
{
	if (list_linked(&v->sched.all_link))
		list_del(&v->sched.all_link);
	if (is_default && v->domain->sched.nr_inserted <= 1)
		default_remove_domain(v->domain);
}

static void a653_nop(struct vcpu *v)
{
	(void)v;
}

/* A woken vCPU whose minor frame is on: its home pCPU takes it if idle. */
static void a653_tickle(struct vcpu *v, s_time_t now)
{
	const struct arinc653_entry *e;
	unsigned home = home_cpu(v);

	advance(now);
	e = current_entry();
	if (e && entry_has(e, v) && sched_cpu_idle(home))
		sched_resched_cpu(home);
}

static struct sched_decision a653_do_schedule(unsigned cpu, struct vcpu *prev, s_time_t now)
{
	struct sched_decision d = { NULL, -1 };
	const struct arinc653_entry *e;
	struct list_head *pos;

	if (!sched.nr_entries)
		return d;
	advance(now);
	e = current_entry();
	if (e) {
		list_for_each(pos, &all_vcpus) {
			struct vcpu *v = list_entry(pos, struct vcpu, sched.all_link);
			if (entry_has(e, v) && vcpu_runnable(v) && home_cpu(v) == cpu &&
			    cpu_in(v->hard_affinity, cpu) && (!v->is_running || v == prev) &&
			    (!d.next || v->id < d.next->id))
				d.next = v;
		}
	}
	d.slice = next_switch - now;
	return d;
}

int sched_arinc653_set(const struct arinc653_schedule *s)
{
	s_time_t total = 0;

	if (sched_current() != &sched_arinc653)
		return -ENOSYS;
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
	sched = *s;
	is_default = false;
	restart(NOW());
	sched_policy_unlock();
	return 0;
}

int sched_arinc653_get(struct arinc653_schedule *s)
{
	if (sched_current() != &sched_arinc653)
		return -ENOSYS;
	sched_policy_lock();
	*s = sched;
	sched_policy_unlock();
	return 0;
}

static void a653_dump(void (*print)(const char *fmt, ...))
{
	print("arinc653: %s schedule, major frame %lld us, minor frame %u of %u, next switch "
	      "%lld us\n", is_default ? "default" : "configured",
	      (long long)(sched.major_frame / 1000), sched_index, sched.nr_entries,
	      (long long)(next_switch / 1000));
	for (unsigned i = 0; i < sched.nr_entries; i++) {
		const struct arinc653_entry *e = &sched.entries[i];
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
	.init = a653_init,
	.insert_vcpu = a653_insert,
	.remove_vcpu = a653_remove,
	.wake = a653_nop,
	.sleep = a653_nop,
	.yield = a653_nop,
	.do_schedule = a653_do_schedule,
	.dump = a653_dump,
	.tickle = a653_tickle,
};
