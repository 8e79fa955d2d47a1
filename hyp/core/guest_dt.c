/* SPDX-License-Identifier: MIT */
/*
 * The device tree a guest sees, generated from scratch like Xen 4.17 does for
 * dom0less domUs (prepare_dtb_domU facts; guest.txt binding): root with 2/2
 * cells, /chosen with bootargs and initrd range, /psci (hvc), /cpus (virtual
 * MPIDRs, enable-method psci), /memory with every RAM bank, the vGICv3 at the
 * Xen guest addresses (phandle 65000), the armv8 timer with the guest PPIs,
 * and the SBSA UART at 0x22000000 when the domain has a vPL011.
 */
#include <hyp/domain_build.h>
#include <hyp/vgic.h>
#include <hyp/xen_domain.h>
#include <lib/fdt.h>
#include <lib/printf.h>
#include <lib/string.h>

#define IRQ_TYPE_LEVEL_HIGH 4
#define IRQ_TYPE_LEVEL_LOW 8
#define PPI_CPUMASK_ALL 0xf00

int guest_dt_build(const struct guest_dt_params *p, void *buf, size_t cap, size_t *len)
{
	struct fdt_writer w;
	char name[48];
	static const char *const psci_compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci" };

	fdtw_init(&w, buf, cap);
	fdtw_begin_node(&w, "");
	fdtw_prop_u32(&w, "#address-cells", 2);
	fdtw_prop_u32(&w, "#size-cells", 2);

	fdtw_begin_node(&w, "chosen");
	if (p->bootargs)
		fdtw_prop_string(&w, "bootargs", p->bootargs);
	if (p->initrd_end > p->initrd_start) {
		fdtw_prop_u64(&w, "linux,initrd-start", p->initrd_start);
		fdtw_prop_u64(&w, "linux,initrd-end", p->initrd_end);
	}
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "psci");
	fdtw_prop_strings(&w, "compatible", psci_compat, 3);
	fdtw_prop_string(&w, "method", "hvc");
	fdtw_prop_u32(&w, "cpu_off", 1);
	fdtw_prop_u32(&w, "cpu_on", 2);
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "cpus");
	fdtw_prop_u32(&w, "#address-cells", 1);
	fdtw_prop_u32(&w, "#size-cells", 0);
	for (unsigned i = 0; i < p->nr_vcpus; i++) {
		uint32_t aff = (uint32_t)vgic_vcpu_mpidr_aff(i);
		snprintf(name, sizeof(name), "cpu@%x", aff);
		fdtw_begin_node(&w, name);
		fdtw_prop_string(&w, "compatible", p->cpu_compatible && *p->cpu_compatible
							   ? p->cpu_compatible
							   : "arm,armv8");
		fdtw_prop_string(&w, "device_type", "cpu");
		fdtw_prop_u32(&w, "reg", aff);
		fdtw_prop_string(&w, "enable-method", "psci");
		fdtw_end_node(&w);
	}
	fdtw_end_node(&w);

	snprintf(name, sizeof(name), "memory@%lx", (unsigned long)p->bank_base[0]);
	fdtw_begin_node(&w, name);
	fdtw_prop_string(&w, "device_type", "memory");
	{
		uint64_t reg[4];
		for (unsigned i = 0; i < p->nr_banks; i++) {
			reg[i * 2] = p->bank_base[i];
			reg[i * 2 + 1] = p->bank_size[i];
		}
		fdtw_prop_reg(&w, "reg", 2, 2, reg, p->nr_banks);
	}
	fdtw_end_node(&w);

	snprintf(name, sizeof(name), "interrupt-controller@%lx", (unsigned long)GUEST_GICV3_GICD_BASE);
	fdtw_begin_node(&w, name);
	fdtw_prop_u32(&w, "#address-cells", 0);
	fdtw_prop_u32(&w, "#interrupt-cells", 3);
	fdtw_prop_empty(&w, "interrupt-controller");
	fdtw_prop_string(&w, "compatible", "arm,gic-v3");
	{
		uint64_t reg[4] = { GUEST_GICV3_GICD_BASE, VGIC_GICD_SIZE, GUEST_GICV3_GICR0_BASE, GUEST_GICV3_GICR0_SIZE };
		fdtw_prop_reg(&w, "reg", 2, 2, reg, 2);
	}
	fdtw_prop_u32(&w, "linux,phandle", GUEST_PHANDLE_GIC);
	fdtw_prop_u32(&w, "phandle", GUEST_PHANDLE_GIC);
	fdtw_end_node(&w);

	fdtw_begin_node(&w, "timer");
	fdtw_prop_string(&w, "compatible", "arm,armv8-timer");
	{
		/* secure phys 29, non-secure phys 30, virt 27, hyp 26 (as PPI - 16). */
		const uint32_t irqs[] = {
			1, 13, PPI_CPUMASK_ALL | IRQ_TYPE_LEVEL_LOW,
			1, 14, PPI_CPUMASK_ALL | IRQ_TYPE_LEVEL_LOW,
			1, 11, PPI_CPUMASK_ALL | IRQ_TYPE_LEVEL_LOW,
		};
		fdtw_prop_cells(&w, "interrupts", irqs, ARRAY_SIZE(irqs));
	}
	fdtw_prop_u32(&w, "interrupt-parent", GUEST_PHANDLE_GIC);
	if (p->timer_freq)
		fdtw_prop_u32(&w, "clock-frequency", p->timer_freq);
	fdtw_end_node(&w);

	if (p->vpl011) {
		snprintf(name, sizeof(name), "sbsa-uart@%lx", VPL011_GUEST_BASE);
		fdtw_begin_node(&w, name);
		fdtw_prop_string(&w, "compatible", "arm,sbsa-uart");
		{
			uint64_t reg[2] = { VPL011_GUEST_BASE, VPL011_GUEST_SIZE };
			fdtw_prop_reg(&w, "reg", 2, 2, reg, 1);
		}
		const uint32_t irq[] = { 0, GUEST_VPL011_IRQ_SPI, IRQ_TYPE_LEVEL_HIGH };
		fdtw_prop_cells(&w, "interrupts", irq, 3);
		fdtw_prop_u32(&w, "interrupt-parent", GUEST_PHANDLE_GIC);
		fdtw_prop_u32(&w, "current-speed", 115200);
		fdtw_end_node(&w);
	}

	if (p->xen_enhanced) {
		/* What Linux keys off to find Xen (Linux xen.txt binding; Xen's
		 * make_hypervisor_node facts): compatible "xen,xen-<ver>" first,
		 * reg[0] the grant-table window, the event-channel PPI. */
		static const char *const compat[] = { "xen,xen-4.17", "xen,xen" };
		fdtw_begin_node(&w, "hypervisor");
		fdtw_prop_strings(&w, "compatible", compat, 2);
		uint64_t reg[2] = { GUEST_GNTTAB_BASE, GUEST_GNTTAB_SIZE };
		fdtw_prop_reg(&w, "reg", 2, 2, reg, 1);
		const uint32_t irq[] = { 1, GUEST_EVTCHN_PPI - 16, PPI_CPUMASK_ALL | IRQ_TYPE_LEVEL_LOW };
		fdtw_prop_cells(&w, "interrupts", irq, 3);
		fdtw_prop_u32(&w, "interrupt-parent", GUEST_PHANDLE_GIC);
		fdtw_end_node(&w);
	}

	fdtw_end_node(&w);
	return fdtw_finish(&w, len);
}
