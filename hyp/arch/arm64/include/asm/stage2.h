/* SPDX-License-Identifier: MIT */
/*
 * AArch64 stage-2 translation tables (IPA -> PA), VMSAv8-64, 4 KiB granule.
 *
 * Geometry (Arm ARM D8.2, "stage 2 translation"; VTCR_EL2):
 * - ipa_bits 32..40: walk starts at level 1 (VTCR_EL2.SL0 = 1); for 40 bits
 *   the root is two concatenated level-1 tables (8 KiB, 8 KiB aligned).
 * - ipa_bits 41..48: walk starts at level 0 (SL0 = 2), one root page.
 * - Level 1 entries may be 1 GiB blocks, level 2 entries 2 MiB blocks,
 *   level 3 entries 4 KiB pages.
 *
 * Mapping types (the type is also kept in descriptor software bits 58:55,
 * so stage2_lookup() returns exactly the type that was mapped):
 *   S2_RAM_RWX    normal guest RAM: read/write/execute.  Use this for RAM.
 *   S2_RAM_RW     read/write, execute-never (data-only pages: grant and
 *                 foreign mappings, shared rings).
 *   S2_RAM_RO     read-only, executable (like Xen's p2m_ram_ro).
 *   S2_DEVICE_RW  Device-nGnRE, read/write, execute-never (MMIO).
 * All normal memory is Inner/Outer Write-Back, Inner Shareable.
 *
 * Invariants: every valid table descriptor points to a page allocated from
 * page_alloc (charged to s2->owner) and counted in s2->table_pages; a valid
 * entry is only ever replaced by break-before-make (write invalid, DSB, TLB
 * invalidate, write new). Locking: s2->lock guards the tables; it nests
 * outside the page allocator's lock.
 */
#ifndef ASM_STAGE2_H
#define ASM_STAGE2_H

#include <hyp/page_alloc.h>
#include <hyp/spinlock.h>
#include <hyp/types.h>

enum s2_type {
	S2_RAM_RW,    /* RW, XN */
	S2_RAM_RO,    /* RO, executable */
	S2_RAM_RWX,   /* guest RAM: RWX */
	S2_DEVICE_RW, /* Device-nGnRE, RW, XN */
};

/* Descriptor fields (Arm ARM D8.3, stage 2 block and page descriptors). */
#define S2_DESC_VALID (1ULL << 0)
#define S2_DESC_TABLE (1ULL << 1)  /* at levels 0-2: table; at level 3: page */
#define S2_DESC_PAGE (3ULL << 0)
#define S2_DESC_BLOCK (1ULL << 0)
#define S2_MEMATTR(x) ((uint64_t)(x) << 2) /* bits 5:2 */
#define S2_MEMATTR_NORMAL_WB S2_MEMATTR(0xf)
#define S2_MEMATTR_DEVICE_nGnRE S2_MEMATTR(0x1)
#define S2_MEMATTR_MASK S2_MEMATTR(0xf)
#define S2AP_R (1ULL << 6)
#define S2AP_W (1ULL << 7)
#define S2_SH_INNER (3ULL << 8)
#define S2_AF (1ULL << 10)
#define S2_XN (2ULL << 53) /* XN[1:0] = 0b10: no execution at EL1 or EL0 */
#define S2_XN_MASK (3ULL << 53)
#define S2_SW_TYPE_SHIFT 55 /* software bits 58:55 hold enum s2_type */
#define S2_SW_TYPE_MASK (0xfULL << S2_SW_TYPE_SHIFT)
#define S2_OA_MASK 0x0000fffffffff000ULL /* output address bits 47:12 */

/* VTCR_EL2 fields (Arm ARM D17, VTCR_EL2). */
#define VTCR_T0SZ(x) ((uint64_t)(x) << 0)
#define VTCR_SL0(x) ((uint64_t)(x) << 6)
#define VTCR_IRGN0_WBWA (1ULL << 8)
#define VTCR_ORGN0_WBWA (1ULL << 10)
#define VTCR_SH0_INNER (3ULL << 12)
#define VTCR_TG0_4K (0ULL << 14)
#define VTCR_PS(x) ((uint64_t)(x) << 16)
#define VTCR_VS (1ULL << 19) /* 16-bit VMID: set it yourself if used */
#define VTCR_RES1 (1ULL << 31)

#define VTTBR_VMID_SHIFT 48

/** A guest's stage-2 tables. */
struct stage2 {
	paddr_t root;              /* root table(s), 0 when not initialised */
	unsigned ipa_bits;
	uint16_t vmid;
	struct page_owner *owner;  /* table pages are charged here (NULL: hypervisor) */
	spinlock_t lock;
	uint64_t table_pages;      /* table pages in use, root included */
};

/** Allocate the root table. 0, -EINVAL (ipa_bits not 32..48) or -ENOMEM. */
int stage2_init(struct stage2 *s2, unsigned ipa_bits, uint16_t vmid, struct page_owner *owner);
/**
 * Map [ipa, ipa + size) to [pa, pa + size) with type t, replacing whatever
 * was there (break-before-make). Uses 1 GiB / 2 MiB blocks where ipa, pa
 * and size allow. Returns 0, -EINVAL (misaligned, empty, out of range) or
 * -ENOMEM (a table could not be allocated: the tables stay consistent, a
 * prefix of the range may already be mapped).
 */
int stage2_map(struct stage2 *s2, ipa_t ipa, paddr_t pa, uint64_t size, enum s2_type t);
/** Unmap [ipa, ipa + size), splitting blocks and freeing tables that become
 * empty. 0, -EINVAL or -ENOMEM (a block could not be split). */
int stage2_unmap(struct stage2 *s2, ipa_t ipa, uint64_t size);
/** Unmap the 4 KiB page at ipa only if it translates to the page pa (one walk
 * under the lock; grant unmaps). 0, -ENOENT (not mapped there), -EINVAL or
 * -ENOMEM (a block could not be split). */
int stage2_unmap_page(struct stage2 *s2, ipa_t ipa, paddr_t pa);
/** Translate one IPA. Any output pointer may be NULL. mapping_size gets the
 * size of the block or page containing ipa. 0 or -ENOENT. */
int stage2_lookup(struct stage2 *s2, ipa_t ipa, paddr_t *pa, enum s2_type *t,
		  uint64_t *mapping_size);
/** Translate ipa, which must be mapped with type t, to its 4 KiB page *pa and
 * take a reference on that page (page_get()) in the same walk, under the lock.
 * 0, -ENOENT (not mapped, or another type) or page_get()'s error. */
int stage2_get_page(struct stage2 *s2, ipa_t ipa, enum s2_type t, paddr_t *pa);
/** Translate ipa, which must be mapped with type t, to (the hypervisor's
 * pointer to) its 4 KiB page and return with the table locked, so that the
 * page stays mapped, and therefore allocated, until stage2_unlock_page(). For
 * a short access (a memmove) with nothing else taken meanwhile. NULL, with
 * nothing locked, if ipa is not mapped with type t. */
void *stage2_lock_page(struct stage2 *s2, ipa_t ipa, enum s2_type t);
void stage2_unlock_page(struct stage2 *s2);
/** Flush the VMID's TLB entries and free every table page. */
void stage2_destroy(struct stage2 *s2);
/** VTTBR_EL2 value: VMID << 48 | root. */
uint64_t stage2_vttbr(const struct stage2 *s2);
/** VTCR_EL2 value for ipa_bits (32..48) and the host PA size in bits. */
uint64_t stage2_vtcr(unsigned ipa_bits, unsigned pa_range_bits);
/** Block/page descriptor that stage2_map() writes for pa with type t
 * (level 3 gives a page descriptor, levels 1-2 a block descriptor). */
uint64_t stage2_make_desc(paddr_t pa, enum s2_type t, unsigned level);

/*
 * TLB maintenance hooks: hyp/arch/arm64/stage2_tlb.c on hardware,
 * hyp/arch/fake/stage2_fake.c (which counts calls) in host tests.
 */
/** Invalidate stage-2 (and combined stage-1+2) entries for one IPA of vmid. */
void arch_s2_tlb_flush_ipa(uint16_t vmid, ipa_t ipa);
/** Invalidate every stage-1 and stage-2 entry of vmid. */
void arch_s2_tlb_flush_vmid(uint16_t vmid);
/** Make descriptor writes visible to the table walker (DSB ISHST). */
void arch_s2_sync(void);

#endif
