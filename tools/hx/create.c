/* SPDX-License-Identifier: MIT */
/*
 * hx create: build and start a domain from an xl.cfg file, in the order of
 * Debian xl 4.17 on Arm (docs xen-abi-arm64.md section 8.4):
 *
 *   physinfo; createdomain (hvm|hap, paused, no vCPUs); max_vcpus;
 *   numainfo + setnodeaffinity; max_mem; alloc_unbound x2 (console, store);
 *   set_paging_mempool_size; HVM_PARAM_CALLBACK_IRQ; getdomaininfo;
 *   set_address_size 64; populate_physmap of RAM at 0x40000000
 *   (+0x200000000 above 3 GiB); kernel, DTB and ramdisk copied through
 *   foreign mappings, each followed by cacheflush; the four magic pages at
 *   GFN 0x39000 populated and cleared; HVM params CONSOLE_PFN/EVTCHN,
 *   STORE_PFN/EVTCHN; setvcpucontext of vCPU 0 (pc = entry, x0 = DTB,
 *   PSTATE 0x1c5); xenstore nodes + XS_INTRODUCE when xenstored runs;
 *   unpausedomain; then, like xl, a monitor process that carries out the
 *   on_poweroff / on_reboot / on_crash actions (monitor.c).
 *
 * Invariant: once createdomain succeeded, every failure destroys the new
 * domain before returning (one rollback path, `fail_destroy`).
 * Not done: grant-table seeding of refs 0/1 (needs acquire_resource;
 * hx-xenstored maps the store page by GFN instead), vuart, disks, networks.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <lib/fdt.h>
#include <public/hvm_params.h>
#include <xfmem.h>

#include "cfg.h"
#include "guest_dt.h"
#include "hx.h"
#include "image.h"

#define PAGE 4096ULL
#define MAGIC_PFN (GUEST_MAGIC_BASE >> 12) /* 0x39000 */
#define CONSOLE_PFN (MAGIC_PFN + 0)
#define STORE_PFN (MAGIC_PFN + 1)
#define MONITOR_PFN (MAGIC_PFN + 2)
#define NR_MAGIC_PAGES 4
#define DTB_MAX (64 * 1024)
#define COPY_CHUNK_PAGES 256 /* 1 MiB per foreign mapping */
#define POPULATE_BATCH 256   /* extents per populate_physmap call */
/* HVM_PARAM_CALLBACK_IRQ: type PPI (2) << 56 | flags (level-low: 2) << 8 | PPI 31 */
#define CALLBACK_IRQ_PPI31 ((2ULL << 56) | (2ULL << 8) | GUEST_EVTCHN_PPI)

struct build {
	struct hx *h;
	struct xctrl *x;
	struct xfmem *fm;
	struct hx_cfg cfg;
	domid_t domid;
	uint8_t uuid[16];
	uint8_t *kernel, *ramdisk;
	size_t kernel_len, ramdisk_len;
	uint64_t ram_size[2];
	uint32_t console_port, store_port;
	bool has_store;
	struct xen_domctl_createdomain dc;
	struct xen_domctl_getdomaininfo info;
	struct hx_plan plan;
	uint8_t dtb[DTB_MAX];
	size_t dtb_len;
};

/* ---------------------------------------------------------------- helpers */

static int read_file(struct hx *h, const char *what, const char *path, uint8_t **out,
		     size_t *len)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return hx_fail(h, "%s %s: %s", what, path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return hx_fail(h, "%s %s: not a regular file", what, path);
	}
	buf = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!buf) {
		close(fd);
		return hx_fail(h, "%s %s: out of memory (%lld bytes)", what, path,
			       (long long)st.st_size);
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n <= 0) {
			int e = n < 0 ? errno : EIO;

			free(buf);
			close(fd);
			return hx_fail(h, "%s %s: read: %s", what, path, strerror(e));
		}
		done += (size_t)n;
	}
	close(fd);
	*out = buf;
	*len = done;
	return 0;
}

static void random_bytes(uint8_t *buf, size_t len)
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	size_t done = 0;

	if (fd >= 0) {
		while (done < len) {
			ssize_t n = read(fd, buf + done, len - done);

			if (n <= 0)
				break;
			done += (size_t)n;
		}
		close(fd);
	}
	if (done < len) {
		struct timeval tv;

		gettimeofday(&tv, NULL);
		srandom((unsigned int)(tv.tv_sec ^ tv.tv_usec ^ getpid()));
		for (; done < len; done++)
			buf[done] = (uint8_t)random();
	}
}

static void uuid_string(const uint8_t *u, char *buf)
{
	sprintf(buf, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0],
		u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		u[14], u[15]);
}

/* Report the last xctrl error; returns -1 */
static int xfail(struct build *b)
{
	hx_fail(b->h, "%s", xctrl_error(b->x));
	return -1;
}

/* ----------------------------------------------------------------- memory */

/* Populate [gfn, gfn + count) with 2 MiB extents where aligned, 4 KiB pages elsewhere */
static int populate(struct build *b, uint64_t gfn, uint64_t count)
{
	xen_pfn_t *list = malloc(POPULATE_BATCH * sizeof(*list));
	uint64_t end = gfn + count;
	int rc = 0;

	if (!list) {
		hx_fail(b->h, "out of memory");
		return -1;
	}
	while (gfn < end && rc == 0) {
		unsigned int n = 0, order = 0;

		if ((gfn & 511) == 0 && end - gfn >= 512) {
			order = 9;
			while (n < POPULATE_BATCH && end - gfn >= 512) {
				list[n++] = gfn;
				gfn += 512;
			}
		} else {
			while (n < POPULATE_BATCH && gfn < end && ((gfn & 511) || end - gfn < 512))
				list[n++] = gfn++;
		}
		rc = xctrl_populate_physmap(b->x, b->domid, n, order, list);
		if (rc < 0 && order == 9) {
			/* No 2 MiB pages: fall back to 4 KiB pages for this batch */
			uint64_t base = list[0];
			unsigned int i, pages = n * 512;

			rc = 0;
			for (i = 0; i < pages && rc == 0; i += POPULATE_BATCH) {
				unsigned int j, m = pages - i < POPULATE_BATCH ? pages - i
									       : POPULATE_BATCH;

				for (j = 0; j < m; j++)
					list[j] = base + i + j;
				rc = xctrl_populate_physmap(b->x, b->domid, m, 0, list);
			}
		}
		if (rc < 0)
			xfail(b);
	}
	free(list);
	return rc < 0 ? -1 : 0;
}

/* Copy @len bytes (or zeroes if @src is NULL) to guest-physical @gpa, then cacheflush */
static int copy_to_guest(struct build *b, uint64_t gpa, const void *src, size_t len)
{
	uint64_t first = gpa / PAGE, last = (gpa + len + PAGE - 1) / PAGE, pfn;
	uint64_t gfns[COPY_CHUNK_PAGES];
	size_t done = 0;

	for (pfn = first; pfn < last; pfn += COPY_CHUNK_PAGES) {
		size_t n = last - pfn < COPY_CHUNK_PAGES ? (size_t)(last - pfn) : COPY_CHUNK_PAGES;
		size_t off = pfn == first ? gpa % PAGE : 0, i, chunk;
		uint8_t *map;

		for (i = 0; i < n; i++)
			gfns[i] = pfn + i;
		map = xfmem_map(b->fm, b->domid, PROT_READ | PROT_WRITE, n, gfns, NULL);
		if (!map) {
			hx_fail(b->h,
				"foreign mapping of d%u GFNs %#llx-%#llx failed: %s "
				"(privcmd mmapbatch -> XENMEM_add_to_physmap_batch gmfn_foreign)",
				b->domid, (unsigned long long)pfn, (unsigned long long)(pfn + n - 1),
				strerror(errno));
			return -1;
		}
		chunk = n * PAGE - off;
		if (chunk > len - done)
			chunk = len - done;
		if (src)
			memcpy(map + off, (const uint8_t *)src + done, chunk);
		else
			memset(map + off, 0, chunk);
		done += chunk;
		xfmem_unmap(b->fm, map, n);
		if (xctrl_cacheflush(b->x, b->domid, pfn, n) < 0)
			return xfail(b);
	}
	return 0;
}

/* --------------------------------------------------------------- xenstore */

/* The first xenstore node a batch of writes failed on, for the error message */
static char xs_failed_node[256];

static int xs_note(int rc, const char *path)
{
	if (rc < 0 && !xs_failed_node[0])
		snprintf(xs_failed_node, sizeof(xs_failed_node), "%s", path);
	return rc;
}

static int xs_put(struct xstore *xs, uint32_t tx, const char *fmt_path, unsigned int domid,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int xs_put(struct xstore *xs, uint32_t tx, const char *fmt_path, unsigned int domid,
		  const char *fmt, ...)
{
	char path[256], val[256];
	va_list ap;

	snprintf(path, sizeof(path), fmt_path, domid);
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	return xs_note(xstore_write_str(xs, tx, path, val), path);
}

static int xs_perms(struct xstore *xs, uint32_t tx, const char *fmt_path, unsigned int domid,
		    bool guest_owned)
{
	char path[256], owner[16], reader[16];
	const char *perms[2] = { owner, reader };

	snprintf(path, sizeof(path), fmt_path, domid);
	if (guest_owned) {
		snprintf(owner, sizeof(owner), "n%u", domid);
		return xs_note(xstore_set_perms(xs, tx, path, perms, 1), path);
	}
	snprintf(owner, sizeof(owner), "n0");
	snprintf(reader, sizeof(reader), "r%u", domid);
	return xs_note(xstore_set_perms(xs, tx, path, perms, 2), path);
}

/* The per-domain nodes xl writes (libxl__domain_make / libxl__build_post) */
static int store_write(struct build *b, struct xstore *xs)
{
	static const char *const guest_dirs[] = { "device", "device/suspend/event-channel",
						  "control/shutdown", "control/feature-poweroff",
						  "control/feature-reboot", "control/feature-suspend",
						  "control/sysrq", "data", "drivers", "feature",
						  "attr", "error" };
	unsigned int d = b->domid, i, tries = 0;
	char uuid[37], vm[64], path[128];
	struct timeval now;
	uint32_t tx;
	int rc;

	uuid_string(b->uuid, uuid);
	snprintf(vm, sizeof(vm), "/vm/%s", uuid);
	gettimeofday(&now, NULL);
again:
	xs_failed_node[0] = '\0';
	if (xstore_transaction_start(xs, &tx) < 0)
		return xs_note(-1, "(transaction start)");
	rc = 0;
	rc |= xs_put(xs, tx, "/local/domain/%u", d, "%s", "");
	rc |= xs_perms(xs, tx, "/local/domain/%u", d, false);
	rc |= xs_put(xs, tx, "/local/domain/%u/name", d, "%s", b->cfg.name);
	rc |= xs_put(xs, tx, "/local/domain/%u/domid", d, "%u", d);
	rc |= xs_put(xs, tx, "/local/domain/%u/vm", d, "%s", vm);
	for (i = 0; i < b->cfg.maxvcpus; i++) {
		snprintf(path, sizeof(path), "/local/domain/%%u/cpu/%u/availability", i);
		rc |= xs_put(xs, tx, path, d, "%s", i < b->cfg.vcpus ? "online" : "offline");
	}
	rc |= xs_put(xs, tx, "/local/domain/%u/memory/static-max", d, "%llu",
		     (unsigned long long)b->cfg.maxmem_mib * 1024);
	rc |= xs_put(xs, tx, "/local/domain/%u/memory/target", d, "%llu",
		     (unsigned long long)b->cfg.memory_mib * 1024);
	rc |= xs_put(xs, tx, "/local/domain/%u/store/port", d, "%u", b->store_port);
	rc |= xs_put(xs, tx, "/local/domain/%u/store/ring-ref", d, "%llu",
		     (unsigned long long)STORE_PFN);
	rc |= xs_put(xs, tx, "/local/domain/%u/console/ring-ref", d, "%llu",
		     (unsigned long long)CONSOLE_PFN);
	rc |= xs_put(xs, tx, "/local/domain/%u/console/port", d, "%u", b->console_port);
	rc |= xs_put(xs, tx, "/local/domain/%u/console/limit", d, "%u", 1048576);
	rc |= xs_put(xs, tx, "/local/domain/%u/console/type", d, "%s", "xenconsoled");
	rc |= xs_put(xs, tx, "/local/domain/%u/console/output", d, "%s", "pty");
	rc |= xs_put(xs, tx, "/local/domain/%u/control/platform-feature-multiprocessor-suspend",
		     d, "%s", "1");
	rc |= xs_put(xs, tx, "/local/domain/%u/control/platform-feature-xs_reset_watches", d,
		     "%s", "1");
	for (i = 0; i < sizeof(guest_dirs) / sizeof(guest_dirs[0]); i++) {
		snprintf(path, sizeof(path), "/local/domain/%%u/%s", guest_dirs[i]);
		rc |= xs_put(xs, tx, path, d, "%s", "");
		rc |= xs_perms(xs, tx, path, d, true);
	}
	rc |= xs_note(xstore_write_str(xs, tx, vm, ""), vm);
	snprintf(path, sizeof(path), "%s/name", vm);
	rc |= xs_note(xstore_write_str(xs, tx, path, b->cfg.name), path);
	snprintf(path, sizeof(path), "%s/uuid", vm);
	rc |= xs_note(xstore_write_str(xs, tx, path, uuid), path);
	snprintf(path, sizeof(path), "%s/start_time", vm);
	{
		char t[32];

		snprintf(t, sizeof(t), "%lld.%02ld", (long long)now.tv_sec,
			 (long)(now.tv_usec / 10000));
		rc |= xs_note(xstore_write_str(xs, tx, path, t), path);
	}
	rc |= xs_put(xs, tx, "/libxl/%u/type", d, "%s", "pvh");
	if (rc) {
		int e = errno;

		xstore_transaction_end(xs, tx, false);
		errno = e;
		return -1;
	}
	if (xstore_transaction_end(xs, tx, true) < 0) {
		if (errno == EAGAIN && ++tries < 10)
			goto again;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ steps */

static int check_name_free(struct build *b)
{
	struct xen_domctl_getdomaininfo *all;
	int i, count = hx_domain_list(b->h, &all), rc = 0;

	if (count < 0)
		return -1;
	for (i = 0; i < count && !rc; i++) {
		char *name = hx_domain_name(b->h, all[i].domain);

		if (name && !strcmp(name, b->cfg.name)) {
			hx_fail(b->h, "domain '%s' already exists (d%u)", name, all[i].domain);
			rc = -1;
		}
		free(name);
	}
	free(all);
	return rc;
}

static int check_host(struct build *b)
{
	struct xen_sysctl_physinfo pi;
	uint64_t need = b->cfg.memory_mib << 20, have;

	if (xctrl_physinfo(b->x, &pi) < 0)
		return xfail(b);
	if ((pi.capabilities & (XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap)) !=
	    (XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap))
		hx_warn(b->h, "physinfo capabilities %#x lack hvm|hap, which xl requires",
			pi.capabilities);
	have = (pi.free_pages - pi.outstanding_pages) * PAGE;
	if (have < need) {
		hx_fail(b->h, "'%s': memory %llu MiB exceeds the hypervisor's free memory %llu MiB "
			"(physinfo free_pages)",
			b->cfg.name, (unsigned long long)(need >> 20), (unsigned long long)(have >> 20));
		return -1;
	}
	return 0;
}

static int create_domain(struct build *b)
{
	struct xen_domctl_createdomain *c = &b->dc;
	uint32_t pool = 0;

	/* pool= (xl.cfg): a cpupool name or id, checked before anything exists */
	if (b->cfg.pool[0] && hx_pool_lookup(b->h, b->cfg.pool, &pool) < 0)
		return -1;
	memset(c, 0, sizeof(*c));
	c->cpupool_id = pool;
	memcpy(c->handle, b->uuid, 16);
	c->flags = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	c->max_vcpus = b->cfg.maxvcpus;
	c->max_evtchn_port = 1023;
	c->max_grant_frames = -1;
	c->max_maptrack_frames = -1;
	c->grant_opts = XEN_DOMCTL_GRANT_version(1);
	c->arch.gic_version = XEN_DOMCTL_CONFIG_GIC_NATIVE;
	b->domid = 0;
	if (xctrl_domain_create(b->x, &b->domid, c) < 0)
		return xfail(b);
	if (c->arch.gic_version != XEN_DOMCTL_CONFIG_GIC_V2 &&
	    c->arch.gic_version != XEN_DOMCTL_CONFIG_GIC_V3) {
		hx_fail(b->h, "createdomain d%u: hypervisor returned gic_version %u (must be "
			"resolved to 1 or 2)",
			b->domid, c->arch.gic_version);
		return -1;
	}
	return 0;
}

static int setup_domain(struct build *b)
{
	uint32_t nodes;
	/* libxl_get_required_shadow_memory: 4 * (256 * vcpus + 2 * maxmem MiB) KiB */
	uint64_t pool = 4ULL * (256ULL * b->cfg.maxvcpus + 2ULL * b->cfg.maxmem_mib) * 1024;

	if (xctrl_max_vcpus(b->x, b->domid, b->cfg.maxvcpus) < 0)
		return xfail(b);
	if (xctrl_numa_nodes(b->x, &nodes) < 0)
		hx_warn(b->h, "%s (skipping NUMA node affinity)", xctrl_error(b->x));
	else if (xctrl_setnodeaffinity_all(b->x, b->domid, nodes) < 0)
		hx_warn(b->h, "%s", xctrl_error(b->x));
	/* target + 1 MiB slack (LIBXL_MAXMEM_CONSTANT), covering the magic pages */
	if (xctrl_max_mem(b->x, b->domid, b->cfg.maxmem_mib * 1024 + 1024) < 0)
		return xfail(b);
	if (xctrl_evtchn_alloc_unbound(b->x, b->domid, 0, &b->console_port) < 0)
		return xfail(b);
	if (b->has_store && xctrl_evtchn_alloc_unbound(b->x, b->domid, 0, &b->store_port) < 0)
		return xfail(b);
	if (xctrl_set_paging_mempool_size(b->x, b->domid, pool) < 0)
		return xfail(b);
	if (xctrl_hvm_param_set(b->x, b->domid, HVM_PARAM_CALLBACK_IRQ, CALLBACK_IRQ_PPI31) < 0)
		return xfail(b);
	if (xctrl_domain_info(b->x, b->domid, &b->info) < 0)
		return xfail(b);
	if (xctrl_set_address_size(b->x, b->domid, 64) < 0)
		hx_warn(b->h, "%s", xctrl_error(b->x)); /* libxenguest only warns too */
	return 0;
}

static int build_memory(struct build *b)
{
	struct hx_guest_layout l = { 0 };
	uint8_t seed[HX_RNG_SEED_SIZE];
	char err[256];
	int rc;

	/* Plan with a worst-case DTB size first: the DTB needs the ramdisk address */
	if (hx_image_plan(b->kernel, b->kernel_len, GUEST_RAM0_BASE, b->ram_size[0], DTB_MAX,
			  b->ramdisk_len, &b->plan, err, sizeof(err)) < 0) {
		hx_fail(b->h, "%s: %s", b->cfg.kernel, err);
		return -1;
	}
	random_bytes(seed, sizeof(seed));
	l.vcpus = b->cfg.maxvcpus;
	l.ram_size[0] = b->ram_size[0];
	l.ram_size[1] = b->ram_size[1];
	l.gic_version = b->dc.arch.gic_version;
	l.clock_frequency = b->dc.arch.clock_frequency;
	l.gpaddr_bits = b->info.gpaddr_bits;
	l.cmdline = b->cfg.cmdline;
	l.has_ramdisk = b->ramdisk_len != 0;
	l.ramdisk_start = b->plan.ramdisk_addr;
	l.ramdisk_end = b->plan.ramdisk_addr + b->ramdisk_len;
	l.rng_seed = seed;
	rc = hx_guest_dt_build(&l, b->dtb, sizeof(b->dtb), &b->dtb_len);
	if (rc < 0) {
		hx_fail(b->h, "cannot build the guest device tree in %zu bytes: %s", sizeof(b->dtb),
			fdt_strerror(rc));
		return -1;
	}
	return 0;
}

static int load_domain(struct build *b)
{
	uint64_t pfn;

	if (populate(b, GUEST_RAM0_BASE >> 12, b->ram_size[0] >> 12) < 0)
		return -1;
	if (b->ram_size[1] && populate(b, GUEST_RAM1_BASE >> 12, b->ram_size[1] >> 12) < 0)
		return -1;
	if (copy_to_guest(b, b->plan.kernel_addr, b->kernel, b->kernel_len) < 0 ||
	    copy_to_guest(b, b->plan.dtb_addr, b->dtb, b->dtb_len) < 0 ||
	    (b->ramdisk_len &&
	     copy_to_guest(b, b->plan.ramdisk_addr, b->ramdisk, b->ramdisk_len) < 0))
		return -1;
	for (pfn = MAGIC_PFN; pfn < MAGIC_PFN + NR_MAGIC_PAGES; pfn++) {
		xen_pfn_t gfn = pfn;

		if (xctrl_populate_physmap(b->x, b->domid, 1, 0, &gfn) < 0)
			return xfail(b);
	}
	if (copy_to_guest(b, MAGIC_PFN * PAGE, NULL, NR_MAGIC_PAGES * PAGE) < 0)
		return -1;
	if (xctrl_hvm_param_set(b->x, b->domid, HVM_PARAM_CONSOLE_PFN, CONSOLE_PFN) < 0 ||
	    xctrl_hvm_param_set(b->x, b->domid, HVM_PARAM_CONSOLE_EVTCHN, b->console_port) < 0)
		return xfail(b);
	if (b->has_store &&
	    (xctrl_hvm_param_set(b->x, b->domid, HVM_PARAM_STORE_PFN, STORE_PFN) < 0 ||
	     xctrl_hvm_param_set(b->x, b->domid, HVM_PARAM_STORE_EVTCHN, b->store_port) < 0))
		return xfail(b);
	if (xctrl_hvm_param_set(b->x, b->domid, HVM_PARAM_MONITOR_RING_PFN, MONITOR_PFN) < 0)
		hx_warn(b->h, "%s", xctrl_error(b->x));
	return 0;
}

static int start_vcpu0(struct build *b)
{
	struct vcpu_guest_context ctx;

	memset(&ctx, 0, sizeof(ctx));
	ctx.flags = VGCF_online;
	ctx.user_regs.pc64 = b->plan.kernel_addr;
	ctx.user_regs.x0 = b->plan.dtb_addr;
	ctx.user_regs.cpsr = PSR_GUEST64_INIT;
	ctx.sctlr = SCTLR_GUEST_INIT;
	if (xctrl_setvcpucontext(b->x, b->domid, 0, &ctx) < 0)
		return xfail(b);
	return 0;
}

static void print_plan(struct build *b, FILE *f)
{
	fprintf(f, "name:     %s\n", b->cfg.name);
	fprintf(f, "memory:   %llu MiB (bank0 %#llx+%#llx, bank1 %#llx+%#llx)\n",
		(unsigned long long)b->cfg.memory_mib, (unsigned long long)GUEST_RAM0_BASE,
		(unsigned long long)b->ram_size[0], (unsigned long long)GUEST_RAM1_BASE,
		(unsigned long long)b->ram_size[1]);
	fprintf(f, "vcpus:    %u (max %u)\n", b->cfg.vcpus, b->cfg.maxvcpus);
	if (b->cfg.pool[0])
		fprintf(f, "pool:     %s\n", b->cfg.pool);
	fprintf(f, "kernel:   %s at %#llx, entry %#llx\n", b->cfg.kernel,
		(unsigned long long)b->plan.kernel_addr, (unsigned long long)b->plan.kernel_addr);
	fprintf(f, "dtb:      %zu bytes at %#llx\n", b->dtb_len,
		(unsigned long long)b->plan.dtb_addr);
	if (b->ramdisk_len)
		fprintf(f, "ramdisk:  %s, %zu bytes at %#llx\n", b->cfg.ramdisk, b->ramdisk_len,
			(unsigned long long)b->plan.ramdisk_addr);
	fprintf(f, "cmdline:  %s\n", b->cfg.cmdline);
	fprintf(f, "actions:  on_poweroff=%s on_reboot=%s on_crash=%s\n",
		hx_action_name(b->cfg.on_poweroff), hx_action_name(b->cfg.on_reboot),
		hx_action_name(b->cfg.on_crash));
}

static int write_dtb(struct build *b, const char *path)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(b->dtb, 1, b->dtb_len, f) != b->dtb_len) {
		if (f)
			fclose(f);
		return hx_fail(b->h, "cannot write %s: %s", path, strerror(errno));
	}
	return fclose(f) ? hx_fail(b->h, "cannot write %s: %s", path, strerror(errno)) : 0;
}

/* Actions hx cannot carry out are refused before anything is built */
static int check_actions(struct hx *h, const struct hx_cfg *cfg)
{
	const struct {
		const char *key;
		enum hx_action a;
	} acts[] = { { "on_poweroff", cfg->on_poweroff },
		     { "on_reboot", cfg->on_reboot },
		     { "on_crash", cfg->on_crash } };

	for (size_t i = 0; i < sizeof(acts) / sizeof(acts[0]); i++) {
		if (acts[i].a == HX_ACTION_COREDUMP_DESTROY ||
		    acts[i].a == HX_ACTION_COREDUMP_RESTART || acts[i].a == HX_ACTION_SOFT_RESET)
			return hx_fail(h,
				       "%s=\"%s\" is not supported by hx (no core dumps or soft "
				       "reset); use destroy, restart, rename-restart or preserve",
				       acts[i].key, hx_action_name(acts[i].a));
	}
	return 0;
}

/**
 * hx_create_domain - build and start (unless @paused) a domain from the
 * xl.cfg file @config; its id goes to *@domid, its parsed configuration to
 * @cfg_out (may be NULL). With @dry (-n), only plan and print the layout
 * (and write the DTB to @dtb_out if set). Returns 0 or 1 (exit status).
 */
int hx_create_domain(struct hx *h, const char *config, bool paused, bool dry,
		     const char *dtb_out, unsigned int *domid, struct hx_cfg *cfg_out)
{
	struct xstore *xs = NULL;
	struct build *b;
	char err[512];
	int rc = 1;

	b = calloc(1, sizeof(*b));
	if (!b)
		return hx_fail(h, "out of memory");
	b->h = h;
	fprintf(h->err, "Parsing config from %s\n", config);
	if (hx_cfg_load(&b->cfg, config, err, sizeof(err), h->err) < 0) {
		hx_fail(h, "%s", err);
		goto out;
	}
	if (check_actions(h, &b->cfg))
		goto out;
	if (b->cfg.has_uuid)
		memcpy(b->uuid, b->cfg.uuid, 16);
	else {
		random_bytes(b->uuid, 16);
		b->uuid[6] = (uint8_t)((b->uuid[6] & 0x0f) | 0x40); /* version 4 */
		b->uuid[8] = (uint8_t)((b->uuid[8] & 0x3f) | 0x80);
	}
	b->ram_size[0] = b->cfg.memory_mib << 20;
	if (b->ram_size[0] > GUEST_RAM0_SIZE)
		b->ram_size[0] = GUEST_RAM0_SIZE;
	b->ram_size[1] = (b->cfg.memory_mib << 20) - b->ram_size[0];
	if (read_file(h, "kernel", b->cfg.kernel, &b->kernel, &b->kernel_len) ||
	    (b->cfg.ramdisk[0] &&
	     read_file(h, "ramdisk", b->cfg.ramdisk, &b->ramdisk, &b->ramdisk_len)))
		goto out;

	if (dry) {
		/* Layout and DT only, with GICv3 and a 40-bit IPA assumed */
		b->dc.arch.gic_version = XEN_DOMCTL_CONFIG_GIC_V3;
		b->info.gpaddr_bits = 40;
		if (build_memory(b) < 0)
			goto out;
		print_plan(b, h->out);
		rc = dtb_out ? write_dtb(b, dtb_out) : 0;
		goto out;
	}

	b->x = hx_ctrl(h);
	if (!b->x)
		goto out;
	xs = hx_store(h);
	b->has_store = xs != NULL;
	if (!xs)
		hx_warn(h, "xenstored is not running (%s: %s): the domain gets no xenstore; "
			"its console is served by hx-consoled",
			xstore_path(), strerror(h->xs_errno));
	if (check_name_free(b) < 0 || check_host(b) < 0 || create_domain(b) < 0)
		goto out;
	if (setup_domain(b) < 0 || build_memory(b) < 0)
		goto fail_destroy;
	b->fm = xfmem_open();
	if (!b->fm) {
		hx_fail(h, "cannot open /dev/xen/privcmd for foreign mappings: %s",
			strerror(errno));
		goto fail_destroy;
	}
	if (load_domain(b) < 0 || start_vcpu0(b) < 0)
		goto fail_destroy;
	if (xs) {
		if (store_write(b, xs) < 0) {
			hx_fail(h, "cannot write d%u's xenstore node %s: %s", b->domid,
				xs_failed_node[0] ? xs_failed_node : "(transaction end)",
				strerror(errno));
			goto fail_destroy;
		}
		if (xstore_introduce(xs, b->domid, STORE_PFN, b->store_port) < 0) {
			hx_fail(h, "XS_INTRODUCE d%u gfn %#llx port %u: %s", b->domid,
				(unsigned long long)STORE_PFN, b->store_port, strerror(errno));
			goto fail_destroy;
		}
	}
	if (!paused && xctrl_domain_unpause(b->x, b->domid) < 0) {
		xfail(b);
		goto fail_destroy;
	}
	*domid = b->domid;
	if (cfg_out)
		*cfg_out = b->cfg;
	rc = 0;
	goto out;

fail_destroy:
	fprintf(h->err, "hx create: destroying the half-built domain d%u\n", b->domid);
	hx_destroy_domain(h, b->domid);
	rc = 1;
out:
	xfmem_close(b->fm);
	free(b->kernel);
	free(b->ramdisk);
	free(b);
	return rc;
}

/** hx_cmd_create - xl create [-c] [-p] [-n] [-F] [-e] [-D DTB] CONFIG */
int hx_cmd_create(struct hx *h, int argc, char **argv)
{
	bool console = false, paused = false, dry = false, foreground = false, monitor = true;
	const char *config = NULL, *dtb_out = NULL;
	const char *usage = "usage: hx create [-c] [-p] [-n] [-F] [-e] [-D DTB] CONFIG";
	struct hx_cfg *cfg;
	unsigned int domid = 0;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c"))
			console = true;
		else if (!strcmp(argv[i], "-p"))
			paused = true;
		else if (!strcmp(argv[i], "-n"))
			dry = true;
		else if (!strcmp(argv[i], "-F"))
			foreground = true;
		else if (!strcmp(argv[i], "-e"))
			monitor = false;
		else if (!strcmp(argv[i], "-D") && i + 1 < argc)
			dtb_out = argv[++i];
		else if (argv[i][0] == '-')
			return hx_fail(h, "unknown option '%s'", argv[i]);
		else if (!config)
			config = argv[i];
		else
			return hx_fail(h, "%s", usage);
	}
	if (!config)
		return hx_fail(h, "%s", usage);
	cfg = malloc(sizeof(*cfg));
	if (!cfg)
		return hx_fail(h, "out of memory");
	rc = hx_create_domain(h, config, paused, dry, dtb_out, &domid, cfg);
	if (rc || dry)
		goto out;
	fflush(h->out);
	fflush(h->err);
	/* xl's order: the monitor first, then the console; -F: monitor in the foreground */
	if (foreground)
		rc = hx_monitor_run(h, domid, config, cfg);
	else if (monitor)
		hx_monitor_spawn(h, domid, config, cfg);
	if (console && !foreground)
		rc = hx_console_attach(h, domid);
out:
	free(cfg);
	return rc;
}
