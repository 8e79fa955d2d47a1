/* SPDX-License-Identifier: MIT */
/*
 * sched-watchdog: SCHEDOP_watchdog, the per-domain watchdog timers Linux's
 * xen_wdt driver uses (Xen common/sched/core.c domain_watchdog). Id 0 arms a
 * free timer and returns its 1-based id; with both timers armed id 0 is
 * -ENOSPC computed in 32 bits (0xffffffe4 in x0: Xen's quirk, kept); an id above the number of timers, or one not armed, is -EINVAL; a
 * timeout of 0 releases a timer, which id 0 then hands out again. Kicking a
 * 1-second timer every 0.3 s for 2 s keeps the domain alive; then the guest
 * stops kicking and waits: the runner expects the hypervisor to report
 * "watchdog timer fired" and the shutdown with reason watchdog about a
 * second later, and nothing after the guest's last line.
 */
#include <xen.h>

static long watchdog(uint32_t id, uint32_t timeout)
{
	struct sched_watchdog w = { .id = id, .timeout = timeout };

	return xen_sched_op(SCHEDOP_watchdog, &w);
}

static void sleep_ms(uint64_t ms)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(ms);

	while ((int64_t)(timer_now() - end) < 0)
		;
}

void test_main(void)
{
	long a, b;

	xen_require();

	a = watchdog(0, 60);
	expect_eq(a, 1, "watchdog(0, 60 s): first timer");
	b = watchdog(0, 60);
	expect_eq(b, 2, "watchdog(0, 60 s): second timer");
	/* Xen computes this result in uint32_t: -ENOSPC comes back zero-extended. */
	expect_eq(watchdog(0, 60), (long)(uint32_t)-XEN_ENOSPC, "watchdog(0): both timers in use");
	expect_eq(watchdog(3, 60), -XEN_EINVAL, "watchdog(3): no such timer");
	expect_eq(watchdog(0xffffffff, 0), -XEN_EINVAL, "watchdog(~0): no such timer");
	expect_eq(watchdog(2, 0), 0, "watchdog(2, 0): release");
	expect_eq(watchdog(2, 0), -XEN_EINVAL, "watchdog(2, 0) again: not armed");
	expect_eq(watchdog(2, 30), -XEN_EINVAL, "watchdog(2, 30): not armed");
	expect_eq(watchdog(0, 60), 2, "watchdog(0): the released timer is handed out again");
	expect_eq(watchdog(2, 0), 0, "watchdog(2, 0): release again");

	/* Timer 1 with a 1 s timeout, kicked every 0.3 s for 2 s: the domain survives. */
	expect_eq(watchdog(1, 1), 0, "watchdog(1, 1 s): re-arm");
	for (int i = 0; i < 7; i++) {
		sleep_ms(300);
		expect_eq(watchdog(1, 1), 0, "kick %d", i);
	}
	if (expect_failures())
		test_finish();
	guest_printf("HOSPES-TEST %s: SUCCESS ids, ENOSPC/EINVAL, release and kicks as Xen; "
		     "now waiting for the 1 s watchdog\n",
		     test_name);
	for (;;)
		sleep_ms(1000);
}
