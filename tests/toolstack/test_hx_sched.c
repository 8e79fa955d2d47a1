/* SPDX-License-Identifier: MIT */
/*
 * hx scheduling commands end to end on the host (cmd_sched.c, cfg.c's CPU
 * lists and cpupool configurations) against the stand-in hypervisor's
 * cpupool model (fakexen.c: 4 CPUs, Pool-0 = CPUs 0-2 with d0, d1 and d3,
 * CPU 3 free). Checks xl's output formats, that every refusal names the
 * problem and changes nothing, and the hypervisor state after each change.
 * Pool names go to a temporary names file (no xenstored here).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "fakexen.h"
#include "hx.h"
#include "hxrun.h"
#include "unit.h"

static char names[64];

static void setup(void)
{
	alarm(60);
	setenv("XENSTORED_PATH", "/nonexistent/hx-test-socket", 1);
	snprintf(names, sizeof(names), "/tmp/hx-test-pools.%d", (int)getpid());
	unlink(names);
	setenv("HX_CPUPOOL_NAMES", names, 1);
	fakexen_init(&fx);
	fakexen_add(&fx, 0, 4, 131072);
	fakexen_add(&fx, 1, 2, 65536);
	fakexen_add(&fx, 3, 1, 16384);
}

/* Pool "rt" (rtds) on CPU 3 with d1 in it */
static void setup_rt_pool(void)
{
	setup();
	CHECK_EQ(run("cpupool-create name=\"rt\" sched=\"rtds\" cpus=\"3\""), 0);
	CHECK_EQ(run("cpupool-migrate 1 rt"), 0);
}

UNIT_TEST(cpulist_syntax)
{
	uint64_t m;
	char e[160];

	CHECK_EQ(hx_cpulist_parse("all", 4, &m, e, sizeof(e)), 0);
	CHECK_EQ(m, 0xfu);
	CHECK_EQ(hx_cpulist_parse("0-3,^1", 4, &m, e, sizeof(e)), 0);
	CHECK_EQ(m, 0xdu);
	CHECK_EQ(hx_cpulist_parse("all,^0-1", 4, &m, e, sizeof(e)), 0);
	CHECK_EQ(m, 0xcu);
	CHECK_EQ(hx_cpulist_parse("2", 4, &m, e, sizeof(e)), 0);
	CHECK_EQ(m, 0x4u);
	CHECK_EQ(hx_cpulist_parse("4", 4, &m, e, sizeof(e)), -1);
	CHECK(strstr(e, "not within 0-3"));
	CHECK_EQ(hx_cpulist_parse("1-", 4, &m, e, sizeof(e)), -1);
	CHECK_EQ(hx_cpulist_parse("x", 4, &m, e, sizeof(e)), -1);
	CHECK(strstr(e, "not a CPU list"));
	CHECK_EQ(hx_cpulist_parse("3-1", 4, &m, e, sizeof(e)), -1);
}

UNIT_TEST(pool_cfg_and_domain_pool_key)
{
	static const char pool_text[] = "name = \"p\"\nsched = \"null\"\ncpus = [\"1\", \"3\"]\n";
	static const char dom_text[] = "name = \"g\"\nkernel = \"/k\"\npool = \"rt\"\n";
	struct hx_pool_cfg pc;
	struct hx_cfg cfg;
	char e[256];

	CHECK_EQ(hx_pool_cfg_parse(&pc, "t", pool_text, strlen(pool_text), e, sizeof(e), NULL), 0);
	CHECK(!strcmp(pc.name, "p"));
	CHECK(!strcmp(pc.sched, "null"));
	CHECK_EQ(pc.cpus, 0xau);
	CHECK_EQ(hx_pool_cfg_parse(&pc, "t", "cpus = \"0-2,^1\"", 15, e, sizeof(e), NULL), 0);
	CHECK_EQ(pc.cpus, 0x5u);
	CHECK_EQ(hx_pool_cfg_parse(&pc, "t", "cpus = \"z\"", 10, e, sizeof(e), NULL), -1);
	CHECK(strstr(e, "t:1: cpus:"));
	CHECK_EQ(hx_cfg_parse(&cfg, "g.cfg", dom_text, strlen(dom_text), e, sizeof(e), NULL), 0);
	CHECK(!strcmp(cfg.pool, "rt"));
}

UNIT_TEST(cpupool_list_create_and_refusals)
{
	setup();
	CHECK_EQ(run("cpupool-list"), 0);
	CHECK(!strcmp(out, "Name               CPUs   Sched     Active   Domain count\n"
			   "Pool-0               3   credit2       y          3\n"));
	CHECK_EQ(run("cpupool-list -c"), 0);
	CHECK(!strcmp(out, "Name               CPU list\nPool-0             0,1,2\n"));

	/* Refusals: nothing is created. */
	CHECK_EQ(run("cpupool-create name=\"p\" sched=\"bvt\""), 1);
	CHECK(strstr(err, "Unknown scheduler 'bvt'"));
	CHECK_EQ(run("cpupool-create name=\"p\" cpus=\"1\""), 1);
	CHECK(strstr(err, "cpu 1 illegal or not free (free CPUs: 3)"));
	CHECK_EQ(run("cpupool-create name=\"Pool-0\""), 1);
	CHECK(strstr(err, "Pool name \"Pool-0\" already exists"));
	CHECK_EQ(run("cpupool-create sched=\"rtds\""), 1);
	CHECK(strstr(err, "Missing cpupool name!"));
	CHECK(!fx.pools[1].exists);

	CHECK_EQ(run("cpupool-create name=\"rt\" sched=\"rtds\" cpus=\"3\""), 0);
	CHECK(strstr(out, "Using config file \"command line\"\ncpupool name:   rt\n"
			  "scheduler:      rtds\nnumber of cpus: 1\n"));
	CHECK(fx.pools[1].exists);
	CHECK_EQ(fx.pools[1].sched_id, XEN_SCHEDULER_RTDS);
	CHECK_EQ(fx.pools[1].cpus, 0x8u);
	CHECK_EQ(run("cpupool-list"), 0);
	CHECK(strstr(out, "rt                   1      rtds       y          0\n"));
	CHECK_EQ(run("cpupool-list -c rt"), 0);
	CHECK(!strcmp(out, "Name               CPU list\nrt                 3\n"));
	CHECK_EQ(run("cpupool-list nope"), 1);
	CHECK(strstr(err, "Pool 'nope' does not exist"));
	unlink(names);
}

UNIT_TEST(cpupool_cpus_migrate_rename_destroy)
{
	setup_rt_pool();
	CHECK_EQ(fx.doms[1].cpupool, 1);
	CHECK_EQ(run("list -l 1"), 0);
	CHECK(strstr(out, "\"cpupool\": 1"));

	/* CPUs: only free ones join; a pool with domains keeps its last CPU. */
	CHECK_EQ(run("cpupool-cpu-add rt 2"), 1);
	CHECK(strstr(err, "CPU 2 is not free (it is in cpupool 'Pool-0'): nothing added"));
	CHECK_EQ(run("cpupool-cpu-remove rt 3"), 1);
	CHECK(strstr(err, "cannot remove the last CPU of cpupool 'rt': it has 1 domain(s)"));
	CHECK_EQ(fx.pools[1].cpus, 0x8u);
	CHECK_EQ(run("cpupool-cpu-remove Pool-0 1-2"), 0);
	CHECK_EQ(fx.pools[0].cpus, 0x1u);
	CHECK_EQ(run("cpupool-cpu-remove Pool-0 0"), 1);
	CHECK(strstr(err, "last CPU of cpupool 'Pool-0'"));
	CHECK_EQ(run("cpupool-cpu-add rt 1-2"), 0);
	CHECK_EQ(fx.pools[1].cpus, 0xeu);
	CHECK_EQ(run("cpupool-cpu-remove rt 0"), 1);
	CHECK(strstr(err, "CPU 0 is not in cpupool 'rt' (its CPUs: 1-3): nothing removed"));
	CHECK_EQ(run("cpupool-cpu-add rt 7"), 1);
	CHECK(strstr(err, "not within 0-3"));

	/* Migration: unknown pool, the caller itself. */
	CHECK_EQ(run("cpupool-migrate 3 nope"), 1);
	CHECK(strstr(err, "unknown cpupool 'nope'"));
	CHECK_EQ(run("cpupool-migrate 0 rt"), 1);
	CHECK(strstr(err, "cannot move 0 to cpupool 'rt': sysctl cpupool_op: "));
	CHECK_EQ(fx.doms[0].cpupool, 0);

	/* Rename (names file), destroy only when empty. */
	CHECK_EQ(run("cpupool-rename rt realtime"), 0);
	CHECK_EQ(run("cpupool-rename realtime Pool-0"), 1);
	CHECK(strstr(err, "a pool named 'Pool-0' exists"));
	CHECK_EQ(run("cpupool-list -c"), 0);
	CHECK(strstr(out, "realtime           1,2,3\n"));
	CHECK_EQ(run("cpupool-destroy realtime"), 1);
	CHECK(strstr(err, "it has 1 domain(s)"));
	CHECK_EQ(run("cpupool-migrate 1 Pool-0"), 0);
	CHECK_EQ(run("cpupool-destroy realtime"), 1);
	CHECK(strstr(err, "it still has CPUs"));
	CHECK_EQ(run("cpupool-cpu-remove realtime all"), 1); /* CPU 0 is not in it */
	CHECK_EQ(run("cpupool-cpu-remove realtime 1-3"), 0);
	CHECK_EQ(run("cpupool-destroy 1"), 0);
	CHECK(!fx.pools[1].exists);
	CHECK_EQ(run("cpupool-list"), 0);
	CHECK(!strstr(out, "realtime"));
	unlink(names);
}

UNIT_TEST(sched_credit2_list_set_and_ratelimit)
{
	setup();
	CHECK_EQ(run("sched-credit2"), 0);
	CHECK(strstr(out, "Cpupool Pool-0: ratelimit=1000us\n"
			  "Name                                ID Weight  Cap\n"
			  "Domain-0                             0    256    0\n"
			  "(null)                               1    256    0\n"));
	CHECK_EQ(run("sched-credit2 -d 1 -w 512 -c 50"), 0);
	CHECK_EQ(fx.doms[1].weight, 512);
	CHECK_EQ(fx.doms[1].cap, 50);
	CHECK_EQ(run("sched-credit2 -d 1 -w 1024"), 0);
	CHECK_EQ(fx.doms[1].cap, 50); /* kept */
	CHECK_EQ(run("sched-credit2 -d 1"), 0);
	CHECK(strstr(out, "(null)                               1   1024   50\n"));
	CHECK_EQ(run("sched-credit2 -d 1 -w 0"), 1);
	CHECK(strstr(err, "weight '0' out of range"));
	CHECK_EQ(run("sched-credit2 -d 1 -c 300"), 1); /* 2 vCPUs: at most 200 */
	CHECK(strstr(err, "scheduler_op d1: invalid argument"));
	CHECK_EQ(fx.doms[1].cap, 50);
	CHECK_EQ(run("sched-credit2 -w 5"), 1);
	CHECK(strstr(err, "Must specify a domain."));
	CHECK_EQ(run("sched-credit2 -s"), 0);
	CHECK(!strcmp(out, "Cpupool Pool-0: ratelimit=1000us\n"));
	CHECK_EQ(run("sched-credit2 -s -r 50"), 1);
	CHECK(strstr(err, "ratelimit '50' out of range"));
	CHECK_EQ(run("sched-credit2 -s -r 2000"), 0);
	CHECK_EQ(fx.pools[0].ratelimit_us, 2000);

	/* A domain in an RTDS pool has no credit2 parameters. */
	CHECK_EQ(run("cpupool-create name=\"rt\" sched=\"rtds\" cpus=\"3\""), 0);
	CHECK_EQ(run("cpupool-migrate 1 rt"), 0);
	CHECK_EQ(run("sched-credit2 -d 1 -w 100"), 1);
	CHECK(strstr(err, "is 1 in a credit2 cpupool?"));
	CHECK_EQ(run("sched-credit2 -s -p rt -r 2000"), 1);
	unlink(names);
}

UNIT_TEST(sched_rtds_per_vcpu_and_refusals)
{
	setup_rt_pool();
	CHECK_EQ(run("sched-rtds"), 0);
	CHECK(!strcmp(out, "Cpupool rt: sched=RTDS\n"
			   "Name                                ID    Period    Budget  Extratime\n"
			   "(null)                               1     10000      4000        yes\n"));
	CHECK_EQ(run("sched-rtds -d 1 -v 1 -p 20000 -b 5000 -e 0"), 0);
	CHECK_EQ(fx.doms[1].rtds[1].period, 20000);
	CHECK_EQ(fx.doms[1].rtds[1].budget, 5000);
	CHECK_EQ(fx.doms[1].rtds[1].flags, 0);
	CHECK_EQ(run("sched-rtds -d 1 -v all"), 0);
	CHECK(!strcmp(out, "Name                                ID VCPU    Period    Budget  Extratime\n"
			   "(null)                               1    0     10000      4000        yes\n"
			   "(null)                               1    1     20000      5000         no\n"));
	CHECK_EQ(run("sched-rtds -d 1 -v all -p 1000 -b 500 -e 1"), 0);
	CHECK_EQ(fx.doms[1].rtds[0].period, 1000);
	CHECK_EQ(fx.doms[1].rtds[1].budget, 500);

	/* Refusals, nothing changes. */
	CHECK_EQ(run("sched-rtds -d 1 -v 0 -p 1000 -b 2000 -e 1"), 1);
	CHECK(strstr(err, "budget 2000 us is larger than period 1000 us: nothing changed"));
	CHECK_EQ(run("sched-rtds -d 1 -p 1000 -b 500 -e 1"), 1);
	CHECK(strstr(err, "Must specify VCPU."));
	CHECK_EQ(run("sched-rtds -d 1 -v 0 -p 1000 -b 500"), 1);
	CHECK(strstr(err, "Incorrect number of period, budget and extratime"));
	CHECK_EQ(run("sched-rtds -d 1 -v 5 -p 1000 -b 500 -e 0"), 1);
	CHECK(strstr(err, "has no vCPU 5"));
	CHECK_EQ(run("sched-rtds -d 1 -v 0 -p 5 -b 5 -e 0"), 1);
	CHECK(strstr(err, "RTDS needs 10 <= budget <= period"));
	CHECK_EQ(fx.doms[1].rtds[0].period, 1000);
	CHECK_EQ(run("sched-rtds -d 0 -v 0"), 1); /* dom0 is in a credit2 pool */
	unlink(names);
}

UNIT_TEST(vcpu_pin_within_the_pool)
{
	setup();
	CHECK_EQ(run("vcpu-pin 1 0 3"), 1); /* CPU 3 is in no pool */
	CHECK(strstr(err, "CPUs 3 are outside 1's cpupool 'Pool-0' (CPUs 0-2): nothing changed"));
	CHECK_EQ(fx.doms[1].hard[0], 0x5u);
	CHECK_EQ(run("vcpu-pin 1 all 0-2,^1 all"), 0);
	CHECK_EQ(fx.doms[1].hard[0], 0x5u);
	CHECK_EQ(fx.doms[1].hard[1], 0x5u);
	CHECK_EQ(run("vcpu-pin 1 1 1 -"), 0);
	CHECK_EQ(fx.doms[1].hard[1], 0x2u);
	CHECK_EQ(fx.doms[1].soft[1], 0xfu);
	CHECK_EQ(run("vcpu-pin 1 1 - 0"), 0);
	CHECK_EQ(fx.doms[1].soft[1], 0x1u);
	CHECK_EQ(run("vcpu-list 1"), 0);
	CHECK(strstr(out, "Affinity (Hard / Soft)\n"));
	CHECK(strstr(out, "0,2 / all\n"));
	CHECK(strstr(out, "1 / 0\n"));
	CHECK_EQ(run("vcpu-pin 1 2 0"), 1);
	CHECK(strstr(err, "has no vCPU '2'"));
	CHECK_EQ(run("vcpu-pin 1 0 0-9"), 1);
	CHECK(strstr(err, "hard affinity: CPU range 0-9 not within 0-3"));
}

UNIT_TEST(sched_arinc653_set_and_show)
{
	setup();
	fx.doms[1].handle[0] = 0x11;
	fx.doms[3].handle[0] = 0x33;
	CHECK_EQ(run("cpupool-create name=\"part\" sched=\"arinc653\" cpus=\"3\""), 0);
	CHECK_EQ(run("cpupool-migrate 1 part"), 0);
	CHECK_EQ(run("cpupool-migrate 3 part"), 0);
	CHECK_EQ(run("sched-arinc653 -p part -m 100000 1=20000 3:0=30000"), 0);
	CHECK_EQ(fx.pools[1].a653.major_frame, 100000000u);
	CHECK_EQ(fx.pools[1].a653.num_sched_entries, 2);
	CHECK_EQ(fx.pools[1].a653.sched_entries[0].vcpu_id, UINT32_MAX);
	CHECK_EQ(fx.pools[1].a653.sched_entries[1].dom_handle[0], 0x33);
	CHECK_EQ(fx.pools[1].a653.sched_entries[1].runtime, 30000000u);
	CHECK_EQ(run("sched-arinc653 -p part"), 0);
	CHECK(!strcmp(out, "Cpupool part: major frame 100000 us, 2 minor frame(s)\n"
			   "Name                                ID VCPU   Runtime\n"
			   "(null)                               1  all     20000\n"
			   "(null)                               3    0     30000\n"));
	CHECK_EQ(run("sched-arinc653 -p part -m 40000 1=20000 3=30000"), 1);
	CHECK(strstr(err, "add up to 50000 us, more than the major frame (40000 us)"));
	CHECK_EQ(run("sched-arinc653 -p part -m 40000 3:4=100"), 1);
	CHECK(strstr(err, "has no vCPU 4"));
	CHECK_EQ(fx.pools[1].a653.major_frame, 100000000u);
	CHECK_EQ(run("sched-arinc653 -m 1000 1=100"), 1); /* Pool-0 runs credit2 */
	CHECK(strstr(err, "is the cpupool's scheduler arinc653?"));
	unlink(names);
}

/* hx create's pool= (xl.cfg): the pool is resolved first, then passed in
 * createdomain's cpupool_id; an unknown pool creates nothing. */
UNIT_TEST(create_in_a_pool)
{
	char path[64], kpath[64], text[256];
	FILE *f;

	setup();
	CHECK_EQ(run("cpupool-create name=\"rt\" sched=\"rtds\" cpus=\"3\""), 0);
	snprintf(kpath, sizeof(kpath), "/tmp/hx-test-%d-k", (int)getpid());
	f = fopen(kpath, "w");
	for (int i = 0; i < 4096; i++)
		fputc(i & 0xff, f);
	fclose(f);
	snprintf(path, sizeof(path), "/tmp/hx-test-%d.cfg", (int)getpid());
	snprintf(text, sizeof(text), "name = \"g\"\nkernel = \"%s\"\npool = \"nope\"\n", kpath);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	snprintf(text, sizeof(text), "create %s", path);
	CHECK_EQ(run(text), 1);
	CHECK(strstr(err, "unknown cpupool 'nope'"));
	CHECK_EQ(fx.calls[XEN_DOMCTL_createdomain], 0);

	snprintf(text, sizeof(text), "name = \"g\"\nkernel = \"%s\"\npool = \"rt\"\n", kpath);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	/* The build stops early (max_mem refused); createdomain saw the pool. */
	fx.fail_domctl = XEN_DOMCTL_max_mem;
	fx.fail_errno = 12;
	snprintf(text, sizeof(text), "create %s", path);
	CHECK_EQ(run(text), 1);
	CHECK_EQ(fx.calls[XEN_DOMCTL_createdomain], 1);
	CHECK_EQ(fx.last_create_pool, 1);
	unlink(path);
	unlink(kpath);
	unlink(names);
}

UNIT_MAIN()
