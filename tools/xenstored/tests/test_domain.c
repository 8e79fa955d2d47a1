/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored domain lifecycle tests: dom0's own kernel ring (XS_LOCAL,
 * connected at daemon start-up with requests possibly already queued) and
 * the VIRQ_DOM_EXC check (domain_check_all) that releases dead domains and
 * announces shut-down ones, as the hypervisor backend (xen.c) drives them.
 */
#include <errno.h>
#include <stdlib.h>

#include "xt.h"

XT_TEST(local_dom0_ring_answers_queued_request)
{
	struct xenstore_domain_interface *r = xt_page(0);
	struct xsd_sockmsg h = { .type = XS_WRITE, .req_id = 7, .len = 11 };
	struct xt_client *k;

	/* The kernel queued a request before the daemon ran */
	memcpy(r->req, &h, sizeof(h));
	memcpy(r->req + sizeof(h), "/tool/a\0xyz", 11);
	r->req_prod = sizeof(h) + 11;
	k = xt_local();
	CHECK_EQ(r->req_cons, sizeof(h) + 11);   /* consumed at once, not reset */
	CHECK_EQ(r->rsp_prod, sizeof(h) + 3);    /* "OK" reply */
	CHECK(xt_notify_count[0] > 0);           /* the kernel was woken */
	CHECK_EQ(r->server_features & 3, 3);
	r->rsp_cons = r->rsp_prod;
	/* dom0's kernel is privileged and sees what it wrote */
	CHECK_STR(xt(k, XS_READ, 0, "/tool/a|"), "xyz");
	CHECK_STR(xt(k, XS_WRITE, 0, "/local/domain/0/control/feature-poweroff|1"), "OK|");
	/* it cannot be introduced again or released */
	CHECK_EQ(domain_introduce_local(r, 0), EEXIST);
	struct xt_client *s = xt_socket();

	CHECK_STR(xt(s, XS_RELEASE, 0, "0|"), "!EINVAL");
	CHECK_STR(xt(s, XS_IS_DOMAIN_INTRODUCED, 0, "0|"), "T|");
	CHECK_STR(xt(s, XS_READ, 0, "/tool/a|"), "xyz");
}

static int fake_states[64];

static int fake_state(uint32_t domid, void *ctx)
{
	(void)ctx;
	return domid < 64 ? fake_states[domid] : XS_DOMSTATE_GONE;
}

/* VIRQ_DOM_EXC as the backend handles it, then let @watcher collect its events */
static int dom_exc(struct xt_client *watcher)
{
	int released = domain_check_all(fake_state, NULL);

	xt_pump();
	xt_recv_all(watcher);
	return released;
}

XT_TEST(dom_exc_releases_dead_and_announces_shutdown)
{
	struct xt_client *d0 = xt_socket();
	struct xt_client *d5 = xt_domain(5), *d6 = xt_domain(6);

	memset(fake_states, 0, sizeof(fake_states));
	CHECK_STR(xt(d5, XS_WRITE, 0, "data/x|1"), "OK|");
	CHECK_STR(xt(d0, XS_WATCH, 0, "@releaseDomain|r|"), "OK|");
	xt_events(d0);
	/* nothing changed: no event, nobody released */
	CHECK_EQ(dom_exc(d0), 0);
	CHECK_STR(xt_events(d0), "");
	/* d5 died, d6 shut down */
	fake_states[5] = XS_DOMSTATE_GONE;
	fake_states[6] = XS_DOMSTATE_SHUTDOWN;
	CHECK_EQ(dom_exc(d0), 1);
	CHECK_STR(xt_events(d0), "@releaseDomain|r|;@releaseDomain|r|;");
	CHECK_STR(xt(d0, XS_IS_DOMAIN_INTRODUCED, 0, "5|"), "F|");
	CHECK_STR(xt(d0, XS_IS_DOMAIN_INTRODUCED, 0, "6|"), "T|");
	/* d5's nodes went with it; d6 still talks */
	CHECK_STR(xt(d0, XS_READ, 0, "/local/domain/5/data/x|"), "!ENOENT");
	CHECK_STR(xt(d6, XS_WRITE, 0, "data/y|2"), "OK|");
	/* a shut-down domain is announced once, not at every VIRQ */
	CHECK_EQ(dom_exc(d0), 0);
	CHECK_STR(xt_events(d0), "");
	/* RESUME re-arms it; then it dies */
	CHECK_STR(xt(d0, XS_RESUME, 0, "6|"), "OK|");
	fake_states[6] = XS_DOMSTATE_GONE;
	CHECK_EQ(dom_exc(d0), 1);
	CHECK_STR(xt_events(d0), "@releaseDomain|r|;");
	CHECK_STR(xt(d0, XS_DIRECTORY, 0, "/local/domain|"), "");
	(void)d5;
}
