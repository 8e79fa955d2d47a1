/* SPDX-License-Identifier: MIT */
/*
 * Boot sequence of the boot CPU, from head.S to the first guest entry. Each
 * stage is logged with its time; see docs/architecture.md for the walk-through.
 */
#include <asm/entry.h>
#include <asm/gic.h>
#include <asm/mmu.h>
#include <asm/psci.h>
#include <asm/sysregs.h>
#include <hyp/arch.h>
#include <hyp/bootinfo.h>
#include <hyp/cmdline.h>
#include <hyp/conring.h>
#include <hyp/console.h>
#include <hyp/crashlog.h>
#include <hyp/domain_build.h>
#include <hyp/hypercall.h>
#include <hyp/keyhandler.h>
#include <hyp/log.h>
#include <hyp/pa.h>
#include <hyp/percpu.h>
#include <hyp/pl011.h>
#include <hyp/sched.h>
#include <hyp/smp.h>
#include <hyp/watchdog.h>

extern char _image_start[], _etext[], _erodata[], _end[];

#define EARLY_UART_FALLBACK 0x09000000UL /* QEMU virt PL011, only if the DT is unusable */
#define HOSPES_VERSION "0.1"

static void debug_dump_tick(void *data)
{
	dump_domains();
	timer_set(data, NOW() + MILLISECS(opt.debug_dump_ms));
}

/* Serial output goes to the UART and into the console ring. */
static void console_out(const char *s, size_t len)
{
	conring_write(s, len);
	pl011_write(s, len);
}

static void stage(const char *name)
{
	this_pcpu()->stage = name;
	pr_info("boot: %s", name);
}

void start_hypervisor(paddr_t dtb, paddr_t load_base)
{
	paddr_t img_start = va_to_pa(_image_start), img_end = va_to_pa(_end);
	bool had_crash = false;
	int rc;

	(void)load_base;
	smp_init_boot_cpu(READ_SYSREG(mpidr_el1));
	time_init();

	/* The DTB size comes from its header; map at most 2 MiB of it for now. */
	{
		const uint8_t *h = pa_to_va(dtb);
		uint32_t total = (uint32_t)h[4] << 24 | (uint32_t)h[5] << 16 | (uint32_t)h[6] << 8 | h[7];
		uint32_t magic = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
		if (magic != 0xd00dfeed || total > MiB(2))
			total = PAGE_SIZE;
		mmu_init_boot(img_start, va_to_pa(_etext), va_to_pa(_erodata), img_end, dtb, total);
	}

	rc = bootfdt_open(dtb);
	if (rc) {
		/* No usable tree: no console either, so try the platform's usual UART. */
		hyp_map(EARLY_UART_FALLBACK, PAGE_SIZE, MAP_DEVICE);
		pl011_init(EARLY_UART_FALLBACK);
		console_init(pl011_putc, pl011_write);
		psci_set_conduit(false);
		boot_error("/", "", "device tree at %#lx is unusable: %s (truncated or corrupt blob?)",
			   (unsigned long)dtb, fdt_strerror(rc));
	}
	bootfdt_find_uart();
	if (bootinfo.uart) {
		hyp_map(bootinfo.uart, PAGE_SIZE, MAP_DEVICE);
		pl011_init(bootinfo.uart);
	}
	console_init(pl011_putc, console_out);
	log_set_emergency_writer(pl011_write);
	printk(LOG_INFO, "hospes %s (Xen 4.17 ABI) starting on CPU MPIDR %#lx, image at %#lx-%#lx, device tree at %#lx",
	       HOSPES_VERSION, (unsigned long)READ_SYSREG(mpidr_el1), (unsigned long)img_start,
	       (unsigned long)img_end, (unsigned long)dtb);

	stage("parse device tree");
	bootfdt_parse(img_start, img_end);
	cmdline_parse(bootinfo.hyp_cmdline);
	if (bootinfo.hyp_cmdline)
		pr_info("command line: %s", bootinfo.hyp_cmdline);
	psci_set_conduit(bootinfo.psci_hvc);

	stage("memory");
	for (unsigned i = 0; i < bootinfo.mem_count; i++) {
		pr_info("RAM: %#lx-%#lx (%lu MiB)", (unsigned long)bootinfo.mem[i].start,
			(unsigned long)bootinfo.mem[i].end,
			(unsigned long)((bootinfo.mem[i].end - bootinfo.mem[i].start) >> 20));
		if (hyp_map(bootinfo.mem[i].start, bootinfo.mem[i].end - bootinfo.mem[i].start, MAP_RW))
			boot_error("/memory", "reg", "cannot map RAM bank %u", i);
	}
	if (bootinfo.crashlog) {
		crashlog_init(bootinfo.crashlog, bootinfo.crashlog_size);
		had_crash = crashlog_report_previous();
	}
	rc = page_alloc_init(bootinfo.mem, bootinfo.mem_count, bootinfo.reserved,
			     bootinfo.reserved_count);
	if (rc)
		boot_error("/memory", "reg", "page allocator initialisation failed (%d)", rc);
	mmu_allocator_ready();
	conring_setup(opt.conring_size);
	pr_info("page allocator: %lu MiB free of %lu MiB",
		(unsigned long)(page_alloc_free_pages() >> 8),
		(unsigned long)(page_alloc_total_pages() >> 8));

	stage("interrupt controller");
	hyp_map(bootinfo.gicd, bootinfo.gicd_size, MAP_DEVICE);
	hyp_map(bootinfo.gicr, bootinfo.gicr_size, MAP_DEVICE);
	gic_init(bootinfo.gicd, bootinfo.gicd_size, bootinfo.gicr, bootinfo.gicr_size);
	arch_cpu_init_el2();
	timer_cpu_init();
	arch_timer_cpu_init();
	if (gic_cpu_init(this_pcpu()->mpidr))
		boot_error("GIC", "reg", "no redistributor for the boot CPU in the GICR region");
	gic_enable_ppi(GIC_PPI_HYP_TIMER);
	gic_enable_ppi(GIC_PPI_VTIMER);
	gic_enable_ppi(GIC_PPI_MAINT);
	gic_enable_ppi(GIC_SGI_KICK);
	gic_enable_ppi(GIC_SGI_STOP);
	if (bootinfo.uart_irq >= 32) {
		irq_set_uart(bootinfo.uart_irq);
		gic_enable_spi(bootinfo.uart_irq, this_pcpu()->mpidr, true);
		pl011_enable_rx_irq();
	}
	pr_info("timer: %u Hz, %u list registers", counter_freq(), gic_nr_lrs());

	__asm__ volatile("msr daifclr, #1" ::: "memory"); /* FIQ: dump requests */

	stage("secondary CPUs");
	unsigned online = smp_boot_secondaries(bootinfo.cpu_mpidr, bootinfo.cpu_count);
	pr_info("%u of %u CPUs online", online, bootinfo.cpu_count);

	watchdog_cpu_start();

	hypercall_init();

	stage("scheduler");
	sched_init(opt.sched);
	boot_cpupools_create();

	keyhandler_init();
	if (opt.debug_dump_ms) {
		static struct timer dump_timer;
		timer_init(&dump_timer, debug_dump_tick, &dump_timer);
		timer_set(&dump_timer, NOW() + MILLISECS(opt.debug_dump_ms));
	}

	stage("domains");
	pr_info("free pages before domains: %lu", (unsigned long)page_alloc_free_pages());
	create_boot_domains();

	if (opt.test_panic && !had_crash)
		panic("test_panic: forced panic to test the crash log (no crash log from a previous boot)");

	stage("running");
	enter_guest_first();
}
