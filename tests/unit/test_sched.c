/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the scheduler core and the "rr" policy (hyp/core/sched.c,
 * hyp/core/timer.c, unchanged) on the deterministic simulator (tests/sim/,
 * hyp/arch/fake/sim.c): invariants under random load, fairness, preemption,
 * hard affinity, pause/unpause, CPU_OFF/CPU_ON, wake-up latency, idle.
 * Every test also requires zero simulator violations (a context on two
 * pCPUs, a non-runnable or mis-pinned vCPU restored, a lost kick, a runstate
 * that does not match Xen's definition, ...).
 */
#include "../sim/sim.h"
#include "unit.h"

#define SLICE MILLISECS(10) /* rr's slice */
#define IPI_LAT MICROSECS(2) /* sim_default_config() */

static struct sim_config config(unsigned nr_cpus)
{
	return sim_default_config(nr_cpus);
}

static struct vcpu *V(struct domain *d, unsigned i)
{
	return d->vcpus[i];
}

static long long llabs_diff(s_time_t a, s_time_t b)
{
	return a > b ? (long long)(a - b) : (long long)(b - a);
}

/* The core's runstate accounting agrees with what the fake arch saw loaded
 * (NOW() is quantised to counter ticks: 16 ns at 62.5 MHz per switch). */
static void check_accounting(struct sim_vcpu *sv)
{
	s_time_t slack = (s_time_t)(sv->nr_loads + 1) * 2 * 16;
	CHECK(llabs_diff(sim_core_running_time(&sv->v), sim_cpu_time(sv)) <= slack);
}

static void start(struct vcpu *v, unsigned cpu)
{
	sim_on(cpu, vcpu_up, v);
}

/* ------------------------------------------------------------ random run */

#define RND_CPUS 4
#define RND_TIME SECONDS(10)

static struct sim_vcpu *rnd_vcpus[16];
static unsigned rnd_nr;

static void unblock_deliverable(void *arg)
{
	((struct sim_vcpu *)arg)->deliverable = false;
}

/* Outside events: pause/unpause (tools), wake/kick (interrupts). */
static void chaos(void *arg)
{
	struct sim_vcpu *sv = rnd_vcpus[sim_rand() % rnd_nr];
	struct vcpu *v = &sv->v;
	unsigned r = (unsigned)(sim_rand() % 100);
	s_time_t next = sim_now() + sim_rand_range(0, MILLISECS(2));

	(void)arg;
	if (r < 20) {
		if (v->pause_count < 2)
			vcpu_pause(v);
	} else if (r < 45) {
		if (v->pause_count)
			vcpu_unpause(v);
	} else if (r < 70) {
		vcpu_wake(v);
	} else if (r < 90) {
		vcpu_kick(v);
	} else if (!sv->deliverable) {
		sv->deliverable = true; /* an interrupt stays pending: WFI falls through */
		sim_at_cb(sim_now() + sim_rand_range(0, MILLISECS(3)), this_cpu(),
			  unblock_deliverable, sv);
	}
	if (next < RND_TIME)
		sim_at_cb(next, (unsigned)(sim_rand() % RND_CPUS), chaos, NULL);
}

struct rnd_result {
	uint64_t digest;
	s_time_t max_starve, max_stale;
	unsigned long violations, events, loads, blocks, yields, downs;
	s_time_t busy, idle;
	bool accounting_ok;
	unsigned never_ran;
};

static void random_run(uint64_t seed, struct rnd_result *res)
{
	static const uint64_t affinity[] = { 0xf, 0xf, 0x1, 0x6, 0xf, 0x9, 0xf, 0x8, 0xf, 0xf };
	struct sim_config cfg = config(RND_CPUS);
	struct domain *d[3];

	memset(res, 0, sizeof(*res));
	cfg.seed = seed;
	sim_init(&cfg);
	d[0] = sim_domain_create(4);
	d[1] = sim_domain_create(3);
	d[2] = sim_domain_create(3);
	rnd_nr = 0;
	for (unsigned i = 0; i < 3; i++)
		for (unsigned j = 0; j < d[i]->nr_vcpus; j++)
			rnd_vcpus[rnd_nr++] = sim_vcpu(d[i], j);
	for (unsigned i = 0; i < rnd_nr; i++) {
		rnd_vcpus[i]->v.hard_affinity = affinity[i];
		if (i == 0)
			sim_set_busy(rnd_vcpus[i]);
		else if (i == 1)
			sim_set_periodic(rnd_vcpus[i], MICROSECS(700), MILLISECS(3));
		else
			sim_set_random(rnd_vcpus[i]);
		start(&rnd_vcpus[i]->v, i % RND_CPUS);
	}
	sim_at_cb(MILLISECS(1), 0, chaos, NULL);
	sim_run_until(RND_TIME);

	res->accounting_ok = true;
	res->digest = 1469598103934665603ULL;
	for (unsigned i = 0; i < rnd_nr; i++) {
		struct sim_vcpu *sv = rnd_vcpus[i];
		s_time_t slack = (s_time_t)(sv->nr_loads + 1) * 2 * 16;
		res->max_starve = MAX(res->max_starve, sim_max_starve(sv));
		res->max_stale = MAX(res->max_stale, sim_max_stale(sv));
		res->loads += sv->nr_loads;
		res->blocks += sv->nr_blocks;
		res->yields += sv->nr_yields;
		res->downs += sv->nr_downs;
		res->busy += sim_cpu_time(sv);
		if (llabs_diff(sim_core_running_time(&sv->v), sim_cpu_time(sv)) > slack)
			res->accounting_ok = false;
		if (!sv->nr_loads)
			res->never_ran++;
		res->digest = (res->digest ^ (uint64_t)sim_cpu_time(sv)) * 1099511628211ULL;
		res->digest = (res->digest ^ sv->nr_loads ^ (sv->ran_on << 32)) * 1099511628211ULL;
	}
	for (unsigned c = 0; c < RND_CPUS; c++)
		res->idle += sim_cpu_idle_time(c);
	res->violations = sim_violations();
	res->events = sim_events();
	sim_destroy();
}

UNIT_TEST(random_load_invariants)
{
	struct rnd_result r;

	random_run(42, &r);
	printf("  random 10 s: %lu events, %lu loads, %lu blocks, %lu yields, %lu CPU_OFFs, "
	       "max starve %lld us, max stale %lld us\n", r.events, r.loads, r.blocks, r.yields,
	       r.downs, (long long)(r.max_starve / 1000), (long long)(r.max_stale / 1000));
	CHECK_EQ(r.violations, 0);
	/* Never loaded while blocked/paused/offline, beyond the IPI that tells
	 * its pCPU (a vCPU stopping itself stops at once). */
	CHECK(r.max_stale <= IPI_LAT);
	/* Work conservation: never runnable for more than a slice while a pCPU
	 * it may use is idle -- in fact never longer than the IPI that kicks
	 * that pCPU (a woken or preempted vCPU tickles an idle pCPU, and two
	 * wake-ups never count on the same one). */
	CHECK(r.max_starve <= SLICE);
	CHECK(r.max_starve <= 2 * IPI_LAT);
	CHECK(r.accounting_ok);
	CHECK_EQ(r.never_ran, 0);
	/* Busy + idle time is exactly the machine's capacity. */
	CHECK_EQ(r.busy + r.idle, RND_CPUS * RND_TIME);
	/* The load really exercised the paths. */
	CHECK(r.events > 20000);
	CHECK(r.blocks > 1000 && r.yields > 100 && r.downs > 100);
}

UNIT_TEST(random_load_is_deterministic)
{
	struct rnd_result a, b, c;

	random_run(7, &a);
	random_run(7, &b);
	random_run(8, &c);
	CHECK_EQ(a.digest, b.digest);
	CHECK_EQ(a.events, b.events);
	CHECK(a.digest != c.digest);
	CHECK_EQ(a.violations + b.violations + c.violations, 0);
	CHECK(a.max_starve <= SLICE && c.max_starve <= SLICE);
}

/* ------------------------------------------------------------ fairness */

UNIT_TEST(fairness_three_busy_on_two_cpus)
{
	struct sim_config cfg = config(2);
	struct domain *d;
	s_time_t total = 0, t[3];

	sim_init(&cfg);
	d = sim_domain_create(3);
	for (unsigned i = 0; i < 3; i++) {
		sim_set_busy(sim_vcpu(d, i));
		start(V(d, i), 0);
	}
	sim_run_until(SECONDS(10));
	for (unsigned i = 0; i < 3; i++) {
		t[i] = sim_cpu_time(sim_vcpu(d, i));
		total += t[i];
		check_accounting(sim_vcpu(d, i));
	}
	/* No pCPU idles while there is work: 20 s of CPU time in 10 s. */
	CHECK(total >= SECONDS(20) - MICROSECS(10));
	for (unsigned i = 0; i < 3; i++) {
		CHECK(llabs_diff(t[i] * 3, total) * 100 <= total * 5); /* within 5% of mean */
		CHECK(sim_max_wait(sim_vcpu(d, i)) <= 2 * SLICE);
	}
	printf("  fairness: %lld %lld %lld ms\n", (long long)(t[0] / 1000000),
	       (long long)(t[1] / 1000000), (long long)(t[2] / 1000000));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* ------------------------------------------------------------ preemption */

UNIT_TEST(preemption_two_busy_on_one_cpu)
{
	struct sim_config cfg = config(1);
	struct domain *d;

	sim_init(&cfg);
	d = sim_domain_create(2);
	for (unsigned i = 0; i < 2; i++) {
		sim_set_busy(sim_vcpu(d, i));
		start(V(d, i), 0);
	}
	sim_run_until(SECONDS(1));
	for (unsigned i = 0; i < 2; i++) {
		struct sim_vcpu *sv = sim_vcpu(d, i);
		/* Runs at most a slice, then waits at most one more. */
		CHECK(sv->max_stint <= SLICE + MICROSECS(1));
		CHECK(sim_max_wait(sv) <= 2 * SLICE);
		CHECK(sv->nr_loads >= 45);
		CHECK(llabs_diff(sim_cpu_time(sv), MILLISECS(500)) <= MILLISECS(10));
		check_accounting(sv);
	}
	CHECK(sim_cpu_schedules(0) >= 95);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* ------------------------------------------------------------ hard affinity */

UNIT_TEST(hard_affinity_pins_to_cpu1)
{
	struct sim_config cfg = config(3);
	struct domain *d;

	sim_init(&cfg);
	d = sim_domain_create(4);
	/* v0, v1 busy and pinned to pCPU 1; v2 short bursts anywhere; v3 busy,
	 * pinned to pCPU 2. pCPU 0 is mostly idle: the pinned ones must not
	 * use it. */
	for (unsigned i = 0; i < 2; i++) {
		sim_set_busy(sim_vcpu(d, i));
		V(d, i)->hard_affinity = 1u << 1;
	}
	sim_set_periodic(sim_vcpu(d, 2), MILLISECS(1), MILLISECS(3));
	sim_set_busy(sim_vcpu(d, 3));
	V(d, 3)->hard_affinity = 1u << 2;
	for (unsigned i = 0; i < 4; i++)
		start(V(d, i), i % 3);
	sim_run_until(SECONDS(2));

	CHECK_EQ(sim_vcpu(d, 0)->ran_on, 1u << 1);
	CHECK_EQ(sim_vcpu(d, 1)->ran_on, 1u << 1);
	CHECK_EQ(sim_vcpu(d, 3)->ran_on, 1u << 2);
	/* pCPU 1 is shared by the two pinned ones (v2 may add a little). */
	CHECK(sim_cpu_time(sim_vcpu(d, 0)) >= MILLISECS(800));
	CHECK(sim_cpu_time(sim_vcpu(d, 1)) >= MILLISECS(800));
	CHECK(sim_cpu_time(sim_vcpu(d, 3)) >= SECONDS(2) - MILLISECS(1));
	CHECK(sim_cpu_idle_time(0) >= SECONDS(1));
	CHECK(sim_cpu_time(sim_vcpu(d, 2)) >= MILLISECS(450));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* ------------------------------------------------------------ pause, CPU_OFF */

struct two_busy {
	struct domain *d;
	struct sim_vcpu *a, *b;
	unsigned ca, cb; /* where a and b run */
};

static void two_busy_setup(struct two_busy *t)
{
	struct sim_config cfg = config(2);

	sim_init(&cfg);
	t->d = sim_domain_create(2);
	t->a = sim_vcpu(t->d, 0);
	t->b = sim_vcpu(t->d, 1);
	sim_set_busy(t->a);
	sim_set_busy(t->b);
	start(&t->a->v, 0);
	start(&t->b->v, 1);
	sim_run_for(MILLISECS(50));
	CHECK(t->a->loaded_on >= 0 && t->b->loaded_on >= 0);
	t->ca = t->a->loaded_on >= 0 ? (unsigned)t->a->loaded_on : 0;
	t->cb = 1 - t->ca;
}

UNIT_TEST(pause_unpause)
{
	struct two_busy t;
	struct vcpu *a;
	unsigned long s0;
	s_time_t frozen;

	two_busy_setup(&t);
	a = &t.a->v;

	/* Remote pause: a's pCPU gets an IPI and switches away at its next
	 * (single) scheduling decision. */
	s0 = sim_cpu_schedules(t.ca);
	sim_on(t.cb, vcpu_pause, a);
	CHECK(pcpus[t.ca].need_resched);
	sim_run_for(IPI_LAT);
	CHECK(sim_cpu_loaded(t.ca) == NULL);
	CHECK_EQ(sim_cpu_schedules(t.ca), s0 + 1);
	CHECK(!a->is_running);
	CHECK_EQ(a->runstate, RUNSTATE_offline); /* paused: Xen's "offline" */
	frozen = sim_cpu_time(t.a);
	sim_run_for(MILLISECS(100));
	CHECK_EQ(sim_cpu_time(t.a), frozen);
	CHECK(sim_cpu_loaded(t.ca) == NULL); /* b stays where it is */
	CHECK(sim_cpu_loaded(t.cb) == &t.b->v);

	/* Paused twice, unpaused once: still paused. */
	sim_on(t.cb, vcpu_pause, a);
	sim_on(t.cb, vcpu_unpause, a);
	sim_run_for(MILLISECS(30));
	CHECK_EQ(sim_cpu_time(t.a), frozen);

	/* Last unpause: runs again on the idle pCPU right after the IPI. */
	sim_on(t.cb, vcpu_unpause, a);
	sim_run_for(IPI_LAT);
	CHECK(sim_cpu_loaded(t.ca) == a);
	sim_run_for(MILLISECS(100));
	CHECK(sim_cpu_time(t.a) >= frozen + MILLISECS(100) - MICROSECS(10));

	/* Local pause (a's own pCPU, e.g. a hypercall): off before it returns. */
	CHECK(t.a->loaded_on >= 0);
	t.ca = t.a->loaded_on >= 0 ? (unsigned)t.a->loaded_on : 0;
	t.cb = 1 - t.ca;
	sim_on(t.ca, vcpu_pause, a);
	CHECK(sim_cpu_loaded(t.ca) == NULL && !a->is_running);
	sim_on(t.cb, vcpu_unpause, a);
	sim_run_for(MILLISECS(10));
	CHECK(a->is_running);

	/* pause_sync from the other pCPU returns only once a is off its pCPU. */
	CHECK(t.a->loaded_on >= 0);
	t.ca = t.a->loaded_on >= 0 ? (unsigned)t.a->loaded_on : 0;
	t.cb = 1 - t.ca;
	sim_on(t.cb, vcpu_pause_sync, a);
	CHECK(!a->is_running && sim_cpu_loaded(t.ca) == NULL);
	sim_on(t.cb, vcpu_unpause, a);
	sim_run_for(MILLISECS(10));
	CHECK(a->is_running);

	CHECK(sim_max_stale(t.a) <= IPI_LAT);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_TEST(cpu_off_on)
{
	struct two_busy t;
	struct vcpu *a;
	s_time_t frozen;

	two_busy_setup(&t);
	a = &t.a->v;

	/* PSCI CPU_OFF traps on a's own pCPU: it is off before the return. */
	sim_on(t.ca, vcpu_down, a);
	CHECK(!a->is_running && sim_cpu_loaded(t.ca) == NULL);
	CHECK_EQ(a->runstate, RUNSTATE_offline);
	frozen = sim_cpu_time(t.a);
	sim_run_for(MILLISECS(50));
	CHECK_EQ(sim_cpu_time(t.a), frozen);
	CHECK(sim_cpu_loaded(t.ca) == NULL);

	/* A wake-up (stray interrupt) does not bring an offline vCPU back. */
	sim_on(t.cb, vcpu_wake, a);
	sim_run_for(MILLISECS(20));
	CHECK_EQ(sim_cpu_time(t.a), frozen);

	/* CPU_ON from b: a runs again on the idle pCPU after the IPI. */
	sim_on(t.cb, vcpu_up, a);
	sim_run_for(IPI_LAT);
	CHECK(sim_cpu_loaded(t.ca) == a);
	CHECK(sim_cpu_loaded(t.cb) == &t.b->v);

	/* Remote CPU_OFF (e.g. the toolstack) also stops it within the IPI. */
	sim_run_for(MILLISECS(5));
	sim_on(t.cb, vcpu_down, a);
	sim_run_for(IPI_LAT);
	CHECK(!a->is_running && sim_cpu_loaded(t.ca) == NULL);
	CHECK(sim_max_stale(t.a) <= IPI_LAT);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* ------------------------------------------------------------ wake-up */

UNIT_TEST(wake_runs_at_once_on_idle_cpu)
{
	struct sim_config cfg = config(2);
	struct domain *d;
	struct sim_vcpu *x, *y;
	unsigned cx, cy;
	unsigned long ipis;
	s_time_t y_time;

	sim_init(&cfg);
	d = sim_domain_create(2);
	x = sim_vcpu(d, 0);
	y = sim_vcpu(d, 1);
	sim_set_idle(x); /* WFI as soon as it runs */
	sim_set_busy(y);
	start(&x->v, 0);
	start(&y->v, 0);
	sim_run_for(MILLISECS(55)); /* mid-slice: y's pCPU is not about to reschedule */
	CHECK(x->v.is_blocked && x->loaded_on < 0);
	CHECK(y->loaded_on >= 0);
	cy = y->loaded_on >= 0 ? (unsigned)y->loaded_on : 0;
	cx = 1 - cy;
	CHECK(sim_cpu_loaded(cx) == NULL);

	/* An interrupt for x arrives on y's pCPU: the idle pCPU is kicked. */
	ipis = fake_machine.cpus[cx].ipis_sent;
	y_time = sim_cpu_time(y);
	sim_on(cy, vcpu_wake, &x->v);
	CHECK_EQ(fake_machine.cpus[cx].ipis_sent, ipis + 1);
	CHECK(pcpus[cx].need_resched);
	CHECK(sim_cpu_loaded(cy) == &y->v); /* y is not disturbed */
	sim_run_for(IPI_LAT);
	CHECK(sim_cpu_loaded(cx) == &x->v);
	CHECK(sim_cpu_loaded(cy) == &y->v);
	CHECK(sim_max_wait(x) <= IPI_LAT);
	sim_run_for(MILLISECS(10));
	CHECK(x->v.is_blocked && sim_cpu_loaded(cx) == NULL);
	CHECK(sim_cpu_time(y) - y_time >= MILLISECS(10));

	/* Periodic x: its wake-up timer fires on the idle pCPU where it
	 * blocked, which runs it with no wait and no IPI. */
	sim_set_periodic(x, MILLISECS(1), MILLISECS(4));
	sim_on(cy, vcpu_wake, &x->v);
	ipis = fake_machine.cpus[cx].ipis_sent;
	y_time = sim_cpu_time(x);
	sim_run_for(SECONDS(1));
	CHECK(sim_max_wait(x) <= IPI_LAT);
	CHECK(llabs_diff(sim_cpu_time(x) - y_time, MILLISECS(200)) <= MILLISECS(2));
	CHECK(fake_machine.cpus[cx].ipis_sent <= ipis + 1);
	CHECK_EQ(y->ran_on, 1u << cy);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_TEST(simultaneous_wakes_use_every_idle_cpu)
{
	struct sim_config cfg = config(3);
	struct domain *d;
	struct sim_vcpu *y, *x1, *x2;
	unsigned cy;

	sim_init(&cfg);
	d = sim_domain_create(3);
	y = sim_vcpu(d, 0);
	x1 = sim_vcpu(d, 1);
	x2 = sim_vcpu(d, 2);
	sim_set_busy(y);
	sim_set_idle(x1);
	sim_set_idle(x2);
	for (unsigned i = 0; i < 3; i++)
		start(V(d, i), 0);
	sim_run_for(MILLISECS(5));
	CHECK(x1->v.is_blocked && x2->v.is_blocked && y->loaded_on >= 0);
	cy = y->loaded_on >= 0 ? (unsigned)y->loaded_on : 0;

	/* Two interrupts on y's pCPU wake both: each must get its own idle
	 * pCPU, not both kick the first idle one. */
	sim_set_busy(x1);
	sim_set_busy(x2);
	sim_on(cy, vcpu_wake, &x1->v);
	sim_on(cy, vcpu_wake, &x2->v);
	sim_run_for(IPI_LAT);
	CHECK(x1->loaded_on >= 0 && x2->loaded_on >= 0);
	CHECK(x1->loaded_on != (int)cy && x2->loaded_on != (int)cy);
	sim_run_for(SECONDS(1));
	for (unsigned i = 0; i < 3; i++) {
		CHECK(sim_max_starve(sim_vcpu(d, i)) <= IPI_LAT);
		CHECK(sim_cpu_time(sim_vcpu(d, i)) >= SECONDS(1));
	}
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_TEST(preempted_vcpu_moves_to_idle_cpu)
{
	struct sim_config cfg = config(2);
	struct domain *d;
	struct sim_vcpu *a, *b;

	sim_init(&cfg);
	d = sim_domain_create(2);
	a = sim_vcpu(d, 0); /* pinned to pCPU 0 */
	b = sim_vcpu(d, 1); /* anywhere */
	a->v.hard_affinity = 1u << 0;
	sim_set_idle(a);
	sim_set_busy(b);
	start(&a->v, 0);
	sim_run_for(MICROSECS(10));
	start(&b->v, 0);
	sim_run_for(MILLISECS(5));
	CHECK(b->loaded_on == 0 && sim_cpu_loaded(1) == NULL);

	/* a wakes, busy: only pCPU 0 will do. When pCPU 0's slice ends it
	 * takes a and b must move to the idle pCPU 1 at once. */
	sim_set_busy(a);
	sim_on(1, vcpu_wake, &a->v);
	sim_run_for(SECONDS(1));
	CHECK(a->loaded_on == 0 && b->loaded_on == 1);
	CHECK(sim_max_starve(b) <= IPI_LAT);
	CHECK(sim_cpu_time(b) >= SECONDS(1));
	CHECK(sim_cpu_time(a) >= SECONDS(1) - SLICE);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* ------------------------------------------------------------ idle */

UNIT_TEST(idle_cpus_run_nothing)
{
	struct sim_config cfg = config(2);
	struct domain *d;

	/* No vCPU at all: nothing happens, both pCPUs idle. */
	sim_init(&cfg);
	sim_run_until(SECONDS(1));
	CHECK_EQ(sim_events(), 0);
	CHECK(sim_cpu_loaded(0) == NULL && sim_cpu_loaded(1) == NULL);
	CHECK_EQ(sim_cpu_idle_time(0), SECONDS(1));
	sim_destroy();

	/* Three vCPUs that only WFI: after their first microsecond the pCPUs
	 * are idle, with no slice timer left ticking. */
	sim_init(&cfg);
	d = sim_domain_create(3);
	for (unsigned i = 0; i < 3; i++) {
		sim_set_idle(sim_vcpu(d, i));
		start(V(d, i), i % 2);
	}
	sim_run_until(SECONDS(1));
	for (unsigned c = 0; c < 2; c++) {
		CHECK(sim_cpu_loaded(c) == NULL);
		CHECK(pcpus[c].current == NULL);
		CHECK(!fake_machine.cpus[c].timer_enabled);
		CHECK_EQ(fake_machine.cpus[c].timer_irqs, 0);
		CHECK(sim_cpu_idle_time(c) >= SECONDS(1) - MICROSECS(10));
	}
	for (unsigned i = 0; i < 3; i++) {
		struct sim_vcpu *sv = sim_vcpu(d, i);
		CHECK_EQ(sim_cpu_time(sv), MICROSECS(1));
		CHECK_EQ(sv->v.runstate, RUNSTATE_blocked);
		check_accounting(sv);
	}
	CHECK(sim_events() < 20);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_TEST(periodic_alone_gets_its_duty_cycle)
{
	struct sim_config cfg = config(1);
	struct domain *d;
	struct sim_vcpu *sv;

	sim_init(&cfg);
	d = sim_domain_create(1);
	sv = sim_vcpu(d, 0);
	sim_set_periodic(sv, MILLISECS(2), MILLISECS(8));
	start(&sv->v, 0);
	sim_run_until(SECONDS(1));
	CHECK(llabs_diff(sim_cpu_time(sv), MILLISECS(200)) <= MILLISECS(2));
	CHECK(sv->nr_blocks >= 99 && sv->nr_blocks <= 101);
	CHECK(llabs_diff(sim_cpu_idle_time(0), MILLISECS(800)) <= MILLISECS(2));
	check_accounting(sv);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_MAIN()
