/* SPDX-License-Identifier: MIT */
/*
 * Building boot-time domains: the guest device tree (guest_dt.c), loading
 * an arm64 Image, ramdisk and device tree into guest memory (kernel.c) and
 * creating dom0 and the dom0less domUs from the host tree (dom0less.c).
 */
#ifndef HYP_DOMAIN_BUILD_H
#define HYP_DOMAIN_BUILD_H

#include <hyp/domain.h>
#include <hyp/types.h>
#include <public/arch-arm.h>

/* Xen 4.17 guest memory map (public arch-arm.h). */
#define GUEST_PHANDLE_GIC 65000
#define GUEST_VPL011_IRQ_SPI 0 /* SPI 0 = INTID 32 */

struct guest_dt_params {
	const char *bootargs;
	ipa_t initrd_start, initrd_end; /* 0, 0: none */
	ipa_t bank_base[2];
	uint64_t bank_size[2];
	unsigned nr_banks;
	unsigned nr_vcpus;
	bool vpl011;
	const char *cpu_compatible;
	uint32_t timer_freq; /* 0: omit clock-frequency */
	bool xen_enhanced;   /* add the /hypervisor node */
};

int guest_dt_build(const struct guest_dt_params *p, void *buf, size_t cap, size_t *len);

struct kernel_info {
	ipa_t entry;       /* where the Image is loaded = entry point */
	uint64_t image_size;
	ipa_t dtb_addr;
	ipa_t initrd_start;
	uint64_t initrd_size;
};

/* Validate an arm64 Image in host memory; 0 or a negative errno with *why set. */
int kernel_probe(const void *img, uint64_t size, uint64_t *text_offset, uint64_t *image_size,
		 const char **why);

void create_boot_domains(void);

#endif
