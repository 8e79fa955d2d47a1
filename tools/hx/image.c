/* SPDX-License-Identifier: MIT */
/*
 * Guest image placement, following Xen's libxenguest for Arm (xg_dom_arm.c,
 * facts) and Linux Documentation/arm64/booting.rst:
 *
 *  - an arm64 Image (magic "ARM\x64" at byte 56) is loaded at a 2 MiB
 *    aligned base + text_offset (header byte 8) and claims image_size
 *    bytes (header byte 16; 0 in pre-3.17 kernels: text_offset 0x80000 and
 *    the file size); a file without the header is a raw binary run from
 *    its first byte at the bank base;
 *  - the DTB and then the ramdisk go 128 MiB above the bank base when the
 *    kernel ends below that and everything fits, else right after the
 *    kernel, each 2 MiB aligned (so the DTB never crosses a 2 MiB boundary,
 *    as booting.rst requires).
 */
#include <stdio.h>
#include <string.h>

#include "image.h"

#define SZ_2M (2ULL << 20)
#define MODULES_OFFSET (128ULL << 20)
#define IMAGE_MAGIC 0x644d5241U /* "ARM\x64" little-endian */

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t align_2m(uint64_t x)
{
	return (x + SZ_2M - 1) & ~(SZ_2M - 1);
}

/** hx_image_plan - place kernel, DTB and ramdisk in bank 0 */
int hx_image_plan(const uint8_t *kernel, size_t kernel_len, uint64_t ram_base, uint64_t ram_size,
		  uint64_t dtb_size, uint64_t ramdisk_size, struct hx_plan *plan, char *err,
		  size_t errlen)
{
	uint64_t base = align_2m(ram_base), text_offset = 0, image_size = kernel_len, mods;
	uint64_t ram_end = ram_base + ram_size, need;

	memset(plan, 0, sizeof(*plan));
	if (kernel_len >= 2 && kernel[0] == 0x1f && kernel[1] == 0x8b) {
		snprintf(err, errlen, "kernel is gzip-compressed; give hx the uncompressed Image "
			 "(e.g. zcat vmlinuz > Image)");
		return -1;
	}
	if (kernel_len >= 64 && (kernel[56] | kernel[57] << 8 | kernel[58] << 16 |
				 (uint32_t)kernel[59] << 24) == IMAGE_MAGIC) {
		text_offset = le64(kernel + 8);
		image_size = le64(kernel + 16);
		if (image_size == 0) {
			text_offset = 0x80000;
			image_size = kernel_len;
		}
		if (image_size < kernel_len) {
			snprintf(err, errlen, "kernel Image header claims %llu bytes, less than the "
				 "file's %zu", (unsigned long long)image_size, kernel_len);
			return -1;
		}
		if (le64(kernel + 24) & 1) {
			snprintf(err, errlen, "kernel Image is big-endian (header flags bit 0)");
			return -1;
		}
	}
	if (kernel_len == 0) {
		snprintf(err, errlen, "kernel file is empty");
		return -1;
	}
	plan->kernel_addr = base + text_offset;
	plan->kernel_end = plan->kernel_addr + image_size;
	need = align_2m(dtb_size) + align_2m(ramdisk_size);
	mods = base + MODULES_OFFSET;
	if (plan->kernel_end > mods || mods + need > ram_end)
		mods = align_2m(plan->kernel_end);
	plan->dtb_addr = mods;
	plan->ramdisk_addr = ramdisk_size ? mods + align_2m(dtb_size) : 0;
	plan->end = ramdisk_size ? plan->ramdisk_addr + ramdisk_size : mods + dtb_size;
	if (plan->end > ram_end) {
		snprintf(err, errlen,
			 "kernel (%llu KiB), device tree and ramdisk (%llu KiB) do not fit in the "
			 "domain's %llu MiB of RAM; raise memory",
			 (unsigned long long)(image_size >> 10),
			 (unsigned long long)(ramdisk_size >> 10),
			 (unsigned long long)(ram_size >> 20));
		return -1;
	}
	return 0;
}
