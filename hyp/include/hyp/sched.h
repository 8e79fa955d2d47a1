/* SPDX-License-Identifier: MIT */
/*
 * Scheduler core and the interface every scheduler implements.
 *
 * The core (hyp/core/sched.c) owns vCPU run states (running, runnable,
 * blocked, offline), pause counts, time accounting, preemption via a per-pCPU
 * slice timer and the context switch; a scheduler (struct scheduler) only
 * keeps its queues and decides which runnable vCPU a pCPU runs next and for
 * how long. All hooks are called with the scheduler lock held.
 *
 * Policies (hyp/core/sched/): "credit2" (default), "rtds", "arinc653",
 * "null", plus the core's "rr". Parameter names, units and defaults are
 * Xen's (docs/misc/xen-command-line.pandoc, xl.cfg(5), xl(1) sched-*).
 *
 * cpupools: the pCPUs are split into pools (Xen's cpupools), each with its
 * own instance of a policy (struct cpupool: ops + priv) and its own pCPUs;
 * a pCPU is in at most one pool (else "free": it idles). Every domain is in
 * one pool; its vCPUs run only on that pool's pCPUs. Pool 0 ("Pool-0") is
 * made by sched_init() with every online pCPU and the sched= policy.
 */
#ifndef HYP_SCHED_H
#define HYP_SCHED_H

#include <hyp/list.h>
#include <hyp/time.h>
#include <hyp/types.h>

struct vcpu;
struct domain;

/* Xen public domctl.h XEN_SCHEDULER_* (sysctl sched_id, domctl scheduler_op). */
#define XEN_SCHEDULER_CREDIT2 6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS 8
#define XEN_SCHEDULER_NULL 9

/* Per-vCPU policy state, kept in struct vcpu (one flat block: every field
 * belongs to the policy named in its comment; guarded by the scheduler lock). */
struct sched_vcpu_data {
	struct list_head all_link;  /* policy's list of every inserted vCPU */
	struct list_head park_link; /* credit2: parked (out of cap budget) */
	s_time_t start;             /* credit2/rtds: when its running time was last accounted */
	s_time_t credit;            /* credit2 */
	s_time_t budget;            /* credit2: cap budget grabbed; rtds: budget left */
	int rq;                     /* credit2: runqueue, -1 none */
	bool yielded;               /* credit2: yielded, prefer anything else once */
	bool parked;                /* credit2 */
	s_time_t period, max_budget; /* rtds parameters (ns) */
	s_time_t deadline;          /* rtds: current deadline */
	unsigned prio_level;        /* rtds: 0, or n-th extratime refill in this period */
	bool extratime;             /* rtds */
	bool depleted;              /* rtds: out of budget until its next period */
	uint64_t deadline_misses;   /* rtds: periods that ended with budget owed while runnable */
	uint64_t depletions;        /* rtds: budget exhausted while still runnable */
	int cpu;                    /* null: assigned pCPU, -1 none */
	/* Core (sched.c): affinities as set (domctl/tools); struct vcpu's
	 * hard/soft_affinity are these within the pool's pCPUs (what the
	 * policies use). */
	uint64_t hard_set, soft_set;
	bool inserted;              /* known to its pool's policy */
};

/* Per-domain policy state, kept in struct domain. */
struct sched_dom_data {
	bool is_initialised;
	struct cpupool *pool;       /* core: its pool (NULL before the first vCPU: Pool-0) */
	struct list_head pool_link; /* core: in pool->domains while it has vCPUs inserted */
	unsigned nr_inserted;       /* its vCPUs known to the policy */
	uint16_t weight;            /* credit2: 1..65535, default 256 */
	uint16_t cap;               /* credit2: % of one pCPU, 0 = none */
	s_time_t cap_budget;        /* credit2: budget pool left this cap period (may be < 0) */
	unsigned cap_slot;          /* credit2: 1 + index of its replenishment timer, 0 none */
	struct list_head parked;    /* credit2: its parked vCPUs */
};

/**
 * Scheduling parameters of a domain (domctl scheduler_op putinfo/getinfo,
 * Xen's struct xen_domctl_sched_credit2 / _rtds). sched_id says whose
 * parameters they are; it must be the running policy's.
 */
struct sched_params {
	unsigned sched_id;
	uint16_t weight;       /* credit2: 1..65535 (0 on put: keep) */
	uint16_t cap;          /* credit2: percent of one pCPU, 0 = no cap */
	uint32_t period_us;    /* rtds: 10..; put: every vCPU */
	uint32_t budget_us;    /* rtds: 10..period_us */
	bool extratime;        /* rtds: XEN_DOMCTL_SCHEDRT_extra */
};

/* ARINC653 schedule (Xen's struct xen_sysctl_arinc653_schedule, with the
 * domain named by domid instead of its handle). */
#define ARINC653_MAX_DOMAINS_PER_SCHEDULE 64
#define ARINC653_ALL_VCPUS 0xffffffffu /* hospes extension: every vCPU of the domain */
struct arinc653_entry {
	uint16_t domid;
	uint32_t vcpu_id;      /* or ARINC653_ALL_VCPUS */
	s_time_t runtime;      /* ns, > 0 */
};
struct arinc653_schedule {
	s_time_t major_frame;  /* ns, >= sum of runtimes */
	unsigned nr_entries;   /* 1..ARINC653_MAX_DOMAINS_PER_SCHEDULE */
	struct arinc653_entry entries[ARINC653_MAX_DOMAINS_PER_SCHEDULE];
};

struct sched_decision {
	struct vcpu *next; /* NULL: run idle */
	s_time_t slice;    /* how long before the core asks again; <0: no limit */
};

struct cpupool;

/*
 * A policy. Every hook gets the pool whose instance it works on (its state
 * is pool->priv, priv_size bytes, zeroed before init) and runs with the
 * scheduler lock held. The vCPUs passed are that pool's.
 */
struct scheduler {
	const char *name;     /* "credit2", "rtds", ... */
	unsigned sched_id;    /* Xen XEN_SCHEDULER_* number reported to tools */
	size_t priv_size;     /* bytes of per-pool state */
	void (*init)(struct cpupool *pool);
	/* Optional: the pool is destroyed (empty); stop its timers. */
	void (*deinit)(struct cpupool *pool);
	void (*insert_vcpu)(struct cpupool *pool, struct vcpu *v);  /* new vCPU (not yet runnable) */
	void (*remove_vcpu)(struct cpupool *pool, struct vcpu *v);  /* vCPU going away; dequeue */
	void (*wake)(struct cpupool *pool, struct vcpu *v);         /* became runnable: enqueue */
	void (*sleep)(struct cpupool *pool, struct vcpu *v);        /* no longer runnable: dequeue */
	void (*yield)(struct cpupool *pool, struct vcpu *v);        /* running vCPU gives up its slice */
	/* Choose what @cpu (one of the pool's) runs next; @prev is the vCPU it
	 * ran (NULL = idle or another pool's), still runnable or not (check the
	 * core's vcpu_runnable()) and maybe no longer allowed on @cpu. */
	struct sched_decision (*do_schedule)(struct cpupool *pool, unsigned cpu, struct vcpu *prev,
					     s_time_t now);
	void (*dump)(struct cpupool *pool, void (*print)(const char *fmt, ...));
	/* Optional. A runnable vCPU is queued (woken, or preempted by
	 * schedule()): poke the pCPU(s) that should take it. Default: the
	 * first idle pCPU of its hard affinity. */
	void (*tickle)(struct cpupool *pool, struct vcpu *v, s_time_t now);
	/* Optional: domain / vCPU parameters (-EINVAL if bad, -ENOSYS if none). */
	int (*set_params)(struct cpupool *pool, struct domain *d, const struct sched_params *p);
	int (*get_params)(struct cpupool *pool, struct domain *d, struct sched_params *p);
	int (*set_vcpu_params)(struct cpupool *pool, struct vcpu *v, const struct sched_params *p);
	int (*get_vcpu_params)(struct cpupool *pool, struct vcpu *v, struct sched_params *p);
	/* Optional: hard/soft affinity of a vCPU not running changed (also
	 * when its pool's pCPUs changed). */
	void (*affinity_changed)(struct cpupool *pool, struct vcpu *v);
	/* Optional: pCPUs were added to / removed from pool->cpus (called
	 * before the vCPUs' affinities are updated). */
	void (*cpus_changed)(struct cpupool *pool);
};

/* Xen's CPUPOOLID_NONE / XEN_SYSCTL_CPUPOOL_PAR_ANY. */
#define CPUPOOLID_NONE 0xffffffffu
#define MAX_CPUPOOLS 16

/** A cpupool (see the file comment). Guarded by the scheduler lock. */
struct cpupool {
	unsigned id;
	bool in_use;
	const struct scheduler *ops;
	void *priv;                /* the policy's state, ops->priv_size bytes */
	uint64_t cpus;             /* its pCPUs */
	unsigned n_dom;            /* domains in it */
	struct list_head domains;  /* those with vCPUs inserted (sched_dom_data.pool_link) */
	int ratelimit_us;          /* credit2 -s: -1 = sched_ratelimit_us */
};

/* Registered schedulers, selected with sched= on the command line. */
extern const struct scheduler sched_rr;
extern const struct scheduler sched_credit2;
extern const struct scheduler sched_rtds;
extern const struct scheduler sched_arinc653;
extern const struct scheduler sched_null;

/*
 * Scheduler options of the command line (Xen's names): sched_ratelimit_us,
 * credit2_runqueue=cpu|core|socket|node|all, sched_credit2_max_cpus_runqueue,
 * credit2_cap_period_ms. Returns 0 if consumed, -ENOENT if not a scheduler
 * option, -EINVAL for a bad value. Takes effect at sched_init() (ratelimit:
 * at once). sched_options_reset() restores every default (host tests).
 */
int sched_parse_option(const char *name, size_t nlen, const char *val, size_t vlen);
void sched_options_reset(void);

/* Domain / vCPU parameters (toolstack: domctl scheduler_op); 0 or -errno. */
int sched_set_params(struct domain *d, const struct sched_params *p);
int sched_get_params(struct domain *d, struct sched_params *p);
int sched_set_vcpu_params(struct vcpu *v, const struct sched_params *p);
int sched_get_vcpu_params(struct vcpu *v, struct sched_params *p);
/* Hard / soft affinity (domctl setvcpuaffinity); hard must allow an online
 * pCPU of the domain's pool (else -EINVAL, as Xen). */
int sched_set_affinity(struct vcpu *v, uint64_t hard, uint64_t soft);
/* The affinities as last set (not restricted to the pool). */
void sched_get_affinity(const struct vcpu *v, uint64_t *hard, uint64_t *soft);
/* ARINC653 schedule of Pool-0 / of a pool (sysctl scheduler_op put/getinfo);
 * -ENOSYS under another policy, -ENOENT: no such pool. */
int sched_arinc653_set(const struct arinc653_schedule *s);
int sched_arinc653_get(struct arinc653_schedule *s);
int sched_pool_arinc653_set(unsigned poolid, const struct arinc653_schedule *s);
int sched_pool_arinc653_get(unsigned poolid, struct arinc653_schedule *s);

/*
 * cpupools (sysctl cpupool_op; semantics and errno values of Xen 4.17's
 * xen/common/sched/cpupool.c). All return 0 or -errno and change nothing on
 * error.
 */
/* New empty pool; *poolid: the id wanted or CPUPOOLID_NONE (next free),
 * the id made on return. -EEXIST, -ENOENT (no such scheduler), -ENOMEM. */
int sched_pool_create(unsigned *poolid, unsigned sched_id);
/* Same, by policy name (boot-time pools). */
int sched_pool_create_named(unsigned *poolid, const char *sched_name);
/* Only a pool without domains and pCPUs: -ENOENT, -EBUSY. */
int sched_pool_destroy(unsigned poolid);
/* The first pool with id >= *poolid: its id, policy id, pCPUs, domains. */
int sched_pool_info(unsigned *poolid, unsigned *sched_id, uint64_t *cpus, unsigned *n_dom);
/* A free pCPU (or CPUPOOLID_NONE: any) joins the pool: -ENOENT, -ENODEV, -EINVAL. */
int sched_pool_add_cpu(unsigned poolid, unsigned cpu);
/* The pCPU (or CPUPOOLID_NONE: the pool's last) leaves; its vCPUs move to
 * the pool's other pCPUs. -ENOENT, -EINVAL (offline), -EADDRNOTAVAIL (not
 * in the pool), -EBUSY (the last pCPU of a pool with domains). */
int sched_pool_remove_cpu(unsigned poolid, unsigned cpu);
/* pCPUs online and in no pool. */
uint64_t sched_free_cpus(void);
/* Put a domain without vCPUs inserted yet in a pool (domain creation):
 * -ESRCH no such pool, -ENODEV it has no pCPU. */
int sched_domain_set_pool(struct domain *d, unsigned poolid);
/* Could a domain be created in the pool? 0, -ESRCH or -ENODEV as above. */
int sched_pool_usable(unsigned poolid);
/* Move a domain (not the caller's) to another pool; its vCPUs are paused
 * meanwhile and keep their state (runnable, blocked) under the new policy.
 * -ENOENT (no such pool or no pCPU in it). */
int sched_move_domain(struct domain *d, unsigned poolid);
unsigned sched_domain_pool_id(const struct domain *d);
/* The scheduler (XEN_SCHEDULER_*) of a domain's pool. */
unsigned sched_domain_sched_id(const struct domain *d);
/* credit2 ratelimit of a pool (sysctl scheduler_op, xl sched-credit2 -s):
 * -ENOENT, -EINVAL (not credit2 / out of range). */
int sched_pool_set_ratelimit(unsigned poolid, unsigned sched_id, unsigned us);
int sched_pool_get_ratelimit(unsigned poolid, unsigned sched_id, unsigned *us);
/* Counters of one vCPU under rtds (tests, debug key 'r'). */
uint64_t sched_rtds_deadline_misses(const struct vcpu *v);
uint64_t sched_rtds_depletions(const struct vcpu *v);
/* Print every pool's policy state under the scheduler lock. */
void sched_dump(void (*print)(const char *fmt, ...));

void sched_init(const char *name);
/* Pool-0's policy. */
const struct scheduler *sched_current(void);
/* The policy registered under @name, NULL if none. */
const struct scheduler *sched_by_name(const char *name);
void sched_insert_vcpu(struct vcpu *v);
void sched_remove_vcpu(struct vcpu *v);
bool vcpu_runnable(const struct vcpu *v);
s_time_t vcpu_run_time(const struct vcpu *v);

void vcpu_wake(struct vcpu *v);             /* unblock (interrupt arrived) */
void vcpu_block(struct vcpu *v);            /* WFI: block unless an interrupt is deliverable */
void vcpu_yield(struct vcpu *v);
void vcpu_up(struct vcpu *v);               /* PSCI CPU_ON / boot */
void vcpu_down(struct vcpu *v);             /* PSCI CPU_OFF */
void vcpu_pause(struct vcpu *v);            /* does not wait */
void vcpu_pause_sync(struct vcpu *v);       /* waits until it is off every pCPU */
void vcpu_unpause(struct vcpu *v);
void vcpu_kick(struct vcpu *v);             /* make it notice new interrupts */

/* Called from leave_hypervisor(): run the scheduler if needed. */
void schedule(void);
void raise_resched(unsigned cpu);

#endif
