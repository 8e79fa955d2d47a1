/* SPDX-License-Identifier: MIT */
/*
 * Read the host device tree into struct bootinfo. Bindings: Devicetree spec
 * (memory, reserved-memory, cpus, chosen/stdout-path), Arm GICv3 and
 * armv8-timer bindings, PSCI binding, and Xen's docs/misc/arm/device-tree/
 * booting.txt for /chosen (xen,xen-bootargs, xen,dom0-bootargs, multiboot
 * modules, xen,domain nodes) and cpupools.txt (xen,cpupool nodes, a domain's
 * domain-cpupool). Any inconsistency stops the boot naming the
 * node and property at fault.
 */
#include <hyp/bootinfo.h>
#include <hyp/log.h>
#include <hyp/pa.h>
#include <hyp/sched.h>
#include <lib/printf.h>
#include <lib/string.h>

struct bootinfo bootinfo;

static char pathbuf[BOOT_PATH_MAX];

static const char *path_of(int node)
{
	if (fdt_node_path(&bootinfo.fdt, node, pathbuf, sizeof(pathbuf)) < 0)
		return "(unknown node)";
	return pathbuf;
}

static void __noreturn node_error(int node, const char *prop, const char *fmt, const char *arg)
{
	char msg[160];
	snprintf(msg, sizeof(msg), fmt, arg);
	boot_error(path_of(node), prop, "%s", msg);
}

/** Validate the blob at @dtb; 0 or an FDT error code. */
int bootfdt_open(paddr_t dtb)
{
	const uint8_t *p = pa_to_va(dtb);
	uint32_t total;

	bootinfo.dtb_pa = dtb;
	total = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 | (uint32_t)p[6] << 8 | p[7];
	bootinfo.dtb_size = total;
	return fdt_open(&bootinfo.fdt, p, total);
}

/*
 * Cell sizes for @node's reg: the parent's #address-cells/#size-cells. When
 * the parent has none, inherit the nearest ancestor's instead of the spec's
 * 2/1 default: QEMU's guest-loader writes 2+2-cell module nodes into a
 * /chosen that has no cell properties (Xen accepts that too).
 */
static int parent_cells(int node, int *ac, int *sc)
{
	struct fdt *f = &bootinfo.fdt;
	int parent = fdt_parent(f, node), n;

	if (parent < 0)
		return parent;
	*ac = *sc = -1;
	for (n = parent; n >= 0 && (*ac < 0 || *sc < 0); n = fdt_parent(f, n)) {
		uint32_t v;
		if (*ac < 0 && fdt_prop_exists(f, n, "#address-cells")) {
			if (fdt_getprop_u32(f, n, "#address-cells", &v) < 0 || v > 2)
				node_error(n, "#address-cells", "%s", "malformed or larger than 2");
			*ac = (int)v;
		}
		if (*sc < 0 && fdt_prop_exists(f, n, "#size-cells")) {
			if (fdt_getprop_u32(f, n, "#size-cells", &v) < 0 || v > 2)
				node_error(n, "#size-cells", "%s", "malformed or larger than 2");
			*sc = (int)v;
		}
		if (n == fdt_root(f))
			break;
	}
	if (*ac < 0)
		*ac = 2;
	if (*sc < 0)
		*sc = 1;
	return 0;
}

/** reg entry @idx of @node with the parent's cell sizes; errors name the node. */
static void get_reg(int node, int idx, uint64_t *addr, uint64_t *size)
{
	int ac, sc, rc;

	parent_cells(node, &ac, &sc);
	if (!fdt_prop_exists(&bootinfo.fdt, node, "reg"))
		node_error(node, "reg", "%s", "missing");
	rc = fdt_get_reg(&bootinfo.fdt, node, ac, sc, idx, addr, size);
	if (rc < 0)
		node_error(node, "reg", "cannot read entry: %s", fdt_strerror(rc));
}

static void add_reserved(paddr_t start, uint64_t size)
{
	if (!size)
		return;
	if (bootinfo.reserved_count == BOOT_MAX_RESERVED)
		boot_error("/", "", "too many reserved memory regions");
	bootinfo.reserved[bootinfo.reserved_count++] = (struct mem_range){ start, start + size };
}

/** Find the console UART from /chosen/stdout-path (alias or path, ":options" stripped). */
void bootfdt_find_uart(void)
{
	struct fdt *f = &bootinfo.fdt;
	int chosen = fdt_path_offset(f, "/chosen");
	const char *sp = chosen >= 0 ? fdt_getprop_string(f, chosen, "stdout-path") : NULL;
	char path[BOOT_PATH_MAX];
	int node = -1;
	uint64_t addr, size;

	if (sp) {
		size_t n = 0;
		while (sp[n] && sp[n] != ':' && n < sizeof(path) - 1) {
			path[n] = sp[n];
			n++;
		}
		path[n] = '\0';
		if (path[0] == '/') {
			node = fdt_path_offset(f, path);
		} else {
			int aliases = fdt_path_offset(f, "/aliases");
			const char *full = aliases >= 0 ? fdt_getprop_string(f, aliases, path) : NULL;
			if (full)
				node = fdt_path_offset(f, full);
		}
	}
	if (node < 0)
		node = fdt_find_compatible(f, -1, "arm,pl011");
	if (node < 0)
		return; /* no console: boot silently */
	get_reg(node, 0, &addr, &size);
	bootinfo.uart = addr;
	{
		int len;
		const uint8_t *irq = fdt_getprop(f, node, "interrupts", &len);
		if (irq && len >= 12) {
			uint32_t type = (uint32_t)irq[0] << 24 | (uint32_t)irq[1] << 16 |
					(uint32_t)irq[2] << 8 | irq[3];
			uint32_t num = (uint32_t)irq[4] << 24 | (uint32_t)irq[5] << 16 |
				       (uint32_t)irq[6] << 8 | irq[7];
			bootinfo.uart_irq = type == 0 ? num + 32 : num + 16;
		}
	}
}

static void parse_memory(void)
{
	struct fdt *f = &bootinfo.fdt;
	int root = fdt_root(f), node;

	fdt_for_each_child(f, root, node) {
		const char *dt = fdt_getprop_string(f, node, "device_type");
		if (!dt || strcmp(dt, "memory"))
			continue;
		int ac, sc;
		parent_cells(node, &ac, &sc);
		int n = fdt_reg_count(f, node, ac, sc);
		if (n <= 0)
			node_error(node, "reg", "%s", n == 0 ? "missing or empty" : "malformed");
		for (int i = 0; i < n; i++) {
			uint64_t a, s;
			get_reg(node, i, &a, &s);
			if (!s)
				continue;
			if (bootinfo.mem_count == BOOT_MAX_MEM)
				node_error(node, "reg", "%s", "too many memory banks");
			bootinfo.mem[bootinfo.mem_count++] = (struct mem_range){ a, a + s };
		}
	}
	if (!bootinfo.mem_count)
		boot_error("/memory", "reg", "no memory node with device_type = \"memory\"");

	int rm = fdt_path_offset(f, "/reserved-memory");
	if (rm >= 0) {
		fdt_for_each_child(f, rm, node) {
			if (!fdt_prop_exists(f, node, "reg"))
				continue; /* dynamically placed: not used by us */
			uint64_t a, s;
			get_reg(node, 0, &a, &s);
			add_reserved(a, s);
			if (fdt_node_is_compatible(f, node, "hospes,crash-log")) {
				bootinfo.crashlog = a;
				bootinfo.crashlog_size = s;
			}
		}
	}
	for (int i = 0; i < fdt_mem_rsv_count(f); i++) {
		uint64_t a, s;
		if (fdt_get_mem_rsv(f, i, &a, &s) == 0)
			add_reserved(a, s);
	}
}

static void parse_cpus(void)
{
	struct fdt *f = &bootinfo.fdt;
	int cpus = fdt_path_offset(f, "/cpus"), node;
	uint64_t boot_mpidr = 0;

	if (cpus < 0)
		boot_error("/cpus", "", "missing node");
	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(boot_mpidr));
	boot_mpidr &= 0xff00ffffffUL;
	bootinfo.cpu_mpidr[0] = boot_mpidr;
	bootinfo.cpu_count = 1;
	fdt_for_each_child(f, cpus, node) {
		const char *dt = fdt_getprop_string(f, node, "device_type");
		if (!dt || strcmp(dt, "cpu"))
			continue;
		uint64_t mpidr, unused;
		get_reg(node, 0, &mpidr, &unused);
		bootinfo.cpus_in_dt++;
		if (!bootinfo.cpu_compatible[0]) {
			const char *c = fdt_getprop_string(f, node, "compatible");
			if (c)
				snprintf(bootinfo.cpu_compatible, sizeof(bootinfo.cpu_compatible), "%s", c);
		}
		if (mpidr == boot_mpidr)
			continue;
		const char *em = fdt_getprop_string(f, node, "enable-method");
		if (em && strcmp(em, "psci")) {
			pr_warn("%s: enable-method \"%s\" not supported, CPU left offline", path_of(node), em);
			continue;
		}
		if (bootinfo.cpu_count == MAX_CPUS) {
			pr_warn("%s: more than %d CPUs, ignoring the rest", path_of(node), MAX_CPUS);
			break;
		}
		bootinfo.cpu_mpidr[bootinfo.cpu_count++] = mpidr;
	}
	if (!bootinfo.cpus_in_dt)
		boot_error("/cpus", "", "no cpu node");
}

static void parse_gic_timer_psci(void)
{
	struct fdt *f = &bootinfo.fdt;
	int node = fdt_find_compatible(f, -1, "arm,gic-v3");

	if (node < 0)
		boot_error("/", "compatible", "no \"arm,gic-v3\" interrupt controller (hospes needs GICv3)");
	get_reg(node, 0, &bootinfo.gicd, &bootinfo.gicd_size);
	get_reg(node, 1, &bootinfo.gicr, &bootinfo.gicr_size);

	node = fdt_find_compatible(f, -1, "arm,armv8-timer");
	if (node < 0)
		boot_error("/timer", "compatible", "no \"arm,armv8-timer\" node");
	fdt_getprop_u32(f, node, "clock-frequency", &bootinfo.timer_freq);

	node = fdt_find_compatible(f, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_find_compatible(f, -1, "arm,psci-1.0");
	if (node < 0)
		node = fdt_find_compatible(f, -1, "arm,psci");
	if (node < 0)
		boot_error("/psci", "compatible", "no PSCI node: cannot start secondary CPUs or power off");
	const char *m = fdt_getprop_string(f, node, "method");
	if (!m)
		node_error(node, "method", "%s", "missing");
	if (!strcmp(m, "hvc"))
		bootinfo.psci_hvc = true;
	else if (strcmp(m, "smc"))
		node_error(node, "method", "\"%s\" is neither \"smc\" nor \"hvc\"", m);
}

static bool ranges_overlap(paddr_t a, uint64_t as, paddr_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

static bool in_ram(paddr_t a, uint64_t s)
{
	for (unsigned i = 0; i < bootinfo.mem_count; i++)
		if (a >= bootinfo.mem[i].start && a + s <= bootinfo.mem[i].end && a + s >= a)
			return true;
	return false;
}

static struct bootmodule *add_module(int node, paddr_t img_start, paddr_t img_end)
{
	struct fdt *f = &bootinfo.fdt;
	struct bootmodule *m;

	if (bootinfo.module_count == BOOT_MAX_MODULES)
		node_error(node, "", "%s", "too many boot modules");
	m = &bootinfo.modules[bootinfo.module_count++];
	m->node = node;
	snprintf(m->path, sizeof(m->path), "%s", path_of(node));
	get_reg(node, 0, &m->start, &m->size);
	if (!m->size)
		node_error(node, "reg", "%s", "module has size 0");
	if (ranges_overlap(m->start, m->size, img_start, img_end - img_start)) {
		char msg[96];
		snprintf(msg, sizeof(msg), "module [%#lx, %#lx) overlaps the hypervisor image [%#lx, %#lx)",
			 (unsigned long)m->start, (unsigned long)(m->start + m->size),
			 (unsigned long)img_start, (unsigned long)img_end);
		boot_error(m->path, "reg", "%s", msg);
	}
	if (ranges_overlap(m->start, m->size, bootinfo.dtb_pa, bootinfo.dtb_size))
		boot_error(m->path, "reg", "module overlaps the device tree blob");
	if (!in_ram(m->start, m->size))
		boot_error(m->path, "reg", "module [%#lx, %#lx) is not inside RAM",
			   (unsigned long)m->start, (unsigned long)(m->start + m->size));
	for (unsigned i = 0; i + 1 < bootinfo.module_count; i++) {
		struct bootmodule *o = &bootinfo.modules[i];
		if (ranges_overlap(m->start, m->size, o->start, o->size))
			boot_error(m->path, "reg", "module overlaps module %s", o->path);
	}
	m->bootargs = fdt_getprop_string(f, node, "bootargs");
	if (fdt_node_is_compatible(f, node, "multiboot,kernel"))
		m->kind = BOOTMOD_KERNEL;
	else if (fdt_node_is_compatible(f, node, "multiboot,ramdisk"))
		m->kind = BOOTMOD_RAMDISK;
	else
		m->kind = BOOTMOD_OTHER;
	add_reserved(m->start, m->size);
	return m;
}

static bool is_module(int node)
{
	return fdt_node_is_compatible(&bootinfo.fdt, node, "multiboot,module") ||
	       fdt_node_is_compatible(&bootinfo.fdt, node, "multiboot,kernel") ||
	       fdt_node_is_compatible(&bootinfo.fdt, node, "multiboot,ramdisk");
}

/* The node whose phandle is @ph under @node (depth first), -1 if none. */
static int node_by_phandle(int node, uint32_t ph)
{
	uint32_t v;
	int child;

	if (fdt_getprop_u32(&bootinfo.fdt, node, "phandle", &v) >= 0 && v == ph)
		return node;
	fdt_for_each_child(&bootinfo.fdt, node, child) {
		int found = node_by_phandle(child, ph);
		if (found >= 0)
			return found;
	}
	return -1;
}

/* One "xen,cpupool" node: its CPUs (phandles of /cpus nodes) and scheduler. */
static void parse_cpupool(int node)
{
	struct fdt *f = &bootinfo.fdt;
	struct bootcpupool *p;
	const uint32_t *cells;
	int len;

	if (bootinfo.cpupool_count == BOOT_MAX_CPUPOOLS)
		node_error(node, "", "%s", "too many xen,cpupool nodes");
	p = &bootinfo.cpupools[bootinfo.cpupool_count++];
	snprintf(p->path, sizeof(p->path), "%s", path_of(node));
	if (fdt_getprop_u32(f, node, "phandle", &p->phandle) < 0)
		p->phandle = 0;
	cells = fdt_getprop(f, node, "cpupool-cpus", &len);
	if (!cells || len <= 0 || len % 4)
		node_error(node, "cpupool-cpus", "%s", "missing or empty (a list of cpu phandles)");
	for (int i = 0; i < len / 4; i++) {
		uint32_t ph = __builtin_bswap32(cells[i]);
		int cpu = node_by_phandle(fdt_root(f), ph);
		const char *dt = cpu >= 0 ? fdt_getprop_string(f, cpu, "device_type") : NULL;
		uint64_t mpidr, unused;
		unsigned id;

		if (cpu < 0)
			node_error(node, "cpupool-cpus", "%s", "a phandle names no node");
		if (!dt || strcmp(dt, "cpu"))
			node_error(node, "cpupool-cpus", "%s", "a phandle names a node that is not a cpu");
		get_reg(cpu, 0, &mpidr, &unused);
		for (id = 0; id < bootinfo.cpu_count && bootinfo.cpu_mpidr[id] != mpidr; id++)
			;
		if (id == bootinfo.cpu_count)
			boot_error(p->path, "cpupool-cpus", "%s is not a CPU hospes brings up",
				   path_of(cpu));
		for (unsigned k = 0; k + 1 < bootinfo.cpupool_count; k++)
			if (bootinfo.cpupools[k].cpus & (1ULL << id))
				boot_error(p->path, "cpupool-cpus", "CPU %u is already in %s", id,
					   bootinfo.cpupools[k].path);
		p->cpus |= 1ULL << id;
	}
	if (fdt_prop_exists(f, node, "cpupool-sched")) {
		p->sched = fdt_getprop_string(f, node, "cpupool-sched");
		if (!p->sched || !sched_by_name(p->sched))
			node_error(node, "cpupool-sched", "%s",
				   "not a scheduler name (credit2, rtds, arinc653, null)");
	}
}

/* Pool ids (Xen's rules): the pool holding the boot CPU is 0, the others
 * 1, 2, ... in tree order; CPUs in no node form one more pool with the
 * default scheduler (Pool-0 if the boot CPU is among them). */
static void number_cpupools(void)
{
	uint64_t all = bootinfo.cpu_count >= 64 ? ~0ULL : (1ULL << bootinfo.cpu_count) - 1, used = 0;
	unsigned next = 1;

	if (!bootinfo.cpupool_count)
		return;
	for (unsigned k = 0; k < bootinfo.cpupool_count; k++)
		used |= bootinfo.cpupools[k].cpus;
	if (all & ~used) {
		struct bootcpupool *p;
		if (bootinfo.cpupool_count == BOOT_MAX_CPUPOOLS)
			boot_error("/chosen", "", "too many xen,cpupool nodes");
		p = &bootinfo.cpupools[bootinfo.cpupool_count++];
		snprintf(p->path, sizeof(p->path), "(CPUs in no xen,cpupool node)");
		p->cpus = all & ~used;
	}
	for (unsigned k = 0; k < bootinfo.cpupool_count; k++)
		bootinfo.cpupools[k].id = (bootinfo.cpupools[k].cpus & 1) ? 0 : next++;
}

static void parse_domain(int node, paddr_t img_start, paddr_t img_end)
{
	struct fdt *f = &bootinfo.fdt;
	struct bootdomain *bd;
	int child;

	if (bootinfo.domain_count == BOOT_MAX_DOMAINS)
		node_error(node, "", "%s", "too many xen,domain nodes");
	bd = &bootinfo.domains[bootinfo.domain_count++];
	bd->node = node;
	snprintf(bd->path, sizeof(bd->path), "%s", path_of(node));
	snprintf(bd->name, sizeof(bd->name), "%s", fdt_node_name(f, node));
	if (!fdt_prop_exists(f, node, "memory"))
		node_error(node, "memory", "%s", "missing (size of the domain's RAM in KiB)");
	if (fdt_getprop_u64(f, node, "memory", &bd->memory_kb) < 0)
		node_error(node, "memory", "%s", "must be one or two cells (KiB)");
	if (!bd->memory_kb)
		node_error(node, "memory", "%s", "is 0");
	if (fdt_getprop_u32(f, node, "cpus", &bd->cpus) < 0)
		node_error(node, "cpus", "%s", "missing or not a single cell");
	if (bd->cpus == 0)
		node_error(node, "cpus", "%s", "is 0");
	if (bd->cpus > 128) {
		char msg[64];
		snprintf(msg, sizeof(msg), "%u vCPUs requested, at most 128 are allowed", bd->cpus);
		boot_error(bd->path, "cpus", "%s", msg);
	}
	bd->vpl011 = fdt_prop_exists(f, node, "vpl011");
	if (fdt_prop_exists(f, node, "domain-cpupool")) {
		uint32_t ph;
		unsigned k;
		if (fdt_getprop_u32(f, node, "domain-cpupool", &ph) < 0)
			node_error(node, "domain-cpupool", "%s", "must be one phandle");
		for (k = 0; k < bootinfo.cpupool_count; k++)
			if (bootinfo.cpupools[k].phandle && bootinfo.cpupools[k].phandle == ph)
				break;
		if (k == bootinfo.cpupool_count)
			node_error(node, "domain-cpupool", "%s",
				   "does not name a /chosen node compatible \"xen,cpupool\"");
		bd->cpupool_id = bootinfo.cpupools[k].id;
	}
	if (fdt_prop_exists(f, node, "xen,enhanced")) {
		bd->enhanced = fdt_getprop_string(f, node, "xen,enhanced");
		if (!bd->enhanced)
			bd->enhanced = "enabled";
	}
	fdt_for_each_child(f, node, child) {
		if (!is_module(child))
			continue;
		struct bootmodule *m = add_module(child, img_start, img_end);
		if (m->kind == BOOTMOD_KERNEL && !bd->kernel)
			bd->kernel = m;
		else if (m->kind == BOOTMOD_RAMDISK && !bd->ramdisk)
			bd->ramdisk = m;
	}
	if (!bd->kernel)
		boot_error(bd->path, "", "no child node compatible \"multiboot,kernel\"");
}

static void parse_chosen(paddr_t img_start, paddr_t img_end)
{
	struct fdt *f = &bootinfo.fdt;
	int chosen = fdt_path_offset(f, "/chosen"), node;
	const char *bootargs;

	if (chosen < 0)
		return;
	bootinfo.hyp_cmdline = fdt_getprop_string(f, chosen, "xen,xen-bootargs");
	bootinfo.dom0_cmdline = fdt_getprop_string(f, chosen, "xen,dom0-bootargs");
	bootargs = fdt_getprop_string(f, chosen, "bootargs");

	/* cpupools first: domains name them. */
	fdt_for_each_child(f, chosen, node)
		if (fdt_node_is_compatible(f, node, "xen,cpupool"))
			parse_cpupool(node);
	number_cpupools();
	fdt_for_each_child(f, chosen, node) {
		if (fdt_node_is_compatible(f, node, "xen,domain")) {
			parse_domain(node, img_start, img_end);
		} else if (is_module(node)) {
			struct bootmodule *m = add_module(node, img_start, img_end);
			/* Xen's rule: with only "multiboot,module", the first is the kernel,
			 * the second the ramdisk. */
			if (m->kind == BOOTMOD_OTHER)
				m->kind = bootinfo.dom0_kernel ? BOOTMOD_RAMDISK : BOOTMOD_KERNEL;
			if (m->kind == BOOTMOD_KERNEL && !bootinfo.dom0_kernel)
				bootinfo.dom0_kernel = m;
			else if (m->kind == BOOTMOD_RAMDISK && !bootinfo.dom0_ramdisk)
				bootinfo.dom0_ramdisk = m;
		}
	}
	/*
	 * Command lines (booting.txt): the hypervisor takes xen,xen-bootargs; if
	 * absent, /chosen/bootargs is ours when dom0 has its own arguments
	 * (xen,dom0-bootargs or the kernel module's bootargs), which is how
	 * QEMU's -append reaches us in a guest-loader boot.
	 */
	if (!bootinfo.hyp_cmdline && bootargs &&
	    (bootinfo.dom0_cmdline || (bootinfo.dom0_kernel && bootinfo.dom0_kernel->bootargs) ||
	     !bootinfo.dom0_kernel))
		bootinfo.hyp_cmdline = bootargs;
	if (!bootinfo.dom0_cmdline && bootinfo.dom0_kernel) {
		if (bootinfo.dom0_kernel->bootargs)
			bootinfo.dom0_cmdline = bootinfo.dom0_kernel->bootargs;
		else if (bootargs && bootargs != bootinfo.hyp_cmdline)
			bootinfo.dom0_cmdline = bootargs;
	}
}

/** Parse everything after the console is up. */
void bootfdt_parse(paddr_t image_start, paddr_t image_end)
{
	parse_memory();
	parse_cpus();
	parse_gic_timer_psci();
	add_reserved(image_start, image_end - image_start);
	add_reserved(ALIGN_DOWN(bootinfo.dtb_pa, PAGE_SIZE), ALIGN_UP(bootinfo.dtb_size, PAGE_SIZE) + PAGE_SIZE);
	parse_chosen(image_start, image_end);
}
