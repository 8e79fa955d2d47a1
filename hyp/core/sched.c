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
 */
#include <hyp/arch.h>
#include <hyp/domain.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <hyp/xen_domain.h>
#include <lib/string.h>

static spinlock_t sched_lock = SPINLOCK_INIT;
static const struct scheduler *ops = &sched_rr;

static const struct scheduler *const schedulers[] = { &sched_rr };

void sched_init(const char *name)
{
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

static void runstate_set(struct vcpu *v, enum runstate s, s_time_t now)
{
	if (v->runstate == s)
		return;
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

/* Find an idle online pCPU the vCPU may run on and poke it. */
static void tickle_locked(struct vcpu *v)
{
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		struct pcpu *p = &pcpus[i];
		/* An idle pCPU already kicked will pick one vCPU only. */
		if (p->online && !p->current && !p->need_resched &&
		    (v->hard_affinity & (1UL << i))) {
			p->need_resched = true;
			if (i != this_cpu())
				arch_send_ipi(i, IPI_KICK);
			return;
		}
	}
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
		tickle_locked(v);
	} else if (!now_runnable && was_runnable) {
		ops->sleep(v);
		runstate_set(v, idle_runstate(v), now);
	} else if (!now_runnable) {
		runstate_set(v, idle_runstate(v), now);
	}
}

void sched_insert_vcpu(struct vcpu *v)
{
	spin_lock(&sched_lock);
	list_init(&v->runq_link);
	v->runstate = RUNSTATE_offline;
	v->runstate_entry = NOW();
	v->processor = 0;
	ops->insert_vcpu(v);
	spin_unlock(&sched_lock);
}

void sched_remove_vcpu(struct vcpu *v)
{
	spin_lock(&sched_lock);
	ops->remove_vcpu(v);
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
		tickle_locked(prev);
	spin_unlock(&sched_lock);

	if (next) {
		arch_vcpu_restore(next);
		p->guest_regs = &next->regs;
		xen_update_runstate_area(next);
	} else {
		p->guest_regs = NULL;
	}
out:
	if (p->current && dec.slice > 0) {
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
 * respected. The placeholder policy until credit2 (it is what Xen users know
 * as a trivial scheduler); sched_id 9 (null) is reported to tools meanwhile.
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
