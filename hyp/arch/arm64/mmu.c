/* SPDX-License-Identifier: MIT */
/*
 * EL2 stage-1 translation: an identity map (VA == PA), 4 KiB granule,
 * 39-bit VA (TCR_EL2.T0SZ = 25, walks start at level 1).
 *
 * Write-xor-execute: hypervisor text is read-only + executable, rodata is
 * read-only, everything else (data, BSS, RAM, devices) is execute-never, and
 * SCTLR_EL2.WXN makes any writable mapping non-executable regardless.
 * hyp_map() only fills invalid entries: once a page is mapped (e.g. text as
 * RX, the boot DTB as RO) a later, coarser RAM mapping never overrides it.
 * Tables come from a static pool at boot and from the page allocator later.
 */
#include <asm/mmu.h>
#include <asm/sysregs.h>
#include <hyp/log.h>
#include <hyp/page_alloc.h>
#include <hyp/pa.h>
#include <lib/string.h>

#define DESC_VALID (1UL << 0)
#define DESC_TABLE (1UL << 1) /* at levels 1-2; level-3 pages use the same bit */
#define DESC_ATTR(i) ((uint64_t)(i) << 2)
#define DESC_AP_RO (1UL << 7)
#define DESC_AP_RES1 (1UL << 6)
#define DESC_SH_INNER (3UL << 8)
#define DESC_AF (1UL << 10)
#define DESC_XN (1UL << 54)
#define DESC_ADDR_MASK 0x0000fffffffff000UL

/* MAIR_EL2 indexes */
#define MT_DEVICE_nGnRnE 0
#define MT_DEVICE_nGnRE 1
#define MT_NORMAL_NC 2
#define MT_NORMAL 3
#define MAIR_VALUE (0x00UL | (0x04UL << 8) | (0x44UL << 16) | (0xffUL << 24))

#define VA_BITS 39
#define BOOT_PT_PAGES 96

static uint64_t boot_pt_pool[BOOT_PT_PAGES][512] __aligned(4096);
static unsigned boot_pt_used;
static uint64_t *root;
static bool allocator_ready;
static uint64_t tcr_value, sctlr_value;

static uint64_t *alloc_table(void)
{
	uint64_t *t;

	if (boot_pt_used < BOOT_PT_PAGES) {
		t = boot_pt_pool[boot_pt_used++];
	} else if (allocator_ready) {
		paddr_t pa = alloc_pages_zeroed(0, NULL);
		if (pa == INVALID_PADDR)
			return NULL;
		t = pa_to_va(pa);
	} else {
		return NULL;
	}
	memset(t, 0, PAGE_SIZE);
	return t;
}

static uint64_t attr_bits(enum hyp_map_type type)
{
	switch (type) {
	case MAP_TEXT:
		return DESC_ATTR(MT_NORMAL) | DESC_SH_INNER | DESC_AP_RO;
	case MAP_RO:
		return DESC_ATTR(MT_NORMAL) | DESC_SH_INNER | DESC_AP_RO | DESC_XN;
	case MAP_RW:
		return DESC_ATTR(MT_NORMAL) | DESC_SH_INNER | DESC_XN;
	case MAP_DEVICE:
		return DESC_ATTR(MT_DEVICE_nGnRE) | DESC_XN;
	}
	return DESC_XN;
}

static int map_level(uint64_t *table, unsigned level, uint64_t va, uint64_t end,
		     uint64_t attrs)
{
	unsigned shift = 39 - 9 * level; /* L1: 30, L2: 21, L3: 12 */
	uint64_t block = 1UL << shift;

	while (va < end) {
		unsigned idx = (va >> shift) & 511;
		uint64_t next = (va & ~(block - 1)) + block;
		uint64_t chunk_end = next < end ? next : end;
		uint64_t *e = &table[idx];

		if (level == 3) {
			if (!(*e & DESC_VALID))
				*e = (va & DESC_ADDR_MASK) | attrs | DESC_AF | DESC_TABLE | DESC_VALID; /* page */
		} else if (!(*e & DESC_VALID) && (va & (block - 1)) == 0 && chunk_end == next &&
			   level >= 1 && level <= 2) {
			*e = (va & DESC_ADDR_MASK) | attrs | DESC_AF | DESC_VALID; /* block */
		} else if ((*e & (DESC_VALID | DESC_TABLE)) == (DESC_VALID | DESC_TABLE)) {
			int rc = map_level(pa_to_va(*e & DESC_ADDR_MASK), level + 1, va, chunk_end,
					   attrs);
			if (rc)
				return rc;
		} else if (*e & DESC_VALID) {
			/* Covered by an existing block: keep the first mapping. */
		} else {
			uint64_t *t = alloc_table();
			if (!t)
				return -1;
			dsb(ishst);
			*e = va_to_pa(t) | DESC_TABLE | DESC_VALID;
			int rc = map_level(t, level + 1, va, chunk_end, attrs);
			if (rc)
				return rc;
		}
		va = chunk_end;
	}
	return 0;
}

/** Identity-map [pa, pa+size) with @type unless already mapped. */
int hyp_map(paddr_t pa, uint64_t size, enum hyp_map_type type)
{
	uint64_t start = ALIGN_DOWN(pa, PAGE_SIZE);
	uint64_t end = ALIGN_UP(pa + size, PAGE_SIZE);
	int rc;

	if (end > (1UL << VA_BITS))
		return -1;
	rc = map_level(root, 1, start, end, attr_bits(type));
	dsb(ishst);
	__asm__ volatile("tlbi alle2is" ::: "memory");
	dsb(ish);
	isb();
	return rc;
}

void mmu_allocator_ready(void)
{
	allocator_ready = true;
}

static unsigned pa_range_bits(void)
{
	static const unsigned bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	unsigned pr = READ_SYSREG(id_aa64mmfr0_el1) & 0xf;
	return pr < ARRAY_SIZE(bits) ? bits[pr] : 48;
}

unsigned mmu_pa_bits(void)
{
	return pa_range_bits();
}

/**
 * Build the boot map (image with W^X, the DTB read-only) and turn the MMU on.
 * Runs on the boot CPU with the MMU off.
 */
void mmu_init_boot(paddr_t text, paddr_t text_end, paddr_t ro_end, paddr_t image_end,
		   paddr_t dtb, uint64_t dtb_size)
{
	unsigned ps;

	root = alloc_table();
	map_level(root, 1, text, text_end, attr_bits(MAP_TEXT));
	map_level(root, 1, text_end, ro_end, attr_bits(MAP_RO));
	map_level(root, 1, ro_end, image_end, attr_bits(MAP_RW));
	map_level(root, 1, ALIGN_DOWN(dtb, PAGE_SIZE), ALIGN_UP(dtb + dtb_size, PAGE_SIZE),
		  attr_bits(MAP_RO));

	switch (pa_range_bits()) {
	case 32: ps = 0; break;
	case 36: ps = 1; break;
	case 40: ps = 2; break;
	case 42: ps = 3; break;
	case 44: ps = 4; break;
	default: ps = 5; break;
	}
	tcr_value = (64 - VA_BITS) | (1UL << 8) | (1UL << 10) | (3UL << 12) | (0UL << 14) |
		    ((uint64_t)ps << 16) | (1UL << 23) | (1UL << 31);
	sctlr_value = 0x30C50830UL | (1UL << 0) /* M */ | (1UL << 2) /* C */ | (1UL << 3) /* SA */ |
		      (1UL << 12) /* I */ | (1UL << 19) /* WXN */;
	dsb(sy);
	mmu_enable(va_to_pa(root), tcr_value, MAIR_VALUE, sctlr_value);
}

/** Secondary CPUs: same tables, same settings (called from head.S, MMU off). */
void mmu_enable_secondary(void)
{
	mmu_enable(va_to_pa(root), tcr_value, MAIR_VALUE, sctlr_value);
}

/** Make the boot map and its settings visible to CPUs that start with caches off. */
void mmu_clean_for_secondaries(void)
{
	const void *objs[] = { &root, &tcr_value, &sctlr_value };
	for (unsigned i = 0; i < ARRAY_SIZE(objs); i++)
		__asm__ volatile("dc civac, %0" ::"r"(objs[i]) : "memory");
	for (unsigned i = 0; i < boot_pt_used; i++)
		for (unsigned off = 0; off < PAGE_SIZE; off += 64)
			__asm__ volatile("dc civac, %0" ::"r"((char *)boot_pt_pool[i] + off) : "memory");
	dsb(sy);
}

/**
 * Zero [va, va+size) with DC ZVA (a whole zeroing block per instruction,
 * usually 64 bytes), falling back to memset when DC ZVA is prohibited. Under
 * QEMU TCG this is the fastest way to clear guest RAM.
 */
void clear_memory(void *va, size_t size)
{
	uint64_t dczid = READ_SYSREG(dczid_el0);
	size_t block = 4UL << (dczid & 0xf);
	uint8_t *p = va, *end = p + size;

	if (dczid & (1UL << 4)) { /* DZP: prohibited */
		memset(va, 0, size);
		return;
	}
	while (p < end && ((uintptr_t)p & (block - 1)))
		*p++ = 0;
	for (; p + block <= end; p += block)
		__asm__ volatile("dc zva, %0" ::"r"(p) : "memory");
	while (p < end)
		*p++ = 0;
}
