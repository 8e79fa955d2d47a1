/* SPDX-License-Identifier: MIT */
/*
 * bench-sched: scheduler costs seen from two domains sharing one pCPU.
 *
 * One image booted twice (tests/guest/bench-sched.toml): d1 "a" measures,
 * d2 "b" is its partner. Under QEMU -icount shift=0 one guest nanosecond is
 * one executed instruction, so the differences printed below are instruction
 * counts (the counters tick every 16 ns, so single samples are +-16). The
 * same guest runs under Xen 4.17 for comparison (scripts/bench-sched.sh).
 *
 *  1. Solo (b sleeps 50 ms in WFI first, so once it has started and gone to
 *     sleep -- a waits for 20 yields in a row that stay -- a is the only
 *     runnable vCPU):
 *     a null hypercall (xen_version) and SCHEDOP_yield with nothing else to
 *     run: a scheduling decision that keeps the same vCPU. A yield taking
 *     more than twice the fastest one was disturbed (b or a hypervisor timer
 *     ran) and is left out; more than 1% of them is an ERROR.
 *  2. Ping-pong: both yield in a loop. A yield that returns after more than
 *     2.5 times the fastest solo yield went to b and back; a's mean
 *     over PP_ROUNDS such round trips is two yield-driven domain switches
 *     (a->b, b->a) plus b's loop body (a few instructions).
 *  3. Wake-up: a grants b a page (b maps it) and offers b an event channel.
 *     Each round a writes "ready = n" and blocks in WFI; b, which only runs
 *     while a is blocked, sees it, stores the physical counter (CNTPCT: one
 *     time base for both domains, unlike CNTVCT) in the page and sends; a's
 *     upcall handler reads CNTPCT on entry. The difference is the wake-up
 *     latency of a blocked vCPU receiving an event on a busy pCPU: the send
 *     hypercall, the wake, the switch from b to a (at once if the
 *     hypervisor preempts b, else at b's next yield a few instructions
 *     later), the vGIC injection and a's interrupt entry to the handler.
 *     b counts the rounds in which a had already run when its send returned
 *     (the hypervisor switched to the woken vCPU at once).
 *
 * Output (a): "BENCH <name> <instructions>" lines, then the result line; b
 * reports SUCCESS after the last round.
 */
#include <xen.h>

#define A_DOMID 1
#define B_DOMID 2
#define GREF 8
#define MAP_GFN 0x30010UL      /* b maps a's page here (unused guest-physical frame) */
#define MAX_PROBE_PORT 16
#define B_SLEEP_MS 50
#define SOLO_ITER 2000
#define PP_ROUNDS 2000
#define WAKE_ROUNDS 500
#define SETTLE_MIN 20000       /* instructions: more than any yield that stays */
#define TIMEOUT_MS 1000

struct shared_page {
	volatile uint64_t phase;   /* a: 1 ping-pong, 2 wake-up rounds, 3 done */
	volatile uint64_t ready;   /* a: round n is armed (a is about to block) */
	volatile uint64_t preempted; /* b: rounds in which a ran before b's send returned */
	volatile uint64_t b_ready; /* b: awake, channel bound and page mapped */
	volatile uint64_t sent[WAKE_ROUNDS]; /* b: CNTPCT just before send in round n */
};

static uint8_t page[4096] __aligned(4096);
_Static_assert(sizeof(struct shared_page) <= sizeof(page), "shared page overflow");
static uint64_t recv_stamp[WAKE_ROUNDS];
static volatile unsigned int hits;
static struct shared_info *si;

static inline uint64_t phys_now(void)
{
	isb();
	return read_sysreg(cntpct_el0);
}

/* Instructions (= ns under icount) in @ticks counter ticks. */
static uint64_t ticks_ns(uint64_t ticks)
{
	return ticks * (1000000000ULL / timer_freq());
}

static void on_port(evtchn_port_t port)
{
	uint64_t t = phys_now();

	(void)port;
	if (hits < WAKE_ROUNDS)
		recv_stamp[hits] = t;
	hits++;
}

static void on_timer(unsigned int intid)
{
	(void)intid;
	timer_set_ctl(0);
}

static void report(const char *name, uint64_t ns)
{
	guest_printf("BENCH %s %lu\n", name, (unsigned long)ns);
}

static uint64_t yield_ticks(void)
{
	uint64_t t0 = timer_now();

	xen_sched_op(SCHEDOP_yield, NULL);
	return timer_now() - t0;
}

static unsigned int want_hits;
static bool got_event(void *arg)
{
	(void)arg;
	return hits >= want_hits;
}

static void side_a(void)
{
	struct shared_page *sp = (struct shared_page *)page;
	grant_entry_v1_t *gt = xen_map_grant_frame(0, XEN_GNTTAB_GFN);
	uint64_t t0, sum, min, null_ns, yield_ns, rt_ns, switch_min;
	uint64_t lat_sum = 0, lat_min = ~0ULL, lat_max = 0;
	unsigned int n;
	evtchn_port_t port;

	xen_grant_access(gt, GREF, B_DOMID, GFN(page), false);
	expect_eq(xen_evtchn_alloc_unbound(DOMID_SELF, B_DOMID, &port), 0, "a: alloc_unbound");

	/* 1. Solo, once b has gone to sleep: 20 yields in a row that stay on a. */
	for (n = 0; n < 20;)
		n = ticks_ns(yield_ticks()) > SETTLE_MIN ? 0 : n + 1;
	t0 = timer_now();
	for (n = 0; n < SOLO_ITER; n++)
		xen_version(XENVER_version, NULL);
	null_ns = ticks_ns(timer_now() - t0) / SOLO_ITER;
	static uint64_t solo[SOLO_ITER];
	unsigned int disturbed = 0;

	min = ~0ULL;
	for (n = 0; n < SOLO_ITER; n++) {
		solo[n] = ticks_ns(yield_ticks());
		min = MIN(min, solo[n]);
	}
	/* Slower than twice the fastest: b or a hypervisor timer ran in between. */
	sum = 0;
	for (n = 0; n < SOLO_ITER; n++) {
		if (solo[n] > 2 * min)
			disturbed++;
		else
			sum += solo[n];
	}
	if (disturbed > SOLO_ITER / 100)
		test_result(ERROR, "a: %u of %u solo yields took over %lu instructions: b ran",
			    disturbed, SOLO_ITER, (unsigned long)(2 * min));
	if (disturbed)
		guest_printf("a: %u disturbed solo yields not counted\n", disturbed);
	yield_ns = sum / (SOLO_ITER - disturbed);
	/* A round trip holds a's and b's yields and two switches: over 2.5 fastest yields. */
	switch_min = 2 * min + min / 2;
	report("null-hypercall(xen_version)", null_ns);
	report("yield-no-switch", yield_ns);
	report("sched-decision(yield-no-switch-minus-null)", yield_ns - null_ns);

	/* 2. Ping-pong: wait for b's first switch, then count PP_ROUNDS. */
	sp->phase = 1;
	/* b sleeps on its timer first: wait (yielding) until it has set itself up,
	 * so that a slow yield caused by an interrupt is not taken for a switch. */
	t0 = timer_now();
	while (!sp->b_ready)
		if (ticks_ns(yield_ticks()) && timer_now() - t0 > timer_ms_to_ticks(TIMEOUT_MS))
			test_fail("a: b not ready after %u ms of yielding", TIMEOUT_MS);
	t0 = timer_now();
	while (ticks_ns(yield_ticks()) <= switch_min)
		if (timer_now() - t0 > timer_ms_to_ticks(TIMEOUT_MS))
			test_fail("a: b never ran in %u ms of yielding", TIMEOUT_MS);
	sum = 0;
	unsigned int stayed = 0;
	for (n = 0; n < PP_ROUNDS;) {
		uint64_t d = ticks_ns(yield_ticks());

		if (d <= switch_min) {
			if (++stayed > PP_ROUNDS)
				test_fail("a: %u yields did not switch to b", stayed);
			continue;
		}
		sum += d;
		n++;
	}
	rt_ns = sum / PP_ROUNDS;
	report("yield-switch-roundtrip(a->b->a)", rt_ns);
	report("context-switch(per-yield-with-switch)", rt_ns / 2);
	report("context-switch-extra(minus-yield-no-switch)", rt_ns / 2 - yield_ns);
	if (stayed)
		guest_printf("a: %u yields stayed on a during ping-pong (not counted)\n", stayed);

	/* 3. Wake-up latency. */
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0xa0);
	sp->phase = 2;
	for (n = 0; n < WAKE_ROUNDS; n++) {
		want_hits = n + 1;
		sp->ready = n + 1;
		dmb(sy);
		if (!timer_wait(got_event, NULL, TIMEOUT_MS))
			test_fail("a: round %u: no event within %u ms", n, TIMEOUT_MS);
	}
	sp->phase = 3;
	if (hits != WAKE_ROUNDS)
		test_fail("a: %u events for %u rounds", hits, WAKE_ROUNDS);
	/* b's count of the last round is final once b has yielded back to us. */
	xen_sched_op(SCHEDOP_yield, NULL);
	dmb(sy);
	for (n = 0; n < WAKE_ROUNDS; n++) {
		uint64_t l;

		if (recv_stamp[n] < sp->sent[n])
			test_fail("a: round %u: handler ran before the send", n);
		l = ticks_ns(recv_stamp[n] - sp->sent[n]);
		lat_sum += l;
		lat_min = MIN(lat_min, l);
		lat_max = MAX(lat_max, l);
	}
	report("wakeup-latency-mean(send->handler)", lat_sum / WAKE_ROUNDS);
	report("wakeup-latency-min", lat_min);
	report("wakeup-latency-max", lat_max);
	report("wakeup-rounds-sender-preempted-at-once(of-500)", sp->preempted);
	test_result(SUCCESS, "a: 10 figures measured");
}

static void side_b(void)
{
	struct shared_page *sp = (struct shared_page *)(MAP_GFN << 12);
	struct gnttab_map_grant_ref map;
	evtchn_port_t port = 0;
	unsigned int n;
	uint64_t t0;

	/* Sleep so that a's solo phase runs alone. */
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0xa0);
	timer_wait(NULL, NULL, B_SLEEP_MS);
	gic_disable_ppi(GUEST_TIMER_VIRT_PPI);
	guest_printf("b: awake\n");

	for (evtchn_port_t p = 1; p <= MAX_PROBE_PORT && !port; p++) {
		evtchn_port_t local;

		if (!xen_evtchn_bind_interdomain(A_DOMID, p, &local))
			port = local;
	}
	if (!port)
		test_fail("b: no port of d%u to bind", A_DOMID);
	memset(&map, 0, sizeof(map));
	map.host_addr = MAP_GFN << 12;
	map.flags = GNTMAP_host_map;
	map.ref = GREF;
	map.dom = A_DOMID;
	expect_eq(xen_grant_table_op(GNTTABOP_map_grant_ref, &map, 1), 0, "b: map");
	if (map.status != GNTST_okay)
		test_fail("b: mapping a's grant: status %d", map.status);

	sp->b_ready = 1;
	dmb(sy);

	/* 2. Ping-pong partner until a moves on. */
	while (sp->phase < 2)
		xen_sched_op(SCHEDOP_yield, NULL);

	/* 3. Each round: wait (yielding) for a to block, stamp, send. */
	for (n = 0; n < WAKE_ROUNDS; n++) {
		t0 = timer_now();
		while (sp->ready != n + 1) {
			if (timer_now() - t0 > timer_ms_to_ticks(TIMEOUT_MS))
				test_fail("b: round %u: a not ready within %u ms", n, TIMEOUT_MS);
			xen_sched_op(SCHEDOP_yield, NULL);
		}
		sp->sent[n] = phys_now();
		dmb(sy);
		xen_evtchn_send(port);
		/* a re-armed already: the wake preempted us (the last round: a is done). */
		if (sp->ready != n + 1 || (n + 1 == WAKE_ROUNDS && sp->phase == 3))
			sp->preempted++;
	}
	/* Keep yielding until a has taken the last event (a sets no more "ready"). */
	t0 = timer_now();
	while (timer_now() - t0 < timer_ms_to_ticks(10))
		xen_sched_op(SCHEDOP_yield, NULL);
	struct gnttab_unmap_grant_ref unmap = { .host_addr = map.host_addr, .handle = map.handle };
	xen_grant_table_op(GNTTABOP_unmap_grant_ref, &unmap, 1);
	test_result(SUCCESS, "b: %u events sent", WAKE_ROUNDS);
}

void test_main(void)
{
	domid_t self;

	xen_require();
	self = xen_own_domid();
	si = xen_map_shared_info(XEN_SHINFO_GFN);
	gic_dist_init();
	gic_cpu_init();
	irq_set_handler(GUEST_TIMER_VIRT_PPI, on_timer);
	xen_upcall_init(si, &si->vcpu_info[0], on_port);
	if (self == A_DOMID)
		side_a();
	else if (self == B_DOMID)
		side_b();
	test_result(ERROR, "runs as d%u; expected d%u (a) or d%u (b)", self, A_DOMID, B_DOMID);
}
