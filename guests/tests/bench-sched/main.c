/* SPDX-License-Identifier: MIT */
/*
 * bench-sched: scheduler costs seen from two guests sharing one pCPU
 * (tests/guest/bench-sched.toml; scripts/bench-sched.sh runs it under
 * hospes and Xen 4.17 with QEMU -icount shift=0 -smp 1, where one
 * guest-visible nanosecond is one instruction). The same image runs as d1
 * ("A", measures and reports) and d2 ("B", the partner).
 *
 * A allocates an unbound event channel for B; B binds to it (trying A's
 * ports 1-8 until one is A's new port) and waits for events. Then, from A:
 *  - yield-no-switch: SCHEDOP_yield while B is blocked: the hypercall and a
 *    scheduling decision that keeps A; minus null-hypercall, the decision;
 *  - yield-switch: A and B both yield in a loop: per A iteration two
 *    yields and two context switches; (that - 2 * yield-no-switch) / 2 is one
 *    context switch;
 *  - wake-roundtrip: A sends, blocks (WFI) until B's answer; B blocked
 *    until A's event, then sends back: two wake-ups of an idle vCPU by an
 *    event, each including the send and the upcall; half is one wake-up;
 *  - timer-lateness: B spins; A arms its virtual timer every 10 ms and
 *    blocks; how late it runs after each expiry (min/avg/max over 100
 *    periods, in ns): the jitter of a periodic vCPU next to a CPU hog
 *    (run with sched=rtds for RTDS jitter).
 * Output: "BENCH <name> <value>" lines from A, then A's result line; B never
 * reports (its result would race A's on the console).
 */
#include <guest.h>
#include <xen.h>

#define ITER 1000
#define PERIODS 100
#define PERIOD_MS 10
#define SI_GFN 0x30000
#define ISR_EL1_I (1UL << 7)

static volatile unsigned upcalls;    /* events on bench_port only */
static volatile evtchn_port_t bench_port;
static uint64_t ns_per_tick;

static void on_event(evtchn_port_t port)
{
	if (port == bench_port)
		upcalls++;
}

/* Block until the upcall count reaches @target (IRQs masked around the
 * check, so an event between the check and WFI still wakes it). */
static void wait_events(unsigned target)
{
	for (;;) {
		local_irq_disable();
		if (upcalls >= target)
			break;
		wfi();
		local_irq_enable();
		isb();
	}
	local_irq_enable();
}

static void report(const char *op, uint64_t ticks, unsigned n)
{
	guest_printf("BENCH %s %lu\n", op, (unsigned long)(ticks * ns_per_tick / n));
}

static void partner(domid_t a)
{
	evtchn_port_t p = 0;
	long rc;

	/* A's port for us (a low one; it may not exist yet): binding to any
	 * other port of A fails. */
	for (evtchn_port_t ap = 1;; ap = ap % 8 + 1) {
		rc = xen_evtchn_bind_interdomain(a, ap, &p);
		if (!rc)
			break;
		xen_sched_op(SCHEDOP_yield, NULL);
	}
	bench_port = p;
	/* Phase 2: yield in step with A (event 1). */
	wait_events(1);
	for (unsigned i = 0; i < ITER; i++)
		xen_sched_op(SCHEDOP_yield, NULL);
	/* Phase 3: answer each event (2, 3, ...), however late phase 2 ended
	 * (RTDS ignores yields, as Xen's does: then phase 2 only ends when A
	 * blocks). */
	for (unsigned i = 0; i < ITER; i++) {
		wait_events(i + 2);
		xen_evtchn_send(p);
	}
	/* Phase 4: hog the CPU. */
	for (;;)
		__asm__ volatile("" ::: "memory");
}

static void timer_lateness(void)
{
	uint64_t min = ~0ULL, max = 0, sum = 0, cval = timer_now();

	local_irq_disable();
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0xa0); /* pending shows in ISR_EL1 */
	for (unsigned i = 0; i < PERIODS; i++) {
		uint64_t now;
		cval += timer_ms_to_ticks(PERIOD_MS);
		timer_set_cval(cval);
		timer_set_ctl(CNTV_CTL_ENABLE);
		do {
			wfi();
		} while (!(read_sysreg(isr_el1) & ISR_EL1_I));
		now = timer_now();
		timer_set_ctl(CNTV_CTL_IMASK);
		now = now > cval ? now - cval : 0;
		min = MIN(min, now);
		max = MAX(max, now);
		sum += now;
	}
	guest_printf("BENCH timer-lateness-min %lu\n", (unsigned long)(min * ns_per_tick));
	guest_printf("BENCH timer-lateness-avg %lu\n",
		     (unsigned long)(sum * ns_per_tick / PERIODS));
	guest_printf("BENCH timer-lateness-max %lu\n", (unsigned long)(max * ns_per_tick));
}

void test_main(void)
{
	struct shared_info *si;
	domid_t me;
	evtchn_port_t p;
	uint64_t t0;
	long rc;

	xen_require();
	ns_per_tick = 1000000000ULL / timer_freq();
	si = xen_map_shared_info(SI_GFN);
	gic_dist_init();
	gic_cpu_init();
	xen_upcall_init(si, &si->vcpu_info[0], on_event);
	local_irq_enable();
	me = xen_own_domid();
	if (me != 1) {
		partner(1);
		return;
	}
	rc = xen_evtchn_alloc_unbound(DOMID_SELF, 2, &p);
	if (rc || p > 8) {
		test_result(ERROR, "alloc_unbound for d2: rc %ld port %u (want 1-8)", rc, p);
		return;
	}
	bench_port = p;
	/* Wait until B has bound our port (spinning: under RTDS a yield does not
	 * let B run, exhausting our budget does), then let it block. */
	for (;;) {
		struct evtchn_status st = { 0 };
		if (xen_evtchn_status(DOMID_SELF, p, &st) == 0 && st.status == EVTCHNSTAT_interdomain)
			break;
		xen_sched_op(SCHEDOP_yield, NULL);
	}
	for (unsigned i = 0; i < 100; i++)
		xen_sched_op(SCHEDOP_yield, NULL);
	mdelay(20);

	t0 = timer_now();
	for (unsigned i = 0; i < ITER; i++)
		xen_version(XENVER_version, NULL);
	report("null-hypercall", timer_now() - t0, ITER);
	t0 = timer_now();
	for (unsigned i = 0; i < ITER; i++)
		xen_sched_op(SCHEDOP_yield, NULL);
	report("yield-no-switch", timer_now() - t0, ITER);

	xen_evtchn_send(p); /* B starts yielding */
	t0 = timer_now();
	for (unsigned i = 0; i < ITER; i++)
		xen_sched_op(SCHEDOP_yield, NULL);
	report("yield-switch", timer_now() - t0, ITER);
	/* Let B finish its yields and block. */
	for (unsigned i = 0; i < 20; i++)
		xen_sched_op(SCHEDOP_yield, NULL);

	t0 = timer_now();
	for (unsigned i = 0; i < ITER; i++) {
		xen_evtchn_send(p);
		wait_events(i + 1);
	}
	report("wake-roundtrip", timer_now() - t0, ITER);

	timer_lateness();
	test_result(SUCCESS, "scheduler costs measured");
}
