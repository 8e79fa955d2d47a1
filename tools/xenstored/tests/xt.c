/* SPDX-License-Identifier: MIT */
/*
 * Harness of hx-xenstored's host tests: test registry and runner, socket and
 * ring clients, and a memory-ring backend standing in for grant mapping and
 * event channels (see xt.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include "xt.h"

/* unit.h's registry and failure count (this runner replaces UNIT_MAIN) */
struct unit_case unit_cases[UNIT_MAX_CASES];
int unit_case_count, unit_failed_checks;
int xt_notify_count[64];

#define MAX_CLIENTS 64
static struct xt_client *clients[MAX_CLIENTS];
static unsigned char client_rx[MAX_CLIENTS][1 << 16];
static uint32_t client_rx_len[MAX_CLIENTS];
static struct xenstore_domain_interface *pages[64];

/* ------------------------------------------------------- memory backend */

struct xenstore_domain_interface *xt_page(uint32_t domid)
{
	if (domid >= 64)
		return NULL;
	if (!pages[domid])
		pages[domid] = calloc(1, 4096);
	return pages[domid];
}

static struct xenstore_domain_interface *be_map(uint32_t domid, uint64_t gfn)
{
	(void)gfn;
	return xt_page(domid);
}

static void be_unmap(uint32_t domid, struct xenstore_domain_interface *intf)
{
	(void)domid;
	(void)intf;
}

static int be_bind(uint32_t domid, uint32_t remote_port)
{
	(void)remote_port;
	return domid < 64 ? (int)domid : -1;
}

static void be_unbind(int port)
{
	(void)port;
}

static void be_notify(int port)
{
	if (port >= 0 && port < 64)
		xt_notify_count[port]++;
}

static const struct xs_backend mem_backend = { be_map, be_unmap, be_bind, be_unbind, be_notify };

/* -------------------------------------------------------------- clients */

static int slot_of(const struct xt_client *c)
{
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (clients[i] == c)
			return i;
	abort();
}

static struct xt_client *client_new(void)
{
	for (int i = 0; i < MAX_CLIENTS; i++) {
		if (!clients[i]) {
			clients[i] = calloc(1, sizeof(struct xt_client));
			clients[i]->fd = -1;
			client_rx_len[i] = 0;
			return clients[i];
		}
	}
	abort();
}

/** xt_socket() - a control-domain client on a socketpair */
struct xt_client *xt_socket(void)
{
	struct xt_client *c = client_new();
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv))
		abort();
	c->fd = sv[0];
	c->conn = conn_new(&xs_socket_transport, sv[1], 0);
	return c;
}

/**
 * xt_domain() - introduce a domain (by a temporary dom0 socket client) and
 * return a client speaking through its ring. /local/domain/<domid> is made
 * and given to the domain, as a toolstack does.
 */
struct xt_client *xt_domain(uint32_t domid)
{
	struct xt_client *dom0 = xt_socket(), *c = client_new();
	char buf[64];

	c->domid = domid;
	c->intf = xt_page(domid);
	snprintf(buf, sizeof(buf), "%u|0|%u|", domid, domid + 1);
	CHECK_STR(xt(dom0, XS_INTRODUCE, 0, buf), "OK|");
	snprintf(buf, sizeof(buf), "/local/domain/%u|", domid);
	CHECK_STR(xt(dom0, XS_MKDIR, 0, buf), "OK|");
	snprintf(buf, sizeof(buf), "/local/domain/%u|n%u|", domid, domid);
	CHECK_STR(xt(dom0, XS_SET_PERMS, 0, buf), "OK|");
	xt_close(dom0);
	c->conn = domain_find(domid)->conn;
	return c;
}

/**
 * xt_local() - connect dom0's own kernel ring (page 0, local port 0) as the
 * daemon does at start-up in dom0, and return a client speaking through it.
 * Bytes the test already put on page 0 stay there and get answered.
 */
struct xt_client *xt_local(void)
{
	struct xt_client *c = client_new();

	c->domid = 0;
	c->intf = xt_page(0);
	CHECK_EQ(domain_introduce_local(c->intf, 0), 0);
	c->conn = domain_find(0)->conn;
	return c;
}

void xt_close(struct xt_client *c)
{
	int i = slot_of(c);

	if (c->fd >= 0) {
		close(c->fd);
		for (struct xs_conn *k = xs_conns; k; k = k->next) {
			if (k == c->conn) {
				conn_free(k);
				break;
			}
		}
	}
	clients[i] = NULL;
	free(c);
}

/** xt_pump() - run every connection until no more bytes move */
void xt_pump(void)
{
	for (int round = 0; round < 200; round++) {
		uint64_t before = 0, after = 0;

		for (struct xs_conn *k = xs_conns; k; k = k->next)
			before += k->out_bytes * 3 + k->rx_len;
		for (int i = 0; i < 64; i++)
			if (pages[i])
				before += pages[i]->req_cons + 7ull * pages[i]->rsp_prod;
		for (struct xs_conn *k = xs_conns; k; k = k->next) {
			if (k->fd < 0 || k->is_dead)
				continue;
			conn_handle_input(k);
			conn_flush(k);
		}
		domain_kick_all();
		for (struct xs_conn *k = xs_conns; k; k = k->next)
			after += k->out_bytes * 3 + k->rx_len;
		for (int i = 0; i < 64; i++)
			if (pages[i])
				after += pages[i]->req_cons + 7ull * pages[i]->rsp_prod;
		if (before == after)
			return;
	}
}

/* Guest side of the ring: put request bytes, waiting for room. */
static void guest_put(struct xt_client *c, const unsigned char *p, uint32_t len)
{
	struct xenstore_domain_interface *r = c->intf;

	while (len) {
		uint32_t prod = r->req_prod, space = XENSTORE_RING_SIZE - (prod - r->req_cons);
		uint32_t chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);

		if (!space) {
			uint32_t cons = r->req_cons;

			xt_pump();
			xt_recv_all(c);
			if (r->req_cons == cons)
				return; /* the daemon stopped reading: caller checks */
			continue;
		}
		if (chunk > space)
			chunk = space;
		if (chunk > len)
			chunk = len;
		memcpy(r->req + MASK_XENSTORE_IDX(prod), p, chunk);
		__atomic_store_n(&r->req_prod, prod + chunk, __ATOMIC_RELEASE);
		p += chunk;
		len -= chunk;
	}
}

void xt_send_bytes(struct xt_client *c, const void *p, uint32_t len)
{
	if (c->fd >= 0) {
		if (write(c->fd, p, len) != (ssize_t)len)
			abort();
	} else {
		guest_put(c, p, len);
	}
	xt_pump();
}

/* Move whatever the daemon sent into the client's buffer. */
static void fetch(struct xt_client *c)
{
	int i = slot_of(c);
	uint32_t room = sizeof(client_rx[i]) - client_rx_len[i];

	if (c->fd >= 0) {
		ssize_t n = read(c->fd, client_rx[i] + client_rx_len[i], room);

		if (n > 0)
			client_rx_len[i] += n;
		return;
	}
	struct xenstore_domain_interface *r = c->intf;

	while (room && r->rsp_prod != r->rsp_cons) {
		uint32_t cons = r->rsp_cons, avail = r->rsp_prod - cons;
		uint32_t chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);

		if (chunk > avail)
			chunk = avail;
		if (chunk > room)
			chunk = room;
		memcpy(client_rx[i] + client_rx_len[i], r->rsp + MASK_XENSTORE_IDX(cons), chunk);
		client_rx_len[i] += chunk;
		room -= chunk;
		__atomic_store_n(&r->rsp_cons, cons + chunk, __ATOMIC_RELEASE);
	}
}

static char reply[2 * XENSTORE_PAYLOAD_MAX + 64];

static void render(const struct xsd_sockmsg *h, const unsigned char *p)
{
	uint32_t o = 0;

	if (h->type == XS_ERROR) {
		reply[o++] = '!';
		for (uint32_t k = 0; k < h->len && p[k]; k++)
			reply[o++] = p[k];
	} else {
		for (uint32_t k = 0; k < h->len; k++)
			reply[o++] = p[k] ? p[k] : '|';
	}
	reply[o] = 0;
}

/* Take one message from the client buffer; events go to c->events. */
static int take(struct xt_client *c, bool *was_reply)
{
	int i = slot_of(c);
	struct xsd_sockmsg h;

	if (client_rx_len[i] < sizeof(h))
		return 0;
	memcpy(&h, client_rx[i], sizeof(h));
	if (client_rx_len[i] < sizeof(h) + h.len)
		return 0;
	render(&h, client_rx[i] + sizeof(h));
	if (h.type == XS_WATCH_EVENT) {
		size_t used = strlen(c->events);

		snprintf(c->events + used, sizeof(c->events) - used, "%s;", reply);
		*was_reply = false;
	} else {
		c->last = h;
		*was_reply = true;
	}
	memmove(client_rx[i], client_rx[i] + sizeof(h) + h.len,
		client_rx_len[i] - sizeof(h) - h.len);
	client_rx_len[i] -= sizeof(h) + h.len;
	return 1;
}

/** xt_recv_all() - receive everything pending; replies overwrite `reply` */
int xt_recv_all(struct xt_client *c)
{
	int n = 0;
	bool r;

	fetch(c);
	while (take(c, &r))
		n++;
	return n;
}

const char *xt_raw(struct xt_client *c, uint32_t type, uint32_t tx, const void *p, uint32_t len)
{
	struct xsd_sockmsg h = { type, ++c->next_req, tx, len };
	unsigned char *msg = malloc(sizeof(h) + len + 1);

	memcpy(msg, &h, sizeof(h));
	memcpy(msg + sizeof(h), p, len);
	xt_send_bytes(c, msg, sizeof(h) + len);
	free(msg);
	for (int tries = 0; tries < 100; tries++) {
		bool was_reply = false;

		fetch(c);
		while (take(c, &was_reply)) {
			if (was_reply) {
				CHECK_EQ(c->last.req_id, h.req_id);
				CHECK_EQ(c->last.tx_id, tx);
				return reply;
			}
		}
		xt_pump();
	}
	return "(none)";
}

const char *xt(struct xt_client *c, uint32_t type, uint32_t tx, const char *payload)
{
	char buf[2 * XENSTORE_PAYLOAD_MAX];
	uint32_t len = strlen(payload);

	for (uint32_t k = 0; k < len; k++)
		buf[k] = payload[k] == '|' ? 0 : payload[k];
	return xt_raw(c, type, tx, buf, len);
}

const char *xt_events(struct xt_client *c)
{
	static char out[sizeof(c->events)];

	for (int i = 0; i < 100; i++) {
		xt_pump();
		if (!xt_recv_all(c))
			break;
	}
	strcpy(out, c->events);
	c->events[0] = 0;
	return out;
}

/* --------------------------------------------------------------- runner */

static void setup(void)
{
	xs_backend = &mem_backend;
	memset(xt_notify_count, 0, sizeof(xt_notify_count));
	store_init();
}

static void teardown(const struct xs_quota *saved)
{
	for (int i = 0; i < MAX_CLIENTS; i++)
		if (clients[i])
			xt_close(clients[i]);
	while (xs_conns)
		conn_free(xs_conns);
	domain_fini();
	special_reset();
	store_fini();
	for (int i = 0; i < 64; i++) {
		free(pages[i]);
		pages[i] = NULL;
	}
	xs_quota = *saved;
	xs_trace = false;
}

int main(int argc, char **argv)
{
	const struct xs_quota saved = xs_quota;
	int passed = 0, failed = 0;

	for (int i = 0; i < unit_case_count; i++) {
		int before = unit_failed_checks;

		if (argc > 1 && strcmp(argv[1], unit_cases[i].name))
			continue;
		setup();
		unit_cases[i].fn();
		teardown(&saved);
		if (unit_failed_checks != before) {
			failed++;
			printf("xenstored %s: FAIL\n", unit_cases[i].name);
		} else {
			passed++;
			printf("xenstored %s: PASS\n", unit_cases[i].name);
		}
		fflush(stdout);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
