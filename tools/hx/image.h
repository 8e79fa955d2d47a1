/* SPDX-License-Identifier: MIT */
/*
 * hx_image - where hx create puts a guest's kernel, device tree and
 * ramdisk in guest RAM bank 0, and the kernel's entry point. Pure
 * computation, no I/O.
 */
#ifndef TOOLS_HX_IMAGE_H
#define TOOLS_HX_IMAGE_H

#include <stddef.h>
#include <stdint.h>

struct hx_plan {
	uint64_t kernel_addr;  /* where the file's first byte goes (= entry) */
	uint64_t kernel_end;   /* end of the memory the kernel claims (image_size) */
	uint64_t dtb_addr;
	uint64_t ramdisk_addr; /* 0 without a ramdisk */
	uint64_t end;          /* end of everything placed */
};

/*
 * Plan the layout in bank 0 ([ram_base, ram_base + ram_size)) of a kernel
 * file (@kernel, @kernel_len bytes: an arm64 Image with its 64-byte header,
 * or a raw binary started at its first byte), a DTB of @dtb_size and a
 * ramdisk of @ramdisk_size bytes (0 = none). Returns 0, or -1 with the
 * reason in @err.
 */
int hx_image_plan(const uint8_t *kernel, size_t kernel_len, uint64_t ram_base, uint64_t ram_size,
		  uint64_t dtb_size, uint64_t ramdisk_size, struct hx_plan *plan, char *err,
		  size_t errlen);

#endif
