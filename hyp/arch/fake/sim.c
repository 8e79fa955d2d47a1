/* SPDX-License-Identifier: MIT */
/*
 * Fake arch for the scheduler simulator: the hooks hyp/core/sched.c and
 * hyp/core/timer.c call (hyp/include/hyp/arch.h, percpu.h, time.h), backed
 * by a deterministic virtual machine (struct fake_machine) instead of
 * hardware. Nothing here advances time; tests/sim/sim.c does.
 *
 * - The counter reads virtual time converted at fake_machine.freq.
 * - arch_timer_program() only records the deadline per pCPU.
 * - arch_send_ipi() marks an SGI pending on the target; it is "taken" after
 *   fake_machine.ipi_latency, when the simulator sets need_resched there
 *   (as hyp/arch/arm64/irq.c does for IPI_KICK).
 * - arch_vcpu_save/restore track which context is on which pCPU and record a
 *   violation if a context would be on two pCPUs or restored unsaved.
 * Linked into host tests only; replaces hyp/arch/fake/host.c for them.
 */
#include <fake/sim_arch.h>
#include <hyp/arch.h>
#include <hyp/percpu.h>
#include <hyp/time.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct fake_machine fake_machine;
struct pcpu pcpus[MAX_CPUS];
unsigned nr_cpus_online;
unsigned nr_cpus_possible;

#define SPIN_LIMIT (1UL << 22)
#define MAX_PRINTED_VIOLATIONS 20

void fake_violation(const char *fmt, ...)
{
	va_list ap;

	if (fake_machine.violations++ >= MAX_PRINTED_VIOLATIONS)
		return;
	fprintf(stderr, "sim violation at t=%lld ns, cpu%u: ", (long long)fake_machine.now,
		fake_machine.cpu);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void fake_machine_reset(unsigned nr_cpus, uint32_t freq, s_time_t ipi_latency)
{
	if (nr_cpus == 0 || nr_cpus > MAX_CPUS) {
		fprintf(stderr, "fake_machine_reset: bad nr_cpus %u\n", nr_cpus);
		abort();
	}
	memset(&fake_machine, 0, sizeof(fake_machine));
	memset(pcpus, 0, sizeof(pcpus));
	fake_machine.freq = freq;
	fake_machine.ipi_latency = ipi_latency;
	fake_machine.nr_cpus = nr_cpus;
	for (unsigned i = 0; i < nr_cpus; i++) {
		fake_machine.cpus[i].ipi_at = -1;
		fake_machine.cpus[i].timer_last_fire = -1;
		pcpus[i].id = i;
		pcpus[i].mpidr = i;
		pcpus[i].online = true;
		fake_set_cpu(i);
		timer_cpu_init();
	}
	fake_set_cpu(0);
	nr_cpus_online = nr_cpus;
	nr_cpus_possible = nr_cpus;
	time_init();
}

void fake_set_cpu(unsigned cpu)
{
	fake_machine.cpu = cpu;
}

s_time_t fake_ticks_deadline_ns(uint64_t ticks)
{
	unsigned __int128 ns = (unsigned __int128)ticks * 1000000000u + fake_machine.freq - 1;
	return (s_time_t)(ns / fake_machine.freq);
}

/* ---- percpu.h, spinlock.h */

struct pcpu *this_pcpu(void)
{
	return &pcpus[fake_machine.cpu];
}

unsigned this_cpu(void)
{
	return fake_machine.cpu;
}

int arch_this_cpu_id(void)
{
	return (int)fake_machine.cpu;
}

/*
 * Single-threaded simulation: a CPU that busy-waits can only be released by
 * another CPU, so let the simulator run the others (vcpu_pause_sync()). A
 * wait nobody can end (a lock taken twice) is a deadlock: stop loudly.
 */
void arch_cpu_relax(void)
{
	static bool in_hook;

	fake_machine.spins++;
	if ((fake_machine.spins & 1023) == 0 && fake_machine.on_spin && !in_hook) {
		in_hook = true;
		fake_machine.on_spin();
		in_hook = false;
	}
	if (fake_machine.spins > SPIN_LIMIT) {
		fprintf(stderr, "sim: cpu%u spins forever at t=%lld ns (deadlock)\n",
			fake_machine.cpu, (long long)fake_machine.now);
		abort();
	}
}

/* ---- time.h: the counter */

uint64_t counter_read(void)
{
	unsigned __int128 t = (unsigned __int128)fake_machine.now * fake_machine.freq;
	return (uint64_t)(t / 1000000000u);
}

uint32_t counter_freq(void)
{
	return fake_machine.freq;
}

/* ---- arch.h */

void arch_timer_program(uint64_t ticks)
{
	struct fake_cpu *c = &fake_machine.cpus[fake_machine.cpu];

	c->timer_enabled = true;
	c->timer_deadline = ticks;
	c->timer_programs++;
}

void arch_timer_disable(void)
{
	fake_machine.cpus[fake_machine.cpu].timer_enabled = false;
}

void arch_send_ipi(unsigned cpu, unsigned ipi)
{
	struct fake_cpu *c;
	s_time_t at = fake_machine.now + fake_machine.ipi_latency;

	if (cpu >= fake_machine.nr_cpus) {
		fake_violation("IPI %u to nonexistent cpu%u", ipi, cpu);
		return;
	}
	if (cpu == fake_machine.cpu)
		fake_violation("IPI %u sent to self", ipi);
	c = &fake_machine.cpus[cpu];
	c->ipis_sent++;
	/* SGIs are level-less pending bits: a second send before the first is
	 * taken merges with it. */
	if (c->ipi_at < 0 || at < c->ipi_at)
		c->ipi_at = at;
}

void arch_vcpu_init(struct vcpu *v)
{
	(void)v;
}

void arch_domain_activate(struct domain *d)
{
	(void)d;
}

void arch_vcpu_save(struct vcpu *v)
{
	unsigned cpu = fake_machine.cpu;
	struct fake_cpu *c = &fake_machine.cpus[cpu];

	if (c->loaded != v) {
		fake_violation("save of vCPU %p, but cpu%u holds %p", (void *)v, cpu,
			       (void *)c->loaded);
		return;
	}
	c->loaded = NULL;
	c->saves++;
	if (fake_machine.on_load)
		fake_machine.on_load(cpu, v, false);
}

void arch_vcpu_restore(struct vcpu *v)
{
	unsigned cpu = fake_machine.cpu;
	struct fake_cpu *c = &fake_machine.cpus[cpu];

	if (c->loaded)
		fake_violation("restore of %p over unsaved %p", (void *)v, (void *)c->loaded);
	for (unsigned i = 0; i < fake_machine.nr_cpus; i++)
		if (fake_machine.cpus[i].loaded == v)
			fake_violation("vCPU %p restored on cpu%u while loaded on cpu%u",
				       (void *)v, cpu, i);
	c->loaded = v;
	c->restores++;
	if (fake_machine.on_load)
		fake_machine.on_load(cpu, v, true);
}
