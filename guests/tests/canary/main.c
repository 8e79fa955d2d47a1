/* SPDX-License-Identifier: MIT */
/*
 * canary: the bystander domain of the multi-domain Xen tests (hostile-fuzz,
 * memory-op, evtchn-ops, ...). It prints "canary alive N" every 200 ms for
 * as long as some other domain exists, then reports SUCCESS: proof that the
 * hypervisor kept scheduling it while its neighbour did whatever it did.
 * Other domains are seen through XENMEM_current_reservation, which answers
 * -EPERM for an existing foreign domain and -ESRCH once it is gone. Without
 * Xen (bare QEMU) it just runs for 2 s.
 */
#include <xen.h>

#define PERIOD_MS 200
#define MAX_DOMID 16
#define MAX_MINUTES 30
#define BARE_RUN_MS 2000

static bool others_exist(domid_t self)
{
	for (domid_t d = 1; d <= MAX_DOMID; d++)
		if (d != self && xen_domain_exists(d))
			return true;
	return false;
}

void test_main(void)
{
	uint64_t start = timer_now(), next = start;
	bool on_xen = xen_is_present();
	domid_t self = on_xen ? xen_own_domid() : 0;
	unsigned int n = 0;

	if (on_xen && !self)
		test_result(ERROR, "cannot find the own domain id");
	guest_printf("canary: d%u up, watching the other domains\n", self);
	for (;;) {
		uint64_t now = timer_now();

		if (on_xen ? !others_exist(self)
			   : now - start > timer_ms_to_ticks(BARE_RUN_MS))
			break;
		if (now - start > timer_ms_to_ticks(MAX_MINUTES * 60 * 1000UL))
			test_result(ERROR, "still waiting after %u minutes", MAX_MINUTES);
		if (now >= next) {
			guest_printf("canary alive %u\n", n++);
			next += timer_ms_to_ticks(PERIOD_MS);
		}
		/* A hypercall every 10 ms is enough, and keeps the vCPU in the guest. */
		mdelay(10);
	}
	test_result(SUCCESS, "alive %u times over %lu ms, the other domains are gone", n,
		    (unsigned long)(timer_ticks_to_us(timer_now() - start) / 1000));
}
