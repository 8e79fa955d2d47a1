/* SPDX-License-Identifier: MIT */
/*
 * isolation-good: the well-behaved half of the isolation test. Prints a
 * heartbeat every 100 ms for 3 s, so the runner can see it keep running
 * after the hypervisor stopped isolation-bad, then reports SUCCESS.
 */
#include <guest.h>

#define BEATS 30
#define BEAT_MS 100

void test_main(void)
{
	uint64_t start = timer_now();

	if (!timer_freq())
		test_result(ERROR, "CNTFRQ_EL0 is 0");
	for (unsigned int i = 1; i <= BEATS; i++) {
		/* Absolute deadlines: a slow console does not stretch the run. */
		while (timer_now() < start + timer_ms_to_ticks((uint64_t)i * BEAT_MS))
			cpu_relax();
		guest_printf("isolation-good: alive %u\n", i);
	}
	test_result(SUCCESS, "alive for %u ms", BEATS * BEAT_MS);
}
