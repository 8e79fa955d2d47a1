/* SPDX-License-Identifier: MIT */
/*
 * Software timers. Each pCPU keeps its armed timers in a list sorted by
 * expiry and programs the EL2 timer for the earliest one. Timers are only
 * set and stopped from their own pCPU (or, for stop, from any pCPU holding
 * the queue lock), and their callbacks run on that pCPU with interrupts
 * masked and the queue lock released.
 */
#include <hyp/arch.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/time.h>

static uint32_t freq;
static uint64_t boot_ticks;

void time_init(void)
{
	freq = counter_freq();
	if (!freq)
		freq = 62500000;
	boot_ticks = 0; /* report time since the counter started, like Xen's NOW() */
}

uint64_t ns_to_ticks(s_time_t ns)
{
	uint64_t n = (uint64_t)ns;

	if (ns <= 0)
		return 0;
	return (n / 1000000000ULL) * freq + ((n % 1000000000ULL) * freq) / 1000000000ULL;
}

s_time_t ticks_to_ns(uint64_t ticks)
{
	uint64_t f = freq ? freq : 62500000;
	return (s_time_t)((ticks / f) * 1000000000ULL + ((ticks % f) * 1000000000ULL) / f);
}

s_time_t NOW(void)
{
	return ticks_to_ns(counter_read() - boot_ticks);
}

void timer_init(struct timer *t, void (*fn)(void *), void *data)
{
	list_init(&t->link);
	t->fn = fn;
	t->data = data;
	t->cpu = -1;
	t->active = false;
	t->expires = 0;
}

static void reprogram_locked(struct pcpu *p)
{
	if (list_empty(&p->timers)) {
		arch_timer_disable();
		return;
	}
	struct timer *first = list_entry(p->timers.next, struct timer, link);
	arch_timer_program(ns_to_ticks(first->expires) + boot_ticks);
}

static void remove_locked(struct timer *t)
{
	list_del(&t->link);
	t->active = false;
	t->cpu = -1;
}

void timer_stop(struct timer *t)
{
	int cpu = READ_ONCE(t->cpu);

	if (cpu < 0)
		return;
	struct pcpu *p = &pcpus[cpu];
	uint64_t flags = 0;
	spin_lock(&p->timer_lock);
	(void)flags;
	if (t->active && t->cpu == cpu) {
		remove_locked(t);
		if (cpu == (int)this_cpu())
			reprogram_locked(p);
	}
	spin_unlock(&p->timer_lock);
}

void timer_set(struct timer *t, s_time_t expires)
{
	struct pcpu *p;
	struct list_head *pos;

	timer_stop(t);
	p = this_pcpu();
	spin_lock(&p->timer_lock);
	t->expires = expires;
	t->cpu = (int)p->id;
	t->active = true;
	list_for_each(pos, &p->timers) {
		struct timer *o = list_entry(pos, struct timer, link);
		if (o->expires > expires)
			break;
	}
	list_insert(&t->link, pos->prev, pos);
	reprogram_locked(p);
	spin_unlock(&p->timer_lock);
}

/** Run every expired timer of this pCPU, then re-arm the hardware. */
void timer_softirq(void)
{
	struct pcpu *p = this_pcpu();

	spin_lock(&p->timer_lock);
	for (;;) {
		if (list_empty(&p->timers))
			break;
		struct timer *t = list_entry(p->timers.next, struct timer, link);
		if (t->expires > NOW())
			break;
		remove_locked(t);
		spin_unlock(&p->timer_lock);
		t->fn(t->data);
		spin_lock(&p->timer_lock);
	}
	reprogram_locked(p);
	spin_unlock(&p->timer_lock);
}

void timer_cpu_init(void)
{
	struct pcpu *p = this_pcpu();

	spin_lock_init(&p->timer_lock);
	list_init(&p->timers);
}
