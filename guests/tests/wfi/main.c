/* SPDX-License-Identifier: MIT */
/*
 * wfi: WFI blocks the vCPU until an interrupt is pending, even with PSTATE.I
 * set (Arm ARM D1.6.2: WFI wake-up events ignore the PSTATE masks).
 * Part 1: timer 50 ms ahead, PPI 27 enabled at the GIC, DAIF.I set; WFI in a
 * loop until ISR_EL1.I shows the interrupt pending. That wake-up must come at
 * or after the deadline, and unmasking must then deliver exactly one IRQ.
 * Part 2: timer 200 ms ahead and nothing else armed; fewer than 50 WFI
 * returns may happen before the deadline (the vCPU blocked, it did not spin).
 */
#include <guest.h>

#define ISR_EL1_I (1UL << 7)
#define LATE_MS 2000
#define MAX_EARLY_WAKEUPS 50

static unsigned int fired;

static void timer_handler(unsigned int intid)
{
	(void)intid;
	timer_set_ctl(0);
	atomic_inc(&fired);
}

/* Arms the timer @ms ahead, WFIs with IRQs masked until it is pending. */
static void wfi_until_pending(unsigned int part, uint64_t ms)
{
	uint64_t cval, limit, now, first = 0;
	unsigned int wakeups = 0, early = 0;
	unsigned int fired_before = atomic_read(&fired);

	local_irq_disable();
	cval = timer_now() + timer_ms_to_ticks(ms);
	limit = cval + timer_ms_to_ticks(LATE_MS);
	timer_set_cval(cval);
	timer_set_ctl(CNTV_CTL_ENABLE);

	for (;;) {
		wfi();
		now = timer_now();
		if (!wakeups++)
			first = now;
		if (now < cval)
			early++;
		if (read_sysreg(isr_el1) & ISR_EL1_I)
			break;
		if (now > limit)
			test_fail("part %u: no IRQ pending %u ms after the deadline (CTL %#lx, "
				  "%u WFI returns)",
				  part, LATE_MS, (unsigned long)timer_get_ctl(), wakeups);
	}

	if (now < cval)
		test_fail("part %u: IRQ pending %lu us before the deadline", part,
			  (unsigned long)timer_ticks_to_us(cval - now));
	if (!(timer_get_ctl() & CNTV_CTL_ISTATUS))
		test_fail("part %u: IRQ pending but CNTV_CTL.ISTATUS clear", part);
	if (atomic_read(&fired) != fired_before)
		test_fail("part %u: IRQ handler ran with PSTATE.I set", part);
	if (early >= MAX_EARLY_WAKEUPS)
		test_fail("part %u: WFI returned %u times in %lu ms before the deadline "
			  "(spinning, not blocking)",
			  part, early, (unsigned long)ms);

	local_irq_enable();
	isb();
	mdelay(10);
	if (atomic_read(&fired) != fired_before + 1)
		test_fail("part %u: %u IRQs after unmasking, expected 1", part,
			  atomic_read(&fired) - fired_before);

	guest_printf("wfi: part %u: %u WFI returns (%u early), first after %lu us, "
		     "pending at +%lu us past the deadline\n",
		     part, wakeups, early,
		     (unsigned long)timer_ticks_to_us(first - (cval - timer_ms_to_ticks(ms))),
		     (unsigned long)timer_ticks_to_us(now - cval));
}

void test_main(void)
{
	if (!timer_freq())
		test_result(ERROR, "CNTFRQ_EL0 is 0");
	irq_set_handler(GUEST_TIMER_VIRT_PPI, timer_handler);
	gic_dist_init();
	gic_cpu_init();
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0x80);

	wfi_until_pending(1, 50);
	wfi_until_pending(2, 200);
	test_result(SUCCESS, "WFI blocked until the timer deadline with PSTATE.I set");
}
