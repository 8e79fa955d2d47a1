/* SPDX-License-Identifier: MIT */
/*
 * Create the boot-time domains from the host device tree: dom0 from the
 * /chosen multiboot modules (as QEMU's guest-loader or U-Boot write them) and
 * one domU per /chosen node compatible "xen,domain" (Xen's dom0less binding).
 *
 * Every domain gets Xen's guest memory map: RAM bank 0 at 0x40000000 (up to
 * 3 GiB), bank 1 at 0x200000000 for the rest, vGICv3 and vPL011 at the Xen
 * guest addresses, and a generated device tree. dom0 is built the same way
 * (not direct-mapped, no host devices passed through yet).
 */
#include <asm/sysregs.h>
#include <hyp/bootinfo.h>
#include <hyp/cmdline.h>
#include <hyp/console.h>
#include <hyp/domain_build.h>
#include <hyp/errno.h>
#include <hyp/log.h>
#include <hyp/pa.h>
#include <hyp/percpu.h>
#include <hyp/xmalloc.h>
#include <lib/printf.h>
#include <lib/string.h>

#define DTB_MAX (64 * 1024)

struct build_req {
	const char *path; /* host DT node, for messages */
	struct domain_config cfg;
	struct bootmodule *kernel, *ramdisk;
	const char *bootargs;
};

static void __noreturn build_error(const struct build_req *r, const char *prop, const char *what)
{
	boot_error(r->path, prop, "%s", what);
}

static struct domain *build_domain(const struct build_req *r)
{
	struct guest_dt_params p = { 0 };
	uint64_t mem = r->cfg.memory_kb * 1024, text_offset, image_size;
	uint64_t bank0 = MIN(mem, GUEST_RAM0_SIZE);
	ipa_t kernel_at, dtb_at, initrd_at = 0, ram_end;
	uint64_t initrd_size = r->ramdisk ? r->ramdisk->size : 0;
	const char *why;
	struct domain *d;
	void *dtb;
	size_t dtb_len;
	char msg[160];
	int rc;

	if (kernel_probe(pa_to_va(r->kernel->start), r->kernel->size, &text_offset, &image_size,
			 &why))
		boot_error(r->kernel->path, "reg", "%s", why);

	/* Layout: kernel at RAM start + text_offset; DTB then initrd at +128 MiB
	 * when they fit above the kernel, else at the top of bank 0. */
	kernel_at = GUEST_RAM0_BASE + text_offset;
	ram_end = GUEST_RAM0_BASE + bank0;
	uint64_t tail = ALIGN_UP(DTB_MAX, MiB(2)) + ALIGN_UP(initrd_size, MiB(2));
	if (GUEST_RAM0_BASE + MiB(128) >= kernel_at + image_size &&
	    GUEST_RAM0_BASE + MiB(128) + tail <= ram_end) {
		dtb_at = GUEST_RAM0_BASE + MiB(128);
	} else {
		dtb_at = ALIGN_DOWN(ram_end - tail, MiB(2));
	}
	if (dtb_at < ALIGN_UP(kernel_at + image_size, MiB(2)) || ram_end < tail) {
		snprintf(msg, sizeof(msg),
			 "%lu KiB is too small for the kernel (%lu KiB loaded), ramdisk (%lu KiB) and device tree",
			 (unsigned long)r->cfg.memory_kb, (unsigned long)(image_size >> 10),
			 (unsigned long)(initrd_size >> 10));
		build_error(r, "memory", msg);
	}
	if (initrd_size)
		initrd_at = dtb_at + ALIGN_UP(DTB_MAX, MiB(2));

	s_time_t t0 = NOW();
	d = domain_create(&r->cfg);
	if (!d)
		build_error(r, "", "cannot create the domain (out of hypervisor memory or domain ids)");
	rc = domain_alloc_ram(d, GUEST_RAM0_BASE, bank0);
	if (!rc && mem > bank0)
		rc = domain_alloc_ram(d, GUEST_RAM1_BASE, mem - bank0);
	/* The domain may later balloon within this size, not beyond it. */
	d->mem.max_pages = d->mem.pages;
	if (rc) {
		snprintf(msg, sizeof(msg), "cannot allocate %lu MiB of RAM (%lu MiB free)",
			 (unsigned long)(mem >> 20), (unsigned long)(page_alloc_free_pages() >> 8));
		build_error(r, "memory", msg);
	}

	s_time_t t1 = NOW();
	p.bootargs = r->bootargs;
	p.nr_vcpus = r->cfg.nr_vcpus;
	p.vpl011 = r->cfg.vpl011;
	p.cpu_compatible = bootinfo.cpu_compatible;
	p.timer_freq = bootinfo.timer_freq;
	p.xen_enhanced = r->cfg.xen_enhanced;
	p.bank_base[0] = GUEST_RAM0_BASE;
	p.bank_size[0] = bank0;
	p.nr_banks = 1;
	if (mem > bank0) {
		p.bank_base[1] = GUEST_RAM1_BASE;
		p.bank_size[1] = mem - bank0;
		p.nr_banks = 2;
	}
	if (initrd_size) {
		p.initrd_start = initrd_at;
		p.initrd_end = initrd_at + initrd_size;
	}
	dtb = xzalloc_bytes(DTB_MAX);
	if (!dtb || guest_dt_build(&p, dtb, DTB_MAX, &dtb_len))
		build_error(r, "", "cannot build the guest device tree");

	if (copy_to_guest_phys(d, kernel_at, pa_to_va(r->kernel->start), r->kernel->size) ||
	    copy_to_guest_phys(d, dtb_at, dtb, dtb_len) ||
	    (initrd_size &&
	     copy_to_guest_phys(d, initrd_at, pa_to_va(r->ramdisk->start), initrd_size)))
		build_error(r, "", "cannot copy the boot images into guest memory");
	xfree(dtb, DTB_MAX);
	s_time_t t2 = NOW();
	clean_guest_dcache(d, kernel_at, r->kernel->size);
	clean_guest_dcache(d, dtb_at, dtb_len);
	if (initrd_size)
		clean_guest_dcache(d, initrd_at, initrd_size);

	vcpu_reset_state(d->vcpus[0], kernel_at, dtb_at);
	pr_debug("d%u: build times: RAM %lld ms, copy %lld ms, cache clean %lld ms", d->domid,
		 (long long)(t1 - t0) / 1000000, (long long)(t2 - t1) / 1000000,
		 (long long)(NOW() - t2) / 1000000);
	printk(LOG_INFO, "d%u (%s): %u vCPU%s, %lu MiB, kernel %lu KiB at %#lx, %sdevice tree at %#lx%s%s",
	       d->domid, d->name, d->nr_vcpus, d->nr_vcpus > 1 ? "s" : "", (unsigned long)(mem >> 20),
	       (unsigned long)(r->kernel->size >> 10), (unsigned long)kernel_at,
	       initrd_size ? "ramdisk at " : "", (unsigned long)dtb_at, d->vpl011 ? ", vpl011" : "",
	       "");
	if (initrd_size)
		printk(LOG_INFO, "d%u: ramdisk %lu KiB at %#lx", d->domid,
		       (unsigned long)(initrd_size >> 10), (unsigned long)initrd_at);
	if (r->bootargs)
		printk(LOG_INFO, "d%u: command line: %s", d->domid, r->bootargs);
	return d;
}

/** Build dom0 (if a kernel module is present) and every dom0less domU. */
void create_boot_domains(void)
{
	struct domain *dom0 = NULL, *first = NULL;

	if (bootinfo.dom0_kernel) {
		struct build_req r = { 0 };
		r.path = bootinfo.dom0_kernel->path;
		snprintf(r.cfg.name, sizeof(r.cfg.name), "Domain-0");
		r.cfg.memory_kb = opt.dom0_mem >> 10;
		r.cfg.nr_vcpus = opt.dom0_max_vcpus ? opt.dom0_max_vcpus : nr_cpus_online;
		r.cfg.vpl011 = opt.dom0_vpl011;
		r.cfg.is_privileged = true;
		r.cfg.xen_enhanced = true;
		r.cfg.domid = 0;
		r.kernel = bootinfo.dom0_kernel;
		r.ramdisk = bootinfo.dom0_ramdisk;
		r.bootargs = bootinfo.dom0_cmdline;
		if (r.cfg.nr_vcpus > MAX_VCPUS_PER_DOMAIN)
			boot_error("dom0_max_vcpus", "", "more than %d vCPUs", MAX_VCPUS_PER_DOMAIN);
		dom0 = build_domain(&r);
	} else {
		pr_info("no dom0 kernel module: dom0-less boot");
	}
	for (unsigned i = 0; i < bootinfo.domain_count; i++) {
		struct bootdomain *bd = &bootinfo.domains[i];
		struct build_req r = { 0 };
		r.path = bd->path;
		snprintf(r.cfg.name, sizeof(r.cfg.name), "%s", bd->name);
		r.cfg.memory_kb = bd->memory_kb;
		r.cfg.nr_vcpus = bd->cpus;
		r.cfg.vpl011 = bd->vpl011;
		r.cfg.domid = -1;
		r.cfg.cpupool_id = bd->cpupool_id;
		r.kernel = bd->kernel;
		r.ramdisk = bd->ramdisk;
		r.bootargs = bd->kernel->bootargs;
		/* xen,enhanced present and not "disabled": Xen interfaces (Xen's rule);
		 * "enabled" also prepares the xenstore connection, "no-xenstore" not. */
		r.cfg.xen_enhanced = bd->enhanced && strcmp(bd->enhanced, "disabled");
		r.cfg.xenstore = r.cfg.xen_enhanced && strcmp(bd->enhanced, "no-xenstore");
		struct domain *d = build_domain(&r);
		if (!first)
			first = d;
	}
	if (!dom0 && !first)
		boot_error("/chosen", "", "nothing to run: no dom0 kernel module and no xen,domain node");

	/* Serial input focus: dom0 if there is one, else the first domU (Xen-like). */
	if (!strcmp(opt.console_focus, "hyp"))
		console_set_focus(CONSOLE_FOCUS_HYP);
	else if (opt.console_focus[0] == 'd' && opt.console_focus[1] >= '0' && opt.console_focus[1] <= '9')
		console_set_focus((unsigned)parse_size(opt.console_focus + 1, NULL));
	else if (dom0)
		console_set_focus(0);
	else
		console_set_focus(CONSOLE_FOCUS_HYP);

	struct list_head *pos;
	list_for_each(pos, &domain_list)
		domain_unpause(list_entry(pos, struct domain, link));
}
