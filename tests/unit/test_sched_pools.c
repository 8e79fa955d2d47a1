/* SPDX-License-Identifier: MIT */
/*
 * Host tests of cpupools (hyp/core/sched.c, sysctl cpupool_op semantics) on
 * the deterministic simulator: Xen's errno values for every refusal, pools
 * running different policies side by side without ever lending a pCPU,
 * pCPU removal migrating the vCPUs it ran, domains moved between a credit2
 * and an RTDS pool keeping on running under the new policy, affinity
 * limited to the pool.
 */
#include "../sim/sim.h"
#include "unit.h"

#include <hyp/errno.h>
#include <stdlib.h>

#define ANY CPUPOOLID_NONE

static struct sim_config config(unsigned nr_cpus, const char *sched)
{
	struct sim_config c = sim_default_config(nr_cpus);

	c.sched = sched;
	return c;
}

/* Move @cpus from Pool-0 into pool @id (made with @sched_id if new). */
static void make_pool(unsigned id, unsigned sched_id, uint64_t cpus)
{
	unsigned got = id;

	CHECK_EQ(sched_pool_create(&got, sched_id), 0);
	CHECK_EQ(got, id);
	for (unsigned c = 0; c < MAX_CPUS; c++) {
		if (!(cpus & (1ULL << c)))
			continue;
		CHECK_EQ(sched_pool_remove_cpu(0, c), 0);
		CHECK_EQ(sched_pool_add_cpu(id, c), 0);
	}
	sim_run_for(MICROSECS(10)); /* the pCPUs take their IPIs and switch */
}

static uint64_t ran_on_domain(struct domain *d)
{
	uint64_t m = 0;

	for (unsigned i = 0; i < d->nr_vcpus; i++)
		m |= sim_vcpu(d, i)->ran_on;
	return m;
}

/* Forget where it ran, except where it is loaded right now. */
static void reset_ran_on(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct sim_vcpu *sv = sim_vcpu(d, i);
		sv->ran_on = sv->loaded_on >= 0 ? 1ULL << sv->loaded_on : 0;
	}
}

static s_time_t domain_time(struct domain *d)
{
	s_time_t t = 0;

	for (unsigned i = 0; i < d->nr_vcpus; i++)
		t += sim_cpu_time(sim_vcpu(d, i));
	return t;
}

static void start_busy(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		sim_set_busy(sim_vcpu(d, i));
		sim_on(0, vcpu_up, d->vcpus[i]);
	}
}

/* Every refusal of sysctl cpupool_op, with Xen 4.17's errno, changes nothing. */
UNIT_TEST(pool_ops_refusals_and_info)
{
	struct sim_config cfg = config(4, "credit2");
	unsigned id, sched_id, n_dom;
	uint64_t cpus;
	struct domain *d;

	sim_init(&cfg);
	id = 0;
	CHECK_EQ(sched_pool_info(&id, &sched_id, &cpus, &n_dom), 0);
	CHECK_EQ(id, 0);
	CHECK_EQ(sched_id, XEN_SCHEDULER_CREDIT2);
	CHECK_EQ(cpus, 0xfu);
	CHECK_EQ(sched_free_cpus(), 0);

	id = ANY;
	CHECK_EQ(sched_pool_create(&id, XEN_SCHEDULER_RTDS), 0);
	CHECK_EQ(id, 1);                                      /* next free id */
	id = 7;
	CHECK_EQ(sched_pool_create(&id, XEN_SCHEDULER_NULL), 0);
	id = 7;
	CHECK_EQ(sched_pool_create(&id, XEN_SCHEDULER_NULL), -EEXIST);
	id = 9;
	CHECK_EQ(sched_pool_create(&id, 42), -ENOENT);        /* no such scheduler */
	id = ANY;
	CHECK_EQ(sched_pool_create(&id, XEN_SCHEDULER_ARINC653), 0);
	CHECK_EQ(id, 8);

	/* INFO answers the first pool with id >= the one asked. */
	id = 2;
	CHECK_EQ(sched_pool_info(&id, &sched_id, &cpus, &n_dom), 0);
	CHECK_EQ(id, 7);
	CHECK_EQ(sched_id, XEN_SCHEDULER_NULL);
	CHECK_EQ(cpus, 0);
	id = 9;
	CHECK_EQ(sched_pool_info(&id, &sched_id, &cpus, &n_dom), -ENOENT);

	/* CPUs: only free ones join; only members leave. */
	CHECK_EQ(sched_pool_add_cpu(1, 3), -ENODEV);          /* still in Pool-0 */
	CHECK_EQ(sched_pool_add_cpu(5, 3), -ENOENT);
	CHECK_EQ(sched_pool_add_cpu(1, ANY), -ENODEV);        /* none free */
	CHECK_EQ(sched_pool_remove_cpu(1, 3), -EADDRNOTAVAIL);
	CHECK_EQ(sched_pool_remove_cpu(0, 3), 0);
	CHECK_EQ(sched_free_cpus(), 1u << 3);
	CHECK_EQ(sched_pool_add_cpu(1, 9), -EINVAL);
	CHECK_EQ(sched_pool_add_cpu(1, ANY), 0);
	CHECK_EQ(sched_free_cpus(), 0);

	/* Domains: not in a pool without pCPUs or that does not exist. */
	d = sim_domain_create_in(1, 1);
	CHECK_EQ(sched_domain_pool_id(d), 1);
	CHECK_EQ(sched_domain_sched_id(d), XEN_SCHEDULER_RTDS);
	CHECK_EQ(sched_pool_usable(7), -ENODEV);
	CHECK_EQ(sched_pool_usable(3), -ESRCH);
	id = 1;
	CHECK_EQ(sched_pool_info(&id, &sched_id, &cpus, &n_dom), 0);
	CHECK_EQ(n_dom, 1);
	CHECK_EQ(cpus, 1u << 3);

	/* The last pCPU of a pool with a domain stays; a pool in use stays. */
	CHECK_EQ(sched_pool_remove_cpu(1, 3), -EBUSY);
	CHECK_EQ(sched_pool_remove_cpu(1, ANY), -EBUSY);
	CHECK_EQ(sched_pool_destroy(1), -EBUSY);
	CHECK_EQ(sched_pool_destroy(0), -EBUSY);
	CHECK_EQ(sched_pool_destroy(4), -ENOENT);
	CHECK_EQ(sched_pool_destroy(7), 0);
	id = 7;
	CHECK_EQ(sched_pool_info(&id, &sched_id, &cpus, &n_dom), 0);
	CHECK_EQ(id, 8);
	CHECK_EQ(sched_move_domain(d, 8), -ENOENT);           /* no pCPU there */
	CHECK_EQ(sched_move_domain(d, 4), -ENOENT);
	CHECK_EQ(sched_domain_pool_id(d), 1);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Pool-0 (credit2) on pCPUs 0-1, pool 1 (RTDS) on 2-3, three busy vCPUs in
 * each: no vCPU ever runs on the other pool's pCPUs, both pools keep all
 * their pCPUs busy, and RTDS's budgets hold in pool 1 (2 ms / 10 ms without
 * extratime: 20% each) whatever credit2 does next door.
 */
UNIT_TEST(pools_isolated_each_with_its_policy)
{
	struct sim_config cfg = config(4, "credit2");
	struct sched_params rt = { .sched_id = XEN_SCHEDULER_RTDS, .period_us = 10000,
				   .budget_us = 2000, .extratime = false };
	struct domain *a, *b;

	sim_init(&cfg);
	make_pool(1, XEN_SCHEDULER_RTDS, 0xcu);
	a = sim_domain_create(3);
	b = sim_domain_create_in(3, 1);
	CHECK_EQ(sched_set_params(b, &rt), 0);
	rt.sched_id = XEN_SCHEDULER_CREDIT2;                  /* not b's policy */
	CHECK_EQ(sched_set_params(b, &rt), -EINVAL);
	start_busy(a);
	start_busy(b);
	sim_run_until(SECONDS(2));
	CHECK_EQ(ran_on_domain(a) & ~0x3u, 0);
	CHECK_EQ(ran_on_domain(b) & ~0xcu, 0);
	CHECK_EQ(ran_on_domain(a), 0x3u);
	/* credit2: 2 pCPUs for 3 vCPUs, nearly all of it used. */
	CHECK(domain_time(a) > SECONDS(4) - MILLISECS(20));
	for (unsigned i = 0; i < 3; i++) {
		s_time_t t = sim_cpu_time(sim_vcpu(b, i));
		CHECK(t > MILLISECS(390) && t < MILLISECS(410));
		CHECK_EQ(sched_rtds_deadline_misses(b->vcpus[i]), 0);
	}
	printf("  pool 0 credit2 %lld ms on cpus %#llx, pool 1 rtds %lld ms on cpus %#llx\n",
	       (long long)(domain_time(a) / 1000000), (unsigned long long)ran_on_domain(a),
	       (long long)(domain_time(b) / 1000000), (unsigned long long)ran_on_domain(b));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

struct pool_cpu {
	unsigned pool, cpu;
	int rc;
};

static void remove_cpu_cb(void *arg)
{
	struct pool_cpu *p = arg;

	p->rc = sched_pool_remove_cpu(p->pool, p->cpu);
}

static void add_cpu_cb(void *arg)
{
	struct pool_cpu *p = arg;

	p->rc = sched_pool_add_cpu(p->pool, p->cpu);
}

/*
 * Removing a pCPU from Pool-0 (credit2, null, RTDS), three busy vCPUs on
 * three pCPUs: the vCPU running on the removed pCPU leaves within an IPI,
 * the pool's vCPUs go on using the two pCPUs left (null: one of them now
 * waits), the removed pCPU idles while free, and serves the pool again
 * once added back.
 */
UNIT_TEST(pool_rmcpu_migrates_its_vcpus)
{
	static const char *const policies[] = { "credit2", "null", "rtds" };

	for (unsigned p = 0; p < ARRAY_SIZE(policies); p++) {
		struct sim_config cfg = config(3, policies[p]);
		struct pool_cpu op = { 0, 2, 1 };
		struct domain *d;
		s_time_t before, at;

		sim_init(&cfg);
		d = sim_domain_create(3);
		start_busy(d);
		sim_run_until(MILLISECS(100));
		CHECK(sim_cpu_loaded(2) != NULL);
		before = domain_time(d);
		at = sim_now();
		sim_at_cb(at, 0, remove_cpu_cb, &op);
		sim_run_until(at + MICROSECS(10));
		CHECK_EQ(op.rc, 0);
		CHECK(sim_cpu_loaded(2) == NULL);
		reset_ran_on(d);
		sim_run_until(at + MILLISECS(500));
		CHECK_EQ(ran_on_domain(d), 0x3u);
		CHECK(sim_cpu_loaded(2) == NULL);
		CHECK(domain_time(d) - before > MILLISECS(990));
		if (strcmp(policies[p], "null"))
			for (unsigned i = 0; i < 3; i++)
				CHECK(sim_cpu_time(sim_vcpu(d, i)) > MILLISECS(100) + MILLISECS(250));
		CHECK_EQ(sched_free_cpus(), 1u << 2);
		op.rc = 1;
		reset_ran_on(d);
		before = domain_time(d);
		sim_at_cb(sim_now(), 0, add_cpu_cb, &op);
		sim_run_until(sim_now() + MILLISECS(100));
		CHECK_EQ(op.rc, 0);
		CHECK(ran_on_domain(d) & (1u << 2));
		CHECK(domain_time(d) - before > MILLISECS(290));
		CHECK_EQ(sim_violations(), 0);
		sim_destroy();
	}
}

struct move {
	struct domain *d;
	unsigned pool;
	int rc;
};

static void move_cb(void *arg)
{
	struct move *m = arg;

	m->rc = sched_move_domain(m->d, m->pool);
}

/*
 * A busy domain moves from Pool-0 (credit2, alone: 100% of a pCPU) to an
 * RTDS pool (2 ms / 10 ms, no extratime: 20%) and back: it keeps running
 * throughout, only on the pCPUs of the pool it is in, with the share each
 * policy gives it.
 */
UNIT_TEST(pool_movedomain_credit2_rtds_and_back)
{
	struct sim_config cfg = config(2, "credit2");
	struct sched_params rt = { .sched_id = XEN_SCHEDULER_RTDS, .period_us = 10000,
				   .budget_us = 2000, .extratime = false };
	struct move m = { NULL, 1, 1 };
	struct domain *d;
	s_time_t t0, t1;

	sim_init(&cfg);
	make_pool(1, XEN_SCHEDULER_RTDS, 0x2u);
	d = sim_domain_create(1);
	start_busy(d);
	sim_run_until(MILLISECS(500));
	CHECK(domain_time(d) > MILLISECS(490));
	CHECK_EQ(ran_on_domain(d), 0x1u);
	CHECK_EQ(sched_set_params(d, &rt), -EINVAL);          /* credit2 pool: not RTDS's */

	m.d = d;
	sim_at_cb(sim_now(), 1, move_cb, &m);
	sim_run_until(sim_now() + MICROSECS(50));
	CHECK_EQ(m.rc, 0);
	CHECK_EQ(sched_domain_pool_id(d), 1);
	CHECK_EQ(sched_set_params(d, &rt), 0);
	reset_ran_on(d);
	t0 = domain_time(d);
	sim_run_until(sim_now() + SECONDS(1));
	t1 = domain_time(d) - t0;
	printf("  in the rtds pool: %lld us per s on cpus %#llx\n", (long long)(t1 / 1000),
	       (unsigned long long)ran_on_domain(d));
	CHECK(t1 > MILLISECS(195) && t1 < MILLISECS(205));
	CHECK_EQ(ran_on_domain(d), 0x2u);

	m.pool = 0;
	sim_at_cb(sim_now(), 0, move_cb, &m);
	sim_run_until(sim_now() + MICROSECS(50));
	CHECK_EQ(m.rc, 0);
	reset_ran_on(d);
	t0 = domain_time(d);
	sim_run_until(sim_now() + SECONDS(1));
	CHECK(domain_time(d) - t0 > MILLISECS(990));
	CHECK_EQ(ran_on_domain(d), 0x1u);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Affinity is limited to the pool: pinning to pCPUs of another pool is
 * refused (-EINVAL, nothing changes), pinning within it holds, and when the
 * pool loses every pCPU a vCPU was pinned to, the pin is broken (reset to
 * all) instead of leaving the vCPU nowhere to run.
 */
UNIT_TEST(pool_affinity_within_pool)
{
	struct sim_config cfg = config(4, "credit2");
	struct pool_cpu op = { 1, 3, 1 };
	uint64_t hard, soft;
	struct domain *d;

	sim_init(&cfg);
	make_pool(1, XEN_SCHEDULER_CREDIT2, 0xcu);
	d = sim_domain_create_in(2, 1);
	start_busy(d);
	CHECK_EQ(sched_set_affinity(d->vcpus[0], 0x3u, 0), -EINVAL);
	sched_get_affinity(d->vcpus[0], &hard, &soft);
	CHECK_EQ(hard, 0xfu);
	CHECK_EQ(sched_set_affinity(d->vcpus[0], 0x9u, 0), 0); /* {0,3}: 3 is in pool 1 */
	CHECK_EQ(sched_set_affinity(d->vcpus[1], 0x9u, 0), 0);
	sim_run_until(MILLISECS(300));
	CHECK_EQ(ran_on_domain(d), 0x8u);
	sched_get_affinity(d->vcpus[0], &hard, &soft);
	CHECK_EQ(hard, 0x9u);                                 /* as set */

	/* pCPU 3 leaves pool 1: the pins break, pCPU 2 takes both. */
	sim_at_cb(sim_now(), 0, remove_cpu_cb, &op);
	sim_run_until(sim_now() + MICROSECS(10));
	CHECK_EQ(op.rc, 0);
	reset_ran_on(d);
	sim_run_until(sim_now() + MILLISECS(300));
	CHECK_EQ(ran_on_domain(d), 0x4u);
	sched_get_affinity(d->vcpus[0], &hard, &soft);
	CHECK_EQ(hard, ~0ULL);
	CHECK(sim_cpu_time(sim_vcpu(d, 0)) > MILLISECS(250));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

struct a653_set {
	unsigned pool;
	struct arinc653_schedule s;
	int rc;
};

static void a653_set_cb(void *arg)
{
	struct a653_set *a = arg;

	a->rc = sched_pool_arinc653_set(a->pool, &a->s);
}

/*
 * An ARINC653 pool (CPU 1) beside credit2's Pool-0 (CPU 0): its frame (A 2 ms,
 * B 6 ms of a 10 ms major frame) holds exactly for its two domains while a
 * busy domain in Pool-0 keeps CPU 0 to itself; schedules go to the pool named
 * (-ENOENT for none, -ENOSYS for a pool running another policy).
 */
UNIT_TEST(pool_arinc653_frame_next_to_credit2)
{
	struct sim_config cfg = config(2, "credit2");
	struct a653_set set = { .pool = 1 };
	struct domain *a, *b, *c;

	sim_init(&cfg);
	make_pool(1, XEN_SCHEDULER_ARINC653, 0x2u);
	a = sim_domain_create_in(1, 1);
	b = sim_domain_create_in(1, 1);
	c = sim_domain_create(1);
	start_busy(a);
	start_busy(b);
	start_busy(c);
	set.s.major_frame = MILLISECS(10);
	set.s.nr_entries = 2;
	set.s.entries[0].domid = a->domid;
	set.s.entries[0].runtime = MILLISECS(2);
	set.s.entries[1].domid = b->domid;
	set.s.entries[1].runtime = MILLISECS(6);
	CHECK_EQ(sched_pool_arinc653_set(0, &set.s), -ENOSYS);
	CHECK_EQ(sched_pool_arinc653_set(4, &set.s), -ENOENT);
	sim_at_cb(MILLISECS(100), 1, a653_set_cb, &set);
	sim_run_until(MILLISECS(100) + SECONDS(1));
	CHECK_EQ(set.rc, 0);
	CHECK_EQ(ran_on_domain(a) | ran_on_domain(b), 0x2u);
	CHECK_EQ(ran_on_domain(c), 0x1u);
	/* From the schedule on: 100 frames of 2 + 6 ms (before it, the default
	 * frame gave each 10 ms of 20, give or take the microseconds the
	 * domains were created apart). */
	CHECK(llabs(domain_time(a) - MILLISECS(250)) <= MICROSECS(20));
	CHECK(llabs(domain_time(b) - MILLISECS(650)) <= MICROSECS(20));
	CHECK(domain_time(c) > SECONDS(1) + MILLISECS(99));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_MAIN()
