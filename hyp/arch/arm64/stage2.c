/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 translation table builder (IPA -> PA), AArch64 VMSAv8-64 with the
 * 4 KiB granule. Portable C: the only hardware access goes through the
 * arch_s2_* TLB hooks, so the same file is unit-tested on the host.
 *
 * Walks are recursive over the levels: a table at level L with base IPA b
 * has entries of size 2^(39 - 9L) bytes. Mapping installs the largest leaf
 * that ipa, pa and the remaining size allow; a leaf that is only partly
 * affected is first split into a next-level table that reproduces it.
 *
 * Every change to a valid entry is break-before-make (Arm ARM D8.16,
 * "Using break-before-make when updating translation table entries"):
 * write an invalid entry, DSB + TLBI for the affected IPA (the whole VMID
 * when a table with a subtree is replaced), then write the new entry.
 * Table pages are freed only after the TLB invalidation that unhooks them.
 *
 * Locking: s2->lock around every operation; page_alloc's lock nests inside.
 */
#include "include/asm/stage2.h"

#include <hyp/errno.h>
#include <hyp/pa.h>

#define S2_ENTRIES 512U /* entries per 4 KiB table */
#define S2_MIN_IPA_BITS 32
#define S2_MAX_IPA_BITS 48
#define S2_MAX_PA (1ULL << 48)

static unsigned level_shift(unsigned level)
{
	return 39 - 9 * level;
}

static unsigned start_level(unsigned ipa_bits)
{
	return ipa_bits <= 40 ? 1 : 0;
}

static unsigned root_entries(unsigned ipa_bits)
{
	return 1U << (ipa_bits - level_shift(start_level(ipa_bits)));
}

/* Order of the root allocation: concatenated tables for > 512 entries. */
static unsigned root_order(unsigned ipa_bits)
{
	unsigned entries = root_entries(ipa_bits);
	unsigned order = 0;

	while ((S2_ENTRIES << order) < entries)
		order++;
	return order;
}

static bool desc_valid(uint64_t d)
{
	return d & S2_DESC_VALID;
}

static bool desc_is_table(uint64_t d, unsigned level)
{
	return level < 3 && (d & 3) == 3;
}

static bool desc_is_leaf(uint64_t d, unsigned level)
{
	return desc_valid(d) && !desc_is_table(d, level);
}

static uint64_t *desc_table(uint64_t d)
{
	return pa_to_va(d & S2_OA_MASK);
}

/*
 * The deepest entry for ipa (in range): table descriptors are followed from
 * the root, so the result is a leaf (block or page) or an invalid entry, at
 * *levelp. Caller holds s2->lock.
 */
static inline __attribute__((always_inline)) uint64_t *walk(const struct stage2 *s2, ipa_t ipa,
							  unsigned *levelp)
{
	unsigned level = start_level(s2->ipa_bits);
	/* Concatenated root tables are contiguous: ipa >> shift < root_entries. */
	uint64_t *ptep = (uint64_t *)pa_to_va(s2->root) + (ipa >> level_shift(level));

	while (desc_is_table(*ptep, level)) {
		level++;
		ptep = desc_table(*ptep) + ((ipa >> level_shift(level)) & (S2_ENTRIES - 1));
	}
	*levelp = level;
	return ptep;
}

/* The s2_type a leaf d was made with (stage2_make_desc()). */
static enum s2_type desc_type(uint64_t d)
{
	return (enum s2_type)((d & S2_SW_TYPE_MASK) >> S2_SW_TYPE_SHIFT);
}

/* Can walk() look ipa up (tables exist, ipa inside the IPA space)? */
static bool ipa_walkable(const struct stage2 *s2, ipa_t ipa)
{
	return s2->root && ipa < (1ULL << s2->ipa_bits);
}

/* Output address of ipa through the leaf d at level. */
static paddr_t leaf_pa(uint64_t d, unsigned level, ipa_t ipa)
{
	uint64_t offset_mask = (1ULL << level_shift(level)) - 1;

	return (d & S2_OA_MASK & ~offset_mask) | (ipa & offset_mask);
}

/** Leaf descriptor for pa with type t at level (see asm/stage2.h). */
uint64_t stage2_make_desc(paddr_t pa, enum s2_type t, unsigned level)
{
	uint64_t d = (pa & S2_OA_MASK) | S2_AF;

	d |= level == 3 ? S2_DESC_PAGE : S2_DESC_BLOCK;
	d |= (uint64_t)t << S2_SW_TYPE_SHIFT;
	switch (t) {
	case S2_RAM_RWX:
		d |= S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2AP_R | S2AP_W;
		break;
	case S2_RAM_RW:
		d |= S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2AP_R | S2AP_W | S2_XN;
		break;
	case S2_RAM_RO:
		d |= S2_MEMATTR_NORMAL_WB | S2_SH_INNER | S2AP_R;
		break;
	case S2_DEVICE_RW:
		d |= S2_MEMATTR_DEVICE_nGnRE | S2AP_R | S2AP_W | S2_XN;
		break;
	}
	return d;
}

/*
 * Every table frame counts its valid entries in page_info.s2_valid, so an
 * unmap sees at once whether it left a table empty (no scan of 512 entries).
 */
static struct page_info *table_page(const uint64_t *entry)
{
	return pa_to_page(va_to_pa((const void *)((uintptr_t)entry & ~(uintptr_t)(PAGE_SIZE - 1))));
}

/* Entry *ptep goes from @old to @desc: keep its table's count. */
static void count_entry(const uint64_t *ptep, uint64_t old, uint64_t desc)
{
	struct page_info *pg;

	if (desc_valid(old) == desc_valid(desc))
		return;
	pg = table_page(ptep);
	if (pg)
		pg->s2_valid = (uint16_t)(desc_valid(desc) ? pg->s2_valid + 1 : pg->s2_valid - 1);
}

static void free_table_page(struct stage2 *s2, paddr_t pa)
{
	free_pages(pa, 0);
	s2->table_pages--;
}

/* Free a table and everything below it. The caller has unhooked it and
 * invalidated the TLB. */
static void free_subtree(struct stage2 *s2, paddr_t table_pa, unsigned level)
{
	uint64_t *table = pa_to_va(table_pa);

	if (level < 3)
		for (unsigned i = 0; i < S2_ENTRIES; i++)
			if (desc_is_table(table[i], level))
				free_subtree(s2, table[i] & S2_OA_MASK, level + 1);
	free_table_page(s2, table_pa);
}

/*
 * Break-before-make write of *ptep (the entry at `level` covering IPA base)
 * to desc. A replaced subtree is freed after the TLB flush.
 */
static void set_entry(struct stage2 *s2, uint64_t *ptep, unsigned level, ipa_t base,
		      uint64_t desc)
{
	uint64_t old = *ptep;

	if (old == desc)
		return;
	count_entry(ptep, old, desc);
	if (desc_valid(old)) {
		WRITE_ONCE(*ptep, 0);
		if (desc_is_table(old, level)) {
			arch_s2_tlb_flush_vmid(s2->vmid);
			free_subtree(s2, old & S2_OA_MASK, level + 1);
		} else {
			arch_s2_tlb_flush_ipa(s2->vmid, base);
		}
	}
	WRITE_ONCE(*ptep, desc);
}

/*
 * Next-level table under *ptep, creating it if the entry is invalid or
 * splitting the block it holds into an equivalent table. NULL if no page.
 */
static uint64_t *get_child(struct stage2 *s2, uint64_t *ptep, unsigned level, ipa_t base)
{
	uint64_t old = *ptep;
	uint64_t *table;
	paddr_t tpa;

	if (desc_is_table(old, level))
		return desc_table(old);

	tpa = alloc_pages_zeroed(0, s2->owner);
	if (tpa == INVALID_PADDR)
		return NULL;
	s2->table_pages++;
	table = pa_to_va(tpa);
	pa_to_page(tpa)->s2_valid = desc_valid(old) ? S2_ENTRIES : 0;

	if (desc_valid(old)) {
		uint64_t attrs = old & ~(S2_OA_MASK | 3ULL);
		uint64_t type = level + 1 == 3 ? S2_DESC_PAGE : S2_DESC_BLOCK;
		uint64_t sub = 1ULL << level_shift(level + 1);
		paddr_t oa = old & S2_OA_MASK;

		for (unsigned i = 0; i < S2_ENTRIES; i++)
			table[i] = attrs | type | (oa + i * sub);
	}
	/* The walker must see the table's contents before the pointer to it. */
	arch_s2_sync();
	set_entry(s2, ptep, level, base, tpa | S2_DESC_VALID | S2_DESC_TABLE);
	return table;
}

static bool table_is_empty(const uint64_t *table)
{
	return table_page(table)->s2_valid == 0;
}

struct map_args {
	ipa_t ipa0;
	paddr_t pa0;
	enum s2_type t;
};

/* Map [start, end) inside the table at level whose first entry is at base. */
static int map_table(struct stage2 *s2, uint64_t *table, unsigned level, ipa_t base, ipa_t start,
		     ipa_t end, const struct map_args *a)
{
	unsigned shift = level_shift(level);
	uint64_t blk = 1ULL << shift;
	uint64_t first = (start - base) >> shift, last = (end - 1 - base) >> shift;

	for (uint64_t idx = first; idx <= last; idx++) {
		ipa_t eb = base + idx * blk, ee = eb + blk;
		ipa_t s = MAX(start, eb), e = MIN(end, ee);
		paddr_t pa = a->pa0 + (s - a->ipa0);
		uint64_t *child;
		int rc;

		/* No level-0 blocks with the 4 KiB granule (without LPA2). */
		if (level >= 1 && s == eb && e == ee && IS_ALIGNED(pa, blk)) {
			set_entry(s2, &table[idx], level, eb, stage2_make_desc(pa, a->t, level));
			continue;
		}
		child = get_child(s2, &table[idx], level, eb);
		if (!child)
			return -ENOMEM;
		rc = map_table(s2, child, level + 1, eb, s, e, a);
		if (rc)
			return rc;
	}
	return 0;
}

/* Unmap [start, end) inside the table at level whose first entry is at base;
 * next-level tables left empty are unhooked and freed. */
static int unmap_table(struct stage2 *s2, uint64_t *table, unsigned level, ipa_t base,
		       ipa_t start, ipa_t end)
{
	unsigned shift = level_shift(level);
	uint64_t blk = 1ULL << shift;
	uint64_t first = (start - base) >> shift, last = (end - 1 - base) >> shift;

	for (uint64_t idx = first; idx <= last; idx++) {
		ipa_t eb = base + idx * blk, ee = eb + blk;
		ipa_t s = MAX(start, eb), e = MIN(end, ee);
		uint64_t old = table[idx];
		uint64_t *child;
		int rc;

		if (!desc_valid(old))
			continue;
		if (desc_is_leaf(old, level) && s == eb && e == ee) {
			set_entry(s2, &table[idx], level, eb, 0);
			continue;
		}
		child = get_child(s2, &table[idx], level, eb);
		if (!child)
			return -ENOMEM;
		rc = unmap_table(s2, child, level + 1, eb, s, e);
		if (table_is_empty(child)) {
			count_entry(&table[idx], table[idx], 0);
			WRITE_ONCE(table[idx], 0);
			arch_s2_tlb_flush_ipa(s2->vmid, eb);
			free_table_page(s2, va_to_pa(child));
		}
		if (rc)
			return rc;
	}
	return 0;
}

/** Allocate the root table(s); see asm/stage2.h. */
int stage2_init(struct stage2 *s2, unsigned ipa_bits, uint16_t vmid, struct page_owner *owner)
{
	unsigned order;
	paddr_t root;

	if (ipa_bits < S2_MIN_IPA_BITS || ipa_bits > S2_MAX_IPA_BITS)
		return -EINVAL;
	order = root_order(ipa_bits);
	/* An order-n block is aligned to its size: concatenated roots need that. */
	root = alloc_pages_zeroed(order, owner);
	if (root == INVALID_PADDR)
		return -ENOMEM;
	s2->root = root;
	s2->ipa_bits = ipa_bits;
	s2->vmid = vmid;
	s2->owner = owner;
	s2->table_pages = 1ULL << order;
	spin_lock_init(&s2->lock);
	return 0;
}

static bool range_ok(const struct stage2 *s2, ipa_t ipa, uint64_t size)
{
	uint64_t limit = 1ULL << s2->ipa_bits;

	return s2->root && size && IS_ALIGNED(ipa, PAGE_SIZE) && IS_ALIGNED(size, PAGE_SIZE) &&
	       ipa < limit && size <= limit - ipa;
}

/** Map a range; see asm/stage2.h. */
int stage2_map(struct stage2 *s2, ipa_t ipa, paddr_t pa, uint64_t size, enum s2_type t)
{
	struct map_args a = { ipa, pa, t };
	int rc = 0;

	if (!range_ok(s2, ipa, size) || !IS_ALIGNED(pa, PAGE_SIZE) || pa >= S2_MAX_PA ||
	    size > S2_MAX_PA - pa || (unsigned)t > S2_DEVICE_RW)
		return -EINVAL;
	spin_lock(&s2->lock);
	if (size == PAGE_SIZE) {
		/* One page under existing tables (grant maps, populate): no recursion. */
		unsigned level;
		uint64_t *ptep = walk(s2, ipa, &level);

		if (level == 3) {
			set_entry(s2, ptep, 3, ipa, stage2_make_desc(pa, t, 3));
			goto out;
		}
	}
	rc = map_table(s2, pa_to_va(s2->root), start_level(s2->ipa_bits), 0, ipa, ipa + size, &a);
out:
	arch_s2_sync();
	spin_unlock(&s2->lock);
	return rc;
}

/*
 * Unmap the page entry *ptep at level (found by walk() for ipa), or fall back
 * to the general walk for [ipa, ipa + size) (range checked). A page whose
 * table keeps other entries is cleared in place: no recursion, no free.
 * Caller holds s2->lock.
 */
static int unmap_locked(struct stage2 *s2, ipa_t ipa, uint64_t size, uint64_t *ptep,
			unsigned level)
{
	if (size == PAGE_SIZE) {
		struct page_info *pg;

		if (!desc_valid(*ptep))
			return 0;
		if (level == 3 && (pg = table_page(ptep))->s2_valid > 1) {
			/* set_entry(s2, ptep, 3, ipa, 0) with the table page at hand */
			pg->s2_valid--;
			WRITE_ONCE(*ptep, 0);
			arch_s2_tlb_flush_ipa(s2->vmid, ipa);
			return 0;
		}
	}
	return unmap_table(s2, pa_to_va(s2->root), start_level(s2->ipa_bits), 0, ipa, ipa + size);
}

/** Unmap a range; see asm/stage2.h. */
int stage2_unmap(struct stage2 *s2, ipa_t ipa, uint64_t size)
{
	uint64_t *ptep;
	unsigned level;
	int rc;

	if (!range_ok(s2, ipa, size))
		return -EINVAL;
	spin_lock(&s2->lock);
	ptep = walk(s2, ipa, &level);
	rc = unmap_locked(s2, ipa, size, ptep, level);
	arch_s2_sync();
	spin_unlock(&s2->lock);
	return rc;
}

/** Unmap one page if it maps pa; see asm/stage2.h. */
int stage2_unmap_page(struct stage2 *s2, ipa_t ipa, paddr_t pa)
{
	unsigned level;
	uint64_t *ptep;
	int rc = -ENOENT;

	if (!range_ok(s2, ipa, PAGE_SIZE))
		return -EINVAL;
	spin_lock(&s2->lock);
	ptep = walk(s2, ipa, &level);
	if (desc_valid(*ptep) && (leaf_pa(*ptep, level, ipa) & PAGE_MASK) == pa)
		rc = unmap_locked(s2, ipa, PAGE_SIZE, ptep, level);
	arch_s2_sync();
	spin_unlock(&s2->lock);
	return rc;
}

/** Translate one IPA; see asm/stage2.h. */
int stage2_lookup(struct stage2 *s2, ipa_t ipa, paddr_t *pa, enum s2_type *t,
		  uint64_t *mapping_size)
{
	unsigned level;
	uint64_t d;

	if (!ipa_walkable(s2, ipa))
		return -ENOENT;
	spin_lock(&s2->lock);
	d = *walk(s2, ipa, &level);
	spin_unlock(&s2->lock);
	if (!desc_valid(d))
		return -ENOENT;
	if (pa)
		*pa = leaf_pa(d, level, ipa);
	if (t)
		*t = desc_type(d);
	if (mapping_size)
		*mapping_size = 1ULL << level_shift(level);
	return 0;
}

/* The page ipa is in if mapped with type t, else NULL (ipa walkable; s2->lock held). */
static inline __attribute__((always_inline)) void *typed_page_locked(const struct stage2 *s2,
								     ipa_t ipa, enum s2_type t)
{
	unsigned level;
	uint64_t d = *walk(s2, ipa, &level);

	return desc_valid(d) && desc_type(d) == t ? pa_to_va(leaf_pa(d, level, ipa) & PAGE_MASK)
						  : NULL;
}

/** Translate a page of type t and keep the table locked; see asm/stage2.h. */
void *stage2_lock_page(struct stage2 *s2, ipa_t ipa, enum s2_type t)
{
	void *page;

	if (!ipa_walkable(s2, ipa))
		return NULL;
	spin_lock(&s2->lock);
	page = typed_page_locked(s2, ipa, t);
	if (!page)
		spin_unlock(&s2->lock);
	return page;
}

/** End of a stage2_lock_page() access. */
void stage2_unlock_page(struct stage2 *s2)
{
	spin_unlock(&s2->lock);
}

/** Translate a page of type t and reference it; see asm/stage2.h. */
int stage2_get_page(struct stage2 *s2, ipa_t ipa, enum s2_type t, paddr_t *pa)
{
	void *page;
	int rc = -ENOENT;

	if (!ipa_walkable(s2, ipa))
		return -ENOENT;
	spin_lock(&s2->lock);
	page = typed_page_locked(s2, ipa, t);
	if (page) {
		*pa = va_to_pa(page);
		/* Under the lock: the page cannot leave the table (and so cannot be
		 * freed) before it is referenced. */
		rc = page_get_mapped(*pa);
	}
	spin_unlock(&s2->lock);
	return rc;
}

/** Free all tables; see asm/stage2.h. */
void stage2_destroy(struct stage2 *s2)
{
	unsigned level, entries;
	uint64_t *root;

	if (!s2->root)
		return;
	spin_lock(&s2->lock);
	level = start_level(s2->ipa_bits);
	entries = root_entries(s2->ipa_bits);
	root = pa_to_va(s2->root);
	/* Nothing may still walk these tables: drop the cached walks first. */
	arch_s2_tlb_flush_vmid(s2->vmid);
	for (unsigned i = 0; i < entries; i++)
		if (desc_is_table(root[i], level))
			free_subtree(s2, root[i] & S2_OA_MASK, level + 1);
	free_pages(s2->root, root_order(s2->ipa_bits));
	s2->table_pages -= 1ULL << root_order(s2->ipa_bits);
	s2->root = 0;
	spin_unlock(&s2->lock);
}

/** VTTBR_EL2 for this guest (CnP clear). */
uint64_t stage2_vttbr(const struct stage2 *s2)
{
	return ((uint64_t)s2->vmid << VTTBR_VMID_SHIFT) | s2->root;
}

/** VTCR_EL2 for ipa_bits and the PA size; see asm/stage2.h. */
uint64_t stage2_vtcr(unsigned ipa_bits, unsigned pa_range_bits)
{
	static const unsigned ps_bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned ps = 0;

	/* Largest PS encoding that does not exceed the implemented PA size. */
	for (unsigned i = 0; i < ARRAY_SIZE(ps_bits); i++)
		if (ps_bits[i] <= pa_range_bits)
			ps = i;
	return VTCR_T0SZ(64 - ipa_bits) | VTCR_SL0(start_level(ipa_bits) == 1 ? 1 : 2) |
	       VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA | VTCR_SH0_INNER | VTCR_TG0_4K | VTCR_PS(ps) |
	       VTCR_RES1;
}
