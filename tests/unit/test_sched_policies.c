/* SPDX-License-Identifier: MIT */
/*
 * Host tests common to every scheduling policy (credit2, rtds, arinc653,
 * null, rr) on the deterministic simulator: random load with pause/unpause,
 * wake-ups, yields, CPU_OFF/ON and hard-affinity changes keeps every core
 * invariant (the simulator counts as a violation any vCPU restored outside
 * its hard affinity, a context on two pCPUs, a wrong runstate, a lost kick);
 * hard affinity pins; the command-line choice of policy.
 */
#include "../sim/sim.h"
#include "unit.h"

#include <hyp/errno.h>
#include <string.h>

#define NR_CPUS 4
#define RUN_TIME SECONDS(5)
#define IPI_LAT MICROSECS(2)

static const char *const policies[] = { "credit2", "rtds", "arinc653", "null", "rr" };

static struct sim_vcpu *vcpus[16];
static unsigned nr_vcpus;
static uint64_t allowed_ever[16]; /* union of every hard affinity it had */

static void unblock_deliverable(void *arg)
{
	((struct sim_vcpu *)arg)->deliverable = false;
}

static void chaos(void *arg)
{
	unsigned i = (unsigned)(sim_rand() % nr_vcpus);
	struct sim_vcpu *sv = vcpus[i];
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
	} else if (r < 65) {
		vcpu_wake(v);
	} else if (r < 80) {
		vcpu_kick(v);
	} else if (r < 90) {
		uint64_t mask = sim_rand() % ((1u << NR_CPUS) - 1) + 1; /* non-empty */
		CHECK_EQ(sched_set_affinity(v, mask, 0), 0);
		allowed_ever[i] |= mask;
	} else if (!sv->deliverable) {
		sv->deliverable = true;
		sim_at_cb(sim_now() + sim_rand_range(0, MILLISECS(3)), this_cpu(),
			  unblock_deliverable, sv);
	}
	if (next < RUN_TIME)
		sim_at_cb(next, (unsigned)(sim_rand() % NR_CPUS), chaos, NULL);
}

struct result {
	s_time_t max_starve;
	unsigned long violations, loads;
	s_time_t busy, idle;
	bool accounting_ok, affinity_ok;
};

static void random_run(const char *policy, uint64_t seed, struct result *res)
{
	static const uint64_t affinity[] = { 0xf, 0xf, 0x1, 0x6, 0xf, 0x9, 0xf, 0x8, 0xf, 0xf };
	struct sim_config cfg = sim_default_config(NR_CPUS);
	struct domain *d[3];

	memset(res, 0, sizeof(*res));
	cfg.seed = seed;
	cfg.sched = policy;
	sim_init(&cfg);
	d[0] = sim_domain_create(4);
	d[1] = sim_domain_create(3);
	d[2] = sim_domain_create(3);
	nr_vcpus = 0;
	for (unsigned i = 0; i < 3; i++)
		for (unsigned j = 0; j < d[i]->nr_vcpus; j++)
			vcpus[nr_vcpus++] = sim_vcpu(d[i], j);
	for (unsigned i = 0; i < nr_vcpus; i++) {
		CHECK_EQ(sched_set_affinity(&vcpus[i]->v, affinity[i], 0), 0);
		allowed_ever[i] = affinity[i];
		if (i == 0)
			sim_set_busy(vcpus[i]);
		else if (i == 1)
			sim_set_periodic(vcpus[i], MICROSECS(700), MILLISECS(3));
		else
			sim_set_random(vcpus[i]);
		sim_on(i % NR_CPUS, vcpu_up, &vcpus[i]->v);
	}
	sim_at_cb(MILLISECS(1), 0, chaos, NULL);
	sim_run_until(RUN_TIME);

	res->accounting_ok = res->affinity_ok = true;
	for (unsigned i = 0; i < nr_vcpus; i++) {
		struct sim_vcpu *sv = vcpus[i];
		s_time_t slack = (s_time_t)(sv->nr_loads + 1) * 2 * 16, core;
		core = sim_core_running_time(&sv->v);
		if ((core > sim_cpu_time(sv) ? core - sim_cpu_time(sv) : sim_cpu_time(sv) - core) > slack)
			res->accounting_ok = false;
		if (sv->ran_on & ~allowed_ever[i])
			res->affinity_ok = false;
		res->loads += sv->nr_loads;
		res->max_starve = MAX(res->max_starve, sim_max_starve(sv));
		res->busy += sim_cpu_time(sv);
	}
	for (unsigned c = 0; c < NR_CPUS; c++)
		res->idle += sim_cpu_idle_time(c);
	res->violations = sim_violations();
	sim_destroy();
}

UNIT_TEST(every_policy_keeps_core_invariants_and_hard_affinity)
{
	for (unsigned p = 0; p < sizeof(policies) / sizeof(policies[0]); p++) {
		for (uint64_t seed = 1; seed <= 3; seed++) {
			struct result r;
			random_run(policies[p], seed, &r);
			if (seed == 1)
				printf("  %-8s random 5 s: %lu loads, busy %lld ms, idle %lld ms, "
				       "max starve %lld us\n", policies[p], r.loads,
				       (long long)(r.busy / 1000000), (long long)(r.idle / 1000000),
				       (long long)(r.max_starve / 1000));
			CHECK_EQ(r.violations, 0);
			/* Work-conserving policies (rtds: every vCPU has extratime,
			 * the default) never leave a runnable vCPU waiting while a
			 * pCPU it may use idles, beyond the IPI that kicks it. */
			if (strcmp(policies[p], "arinc653") && strcmp(policies[p], "null"))
				CHECK(r.max_starve <= 2 * IPI_LAT);
			CHECK(r.accounting_ok);
			CHECK(r.affinity_ok);
			CHECK(r.loads > 50);
			CHECK_EQ(r.busy + r.idle, NR_CPUS * RUN_TIME);
		}
	}
}

/* Busy vCPUs pinned to pCPU 1 and 2 never run elsewhere, under every policy
 * (arinc653: default schedule, one 10 ms slot per domain). */
UNIT_TEST(every_policy_respects_pinning)
{
	for (unsigned p = 0; p < sizeof(policies) / sizeof(policies[0]); p++) {
		struct sim_config cfg = sim_default_config(3);
		struct domain *d;

		cfg.sched = policies[p];
		sim_init(&cfg);
		d = sim_domain_create(3);
		CHECK_EQ(sched_set_affinity(d->vcpus[0], 1u << 1, 0), 0);
		CHECK_EQ(sched_set_affinity(d->vcpus[1], 1u << 1, 0), 0);
		CHECK_EQ(sched_set_affinity(d->vcpus[2], 1u << 2, 0), 0);
		for (unsigned i = 0; i < 3; i++) {
			sim_set_busy(sim_vcpu(d, i));
			sim_on(0, vcpu_up, d->vcpus[i]);
		}
		sim_run_until(SECONDS(1));
		CHECK_EQ(sim_vcpu(d, 0)->ran_on & ~(1u << 1), 0);
		CHECK_EQ(sim_vcpu(d, 1)->ran_on & ~(1u << 1), 0);
		CHECK_EQ(sim_vcpu(d, 2)->ran_on, 1u << 2);
		CHECK(sim_cpu_time(sim_vcpu(d, 2)) > 0);
		CHECK(sim_cpu_loaded(0) == NULL);
		CHECK_EQ(sim_violations(), 0);
		sim_destroy();
	}
	/* No online pCPU in the mask: refused. */
	{
		struct sim_config cfg = sim_default_config(2);
		struct domain *d;
		sim_init(&cfg);
		d = sim_domain_create(1);
		CHECK_EQ(sched_set_affinity(d->vcpus[0], 1u << 5, 0), -EINVAL);
		sim_destroy();
	}
}

UNIT_TEST(sched_option_selects_policy)
{
	struct sim_config cfg = sim_default_config(1);

	for (unsigned p = 0; p < sizeof(policies) / sizeof(policies[0]); p++) {
		cfg.sched = policies[p];
		sim_init(&cfg);
		CHECK(!strcmp(sched_current()->name, policies[p]));
		sim_destroy();
	}
	/* Unknown or empty: credit2, Xen's default. */
	sched_init("bvt");
	CHECK(!strcmp(sched_current()->name, "credit2"));
	CHECK_EQ(sched_current()->sched_id, XEN_SCHEDULER_CREDIT2);
	sched_init(NULL);
	CHECK(!strcmp(sched_current()->name, "credit2"));
}

UNIT_MAIN()
