/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored transport tests: the ring page logic against a memory ring
 * (wraparound of indices and of messages, partial messages, full rings,
 * reconnection, corrupt indices) and malformed input on sockets and rings
 * (oversized length: socket closed, ring ignored with its error field set;
 * random requests: an answer each, never a crash).
 */
#include <stdlib.h>
#include <unistd.h>

#include "xt.h"

XT_TEST(ring_read_write_wraparound_indices)
{
	struct xenstore_domain_interface *r = calloc(1, 4096);
	char out[2048], in[2048];

	for (int i = 0; i < 2048; i++)
		in[i] = (char)(i * 7);
	/* free-running indices just below 2^32 */
	r->req_cons = r->req_prod = 0xfffffe00u;
	r->rsp_cons = r->rsp_prod = 0xfffffe00u;
	CHECK_EQ(ring_write(r, in, 2048), 1024); /* full ring: stops at 1024 */
	CHECK(!ring_has_space(r));
	CHECK_EQ(ring_write(r, in, 10), 0);
	CHECK_EQ(r->rsp_prod, 0x200u);              /* wrapped */
	CHECK(!memcmp(r->rsp + 0x200, in, 0x200) && !memcmp(r->rsp, in + 0x200, 0x200));
	r->rsp_cons += 1000;
	CHECK_EQ(ring_write(r, in + 1024, 1000), 1000);
	/* request ring: the guest produced 700 bytes across the end */
	for (int i = 0; i < 700; i++)
		r->req[MASK_XENSTORE_IDX(r->req_prod + i)] = in[i];
	r->req_prod += 700;
	CHECK(ring_has_input(r));
	CHECK_EQ(ring_read(r, out, 300), 300);
	CHECK_EQ(ring_read(r, out + 300, 2000), 400);
	CHECK(!memcmp(out, in, 700));
	CHECK_EQ(ring_read(r, out, 10), 0);
	CHECK(!ring_has_input(r));
	/* corrupt indices are refused */
	r->req_prod = r->req_cons + 1025;
	CHECK_EQ(ring_read(r, out, 10), -1);
	r->rsp_prod = r->rsp_cons + 2000;
	CHECK_EQ(ring_write(r, in, 10), -1);
	free(r);
}

XT_TEST(ring_introduce_sets_features_and_connects)
{
	struct xenstore_domain_interface *r = xt_page(9);
	struct xt_client *d0 = xt_socket();

	r->connection = XENSTORE_RECONNECT; /* dom0less: guest waits for us */
	r->req_prod = 77;                  /* stale indices are reset */
	CHECK_STR(xt(d0, XS_INTRODUCE, 0, "9|0|5|"), "OK|");
	CHECK_EQ(r->connection, XENSTORE_CONNECTED);
	CHECK_EQ(r->server_features & 3, 3);
	CHECK_EQ(r->req_prod, 0);
	CHECK(xt_notify_count[9] > 0);
}

XT_TEST(ring_messages_wrap_and_split)
{
	struct xt_client *d5 = xt_domain(5);
	char req[700];

	/* values of 600 bytes: requests and replies straddle the ring end */
	for (int i = 0; i < 20; i++) {
		int plen = snprintf(req, sizeof(req), "k%d|", i);

		memset(req + plen, 'a' + i, 600);
		req[plen + 600] = 0;
		CHECK_STR(xt(d5, XS_WRITE, 0, req), "OK|");
		snprintf(req, sizeof(req), "k%d|", i);
		const char *v = xt(d5, XS_READ, 0, req);

		CHECK_EQ(strlen(v), 600);
		CHECK(v[0] == 'a' + i && v[599] == 'a' + i);
	}
	CHECK(d5->intf->req_prod > 4 * XENSTORE_RING_SIZE);
	/* a reply larger than the ring arrives in pieces */
	memset(req, 0, sizeof(req));
	{
		char big[3100] = "big|";

		memset(big + 4, 'z', 1900); /* below the node-size quota */
		CHECK_STR(xt(d5, XS_WRITE, 0, big), "OK|");
		CHECK_EQ(strlen(xt(d5, XS_READ, 0, "big|")), 1900);
	}
}

XT_TEST(ring_partial_messages)
{
	struct xt_client *d5 = xt_domain(5);
	const char payload[] = "/local/domain/5\0";
	struct xsd_sockmsg h = { XS_READ, 99, 0, sizeof(payload) - 1 };

	xt_send_bytes(d5, &h, 10); /* part of the header */
	CHECK_EQ(xt_recv_all(d5), 0);
	xt_send_bytes(d5, (char *)&h + 10, 6);
	CHECK_EQ(xt_recv_all(d5), 0);
	xt_send_bytes(d5, payload, 5); /* part of the payload */
	CHECK_EQ(xt_recv_all(d5), 0);
	xt_send_bytes(d5, payload + 5, sizeof(payload) - 1 - 5);
	CHECK_EQ(xt_recv_all(d5), 1);
	CHECK_EQ(d5->last.req_id, 99);
	CHECK_EQ(d5->last.type, XS_READ);
}

XT_TEST(ring_reconnect_resets_connection)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();
	struct xenstore_domain_interface *r = d5->intf;
	int before = xt_notify_count[5];

	CHECK_STR(xt(d5, XS_WATCH, 0, "w|t|"), "OK|");
	CHECK(strtoul(xt(d5, XS_TRANSACTION_START, 0, "|"), NULL, 10) > 0);
	xt_events(d5);
	r->connection = XENSTORE_RECONNECT;
	xt_pump();
	CHECK_EQ(r->connection, XENSTORE_CONNECTED);
	CHECK_EQ(r->req_prod, 0);
	CHECK_EQ(r->rsp_prod, 0);
	CHECK(xt_notify_count[5] > before);
	CHECK_EQ(d5->conn->watch_count, 0);
	CHECK_EQ(d5->conn->tx_count, 0);
	CHECK_STR(xt(d0, XS_WRITE, 0, "/local/domain/5/w|1"), "OK|");
	CHECK_STR(xt_events(d5), "");
	CHECK_STR(xt(d5, XS_READ, 0, "w|"), "1"); /* usable again */
}

XT_TEST(malformed_socket_oversized_closes)
{
	struct xt_client *c = xt_socket();
	struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	char buf[16];

	CHECK_STR(xt(c, XS_WRITE, 0, "/a|1"), "OK|");
	xt_send_bytes(c, &h, sizeof(h));
	CHECK(c->conn->is_dead);
	/* the main loop closes dead sockets; do what it does */
	conn_free(c->conn);
	c->conn = NULL;
	CHECK_EQ(read(c->fd, buf, sizeof(buf)), 0); /* EOF */
	/* a payload of exactly the maximum is fine */
	struct xt_client *d = xt_socket();
	char *p = calloc(1, XENSTORE_PAYLOAD_MAX);

	memcpy(p, "/max", 5);
	memset(p + 5, 'm', XENSTORE_PAYLOAD_MAX - 5);
	CHECK_STR(xt_raw(d, XS_WRITE, 0, p, XENSTORE_PAYLOAD_MAX), "OK|");
	CHECK_EQ(strlen(xt(d, XS_READ, 0, "/max|")), XENSTORE_PAYLOAD_MAX - 5);
	/* a reply would exceed the maximum: E2BIG, connection fine */
	for (int i = 0; i < 5; i++) {
		char req[1100] = "/max/";

		memset(req + 5, 'a' + i, 1000);
		strcpy(req + 1005, "|x");
		CHECK_STR(xt(d, XS_WRITE, 0, req), "OK|");
	}
	CHECK_STR(xt(d, XS_DIRECTORY, 0, "/max|"), "!E2BIG");
	CHECK_STR(xt(d, XS_READ, 0, "/a|"), "1");
	free(p);
}

XT_TEST(malformed_ring_oversized_ignores)
{
	struct xt_client *d5 = xt_domain(5), *d0 = xt_socket();
	struct xsd_sockmsg h = { XS_READ, 1, 0, 5000 };

	CHECK_STR(xt(d5, XS_WATCH, 0, "w|t|"), "OK|");
	xt_send_bytes(d5, &h, sizeof(h));
	CHECK_EQ(d5->intf->error, XENSTORE_ERROR_PROTO);
	CHECK(d5->conn->is_dead);
	CHECK_EQ(d5->conn->watch_count, 0);
	CHECK_STR(xt(d5, XS_READ, 0, "w|"), "(none)"); /* no longer served */
	CHECK_STR(xt(d0, XS_IS_DOMAIN_INTRODUCED, 0, "5|"), "T|");
	/* INTRODUCE again revives it */
	CHECK_STR(xt(d0, XS_INTRODUCE, 0, "5|0|6|"), "OK|");
	CHECK_EQ(d5->intf->error, XENSTORE_ERROR_NONE);
	CHECK_STR(xt(d5, XS_GET_DOMAIN_PATH, 0, "5|"), "/local/domain/5|");
}

XT_TEST(malformed_ring_bad_indices)
{
	struct xt_client *d5 = xt_domain(5);

	d5->intf->req_prod = d5->intf->req_cons + 4000;
	xt_pump();
	CHECK_EQ(d5->intf->error, XENSTORE_ERROR_RINGIDX);
	CHECK(d5->conn->is_dead);
}

XT_TEST(malformed_random_requests)
{
	struct xt_client *c = xt_socket(), *d5 = xt_domain(5);
	static const char *const words[] = { "/", "/a", "/a/b", "a", "@releaseDomain", "T", "F",
					     "5", "0", "r5", "n0", "b7", "x", "", "//", "1|2" };
	unsigned int seed = 12345;

	for (int i = 0; i < 3000; i++) {
		char p[256];
		uint32_t len = 0, type;
		struct xt_client *who = i & 1 ? c : d5;
		int nwords;

		seed = seed * 1103515245 + 12345;
		type = (seed >> 16) % 24;
		if (type == XS_RELEASE || type == XS_INTRODUCE || type == XS_CONTROL)
			type = XS_READ; /* keep the ring domain alive */
		nwords = (seed >> 8) % 4;
		for (int w = 0; w < nwords; w++) {
			const char *s = words[(seed >> (w * 4)) % 16];

			memcpy(p + len, s, strlen(s));
			len += strlen(s);
			if ((seed >> (w + 20)) & 3)
				p[len++] = 0;
		}
		const char *r = xt_raw(who, type, (seed >> 24) % 3 ? 0 : (seed >> 28) % 3, p, len);

		CHECK(strcmp(r, "(none)"));
		if (!strcmp(r, "(none)"))
			break;
	}
	xt_events(c);
	xt_events(d5);
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "OK|");
}
