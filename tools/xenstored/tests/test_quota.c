/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored quota tests: each limit answers with Xen 4.17's error (nodes,
 * node size, permissions, transaction count and size: ENOSPC; watches:
 * E2BIG) for unprivileged domains only, leaves the store unchanged, and the
 * outstanding-request limit stops reading a domain's ring.
 */
#include <stdlib.h>

#include "xt.h"

XT_TEST(quota_nodes)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();
	char req[64];
	int ok = 0;

	xs_quota.nodes = 10; /* dom5 owns /local/domain/5 already */
	for (int i = 0; i < 20; i++) {
		snprintf(req, sizeof(req), "n%d|x", i);
		if (!strcmp(xt(d5, XS_WRITE, 0, req), "OK|"))
			ok++;
		else
			CHECK_STR(xt(d5, XS_WRITE, 0, req), "!ENOSPC");
	}
	CHECK_EQ(ok, 9);
	CHECK_EQ(domain_find(5)->node_count, 10);
	/* a write needing two new nodes fails whole when only one fits */
	CHECK_STR(xt(d5, XS_RM, 0, "n0|"), "OK|");
	CHECK_STR(xt(d5, XS_WRITE, 0, "deep/er|x"), "!ENOSPC");
	CHECK_STR(xt(d5, XS_READ, 0, "deep|"), "!ENOENT");
	CHECK_STR(xt(d5, XS_WRITE, 0, "n1|changed"), "OK|"); /* existing: fine */
	/* the control domain is not limited */
	for (int i = 0; i < 20; i++) {
		snprintf(req, sizeof(req), "/d0/n%d|x", i);
		CHECK_STR(xt(d0, XS_WRITE, 0, req), "OK|");
	}
	CHECK_STR(xt(d0, XS_CONTROL, 0, "check|"), "OK|");
}

XT_TEST(quota_nodes_in_transaction)
{
	struct xt_client *d5 = xt_domain(5);
	uint32_t t;
	char req[64];

	xs_quota.nodes = 5;
	t = strtoul(xt(d5, XS_TRANSACTION_START, 0, "|"), NULL, 10);
	for (int i = 0; i < 6; i++) {
		snprintf(req, sizeof(req), "n%d|x", i);
		CHECK_STR(xt(d5, XS_WRITE, t, req), "OK|");
	}
	CHECK_STR(xt(d5, XS_TRANSACTION_END, t, "T|"), "!ENOSPC");
	CHECK_STR(xt(d5, XS_READ, 0, "n0|"), "!ENOENT");
	CHECK_EQ(domain_find(5)->node_count, 1);
}

XT_TEST(quota_node_size)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();
	char *req = malloc(4096);

	/* 24-byte header + 8 per permission + value: 24 + 8 + 2015 = 2047 */
	strcpy(req, "big|");
	memset(req + 4, 'v', 2015);
	req[4 + 2015] = 0;
	CHECK_STR(xt(d5, XS_WRITE, 0, req), "OK|");
	strcpy(req, "big|");
	memset(req + 4, 'v', 2016);
	req[4 + 2016] = 0;
	CHECK_STR(xt(d5, XS_WRITE, 0, req), "!ENOSPC");
	CHECK_EQ(strlen(xt(d5, XS_READ, 0, "big|")), 2015); /* unchanged */
	CHECK_STR(xt(d5, XS_WRITE, 0, req + 1), "!ENOSPC"); /* new node "ig" */
	CHECK_STR(xt(d5, XS_READ, 0, "ig|"), "!ENOENT");
	/* dom0 is not limited */
	memcpy(req, "/big|", 5);
	memset(req + 5, 'w', 4000);
	req[4005 - 0] = 0;
	req[4090] = 0;
	CHECK_STR(xt(d0, XS_WRITE, 0, req), "OK|");
	free(req);
}

XT_TEST(quota_permissions)
{
	struct xt_client *d5 = xt_domain(5);

	CHECK_STR(xt(d5, XS_WRITE, 0, "p|x"), "OK|");
	CHECK_STR(xt(d5, XS_SET_PERMS, 0, "p|n5|r1|r2|r3|r4|"), "OK|");
	CHECK_STR(xt(d5, XS_SET_PERMS, 0, "p|n5|r1|r2|r3|r4|r6|"), "!ENOSPC");
	CHECK_STR(xt(d5, XS_GET_PERMS, 0, "p|"), "n5|r1|r2|r3|r4|");
}

XT_TEST(quota_watches)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();
	char req[64];

	xs_quota.watches = 3;
	for (int i = 0; i < 3; i++) {
		snprintf(req, sizeof(req), "w%d|t|", i);
		CHECK_STR(xt(d5, XS_WATCH, 0, req), "OK|");
	}
	CHECK_STR(xt(d5, XS_WATCH, 0, "w3|t|"), "!E2BIG");
	CHECK_STR(xt(d5, XS_UNWATCH, 0, "w0|t|"), "OK|");
	CHECK_STR(xt(d5, XS_WATCH, 0, "w3|t|"), "OK|");
	for (int i = 0; i < 10; i++) {
		snprintf(req, sizeof(req), "/w%d|t|", i);
		CHECK_STR(xt(d0, XS_WATCH, 0, req), "OK|");
	}
}

XT_TEST(quota_transactions)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();

	for (int i = 0; i < 10; i++)
		CHECK(xt(d5, XS_TRANSACTION_START, 0, "|")[0] != '!');
	CHECK_STR(xt(d5, XS_TRANSACTION_START, 0, "|"), "!ENOSPC");
	CHECK_STR(xt(d5, XS_TRANSACTION_END, 3, "F|"), "OK|");
	CHECK(xt(d5, XS_TRANSACTION_START, 0, "|")[0] != '!');
	for (int i = 0; i < 15; i++)
		CHECK(xt(d0, XS_TRANSACTION_START, 0, "|")[0] != '!');
}

XT_TEST(quota_transaction_nodes)
{
	struct xt_client *d5 = xt_domain(5);
	uint32_t t;

	xs_quota.tx_nodes = 4;
	t = strtoul(xt(d5, XS_TRANSACTION_START, 0, "|"), NULL, 10);
	CHECK_STR(xt(d5, XS_WRITE, t, "a|1"), "OK|"); /* a, its parent */
	CHECK_STR(xt(d5, XS_WRITE, t, "b|1"), "OK|"); /* b */
	CHECK_STR(xt(d5, XS_READ, t, "c|"), "!ENOENT");
	CHECK_STR(xt(d5, XS_READ, t, "d|"), "!ENOSPC");
	CHECK_STR(xt(d5, XS_TRANSACTION_END, t, "T|"), "!ENOMEM"); /* failed tx */
	CHECK_STR(xt(d5, XS_READ, 0, "a|"), "!ENOENT");
}

XT_TEST(quota_outstanding_requests)
{
	struct xt_client *d5 = xt_domain(5);
	struct xenstore_domain_interface *r = d5->intf;
	struct xsd_sockmsg h = { XS_READ, 1, 0, 2 };
	int got = 0;

	/* READ "/" gets ERROR "EACCES": 23-byte replies. The guest sends
	 * 2 x 56 requests of 18 bytes and does not consume replies: 44 fill
	 * the response ring, 20 may wait in the daemon, the rest stays unread */
	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 56; i++) {
			uint32_t p = r->req_prod;

			for (uint32_t k = 0; k < sizeof(h) + 2; k++)
				r->req[MASK_XENSTORE_IDX(p + k)] =
					k < sizeof(h) ? ((char *)&h)[k] : "/"[k - sizeof(h)];
			r->req_prod = p + sizeof(h) + 2;
		}
		xt_pump();
	}
	CHECK_EQ(d5->conn->out_replies, 20);
	CHECK_EQ(r->rsp_prod - r->rsp_cons, XENSTORE_RING_SIZE);
	CHECK(r->req_prod - r->req_cons + d5->conn->rx_len >= 48 * 18);
	/* consuming the responses lets the daemon go on */
	for (int i = 0; i < 20; i++) {
		got += xt_recv_all(d5);
		xt_pump();
	}
	CHECK_EQ(got, 112);
	CHECK_EQ(d5->conn->out_replies, 0);
	CHECK_EQ(r->req_cons, r->req_prod);
	CHECK_EQ(d5->last.type, XS_ERROR);
}
