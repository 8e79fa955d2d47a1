/* SPDX-License-Identifier: MIT */
/*
 * Domains known to hx-xenstored (xenstore.txt INTRODUCE, RELEASE, RESUME,
 * SET_TARGET, IS_DOMAIN_INTRODUCED; docs/misc/xenstore-ring.txt).
 *
 * A struct xs_domain exists for every domain that owns nodes (for the node
 * quota) and for every introduced one. Introducing a domain maps its ring
 * page and binds its event channel through the backend (xs_backend; NULL
 * when no hypervisor is present: the domain is then only recorded), creates
 * its ring connection, advertises the reconnection and error features and
 * fires @introduceDomain. Releasing it drops the connection, deletes the
 * nodes it owns, removes it from the special-watch permissions and fires
 * @releaseDomain. Records are never freed before exit, so a request that
 * releases a domain cannot pull a record from under a loop over domains.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

#define DOMID_FIRST_RESERVED 0x7ff0u
#define DOMID_SELF 0x7ff0u

const struct xs_backend *xs_backend;
static struct xs_domain *domains;

struct xs_domain *domain_find(uint32_t domid)
{
	for (struct xs_domain *d = domains; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

/** domain_get() - find or create the record of a domain */
struct xs_domain *domain_get(uint32_t domid)
{
	struct xs_domain *d = domain_find(domid);

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		abort();
	d->domid = domid;
	d->port = -1;
	d->target = DOMID_INVALID;
	snprintf(d->path, sizeof(d->path), "/local/domain/%u", domid);
	d->next = domains;
	domains = d;
	return d;
}

void domain_nodes_adjust(uint32_t domid, int delta)
{
	domain_get(domid)->node_count += delta;
}

/* Ring page back to a clean state: no data either way (Xen domain_conn_reset). */
static void ring_reset(struct xs_domain *d)
{
	if (d->conn)
		conn_reset(d->conn);
	if (d->intf) {
		d->intf->req_cons = d->intf->req_prod = 0;
		d->intf->rsp_cons = d->intf->rsp_prod = 0;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
	}
}

/** domain_introduce() - INTRODUCE (again: re-binds the event channel) */
int domain_introduce(uint32_t domid, uint64_t gfn, uint32_t port)
{
	struct xs_domain *d;

	if (!domid || domid >= DOMID_FIRST_RESERVED || !port)
		return EINVAL;
	d = domain_get(domid);
	if (!d->is_introduced) {
		if (xs_backend) {
			d->intf = xs_backend->map(domid, gfn);
			if (!d->intf)
				return EINVAL;
			d->port = xs_backend->bind(domid, port);
			if (d->port < 0) {
				xs_backend->unmap(domid, d->intf);
				d->intf = NULL;
				return EINVAL;
			}
			d->conn = conn_new(&xs_ring_transport, -1, domid);
			if (!d->conn)
				return ENOMEM;
			d->conn->domain = d;
		}
		d->is_introduced = true;
		d->is_shutdown = false;
		watch_fire(NULL, "@introduceDomain", true, NULL, 0);
	} else if (xs_backend) {
		if (d->port >= 0)
			xs_backend->unbind(d->port);
		d->port = xs_backend->bind(domid, port);
	}
	ring_reset(d);
	if (d->intf) {
		d->intf->server_features |=
			XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR;
		d->intf->error = XENSTORE_ERROR_NONE;
		if (d->intf->connection == XENSTORE_RECONNECT) {
			/* dom0less: the guest waits for this before using the ring */
			__atomic_store_n(&d->intf->connection, XENSTORE_CONNECTED,
					 __ATOMIC_RELEASE);
		}
		if (d->port >= 0)
			xs_backend->notify(d->port);
	}
	return 0;
}

static struct xs_domain *introduced(uint32_t domid, int *err)
{
	struct xs_domain *d;

	if (!domid) {
		*err = EINVAL;
		return NULL;
	}
	d = domain_find(domid);
	if (!d || !d->is_introduced) {
		*err = ENOENT;
		return NULL;
	}
	return d;
}

/** domain_release() - RELEASE: forget the domain and what it owns */
int domain_release(uint32_t domid)
{
	int err = 0;
	struct xs_domain *d = introduced(domid, &err);

	if (!d)
		return err;
	if (d->conn) {
		conn_fail(d->conn, XENSTORE_ERROR_NONE);
		d->conn->domain = NULL; /* the main loop frees it */
		d->conn = NULL;
	}
	if (xs_backend && d->intf) {
		if (d->port >= 0)
			xs_backend->unbind(d->port);
		xs_backend->unmap(domid, d->intf);
	}
	d->intf = NULL;
	d->port = -1;
	store_remove_owned(domid);
	special_drop_domain(domid);
	for (struct xs_domain *o = domains; o; o = o->next)
		if (o->target == domid)
			o->target = DOMID_INVALID;
	/* The record stays (not introduced): loops over domains stay safe. */
	d->is_introduced = false;
	d->is_shutdown = false;
	d->target = DOMID_INVALID;
	watch_fire(NULL, "@releaseDomain", true, NULL, 0);
	return 0;
}

/**
 * domain_introduce_local() - connect the control domain's own kernel (Linux
 * as initial domain allocates its xenstore page and an unbound port itself:
 * /proc/xen/xsd_kva and xsd_port, Xen's XS_LOCAL). @intf is already mapped
 * and @port bound by the caller. The ring is not reset: the kernel may have
 * queued requests before the daemon started; it is kicked at once so they
 * are answered and the kernel's xenbus probe thread wakes up.
 */
int domain_introduce_local(struct xenstore_domain_interface *intf, int port)
{
	struct xs_domain *d = domain_get(0);

	if (d->conn || !intf)
		return EEXIST;
	d->conn = conn_new(&xs_ring_transport, -1, 0);
	if (!d->conn)
		return ENOMEM;
	d->conn->domain = d;
	d->intf = intf;
	d->port = port;
	d->is_introduced = true;
	intf->server_features |= XENSTORE_SERVER_FEATURE_RECONNECTION | XENSTORE_SERVER_FEATURE_ERROR;
	domain_kick(d);
	if (xs_backend && port >= 0)
		xs_backend->notify(port);
	return 0;
}

/**
 * domain_check_all() - VIRQ_DOM_EXC fired: some domain shut down or died
 * (Xen's domain_cleanup). Every introduced guest is looked up through
 * @state: a domain that is gone or dying is released as by RELEASE (its
 * connection, ring mapping, event channel and owned nodes go, and
 * @releaseDomain fires); one that shut down fires @releaseDomain once.
 * Returns how many domains were released.
 */
int domain_check_all(int (*state)(uint32_t domid, void *ctx), void *ctx)
{
	int released = 0;

	for (struct xs_domain *d = domains; d; d = d->next) {
		int st;

		if (!d->domid || !d->is_introduced)
			continue;
		st = state(d->domid, ctx);
		if (st == XS_DOMSTATE_GONE) {
			domain_release(d->domid);
			released++;
		} else if (st == XS_DOMSTATE_SHUTDOWN) {
			domain_shutdown(d->domid);
		}
	}
	return released;
}

/** domain_resume() - RESUME: @releaseDomain may fire again on shutdown */
int domain_resume(uint32_t domid)
{
	int err = 0;
	struct xs_domain *d = introduced(domid, &err);

	if (!d)
		return err;
	d->is_shutdown = false;
	return 0;
}

/** domain_shutdown() - the domain shut down or crashed (VIRQ_DOM_EXC) */
void domain_shutdown(uint32_t domid)
{
	struct xs_domain *d = domain_find(domid);

	if (!d || !d->is_introduced || d->is_shutdown)
		return;
	d->is_shutdown = true;
	watch_fire(NULL, "@releaseDomain", true, NULL, 0);
}

/** domain_set_target() - SET_TARGET: domid acts for tdomid's nodes */
int domain_set_target(uint32_t domid, uint32_t tdomid)
{
	struct xs_domain *d = domain_find(domid), *t = domain_find(tdomid);

	if (!d || !d->is_introduced || !t || !t->is_introduced)
		return ENOENT;
	d->target = tdomid;
	return 0;
}

bool domain_is_introduced(uint32_t domid)
{
	struct xs_domain *d;

	if (domid == DOMID_SELF)
		return true;
	d = domain_find(domid);
	return d && d->is_introduced;
}

/**
 * domain_kick() - the domain's event channel fired (or we just want to make
 * progress): honour a reconnect request, then move requests and replies
 * until neither direction can advance; notify the guest once if bytes moved.
 */
void domain_kick(struct xs_domain *d)
{
	struct xs_conn *conn = d->conn;

	if (!conn || !d->intf)
		return;
	if (__atomic_load_n(&d->intf->connection, __ATOMIC_ACQUIRE) == XENSTORE_RECONNECT) {
		ring_reset(d);
		d->intf->error = XENSTORE_ERROR_NONE;
		__atomic_store_n(&d->intf->connection, XENSTORE_CONNECTED, __ATOMIC_RELEASE);
		conn->is_moved = true;
	}
	/* Bounded, so one guest cannot starve the others; domain_pending()
	 * makes the main loop come back for the rest. */
	for (int i = 0; i < 16 && !conn->is_dead; i++) {
		bool was_moved = conn->is_moved;

		conn->is_moved = false;
		conn_handle_input(conn);
		conn_flush(conn);
		if (!conn->is_moved) {
			conn->is_moved = was_moved;
			break;
		}
	}
	if (conn->is_moved) {
		conn->is_moved = false;
		conn->tp->notify(conn);
	}
}

/** domain_pending() - does some ring have work domain_kick() left over? */
bool domain_pending(void)
{
	for (struct xs_domain *d = domains; d; d = d->next) {
		struct xs_conn *c = d->conn;

		if (!c || !d->intf || c->is_dead)
			continue;
		if (conn_wants_input(c) && ring_has_input(d->intf))
			return true;
		if (c->out_head && ring_has_space(d->intf))
			return true;
		if (d->intf->connection == XENSTORE_RECONNECT)
			return true;
	}
	return false;
}

/** domain_kick_all() - kick every domain with a ring */
void domain_kick_all(void)
{
	for (struct xs_domain *d = domains; d; d = d->next)
		domain_kick(d);
}

/** domain_kick_port() - the event channel `port` fired */
void domain_kick_port(int port)
{
	for (struct xs_domain *d = domains; d; d = d->next)
		if (d->port == port)
			domain_kick(d);
}

void domain_fini(void)
{
	while (domains) {
		struct xs_domain *d = domains;

		domains = d->next;
		if (d->conn)
			conn_free(d->conn);
		free(d);
	}
}
