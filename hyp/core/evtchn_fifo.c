/* SPDX-License-Identifier: MIT */
/*
 * FIFO event-channel ABI (Xen event_fifo.c; docs xen-abi-arm64.md 4.5).
 *
 * Each port has a 32-bit event word in guest-provided array pages (1024
 * per page, added by EVTCHNOP_expand_array): PENDING, MASKED, LINKED, BUSY
 * and a 17-bit LINK to the next port of its queue. Each vCPU has a control
 * block in guest memory (EVTCHNOP_init_control) holding `ready` (bit q =
 * queue q non-empty) and head[16], one queue per priority. The hypervisor
 * keeps the tail of every queue privately and appends by setting the old
 * tail's LINK; the guest consumes from the head by clearing LINKED.
 *
 * Invariants: words and control blocks are written concurrently by the
 * guest, so they are only touched with __atomic operations. The guest may
 * only set/clear MASKED, clear PENDING and clear LINKED+LINK of a linked
 * word; while the hypervisor retries linking behind a tail it sets BUSY on
 * it, which stops the guest from unmasking it itself, so the compare-and-swap
 * cannot fail more than a few times. An event raised for a port whose word
 * does not exist yet is remembered (EVTCHN_F_FIFO_PENDING) and replayed when
 * expand_array adds the page. All other state is guarded by the domain's
 * evtchn lock, which every caller holds.
 */
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/evtchn.h>
#include <lib/string.h>

#define WORD_PENDING (1U << EVTCHN_FIFO_PENDING)
#define WORD_MASKED (1U << EVTCHN_FIFO_MASKED)
#define WORD_LINKED (1U << EVTCHN_FIFO_LINKED)
#define WORD_BUSY (1U << EVTCHN_FIFO_BUSY)
#define WORD_LINK_MASK ((uint32_t)EVTCHN_FIFO_LINK_MASK)

/* Tries to link behind a tail after marking it BUSY (Xen: 4) */
#define SET_LINK_RETRIES 4

struct evtchn_fifo_vcpu {
	struct evtchn_fifo_control_block *cb; /* NULL until init_control */
	void *cb_page;                        /* mapping to unmap */
	uint32_t tail[EVTCHN_FIFO_MAX_QUEUES]; /* last port linked, 0 = none */
};

struct evtchn_fifo_domain {
	unsigned page_count;
	event_word_t *pages[EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES];
	struct evtchn_fifo_vcpu vcpu[]; /* nr_vcpus */
};

static size_t fifo_size(const struct evtchn_domain *d)
{
	return sizeof(struct evtchn_fifo_domain) + d->nr_vcpus * sizeof(struct evtchn_fifo_vcpu);
}

static event_word_t *word_of(struct evtchn_domain *d, uint32_t port)
{
	struct evtchn_fifo_domain *f = d->fifo;

	if (!f || port >= f->page_count * EVTCHN_FIFO_EVENT_WORDS_PER_PAGE)
		return NULL;
	return &f->pages[port / EVTCHN_FIFO_EVENT_WORDS_PER_PAGE]
			[port % EVTCHN_FIFO_EVENT_WORDS_PER_PAGE];
}

static bool word_test_and_set(event_word_t *w, uint32_t bit)
{
	return (__atomic_fetch_or(w, bit, __ATOMIC_SEQ_CST) & bit) != 0;
}

static bool word_test(event_word_t *w, uint32_t bit)
{
	return (__atomic_load_n(w, __ATOMIC_SEQ_CST) & bit) != 0;
}

static void word_clear(event_word_t *w, uint32_t bit)
{
	__atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
}

/*
 * Set the LINK field of @word to @link if it is still LINKED. @w holds the
 * value last read. Returns 1 linked, 0 not linked (the guest unlinked it:
 * the queue is empty), -EAGAIN when the guest changed the word meanwhile
 * (@w then holds the new value).
 */
static int try_set_link(event_word_t *word, event_word_t *w, uint32_t link)
{
	event_word_t new;

	if (!(*w & WORD_LINKED))
		return 0;
	new = (*w & ~(WORD_BUSY | WORD_LINK_MASK)) | link;
	if (__atomic_compare_exchange_n(word, w, new, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return 1;
	return ERR(-EAGAIN);
}

/* Link @link behind the tail word @word; false if the tail was unlinked. */
static bool set_link(event_word_t *word, uint32_t link)
{
	event_word_t w = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	int ret = try_set_link(word, &w, link);

	if (ret >= 0)
		return ret;
	/* Keep the guest from unmasking the tail while we retry. */
	__atomic_fetch_or(word, WORD_BUSY, __ATOMIC_SEQ_CST);
	w = __atomic_load_n(word, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < SET_LINK_RETRIES; i++) {
		ret = try_set_link(word, &w, link);
		if (ret >= 0) {
			if (ret == 0)
				word_clear(word, WORD_BUSY);
			return ret;
		}
	}
	/* A guest breaking the protocol: give up (Xen drops the event too). */
	word_clear(word, WORD_BUSY);
	return true;
}

/**
 * evtchn_fifo_set_pending() - raise @port on @vcpu: set PENDING; if the
 * port is unmasked and not yet linked, append it to @vcpu's queue for its
 * priority, and if that queue was empty set its `ready` bit, marking events
 * pending on the vCPU when the bit was clear.
 */
void evtchn_fifo_set_pending(struct evtchn_domain *d, uint32_t port, struct evtchn_port *p,
			     unsigned vcpu)
{
	struct evtchn_fifo_domain *f = d->fifo;
	event_word_t *word = word_of(d, port);
	struct evtchn_fifo_vcpu *fv, *old_fv;
	unsigned q = p->priority;
	bool linked = true;

	if (!word) {
		p->flags |= EVTCHN_F_FIFO_PENDING;
		return;
	}
	fv = &f->vcpu[vcpu];
	/* The guest must not unmask before its control block exists: drop. */
	if (!fv->cb)
		return;

	if (!word_test_and_set(word, WORD_PENDING))
		evtchn_raised_locked(d);
	if (!word_test(word, WORD_MASKED) && !word_test_and_set(word, WORD_LINKED)) {
		/*
		 * If the port was the tail of the queue it was last on, that queue
		 * is empty now (the guest unlinked it): forget the stale tail so
		 * that a later append does not link behind a port that is moving.
		 */
		old_fv = &f->vcpu[p->last_vcpu < d->nr_vcpus ? p->last_vcpu : 0];
		if (old_fv->tail[p->last_priority] == port)
			old_fv->tail[p->last_priority] = 0;
		p->last_vcpu = (uint16_t)vcpu;
		p->last_priority = (uint8_t)q;

		linked = false;
		if (fv->tail[q]) {
			event_word_t *tail_word = word_of(d, fv->tail[q]);

			linked = tail_word && set_link(tail_word, port);
		}
		if (!linked)
			__atomic_store_n(&fv->cb->head[q], port, __ATOMIC_SEQ_CST);
		fv->tail[q] = port;
	}
	if (!linked && !word_test_and_set(&fv->cb->ready, 1U << q))
		evtchn_upcall_locked(d, vcpu);
}

/** Clear PENDING of @port (being closed); the guest unlinks it itself. */
void evtchn_fifo_clear_pending(struct evtchn_domain *d, uint32_t port)
{
	event_word_t *word = word_of(d, port);

	if (word)
		word_clear(word, WORD_PENDING);
}

/** EVTCHNOP_unmask: clear MASKED and re-raise the port if it is pending. */
void evtchn_fifo_unmask(struct evtchn_domain *d, uint32_t port, struct evtchn_port *p)
{
	event_word_t *word = word_of(d, port);

	if (!word)
		return;
	word_clear(word, WORD_MASKED);
	if (word_test(word, WORD_PENDING))
		evtchn_fifo_set_pending(d, port, p, p->notify_vcpu);
}

/** Whether @port's word exists and is PENDING. */
bool evtchn_fifo_is_pending(struct evtchn_domain *d, uint32_t port)
{
	event_word_t *word = word_of(d, port);

	return word && word_test(word, WORD_PENDING);
}

/** Whether @port is MASKED (a port without a word counts as masked). */
bool evtchn_fifo_is_masked(struct evtchn_domain *d, uint32_t port)
{
	event_word_t *word = word_of(d, port);

	return !word || word_test(word, WORD_MASKED);
}

/** Whether @port is still LINKED (not reusable until the guest unlinks it). */
bool evtchn_fifo_is_busy(struct evtchn_domain *d, uint32_t port)
{
	event_word_t *word = word_of(d, port);

	return word && word_test(word, WORD_LINKED);
}

static int map_control_block(struct evtchn_domain *d, struct evtchn_fifo_domain *f,
			     const struct evtchn_init_control *ic)
{
	struct evtchn_fifo_vcpu *fv = &f->vcpu[ic->vcpu];
	void *page;

	if (fv->cb)
		return ERR(-EINVAL); /* one control block per vCPU */
	page = d->hooks->map_guest_page(d, ic->control_gfn);
	if (!page)
		return ERR(-EINVAL);
	fv->cb_page = page;
	fv->cb = (struct evtchn_fifo_control_block *)((char *)page + ic->offset);
	return 0;
}

/**
 * evtchn_fifo_init_control() - EVTCHNOP_init_control (d->lock held): the
 * first call switches @d to FIFO, carrying over the pending state of bound
 * ports (replayed once their array page exists) and resetting priorities.
 */
int evtchn_fifo_init_control(struct evtchn_domain *d, struct evtchn_init_control *ic)
{
	struct evtchn_fifo_domain *f;
	unsigned prev_limit;
	int rc;

	ic->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (ic->vcpu >= d->nr_vcpus)
		return ERR(-ENOENT);
	/* the 72-byte block must not cross the page, and be 8-byte aligned */
	if (ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block))
		return ERR(-EINVAL);
	if (ic->offset & 7)
		return ERR(-EINVAL);
	if (d->fifo)
		return map_control_block(d, d->fifo, ic);

	f = d->hooks->alloc(fifo_size(d));
	if (!f)
		return ERR(-ENOMEM);
	memset(f, 0, fifo_size(d));
	rc = map_control_block(d, f, ic);
	if (rc) {
		d->hooks->free(f, fifo_size(d));
		return rc;
	}
	prev_limit = MIN(d->valid_ports, EVTCHN_2L_MAX_PORT + 1);
	d->fifo = f;
	for (uint32_t port = 1; port < prev_limit; port++) {
		struct evtchn_port *p = evtchn_port_get(d, port);

		p->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		if (p->state > EVTCHN_STATE_RESERVED && evtchn_2l_is_pending(d, port))
			p->flags |= EVTCHN_F_FIFO_PENDING;
	}
	return 0;
}

/**
 * evtchn_fifo_expand_array() - EVTCHNOP_expand_array (d->lock held): add
 * guest frame @gfn as the next 1024 event words and replay the events that
 * were raised for those ports while they had no word.
 */
int evtchn_fifo_expand_array(struct evtchn_domain *d, uint64_t gfn)
{
	struct evtchn_fifo_domain *f = d->fifo;
	uint32_t first, end;
	void *page;

	if (!f)
		return ERR(-EOPNOTSUPP);
	if (f->page_count >= EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES)
		return ERR(-ENOSPC);
	page = d->hooks->map_guest_page(d, gfn);
	if (!page)
		return ERR(-EINVAL);
	f->pages[f->page_count] = page;
	first = f->page_count * EVTCHN_FIFO_EVENT_WORDS_PER_PAGE;
	f->page_count++;
	end = MIN(first + EVTCHN_FIFO_EVENT_WORDS_PER_PAGE, d->valid_ports);
	for (uint32_t port = first; port < end; port++) {
		struct evtchn_port *p = evtchn_port_get(d, port);

		if (!(p->flags & EVTCHN_F_FIFO_PENDING))
			continue;
		p->flags &= (uint8_t)~EVTCHN_F_FIFO_PENDING;
		if (p->state > EVTCHN_STATE_RESERVED)
			evtchn_fifo_set_pending(d, port, p, p->notify_vcpu);
	}
	return 0;
}

/** Unmap every guest page and return @d to the 2-level ABI (d->lock held). */
void evtchn_fifo_destroy(struct evtchn_domain *d)
{
	struct evtchn_fifo_domain *f = d->fifo;

	if (!f)
		return;
	d->fifo = NULL;
	for (uint32_t port = 1; port < d->valid_ports; port++)
		evtchn_port_get(d, port)->flags &= (uint8_t)~EVTCHN_F_FIFO_PENDING;
	for (unsigned v = 0; v < d->nr_vcpus; v++)
		if (f->vcpu[v].cb_page)
			d->hooks->unmap_guest_page(d, f->vcpu[v].cb_page);
	for (unsigned i = 0; i < f->page_count; i++)
		d->hooks->unmap_guest_page(d, f->pages[i]);
	d->hooks->free(f, fifo_size(d));
}
