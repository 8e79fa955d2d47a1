/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the rtds policy (hyp/core/sched/rtds.c) on the
 * deterministic simulator: EDF meets every deadline of a schedulable set
 * and delivers exactly the reserved budgets; an overloaded set reports
 * deadline misses; extratime is work-conserving without hurting
 * reservations; blocked vCPUs keep their budget; parameters are Xen's.
 */
#include "../sim/sim.h"
#include "unit.h"

#include <hyp/errno.h>

static struct sim_config config(unsigned nr_cpus)
{
	struct sim_config c = sim_default_config(nr_cpus);

	c.sched = "rtds";
	return c;
}

static long long absdiff(s_time_t a, s_time_t b)
{
	return a > b ? (long long)(a - b) : (long long)(b - a);
}

static void set_rt(struct vcpu *v, uint32_t period_us, uint32_t budget_us, bool extratime)
{
	struct sched_params p = { .sched_id = XEN_SCHEDULER_RTDS, .period_us = period_us,
				  .budget_us = budget_us, .extratime = extratime };

	CHECK_EQ(sched_set_vcpu_params(v, &p), 0);
}

/*
 * One pCPU, three busy vCPUs without extratime: 2 ms / 10 ms, 3 ms / 5 ms
 * and 1 ms / 20 ms -- utilisation 0.2 + 0.6 + 0.05 = 0.85 <= 1, so EDF meets
 * every deadline: no miss, and each gets exactly its budget every period
 * (1 s: 200, 600, 50 ms). The pCPU idles the remaining 15%.
 */
UNIT_TEST(rtds_schedulable_set_never_misses)
{
	struct sim_config cfg = config(1);
	static const uint32_t period[3] = { 10000, 5000, 20000 }, budget[3] = { 2000, 3000, 1000 };
	static const s_time_t want[3] = { MILLISECS(200), MILLISECS(600), MILLISECS(50) };
	struct domain *d;

	sim_init(&cfg);
	d = sim_domain_create(3);
	for (unsigned i = 0; i < 3; i++) {
		set_rt(d->vcpus[i], period[i], budget[i], false);
		sim_set_busy(sim_vcpu(d, i));
	}
	for (unsigned i = 0; i < 3; i++)
		sim_on(0, vcpu_up, d->vcpus[i]);
	sim_run_until(SECONDS(1));
	for (unsigned i = 0; i < 3; i++) {
		struct sim_vcpu *sv = sim_vcpu(d, i);
		CHECK_EQ(sched_rtds_deadline_misses(&sv->v), 0);
		/* Exactly its budget per period, to a counter tick per switch. */
		CHECK(absdiff(sim_cpu_time(sv), want[i]) <= (long long)(sv->nr_loads + 1) * 32);
		/* Every period it ran out of budget while still wanting more. */
		CHECK(sched_rtds_depletions(&sv->v) + 1 >= (uint64_t)(SECONDS(1) / MICROSECS(period[i])));
	}
	CHECK(absdiff(sim_cpu_idle_time(0), MILLISECS(150)) <= MICROSECS(10));
	printf("  0.85 on 1 pCPU: %lld %lld %lld us, misses %llu %llu %llu\n",
	       (long long)(sim_cpu_time(sim_vcpu(d, 0)) / 1000),
	       (long long)(sim_cpu_time(sim_vcpu(d, 1)) / 1000),
	       (long long)(sim_cpu_time(sim_vcpu(d, 2)) / 1000),
	       (unsigned long long)sched_rtds_deadline_misses(d->vcpus[0]),
	       (unsigned long long)sched_rtds_deadline_misses(d->vcpus[1]),
	       (unsigned long long)sched_rtds_deadline_misses(d->vcpus[2]));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * The same 2 ms / 10 ms vCPU in a set whose utilisation exceeds the pCPU
 * (3 busy vCPUs of 4 ms / 10 ms: 1.2): deadlines are missed, and counted.
 */
UNIT_TEST(rtds_overloaded_set_reports_misses)
{
	struct sim_config cfg = config(1);
	struct domain *d;
	uint64_t misses = 0;

	sim_init(&cfg);
	d = sim_domain_create(4);
	set_rt(d->vcpus[0], 10000, 2000, false);
	for (unsigned i = 1; i < 4; i++)
		set_rt(d->vcpus[i], 10000, 4000, false);
	for (unsigned i = 0; i < 4; i++) {
		sim_set_busy(sim_vcpu(d, i));
		sim_on(0, vcpu_up, d->vcpus[i]);
	}
	sim_run_until(SECONDS(1));
	for (unsigned i = 0; i < 4; i++)
		misses += sched_rtds_deadline_misses(d->vcpus[i]);
	printf("  1.4 on 1 pCPU: %llu deadline misses in 100 periods\n",
	       (unsigned long long)misses);
	/* 4 ms of the 14 ms demanded every 10 ms cannot be served. */
	CHECK(misses >= 90);
	CHECK(sim_cpu_idle_time(0) <= MICROSECS(10));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Two pCPUs, global EDF: four busy vCPUs of 4 ms / 10 ms (utilisation 1.6,
 * each at most 0.4) never miss, each gets exactly 400 ms per second.
 */
UNIT_TEST(rtds_global_edf_two_pcpus)
{
	struct sim_config cfg = config(2);
	struct domain *d;

	sim_init(&cfg);
	d = sim_domain_create(4);
	for (unsigned i = 0; i < 4; i++) {
		set_rt(d->vcpus[i], 10000, 4000, false);
		sim_set_busy(sim_vcpu(d, i));
		sim_on(i % 2, vcpu_up, d->vcpus[i]);
	}
	sim_run_until(SECONDS(1));
	for (unsigned i = 0; i < 4; i++) {
		struct sim_vcpu *sv = sim_vcpu(d, i);
		CHECK_EQ(sched_rtds_deadline_misses(&sv->v), 0);
		CHECK(absdiff(sim_cpu_time(sv), MILLISECS(400)) <= MICROSECS(20));
	}
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Extratime (Xen's default): a busy 2 ms / 10 ms vCPU with extratime next to
 * a busy 3 ms / 5 ms one without: the reserved vCPU still gets exactly 60%
 * and never misses, the extratime one gets all the rest (no idle time).
 * Without extratime the pCPU idles 20%.
 */
UNIT_TEST(rtds_extratime_is_work_conserving)
{
	struct sim_config cfg = config(1);
	struct domain *d;

	for (int extra = 1; extra >= 0; extra--) {
		sim_init(&cfg);
		d = sim_domain_create(2);
		set_rt(d->vcpus[0], 10000, 2000, extra);
		set_rt(d->vcpus[1], 5000, 3000, false);
		for (unsigned i = 0; i < 2; i++) {
			sim_set_busy(sim_vcpu(d, i));
			sim_on(0, vcpu_up, d->vcpus[i]);
		}
		sim_run_until(SECONDS(1));
		CHECK(absdiff(sim_cpu_time(sim_vcpu(d, 1)), MILLISECS(600)) <= MICROSECS(20));
		CHECK_EQ(sched_rtds_deadline_misses(d->vcpus[0]), 0);
		CHECK_EQ(sched_rtds_deadline_misses(d->vcpus[1]), 0);
		if (extra) {
			CHECK(absdiff(sim_cpu_time(sim_vcpu(d, 0)), MILLISECS(400)) <= MICROSECS(20));
			CHECK(sim_cpu_idle_time(0) <= MICROSECS(10));
		} else {
			CHECK(absdiff(sim_cpu_time(sim_vcpu(d, 0)), MILLISECS(200)) <= MICROSECS(20));
			CHECK(absdiff(sim_cpu_idle_time(0), MILLISECS(200)) <= MICROSECS(20));
		}
		CHECK_EQ(sim_violations(), 0);
		sim_destroy();
	}
}

/*
 * A vCPU with default parameters (10 ms / 4 ms, extratime) alone on a pCPU
 * gets all of it; a periodic one waking every 10 ms is served within its
 * budget at once (earliest deadline preempts a busy extratime vCPU).
 */
UNIT_TEST(rtds_defaults_and_wakeup_preemption)
{
	struct sim_config cfg = config(1);
	struct domain *d;
	struct sched_params p;
	struct sim_vcpu *busy, *per;

	sim_init(&cfg);
	d = sim_domain_create(2);
	CHECK_EQ(sched_get_vcpu_params(d->vcpus[0], &p), 0);
	CHECK_EQ(p.period_us, 10000);
	CHECK_EQ(p.budget_us, 4000);
	CHECK(p.extratime);
	busy = sim_vcpu(d, 0);
	per = sim_vcpu(d, 1);
	sim_set_busy(busy);
	sim_on(0, vcpu_up, &busy->v);
	sim_run_until(MILLISECS(100));
	CHECK(sim_cpu_time(busy) >= MILLISECS(100) - MICROSECS(10));
	/* per: 1 ms of work, then sleeps 9 ms; it has budget, busy is on
	 * extratime most of each period: per runs as soon as it wakes. */
	sim_set_periodic(per, MILLISECS(1), MILLISECS(9));
	sim_on(0, vcpu_up, &per->v);
	sim_run_until(SECONDS(1));
	CHECK(sim_max_wait(per) <= MILLISECS(4)); /* at worst busy's reserved 4 ms */
	CHECK_EQ(sched_rtds_deadline_misses(&per->v), 0);
	CHECK(sim_cpu_time(per) >= MILLISECS(85));
	CHECK(sim_cpu_idle_time(0) <= MICROSECS(10));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* Xen's limits: period and budget >= 10 us, budget <= period; the domain
 * call sets every vCPU; another policy's parameters are refused. */
UNIT_TEST(rtds_params)
{
	struct sim_config cfg = config(1);
	struct domain *d;
	struct sched_params p = { .sched_id = XEN_SCHEDULER_RTDS, .period_us = 10000,
				  .budget_us = 10001 };

	sim_init(&cfg);
	d = sim_domain_create(2);
	CHECK_EQ(sched_set_params(d, &p), -EINVAL);
	p.budget_us = 9;
	CHECK_EQ(sched_set_params(d, &p), -EINVAL);
	p.period_us = 9;
	CHECK_EQ(sched_set_vcpu_params(d->vcpus[0], &p), -EINVAL);
	p.period_us = 20000;
	p.budget_us = 5000;
	p.extratime = false;
	CHECK_EQ(sched_set_params(d, &p), 0);
	CHECK_EQ(sched_get_vcpu_params(d->vcpus[1], &p), 0);
	CHECK_EQ(p.period_us, 20000);
	CHECK_EQ(p.budget_us, 5000);
	CHECK(!p.extratime);
	p.sched_id = XEN_SCHEDULER_CREDIT2;
	CHECK_EQ(sched_set_params(d, &p), -EINVAL);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * Xen aligns every RTDS period grid to time 0: a busy 2 ms / 10 ms vCPU that
 * first becomes runnable at 3.3 ms has its first deadline at 10 ms, so it
 * runs 3.3-5.3 ms and then from 10 ms; with the grid started at its wake-up
 * it would run again at 13.3 ms instead.
 */
UNIT_TEST(rtds_period_grid_aligned_to_time_zero)
{
	struct sim_config cfg = config(1);
	struct domain *d;

	sim_init(&cfg);
	d = sim_domain_create(1);
	set_rt(d->vcpus[0], 10000, 2000, false);
	sim_set_busy(sim_vcpu(d, 0));
	sim_at(MICROSECS(3300), 0, vcpu_up, d->vcpus[0]);
	sim_run_until(MICROSECS(9900));
	CHECK_EQ(d->vcpus[0]->sched.deadline, MILLISECS(10));
	CHECK(absdiff(sim_cpu_time(sim_vcpu(d, 0)), MILLISECS(2)) <= MICROSECS(1));
	sim_run_until(MILLISECS(11));
	/* The second period started at 10 ms: 1 ms of it used by 11 ms. */
	CHECK(absdiff(sim_cpu_time(sim_vcpu(d, 0)), MILLISECS(3)) <= MICROSECS(1));
	CHECK_EQ(d->vcpus[0]->sched.deadline, MILLISECS(20));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_MAIN()
