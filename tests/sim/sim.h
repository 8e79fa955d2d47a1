/* SPDX-License-Identifier: MIT */
/*
 * Deterministic discrete-event simulator for the scheduler core
 * (hyp/core/sched.c + hyp/core/timer.c, unchanged) on the fake arch
 * (hyp/arch/fake/sim.c).
 *
 * Model: N pCPUs share a virtual clock. Everything happens at events, one at
 * a time, in a fixed order (test events, IPIs, timer interrupts, guest traps;
 * lower pCPU first), each "on" one pCPU: the handler runs with this_cpu() set
 * to it, then leave_hypervisor() is modelled (schedule() while need_resched,
 * then run the loaded vCPU or idle). Kinds of event:
 *   - IPI taken (fake_machine.ipi_latency after arch_send_ipi): need_resched.
 *   - EL2 timer interrupt when the counter reaches the programmed deadline:
 *     timer_softirq() (slice ends, guest wake-up timers).
 *   - workload trap of a loaded vCPU when its CPU time reaches the next
 *     action: WFI (vcpu_block, with a wake-up timer), yield, CPU_OFF.
 *   - test events (sim_at*), e.g. pause/unpause/wake from some pCPU.
 *
 * After every event the simulator checks invariants and records, per vCPU,
 * the CPU time it was loaded (from save/restore, independent of the core's
 * runstate accounting) and the longest intervals it was: loaded in one go,
 * runnable but not loaded, runnable while an allowed pCPU idled ("starve"),
 * loaded while not runnable ("stale"). Breaches go to fake_machine.violations.
 *
 * A pCPU that busy-waits (vcpu_pause_sync()) lets the others take their
 * pending IPIs at once, as they would in parallel; a wait nobody can end
 * aborts the test ("deadlock"). Links with hyp/arch/fake/sim.c instead of
 * hyp/arch/fake/host.c. SIM_TRACE=1 in the environment traces every event.
 */
#ifndef TESTS_SIM_H
#define TESTS_SIM_H

#include <fake/sim_arch.h>
#include <hyp/domain.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>

enum sim_workload {
	SIM_WL_IDLE,     /* WFI as soon as it runs (1 us of CPU time) */
	SIM_WL_BUSY,     /* never blocks */
	SIM_WL_PERIODIC, /* run run_ns of CPU time, block, woken by a timer after sleep_ns */
	SIM_WL_RANDOM,   /* random bursts, then block (timer or not) / yield / CPU_OFF + later CPU_ON */
};

struct sim_config {
	unsigned nr_cpus;
	uint32_t counter_freq;  /* Hz */
	s_time_t ipi_latency;   /* ns */
	uint64_t seed;
	const char *sched;      /* scheduler (sched=); NULL: "rr" */
	const char *sched_opts; /* "name=value ..." scheduler options, NULL: defaults */
};

/** One context restore or save, as the fake arch saw it (sim_log_loads()). */
struct sim_load_rec {
	s_time_t t;
	unsigned cpu;
	struct vcpu *v;
	bool loaded;
};

/** A simulated vCPU: the core's struct vcpu plus workload and observations. */
struct sim_vcpu {
	struct vcpu v; /* first: container_of from the core's pointer */
	enum sim_workload wl;
	s_time_t run_ns, sleep_ns;  /* SIM_WL_PERIODIC */
	s_time_t next_action;       /* CPU time at which the workload traps next */
	bool deliverable;           /* what vgic_has_deliverable() answers */
	/* Observations (virtual ns). */
	s_time_t cpu_time;          /* loaded time, excluding the current stint */
	int loaded_on;              /* pCPU holding its context, -1 if none */
	s_time_t loaded_at;
	uint64_t ran_on;            /* bitmap of pCPUs it was ever loaded on */
	unsigned long nr_loads;
	unsigned long nr_blocks, nr_yields, nr_downs;
	s_time_t max_stint;         /* longest continuous loaded interval */
	s_time_t min_preempted;     /* shortest stint that ended while still runnable, -1 none */
	unsigned long nr_preempted; /* stints that ended while still runnable */
	s_time_t cpu_time_on[MAX_CPUS]; /* loaded time per pCPU, excluding the current stint */
	bool removed;               /* sim_vcpu_remove() done */
	s_time_t wait_since, max_wait;     /* runnable, not loaded */
	s_time_t starve_since, max_starve; /* runnable, not loaded, an allowed pCPU idle */
	s_time_t stale_since, max_stale;   /* loaded, not runnable */
};

/** Default configuration: QEMU virt's 62.5 MHz counter, 2 us IPI latency. */
struct sim_config sim_default_config(unsigned nr_cpus);
/** Start a fresh machine (virtual time 0) with cfg->sched (default "rr"),
 * every scheduler option reset to its default, then cfg->sched_opts. */
void sim_init(const struct sim_config *cfg);
/** Remove every vCPU from the scheduler and free all domains. */
void sim_destroy(void);

/** A domain of @nr_vcpus offline vCPUs (inserted in the scheduler), all
 * pCPUs allowed, workload idle. */
struct domain *sim_domain_create(unsigned nr_vcpus);
/** Same, in cpupool @poolid (which must exist and have a pCPU). */
struct domain *sim_domain_create_in(unsigned nr_vcpus, unsigned poolid);
struct sim_vcpu *sim_vcpu(struct domain *d, unsigned i);
static inline struct sim_vcpu *sim_of(struct vcpu *v)
{
	return container_of(v, struct sim_vcpu, v);
}
void sim_set_busy(struct sim_vcpu *sv);
void sim_set_idle(struct sim_vcpu *sv);
void sim_set_periodic(struct sim_vcpu *sv, s_time_t run_ns, s_time_t sleep_ns);
void sim_set_random(struct sim_vcpu *sv);
/** Take a vCPU out of the scheduler (as domain destruction does), on @cpu. */
void sim_vcpu_remove(struct sim_vcpu *sv, unsigned cpu);
/** Record every context restore/save into @buf (up to @cap; NULL: stop). */
void sim_log_loads(struct sim_load_rec *buf, size_t cap);
size_t sim_log_count(void);

/** Run fn(v) now as an interrupt on @cpu, then leave the hypervisor there. */
void sim_on(unsigned cpu, void (*fn)(struct vcpu *), struct vcpu *v);
/** Same at virtual time @when (>= now). */
void sim_at(s_time_t when, unsigned cpu, void (*fn)(struct vcpu *), struct vcpu *v);
void sim_at_cb(s_time_t when, unsigned cpu, void (*fn)(void *), void *arg);

/** Process every event up to and including virtual time @t; now = @t after. */
void sim_run_until(s_time_t t);
void sim_run_for(s_time_t dt);
s_time_t sim_now(void);

/** Deterministic PRNG (xorshift64*), seeded by sim_init(). */
uint64_t sim_rand(void);
/** Uniform in [lo, hi]. */
s_time_t sim_rand_range(s_time_t lo, s_time_t hi);

/* Observations. */
bool sim_runnable(const struct vcpu *v); /* independent of the core's vcpu_runnable() */
s_time_t sim_cpu_time(const struct sim_vcpu *sv); /* including the current stint */
s_time_t sim_core_running_time(const struct vcpu *v); /* core's runstate_time[running] */
s_time_t sim_max_starve(const struct sim_vcpu *sv); /* including a current interval */
s_time_t sim_max_wait(const struct sim_vcpu *sv);
s_time_t sim_max_stale(const struct sim_vcpu *sv);
s_time_t sim_cpu_idle_time(unsigned cpu);         /* time with no vCPU loaded */
unsigned long sim_cpu_schedules(unsigned cpu);    /* schedule() calls */
struct vcpu *sim_cpu_loaded(unsigned cpu);
unsigned long sim_violations(void);
unsigned long sim_events(void);

#endif
