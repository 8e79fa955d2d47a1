/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the event-channel core (hyp/core/evtchn*.c): every
 * EVTCHNOP with its Xen error codes, 2-level delivery through a calloc'd
 * shared_info/vcpu_info, FIFO queues in fake guest pages, interdomain
 * binding between fake domains, and long ping-pong runs that must not lose
 * an event. The fake hooks also check the locking contract: lookup,
 * mark_pending and xen_consumer must run without any evtchn lock held.
 */
#include <hyp/errno.h>
#include <hyp/evtchn.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <time.h>

#include "unit.h"

#define MAX_VCPUS 4
#define GUEST_PAGES 160

struct fake_dom {
	struct evtchn_domain ev;
	struct shared_info *si;
	struct vcpu_info *vi[MAX_VCPUS];     /* current vcpu_info of each vCPU */
	struct vcpu_info *spare[MAX_VCPUS];  /* storage for vCPUs >= 1 */
	unsigned kicks[MAX_VCPUS];           /* mark_pending calls */
	bool runs_here[MAX_VCPUS];           /* upcall hook delivers directly */
	unsigned direct[MAX_VCPUS];          /* upcalls delivered by the upcall hook */
	unsigned consumer_calls;
	unsigned raised; /* port_raised calls */
	uint32_t consumer_port;
	void *pages[GUEST_PAGES]; /* guest RAM by gfn; NULL = no RAM */
	int mapped;               /* map_guest_page - unmap_guest_page */
	bool present;
};

#define NR_FAKE 4
static struct fake_dom fakes[NR_FAKE];
static long alloc_bytes; /* outstanding hooks->alloc memory */

static struct fake_dom *fd_of(struct evtchn_domain *d)
{
	return container_of(d, struct fake_dom, ev);
}

static bool threaded; /* other threads may legitimately hold locks */

static bool any_lock_held(void)
{
	if (threaded)
		return false;
	for (int i = 0; i < NR_FAKE; i++)
		if (fakes[i].present && spin_is_locked(&fakes[i].ev.lock))
			return true;
	return false;
}

static int unlocked_violations;

static struct evtchn_domain *h_lookup(uint16_t domid)
{
	if (any_lock_held())
		unlocked_violations++;
	for (int i = 0; i < NR_FAKE; i++)
		if (fakes[i].present && fakes[i].ev.domid == domid)
			return &fakes[i].ev;
	return NULL;
}

static void *h_shared_info(struct evtchn_domain *d)
{
	return fd_of(d)->si;
}

static void *h_vcpu_info(struct evtchn_domain *d, unsigned vcpu)
{
	return vcpu < MAX_VCPUS ? fd_of(d)->vi[vcpu] : NULL;
}

static int kick_without_upcall;

static void h_mark_pending(struct evtchn_domain *d, unsigned vcpu)
{
	struct fake_dom *fd = fd_of(d);

	if (any_lock_held())
		unlocked_violations++;
	if (!threaded && !fd->vi[vcpu]->evtchn_upcall_pending)
		kick_without_upcall++;
	__atomic_fetch_add(&fd->kicks[vcpu], 1, __ATOMIC_SEQ_CST);
}

static int locked_violations; /* upcall hook called without the lock */

/* Like xen_domain.c: direct for a vCPU "running on this pCPU", else queue. */
static void h_upcall(struct evtchn_domain *d, unsigned vcpu)
{
	struct fake_dom *fd = fd_of(d);

	if (!threaded && !spin_is_locked(&d->lock))
		locked_violations++;
	if (fd->runs_here[vcpu])
		__atomic_fetch_add(&fd->direct[vcpu], 1, __ATOMIC_SEQ_CST);
	else
		evtchn_queue_upcall_locked(d, vcpu);
}

static void *h_map(struct evtchn_domain *d, uint64_t gfn)
{
	struct fake_dom *fd = fd_of(d);

	if (gfn == 0 || gfn >= GUEST_PAGES)
		return NULL; /* gfn 0 and beyond: not RAM */
	if (!fd->pages[gfn])
		fd->pages[gfn] = calloc(1, PAGE_SIZE);
	fd->mapped++;
	return fd->pages[gfn];
}

static void h_unmap(struct evtchn_domain *d, void *p)
{
	(void)p;
	fd_of(d)->mapped--;
}

static void h_consumer(struct evtchn_domain *d, uint32_t port)
{
	if (any_lock_held())
		unlocked_violations++;
	fd_of(d)->consumer_calls++;
	fd_of(d)->consumer_port = port;
}

static void h_raised(struct evtchn_domain *d)
{
	if (any_lock_held())
		unlocked_violations++;
	__atomic_fetch_add(&fd_of(d)->raised, 1, __ATOMIC_SEQ_CST);
}

static void *h_alloc(size_t bytes)
{
	__atomic_fetch_add(&alloc_bytes, (long)bytes, __ATOMIC_SEQ_CST);
	return calloc(1, bytes);
}

static void h_free(void *p, size_t bytes)
{
	__atomic_fetch_sub(&alloc_bytes, (long)bytes, __ATOMIC_SEQ_CST);
	free(p);
}

static const struct evtchn_hooks hooks = {
	.lookup = h_lookup,
	.shared_info = h_shared_info,
	.vcpu_info = h_vcpu_info,
	.mark_pending = h_mark_pending,
	.upcall = h_upcall,
	.map_guest_page = h_map,
	.unmap_guest_page = h_unmap,
	.xen_consumer = h_consumer,
	.alloc = h_alloc,
	.free = h_free,
	.port_raised = h_raised,
};

static struct evtchn_domain *mkdom(int slot, uint16_t domid, bool priv, unsigned nr_vcpus,
				   unsigned max_port)
{
	struct fake_dom *fd = &fakes[slot];

	memset(fd, 0, sizeof(*fd));
	fd->si = calloc(1, PAGE_SIZE);
	fd->vi[0] = &fd->si->vcpu_info[0];
	for (unsigned v = 1; v < MAX_VCPUS; v++)
		fd->vi[v] = fd->spare[v] = calloc(1, sizeof(struct vcpu_info));
	CHECK_EQ(evtchn_domain_init(&fd->ev, domid, priv, nr_vcpus, max_port, &hooks, fd), 0);
	fd->present = true;
	return &fd->ev;
}

static void rmdom(struct evtchn_domain *d)
{
	struct fake_dom *fd = fd_of(d);

	evtchn_domain_destroy(d);
	CHECK_EQ(fd->mapped, 0);
	fd->present = false;
	free(fd->si);
	for (unsigned v = 1; v < MAX_VCPUS; v++)
		free(fd->spare[v]);
	for (int i = 0; i < GUEST_PAGES; i++)
		free(fd->pages[i]);
	memset(fd, 0, sizeof(*fd));
}

/* ------------------------------------------------------ op wrappers */

static long alloc_unbound(struct evtchn_domain *d, uint16_t dom, uint16_t remote, uint32_t *port)
{
	struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote, .port = 0xdead };
	long rc = evtchn_op(d, 0, EVTCHNOP_alloc_unbound, &a);

	if (port)
		*port = a.port;
	return rc;
}

static long bind_interdomain(struct evtchn_domain *d, uint16_t rdom, uint32_t rport,
			     uint32_t *lport)
{
	struct evtchn_bind_interdomain b = { .remote_dom = rdom, .remote_port = rport };
	long rc = evtchn_op(d, 0, EVTCHNOP_bind_interdomain, &b);

	if (lport)
		*lport = b.local_port;
	return rc;
}

static long bind_virq(struct evtchn_domain *d, uint32_t virq, uint32_t vcpu, uint32_t *port)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
	long rc = evtchn_op(d, 0, EVTCHNOP_bind_virq, &b);

	if (port)
		*port = b.port;
	return rc;
}

static long bind_ipi(struct evtchn_domain *d, uint32_t vcpu, uint32_t *port)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };
	long rc = evtchn_op(d, 0, EVTCHNOP_bind_ipi, &b);

	if (port)
		*port = b.port;
	return rc;
}

static long op_port(struct evtchn_domain *d, unsigned cmd, uint32_t port)
{
	struct evtchn_send s = { .port = port }; /* same layout as close/unmask */

	return evtchn_op(d, 0, cmd, &s);
}

#define ev_send(d, p) op_port(d, EVTCHNOP_send, p)
#define ev_close(d, p) op_port(d, EVTCHNOP_close, p)
#define ev_unmask(d, p) op_port(d, EVTCHNOP_unmask, p)

static long status(struct evtchn_domain *d, uint16_t dom, uint32_t port, struct evtchn_status *s)
{
	memset(s, 0xa5, sizeof(*s));
	s->dom = dom;
	s->port = port;
	return evtchn_op(d, 0, EVTCHNOP_status, s);
}

static long bind_vcpu(struct evtchn_domain *d, uint32_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

	return evtchn_op(d, 0, EVTCHNOP_bind_vcpu, &b);
}

static long set_priority(struct evtchn_domain *d, uint32_t port, uint32_t prio)
{
	struct evtchn_set_priority sp = { .port = port, .priority = prio };

	return evtchn_op(d, 0, EVTCHNOP_set_priority, &sp);
}

static long init_control(struct evtchn_domain *d, uint64_t gfn, uint32_t off, uint32_t vcpu)
{
	struct evtchn_init_control ic = { .control_gfn = gfn, .offset = off, .vcpu = vcpu };
	long rc = evtchn_op(d, 0, EVTCHNOP_init_control, &ic);

	if (rc == 0)
		CHECK_EQ(ic.link_bits, 17);
	return rc;
}

static long expand_array(struct evtchn_domain *d, uint64_t gfn)
{
	struct evtchn_expand_array ea = { .array_gfn = gfn };

	return evtchn_op(d, 0, EVTCHNOP_expand_array, &ea);
}

/* ------------------------------------------------------ guest views */

static bool l2_pending(struct evtchn_domain *d, uint32_t port)
{
	return (fd_of(d)->si->evtchn_pending[port / 64] >> (port % 64)) & 1;
}

static bool l2_sel(struct evtchn_domain *d, unsigned vcpu, uint32_t port)
{
	return (fd_of(d)->vi[vcpu]->evtchn_pending_sel >> (port / 64)) & 1;
}

/* The guest clears @port's pending bit. */
static void l2_clear_pending(struct evtchn_domain *d, uint32_t port)
{
	__atomic_fetch_and(&fd_of(d)->si->evtchn_pending[port / 64], ~(1ULL << (port % 64)),
			   __ATOMIC_SEQ_CST);
}

static void l2_mask(struct evtchn_domain *d, uint32_t port, bool masked)
{
	uint64_t bit = 1ULL << (port % 64);

	if (masked)
		__atomic_fetch_or(&fd_of(d)->si->evtchn_mask[port / 64], bit, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&fd_of(d)->si->evtchn_mask[port / 64], ~bit, __ATOMIC_SEQ_CST);
}

/* What Linux's upcall handler does: returns the number of ports handled. */
static int l2_consume(struct evtchn_domain *d, unsigned vcpu, uint32_t *ports, int max)
{
	struct fake_dom *fd = fd_of(d);
	struct vcpu_info *vi = fd->vi[vcpu];
	int n = 0;

	__atomic_store_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
	uint64_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (sel) {
		unsigned w = (unsigned)__builtin_ctzll(sel);
		uint64_t bits;

		sel &= sel - 1;
		bits = __atomic_load_n(&fd->si->evtchn_pending[w], __ATOMIC_SEQ_CST) &
		       ~__atomic_load_n(&fd->si->evtchn_mask[w], __ATOMIC_SEQ_CST);
		while (bits) {
			unsigned b = (unsigned)__builtin_ctzll(bits);

			bits &= bits - 1;
			__atomic_fetch_and(&fd->si->evtchn_pending[w], ~(1ULL << b),
					   __ATOMIC_SEQ_CST);
			if (n < max)
				ports[n] = w * 64 + b;
			n++;
		}
	}
	return n;
}

static void l2_reset_views(struct evtchn_domain *d)
{
	struct fake_dom *fd = fd_of(d);

	memset(fd->si->evtchn_pending, 0, sizeof(fd->si->evtchn_pending));
	for (unsigned v = 0; v < MAX_VCPUS; v++) {
		fd->vi[v]->evtchn_pending_sel = 0;
		fd->vi[v]->evtchn_upcall_pending = 0;
		fd->kicks[v] = 0;
	}
}

/* FIFO guest view: control block of gfn 1 at offset 64 (+128 per vCPU), array at gfn 10+ */
#define CB_GFN 1
#define ARRAY_GFN 10

static struct evtchn_fifo_control_block *cb_of(struct evtchn_domain *d, unsigned vcpu)
{
	return (struct evtchn_fifo_control_block *)((char *)fd_of(d)->pages[CB_GFN] + 64 +
						    128 * vcpu);
}

static uint32_t *word_ptr(struct evtchn_domain *d, uint32_t port)
{
	uint32_t *page = fd_of(d)->pages[ARRAY_GFN + port / 1024];

	return page ? &page[port % 1024] : NULL;
}

static uint32_t word(struct evtchn_domain *d, uint32_t port)
{
	uint32_t *w = word_ptr(d, port);

	return w ? __atomic_load_n(w, __ATOMIC_SEQ_CST) : 0xffffffffu;
}

#define W_PENDING (1u << 31)
#define W_MASKED (1u << 30)
#define W_LINKED (1u << 29)
#define W_BUSY (1u << 28)
#define W_LINK 0x1ffffu

/* Linux's array page setup: every word MASKED before expand_array. */
static long fifo_add_page(struct evtchn_domain *d, unsigned idx)
{
	uint32_t *page = h_map(d, ARRAY_GFN + idx);

	h_unmap(d, page);
	for (int i = 0; i < 1024; i++)
		page[i] = W_MASKED;
	return expand_array(d, ARRAY_GFN + idx);
}

/* Guest-side unmask the way Linux does it: clear MASKED if not PENDING/BUSY, else hypercall. */
static void fifo_guest_unmask(struct evtchn_domain *d, uint32_t port)
{
	uint32_t *w = word_ptr(d, port);
	uint32_t old = __atomic_load_n(w, __ATOMIC_SEQ_CST);

	for (;;) {
		if (old & (W_PENDING | W_BUSY)) {
			CHECK_EQ(ev_unmask(d, port), 0);
			return;
		}
		if (__atomic_compare_exchange_n(w, &old, old & ~W_MASKED, false, __ATOMIC_SEQ_CST,
						__ATOMIC_SEQ_CST))
			return;
	}
}

struct fifo_guest {
	uint32_t head[EVTCHN_FIFO_MAX_QUEUES];
};

/* Linux's consume loop for one vCPU: returns ports handled (priority order). */
static int fifo_consume(struct evtchn_domain *d, unsigned vcpu, struct fifo_guest *g,
			uint32_t *ports, int max)
{
	struct evtchn_fifo_control_block *cb = cb_of(d, vcpu);
	int n = 0;

	__atomic_store_n(&fd_of(d)->vi[vcpu]->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
	uint32_t ready = __atomic_exchange_n(&cb->ready, 0, __ATOMIC_SEQ_CST);
	while (ready) {
		unsigned q = (unsigned)__builtin_ctz(ready);
		uint32_t port = g->head[q];
		uint32_t *w, old, next;

		if (!port)
			port = __atomic_load_n(&cb->head[q], __ATOMIC_SEQ_CST);
		w = word_ptr(d, port);
		old = __atomic_load_n(w, __ATOMIC_SEQ_CST);
		while (!__atomic_compare_exchange_n(w, &old, old & ~(W_LINKED | W_LINK), false,
						    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			;
		next = old & W_LINK;
		if (!next)
			ready &= ~(1u << q);
		if ((old & W_PENDING) && !(old & W_MASKED)) {
			__atomic_fetch_and(w, ~W_PENDING, __ATOMIC_SEQ_CST);
			if (n < max)
				ports[n] = port;
			n++;
		}
		g->head[q] = next;
	}
	return n;
}

/* =================================================================== tests */

UNIT_TEST(init_reserves_port0_and_frees_everything)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 1, EVTCHN_DEFAULT_MAX_PORT);
	struct evtchn_status s;

	CHECK_EQ(ev_close(d, 0), -EINVAL);
	CHECK_EQ(ev_send(d, 0), -EINVAL);
	CHECK_EQ(status(d, DOMID_SELF, 0, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_closed);
	rmdom(d);
	CHECK_EQ(alloc_bytes, 0);
	CHECK_EQ(unlocked_violations, 0);
}

UNIT_TEST(interdomain_round_trip_2l)
{
	struct evtchn_domain *d1 = mkdom(0, 1, false, 1, 1023);
	struct evtchn_domain *d2 = mkdom(1, 2, false, 1, 1023);
	struct evtchn_status s;
	uint32_t p1, p2, got[4];

	CHECK_EQ(alloc_unbound(d1, DOMID_SELF, 2, &p1), 0);
	CHECK_EQ(p1, 1);
	CHECK_EQ(status(d1, DOMID_SELF, p1, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_unbound);
	CHECK_EQ(s.u.unbound.dom, 2);
	CHECK_EQ(s.vcpu, 0);
	/* unbound: sends are silently dropped */
	CHECK_EQ(ev_send(d1, p1), 0);
	CHECK(!l2_pending(d1, p1));

	CHECK_EQ(bind_interdomain(d2, 1, p1, &p2), 0);
	CHECK_EQ(p2, 1);
	/* the new local port is pending immediately, with selector and upcall */
	CHECK(l2_pending(d2, p2));
	CHECK(l2_sel(d2, 0, p2));
	CHECK_EQ(fd_of(d2)->vi[0]->evtchn_upcall_pending, 1);
	CHECK_EQ(fd_of(d2)->kicks[0], 1);
	CHECK(evtchn_vcpu_has_pending(d2, 0));
	CHECK(!evtchn_vcpu_has_pending(d1, 0));

	CHECK_EQ(status(d1, DOMID_SELF, p1, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(s.u.interdomain.dom, 2);
	CHECK_EQ(s.u.interdomain.port, p2);
	CHECK_EQ(status(d2, 2, p2, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(s.u.interdomain.dom, 1);
	CHECK_EQ(s.u.interdomain.port, p1);

	CHECK_EQ(l2_consume(d2, 0, got, 4), 1);
	CHECK_EQ(got[0], p2);
	CHECK(!evtchn_vcpu_has_pending(d2, 0));

	/* d1 -> d2 */
	CHECK_EQ(ev_send(d1, p1), 0);
	CHECK(l2_pending(d2, p2));
	CHECK_EQ(fd_of(d2)->kicks[0], 2);
	CHECK(!l2_pending(d1, p1));
	/* raising an already pending port changes nothing */
	CHECK_EQ(ev_send(d1, p1), 0);
	CHECK_EQ(fd_of(d2)->kicks[0], 2);
	/* d2 -> d1 */
	CHECK_EQ(ev_send(d2, p2), 0);
	CHECK(l2_pending(d1, p1));
	CHECK_EQ(fd_of(d1)->kicks[0], 1);
	CHECK_EQ(l2_consume(d1, 0, got, 4), 1);
	CHECK_EQ(got[0], p1);

	rmdom(d1);
	rmdom(d2);
	CHECK_EQ(alloc_bytes, 0);
	CHECK_EQ(kick_without_upcall, 0);
	CHECK_EQ(unlocked_violations, 0);
}

UNIT_TEST(l2_selector_and_upcall_only_on_transitions)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 1, 1023);
	uint32_t a, b, got[4];

	CHECK_EQ(bind_ipi(d, 0, &a), 0);
	CHECK_EQ(bind_ipi(d, 0, &b), 0);
	CHECK_EQ(a, 1);
	CHECK_EQ(b, 2);
	CHECK_EQ(ev_send(d, a), 0);
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	/* same word, selector already set: no second upcall */
	CHECK_EQ(ev_send(d, b), 0);
	CHECK(l2_pending(d, b));
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	CHECK_EQ(l2_consume(d, 0, got, 4), 2);
	CHECK_EQ(got[0], a);
	CHECK_EQ(got[1], b);

	/* selector cleared by the guest, upcall still set: selector set, no hook call */
	fd_of(d)->vi[0]->evtchn_upcall_pending = 1;
	CHECK_EQ(ev_send(d, a), 0);
	CHECK(l2_sel(d, 0, a));
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	rmdom(d);
}

UNIT_TEST(l2_mask_and_unmask_delivery)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 1, 1023);
	uint32_t p, got[4];

	CHECK_EQ(bind_ipi(d, 0, &p), 0);
	l2_mask(d, p, true);
	CHECK_EQ(evtchn_port_poll(d, p), 0);
	CHECK_EQ(ev_send(d, p), 0);
	CHECK(l2_pending(d, p));
	CHECK_EQ(evtchn_port_poll(d, p), 1);
	CHECK_EQ(evtchn_port_poll(d, 9), -EINVAL);       /* free */
	CHECK_EQ(evtchn_port_poll(d, 1u << 20), -EINVAL); /* beyond the table */
	CHECK_EQ(fd_of(d)->raised, 0); /* nobody announced a poll: no port_raised */
	l2_clear_pending(d, p);
	d->polling = true; /* what the owner does before a vCPU polls */
	CHECK_EQ(ev_send(d, p), 0);
	CHECK_EQ(fd_of(d)->raised, 1); /* pollers are told even for a masked port */
	CHECK_EQ(ev_send(d, p), 0);
	CHECK_EQ(fd_of(d)->raised, 1); /* already pending: no news */
	CHECK(!l2_sel(d, 0, p));
	CHECK_EQ(fd_of(d)->vi[0]->evtchn_upcall_pending, 0);
	CHECK_EQ(fd_of(d)->kicks[0], 0);

	CHECK_EQ(ev_unmask(d, p), 0);
	CHECK(!((fd_of(d)->si->evtchn_mask[0] >> p) & 1));
	CHECK(l2_sel(d, 0, p));
	CHECK_EQ(fd_of(d)->vi[0]->evtchn_upcall_pending, 1);
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	CHECK_EQ(l2_consume(d, 0, got, 4), 1);

	/* unmask of a port that is not masked (even if pending) or not pending: no delivery */
	__atomic_fetch_or(&fd_of(d)->si->evtchn_pending[0], 1ULL << p, __ATOMIC_SEQ_CST);
	CHECK_EQ(ev_unmask(d, p), 0);
	CHECK(!l2_sel(d, 0, p));
	__atomic_fetch_and(&fd_of(d)->si->evtchn_pending[0], ~(1ULL << p), __ATOMIC_SEQ_CST);
	l2_mask(d, p, true);
	CHECK_EQ(ev_unmask(d, p), 0);
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	CHECK_EQ(fd_of(d)->vi[0]->evtchn_upcall_pending, 0);

	/* unmask of an unused port inside the table is a no-op; beyond it -EINVAL */
	CHECK_EQ(ev_unmask(d, 7), 0);
	CHECK_EQ(ev_unmask(d, 100000), -EINVAL);
	rmdom(d);
}

UNIT_TEST(bind_vcpu_moves_delivery)
{
	struct evtchn_domain *d1 = mkdom(0, 1, false, 2, 1023);
	struct evtchn_domain *d2 = mkdom(1, 2, false, 2, 1023);
	struct evtchn_status s;
	uint32_t p1, p2, got[4];

	CHECK_EQ(alloc_unbound(d1, DOMID_SELF, 2, &p1), 0);
	CHECK_EQ(bind_interdomain(d2, 1, p1, &p2), 0);
	l2_reset_views(d2);
	CHECK_EQ(bind_vcpu(d2, p2, 1), 0);
	CHECK_EQ(status(d2, DOMID_SELF, p2, &s), 0);
	CHECK_EQ(s.vcpu, 1);
	CHECK_EQ(ev_send(d1, p1), 0);
	CHECK(l2_sel(d2, 1, p2));
	CHECK(!l2_sel(d2, 0, p2));
	CHECK_EQ(fd_of(d2)->kicks[1], 1);
	CHECK_EQ(fd_of(d2)->kicks[0], 0);
	CHECK(evtchn_vcpu_has_pending(d2, 1));
	CHECK(!evtchn_vcpu_has_pending(d2, 0));
	CHECK_EQ(l2_consume(d2, 1, got, 4), 1);

	/* unmask delivers to the notify vCPU too */
	l2_mask(d2, p2, true);
	CHECK_EQ(ev_send(d1, p1), 0);
	CHECK_EQ(ev_unmask(d2, p2), 0);
	CHECK_EQ(fd_of(d2)->kicks[1], 2);
	CHECK_EQ(fd_of(d2)->kicks[0], 0);

	/* which ports may move */
	uint32_t ipi, timer, dom_exc;
	CHECK_EQ(bind_ipi(d2, 0, &ipi), 0);
	CHECK_EQ(bind_vcpu(d2, ipi, 1), -EINVAL);
	CHECK_EQ(bind_virq(d2, VIRQ_TIMER, 1, &timer), 0);
	CHECK_EQ(bind_vcpu(d2, timer, 0), -EINVAL);
	CHECK_EQ(bind_virq(d2, VIRQ_DOM_EXC, 0, &dom_exc), 0);
	CHECK_EQ(bind_vcpu(d2, dom_exc, 1), 0);
	CHECK_EQ(bind_vcpu(d2, p1 + 50, 1), -EINVAL); /* free port in the table */
	CHECK_EQ(bind_vcpu(d2, 5000, 1), -EINVAL);
	CHECK_EQ(bind_vcpu(d2, p2, 2), -ENOENT);
	/* unbound ports may move */
	uint32_t ub;
	CHECK_EQ(alloc_unbound(d2, DOMID_SELF, 1, &ub), 0);
	CHECK_EQ(bind_vcpu(d2, ub, 1), 0);

	/* the moved global VIRQ is delivered on vCPU 1 */
	l2_reset_views(d2);
	evtchn_send_virq(d2, VIRQ_DOM_EXC, 0);
	CHECK(l2_pending(d2, dom_exc));
	CHECK_EQ(fd_of(d2)->kicks[1], 1);
	CHECK_EQ(fd_of(d2)->kicks[0], 0);
	rmdom(d1);
	rmdom(d2);
	CHECK_EQ(alloc_bytes, 0);
}

UNIT_TEST(error_paths_match_xen)
{
	struct evtchn_domain *d1 = mkdom(0, 1, false, 2, 1023);
	struct evtchn_domain *d2 = mkdom(1, 2, false, 1, 1023);
	struct evtchn_domain *d0 = mkdom(2, 0, true, 1, 4095);
	struct evtchn_status s;
	uint32_t p, q, q0, r;

	/* alloc_unbound */
	CHECK_EQ(alloc_unbound(d1, 99, 2, &p), -ESRCH);
	CHECK_EQ(alloc_unbound(d1, 2, 1, &p), -EPERM);
	CHECK_EQ(alloc_unbound(d0, 2, DOMID_SELF, &p), 0); /* privileged: in d2 for dom0 */
	CHECK_EQ(status(d2, DOMID_SELF, p, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_unbound);
	CHECK_EQ(s.u.unbound.dom, 0); /* DOMID_SELF = the caller */

	/* bind_interdomain */
	CHECK_EQ(bind_interdomain(d1, 99, 1, &q), -ESRCH);
	CHECK_EQ(bind_interdomain(d1, 2, p, &q), -EINVAL); /* accepts dom0, not d1 */
	CHECK_EQ(bind_interdomain(d1, 2, 77, &q), -EINVAL); /* free */
	CHECK_EQ(bind_interdomain(d1, 2, 0, &q), -EINVAL);  /* reserved */
	CHECK_EQ(bind_interdomain(d1, 2, 9999, &q), -EINVAL); /* beyond the table */
	CHECK_EQ(bind_interdomain(d0, 2, p, &q0), 0);
	CHECK_EQ(bind_interdomain(d0, 2, p, &q), -EINVAL); /* no longer unbound */
	CHECK_EQ(bind_ipi(d2, 0, &r), 0);
	CHECK_EQ(bind_interdomain(d1, 2, r, &q), -EINVAL); /* IPI */

	/* bind_virq */
	CHECK_EQ(bind_virq(d1, NR_VIRQS, 0, &q), -EINVAL);
	CHECK_EQ(bind_virq(d1, 0xffffffffu, 0, &q), -EINVAL);
	CHECK_EQ(bind_virq(d1, VIRQ_CONSOLE, 1, &q), -EINVAL); /* global on vCPU 1 */
	CHECK_EQ(bind_virq(d1, VIRQ_CONSOLE, 7, &q), -EINVAL); /* global check first */
	CHECK_EQ(bind_virq(d1, VIRQ_TIMER, 2, &q), -ENOENT);
	CHECK_EQ(bind_virq(d1, VIRQ_TIMER, 1, &q), 0);
	CHECK_EQ(bind_virq(d1, VIRQ_TIMER, 1, &r), -EEXIST);
	CHECK_EQ(bind_virq(d1, VIRQ_TIMER, 0, &r), 0); /* per-vCPU: a second one on vCPU 0 */
	CHECK_EQ(bind_virq(d1, VIRQ_CONSOLE, 0, &r), 0);
	CHECK_EQ(bind_virq(d1, VIRQ_CONSOLE, 0, NULL), -EEXIST);
	CHECK_EQ(status(d1, DOMID_SELF, r, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_virq);
	CHECK_EQ(s.u.virq, VIRQ_CONSOLE);
	/* send on a VIRQ port */
	CHECK_EQ(ev_send(d1, r), -EINVAL);

	/* bind_ipi */
	CHECK_EQ(bind_ipi(d1, 2, &q), -ENOENT);
	CHECK_EQ(bind_ipi(d1, 1, &q), 0);
	CHECK_EQ(status(d1, DOMID_SELF, q, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_ipi);
	CHECK_EQ(s.vcpu, 1);

	/* close / send of bad ports */
	CHECK_EQ(ev_close(d1, 0), -EINVAL);
	CHECK_EQ(ev_close(d1, 200), -EINVAL);      /* free, in the table */
	CHECK_EQ(ev_close(d1, 1u << 20), -EINVAL); /* beyond */
	CHECK_EQ(ev_send(d1, 200), -EINVAL);
	CHECK_EQ(ev_send(d1, 1u << 20), -EINVAL);
	CHECK_EQ(ev_close(d1, q), 0);
	CHECK_EQ(ev_close(d1, q), -EINVAL); /* twice */

	/* status */
	CHECK_EQ(status(d1, 99, 1, &s), -ESRCH);
	CHECK_EQ(status(d1, 2, 1, &s), -EPERM);
	CHECK_EQ(status(d1, 2, 1u << 20, &s), -EINVAL); /* Xen checks the port first */
	CHECK_EQ(status(d1, DOMID_SELF, 1u << 20, &s), -EINVAL);
	CHECK_EQ(status(d0, 2, p, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(s.u.interdomain.dom, 0);
	CHECK_EQ(s.u.interdomain.port, q0);

	/* reset */
	struct evtchn_reset rs = { .dom = 2 };
	CHECK_EQ(evtchn_op(d1, 0, EVTCHNOP_reset, &rs), -EPERM);
	rs.dom = 99;
	CHECK_EQ(evtchn_op(d1, 0, EVTCHNOP_reset, &rs), -ESRCH);
	rs.dom = DOMID_SELF;
	CHECK_EQ(evtchn_op(d1, 0, 14 /* reset_cont */, &rs), -EBUSY);

	/* FIFO-only ops in 2-level mode */
	CHECK_EQ(set_priority(d1, r, 3), -ENOSYS);
	CHECK_EQ(set_priority(d1, 1u << 20, 3), -EINVAL);
	CHECK_EQ(expand_array(d1, 5), -EOPNOTSUPP);

	/* bind_pirq and unknown commands */
	struct evtchn_bind_pirq bp = { 0 };
	CHECK_EQ(evtchn_op(d1, 0, EVTCHNOP_bind_pirq, &bp), -EINVAL);
	CHECK_EQ(evtchn_op(d1, 0, 15, &bp), -ENOSYS);
	CHECK_EQ(evtchn_op(d1, 0, 1000, &bp), -ENOSYS);

	rmdom(d0);
	rmdom(d1);
	rmdom(d2);
	CHECK_EQ(alloc_bytes, 0);
	CHECK_EQ(unlocked_violations, 0);
}

UNIT_TEST(close_reverts_peer_and_rebind)
{
	struct evtchn_domain *d1 = mkdom(0, 1, false, 1, 1023);
	struct evtchn_domain *d2 = mkdom(1, 2, false, 1, 1023);
	struct evtchn_status s;
	uint32_t p1, p2, p3;

	CHECK_EQ(alloc_unbound(d1, DOMID_SELF, 2, &p1), 0);
	CHECK_EQ(bind_interdomain(d2, 1, p1, &p2), 0);
	CHECK(l2_pending(d2, p2));
	CHECK_EQ(ev_close(d2, p2), 0);
	/* the closed port's pending bit is cleared */
	CHECK(!l2_pending(d2, p2));
	CHECK_EQ(status(d2, DOMID_SELF, p2, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_closed);
	CHECK_EQ(status(d1, DOMID_SELF, p1, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_unbound);
	CHECK_EQ(s.u.unbound.dom, 2);
	/* sends on the now-unbound end are dropped */
	CHECK_EQ(ev_send(d1, p1), 0);
	/* d2 can bind again and gets the lowest free port */
	CHECK_EQ(bind_interdomain(d2, 1, p1, &p3), 0);
	CHECK_EQ(p3, p2);

	/* closing from the other side reverts d2's port, accepting d1 */
	CHECK_EQ(ev_close(d1, p1), 0);
	CHECK_EQ(status(d2, DOMID_SELF, p3, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_unbound);
	CHECK_EQ(s.u.unbound.dom, 1);
	CHECK_EQ(bind_interdomain(d1, 2, p3, &p1), 0);

	/* destroying d1 reverts d2's end too */
	rmdom(d1);
	CHECK_EQ(status(d2, DOMID_SELF, p3, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_unbound);
	CHECK_EQ(s.u.unbound.dom, 1);
	CHECK_EQ(ev_send(d2, p3), 0);
	rmdom(d2);
	CHECK_EQ(alloc_bytes, 0);
	CHECK_EQ(unlocked_violations, 0);
}

UNIT_TEST(loopback_in_one_domain)
{
	struct evtchn_domain *d = mkdom(0, 0, true, 1, 4095);
	struct evtchn_status s;
	uint32_t a, b, got[4];

	CHECK_EQ(alloc_unbound(d, DOMID_SELF, DOMID_SELF, &a), 0);
	CHECK_EQ(bind_interdomain(d, DOMID_SELF, a, &b), 0);
	CHECK(a != b);
	CHECK(l2_pending(d, b));
	CHECK(!l2_pending(d, a));
	CHECK_EQ(l2_consume(d, 0, got, 4), 1);
	CHECK_EQ(ev_send(d, a), 0);
	CHECK(l2_pending(d, b));
	CHECK_EQ(ev_send(d, b), 0);
	CHECK(l2_pending(d, a));
	CHECK_EQ(status(d, 0, a, &s), 0);
	CHECK_EQ(s.u.interdomain.dom, 0);
	CHECK_EQ(s.u.interdomain.port, b);
	CHECK_EQ(ev_close(d, b), 0);
	CHECK_EQ(status(d, DOMID_SELF, a, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_unbound);
	CHECK_EQ(s.u.unbound.dom, 0);
	rmdom(d);
}

/*
 * The upcall hook: a vCPU "running on this pCPU" gets its upcall at once,
 * under the lock, and no mark_pending; another one gets mark_pending after
 * the lock is dropped. Either only on an evtchn_upcall_pending 0 -> 1.
 */
UNIT_TEST(upcall_hook_direct_or_queued)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 2, 1023);
	struct fake_dom *fd = fd_of(d);
	uint32_t p0, p1, got[4];

	locked_violations = unlocked_violations = 0;
	CHECK_EQ(bind_ipi(d, 0, &p0), 0);
	CHECK_EQ(bind_ipi(d, 1, &p1), 0);
	fd->runs_here[0] = true;
	CHECK_EQ(ev_send(d, p0), 0);
	CHECK_EQ(fd->direct[0], 1);
	CHECK_EQ(fd->kicks[0], 0);
	CHECK_EQ(fd->vi[0]->evtchn_upcall_pending, 1);
	CHECK_EQ(ev_send(d, p1), 0);
	CHECK_EQ(fd->direct[1], 0);
	CHECK_EQ(fd->kicks[1], 1);
	CHECK_EQ(fd->vi[1]->evtchn_upcall_pending, 1);
	l2_clear_pending(d, p1); /* (same word as p0: keep l2_consume() below exact) */
	/* still pending / upcall still set: nothing new */
	CHECK_EQ(ev_send(d, p0), 0);
	CHECK_EQ(fd->direct[0], 1);
	/* the guest consumed it: the next send is a new upcall */
	CHECK_EQ(l2_consume(d, 0, got, 4), 1);
	CHECK_EQ(got[0], p0);
	CHECK_EQ(ev_send(d, p0), 0);
	CHECK_EQ(fd->direct[0], 2);
	CHECK_EQ(fd->kicks[0], 0);
	/* descheduled: queued again */
	fd->runs_here[0] = false;
	CHECK_EQ(l2_consume(d, 0, got, 4), 1);
	CHECK_EQ(ev_send(d, p0), 0);
	CHECK_EQ(fd->direct[0], 2);
	CHECK_EQ(fd->kicks[0], 1);
	/* unmask of a pending port takes the same path */
	CHECK_EQ(l2_consume(d, 0, got, 4), 1);
	fd->runs_here[0] = true;
	l2_mask(d, p0, true);
	CHECK_EQ(ev_send(d, p0), 0);
	CHECK_EQ(fd->direct[0], 2);
	CHECK_EQ(ev_unmask(d, p0), 0);
	CHECK_EQ(fd->direct[0], 3);
	CHECK_EQ(locked_violations, 0);
	CHECK_EQ(unlocked_violations, 0);
	rmdom(d);
}

UNIT_TEST(virq_and_ipi_delivery)
{
	struct evtchn_domain *d = mkdom(0, 0, true, 2, 4095);
	uint32_t t1, exc, ipi, t1b;

	CHECK_EQ(bind_virq(d, VIRQ_TIMER, 1, &t1), 0);
	CHECK_EQ(bind_virq(d, VIRQ_DOM_EXC, 0, &exc), 0);
	CHECK_EQ(bind_ipi(d, 1, &ipi), 0);

	evtchn_send_virq(d, VIRQ_TIMER, 0); /* not bound on vCPU 0 */
	CHECK(!l2_pending(d, t1));
	evtchn_send_virq(d, VIRQ_TIMER, 1);
	CHECK(l2_pending(d, t1));
	CHECK(l2_sel(d, 1, t1));
	CHECK_EQ(fd_of(d)->kicks[1], 1);
	evtchn_send_virq(d, VIRQ_DOM_EXC, 1); /* global: vCPU argument ignored */
	CHECK(l2_pending(d, exc));
	CHECK(l2_sel(d, 0, exc));
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	evtchn_send_virq(d, VIRQ_CONSOLE, 0); /* unbound VIRQ: nothing */
	evtchn_send_virq(d, 99, 0);
	evtchn_send_virq(d, VIRQ_TIMER, 9);

	l2_reset_views(d);
	CHECK_EQ(ev_send(d, ipi), 0);
	CHECK(l2_pending(d, ipi));
	CHECK_EQ(fd_of(d)->kicks[1], 1);

	/* closing a VIRQ port frees the VIRQ for a new bind */
	CHECK_EQ(ev_close(d, t1), 0);
	evtchn_send_virq(d, VIRQ_TIMER, 1);
	CHECK(!l2_pending(d, t1));
	CHECK_EQ(bind_virq(d, VIRQ_TIMER, 1, &t1b), 0);
	CHECK_EQ(t1b, t1);
	rmdom(d);
}

UNIT_TEST(hypervisor_connected_ports)
{
	struct evtchn_domain *d = mkdom(0, 3, false, 1, 1023);
	struct evtchn_status s;
	uint32_t con, ipi, got[4];

	CHECK_EQ(evtchn_alloc_unbound_xen(d, 0, &con), 0);
	CHECK_EQ(con, 1);
	CHECK_EQ(status(d, DOMID_SELF, con, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(s.u.interdomain.dom, 0);
	CHECK_EQ(ev_send(d, con), 0);
	CHECK_EQ(fd_of(d)->consumer_calls, 1);
	CHECK_EQ(fd_of(d)->consumer_port, con);
	CHECK(!l2_pending(d, con));

	CHECK_EQ(evtchn_send_from_xen(d, con), 0);
	CHECK(l2_pending(d, con));
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	CHECK_EQ(l2_consume(d, 0, got, 4), 1);
	CHECK_EQ(got[0], con);

	CHECK_EQ(bind_ipi(d, 0, &ipi), 0);
	CHECK_EQ(evtchn_send_from_xen(d, ipi), -EINVAL);
	CHECK_EQ(evtchn_send_from_xen(d, 500), -EINVAL);
	CHECK_EQ(evtchn_send_from_xen(d, 1u << 20), -EINVAL);

	/* a guest reset keeps it; a guest close frees it */
	struct evtchn_reset rs = { .dom = DOMID_SELF };
	CHECK_EQ(evtchn_op(d, 0, EVTCHNOP_reset, &rs), 0);
	CHECK_EQ(status(d, DOMID_SELF, ipi, &s), 0);
	CHECK_EQ(s.status, EVTCHNSTAT_closed);
	CHECK_EQ(evtchn_send_from_xen(d, con), 0);
	CHECK_EQ(ev_close(d, con), 0);
	CHECK_EQ(evtchn_send_from_xen(d, con), -EINVAL);
	CHECK_EQ(unlocked_violations, 0);
	rmdom(d);
}

UNIT_TEST(port_limit_and_reuse)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 1, 10);
	uint32_t p;

	for (uint32_t i = 1; i <= 10; i++) {
		CHECK_EQ(bind_ipi(d, 0, &p), 0);
		CHECK_EQ(p, i);
	}
	CHECK_EQ(bind_ipi(d, 0, &p), -ENOSPC);
	CHECK_EQ(alloc_unbound(d, DOMID_SELF, 0, &p), -ENOSPC);
	CHECK_EQ(ev_close(d, 4), 0);
	CHECK_EQ(alloc_unbound(d, DOMID_SELF, 0, &p), 0);
	CHECK_EQ(p, 4);
	rmdom(d);

	/* the 2-level ABI caps a large max_port at 4095; the table grows in buckets */
	d = mkdom(0, 0, true, 1, 200000);
	for (uint32_t i = 1; i <= 4095; i++)
		CHECK_EQ(bind_ipi(d, 0, &p), 0);
	CHECK_EQ(p, 4095);
	CHECK_EQ(bind_ipi(d, 0, &p), -ENOSPC);
	rmdom(d);
	CHECK_EQ(alloc_bytes, 0);
}

UNIT_TEST(vcpu_info_moved_forces_rescan)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 2, 1023);
	struct vcpu_info *newvi = calloc(1, sizeof(*newvi));
	struct fake_dom *fd = fd_of(d);

	fd->vi[1] = newvi;
	evtchn_vcpu_info_moved(d, 1);
	CHECK_EQ(newvi->evtchn_pending_sel, ~0ULL);
	CHECK_EQ(newvi->evtchn_upcall_pending, 1);
	CHECK_EQ(fd->kicks[1], 1);
	CHECK(evtchn_vcpu_has_pending(d, 1));
	/* Xen injects even if the upcall was already pending */
	evtchn_vcpu_info_moved(d, 1);
	CHECK_EQ(fd->kicks[1], 2);
	CHECK_EQ(fd->kicks[0], 0);
	fd->vi[1] = fd->spare[1];
	free(newvi);
	rmdom(d);
}

static void collect(const char *fmt, ...);
static char dump_buf[4096];
static size_t dump_len;

static void collect(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(dump_buf + dump_len, sizeof(dump_buf) - dump_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		dump_len = MIN(dump_len + (size_t)n, sizeof(dump_buf) - 1);
}

UNIT_TEST(dump_lists_open_ports)
{
	struct evtchn_domain *d = mkdom(0, 5, false, 1, 1023);
	uint32_t p;

	CHECK_EQ(bind_virq(d, VIRQ_TIMER, 0, &p), 0);
	CHECK_EQ(alloc_unbound(d, DOMID_SELF, 0, &p), 0);
	dump_len = 0;
	evtchn_dump(d, collect);
	CHECK(strstr(dump_buf, "domain 5") != NULL);
	CHECK(strstr(dump_buf, "virq=0") != NULL);
	CHECK(strstr(dump_buf, "unbound") != NULL);
	rmdom(d);
}

/* ------------------------------------------------------------------ FIFO */

UNIT_TEST(fifo_init_control_errors)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 2, 1023);
	uint32_t p;

	CHECK_EQ(bind_ipi(d, 0, &p), 0);
	CHECK_EQ(init_control(d, CB_GFN, 0, 2), -ENOENT);
	CHECK_EQ(init_control(d, CB_GFN, 4096 - 72 + 8, 0), -EINVAL);
	CHECK_EQ(init_control(d, CB_GFN, 4, 0), -EINVAL);
	CHECK_EQ(init_control(d, 0, 64, 0), -EINVAL); /* not RAM */
	/* failed first call: still 2-level */
	CHECK_EQ(set_priority(d, p, 3), -ENOSYS);
	CHECK_EQ(expand_array(d, ARRAY_GFN), -EOPNOTSUPP);
	CHECK_EQ(init_control(d, CB_GFN, 4096 - 72, 0), 0); /* last offset that fits */
	CHECK_EQ(init_control(d, CB_GFN, 64, 0), -EINVAL);  /* vCPU 0 again */
	CHECK_EQ(init_control(d, CB_GFN, 64 + 128, 1), 0);
	CHECK_EQ(init_control(d, CB_GFN, 64 + 128, 1), -EINVAL);
	CHECK_EQ(set_priority(d, p, 3), 0);
	CHECK_EQ(set_priority(d, p, 16), -EINVAL);
	CHECK_EQ(set_priority(d, 100, 3), -EACCES); /* free */
	CHECK_EQ(set_priority(d, 0, 3), -EACCES);   /* reserved */
	CHECK_EQ(set_priority(d, 1u << 20, 3), -EINVAL);
	for (unsigned i = 0; i < 128; i++)
		CHECK_EQ(expand_array(d, ARRAY_GFN + i), 0);
	CHECK_EQ(expand_array(d, ARRAY_GFN), -ENOSPC);
	CHECK_EQ(fd_of(d)->mapped, 130);

	/* reset returns to 2-level and unmaps everything */
	struct evtchn_reset rs = { .dom = DOMID_SELF };
	CHECK_EQ(evtchn_op(d, 0, EVTCHNOP_reset, &rs), 0);
	CHECK_EQ(fd_of(d)->mapped, 0);
	CHECK_EQ(expand_array(d, ARRAY_GFN), -EOPNOTSUPP);
	CHECK_EQ(init_control(d, 999, 64, 0), -EINVAL);
	rmdom(d);
	CHECK_EQ(alloc_bytes, 0);
}

UNIT_TEST(fifo_queues_links_and_priorities)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 2, 1023);
	struct fifo_guest g = { { 0 } };
	uint32_t a, b, c, m, got[8];

	CHECK_EQ(init_control(d, CB_GFN, 64, 0), 0);
	CHECK_EQ(init_control(d, CB_GFN, 64 + 128, 1), 0);
	CHECK_EQ(fifo_add_page(d, 0), 0);
	CHECK_EQ(bind_ipi(d, 0, &a), 0);
	CHECK_EQ(bind_ipi(d, 0, &b), 0);
	CHECK_EQ(bind_ipi(d, 0, &c), 0);
	CHECK_EQ(bind_ipi(d, 0, &m), 0);
	fifo_guest_unmask(d, a);
	fifo_guest_unmask(d, b);
	fifo_guest_unmask(d, c);
	struct evtchn_fifo_control_block *cb = cb_of(d, 0);

	/* first event: head of queue 7, ready bit 7, upcall */
	CHECK_EQ(ev_send(d, a), 0);
	CHECK_EQ(word(d, a), W_PENDING | W_LINKED);
	CHECK_EQ(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);
	CHECK_EQ(cb->ready, 1u << EVTCHN_FIFO_PRIORITY_DEFAULT);
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	CHECK_EQ(fd_of(d)->vi[0]->evtchn_upcall_pending, 1);
	/* second one on the same queue: linked behind a, no new upcall */
	CHECK_EQ(ev_send(d, b), 0);
	CHECK_EQ(word(d, a), W_PENDING | W_LINKED | b);
	CHECK_EQ(word(d, b), W_PENDING | W_LINKED);
	CHECK_EQ(cb->head[EVTCHN_FIFO_PRIORITY_DEFAULT], a);
	CHECK_EQ(fd_of(d)->kicks[0], 1);
	/* sending again while linked changes nothing */
	CHECK_EQ(ev_send(d, a), 0);
	CHECK_EQ(word(d, a), W_PENDING | W_LINKED | b);
	/* a higher-priority port goes to its own queue */
	CHECK_EQ(set_priority(d, c, 2), 0);
	CHECK_EQ(ev_send(d, c), 0);
	CHECK_EQ(cb->head[2], c);
	CHECK_EQ(cb->ready, (1u << 2) | (1u << 7));
	/* masked port: pending but not linked until unmasked */
	CHECK_EQ(evtchn_port_poll(d, m), 0);
	CHECK_EQ(ev_send(d, m), 0);
	CHECK_EQ(word(d, m), W_PENDING | W_MASKED);
	CHECK_EQ(evtchn_port_poll(d, m), 1);
	CHECK_EQ(word(d, b) & W_LINK, 0);

	/* the guest sees priority order: c, then a, b */
	CHECK_EQ(fifo_consume(d, 0, &g, got, 8), 3);
	CHECK_EQ(got[0], c);
	CHECK_EQ(got[1], a);
	CHECK_EQ(got[2], b);
	CHECK_EQ(word(d, a), 0);
	CHECK_EQ(word(d, b), 0);

	/* unmask by hypercall (pending): linked; the stale tail b is unlinked so m becomes head */
	fifo_guest_unmask(d, m);
	CHECK_EQ(word(d, m), W_PENDING | W_LINKED);
	CHECK_EQ(cb->head[7], m);
	CHECK_EQ(cb->ready, 1u << 7);
	CHECK_EQ(fd_of(d)->kicks[0], 2);
	CHECK_EQ(fifo_consume(d, 0, &g, got, 8), 1);
	CHECK_EQ(got[0], m);

	/* bind_vcpu: delivery moves to vCPU 1's control block */
	CHECK_EQ(alloc_unbound(d, DOMID_SELF, DOMID_SELF, &a), 0);
	CHECK_EQ(bind_interdomain(d, DOMID_SELF, a, &b), 0); /* b starts pending */
	fifo_guest_unmask(d, a);
	CHECK_EQ(bind_vcpu(d, a, 1), 0);
	CHECK_EQ(ev_send(d, b), 0);
	CHECK_EQ(cb_of(d, 1)->head[7], a);
	CHECK_EQ(cb_of(d, 1)->ready, 1u << 7);
	CHECK_EQ(fd_of(d)->kicks[1], 1);
	struct fifo_guest g1 = { { 0 } };
	CHECK_EQ(fifo_consume(d, 1, &g1, got, 8), 1);
	CHECK_EQ(got[0], a);

	/* a closed port that is still LINKED is not reused until the guest unlinks it */
	CHECK_EQ(ev_send(d, c), 0);
	CHECK(word(d, c) & W_LINKED);
	CHECK_EQ(ev_close(d, c), 0);
	CHECK_EQ(word(d, c) & W_PENDING, 0);
	uint32_t n;
	CHECK_EQ(bind_ipi(d, 0, &n), 0);
	CHECK(n != c);
	CHECK_EQ(fifo_consume(d, 0, &g, got, 8), 0); /* unlinks c, nothing to handle */
	CHECK_EQ(bind_ipi(d, 0, &n), 0);
	CHECK_EQ(n, c);
	CHECK_EQ(kick_without_upcall, 0);
	CHECK_EQ(unlocked_violations, 0);
	rmdom(d);
	CHECK_EQ(alloc_bytes, 0);
}

/* FIFO raises the same upcall hook as 2-level (direct for a running vCPU). */
UNIT_TEST(fifo_upcall_direct)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 1, 1023);
	struct fake_dom *fd = fd_of(d);
	uint32_t a;

	CHECK_EQ(init_control(d, CB_GFN, 64, 0), 0);
	CHECK_EQ(fifo_add_page(d, 0), 0);
	CHECK_EQ(bind_ipi(d, 0, &a), 0);
	fifo_guest_unmask(d, a);
	fd->runs_here[0] = true;
	CHECK_EQ(ev_send(d, a), 0);
	CHECK_EQ(cb_of(d, 0)->ready, 1u << EVTCHN_FIFO_PRIORITY_DEFAULT);
	CHECK_EQ(fd->vi[0]->evtchn_upcall_pending, 1);
	CHECK_EQ(fd->direct[0], 1);
	CHECK_EQ(fd->kicks[0], 0);
	rmdom(d);
}

UNIT_TEST(fifo_tail_busy_protocol)
{
	struct evtchn_domain *d = mkdom(0, 1, false, 1, 1023);
	uint32_t a, b, c;

	CHECK_EQ(init_control(d, CB_GFN, 64, 0), 0);
	CHECK_EQ(fifo_add_page(d, 0), 0);
	CHECK_EQ(bind_ipi(d, 0, &a), 0);
	CHECK_EQ(bind_ipi(d, 0, &b), 0);
	CHECK_EQ(bind_ipi(d, 0, &c), 0);
	fifo_guest_unmask(d, a);
	fifo_guest_unmask(d, b);
	fifo_guest_unmask(d, c);
	CHECK_EQ(ev_send(d, a), 0);
	/* the guest masked the linked tail meanwhile: the link must preserve MASKED
	 * and PENDING and must not leave BUSY behind */
	__atomic_fetch_or(word_ptr(d, a), W_MASKED, __ATOMIC_SEQ_CST);
	CHECK_EQ(ev_send(d, b), 0);
	CHECK_EQ(word(d, a), W_PENDING | W_MASKED | W_LINKED | b);
	/* the guest unlinked the tail: the next event becomes the new head */
	__atomic_fetch_and(word_ptr(d, b), ~(W_LINKED | W_LINK), __ATOMIC_SEQ_CST);
	CHECK_EQ(ev_send(d, c), 0);
	CHECK_EQ(cb_of(d, 0)->head[7], c);
	CHECK_EQ(word(d, b) & (W_LINK | W_BUSY), 0);
	rmdom(d);
}

UNIT_TEST(fifo_replays_events_raised_before_words_exist)
{
	struct evtchn_domain *d1 = mkdom(0, 1, false, 1, 2047);
	struct evtchn_domain *d2 = mkdom(1, 2, false, 1, 1023);
	struct fifo_guest g = { { 0 } };
	uint32_t p1, p2, hi, got[4];

	/* pending in 2-level mode before the switch */
	CHECK_EQ(alloc_unbound(d2, DOMID_SELF, 1, &p2), 0);
	CHECK_EQ(bind_interdomain(d1, 2, p2, &p1), 0);
	CHECK(l2_pending(d1, p1));
	CHECK_EQ(init_control(d1, CB_GFN, 64, 0), 0);
	struct evtchn_fifo_control_block *cb = cb_of(d1, 0);
	CHECK_EQ(cb->ready, 0);
	/* raised with no array page at all: remembered */
	CHECK_EQ(ev_send(d2, p2), 0);
	CHECK_EQ(cb->ready, 0);
	/* a port above 1023 raised before its page exists */
	for (uint32_t i = 0; i < 1100; i++)
		CHECK_EQ(bind_ipi(d1, 0, &hi), 0);
	CHECK(hi >= 1024);
	CHECK_EQ(ev_send(d1, hi), 0);

	/* first page: p1 replayed. Linux leaves the port masked until it binds it,
	 * so prepare the page with p1 unmasked to see the replay link it. */
	uint32_t *page0 = h_map(d1, ARRAY_GFN);
	h_unmap(d1, page0);
	for (int i = 0; i < 1024; i++)
		page0[i] = W_MASKED;
	page0[p1] = 0;
	fd_of(d1)->kicks[0] = 0;
	fd_of(d1)->vi[0]->evtchn_upcall_pending = 0;
	CHECK_EQ(expand_array(d1, ARRAY_GFN), 0);
	CHECK_EQ(word(d1, p1), W_PENDING | W_LINKED);
	CHECK_EQ(cb->head[7], p1);
	CHECK_EQ(cb->ready, 1u << 7);
	CHECK_EQ(fd_of(d1)->kicks[0], 1);
	CHECK_EQ(fifo_consume(d1, 0, &g, got, 4), 1);
	CHECK_EQ(got[0], p1);

	/* second page: hi replayed, but masked (Linux's initial state) */
	CHECK_EQ(fifo_add_page(d1, 1), 0);
	CHECK_EQ(word(d1, hi), W_PENDING | W_MASKED);
	fifo_guest_unmask(d1, hi);
	CHECK_EQ(word(d1, hi), W_PENDING | W_LINKED);
	CHECK_EQ(fifo_consume(d1, 0, &g, got, 4), 1);
	CHECK_EQ(got[0], hi);
	/* replayed exactly once */
	CHECK_EQ(fifo_add_page(d1, 2), 0);
	CHECK_EQ(cb->ready, 0);
	rmdom(d1);
	rmdom(d2);
	CHECK_EQ(alloc_bytes, 0);
}

/* ------------------------------------------------------------ ping-pong */

#define PINGPONG_ITERS 100000

static void ping_pong(bool fifo)
{
	struct evtchn_domain *d1 = mkdom(0, 1, false, 1, 1023);
	struct evtchn_domain *d2 = mkdom(1, 7, false, 1, 1023);
	struct fifo_guest g1 = { { 0 } }, g2 = { { 0 } };
	uint32_t p1, p2, got[4];
	long lost = 0, extra = 0;

	if (fifo) {
		CHECK_EQ(init_control(d1, CB_GFN, 64, 0), 0);
		CHECK_EQ(fifo_add_page(d1, 0), 0);
		CHECK_EQ(init_control(d2, CB_GFN, 64, 0), 0);
		CHECK_EQ(fifo_add_page(d2, 0), 0);
	}
	CHECK_EQ(alloc_unbound(d2, DOMID_SELF, 1, &p2), 0);
	CHECK_EQ(bind_interdomain(d1, 7, p2, &p1), 0);
	if (fifo) {
		fifo_guest_unmask(d1, p1);
		fifo_guest_unmask(d2, p2);
		CHECK_EQ(fifo_consume(d1, 0, &g1, got, 4), 1);
	} else {
		CHECK_EQ(l2_consume(d1, 0, got, 4), 1);
	}
	fd_of(d1)->kicks[0] = fd_of(d2)->kicks[0] = 0;

	for (int i = 0; i < PINGPONG_ITERS; i++) {
		int n;

		CHECK_EQ(ev_send(d1, p1), 0);
		n = fifo ? fifo_consume(d2, 0, &g2, got, 4) : l2_consume(d2, 0, got, 4);
		if (n != 1 || got[0] != p2)
			lost++;
		CHECK_EQ(ev_send(d2, p2), 0);
		n = fifo ? fifo_consume(d1, 0, &g1, got, 4) : l2_consume(d1, 0, got, 4);
		if (n != 1 || got[0] != p1)
			lost++;
		/* nothing left over */
		n = fifo ? fifo_consume(d1, 0, &g1, got, 4) : l2_consume(d1, 0, got, 4);
		extra += n;
	}
	CHECK_EQ(lost, 0);
	CHECK_EQ(extra, 0);
	CHECK_EQ(fd_of(d1)->kicks[0], PINGPONG_ITERS);
	CHECK_EQ(fd_of(d2)->kicks[0], PINGPONG_ITERS);
	rmdom(d1);
	rmdom(d2);
	CHECK_EQ(alloc_bytes, 0);
	CHECK_EQ(unlocked_violations, 0);
}

UNIT_TEST(ping_pong_2l_100000)
{
	ping_pong(false);
}

UNIT_TEST(ping_pong_fifo_100000)
{
	ping_pong(true);
}

/*
 * Two threads, each the "guest" of one domain, bounce an event back and
 * forth while sending through the hypervisor concurrently. Any lost event
 * hangs the exchange, which the bounded spin turns into a failure.
 */
struct pp_thread {
	struct evtchn_domain *self;
	uint32_t port;
	bool fifo, starts;
	struct fifo_guest g;
	long received, failures;
};

#define THREAD_ITERS 20000

static void *pp_run(void *arg)
{
	struct pp_thread *t = arg;
	uint32_t got[4];

	if (t->starts)
		CHECK_EQ(ev_send(t->self, t->port), 0);
	while (t->received < THREAD_ITERS) {
		time_t start = time(NULL);

		while (!evtchn_vcpu_has_pending(t->self, 0)) {
			if (time(NULL) - start > 20) {
				t->failures++; /* an event was lost */
				return NULL;
			}
			sched_yield();
		}
		int n = t->fifo ? fifo_consume(t->self, 0, &t->g, got, 4)
				: l2_consume(t->self, 0, got, 4);
		if (n == 0)
			continue; /* spurious upcall is allowed */
		t->received += n;
		if (t->received < THREAD_ITERS || !t->starts)
			if (ev_send(t->self, t->port) != 0)
				t->failures++;
	}
	return NULL;
}

static void ping_pong_threads(bool fifo)
{
	struct evtchn_domain *d1 = mkdom(0, 1, false, 1, 1023);
	struct evtchn_domain *d2 = mkdom(1, 2, false, 1, 1023);
	struct pp_thread t1 = { .self = d1, .fifo = fifo, .starts = true };
	struct pp_thread t2 = { .self = d2, .fifo = fifo };
	pthread_t th1, th2;
	uint32_t got[4];

	if (fifo) {
		CHECK_EQ(init_control(d1, CB_GFN, 64, 0), 0);
		CHECK_EQ(fifo_add_page(d1, 0), 0);
		CHECK_EQ(init_control(d2, CB_GFN, 64, 0), 0);
		CHECK_EQ(fifo_add_page(d2, 0), 0);
	}
	CHECK_EQ(alloc_unbound(d2, DOMID_SELF, 1, &t2.port), 0);
	CHECK_EQ(bind_interdomain(d1, 2, t2.port, &t1.port), 0);
	if (fifo) {
		fifo_guest_unmask(d1, t1.port);
		fifo_guest_unmask(d2, t2.port);
		CHECK_EQ(fifo_consume(d1, 0, &t1.g, got, 4), 1);
	} else {
		CHECK_EQ(l2_consume(d1, 0, got, 4), 1);
	}
	threaded = true;
	pthread_create(&th1, NULL, pp_run, &t1);
	pthread_create(&th2, NULL, pp_run, &t2);
	pthread_join(th1, NULL);
	pthread_join(th2, NULL);
	threaded = false;
	CHECK_EQ(t1.failures, 0);
	CHECK_EQ(t2.failures, 0);
	CHECK_EQ(t1.received, THREAD_ITERS);
	CHECK_EQ(t2.received, THREAD_ITERS);
	rmdom(d1);
	rmdom(d2);
	CHECK_EQ(alloc_bytes, 0);
}

UNIT_TEST(ping_pong_threads_2l)
{
	ping_pong_threads(false);
}

UNIT_TEST(ping_pong_threads_fifo)
{
	ping_pong_threads(true);
}

UNIT_MAIN()
