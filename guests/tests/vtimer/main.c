/* SPDX-License-Identifier: MIT */
/*
 * vtimer: the EL1 virtual timer and its PPI 27 through the vGIC. Programs
 * CNTV_TVAL_EL0 for 10 ms twenty times; each interrupt must arrive with
 * CNTV_CTL_EL0.ISTATUS set, not before the deadline (CNTVCT >= CVAL) and
 * within a generous bound, and exactly twenty must arrive.
 */
#include <guest.h>

#define ROUNDS 20
#define PERIOD_MS 10
#define LATE_MS 500

static unsigned int fired;
static uint64_t fire_vct[ROUNDS + 1];
static uint64_t fire_ctl[ROUNDS + 1];

static void timer_handler(unsigned int intid)
{
	uint64_t now = timer_now();
	unsigned int n = atomic_read(&fired);

	(void)intid;
	if (n <= ROUNDS) {
		fire_vct[n] = now;
		fire_ctl[n] = timer_get_ctl();
	}
	timer_set_ctl(0); /* disable: the level-triggered PPI drops */
	atomic_inc(&fired);
}

void test_main(void)
{
	uint64_t late = 0;

	if (!timer_freq())
		test_result(ERROR, "CNTFRQ_EL0 is 0");
	irq_set_handler(GUEST_TIMER_VIRT_PPI, timer_handler);
	gic_dist_init();
	gic_cpu_init();
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0x80);
	local_irq_enable();

	for (unsigned int i = 0; i < ROUNDS; i++) {
		uint64_t ticks = timer_ms_to_ticks(PERIOD_MS);
		uint64_t before, after, cval, limit;

		before = timer_now();
		timer_set_tval((uint32_t)ticks);
		after = timer_now();
		cval = timer_get_cval();
		if (cval < before + ticks || cval > after + ticks)
			test_fail("round %u: CVAL %#lx after TVAL %#lx not in [%#lx, %#lx]", i,
				  (unsigned long)cval, (unsigned long)ticks,
				  (unsigned long)(before + ticks), (unsigned long)(after + ticks));
		timer_set_ctl(CNTV_CTL_ENABLE);

		limit = cval + timer_ms_to_ticks(LATE_MS);
		while (atomic_read(&fired) == i && timer_now() < limit)
			cpu_relax();
		if (atomic_read(&fired) != i + 1)
			test_fail("round %u: %u interrupts, expected %u (CTL %#lx, %lu ms after CVAL)",
				  i, atomic_read(&fired), i + 1, (unsigned long)timer_get_ctl(),
				  (unsigned long)(timer_ticks_to_us(timer_now() - cval) / 1000));
		if (fire_vct[i] < cval)
			test_fail("round %u: interrupt %lu us before the deadline", i,
				  (unsigned long)timer_ticks_to_us(cval - fire_vct[i]));
		if (!(fire_ctl[i] & CNTV_CTL_ISTATUS))
			test_fail("round %u: interrupt with CNTV_CTL %#lx (ISTATUS clear)", i,
				  (unsigned long)fire_ctl[i]);
		late = MAX(late, fire_vct[i] - cval);
	}

	mdelay(2 * PERIOD_MS); /* nothing more may arrive with the timer disabled */
	if (atomic_read(&fired) != ROUNDS)
		test_fail("%u interrupts, expected %u", atomic_read(&fired), ROUNDS);
	test_result(SUCCESS, "%u x %u ms, max latency %lu us", ROUNDS, PERIOD_MS,
		    (unsigned long)timer_ticks_to_us(late));
}
