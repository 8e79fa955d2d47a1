/* SPDX-License-Identifier: MIT */
/*
 * arm64 Image loading (Linux Documentation/arch/arm64/booting.rst): check the
 * 64-byte header, then place the kernel at RAM start + text_offset, and the
 * device tree and ramdisk where Xen 4.17 puts them (128 MiB above the RAM
 * start when they fit, else as high as possible in the first bank).
 */
#include <hyp/domain_build.h>
#include <hyp/errno.h>
#include <lib/string.h>

#define IMAGE_MAGIC 0x644d5241U /* "ARM\x64" little-endian at offset 56 */

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int kernel_probe(const void *img, uint64_t size, uint64_t *text_offset, uint64_t *image_size,
		 const char **why)
{
	const uint8_t *h = img;

	if (size < 64) {
		*why = "too small to be an arm64 Image (less than 64 bytes)";
		return -EINVAL;
	}
	if (h[0] == 0x1f && h[1] == 0x8b) {
		*why = "gzip-compressed kernel: hospes loads the raw arm64 Image (decompress it, e.g. zcat vmlinuz > Image)";
		return -EINVAL;
	}
	if (le32(h + 56) != IMAGE_MAGIC) {
		*why = "not an arm64 Image (no \"ARM\\x64\" magic at offset 56)";
		return -EINVAL;
	}
	*text_offset = le64(h + 8);
	*image_size = le64(h + 16);
	if (*image_size == 0) { /* pre-3.17 kernels */
		*text_offset = 0x80000;
		*image_size = size;
	}
	if (*image_size < size)
		*image_size = size;
	if ((le64(h + 24) & 1) != 0) {
		*why = "big-endian Image is not supported";
		return -EINVAL;
	}
	return 0;
}
