/* SPDX-License-Identifier: MIT */
/*
 * Grant tables v1: GNTTABOP_* semantics as Xen 4.17 implements them on Arm
 * (Xen common/grant_table.c and arch/arm/mm.c read as specification; Xen
 * public grant_table.h; docs/xen-abi-arm64.md section 5).
 *
 * The data structures, invariants and locks are described in
 * hyp/include/hyp/gnttab.h. In short: a grant is "pinned" while some domain
 * maps it or copies through it; pins are counted in the granter's active
 * entry, which holds one reference on the granted page while pinned and keeps
 * GTF_reading/GTF_writing set in the guest-visible entry. Mappings are
 * recorded in the mapper's maptrack and pin the grant until unmapped.
 *
 * The guest-visible entries are only ever accessed as 32-bit words
 * ({flags, domid} and frame), atomically for the word holding the flags,
 * because the granting guest may rewrite them at any moment.
 */
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/gnttab.h>
#include <lib/string.h>
#include <public/grant_table.h>
#include <stddef.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "flags are the low half of an entry's first word");
_Static_assert(sizeof(struct gnttab_active) * GNTTAB_ACTIVE_PER_PAGE == PAGE_SIZE,
	       "active entries fill a page");
_Static_assert(GNTTAB_ACTIVE_PER_PAGE * GNTTAB_ACTIVE_PAGES_PER_FRAME ==
		       GNTTAB_ENTRIES_PER_FRAME, "active pages cover a frame");
_Static_assert(sizeof(struct gnttab_maptrack) * GNTTAB_MAPTRACK_PER_PAGE == PAGE_SIZE,
	       "maptrack entries fill a page");
_Static_assert(sizeof(grant_entry_v1_t) * GNTTAB_ENTRIES_PER_FRAME == PAGE_SIZE,
	       "v1 entries fill a frame");

/* Xen/Arm has a single level of table, starting at one frame. */
#define INITIAL_NR_GRANT_FRAMES 1U

/* Bounded CAS retries on a guest-writable entry (a guest must not livelock us). */
#define SET_STATUS_RETRIES 4

enum { GNTTAB_MT_FREE = 0, GNTTAB_MT_BUSY = 1, GNTTAB_MT_MAPPED = 2 };
#define MT_END UINT32_MAX

/* ------------------------------------------------------------------ helpers */

/*
 * A maptrack entry is filled by its mapper while BUSY, without the maptrack
 * lock, and published by a release store of MAPPED: readers, even under the
 * lock, load the state with acquire before they read the fields.
 */
static bool mt_is_mapped(const struct gnttab_maptrack *mt)
{
	return __atomic_load_n(&mt->state, __ATOMIC_ACQUIRE) == GNTTAB_MT_MAPPED;
}

/* Publish a filled (or, after a failed unmap, an unchanged) entry as MAPPED. */
static void mt_publish(struct gnttab_maptrack *mt)
{
	__atomic_store_n(&mt->state, GNTTAB_MT_MAPPED, __ATOMIC_RELEASE);
}

/* Claim a MAPPED entry for undoing it (MAPPED -> BUSY): exactly one claimer
 * wins; the fields may be read after it. */
static bool mt_claim(struct gnttab_maptrack *mt)
{
	uint8_t state = GNTTAB_MT_MAPPED;

	return __atomic_compare_exchange_n(&mt->state, &state, GNTTAB_MT_BUSY, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static unsigned nr_entries(const struct gnttab_domain *d)
{
	return d->nr_frames * GNTTAB_ENTRIES_PER_FRAME;
}

/* The {flags, domid} word of entry ref; the frame word follows it. */
static uint32_t *entry_word(const struct gnttab_domain *d, uint32_t ref)
{
	uint32_t *frame = d->frames[ref / GNTTAB_ENTRIES_PER_FRAME];

	return &frame[2 * (ref % GNTTAB_ENTRIES_PER_FRAME)];
}

static struct gnttab_active *active_entry(const struct gnttab_domain *d, uint32_t ref)
{
	return &d->active[ref / GNTTAB_ACTIVE_PER_PAGE][ref % GNTTAB_ACTIVE_PER_PAGE];
}

static bool is_pinned(const struct gnttab_active *act)
{
	return act->rd_pins || act->wr_pins;
}

static struct gnttab_maptrack *mt_entry(const struct gnttab_domain *d, uint32_t handle)
{
	return &d->maptrack[handle / GNTTAB_MAPTRACK_PER_PAGE][handle % GNTTAB_MAPTRACK_PER_PAGE];
}

/*
 * Domain named by a map op: Xen's rcu_lock_domain_by_id(), which does not
 * accept DOMID_SELF, but does accept the caller's own id.
 */
static struct gnttab_domain *domain_by_id(struct gnttab_domain *ld, uint16_t domid)
{
	if (domid == ld->domid)
		return ld;
	if (domid >= DOMID_FIRST_RESERVED)
		return NULL;
	return ld->hooks->lookup(domid);
}

/* Xen's rcu_lock_domain_by_any_id(): DOMID_SELF names the caller. */
static struct gnttab_domain *domain_by_any_id(struct gnttab_domain *ld, uint16_t domid)
{
	if (domid == DOMID_SELF)
		return ld;
	return domain_by_id(ld, domid);
}

/* XSM_TARGET with the dummy policy: oneself, or a privileged caller. */
static bool may_target(const struct gnttab_domain *ld, const struct gnttab_domain *d)
{
	return ld == d || ld->is_privileged;
}

/* Xen's errors for a frame that cannot be used (get_paged_frame()). */
static int16_t frame_error(int err)
{
	return err == -EAGAIN ? GNTST_eagain : GNTST_bad_page;
}

/* ------------------------------------------------------------ table growth */

static void free_frame_locked(struct gnttab_domain *d, unsigned i)
{
	const struct gnttab_hooks *h = d->hooks;

	for (unsigned j = 0; j < GNTTAB_ACTIVE_PAGES_PER_FRAME; j++) {
		unsigned a = i * GNTTAB_ACTIVE_PAGES_PER_FRAME + j;

		if (d->active[a]) {
			h->free_page(d->active[a], d->active_pa[a]);
			d->active[a] = NULL;
		}
	}
	if (d->frames[i]) {
		h->free_page(d->frames[i], d->frame_pa[i]);
		d->frames[i] = NULL;
	}
}

/* Grow d's table to req frames (req <= max_frames). Caller holds d->lock. */
static int grow_table_locked(struct gnttab_domain *d, unsigned req)
{
	const struct gnttab_hooks *h = d->hooks;

	while (d->nr_frames < req) {
		unsigned i = d->nr_frames;

		d->frames[i] = h->alloc_page(&d->frame_pa[i]);
		if (!d->frames[i])
			return ERR(-ENOMEM);
		memset(d->frames[i], 0, PAGE_SIZE);
		for (unsigned j = 0; j < GNTTAB_ACTIVE_PAGES_PER_FRAME; j++) {
			unsigned a = i * GNTTAB_ACTIVE_PAGES_PER_FRAME + j;

			d->active[a] = h->alloc_page(&d->active_pa[a]);
			if (!d->active[a]) {
				free_frame_locked(d, i);
				return ERR(-ENOMEM);
			}
			memset(d->active[a], 0, PAGE_SIZE);
		}
		d->frame_gfn[i] = GNTTAB_INVALID_GFN;
		d->nr_frames = i + 1;
	}
	return 0;
}

/* ---------------------------------------------------------------- maptrack */

/* Reserve a handle (state BUSY); MT_END if the maptrack is full. */
static uint32_t maptrack_get(struct gnttab_domain *d)
{
	uint32_t handle;

	spin_lock(&d->maptrack_lock);
	if (d->maptrack_free == MT_END && d->maptrack_limit < GNTTAB_MAPTRACK_MAX) {
		unsigned page = d->maptrack_limit / GNTTAB_MAPTRACK_PER_PAGE;
		struct gnttab_maptrack *mt = d->hooks->alloc_page(&d->maptrack_pa[page]);

		if (mt) {
			memset(mt, 0, PAGE_SIZE);
			for (unsigned i = 0; i < GNTTAB_MAPTRACK_PER_PAGE; i++)
				mt[i].ref = d->maptrack_limit + i + 1;
			mt[GNTTAB_MAPTRACK_PER_PAGE - 1].ref = MT_END;
			d->maptrack[page] = mt;
			d->maptrack_free = d->maptrack_limit;
			/* release: unmap_common() reads the limit without the lock */
			__atomic_store_n(&d->maptrack_limit,
					 d->maptrack_limit + GNTTAB_MAPTRACK_PER_PAGE, __ATOMIC_RELEASE);
		}
	}
	handle = d->maptrack_free;
	if (handle != MT_END) {
		struct gnttab_maptrack *mt = mt_entry(d, handle);

		d->maptrack_free = mt->ref;
		mt->state = GNTTAB_MT_BUSY;
		d->maptrack_used++;
	}
	spin_unlock(&d->maptrack_lock);
	return handle;
}

static void maptrack_put(struct gnttab_domain *d, uint32_t handle)
{
	struct gnttab_maptrack *mt;

	spin_lock(&d->maptrack_lock);
	mt = mt_entry(d, handle);
	*mt = (struct gnttab_maptrack){ .ref = d->maptrack_free, .state = GNTTAB_MT_FREE };
	d->maptrack_free = handle;
	d->maptrack_used--;
	spin_unlock(&d->maptrack_lock);
}

/* -------------------------------------------------------- pinning a grant */

/*
 * Set GTF_reading (and GTF_writing) in the entry, after checking that it
 * grants access to ldomid (unless already pinned: then the active entry is
 * authoritative, as in Xen's _set_status_v1). A mapping also refuses
 * GTF_sub_page. Bounded CAS loop: the granter may race us (e.g. revoking).
 */
static int16_t set_status(uint32_t *word, bool pinned, bool readonly, bool for_map,
			  uint16_t ldomid)
{
	uint32_t type_mask = GTF_type_mask | (for_map ? GTF_sub_page : 0);
	uint32_t old = __atomic_load_n(word, __ATOMIC_ACQUIRE);

	for (unsigned retries = 0;; retries++) {
		uint16_t flags = (uint16_t)old, domid = (uint16_t)(old >> 16);
		uint32_t new = old | GTF_reading;

		if (!pinned && ((flags & type_mask) != GTF_permit_access || domid != ldomid))
			return GNTST_general_error;
		if (!readonly) {
			if (flags & GTF_readonly)
				return GNTST_general_error;
			new |= GTF_writing;
		}
		if (__atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return GNTST_okay;
		if (retries == SET_STATUS_RETRIES)
			return GNTST_general_error; /* "shared grant entry is unstable" */
	}
}

/*
 * Clear the status bits no pin needs any more (Xen's reduce_status_for_pin):
 * GTF_reading once unpinned, GTF_writing once no writable pin is left.
 */
static void reduce_status(uint32_t *word, const struct gnttab_active *act, bool readonly)
{
	uint32_t clear = is_pinned(act) ? 0 : GTF_reading;

	if (!readonly && !act->wr_pins)
		clear |= GTF_writing;
	if (clear)
		__atomic_fetch_and(word, ~clear, __ATOMIC_RELEASE);
}

/*
 * Pin rd's grant ref for domain ldomid, for reading or writing. On success
 * *pa is the granted page, referenced until the matching unpin_grant().
 */
static int16_t pin_grant(struct gnttab_domain *rd, uint32_t ref, uint16_t ldomid,
			 bool readonly, bool for_map, paddr_t *pa)
{
	struct gnttab_active *act;
	uint32_t *word;
	int16_t rc = GNTST_okay;
	bool pinned;

	spin_lock(&rd->lock);
	if (rd->is_dying) {
		rc = GNTST_bad_domain;
		goto out;
	}
	if (ref >= nr_entries(rd)) {
		rc = GNTST_bad_gntref;
		goto out;
	}
	act = active_entry(rd, ref);
	word = entry_word(rd, ref);
	pinned = is_pinned(act);

	/* One grantee at a time, and no counter overflow. */
	if (pinned && act->domid != ldomid) {
		rc = GNTST_general_error;
		goto out;
	}
	if ((readonly ? act->rd_pins : act->wr_pins) == UINT16_MAX) {
		rc = GNTST_general_error;
		goto out;
	}

	if (!pinned || (!readonly && !act->wr_pins)) {
		rc = set_status(word, pinned, readonly, for_map, ldomid);
		if (rc != GNTST_okay)
			goto out;
		if (!pinned) {
			uint32_t gfn = __atomic_load_n(word + 1, __ATOMIC_RELAXED);
			paddr_t page;
			int err = rd->hooks->gfn_to_page(rd, gfn, &page, !readonly);

			if (err) {
				rc = frame_error(err);
				reduce_status(word, act, readonly);
				goto out;
			}
			act->pa = page;
			act->domid = ldomid;
			rd->nr_pins++;
		}
	}
	if (readonly)
		act->rd_pins++;
	else
		act->wr_pins++;
	*pa = act->pa;
out:
	spin_unlock(&rd->lock);
	return rc;
}

/*
 * Drop one pin taken by pin_grant(). The last one releases the page and, if
 * rd is dying and this was its last pinned grant, tells the embedding code;
 * rd must not be touched after that.
 */
static void unpin_grant(struct gnttab_domain *rd, uint32_t ref, bool readonly)
{
	struct gnttab_active *act;
	paddr_t pa = 0;
	bool put = false, notify = false;

	spin_lock(&rd->lock);
	act = active_entry(rd, ref);
	if (readonly)
		act->rd_pins--;
	else
		act->wr_pins--;
	reduce_status(entry_word(rd, ref), act, readonly);
	if (!is_pinned(act)) {
		pa = act->pa;
		put = true;
		act->pa = 0;
		rd->nr_pins--;
		notify = rd->is_dying && rd->nr_pins == 0;
	}
	spin_unlock(&rd->lock);

	if (put)
		rd->hooks->put_page(pa);
	if (notify && rd->hooks->released)
		rd->hooks->released(rd);
}

/* -------------------------------------------------------------------- map */

static void map_grant_ref(struct gnttab_domain *ld, struct gnttab_map_grant_ref *op)
{
	bool readonly = op->flags & GNTMAP_readonly;
	struct gnttab_domain *rd;
	uint32_t handle, entry;
	struct gnttab_maptrack *mt;
	paddr_t pa;
	ipa_t gpa;
	int16_t rc;

	/* Neither a host nor a device mapping: Xen answers bad_gntref. */
	if (!(op->flags & (GNTMAP_device_map | GNTMAP_host_map))) {
		op->status = GNTST_bad_gntref;
		return;
	}
	/* Translated guests (all of them on Arm) get no device/PTE mappings. */
	if (op->flags & (GNTMAP_device_map | GNTMAP_application_map | GNTMAP_contains_pte)) {
		op->status = GNTST_general_error;
		return;
	}
	rd = domain_by_id(ld, op->dom);
	if (!rd) {
		op->status = GNTST_bad_domain;
		return;
	}
	handle = maptrack_get(ld);
	if (handle == MT_END) {
		op->status = GNTST_no_space;
		return;
	}
	rc = pin_grant(rd, op->ref, ld->domid, readonly, true, &pa);
	if (rc != GNTST_okay) {
		maptrack_put(ld, handle);
		op->status = rc;
		return;
	}

	/*
	 * Xen/Arm's create_grant_host_mapping(): only GNTMAP_host_map (plus
	 * readonly) is accepted, and no x86 cache attributes in the entry. The
	 * offset part of host_addr is ignored (gaddr_to_gfn()).
	 */
	entry = __atomic_load_n(entry_word(rd, op->ref), __ATOMIC_RELAXED);
	gpa = op->host_addr & PAGE_MASK;
	if ((op->flags & ~(uint32_t)GNTMAP_readonly) != GNTMAP_host_map ||
	    (entry & (GTF_PAT | GTF_PWT | GTF_PCD)) ||
	    ld->hooks->map_into(ld, gpa, pa, readonly)) {
		unpin_grant(rd, op->ref, readonly);
		maptrack_put(ld, handle);
		op->status = GNTST_general_error;
		return;
	}

	/* The handle is ours while BUSY: fill it, then publish it (mt_is_mapped()). */
	mt = mt_entry(ld, handle);
	mt->granter = rd;
	mt->gpa = gpa;
	mt->pa = pa;
	mt->ref = op->ref;
	mt->domid = rd->domid;
	mt->is_readonly = readonly;
	mt_publish(mt);

	op->dev_bus_addr = pa;
	op->handle = handle;
	op->status = GNTST_okay;
}

/* ------------------------------------------------------------------ unmap */

/*
 * Undo the mapping behind handle (Xen's unmap_common on Arm). host_addr 0
 * leaves the mapping alone (Xen only removes the host mapping when
 * host_addr is non-zero); a host_addr that is not where the handle's frame
 * is mapped, or a non-zero new_addr, fails as Xen's
 * replace_grant_host_mapping() does.
 */
static int16_t unmap_common(struct gnttab_domain *ld, uint64_t host_addr, uint32_t handle,
			    uint64_t new_addr)
{
	struct gnttab_maptrack *mt;

	/* maptrack_limit only grows and maptrack pages stay until the domain goes. */
	if (handle >= __atomic_load_n(&ld->maptrack_limit, __ATOMIC_ACQUIRE) ||
	    !mt_is_mapped(mt = mt_entry(ld, handle)))
		return GNTST_bad_handle;
	if (!host_addr)
		return GNTST_okay;
	if (new_addr || (host_addr & PAGE_MASK) != mt->gpa)
		return GNTST_general_error;
	/* Claimed: a concurrent unmap of the handle sees bad_handle. */
	if (!mt_claim(mt))
		return GNTST_bad_handle;
	/* Remapped between the check and the claim, or the stage 2 refuses: put it back. */
	if (mt->gpa != (host_addr & PAGE_MASK) || ld->hooks->unmap_from(ld, mt->gpa, mt->pa)) {
		mt_publish(mt);
		return GNTST_general_error;
	}
	unpin_grant(mt->granter, mt->ref, mt->is_readonly);
	maptrack_put(ld, handle);
	return GNTST_okay;
}

/* ------------------------------------------------------------------- copy */

struct copy_buf {
	struct gnttab_domain *dom;
	paddr_t pa;
	uint32_t ref;
	bool is_readonly;
	bool has_grant; /* pinned dom's grant ref */
	bool has_page;  /* holds a reference on pa (local GFN) */
};

/* Only DOMID_SELF may be named by frame; a grant may belong to anyone. */
static int16_t copy_lock_domain(struct gnttab_domain *ld, uint16_t domid, bool is_gref,
				struct copy_buf *buf)
{
	if (domid != DOMID_SELF && !is_gref)
		return GNTST_permission_denied;
	buf->dom = domain_by_any_id(ld, domid);
	return buf->dom ? GNTST_okay : GNTST_bad_domain;
}

static int16_t copy_claim(struct gnttab_domain *ld, const struct gnttab_copy_ptr *p,
			  bool is_gref, bool readonly, struct copy_buf *buf)
{
	buf->is_readonly = readonly;
	if (is_gref) {
		int16_t rc = pin_grant(buf->dom, p->u.ref, ld->domid, readonly, false, &buf->pa);

		if (rc != GNTST_okay)
			return rc;
		buf->ref = p->u.ref;
		buf->has_grant = true;
	} else {
		int err = ld->hooks->gfn_to_page(buf->dom, p->u.gmfn, &buf->pa, !readonly);

		if (err)
			return frame_error(err);
		buf->has_page = true;
	}
	return GNTST_okay;
}

static void copy_release(struct gnttab_domain *ld, struct copy_buf *buf)
{
	if (buf->has_grant)
		unpin_grant(buf->dom, buf->ref, buf->is_readonly);
	if (buf->has_page)
		ld->hooks->put_page(buf->pa);
	buf->has_grant = buf->has_page = false;
}

/*
 * One GNTTABOP_copy element; the error order follows Xen's gnttab_copy_one().
 * A destination named by frame (always the caller's own RAM) is not
 * referenced but locked in place (hooks->lock_frame) for the one memmove:
 * cheaper than a page reference taken and dropped, and the source is pinned
 * or referenced already, so nothing else is taken while it is held.
 */
static int16_t copy_one(struct gnttab_domain *ld, const struct gnttab_copy *op)
{
	struct copy_buf src = { 0 }, dst = { 0 };
	bool src_gref = op->flags & GNTCOPY_source_gref;
	bool dst_gref = op->flags & GNTCOPY_dest_gref;
	bool dst_locked = false;
	uint8_t *t = NULL;
	int16_t rc;

	rc = copy_lock_domain(ld, op->source.domid, src_gref, &src);
	if (rc == GNTST_okay)
		rc = copy_lock_domain(ld, op->dest.domid, dst_gref, &dst);
	if (rc == GNTST_okay)
		rc = copy_claim(ld, &op->source, src_gref, true, &src);
	if (rc == GNTST_okay && dst_gref) {
		rc = copy_claim(ld, &op->dest, true, false, &dst);
		if (rc == GNTST_okay)
			t = ld->hooks->pa_to_ptr(dst.pa);
	} else if (rc == GNTST_okay) {
		int err = ld->hooks->lock_frame(dst.dom, op->dest.u.gmfn, (void **)&t);

		rc = err ? frame_error(err) : GNTST_okay;
		dst_locked = !err;
	}
	if (rc == GNTST_okay && ((uint32_t)op->source.offset + op->len > PAGE_SIZE ||
				 (uint32_t)op->dest.offset + op->len > PAGE_SIZE))
		rc = GNTST_bad_copy_arg;
	if (rc == GNTST_okay) {
		const uint8_t *s = ld->hooks->pa_to_ptr(src.pa);

		/* memmove: source and destination may be the same page */
		memmove(t + op->dest.offset, s + op->source.offset, op->len);
	}
	if (dst_locked)
		ld->hooks->unlock_frame(dst.dom);
	copy_release(ld, &dst);
	copy_release(ld, &src);
	return rc;
}

/* ------------------------------------------------- table-wide operations */

static long setup_table(struct gnttab_domain *ld, struct gnttab_setup_table *op,
			unsigned count)
{
	uint64_t gfns[GNTTAB_MAX_FRAMES];
	struct gnttab_domain *d;
	uint64_t list;
	unsigned n;

	if (count != 1)
		return ERR(-EINVAL);
	d = domain_by_any_id(ld, op->dom);
	if (!d) {
		op->status = GNTST_bad_domain;
		return 0;
	}
	if (!may_target(ld, d)) {
		op->status = GNTST_permission_denied;
		return 0;
	}

	spin_lock(&d->lock);
	if (op->nr_frames > d->max_frames || d->is_dying ||
	    grow_table_locked(d, op->nr_frames)) {
		spin_unlock(&d->lock);
		op->status = GNTST_general_error;
		return 0;
	}
	/*
	 * Xen/Arm answers with the GFN at which the guest mapped each frame
	 * (gnttab_shared_gfn(): INVALID_GFN if it never mapped it), not MFNs.
	 */
	n = op->nr_frames;
	memcpy(gfns, d->frame_gfn, n * sizeof(gfns[0]));
	spin_unlock(&d->lock);

	op->status = GNTST_okay;
	list = xen_guest_handle_addr(op->frame_list);
	for (unsigned i = 0; i < n; i++)
		if (ld->hooks->copy_to_guest(ld, list + i * sizeof(uint64_t), &gfns[i],
					     sizeof(uint64_t)))
			op->status = GNTST_bad_virt_addr;
	return 0;
}

static long query_size(struct gnttab_domain *ld, struct gnttab_query_size *op, unsigned count)
{
	struct gnttab_domain *d;

	if (count != 1)
		return ERR(-EINVAL);
	d = domain_by_any_id(ld, op->dom);
	if (!d) {
		op->status = GNTST_bad_domain;
		return 0;
	}
	if (!may_target(ld, d)) {
		op->status = GNTST_permission_denied;
		return 0;
	}
	spin_lock(&d->lock);
	op->nr_frames = d->nr_frames;
	op->max_nr_frames = d->max_frames;
	spin_unlock(&d->lock);
	op->status = GNTST_okay;
	return 0;
}

/*
 * Xen's gnttab_set_version(): versions other than 1 and 2 are -EINVAL;
 * version 2 is -ENOSYS when the table's max_version is 1, which is always
 * the case on Arm (GNTTAB_MAX_VERSION 1) — "behave as before set_version
 * was introduced". The current version (1) is written back in every case.
 */
static long set_version(struct gnttab_set_version *op)
{
	long rc = 0;

	if (op->version != 1 && op->version != 2)
		rc = -EINVAL;
	else if (op->version == 2)
		rc = -ENOSYS;
	op->version = 1;
	return rc;
}

/* Xen's gnttab_get_version(): unknown domain -ESRCH, XSM refusal -EPERM. */
static long get_version(struct gnttab_domain *ld, struct gnttab_get_version *op)
{
	struct gnttab_domain *d = domain_by_any_id(ld, op->dom);

	if (!d)
		return ERR(-ESRCH);
	if (!may_target(ld, d))
		return ERR(-EPERM);
	op->version = 1;
	return 0;
}

/*
 * Xen's gnttab_get_status_frames() on a v1 table: there are no status
 * frames, so asking for any is GNTST_general_error; asking for none is okay.
 */
static long get_status_frames(struct gnttab_domain *ld, struct gnttab_get_status_frames *op,
			      unsigned count)
{
	struct gnttab_domain *d;

	if (count != 1)
		return ERR(-EINVAL);
	d = domain_by_any_id(ld, op->dom);
	if (!d)
		op->status = GNTST_bad_domain;
	else if (!may_target(ld, d))
		op->status = GNTST_permission_denied;
	else if (op->nr_frames > 0)
		op->status = GNTST_general_error;
	else
		op->status = GNTST_okay;
	return 0;
}

/* Exchange two entries of the caller's own table; refused while pinned. */
static int16_t swap_grant_ref(struct gnttab_domain *d, uint32_t a, uint32_t b)
{
	int16_t rc = GNTST_okay;

	spin_lock(&d->lock);
	if (a >= nr_entries(d) || b >= nr_entries(d)) {
		rc = GNTST_bad_gntref;
	} else if (a != b) {
		if (is_pinned(active_entry(d, a)) || is_pinned(active_entry(d, b))) {
			rc = GNTST_eagain;
		} else {
			uint32_t *ea = entry_word(d, a), *eb = entry_word(d, b);

			for (unsigned w = 0; w < 2; w++) {
				uint32_t va = __atomic_load_n(&ea[w], __ATOMIC_RELAXED);
				uint32_t vb = __atomic_load_n(&eb[w], __ATOMIC_RELAXED);

				__atomic_store_n(&ea[w], vb, __ATOMIC_RELAXED);
				__atomic_store_n(&eb[w], va, __ATOMIC_RELAXED);
			}
		}
	}
	spin_unlock(&d->lock);
	return rc;
}

/* Does ld currently map the page pa (through one of its handles)? */
static bool maps_page(struct gnttab_domain *ld, paddr_t pa)
{
	bool found = false;

	spin_lock(&ld->maptrack_lock);
	for (uint32_t h = 0; h < ld->maptrack_limit && !found; h++) {
		const struct gnttab_maptrack *mt = mt_entry(ld, h);

		found = mt_is_mapped(mt) && mt->pa == pa;
	}
	spin_unlock(&ld->maptrack_lock);
	return found;
}

/*
 * One GNTTABOP_cache_flush element (Xen's _cache_flush()): bad ranges or
 * op bits are -EINVAL (GNTTAB_CACHE_SOURCE_GREF included, as it is outside
 * CLEAN|INVAL); an empty range or op is a no-op, which is what the boot-time
 * probe of a direct-mapped dom0 sends. The page (dev_bus_addr's frame) must
 * be the caller's own or one it has mapped by grant; otherwise -EINVAL
 * (Xen distinguishes -EPERM for ownerless pages; we cannot tell them apart).
 * The maintenance itself is hooks->cache_maint, a no-op when absent:
 * hospes' guests share coherent memory with the hypervisor.
 */
static long cache_flush_one(struct gnttab_domain *ld, const struct gnttab_cache_flush *op)
{
	paddr_t pa;

	if (op->offset >= PAGE_SIZE || op->length > PAGE_SIZE ||
	    (uint32_t)op->offset + op->length > PAGE_SIZE ||
	    (op->op & ~(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)))
		return ERR(-EINVAL);
	if (!op->length || !op->op)
		return 0;
	pa = op->a.dev_bus_addr & PAGE_MASK;
	if (!maps_page(ld, pa) && !(ld->hooks->owns_page && ld->hooks->owns_page(ld, pa)))
		return ERR(-EINVAL);
	if (ld->hooks->cache_maint)
		ld->hooks->cache_maint((uint8_t *)ld->hooks->pa_to_ptr(pa) + op->offset,
				       op->length, op->op);
	return 0;
}

/* ------------------------------------------------------------- entry point */

#define OUT(type, first, last) \
	.out_off = offsetof(type, first), \
	.out_len = offsetof(type, last) + sizeof(((type *)0)->last) - offsetof(type, first)
#define ALL(type) .out_off = 0, .out_len = sizeof(type)

/*
 * Argument layout per GNTTABOP: structure size, how the count applies, and
 * which bytes the hypervisor writes (the rest is input and is not written
 * back to a single-element call, as Xen copies back only its outputs).
 * Commands without a row read no argument (dump_table, transfer, unknown).
 */
const struct gnttab_op_layout gnttab_op_layouts[GNTTABOP_NR_LAYOUTS] = {
	[GNTTABOP_map_grant_ref] = { sizeof(struct gnttab_map_grant_ref), GNTTAB_ARGS_BATCH,
				     OUT(struct gnttab_map_grant_ref, status, dev_bus_addr) },
	[GNTTABOP_unmap_grant_ref] = { sizeof(struct gnttab_unmap_grant_ref), GNTTAB_ARGS_BATCH,
				       OUT(struct gnttab_unmap_grant_ref, status, status) },
	[GNTTABOP_setup_table] = { sizeof(struct gnttab_setup_table), GNTTAB_ARGS_ONLY_ONE,
				   ALL(struct gnttab_setup_table) },
	[GNTTABOP_copy] = { sizeof(struct gnttab_copy), GNTTAB_ARGS_BATCH,
			    OUT(struct gnttab_copy, status, status) },
	[GNTTABOP_query_size] = { sizeof(struct gnttab_query_size), GNTTAB_ARGS_ONLY_ONE,
				  ALL(struct gnttab_query_size) },
	[GNTTABOP_unmap_and_replace] = { sizeof(struct gnttab_unmap_and_replace),
					 GNTTAB_ARGS_BATCH,
					 OUT(struct gnttab_unmap_and_replace, status, status) },
	/* Xen ignores count for set_version and get_version */
	[GNTTABOP_set_version] = { sizeof(struct gnttab_set_version), GNTTAB_ARGS_ALWAYS_ONE,
				   ALL(struct gnttab_set_version) },
	[GNTTABOP_get_status_frames] = { sizeof(struct gnttab_get_status_frames),
					 GNTTAB_ARGS_ONLY_ONE,
					 ALL(struct gnttab_get_status_frames) },
	[GNTTABOP_get_version] = { sizeof(struct gnttab_get_version), GNTTAB_ARGS_ALWAYS_ONE,
				   ALL(struct gnttab_get_version) },
	[GNTTABOP_swap_grant_ref] = { sizeof(struct gnttab_swap_grant_ref), GNTTAB_ARGS_BATCH,
				      OUT(struct gnttab_swap_grant_ref, status, status) },
	[GNTTABOP_cache_flush] = { sizeof(struct gnttab_cache_flush), GNTTAB_ARGS_BATCH,
				   .out_off = 0, .out_len = 0 /* writes nothing */ },
};

/**
 * Size of one argument structure of GNTTABOP cmd (high bits ignored); 0 for
 * commands that read no argument (unknown, dump_table, transfer).
 */
size_t gnttab_op_arg_size(unsigned cmd)
{
	return gnttab_op_layout(cmd)->size;
}

/**
 * GNTTABOP cmd issued by domain d. args holds gnttab_op_arg_count(cmd, count)
 * structures of gnttab_op_arg_size(cmd) bytes, already copied from the guest;
 * the caller copies them back afterwards (outputs are written in place).
 * Returns 0 or -errno for the call; each element's outcome is its status.
 * cmd is the raw hypercall argument: high (continuation) bits are refused
 * except on cache_flush, where hospes, never creating continuations, ignores
 * them. A batch may be split by the caller into several calls; stop at the
 * first non-zero return (only cache_flush stops mid-batch, on an error).
 */
long gnttab_op(struct gnttab_domain *d, unsigned cmd, void *args, unsigned count)
{
	unsigned opaque = cmd & ~GNTTABOP_CMD_MASK;

	if ((int)count < 0)
		return ERR(-EINVAL);
	cmd &= GNTTABOP_CMD_MASK;
	if (cmd != GNTTABOP_cache_flush && opaque)
		return ERR(-EINVAL);

	switch (cmd) {
	case GNTTABOP_map_grant_ref: {
		struct gnttab_map_grant_ref *op = args;

		for (unsigned i = 0; i < count; i++)
			map_grant_ref(d, &op[i]);
		return 0;
	}
	case GNTTABOP_unmap_grant_ref: {
		struct gnttab_unmap_grant_ref *op = args;

		/* dev_bus_addr only matters for device mappings, which Arm lacks */
		for (unsigned i = 0; i < count; i++)
			op[i].status = unmap_common(d, op[i].host_addr, op[i].handle, 0);
		return 0;
	}
	case GNTTABOP_unmap_and_replace: {
		struct gnttab_unmap_and_replace *op = args;

		for (unsigned i = 0; i < count; i++)
			op[i].status = unmap_common(d, op[i].host_addr, op[i].handle,
						    op[i].new_addr);
		return 0;
	}
	case GNTTABOP_setup_table:
		return setup_table(d, args, count);
	case GNTTABOP_copy: {
		struct gnttab_copy *op = args;

		for (unsigned i = 0; i < count; i++)
			op[i].status = copy_one(d, &op[i]);
		return 0;
	}
	case GNTTABOP_query_size:
		return query_size(d, args, count);
	case GNTTABOP_set_version:
		return set_version(args);
	case GNTTABOP_get_status_frames:
		return get_status_frames(d, args, count);
	case GNTTABOP_get_version:
		return get_version(d, args);
	case GNTTABOP_swap_grant_ref: {
		struct gnttab_swap_grant_ref *op = args;

		for (unsigned i = 0; i < count; i++)
			op[i].status = swap_grant_ref(d, op[i].ref_a, op[i].ref_b);
		return 0;
	}
	case GNTTABOP_cache_flush: {
		const struct gnttab_cache_flush *op = args;

		for (unsigned i = 0; i < count; i++) {
			long rc = cache_flush_one(d, &op[i]);

			if (rc)
				return rc;
		}
		return 0;
	}
	case GNTTABOP_transfer:
		/* Xen without CONFIG_PV (all of Arm): opt_grant_transfer is false */
		return ERR(-EOPNOTSUPP);
	default:
		/* including GNTTABOP_dump_table, which Xen 4.17 no longer handles */
		return ERR(-ENOSYS);
	}
}

/* ------------------------------------------------------- table frames */

/**
 * Frame idx of d's table for XENMEM_add_to_physmap(space=grant_table): grows
 * the table to idx + 1 frames if idx < max_frames, records gfn as where the
 * guest maps it (reported by setup_table) and returns its host address.
 * -EINVAL beyond max_frames or when the table cannot grow (Xen's
 * gnttab_get_shared_frame_mfn() reports both as -EINVAL). A v1 table has no
 * status frames, so XENMAPIDX_grant_table_status (bit 31) is just a large idx.
 */
int gnttab_get_frame(struct gnttab_domain *d, uint64_t idx, uint64_t gfn, paddr_t *pa)
{
	int rc = -EINVAL;

	spin_lock(&d->lock);
	if (idx < d->max_frames && !d->is_dying &&
	    (idx < d->nr_frames || !grow_table_locked(d, (unsigned)idx + 1))) {
		d->frame_gfn[idx] = gfn;
		*pa = d->frame_pa[idx];
		rc = 0;
	}
	spin_unlock(&d->lock);
	return rc;
}

/**
 * Fill entry ref of d's table on the granter's behalf, as the toolstack does
 * for the reserved refs (GNTTAB_RESERVED_CONSOLE / _XENSTORE: the console and
 * xenstore rings granted to the backend domain) before the guest runs.
 * Follows the guest protocol: domid and frame first, flags last. -EINVAL if
 * ref is outside the current table, -EBUSY if the entry is pinned.
 */
int gnttab_seed_entry(struct gnttab_domain *d, uint32_t ref, uint16_t grantee, uint32_t gfn,
		      bool is_readonly)
{
	uint32_t flags = GTF_permit_access | (is_readonly ? GTF_readonly : 0);
	int rc = 0;

	spin_lock(&d->lock);
	if (ref >= nr_entries(d)) {
		rc = -EINVAL;
	} else if (is_pinned(active_entry(d, ref))) {
		rc = -EBUSY;
	} else {
		uint32_t *word = entry_word(d, ref);

		__atomic_store_n(word, (uint32_t)grantee << 16, __ATOMIC_RELAXED);
		__atomic_store_n(word + 1, gfn, __ATOMIC_RELAXED);
		__atomic_store_n(word, ((uint32_t)grantee << 16) | flags, __ATOMIC_RELEASE);
	}
	spin_unlock(&d->lock);
	return rc;
}

/* ------------------------------------------------------------- life cycle */

/**
 * Set up d's grant table: one frame now, up to max_frames (0 = the default,
 * 64) later. Returns 0, -EINVAL (max_frames too large) or -ENOMEM.
 */
int gnttab_domain_init(struct gnttab_domain *d, uint16_t domid, bool is_privileged,
		       unsigned max_frames, const struct gnttab_hooks *hooks, void *opaque)
{
	int rc;

	if (!max_frames)
		max_frames = GNTTAB_DEFAULT_MAX_FRAMES;
	if (max_frames > GNTTAB_MAX_FRAMES)
		return ERR(-EINVAL);

	memset(d, 0, sizeof(*d));
	spin_lock_init(&d->lock);
	spin_lock_init(&d->maptrack_lock);
	d->domid = domid;
	d->is_privileged = is_privileged;
	d->max_frames = max_frames;
	d->maptrack_free = MT_END;
	d->hooks = hooks;
	d->opaque = opaque;
	for (unsigned i = 0; i < GNTTAB_MAX_FRAMES; i++)
		d->frame_gfn[i] = GNTTAB_INVALID_GFN;

	spin_lock(&d->lock);
	rc = grow_table_locked(d, INITIAL_NR_GRANT_FRAMES);
	spin_unlock(&d->lock);
	return rc;
}

/**
 * Undo every mapping d holds of other domains' grants (and of its own):
 * remove it from d's stage 2, unpin the grant, free the handle. For a domain
 * being destroyed, none of whose vCPUs runs any more.
 */
void gnttab_release_mappings(struct gnttab_domain *d)
{
	for (uint32_t h = 0;; h++) {
		struct gnttab_maptrack *mt;

		spin_lock(&d->maptrack_lock);
		if (h >= d->maptrack_limit) {
			spin_unlock(&d->maptrack_lock);
			break;
		}
		mt = mt_entry(d, h);
		spin_unlock(&d->maptrack_lock);
		if (!mt_claim(mt))
			continue;

		/* The stage 2 is going away anyway: a failure changes nothing. */
		(void)d->hooks->unmap_from(d, mt->gpa, mt->pa);
		unpin_grant(mt->granter, mt->ref, mt->is_readonly);
		maptrack_put(d, h);
	}
}

/** Is any of d's grants pinned (mapped or being copied) by some domain? */
bool gnttab_is_pinned(struct gnttab_domain *d)
{
	bool pinned;

	spin_lock(&d->lock);
	pinned = d->nr_pins != 0;
	spin_unlock(&d->lock);
	return pinned;
}

/**
 * Tear down d's grant table. First releases d's own mappings
 * (gnttab_release_mappings()), then marks d dying so that no new pin is
 * taken on its grants. As in Xen, pages granted by d stay referenced while
 * another domain maps them: if some grant is still pinned, returns -EBUSY
 * and keeps the table; the embedding code must keep the domain (as a zombie
 * that lookup() still finds or not: unmaps reach the granter through the
 * maptrack, not lookup) and call again, e.g. from hooks->released. Returns 0
 * once everything is freed; calling it again is harmless.
 */
int gnttab_domain_destroy(struct gnttab_domain *d)
{
	gnttab_release_mappings(d);

	spin_lock(&d->lock);
	d->is_dying = true;
	if (d->nr_pins) {
		spin_unlock(&d->lock);
		return ERR(-EBUSY);
	}
	for (unsigned i = 0; i < d->nr_frames; i++)
		free_frame_locked(d, i);
	d->nr_frames = 0;
	spin_unlock(&d->lock);

	spin_lock(&d->maptrack_lock);
	for (unsigned p = 0; p < GNTTAB_MAPTRACK_PAGES; p++) {
		if (d->maptrack[p]) {
			d->hooks->free_page(d->maptrack[p], d->maptrack_pa[p]);
			d->maptrack[p] = NULL;
		}
	}
	d->maptrack_limit = 0;
	d->maptrack_free = MT_END;
	spin_unlock(&d->maptrack_lock);
	return 0;
}

/* ------------------------------------------------------------------ debug */

/** Print d's pinned grants and its own mappings (debug key 'g'). */
void gnttab_dump(struct gnttab_domain *d, void (*print)(const char *fmt, ...))
{
	spin_lock(&d->lock);
	print("grant table d%u (v1): %u frames (%u max), %u pinned grants%s\n", d->domid,
	      d->nr_frames, d->max_frames, d->nr_pins, d->is_dying ? ", dying" : "");
	for (uint32_t ref = 0; ref < nr_entries(d); ref++) {
		const struct gnttab_active *act = active_entry(d, ref);
		const uint32_t *w = entry_word(d, ref);

		if (!is_pinned(act))
			continue;
		print("  [%#x] to d%u pa %#llx pins r%u w%u | entry d%u gfn %#x flags %#x\n", ref,
		      act->domid, (unsigned long long)act->pa, act->rd_pins, act->wr_pins,
		      w[0] >> 16, w[1], w[0] & 0xffffU);
	}
	spin_unlock(&d->lock);

	spin_lock(&d->maptrack_lock);
	print("  maps %u foreign grants (%u handles allocated)\n", d->maptrack_used,
	      d->maptrack_limit);
	for (uint32_t h = 0; h < d->maptrack_limit; h++) {
		const struct gnttab_maptrack *mt = mt_entry(d, h);

		if (!mt_is_mapped(mt))
			continue;
		print("  handle %u: d%u ref %#x at gpa %#llx pa %#llx %s\n", h, mt->domid, mt->ref,
		      (unsigned long long)mt->gpa, (unsigned long long)mt->pa,
		      mt->is_readonly ? "ro" : "rw");
	}
	spin_unlock(&d->maptrack_lock);
}
