/* SPDX-License-Identifier: MIT */
/*
 * Deterministic discrete-event simulator for the scheduler core; see sim.h
 * for the model. Also provides the few core functions sched.c and timer.c
 * call outside themselves (printk, panic, domain_reap, domain_virq_to_dom0, vgic_has_deliverable,
 * xen_update_runstate_area), so those two files are linked unchanged and
 * nothing else of the core is.
 *
 * SIM_TRACE=1 in the environment logs every event, context switch and long
 * wait to stderr.
 *
 * Determinism: no host time, no threads, no addresses in decisions; events at
 * the same virtual time run in a fixed order; randomness only from sim_rand().
 */
#include "sim.h"

#include <hyp/log.h>
#include <hyp/xen_domain.h>
#include <hyp/xmalloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIM_MAX_DOMAINS 16
#define SIM_MAX_VCPUS 64
#define SIM_NEVER INT64_MAX
#define SCHEDULE_LOOP_LIMIT 8

struct sim_event {
	s_time_t when;
	unsigned long seq; /* FIFO among events at the same time */
	unsigned cpu;
	void (*fn_v)(struct vcpu *v);
	struct vcpu *v;
	void (*fn_p)(void *arg);
	void *arg;
};

enum ev_kind { EV_NONE, EV_TEST, EV_IPI, EV_TIMER, EV_TRAP };

static struct {
	struct sim_config cfg;
	uint64_t rng;
	struct sim_event *ev;
	size_t nr_ev, cap_ev;
	unsigned long seq;
	struct domain *doms[SIM_MAX_DOMAINS];
	unsigned nr_doms;
	struct sim_vcpu *vcpus[SIM_MAX_VCPUS];
	unsigned nr_vcpus;
	unsigned long schedules[MAX_CPUS];
	unsigned long events;
	bool running; /* inside sim_run_until() (no nesting) */
	struct sim_load_rec *log;
	size_t log_cap, log_nr;
	bool trace;   /* SIM_TRACE=1 in the environment: log every event to stderr */
} sim;

#define TRACE(...)                                                                     \
	do {                                                                           \
		if (sim.trace) {                                                       \
			fprintf(stderr, "%12lld cpu%u ", (long long)fake_machine.now,  \
				fake_machine.cpu);                                     \
			fprintf(stderr, __VA_ARGS__);                                  \
		}                                                                      \
	} while (0)

/* ------------------------------------------------------------ core stubs */

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	if (level > LOG_WARN)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void vprintk(int level, const char *fmt, va_list ap)
{
	if (level <= LOG_WARN) {
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
}

void printk_raw(const char *fmt, ...)
{
	(void)fmt;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sim: panic at t=%lld ns on cpu%u: ", (long long)fake_machine.now,
		fake_machine.cpu);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

void domain_reap(void)
{
}

/* No dom0 in the simulator: a due VIRQ_TBUF goes nowhere. */
void domain_virq_to_dom0(unsigned virq, const struct domain *except)
{
	(void)virq;
	(void)except;
}

/* The scheduler's per-pool state (hyp/core/xmalloc.c is not linked). */
void *xzalloc_bytes(size_t size)
{
	return calloc(1, size);
}

void xfree(void *p, size_t size)
{
	(void)size;
	free(p);
}

/* The guest-visible runstate copy is hyp/core/xen_domain.c's business. */
void xen_update_runstate_area(struct vcpu *v)
{
	(void)v;
}

bool vgic_has_deliverable(struct vgic_cpu *c)
{
	return sim_of(container_of(c, struct vcpu, vgic))->deliverable;
}

/* ------------------------------------------------------------ PRNG */

uint64_t sim_rand(void)
{
	uint64_t x = sim.rng;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	sim.rng = x;
	return x * 0x2545F4914F6CDD1DULL;
}

s_time_t sim_rand_range(s_time_t lo, s_time_t hi)
{
	return lo + (s_time_t)(sim_rand() % (uint64_t)(hi - lo + 1));
}

/* ------------------------------------------------------------ observations */

bool sim_runnable(const struct vcpu *v)
{
	return v->is_online && !v->is_blocked && v->pause_count == 0 && !v->domain->is_dying;
}

s_time_t sim_cpu_time(const struct sim_vcpu *sv)
{
	if (sv->loaded_on < 0)
		return sv->cpu_time;
	return sv->cpu_time + fake_machine.now - sv->loaded_at;
}

s_time_t sim_core_running_time(const struct vcpu *v)
{
	s_time_t t = v->runstate_time[RUNSTATE_running];

	if (v->runstate == RUNSTATE_running)
		t += NOW() - v->runstate_entry;
	return t;
}

static s_time_t interval_max(s_time_t since, s_time_t max)
{
	if (since >= 0 && fake_machine.now - since > max)
		return fake_machine.now - since;
	return max;
}

s_time_t sim_max_starve(const struct sim_vcpu *sv)
{
	return interval_max(sv->starve_since, sv->max_starve);
}

s_time_t sim_max_wait(const struct sim_vcpu *sv)
{
	return interval_max(sv->wait_since, sv->max_wait);
}

s_time_t sim_max_stale(const struct sim_vcpu *sv)
{
	return interval_max(sv->stale_since, sv->max_stale);
}

/* Accessors take a pCPU number from a test, which may be garbage (e.g. the
 * loaded_on of a vCPU that is not loaded): answer "nothing" then. */
s_time_t sim_cpu_idle_time(unsigned cpu)
{
	const struct pcpu *p = &pcpus[cpu < MAX_CPUS ? cpu : 0];

	if (cpu >= fake_machine.nr_cpus)
		return 0;
	return p->idle_time + (p->is_idle ? fake_machine.now - p->idle_since : 0);
}

unsigned long sim_cpu_schedules(unsigned cpu)
{
	return cpu < fake_machine.nr_cpus ? sim.schedules[cpu] : 0;
}

struct vcpu *sim_cpu_loaded(unsigned cpu)
{
	return cpu < fake_machine.nr_cpus ? fake_machine.cpus[cpu].loaded : NULL;
}

unsigned long sim_violations(void)
{
	return fake_machine.violations;
}

unsigned long sim_events(void)
{
	return sim.events;
}

s_time_t sim_now(void)
{
	return fake_machine.now;
}

/* Track a condition's current interval and its longest one. */
static void interval_update(const struct vcpu *v, const char *what, s_time_t *since,
			    s_time_t *max, bool cond)
{
	s_time_t now = fake_machine.now;

	if (cond && *since < 0) {
		*since = now;
	} else if (!cond && *since >= 0) {
		if (now - *since > MILLISECS(5))
			TRACE("d%uv%u: %s for %lld ns\n", v->domain->domid, v->id, what,
			      (long long)(now - *since));
		if (now - *since > *max)
			*max = now - *since;
		*since = -1;
	}
}

/* Context save/restore seen by the fake arch: independent CPU-time account. */
static void on_load(unsigned cpu, struct vcpu *v, bool loaded)
{
	struct sim_vcpu *sv = sim_of(v);
	s_time_t now = fake_machine.now;

	TRACE("%s d%uv%u\n", loaded ? "restore" : "save", v->domain->domid, v->id);
	if (sim.log && sim.log_nr < sim.log_cap) {
		struct sim_load_rec r = { now, cpu, v, loaded };
		sim.log[sim.log_nr] = r;
	}
	if (sim.log)
		sim.log_nr++;
	if (loaded) {
		if (!sim_runnable(v))
			fake_violation("d%uv%u restored while not runnable (online %d blocked %d "
				       "paused %u)", v->domain->domid, v->id, v->is_online,
				       v->is_blocked, v->pause_count);
		if (!(v->hard_affinity & (1ULL << cpu)))
			fake_violation("d%uv%u restored on cpu%u outside its hard affinity %#llx",
				       v->domain->domid, v->id, cpu,
				       (unsigned long long)v->hard_affinity);
		sv->loaded_on = (int)cpu;
		sv->loaded_at = now;
		sv->ran_on |= 1ULL << cpu;
		sv->nr_loads++;
	} else {
		sv->cpu_time += now - sv->loaded_at;
		sv->cpu_time_on[cpu] += now - sv->loaded_at;
		if (now - sv->loaded_at > sv->max_stint)
			sv->max_stint = now - sv->loaded_at;
		if (sim_runnable(v)) {
			sv->nr_preempted++;
			if (sv->min_preempted < 0 || now - sv->loaded_at < sv->min_preempted)
				sv->min_preempted = now - sv->loaded_at;
		}
		sv->loaded_on = -1;
	}
}

static bool allowed_cpu_idle(const struct vcpu *v)
{
	for (unsigned c = 0; c < fake_machine.nr_cpus; c++)
		if (pcpus[c].online && !fake_machine.cpus[c].loaded &&
		    (v->hard_affinity & (1ULL << c)))
			return true;
	return false;
}

/*
 * Runstate Xen reports for a vCPU not on a pCPU (public vcpu.h): runnable;
 * blocked while waiting for an event; otherwise (down, paused) offline.
 */
static enum runstate expected_runstate(const struct vcpu *v, bool loaded)
{
	if (loaded)
		return RUNSTATE_running;
	if (sim_runnable(v))
		return RUNSTATE_runnable;
	if (v->is_online && v->is_blocked)
		return RUNSTATE_blocked;
	return RUNSTATE_offline;
}

/* Invariants that hold between events; interval bookkeeping. */
static void observe(void)
{
	for (unsigned c = 0; c < fake_machine.nr_cpus; c++) {
		/* A remote pCPU only notices need_resched when it takes an
		 * interrupt: setting it without an IPI on the way is a lost kick. */
		if (pcpus[c].need_resched && fake_machine.cpus[c].ipi_at < 0)
			fake_violation("cpu%u has need_resched but no IPI on the way", c);
		if (pcpus[c].current != fake_machine.cpus[c].loaded)
			fake_violation("cpu%u: current %p but context %p loaded", c,
				       (void *)pcpus[c].current, (void *)fake_machine.cpus[c].loaded);
	}
	for (unsigned i = 0; i < sim.nr_vcpus; i++) {
		struct sim_vcpu *sv = sim.vcpus[i];
		struct vcpu *v = &sv->v;
		bool loaded = sv->loaded_on >= 0, runnable = sim_runnable(v);
		enum runstate want = expected_runstate(v, loaded);

		if (loaded != v->is_running || (loaded && v->processor != sv->loaded_on))
			fake_violation("d%uv%u: is_running %d processor %d, context on cpu%d",
				       v->domain->domid, v->id, v->is_running, v->processor,
				       sv->loaded_on);
		if (v->runstate != want)
			fake_violation("d%uv%u: runstate %s, expected %s", v->domain->domid, v->id,
				       runstate_name(v->runstate), runstate_name(want));
		interval_update(v, "waited", &sv->wait_since, &sv->max_wait, runnable && !loaded);
		interval_update(v, "starved", &sv->starve_since, &sv->max_starve,
				runnable && !loaded && allowed_cpu_idle(v));
		interval_update(v, "stale", &sv->stale_since, &sv->max_stale, loaded && !runnable);
	}
}

/* ------------------------------------------------------------ machine */

struct sim_config sim_default_config(unsigned nr_cpus)
{
	struct sim_config c = {
		.nr_cpus = nr_cpus,
		.counter_freq = 62500000,
		.ipi_latency = MICROSECS(2),
		.seed = 1,
	};
	return c;
}

/* Other CPUs make progress while one busy-waits: take pending IPIs now. */
static void leave_hypervisor(unsigned cpu);

static void on_spin(void)
{
	unsigned self = fake_machine.cpu;

	for (unsigned c = 0; c < fake_machine.nr_cpus; c++) {
		if (c == self || fake_machine.cpus[c].ipi_at < 0)
			continue;
		fake_set_cpu(c);
		fake_machine.cpus[c].ipi_at = -1;
		fake_machine.cpus[c].ipis_taken++;
		pcpus[c].need_resched = true;
		leave_hypervisor(c);
	}
	fake_set_cpu(self);
}

void sim_init(const struct sim_config *cfg)
{
	memset(&sim, 0, sizeof(sim));
	sim.cfg = *cfg;
	sim.rng = cfg->seed ? cfg->seed : 0x9E3779B97F4A7C15ULL;
	sim.trace = getenv("SIM_TRACE") != NULL;
	sched_options_reset();
	for (const char *p = cfg->sched_opts; p && *p;) {
		const char *name, *val = "";
		size_t nlen, vlen = 0;
		while (*p == ' ')
			p++;
		name = p;
		while (*p && *p != ' ' && *p != '=')
			p++;
		nlen = (size_t)(p - name);
		if (*p == '=') {
			val = ++p;
			while (*p && *p != ' ')
				p++;
			vlen = (size_t)(p - val);
		}
		if (nlen && sched_parse_option(name, nlen, val, vlen))
			panic("sim_init: bad scheduler option '%.*s'", (int)nlen, name);
	}
	fake_machine_reset(cfg->nr_cpus, cfg->counter_freq, cfg->ipi_latency);
	fake_machine.on_load = on_load;
	fake_machine.on_spin = on_spin;
	for (unsigned c = 0; c < cfg->nr_cpus; c++) {
		pcpus[c].is_idle = true;
		pcpus[c].idle_since = 0;
	}
	sched_init(cfg->sched ? cfg->sched : "rr");
	if (strcmp(sched_current()->name, cfg->sched ? cfg->sched : "rr"))
		panic("sim_init: no scheduler '%s'", cfg->sched);
}

void sim_destroy(void)
{
	for (unsigned i = 0; i < sim.nr_vcpus; i++) {
		struct vcpu *v = &sim.vcpus[i]->v;
		fake_set_cpu(0);
		timer_stop(&v->vtimer_timer);
		if (!sim.vcpus[i]->removed)
			sched_remove_vcpu(v);
		free(sim.vcpus[i]);
	}
	for (unsigned i = 0; i < sim.nr_doms; i++) {
		free(sim.doms[i]->vcpus);
		free(sim.doms[i]);
	}
	free(sim.ev);
	fake_machine.on_load = NULL;
	fake_machine.on_spin = NULL;
	memset(&sim, 0, sizeof(sim));
}

static void vtimer_fired(void *arg)
{
	vcpu_wake(arg);
}

struct domain *sim_domain_create(unsigned nr_vcpus)
{
	return sim_domain_create_in(nr_vcpus, 0);
}

struct domain *sim_domain_create_in(unsigned nr_vcpus, unsigned poolid)
{
	struct domain *d = calloc(1, sizeof(*d));

	if (!d || sim.nr_doms == SIM_MAX_DOMAINS || sim.nr_vcpus + nr_vcpus > SIM_MAX_VCPUS)
		panic("sim_domain_create: out of room");
	d->domid = (uint16_t)sim.nr_doms;
	snprintf(d->name, sizeof(d->name), "sim%u", sim.nr_doms);
	list_init(&d->link);
	d->nr_vcpus = nr_vcpus;
	d->vcpus = calloc(nr_vcpus, sizeof(*d->vcpus));
	d->created = fake_machine.now;
	sim.doms[sim.nr_doms++] = d;
	if (sched_domain_set_pool(d, poolid))
		panic("sim_domain_create_in: no usable cpupool %u", poolid);
	fake_set_cpu(0);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		struct sim_vcpu *sv = calloc(1, sizeof(*sv));
		struct vcpu *v = &sv->v;
		if (!sv)
			panic("sim_domain_create: out of memory");
		v->domain = d;
		v->id = i;
		v->hard_affinity = (1ULL << fake_machine.nr_cpus) - 1;
		spin_lock_init(&v->power_lock);
		timer_init(&v->vtimer_timer, vtimer_fired, v);
		sv->wl = SIM_WL_IDLE;
		sv->loaded_on = -1;
		sv->min_preempted = -1;
		sv->wait_since = sv->starve_since = sv->stale_since = -1;
		d->vcpus[i] = v;
		sim.vcpus[sim.nr_vcpus++] = sv;
		sched_insert_vcpu(v);
	}
	/* A policy may have asked pCPUs to reschedule (arinc653's default
	 * schedule): this one leaves the hypervisor like the others. */
	if (!sim.running) {
		leave_hypervisor(0);
		observe();
	}
	return d;
}

void sim_vcpu_remove(struct sim_vcpu *sv, unsigned cpu)
{
	if (sv->removed)
		return;
	fake_set_cpu(cpu);
	timer_stop(&sv->v.vtimer_timer);
	sched_remove_vcpu(&sv->v);
	sv->removed = true;
	if (!sim.running) {
		leave_hypervisor(cpu);
		observe();
	}
}

void sim_log_loads(struct sim_load_rec *buf, size_t cap)
{
	sim.log = buf;
	sim.log_cap = buf ? cap : 0;
	sim.log_nr = 0;
}

size_t sim_log_count(void)
{
	return sim.log_nr;
}

struct sim_vcpu *sim_vcpu(struct domain *d, unsigned i)
{
	return sim_of(d->vcpus[i]);
}

static void set_workload(struct sim_vcpu *sv, enum sim_workload wl)
{
	sv->wl = wl;
	sv->next_action = sim_cpu_time(sv);
}

void sim_set_busy(struct sim_vcpu *sv)
{
	set_workload(sv, SIM_WL_BUSY);
}

void sim_set_idle(struct sim_vcpu *sv)
{
	set_workload(sv, SIM_WL_IDLE);
	sv->next_action += MICROSECS(1);
}

void sim_set_periodic(struct sim_vcpu *sv, s_time_t run_ns, s_time_t sleep_ns)
{
	set_workload(sv, SIM_WL_PERIODIC);
	sv->run_ns = run_ns;
	sv->sleep_ns = sleep_ns;
	sv->next_action += run_ns;
}

void sim_set_random(struct sim_vcpu *sv)
{
	set_workload(sv, SIM_WL_RANDOM);
	sv->next_action += sim_rand_range(MICROSECS(20), MILLISECS(15));
}

/* ------------------------------------------------------------ events */

/*
 * Model of hyp/arch/arm64/traps.c leave_hypervisor(): reschedule while asked
 * to, then enter the loaded vCPU or idle (idle time kept as traps.c does).
 */
static void leave_hypervisor(unsigned cpu)
{
	struct pcpu *p = &pcpus[cpu];
	struct vcpu *cur;

	fake_set_cpu(cpu);
	for (unsigned n = 0; p->need_resched; n++) {
		if (n == SCHEDULE_LOOP_LIMIT) {
			fake_violation("cpu%u: need_resched set again by every schedule()", cpu);
			p->need_resched = false;
			break;
		}
		sim.schedules[cpu]++;
		schedule();
	}
	cur = p->current;
	if (cur != fake_machine.cpus[cpu].loaded)
		fake_violation("cpu%u: current %p, context %p", cpu, (void *)cur,
			       (void *)fake_machine.cpus[cpu].loaded);
	if (p->guest_regs != (cur ? &cur->regs : NULL))
		fake_violation("cpu%u: guest_regs does not match current", cpu);
	if (!cur && !p->is_idle) {
		p->is_idle = true;
		p->idle_since = fake_machine.now;
	} else if (cur && p->is_idle) {
		p->is_idle = false;
		p->idle_time += fake_machine.now - p->idle_since;
	}
}

static void push_event(const struct sim_event *e)
{
	size_t i;

	if (e->when < fake_machine.now)
		panic("sim: event in the past (%lld < %lld)", (long long)e->when,
		      (long long)fake_machine.now);
	if (e->cpu >= fake_machine.nr_cpus)
		panic("sim: event on nonexistent cpu%u", e->cpu);
	if (sim.nr_ev == sim.cap_ev) {
		sim.cap_ev = sim.cap_ev ? 2 * sim.cap_ev : 64;
		sim.ev = realloc(sim.ev, sim.cap_ev * sizeof(*sim.ev));
		if (!sim.ev)
			panic("sim: out of memory");
	}
	/* Sorted by (when, seq); few events are pending, insertion is cheap. */
	for (i = sim.nr_ev; i > 0 && sim.ev[i - 1].when > e->when; i--)
		sim.ev[i] = sim.ev[i - 1];
	sim.ev[i] = *e;
	sim.ev[i].seq = sim.seq++;
	sim.nr_ev++;
}

void sim_at(s_time_t when, unsigned cpu, void (*fn)(struct vcpu *), struct vcpu *v)
{
	struct sim_event e = { .when = when, .cpu = cpu, .fn_v = fn, .v = v };
	push_event(&e);
}

void sim_at_cb(s_time_t when, unsigned cpu, void (*fn)(void *), void *arg)
{
	struct sim_event e = { .when = when, .cpu = cpu, .fn_p = fn, .arg = arg };
	push_event(&e);
}

void sim_on(unsigned cpu, void (*fn)(struct vcpu *), struct vcpu *v)
{
	fake_set_cpu(cpu);
	fake_machine.spins = 0;
	fn(v);
	leave_hypervisor(cpu);
	observe();
}

/* The guest blocks (WFI); with wake_at >= 0 its timer will wake it. */
static void guest_block(struct sim_vcpu *sv, s_time_t wake_at)
{
	if (wake_at >= 0)
		timer_set(&sv->v.vtimer_timer, wake_at);
	sv->nr_blocks++;
	vcpu_block(&sv->v);
}

/* A loaded vCPU's workload traps into the hypervisor on its pCPU. */
static void workload_trap(struct sim_vcpu *sv)
{
	struct vcpu *v = &sv->v;
	s_time_t now = fake_machine.now, used = sim_cpu_time(sv);
	unsigned r;

	switch (sv->wl) {
	case SIM_WL_BUSY:
		break;
	case SIM_WL_IDLE:
		sv->next_action = used + MICROSECS(1);
		guest_block(sv, -1);
		break;
	case SIM_WL_PERIODIC:
		sv->next_action = used + sv->run_ns;
		guest_block(sv, now + sv->sleep_ns);
		break;
	case SIM_WL_RANDOM:
		sv->next_action = used + sim_rand_range(MICROSECS(20), MILLISECS(15));
		r = (unsigned)(sim_rand() % 100);
		if (r < 60) {
			guest_block(sv, now + sim_rand_range(MICROSECS(20), MILLISECS(20)));
		} else if (r < 70) {
			guest_block(sv, -1); /* until someone wakes it */
		} else if (r < 85) {
			sv->nr_yields++;
			vcpu_yield(v);
		} else if (r < 95) {
			/* PSCI CPU_OFF; a sibling's CPU_ON brings it back later. */
			sv->nr_downs++;
			vcpu_down(v);
			sim_at(now + sim_rand_range(0, MILLISECS(20)),
			       (unsigned)(sim_rand() % fake_machine.nr_cpus), vcpu_up, v);
		}
		break;
	}
}

static s_time_t timer_fire_time(unsigned c)
{
	const struct fake_cpu *fc = &fake_machine.cpus[c];
	s_time_t t;

	if (!fc->timer_enabled)
		return SIM_NEVER;
	t = fake_ticks_deadline_ns(fc->timer_deadline);
	/* Still asserted after the handler (hyp/core/timer.c rounds the
	 * deadline down to a tick, so the interrupt can come before NOW()
	 * reaches the expiry): taken again at the next counter tick. */
	if (fc->timer_last_fire >= 0 && t <= fc->timer_last_fire)
		t = fake_ticks_deadline_ns(counter_read() + 1);
	return t;
}

static s_time_t trap_time(const struct sim_vcpu *sv)
{
	s_time_t t;

	if (sv->loaded_on < 0 || sv->wl == SIM_WL_BUSY)
		return SIM_NEVER;
	t = fake_machine.now + (sv->next_action - sim_cpu_time(sv));
	return t < fake_machine.now ? fake_machine.now : t;
}

static void consider(s_time_t t, enum ev_kind k, unsigned idx, s_time_t *best,
		     enum ev_kind *bk, unsigned *bidx)
{
	if (t < *best) {
		*best = t;
		*bk = k;
		*bidx = idx;
	}
}

void sim_run_until(s_time_t end)
{
	if (sim.running)
		panic("sim_run_until: nested");
	sim.running = true;
	for (;;) {
		s_time_t best = SIM_NEVER;
		enum ev_kind kind = EV_NONE;
		unsigned idx = 0, cpu;

		/* Strict '<' keeps the first candidate on ties: test events,
		 * then IPIs, timers, traps, each by pCPU / vCPU index. */
		if (sim.nr_ev)
			consider(sim.ev[0].when, EV_TEST, 0, &best, &kind, &idx);
		for (unsigned c = 0; c < fake_machine.nr_cpus; c++)
			if (fake_machine.cpus[c].ipi_at >= 0)
				consider(fake_machine.cpus[c].ipi_at, EV_IPI, c, &best, &kind, &idx);
		for (unsigned c = 0; c < fake_machine.nr_cpus; c++)
			consider(timer_fire_time(c), EV_TIMER, c, &best, &kind, &idx);
		for (unsigned i = 0; i < sim.nr_vcpus; i++)
			consider(trap_time(sim.vcpus[i]), EV_TRAP, i, &best, &kind, &idx);
		if (kind == EV_NONE || best > end)
			break;

		if (best < fake_machine.now)
			panic("sim: time went backwards");
		fake_machine.now = best;
		fake_machine.spins = 0;
		sim.events++;
		if (sim.trace) {
			static const char *const names[] = { "-", "test", "ipi", "timer", "trap" };
			fake_set_cpu(kind == EV_TEST ? sim.ev[0].cpu : kind == EV_TRAP ?
				     (unsigned)sim.vcpus[idx]->loaded_on : idx);
			TRACE("event %s%s", names[kind], kind == EV_TRAP ? " " : "\n");
			if (kind == EV_TRAP)
				fprintf(stderr, "d%uv%u\n", sim.vcpus[idx]->v.domain->domid,
					sim.vcpus[idx]->v.id);
		}
		switch (kind) {
		case EV_TEST: {
			struct sim_event e = sim.ev[0];
			memmove(&sim.ev[0], &sim.ev[1], (sim.nr_ev - 1) * sizeof(*sim.ev));
			sim.nr_ev--;
			cpu = e.cpu;
			fake_set_cpu(cpu);
			if (e.fn_v)
				e.fn_v(e.v);
			else
				e.fn_p(e.arg);
			break;
		}
		case EV_IPI:
			cpu = idx;
			fake_set_cpu(cpu);
			fake_machine.cpus[cpu].ipi_at = -1;
			fake_machine.cpus[cpu].ipis_taken++;
			pcpus[cpu].irq_count++;
			pcpus[cpu].need_resched = true; /* IPI_KICK, as irq.c */
			break;
		case EV_TIMER:
			cpu = idx;
			fake_set_cpu(cpu);
			fake_machine.cpus[cpu].timer_last_fire = best;
			fake_machine.cpus[cpu].timer_irqs++;
			pcpus[cpu].irq_count++;
			timer_softirq();
			break;
		case EV_TRAP:
		default:
			cpu = (unsigned)sim.vcpus[idx]->loaded_on;
			fake_set_cpu(cpu);
			workload_trap(sim.vcpus[idx]);
			break;
		}
		leave_hypervisor(cpu);
		observe();
	}
	if (end > fake_machine.now)
		fake_machine.now = end;
	observe();
	sim.running = false;
}

void sim_run_for(s_time_t dt)
{
	sim_run_until(fake_machine.now + dt);
}
