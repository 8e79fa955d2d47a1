/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the arinc653 policy (hyp/core/sched/arinc653.c) on the
 * deterministic simulator: exactly the configured major frame repeats
 * (order, shares, switch instants), a slot whose vCPU cannot run stays idle,
 * the default schedule gives every domain a slot and partitions time, and
 * schedules are validated as Xen does.
 */
#include "../sim/sim.h"
#include "unit.h"

#include <hyp/errno.h>

static struct sim_config config(unsigned nr_cpus)
{
	struct sim_config c = sim_default_config(nr_cpus);

	c.sched = "arinc653";
	return c;
}

static struct arinc653_schedule the_schedule;

static void set_schedule(void *arg)
{
	(void)arg;
	CHECK_EQ(sched_arinc653_set(&the_schedule), 0);
}

static void make_schedule(s_time_t major, unsigned n, const uint16_t *domid,
			  const uint32_t *vcpu, const s_time_t *runtime)
{
	memset(&the_schedule, 0, sizeof(the_schedule));
	the_schedule.major_frame = major;
	the_schedule.nr_entries = n;
	for (unsigned i = 0; i < n; i++) {
		the_schedule.entries[i].domid = domid[i];
		the_schedule.entries[i].vcpu_id = vcpu ? vcpu[i] : 0;
		the_schedule.entries[i].runtime = runtime[i];
	}
}

static struct sim_load_rec log_buf[4096];

/*
 * Domains A, B, C (one busy vCPU each) and the frame A 5 ms, B 10 ms, C 5 ms
 * (major frame 20 ms) on one pCPU for 1 s: A and C get exactly 250 ms, B
 * 500 ms; the restores are exactly A at 20k, B at 20k+5, C at 20k+15 ms.
 */
UNIT_TEST(arinc653_runs_exactly_the_major_frame)
{
	struct sim_config cfg = config(1);
	static const uint16_t dom[3] = { 0, 1, 2 };
	static const s_time_t rt[3] = { MILLISECS(5), MILLISECS(10), MILLISECS(5) };
	static const s_time_t offset[3] = { 0, MILLISECS(5), MILLISECS(15) };
	struct domain *d[3];
	size_t n;
	bool exact = true;

	sim_init(&cfg);
	sim_log_loads(log_buf, sizeof(log_buf) / sizeof(log_buf[0]));
	for (unsigned i = 0; i < 3; i++) {
		d[i] = sim_domain_create(1);
		sim_set_busy(sim_vcpu(d[i], 0));
		sim_on(0, vcpu_up, d[i]->vcpus[0]);
	}
	make_schedule(MILLISECS(20), 3, dom, NULL, rt);
	sim_at_cb(0, 0, set_schedule, NULL);
	sim_run_until(SECONDS(1) - 1);
	n = sim_log_count();
	CHECK(n <= sizeof(log_buf) / sizeof(log_buf[0]));
	/* 50 frames x 3 restores (+ saves), in order, at the exact instants. */
	{
		unsigned restores = 0;
		for (size_t i = 0; i < n; i++) {
			const struct sim_load_rec *r = &log_buf[i];
			unsigned slot = restores % 3;
			s_time_t when = (s_time_t)(restores / 3) * MILLISECS(20) + offset[slot];
			if (!r->loaded)
				continue;
			if (r->v != d[slot]->vcpus[0] || r->t != when) {
				if (exact)
					printf("  restore %u: d%u at %lld ns, want d%u at %lld\n", restores,
					       r->v->domain->domid, (long long)r->t, slot, (long long)when);
				exact = false;
			}
			restores++;
		}
		CHECK_EQ(restores, 150);
	}
	CHECK(exact);
	sim_run_until(SECONDS(1));
	CHECK_EQ(sim_cpu_time(sim_vcpu(d[0], 0)), MILLISECS(250));
	CHECK_EQ(sim_cpu_time(sim_vcpu(d[1], 0)), MILLISECS(500));
	CHECK_EQ(sim_cpu_time(sim_vcpu(d[2], 0)), MILLISECS(250));
	CHECK_EQ(sim_cpu_idle_time(0), 0);
	CHECK_EQ(sim_violations(), 0);
	sim_log_loads(NULL, 0);
	sim_destroy();
}

/*
 * A slot whose vCPU is blocked stays idle (nobody else gets its time), time
 * after the last minor frame is idle, and a vCPU woken inside its slot runs
 * at once for the rest of it.
 */
UNIT_TEST(arinc653_idle_slots)
{
	struct sim_config cfg = config(1);
	static const uint16_t dom[3] = { 0, 1, 2 };
	static const s_time_t rt[3] = { MILLISECS(5), MILLISECS(10), MILLISECS(5) };
	struct domain *d[3];

	sim_init(&cfg);
	for (unsigned i = 0; i < 3; i++) {
		d[i] = sim_domain_create(1);
		if (i == 1)
			sim_set_idle(sim_vcpu(d[i], 0)); /* B blocks for good */
		else
			sim_set_busy(sim_vcpu(d[i], 0));
		sim_on(0, vcpu_up, d[i]->vcpus[0]);
	}
	/* Major frame 25 ms: 5 ms idle at its end. */
	make_schedule(MILLISECS(25), 3, dom, NULL, rt);
	sim_at_cb(0, 0, set_schedule, NULL);
	sim_run_until(SECONDS(1));
	CHECK_EQ(sim_cpu_time(sim_vcpu(d[0], 0)), MILLISECS(200));
	CHECK_EQ(sim_cpu_time(sim_vcpu(d[2], 0)), MILLISECS(200));
	CHECK(sim_cpu_time(sim_vcpu(d[1], 0)) <= MICROSECS(1));
	CHECK(sim_cpu_idle_time(0) >= MILLISECS(600) - MICROSECS(1));

	/* Wake B 3 ms into one of its slots (1000 + 8 ms): it runs the 7 ms
	 * left, and from then on its whole slots. */
	sim_set_busy(sim_vcpu(d[1], 0));
	sim_at(SECONDS(1) + MILLISECS(8), 0, vcpu_wake, d[1]->vcpus[0]);
	sim_run_until(SECONDS(1) + MILLISECS(8) + MILLISECS(7));
	CHECK(sim_cpu_loaded(0) == NULL || sim_cpu_loaded(0) == d[2]->vcpus[0]);
	CHECK(sim_cpu_time(sim_vcpu(d[1], 0)) >= MILLISECS(7));
	CHECK(sim_cpu_time(sim_vcpu(d[1], 0)) <= MILLISECS(7) + MICROSECS(2));
	sim_run_until(SECONDS(2) + MILLISECS(15)); /* 40 more frames */
	CHECK(sim_cpu_time(sim_vcpu(d[1], 0)) >= MILLISECS(407));
	CHECK(sim_cpu_time(sim_vcpu(d[1], 0)) <= MILLISECS(407) + MICROSECS(2));
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/*
 * No schedule configured (what sched=arinc653 boots with): one 10 ms slot
 * per domain, every vCPU of it, vCPU i on pCPU i. Two domains of two busy
 * vCPUs on two pCPUs: each vCPU gets half its pCPU, and the two domains
 * never run at the same time.
 */
UNIT_TEST(arinc653_default_schedule_partitions_time)
{
	struct sim_config cfg = config(2);
	struct domain *d[2];
	struct arinc653_schedule s;
	size_t n;
	int loaded_dom[2] = { -1, -1 };
	bool overlap = false;

	sim_init(&cfg);
	sim_log_loads(log_buf, sizeof(log_buf) / sizeof(log_buf[0]));
	for (unsigned i = 0; i < 2; i++) {
		d[i] = sim_domain_create(2);
		for (unsigned j = 0; j < 2; j++) {
			sim_set_busy(sim_vcpu(d[i], j));
			sim_on(0, vcpu_up, d[i]->vcpus[j]);
		}
	}
	CHECK_EQ(sched_arinc653_get(&s), 0);
	CHECK_EQ(s.nr_entries, 2);
	CHECK_EQ(s.major_frame, MILLISECS(20));
	CHECK_EQ(s.entries[1].domid, 1);
	CHECK_EQ(s.entries[1].vcpu_id, ARINC653_ALL_VCPUS);
	sim_run_until(SECONDS(1));
	n = sim_log_count();
	CHECK(n <= sizeof(log_buf) / sizeof(log_buf[0]));
	/* Replay: at no instant between two records do the pCPUs hold vCPUs
	 * of different domains (a switch at one instant on both is fine). */
	for (size_t i = 0; i < n && i < sizeof(log_buf) / sizeof(log_buf[0]); i++) {
		const struct sim_load_rec *r = &log_buf[i];
		loaded_dom[r->cpu] = r->loaded ? (int)r->v->domain->domid : -1;
		if ((i + 1 == n || log_buf[i + 1].t > r->t) && loaded_dom[0] >= 0 &&
		    loaded_dom[1] >= 0 && loaded_dom[0] != loaded_dom[1])
			overlap = true;
	}
	CHECK(!overlap);
	for (unsigned i = 0; i < 2; i++)
		for (unsigned j = 0; j < 2; j++) {
			CHECK_EQ(sim_vcpu(d[i], j)->ran_on, 1u << j);
			CHECK(sim_cpu_time(sim_vcpu(d[i], j)) >= MILLISECS(500) - MICROSECS(100));
			CHECK(sim_cpu_time(sim_vcpu(d[i], j)) <= MILLISECS(500) + MICROSECS(100));
		}
	sim_log_loads(NULL, 0);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

/* Per-vCPU entries (Xen's form): d0v0 5 ms then d0v1 5 ms, each on its home. */
UNIT_TEST(arinc653_per_vcpu_entries)
{
	struct sim_config cfg = config(2);
	static const uint16_t dom[2] = { 0, 0 };
	static const uint32_t vc[2] = { 0, 1 };
	static const s_time_t rt[2] = { MILLISECS(5), MILLISECS(5) };
	struct domain *d;

	sim_init(&cfg);
	d = sim_domain_create(2);
	for (unsigned j = 0; j < 2; j++) {
		sim_set_busy(sim_vcpu(d, j));
		sim_on(0, vcpu_up, d->vcpus[j]);
	}
	make_schedule(MILLISECS(10), 2, dom, vc, rt);
	sim_at_cb(0, 0, set_schedule, NULL);
	sim_run_until(SECONDS(1) + MILLISECS(2));
	CHECK_EQ(sim_cpu_time(sim_vcpu(d, 0)), MILLISECS(502));
	CHECK_EQ(sim_cpu_time(sim_vcpu(d, 1)), MILLISECS(500));
	CHECK(sim_cpu_loaded(0) == d->vcpus[0] && sim_cpu_loaded(1) == NULL);
	CHECK_EQ(sim_violations(), 0);
	sim_destroy();
}

UNIT_TEST(arinc653_schedule_validation)
{
	struct sim_config cfg = config(1);
	static const uint16_t dom[2] = { 0, 1 };
	static const s_time_t rt[2] = { MILLISECS(5), MILLISECS(10) };
	static const s_time_t bad_rt[2] = { MILLISECS(5), 0 };

	sim_init(&cfg);
	sim_domain_create(1);
	make_schedule(MILLISECS(14), 2, dom, NULL, rt); /* runtimes exceed the frame */
	CHECK_EQ(sched_arinc653_set(&the_schedule), -EINVAL);
	make_schedule(MILLISECS(20), 2, dom, NULL, bad_rt);
	CHECK_EQ(sched_arinc653_set(&the_schedule), -EINVAL);
	make_schedule(MILLISECS(20), 0, dom, NULL, rt);
	CHECK_EQ(sched_arinc653_set(&the_schedule), -EINVAL);
	sim_destroy();

	cfg.sched = "credit2";
	sim_init(&cfg);
	make_schedule(MILLISECS(20), 2, dom, NULL, rt);
	CHECK_EQ(sched_arinc653_set(&the_schedule), -ENOSYS);
	sim_destroy();
}

UNIT_MAIN()
