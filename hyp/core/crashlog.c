/* SPDX-License-Identifier: MIT */
/*
 * Crash log across a warm reset. The board's device tree may reserve a
 * memory region for it (/reserved-memory node compatible
 * "hospes,crash-log"). On panic, hospes writes the tail of its console ring
 * (which holds the crash report) there with a header; on the next boot it
 * prints that log before anything else and clears it. RAM keeps its
 * contents across a warm reset (PSCI SYSTEM_RESET), not across power off.
 */
#include <hyp/conring.h>
#include <hyp/crashlog.h>
#include <hyp/log.h>
#include <hyp/pa.h>
#include <lib/string.h>

#define CRASHLOG_MAGIC 0x484f5350434c4f47ULL /* "HOSPCLOG" */

struct crashlog_hdr {
	uint64_t magic;
	uint64_t len;
	uint64_t checksum;
	uint64_t boot_count;
};

static struct crashlog_hdr *hdr;
static uint64_t region_size;

static uint64_t checksum(const char *p, uint64_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (uint64_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)p[i]) * 1099511628211ULL;
	return h;
}

/** Use [pa, pa+size) (already mapped RW, reserved from the allocator). */
void crashlog_init(paddr_t pa, uint64_t size)
{
	if (size < PAGE_SIZE)
		return;
	hdr = pa_to_va(pa);
	region_size = size;
}

bool crashlog_present(void)
{
	return hdr && hdr->magic == CRASHLOG_MAGIC;
}

/** Print a crash log left by the previous boot, then clear it; true if there was one. */
bool crashlog_report_previous(void)
{
	const char *text;

	if (!hdr)
		return false;
	if (hdr->magic != CRASHLOG_MAGIC) {
		hdr->boot_count = 0;
		return false;
	}
	text = (const char *)(hdr + 1);
	if (hdr->len > region_size - sizeof(*hdr) || checksum(text, hdr->len) != hdr->checksum) {
		printk(LOG_WARN, "crash log region holds a damaged log; ignoring it");
		hdr->magic = 0;
		return false;
	}
	printk(LOG_ERR, "==== the previous boot crashed; its last %lu bytes of console output: ====",
	       (unsigned long)hdr->len);
	/* Line by line, each marked "(prev)", so it cannot be mistaken for this boot. */
	for (uint64_t pos = 0; pos < hdr->len;) {
		uint64_t end = pos;
		while (end < hdr->len && text[end] != '\n' && end - pos < 400)
			end++;
		printk_raw("(prev) %.*s\n", (int)(end - pos), text + pos);
		pos = end + 1;
	}
	printk(LOG_ERR, "==== end of the previous boot's crash log ====");
	hdr->magic = 0;
	return true;
}

/** Called by panic(): save the console tail (which holds the panic report). */
void crashlog_save(void)
{
	char *text;

	if (!hdr)
		return;
	text = (char *)(hdr + 1);
	hdr->len = conring_tail(text, region_size - sizeof(*hdr));
	hdr->checksum = checksum(text, hdr->len);
	hdr->boot_count++;
	__asm__ volatile("dsb sy" ::: "memory");
	hdr->magic = CRASHLOG_MAGIC;
	/* Push it past the caches to memory: a reset may not write them back. */
	for (uint64_t off = 0; off < sizeof(*hdr) + hdr->len; off += 64)
		__asm__ volatile("dc civac, %0" ::"r"((uint8_t *)hdr + off) : "memory");
	__asm__ volatile("dsb sy" ::: "memory");
}
