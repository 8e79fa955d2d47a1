/* SPDX-License-Identifier: MIT */
/*
 * Hang detection. Every online pCPU runs a 250 ms heartbeat timer; each tick
 * records the time and looks at the other CPUs. A CPU whose heartbeat is
 * older than watchdog= ms (default 2000) cannot take timer interrupts: it is
 * stuck in the hypervisor with interrupts masked, in a lock, or dead. It is
 * reported once (its last stage and what it was running) and asked, through
 * the FIQ dump request that works with IRQs masked, to print its registers
 * and symbolized backtrace. When it recovers, that is reported too.
 */
#include <hyp/arch.h>
#include <hyp/cmdline.h>
#include <hyp/domain.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/watchdog.h>

#define HEARTBEAT MILLISECS(250)

static volatile s_time_t heartbeat[MAX_CPUS];
static volatile bool reported[MAX_CPUS];
static struct timer beat_timer[MAX_CPUS];

static void check_others(unsigned me, s_time_t now)
{
	s_time_t limit = MILLISECS(opt.watchdog_ms);

	for (unsigned c = 0; c < MAX_CPUS; c++) {
		struct pcpu *p = &pcpus[c];
		s_time_t last = heartbeat[c];

		if (c == me || !p->online || !last)
			continue;
		if (now - last > limit && !reported[c]) {
			/* Only one CPU reports a given hang. */
			if (__atomic_exchange_n(&reported[c], true, __ATOMIC_ACQ_REL))
				continue;
			printk(LOG_ERR, "watchdog: CPU%u has not run for %lld ms: stuck with interrupts masked, in a lock, or dead (last stage '%s', %s)",
			       c, (long long)((now - last) / 1000000), (const char *)p->stage,
			       p->current ? "a vCPU loaded" : "no vCPU loaded");
			if (p->current)
				printk(LOG_ERR, "watchdog: CPU%u had d%uv%u loaded", c,
				       p->current->domain->domid, p->current->id);
			printk(LOG_ERR, "watchdog: asking CPU%u for its registers and backtrace", c);
			arch_request_cpu_dump(c);
		} else if (now - last <= limit && reported[c]) {
			reported[c] = false;
			printk(LOG_WARN, "watchdog: CPU%u is running again", c);
		}
	}
}

static void beat(void *data)
{
	struct timer *t = data;
	unsigned me = this_cpu();
	s_time_t now = NOW();

	heartbeat[me] = now;
	check_others(me, now);
	timer_set(t, now + HEARTBEAT);
}

/** Start this CPU's heartbeat (each CPU calls it once it is up). */
void watchdog_cpu_start(void)
{
	unsigned me = this_cpu();

	if (!opt.watchdog_ms)
		return;
	heartbeat[me] = NOW();
	timer_init(&beat_timer[me], beat, &beat_timer[me]);
	timer_set(&beat_timer[me], NOW() + HEARTBEAT);
}

/** Has the watchdog reported @cpu as stuck (and not seen it run since)? */
bool watchdog_cpu_stuck(unsigned cpu)
{
	return cpu < MAX_CPUS && __atomic_load_n(&reported[cpu], __ATOMIC_ACQUIRE);
}

/** Long work with interrupts masked (building a domain) is not a hang. */
void watchdog_touch(void)
{
	heartbeat[this_cpu()] = NOW();
}
