/* SPDX-License-Identifier: MIT */
/*
 * Busy-wait delays on the virtual counter (timer.h).
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
