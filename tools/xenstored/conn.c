/* SPDX-License-Identifier: MIT */
/*
 * Connections of hx-xenstored: framing of the byte stream into xsd_sockmsg
 * messages, the output queue, and the two transports (a Unix socket; a
 * domain's xenstore ring page plus event channel).
 *
 * Input: bytes are read into `rx` in bulk; every complete message in it is
 * handled in order. A header announcing more than XENSTORE_PAYLOAD_MAX bytes
 * breaks the connection (Xen: the socket is closed, a ring is ignored with
 * error XENSTORE_ERROR_PROTO on the page). While an unprivileged domain has
 * `outstanding` replies queued, its further requests stay unread (Xen's
 * quota_req_outstanding back-pressure).
 *
 * Output: replies and watch events are queued as whole messages and written
 * as the transport allows; a watch event identical to one still queued is
 * dropped (Xen does the same), special @-events excepted.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xenstored.h"

#define HDR_SIZE sizeof(struct xsd_sockmsg)
#define OUT_BYTES_MAX (1u << 20) /* stop reading a client that does not read */
#define READS_PER_TURN 8         /* fairness between connections */

struct xs_conn *xs_conns;

/* ------------------------------------------------------------ transports */

static int sock_read(struct xs_conn *conn, void *buf, unsigned int len)
{
	for (;;) {
		ssize_t n = read(conn->fd, buf, len);

		if (n > 0)
			return n;
		if (n == 0)
			return -1; /* peer closed */
		if (errno == EINTR)
			continue;
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	}
}

static int sock_write(struct xs_conn *conn, const void *buf, unsigned int len)
{
	for (;;) {
		ssize_t n = send(conn->fd, buf, len, MSG_NOSIGNAL);

		if (n >= 0)
			return n;
		if (errno == EINTR)
			continue;
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
	}
}

const struct xs_transport xs_socket_transport = { sock_read, sock_write, NULL };

static int ringtp_read(struct xs_conn *conn, void *buf, unsigned int len)
{
	int n;

	if (!conn->domain || !conn->domain->intf)
		return 0;
	n = ring_read(conn->domain->intf, buf, len);
	if (n > 0)
		conn->is_moved = true;
	return n;
}

static int ringtp_write(struct xs_conn *conn, const void *buf, unsigned int len)
{
	int n;

	if (!conn->domain || !conn->domain->intf)
		return 0;
	n = ring_write(conn->domain->intf, buf, len);
	if (n > 0)
		conn->is_moved = true;
	return n;
}

static void ringtp_notify(struct xs_conn *conn)
{
	if (conn->domain && conn->domain->port >= 0 && xs_backend && xs_backend->notify)
		xs_backend->notify(conn->domain->port);
}

const struct xs_transport xs_ring_transport = { ringtp_read, ringtp_write, ringtp_notify };

/* ------------------------------------------------------------- lifetime */

struct xs_conn *conn_new(const struct xs_transport *tp, int fd, uint32_t id)
{
	struct xs_conn *conn = calloc(1, sizeof(*conn));

	if (!conn)
		return NULL;
	conn->rx = malloc(XS_RX_SIZE + 1); /* +1: room for a guard NUL */
	if (!conn->rx) {
		free(conn);
		return NULL;
	}
	conn->tp = tp;
	conn->fd = fd;
	conn->id = id;
	conn->next_tx_id = 1;
	conn->out_tail = &conn->out_head;
	conn->next = xs_conns;
	if (xs_conns)
		xs_conns->prev = conn;
	xs_conns = conn;
	return conn;
}

static void drop_output(struct xs_conn *conn)
{
	while (conn->out_head) {
		struct xs_msg *m = conn->out_head;

		conn->out_head = m->next;
		free(m);
	}
	conn->out_tail = &conn->out_head;
	conn->out_replies = conn->out_bytes = 0;
}

/** conn_reset() - forget requests, replies, watches and transactions */
void conn_reset(struct xs_conn *conn)
{
	watch_remove_all(conn);
	tx_destroy_all(conn);
	drop_output(conn);
	conn->rx_len = 0;
	conn->is_dead = false;
}

/**
 * conn_fail() - stop serving a misbehaving client (Xen ignore_connection):
 * a ring gets `err` (XENSTORE_ERROR_*) in its error field; sockets are
 * closed by the main loop.
 */
void conn_fail(struct xs_conn *conn, uint32_t err)
{
	if (conn->domain && conn->domain->intf)
		conn->domain->intf->error = err;
	conn_reset(conn);
	conn->is_dead = true;
}

void conn_free(struct xs_conn *conn)
{
	conn_reset(conn);
	if (conn->prev)
		conn->prev->next = conn->next;
	else
		xs_conns = conn->next;
	if (conn->next)
		conn->next->prev = conn->prev;
	if (conn->domain && conn->domain->conn == conn)
		conn->domain->conn = NULL;
	if (conn->fd >= 0)
		close(conn->fd);
	free(conn->rx);
	free(conn);
}

/* ---------------------------------------------------------------- input */

/** conn_wants_input() - may requests be read and handled now? */
bool conn_wants_input(const struct xs_conn *conn)
{
	if (conn->is_dead || conn->out_bytes >= OUT_BYTES_MAX)
		return false;
	return conn_is_privileged(conn) || !xs_quota.outstanding ||
	       conn->out_replies < (uint32_t)xs_quota.outstanding;
}

/* Handle the complete messages at the start of rx; false if conn broke. */
static bool handle_buffered(struct xs_conn *conn)
{
	uint32_t off = 0;

	while (conn->rx_len - off >= HDR_SIZE) {
		struct xsd_sockmsg hdr;
		char *payload, saved;

		memcpy(&hdr, conn->rx + off, HDR_SIZE);
		if (hdr.len > XENSTORE_PAYLOAD_MAX) {
			conn_fail(conn, XENSTORE_ERROR_PROTO);
			return false;
		}
		if (conn->rx_len - off < HDR_SIZE + hdr.len || !conn_wants_input(conn))
			break;
		/* NUL after the payload so string scans cannot run past it */
		payload = (char *)conn->rx + off + HDR_SIZE;
		saved = payload[hdr.len];
		payload[hdr.len] = 0;
		off += HDR_SIZE + hdr.len;
		proto_handle(conn, &hdr, payload);
		if (conn->is_dead)
			return false;
		payload[hdr.len] = saved;
	}
	if (off) {
		memmove(conn->rx, conn->rx + off, conn->rx_len - off);
		conn->rx_len -= off;
	}
	return true;
}

/**
 * conn_handle_input() - read what the transport has and handle it. A read
 * that does not fill the buffer drained the source: no second read (it
 * would only say "would block").
 */
void conn_handle_input(struct xs_conn *conn)
{
	bool more = true;

	for (int reads = 0; handle_buffered(conn) && more; reads++) {
		uint32_t room = XS_RX_SIZE - conn->rx_len;
		int n;

		if (!conn_wants_input(conn) || reads == READS_PER_TURN || !room)
			return;
		n = conn->tp->read(conn, conn->rx + conn->rx_len, room);
		if (n < 0) {
			conn_fail(conn, XENSTORE_ERROR_RINGIDX);
			return;
		}
		if (n == 0)
			return;
		conn->rx_len += n;
		more = (uint32_t)n == room;
	}
}

/* --------------------------------------------------------------- output */

/* Account for n bytes written from the head of the queue. */
static void consume_output(struct xs_conn *conn, uint32_t n)
{
	while (n && conn->out_head) {
		struct xs_msg *m = conn->out_head;
		uint32_t left = m->len - m->sent;

		if (n < left) {
			m->sent += n;
			return;
		}
		n -= left;
		conn->out_head = m->next;
		if (!m->is_event)
			conn->out_replies--;
		conn->out_bytes -= m->len;
		free(m);
	}
	if (!conn->out_head)
		conn->out_tail = &conn->out_head;
}

/**
 * conn_flush() - write queued messages; several small ones are gathered into
 * one write. Returns true when the queue is empty.
 */
bool conn_flush(struct xs_conn *conn)
{
	unsigned char buf[16384];

	while (conn->out_head && !conn->is_dead) {
		const struct xs_msg *m = conn->out_head;
		const unsigned char *p = m->data + m->sent;
		uint32_t len = m->len - m->sent;
		int n;

		if (m->next && len < sizeof(buf)) {
			memcpy(buf, p, len);
			for (m = m->next; m && len + m->len <= sizeof(buf); m = m->next) {
				memcpy(buf + len, m->data, m->len);
				len += m->len;
			}
			p = buf;
		}
		n = conn->tp->write(conn, p, len);
		if (n < 0) {
			conn_fail(conn, XENSTORE_ERROR_RINGIDX);
			return false;
		}
		consume_output(conn, n);
		if ((uint32_t)n < len)
			break;
	}
	return !conn->out_head;
}

static struct xs_msg *queue_msg(struct xs_conn *conn, uint32_t type, uint32_t req_id,
				uint32_t tx_id, const void *a, uint32_t alen, const void *b,
				uint32_t blen)
{
	struct xs_msg *m = malloc(sizeof(*m) + HDR_SIZE + alen + blen);
	struct xsd_sockmsg hdr = { type, req_id, tx_id, alen + blen };

	if (!m)
		return NULL;
	m->next = NULL;
	m->len = HDR_SIZE + alen + blen;
	m->sent = 0;
	m->is_event = false;
	memcpy(m->data, &hdr, HDR_SIZE);
	if (alen)
		memcpy(m->data + HDR_SIZE, a, alen);
	if (blen)
		memcpy(m->data + HDR_SIZE + alen, b, blen);
	*conn->out_tail = m;
	conn->out_tail = &m->next;
	conn->out_bytes += m->len;
	return m;
}

/** conn_reply() - reply to the request in hand; E2BIG if it cannot fit */
void conn_reply(struct xs_conn *conn, uint32_t type, const void *data, uint32_t len)
{
	if (len > XENSTORE_PAYLOAD_MAX) {
		conn_error(conn, E2BIG);
		return;
	}
	if (queue_msg(conn, type, conn->req.req_id, conn->req.tx_id, data, len, NULL, 0))
		conn->out_replies++;
}

const char *errno_name(int err)
{
	for (unsigned int i = 0; i < XSD_NR_ERRORS; i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return "EINVAL";
}

/** conn_error() - ERROR reply carrying the errno name, e.g. "ENOENT\0" */
void conn_error(struct xs_conn *conn, int err)
{
	const char *name = errno_name(err);

	conn_reply(conn, XS_ERROR, name, strlen(name) + 1);
}

/** conn_event() - queue a WATCH_EVENT "path\0token\0" (req_id = tx_id = 0) */
void conn_event(struct xs_conn *conn, const char *path, const char *token)
{
	uint32_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
	struct xs_msg *m;

	if (plen + tlen > XENSTORE_PAYLOAD_MAX || conn->is_dead)
		return;
	if (path[0] != '@') {
		for (m = conn->out_head; m; m = m->next) {
			if (m->is_event && m->len == HDR_SIZE + plen + tlen &&
			    !memcmp(m->data + HDR_SIZE, path, plen) &&
			    !memcmp(m->data + HDR_SIZE + plen, token, tlen))
				return;
		}
	}
	m = queue_msg(conn, XS_WATCH_EVENT, 0, 0, path, plen, token, tlen);
	if (m)
		m->is_event = true;
}
