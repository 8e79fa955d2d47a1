/* SPDX-License-Identifier: MIT */
/*
 * bench-rtds: release jitter of a periodic real-time task under a scheduler
 * (meant for sched=rtds with its default parameters, period 10 ms, budget
 * 4 ms, extratime on -- all a dom0less boot can have on Xen 4.17, which has
 * no way to set RTDS parameters without a toolstack), next to a domain that
 * never stops computing.
 *
 * One image booted twice (tests/guest/bench-rtds.toml): d1 "rt" is the task,
 * d2 "busy" spins. rt programs its virtual timer for release k at
 * t0 + k * RELEASE_PERIOD and blocks in WFI; the timer handler reads the
 * counter on entry: latency_k = entry - release_k. RELEASE_PERIOD is the
 * RTDS period plus PHASE_STEP, so the NR_RELEASES releases sweep every phase
 * of the scheduler's 10 ms period once (the hypervisor's period grid is not
 * visible to the guest, and Xen and hospes place it differently): the
 * figures are phase-independent. While busy still has budget in its period
 * the two have the same or close deadlines and rt may have to wait for it;
 * once busy runs on extratime, rt (with budget) preempts it at once.
 * Under -icount shift=0 one ns is one instruction, so figures are exact.
 *
 * Output (rt): "BENCH release-latency-{min,mean,max,stddev} <ns>",
 * "BENCH release-late-over-100us <count of NR_RELEASES>"; FAILURE if a
 * release ran only after the next one was due (a missed period). busy spins
 * for BUSY_MS of its own time, then reports the share of the CPU it got.
 */
#include <xen.h>

#define RT_DOMID 1
#define BUSY_DOMID 2
#define RTDS_PERIOD_US 10000
#define PHASE_STEP_US 250
#define NR_RELEASES (RTDS_PERIOD_US / PHASE_STEP_US)
#define START_DELAY_MS 20
#define BUSY_MS 600
#define LATE_US 100

static volatile uint64_t entry_stamp;
static volatile unsigned int fired;

static void on_timer(unsigned int intid)
{
	uint64_t t = timer_now();

	(void)intid;
	timer_set_ctl(0);
	entry_stamp = t;
	fired++;
}

static uint64_t isqrt(uint64_t x)
{
	uint64_t r = 0, b = 1ULL << 62;

	while (b > x)
		b >>= 2;
	while (b) {
		if (x >= r + b) {
			x -= r + b;
			r = (r >> 1) + b;
		} else {
			r >>= 1;
		}
		b >>= 2;
	}
	return r;
}

static void rt_task(void)
{
	uint64_t ns_per_tick = 1000000000ULL / timer_freq();
	uint64_t period = timer_freq() * (RTDS_PERIOD_US + PHASE_STEP_US) / 1000000;
	uint64_t t0, lat[NR_RELEASES], sum = 0, sq = 0, min = ~0ULL, max = 0, mean;
	unsigned int late = 0;

	gic_dist_init();
	gic_cpu_init();
	irq_set_handler(GUEST_TIMER_VIRT_PPI, on_timer);
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0xa0);
	t0 = timer_now() + timer_ms_to_ticks(START_DELAY_MS); /* busy is spinning by then */
	for (unsigned int k = 0; k < NR_RELEASES; k++) {
		uint64_t release = t0 + k * period;

		fired = 0;
		timer_set_cval(release);
		timer_set_ctl(CNTV_CTL_ENABLE);
		while (!fired) {
			wfi();
			local_irq_enable();
			isb();
			local_irq_disable();
		}
		lat[k] = (entry_stamp - release) * ns_per_tick;
		if (entry_stamp >= release + period)
			test_fail("release %u ran %lu us late: after the next release", k,
				  (unsigned long)(lat[k] / 1000));
	}
	for (unsigned int k = 0; k < NR_RELEASES; k++) {
		sum += lat[k];
		min = MIN(min, lat[k]);
		max = MAX(max, lat[k]);
		late += lat[k] > LATE_US * 1000;
	}
	mean = sum / NR_RELEASES;
	for (unsigned int k = 0; k < NR_RELEASES; k++)
		sq += (lat[k] - mean) * (lat[k] - mean) / NR_RELEASES;
	guest_printf("BENCH release-latency-min %lu\n", (unsigned long)min);
	guest_printf("BENCH release-latency-mean %lu\n", (unsigned long)mean);
	guest_printf("BENCH release-latency-max %lu\n", (unsigned long)max);
	guest_printf("BENCH release-latency-stddev %lu\n", (unsigned long)isqrt(sq));
	guest_printf("BENCH release-late-over-100us %u\n", late);
	test_result(SUCCESS, "rt: %u releases, latency %lu..%lu ns", NR_RELEASES,
		    (unsigned long)min, (unsigned long)max);
}

/* Spin for BUSY_MS of virtual time; the gaps in the counter are time not run. */
static void busy(void)
{
	uint64_t start = timer_now(), end = start + timer_ms_to_ticks(BUSY_MS), prev = start;
	uint64_t away = 0, gap = timer_freq() / 1000000; /* 1 us: we were descheduled */

	for (;;) {
		uint64_t t = timer_now();

		if (t - prev > gap)
			away += t - prev;
		prev = t;
		if (t >= end)
			break;
	}
	test_result(SUCCESS, "busy: ran %lu.%lu%% of %u ms",
		    (unsigned long)(1000 - away * 1000 / (end - start)) / 10,
		    (unsigned long)(1000 - away * 1000 / (end - start)) % 10, BUSY_MS);
}

void test_main(void)
{
	domid_t self;

	xen_require();
	self = xen_own_domid();
	if (self == RT_DOMID)
		rt_task();
	else if (self == BUSY_DOMID)
		busy();
	test_result(ERROR, "runs as d%u; expected d%u (rt) or d%u (busy)", self, RT_DOMID,
		    BUSY_DOMID);
}
