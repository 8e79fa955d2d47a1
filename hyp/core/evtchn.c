/* SPDX-License-Identifier: MIT */
/*
 * Event channels: the per-domain port table and every EVTCHNOP (Xen public
 * event_channel.h; docs xen-abi-arm64.md sections 3.3 and 4.3). Delivery is
 * delegated to the 2-level (evtchn_2l.c) or FIFO (evtchn_fifo.c) ABI.
 *
 * Port table: ports live in buckets of EVTCHN_PORTS_PER_BUCKET allocated on
 * demand; ports [0, valid_ports) have an entry and every bucket below
 * valid_ports exists. Port 0 is reserved for the domain's lifetime. A port
 * is allocated at the lowest free number <= min(max_port, ABI limit); in
 * FIFO mode a free port whose event word is still LINKED is skipped (the
 * guest has not unlinked it yet). Memory per domain is bounded by max_port:
 * at most (max_port + 1) 16-byte entries and one pointer per bucket.
 *
 * Interdomain channels name their peer by (domid, port); an interdomain
 * port and its peer always point at each other. Closing one end (or
 * destroying its domain) turns the other end back into an unbound port
 * accepting the closer, as Xen does. Ports connected to the hypervisor
 * itself (evtchn_alloc_unbound_xen) carry EVTCHN_F_XEN_PEER and no peer.
 *
 * Locking:
 *  - struct evtchn_domain.lock guards that domain's ports, VIRQ map and FIFO
 *    queue state (tails, control-block and array-page pointers).
 *  - An operation touching two domains (bind_interdomain, send, close,
 *    destroy) holds both locks, taken in increasing domid order.
 *  - hooks->lookup is never called with an evtchn lock held, so it may take
 *    the domain-list lock (callers then must not hold that lock themselves).
 *    Because the peer has to be looked up before both locks can be taken,
 *    the operations re-check the port after locking and retry if it changed
 *    meanwhile. A lookup that fails for a bound peer (a dying domain) turns
 *    the local end unbound, as the peer's destruction will.
 *  - hooks->mark_pending, port_raised and xen_consumer run after the locks
 *    are dropped: raising an event records "vCPU v's upcall went 0->1" in
 *    kick_mask under the lock, and kick_flush() calls mark_pending for those
 *    vCPUs afterwards. They may therefore take vGIC/scheduler locks or call
 *    back into this module. Instead of queueing, hooks->upcall may deliver
 *    the upcall at once under the lock (the vGIC's lock-free direct LR for a
 *    vCPU running on this pCPU); it takes no lock.
 *  - port_raised is owed only while d->polling is set (the owner sets it
 *    before a vCPU polls), so raises in domains that never poll skip it.
 *  - With the lock held only memory hooks run: shared_info, vcpu_info,
 *    alloc/free and map/unmap_guest_page (which may take stage-2 and page
 *    allocator locks). The owner may hold d->lock itself while it switches
 *    the pointer hooks->vcpu_info returns, to serialize with raises.
 *  - Guest-shared words (shared_info bitmaps, vcpu_info, FIFO event words and
 *    control blocks) are written by guests concurrently and are only ever
 *    accessed with __atomic operations.
 * In docs/locking.md terms: console locks -> evtchn locks (two in domid
 * order) -> stage2.lock -> page_lock; no vGIC/scheduler lock is taken with
 * an evtchn lock held, and no evtchn lock is held while printing.
 */
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/evtchn.h>
#include <lib/string.h>

/* Xen-internal continuation of EVTCHNOP_reset (not in the public header) */
#define EVTCHNOP_reset_cont 14

#define KICK_WORD_BITS 64U

static unsigned kick_words(const struct evtchn_domain *d)
{
	return (d->nr_vcpus + KICK_WORD_BITS - 1) / KICK_WORD_BITS;
}

static bool port_is_usable(const struct evtchn_port *p)
{
	return p->state > EVTCHN_STATE_RESERVED;
}

static bool virq_is_global(unsigned virq)
{
	/* Xen virq_is_global(): Arm treats every arch VIRQ as global */
	switch (virq) {
	case VIRQ_TIMER:
	case VIRQ_DEBUG:
	case VIRQ_XENOPROF:
	case VIRQ_XENPMU:
		return false;
	default:
		return true;
	}
}

static unsigned abi_max_port(const struct evtchn_domain *d)
{
	unsigned limit = d->fifo ? EVTCHN_FIFO_MAX_PORT : EVTCHN_2L_MAX_PORT;

	return MIN(limit, d->max_port);
}

/** Port @port of @d, or NULL beyond the table. Caller holds d->lock. */
struct evtchn_port *evtchn_port_get(struct evtchn_domain *d, uint32_t port)
{
	if (port >= d->valid_ports)
		return NULL;
	return &d->buckets[port / EVTCHN_PORTS_PER_BUCKET][port % EVTCHN_PORTS_PER_BUCKET];
}

/**
 * evtchn_upcall_locked() - "mark events pending on vCPU @vcpu" (Xen
 * vcpu_mark_events_pending): set evtchn_upcall_pending and, on a 0 -> 1
 * transition, queue a mark_pending hook call for kick_flush().
 */
void evtchn_upcall_locked(struct evtchn_domain *d, unsigned vcpu)
{
	struct vcpu_info *vi = d->hooks->vcpu_info(d, vcpu);

	if (vi)
		evtchn_upcall_vi_locked(d, vcpu, vi);
}

/** Queue a mark_pending call for @vcpu (< nr_vcpus) for kick_flush(); see evtchn.h. */
void evtchn_queue_upcall_locked(struct evtchn_domain *d, unsigned vcpu)
{
	__atomic_fetch_or(&d->kick_mask[vcpu / KICK_WORD_BITS], 1ULL << (vcpu % KICK_WORD_BITS),
			  __ATOMIC_SEQ_CST);
	__atomic_store_n(&d->kick_owed, true, __ATOMIC_SEQ_CST);
}

/** evtchn_upcall_locked() with @vcpu's vcpu_info @vi (non-NULL) already looked up. */
void evtchn_upcall_vi_locked(struct evtchn_domain *d, unsigned vcpu, struct vcpu_info *vi)
{
	if (vcpu >= d->nr_vcpus ||
	    __atomic_exchange_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST) != 0)
		return;
	if (d->hooks->upcall)
		d->hooks->upcall(d, vcpu); /* direct, or it queues */
	else
		evtchn_queue_upcall_locked(d, vcpu);
}

/*
 * Call mark_pending for every vCPU queued by evtchn_upcall_locked(), then
 * port_raised if owed. No lock held.
 */
static __attribute__((noinline)) void kick_flush_queued(struct evtchn_domain *d);

static inline void kick_flush(struct evtchn_domain *d)
{
	/* One plain read first: most raises queue nothing (masked, already
	 * pending, upcall delivered directly, nobody polls). Whatever this CPU
	 * queued under the lock is visible here; a concurrent raiser on another
	 * CPU flushes its own (or finds it done by us). */
	if (__atomic_load_n(&d->kick_owed, __ATOMIC_RELAXED))
		kick_flush_queued(d);
}

/* kick_flush() once something is queued. */
static void kick_flush_queued(struct evtchn_domain *d)
{
	uint64_t *mask;

	/* Cleared before the work is taken: a raiser queueing meanwhile sets it
	 * again after its bit, so it either sees it or its bit is taken here. */
	__atomic_store_n(&d->kick_owed, false, __ATOMIC_SEQ_CST);
	if (__atomic_exchange_n(&d->is_raised, false, __ATOMIC_SEQ_CST))
		d->hooks->port_raised(d);
	mask = __atomic_load_n(&d->kick_mask, __ATOMIC_ACQUIRE);
	if (!mask)
		return; /* destroyed */
	for (unsigned i = 0; i < kick_words(d); i++) {
		uint64_t bits = __atomic_exchange_n(&mask[i], 0, __ATOMIC_SEQ_CST);

		while (bits) {
			unsigned bit = (unsigned)__builtin_ctzll(bits);

			bits &= bits - 1;
			d->hooks->mark_pending(d, i * KICK_WORD_BITS + bit);
		}
	}
}

static void lock_pair(struct evtchn_domain *a, struct evtchn_domain *b)
{
	if (a == b) {
		spin_lock(&a->lock);
	} else if (a->domid < b->domid) {
		spin_lock(&a->lock);
		spin_lock(&b->lock);
	} else {
		spin_lock(&b->lock);
		spin_lock(&a->lock);
	}
}

static void unlock_pair(struct evtchn_domain *a, struct evtchn_domain *b)
{
	if (a != b)
		spin_unlock(&b->lock);
	spin_unlock(&a->lock);
}

/* @domid as seen by @d (DOMID_SELF = d). No lock held. */
static struct evtchn_domain *domain_by_id(struct evtchn_domain *d, uint16_t domid)
{
	if (domid == DOMID_SELF || domid == d->domid)
		return d;
	return d->hooks->lookup(domid);
}

/* Make ports [valid_ports, valid_ports + one bucket) exist. */
static int grow_table(struct evtchn_domain *d)
{
	unsigned b = d->valid_ports / EVTCHN_PORTS_PER_BUCKET;
	struct evtchn_port *bucket;

	if (b >= d->bucket_count)
		return ERR(-ENOSPC);
	bucket = d->hooks->alloc(EVTCHN_PORTS_PER_BUCKET * sizeof(*bucket));
	if (!bucket)
		return ERR(-ENOMEM);
	memset(bucket, 0, EVTCHN_PORTS_PER_BUCKET * sizeof(*bucket));
	d->buckets[b] = bucket;
	d->valid_ports += EVTCHN_PORTS_PER_BUCKET;
	return 0;
}

/*
 * Find the lowest free port (Xen get_free_port). The port stays FREE until
 * the caller sets its state, so a later failure needs no undo.
 */
static int port_alloc(struct evtchn_domain *d, uint32_t *out)
{
	unsigned limit = abi_max_port(d);

	if (d->is_dying)
		return ERR(-EINVAL);
	for (uint32_t port = 1; port <= limit; port++) {
		struct evtchn_port *p;

		if (port >= d->valid_ports) {
			int rc = grow_table(d);

			if (rc)
				return rc;
		}
		p = evtchn_port_get(d, port);
		if (p->state != EVTCHN_STATE_FREE)
			continue;
		if (d->fifo && evtchn_fifo_is_busy(d, port))
			continue;
		*out = port;
		return 0;
	}
	return ERR(-ENOSPC);
}

/* A port was just bound (Xen evtchn_port_init). */
static void port_init(struct evtchn_port *p, uint8_t state, unsigned vcpu)
{
	p->state = state;
	p->notify_vcpu = (uint16_t)vcpu;
	p->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
	p->flags = 0;
}

/* Raise @port of @d on @vcpu (Xen evtchn_port_set_pending). d->lock held. */
static void port_raise(struct evtchn_domain *d, uint32_t port, struct evtchn_port *p,
		       unsigned vcpu)
{
	if (!port_is_usable(p))
		return;
	if (d->fifo)
		evtchn_fifo_set_pending(d, port, p, vcpu);
	else
		evtchn_2l_set_pending(d, port, vcpu);
}

/* Return @port to FREE (Xen evtchn_free). d->lock held. */
static void port_free(struct evtchn_domain *d, uint32_t port, struct evtchn_port *p)
{
	/* Clear a stale pending bit so that a re-bound port does not fire. */
	if (d->fifo)
		evtchn_fifo_clear_pending(d, port);
	else
		evtchn_2l_clear_pending(d, port);
	p->state = EVTCHN_STATE_FREE;
	p->notify_vcpu = 0;
	p->flags = 0;
	p->remote_domid = 0;
	p->remote_port = 0;
}

static bool is_domain_peer(const struct evtchn_port *p)
{
	return p && p->state == EVTCHN_STATE_INTERDOMAIN && !(p->flags & EVTCHN_F_XEN_PEER);
}

/*
 * Lock @d and, when @port is an interdomain port with a domain at the other
 * end, that domain as well. Returns the locked peer (d itself for a
 * loopback channel) or NULL with only d locked. If the peer no longer
 * exists the port reverts to unbound, as if the peer had closed it.
 */
/*
 * lock_with_peer() for a peer in another domain: called with d->lock held and
 * @port an interdomain port to @rdomid; may drop and retake the locks.
 */
static __attribute__((noinline)) struct evtchn_domain *
lock_with_other_peer(struct evtchn_domain *d, uint32_t port, uint16_t rdomid)
{
	for (;;) {
		struct evtchn_domain *rd;
		struct evtchn_port *p;

		spin_unlock(&d->lock);
		rd = d->hooks->lookup(rdomid);
		if (!rd) {
			spin_lock(&d->lock);
			p = evtchn_port_get(d, port);
			if (is_domain_peer(p) && p->remote_domid == rdomid) {
				p->state = EVTCHN_STATE_UNBOUND;
				p->remote_port = 0;
			}
			return NULL;
		}
		lock_pair(d, rd);
		p = evtchn_port_get(d, port);
		if (is_domain_peer(p) && p->remote_domid == rdomid)
			return rd;
		/* Closed or re-bound while unlocked: look again. */
		unlock_pair(d, rd);
		spin_lock(&d->lock);
		p = evtchn_port_get(d, port);
		if (!is_domain_peer(p))
			return NULL;
		rdomid = p->remote_domid;
		if (rdomid == d->domid)
			return d;
	}
}

/*
 * Lock @d and, when @port is an interdomain port with a domain at the other
 * end, that domain as well. Returns the locked peer (d itself for a
 * loopback channel) or NULL with only d locked. If the peer no longer
 * exists the port reverts to unbound, as if the peer had closed it.
 */
static inline struct evtchn_domain *lock_with_peer_port(struct evtchn_domain *d, uint32_t port,
							struct evtchn_port **pp)
{
	struct evtchn_port *p;

	spin_lock(&d->lock);
	/* The entry's address is stable while the domain lives (buckets are never
	 * freed before it), so *pp stays right if the lock is dropped below. */
	*pp = p = evtchn_port_get(d, port);
	if (!is_domain_peer(p))
		return NULL;
	if (p->remote_domid == d->domid)
		return d;
	return lock_with_other_peer(d, port, p->remote_domid);
}

static inline struct evtchn_domain *lock_with_peer(struct evtchn_domain *d, uint32_t port)
{
	struct evtchn_port *p;

	return lock_with_peer_port(d, port, &p);
}

/* ----------------------------------------------------------------- ops */

static int op_alloc_unbound(struct evtchn_domain *d, struct evtchn_alloc_unbound *a)
{
	struct evtchn_domain *td = domain_by_id(d, a->dom);
	struct evtchn_port *p;
	uint32_t port;
	int rc;

	if (!td)
		return ERR(-ESRCH);
	spin_lock(&td->lock);
	rc = port_alloc(td, &port);
	if (rc)
		goto out;
	/* Xen checks the permission (XSM_TARGET) after finding the port */
	if (td != d && !d->is_privileged) {
		rc = -EPERM;
		goto out;
	}
	p = evtchn_port_get(td, port);
	port_init(p, EVTCHN_STATE_UNBOUND, 0);
	/* DOMID_SELF names the caller, not the domain that owns the port */
	p->remote_domid = a->remote_dom == DOMID_SELF ? d->domid : a->remote_dom;
	a->port = port;
out:
	spin_unlock(&td->lock);
	return rc;
}

static int op_bind_interdomain(struct evtchn_domain *ld, struct evtchn_bind_interdomain *b)
{
	struct evtchn_domain *rd = domain_by_id(ld, b->remote_dom);
	struct evtchn_port *lp, *rp;
	uint32_t lport;
	int rc;

	if (!rd)
		return ERR(-ESRCH);
	lock_pair(ld, rd);
	rc = port_alloc(ld, &lport);
	if (rc)
		goto out;
	rp = evtchn_port_get(rd, b->remote_port);
	if (!rp || rp->state != EVTCHN_STATE_UNBOUND || rp->remote_domid != ld->domid) {
		rc = -EINVAL;
		goto out;
	}
	lp = evtchn_port_get(ld, lport);
	port_init(lp, EVTCHN_STATE_INTERDOMAIN, 0);
	lp->remote_domid = rd->domid;
	lp->remote_port = b->remote_port;
	rp->state = EVTCHN_STATE_INTERDOMAIN;
	rp->remote_domid = ld->domid;
	rp->remote_port = lport;
	/* A send on the remote end while it was unbound was dropped: make up for it */
	port_raise(ld, lport, lp, lp->notify_vcpu);
	b->local_port = lport;
out:
	unlock_pair(ld, rd);
	kick_flush(ld);
	return rc;
}

static int op_bind_virq(struct evtchn_domain *d, struct evtchn_bind_virq *b)
{
	uint32_t *slot;
	uint32_t port;
	int rc;

	if (b->virq >= NR_VIRQS)
		return ERR(-EINVAL);
	if (virq_is_global(b->virq) && b->vcpu != 0)
		return ERR(-EINVAL);
	if (b->vcpu >= d->nr_vcpus)
		return ERR(-ENOENT);
	spin_lock(&d->lock);
	slot = &d->virq_ports[b->vcpu * NR_VIRQS + b->virq];
	if (*slot) {
		rc = -EEXIST;
		goto out;
	}
	rc = port_alloc(d, &port);
	if (rc)
		goto out;
	port_init(evtchn_port_get(d, port), EVTCHN_STATE_VIRQ, b->vcpu);
	evtchn_port_get(d, port)->remote_port = b->virq;
	*slot = port;
	b->port = port;
out:
	spin_unlock(&d->lock);
	return rc;
}

static int op_bind_ipi(struct evtchn_domain *d, struct evtchn_bind_ipi *b)
{
	uint32_t port;
	int rc;

	if (b->vcpu >= d->nr_vcpus)
		return ERR(-ENOENT);
	spin_lock(&d->lock);
	rc = port_alloc(d, &port);
	if (!rc) {
		port_init(evtchn_port_get(d, port), EVTCHN_STATE_IPI, b->vcpu);
		b->port = port;
	}
	spin_unlock(&d->lock);
	return rc;
}

/*
 * Close @port of @d (Xen evtchn_close). @by_guest_reset: EVTCHNOP_reset
 * leaves hypervisor-connected ports alone.
 */
static int port_close(struct evtchn_domain *d, uint32_t port, bool by_guest_reset)
{
	struct evtchn_domain *rd = lock_with_peer(d, port);
	struct evtchn_port *p = evtchn_port_get(d, port);
	int rc = 0;

	if (!p) {
		rc = -EINVAL;
		goto out;
	}
	switch (p->state) {
	case EVTCHN_STATE_FREE:
	case EVTCHN_STATE_RESERVED:
		rc = -EINVAL;
		goto out;
	case EVTCHN_STATE_VIRQ: {
		unsigned virq = p->remote_port;
		unsigned row = virq_is_global(virq) ? 0 : p->notify_vcpu;

		d->virq_ports[row * NR_VIRQS + virq] = 0;
		break;
	}
	case EVTCHN_STATE_INTERDOMAIN:
		if (p->flags & EVTCHN_F_XEN_PEER) {
			if (by_guest_reset)
				goto out;
			break;
		}
		if (rd) {
			struct evtchn_port *rp = evtchn_port_get(rd, p->remote_port);

			/* the peer points back at us (invariant) */
			if (rp && rp->state == EVTCHN_STATE_INTERDOMAIN &&
			    rp->remote_domid == d->domid && rp->remote_port == port) {
				rp->state = EVTCHN_STATE_UNBOUND;
				rp->remote_port = 0;
			}
		}
		break;
	default: /* UNBOUND, IPI */
		break;
	}
	port_free(d, port, p);
out:
	if (rd)
		unlock_pair(d, rd);
	else
		spin_unlock(&d->lock);
	return rc;
}

static __attribute__((noinline)) long send_other(struct evtchn_domain *d, uint32_t port,
						  struct evtchn_port *p);

/** EVTCHNOP_send on @port of @d (also reached through evtchn_op()); see evtchn.h. */
long evtchn_send(struct evtchn_domain *d, uint32_t port)
{
	struct evtchn_domain *rd = d;
	struct evtchn_port *p, *rp;
	uint32_t rport;

	spin_lock(&d->lock);
	p = evtchn_port_get(d, port);
	/* The hot cases in a few registers: a channel to a domain (the loopback
	 * one needs one lock); everything else out of line. */
	if (!is_domain_peer(p))
		return send_other(d, port, p);
	if (p->remote_domid != d->domid) {
		rd = lock_with_other_peer(d, port, p->remote_domid);
		if (!rd) /* the peer is gone: p is unbound now */
			return send_other(d, port, p);
	}
	rport = p->remote_port;
	rp = evtchn_port_get(rd, rport);
	if (rp)
		port_raise(rd, rport, rp, rp->notify_vcpu);
	unlock_pair(d, rd);
	kick_flush(rd);
	return 0;
}

/* evtchn_send() of a port @p (NULL: none) without a domain at the other end,
 * entered with d->lock held. */
static long send_other(struct evtchn_domain *d, uint32_t port, struct evtchn_port *p)
{
	int rc = 0;

	if (!p) {
		rc = -EINVAL;
	} else if (p->state == EVTCHN_STATE_INTERDOMAIN) {
		/* connected to the hypervisor: its consumer runs without our lock */
		spin_unlock(&d->lock);
		d->hooks->xen_consumer(d, port);
		return 0;
	} else if (p->state == EVTCHN_STATE_IPI) {
		port_raise(d, port, p, p->notify_vcpu);
	} else if (p->state != EVTCHN_STATE_UNBOUND) {
		rc = -EINVAL; /* unbound: the notification is silently dropped */
	}
	spin_unlock(&d->lock);
	kick_flush(d);
	return rc;
}

static int op_status(struct evtchn_domain *d, struct evtchn_status *s)
{
	struct evtchn_domain *td = domain_by_id(d, s->dom);
	struct evtchn_port *p;
	int rc = 0;

	if (!td)
		return ERR(-ESRCH);
	spin_lock(&td->lock);
	p = evtchn_port_get(td, s->port);
	if (!p) {
		rc = -EINVAL;
		goto out;
	}
	if (td != d && !d->is_privileged) {
		rc = -EPERM;
		goto out;
	}
	memset(&s->u, 0, sizeof(s->u));
	switch (p->state) {
	case EVTCHN_STATE_UNBOUND:
		s->status = EVTCHNSTAT_unbound;
		s->u.unbound.dom = p->remote_domid;
		break;
	case EVTCHN_STATE_INTERDOMAIN:
		s->status = EVTCHNSTAT_interdomain;
		s->u.interdomain.dom = p->remote_domid;
		s->u.interdomain.port = p->remote_port;
		break;
	case EVTCHN_STATE_VIRQ:
		s->status = EVTCHNSTAT_virq;
		s->u.virq = p->remote_port;
		break;
	case EVTCHN_STATE_IPI:
		s->status = EVTCHNSTAT_ipi;
		break;
	default:
		s->status = EVTCHNSTAT_closed;
		break;
	}
	s->vcpu = p->notify_vcpu;
out:
	spin_unlock(&td->lock);
	return rc;
}

static int op_bind_vcpu(struct evtchn_domain *d, struct evtchn_bind_vcpu *b)
{
	struct evtchn_port *p;
	int rc = 0;

	if (b->vcpu >= d->nr_vcpus)
		return ERR(-ENOENT);
	spin_lock(&d->lock);
	p = evtchn_port_get(d, b->port);
	if (!p) {
		rc = -EINVAL;
	} else if (p->state == EVTCHN_STATE_UNBOUND || p->state == EVTCHN_STATE_INTERDOMAIN ||
		   (p->state == EVTCHN_STATE_VIRQ && virq_is_global(p->remote_port))) {
		/* later raises pick the new vCPU's selector / queues */
		p->notify_vcpu = (uint16_t)b->vcpu;
	} else {
		rc = -EINVAL;
	}
	spin_unlock(&d->lock);
	return rc;
}

static int op_unmask(struct evtchn_domain *d, uint32_t port)
{
	struct evtchn_port *p;

	spin_lock(&d->lock);
	p = evtchn_port_get(d, port);
	if (!p) {
		spin_unlock(&d->lock);
		return ERR(-EINVAL);
	}
	if (port_is_usable(p)) {
		if (d->fifo)
			evtchn_fifo_unmask(d, port, p);
		else
			evtchn_2l_unmask(d, port, p->notify_vcpu);
	}
	spin_unlock(&d->lock);
	kick_flush(d);
	return 0;
}

/* Close every port but the hypervisor-connected ones, back to 2-level. */
static void domain_reset(struct evtchn_domain *d)
{
	unsigned valid;

	spin_lock(&d->lock);
	valid = d->valid_ports;
	spin_unlock(&d->lock);
	for (uint32_t port = 1; port < valid; port++)
		(void)port_close(d, port, true);
	spin_lock(&d->lock);
	if (d->fifo)
		evtchn_fifo_destroy(d);
	spin_unlock(&d->lock);
}

static int op_reset(struct evtchn_domain *d, const struct evtchn_reset *r, bool cont)
{
	struct evtchn_domain *td = domain_by_id(d, r->dom);

	if (!td)
		return ERR(-ESRCH);
	if (td != d && !d->is_privileged)
		return ERR(-EPERM);
	/* hospes never preempts a reset, so there is nothing to continue (Xen: -EBUSY) */
	if (cont)
		return ERR(-EBUSY);
	/*
	 * Deviation: Xen also requires another domain to be paused by its
	 * controller (-EINVAL otherwise); this module cannot see pause state.
	 */
	domain_reset(td);
	return 0;
}

static int op_set_priority(struct evtchn_domain *d, const struct evtchn_set_priority *sp)
{
	struct evtchn_port *p;
	int rc = 0;

	spin_lock(&d->lock);
	p = evtchn_port_get(d, sp->port);
	if (!p)
		rc = -EINVAL;
	else if (!d->fifo)
		rc = -ENOSYS; /* 2-level has no set_priority operation */
	else if (!port_is_usable(p))
		rc = -EACCES;
	else if (sp->priority > EVTCHN_FIFO_PRIORITY_MIN)
		rc = -EINVAL;
	else
		p->priority = (uint8_t)sp->priority; /* affects future links only */
	spin_unlock(&d->lock);
	return rc;
}

/** Dispatch EVTCHNOP_@cmd for the calling domain @d; see evtchn.h. */
long evtchn_op(struct evtchn_domain *d, unsigned caller_vcpu, unsigned cmd, void *arg)
{
	long rc;

	(void)caller_vcpu; /* every op names its vCPU explicitly */
	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		return op_alloc_unbound(d, arg);
	case EVTCHNOP_bind_interdomain:
		return op_bind_interdomain(d, arg);
	case EVTCHNOP_bind_virq:
		return op_bind_virq(d, arg);
	case EVTCHNOP_bind_ipi:
		return op_bind_ipi(d, arg);
	case EVTCHNOP_bind_pirq:
		return ERR(-EINVAL); /* no physical IRQs are routed as events on Arm */
	case EVTCHNOP_close:
		return port_close(d, ((struct evtchn_close *)arg)->port, false);
	case EVTCHNOP_send:
		return evtchn_send(d, ((struct evtchn_send *)arg)->port);
	case EVTCHNOP_status:
		return op_status(d, arg);
	case EVTCHNOP_bind_vcpu:
		return op_bind_vcpu(d, arg);
	case EVTCHNOP_unmask:
		return op_unmask(d, ((struct evtchn_unmask *)arg)->port);
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont:
		return op_reset(d, arg, cmd == EVTCHNOP_reset_cont);
	case EVTCHNOP_init_control:
		spin_lock(&d->lock);
		rc = evtchn_fifo_init_control(d, arg);
		spin_unlock(&d->lock);
		kick_flush(d);
		return rc;
	case EVTCHNOP_expand_array:
		spin_lock(&d->lock);
		rc = evtchn_fifo_expand_array(d, ((struct evtchn_expand_array *)arg)->array_gfn);
		spin_unlock(&d->lock);
		kick_flush(d);
		return rc;
	case EVTCHNOP_set_priority:
		return op_set_priority(d, arg);
	default:
		return ERR(-ENOSYS);
	}
}

/* ------------------------------------------------- hypervisor-side API */

/** See evtchn.h. */
int evtchn_alloc_unbound_xen(struct evtchn_domain *d, uint16_t remote_domid, uint32_t *port)
{
	struct evtchn_port *p;
	int rc;

	spin_lock(&d->lock);
	rc = port_alloc(d, port);
	if (!rc) {
		p = evtchn_port_get(d, *port);
		port_init(p, EVTCHN_STATE_INTERDOMAIN, 0);
		p->flags = EVTCHN_F_XEN_PEER;
		p->remote_domid = remote_domid;
		p->remote_port = 0;
	}
	spin_unlock(&d->lock);
	return rc;
}

/** See evtchn.h. */
int evtchn_send_from_xen(struct evtchn_domain *d, uint32_t port)
{
	struct evtchn_port *p;
	int rc = 0;

	spin_lock(&d->lock);
	p = evtchn_port_get(d, port);
	if (p && p->state == EVTCHN_STATE_INTERDOMAIN && (p->flags & EVTCHN_F_XEN_PEER))
		port_raise(d, port, p, p->notify_vcpu);
	else
		rc = -EINVAL;
	spin_unlock(&d->lock);
	kick_flush(d);
	return rc;
}

/** See evtchn.h. */
void evtchn_send_virq(struct evtchn_domain *d, unsigned virq, unsigned vcpu)
{
	bool global = virq_is_global(virq);
	unsigned row = global ? 0 : vcpu;
	struct evtchn_port *p;
	uint32_t port;

	if (virq >= NR_VIRQS || row >= d->nr_vcpus)
		return;
	spin_lock(&d->lock);
	port = d->virq_ports ? d->virq_ports[row * NR_VIRQS + virq] : 0;
	p = port ? evtchn_port_get(d, port) : NULL;
	if (p)
		port_raise(d, port, p, global ? p->notify_vcpu : vcpu);
	spin_unlock(&d->lock);
	kick_flush(d);
}

/** See evtchn.h (Xen evtchn_port_poll). */
int evtchn_port_poll(struct evtchn_domain *d, uint32_t port)
{
	struct evtchn_port *p;
	int rc = -EINVAL;

	spin_lock(&d->lock);
	p = evtchn_port_get(d, port);
	if (p && port_is_usable(p))
		rc = d->fifo ? evtchn_fifo_is_pending(d, port) : evtchn_2l_is_pending(d, port);
	spin_unlock(&d->lock);
	return rc;
}

/** See evtchn.h. */
bool evtchn_vcpu_has_pending(struct evtchn_domain *d, unsigned vcpu)
{
	struct vcpu_info *vi;

	if (vcpu >= d->nr_vcpus)
		return false;
	vi = d->hooks->vcpu_info(d, vcpu);
	return vi && __atomic_load_n(&vi->evtchn_upcall_pending, __ATOMIC_ACQUIRE) != 0;
}

/** See evtchn.h. Xen map_vcpu_info(): spurious full rescan, by design. */
void evtchn_vcpu_info_moved(struct evtchn_domain *d, unsigned vcpu)
{
	struct vcpu_info *vi;

	if (vcpu >= d->nr_vcpus)
		return;
	spin_lock(&d->lock);
	vi = d->hooks->vcpu_info(d, vcpu);
	if (vi && d->kick_mask) {
		__atomic_store_n(&vi->evtchn_pending_sel, ~(xen_ulong_t)0, __ATOMIC_SEQ_CST);
		__atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
		/* Xen injects the upcall unconditionally here */
		evtchn_queue_upcall_locked(d, vcpu);
	}
	spin_unlock(&d->lock);
	kick_flush(d);
}

static const char *const state_names[] = {
	[EVTCHN_STATE_FREE] = "free",
	[EVTCHN_STATE_RESERVED] = "reserved",
	[EVTCHN_STATE_UNBOUND] = "unbound",
	[EVTCHN_STATE_INTERDOMAIN] = "interdomain",
	[EVTCHN_STATE_VIRQ] = "virq",
	[EVTCHN_STATE_IPI] = "ipi",
};

/** See evtchn.h. Each port is copied under the lock and printed without it. */
void evtchn_dump(struct evtchn_domain *d, void (*print)(const char *fmt, ...))
{
	unsigned valid;

	spin_lock(&d->lock);
	valid = d->valid_ports;
	print("Event channel information for domain %u (%s ABI, max port %u):\n",
	      (unsigned)d->domid, d->fifo ? "FIFO" : "2-level", abi_max_port(d));
	spin_unlock(&d->lock);
	print("    port [p/m] state\n");
	for (uint32_t port = 1; port < valid; port++) {
		struct evtchn_port copy, *p;
		bool pending = false, masked = true;

		spin_lock(&d->lock);
		p = evtchn_port_get(d, port);
		if (p)
			copy = *p;
		if (p && port_is_usable(p)) {
			pending = d->fifo ? evtchn_fifo_is_pending(d, port)
					  : evtchn_2l_is_pending(d, port);
			masked = d->fifo ? evtchn_fifo_is_masked(d, port)
					 : evtchn_2l_is_masked(d, port);
		}
		spin_unlock(&d->lock);
		if (!p)
			break;
		if (copy.state == EVTCHN_STATE_FREE)
			continue;
		switch (copy.state) {
		case EVTCHN_STATE_UNBOUND:
			print("    %4u [%d/%d] %s v=%u d=%u\n", port, pending, masked,
			      state_names[copy.state], (unsigned)copy.notify_vcpu, (unsigned)copy.remote_domid);
			break;
		case EVTCHN_STATE_INTERDOMAIN:
			print("    %4u [%d/%d] %s v=%u d=%u p=%u%s prio=%u\n", port, pending, masked,
			      state_names[copy.state], (unsigned)copy.notify_vcpu,
			      (unsigned)copy.remote_domid, (unsigned)copy.remote_port,
			      (copy.flags & EVTCHN_F_XEN_PEER) ? " (xen)" : "",
			      (unsigned)copy.priority);
			break;
		case EVTCHN_STATE_VIRQ:
			print("    %4u [%d/%d] %s v=%u virq=%u\n", port, pending, masked,
			      state_names[copy.state], (unsigned)copy.notify_vcpu,
			      (unsigned)copy.remote_port);
			break;
		default:
			print("    %4u [%d/%d] %s v=%u\n", port, pending, masked,
			      copy.state < ARRAY_SIZE(state_names) ? state_names[copy.state] : "?",
			      (unsigned)copy.notify_vcpu);
			break;
		}
	}
}

/* ------------------------------------------------------------ lifecycle */

/** See evtchn.h. */
int evtchn_domain_init(struct evtchn_domain *d, uint16_t domid, bool privileged,
		       unsigned nr_vcpus, unsigned max_port, const struct evtchn_hooks *h,
		       void *opaque)
{
	memset(d, 0, sizeof(*d));
	spin_lock_init(&d->lock);
	d->domid = domid;
	d->is_privileged = privileged;
	d->nr_vcpus = nr_vcpus ? nr_vcpus : 1;
	d->max_port = MIN(max_port, EVTCHN_FIFO_MAX_PORT);
	d->hooks = h;
	d->opaque = opaque;
	d->bucket_count = d->max_port / EVTCHN_PORTS_PER_BUCKET + 1;

	d->buckets = h->alloc(d->bucket_count * sizeof(*d->buckets));
	d->virq_ports = h->alloc(d->nr_vcpus * NR_VIRQS * sizeof(*d->virq_ports));
	d->kick_mask = h->alloc(kick_words(d) * sizeof(*d->kick_mask));
	if (!d->buckets || !d->virq_ports || !d->kick_mask)
		goto nomem;
	memset(d->buckets, 0, d->bucket_count * sizeof(*d->buckets));
	memset(d->virq_ports, 0, d->nr_vcpus * NR_VIRQS * sizeof(*d->virq_ports));
	memset(d->kick_mask, 0, kick_words(d) * sizeof(*d->kick_mask));
	if (grow_table(d))
		goto nomem;
	evtchn_port_get(d, 0)->state = EVTCHN_STATE_RESERVED;
	return 0;

nomem:
	evtchn_domain_destroy(d);
	return ERR(-ENOMEM);
}

/** See evtchn.h. */
void evtchn_domain_destroy(struct evtchn_domain *d)
{
	struct evtchn_port **buckets;
	unsigned valid, bucket_count;
	uint32_t *virq_ports;
	uint64_t *kick_mask;

	spin_lock(&d->lock);
	d->is_dying = true; /* no new ports from here on */
	valid = d->valid_ports;
	spin_unlock(&d->lock);

	for (uint32_t port = valid; port-- > 1;)
		(void)port_close(d, port, false);

	/* Detach everything under the lock: late callers then find no ports. */
	spin_lock(&d->lock);
	if (d->fifo)
		evtchn_fifo_destroy(d);
	buckets = d->buckets;
	bucket_count = d->bucket_count;
	virq_ports = d->virq_ports;
	kick_mask = d->kick_mask;
	d->buckets = NULL;
	d->bucket_count = 0;
	d->valid_ports = 0;
	d->virq_ports = NULL;
	__atomic_store_n(&d->kick_mask, NULL, __ATOMIC_RELEASE);
	spin_unlock(&d->lock);

	if (buckets) {
		for (unsigned b = 0; b < bucket_count; b++)
			if (buckets[b])
				d->hooks->free(buckets[b],
					       EVTCHN_PORTS_PER_BUCKET * sizeof(**buckets));
		d->hooks->free(buckets, bucket_count * sizeof(*buckets));
	}
	if (virq_ports)
		d->hooks->free(virq_ports, d->nr_vcpus * NR_VIRQS * sizeof(*virq_ports));
	if (kick_mask)
		d->hooks->free(kick_mask, kick_words(d) * sizeof(*kick_mask));
}
