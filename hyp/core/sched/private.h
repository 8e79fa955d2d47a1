/* SPDX-License-Identifier: MIT */
/*
 * What the scheduler core (hyp/core/sched.c) offers the policies of
 * hyp/core/sched/ beyond struct scheduler: the boot options, the scheduler
 * lock for their own timer callbacks, pCPU kicks and affinity helpers.
 * Everything here is called with the scheduler lock held unless it says
 * otherwise. A policy keeps all its state in its pool's instance
 * (pool->priv) or in the per-vCPU / per-domain blocks of sched.h, never in
 * file-static variables: several pools may run the same policy.
 */
#ifndef HYP_CORE_SCHED_PRIVATE_H
#define HYP_CORE_SCHED_PRIVATE_H

#include <hyp/domain.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>

enum credit2_runqueue_kind { C2_RQ_CPU, C2_RQ_CORE, C2_RQ_SOCKET, C2_RQ_NODE, C2_RQ_ALL };

/** Scheduler options (command line names in sched_parse_option()). */
struct sched_options {
	unsigned ratelimit_us;           /* sched_ratelimit_us, default 1000, 0 = off */
	enum credit2_runqueue_kind c2_runqueue; /* credit2_runqueue, default socket */
	unsigned c2_max_cpus_runqueue;   /* sched_credit2_max_cpus_runqueue, default 16 */
	unsigned c2_cap_period_ms;       /* credit2_cap_period_ms, default 10 */
};

extern struct sched_options sched_opt;

/* Take / drop the scheduler lock (policy timer callbacks only). */
void sched_policy_lock(void);
void sched_policy_unlock(void);
/* Make @cpu run schedule() soon (IPI if remote). */
void sched_resched_cpu(unsigned cpu);
/* Online, nothing loaded and not already asked to reschedule. */
bool sched_cpu_idle(unsigned cpu);
/* The core's default tickle: first idle pCPU of @mask; true if one was kicked. */
bool sched_tickle_idle(uint64_t mask);
/* Same, trying @prefer (the pCPU a vCPU last ran on: warm caches, its
 * virtual timer there) first. */
bool sched_tickle_idle_prefer(uint64_t mask, int prefer);
/* The pCPUs that exist and are online. */
uint64_t sched_online_mask(void);
/* The online pCPUs of @pool. */
uint64_t sched_pool_cpus(const struct cpupool *pool);
/* The credit2 ratelimit in force in @pool (us, 0 = off). */
unsigned sched_pool_ratelimit_us(const struct cpupool *pool);
/* The pool of id @id, NULL if none. */
struct cpupool *sched_pool_find(unsigned id);
/* The pool @v's domain is in. */
struct cpupool *vcpu_pool(const struct vcpu *v);

static inline bool cpu_in(uint64_t mask, unsigned cpu)
{
	return cpu < 64 && (mask & (1ULL << cpu));
}

/* Soft affinity that actually restricts (non-empty, not a superset of hard). */
static inline uint64_t soft_mask(const struct vcpu *v)
{
	uint64_t s = v->soft_affinity & v->hard_affinity;

	return (s && s != v->hard_affinity) ? s : 0;
}

static inline int lowest_cpu(uint64_t mask)
{
	return mask ? __builtin_ctzll(mask) : -1;
}

#endif
