/* SPDX-License-Identifier: MIT */
/*
 * gnttab-ops: __HYPERVISOR_grant_table_op, grant tables v1 as on Xen/Arm
 * (common/grant_table.c; xen-abi-arm64.md 5), from a domU with d2 (the
 * canary) as the foreign domain.
 *
 * query_size (count must be 1), set_version (1 only; 2 is -ENOSYS as
 * GNTTAB_MAX_VERSION is 1 on Arm), get_version, setup_table (reports the
 * GFN each frame is mapped at, INVALID_GFN before), map/unmap of one of the
 * domain's own grants (allowed by Xen: the mapping shows the granted page,
 * GTF_reading/GTF_writing track it), GNTTABOP_copy between own frames and
 * through a grant, cache_flush, get_status_frames, and per-element GNTST_*
 * errors: bad_gntref, bad_domain (DOMID_SELF included for map), bad_handle,
 * bad_copy_arg, permission_denied, bad_page, general_error.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL)
#define NO_DOMAIN 0x7000
#define CANARY_DOMID 2
#define MAP_GPA 0x48000000UL /* unmapped IPA above RAM */
#define REF 8
#define REF_RO 9
#define REF_D2 10
#define INVALID_GFN (~0UL)

static uint8_t page_x[4096] __aligned(4096);
static uint8_t page_y[4096] __aligned(4096);
static grant_entry_v1_t *gt;
static domid_t self;

static long gnttab(unsigned int cmd, void *arg, unsigned int count)
{
	return xen_grant_table_op(cmd, arg, count);
}

static struct gnttab_map_grant_ref map_ref(domid_t dom, grant_ref_t ref, uint32_t flags,
					   uint64_t gpa, const char *what)
{
	struct gnttab_map_grant_ref m = {
		.host_addr = gpa, .flags = flags, .ref = ref, .dom = dom, .status = 0x55
	};

	expect_eq(gnttab(GNTTABOP_map_grant_ref, &m, 1), 0, "map_grant_ref(%s): return value",
		  what);
	return m;
}

static int16_t unmap_ref(uint64_t gpa, grant_handle_t handle)
{
	struct gnttab_unmap_grant_ref u = { .host_addr = gpa, .handle = handle, .status = 0x55 };

	expect_eq(gnttab(GNTTABOP_unmap_grant_ref, &u, 1), 0, "unmap_grant_ref: return value");
	return u.status;
}

static int16_t copy(uint64_t src, domid_t sdom, uint16_t soff, uint64_t dst, domid_t ddom,
		    uint16_t doff, uint16_t len, uint16_t flags)
{
	struct gnttab_copy c;

	memset(&c, 0, sizeof(c));
	if (flags & GNTCOPY_source_gref)
		c.source.u.ref = (grant_ref_t)src;
	else
		c.source.u.gmfn = src;
	if (flags & GNTCOPY_dest_gref)
		c.dest.u.ref = (grant_ref_t)dst;
	else
		c.dest.u.gmfn = dst;
	c.source.domid = sdom;
	c.source.offset = soff;
	c.dest.domid = ddom;
	c.dest.offset = doff;
	c.len = len;
	c.flags = flags;
	c.status = 0x55;
	expect_eq(gnttab(GNTTABOP_copy, &c, 1), 0, "copy: return value");
	return c.status;
}

/* Fill a page with a position-dependent pattern (seed picks which). */
static void fill(uint8_t *page, unsigned seed)
{
	for (unsigned i = 0; i < 4096; i++)
		page[i] = (uint8_t)(i * 7 + seed + (i >> 8));
}

/*
 * Copies of every shape the hypervisor's memcpy() distinguishes: large
 * aligned ones (SIMD blocks plus a tail), ones with the same misalignment on
 * both sides, different misalignments, and an overlapping copy inside one
 * page (dst < src, forward). Each is checked byte for byte against the
 * guest's own memmove(), including the bytes around the destination.
 */
static void check_copy_shapes(void)
{
	static const struct { uint16_t soff, doff, len; } shapes[] = {
		{ 0, 0, 4096 }, { 8, 16, 4000 }, { 90, 10, 4000 }, { 3, 5, 1000 },
		{ 1, 1, 1 },    { 6, 6, 14 },    { 0, 128, 3968 }, { 128, 0, 3968 },
	};
	static uint8_t want[4096];

	for (unsigned i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		fill(page_x, i);
		fill(page_y, 100 + i);
		memcpy(want, page_y, sizeof(want));
		memmove(want + shapes[i].doff, page_x + shapes[i].soff, shapes[i].len);
		expect_eq(copy(GFN(page_x), DOMID_SELF, shapes[i].soff, GFN(page_y), DOMID_SELF,
			       shapes[i].doff, shapes[i].len, 0),
			  GNTST_okay, "copy(%u bytes, offset %u -> %u)", shapes[i].len,
			  shapes[i].soff, shapes[i].doff);
		expect_true(!memcmp(page_y, want, sizeof(want)),
			    "copy(%u bytes, offset %u -> %u) wrote exactly those bytes",
			    shapes[i].len, shapes[i].soff, shapes[i].doff);
	}
	/* Overlapping, inside the granted page: from offset 64 down to 0. */
	fill(page_x, 33);
	memcpy(want, page_x, sizeof(want));
	memmove(want, want + 64, 3000);
	expect_eq(copy(REF, self, 64, GFN(page_x), DOMID_SELF, 0, 3000, GNTCOPY_source_gref),
		  GNTST_okay, "copy(own grant -> same page, overlapping)");
	expect_true(!memcmp(page_x, want, sizeof(want)), "overlapping copy inside one page");
}

/*
 * The hypervisor moves large copies through SIMD registers: the guest's
 * v0-v7 must come back from a 4 KiB GNTTABOP_copy exactly as they went in.
 */
static void check_copy_keeps_simd(void)
{
	static uint8_t before[128] __aligned(16), after[128] __aligned(16);
	struct gnttab_copy c;

	for (unsigned i = 0; i < sizeof(before); i++)
		before[i] = (uint8_t)(0xa5 ^ (i * 13));
	memset(after, 0, sizeof(after));
	memset(&c, 0, sizeof(c));
	c.source.u.gmfn = GFN(page_x);
	c.source.domid = DOMID_SELF;
	c.dest.u.gmfn = GFN(page_y);
	c.dest.domid = DOMID_SELF;
	c.len = 4096;
	c.status = 0x55;

	register uint64_t x0 __asm__("x0") = GNTTABOP_copy;
	register uint64_t x1 __asm__("x1") = (uint64_t)(uintptr_t)&c;
	register uint64_t x2 __asm__("x2") = 1;
	register uint64_t x16 __asm__("x16") = __HYPERVISOR_grant_table_op;
	uint64_t p = (uint64_t)(uintptr_t)before, a = (uint64_t)(uintptr_t)after;

	/* v0-v7 are not the compiler's (-mgeneral-regs-only): set, call, read back. */
	__asm__ volatile(".arch_extension simd\n"
			 "ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [%[p]], #64\n"
			 "ld1 {v4.16b, v5.16b, v6.16b, v7.16b}, [%[p]]\n"
			 "hvc #0xea1\n"
			 "st1 {v0.16b, v1.16b, v2.16b, v3.16b}, [%[a]], #64\n"
			 "st1 {v4.16b, v5.16b, v6.16b, v7.16b}, [%[a]]\n"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x16), [p] "+r"(p), [a] "+r"(a)
			 :
			 : "x3", "x4", "memory");
	expect_eq((long)x0, 0, "copy with live SIMD registers: return value");
	expect_eq(c.status, GNTST_okay, "copy with live SIMD registers: status");
	expect_true(!memcmp(before, after, sizeof(before)),
		    "v0-v7 unchanged by a 4 KiB GNTTABOP_copy");
}

static void check_sizes_and_versions(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_set_version sv;
	struct gnttab_get_version gv;

	expect_eq(gnttab(GNTTABOP_query_size, &q, 1), 0, "query_size(SELF)");
	expect_eq(q.status, GNTST_okay, "query_size(SELF).status");
	expect_eq(q.nr_frames, 1, "query_size(SELF).nr_frames of a new table");
	expect_eq(q.max_nr_frames, 64, "query_size(SELF).max_nr_frames");
	expect_eq(gnttab(GNTTABOP_query_size, &q, 0), -XEN_EINVAL, "query_size(count 0)");
	expect_eq(gnttab(GNTTABOP_query_size, &q, 2), -XEN_EINVAL, "query_size(count 2)");
	q.dom = CANARY_DOMID;
	expect_eq(gnttab(GNTTABOP_query_size, &q, 1), 0, "query_size(d2)");
	expect_eq(q.status, GNTST_permission_denied, "query_size(d2).status");
	q.dom = NO_DOMAIN;
	expect_eq(gnttab(GNTTABOP_query_size, &q, 1), 0, "query_size(dom %#x)", NO_DOMAIN);
	expect_eq(q.status, GNTST_bad_domain, "query_size(dom %#x).status", NO_DOMAIN);
	expect_eq(gnttab(GNTTABOP_query_size, BAD_PTR, 1), -XEN_EFAULT, "query_size(bad pointer)");

	sv.version = 1;
	expect_eq(gnttab(GNTTABOP_set_version, &sv, 1), 0, "set_version(1)");
	expect_eq(sv.version, 1, "set_version(1).version");
	sv.version = 2;
	expect_eq(gnttab(GNTTABOP_set_version, &sv, 1), -XEN_ENOSYS, "set_version(2)");
	expect_eq(sv.version, 1, "set_version(2) writes back the current version");
	sv.version = 3;
	expect_eq(gnttab(GNTTABOP_set_version, &sv, 1), -XEN_EINVAL, "set_version(3)");
	sv.version = 0;
	expect_eq(gnttab(GNTTABOP_set_version, &sv, 1), -XEN_EINVAL, "set_version(0)");
	expect_eq(gnttab(GNTTABOP_set_version, BAD_PTR, 1), -XEN_EFAULT,
		  "set_version(bad pointer)");

	gv.dom = DOMID_SELF;
	gv.version = 0;
	expect_eq(gnttab(GNTTABOP_get_version, &gv, 1), 0, "get_version(SELF)");
	expect_eq(gv.version, 1, "get_version(SELF).version");
	gv.dom = CANARY_DOMID;
	expect_eq(gnttab(GNTTABOP_get_version, &gv, 1), -XEN_EPERM, "get_version(d2)");
	gv.dom = NO_DOMAIN;
	expect_eq(gnttab(GNTTABOP_get_version, &gv, 1), -XEN_ESRCH, "get_version(dom %#x)",
		  NO_DOMAIN);
}

static void check_setup_table(void)
{
	static xen_pfn_t frames[4];
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };
	struct gnttab_query_size q = { .dom = DOMID_SELF };

	set_xen_guest_handle(st.frame_list, frames);
	frames[0] = 0x1234;
	expect_eq(gnttab(GNTTABOP_setup_table, &st, 1), 0, "setup_table(1 frame)");
	expect_eq(st.status, GNTST_okay, "setup_table(1 frame).status");
	expect_eq((long long)frames[0], (long long)INVALID_GFN,
		  "setup_table: frame 0 not mapped yet");

	gt = xen_map_grant_frame(0, XEN_GNTTAB_GFN);
	st.nr_frames = 2;
	expect_eq(gnttab(GNTTABOP_setup_table, &st, 1), 0, "setup_table(2 frames)");
	expect_eq(st.status, GNTST_okay, "setup_table(2 frames).status");
	expect_eq((long long)frames[0], XEN_GNTTAB_GFN, "setup_table: GFN of frame 0");
	expect_eq((long long)frames[1], (long long)INVALID_GFN, "setup_table: frame 1 not mapped");
	expect_eq(gnttab(GNTTABOP_query_size, &q, 1), 0, "query_size after setup_table(2)");
	expect_eq(q.nr_frames, 2, "setup_table(2) grew the table");

	st.nr_frames = 65;
	expect_eq(gnttab(GNTTABOP_setup_table, &st, 1), 0, "setup_table(65 frames)");
	expect_eq(st.status, GNTST_general_error, "setup_table(65 frames).status");
	st.nr_frames = 1;
	st.dom = CANARY_DOMID;
	expect_eq(gnttab(GNTTABOP_setup_table, &st, 1), 0, "setup_table(d2)");
	expect_eq(st.status, GNTST_permission_denied, "setup_table(d2).status");
	st.dom = NO_DOMAIN;
	expect_eq(gnttab(GNTTABOP_setup_table, &st, 1), 0, "setup_table(dom %#x)", NO_DOMAIN);
	expect_eq(st.status, GNTST_bad_domain, "setup_table(dom %#x).status", NO_DOMAIN);
	st.dom = DOMID_SELF;
	set_xen_guest_handle_raw(st.frame_list, 0x10000000UL);
	expect_eq(gnttab(GNTTABOP_setup_table, &st, 1), 0, "setup_table(bad frame list)");
	expect_eq(st.status, GNTST_bad_virt_addr, "setup_table(bad frame list).status");
	expect_eq(gnttab(GNTTABOP_setup_table, &st, 2), -XEN_EINVAL, "setup_table(count 2)");
}

static void check_map_unmap(void)
{
	volatile uint8_t *mapped = (volatile uint8_t *)MAP_GPA;
	struct gnttab_map_grant_ref m;
	uint16_t flags;

	for (unsigned int i = 0; i < sizeof(page_x); i++)
		page_x[i] = (uint8_t)(i * 7 + 1);
	xen_grant_access(gt, REF, self, GFN(page_x), false);
	xen_grant_access(gt, REF_RO, self, GFN(page_x), true);
	xen_grant_access(gt, REF_D2, CANARY_DOMID, GFN(page_x), false);

	/* Mapping one's own grant is allowed (Xen does not special-case ld == rd). */
	m = map_ref(self, REF, GNTMAP_host_map, MAP_GPA, "own grant");
	expect_eq(m.status, GNTST_okay, "map_grant_ref(own grant).status");
	expect_true(m.dev_bus_addr && !(m.dev_bus_addr & 0xfff),
		    "map_grant_ref: dev_bus_addr %#lx is a page address",
		    (unsigned long)m.dev_bus_addr);
	flags = gt[REF].flags;
	expect_eq(flags, GTF_permit_access | GTF_reading | GTF_writing,
		  "flags of a grant mapped writable");
	expect_true(!xen_grant_revoke(gt, REF), "revoking a mapped grant fails");
	expect_eq(mapped[0], page_x[0], "mapped page, byte 0");
	expect_eq(mapped[4095], page_x[4095], "mapped page, byte 4095");
	mapped[100] = 0xee;
	/* The compiler cannot know that MAP_GPA aliases page_x. */
	__asm__ volatile("" : : : "memory");
	expect_eq(page_x[100], 0xee, "write through the mapping reaches the granted page");
	page_x[100] = (uint8_t)(100 * 7 + 1);

	/* cache_flush of a page we own (its machine address is dev_bus_addr). */
	{
		struct gnttab_cache_flush cf = { .length = 64, .op = GNTTAB_CACHE_CLEAN };

		cf.a.dev_bus_addr = m.dev_bus_addr;
		expect_eq(gnttab(GNTTABOP_cache_flush, &cf, 1), 0,
			  "cache_flush(own page, 64 bytes)");
		cf.op = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL;
		expect_eq(gnttab(GNTTABOP_cache_flush, &cf, 1), 0,
			  "cache_flush(own page, clean+invalidate)");
	}

	expect_eq(unmap_ref(MAP_GPA, m.handle), GNTST_okay, "unmap_grant_ref");
	expect_eq(gt[REF].flags, GTF_permit_access, "flags after the unmap");
	expect_eq(unmap_ref(MAP_GPA, m.handle), GNTST_bad_handle, "unmap_grant_ref(same handle)");
	expect_eq(unmap_ref(MAP_GPA, 12345), GNTST_bad_handle, "unmap_grant_ref(handle 12345)");

	/* Read-only: as a mapping flag, and as a grant flag. */
	m = map_ref(self, REF, GNTMAP_host_map | GNTMAP_readonly, MAP_GPA + 0x1000, "readonly");
	expect_eq(m.status, GNTST_okay, "map_grant_ref(readonly).status");
	expect_eq(gt[REF].flags, GTF_permit_access | GTF_reading, "flags of a read-only mapping");
	expect_eq(((volatile uint8_t *)(MAP_GPA + 0x1000))[5], page_x[5],
		  "read-only mapping reads");
	expect_eq(unmap_ref(MAP_GPA + 0x1000, m.handle), GNTST_okay, "unmap read-only mapping");
	m = map_ref(self, REF_RO, GNTMAP_host_map, MAP_GPA + 0x2000, "GTF_readonly grant, rw");
	expect_eq(m.status, GNTST_general_error, "map_grant_ref(GTF_readonly grant, writable)");
	m = map_ref(self, REF_RO, GNTMAP_host_map | GNTMAP_readonly, MAP_GPA + 0x2000,
		    "GTF_readonly grant, ro");
	expect_eq(m.status, GNTST_okay, "map_grant_ref(GTF_readonly grant, read-only)");
	expect_eq(unmap_ref(MAP_GPA + 0x2000, m.handle), GNTST_okay, "unmap");

	/* The refusals, per element. */
	m = map_ref(self, REF_D2, GNTMAP_host_map, MAP_GPA + 0x3000, "grant for d2");
	expect_eq(m.status, GNTST_general_error, "map_grant_ref(grant meant for d2)");
	m = map_ref(self, 100000, GNTMAP_host_map, MAP_GPA + 0x3000, "ref 100000");
	expect_eq(m.status, GNTST_bad_gntref, "map_grant_ref(ref 100000)");
	m = map_ref(self, 11, GNTMAP_host_map, MAP_GPA + 0x3000, "empty entry");
	expect_eq(m.status, GNTST_general_error, "map_grant_ref(an invalid entry)");
	m = map_ref(NO_DOMAIN, REF, GNTMAP_host_map, MAP_GPA + 0x3000, "no such domain");
	expect_eq(m.status, GNTST_bad_domain, "map_grant_ref(dom %#x)", NO_DOMAIN);
	m = map_ref(DOMID_SELF, REF, GNTMAP_host_map, MAP_GPA + 0x3000, "DOMID_SELF");
	expect_eq(m.status, GNTST_bad_domain, "map_grant_ref(DOMID_SELF): by id only");
	/* general_error: the entry grants nothing (permission_denied under XSM SILO). */
	m = map_ref(CANARY_DOMID, REF, GNTMAP_host_map, MAP_GPA + 0x3000, "d2's ref 8");
	expect_true(m.status == GNTST_general_error || m.status == GNTST_permission_denied,
		    "map_grant_ref(d2's ungranted ref 8): status %d", m.status);
	m = map_ref(self, REF, 0, MAP_GPA + 0x3000, "flags 0");
	expect_eq(m.status, GNTST_bad_gntref, "map_grant_ref(flags 0)");
	m = map_ref(self, REF, GNTMAP_host_map | GNTMAP_device_map, MAP_GPA + 0x3000,
		    "device_map");
	expect_eq(m.status, GNTST_general_error, "map_grant_ref(device_map)");
	m = map_ref(self, REF, GNTMAP_host_map | GNTMAP_contains_pte, MAP_GPA + 0x3000,
		    "contains_pte");
	expect_eq(m.status, GNTST_general_error, "map_grant_ref(contains_pte)");
	expect_eq(gt[REF].flags, GTF_permit_access, "flags after the refused maps");
	expect_eq(gnttab(GNTTABOP_map_grant_ref, BAD_PTR, 1), -XEN_EFAULT,
		  "map_grant_ref(bad pointer)");
	expect_eq(gnttab(GNTTABOP_map_grant_ref, &m, 0), 0, "map_grant_ref(count 0)");
}

static void check_copy(void)
{
	int16_t st;

	memset(page_y, 0, sizeof(page_y));
	st = copy(GFN(page_x), DOMID_SELF, 100, GFN(page_y), DOMID_SELF, 200, 64, 0);
	expect_eq(st, GNTST_okay, "copy(gmfn -> gmfn)");
	expect_true(!memcmp(page_y + 200, page_x + 100, 64), "copy(gmfn -> gmfn) copied the bytes");
	expect_eq(page_y[199], 0, "copy: byte before the destination");
	expect_eq(page_y[264], 0, "copy: byte after the destination");

	memset(page_y, 0, sizeof(page_y));
	st = copy(REF, self, 0, GFN(page_y), DOMID_SELF, 0, 4096, GNTCOPY_source_gref);
	expect_eq(st, GNTST_okay, "copy(own grant -> gmfn, a whole page)");
	expect_true(!memcmp(page_y, page_x, 4096), "copy through the grant copied the page");
	expect_eq(gt[REF].flags, GTF_permit_access, "flags after a copy through the grant");
	memset(page_y, 0x77, 16);
	st = copy(GFN(page_y), DOMID_SELF, 0, REF, self, 32, 16, GNTCOPY_dest_gref);
	expect_eq(st, GNTST_okay, "copy(gmfn -> own grant)");
	expect_eq(page_x[32], 0x77, "copy into the granted page");
	st = copy(GFN(page_y), DOMID_SELF, 0, REF_RO, self, 0, 16, GNTCOPY_dest_gref);
	expect_eq(st, GNTST_general_error, "copy(into a GTF_readonly grant)");

	st = copy(GFN(page_x), DOMID_SELF, 4000, GFN(page_y), DOMID_SELF, 0, 200, 0);
	expect_eq(st, GNTST_bad_copy_arg, "copy(source crossing the page)");
	st = copy(GFN(page_x), DOMID_SELF, 0, GFN(page_y), DOMID_SELF, 4095, 2, 0);
	expect_eq(st, GNTST_bad_copy_arg, "copy(destination crossing the page)");
	st = copy(GFN(page_x), self, 0, GFN(page_y), DOMID_SELF, 0, 16, 0);
	expect_eq(st, GNTST_permission_denied, "copy(gmfn of the own domid, not DOMID_SELF)");
	st = copy(GFN(page_x), DOMID_SELF, 0, 0x40000, CANARY_DOMID, 0, 16, 0);
	expect_eq(st, GNTST_permission_denied, "copy(to a gmfn of d2)");
	st = copy(REF, NO_DOMAIN, 0, GFN(page_y), DOMID_SELF, 0, 16, GNTCOPY_source_gref);
	expect_eq(st, GNTST_bad_domain, "copy(grant of dom %#x)", NO_DOMAIN);
	st = copy(100000, self, 0, GFN(page_y), DOMID_SELF, 0, 16, GNTCOPY_source_gref);
	expect_eq(st, GNTST_bad_gntref, "copy(grant ref 100000)");
	st = copy(0x10000, DOMID_SELF, 0, GFN(page_y), DOMID_SELF, 0, 16, 0);
	expect_eq(st, GNTST_bad_page, "copy(from gfn 0x10000, not RAM)");
	expect_eq(gnttab(GNTTABOP_copy, BAD_PTR, 1), -XEN_EFAULT, "copy(bad pointer)");
}

static void check_misc(void)
{
	struct gnttab_cache_flush cf = { .op = GNTTAB_CACHE_CLEAN };
	struct gnttab_get_status_frames gs = { .dom = DOMID_SELF };
	struct gnttab_map_grant_ref m;

	cf.length = 0;
	expect_eq(gnttab(GNTTABOP_cache_flush, &cf, 1), 0, "cache_flush(length 0)");
	cf.offset = 4096;
	expect_eq(gnttab(GNTTABOP_cache_flush, &cf, 1), -XEN_EINVAL, "cache_flush(offset 4096)");
	cf.offset = 4000;
	cf.length = 200;
	expect_eq(gnttab(GNTTABOP_cache_flush, &cf, 1), -XEN_EINVAL,
		  "cache_flush(range crossing the page)");
	cf.offset = 0;
	cf.length = 0;
	cf.op = 4;
	expect_eq(gnttab(GNTTABOP_cache_flush, &cf, 1), -XEN_EINVAL, "cache_flush(op bit 2)");

	expect_eq(gnttab(GNTTABOP_get_status_frames, &gs, 1), 0, "get_status_frames(0 frames)");
	expect_eq(gs.status, GNTST_okay, "get_status_frames(0 frames).status");
	gs.nr_frames = 1;
	expect_eq(gnttab(GNTTABOP_get_status_frames, &gs, 1), 0, "get_status_frames(1 frame)");
	expect_eq(gs.status, GNTST_general_error, "get_status_frames(1 frame) on a v1 table");
	expect_eq(gnttab(GNTTABOP_get_status_frames, &gs, 2), -XEN_EINVAL,
		  "get_status_frames(count 2)");

	expect_eq(gnttab(99, &m, 1), -XEN_ENOSYS, "GNTTABOP 99");
	expect_eq(gnttab(GNTTABOP_map_grant_ref | (1U << 12), &m, 1), -XEN_EINVAL,
		  "map_grant_ref with continuation bits set");
	expect_eq(gnttab(GNTTABOP_map_grant_ref, &m, 0x80000000U), -XEN_EINVAL,
		  "map_grant_ref(count 2^31)");
}

void test_main(void)
{
	xen_require();
	expect_continue(true);
	self = xen_own_domid();

	check_sizes_and_versions();
	check_setup_table();
	check_map_unmap();
	check_copy();
	check_copy_shapes();
	check_copy_keeps_simd();
	check_misc();

	expect_true(xen_grant_revoke(gt, REF), "revoke ref %u at the end", REF);
	expect_true(xen_grant_revoke(gt, REF_RO), "revoke ref %u at the end", REF_RO);
	expect_true(xen_grant_revoke(gt, REF_D2), "revoke ref %u at the end", REF_D2);
	test_result(SUCCESS, "v1 grant table: sizes, versions, setup_table, own-grant map/unmap, "
			     "copy, cache_flush, errors as Xen");
}
