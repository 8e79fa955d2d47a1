/* SPDX-License-Identifier: MIT */
/*
 * Busy-wait delays on the virtual counter, and sleeping in WFI with the
 * virtual timer as a deadline (timer.h).
 */
#include <guest.h>

void udelay(uint64_t us)
{
	uint64_t end = timer_now() + timer_freq() * us / 1000000;

	while (timer_now() < end)
		cpu_relax();
}

void mdelay(uint64_t ms)
{
	udelay(ms * 1000);
}

/** Sleep in WFI until @cond(@arg) holds or @ms pass; see timer.h. */
bool timer_wait(bool (*cond)(void *arg), void *arg, uint64_t ms)
{
	uint64_t deadline = timer_now() + timer_ms_to_ticks(ms);
	bool met = true;

	timer_set_cval(deadline);
	timer_set_ctl(CNTV_CTL_ENABLE);
	while (!cond || !cond(arg)) {
		if (timer_now() >= deadline) {
			met = !cond;
			break;
		}
		wfi();
		local_irq_enable();
		isb();
		local_irq_disable();
	}
	timer_set_ctl(0);
	return met;
}
