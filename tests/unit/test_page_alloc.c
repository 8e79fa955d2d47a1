/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the buddy page allocator and mem_range_subtract(). Fake
 * "physical" RAM [0x40000000, 0xC0000000) is an untouched anonymous mmap;
 * only the frame tables and the pages a test writes are ever touched.
 */
#include <hyp/errno.h>
#include <hyp/pa.h>
#include <hyp/page_alloc.h>
#include <stdarg.h>
#include <pthread.h>
#include <sys/mman.h>

#include "unit.h"

#define FAKE_BASE 0x40000000ULL
#define FAKE_SIZE (2ULL << 30)

static void fake_ram(void)
{
	static void *arena;

	if (!arena) {
		arena = mmap(NULL, FAKE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (arena == MAP_FAILED) {
			perror("mmap");
			exit(2);
		}
		fake_phys_offset = (uintptr_t)arena - FAKE_BASE;
	}
}

static int init1(paddr_t start, paddr_t end)
{
	struct mem_range ram = { start, end };

	fake_ram();
	return page_alloc_init(&ram, 1, NULL, 0);
}

/* page_alloc_dump() output captured into a string. */
static char dump_buf[4096];
static size_t dump_len;

static void dump_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dump_len += (size_t)vsnprintf(dump_buf + dump_len, sizeof(dump_buf) - dump_len, fmt, ap);
	va_end(ap);
}

static char *dump(void)
{
	dump_len = 0;
	dump_buf[0] = 0;
	page_alloc_dump(dump_print);
	return strdup(dump_buf);
}

/* ------------------------------------------------------ mem_range_subtract */

#define R(a, b) ((struct mem_range){ (a), (b) })

static int ranges_eq(const struct mem_range *got, unsigned n, const struct mem_range *want,
		     unsigned wn)
{
	if (n != wn)
		return 0;
	for (unsigned i = 0; i < n; i++)
		if (got[i].start != want[i].start || got[i].end != want[i].end)
			return 0;
	return 1;
}

UNIT_TEST(range_merge_unsorted_adjacent_overlapping)
{
	struct mem_range in[] = { R(0x3000, 0x5000), R(0x1000, 0x2000), R(0x2000, 0x3000),
				  R(0x4000, 0x6000), R(0x9000, 0x9000), R(0x8000, 0xa000) };
	struct mem_range want[] = { R(0x1000, 0x6000), R(0x8000, 0xa000) };
	struct mem_range out[8];
	unsigned n = mem_range_subtract(out, 8, in, 6, NULL, 0);

	CHECK(ranges_eq(out, n, want, 2));
	CHECK_EQ(mem_range_subtract(out, 8, NULL, 0, NULL, 0), 0);
	/* One range that swallows several. */
	{
		struct mem_range in2[] = { R(0x1000, 0x2000), R(0x3000, 0x4000), R(0x5000, 0x6000),
					   R(0x0, 0x10000) };
		struct mem_range want2[] = { R(0x0, 0x10000) };

		n = mem_range_subtract(out, 8, in2, 4, NULL, 0);
		CHECK(ranges_eq(out, n, want2, 1));
	}
}

UNIT_TEST(range_holes)
{
	struct mem_range in[] = { R(0x10000, 0x20000), R(0x30000, 0x40000) };
	struct mem_range out[8];
	unsigned n;

	{ /* inside, at start, at end, unsorted, empty, outside */
		struct mem_range holes[] = { R(0x38000, 0x40000), R(0x14000, 0x15000),
					     R(0x10000, 0x11000), R(0x50000, 0x60000),
					     R(0x16000, 0x16000) };
		struct mem_range want[] = { R(0x11000, 0x14000), R(0x15000, 0x20000),
					    R(0x30000, 0x38000) };

		n = mem_range_subtract(out, 8, in, 2, holes, 5);
		CHECK(ranges_eq(out, n, want, 3));
	}
	{ /* spanning the gap between two ranges; overlapping holes */
		struct mem_range holes[] = { R(0x1f000, 0x31000), R(0x30000, 0x32000) };
		struct mem_range want[] = { R(0x10000, 0x1f000), R(0x32000, 0x40000) };

		n = mem_range_subtract(out, 8, in, 2, holes, 2);
		CHECK(ranges_eq(out, n, want, 2));
	}
	{ /* one hole over the end of one range and the start of the next */
		struct mem_range holes[] = { R(0x1f000, 0x31000) };
		struct mem_range want[] = { R(0x10000, 0x1f000), R(0x31000, 0x40000) };

		n = mem_range_subtract(out, 8, in, 2, holes, 1);
		CHECK(ranges_eq(out, n, want, 2));
	}
	{ /* everything covered */
		struct mem_range holes[] = { R(0x0, 0x100000) };

		CHECK_EQ(mem_range_subtract(out, 8, in, 2, holes, 1), 0);
	}
	{ /* exact cover of one range */
		struct mem_range holes[] = { R(0x10000, 0x20000) };
		struct mem_range want[] = { R(0x30000, 0x40000) };

		n = mem_range_subtract(out, 8, in, 2, holes, 1);
		CHECK(ranges_eq(out, n, want, 1));
	}
	{ /* output too small: a split needs a second slot */
		struct mem_range holes[] = { R(0x14000, 0x15000) };

		CHECK_EQ(mem_range_subtract(out, 1, in, 1, holes, 1), 2);
		CHECK_EQ(mem_range_subtract(out, 1, in, 2, NULL, 0), 2);
		CHECK_EQ(mem_range_subtract(out, 2, in, 1, holes, 1), 2);
	}
}

/* ------------------------------------------------------------------- init */

UNIT_TEST(init_errors)
{
	struct mem_range ram = { FAKE_BASE, FAKE_BASE + MiB(4) };
	struct mem_range all = { 0, ~0ULL };
	struct mem_range tiny = { FAKE_BASE + 0x100, FAKE_BASE + 0xf00 };

	fake_ram();
	CHECK_EQ(page_alloc_init(NULL, 0, NULL, 0), -EINVAL);
	CHECK_EQ(page_alloc_init(&tiny, 1, NULL, 0), -EINVAL); /* less than a page */
	CHECK_EQ(page_alloc_init(&ram, 1, &all, 1), -ENOMEM);  /* no room for the frame table */
}

UNIT_TEST(init_with_holes_and_sparse_banks)
{
	/* Unsorted banks, one split in two adjacent pieces that must merge. */
	struct mem_range ram[] = { R(0x50000000, 0x50800000), R(0x42000000, 0x44000000),
				   R(0x40000000, 0x42000000) };
	struct mem_range rsv[] = { R(0x40000100, 0x40001100), /* unaligned: 2 pages */
				   R(0x41000000, 0x41200000), R(0x60000000, 0x61000000) };
	/* 16384 + 2048 frames; frame tables: 128 + 16 pages (32 B/frame). */
	uint64_t expect = 16384 + 2048 - 2 - 512 - 128 - 16;
	uint64_t frames = (0x50800000 - FAKE_BASE) >> 12;
	unsigned char *seen = calloc(frames, 1);
	uint64_t n = 0;
	paddr_t pa;

	fake_ram();
	CHECK_EQ(sizeof(struct page_info), 32);
	CHECK_EQ(page_alloc_init(ram, 3, rsv, 3), 0);
	CHECK_EQ(page_alloc_total_pages(), expect);
	CHECK_EQ(page_alloc_free_pages(), expect);
	CHECK(pa_to_page(0x40000000) == NULL);
	CHECK(pa_to_page(0x40001000) == NULL);
	CHECK(pa_to_page(0x40002000) != NULL);
	CHECK(pa_to_page(0x41000000) == NULL);
	CHECK(pa_to_page(0x411ff000) == NULL);
	CHECK(pa_to_page(0x41200000) != NULL);
	CHECK(pa_to_page(0x44000000) == NULL); /* gap between banks */
	CHECK(pa_to_page(0x507ff000) == NULL); /* frame tables sit at the top */
	CHECK(pa_to_page(0x0) == NULL);

	while ((pa = alloc_pages(0, NULL)) != INVALID_PADDR) {
		uint64_t f = (pa - FAKE_BASE) >> 12;

		CHECK(pa >= FAKE_BASE && f < frames);
		if (f >= frames)
			break;
		CHECK(!seen[f]);
		seen[f] = 1;
		CHECK(!(pa >= 0x40000000 && pa < 0x40002000));
		CHECK(!(pa >= 0x41000000 && pa < 0x41200000));
		CHECK(!(pa >= 0x44000000 && pa < 0x50000000));
		CHECK(pa < 0x50800000 - (144 << 12));
		n++;
	}
	CHECK_EQ(n, expect);
	CHECK_EQ(page_alloc_free_pages(), 0);
	for (uint64_t f = 0; f < frames; f++)
		if (seen[f])
			free_pages(FAKE_BASE + (f << 12), 0);
	CHECK_EQ(page_alloc_free_pages(), expect);
	CHECK_EQ(page_alloc_bad_ops(), 0);
	free(seen);
}

/* ------------------------------------------------------------ alloc/free */

UNIT_TEST(all_orders)
{
	uint64_t before;

	/* 2 GiB: [1 GiB, 2 GiB) stays a whole order-18 block. */
	CHECK_EQ(init1(FAKE_BASE, FAKE_BASE + FAKE_SIZE), 0);
	before = page_alloc_free_pages();
	CHECK_EQ(before, page_alloc_total_pages());
	CHECK_EQ(before, (FAKE_SIZE >> 12) - (FAKE_SIZE >> 12) * 32 / 4096);

	for (unsigned order = 0; order <= PAGE_MAX_ORDER; order++) {
		paddr_t pa = alloc_pages(order, NULL);
		struct page_info *pg;

		CHECK(pa != INVALID_PADDR);
		if (pa == INVALID_PADDR)
			continue;
		CHECK(IS_ALIGNED(pa, PAGE_SIZE << order));
		CHECK_EQ(page_alloc_free_pages(), before - (1ULL << order));
		pg = pa_to_page(pa);
		CHECK(pg != NULL);
		CHECK_EQ(pg->flags, PGF_ALLOCATED | PGF_HEAD);
		CHECK_EQ(pg->order, order);
		if (order) {
			pg = pa_to_page(pa + (PAGE_SIZE << order) - PAGE_SIZE);
			CHECK_EQ(pg->flags, PGF_ALLOCATED);
			CHECK_EQ(pg->order, order);
		}
		CHECK_EQ(free_pages_checked(pa, order), 0);
		CHECK_EQ(page_alloc_free_pages(), before);
		CHECK_EQ(pa_to_page(pa)->flags & (PGF_FREE | PGF_ALLOCATED), PGF_FREE);
	}
	CHECK(alloc_pages(PAGE_MAX_ORDER + 1, NULL) == INVALID_PADDR);
	/* Only one 1 GiB block exists. */
	{
		paddr_t a = alloc_pages(PAGE_MAX_ORDER, NULL);

		CHECK_EQ(a, FAKE_BASE);
		CHECK(alloc_pages(PAGE_MAX_ORDER, NULL) == INVALID_PADDR);
		free_pages(a, PAGE_MAX_ORDER);
	}
	CHECK_EQ(page_alloc_free_pages(), before);
}

UNIT_TEST(exhaustion_and_exact_coalescing)
{
	uint64_t before, n = 0;
	paddr_t *pas;
	char *d0, *d1;

	/* 64 MiB + 20 KiB, unaligned end: a mix of block sizes. */
	CHECK_EQ(init1(FAKE_BASE + 0x3000, FAKE_BASE + MiB(64) + 0x5000), 0);
	before = page_alloc_free_pages();
	d0 = dump();
	CHECK(strstr(d0, "pages free") != NULL);
	pas = calloc(before, sizeof(*pas));

	while (n < before + 1) {
		paddr_t pa = alloc_pages(0, NULL);

		if (pa == INVALID_PADDR)
			break;
		pas[n++] = pa;
	}
	CHECK_EQ(n, before);
	CHECK(alloc_pages(0, NULL) == INVALID_PADDR);
	CHECK(alloc_pages(3, NULL) == INVALID_PADDR);
	CHECK_EQ(page_alloc_free_pages(), 0);

	/* Free in a scrambled order (stride coprime with n). */
	for (uint64_t i = 0, j = 0; i < n; i++, j = (j + 7919) % n)
		CHECK_EQ(free_pages_checked(pas[j], 0), 0);
	CHECK_EQ(page_alloc_free_pages(), before);
	d1 = dump();
	/* Same free blocks per order as right after init: fully coalesced. */
	CHECK(strcmp(d0, d1) == 0);
	free(d0);
	free(d1);
	free(pas);
}

UNIT_TEST(owner_accounting_and_limit)
{
	struct page_owner o = { .pages = 0, .max_pages = 10, .domid = 3 };
	struct page_owner u = { 0 };
	paddr_t a, b, c;

	CHECK_EQ(init1(FAKE_BASE, FAKE_BASE + MiB(16)), 0);
	a = alloc_pages(3, &o);
	CHECK(a != INVALID_PADDR);
	CHECK_EQ(o.pages, 8);
	CHECK(pa_to_page(a)->owner == &o);
	CHECK(pa_to_page(a + 7 * PAGE_SIZE)->owner == &o);
	CHECK(alloc_pages(2, &o) == INVALID_PADDR); /* 12 > 10 */
	CHECK_EQ(o.pages, 8);
	b = alloc_pages(1, &o);
	CHECK(b != INVALID_PADDR);
	CHECK_EQ(o.pages, 10);
	CHECK(alloc_pages(0, &o) == INVALID_PADDR);
	free_pages(a, 3);
	CHECK_EQ(o.pages, 2);
	c = alloc_pages(3, &o);
	CHECK(c != INVALID_PADDR);
	CHECK_EQ(o.pages, 10);
	free_pages(b, 1);
	free_pages(c, 3);
	CHECK_EQ(o.pages, 0);

	/* max_pages == 0: unlimited; hypervisor allocations charge nobody. */
	a = alloc_pages(10, &u);
	CHECK(a != INVALID_PADDR);
	CHECK_EQ(u.pages, 1024);
	CHECK(pa_to_page(a)->owner == &u);
	free_pages(a, 10);
	CHECK_EQ(u.pages, 0);
	a = alloc_pages(0, NULL);
	CHECK(pa_to_page(a)->owner == NULL);
	free_pages(a, 0);
	CHECK_EQ(page_alloc_bad_ops(), 0);
}

UNIT_TEST(bad_frees_detected)
{
	uint64_t before;
	paddr_t pa;

	CHECK_EQ(init1(FAKE_BASE, FAKE_BASE + MiB(16)), 0);
	before = page_alloc_free_pages();
	pa = alloc_pages(2, NULL);
	CHECK_EQ(free_pages_checked(pa, 1), -EINVAL);             /* wrong order */
	CHECK_EQ(free_pages_checked(pa, 3), -EINVAL);             /* wrong order */
	CHECK_EQ(free_pages_checked(pa + PAGE_SIZE, 0), -EINVAL); /* tail */
	CHECK_EQ(free_pages_checked(pa + 1, 2), -EINVAL);         /* misaligned */
	CHECK_EQ(free_pages_checked(0x1000, 0), -EINVAL);         /* unmanaged */
	CHECK_EQ(page_alloc_free_pages(), before - 4);
	CHECK_EQ(free_pages_checked(pa, 2), 0);
	CHECK_EQ(page_alloc_free_pages(), before);
	CHECK_EQ(free_pages_checked(pa, 2), -EINVAL); /* double free */
	CHECK_EQ(free_pages_checked(pa, 0), -EINVAL); /* free page */
	CHECK_EQ(page_alloc_bad_ops(), 0);
	free_pages(pa, 2);
	CHECK_EQ(page_alloc_bad_ops(), 1);
	CHECK_EQ(page_alloc_free_pages(), before);
	/* The allocator still hands out every page exactly once. */
	CHECK(alloc_pages(2, NULL) != INVALID_PADDR);
	CHECK_EQ(page_alloc_free_pages(), before - 4);
}

UNIT_TEST(refcount_defers_free)
{
	struct page_owner o = { 0 };
	uint64_t before;
	paddr_t pa;

	CHECK_EQ(init1(FAKE_BASE, FAKE_BASE + MiB(16)), 0);
	before = page_alloc_free_pages();
	pa = alloc_pages(1, &o);
	CHECK_EQ(pa_to_page(pa)->refcount, 0);
	CHECK_EQ(page_get(pa + PAGE_SIZE), 0);
	CHECK_EQ(page_get(pa + PAGE_SIZE), 0);
	CHECK_EQ(pa_to_page(pa + PAGE_SIZE)->refcount, 2);
	page_put(pa + PAGE_SIZE);
	CHECK_EQ(pa_to_page(pa + PAGE_SIZE)->refcount, 1);

	CHECK_EQ(free_pages_checked(pa, 1), 0);
	CHECK_EQ(o.pages, 0);                               /* owner released at once */
	CHECK(pa_to_page(pa + PAGE_SIZE)->owner == NULL);
	CHECK_EQ(page_alloc_free_pages(), before - 2);      /* but not free yet */
	CHECK(pa_to_page(pa)->flags & PGF_PENDING);
	CHECK_EQ(page_get(pa), -EINVAL);                    /* no new references */
	CHECK_EQ(free_pages_checked(pa, 1), -EINVAL);       /* no second free */
	CHECK(page_is_orphan_ref(pa + PAGE_SIZE));          /* a mapping still holds it */
	CHECK(!page_is_orphan_ref(pa));                     /* no reference on this one */
	page_put(pa + PAGE_SIZE);
	CHECK(!page_is_orphan_ref(pa + PAGE_SIZE));         /* released */
	CHECK_EQ(page_alloc_free_pages(), before);
	CHECK(pa_to_page(pa)->flags & PGF_FREE);

	CHECK_EQ(page_get(pa), -EINVAL); /* free page */
	CHECK_EQ(page_get(0x1000), -EINVAL);
	page_put(pa); /* free page: counted as misuse */
	CHECK_EQ(page_alloc_bad_ops(), 1);

	/* Puts on a live block never free it. */
	pa = alloc_pages(0, NULL);
	CHECK_EQ(page_get(pa), 0);
	CHECK(!page_is_orphan_ref(pa)); /* referenced, but its owner still has it */
	page_put(pa);
	CHECK_EQ(page_alloc_free_pages(), before - 1);
	page_put(pa); /* underflow: refused */
	CHECK_EQ(page_alloc_bad_ops(), 2);
	free_pages(pa, 0);
	CHECK_EQ(page_alloc_free_pages(), before);
}

UNIT_TEST(split_then_free_singly)
{
	struct page_owner o = { 0 };
	uint64_t before;
	paddr_t pa;

	CHECK_EQ(init1(FAKE_BASE, FAKE_BASE + MiB(16)), 0);
	before = page_alloc_free_pages();
	pa = alloc_pages(9, &o);
	CHECK_EQ(split_pages(pa, 8), -EINVAL);
	CHECK_EQ(split_pages(pa, 9), 0);
	CHECK_EQ(pa_to_page(pa + 5 * PAGE_SIZE)->flags, PGF_ALLOCATED | PGF_HEAD);
	CHECK(pa_to_page(pa + 5 * PAGE_SIZE)->owner == &o);
	for (unsigned i = 0; i < 512; i += 2)
		CHECK_EQ(free_pages_checked(pa + i * PAGE_SIZE, 0), 0);
	CHECK_EQ(o.pages, 256);
	for (unsigned i = 1; i < 512; i += 2)
		CHECK_EQ(free_pages_checked(pa + i * PAGE_SIZE, 0), 0);
	CHECK_EQ(o.pages, 0);
	CHECK_EQ(page_alloc_free_pages(), before);
	/* Coalesced back: the same 2 MiB block is available again. */
	CHECK_EQ(alloc_pages(9, NULL), pa);
}

UNIT_TEST(zeroed_allocation)
{
	paddr_t pa;
	unsigned char *p;
	int nonzero = 0;

	CHECK_EQ(init1(FAKE_BASE, FAKE_BASE + MiB(16)), 0);
	pa = alloc_pages(2, NULL);
	memset(pa_to_va(pa), 0xaa, 4 * PAGE_SIZE);
	CHECK(va_to_pa(pa_to_va(pa)) == pa);
	free_pages(pa, 2);
	CHECK_EQ(alloc_pages_zeroed(2, NULL), pa); /* LIFO: the same block */
	p = pa_to_va(pa);
	for (unsigned i = 0; i < 4 * PAGE_SIZE; i++)
		nonzero |= p[i];
	CHECK_EQ(nonzero, 0);
}

UNIT_MAIN()

/*
 * The lock-free reference protocol under real concurrency: threads take and
 * drop references on the frames of a block (page_get_mapped() while the block
 * is live, then the locked page_get() that refuses a freed block) while the
 * owner frees it, their last puts racing the free. Whatever the interleaving,
 * the block is released exactly once, by whoever drops the last reference
 * (free or a put), and no put is counted as bad. (The store-load window the
 * fences in free_pages_checked()/page_put() close is a few instructions wide:
 * this checks outcomes under real races, it cannot force that interleaving.)
 */
struct ref_thread {
	paddr_t pa;
	int churn; /* get/put pairs before the last put: small, to race the free */
	pthread_barrier_t *go;
};

static void *ref_churn(void *arg)
{
	struct ref_thread *t = arg;

	pthread_barrier_wait(t->go);
	for (int i = 0; i < t->churn; i++) {
		if (page_get(t->pa))
			break; /* freed by its owner: no new references */
		page_put(t->pa);
	}
	page_put(t->pa); /* the reference held since before the free */
	return NULL;
}

UNIT_TEST(refcount_races_with_free)
{
	enum { THREADS = 3, ROUNDS = 3000 };
	uint64_t before, bad;

	CHECK_EQ(init1(FAKE_BASE, FAKE_BASE + MiB(16)), 0);
	before = page_alloc_free_pages();
	bad = page_alloc_bad_ops();
	for (int r = 0; r < ROUNDS; r++) {
		struct page_owner o = { 0 };
		pthread_barrier_t go;
		pthread_t th[THREADS];
		struct ref_thread t[THREADS];
		paddr_t pa = alloc_pages(1, &o);

		CHECK(pa != INVALID_PADDR);
		pthread_barrier_init(&go, NULL, THREADS + 1);
		for (int i = 0; i < THREADS; i++) {
			t[i] = (struct ref_thread){ pa + (i & 1) * PAGE_SIZE, (r + i) % 4, &go };
			CHECK_EQ(page_get_mapped(t[i].pa), 0);
			pthread_create(&th[i], NULL, ref_churn, &t[i]);
		}
		pthread_barrier_wait(&go);
		CHECK_EQ(free_pages_checked(pa, 1), 0);
		for (int i = 0; i < THREADS; i++)
			pthread_join(th[i], NULL);
		pthread_barrier_destroy(&go);
		CHECK_EQ(page_alloc_free_pages(), before);
		CHECK(pa_to_page(pa)->flags & PGF_FREE);
		CHECK_EQ(o.pages, 0);
	}
	CHECK_EQ(page_alloc_bad_ops(), bad);
	/* page_get_mapped() on frames the allocator does not hand out: refused. */
	CHECK_EQ(page_get_mapped(0x1000), -EINVAL);
	CHECK_EQ(page_get_mapped(FAKE_BASE + MiB(20)), -EINVAL);
}
