/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the credit2 policy (hyp/core/sched/credit2.c) on the
 * deterministic scheduler simulator (tests/sim/): weights, caps, ratelimit,
 * soft affinity, runqueue load balancing, parameters. Every test also
 * requires zero simulator violations (hard affinity, runstates, contexts).
 */
#include "../sim/sim.h"
#include "unit.h"

#include <hyp/errno.h>

#define IPI_LAT MICROSECS(2)

static struct sim_config config(unsigned nr_cpus, const char *opts)
{
	struct sim_config c = sim_default_config(nr_cpus);

	c.sched = "credit2";
	c.sched_opts = opts;
	return c;
}

static long long absdiff(s_time_t a, s_time_t b)
{
	return a > b ? (long long)(a - b) : (long long)(b - a);
}

/* |got - want| <= pct% of want */
static bool within_pct(s_time_t got, s_time_t want, unsigned pct)
{
	return absdiff(got, want) * 100 <= (long long)want * pct;
}

static void set_weight(struct domain *d, uint16_t weight, uint16_t cap)
{
	struct sched_params p = { .sched_id = XEN_SCHEDULER_CREDIT2, .weight = weight, .cap = cap };

	CHECK_EQ(sched_set_params(d, &p), 0);
}

static void start_busy(struct domain *d, unsigned cpu)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		sim_set_busy(sim_vcpu(d, i));
		sim_on(cpu, vcpu_up, d->vcpus[i]);
	}
}

static s_time_t dom_time(struct domain *d)
{
	s_time_t t = 0;

	for (unsigned i = 0; i < d->nr_vcpus; i++)
		t += sim_cpu_time(sim_vcpu(d, i));
	return t;
}

/*
 * Three busy domains of weights 256/512/1024 on 2 pCPUs for 10 s.
 * One vCPU each: the weighted shares 2/7, 4/7, 8/7 of a pCPU are not
 * feasible (a vCPU uses at most one pCPU), so the max-min fair allocation
 * applies: the 1024 one gets a whole pCPU, the other two split the second
 * 1:2, i.e. 1/3 and 2/3 of a pCPU.
 */
UNIT_TEST(credit2_weights_one_vcpu_each_max_min_fair)
{
	struct sim_config cfg = config(2, NULL);
	static const uint16_t w[3] = { 256, 512, 1024 };
	const s_time_t want[3] = { SECONDS(10) / 3, SECONDS(20) / 3, SECONDS(10) };
	struct domain *d[3];
	s_time_t t[3];

	sim_init(&cfg);
	for (unsigned i = 0; i < 3; i++) {
		d[i] = sim_domain_create(1);
		set_weight(d[i], w[i], 0);
	}
	for (unsigned i = 0; i < 3; i++)
		start_busy(d[i], 0);
	sim_run_until(SECONDS(10));
	for (unsigned i = 0; i < 3; i++) {
		t[i] = dom_time(d[i]);
		CHECK(within_pct(t[i], want[i], 2));
	}
	printf("  weights 256/512/1024, 1 vCPU each: %lld %lld %lld ms (want 3333 6667 10000)\n",
	       (long long)(t[0] / 1000000), (long long)(t[1] / 1000000), (long long)(t[2] / 1000000));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Same weights, two busy vCPUs per domain (6 vCPUs, 2 pCPUs): now the
 * weighted shares are feasible (each vCPU of the 1024 domain gets 4/7 of a
 * pCPU): 2/7, 4/7 and 8/7 of a pCPU per domain, 2.857 / 5.714 / 11.429 s.
 */
UNIT_TEST(credit2_weights_two_vcpus_each_proportional)
{
	struct sim_config cfg = config(2, NULL);
	static const uint16_t w[3] = { 256, 512, 1024 };
	struct domain *d[3];
	s_time_t t[3];

	sim_init(&cfg);
	for (unsigned i = 0; i < 3; i++) {
		d[i] = sim_domain_create(2);
		set_weight(d[i], w[i], 0);
	}
	for (unsigned i = 0; i < 3; i++)
		start_busy(d[i], i % 2);
	sim_run_until(SECONDS(10));
	for (unsigned i = 0; i < 3; i++) {
		t[i] = dom_time(d[i]);
		CHECK(within_pct(t[i], SECONDS(20) * (1 << i) / 7, 2));
	}
	printf("  weights 256/512/1024, 2 vCPUs each: %lld %lld %lld ms (want 2857 5714 11429)\n",
	       (long long)(t[0] / 1000000), (long long)(t[1] / 1000000), (long long)(t[2] / 1000000));
	CHECK(t[0] + t[1] + t[2] >= SECONDS(20) - MILLISECS(1)); /* work-conserving */
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* Equal weights: equal shares (the default weight is 256). */
UNIT_TEST(credit2_default_weight_equal_shares)
{
	struct sim_config cfg = config(2, NULL);
	struct domain *d[3];
	struct sched_params p;

	sim_init(&cfg);
	for (unsigned i = 0; i < 3; i++)
		d[i] = sim_domain_create(1);
	CHECK_EQ(sched_get_params(d[0], &p), 0);
	CHECK_EQ(p.sched_id, XEN_SCHEDULER_CREDIT2);
	CHECK_EQ(p.weight, 256);
	CHECK_EQ(p.cap, 0);
	for (unsigned i = 0; i < 3; i++)
		start_busy(d[i], 0);
	sim_run_until(SECONDS(3));
	for (unsigned i = 0; i < 3; i++)
		CHECK(within_pct(dom_time(d[i]), SECONDS(2), 2));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Caps: a busy domain capped at 25% gets 25% +- 1% of one pCPU even with
 * both pCPUs otherwise idle, with one vCPU or with two; an uncapped busy
 * neighbour is not disturbed. Removing the cap gives it everything again.
 */
UNIT_TEST(credit2_cap_holds)
{
	struct sim_config cfg = config(2, NULL);
	struct domain *one, *two, *other;
	s_time_t t1, t2, t0;

	sim_init(&cfg);
	one = sim_domain_create(1);
	two = sim_domain_create(2);
	other = sim_domain_create(1);
	set_weight(one, 0, 25);
	set_weight(two, 0, 25);
	start_busy(one, 0);
	start_busy(two, 1);
	start_busy(other, 0);
	sim_run_until(SECONDS(10));
	t1 = dom_time(one);
	t2 = dom_time(two);
	printf("  cap 25%%: 1 vCPU %lld ms, 2 vCPUs %lld ms of 10000; uncapped %lld ms\n",
	       (long long)(t1 / 1000000), (long long)(t2 / 1000000),
	       (long long)(dom_time(other) / 1000000));
	CHECK(t1 <= SECONDS(10) * 26 / 100);
	CHECK(t1 >= SECONDS(10) * 24 / 100);
	CHECK(t2 <= SECONDS(10) * 26 / 100);
	CHECK(t2 >= SECONDS(10) * 24 / 100);
	/* The uncapped one gets what the capped ones leave of its pCPU (they
	 * have more credit, so they go first when their budgets are fresh, and
	 * may then hold both pCPUs), and never waits while a pCPU idles. */
	CHECK(dom_time(other) >= SECONDS(10) - SECONDS(10) / 2);
	CHECK(sim_max_starve(sim_vcpu(other, 0)) <= 2 * IPI_LAT);
	/* Every 100 ms window respects the cap too (no saving up). */
	t0 = dom_time(one);
	sim_run_for(MILLISECS(100));
	CHECK(dom_time(one) - t0 <= MILLISECS(26));

	/* Cap removed: the single vCPU gets a whole pCPU (the other pCPU is
	 * shared by the rest). */
	set_weight(one, 0, 0);
	t0 = dom_time(one);
	sim_run_for(SECONDS(1));
	CHECK(dom_time(one) - t0 >= MILLISECS(600));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* A cap of 150% with 2 vCPUs on 2 otherwise idle pCPUs: 1.5 pCPUs. */
UNIT_TEST(credit2_cap_above_one_pcpu)
{
	struct sim_config cfg = config(2, NULL);
	struct domain *d;

	sim_init(&cfg);
	d = sim_domain_create(2);
	set_weight(d, 0, 150);
	start_busy(d, 0);
	sim_run_until(SECONDS(4));
	CHECK(dom_time(d) <= SECONDS(6) * 101 / 100);
	CHECK(dom_time(d) >= SECONDS(6) * 99 / 100);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Ratelimit: a busy vCPU is preempted by a frequently waking one of higher
 * weight, but never before it has run sched_ratelimit_us (1000 by default);
 * with sched_ratelimit_us=0 the same load preempts it much sooner.
 */
static void ratelimit_run(const char *opts, s_time_t *min_preempted, unsigned long *nr_preempted)
{
	struct sim_config cfg = config(1, opts);
	struct domain *a, *b;

	sim_init(&cfg);
	a = sim_domain_create(1);
	b = sim_domain_create(1);
	set_weight(b, 1024, 0);
	start_busy(a, 0);
	sim_set_periodic(sim_vcpu(b, 0), MICROSECS(100), MICROSECS(300));
	sim_on(0, vcpu_up, b->vcpus[0]);
	sim_run_until(SECONDS(2));
	*min_preempted = sim_vcpu(a, 0)->min_preempted;
	*nr_preempted = sim_vcpu(a, 0)->nr_preempted;
	CHECK(sim_vcpu(a, 0)->nr_loads > 100);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_TEST(credit2_ratelimit)
{
	s_time_t min_pre;
	unsigned long n;

	ratelimit_run(NULL, &min_pre, &n);
	printf("  ratelimit 1000 us: %lu preemptions, shortest stint %lld us\n", n,
	       (long long)(min_pre / 1000));
	CHECK(n > 100);
	CHECK(min_pre >= MICROSECS(1000));

	ratelimit_run("sched_ratelimit_us=2000", &min_pre, &n);
	CHECK(n > 100);
	CHECK(min_pre >= MICROSECS(2000));

	ratelimit_run("sched_ratelimit_us=0", &min_pre, &n);
	printf("  ratelimit off: %lu preemptions, shortest stint %lld us\n", n,
	       (long long)(min_pre / 1000));
	CHECK(n > 100);
	CHECK(min_pre >= 0 && min_pre < MICROSECS(500));
}

/*
 * Soft affinity: a vCPU preferring pCPU 1 runs there whenever pCPU 1 is free
 * (both pCPUs lightly loaded), but is not kept waiting for it: with pCPU 1
 * busy with a vCPU pinned there it runs on pCPU 0.
 */
UNIT_TEST(credit2_soft_affinity_preferred)
{
	struct sim_config cfg = config(2, NULL);
	struct domain *d;
	struct sim_vcpu *x, *y;
	s_time_t on1;

	for (int with_soft = 1; with_soft >= 0; with_soft--) {
		sim_init(&cfg);
		d = sim_domain_create(2);
		x = sim_vcpu(d, 0);
		y = sim_vcpu(d, 1);
		if (with_soft)
			x->v.soft_affinity = 1u << 1;
		sim_set_periodic(x, MICROSECS(700), MICROSECS(1300));
		sim_set_periodic(y, MICROSECS(500), MICROSECS(1700));
		sim_on(0, vcpu_up, &x->v);
		sim_on(0, vcpu_up, &y->v);
		sim_run_until(SECONDS(1));
		on1 = x->cpu_time_on[1] + (x->loaded_on == 1 ? sim_now() - x->loaded_at : 0);
		printf("  soft affinity %s: x on pCPU 1 %lld%% of its time\n", with_soft ? "{1}" : "none",
		       (long long)(on1 * 100 / sim_cpu_time(x)));
		if (with_soft)
			CHECK(on1 * 100 >= sim_cpu_time(x) * 98);
		else
			CHECK(on1 * 100 < sim_cpu_time(x) * 90); /* the test can tell */
		CHECK(sim_max_wait(x) <= 2 * IPI_LAT);
		CHECK_EQ(sim_violations(), 0);
		sim_destroy();
	}

	/* pCPU 1 taken by a busy vCPU pinned there: x (busy, soft {1}) runs on 0. */
	sim_init(&cfg);
	d = sim_domain_create(2);
	x = sim_vcpu(d, 0);
	y = sim_vcpu(d, 1);
	x->v.soft_affinity = 1u << 1;
	y->v.hard_affinity = 1u << 1;
	sim_set_busy(x);
	sim_set_busy(y);
	sim_on(0, vcpu_up, &y->v);
	sim_on(0, vcpu_up, &x->v);
	sim_run_until(SECONDS(1));
	CHECK(sim_cpu_time(x) >= SECONDS(1) - MILLISECS(2));
	CHECK_EQ(y->ran_on, 1u << 1);
	CHECK(sim_cpu_time(y) >= SECONDS(1) - MILLISECS(2));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Runqueues of 2 pCPUs (sched_credit2_max_cpus_runqueue=2) on 4 pCPUs:
 * busy vCPUs all woken from pCPU 0 spread over both runqueues: 4 vCPUs get a
 * pCPU each, 6 vCPUs get 2/3 of a pCPU each.
 */
UNIT_TEST(credit2_runqueue_balancing)
{
	struct sim_config cfg = config(4, "sched_credit2_max_cpus_runqueue=2");
	struct domain *d;

	for (unsigned n = 4; n <= 6; n += 2) {
		sim_init(&cfg);
		d = sim_domain_create(n);
		start_busy(d, 0);
		sim_run_until(SECONDS(3));
		for (unsigned i = 0; i < n; i++)
			CHECK(within_pct(sim_cpu_time(sim_vcpu(d, i)), SECONDS(12) / n, 2));
		CHECK(dom_time(d) >= SECONDS(12) - MILLISECS(5));
		CHECK_EQ(sim_violations(), 0);
		sim_destroy();
	}

	/* credit2_runqueue=cpu: one runqueue per pCPU, 3 vCPUs on 2 pCPUs. */
	cfg = config(2, "credit2_runqueue=cpu");
	sim_init(&cfg);
	d = sim_domain_create(3);
	start_busy(d, 0);
	sim_run_until(SECONDS(3));
	CHECK(dom_time(d) >= SECONDS(6) - MILLISECS(5));
	for (unsigned i = 0; i < 3; i++)
		CHECK(sim_cpu_time(sim_vcpu(d, i)) >= SECONDS(1)); /* nobody starves */
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* Parameter checking as Xen's: sched_id must match, cap <= 100 * vCPUs. */
UNIT_TEST(credit2_params)
{
	struct sim_config cfg = config(2, NULL);
	struct domain *d;
	struct sched_params p = { .sched_id = XEN_SCHEDULER_RTDS, .weight = 5 };

	sim_init(&cfg);
	d = sim_domain_create(2);
	CHECK_EQ(sched_set_params(d, &p), -EINVAL);
	p.sched_id = XEN_SCHEDULER_CREDIT2;
	p.cap = 201;
	CHECK_EQ(sched_set_params(d, &p), -EINVAL);
	p.cap = 200;
	CHECK_EQ(sched_set_params(d, &p), 0);
	p.weight = 0; /* keep */
	p.cap = 30;
	CHECK_EQ(sched_set_params(d, &p), 0);
	CHECK_EQ(sched_get_params(d, &p), 0);
	CHECK_EQ(p.weight, 5);
	CHECK_EQ(p.cap, 30);
	CHECK_EQ(sched_set_vcpu_params(d->vcpus[0], &p), -ENOSYS);
	CHECK_EQ(sched_parse_option("sched_ratelimit_us", 18, "x", 1), -EINVAL);
	CHECK_EQ(sched_parse_option("credit2_runqueue", 16, "rack", 4), -EINVAL);
	CHECK_EQ(sched_parse_option("foo", 3, "1", 1), -ENOENT);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_MAIN()
