/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored watch tests: the initial event, child/parent matching, RM
 * semantics, relative paths, UNWATCH, RESET_WATCHES, permission filtering,
 * the special @introduceDomain/@releaseDomain events and domain release.
 */
#include <stdlib.h>

#include "xt.h"

XT_TEST(watch_initial_event_and_children)
{
	struct xt_client *w = xt_socket(), *c = xt_socket();

	CHECK_STR(xt(w, XS_WATCH, 0, "/w|tok|"), "OK|");
	CHECK_STR(xt_events(w), "/w|tok|;"); /* fires at once, node or not */
	CHECK_STR(xt(c, XS_WRITE, 0, "/w|1"), "OK|");
	CHECK_STR(xt_events(w), "/w|tok|;");
	CHECK_STR(xt(c, XS_WRITE, 0, "/w/x/y|1"), "OK|"); /* one event, the path written */
	CHECK_STR(xt_events(w), "/w/x/y|tok|;");
	CHECK_STR(xt(c, XS_WRITE, 0, "/wx|1"), "OK|");   /* not a child of /w */
	CHECK_STR(xt(c, XS_WRITE, 0, "/other|1"), "OK|");
	CHECK_STR(xt(c, XS_MKDIR, 0, "/w/x|"), "OK|");   /* exists: no change */
	CHECK_STR(xt_events(w), "");
	CHECK_STR(xt(c, XS_MKDIR, 0, "/w/m|"), "OK|");
	CHECK_STR(xt(c, XS_SET_PERMS, 0, "/w/m|b0|"), "OK|");
	CHECK_STR(xt_events(w), "/w/m|tok|;/w/m|tok|;");
	/* a second watch with another token on the parent */
	CHECK_STR(xt(w, XS_WATCH, 0, "/|root|"), "OK|");
	CHECK_STR(xt(c, XS_WRITE, 0, "/w/z|1"), "OK|");
	CHECK_STR(xt_events(w), "/|root|;/w/z|tok|;/w/z|root|;");
	CHECK_STR(xt(w, XS_WATCH, 0, "/w|tok|"), "!EEXIST");
	CHECK_STR(xt(w, XS_WATCH, 0, "/w|"), "!EINVAL");
	CHECK_STR(xt(w, XS_WATCH, 0, "/w|a|b|"), "!EINVAL");
	CHECK_STR(xt(w, XS_WATCH, 0, "/w/|t|"), "!EINVAL");
}

XT_TEST(watch_rm_semantics)
{
	struct xt_client *w = xt_socket(), *c = xt_socket();

	CHECK_STR(xt(c, XS_WRITE, 0, "/r/a/b|1"), "OK|");
	CHECK_STR(xt(w, XS_WATCH, 0, "/r/a/b|deep|"), "OK|");
	CHECK_STR(xt(w, XS_WATCH, 0, "/r|top|"), "OK|");
	CHECK_STR(xt(w, XS_WATCH, 0, "/r/a/b/none|ghost|"), "OK|");
	xt_events(w);
	CHECK_STR(xt(c, XS_RM, 0, "/r/a|"), "OK|");
	/* children first: the watch below sees its own path, the ancestor
	 * watch sees the removed root only */
	CHECK_STR(xt_events(w), "/r/a/b|deep|;/r/a|top|;");
	CHECK_STR(xt(c, XS_RM, 0, "/r/a|"), "OK|"); /* already gone: no event */
	CHECK_STR(xt_events(w), "");
}

XT_TEST(watch_unwatch_and_reset)
{
	struct xt_client *w = xt_socket(), *c = xt_socket();

	CHECK_STR(xt(w, XS_WATCH, 0, "/u|t1|"), "OK|");
	CHECK_STR(xt(w, XS_WATCH, 0, "/u|t2|"), "OK|");
	xt_events(w);
	CHECK_STR(xt(w, XS_UNWATCH, 0, "/u|t1|"), "OK|");
	CHECK_STR(xt(w, XS_UNWATCH, 0, "/u|t1|"), "!ENOENT");
	CHECK_STR(xt(w, XS_UNWATCH, 0, "/u|"), "!EINVAL");
	CHECK_STR(xt(c, XS_WRITE, 0, "/u|1"), "OK|");
	CHECK_STR(xt_events(w), "/u|t2|;");
	const char *r = xt(w, XS_TRANSACTION_START, 0, "|");
	uint32_t t = strtoul(r, NULL, 10);

	CHECK_STR(xt(w, XS_RESET_WATCHES, 0, "|"), "OK|");
	CHECK_STR(xt(c, XS_WRITE, 0, "/u|2"), "OK|");
	CHECK_STR(xt_events(w), "");
	CHECK_STR(xt(w, XS_READ, t, "/u|"), "!ENOENT"); /* transactions gone too */
	CHECK_EQ(w->conn->watch_count, 0);
	CHECK_EQ(w->conn->tx_count, 0);
}

XT_TEST(watch_relative_paths)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();

	CHECK_STR(xt(d5, XS_WATCH, 0, "data|rel|"), "OK|");
	CHECK_STR(xt(d5, XS_WATCH, 0, "/local/domain/5/data|abs|"), "OK|");
	CHECK_STR(xt_events(d5), "data|rel|;/local/domain/5/data|abs|;");
	CHECK_STR(xt(d0, XS_WRITE, 0, "/local/domain/5/data/x|1"), "OK|");
	CHECK_STR(xt_events(d5), "data/x|rel|;/local/domain/5/data/x|abs|;");
	CHECK_STR(xt(d5, XS_UNWATCH, 0, "data|rel|"), "OK|");
	CHECK_STR(xt(d5, XS_WRITE, 0, "data/y|1"), "OK|");
	CHECK_STR(xt_events(d5), "/local/domain/5/data/y|abs|;");
}

XT_TEST(watch_permission_filter)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();

	CHECK_STR(xt(d0, XS_MKDIR, 0, "/secret|"), "OK|"); /* n0 */
	CHECK_STR(xt(d5, XS_WATCH, 0, "/secret|s|"), "OK|");
	CHECK_STR(xt_events(d5), "/secret|s|;");
	CHECK_STR(xt(d0, XS_WRITE, 0, "/secret/x|1"), "OK|");
	CHECK_STR(xt_events(d5), "");
	/* readable node: events come */
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/secret/x|n0|r5|"), "OK|");
	CHECK_STR(xt_events(d5), "/secret/x|s|;");
	CHECK_STR(xt(d0, XS_WRITE, 0, "/secret/x|2"), "OK|");
	CHECK_STR(xt_events(d5), "/secret/x|s|;");
	/* losing access still tells (old permissions count) */
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/secret/x|n0|"), "OK|");
	CHECK_STR(xt_events(d5), "/secret/x|s|;");
	CHECK_STR(xt(d0, XS_WRITE, 0, "/secret/x|3"), "OK|");
	CHECK_STR(xt_events(d5), "");
}

XT_TEST(watch_special_domain_events)
{
	struct xt_client *d0 = xt_socket(), *d5 = xt_domain(5);

	CHECK_STR(xt(d0, XS_WATCH, 0, "@introduceDomain|i|"), "OK|");
	CHECK_STR(xt(d0, XS_WATCH, 0, "@releaseDomain|r|"), "OK|");
	CHECK_STR(xt(d5, XS_WATCH, 0, "@releaseDomain|r5|"), "OK|");
	CHECK_STR(xt_events(d0), "@introduceDomain|i|;@releaseDomain|r|;");
	CHECK_STR(xt_events(d5), "@releaseDomain|r5|;");
	CHECK_STR(xt(d0, XS_INTRODUCE, 0, "7|0|8|"), "OK|");
	CHECK_STR(xt_events(d0), "@introduceDomain|i|;");
	CHECK_STR(xt(d0, XS_RELEASE, 0, "7|"), "OK|");
	CHECK_STR(xt_events(d0), "@releaseDomain|r|;");
	CHECK_STR(xt_events(d5), ""); /* not allowed by default */
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "@releaseDomain|n0|r5|"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "@bogus|n0|"), "!EINVAL");
	CHECK_STR(xt(d0, XS_INTRODUCE, 0, "7|0|8|"), "OK|");
	CHECK_STR(xt(d0, XS_RELEASE, 0, "7|"), "OK|");
	CHECK_STR(xt_events(d5), "@releaseDomain|r5|;");
	CHECK_STR(xt_events(d0), "@introduceDomain|i|;@releaseDomain|r|;");
	/* shutdown fires once until RESUME */
	domain_shutdown(5);
	domain_shutdown(5);
	CHECK_STR(xt_events(d0), "@releaseDomain|r|;");
	CHECK_STR(xt(d0, XS_RESUME, 0, "5|"), "OK|");
	domain_shutdown(5);
	CHECK_STR(xt_events(d0), "@releaseDomain|r|;");
}

XT_TEST(release_removes_domain_nodes)
{
	struct xt_client *d0 = xt_socket(), *d5 = xt_domain(5);

	CHECK_STR(xt(d5, XS_WRITE, 0, "device/vif/0|x"), "OK|");
	CHECK_STR(xt(d0, XS_MKDIR, 0, "/backend|"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/backend|b0|"), "OK|");
	CHECK_STR(xt(d5, XS_WRITE, 0, "/backend/mine/a|1"), "OK|");
	CHECK_STR(xt(d0, XS_WRITE, 0, "/backend/dom0s|1"), "OK|");
	CHECK_STR(xt(d0, XS_WATCH, 0, "/local/domain/5/device/vif/0|v|"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "@releaseDomain|n0|r5|"), "OK|");
	xt_events(d0);
	CHECK_STR(xt(d0, XS_WATCH, 0, "@releaseDomain|r|"), "OK|");
	xt_events(d0);
	/* /local/domain/5, device, vif, 0, /backend/mine, /backend/mine/a */
	CHECK_EQ(domain_find(5)->node_count, 6);
	CHECK_STR(xt(d0, XS_RELEASE, 0, "5|"), "OK|");
	CHECK_STR(xt(d0, XS_READ, 0, "/local/domain/5|"), "!ENOENT");
	CHECK_STR(xt(d0, XS_READ, 0, "/backend/mine|"), "!ENOENT");
	CHECK_STR(xt(d0, XS_READ, 0, "/backend/dom0s|"), "1");
	CHECK_STR(xt(d0, XS_DIRECTORY, 0, "/local/domain|"), "");
	CHECK_STR(xt_events(d0), "/local/domain/5/device/vif/0|v|;@releaseDomain|r|;");
	CHECK_STR(xt(d0, XS_GET_PERMS, 0, "/backend|"), "b0|");
	CHECK_EQ(domain_find(5)->node_count, 0);
	CHECK_STR(xt(d0, XS_CONTROL, 0, "check|"), "OK|");
	/* the released ring is no longer served */
	CHECK(d5->conn->is_dead);
	d5->conn = NULL;
}

XT_TEST(watch_duplicate_events_coalesce)
{
	struct xt_client *c = xt_socket(), *d5 = xt_domain(5);

	CHECK_STR(xt(d5, XS_WATCH, 0, "x|t|"), "OK|");
	CHECK_STR(xt_events(d5), "x|t|;");
	/* the guest does not consume: its response ring fills (51 events of
	 * 20 bytes and 4 bytes of the next), then identical events queue only
	 * once in the daemon */
	for (int i = 0; i < 60; i++)
		CHECK_STR(xt(c, XS_WRITE, 0, "/local/domain/5/x|v"), "OK|");
	CHECK_EQ(d5->intf->rsp_prod - d5->intf->rsp_cons, XENSTORE_RING_SIZE);
	CHECK_EQ(d5->conn->out_bytes, 20);
	CHECK_STR(xt(c, XS_WRITE, 0, "/local/domain/5/x/y|v"), "OK|");
	CHECK_EQ(d5->conn->out_bytes, 42);
	xt_events(d5);
	CHECK_EQ(d5->conn->out_bytes, 0);
}
