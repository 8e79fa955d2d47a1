/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the stage-2 table builder: block/page selection, splitting,
 * break-before-make TLB flushes (counted by hyp/arch/fake/stage2_fake.c),
 * table-page accounting and the exact descriptor bits.
 * Table pages come from the real page allocator over a fake RAM arena.
 */
#include <hyp/errno.h>
#include <hyp/pa.h>
#include <hyp/page_alloc.h>
#include <sys/mman.h>

#include "../../hyp/arch/arm64/include/asm/stage2.h"
#include "unit.h"

extern unsigned long fake_s2_flush_ipa_count;
extern unsigned long fake_s2_flush_vmid_count;
extern unsigned long fake_s2_sync_count;
extern uint16_t fake_s2_last_vmid;
extern ipa_t fake_s2_last_ipa;

#define FAKE_BASE 0x40000000ULL
#define FAKE_SIZE MiB(64)

static uint64_t free_at_start;

static void setup(void)
{
	static void *arena;
	struct mem_range ram = { FAKE_BASE, FAKE_BASE + FAKE_SIZE };

	if (!arena) {
		arena = mmap(NULL, FAKE_SIZE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (arena == MAP_FAILED) {
			perror("mmap");
			exit(2);
		}
		fake_phys_offset = (uintptr_t)arena - FAKE_BASE;
	}
	if (page_alloc_init(&ram, 1, NULL, 0)) {
		fprintf(stderr, "page_alloc_init failed\n");
		exit(2);
	}
	free_at_start = page_alloc_free_pages();
}

/* Every page of [ipa, ipa + size) translates to pa + offset with type t. */
static int check_range(struct stage2 *s2, ipa_t ipa, paddr_t pa, uint64_t size,
		       enum s2_type t, uint64_t want_map_size)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		paddr_t got = 0;
		enum s2_type gt = S2_DEVICE_RW + 1;
		uint64_t ms = 0;

		if (stage2_lookup(s2, ipa + off, &got, &gt, &ms) != 0 || got != pa + off ||
		    gt != t || (want_map_size && ms != want_map_size)) {
			fprintf(stderr, "ipa %#llx: pa %#llx type %d size %#llx\n",
				(unsigned long long)(ipa + off), (unsigned long long)got, gt,
				(unsigned long long)ms);
			return 0;
		}
	}
	return 1;
}

static int check_unmapped(struct stage2 *s2, ipa_t ipa, uint64_t size)
{
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		if (stage2_lookup(s2, ipa + off, NULL, NULL, NULL) != -ENOENT)
			return 0;
	return 1;
}

UNIT_TEST(init_root_and_registers)
{
	struct stage2 s2, s39, s48;

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 5, NULL), 0);
	CHECK(IS_ALIGNED(s2.root, KiB(8)));
	CHECK_EQ(s2.table_pages, 2);
	CHECK_EQ(page_alloc_free_pages(), free_at_start - 2);
	CHECK_EQ(stage2_vttbr(&s2), (5ULL << 48) | s2.root);
	/* T0SZ 24, SL0 1, IRGN/ORGN WBWA, SH inner, TG0 4K, PS 44 bits, RES1. */
	CHECK_EQ(stage2_vtcr(40, 44), 0x80043558ULL);
	CHECK_EQ(stage2_vtcr(39, 40), 0x80023559ULL);
	CHECK_EQ(stage2_vtcr(48, 48), 0x80053590ULL); /* T0SZ 16, SL0 2 */
	CHECK_EQ(stage2_vtcr(40, 46), 0x80043558ULL); /* rounds PS down */

	CHECK_EQ(stage2_init(&s39, 39, 1, NULL), 0);
	CHECK_EQ(s39.table_pages, 1);
	CHECK_EQ(stage2_init(&s48, 48, 2, NULL), 0);
	CHECK_EQ(s48.table_pages, 1);
	stage2_destroy(&s48);
	CHECK_EQ(stage2_init(&s48, 31, 2, NULL), -EINVAL);
	CHECK_EQ(stage2_init(&s48, 49, 2, NULL), -EINVAL);
	stage2_destroy(&s2);
	stage2_destroy(&s39);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(aligned_range_uses_blocks)
{
	struct stage2 s2;
	uint64_t *l1;

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 1, NULL), 0);
	CHECK_EQ(stage2_map(&s2, GiB(2), GiB(8), MiB(6), S2_RAM_RWX), 0);
	/* root (2) + one level-2 table holding three 2 MiB blocks */
	CHECK_EQ(s2.table_pages, 3);
	CHECK(check_range(&s2, GiB(2), GiB(8), MiB(6), S2_RAM_RWX, MiB(2)));
	CHECK(check_unmapped(&s2, GiB(2) + MiB(6), MiB(2)));
	CHECK(check_unmapped(&s2, GiB(2) - PAGE_SIZE, PAGE_SIZE));

	/* A 1 GiB aligned GiB: one level-1 block, no new table. */
	CHECK_EQ(stage2_map(&s2, GiB(600), GiB(3), GiB(1), S2_RAM_RW), 0);
	CHECK_EQ(s2.table_pages, 3);
	CHECK(check_range(&s2, GiB(600), GiB(3), MiB(4), S2_RAM_RW, GiB(1)));
	CHECK(check_range(&s2, GiB(601) - MiB(2), GiB(4) - MiB(2), MiB(2), S2_RAM_RW, GiB(1)));
	/* GiB 600 sits in the second concatenated root page (index 600 > 511). */
	l1 = pa_to_va(s2.root);
	CHECK_EQ(l1[600], stage2_make_desc(GiB(3), S2_RAM_RW, 1));
	CHECK_EQ(l1[600] & 3, 1);
	CHECK_EQ(l1[2] & 3, 3); /* table */

	stage2_destroy(&s2);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(unaligned_range_uses_pages)
{
	struct stage2 s2;

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 1, NULL), 0);
	/* ipa and pa disagree modulo 2 MiB: pages only. */
	CHECK_EQ(stage2_map(&s2, 0x10001000, 0x80003000, MiB(4), S2_RAM_RWX), 0);
	CHECK(check_range(&s2, 0x10001000, 0x80003000, MiB(4), S2_RAM_RWX, PAGE_SIZE));
	/* root 2 + L2 1 + L3 3 (the range touches three 2 MiB slots) */
	CHECK_EQ(s2.table_pages, 6);

	/* Mixed: page, 2 MiB block, page. */
	CHECK_EQ(stage2_map(&s2, GiB(4) - PAGE_SIZE, GiB(6) - PAGE_SIZE, MiB(2) + 2 * PAGE_SIZE,
			    S2_DEVICE_RW), 0);
	CHECK(check_range(&s2, GiB(4) - PAGE_SIZE, GiB(6) - PAGE_SIZE, PAGE_SIZE, S2_DEVICE_RW,
			  PAGE_SIZE));
	CHECK(check_range(&s2, GiB(4), GiB(6), MiB(2), S2_DEVICE_RW, MiB(2)));
	CHECK(check_range(&s2, GiB(4) + MiB(2), GiB(6) + MiB(2), PAGE_SIZE, S2_DEVICE_RW,
			  PAGE_SIZE));
	stage2_destroy(&s2);
	CHECK_EQ(s2.table_pages, 0);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(remap_part_of_block_splits)
{
	struct stage2 s2;
	unsigned long flushes;
	uint64_t pages;

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 7, NULL), 0);
	CHECK_EQ(stage2_map(&s2, GiB(2), GiB(8), MiB(6), S2_RAM_RWX), 0);
	pages = s2.table_pages;

	/* Identical remap: nothing to break, no flush. */
	flushes = fake_s2_flush_ipa_count + fake_s2_flush_vmid_count;
	CHECK_EQ(stage2_map(&s2, GiB(2), GiB(8), MiB(6), S2_RAM_RWX), 0);
	CHECK_EQ(fake_s2_flush_ipa_count + fake_s2_flush_vmid_count, flushes);
	/* Mapping fresh space never flushes. */
	CHECK_EQ(stage2_map(&s2, GiB(3), GiB(8), MiB(2), S2_RAM_RWX), 0);
	CHECK_EQ(fake_s2_flush_ipa_count + fake_s2_flush_vmid_count, flushes);
	CHECK_EQ(stage2_unmap(&s2, GiB(3), MiB(2)), 0);
	flushes = fake_s2_flush_ipa_count;

	/* One page in the middle block changes. */
	CHECK_EQ(stage2_map(&s2, GiB(2) + MiB(2) + PAGE_SIZE, 0x12345000, PAGE_SIZE, S2_RAM_RO), 0);
	CHECK(fake_s2_flush_ipa_count > flushes);
	CHECK_EQ(fake_s2_last_vmid, 7);
	CHECK_EQ(s2.table_pages, pages + 1);
	CHECK(check_range(&s2, GiB(2) + MiB(2) + PAGE_SIZE, 0x12345000, PAGE_SIZE, S2_RAM_RO,
			  PAGE_SIZE));
	CHECK(check_range(&s2, GiB(2) + MiB(2), GiB(8) + MiB(2), PAGE_SIZE, S2_RAM_RWX, PAGE_SIZE));
	CHECK(check_range(&s2, GiB(2) + MiB(2) + 2 * PAGE_SIZE, GiB(8) + MiB(2) + 2 * PAGE_SIZE,
			  MiB(2) - 2 * PAGE_SIZE, S2_RAM_RWX, PAGE_SIZE));
	/* Neighbouring blocks untouched. */
	CHECK(check_range(&s2, GiB(2), GiB(8), MiB(2), S2_RAM_RWX, MiB(2)));
	CHECK(check_range(&s2, GiB(2) + MiB(4), GiB(8) + MiB(4), MiB(2), S2_RAM_RWX, MiB(2)));

	/* Split a 1 GiB block down to a page: two new tables. */
	CHECK_EQ(stage2_map(&s2, GiB(5), GiB(9), GiB(1), S2_RAM_RWX), 0);
	pages = s2.table_pages;
	flushes = fake_s2_flush_ipa_count;
	CHECK_EQ(stage2_map(&s2, GiB(5) + MiB(300), 0x40000000, PAGE_SIZE, S2_RAM_RW), 0);
	CHECK_EQ(s2.table_pages, pages + 2);
	/* 1G -> table, 2M -> table, then the page itself (all break-before-make) */
	CHECK_EQ(fake_s2_flush_ipa_count, flushes + 3);
	CHECK(check_range(&s2, GiB(5), GiB(9), MiB(2), S2_RAM_RWX, MiB(2)));
	CHECK(check_range(&s2, GiB(5) + MiB(300), 0x40000000, PAGE_SIZE, S2_RAM_RW, PAGE_SIZE));
	CHECK(check_range(&s2, GiB(5) + MiB(300) + PAGE_SIZE, GiB(9) + MiB(300) + PAGE_SIZE,
			  MiB(2) - PAGE_SIZE, S2_RAM_RWX, PAGE_SIZE));
	CHECK(check_range(&s2, GiB(6) - MiB(2), GiB(10) - MiB(2), MiB(2), S2_RAM_RWX, MiB(2)));

	/* A block over a table replaces the subtree: VMID flush, table freed. */
	flushes = fake_s2_flush_vmid_count;
	pages = s2.table_pages;
	CHECK_EQ(stage2_map(&s2, GiB(2) + MiB(2), GiB(8) + MiB(2), MiB(2), S2_RAM_RWX), 0);
	CHECK_EQ(fake_s2_flush_vmid_count, flushes + 1);
	CHECK_EQ(s2.table_pages, pages - 1);
	CHECK(check_range(&s2, GiB(2), GiB(8), MiB(6), S2_RAM_RWX, MiB(2)));

	stage2_destroy(&s2);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(unmap)
{
	struct stage2 s2;
	unsigned long flushes;

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 3, NULL), 0);
	CHECK_EQ(stage2_map(&s2, GiB(2), GiB(8), MiB(6), S2_RAM_RWX), 0);
	CHECK_EQ(stage2_map(&s2, GiB(2) + MiB(6), GiB(1), MiB(1), S2_RAM_RWX), 0);

	/* A page out of the middle of a block. */
	flushes = fake_s2_flush_ipa_count;
	CHECK_EQ(stage2_unmap(&s2, GiB(2) + MiB(3), PAGE_SIZE), 0);
	CHECK(fake_s2_flush_ipa_count > flushes);
	CHECK(check_unmapped(&s2, GiB(2) + MiB(3), PAGE_SIZE));
	CHECK(check_range(&s2, GiB(2) + MiB(2), GiB(8) + MiB(2), MiB(1), S2_RAM_RWX, PAGE_SIZE));
	CHECK(check_range(&s2, GiB(2) + MiB(3) + PAGE_SIZE, GiB(8) + MiB(3) + PAGE_SIZE,
			  MiB(1) - PAGE_SIZE, S2_RAM_RWX, PAGE_SIZE));
	CHECK(check_range(&s2, GiB(2), GiB(8), MiB(2), S2_RAM_RWX, MiB(2)));

	/* Everything (and unmapped space around it): tables become empty and go. */
	flushes = fake_s2_flush_ipa_count;
	CHECK_EQ(stage2_unmap(&s2, GiB(2) - MiB(2), MiB(12)), 0);
	CHECK(fake_s2_flush_ipa_count > flushes);
	CHECK(check_unmapped(&s2, GiB(2), MiB(8)));
	CHECK_EQ(s2.table_pages, 2);
	CHECK_EQ(page_alloc_free_pages(), free_at_start - 2);

	/* Unmapping nothing is fine and flushes nothing. */
	flushes = fake_s2_flush_ipa_count;
	CHECK_EQ(stage2_unmap(&s2, GiB(100), GiB(2)), 0);
	CHECK_EQ(fake_s2_flush_ipa_count, flushes);
	stage2_destroy(&s2);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(descriptor_bits)
{
	uint64_t d;

	d = stage2_make_desc(0x123456000, S2_RAM_RWX, 3);
	CHECK_EQ(d & 3, 3);                    /* page */
	CHECK_EQ((d >> 2) & 0xf, 0xf);         /* Normal WB */
	CHECK_EQ((d >> 6) & 3, 3);             /* S2AP RW */
	CHECK_EQ((d >> 8) & 3, 3);             /* inner shareable */
	CHECK_EQ((d >> 10) & 1, 1);            /* AF */
	CHECK_EQ((d >> 53) & 3, 0);            /* executable */
	CHECK_EQ(d & S2_OA_MASK, 0x123456000);
	CHECK_EQ(d, 0x123456000ULL | 0x7ffULL | ((uint64_t)S2_RAM_RWX << 55));

	d = stage2_make_desc(0x40000000, S2_RAM_RW, 1);
	CHECK_EQ(d & 3, 1); /* block */
	CHECK_EQ((d >> 6) & 3, 3);
	CHECK_EQ((d >> 53) & 3, 2); /* XN */
	CHECK_EQ((d >> 2) & 0xf, 0xf);

	d = stage2_make_desc(0x200000, S2_RAM_RO, 2);
	CHECK_EQ(d & 3, 1);
	CHECK_EQ((d >> 6) & 3, 1); /* read-only */
	CHECK_EQ((d >> 53) & 3, 0);
	CHECK_EQ((d >> 8) & 3, 3);

	d = stage2_make_desc(0x9000000, S2_DEVICE_RW, 3);
	CHECK_EQ((d >> 2) & 0xf, 1); /* Device-nGnRE */
	CHECK_EQ((d >> 6) & 3, 3);
	CHECK_EQ((d >> 53) & 3, 2);
	CHECK_EQ((d >> 10) & 1, 1);
	CHECK_EQ(d & ~(0xfULL << 55), 0x9000000ULL | (2ULL << 53) | 0x4c7ULL);
}

UNIT_TEST(descriptors_in_tables)
{
	struct stage2 s2;
	uint64_t *l1, *l2, *l3;

	setup();
	CHECK_EQ(stage2_init(&s2, 39, 1, NULL), 0);
	CHECK_EQ(stage2_map(&s2, 0x9000000, 0x9000000, PAGE_SIZE, S2_DEVICE_RW), 0);
	l1 = pa_to_va(s2.root);
	CHECK_EQ(l1[0] & 3, 3);
	l2 = pa_to_va(l1[0] & S2_OA_MASK);
	CHECK_EQ(l2[0x9000000 >> 21] & 3, 3);
	l3 = pa_to_va(l2[0x9000000 >> 21] & S2_OA_MASK);
	CHECK_EQ(l3[0], stage2_make_desc(0x9000000, S2_DEVICE_RW, 3));
	CHECK_EQ(l3[1], 0);
	stage2_destroy(&s2);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(range_checks)
{
	struct stage2 s2, s39;

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 1, NULL), 0);
	CHECK_EQ(stage2_map(&s2, (1ULL << 40) - PAGE_SIZE, 0, 2 * PAGE_SIZE, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s2, 1ULL << 40, 0, PAGE_SIZE, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s2, ~0ULL & PAGE_MASK, 0, 2 * PAGE_SIZE, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s2, 0x1800, 0, PAGE_SIZE, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s2, 0x1000, 0x800, PAGE_SIZE, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s2, 0x1000, 0x1000, 0x800, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s2, 0x1000, 0x1000, 0, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s2, 0x1000, 1ULL << 48, PAGE_SIZE, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s2, 0x1000, 0x1000, PAGE_SIZE, (enum s2_type)9), -EINVAL);
	CHECK_EQ(stage2_unmap(&s2, 1ULL << 40, PAGE_SIZE), -EINVAL);
	CHECK_EQ(s2.table_pages, 2);
	/* The last page of the space is fine. */
	CHECK_EQ(stage2_map(&s2, (1ULL << 40) - PAGE_SIZE, 0x5000, PAGE_SIZE, S2_RAM_RW), 0);
	CHECK(check_range(&s2, (1ULL << 40) - PAGE_SIZE, 0x5000, PAGE_SIZE, S2_RAM_RW, PAGE_SIZE));
	CHECK_EQ(stage2_lookup(&s2, 1ULL << 40, NULL, NULL, NULL), -ENOENT);
	stage2_destroy(&s2);

	CHECK_EQ(stage2_init(&s39, 39, 1, NULL), 0);
	CHECK_EQ(stage2_map(&s39, 1ULL << 39, 0, PAGE_SIZE, S2_RAM_RW), -EINVAL);
	CHECK_EQ(stage2_map(&s39, (1ULL << 39) - GiB(1), GiB(2), GiB(1), S2_RAM_RW), 0);
	CHECK(check_range(&s39, (1ULL << 39) - PAGE_SIZE, GiB(3) - PAGE_SIZE, PAGE_SIZE, S2_RAM_RW,
			  GiB(1)));
	stage2_destroy(&s39);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(level0_start_48bit)
{
	struct stage2 s2;
	ipa_t ipa = 0x7f0000000000ULL + 0x5000;

	setup();
	CHECK_EQ(stage2_init(&s2, 48, 9, NULL), 0);
	CHECK_EQ(stage2_map(&s2, ipa, 0x1000, MiB(3), S2_RAM_RWX), 0);
	CHECK(check_range(&s2, ipa, 0x1000, MiB(3), S2_RAM_RWX, PAGE_SIZE));
	CHECK_EQ(stage2_map(&s2, GiB(512), GiB(1), GiB(1), S2_RAM_RWX), 0);
	CHECK(check_range(&s2, GiB(512), GiB(1), MiB(1), S2_RAM_RWX, GiB(1)));
	CHECK_EQ(stage2_unmap(&s2, ipa, MiB(3)), 0);
	CHECK(check_unmapped(&s2, ipa, MiB(3)));
	stage2_destroy(&s2);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(out_of_table_pages_stays_consistent)
{
	struct page_owner o = { .max_pages = 3 };
	struct stage2 s2;
	unsigned long flushes;

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 1, &o), 0);
	CHECK_EQ(o.pages, 2);
	/* A 2 MiB block needs one level-2 table: fits. */
	CHECK_EQ(stage2_map(&s2, GiB(2), GiB(8), MiB(2), S2_RAM_RWX), 0);
	CHECK_EQ(o.pages, 3);
	/* Splitting it needs a level-3 table: refused, block left intact. */
	flushes = fake_s2_flush_ipa_count;
	CHECK_EQ(stage2_map(&s2, GiB(2) + PAGE_SIZE, 0x1000, PAGE_SIZE, S2_RAM_RO), -ENOMEM);
	CHECK_EQ(fake_s2_flush_ipa_count, flushes);
	CHECK(check_range(&s2, GiB(2), GiB(8), MiB(2), S2_RAM_RWX, MiB(2)));
	CHECK_EQ(stage2_unmap(&s2, GiB(2), PAGE_SIZE), -ENOMEM);
	CHECK(check_range(&s2, GiB(2), GiB(8), MiB(2), S2_RAM_RWX, MiB(2)));
	/* Elsewhere: new level-2 table refused, nothing mapped. */
	CHECK_EQ(stage2_map(&s2, GiB(7), GiB(8), MiB(2), S2_RAM_RWX), -ENOMEM);
	CHECK(check_unmapped(&s2, GiB(7), MiB(2)));
	CHECK_EQ(s2.table_pages, 3);
	stage2_destroy(&s2);
	CHECK_EQ(o.pages, 0);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

UNIT_TEST(destroy_frees_every_table)
{
	struct stage2 s2;
	unsigned long vmid_flushes = fake_s2_flush_vmid_count;

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 4, NULL), 0);
	/* Scatter pages over many tables. */
	for (unsigned i = 0; i < 64; i++)
		CHECK_EQ(stage2_map(&s2, GiB(i * 7 % 1024) + MiB(i * 2) + PAGE_SIZE * i,
				    0x40000000 + PAGE_SIZE * i, PAGE_SIZE * 3, S2_RAM_RWX), 0);
	CHECK(s2.table_pages > 64);
	CHECK_EQ(page_alloc_free_pages(), free_at_start - s2.table_pages);
	stage2_destroy(&s2);
	CHECK_EQ(s2.root, 0);
	CHECK_EQ(s2.table_pages, 0);
	CHECK(fake_s2_flush_vmid_count > vmid_flushes);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
	CHECK_EQ(page_alloc_bad_ops(), 0);
	CHECK_EQ(stage2_lookup(&s2, 0, NULL, NULL, NULL), -ENOENT);
	CHECK_EQ(stage2_map(&s2, 0, 0, PAGE_SIZE, S2_RAM_RW), -EINVAL);
}

UNIT_MAIN()

/*
 * Single pages under existing tables (the grant map/unmap path): written in
 * place, with the same descriptors, counts and flushes as the general walk;
 * the page that empties its table still frees the table.
 */
UNIT_TEST(single_page_fast_paths)
{
	struct stage2 s2;
	unsigned long flushes;
	ipa_t base = GiB(3);

	setup();
	CHECK_EQ(stage2_init(&s2, 40, 4, NULL), 0);
	CHECK_EQ(stage2_map(&s2, base, 0x80000000, PAGE_SIZE, S2_RAM_RWX), 0);
	CHECK_EQ(s2.table_pages, 4); /* root (2 concatenated) + L2 + L3 */
	/* Second page of the same L3 table: no new table, no flush (new entry). */
	flushes = fake_s2_flush_ipa_count;
	CHECK_EQ(stage2_map(&s2, base + PAGE_SIZE, 0x80005000, PAGE_SIZE, S2_RAM_RO), 0);
	CHECK_EQ(s2.table_pages, 4);
	CHECK_EQ(fake_s2_flush_ipa_count, flushes);
	CHECK(check_range(&s2, base + PAGE_SIZE, 0x80005000, PAGE_SIZE, S2_RAM_RO, PAGE_SIZE));
	/* Replacing a valid page is break-before-make: one flush of that IPA. */
	CHECK_EQ(stage2_map(&s2, base + PAGE_SIZE, 0x80006000, PAGE_SIZE, S2_RAM_RW), 0);
	CHECK_EQ(fake_s2_flush_ipa_count, flushes + 1);
	CHECK_EQ(fake_s2_last_ipa, base + PAGE_SIZE);
	CHECK(check_range(&s2, base + PAGE_SIZE, 0x80006000, PAGE_SIZE, S2_RAM_RW, PAGE_SIZE));

	/* stage2_unmap_page() only removes the page it is told about. */
	CHECK_EQ(stage2_unmap_page(&s2, base + PAGE_SIZE, 0x80005000), -ENOENT);
	CHECK(check_range(&s2, base + PAGE_SIZE, 0x80006000, PAGE_SIZE, S2_RAM_RW, PAGE_SIZE));
	CHECK_EQ(stage2_unmap_page(&s2, base + 2 * PAGE_SIZE, 0x80006000), -ENOENT);
	CHECK_EQ(stage2_unmap_page(&s2, 1ULL << 40, 0x80006000), -EINVAL);
	flushes = fake_s2_flush_ipa_count;
	CHECK_EQ(stage2_unmap_page(&s2, base + PAGE_SIZE, 0x80006000), 0);
	CHECK_EQ(fake_s2_flush_ipa_count, flushes + 1);
	CHECK(check_unmapped(&s2, base + PAGE_SIZE, PAGE_SIZE));
	CHECK(check_range(&s2, base, 0x80000000, PAGE_SIZE, S2_RAM_RWX, PAGE_SIZE));
	CHECK_EQ(s2.table_pages, 4);
	/* The last page of its table: the table (and the empty L2) go as well. */
	CHECK_EQ(stage2_unmap_page(&s2, base, 0x80000000), 0);
	CHECK(check_unmapped(&s2, base, PAGE_SIZE));
	CHECK_EQ(s2.table_pages, 2);

	/* A page out of a 2 MiB block still splits it (general path). */
	CHECK_EQ(stage2_map(&s2, base, 0x80200000, MiB(2), S2_RAM_RWX), 0);
	CHECK_EQ(stage2_unmap_page(&s2, base + PAGE_SIZE, 0x80201000), 0);
	CHECK(check_unmapped(&s2, base + PAGE_SIZE, PAGE_SIZE));
	CHECK(check_range(&s2, base, 0x80200000, PAGE_SIZE, S2_RAM_RWX, PAGE_SIZE));
	CHECK(check_range(&s2, base + 2 * PAGE_SIZE, 0x80202000, MiB(2) - 2 * PAGE_SIZE,
			  S2_RAM_RWX, PAGE_SIZE));
	stage2_destroy(&s2);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}

/* stage2_get_page(): the page of a mapping of the asked type, referenced. */
UNIT_TEST(get_page)
{
	struct stage2 s2;
	paddr_t ram, pa = 0;

	setup();
	ram = alloc_pages(1, NULL);
	CHECK(ram != INVALID_PADDR);
	CHECK_EQ(stage2_init(&s2, 40, 4, NULL), 0);
	CHECK_EQ(stage2_map(&s2, GiB(1), ram, 2 * PAGE_SIZE, S2_RAM_RWX), 0);
	CHECK_EQ(stage2_map(&s2, GiB(1) + MiB(1), ram, PAGE_SIZE, S2_RAM_RO), 0);
	CHECK_EQ(stage2_get_page(&s2, GiB(1) + PAGE_SIZE + 0x123, S2_RAM_RWX, &pa), 0);
	CHECK_EQ(pa, ram + PAGE_SIZE);
	CHECK_EQ(pa_to_page(ram + PAGE_SIZE)->refcount, 1);
	CHECK_EQ(pa_to_page(ram)->refcount, 0);
	/* Wrong type, unmapped, out of range: no reference taken. */
	CHECK_EQ(stage2_get_page(&s2, GiB(1) + MiB(1), S2_RAM_RWX, &pa), -ENOENT);
	CHECK_EQ(stage2_get_page(&s2, GiB(1) + 2 * PAGE_SIZE, S2_RAM_RWX, &pa), -ENOENT);
	CHECK_EQ(stage2_get_page(&s2, 1ULL << 40, S2_RAM_RWX, &pa), -ENOENT);
	CHECK_EQ(pa_to_page(ram)->refcount, 0);
	/* A mapping of memory the allocator does not own: page_get() refuses. */
	CHECK_EQ(stage2_map(&s2, GiB(2), 0x1000, PAGE_SIZE, S2_RAM_RWX), 0);
	CHECK_EQ(stage2_get_page(&s2, GiB(2), S2_RAM_RWX, &pa), -EINVAL);
	page_put(ram + PAGE_SIZE);
	CHECK_EQ(pa_to_page(ram + PAGE_SIZE)->refcount, 0);
	stage2_destroy(&s2);
	free_pages(ram, 1);
	CHECK_EQ(page_alloc_free_pages(), free_at_start);
}
