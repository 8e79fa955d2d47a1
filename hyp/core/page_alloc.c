/* SPDX-License-Identifier: MIT */
/*
 * Buddy allocator for host-physical pages, and the frame table.
 *
 * Each RAM bank (after merging adjacent banks) has its own frame table,
 * covering every frame of the bank, so sparse banks cost nothing for the
 * gaps between them. Frames the allocator does not manage (reserved ranges,
 * the frame tables themselves) have no PGF_* flag set.
 *
 * Invariants (under page_lock):
 * - a free block of order k starts at a physical address aligned to
 *   2^k frames, lies within one bank, its head has PGF_FREE|PGF_HEAD and
 *   order k and is on free_list[k]; its other frames have PGF_FREE only;
 * - two free buddies of the same order never both exist (they are merged);
 * - an allocated block has PGF_ALLOCATED on every frame, PGF_HEAD on its
 *   first frame, the block's order and owner on every frame;
 * - free_count == sum over k of free_blocks[k] << k.
 *
 * Locking: page_lock, a leaf lock, guards everything in this file and the
 * counters of every struct page_owner.
 */
#include <hyp/errno.h>
#include <hyp/pa.h>
#include <hyp/page_alloc.h>
#include <hyp/spinlock.h>
#include <lib/string.h>

struct bank {
	paddr_t start, end;       /* page aligned */
	struct page_info *frames; /* one per frame of [start, end) */
};

#define FREE_RANGES_MAX 128

static spinlock_t page_lock = SPINLOCK_INIT;
static struct bank banks[PAGE_ALLOC_MAX_BANKS];
static unsigned bank_count;
static struct page_info *free_list[PAGE_MAX_ORDER + 1];
static uint64_t free_blocks[PAGE_MAX_ORDER + 1];
static uint64_t free_count;
static uint64_t total_count;
static uint64_t bad_ops;

/* ------------------------------------------------------------------ ranges */

/* Replace out[i..j) (j - i >= 1) by one range, or insert it at i if i == j. */
static bool range_put(struct mem_range *out, unsigned *n, unsigned out_max, unsigned i,
		      unsigned j, struct mem_range r)
{
	if (i == j) {
		if (*n >= out_max)
			return false;
		memmove(&out[i + 1], &out[i], (*n - i) * sizeof(*out));
		(*n)++;
	} else if (j - i > 1) {
		memmove(&out[i + 1], &out[j], (*n - j) * sizeof(*out));
		*n -= j - i - 1;
	}
	out[i] = r;
	return true;
}

unsigned mem_range_subtract(struct mem_range *out, unsigned out_max,
			    const struct mem_range *in, unsigned in_count,
			    const struct mem_range *holes, unsigned hole_count)
{
	unsigned n = 0;

	/* Union of the inputs, kept sorted and merged. */
	for (unsigned k = 0; k < in_count; k++) {
		struct mem_range r = in[k];
		unsigned i = 0, j;

		if (r.start >= r.end)
			continue;
		while (i < n && out[i].end < r.start)
			i++;
		for (j = i; j < n && out[j].start <= r.end; j++) {
			r.start = MIN(r.start, out[j].start);
			r.end = MAX(r.end, out[j].end);
		}
		if (!range_put(out, &n, out_max, i, j, r))
			return out_max + 1;
	}

	/* Cut each hole out. */
	for (unsigned k = 0; k < hole_count; k++) {
		struct mem_range h = holes[k];
		unsigned i = 0;

		if (h.start >= h.end)
			continue;
		while (i < n) {
			if (out[i].end <= h.start) {
				i++;
				continue;
			}
			if (out[i].start >= h.end)
				break;
			if (out[i].start < h.start && out[i].end > h.end) {
				/* Hole strictly inside: split in two. */
				struct mem_range right = { h.end, out[i].end };

				out[i].end = h.start;
				if (!range_put(out, &n, out_max, i + 1, i + 1, right))
					return out_max + 1;
				break;
			}
			if (out[i].start < h.start) {
				out[i].end = h.start;
				i++;
			} else if (out[i].end > h.end) {
				out[i].start = h.end;
				break;
			} else {
				/* Fully covered: remove. */
				memmove(&out[i], &out[i + 1], (n - i - 1) * sizeof(*out));
				n--;
			}
		}
	}
	return n;
}

/* ------------------------------------------------------------ frame table */

static inline __attribute__((always_inline)) struct bank *pa_to_bank(paddr_t pa)
{
	/* The first bank (often the only one) without the loop; unused: empty. */
	if (pa - banks[0].start < banks[0].end - banks[0].start)
		return &banks[0];
	for (unsigned i = 1; i < bank_count; i++)
		if (pa >= banks[i].start && pa < banks[i].end)
			return &banks[i];
	return NULL;
}

/* Frame-table entry for any frame of a bank, managed or not, and its bank. */
static inline __attribute__((always_inline)) struct page_info *frame_in_bank(paddr_t pa,
									      struct bank **bp)
{
	struct bank *b = pa_to_bank(pa);

	*bp = b;
	return b ? &b->frames[(pa - b->start) >> PAGE_SHIFT] : NULL;
}

/* Frame-table entry for any frame of a bank, managed or not. */
static struct page_info *frame_of(paddr_t pa)
{
	struct bank *b;

	return frame_in_bank(pa, &b);
}

static struct bank *page_to_bank(const struct page_info *pg)
{
	for (unsigned i = 0; i < bank_count; i++) {
		uint64_t frames = (banks[i].end - banks[i].start) >> PAGE_SHIFT;

		if (pg >= banks[i].frames && pg < banks[i].frames + frames)
			return &banks[i];
	}
	return NULL;
}

static paddr_t page_to_pa_in(const struct bank *b, const struct page_info *pg)
{
	return b->start + ((paddr_t)(pg - b->frames) << PAGE_SHIFT);
}

/** Frame-table entry of a managed frame, NULL if pa is not managed. */
struct page_info *pa_to_page(paddr_t pa)
{
	struct page_info *pg = frame_of(pa);

	return pg && pg->flags ? pg : NULL;
}

static void list_push(struct page_info *pg, unsigned order)
{
	pg->prev = NULL;
	pg->next = free_list[order];
	if (pg->next)
		pg->next->prev = pg;
	free_list[order] = pg;
	free_blocks[order]++;
}

static void list_del(struct page_info *pg, unsigned order)
{
	if (pg->prev)
		pg->prev->next = pg->next;
	else
		free_list[order] = pg->next;
	if (pg->next)
		pg->next->prev = pg->prev;
	pg->next = pg->prev = NULL;
	free_blocks[order]--;
}

/*
 * Return the block [pa, pa + 2^order frames) of bank b to the free lists,
 * merging with free buddies. Caller holds page_lock.
 */
static void release_block_locked(struct bank *b, paddr_t pa, unsigned order)
{
	struct page_info *pg = &b->frames[(pa - b->start) >> PAGE_SHIFT];
	uint64_t n = 1ULL << order;

	for (uint64_t i = 0; i < n; i++) {
		pg[i].flags = PGF_FREE;
		pg[i].owner = NULL;
		pg[i].refcount = 0;
		pg[i].order = 0;
	}
	free_count += n;

	while (order < PAGE_MAX_ORDER) {
		paddr_t buddy = pa ^ (PAGE_SIZE << order);
		struct page_info *bp;

		if (buddy < b->start || buddy >= b->end)
			break;
		bp = &b->frames[(buddy - b->start) >> PAGE_SHIFT];
		if (bp->flags != (PGF_FREE | PGF_HEAD) || bp->order != order)
			break;
		list_del(bp, order);
		bp->flags = PGF_FREE;
		order++;
		pa &= ~((PAGE_SIZE << order) - 1);
	}
	pg = &b->frames[(pa - b->start) >> PAGE_SHIFT];
	pg->flags = PGF_FREE | PGF_HEAD;
	pg->order = (uint8_t)order;
	list_push(pg, order);
}

/* Add a free range (page aligned, inside bank b) as maximal aligned blocks. */
static void add_free_range(struct bank *b, paddr_t start, paddr_t end)
{
	while (start < end) {
		unsigned order = 0;

		while (order < PAGE_MAX_ORDER &&
		       IS_ALIGNED(start, PAGE_SIZE << (order + 1)) &&
		       start + (PAGE_SIZE << (order + 1)) <= end)
			order++;
		release_block_locked(b, start, order);
		total_count += 1ULL << order;
		start += PAGE_SIZE << order;
	}
}

/**
 * Initialise the allocator; see page_alloc.h. Not thread-safe: called once
 * on the boot CPU before anything allocates.
 */
int page_alloc_init(const struct mem_range *ram, unsigned ram_count,
		    const struct mem_range *reserved, unsigned reserved_count)
{
	struct mem_range merged[PAGE_ALLOC_MAX_BANKS];
	static struct mem_range free_r[FREE_RANGES_MAX];
	unsigned n, free_n;

	memset(banks, 0, sizeof(banks));
	memset(free_list, 0, sizeof(free_list));
	memset(free_blocks, 0, sizeof(free_blocks));
	bank_count = 0;
	free_count = total_count = bad_ops = 0;

	n = mem_range_subtract(merged, PAGE_ALLOC_MAX_BANKS, ram, ram_count, NULL, 0);
	if (n > PAGE_ALLOC_MAX_BANKS)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		paddr_t s = ALIGN_UP(merged[i].start, PAGE_SIZE);
		paddr_t e = ALIGN_DOWN(merged[i].end, PAGE_SIZE);

		if (s < e) {
			banks[bank_count].start = s;
			banks[bank_count].end = e;
			bank_count++;
		}
	}
	if (!bank_count)
		return -EINVAL;

	/* Free = banks minus holes, then rounded inwards: that rounds holes out. */
	{
		struct mem_range bank_r[PAGE_ALLOC_MAX_BANKS];
		unsigned k = 0;

		for (unsigned i = 0; i < bank_count; i++)
			bank_r[i] = (struct mem_range){ banks[i].start, banks[i].end };
		free_n = mem_range_subtract(free_r, FREE_RANGES_MAX, bank_r, bank_count,
					    reserved, reserved_count);
		if (free_n > FREE_RANGES_MAX)
			return -EINVAL;
		for (unsigned i = 0; i < free_n; i++) {
			paddr_t s = ALIGN_UP(free_r[i].start, PAGE_SIZE);
			paddr_t e = ALIGN_DOWN(free_r[i].end, PAGE_SIZE);

			if (s < e)
				free_r[k++] = (struct mem_range){ s, e };
		}
		free_n = k;
	}

	/*
	 * Carve each bank's frame table from the top of the highest free range
	 * that can hold it (the hypervisor image usually sits low in RAM).
	 */
	for (unsigned i = 0; i < bank_count; i++) {
		uint64_t frames = (banks[i].end - banks[i].start) >> PAGE_SHIFT;
		uint64_t bytes = ALIGN_UP(frames * sizeof(struct page_info), PAGE_SIZE);
		unsigned r = free_n;

		while (r > 0 && free_r[r - 1].end - free_r[r - 1].start < bytes)
			r--;
		if (r == 0)
			return -ENOMEM;
		free_r[r - 1].end -= bytes;
		banks[i].frames = pa_to_va(free_r[r - 1].end);
		/* All flags clear: nothing managed yet. */
		memset(banks[i].frames, 0, frames * sizeof(struct page_info));
	}

	for (unsigned i = 0; i < free_n; i++) {
		struct bank *b;

		if (free_r[i].start == free_r[i].end)
			continue;
		b = pa_to_bank(free_r[i].start);
		add_free_range(b, free_r[i].start, free_r[i].end);
	}
	return 0;
}

/* ------------------------------------------------------------- alloc/free */

/**
 * Allocate 2^order frames for owner (NULL: the hypervisor). The memory is
 * not cleared. Returns INVALID_PADDR when no block is free or owner would
 * exceed its max_pages.
 */
paddr_t alloc_pages(unsigned order, struct page_owner *owner)
{
	uint64_t n = 1ULL << order;
	struct page_info *pg;
	struct bank *b;
	unsigned k;
	paddr_t pa;

	if (order > PAGE_MAX_ORDER)
		return INVALID_PADDR;

	spin_lock(&page_lock);
	if (owner && owner->max_pages && owner->pages + n > owner->max_pages)
		goto fail;
	for (k = order; k <= PAGE_MAX_ORDER && !free_list[k]; k++)
		;
	if (k > PAGE_MAX_ORDER)
		goto fail;

	pg = free_list[k];
	list_del(pg, k);
	b = page_to_bank(pg);
	pa = page_to_pa_in(b, pg);

	/* Split: keep the lower half, free the upper half at each step. */
	while (k > order) {
		struct page_info *upper;

		k--;
		upper = pg + (1ULL << k);
		upper->flags = PGF_FREE | PGF_HEAD;
		upper->order = (uint8_t)k;
		list_push(upper, k);
	}

	for (uint64_t i = 0; i < n; i++) {
		pg[i].flags = PGF_ALLOCATED;
		pg[i].order = (uint8_t)order;
		pg[i].owner = owner;
		pg[i].refcount = 0;
	}
	pg->flags |= PGF_HEAD;
	free_count -= n;
	if (owner)
		owner->pages += n;
	spin_unlock(&page_lock);
	return pa;

fail:
	spin_unlock(&page_lock);
	return INVALID_PADDR;
}

/** alloc_pages() followed by clearing the block. */
paddr_t alloc_pages_zeroed(unsigned order, struct page_owner *owner)
{
	paddr_t pa = alloc_pages(order, owner);

	if (pa != INVALID_PADDR)
		memset(pa_to_va(pa), 0, PAGE_SIZE << order);
	return pa;
}

/* Head of an allocated, not yet owner-freed block of this order, or NULL. */
static struct page_info *alloc_head_locked(paddr_t pa, unsigned order, struct bank **bp)
{
	struct bank *b = pa_to_bank(pa);
	struct page_info *pg;

	if (!b || order > PAGE_MAX_ORDER || !IS_ALIGNED(pa, PAGE_SIZE << order))
		return NULL;
	pg = &b->frames[(pa - b->start) >> PAGE_SHIFT];
	if (pg->flags != (PGF_ALLOCATED | PGF_HEAD) || pg->order != order)
		return NULL;
	*bp = b;
	return pg;
}

/** Free a block; see page_alloc.h. */
int free_pages_checked(paddr_t pa, unsigned order)
{
	uint64_t n = 1ULL << order;
	struct page_info *pg;
	struct bank *b;
	bool has_refs = false;

	spin_lock(&page_lock);
	pg = alloc_head_locked(pa, order, &b);
	if (!pg) {
		spin_unlock(&page_lock);
		return -EINVAL;
	}
	if (pg->owner)
		pg->owner->pages -= n;
	/*
	 * Mark the block pending before looking at its references: a page_put()
	 * dropping the last one without the lock looks at PENDING after its
	 * decrement, so (full barriers on both sides) either it sees PENDING and
	 * releases the block under the lock, or this scan sees its zero.
	 */
	__atomic_store_n(&pg->flags, pg->flags | PGF_PENDING, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (uint64_t i = 0; i < n; i++) {
		pg[i].owner = NULL;
		has_refs |= __atomic_load_n(&pg[i].refcount, __ATOMIC_RELAXED) != 0;
	}
	if (!has_refs)
		release_block_locked(b, pa, order); /* else: by the last page_put() */
	spin_unlock(&page_lock);
	return 0;
}

/** Free a block, counting (not propagating) misuse. */
void free_pages(paddr_t pa, unsigned order)
{
	if (free_pages_checked(pa, order)) {
		spin_lock(&page_lock);
		bad_ops++;
		spin_unlock(&page_lock);
	}
}

/** Split an allocated block into order-0 allocations; see page_alloc.h. */
int split_pages(paddr_t pa, unsigned order)
{
	struct page_info *pg;
	struct bank *b;

	spin_lock(&page_lock);
	pg = alloc_head_locked(pa, order, &b);
	if (!pg) {
		spin_unlock(&page_lock);
		return -EINVAL;
	}
	for (uint64_t i = 0; i < (1ULL << order); i++) {
		pg[i].flags = PGF_ALLOCATED | PGF_HEAD;
		pg[i].order = 0;
	}
	spin_unlock(&page_lock);
	return 0;
}

/* Head frame of the allocated block containing frame pg of bank b. */
static struct page_info *block_head(struct bank *b, struct page_info *pg, paddr_t pa)
{
	paddr_t head = ALIGN_DOWN(pa, PAGE_SIZE << pg->order);

	return &b->frames[(head - b->start) >> PAGE_SHIFT];
}

/** Take a reference on an allocated frame. */
int page_get(paddr_t pa)
{
	struct bank *b;
	struct page_info *pg;
	int rc = 0;

	spin_lock(&page_lock);
	pg = frame_in_bank(pa, &b);
	if (!pg || !(pg->flags & PGF_ALLOCATED) ||
	    (block_head(b, pg, pa)->flags & PGF_PENDING))
		rc = -EINVAL;
	else if (__atomic_load_n(&pg->refcount, __ATOMIC_RELAXED) == UINT32_MAX)
		rc = -EOVERFLOW;
	else
		__atomic_fetch_add(&pg->refcount, 1, __ATOMIC_RELAXED); /* puts are lock-free */
	spin_unlock(&page_lock);
	return rc;
}

/** Take a reference on a frame its owner cannot free meanwhile; see page_alloc.h. */
int page_get_mapped(paddr_t pa)
{
	struct page_info *pg = frame_of(pa);
	uint32_t old;

	if (!pg || !(__atomic_load_n(&pg->flags, __ATOMIC_RELAXED) & PGF_ALLOCATED))
		return -EINVAL;
	old = __atomic_load_n(&pg->refcount, __ATOMIC_RELAXED);
	do {
		if (old == UINT32_MAX)
			return -EOVERFLOW;
	} while (!__atomic_compare_exchange_n(&pg->refcount, &old, old + 1, true,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	return 0;
}

/** See page_alloc.h. */
bool page_is_orphan_ref(paddr_t pa)
{
	struct bank *b;
	struct page_info *pg;
	bool rc;

	spin_lock(&page_lock);
	pg = frame_in_bank(pa, &b);
	rc = pg && (pg->flags & PGF_ALLOCATED) && __atomic_load_n(&pg->refcount, __ATOMIC_RELAXED) &&
	     (block_head(b, pg, pa)->flags & PGF_PENDING);
	spin_unlock(&page_lock);
	return rc;
}

/* Release head's block if it is pending and unreferenced; page_lock held. */
static void release_if_unused_locked(struct bank *b, struct page_info *head)
{
	uint64_t n = 1ULL << head->order;

	if (head->flags != (PGF_ALLOCATED | PGF_HEAD | PGF_PENDING))
		return; /* not pending, or released already by free or another put */
	for (uint64_t i = 0; i < n; i++)
		if (__atomic_load_n(&head[i].refcount, __ATOMIC_RELAXED))
			return;
	release_block_locked(b, page_to_pa_in(b, head), head->order);
}

/*
 * Drop a reference; may release a block its owner already freed. Lock-free
 * unless this was the last reference of a pending block (see
 * free_pages_checked() for the protocol) or the put is bad (counted).
 */
void page_put(paddr_t pa)
{
	struct bank *b;
	struct page_info *pg = frame_in_bank(pa, &b);
	uint32_t old;

	if (pg && (__atomic_load_n(&pg->flags, __ATOMIC_RELAXED) & PGF_ALLOCATED)) {
		old = __atomic_load_n(&pg->refcount, __ATOMIC_RELAXED);
		while (old && !__atomic_compare_exchange_n(&pg->refcount, &old, old - 1, true,
							   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			;
		if (old > 1)
			return;
		if (old == 1) {
			struct page_info *head = block_head(b, pg, pa);

			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (!(__atomic_load_n(&head->flags, __ATOMIC_RELAXED) & PGF_PENDING))
				return;
			spin_lock(&page_lock);
			release_if_unused_locked(b, head);
			spin_unlock(&page_lock);
			return;
		}
	}
	spin_lock(&page_lock);
	bad_ops++;
	spin_unlock(&page_lock);
}

/* ------------------------------------------------------------- statistics */

uint64_t page_alloc_free_pages(void)
{
	return READ_ONCE(free_count);
}

uint64_t page_alloc_total_pages(void)
{
	return READ_ONCE(total_count);
}

uint64_t page_alloc_bad_ops(void)
{
	return READ_ONCE(bad_ops);
}

/** Print the free blocks per order and the totals. */
void page_alloc_dump(void (*print)(const char *fmt, ...))
{
	uint64_t blocks[PAGE_MAX_ORDER + 1];
	uint64_t free_n, total_n;

	spin_lock(&page_lock);
	memcpy(blocks, free_blocks, sizeof(blocks));
	free_n = free_count;
	total_n = total_count;
	spin_unlock(&page_lock);

	print("page_alloc: %llu of %llu pages free\n", (unsigned long long)free_n,
	      (unsigned long long)total_n);
	for (unsigned k = 0; k <= PAGE_MAX_ORDER; k++)
		if (blocks[k])
			print("  order %2u: %llu blocks\n", k, (unsigned long long)blocks[k]);
}
