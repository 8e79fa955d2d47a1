/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the null policy (hyp/core/sched/null.c) on the
 * deterministic simulator: 1:1 assignment, no migration ever, waiting vCPUs
 * get a pCPU when one is released, idle pCPUs are not lent out, affinity.
 */
#include "../sim/sim.h"
#include "unit.h"

#define IPI_LAT MICROSECS(2)

static struct sim_config config(unsigned nr_cpus)
{
	struct sim_config c = sim_default_config(nr_cpus);

	c.sched = "null";
	return c;
}

static void down_and_remove(void *arg)
{
	struct sim_vcpu *sv = arg;

	vcpu_down(&sv->v);
	sim_vcpu_remove(sv, this_cpu());
}

/*
 * Two pCPUs, three busy vCPUs: the first two get a pCPU each and keep it,
 * the third waits (runs not at all). When the vCPU on pCPU 1 goes away, the
 * waiting one gets pCPU 1 within an IPI; the one on pCPU 0 never moves.
 */
UNIT_TEST(null_static_assignment_and_waitqueue)
{
	struct sim_config cfg = config(2);
	struct domain *d;
	struct sim_vcpu *a, *b, *c;

	sim_init(&cfg);
	d = sim_domain_create(3);
	a = sim_vcpu(d, 0);
	b = sim_vcpu(d, 1);
	c = sim_vcpu(d, 2);
	CHECK_EQ(a->v.sched.cpu, 0);
	CHECK_EQ(b->v.sched.cpu, 1);
	CHECK_EQ(c->v.sched.cpu, -1);
	for (unsigned i = 0; i < 3; i++) {
		sim_set_busy(sim_vcpu(d, i));
		sim_on(1, vcpu_up, d->vcpus[i]); /* from pCPU 1: no influence */
	}
	sim_run_until(SECONDS(1));
	CHECK_EQ(a->ran_on, 1u << 0);
	CHECK_EQ(b->ran_on, 1u << 1);
	CHECK_EQ(sim_cpu_time(c), 0);
	CHECK(sim_cpu_time(a) >= SECONDS(1) - MICROSECS(10));
	CHECK_EQ(a->nr_loads, 1); /* never preempted */
	CHECK_EQ(b->nr_loads, 1);

	/* b's domain goes away (CPU_OFF, then destruction): c gets pCPU 1. */
	sim_at_cb(SECONDS(1) + MILLISECS(1), 0, down_and_remove, b);
	sim_run_until(SECONDS(1) + MILLISECS(1) + IPI_LAT);
	CHECK_EQ(c->v.sched.cpu, 1);
	CHECK(sim_cpu_loaded(1) == &c->v);
	sim_run_until(SECONDS(2));
	CHECK_EQ(c->ran_on, 1u << 1);
	CHECK(sim_cpu_time(c) >= SECONDS(1) - MILLISECS(1) - MICROSECS(10));
	CHECK_EQ(a->ran_on, 1u << 0);
	CHECK_EQ(a->nr_loads, 1);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * A blocked assigned vCPU leaves its pCPU idle (not lent to the waiting
 * one); waking it runs it at once on its pCPU, never elsewhere, even with
 * another pCPU idle.
 */
UNIT_TEST(null_never_migrates)
{
	struct sim_config cfg = config(3);
	struct domain *d;
	struct sim_vcpu *p0, *p1, *w, *x;

	sim_init(&cfg);
	d = sim_domain_create(4);
	p0 = sim_vcpu(d, 0);
	p1 = sim_vcpu(d, 1);
	w = sim_vcpu(d, 2);
	x = sim_vcpu(d, 3); /* no pCPU left: waits */
	/* Assigned in order: p0 -> pCPU 0, p1 -> pCPU 1, w -> pCPU 2. */
	sim_set_periodic(p0, MILLISECS(1), MILLISECS(2));
	sim_set_periodic(p1, MICROSECS(300), MILLISECS(1));
	sim_set_busy(w);
	sim_set_busy(x);
	for (unsigned i = 0; i < 4; i++)
		sim_on(i % 3, vcpu_up, d->vcpus[i]);
	sim_run_until(SECONDS(2));
	CHECK_EQ(p0->ran_on, 1u << 0);
	CHECK_EQ(p1->ran_on, 1u << 1);
	CHECK_EQ(w->ran_on, 1u << 2);
	CHECK(p0->nr_loads > 500 && p1->nr_loads > 1000);
	/* Wake-ups are served at once on the own pCPU. */
	CHECK(sim_max_wait(p0) <= IPI_LAT);
	CHECK(sim_max_wait(p1) <= IPI_LAT);
	CHECK(sim_cpu_time(w) >= SECONDS(2) - MICROSECS(10));
	/* pCPUs 0 and 1 idle most of the time, yet x never runs. */
	CHECK(sim_cpu_idle_time(0) >= SECONDS(1));
	CHECK_EQ(x->nr_loads, 0);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * A waiting vCPU only takes a
 * released pCPU it is allowed on; a hard-affinity change that excludes the
 * assigned pCPU moves it (the only migration there is).
 */
UNIT_TEST(null_affinity)
{
	struct sim_config cfg = config(3);
	struct domain *d;
	struct vcpu *v[4];

	sim_init(&cfg);
	d = sim_domain_create(4); /* inserted (assigned) at creation: set later */
	for (unsigned i = 0; i < 4; i++)
		v[i] = d->vcpus[i];
	CHECK_EQ(v[0]->sched.cpu, 0);
	CHECK_EQ(v[1]->sched.cpu, 1);
	CHECK_EQ(v[2]->sched.cpu, 2);
	CHECK_EQ(v[3]->sched.cpu, -1);
	/* v3 may only use pCPU 2: v1 going away frees pCPU 1, no use to it. */
	CHECK_EQ(sched_set_affinity(v[3], 1u << 2, 0), 0);
	CHECK_EQ(v[3]->sched.cpu, -1);
	sim_vcpu_remove(sim_vcpu(d, 1), 0);
	CHECK_EQ(v[3]->sched.cpu, -1);
	/* v2 told to leave pCPU 2 for pCPU 1: v3 gets pCPU 2. */
	CHECK_EQ(sched_set_affinity(v[2], 1u << 1, 0), 0);
	CHECK_EQ(v[2]->sched.cpu, 1);
	CHECK_EQ(v[3]->sched.cpu, 2);
	for (unsigned i = 0; i < 4; i++) {
		if (i == 1)
			continue;
		sim_set_busy(sim_vcpu(d, i));
		sim_on(0, vcpu_up, v[i]);
	}
	sim_run_until(SECONDS(1));
	CHECK_EQ(sim_vcpu(d, 2)->ran_on, 1u << 1);
	CHECK_EQ(sim_vcpu(d, 3)->ran_on, 1u << 2);
	CHECK_EQ(sim_vcpu(d, 0)->ran_on, 1u << 0);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_MAIN()
