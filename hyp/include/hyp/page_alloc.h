/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocator: a binary buddy allocator over the RAM banks, with
 * a frame table (one struct page_info per 4 KiB frame of every bank).
 *
 * - Blocks of 2^order frames, order 0..PAGE_MAX_ORDER (4 KiB .. 1 GiB). A
 *   block is always aligned to its own size in physical address space, so a
 *   2 MiB or 1 GiB block can back a stage-2 block mapping.
 * - Every frame records its state (free / allocated / head of block), the
 *   order of the block it belongs to and its owner, so that any 4 KiB frame
 *   can be checked (pa_to_page()) by grant and p2m code.
 * - refcount counts extra references (grant / foreign mappings) on a single
 *   frame; a fresh allocation has refcount 0 on every frame. If a block is
 *   freed while one of its frames still has references, ownership is dropped
 *   at once (owner->pages decremented, owner pointer cleared, so the owner
 *   may go away) and the block returns to the free lists at the last put.
 * - Per-owner accounting: owner->pages counts frames allocated to the owner;
 *   allocation fails when it would exceed owner->max_pages (0 = no limit).
 *   A NULL owner means the hypervisor itself.
 * - The frame table is carved out of the managed RAM at init.
 *
 * Locking: one global spinlock (page_alloc.c) guards the free lists, the
 * frame table and every struct page_owner's counters. It is a leaf lock:
 * nothing else is taken while it is held. Reference counts are atomic:
 * page_put() and page_get_mapped() take the lock only to release a block
 * whose owner freed it (protocol in free_pages_checked()).
 */
#ifndef HYP_PAGE_ALLOC_H
#define HYP_PAGE_ALLOC_H

#include <hyp/types.h>

#define PAGE_MAX_ORDER 18 /* 2^18 * 4 KiB = 1 GiB */
#define INVALID_PADDR ((paddr_t)~0ULL)
#define PAGE_ALLOC_MAX_BANKS 16 /* RAM banks (after merging adjacent ones) */

/** A physical address range [start, end). */
struct mem_range {
	paddr_t start, end;
};

/** Accounting for whoever owns pages; embedded in struct domain. */
struct page_owner {
	uint64_t pages;     /* frames currently allocated to this owner */
	uint64_t max_pages; /* limit on pages, 0 = unlimited */
	uint16_t domid;
};

/* page_info.flags */
#define PGF_FREE 0x01      /* frame belongs to a free block */
#define PGF_ALLOCATED 0x02 /* frame belongs to an allocated block */
#define PGF_HEAD 0x04      /* first frame of its block */
#define PGF_PENDING 0x08   /* on the head: freed by its owner, refs still held */
/* no flag set: frame not managed (reserved, frame table, hole) */

/** Per-frame state. 32 bytes per 4 KiB frame (0.8% of RAM). */
struct page_info {
	struct page_info *next, *prev; /* free list links (free heads only) */
	struct page_owner *owner;      /* allocated frames; NULL = hypervisor */
	uint32_t refcount;             /* extra references on this frame */
	uint8_t order;                 /* order of the block this frame is in */
	uint8_t flags;                 /* PGF_* */
	uint16_t s2_valid;             /* stage-2 table frames: valid entries (stage2.c) */
};

/**
 * Initialise the allocator with the RAM banks and the ranges that must never
 * be handed out (hypervisor image, DTB, boot modules, reserved-memory,
 * /memreserve/). Ranges need not be sorted or page-aligned: RAM is rounded
 * inwards, reserved ranges outwards. Returns 0, -EINVAL (no usable RAM,
 * too many banks) or -ENOMEM (no room for the frame table).
 */
int page_alloc_init(const struct mem_range *ram, unsigned ram_count,
		    const struct mem_range *reserved, unsigned reserved_count);

/** Allocate 2^order frames (not zeroed); INVALID_PADDR on failure. */
paddr_t alloc_pages(unsigned order, struct page_owner *owner);
/** As alloc_pages(), and zero the memory. */
paddr_t alloc_pages_zeroed(unsigned order, struct page_owner *owner);
/**
 * Free a block returned by alloc_pages() with the same order. Returns 0,
 * or -EINVAL when pa is not the head of an allocated block of exactly that
 * order (double free, wrong order, tail frame, unmanaged address); nothing
 * is changed in that case.
 */
int free_pages_checked(paddr_t pa, unsigned order);
/** free_pages_checked() for callers that cannot handle an error: a bad
 * free is counted (page_alloc_bad_ops()) and otherwise ignored. */
void free_pages(paddr_t pa, unsigned order);
/**
 * Turn an allocated block of 2^order frames into 2^order order-0
 * allocations (same owner, refcounts kept), so its frames can be freed one
 * by one. -EINVAL if pa is not an allocated head of that order.
 */
int split_pages(paddr_t pa, unsigned order);

/** Take a reference on an allocated frame: 0, -EINVAL if free, unmanaged
 * or already freed by its owner, -EOVERFLOW if the count is saturated. */
int page_get(paddr_t pa);
/**
 * page_get() without the allocator lock, for a frame whose owner cannot free
 * it meanwhile: one mapped in a stage-2 table whose lock the caller holds
 * (owners unmap their pages before they free them). 0, -EINVAL (not an
 * allocated frame) or -EOVERFLOW.
 */
int page_get_mapped(paddr_t pa);
/** Drop a reference (lock-free); the last put of a block its owner already
 * freed releases the block. Bad puts are counted in page_alloc_bad_ops(). */
void page_put(paddr_t pa);

/** Is pa a referenced frame of a block its owner already freed (owner NULL,
 * released by the last page_put())? Lets a mapping whose owner is gone still
 * be recognised as one that holds a reference. */
bool page_is_orphan_ref(paddr_t pa);
/** Frame-table entry of a managed frame, NULL if pa is not managed. */
struct page_info *pa_to_page(paddr_t pa);
/** Number of free 4 KiB frames. */
uint64_t page_alloc_free_pages(void);
/** Number of managed 4 KiB frames (free or allocated). */
uint64_t page_alloc_total_pages(void);
/** Number of rejected free_pages()/page_put() calls since init. */
uint64_t page_alloc_bad_ops(void);
/** Print free blocks per order (for debug keys). */
void page_alloc_dump(void (*print)(const char *fmt, ...));

/**
 * out = (union of in) minus (union of holes), as sorted, non-overlapping,
 * non-adjacent ranges. Inputs may be unsorted, overlapping or empty. Returns
 * the number of ranges written, or out_max + 1 if out was too small (out
 * then holds an unspecified partial result).
 */
unsigned mem_range_subtract(struct mem_range *out, unsigned out_max,
			    const struct mem_range *in, unsigned in_count,
			    const struct mem_range *holes, unsigned hole_count);

#endif
