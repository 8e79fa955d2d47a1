/* SPDX-License-Identifier: MIT */
/*
 * Fake arch of the scheduler simulator (hyp/arch/fake/sim.c): the "hardware"
 * of a deterministic machine of simulated pCPUs that share one virtual clock.
 * The event loop that drives it lives in tests/sim/.
 *
 * Invariant checked here: a vCPU context is on at most one pCPU, a pCPU holds
 * at most one, and a context is saved (on the pCPU that holds it) before it
 * is restored anywhere. Breaches are counted in fake_machine.violations.
 */
#ifndef FAKE_SIM_ARCH_H
#define FAKE_SIM_ARCH_H

#include <hyp/percpu.h>
#include <hyp/time.h>
#include <hyp/types.h>

struct vcpu;

/** One simulated pCPU's hardware. */
struct fake_cpu {
	bool timer_enabled;       /* EL2 timer armed (CNTHP_CTL.ENABLE) */
	uint64_t timer_deadline;  /* CNTHP_CVAL, counter ticks */
	s_time_t timer_last_fire; /* virtual time of the last timer interrupt, -1 if none */
	s_time_t ipi_at;          /* when the pending SGI arrives, -1 if none */
	struct vcpu *loaded;      /* vCPU context on this pCPU (save/restore) */
	unsigned long ipis_sent;  /* SGIs sent to this pCPU */
	unsigned long ipis_taken;
	unsigned long timer_irqs;
	unsigned long timer_programs;
	unsigned long restores, saves;
};

/** The whole simulated machine (one instance, reset per test). */
struct fake_machine {
	s_time_t now;          /* virtual time, ns */
	uint32_t freq;         /* counter frequency, Hz */
	s_time_t ipi_latency;  /* SGI send -> taken on the target */
	unsigned nr_cpus;
	unsigned cpu;          /* the pCPU the code is running on */
	struct fake_cpu cpus[MAX_CPUS];
	unsigned long violations;
	unsigned long spins;   /* arch_cpu_relax() calls since the last event */
	/* Optional hooks of the simulator. */
	void (*on_load)(unsigned cpu, struct vcpu *v, bool loaded); /* after restore / save */
	void (*on_spin)(void); /* a CPU busy-waits: let the others make progress */
};

extern struct fake_machine fake_machine;

/** Reset the machine: time 0, every pCPU online, idle, no timer, no IPI. */
void fake_machine_reset(unsigned nr_cpus, uint32_t freq, s_time_t ipi_latency);
/** Make @cpu the pCPU that this_cpu()/this_pcpu() name. */
void fake_set_cpu(unsigned cpu);
/** Earliest virtual time (ns) at which the counter reads >= @ticks. */
s_time_t fake_ticks_deadline_ns(uint64_t ticks);
/** Record an invariant breach (printed, counted; the test checks the count). */
void fake_violation(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
