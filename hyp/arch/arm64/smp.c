/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data and secondary CPU bring-up through PSCI CPU_ON. Each CPU gets
 * a struct pcpu (TPIDR_EL2) and its own hypervisor stack. A CPU that does not
 * come online within a second is named in the log with the PSCI result.
 */
#include <asm/entry.h>
#include <asm/gic.h>
#include <asm/psci.h>
#include <asm/sysregs.h>
#include <hyp/arch.h>
#include <hyp/log.h>
#include <hyp/pa.h>
#include <hyp/percpu.h>
#include <hyp/smp.h>
#include <hyp/cmdline.h>
#include <hyp/log.h>
#include <hyp/watchdog.h>
#include <asm/mmu.h>

#define CPU_STACK_SIZE 16384

struct pcpu pcpus[MAX_CPUS];
unsigned nr_cpus_online;
unsigned nr_cpus_possible;
uint64_t secondary_stack_tops[MAX_CPUS];
static uint8_t cpu_stacks[MAX_CPUS][CPU_STACK_SIZE] __aligned(16);

extern char secondary_entry[];

struct pcpu *this_pcpu(void)
{
	return (struct pcpu *)READ_SYSREG(tpidr_el2);
}

unsigned this_cpu(void)
{
	struct pcpu *p = (struct pcpu *)READ_SYSREG(tpidr_el2);
	return p ? p->id : 0;
}

/* arch_this_cpu_id() is inline (asm/cpu_id.h), reading the id at PCPU_ID. */
_Static_assert(offsetof(struct pcpu, id) == PCPU_ID, "asm/cpu_id.h PCPU_ID");

void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

static void clean_dcache(const void *p, size_t len)
{
	uintptr_t a = ALIGN_DOWN((uintptr_t)p, 64);
	for (; a < (uintptr_t)p + len; a += 64)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

static void pcpu_setup(unsigned id, uint64_t mpidr)
{
	struct pcpu *p = &pcpus[id];

	p->id = id;
	p->mpidr = mpidr;
	p->stack_top = (uint64_t)(uintptr_t)&cpu_stacks[id][CPU_STACK_SIZE];
	p->stage = "boot";
	secondary_stack_tops[id] = p->stack_top;
}

void smp_init_boot_cpu(uint64_t mpidr)
{
	pcpu_setup(0, mpidr_affinity(mpidr));
	WRITE_SYSREG((uint64_t)(uintptr_t)&pcpus[0], tpidr_el2);
	nr_cpus_online = 1;
	pcpus[0].online = true;
}

/**
 * Start every CPU listed in @mpidrs (index 0 is the boot CPU). Returns the
 * number of CPUs online.
 */
unsigned smp_boot_secondaries(const uint64_t *mpidrs, unsigned count)
{
	nr_cpus_possible = count;
	for (unsigned i = 1; i < count && i < MAX_CPUS; i++)
		pcpu_setup(i, mpidrs[i]);
	clean_dcache(pcpus, sizeof(pcpus));
	clean_dcache(secondary_stack_tops, sizeof(secondary_stack_tops));
	mmu_clean_for_secondaries();

	for (unsigned i = 1; i < count && i < MAX_CPUS; i++) {
		int64_t rc = psci_call(PSCI_CPU_ON_64, mpidrs[i], va_to_pa(secondary_entry), i);
		if (rc != PSCI_SUCCESS) {
			pr_err("CPU%u (MPIDR %#lx) failed to start: PSCI CPU_ON returned %lld (%s)", i,
			       (unsigned long)mpidrs[i], (long long)rc, psci_error_name(rc));
			continue;
		}
		s_time_t deadline = NOW() + SECONDS(1);
		while (!READ_ONCE(pcpus[i].online) && NOW() < deadline)
			arch_cpu_relax();
		if (!READ_ONCE(pcpus[i].online)) {
			pr_err("CPU%u (MPIDR %#lx) did not come up within 1 s (PSCI CPU_ON returned SUCCESS; last stage: %s)",
			       i, (unsigned long)mpidrs[i], (const char *)pcpus[i].stage);
			continue;
		}
		nr_cpus_online++;
	}
	return nr_cpus_online;
}

/*
 * Test only (test_wedge_cpu): hang this CPU in the hypervisor with
 * interrupts masked, as a bug would, so the watchdog test can check that
 * the hang is reported with this CPU's registers and backtrace.
 */
static void __attribute__((noinline)) test_wedge_this_cpu(void)
{
	printk(LOG_WARN, "test_wedge_cpu: CPU%u now spins with interrupts masked", this_cpu());
	this_pcpu()->stage = "test_wedge_cpu spin";
	for (;;)
		__asm__ volatile("yield" ::: "memory");
}

void start_secondary(unsigned cpu)
{
	struct pcpu *p = &pcpus[cpu];

	WRITE_SYSREG((uint64_t)(uintptr_t)p, tpidr_el2);
	p->stage = "el2 init";
	arch_cpu_init_el2();
	timer_cpu_init();
	arch_timer_cpu_init();
	p->stage = "gic init";
	if (gic_cpu_init(p->mpidr)) {
		p->stage = "no redistributor";
		for (;;)
			wfe();
	}
	gic_enable_ppi(GIC_PPI_HYP_TIMER);
	gic_enable_ppi(GIC_PPI_VTIMER);
	gic_enable_ppi(GIC_PPI_MAINT);
	gic_enable_ppi(GIC_SGI_KICK);
	gic_enable_ppi(GIC_SGI_STOP);
	p->stage = "idle";
	dsb(sy);
	WRITE_ONCE(p->online, true);
	__asm__ volatile("msr daifclr, #1" ::: "memory"); /* FIQ: dump requests */
	watchdog_cpu_start();
	if (opt.test_wedge_cpu && cpu + 1 == nr_cpus_possible)
		test_wedge_this_cpu();
	enter_guest_first();
}

void arch_send_ipi(unsigned cpu, unsigned ipi)
{
	if (cpu < MAX_CPUS && pcpus[cpu].online)
		gic_send_sgi(pcpus[cpu].mpidr, ipi == IPI_STOP ? GIC_SGI_STOP : GIC_SGI_KICK);
}

void arch_stop_other_cpus(void)
{
	for (unsigned i = 0; i < MAX_CPUS; i++)
		if (i != this_cpu() && pcpus[i].online)
			arch_send_ipi(i, IPI_STOP);
}

void __noreturn arch_machine_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		wfi();
}

void __noreturn arch_machine_reset(void)
{
	psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		wfi();
}
