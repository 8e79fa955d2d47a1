/* SPDX-License-Identifier: MIT */
/*
 * Device tree of an hx-created domain, in libxl's shape (Xen 4.17
 * tools/libs/light/libxl_arm.c; docs xen-abi-arm64.md sections 2.2-2.4):
 *
 *   / model "XENVM-4.17", compatible "xen,xenvm-4.17" "xen,xenvm",
 *     interrupt-parent <65000>, #address-cells = #size-cells = <2>
 *   /chosen      bootargs, linux,initrd-start/end (with a ramdisk), rng-seed
 *   /cpus        cpu@N: "arm,armv8", reg = MPIDR affinity, enable-method psci
 *   /psci        1.0 / 0.2 / legacy ids, method "hvc"
 *   /memory@40000000, /memory@200000000 (the second only when used)
 *   /interrupt-controller@3001000  GICv3 (or GICv2) at the guest addresses
 *   /timer       PPIs 29, 30, 27 level-low (all CPUs)
 *   /hypervisor  "xen,xen-4.17" "xen,xen", grant window + extended regions,
 *                event-channel PPI 31
 *
 * The blob is complete and self-contained; nothing is patched later.
 */
#include <stdio.h>
#include <string.h>

#include <hyp/types.h>
#include <lib/fdt.h>
#include <public/arch-arm.h>
#include <public/version.h>

#include "guest_dt.h"

#define GIC_PHANDLE 65000 /* GUEST_PHANDLE_GIC */
#define PPI_FLAGS_ALL_LEVEL_LOW 0xf08 /* cpumask 0xf << 8 | level-low (8) */
#define EXT_REGION_MIN MiB(64)
#define EXT_REGION_ALIGN MiB(2)

/* One <type irq flags> GIC triple for PPI INTID @intid */
static void ppi(uint32_t *cells, unsigned int intid)
{
	cells[0] = 1; /* PPI */
	cells[1] = intid - 16;
	cells[2] = PPI_FLAGS_ALL_LEVEL_LOW;
}

static void memory_node(struct fdt_writer *w, uint64_t base, uint64_t size)
{
	char name[32];
	uint64_t reg[2] = { base, size };

	snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)base);
	fdtw_begin_node(w, name);
	fdtw_prop_string(w, "device_type", "memory");
	fdtw_prop_reg(w, "reg", 2, 2, reg, 1);
	fdtw_end_node(w);
}

static void gic_node(struct fdt_writer *w, uint8_t version)
{
	if (version == XEN_DOMCTL_CONFIG_GIC_V2) {
		static const char *const compat[] = { "arm,cortex-a15-gic", "arm,cortex-a9-gic" };
		uint64_t reg[4] = { GUEST_GICD_BASE, GUEST_GICD_SIZE, GUEST_GICC_BASE,
				    GUEST_GICC_SIZE };
		char name[48];

		snprintf(name, sizeof(name), "interrupt-controller@%llx",
			 (unsigned long long)GUEST_GICD_BASE);
		fdtw_begin_node(w, name);
		fdtw_prop_strings(w, "compatible", compat, 2);
		fdtw_prop_reg(w, "reg", 2, 2, reg, 2);
	} else {
		uint64_t reg[4] = { GUEST_GICV3_GICD_BASE, GUEST_GICV3_GICD_SIZE,
				    GUEST_GICV3_GICR0_BASE, GUEST_GICV3_GICR0_SIZE };
		char name[48];

		snprintf(name, sizeof(name), "interrupt-controller@%llx",
			 (unsigned long long)GUEST_GICV3_GICD_BASE);
		fdtw_begin_node(w, name);
		fdtw_prop_string(w, "compatible", "arm,gic-v3");
		fdtw_prop_u32(w, "#redistributor-regions", GUEST_GICV3_RDIST_REGIONS);
		fdtw_prop_reg(w, "reg", 2, 2, reg, 2);
	}
	fdtw_prop_u32(w, "#interrupt-cells", 3);
	fdtw_prop_u32(w, "#address-cells", 0);
	fdtw_prop_empty(w, "interrupt-controller");
	fdtw_prop_u32(w, "linux,phandle", GIC_PHANDLE);
	fdtw_prop_u32(w, "phandle", GIC_PHANDLE);
	fdtw_end_node(w);
}

/*
 * Extended regions (libxl's finalise_ext_region): per RAM bank, the part
 * above the populated RAM up to the bank end or the IPA limit, 2 MiB
 * aligned, kept when at least 64 MiB.
 */
static size_t ext_regions(const struct hx_guest_layout *l, uint64_t *pairs)
{
	static const uint64_t base[2] = GUEST_RAM_BANK_BASES, size[2] = GUEST_RAM_BANK_SIZES;
	uint64_t limit = l->gpaddr_bits >= 64 ? ~0ULL : (1ULL << l->gpaddr_bits) - 1;
	size_t n = 0;
	int i;

	if (!l->gpaddr_bits)
		return 0;
	for (i = 0; i < 2; i++) {
		uint64_t start = ALIGN_UP(base[i] + l->ram_size[i], EXT_REGION_ALIGN);
		uint64_t end = MIN(base[i] + size[i] - 1, limit);

		if (end <= start)
			continue;
		end = ALIGN_DOWN(end + 1, EXT_REGION_ALIGN);
		if (end > start && end - start >= EXT_REGION_MIN) {
			pairs[2 * n] = start;
			pairs[2 * n + 1] = end - start;
			n++;
		}
	}
	return n;
}

/** hx_guest_dt_build - write the guest DTB described by @l */
int hx_guest_dt_build(const struct hx_guest_layout *l, void *buf, size_t cap, size_t *size)
{
	static const char *const root_compat[] = { "xen,xenvm-4.17", "xen,xenvm" };
	static const char *const psci_compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };
	static const char *const xen_compat[] = { XEN_ABI_DT_COMPATIBLE, "xen,xen" };
	uint64_t reg[2 * 3];
	uint32_t cells[9];
	struct fdt_writer w;
	size_t n;
	uint32_t i;

	fdtw_init(&w, buf, cap);
	fdtw_begin_node(&w, "");
	fdtw_prop_string(&w, "model", "XENVM-4.17");
	fdtw_prop_strings(&w, "compatible", root_compat, 2);
	fdtw_prop_u32(&w, "interrupt-parent", GIC_PHANDLE);
	fdtw_prop_u32(&w, "#address-cells", 2);
	fdtw_prop_u32(&w, "#size-cells", 2);

	fdtw_begin_node(&w, "chosen");
	if (l->cmdline && l->cmdline[0])
		fdtw_prop_string(&w, "bootargs", l->cmdline);
	if (l->has_ramdisk) {
		fdtw_prop_u64(&w, "linux,initrd-start", l->ramdisk_start);
		fdtw_prop_u64(&w, "linux,initrd-end", l->ramdisk_end);
	}
	if (l->rng_seed)
		fdtw_prop(&w, "rng-seed", l->rng_seed, HX_RNG_SEED_SIZE);
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "cpus");
	fdtw_prop_u32(&w, "#address-cells", 1);
	fdtw_prop_u32(&w, "#size-cells", 0);
	for (i = 0; i < l->vcpus; i++) {
		/* vCPU n: Aff0 = n & 0xf, Aff1 = n >> 4 (Xen vcpuid_to_vaffinity) */
		uint32_t mpidr = (i & 0xf) | ((i >> 4) << 8);
		char name[24];

		snprintf(name, sizeof(name), "cpu@%x", mpidr);
		fdtw_begin_node(&w, name);
		fdtw_prop_string(&w, "device_type", "cpu");
		fdtw_prop_string(&w, "compatible", "arm,armv8");
		fdtw_prop_string(&w, "enable-method", "psci");
		fdtw_prop_u32(&w, "reg", mpidr);
		fdtw_end_node(&w);
	}
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "psci");
	fdtw_prop_strings(&w, "compatible", psci_compat, 3);
	fdtw_prop_string(&w, "method", "hvc");
	fdtw_prop_u32(&w, "cpu_off", PSCI_cpu_off);
	fdtw_prop_u32(&w, "cpu_on", PSCI_cpu_on);
	fdtw_end_node(&w);

	memory_node(&w, GUEST_RAM0_BASE, l->ram_size[0]);
	if (l->ram_size[1])
		memory_node(&w, GUEST_RAM1_BASE, l->ram_size[1]);

	gic_node(&w, l->gic_version);

	fdtw_begin_node(&w, "timer");
	fdtw_prop_string(&w, "compatible", "arm,armv8-timer");
	ppi(&cells[0], GUEST_TIMER_PHYS_S_PPI);
	ppi(&cells[3], GUEST_TIMER_PHYS_NS_PPI);
	ppi(&cells[6], GUEST_TIMER_VIRT_PPI);
	fdtw_prop_cells(&w, "interrupts", cells, 9);
	fdtw_prop_u32(&w, "interrupt-parent", GIC_PHANDLE);
	if (l->clock_frequency)
		fdtw_prop_u32(&w, "clock-frequency", l->clock_frequency);
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "hypervisor");
	fdtw_prop_strings(&w, "compatible", xen_compat, 2);
	reg[0] = GUEST_GNTTAB_BASE;
	reg[1] = GUEST_GNTTAB_SIZE;
	n = 1 + ext_regions(l, &reg[2]);
	fdtw_prop_reg(&w, "reg", 2, 2, reg, n);
	ppi(cells, GUEST_EVTCHN_PPI);
	fdtw_prop_cells(&w, "interrupts", cells, 3);
	fdtw_prop_u32(&w, "interrupt-parent", GIC_PHANDLE);
	fdtw_end_node(&w);

	fdtw_end_node(&w);
	return fdtw_finish(&w, size);
}
