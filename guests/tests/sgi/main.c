/* SPDX-License-Identifier: MIT */
/*
 * sgi: software-generated interrupts between 2 vCPUs through ICC_SGI1R_EL1
 * and the vGIC. Each vCPU sends SGI 1 to the other 100 times, waiting for
 * each to be taken; then each broadcasts once with IRM = 1, which must reach
 * the other vCPU and not the sender. Every count must match exactly.
 */
#include <guest.h>

#define SGI 1
#define ROUNDS 100
#define ACK_TIMEOUT_MS 2000
#define SETTLE_MS 50

enum phase { PH_INIT, PH_READY, PH_CPU1_SEND, PH_CPU1_SENT, PH_CPU1_BCAST, PH_CPU1_BCAST_SENT };

static unsigned int received[2];
static unsigned int phase;

static void sgi_handler(unsigned int intid)
{
	if (intid != SGI)
		test_fail("vCPU%u: handler called for INTID %u", cpu_id(), intid);
	atomic_inc(&received[cpu_id()]);
}

static void wait_count(unsigned int cpu, unsigned int want, const char *what)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(ACK_TIMEOUT_MS);

	while (atomic_read(&received[cpu]) < want)
		if (timer_now() > end)
			test_fail("%s: vCPU%u received %u SGIs, expected %u", what, cpu,
				  atomic_read(&received[cpu]), want);
}

static void wait_phase(unsigned int want)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(10 * ACK_TIMEOUT_MS);

	while (atomic_read(&phase) != want)
		if (timer_now() > end)
			test_fail("vCPU%u: timed out waiting for phase %u (at %u)", cpu_id(), want,
				  atomic_read(&phase));
}

static void check_counts(unsigned int want0, unsigned int want1, const char *what)
{
	mdelay(SETTLE_MS); /* let duplicates or strays arrive */
	if (atomic_read(&received[0]) != want0 || atomic_read(&received[1]) != want1)
		test_fail("%s: received vCPU0 %u vCPU1 %u, expected %u and %u", what,
			  atomic_read(&received[0]), atomic_read(&received[1]), want0, want1);
}

static void send_rounds(unsigned int to, const char *what)
{
	unsigned int base = atomic_read(&received[to]);

	for (unsigned int i = 1; i <= ROUNDS; i++) {
		gic_send_sgi(SGI, to);
		wait_count(to, base + i, what);
	}
}

static void secondary(void *arg)
{
	(void)arg;
	gic_cpu_init();
	gic_enable_ppi(SGI, 0x80);
	local_irq_enable();
	atomic_set(&phase, PH_READY);

	wait_phase(PH_CPU1_SEND);
	send_rounds(0, "vCPU1 -> vCPU0");
	atomic_set(&phase, PH_CPU1_SENT);

	wait_phase(PH_CPU1_BCAST);
	gic_send_sgi_others(SGI);
	atomic_set(&phase, PH_CPU1_BCAST_SENT);

	for (;;)
		wfi(); /* keep taking interrupts until the test ends */
}

void test_main(void)
{
	int32_t rc;

	irq_set_handler(SGI, sgi_handler);
	gic_dist_init();
	gic_cpu_init();
	gic_enable_ppi(SGI, 0x80);
	local_irq_enable();

	rc = guest_cpu_on(1, secondary, NULL);
	if (rc != PSCI_SUCCESS)
		test_result(ERROR, "CPU_ON(vCPU1) returned %d (needs 2 vCPUs)", rc);
	wait_phase(PH_READY);

	send_rounds(1, "vCPU0 -> vCPU1");
	check_counts(0, ROUNDS, "after vCPU0 -> vCPU1");
	guest_printf("sgi: vCPU0 -> vCPU1: %u/%u\n", atomic_read(&received[1]), ROUNDS);

	atomic_set(&phase, PH_CPU1_SEND);
	wait_phase(PH_CPU1_SENT);
	check_counts(ROUNDS, ROUNDS, "after vCPU1 -> vCPU0");
	guest_printf("sgi: vCPU1 -> vCPU0: %u/%u\n", atomic_read(&received[0]), ROUNDS);

	gic_send_sgi_others(SGI);
	wait_count(1, ROUNDS + 1, "vCPU0 broadcast");
	check_counts(ROUNDS, ROUNDS + 1, "after vCPU0 broadcast (IRM=1)");

	atomic_set(&phase, PH_CPU1_BCAST);
	wait_phase(PH_CPU1_BCAST_SENT);
	wait_count(0, ROUNDS + 1, "vCPU1 broadcast");
	check_counts(ROUNDS + 1, ROUNDS + 1, "after vCPU1 broadcast (IRM=1)");

	test_result(SUCCESS, "%u SGIs each way, IRM=1 broadcast reached only the other vCPU",
		    ROUNDS);
}
