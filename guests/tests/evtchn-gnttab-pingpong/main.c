/* SPDX-License-Identifier: MIT */
/*
 * evtchn-gnttab-pingpong: two domains, one image. d1 ("ping") offers an
 * unbound event channel to d2 and grants it a page (ref 8, read-only); d2
 * ("pong") finds the port by trying bind_interdomain(d1, p) for p = 1..16
 * until one succeeds, and says hello. Each round ping writes the sequence
 * number n into the granted page and sends an event; pong takes the upcall
 * (PPI 31, 2-level ABI), copies the page with GNTTABOP_copy from the grant,
 * checks it holds n and sends back; ping waits for that reply. Every event
 * is counted in the upcall handler: one missing (timeout) or one too many
 * (a count ahead of the round) is a FAILURE. Both sides report SUCCESS after
 * ROUNDS round trips; progress every PROGRESS rounds.
 *
 * Waiting is WFI with IRQs masked (a pending interrupt still ends WFI), then
 * a short unmasked window for the handler, so no wake-up is lost between
 * the check and the WFI; the virtual timer bounds each wait.
 */
#include <xen.h>

#define ROUNDS 100000U
#define PROGRESS 10000U
#define PING_DOMID 1
#define PONG_DOMID 2
#define GREF 8
#define MAX_PROBE_PORT 16
#define BIND_TIMEOUT_MS 30000
#define ROUND_TIMEOUT_MS 5000

struct shared_page {
	uint64_t seq;
	uint64_t magic;
};
#define PAGE_MAGIC 0x676e6f70676e6970UL

static uint8_t granted[4096] __aligned(4096); /* ping: the page granted to pong */
static uint8_t copy_buf[4096] __aligned(4096); /* pong: where the grant is copied to */
static unsigned int hits[1024];
static struct shared_info *si;

static void on_port(evtchn_port_t port)
{
	if (port < ARRAY_SIZE(hits))
		atomic_inc(&hits[port]);
}

static void on_timer(unsigned int intid)
{
	(void)intid;
	timer_set_ctl(0); /* a wait ran out: the waiter sees the time */
}

static void setup(void)
{
	si = xen_map_shared_info(XEN_SHINFO_GFN);
	gic_dist_init();
	gic_cpu_init();
	irq_set_handler(GUEST_TIMER_VIRT_PPI, on_timer);
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0xa0);
	xen_upcall_init(si, &si->vcpu_info[0], on_port);
}

struct events_wanted {
	evtchn_port_t port;
	unsigned int want;
};

static bool have_events(void *arg)
{
	const struct events_wanted *w = arg;

	return atomic_read(&hits[w->port]) >= w->want;
}

/*
 * Wait until port @port has seen @want events in all; false on timeout.
 * IRQs are masked on entry and exit.
 */
static bool wait_events(evtchn_port_t port, unsigned int want, uint64_t ms)
{
	struct events_wanted w = { port, want };

	return timer_wait(have_events, &w, ms);
}

static unsigned long elapsed_ms(uint64_t t0)
{
	return (unsigned long)(timer_ticks_to_us(timer_now() - t0) / 1000);
}

static void ping(void)
{
	volatile struct shared_page *sp = (volatile struct shared_page *)granted;
	grant_entry_v1_t *gt = xen_map_grant_frame(0, XEN_GNTTAB_GFN);
	evtchn_port_t port;
	uint64_t t0;

	sp->seq = 0;
	sp->magic = PAGE_MAGIC;
	xen_grant_access(gt, GREF, PONG_DOMID, GFN(granted), true);
	expect_eq(xen_evtchn_alloc_unbound(DOMID_SELF, PONG_DOMID, &port), 0,
		  "alloc_unbound(SELF, d%u)", PONG_DOMID);
	guest_printf("ping: port %u offered to d%u, page %#lx granted as ref %u\n", port,
		     PONG_DOMID, (unsigned long)GFN(granted), GREF);

	if (!wait_events(port, 1, BIND_TIMEOUT_MS))
		test_fail("ping: no hello from pong within %u ms", BIND_TIMEOUT_MS);
	t0 = timer_now();
	for (unsigned int n = 1; n <= ROUNDS; n++) {
		sp->seq = n;
		dmb(sy); /* the page before the event */
		expect_eq(xen_evtchn_send(port), 0, "ping: send in round %u", n);
		if (!wait_events(port, n + 1, ROUND_TIMEOUT_MS))
			test_fail("ping: round %u: no reply within %u ms (%u events on port %u, "
				  "lost event)",
				  n, ROUND_TIMEOUT_MS, atomic_read(&hits[port]), port);
		if (atomic_read(&hits[port]) != n + 1)
			test_fail("ping: round %u: %u events on port %u, expected %u (duplicate)",
				  n, atomic_read(&hits[port]), port, n + 1);
		if (n % PROGRESS == 0)
			guest_printf("ping: %u round trips, %lu ms\n", n, elapsed_ms(t0));
	}
	/* Late duplicates would show up now. */
	local_irq_enable();
	mdelay(50);
	local_irq_disable();
	expect_eq(atomic_read(&hits[port]), ROUNDS + 1, "ping: events after the last round");
	/* Pong only copies: the grant is not in use, so it can be revoked. */
	expect_true(xen_grant_revoke(gt, GREF), "ping: revoke the grant at the end");
	test_result(SUCCESS, "ping: %u round trips in %lu ms, %u upcalls, no lost or duplicate "
			     "event",
		    ROUNDS, elapsed_ms(t0), xen_upcall_count(0));
}

static void pong(void)
{
	volatile struct shared_page *cp = (volatile struct shared_page *)copy_buf;
	uint64_t end = timer_now() + timer_ms_to_ticks(BIND_TIMEOUT_MS), t0;
	evtchn_port_t port = 0, remote = 0;
	unsigned int base;
	struct gnttab_copy c;

	while (!port) {
		for (evtchn_port_t p = 1; p <= MAX_PROBE_PORT && !port; p++) {
			evtchn_port_t local;

			if (!xen_evtchn_bind_interdomain(PING_DOMID, p, &local)) {
				port = local;
				remote = p;
			}
		}
		if (!port && timer_now() > end)
			test_fail("pong: no port of d%u to bind within %u ms", PING_DOMID,
				  BIND_TIMEOUT_MS);
		if (!port)
			mdelay(1);
	}
	guest_printf("pong: bound d%u port %u as port %u\n", PING_DOMID, remote, port);
	/* The bind itself makes our port pending once (Xen semantics). */
	if (!wait_events(port, 1, ROUND_TIMEOUT_MS))
		test_fail("pong: the bind did not raise port %u", port);
	base = atomic_read(&hits[port]);
	expect_eq(base, 1, "pong: events after the bind");
	expect_eq(xen_evtchn_send(port), 0, "pong: hello");

	memset(&c, 0, sizeof(c));
	c.source.u.ref = GREF;
	c.source.domid = PING_DOMID;
	c.dest.u.gmfn = GFN(copy_buf);
	c.dest.domid = DOMID_SELF;
	c.len = sizeof(struct shared_page);
	c.flags = GNTCOPY_source_gref;
	t0 = timer_now();
	for (unsigned int n = 1; n <= ROUNDS; n++) {
		if (!wait_events(port, base + n, ROUND_TIMEOUT_MS))
			test_fail("pong: round %u: no event within %u ms (%u on port %u, lost "
				  "event)",
				  n, ROUND_TIMEOUT_MS, atomic_read(&hits[port]), port);
		if (atomic_read(&hits[port]) != base + n)
			test_fail("pong: round %u: %u events on port %u, expected %u (duplicate)",
				  n, atomic_read(&hits[port]), port, base + n);
		c.status = 1;
		expect_eq(xen_grant_table_op(GNTTABOP_copy, &c, 1), 0, "pong: copy in round %u", n);
		expect_eq(c.status, GNTST_okay, "pong: copy status in round %u", n);
		expect_eq((long long)cp->magic, (long long)PAGE_MAGIC,
			  "pong: page magic in round %u", n);
		expect_eq((long long)cp->seq, n, "pong: sequence number in round %u", n);
		expect_eq(xen_evtchn_send(port), 0, "pong: send in round %u", n);
		if (n % PROGRESS == 0)
			guest_printf("pong: %u round trips, %lu ms\n", n, elapsed_ms(t0));
	}
	test_result(SUCCESS, "pong: %u events, each page copy held its sequence number", ROUNDS);
}

void test_main(void)
{
	domid_t self;

	xen_require();
	self = xen_own_domid();
	setup();
	if (self == PING_DOMID)
		ping();
	else if (self == PONG_DOMID)
		pong();
	test_result(ERROR, "runs as d%u; expected d%u (ping) or d%u (pong)", self, PING_DOMID,
		    PONG_DOMID);
}
