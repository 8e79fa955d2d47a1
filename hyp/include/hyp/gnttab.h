/* SPDX-License-Identifier: MIT */
/*
 * Grant tables, version 1 (the only version Xen/Arm offers): the portable
 * core of GNTTABOP_* (Xen public grant_table.h; docs/xen-abi-arm64.md
 * section 5). It knows nothing of struct domain: every domain embeds a
 * struct gnttab_domain and the rest of the hypervisor is reached through
 * struct gnttab_hooks, so the whole module runs in host unit tests.
 *
 * State of one domain:
 *  - the shared frames: hypervisor-owned zeroed pages holding the
 *    grant_entry_v1 array the guest writes (512 entries per frame); the
 *    table starts with one frame and grows on demand up to max_frames;
 *  - the active entries: one per grant, hypervisor-private, recording who
 *    has the grant pinned (mapped or being copied), how often for reading and
 *    for writing, and the host page pinned;
 *  - the maptrack: handles for this domain's own mappings of other domains'
 *    grants (GNTTABOP_map_grant_ref returns the handle, unmap takes it).
 *
 * Invariants:
 *  - an active entry with a pin holds exactly one reference (hooks->gfn_to_page)
 *    on the granted host page; the last unpin drops it (hooks->put_page). So a
 *    granted page stays allocated while mapped, whatever its owner does;
 *  - GTF_reading is set in the shared entry while the grant has any pin,
 *    GTF_writing while it has a writable pin (set with a bounded CAS loop on
 *    the 32-bit {flags, domid} word, cleared with an atomic AND);
 *  - an in-use maptrack entry holds one pin on its granter's active entry and
 *    a pointer to the granter: a granter cannot be destroyed while pinned
 *    (gnttab_domain_destroy() returns -EBUSY), so the pointer stays valid.
 *
 * Locks: lock guards frames, active entries and the dying flag; maptrack_lock
 * guards the maptrack's free list and growth. An in-use entry's state moves
 * without it: the mapper fills a BUSY entry and publishes MAPPED with a
 * release store; an unmap claims MAPPED -> BUSY with a compare-and-swap (so
 * exactly one unmap wins) and reads the fields after that acquire; the
 * limit is published with a release store after the page it covers.
 * No function holds two of the locks at once (maps and unmaps
 * take them one after the other), so they need no order among themselves.
 * Hooks are called without either lock held, except alloc_page/free_page
 * (under either lock) and gfn_to_page (under the granter's lock, as Xen takes
 * the page under its active-entry lock): they must not call back into this
 * module, and the locks they take come after these in the lock order.
 */
#ifndef HYP_GNTTAB_H
#define HYP_GNTTAB_H

#include <hyp/spinlock.h>
#include <hyp/types.h>

#define GNTTAB_ENTRIES_PER_FRAME 512U         /* PAGE_SIZE / sizeof(grant_entry_v1) */
#define GNTTAB_DEFAULT_MAX_FRAMES 64U         /* Xen's opt_max_grant_frames */
#define GNTTAB_MAX_FRAMES 64U                 /* upper bound for max_frames */
#define GNTTAB_ACTIVE_PER_PAGE 256U           /* PAGE_SIZE / sizeof(struct gnttab_active) */
#define GNTTAB_ACTIVE_PAGES_PER_FRAME 2U
#define GNTTAB_MAPTRACK_MAX 4096U             /* handles per mapping domain */
#define GNTTAB_MAPTRACK_PER_PAGE 128U         /* PAGE_SIZE / sizeof(struct gnttab_maptrack) */
#define GNTTAB_MAPTRACK_PAGES (GNTTAB_MAPTRACK_MAX / GNTTAB_MAPTRACK_PER_PAGE)
#define GNTTAB_INVALID_GFN (~0ULL)            /* frame not mapped in the guest */

struct gnttab_domain;

/** Services the grant-table core needs from the rest of the hypervisor. */
struct gnttab_hooks {
	/* Another domain by id (never DOMID_SELF); NULL if none. The result must
	 * stay valid until the current hypercall returns. */
	struct gnttab_domain *(*lookup)(uint16_t domid);
	/* d's GFN -> host PA of a RAM page of d, taking a page reference.
	 * 0, -EINVAL (not RAM, or not writable when asked) or -EAGAIN. */
	int (*gfn_to_page)(struct gnttab_domain *d, uint64_t gfn, paddr_t *pa, bool writable);
	void (*put_page)(paddr_t pa);
	/* d's RAM page at gfn, locked in place instead of referenced: on 0, *ptr
	 * is the page and it stays d's until unlock_frame(d), which must follow
	 * without anything else taken in between (GNTTABOP_copy holds it across
	 * one memmove). Errors as gfn_to_page; nothing stays locked on error. */
	int (*lock_frame)(struct gnttab_domain *d, uint64_t gfn, void **ptr);
	void (*unlock_frame)(struct gnttab_domain *d);
	/* Insert / remove pa at the page-aligned gpa of mapper's stage 2. */
	int (*map_into)(struct gnttab_domain *mapper, ipa_t gpa, paddr_t pa, bool readonly);
	int (*unmap_from)(struct gnttab_domain *mapper, ipa_t gpa, paddr_t pa);
	void *(*pa_to_ptr)(paddr_t pa);
	/* A zeroed page for the hypervisor's own use; NULL when out of memory. */
	void *(*alloc_page)(paddr_t *pa);
	void (*free_page)(void *p, paddr_t pa);
	/* Write len bytes to d's guest virtual address; 0 or -EFAULT
	 * (frame lists of setup_table and get_status_frames). */
	int (*copy_to_guest)(struct gnttab_domain *d, uint64_t gva, const void *src, size_t len);
	/* Optional (NULL = never): is pa a RAM page of d itself? (cache_flush) */
	bool (*owns_page)(struct gnttab_domain *d, paddr_t pa);
	/* Optional (NULL = no-op): GNTTAB_CACHE_CLEAN/INVAL on a range. */
	void (*cache_maint)(void *va, size_t len, unsigned op);
	/* Optional: a dying domain's last pinned grant was just released; its
	 * gnttab_domain_destroy() will now succeed. Called without locks held. */
	void (*released)(struct gnttab_domain *d);
};

/** Hypervisor-private state of one grant (not visible to the guest). */
struct gnttab_active {
	paddr_t pa;       /* host page pinned; valid while pinned */
	uint16_t domid;   /* the domain holding the pins */
	uint16_t rd_pins; /* read-only mappings + read-only copies in flight */
	uint16_t wr_pins; /* writable mappings + writable copies in flight */
	uint16_t pad;
};

/** One mapping of another domain's grant, made by the owner of the maptrack. */
struct gnttab_maptrack {
	struct gnttab_domain *granter; /* valid while state != free */
	ipa_t gpa;                     /* where it is mapped in the mapper */
	paddr_t pa;
	uint32_t ref;                  /* grant ref; next free handle while free */
	uint16_t domid;                /* granter's id, for dumps */
	uint8_t is_readonly;
	uint8_t state;                 /* GNTTAB_MT_* (gnttab.c) */
};

/** Grant-table state of one domain; embed it in struct domain. */
struct gnttab_domain {
	spinlock_t lock;
	spinlock_t maptrack_lock;
	uint16_t domid;
	bool is_privileged;   /* may name other domains in setup/query ops */
	bool is_dying;        /* gnttab_domain_destroy() was called */
	unsigned nr_frames, max_frames;
	unsigned nr_pins;     /* grants of this domain with any pin */
	void *frames[GNTTAB_MAX_FRAMES];
	paddr_t frame_pa[GNTTAB_MAX_FRAMES];
	uint64_t frame_gfn[GNTTAB_MAX_FRAMES]; /* where the guest mapped each frame */
	struct gnttab_active *active[GNTTAB_MAX_FRAMES * GNTTAB_ACTIVE_PAGES_PER_FRAME];
	paddr_t active_pa[GNTTAB_MAX_FRAMES * GNTTAB_ACTIVE_PAGES_PER_FRAME];
	struct gnttab_maptrack *maptrack[GNTTAB_MAPTRACK_PAGES];
	paddr_t maptrack_pa[GNTTAB_MAPTRACK_PAGES];
	unsigned maptrack_limit; /* handles allocated so far (pages * per page) */
	uint32_t maptrack_free;  /* head of the free-handle list */
	unsigned maptrack_used;
	const struct gnttab_hooks *hooks;
	void *opaque;            /* for the embedding code */
};

int gnttab_domain_init(struct gnttab_domain *d, uint16_t domid, bool is_privileged,
		       unsigned max_frames, const struct gnttab_hooks *hooks, void *opaque);
void gnttab_release_mappings(struct gnttab_domain *d);
bool gnttab_is_pinned(struct gnttab_domain *d);
int gnttab_domain_destroy(struct gnttab_domain *d);
long gnttab_op(struct gnttab_domain *d, unsigned cmd, void *args, unsigned count);
size_t gnttab_op_arg_size(unsigned cmd);
/* Xen's split of the cmd word: the high bits carry continuation state. */
#define GNTTABOP_CMD_MASK 0xfffU

/** How the count argument applies to a GNTTABOP's argument array. */
enum { GNTTAB_ARGS_NONE, GNTTAB_ARGS_BATCH, GNTTAB_ARGS_ONLY_ONE, GNTTAB_ARGS_ALWAYS_ONE };

/** Argument layout of a GNTTABOP (gnttab.c has the table). */
struct gnttab_op_layout {
	uint8_t size;             /* bytes per element; 0: no argument read */
	uint8_t count;            /* GNTTAB_ARGS_*: what count means */
	uint8_t out_off, out_len; /* the bytes of an element the op writes */
};

#define GNTTABOP_NR_LAYOUTS 13
extern const struct gnttab_op_layout gnttab_op_layouts[GNTTABOP_NR_LAYOUTS];

/** Layout of cmd (high bits ignored); all zero for commands without one. */
static inline const struct gnttab_op_layout *gnttab_op_layout(unsigned cmd)
{
	static const struct gnttab_op_layout none;

	cmd &= GNTTABOP_CMD_MASK;
	return cmd < GNTTABOP_NR_LAYOUTS ? &gnttab_op_layouts[cmd] : &none;
}

/**
 * How many argument structures gnttab_op() reads and writes for (cmd,
 * count): count for the batched ops, 1 for set_version/get_version (Xen
 * ignores count there), 1 or 0 for the count-must-be-1 ops, 0 otherwise.
 */
static inline unsigned gnttab_op_arg_count(unsigned cmd, unsigned count)
{
	switch (gnttab_op_layout(cmd)->count) {
	case GNTTAB_ARGS_BATCH:
		return (int)count < 0 ? 0 : count;
	case GNTTAB_ARGS_ONLY_ONE:
		return count == 1 ? 1 : 0;
	case GNTTAB_ARGS_ALWAYS_ONE:
		return 1;
	default:
		return 0;
	}
}
int gnttab_get_frame(struct gnttab_domain *d, uint64_t idx, uint64_t gfn, paddr_t *pa);
int gnttab_seed_entry(struct gnttab_domain *d, uint32_t ref, uint16_t grantee, uint32_t gfn,
		      bool is_readonly);
void gnttab_dump(struct gnttab_domain *d, void (*print)(const char *fmt, ...));

#endif
