/* SPDX-License-Identifier: MIT */
/*
 * The device tree hx create writes for a guest (tools/hx/guest_dt.c), read
 * back with the hypervisor's FDT reader, and the kernel / DTB / ramdisk
 * placement (tools/hx/image.c).
 */
#include <stdlib.h>
#include <string.h>

#include <hyp/types.h>
#include <lib/fdt.h>
#include <public/arch-arm.h>

#include "guest_dt.h"
#include "image.h"
#include "unit.h"

static uint8_t blob[16384];
static struct fdt f;

static int build(const struct hx_guest_layout *l)
{
	size_t size = 0;
	int rc = hx_guest_dt_build(l, blob, sizeof(blob), &size);

	if (rc < 0)
		return rc;
	return fdt_open(&f, blob, size);
}

static uint32_t cell(const void *p, int i)
{
	const uint8_t *b = (const uint8_t *)p + 4 * i;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

UNIT_TEST(libxl_shaped_tree)
{
	uint8_t seed[HX_RNG_SEED_SIZE] = { 1, 2, 3 };
	struct hx_guest_layout l = { .vcpus = 18, .ram_size = { MiB(256), 0 },
				     .gic_version = XEN_DOMCTL_CONFIG_GIC_V3,
				     .clock_frequency = 62500000, .gpaddr_bits = 40,
				     .cmdline = "console=hvc0", .has_ramdisk = true,
				     .ramdisk_start = 0x48200000, .ramdisk_end = 0x48300000,
				     .rng_seed = seed };
	int root, n, len, cpus, count = 0;
	const void *p;
	uint64_t a, s, v;
	uint32_t u;

	CHECK_EQ(build(&l), 0);
	root = fdt_root(&f);
	CHECK(!strcmp(fdt_getprop_string(&f, root, "model"), "XENVM-4.17"));
	CHECK(fdt_node_is_compatible(&f, root, "xen,xenvm"));
	CHECK_EQ(fdt_getprop_u32(&f, root, "interrupt-parent", &u), 0);
	CHECK_EQ(u, 65000);

	n = fdt_path_offset(&f, "/chosen");
	CHECK(!strcmp(fdt_getprop_string(&f, n, "bootargs"), "console=hvc0"));
	CHECK_EQ(fdt_getprop_u64(&f, n, "linux,initrd-start", &v), 0);
	CHECK_EQ(v, 0x48200000);
	CHECK_EQ(fdt_getprop_u64(&f, n, "linux,initrd-end", &v), 0);
	CHECK_EQ(v, 0x48300000);
	p = fdt_getprop(&f, n, "rng-seed", &len);
	CHECK(p && len == HX_RNG_SEED_SIZE && ((const uint8_t *)p)[2] == 3);

	cpus = fdt_path_offset(&f, "/cpus");
	fdt_for_each_child(&f, cpus, n)
		count++;
	CHECK_EQ(count, 18);
	n = fdt_path_offset(&f, "/cpus/cpu@101"); /* vCPU 17: Aff1 1, Aff0 1 */
	CHECK(n >= 0);
	CHECK_EQ(fdt_getprop_u32(&f, n, "reg", &u), 0);
	CHECK_EQ(u, 0x101);
	CHECK(!strcmp(fdt_getprop_string(&f, n, "enable-method"), "psci"));

	n = fdt_path_offset(&f, "/psci");
	CHECK(fdt_node_is_compatible(&f, n, "arm,psci-0.2"));
	CHECK(!strcmp(fdt_getprop_string(&f, n, "method"), "hvc"));

	n = fdt_path_offset(&f, "/memory@40000000");
	CHECK_EQ(fdt_get_reg(&f, n, 2, 2, 0, &a, &s), 0);
	CHECK_EQ(a, 0x40000000);
	CHECK_EQ(s, MiB(256));
	CHECK(fdt_path_offset(&f, "/memory@200000000") < 0);

	n = fdt_path_offset(&f, "/interrupt-controller@3001000");
	CHECK(fdt_node_is_compatible(&f, n, "arm,gic-v3"));
	CHECK_EQ(fdt_get_reg(&f, n, 2, 2, 1, &a, &s), 0);
	CHECK_EQ(a, GUEST_GICV3_GICR0_BASE);
	CHECK_EQ(fdt_getprop_u32(&f, n, "phandle", &u), 0);
	CHECK_EQ(u, 65000);

	n = fdt_path_offset(&f, "/timer");
	p = fdt_getprop(&f, n, "interrupts", &len);
	CHECK_EQ(len, 36);
	CHECK_EQ(cell(p, 1), 13); /* secure phys PPI 29 */
	CHECK_EQ(cell(p, 7), 11); /* virt PPI 27 */
	CHECK_EQ(cell(p, 8), 0xf08);
	CHECK_EQ(fdt_getprop_u32(&f, n, "clock-frequency", &u), 0);
	CHECK_EQ(u, 62500000);

	n = fdt_path_offset(&f, "/hypervisor");
	p = fdt_getprop(&f, n, "compatible", &len);
	CHECK(p && !strcmp(p, "xen,xen-4.17")); /* Linux needs it first */
	CHECK(fdt_node_is_compatible(&f, n, "xen,xen"));
	CHECK_EQ(fdt_reg_count(&f, n, 2, 2), 3);
	CHECK_EQ(fdt_get_reg(&f, n, 2, 2, 0, &a, &s), 0);
	CHECK_EQ(a, GUEST_GNTTAB_BASE);
	CHECK_EQ(s, GUEST_GNTTAB_SIZE);
	CHECK_EQ(fdt_get_reg(&f, n, 2, 2, 1, &a, &s), 0); /* above bank-0 RAM */
	CHECK_EQ(a, 0x50000000);
	CHECK_EQ(a + s, 0x100000000ULL);
	CHECK_EQ(fdt_get_reg(&f, n, 2, 2, 2, &a, &s), 0); /* bank 1, clipped at 2^40 */
	CHECK_EQ(a, GUEST_RAM1_BASE);
	CHECK_EQ(a + s, 1ULL << 40);
	p = fdt_getprop(&f, n, "interrupts", &len);
	CHECK(len == 12 && cell(p, 0) == 1 && cell(p, 1) == 15 && cell(p, 2) == 0xf08);
}

UNIT_TEST(gicv2_two_banks_no_ramdisk_small_ipa)
{
	struct hx_guest_layout l = { .vcpus = 1, .ram_size = { GUEST_RAM0_SIZE, GiB(1) },
				     .gic_version = XEN_DOMCTL_CONFIG_GIC_V2, .gpaddr_bits = 32 };
	uint64_t a, s;
	int n;

	CHECK_EQ(build(&l), 0);
	n = fdt_path_offset(&f, "/chosen");
	CHECK(n >= 0 && !fdt_prop_exists(&f, n, "bootargs"));
	CHECK(!fdt_prop_exists(&f, n, "linux,initrd-start"));
	CHECK(!fdt_prop_exists(&f, n, "rng-seed"));
	n = fdt_path_offset(&f, "/memory@200000000");
	CHECK_EQ(fdt_get_reg(&f, n, 2, 2, 0, &a, &s), 0);
	CHECK_EQ(s, GiB(1));
	n = fdt_path_offset(&f, "/interrupt-controller@3001000");
	CHECK(fdt_node_is_compatible(&f, n, "arm,cortex-a15-gic"));
	CHECK_EQ(fdt_get_reg(&f, n, 2, 2, 1, &a, &s), 0);
	CHECK_EQ(a, GUEST_GICC_BASE);
	/* bank 0 full, bank 1 above the 32-bit IPA: only the grant window */
	n = fdt_path_offset(&f, "/hypervisor");
	CHECK_EQ(fdt_reg_count(&f, n, 2, 2), 1);
}

static void put_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

UNIT_TEST(image_placement)
{
	static uint8_t img[4096];
	struct hx_plan plan;
	char err[256];

	/* arm64 Image: text_offset 0, image_size 40 MiB */
	memset(img, 0, sizeof(img));
	put_le64(img + 16, MiB(40));
	memcpy(img + 56, "ARM\x64", 4);
	CHECK_EQ(hx_image_plan(img, sizeof(img), 0x40000000, MiB(256), 4096, MiB(20), &plan, err,
			       sizeof(err)),
		 0);
	CHECK_EQ(plan.kernel_addr, 0x40000000);
	CHECK_EQ(plan.kernel_end, 0x40000000 + MiB(40));
	CHECK_EQ(plan.dtb_addr, 0x40000000 + MiB(128));
	CHECK_EQ(plan.ramdisk_addr, 0x40000000 + MiB(130));

	/* pre-3.17 header (image_size 0): text_offset 0x80000 */
	put_le64(img + 16, 0);
	CHECK_EQ(hx_image_plan(img, sizeof(img), 0x40000000, MiB(256), 4096, 0, &plan, err,
			       sizeof(err)),
		 0);
	CHECK_EQ(plan.kernel_addr, 0x40080000);
	CHECK_EQ(plan.ramdisk_addr, 0);

	/* RAM too small for the 128 MiB offset: modules right after the kernel */
	put_le64(img + 16, MiB(40));
	CHECK_EQ(hx_image_plan(img, sizeof(img), 0x40000000, MiB(64), 4096, MiB(10), &plan, err,
			       sizeof(err)),
		 0);
	CHECK_EQ(plan.dtb_addr, 0x40000000 + MiB(40));
	CHECK_EQ(plan.ramdisk_addr, 0x40000000 + MiB(42));

	/* does not fit at all */
	CHECK_EQ(hx_image_plan(img, sizeof(img), 0x40000000, MiB(48), 4096, MiB(10), &plan, err,
			       sizeof(err)),
		 -1);
	CHECK(strstr(err, "do not fit in the domain's 48 MiB of RAM"));

	/* raw binary: run from its first byte at the bank base */
	memset(img, 0xaa, sizeof(img));
	CHECK_EQ(hx_image_plan(img, sizeof(img), 0x40000000, MiB(64), 4096, 0, &plan, err,
			       sizeof(err)),
		 0);
	CHECK_EQ(plan.kernel_addr, 0x40000000);
	CHECK_EQ(plan.kernel_end, 0x40001000);

	/* gzip is refused with advice */
	img[0] = 0x1f;
	img[1] = 0x8b;
	CHECK_EQ(hx_image_plan(img, sizeof(img), 0x40000000, MiB(64), 4096, 0, &plan, err,
			       sizeof(err)),
		 -1);
	CHECK(strstr(err, "gzip-compressed"));
}

UNIT_MAIN()
