/* SPDX-License-Identifier: MIT */
/*
 * evtchn-fifo: the FIFO event-channel ABI (Xen common/event_fifo.c;
 * xen-abi-arm64.md 4.5) driven by hand, with IRQs masked, by reading the
 * event words and control blocks in guest memory.
 *
 * init_control switches the domain to FIFO and returns link_bits 17; a
 * second one for the same vCPU, a misaligned or too large offset, a GFN
 * without RAM are -EINVAL, a missing vCPU -ENOENT. expand_array adds 1024
 * event words per page, -EINVAL for a GFN without RAM, -ENOSPC after 128
 * pages. A raised port is linked into queue head[priority] of its vCPU's
 * control block (default priority 7) with its `ready` bit and the upcall
 * flag set; behind a queue's tail it goes into the tail's LINK field;
 * set_priority (-EINVAL above 15, -EACCES on a closed port) moves later
 * links; a MASKED port stays pending and unlinked until EVTCHNOP_unmask.
 * EVTCHNOP_reset returns the domain to 2-level, after which init_control
 * works again.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL)
#define ARRAY_PAGES EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES
#define W_PENDING (1U << EVTCHN_FIFO_PENDING)
#define W_MASKED (1U << EVTCHN_FIFO_MASKED)
#define W_LINKED (1U << EVTCHN_FIFO_LINKED)
#define W_LINK ((uint32_t)EVTCHN_FIFO_LINK_MASK)
#define CB1_OFFSET (4096 - sizeof(struct evtchn_fifo_control_block))

static uint8_t cb_page[4096] __aligned(4096);
static uint8_t cb_page2[4096] __aligned(4096);
static uint8_t array[ARRAY_PAGES + 1][4096] __aligned(4096);

static struct evtchn_fifo_control_block *cb0 = (void *)cb_page;
static event_word_t *words = (event_word_t *)array[0];
static struct vcpu_info *vi0;

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu, uint8_t *link_bits)
{
	struct evtchn_init_control ic = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };
	long rc = xen_event_channel_op(EVTCHNOP_init_control, &ic);

	if (link_bits)
		*link_bits = ic.link_bits;
	return rc;
}

static long expand_array(uint64_t gfn)
{
	struct evtchn_expand_array ea = { .array_gfn = gfn };

	return xen_event_channel_op(EVTCHNOP_expand_array, &ea);
}

static long set_priority(evtchn_port_t port, uint32_t prio)
{
	struct evtchn_set_priority sp = { .port = port, .priority = prio };

	return xen_event_channel_op(EVTCHNOP_set_priority, &sp);
}

static uint32_t word(evtchn_port_t port)
{
	return __atomic_load_n(&words[port], __ATOMIC_SEQ_CST);
}

/* The guest's consumer: drain queue @q, clearing LINKED, LINK and PENDING. */
static unsigned int drain(unsigned int q)
{
	uint32_t port = __atomic_load_n(&cb0->head[q], __ATOMIC_SEQ_CST);
	unsigned int n = 0;

	__atomic_fetch_and(&cb0->ready, ~(1U << q), __ATOMIC_SEQ_CST);
	while (port && n < 16) {
		uint32_t w = __atomic_fetch_and(&words[port], ~(W_LINKED | W_LINK | W_PENDING),
						__ATOMIC_SEQ_CST);

		n++;
		port = w & W_LINK;
	}
	__atomic_store_n(&cb0->head[q], 0, __ATOMIC_SEQ_CST);
	vi0->evtchn_upcall_pending = 0;
	return n;
}

static void expect_linked(evtchn_port_t port, unsigned int q, const char *what)
{
	uint32_t w = word(port);

	expect_true((w & (W_PENDING | W_LINKED)) == (W_PENDING | W_LINKED),
		    "%s: port %u word %#x is PENDING|LINKED", what, port, w);
	expect_eq(__atomic_load_n(&cb0->head[q], __ATOMIC_SEQ_CST), port, "%s: head[%u]", what, q);
	expect_true(__atomic_load_n(&cb0->ready, __ATOMIC_SEQ_CST) & (1U << q),
		    "%s: ready bit %u (ready %#x)", what, q, cb0->ready);
	expect_eq(vi0->evtchn_upcall_pending, 1, "%s: evtchn_upcall_pending", what);
}

void test_main(void)
{
	struct shared_info *si;
	evtchn_port_t a, b;
	uint8_t link_bits = 0;
	unsigned int pages = 0;
	long rc;

	xen_require();
	expect_continue(true);
	si = xen_map_shared_info(XEN_SHINFO_GFN);
	vi0 = &si->vcpu_info[0];

	expect_eq(expand_array(GFN(array[0])), -XEN_EOPNOTSUPP, "expand_array before init_control");
	expect_eq(init_control(GFN(cb_page), 4, 0, NULL), -XEN_EINVAL,
		  "init_control(offset 4, misaligned)");
	expect_eq(init_control(GFN(cb_page), CB1_OFFSET + 8, 0, NULL), -XEN_EINVAL,
		  "init_control(offset %zu, block crossing the page)", CB1_OFFSET + 8);
	expect_eq(init_control(0x10000, 0, 0, NULL), -XEN_EINVAL,
		  "init_control(gfn 0x10000, not RAM)");
	expect_eq(init_control(GFN(cb_page), 0, 2, NULL), -XEN_ENOENT, "init_control(vCPU2 of 2)");
	expect_eq(xen_event_channel_op(EVTCHNOP_init_control, BAD_PTR), -XEN_EFAULT,
		  "init_control(bad pointer)");

	expect_eq(init_control(GFN(cb_page), 0, 0, &link_bits), 0, "init_control(vCPU0)");
	expect_eq(link_bits, EVTCHN_FIFO_LINK_BITS, "init_control link_bits");
	expect_eq(init_control(GFN(cb_page), 0, 0, NULL), -XEN_EINVAL,
		  "init_control(vCPU0) a second time");
	expect_eq(init_control(GFN(cb_page2), 0, 0, NULL), -XEN_EINVAL,
		  "init_control(vCPU0) a second time, another page");
	expect_eq(init_control(GFN(cb_page), 12, 1, NULL), -XEN_EINVAL,
		  "init_control(vCPU1, offset 12)");
	expect_eq(init_control(GFN(cb_page), CB1_OFFSET, 1, NULL), 0,
		  "init_control(vCPU1, offset %zu, the last that fits)", CB1_OFFSET);

	expect_eq(expand_array(0x10000), -XEN_EINVAL, "expand_array(gfn 0x10000, not RAM)");
	expect_eq(expand_array(GFN(array[0])), 0, "expand_array(first page)");
	pages = 1;

	/* Loopback channel: the bind raises b, linked into queue 7 of vCPU0. */
	expect_eq(xen_evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0, "alloc_unbound");
	expect_eq(xen_evtchn_bind_interdomain(DOMID_SELF, a, &b), 0, "bind_interdomain");
	expect_linked(b, EVTCHN_FIFO_PRIORITY_DEFAULT, "after bind_interdomain");
	expect_eq(drain(EVTCHN_FIFO_PRIORITY_DEFAULT), 1, "events in queue 7");

	expect_eq(xen_evtchn_send(b), 0, "send(%u)", b);
	expect_linked(a, EVTCHN_FIFO_PRIORITY_DEFAULT, "after send");
	expect_eq(drain(EVTCHN_FIFO_PRIORITY_DEFAULT), 1, "events in queue 7");

	/* set_priority: later links go to the new queue. */
	expect_eq(set_priority(a, 3), 0, "set_priority(%u, 3)", a);
	expect_eq(set_priority(a, 16), -XEN_EINVAL, "set_priority(%u, 16)", a);
	expect_eq(set_priority(10, 3), -XEN_EACCES, "set_priority(10, a closed port)");
	expect_eq(set_priority(5000, 3), -XEN_EINVAL, "set_priority(5000)");
	expect_eq(xen_evtchn_send(b), 0, "send(%u)", b);
	expect_linked(a, 3, "after set_priority(3) and send");
	expect_eq(__atomic_load_n(&cb0->head[EVTCHN_FIFO_PRIORITY_DEFAULT], __ATOMIC_SEQ_CST), 0,
		  "queue 7 untouched");
	/* A second port behind the tail: b on queue 3 too, linked after a. */
	expect_eq(set_priority(b, 3), 0, "set_priority(%u, 3)", b);
	expect_eq(xen_evtchn_send(a), 0, "send(%u)", a);
	expect_eq(word(a) & W_LINK, b, "LINK of the tail %u after raising %u", a, b);
	expect_true(word(b) & W_LINKED, "port %u LINKED behind %u", b, a);
	expect_eq(drain(3), 2, "events in queue 3");

	/* Masked: pending but not linked, until EVTCHNOP_unmask. */
	__atomic_fetch_or(&words[a], W_MASKED, __ATOMIC_SEQ_CST);
	expect_eq(xen_evtchn_send(b), 0, "send(%u) to the masked port", b);
	expect_eq(word(a) & (W_PENDING | W_LINKED), W_PENDING, "masked port %u: PENDING only", a);
	expect_eq(__atomic_load_n(&cb0->head[3], __ATOMIC_SEQ_CST), 0, "masked: head[3]");
	expect_eq(__atomic_load_n(&cb0->ready, __ATOMIC_SEQ_CST), 0, "masked: ready");
	expect_eq(vi0->evtchn_upcall_pending, 0, "masked: no upcall");
	expect_eq(xen_evtchn_unmask(a), 0, "unmask(%u)", a);
	expect_eq(word(a) & W_MASKED, 0, "unmask cleared MASKED");
	expect_linked(a, 3, "after unmask");
	expect_eq(drain(3), 1, "events in queue 3");

	/* Fill the event array: 128 pages, then -ENOSPC. */
	for (; pages < ARRAY_PAGES; pages++) {
		rc = expand_array(GFN(array[pages]));
		if (!expect_eq(rc, 0, "expand_array(page %u)", pages))
			break;
	}
	expect_eq(expand_array(GFN(array[ARRAY_PAGES])), -XEN_ENOSPC,
		  "expand_array(page %u, one too many)", ARRAY_PAGES);
	/* The ports still work. */
	expect_eq(xen_evtchn_send(a), 0, "send(%u)", a);
	expect_linked(b, 3, "after filling the array");
	expect_eq(drain(3), 1, "events in queue 3");

	/* reset: back to 2-level; FIFO can be set up again. */
	expect_eq(xen_event_channel_op(EVTCHNOP_reset, &(struct evtchn_reset){ .dom = DOMID_SELF }),
		  0, "reset(SELF)");
	expect_eq(set_priority(a, 3), -XEN_ENOSYS, "set_priority after reset (2-level again)");
	expect_eq(expand_array(GFN(array[0])), -XEN_EOPNOTSUPP, "expand_array after reset");
	memset(cb_page2, 0, sizeof(cb_page2));
	expect_eq(init_control(GFN(cb_page2), 0, 0, NULL), 0, "init_control after reset");
	expect_eq(expand_array(GFN(array[0])), 0, "expand_array after reset");

	test_result(SUCCESS, "init_control, %u array pages then -ENOSPC, queues, priorities, "
			     "masking, reset",
		    pages);
}
