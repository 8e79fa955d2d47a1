/* SPDX-License-Identifier: MIT */
/*
 * psci: the vPSCI 1.1 interface over SMCCC HVC #0 (Arm DEN0022): version,
 * PSCI_FEATURES, AFFINITY_INFO, CPU_ON (context in x0, ALREADY_ON,
 * INVALID_PARAMETERS), CPU_OFF and starting a vCPU again after CPU_OFF.
 * Needs 2 vCPUs.
 */
#include <guest.h>

#define TIMEOUT_MS 2000
#define ARG_MAGIC ((void *)0x5ec0dd00cafe0001UL)

static struct guest_cpu_boot boot;
static unsigned int runs;
static void *seen_arg;
static bool stop;

/* vCPU1: report that it ran, wait to be told to stop, then CPU_OFF. */
static void secondary(void *arg)
{
	seen_arg = arg;
	atomic_inc(&runs);
	while (!atomic_read(&stop))
		cpu_relax();
	/* Returning makes the framework call PSCI CPU_OFF. */
}

static void wait_runs(unsigned int want)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(TIMEOUT_MS);

	while (atomic_read(&runs) < want)
		if (timer_now() > end)
			test_fail("vCPU1 did not run after CPU_ON (run %u)", want);
}

static void wait_affinity(int32_t want)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(TIMEOUT_MS);
	int32_t rc;

	while ((rc = psci_affinity_info(cpu_to_mpidr(1))) != want)
		if (timer_now() > end)
			test_fail("AFFINITY_INFO(vCPU1) stays %d, expected %d", rc, want);
}

static void start_vcpu1(unsigned int run)
{
	int32_t rc;

	boot.magic = GUEST_CPU_BOOT_MAGIC;
	boot.fn = secondary;
	boot.arg = ARG_MAGIC;
	atomic_set(&stop, false);
	dsb(sy);
	rc = psci_cpu_on(cpu_to_mpidr(1), (uintptr_t)secondary_entry, (uintptr_t)&boot);
	if (rc != PSCI_SUCCESS)
		test_fail("CPU_ON(vCPU1) #%u returned %d", run, rc);
	wait_runs(run);
	if (guest_cpu_entry_ctx(1) != (uintptr_t)&boot)
		test_fail("vCPU1 started with x0 = %#lx, CPU_ON context was %#lx",
			  (unsigned long)guest_cpu_entry_ctx(1), (unsigned long)&boot);
	if (seen_arg != ARG_MAGIC)
		test_fail("vCPU1 saw arg %p", seen_arg);
	wait_affinity(PSCI_AFFINITY_ON);
}

void test_main(void)
{
	int32_t rc;

	rc = psci_version();
	if (rc != 0x10001)
		test_fail("PSCI_VERSION returned %#x, expected 0x10001 (1.1)", rc);
	rc = psci_features(PSCI_0_2_FN_CPU_ON);
	if (rc != 0)
		test_fail("PSCI_FEATURES(CPU_ON) returned %d, expected 0", rc);
	rc = psci_features(0x8400ffffU);
	if (rc != PSCI_NOT_SUPPORTED)
		test_fail("PSCI_FEATURES(0x8400ffff) returned %d, expected -1", rc);

	rc = psci_affinity_info(cpu_to_mpidr(0));
	if (rc != PSCI_AFFINITY_ON)
		test_fail("AFFINITY_INFO(self) returned %d, expected 0 (ON)", rc);
	rc = psci_affinity_info(cpu_to_mpidr(1));
	if (rc != PSCI_AFFINITY_OFF)
		test_fail("AFFINITY_INFO(vCPU1) before CPU_ON returned %d, expected 1 (OFF)", rc);

	start_vcpu1(1);
	guest_printf("psci: vCPU1 up, context %#lx\n", (unsigned long)guest_cpu_entry_ctx(1));

	rc = psci_cpu_on(cpu_to_mpidr(1), (uintptr_t)secondary_entry, (uintptr_t)&boot);
	if (rc != PSCI_ALREADY_ON)
		test_fail("CPU_ON(vCPU1) while on returned %d, expected -4 (ALREADY_ON)", rc);
	rc = psci_cpu_on(0x7, (uintptr_t)secondary_entry, (uintptr_t)&boot);
	if (rc != PSCI_INVALID_PARAMETERS)
		test_fail("CPU_ON(MPIDR 0x7, no such vCPU) returned %d, expected -2", rc);
	if (atomic_read(&runs) != 1)
		test_fail("vCPU1 ran %u times after a refused CPU_ON", atomic_read(&runs));

	atomic_set(&stop, true);
	wait_affinity(PSCI_AFFINITY_OFF);
	guest_printf("psci: vCPU1 off after CPU_OFF\n");

	start_vcpu1(2);
	guest_printf("psci: vCPU1 restarted\n");
	atomic_set(&stop, true);
	wait_affinity(PSCI_AFFINITY_OFF);

	test_result(SUCCESS, "version 1.1, FEATURES, AFFINITY_INFO, CPU_ON/OFF twice");
}
