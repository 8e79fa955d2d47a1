/* SPDX-License-Identifier: MIT */
/*
 * memory_op (Xen public memory.h) as Xen on Arm answers it: the
 * reservation operations (populate, decrease, increase; preemptible, the
 * start extent encoded in cmd bits 6 and up), add_to_physmap for the
 * shared-info page and grant-table frames, remove_from_physmap, the
 * reservation queries; the sharing/paging and memory-map operations Xen
 * on Arm does not have return -ENOSYS, acquire_resource -EOPNOTSUPP (the
 * answer libxenguest expects before falling back).
 */
#include <asm/mmu.h>
#include <hyp/bootinfo.h>
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/gnttab.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/pa.h>
#include <hyp/trace.h>
#include <hyp/xen_domain.h>
#include <public/memory.h>

#define DOMU_MAX_ORDER 9 /* 2 MiB extents at most, as Xen's default for domUs */

/* Highest host RAM frame number (Xen's max_page). */
static uint64_t max_ram_pfn(void)
{
	uint64_t end = 0;
	for (unsigned i = 0; i < bootinfo.mem_count; i++)
		end = MAX(end, bootinfo.mem[i].end);
	return (end >> PAGE_SHIFT) - 1;
}

static int populate_one(struct domain *d, uint64_t gfn, unsigned order)
{
	paddr_t pa, old;
	enum s2_type t;
	uint64_t msize;
	ipa_t ipa = gfn << PAGE_SHIFT;

	if (ipa & ((PAGE_SIZE << order) - 1))
		return ERR(-EINVAL);
	if (!stage2_lookup(&d->s2, ipa, &old, &t, &msize))
		return ERR(-EEXIST);
	if (d->nr_ram_chunks == MAX_RAM_CHUNKS)
		return ERR(-ENOMEM);
	pa = alloc_pages(order, &d->mem);
	if (pa == INVALID_PADDR)
		return ERR(-ENOMEM);
	clear_memory(pa_to_va(pa), PAGE_SIZE << order);
	if (stage2_map(&d->s2, ipa, pa, PAGE_SIZE << order, S2_RAM_RWX)) {
		free_pages(pa, order);
		return ERR(-ENOMEM);
	}
	d->ram[d->nr_ram_chunks++] = (struct ram_chunk){ ipa, pa, order, false };
	return 0;
}

static int decrease_one(struct domain *d, uint64_t gfn)
{
	ipa_t ipa = gfn << PAGE_SHIFT;
	paddr_t pa;
	enum s2_type t;
	uint64_t msize;

	if (stage2_lookup(&d->s2, ipa, &pa, &t, &msize) || t != S2_RAM_RWX)
		return ERR(-EINVAL);
	for (unsigned i = 0; i < d->nr_ram_chunks; i++) {
		struct ram_chunk *c = &d->ram[i];
		if (pa < c->pa || pa >= c->pa + (PAGE_SIZE << c->order))
			continue;
		if (c->order && !c->split) {
			if (split_pages(c->pa, c->order))
				return ERR(-EINVAL);
			c->split = true;
		}
		if (stage2_unmap(&d->s2, ipa, PAGE_SIZE))
			return ERR(-EINVAL);
		free_pages(pa, 0);
		return 0;
	}
	return ERR(-EINVAL);
}

static long reservation_op(struct vcpu *v, uint64_t *args, unsigned op, unsigned long start)
{
	struct xen_memory_reservation r;
	struct domain *d;
	unsigned long i;

	if (copy_from_guest(v, &r, args[1], sizeof(r)))
		return (long)start; /* Xen: an unreadable argument is "no extent done" */
	/* Xen answers an unknown or forbidden domain with "0 extents done". */
	d = xen_domain_from_id(v, r.domid);
	if (!d || (d != v->domain && !v->domain->is_privileged))
		return (long)start;
	if (r.extent_order > (v->domain->is_privileged ? 18 : DOMU_MAX_ORDER))
		return start ? (long)start : 0;
	for (i = start; i < r.nr_extents; i++) {
		uint64_t gfn = 0;
		int rc = 0;

		if (i > start && hypercall_preempt_check()) {
			args[0] = ((uint64_t)i << MEMOP_EXTENT_SHIFT) | op;
			return -ERESTART;
		}
		if (r.extent_start.q &&
		    copy_from_guest(v, &gfn, r.extent_start.q + i * sizeof(gfn), sizeof(gfn)))
			return (long)i;
		switch (op) {
		case XENMEM_populate_physmap:
			rc = populate_one(d, gfn, r.extent_order);
			break;
		case XENMEM_decrease_reservation:
			for (unsigned long k = 0; !rc && k < (1UL << r.extent_order); k++)
				rc = decrease_one(d, gfn + k);
			break;
		case XENMEM_increase_reservation: {
			/* Auto-translated guests get pages they cannot map: Xen's
			 * behaviour; they stay the domain's until it is destroyed. */
			paddr_t pa = d->nr_ram_chunks < MAX_RAM_CHUNKS
					     ? alloc_pages(r.extent_order, &d->mem)
					     : INVALID_PADDR;
			if (pa == INVALID_PADDR)
				rc = -ENOMEM;
			else
				d->ram[d->nr_ram_chunks++] =
					(struct ram_chunk){ ~0UL, pa, r.extent_order, false };
			break;
		}
		}
		if (rc)
			break;
	}
	return (long)i;
}

static long add_to_physmap(struct vcpu *v, uint64_t arg)
{
	struct xen_add_to_physmap x;
	struct domain *d;
	paddr_t pa;
	int rc;

	if (copy_from_guest(v, &x, arg, sizeof(x)))
		return ERR(-EFAULT);
	d = xen_domain_from_id(v, x.domid);
	if (!d)
		return ERR(-ESRCH);
	if (d != v->domain && !v->domain->is_privileged)
		return ERR(-EPERM);
	switch (x.space) {
	case XENMAPSPACE_shared_info:
		if (x.idx != 0)
			return ERR(-EINVAL);
		pa = d->shared_info_pa;
		d->shared_info_gfn = x.gpfn;
		break;
	case XENMAPSPACE_grant_table:
		if (x.idx & XENMAPIDX_grant_table_status)
			return ERR(-EINVAL); /* status frames exist only in grant v2 */
		rc = gnttab_get_frame(&d->gnttab, (unsigned)x.idx, x.gpfn, &pa);
		if (rc)
			return rc;
		break;
	default:
		return ERR(-ENOSYS);
	}
	/* Replaces whatever the guest had there (Xen semantics). */
	rc = stage2_map(&d->s2, x.gpfn << PAGE_SHIFT, pa, PAGE_SIZE, S2_RAM_RW);
	return rc ? ERR(-ENOMEM) : 0;
}

/*
 * A DOMID_XEN "foreign" page, by host frame number: only frames the
 * hypervisor shares with the privileged domain (the trace buffers, see
 * trace_shared_frame()); anything else is -EINVAL, as in Xen for a frame
 * dom_xen does not own. The shared frames are never freed, so no reference
 * is taken.
 */
static int map_xen_frame(struct vcpu *v, struct domain *d, uint64_t pfn, uint64_t gpfn)
{
	bool writable;

	if (!v->domain->is_privileged)
		return ERR(-EPERM);
	if (trace_shared_frame(pfn, &writable))
		return ERR(-EINVAL);
	if (stage2_map(&d->s2, gpfn << PAGE_SHIFT, pfn << PAGE_SHIFT, PAGE_SIZE,
		       writable ? S2_RAM_RW : S2_RAM_RO))
		return ERR(-ENOMEM);
	return 0;
}

/*
 * Foreign mapping (privcmd): map GFN idxs[i] of the foreign domain at the
 * caller's gpfns[i], one page each, holding a page reference so the page
 * cannot be freed while mapped; per-entry errors in errs[].
 */
static long add_to_physmap_batch(struct vcpu *v, uint64_t *args)
{
	struct xen_add_to_physmap_batch b;
	struct domain *d, *fd;

	if (copy_from_guest(v, &b, args[1], sizeof(b)))
		return ERR(-EFAULT);
	if (b.space != XENMAPSPACE_gmfn_foreign)
		return ERR(-EOPNOTSUPP);
	d = xen_domain_from_id(v, b.domid);
	if (!d)
		return ERR(-ESRCH);
	if (d != v->domain && !v->domain->is_privileged)
		return ERR(-EPERM);
	fd = domain_by_id(b.u.foreign_domid);
	for (unsigned i = 0; i < b.size; i++) {
		uint64_t idx, gpfn;
		int err = 0;
		paddr_t pa;
		enum s2_type t;
		uint64_t msize;

		if (i && hypercall_preempt_check()) {
			b.size = (uint16_t)(b.size - i);
			b.idxs.q += i * sizeof(uint64_t);
			b.gpfns.q += i * sizeof(uint64_t);
			b.errs.q += i * sizeof(int);
			if (copy_to_guest(v, args[1], &b, sizeof(b)))
				return ERR(-EFAULT);
			return -ERESTART;
		}
		if (copy_from_guest(v, &idx, b.idxs.q + i * sizeof(idx), sizeof(idx)) ||
		    copy_from_guest(v, &gpfn, b.gpfns.q + i * sizeof(gpfn), sizeof(gpfn)))
			return ERR(-EFAULT);
		/* Per-entry errors, as Xen: no such foreign domain, no right to map it. */
		if (b.u.foreign_domid == DOMID_XEN) {
			err = map_xen_frame(v, d, idx, gpfn);
		} else if (!fd || fd->is_dying || fd == d) {
			err = -ESRCH;
		} else if (!v->domain->is_privileged) {
			err = -EPERM;
		} else if (stage2_lookup(&fd->s2, idx << PAGE_SHIFT, &pa, &t, &msize) || t != S2_RAM_RWX) {
			err = -EINVAL;
		} else {
			pa &= PAGE_MASK;
			if (page_get(pa))
				err = -EINVAL;
			else if (stage2_map(&d->s2, gpfn << PAGE_SHIFT, pa, PAGE_SIZE, S2_RAM_RW)) {
				page_put(pa);
				err = -ENOMEM;
			}
		}
		if (copy_to_guest(v, b.errs.q + i * sizeof(err), &err, sizeof(err)))
			return ERR(-EFAULT);
	}
	return 0;
}

static long remove_from_physmap(struct vcpu *v, uint64_t arg)
{
	struct xen_remove_from_physmap x;
	struct domain *d;
	paddr_t pa;
	enum s2_type t;
	uint64_t msize;
	struct page_info *pg;
	bool foreign;

	if (copy_from_guest(v, &x, arg, sizeof(x)))
		return ERR(-EFAULT);
	d = xen_domain_from_id(v, x.domid);
	if (!d)
		return ERR(-ESRCH);
	if (d != v->domain && !v->domain->is_privileged)
		return ERR(-EPERM);
	if (stage2_lookup(&d->s2, x.gpfn << PAGE_SHIFT, &pa, &t, &msize))
		return ERR(-ENOENT);
	pa &= PAGE_MASK;
	pg = pa_to_page(pa);
	/* A page of another domain mapped here (foreign mapping): drop its reference.
	 * That domain may be gone already: its pages then wait, ownerless, for
	 * their last reference. */
	foreign = t == S2_RAM_RW && pg &&
		  (pg->owner ? pg->owner != &d->mem : page_is_orphan_ref(pa));
	if (stage2_unmap(&d->s2, x.gpfn << PAGE_SHIFT, PAGE_SIZE))
		return ERR(-EINVAL);
	if (foreign)
		page_put(pa);
	return 0;
}

static long domain_query(struct vcpu *v, uint64_t arg, unsigned op)
{
	uint16_t domid;
	struct domain *d;

	if (copy_from_guest(v, &domid, arg, sizeof(domid)))
		return ERR(-EFAULT);
	d = xen_domain_from_id(v, domid);
	if (!d)
		return ERR(-ESRCH);
	if (d != v->domain && !v->domain->is_privileged)
		return ERR(-EPERM);
	switch (op) {
	case XENMEM_current_reservation:
		return (long)d->mem.pages;
	case XENMEM_maximum_reservation:
		return (long)d->mem.max_pages;
	default: { /* XENMEM_maximum_gpfn */
		uint64_t max = 0;
		for (unsigned i = 0; i < d->nr_ram_chunks; i++)
			if (d->ram[i].ipa != ~0UL)
				max = MAX(max, (d->ram[i].ipa >> PAGE_SHIFT) + (1UL << d->ram[i].order) - 1);
		return (long)max;
	}
	}
}

long do_memory_op(struct vcpu *v, uint64_t *args)
{
	unsigned op = (unsigned)(args[0] & MEMOP_CMD_MASK);
	unsigned long start = (unsigned long)(args[0] >> MEMOP_EXTENT_SHIFT);

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation_op(v, args, op, start);
	case XENMEM_maximum_ram_page:
		return (long)max_ram_pfn();
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return domain_query(v, args[1], op);
	case XENMEM_add_to_physmap:
		return add_to_physmap(v, args[1]);
	case XENMEM_remove_from_physmap:
		return remove_from_physmap(v, args[1]);
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(v, args);
	case XENMEM_get_sharing_freed_pages:
	case XENMEM_get_sharing_shared_pages:
		return 0; /* no memory sharing: nothing freed or shared (Xen 4.17 on Arm answers 0) */
	case XENMEM_acquire_resource:
		return ERR(-EOPNOTSUPP);
	default:
		return ERR(-ENOSYS);
	}
}
