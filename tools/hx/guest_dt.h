/* SPDX-License-Identifier: MIT */
/*
 * hx_guest_dt - the device tree of a domain built by hx create, as libxl
 * builds it for xl-created Arm guests (docs xen-abi-arm64.md section 2.4).
 */
#ifndef TOOLS_HX_GUEST_DT_H
#define TOOLS_HX_GUEST_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HX_RNG_SEED_SIZE 128

struct hx_guest_layout {
	uint32_t vcpus;
	uint64_t ram_size[2];      /* bytes in bank 0 (GUEST_RAM0_BASE) and bank 1 */
	uint8_t gic_version;       /* XEN_DOMCTL_CONFIG_GIC_V2 or _V3 */
	uint32_t clock_frequency;  /* host timer frequency for the timer node, 0 = none */
	uint8_t gpaddr_bits;       /* guest IPA width for extended regions, 0 = none */
	const char *cmdline;       /* NULL or "" = no bootargs */
	bool has_ramdisk;
	uint64_t ramdisk_start, ramdisk_end; /* guest-physical [start, end) */
	const uint8_t *rng_seed;   /* HX_RNG_SEED_SIZE bytes, NULL = none */
};

/* Write the DTB into @buf; returns 0 and its size, or a negative FDT_ERR_* */
int hx_guest_dt_build(const struct hx_guest_layout *l, void *buf, size_t cap, size_t *size);

#endif
