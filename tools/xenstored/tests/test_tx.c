/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored transaction tests: commit, abort, isolation both ways,
 * conflicts (EAGAIN) on write, create and delete, misuse errors, and watches
 * deferred to commit.
 */
#include <stdlib.h>

#include "xt.h"

static uint32_t start(struct xt_client *c)
{
	const char *r = xt(c, XS_TRANSACTION_START, 0, "|");

	CHECK(r[0] >= '1' && r[0] <= '9');
	return strtoul(r, NULL, 10);
}

XT_TEST(tx_commit_and_isolation)
{
	struct xt_client *a = xt_socket(), *b = xt_socket();
	uint32_t t = start(a);

	CHECK_STR(xt(a, XS_WRITE, t, "/tx/x|1"), "OK|");
	CHECK_STR(xt(a, XS_READ, t, "/tx/x|"), "1");     /* sees own write */
	CHECK_STR(xt(b, XS_READ, 0, "/tx/x|"), "!ENOENT"); /* others don't */
	CHECK_STR(xt(a, XS_READ, 0, "/tx/x|"), "!ENOENT"); /* nor outside it */
	CHECK_STR(xt(a, XS_DIRECTORY, t, "/tx|"), "x|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "OK|");
	CHECK_STR(xt(b, XS_READ, 0, "/tx/x|"), "1");
	CHECK_STR(xt(b, XS_DIRECTORY, 0, "/|"), "tool|tx|");
	CHECK_STR(xt(a, XS_READ, t, "/tx/x|"), "!ENOENT"); /* id is gone */
	CHECK_STR(xt(a, XS_CONTROL, 0, "check|"), "OK|");
}

XT_TEST(tx_abort)
{
	struct xt_client *a = xt_socket();
	uint32_t t;

	CHECK_STR(xt(a, XS_WRITE, 0, "/keep|old"), "OK|");
	t = start(a);
	CHECK_STR(xt(a, XS_WRITE, t, "/keep|new"), "OK|");
	CHECK_STR(xt(a, XS_WRITE, t, "/gone/x|1"), "OK|");
	CHECK_STR(xt(a, XS_RM, t, "/tool|"), "OK|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "F|"), "OK|");
	CHECK_STR(xt(a, XS_READ, 0, "/keep|"), "old");
	CHECK_STR(xt(a, XS_READ, 0, "/gone|"), "!ENOENT");
	CHECK_STR(xt(a, XS_READ, 0, "/tool/xenstored|"), "");
	CHECK_EQ(store_node_count(), 4);
}

XT_TEST(tx_snapshot_and_conflict)
{
	struct xt_client *a = xt_socket(), *b = xt_socket();
	uint32_t t;

	CHECK_STR(xt(a, XS_WRITE, 0, "/c|old"), "OK|");
	t = start(a);
	CHECK_STR(xt(a, XS_READ, t, "/c|"), "old");
	CHECK_STR(xt(b, XS_WRITE, 0, "/c|new"), "OK|");
	CHECK_STR(xt(a, XS_READ, t, "/c|"), "old"); /* outside change unseen */
	CHECK_STR(xt(a, XS_WRITE, t, "/d|1"), "OK|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "!EAGAIN");
	CHECK_STR(xt(b, XS_READ, 0, "/d|"), "!ENOENT"); /* nothing applied */
	CHECK_STR(xt(b, XS_READ, 0, "/c|"), "new");
	/* the retry commits */
	t = start(a);
	CHECK_STR(xt(a, XS_READ, t, "/c|"), "new");
	CHECK_STR(xt(a, XS_WRITE, t, "/d|1"), "OK|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "OK|");
	CHECK_STR(xt(b, XS_READ, 0, "/d|"), "1");
}

XT_TEST(tx_conflict_on_create_and_delete)
{
	struct xt_client *a = xt_socket(), *b = xt_socket();
	uint32_t t;

	t = start(a);
	CHECK_STR(xt(a, XS_READ, t, "/later|"), "!ENOENT");
	CHECK_STR(xt(b, XS_WRITE, 0, "/later|1"), "OK|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "!EAGAIN");

	CHECK_STR(xt(a, XS_WRITE, 0, "/del|1"), "OK|");
	t = start(a);
	CHECK_STR(xt(a, XS_READ, t, "/del|"), "1");
	CHECK_STR(xt(b, XS_RM, 0, "/del|"), "OK|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "!EAGAIN");

	/* creating children of one parent conflicts; changing disjoint nodes not */
	uint32_t t1 = start(a), t2 = start(b);

	CHECK(t1 != 0 && t2 != 0);
	CHECK_STR(xt(a, XS_WRITE, t1, "/one|1"), "OK|");
	CHECK_STR(xt(b, XS_WRITE, t2, "/two|2"), "OK|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t1, "T|"), "OK|");
	CHECK_STR(xt(b, XS_TRANSACTION_END, t2, "T|"), "!EAGAIN"); /* both changed / */
	CHECK_STR(xt(a, XS_WRITE, 0, "/two|2"), "OK|");
	t1 = start(a);
	t2 = start(b);
	CHECK_STR(xt(a, XS_WRITE, t1, "/one|1"), "OK|");
	CHECK_STR(xt(b, XS_WRITE, t2, "/two|3"), "OK|"); /* existing: no parent change */
	CHECK_STR(xt(b, XS_TRANSACTION_END, t2, "T|"), "OK|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t1, "T|"), "OK|");
	CHECK_STR(xt(a, XS_READ, 0, "/two|"), "3");
	CHECK_STR(xt(a, XS_READ, 0, "/one|"), "1");
}

XT_TEST(tx_rm_and_recreate)
{
	struct xt_client *a = xt_socket();
	uint32_t t;

	CHECK_STR(xt(a, XS_WRITE, 0, "/r/a/b|1"), "OK|");
	t = start(a);
	CHECK_STR(xt(a, XS_RM, t, "/r/a|"), "OK|");
	CHECK_STR(xt(a, XS_DIRECTORY, t, "/r|"), "");
	CHECK_STR(xt(a, XS_DIRECTORY, 0, "/r|"), "a|");
	CHECK_STR(xt(a, XS_WRITE, t, "/r/a/c|2"), "OK|"); /* recreate, fresh */
	CHECK_STR(xt(a, XS_DIRECTORY, t, "/r/a|"), "c|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "OK|");
	CHECK_STR(xt(a, XS_READ, 0, "/r/a/b|"), "!ENOENT");
	CHECK_STR(xt(a, XS_READ, 0, "/r/a/c|"), "2");
	CHECK_STR(xt(a, XS_CONTROL, 0, "check|"), "OK|");
}

XT_TEST(tx_misuse)
{
	struct xt_client *a = xt_socket();
	uint32_t t = start(a);

	CHECK_STR(xt(a, XS_TRANSACTION_START, t, "|"), "!EBUSY");
	CHECK_STR(xt(a, XS_TRANSACTION_END, 0, "T|"), "!ENOENT");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "X|"), "!EINVAL");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "TF|"), "!EINVAL");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "OK|");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "!ENOENT");
	/* ids are per connection */
	struct xt_client *b = xt_socket();

	t = start(a);
	CHECK_STR(xt(b, XS_READ, t, "/tool|"), "!ENOENT");
}

XT_TEST(tx_watches_fire_on_commit_only)
{
	struct xt_client *a = xt_socket(), *w = xt_socket();
	uint32_t t;

	CHECK_STR(xt(w, XS_WATCH, 0, "/tw|tok|"), "OK|");
	CHECK_STR(xt_events(w), "/tw|tok|;");
	t = start(a);
	CHECK_STR(xt(a, XS_WRITE, t, "/tw/x|1"), "OK|");
	CHECK_STR(xt_events(w), "");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "F|"), "OK|");
	CHECK_STR(xt_events(w), "");
	t = start(a);
	CHECK_STR(xt(a, XS_WRITE, t, "/tw/y|1"), "OK|");
	CHECK_STR(xt_events(w), "");
	CHECK_STR(xt(a, XS_TRANSACTION_END, t, "T|"), "OK|");
	CHECK_STR(xt_events(w), "/tw/y|tok|;");
}

XT_TEST(tx_domain_sees_own_writes_relative)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();
	const char *r = xt(d5, XS_TRANSACTION_START, 0, "|");
	uint32_t t = strtoul(r, NULL, 10);

	CHECK(t != 0);
	CHECK_STR(xt(d5, XS_WRITE, t, "a|1"), "OK|");
	CHECK_STR(xt(d5, XS_READ, t, "a|"), "1");
	CHECK_STR(xt(d0, XS_READ, 0, "/local/domain/5/a|"), "!ENOENT");
	CHECK_STR(xt(d5, XS_TRANSACTION_END, t, "T|"), "OK|");
	CHECK_STR(xt(d0, XS_READ, 0, "/local/domain/5/a|"), "1");
	CHECK_STR(xt(d0, XS_GET_PERMS, 0, "/local/domain/5/a|"), "n5|");
	CHECK_STR(xt(d0, XS_CONTROL, 0, "check|"), "OK|");
}
