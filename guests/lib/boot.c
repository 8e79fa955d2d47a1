/* SPDX-License-Identifier: MIT */
/*
 * C side of vCPU bring-up: the boot vCPU's path to test_main() and the
 * secondary vCPUs' path to the function named in their PSCI CPU_ON context.
 * cpu_boot[] is written by the vCPU calling guest_cpu_on() before CPU_ON and
 * only read by the target afterwards; entry_ctx[] is written by the target.
 */
#include <guest.h>

__noreturn void guest_boot_main(uintptr_t dtb);
__noreturn void guest_secondary_main(uintptr_t ctx);

/* 16-byte aligned stacks, indexed by linear vCPU id (start.S cpu_setup). */
uint8_t guest_stacks[GUEST_MAX_CPUS][GUEST_STACK_SIZE] __aligned(16);

uintptr_t guest_dtb;

static struct guest_cpu_boot cpu_boot[GUEST_MAX_CPUS];
static uintptr_t entry_ctx[GUEST_MAX_CPUS];

extern char _start[], _end[];

__noreturn void guest_park(void)
{
	for (;;) {
		local_irq_disable();
		wfi();
	}
}

/** Called from start.S on the boot vCPU with BSS zeroed and a stack. */
__noreturn void guest_boot_main(uintptr_t dtb)
{
	guest_dtb = dtb;
	test_main();
	test_finish();
}

/** Called from start.S on a vCPU started by PSCI CPU_ON; @ctx is its x0. */
__noreturn void guest_secondary_main(uintptr_t ctx)
{
	unsigned int cpu = cpu_id();
	const struct guest_cpu_boot *boot = (const struct guest_cpu_boot *)ctx;
	int32_t rc;

	atomic_set(&entry_ctx[cpu], ctx);
	if (ctx < (uintptr_t)_start || ctx > (uintptr_t)_end - sizeof(*boot) ||
	    !IS_ALIGNED(ctx, 8) || boot->magic != GUEST_CPU_BOOT_MAGIC)
		test_fail("vCPU%u started with x0 = %#lx, not the CPU_ON context", cpu,
			  (unsigned long)ctx);

	boot->fn(boot->arg);

	rc = psci_cpu_off();
	test_fail("vCPU%u: PSCI CPU_OFF returned %d", cpu, rc);
}

/** Start linear vCPU @cpu running fn(arg); returns the PSCI CPU_ON result. */
int32_t guest_cpu_on(unsigned int cpu, void (*fn)(void *arg), void *arg)
{
	struct guest_cpu_boot *boot;

	if (cpu >= GUEST_MAX_CPUS)
		test_result(ERROR, "guest_cpu_on: vCPU%u beyond GUEST_MAX_CPUS", cpu);
	boot = &cpu_boot[cpu];
	boot->magic = GUEST_CPU_BOOT_MAGIC;
	boot->fn = fn;
	boot->arg = arg;
	dsb(sy);
	return psci_cpu_on(cpu_to_mpidr(cpu), (uintptr_t)secondary_entry, (uintptr_t)boot);
}

uintptr_t guest_cpu_entry_ctx(unsigned int cpu)
{
	return cpu < GUEST_MAX_CPUS ? atomic_read(&entry_ctx[cpu]) : 0;
}
