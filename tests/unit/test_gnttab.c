/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the grant-table core (hyp/core/gnttab.c): fake domains with
 * a few fake RAM pages each (host pointers double as "physical" addresses),
 * a fake stage 2 per domain, page reference counts and allocation counters
 * so that every test also checks that nothing leaks.
 */
#include <hyp/errno.h>
#include <hyp/gnttab.h>
#include <public/grant_table.h>
#include <stdarg.h>

#include "unit.h"

#define NR_DOMS 4
#define RAM_PAGES 8
#define RAM_GFN0 0x100ULL
#define GFN_PAGING 0x666ULL /* gfn_to_page answers -EAGAIN */
#define GVA_BASE 0x80000000ULL
#define S2_SLOTS 4200
#define MAP_GPA 0x40000000ULL
#define BAD_GPA (1ULL << 40) /* map_into refuses it */

struct s2_slot {
	ipa_t gpa;
	paddr_t pa;
	bool is_readonly;
	bool used;
};

struct fdom {
	struct gnttab_domain gt;
	bool present;
	uint8_t *ram[RAM_PAGES];
	int refs[RAM_PAGES];
	struct s2_slot s2[S2_SLOTS];
	unsigned s2_count;
	uint8_t guest_mem[PAGE_SIZE]; /* guest virtual [GVA_BASE, +4 KiB) */
};

static struct fdom doms[NR_DOMS];
static long pages_alloc, pages_freed;
static long alloc_budget = -1; /* pages alloc_page may still give; -1 = no limit */
static int released_calls;
static uint16_t released_domid;
static int maint_calls;
static void *maint_va;
static size_t maint_len;
static unsigned maint_op;
/* Entries whose flags pa_to_ptr() snapshots (to observe them mid-copy). */
static const grant_entry_v1_t *probe_entry[2];
static uint16_t probe_flags[2];

static struct fdom *fdom_of(struct gnttab_domain *d)
{
	return container_of(d, struct fdom, gt);
}

static paddr_t ram_pa(struct fdom *f, unsigned i)
{
	return (paddr_t)(uintptr_t)f->ram[i];
}

static struct gnttab_domain *h_lookup(uint16_t domid)
{
	for (int i = 0; i < NR_DOMS; i++)
		if (doms[i].present && doms[i].gt.domid == domid)
			return &doms[i].gt;
	return NULL;
}

static int h_gfn_to_page(struct gnttab_domain *d, uint64_t gfn, paddr_t *pa, bool writable)
{
	struct fdom *f = fdom_of(d);

	(void)writable;
	if (gfn == GFN_PAGING)
		return -EAGAIN;
	if (gfn < RAM_GFN0 || gfn >= RAM_GFN0 + RAM_PAGES)
		return -EINVAL;
	f->refs[gfn - RAM_GFN0]++;
	*pa = ram_pa(f, (unsigned)(gfn - RAM_GFN0));
	return 0;
}

static void h_put_page(paddr_t pa)
{
	for (int i = 0; i < NR_DOMS; i++)
		for (int p = 0; p < RAM_PAGES; p++)
			if (doms[i].present && ram_pa(&doms[i], p) == pa) {
				CHECK(doms[i].refs[p] > 0);
				doms[i].refs[p]--;
				return;
			}
	CHECK(!"put_page of an unknown page");
}

/* Frames locked by lock_frame and not yet unlocked (must be 0 between calls). */
static int frames_locked;

static int h_lock_frame(struct gnttab_domain *d, uint64_t gfn, void **ptr)
{
	struct fdom *f = fdom_of(d);

	CHECK_EQ(frames_locked, 0);
	CHECK(!spin_is_locked(&d->lock) && !spin_is_locked(&d->maptrack_lock));
	if (gfn == GFN_PAGING)
		return -EAGAIN;
	if (gfn < RAM_GFN0 || gfn >= RAM_GFN0 + RAM_PAGES)
		return -EINVAL;
	frames_locked++;
	*ptr = f->ram[gfn - RAM_GFN0];
	return 0;
}

static void h_unlock_frame(struct gnttab_domain *d)
{
	(void)d;
	CHECK_EQ(frames_locked, 1);
	frames_locked--;
}

static int h_map_into(struct gnttab_domain *mapper, ipa_t gpa, paddr_t pa, bool readonly)
{
	struct fdom *f = fdom_of(mapper);

	CHECK(IS_ALIGNED(gpa, PAGE_SIZE));
	CHECK(!spin_is_locked(&mapper->lock) && !spin_is_locked(&mapper->maptrack_lock));
	if (gpa >= BAD_GPA)
		return -EINVAL;
	for (int i = 0; i < S2_SLOTS; i++)
		if (!f->s2[i].used) {
			f->s2[i] = (struct s2_slot){ gpa, pa, readonly, true };
			f->s2_count++;
			return 0;
		}
	return -ENOMEM;
}

static struct s2_slot *s2_find(struct fdom *f, ipa_t gpa)
{
	for (int i = 0; i < S2_SLOTS; i++)
		if (f->s2[i].used && f->s2[i].gpa == gpa)
			return &f->s2[i];
	return NULL;
}

static int h_unmap_from(struct gnttab_domain *mapper, ipa_t gpa, paddr_t pa)
{
	struct fdom *f = fdom_of(mapper);

	for (int i = 0; i < S2_SLOTS; i++)
		if (f->s2[i].used && f->s2[i].gpa == gpa && f->s2[i].pa == pa) {
			f->s2[i].used = false;
			f->s2_count--;
			return 0;
		}
	return -ENOENT;
}

static void *h_pa_to_ptr(paddr_t pa)
{
	for (int i = 0; i < 2; i++)
		if (probe_entry[i])
			probe_flags[i] = probe_entry[i]->flags;
	return (void *)(uintptr_t)pa;
}

static void *h_alloc_page(paddr_t *pa)
{
	void *p;

	if (alloc_budget == 0)
		return NULL;
	if (alloc_budget > 0)
		alloc_budget--;
	p = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
	memset(p, 0xA5, PAGE_SIZE); /* the core must clear what it uses */
	*pa = (paddr_t)(uintptr_t)p;
	pages_alloc++;
	return p;
}

static void h_free_page(void *p, paddr_t pa)
{
	CHECK_EQ((paddr_t)(uintptr_t)p, pa);
	free(p);
	pages_freed++;
}

static int h_copy_to_guest(struct gnttab_domain *d, uint64_t gva, const void *src, size_t len)
{
	struct fdom *f = fdom_of(d);

	if (gva < GVA_BASE || gva + len > GVA_BASE + PAGE_SIZE)
		return -EFAULT;
	memcpy(&f->guest_mem[gva - GVA_BASE], src, len);
	return 0;
}

static bool h_owns_page(struct gnttab_domain *d, paddr_t pa)
{
	struct fdom *f = fdom_of(d);

	for (int p = 0; p < RAM_PAGES; p++)
		if (ram_pa(f, p) == pa)
			return true;
	return false;
}

static void h_cache_maint(void *va, size_t len, unsigned op)
{
	maint_calls++;
	maint_va = va;
	maint_len = len;
	maint_op = op;
}

static void h_released(struct gnttab_domain *d)
{
	CHECK(!spin_is_locked(&d->lock));
	released_calls++;
	released_domid = d->domid;
}

static const struct gnttab_hooks hooks = {
	.lookup = h_lookup,
	.gfn_to_page = h_gfn_to_page,
	.put_page = h_put_page,
	.lock_frame = h_lock_frame,
	.unlock_frame = h_unlock_frame,
	.map_into = h_map_into,
	.unmap_from = h_unmap_from,
	.pa_to_ptr = h_pa_to_ptr,
	.alloc_page = h_alloc_page,
	.free_page = h_free_page,
	.copy_to_guest = h_copy_to_guest,
	.owns_page = h_owns_page,
	.cache_maint = h_cache_maint,
	.released = h_released,
};

/* Domain slot i with id domid; its RAM pages hold i * 16 + page in each byte. */
static struct gnttab_domain *mkdom(int i, uint16_t domid, bool priv, unsigned max_frames)
{
	struct fdom *f = &doms[i];

	memset(f, 0, sizeof(*f));
	for (int p = 0; p < RAM_PAGES; p++) {
		f->ram[p] = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
		memset(f->ram[p], i * 16 + p, PAGE_SIZE);
	}
	f->present = true;
	CHECK_EQ(gnttab_domain_init(&f->gt, domid, priv, max_frames, &hooks, f), 0);
	return &f->gt;
}

/* Destroy every domain and check that nothing leaked. */
static void teardown(void)
{
	for (int i = 0; i < NR_DOMS; i++)
		if (doms[i].present)
			gnttab_release_mappings(&doms[i].gt);
	for (int i = 0; i < NR_DOMS; i++) {
		struct fdom *f = &doms[i];

		if (!f->present)
			continue;
		CHECK_EQ(gnttab_domain_destroy(&f->gt), 0);
		CHECK_EQ(f->s2_count, 0);
		for (int p = 0; p < RAM_PAGES; p++) {
			CHECK_EQ(f->refs[p], 0);
			free(f->ram[p]);
		}
		f->present = false;
	}
	CHECK_EQ(pages_alloc, pages_freed);
	pages_alloc = pages_freed = 0;
	alloc_budget = -1;
	released_calls = 0;
	maint_calls = 0;
	probe_entry[0] = probe_entry[1] = NULL;
}

static grant_entry_v1_t *entry(struct gnttab_domain *d, uint32_t ref)
{
	return (grant_entry_v1_t *)d->frames[ref / GNTTAB_ENTRIES_PER_FRAME] +
	       ref % GNTTAB_ENTRIES_PER_FRAME;
}

static void grant(struct gnttab_domain *d, uint32_t ref, uint16_t to, uint64_t gfn,
		  uint16_t flags)
{
	grant_entry_v1_t *e = entry(d, ref);

	e->domid = to;
	e->frame = (uint32_t)gfn;
	e->flags = flags;
}

static int16_t map(struct gnttab_domain *ld, uint16_t dom, uint32_t ref, uint64_t host_addr,
		   uint32_t flags, uint32_t *handle, uint64_t *bus)
{
	struct gnttab_map_grant_ref op = { .host_addr = host_addr, .flags = flags, .ref = ref,
					   .dom = dom, .status = 99 };

	CHECK_EQ(gnttab_op(ld, GNTTABOP_map_grant_ref, &op, 1), 0);
	if (handle)
		*handle = op.handle;
	if (bus)
		*bus = op.dev_bus_addr;
	return op.status;
}

static int16_t unmap(struct gnttab_domain *ld, uint64_t host_addr, uint32_t handle)
{
	struct gnttab_unmap_grant_ref op = { .host_addr = host_addr, .handle = handle,
					     .status = 99 };

	CHECK_EQ(gnttab_op(ld, GNTTABOP_unmap_grant_ref, &op, 1), 0);
	return op.status;
}

static int16_t copy(struct gnttab_domain *ld, uint64_t src, uint16_t sdom, uint16_t soff,
		    uint64_t dst, uint16_t ddom, uint16_t doff, uint16_t len, uint16_t flags)
{
	struct gnttab_copy op = { .len = len, .flags = flags, .status = 99 };

	if (flags & GNTCOPY_source_gref)
		op.source.u.ref = (uint32_t)src;
	else
		op.source.u.gmfn = src;
	op.source.domid = sdom;
	op.source.offset = soff;
	if (flags & GNTCOPY_dest_gref)
		op.dest.u.ref = (uint32_t)dst;
	else
		op.dest.u.gmfn = dst;
	op.dest.domid = ddom;
	op.dest.offset = doff;
	CHECK_EQ(gnttab_op(ld, GNTTABOP_copy, &op, 1), 0);
	CHECK_EQ(frames_locked, 0); /* every locked destination was unlocked */
	return op.status;
}

/* ---------------------------------------------------------------- tests */

UNIT_TEST(init_and_query_size)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 8);
	struct gnttab_domain tmp;
	struct gnttab_query_size q = { .dom = DOMID_SELF };

	CHECK_EQ(d0->nr_frames, 1);
	CHECK_EQ(d0->max_frames, GNTTAB_DEFAULT_MAX_FRAMES);
	CHECK_EQ(entry(d1, 511)->flags, 0); /* frames are cleared */
	CHECK_EQ(gnttab_domain_init(&tmp, 5, false, GNTTAB_MAX_FRAMES + 1, &hooks, NULL),
		 -EINVAL);

	CHECK_EQ(gnttab_op(d1, GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_okay);
	CHECK_EQ(q.nr_frames, 1);
	CHECK_EQ(q.max_nr_frames, 8);

	CHECK_EQ(gnttab_op(d1, GNTTABOP_query_size, &q, 2), -EINVAL);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_query_size, &q, 0), -EINVAL);

	q = (struct gnttab_query_size){ .dom = 1 }; /* own id works like SELF */
	CHECK_EQ(gnttab_op(d1, GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_okay);
	CHECK_EQ(q.max_nr_frames, 8);

	q = (struct gnttab_query_size){ .dom = 0 }; /* another domain, unprivileged */
	CHECK_EQ(gnttab_op(d1, GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_permission_denied);

	q = (struct gnttab_query_size){ .dom = 1 }; /* privileged dom0 asks about d1 */
	CHECK_EQ(gnttab_op(d0, GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_okay);
	CHECK_EQ(q.max_nr_frames, 8);

	q = (struct gnttab_query_size){ .dom = 9 };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.status, GNTST_bad_domain);
	teardown();
}

UNIT_TEST(versions)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct gnttab_set_version sv = { .version = 1 };
	struct gnttab_get_version gv = { .dom = DOMID_SELF };

	CHECK_EQ(gnttab_op(d1, GNTTABOP_set_version, &sv, 1), 0);
	CHECK_EQ(sv.version, 1);
	sv.version = 2;
	CHECK_EQ(gnttab_op(d1, GNTTABOP_set_version, &sv, 1), -ENOSYS);
	CHECK_EQ(sv.version, 1);
	sv.version = 3;
	CHECK_EQ(gnttab_op(d1, GNTTABOP_set_version, &sv, 1), -EINVAL);
	CHECK_EQ(sv.version, 1);
	sv.version = 0;
	CHECK_EQ(gnttab_op(d1, GNTTABOP_set_version, &sv, 0), -EINVAL);

	CHECK_EQ(gnttab_op(d1, GNTTABOP_get_version, &gv, 1), 0);
	CHECK_EQ(gv.version, 1);
	gv = (struct gnttab_get_version){ .dom = 0 };
	CHECK_EQ(gnttab_op(d1, GNTTABOP_get_version, &gv, 1), -EPERM);
	gv = (struct gnttab_get_version){ .dom = 1 };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_get_version, &gv, 1), 0);
	CHECK_EQ(gv.version, 1);
	gv = (struct gnttab_get_version){ .dom = 7 };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_get_version, &gv, 1), -ESRCH);
	teardown();
}

UNIT_TEST(map_access_unmap_cycle)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1);
	uint32_t handle = 1234;
	uint64_t bus = 0;
	struct s2_slot *s;

	grant(d1, 10, 0, RAM_GFN0 + 2, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 10, MAP_GPA, GNTMAP_host_map, &handle, &bus), GNTST_okay);
	CHECK_EQ(handle, 0);
	CHECK_EQ(bus, ram_pa(f1, 2));
	CHECK_EQ(f1->refs[2], 1);
	CHECK_EQ(entry(d1, 10)->flags, GTF_permit_access | GTF_reading | GTF_writing);
	CHECK(gnttab_is_pinned(d1));
	CHECK(!gnttab_is_pinned(d0));
	s = s2_find(f0, MAP_GPA);
	CHECK(s != NULL);
	if (s) {
		CHECK_EQ(s->pa, ram_pa(f1, 2));
		CHECK(!s->is_readonly);
		/* "access": the mapper reaches the granter's page through it */
		CHECK_EQ(((uint8_t *)(uintptr_t)s->pa)[77], 1 * 16 + 2);
	}

	/* host_addr must be where the handle is mapped */
	CHECK_EQ(unmap(d0, MAP_GPA + PAGE_SIZE, handle), GNTST_general_error);
	CHECK_EQ(f1->refs[2], 1);
	/* host_addr 0: Xen leaves the host mapping (and the handle) alone */
	CHECK_EQ(unmap(d0, 0, handle), GNTST_okay);
	CHECK_EQ(f1->refs[2], 1);
	CHECK(s2_find(f0, MAP_GPA) != NULL);

	CHECK_EQ(unmap(d0, MAP_GPA, handle), GNTST_okay);
	CHECK_EQ(entry(d1, 10)->flags, GTF_permit_access);
	CHECK_EQ(f1->refs[2], 0);
	CHECK(s2_find(f0, MAP_GPA) == NULL);
	CHECK(!gnttab_is_pinned(d1));

	CHECK_EQ(unmap(d0, MAP_GPA, handle), GNTST_bad_handle); /* double unmap */
	CHECK_EQ(unmap(d0, MAP_GPA, 9999), GNTST_bad_handle);
	CHECK_EQ(unmap(d0, MAP_GPA, 0xffffffffU), GNTST_bad_handle);
	teardown();
}

UNIT_TEST(readonly_and_mixed_mappings)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1);
	uint32_t hr, hw;
	struct s2_slot *s;

	grant(d1, 11, 0, RAM_GFN0 + 3, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 11, MAP_GPA, GNTMAP_host_map | GNTMAP_readonly, &hr, NULL),
		 GNTST_okay);
	CHECK_EQ(entry(d1, 11)->flags, GTF_permit_access | GTF_reading);
	s = s2_find(f0, MAP_GPA);
	CHECK(s && s->is_readonly);

	CHECK_EQ(map(d0, 1, 11, MAP_GPA + PAGE_SIZE, GNTMAP_host_map, &hw, NULL), GNTST_okay);
	CHECK(hw != hr);
	CHECK_EQ(entry(d1, 11)->flags, GTF_permit_access | GTF_reading | GTF_writing);
	CHECK_EQ(f1->refs[3], 1); /* one page reference per pinned grant */

	CHECK_EQ(unmap(d0, MAP_GPA + PAGE_SIZE, hw), GNTST_okay);
	CHECK_EQ(entry(d1, 11)->flags, GTF_permit_access | GTF_reading);
	CHECK_EQ(f1->refs[3], 1);
	CHECK_EQ(unmap(d0, MAP_GPA, hr), GNTST_okay);
	CHECK_EQ(entry(d1, 11)->flags, GTF_permit_access);
	CHECK_EQ(f1->refs[3], 0);
	teardown();
}

UNIT_TEST(readonly_grant_refuses_writable_map)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1);
	uint32_t h;

	grant(d1, 12, 0, RAM_GFN0, GTF_permit_access | GTF_readonly);
	/* Xen's _set_status_v1: "Attempt to write-pin a r/o grant entry" */
	CHECK_EQ(map(d0, 1, 12, MAP_GPA, GNTMAP_host_map, &h, NULL), GNTST_general_error);
	CHECK_EQ(entry(d1, 12)->flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(f1->refs[0], 0);
	CHECK_EQ(f0->s2_count, 0);
	CHECK_EQ(d0->maptrack_used, 0);

	CHECK_EQ(map(d0, 1, 12, MAP_GPA, GNTMAP_host_map | GNTMAP_readonly, &h, NULL),
		 GNTST_okay);
	CHECK_EQ(entry(d1, 12)->flags, GTF_permit_access | GTF_readonly | GTF_reading);
	/* a writable map of the pinned grant is still refused */
	CHECK_EQ(map(d0, 1, 12, MAP_GPA + PAGE_SIZE, GNTMAP_host_map, NULL, NULL),
		 GNTST_general_error);
	CHECK_EQ(entry(d1, 12)->flags, GTF_permit_access | GTF_readonly | GTF_reading);
	CHECK_EQ(unmap(d0, MAP_GPA, h), GNTST_okay);
	CHECK_EQ(entry(d1, 12)->flags, GTF_permit_access | GTF_readonly);
	teardown();
}

UNIT_TEST(map_errors)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct gnttab_domain *d2 = mkdom(2, 2, false, 0);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1);
	uint32_t h;

	grant(d1, 13, 2, RAM_GFN0, GTF_permit_access); /* granted to d2, not d0 */
	CHECK_EQ(map(d0, 1, 13, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_general_error);
	grant(d1, 14, 0, RAM_GFN0, GTF_invalid);
	CHECK_EQ(map(d0, 1, 14, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_general_error);
	grant(d1, 14, 0, RAM_GFN0, GTF_accept_transfer);
	CHECK_EQ(map(d0, 1, 14, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_general_error);
	grant(d1, 14, 0, RAM_GFN0, GTF_permit_access | GTF_sub_page);
	CHECK_EQ(map(d0, 1, 14, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_general_error);
	grant(d1, 14, 0, RAM_GFN0, GTF_permit_access | GTF_PCD); /* x86 cache attribute */
	CHECK_EQ(map(d0, 1, 14, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_general_error);
	CHECK_EQ(entry(d1, 14)->flags, GTF_permit_access | GTF_PCD);

	grant(d1, 15, 0, RAM_GFN0 + 1, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 512, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_bad_gntref);
	CHECK_EQ(map(d0, 1, 0xffffffffU, MAP_GPA, GNTMAP_host_map, NULL, NULL),
		 GNTST_bad_gntref);
	CHECK_EQ(map(d0, 9, 15, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_bad_domain);
	CHECK_EQ(map(d0, DOMID_SELF, 15, MAP_GPA, GNTMAP_host_map, NULL, NULL),
		 GNTST_bad_domain);
	CHECK_EQ(map(d0, 1, 15, MAP_GPA, 0, NULL, NULL), GNTST_bad_gntref);
	CHECK_EQ(map(d0, 1, 15, MAP_GPA, GNTMAP_host_map | GNTMAP_device_map, NULL, NULL),
		 GNTST_general_error);
	CHECK_EQ(map(d0, 1, 15, MAP_GPA, GNTMAP_host_map | GNTMAP_application_map, NULL, NULL),
		 GNTST_general_error);
	CHECK_EQ(map(d0, 1, 15, MAP_GPA, GNTMAP_host_map | (1U << 16), NULL, NULL),
		 GNTST_general_error);
	CHECK_EQ(map(d0, 1, 15, BAD_GPA, GNTMAP_host_map, NULL, NULL), GNTST_general_error);
	CHECK_EQ(entry(d1, 15)->flags, GTF_permit_access); /* all undone */
	CHECK_EQ(f1->refs[1], 0);

	grant(d1, 16, 0, 0x5000, GTF_permit_access); /* not a RAM frame */
	CHECK_EQ(map(d0, 1, 16, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_bad_page);
	CHECK_EQ(entry(d1, 16)->flags, GTF_permit_access);
	grant(d1, 16, 0, GFN_PAGING, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 16, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_eagain);
	CHECK_EQ(entry(d1, 16)->flags, GTF_permit_access);
	CHECK_EQ(f0->s2_count, 0);
	CHECK_EQ(d0->maptrack_used, 0);

	/* the offset part of host_addr is ignored, as by Xen/Arm */
	CHECK_EQ(map(d0, 1, 15, MAP_GPA + 0x123, GNTMAP_host_map, &h, NULL), GNTST_okay);
	CHECK(s2_find(f0, MAP_GPA) != NULL);
	CHECK_EQ(unmap(d0, MAP_GPA + 0x456, h), GNTST_okay);

	/* a pinned grant belongs to its mapper: d2 cannot pin it meanwhile */
	CHECK_EQ(map(d0, 1, 15, MAP_GPA, GNTMAP_host_map, &h, NULL), GNTST_okay);
	entry(d1, 15)->domid = 2; /* the granter rewrites the entry under our feet */
	CHECK_EQ(map(d2, 1, 15, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_general_error);
	CHECK_EQ(copy(d2, 15, 1, 0, RAM_GFN0, DOMID_SELF, 0, 8, GNTCOPY_source_gref),
		 GNTST_general_error);
	CHECK_EQ(unmap(d0, MAP_GPA, h), GNTST_okay);
	CHECK_EQ(entry(d1, 15)->flags, GTF_permit_access);
	teardown();
}

UNIT_TEST(self_map)
{
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	uint32_t h;

	grant(d1, 20, 1, RAM_GFN0 + 4, GTF_permit_access);
	CHECK_EQ(map(d1, 1, 20, MAP_GPA, GNTMAP_host_map, &h, NULL), GNTST_okay);
	CHECK(gnttab_is_pinned(d1));
	CHECK_EQ(unmap(d1, MAP_GPA, h), GNTST_okay);
	CHECK(!gnttab_is_pinned(d1));
	teardown();
}

UNIT_TEST(batch_map_reports_each_element)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct gnttab_map_grant_ref ops[3] = {
		{ .host_addr = MAP_GPA, .flags = GNTMAP_host_map, .ref = 8, .dom = 1 },
		{ .host_addr = MAP_GPA + PAGE_SIZE, .flags = GNTMAP_host_map, .ref = 9, .dom = 1 },
		{ .host_addr = MAP_GPA + 2 * PAGE_SIZE, .flags = GNTMAP_host_map, .ref = 10,
		  .dom = 1 },
	};
	struct gnttab_unmap_grant_ref un[2];

	grant(d1, 8, 0, RAM_GFN0, GTF_permit_access);
	grant(d1, 10, 0, RAM_GFN0 + 1, GTF_permit_access);
	CHECK_EQ(gnttab_op(d0, GNTTABOP_map_grant_ref, ops, 3), 0);
	CHECK_EQ(ops[0].status, GNTST_okay);
	CHECK_EQ(ops[1].status, GNTST_general_error);
	CHECK_EQ(ops[2].status, GNTST_okay);
	CHECK_EQ(d0->maptrack_used, 2);

	un[0] = (struct gnttab_unmap_grant_ref){ .host_addr = MAP_GPA, .handle = ops[0].handle };
	un[1] = (struct gnttab_unmap_grant_ref){ .host_addr = MAP_GPA + 2 * PAGE_SIZE,
						 .handle = ops[2].handle };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_unmap_grant_ref, un, 2), 0);
	CHECK_EQ(un[0].status, GNTST_okay);
	CHECK_EQ(un[1].status, GNTST_okay);
	CHECK_EQ(d0->maptrack_used, 0);
	teardown();
}

UNIT_TEST(unmap_and_replace)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct gnttab_unmap_and_replace op;
	uint32_t h;

	grant(d1, 8, 0, RAM_GFN0, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 8, MAP_GPA, GNTMAP_host_map, &h, NULL), GNTST_okay);
	op = (struct gnttab_unmap_and_replace){ .host_addr = MAP_GPA, .new_addr = MAP_GPA + PAGE_SIZE,
						.handle = h };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_unmap_and_replace, &op, 1), 0);
	CHECK_EQ(op.status, GNTST_general_error); /* Xen/Arm cannot replace */
	CHECK(gnttab_is_pinned(d1));
	op.new_addr = 0;
	CHECK_EQ(gnttab_op(d0, GNTTABOP_unmap_and_replace, &op, 1), 0);
	CHECK_EQ(op.status, GNTST_okay);
	CHECK(!gnttab_is_pinned(d1));
	teardown();
}

UNIT_TEST(copy_gref_to_gref)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct gnttab_domain *d2 = mkdom(2, 2, false, 0);
	struct fdom *f1 = fdom_of(d1), *f2 = fdom_of(d2);

	grant(d1, 20, 0, RAM_GFN0 + 1, GTF_permit_access | GTF_readonly);
	grant(d2, 30, 0, RAM_GFN0 + 3, GTF_permit_access);
	for (int i = 0; i < 50; i++)
		f1->ram[1][100 + i] = (uint8_t)(i + 1);

	probe_entry[0] = entry(d1, 20);
	probe_entry[1] = entry(d2, 30);
	CHECK_EQ(copy(d0, 20, 1, 100, 30, 2, 200, 50, GNTCOPY_source_gref | GNTCOPY_dest_gref),
		 GNTST_okay);
	/* during the copy: source pinned for reading, destination for writing */
	CHECK_EQ(probe_flags[0], GTF_permit_access | GTF_readonly | GTF_reading);
	CHECK_EQ(probe_flags[1], GTF_permit_access | GTF_reading | GTF_writing);
	probe_entry[0] = probe_entry[1] = NULL;

	for (int i = 0; i < 50; i++)
		CHECK_EQ(f2->ram[3][200 + i], i + 1);
	CHECK_EQ(f2->ram[3][199], 2 * 16 + 3);
	CHECK_EQ(f2->ram[3][250], 2 * 16 + 3);
	/* afterwards: flags back, references dropped */
	CHECK_EQ(entry(d1, 20)->flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(entry(d2, 30)->flags, GTF_permit_access);
	CHECK_EQ(f1->refs[1], 0);
	CHECK_EQ(f2->refs[3], 0);

	/* a read-only grant cannot be a destination */
	CHECK_EQ(copy(d0, 30, 2, 0, 20, 1, 0, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref),
		 GNTST_general_error);
	CHECK_EQ(entry(d2, 30)->flags, GTF_permit_access);
	CHECK_EQ(entry(d1, 20)->flags, GTF_permit_access | GTF_readonly);
	/* a grant given to someone else */
	CHECK_EQ(copy(d2, 20, 1, 0, RAM_GFN0, DOMID_SELF, 0, 8, GNTCOPY_source_gref),
		 GNTST_general_error);
	CHECK_EQ(copy(d0, 600, 1, 0, 30, 2, 0, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref),
		 GNTST_bad_gntref);
	CHECK_EQ(copy(d0, 20, 9, 0, 30, 2, 0, 8, GNTCOPY_source_gref | GNTCOPY_dest_gref),
		 GNTST_bad_domain);
	CHECK_EQ(entry(d2, 30)->flags, GTF_permit_access);
	teardown();
}

UNIT_TEST(copy_with_gmfn)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1);

	grant(d1, 21, 0, RAM_GFN0 + 5, GTF_permit_access);
	memcpy(f0->ram[0] + 8, "backend!", 8);
	/* local frame -> foreign grant */
	CHECK_EQ(copy(d0, RAM_GFN0, DOMID_SELF, 8, 21, 1, 16, 8, GNTCOPY_dest_gref), GNTST_okay);
	CHECK(memcmp(f1->ram[5] + 16, "backend!", 8) == 0);
	/* foreign grant -> local frame */
	memcpy(f1->ram[5] + 40, "frontend", 8);
	CHECK_EQ(copy(d0, 21, 1, 40, RAM_GFN0 + 6, DOMID_SELF, 4000, 8, GNTCOPY_source_gref),
		 GNTST_okay);
	CHECK(memcmp(f0->ram[6] + 4000, "frontend", 8) == 0);
	CHECK_EQ(entry(d1, 21)->flags, GTF_permit_access);
	CHECK_EQ(f0->refs[0], 0);
	CHECK_EQ(f0->refs[6], 0);
	CHECK_EQ(f1->refs[5], 0);

	/* a frame may only be named with DOMID_SELF, even by the caller's own id */
	CHECK_EQ(copy(d0, RAM_GFN0, 0, 0, 21, 1, 0, 8, GNTCOPY_dest_gref),
		 GNTST_permission_denied);
	CHECK_EQ(copy(d0, RAM_GFN0, 1, 0, 21, 1, 0, 8, GNTCOPY_dest_gref),
		 GNTST_permission_denied);
	CHECK_EQ(copy(d0, 0x9999, DOMID_SELF, 0, 21, 1, 0, 8, GNTCOPY_dest_gref), GNTST_bad_page);
	CHECK_EQ(entry(d1, 21)->flags, GTF_permit_access);
	/* A destination frame is locked, not referenced: bad or paged frames fail
	 * as Xen's, after the source was pinned, which is undone (no pin, no
	 * GTF_reading left behind); a bad frame beats a bad length (Xen's order). */
	CHECK_EQ(copy(d0, 21, 1, 0, 0x9999, DOMID_SELF, 0, 8, GNTCOPY_source_gref), GNTST_bad_page);
	CHECK_EQ(copy(d0, 21, 1, 0, GFN_PAGING, DOMID_SELF, 0, 8, GNTCOPY_source_gref),
		 GNTST_eagain);
	CHECK_EQ(copy(d0, 21, 1, 0, 0x9999, DOMID_SELF, 4000, 200, GNTCOPY_source_gref),
		 GNTST_bad_page);
	CHECK_EQ(copy(d0, 21, 1, 0, RAM_GFN0 + 6, DOMID_SELF, 4000, 200, GNTCOPY_source_gref),
		 GNTST_bad_copy_arg);
	CHECK_EQ(entry(d1, 21)->flags, GTF_permit_access);
	CHECK(!gnttab_is_pinned(d1));
	CHECK_EQ(f0->refs[6], 0);
	CHECK_EQ(f1->refs[5], 0);
	/* both sides local, same page, overlapping */
	memcpy(f0->ram[2], "abcdefgh", 8);
	CHECK_EQ(copy(d0, RAM_GFN0 + 2, DOMID_SELF, 0, RAM_GFN0 + 2, DOMID_SELF, 2, 6, 0),
		 GNTST_okay);
	CHECK(memcmp(f0->ram[2], "ababcdef", 8) == 0);
	teardown();
}

UNIT_TEST(copy_may_not_cross_a_page)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1);
	uint8_t before[PAGE_SIZE];

	grant(d1, 22, 0, RAM_GFN0 + 7, GTF_permit_access);
	memcpy(before, f1->ram[7], PAGE_SIZE);
	CHECK_EQ(copy(d0, RAM_GFN0, DOMID_SELF, 4000, 22, 1, 0, 200, GNTCOPY_dest_gref),
		 GNTST_bad_copy_arg);
	CHECK_EQ(copy(d0, RAM_GFN0, DOMID_SELF, 0, 22, 1, 3900, 200, GNTCOPY_dest_gref),
		 GNTST_bad_copy_arg);
	CHECK_EQ(copy(d0, RAM_GFN0, DOMID_SELF, 4096, 22, 1, 0, 0, GNTCOPY_dest_gref), GNTST_okay);
	CHECK_EQ(copy(d0, RAM_GFN0, DOMID_SELF, 0, 22, 1, 0, 4096, GNTCOPY_dest_gref), GNTST_okay);
	CHECK(memcmp(f1->ram[7], f0->ram[0], PAGE_SIZE) == 0);
	CHECK(memcmp(before, f1->ram[7], PAGE_SIZE) != 0);
	CHECK_EQ(entry(d1, 22)->flags, GTF_permit_access);
	CHECK_EQ(f1->refs[7], 0);
	CHECK_EQ(f0->refs[0], 0);
	teardown();
}

UNIT_TEST(table_growth_through_get_frame)
{
	struct gnttab_domain *d1 = mkdom(1, 1, false, 4);
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	paddr_t pa = 0;
	uint32_t h;
	long before;

	CHECK_EQ(gnttab_get_frame(d1, 0, 0x38000, &pa), 0);
	CHECK_EQ(pa, d1->frame_pa[0]);
	CHECK_EQ(d1->nr_frames, 1);
	CHECK_EQ(gnttab_get_frame(d1, 2, 0x38002, &pa), 0);
	CHECK_EQ(d1->nr_frames, 3);
	CHECK_EQ(pa, d1->frame_pa[2]);
	CHECK_EQ(entry(d1, 3 * 512 - 1)->flags, 0); /* new frames are cleared */
	CHECK_EQ(gnttab_op(d1, GNTTABOP_query_size, &q, 1), 0);
	CHECK_EQ(q.nr_frames, 3);
	CHECK_EQ(q.max_nr_frames, 4);

	/* refs in the new frames are usable */
	grant(d1, 2 * 512 + 7, 0, RAM_GFN0, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 2 * 512 + 7, MAP_GPA, GNTMAP_host_map, &h, NULL), GNTST_okay);
	CHECK_EQ(map(d0, 1, 3 * 512, MAP_GPA + PAGE_SIZE, GNTMAP_host_map, NULL, NULL),
		 GNTST_bad_gntref);
	CHECK_EQ(unmap(d0, MAP_GPA, h), GNTST_okay);

	CHECK_EQ(gnttab_get_frame(d1, 4, 0x38004, &pa), -EINVAL);
	CHECK_EQ(gnttab_get_frame(d1, (1ULL << 31) | 0, 0x38004, &pa), -EINVAL);
	CHECK_EQ(gnttab_get_frame(d1, (1ULL << 32) | 1, 0x38004, &pa), -EINVAL);
	CHECK_EQ(d1->nr_frames, 3);

	/* allocation failure: -EINVAL like Xen, nothing grows, nothing leaks */
	before = pages_alloc - pages_freed;
	alloc_budget = 2; /* the frame and one of its two active pages */
	CHECK_EQ(gnttab_get_frame(d1, 3, 0x38003, &pa), -EINVAL);
	CHECK_EQ(d1->nr_frames, 3);
	CHECK_EQ(pages_alloc - pages_freed, before);
	alloc_budget = -1;
	CHECK_EQ(gnttab_get_frame(d1, 3, 0x38003, &pa), 0);
	CHECK_EQ(d1->nr_frames, 4);

	/* the largest default table */
	struct gnttab_domain *d2 = mkdom(2, 2, false, 0);
	CHECK_EQ(gnttab_get_frame(d2, GNTTAB_DEFAULT_MAX_FRAMES - 1, 0x40000, &pa), 0);
	CHECK_EQ(d2->nr_frames, GNTTAB_DEFAULT_MAX_FRAMES);
	CHECK_EQ(gnttab_get_frame(d2, GNTTAB_DEFAULT_MAX_FRAMES, 0x40000, &pa), -EINVAL);
	teardown();
}

UNIT_TEST(setup_table)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 4);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1);
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 2 };
	uint64_t list[4];
	paddr_t pa;

	CHECK_EQ(gnttab_get_frame(d1, 0, 0x38000, &pa), 0);
	set_xen_guest_handle_raw(st.frame_list, GVA_BASE + 16);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_setup_table, &st, 1), 0);
	CHECK_EQ(st.status, GNTST_okay);
	CHECK_EQ(d1->nr_frames, 2);
	memcpy(list, f1->guest_mem + 16, sizeof(list));
	CHECK_EQ(list[0], 0x38000);
	CHECK_EQ(list[1], GNTTAB_INVALID_GFN); /* never mapped by the guest */
	CHECK_EQ(list[2], 0);                  /* not written */

	st.nr_frames = 5;
	CHECK_EQ(gnttab_op(d1, GNTTABOP_setup_table, &st, 1), 0);
	CHECK_EQ(st.status, GNTST_general_error);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_setup_table, &st, 2), -EINVAL);

	st.nr_frames = 1;
	set_xen_guest_handle_raw(st.frame_list, 0x1000);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_setup_table, &st, 1), 0);
	CHECK_EQ(st.status, GNTST_bad_virt_addr);

	st = (struct gnttab_setup_table){ .dom = 0, .nr_frames = 1 };
	set_xen_guest_handle_raw(st.frame_list, GVA_BASE);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_setup_table, &st, 1), 0);
	CHECK_EQ(st.status, GNTST_permission_denied);
	st.dom = 1; /* privileged dom0 asks about d1's table */
	CHECK_EQ(gnttab_op(d0, GNTTABOP_setup_table, &st, 1), 0);
	CHECK_EQ(st.status, GNTST_okay);
	memcpy(list, f0->guest_mem, sizeof(list[0]));
	CHECK_EQ(list[0], 0x38000);
	st.dom = 7;
	CHECK_EQ(gnttab_op(d0, GNTTABOP_setup_table, &st, 1), 0);
	CHECK_EQ(st.status, GNTST_bad_domain);
	teardown();
}

UNIT_TEST(status_frames_and_other_commands)
{
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct gnttab_get_status_frames gs = { .dom = DOMID_SELF, .nr_frames = 0 };
	struct gnttab_map_grant_ref m = { 0 };
	struct gnttab_cache_flush cf = { 0 };

	CHECK_EQ(gnttab_op(d1, GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ(gs.status, GNTST_okay);
	gs.nr_frames = 1; /* v1 has no status frames */
	CHECK_EQ(gnttab_op(d1, GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ(gs.status, GNTST_general_error);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_get_status_frames, &gs, 0), -EINVAL);
	gs = (struct gnttab_get_status_frames){ .dom = 0 };
	CHECK_EQ(gnttab_op(d1, GNTTABOP_get_status_frames, &gs, 1), 0);
	CHECK_EQ(gs.status, GNTST_bad_domain);

	CHECK_EQ(gnttab_op(d1, GNTTABOP_transfer, NULL, 1), -EOPNOTSUPP);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_dump_table, NULL, 1), -ENOSYS);
	CHECK_EQ(gnttab_op(d1, 13, NULL, 1), -ENOSYS);
	CHECK_EQ(gnttab_op(d1, 0xfff, NULL, 1), -ENOSYS);
	/* continuation bits: only cache_flush may carry them */
	CHECK_EQ(gnttab_op(d1, GNTTABOP_map_grant_ref | (1U << 12), &m, 1), -EINVAL);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_cache_flush | (1U << 12), &cf, 1), 0);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_map_grant_ref, &m, 0x80000000U), -EINVAL);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_map_grant_ref, NULL, 0), 0);

	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_map_grant_ref), 32);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_unmap_grant_ref), 24);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_setup_table), 24);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_copy), 40);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_query_size), 16);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_unmap_and_replace), 24);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_set_version), 4);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_get_status_frames), 16);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_get_version), 8);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_swap_grant_ref), 12);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_cache_flush), 16);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_cache_flush | (5U << 12)), 16);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_transfer), 0);
	CHECK_EQ(gnttab_op_arg_size(GNTTABOP_dump_table), 0);
	CHECK_EQ(gnttab_op_arg_size(42), 0);

	CHECK_EQ(gnttab_op_arg_count(GNTTABOP_map_grant_ref, 7), 7);
	CHECK_EQ(gnttab_op_arg_count(GNTTABOP_copy, 3), 3);
	CHECK_EQ(gnttab_op_arg_count(GNTTABOP_setup_table, 1), 1);
	CHECK_EQ(gnttab_op_arg_count(GNTTABOP_setup_table, 2), 0);
	CHECK_EQ(gnttab_op_arg_count(GNTTABOP_set_version, 0), 1);
	CHECK_EQ(gnttab_op_arg_count(GNTTABOP_get_version, 5), 1);
	CHECK_EQ(gnttab_op_arg_count(GNTTABOP_transfer, 5), 0);
	CHECK_EQ(gnttab_op_arg_count(GNTTABOP_map_grant_ref, 0x80000000U), 0);
	teardown();
}

UNIT_TEST(swap_grant_ref)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct gnttab_swap_grant_ref sw[3] = {
		{ .ref_a = 30, .ref_b = 31 },
		{ .ref_a = 30, .ref_b = 512 },
		{ .ref_a = 40, .ref_b = 40 },
	};
	uint32_t h;

	grant(d1, 30, 0, RAM_GFN0 + 1, GTF_permit_access);
	grant(d1, 31, 2, RAM_GFN0 + 2, GTF_permit_access | GTF_readonly);
	CHECK_EQ(gnttab_op(d1, GNTTABOP_swap_grant_ref, sw, 3), 0);
	CHECK_EQ(sw[0].status, GNTST_okay);
	CHECK_EQ(sw[1].status, GNTST_bad_gntref);
	CHECK_EQ(sw[2].status, GNTST_okay);
	CHECK_EQ(entry(d1, 30)->domid, 2);
	CHECK_EQ(entry(d1, 30)->frame, RAM_GFN0 + 2);
	CHECK_EQ(entry(d1, 30)->flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(entry(d1, 31)->domid, 0);
	CHECK_EQ(entry(d1, 31)->frame, RAM_GFN0 + 1);

	CHECK_EQ(map(d0, 1, 31, MAP_GPA, GNTMAP_host_map, &h, NULL), GNTST_okay);
	sw[0] = (struct gnttab_swap_grant_ref){ .ref_a = 30, .ref_b = 31 };
	CHECK_EQ(gnttab_op(d1, GNTTABOP_swap_grant_ref, sw, 1), 0);
	CHECK_EQ(sw[0].status, GNTST_eagain);
	CHECK_EQ(entry(d1, 31)->domid, 0);
	CHECK_EQ(unmap(d0, MAP_GPA, h), GNTST_okay);
	teardown();
}

UNIT_TEST(cache_flush)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1);
	struct gnttab_cache_flush cf = { 0 };
	struct gnttab_cache_flush batch[3];
	uint32_t h;

	/* Linux's boot probe: everything zero, must not be -ENOSYS */
	CHECK_EQ(gnttab_op(d0, GNTTABOP_cache_flush, &cf, 1), 0);
	CHECK_EQ(maint_calls, 0);

	cf = (struct gnttab_cache_flush){ .offset = 4096, .length = 0, .op = GNTTAB_CACHE_CLEAN };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_cache_flush, &cf, 1), -EINVAL);
	cf = (struct gnttab_cache_flush){ .offset = 4000, .length = 200, .op = GNTTAB_CACHE_CLEAN };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_cache_flush, &cf, 1), -EINVAL);
	cf = (struct gnttab_cache_flush){ .length = 8,
					  .op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_SOURCE_GREF };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_cache_flush, &cf, 1), -EINVAL);

	/* own page */
	cf = (struct gnttab_cache_flush){ .a.dev_bus_addr = ram_pa(f0, 1) + 0x10, .offset = 64,
					  .length = 128, .op = GNTTAB_CACHE_CLEAN };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_cache_flush, &cf, 1), 0);
	CHECK_EQ(maint_calls, 1);
	CHECK(maint_va == f0->ram[1] + 64);
	CHECK_EQ(maint_len, 128);
	CHECK_EQ(maint_op, GNTTAB_CACHE_CLEAN);

	/* a foreign page only while mapped by grant */
	cf = (struct gnttab_cache_flush){ .a.dev_bus_addr = ram_pa(f1, 4), .length = 16,
					  .op = GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN };
	CHECK_EQ(gnttab_op(d0, GNTTABOP_cache_flush, &cf, 1), -EINVAL);
	CHECK_EQ(maint_calls, 1);
	grant(d1, 50, 0, RAM_GFN0 + 4, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 50, MAP_GPA, GNTMAP_host_map, &h, NULL), GNTST_okay);
	CHECK_EQ(gnttab_op(d0, GNTTABOP_cache_flush, &cf, 1), 0);
	CHECK_EQ(maint_calls, 2);
	CHECK_EQ(maint_op, GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN);
	CHECK_EQ(unmap(d0, MAP_GPA, h), GNTST_okay);

	/* a batch stops at the first error */
	batch[0] = (struct gnttab_cache_flush){ .a.dev_bus_addr = ram_pa(f0, 0), .length = 8,
						.op = GNTTAB_CACHE_CLEAN };
	batch[1] = (struct gnttab_cache_flush){ .a.dev_bus_addr = ram_pa(f1, 0), .length = 8,
						.op = GNTTAB_CACHE_CLEAN };
	batch[2] = batch[0];
	CHECK_EQ(gnttab_op(d0, GNTTABOP_cache_flush, batch, 3), -EINVAL);
	CHECK_EQ(maint_calls, 3);
	teardown();
}

UNIT_TEST(destroying_a_mapper_unmaps_everything)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct gnttab_domain *d2 = mkdom(2, 2, false, 0);
	struct fdom *f0 = fdom_of(d0), *f1 = fdom_of(d1), *f2 = fdom_of(d2);

	grant(d1, 8, 0, RAM_GFN0, GTF_permit_access);
	grant(d1, 9, 0, RAM_GFN0 + 1, GTF_permit_access | GTF_readonly);
	grant(d2, 8, 0, RAM_GFN0, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 8, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_okay);
	CHECK_EQ(map(d0, 1, 9, MAP_GPA + PAGE_SIZE, GNTMAP_host_map | GNTMAP_readonly, NULL,
		     NULL), GNTST_okay);
	CHECK_EQ(map(d0, 2, 8, MAP_GPA + 2 * PAGE_SIZE, GNTMAP_host_map, NULL, NULL),
		 GNTST_okay);
	CHECK_EQ(f0->s2_count, 3);
	CHECK_EQ(f1->refs[0] + f1->refs[1] + f2->refs[0], 3);

	CHECK_EQ(gnttab_domain_destroy(d0), 0);
	CHECK_EQ(f0->s2_count, 0);
	CHECK_EQ(f1->refs[0] + f1->refs[1] + f2->refs[0], 0);
	CHECK_EQ(entry(d1, 8)->flags, GTF_permit_access);
	CHECK_EQ(entry(d1, 9)->flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(entry(d2, 8)->flags, GTF_permit_access);
	CHECK(!gnttab_is_pinned(d1));
	CHECK(!gnttab_is_pinned(d2));
	CHECK_EQ(released_calls, 0);
	teardown();
}

UNIT_TEST(destroying_a_granter_waits_for_its_mappers)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct fdom *f1 = fdom_of(d1);
	uint32_t h;
	paddr_t pa;

	grant(d1, 8, 0, RAM_GFN0 + 6, GTF_permit_access);
	grant(d1, 9, 0, RAM_GFN0 + 7, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 8, MAP_GPA, GNTMAP_host_map, &h, NULL), GNTST_okay);

	CHECK_EQ(gnttab_domain_destroy(d1), -EBUSY);
	CHECK(gnttab_is_pinned(d1));
	CHECK_EQ(f1->refs[6], 1); /* the page stays referenced while mapped */
	/* a dying granter's grants can no longer be pinned, nor its table grown */
	CHECK_EQ(map(d0, 1, 9, MAP_GPA + PAGE_SIZE, GNTMAP_host_map, NULL, NULL),
		 GNTST_bad_domain);
	CHECK_EQ(gnttab_get_frame(d1, 1, 0x38001, &pa), -EINVAL);
	CHECK_EQ(released_calls, 0);

	CHECK_EQ(unmap(d0, MAP_GPA, h), GNTST_okay);
	CHECK_EQ(released_calls, 1);
	CHECK_EQ(released_domid, 1);
	CHECK_EQ(f1->refs[6], 0);
	CHECK_EQ(gnttab_domain_destroy(d1), 0);
	CHECK_EQ(gnttab_domain_destroy(d1), 0); /* idempotent */
	teardown();
}

UNIT_TEST(maptrack_exhaustion)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	struct fdom *f1 = fdom_of(d1);
	static uint32_t handles[GNTTAB_MAPTRACK_MAX];

	grant(d1, 8, 0, RAM_GFN0, GTF_permit_access | GTF_readonly);
	for (unsigned i = 0; i < GNTTAB_MAPTRACK_MAX; i++) {
		int16_t st = map(d0, 1, 8, MAP_GPA + (uint64_t)i * PAGE_SIZE,
				 GNTMAP_host_map | GNTMAP_readonly, &handles[i], NULL);

		if (st != GNTST_okay) {
			CHECK_EQ(st, GNTST_okay);
			break;
		}
	}
	CHECK_EQ(d0->maptrack_used, GNTTAB_MAPTRACK_MAX);
	CHECK_EQ(map(d0, 1, 8, MAP_GPA - PAGE_SIZE, GNTMAP_host_map | GNTMAP_readonly, NULL, NULL),
		 GNTST_no_space);
	CHECK_EQ(f1->refs[0], 1);
	/* handles are reused once freed */
	CHECK_EQ(unmap(d0, MAP_GPA + 5 * PAGE_SIZE, handles[5]), GNTST_okay);
	CHECK_EQ(map(d0, 1, 8, MAP_GPA - PAGE_SIZE, GNTMAP_host_map | GNTMAP_readonly, &handles[5],
		     NULL), GNTST_okay);
	CHECK_EQ(handles[5], 5);
	for (unsigned i = 0; i < GNTTAB_MAPTRACK_MAX; i++)
		CHECK_EQ(unmap(d0, i == 5 ? MAP_GPA - PAGE_SIZE : MAP_GPA + (uint64_t)i * PAGE_SIZE,
			       handles[i]), GNTST_okay);
	CHECK_EQ(entry(d1, 8)->flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(f1->refs[0], 0);
	teardown();
}

UNIT_TEST(seed_entry_for_the_toolstack_refs)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);
	uint32_t h;

	CHECK_EQ(gnttab_seed_entry(d1, GNTTAB_RESERVED_CONSOLE, 0, RAM_GFN0 + 1, false), 0);
	CHECK_EQ(gnttab_seed_entry(d1, GNTTAB_RESERVED_XENSTORE, 0, RAM_GFN0 + 2, true), 0);
	CHECK_EQ(entry(d1, 0)->flags, GTF_permit_access);
	CHECK_EQ(entry(d1, 0)->domid, 0);
	CHECK_EQ(entry(d1, 0)->frame, RAM_GFN0 + 1);
	CHECK_EQ(entry(d1, 1)->flags, GTF_permit_access | GTF_readonly);
	CHECK_EQ(gnttab_seed_entry(d1, 512, 0, RAM_GFN0, false), -EINVAL);

	CHECK_EQ(map(d0, 1, GNTTAB_RESERVED_CONSOLE, MAP_GPA, GNTMAP_host_map, &h, NULL),
		 GNTST_okay);
	CHECK_EQ(gnttab_seed_entry(d1, GNTTAB_RESERVED_CONSOLE, 0, RAM_GFN0 + 3, false), -EBUSY);
	CHECK_EQ(entry(d1, 0)->frame, RAM_GFN0 + 1);
	CHECK_EQ(unmap(d0, MAP_GPA, h), GNTST_okay);
	teardown();
}

static char dump_buf[4096];
static size_t dump_len;

static void dump_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dump_len += (size_t)vsnprintf(dump_buf + dump_len, sizeof(dump_buf) - dump_len, fmt, ap);
	va_end(ap);
}

UNIT_TEST(dump)
{
	struct gnttab_domain *d0 = mkdom(0, 0, true, 0);
	struct gnttab_domain *d1 = mkdom(1, 1, false, 0);

	grant(d1, 0x2a, 0, RAM_GFN0, GTF_permit_access);
	CHECK_EQ(map(d0, 1, 0x2a, MAP_GPA, GNTMAP_host_map, NULL, NULL), GNTST_okay);
	dump_len = 0;
	gnttab_dump(d1, dump_print);
	CHECK(strstr(dump_buf, "grant table d1") != NULL);
	CHECK(strstr(dump_buf, "[0x2a] to d0") != NULL);
	dump_len = 0;
	gnttab_dump(d0, dump_print);
	CHECK(strstr(dump_buf, "handle 0: d1 ref 0x2a at gpa 0x40000000") != NULL);
	teardown();
}

UNIT_MAIN()
