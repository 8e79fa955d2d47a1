/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for hx-xenstored's wire handling: the input is a byte
 * stream of xenstore requests fed through a connection, as a socket or a
 * guest ring would deliver it.
 *
 * Byte 0 picks the client (bit 0: privileged socket or unprivileged domain 5,
 * whose quotas apply) and the read chunk size (bits 1-7), so framing is
 * exercised across partial reads. The rest is the stream. After the stream
 * is consumed, the store must pass its consistency check and every node
 * count must match; any sanitizer report or abort is a finding.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static const uint8_t *in_data;
static size_t in_len, in_chunk;

static int fz_read(struct xs_conn *conn, void *buf, unsigned int len)
{
	(void)conn;
	if (!in_len)
		return 0;
	if (len > in_len)
		len = in_len;
	if (len > in_chunk)
		len = in_chunk;
	memcpy(buf, in_data, len);
	in_data += len;
	in_len -= len;
	return len;
}

static int fz_write(struct xs_conn *conn, const void *buf, unsigned int len)
{
	(void)conn;
	(void)buf;
	return len; /* replies are dropped */
}

static void fz_notify(struct xs_conn *conn)
{
	(void)conn;
}

static const struct xs_transport fz_transport = { fz_read, fz_write, fz_notify };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xs_conn *conn;

	if (size < 1)
		return 0;
	in_chunk = (data[0] >> 1) ? (size_t)(data[0] >> 1) * 13 : 1;
	in_data = data + 1;
	in_len = size - 1;
	store_init();
	conn = conn_new(&fz_transport, -1, 0);
	if (data[0] & 1) {
		struct xs_domain *d = domain_get(5);

		d->is_introduced = true;
		conn->domain = d;
		conn->id = 5;
	}
	for (int i = 0; i < 100000 && in_len && !conn->is_dead; i++) {
		conn_handle_input(conn);
		conn_flush(conn);
	}
	if (store_check())
		abort();
	conn->domain = NULL;
	conn_free(conn);
	domain_fini();
	special_reset();
	store_fini();
	return 0;
}
