/* SPDX-License-Identifier: MIT */
/*
 * xctrl: domctl / sysctl and friends over xcall (Xen public domctl.h,
 * sysctl.h, memory.h, hvm_params.h, event_channel.h, version.h; docs
 * xen-abi-arm64.md section 8).
 *
 * The 144-byte domctl and 136-byte sysctl envelopes live in one hypercall
 * buffer allocated at open; array arguments are bounced through buffers
 * from xcall_alloc for the duration of one call. Envelopes carry interface
 * version 0x15; the hypervisor copies the whole envelope back, so results
 * are read from the buffer after the call.
 *
 * Error messages name the operation ("getdomaininfo", "sysctl physinfo"),
 * the domain ("d7") and the reason; the errno name is appended for errors
 * that mean the hypervisor lacks something (-ENOSYS, -EACCES, -EPERM,...),
 * so a report points at the exact missing piece.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <public/event_channel.h>
#include <public/hvm_params.h>
#include <public/memory.h>

#include "xctrl.h"

struct xctrl {
	struct xcall *xc;
	union {
		struct xen_domctl domctl;
		struct xen_sysctl sysctl;
	} *env; /* hypercall buffer */
	char err[256];
};

/* ------------------------------------------------------------------ errors */

static const struct {
	int err;
	const char *name;
	const char *text;
} errtab[] = {
	{ EPERM, "EPERM", "permission denied (not the control domain?)" },
	{ ENOENT, "ENOENT", "no such entry" },
	{ ESRCH, "ESRCH", "no such domain" },
	{ EIO, "EIO", "I/O error" },
	{ E2BIG, "E2BIG", "argument too big" },
	{ EAGAIN, "EAGAIN", "try again" },
	{ ENOMEM, "ENOMEM", "out of memory" },
	{ EACCES, "EACCES", "interface version mismatch or access denied" },
	{ EFAULT, "EFAULT", "the hypervisor could not access the argument buffer" },
	{ EBUSY, "EBUSY", "busy" },
	{ EEXIST, "EEXIST", "already exists" },
	{ ENODEV, "ENODEV", "no such device" },
	{ EINVAL, "EINVAL", "invalid argument" },
	{ ENOSPC, "ENOSPC", "no space left" },
	{ ERANGE, "ERANGE", "out of range" },
	{ ENOSYS, "ENOSYS", "not implemented by the hypervisor" },
	{ EOPNOTSUPP, "EOPNOTSUPP", "not supported by the hypervisor" },
	{ ENOTTY, "ENOTTY", "the privcmd driver does not know this ioctl" },
};

/** xctrl_strerror - the reason text for errno @err, with its name */
const char *xctrl_strerror(int err)
{
	static char buf[128];
	size_t i;

	if (err < 0)
		err = -err;
	for (i = 0; i < sizeof(errtab) / sizeof(errtab[0]); i++) {
		if (errtab[i].err == err) {
			snprintf(buf, sizeof(buf), "%s (-%s)", errtab[i].text, errtab[i].name);
			return buf;
		}
	}
	snprintf(buf, sizeof(buf), "%s (errno %d)", strerror(err), err);
	return buf;
}

/** xctrl_set_error - record "<formatted>" as the last error; returns -@err */
int xctrl_set_error(struct xctrl *x, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(x->err, sizeof(x->err), fmt, ap);
	va_end(ap);
	return err > 0 ? -err : err;
}

/** xctrl_error - the last error message ("" if none) */
const char *xctrl_error(const struct xctrl *x)
{
	return x->err;
}

/* "what: reason" for a failed hypercall result rc (< 0) */
static int fail(struct xctrl *x, long rc, const char *what)
{
	/* ESRCH reads better without the errno name */
	if (rc == -ESRCH)
		return xctrl_set_error(x, (int)rc, "%s: no such domain", what);
	return xctrl_set_error(x, (int)rc, "%s: %s", what, xctrl_strerror((int)rc));
}

/* ----------------------------------------------------------------- handles */

/** xctrl_open_call - a control handle over @xc (owned afterwards) */
struct xctrl *xctrl_open_call(struct xcall *xc)
{
	struct xctrl *x;

	if (!xc)
		return NULL;
	x = calloc(1, sizeof(*x));
	if (!x) {
		xcall_close(xc);
		return NULL;
	}
	x->xc = xc;
	x->env = xcall_alloc(xc, sizeof(*x->env));
	if (!x->env) {
		xcall_close(xc);
		free(x);
		return NULL;
	}
	return x;
}

/** xctrl_open - a control handle on /dev/xen/privcmd */
struct xctrl *xctrl_open(void)
{
	return xctrl_open_call(xcall_open());
}

/** xctrl_close - release the handle (NULL is ignored) */
void xctrl_close(struct xctrl *x)
{
	if (!x)
		return;
	xcall_free(x->xc, x->env, sizeof(*x->env));
	xcall_close(x->xc);
	free(x);
}

/** xctrl_call - the underlying hypercall handle */
struct xcall *xctrl_call(struct xctrl *x)
{
	return x->xc;
}

/* --------------------------------------------------------------- envelopes */

static const char *const domctl_names[] = {
	[XEN_DOMCTL_createdomain] = "createdomain",
	[XEN_DOMCTL_destroydomain] = "destroydomain",
	[XEN_DOMCTL_pausedomain] = "pausedomain",
	[XEN_DOMCTL_unpausedomain] = "unpausedomain",
	[XEN_DOMCTL_getdomaininfo] = "getdomaininfo",
	[XEN_DOMCTL_max_mem] = "max_mem",
	[XEN_DOMCTL_setvcpucontext] = "setvcpucontext",
	[XEN_DOMCTL_getvcpucontext] = "getvcpucontext",
	[XEN_DOMCTL_getvcpuinfo] = "getvcpuinfo",
	[XEN_DOMCTL_max_vcpus] = "max_vcpus",
	[XEN_DOMCTL_getvcpuaffinity] = "getvcpuaffinity",
	[XEN_DOMCTL_setvcpuaffinity] = "setvcpuaffinity",
	[XEN_DOMCTL_scheduler_op] = "scheduler_op",
	[XEN_DOMCTL_setdomainhandle] = "setdomainhandle",
	[XEN_DOMCTL_set_address_size] = "set_address_size",
	[XEN_DOMCTL_setnodeaffinity] = "setnodeaffinity",
	[XEN_DOMCTL_cacheflush] = "cacheflush",
	[XEN_DOMCTL_get_paging_mempool_size] = "get_paging_mempool_size",
	[XEN_DOMCTL_set_paging_mempool_size] = "set_paging_mempool_size",
	[XEN_DOMCTL_setdebugging] = "setdebugging",
	[XEN_DOMCTL_debug_op] = "debug_op",
};

static const char *const sysctl_names[] = {
	[XEN_SYSCTL_readconsole] = "readconsole",
	[XEN_SYSCTL_tbuf_op] = "tbuf_op",
	[XEN_SYSCTL_physinfo] = "physinfo",
	[XEN_SYSCTL_sched_id] = "sched_id",
	[XEN_SYSCTL_getdomaininfolist] = "getdomaininfolist",
	[XEN_SYSCTL_debug_keys] = "debug_keys",
	[XEN_SYSCTL_cputopoinfo] = "cputopoinfo",
	[XEN_SYSCTL_numainfo] = "numainfo",
	[XEN_SYSCTL_cpupool_op] = "cpupool_op",
	[XEN_SYSCTL_scheduler_op] = "scheduler_op",
};

static const char *op_name(const char *const *tab, size_t n, uint32_t cmd, char *buf, size_t len)
{
	if (cmd < n && tab[cmd])
		return tab[cmd];
	snprintf(buf, len, "op %u", cmd);
	return buf;
}

/* Prepare the domctl envelope for @cmd on @domid */
static struct xen_domctl *domctl_begin(struct xctrl *x, uint32_t cmd, domid_t domid)
{
	struct xen_domctl *d = &x->env->domctl;

	memset(d, 0, sizeof(*d));
	d->cmd = cmd;
	d->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	d->domain = domid;
	return d;
}

/* Issue the prepared domctl; on failure the message is "<name> d<N>: <reason>" */
static int domctl_do(struct xctrl *x)
{
	struct xen_domctl *d = &x->env->domctl;
	char what[64], nb[16];
	long rc;
	uint32_t cmd = d->cmd;
	domid_t domid = d->domain;

	rc = xcall_hypercall(x->xc, __HYPERVISOR_domctl, (uint64_t)(uintptr_t)d, 0, 0, 0, 0);
	if (rc >= 0)
		return (int)rc;
	snprintf(what, sizeof(what), "%s d%u",
		 op_name(domctl_names, sizeof(domctl_names) / sizeof(domctl_names[0]), cmd, nb,
			 sizeof(nb)),
		 domid);
	return fail(x, rc, what);
}

static struct xen_sysctl *sysctl_begin(struct xctrl *x, uint32_t cmd)
{
	struct xen_sysctl *s = &x->env->sysctl;

	memset(s, 0, sizeof(*s));
	s->cmd = cmd;
	s->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return s;
}

static int sysctl_do(struct xctrl *x)
{
	struct xen_sysctl *s = &x->env->sysctl;
	char what[64], nb[16];
	long rc;
	uint32_t cmd = s->cmd;

	rc = xcall_hypercall(x->xc, __HYPERVISOR_sysctl, (uint64_t)(uintptr_t)s, 0, 0, 0, 0);
	if (rc >= 0)
		return (int)rc;
	snprintf(what, sizeof(what), "sysctl %s",
		 op_name(sysctl_names, sizeof(sysctl_names) / sizeof(sysctl_names[0]), cmd, nb,
			 sizeof(nb)));
	return fail(x, rc, what);
}

/* A hypercall buffer of @len bytes, with the failure recorded */
static void *bounce(struct xctrl *x, size_t len, const char *what)
{
	void *p = xcall_alloc(x->xc, len);

	if (!p)
		xctrl_set_error(x, ENOMEM, "%s: cannot allocate a %zu-byte hypercall buffer", what,
				len);
	return p;
}

/* ------------------------------------------------------------------ sysctl */

/** xctrl_physinfo - XEN_SYSCTL_physinfo */
int xctrl_physinfo(struct xctrl *x, struct xen_sysctl_physinfo *out)
{
	struct xen_sysctl *s = sysctl_begin(x, XEN_SYSCTL_physinfo);
	int rc = sysctl_do(x);

	if (rc < 0)
		return rc;
	*out = s->u.physinfo;
	return 0;
}

/** xctrl_sched_id - XEN_SYSCTL_sched_id */
int xctrl_sched_id(struct xctrl *x, uint32_t *sched_id)
{
	struct xen_sysctl *s = sysctl_begin(x, XEN_SYSCTL_sched_id);
	int rc = sysctl_do(x);

	if (rc < 0)
		return rc;
	*sched_id = s->u.sched_id.sched_id;
	return 0;
}

/** xctrl_domain_list - XEN_SYSCTL_getdomaininfolist from @first, at most @max records */
int xctrl_domain_list(struct xctrl *x, domid_t first, struct xen_domctl_getdomaininfo *out,
		      unsigned int max)
{
	size_t len = (size_t)max * sizeof(*out);
	struct xen_domctl_getdomaininfo *buf;
	struct xen_sysctl *s;
	int rc;

	if (max == 0)
		return 0;
	buf = bounce(x, len, "sysctl getdomaininfolist");
	if (!buf)
		return -ENOMEM;
	s = sysctl_begin(x, XEN_SYSCTL_getdomaininfolist);
	s->u.getdomaininfolist.first_domain = first;
	s->u.getdomaininfolist.max_domains = max;
	set_xen_guest_handle(s->u.getdomaininfolist.buffer, buf);
	rc = sysctl_do(x);
	if (rc >= 0) {
		uint32_t n = s->u.getdomaininfolist.num_domains;

		if (n > max) {
			rc = xctrl_set_error(x, EIO,
					     "sysctl getdomaininfolist: hypervisor returned %u "
					     "records for a buffer of %u",
					     n, max);
		} else {
			memcpy(out, buf, n * sizeof(*out));
			rc = (int)n;
		}
	}
	xcall_free(x->xc, buf, len);
	return rc;
}

/** xctrl_readconsole - XEN_SYSCTL_readconsole, incremental from *index */
int xctrl_readconsole(struct xctrl *x, bool clear, uint32_t *index, char *out, uint32_t *count)
{
	size_t len = *count;
	struct xen_sysctl *s;
	char *buf;
	int rc;

	buf = bounce(x, len, "sysctl readconsole");
	if (!buf)
		return -ENOMEM;
	s = sysctl_begin(x, XEN_SYSCTL_readconsole);
	s->u.readconsole.clear = clear;
	s->u.readconsole.incremental = 1;
	s->u.readconsole.index = *index;
	s->u.readconsole.count = *count;
	set_xen_guest_handle(s->u.readconsole.buffer, buf);
	rc = sysctl_do(x);
	if (rc >= 0) {
		if (s->u.readconsole.count > len) {
			rc = xctrl_set_error(x, EIO,
					     "sysctl readconsole: hypervisor returned %u bytes "
					     "for a buffer of %zu",
					     s->u.readconsole.count, len);
		} else {
			memcpy(out, buf, s->u.readconsole.count);
			*count = s->u.readconsole.count;
			*index = s->u.readconsole.index;
			rc = 0;
		}
	}
	xcall_free(x->xc, buf, len);
	return rc;
}

/** xctrl_debug_keys - XEN_SYSCTL_debug_keys: "press" each key of @keys */
int xctrl_debug_keys(struct xctrl *x, const char *keys)
{
	size_t len = strlen(keys);
	struct xen_sysctl *s;
	char *buf;
	int rc;

	buf = bounce(x, len + 1, "sysctl debug_keys");
	if (!buf)
		return -ENOMEM;
	memcpy(buf, keys, len);
	s = sysctl_begin(x, XEN_SYSCTL_debug_keys);
	set_xen_guest_handle(s->u.debug_keys.keys, buf);
	s->u.debug_keys.nr_keys = (uint32_t)len;
	rc = sysctl_do(x);
	xcall_free(x->xc, buf, len + 1);
	return rc < 0 ? rc : 0;
}

/** xctrl_tbuf_op - XEN_SYSCTL_tbuf_op @cmd with @op's IN fields; @op gets the OUT ones */
int xctrl_tbuf_op(struct xctrl *x, uint32_t cmd, struct xen_sysctl_tbuf_op *op)
{
	struct xen_sysctl *s = sysctl_begin(x, XEN_SYSCTL_tbuf_op);
	int rc;

	s->u.tbuf_op = *op;
	s->u.tbuf_op.cmd = cmd;
	rc = sysctl_do(x);
	if (rc < 0)
		return rc;
	*op = s->u.tbuf_op;
	return 0;
}

/** xctrl_tbuf_set_cpu_mask - XEN_SYSCTL_TBUFOP_set_cpu_mask for the first 64 CPUs */
int xctrl_tbuf_set_cpu_mask(struct xctrl *x, uint64_t cpus)
{
	struct xen_sysctl *s;
	uint8_t *map = bounce(x, 8, "sysctl tbuf_op set_cpu_mask");
	int rc;

	if (!map)
		return -ENOMEM;
	for (int i = 0; i < 8; i++)
		map[i] = (uint8_t)(cpus >> (8 * i));
	s = sysctl_begin(x, XEN_SYSCTL_tbuf_op);
	s->u.tbuf_op.cmd = XEN_SYSCTL_TBUFOP_set_cpu_mask;
	set_xen_guest_handle(s->u.tbuf_op.cpu_mask.bitmap, map);
	s->u.tbuf_op.cpu_mask.nr_bits = 64;
	rc = sysctl_do(x);
	xcall_free(x->xc, map, 8);
	return rc < 0 ? rc : 0;
}

/** xctrl_cpupool_freecpus - XEN_SYSCTL_cpupool_op FREEINFO: CPUs in no pool */
int xctrl_cpupool_freecpus(struct xctrl *x, uint32_t nr_cpus, uint32_t *free_cpus)
{
	size_t len = (nr_cpus + 7) / 8 + 8, i;
	struct xen_sysctl *s;
	uint8_t *map;
	int rc;

	map = bounce(x, len, "sysctl cpupool_op freeinfo");
	if (!map)
		return -ENOMEM;
	s = sysctl_begin(x, XEN_SYSCTL_cpupool_op);
	s->u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_FREEINFO;
	set_xen_guest_handle(s->u.cpupool_op.cpumap.bitmap, map);
	s->u.cpupool_op.cpumap.nr_bits = (uint32_t)(len * 8);
	rc = sysctl_do(x);
	if (rc >= 0) {
		*free_cpus = 0;
		for (i = 0; i < len; i++)
			*free_cpus += (uint32_t)__builtin_popcount(map[i]);
		rc = 0;
	}
	xcall_free(x->xc, map, len);
	return rc;
}

/** xctrl_numa_nodes - XEN_SYSCTL_numainfo with NULL handles: the node count */
int xctrl_numa_nodes(struct xctrl *x, uint32_t *nodes)
{
	struct xen_sysctl *s = sysctl_begin(x, XEN_SYSCTL_numainfo);
	int rc = sysctl_do(x);

	if (rc < 0)
		return rc;
	*nodes = s->u.numainfo.num_nodes;
	return 0;
}

/* ------------------------------------------------------------------ domctl */

/** xctrl_domain_info - XEN_DOMCTL_getdomaininfo for exactly @domid */
int xctrl_domain_info(struct xctrl *x, domid_t domid, struct xen_domctl_getdomaininfo *out)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_getdomaininfo, domid);
	int rc = domctl_do(x);

	if (rc < 0)
		return rc;
	/* The hypervisor answers with the first domain whose id is >= domid */
	if (d->u.getdomaininfo.domain != domid)
		return xctrl_set_error(x, ESRCH, "getdomaininfo d%u: no such domain", domid);
	*out = d->u.getdomaininfo;
	return 0;
}

/** xctrl_domain_create - XEN_DOMCTL_createdomain (new domain is paused, without vCPUs) */
int xctrl_domain_create(struct xctrl *x, domid_t *domid, struct xen_domctl_createdomain *cfg)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_createdomain, *domid);
	int rc;

	d->u.createdomain = *cfg;
	rc = domctl_do(x);
	if (rc < 0)
		return rc;
	if (d->domain == 0 || d->domain >= DOMID_FIRST_RESERVED)
		return xctrl_set_error(x, EIO, "createdomain: hypervisor returned domain id %u",
				       d->domain);
	*domid = d->domain;
	*cfg = d->u.createdomain;
	return 0;
}

static int simple_domctl(struct xctrl *x, uint32_t cmd, domid_t domid)
{
	int rc;

	domctl_begin(x, cmd, domid);
	rc = domctl_do(x);
	return rc < 0 ? rc : 0;
}

/** xctrl_domain_destroy - XEN_DOMCTL_destroydomain */
int xctrl_domain_destroy(struct xctrl *x, domid_t domid)
{
	return simple_domctl(x, XEN_DOMCTL_destroydomain, domid);
}

/** xctrl_domain_pause - XEN_DOMCTL_pausedomain */
int xctrl_domain_pause(struct xctrl *x, domid_t domid)
{
	return simple_domctl(x, XEN_DOMCTL_pausedomain, domid);
}

/** xctrl_domain_unpause - XEN_DOMCTL_unpausedomain */
int xctrl_domain_unpause(struct xctrl *x, domid_t domid)
{
	return simple_domctl(x, XEN_DOMCTL_unpausedomain, domid);
}

/** xctrl_max_vcpus - XEN_DOMCTL_max_vcpus: allocate the domain's vCPUs */
int xctrl_max_vcpus(struct xctrl *x, domid_t domid, uint32_t max)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_max_vcpus, domid);
	int rc;

	d->u.max_vcpus.max = max;
	rc = domctl_do(x);
	return rc < 0 ? rc : 0;
}

/** xctrl_max_mem - XEN_DOMCTL_max_mem (KiB) */
int xctrl_max_mem(struct xctrl *x, domid_t domid, uint64_t max_kib)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_max_mem, domid);
	int rc;

	d->u.max_mem.max_memkb = max_kib;
	rc = domctl_do(x);
	return rc < 0 ? rc : 0;
}

/** xctrl_set_address_size - XEN_DOMCTL_set_address_size (64 for AArch64 guests) */
int xctrl_set_address_size(struct xctrl *x, domid_t domid, uint32_t bits)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_set_address_size, domid);
	int rc;

	d->u.address_size.size = bits;
	rc = domctl_do(x);
	return rc < 0 ? rc : 0;
}

/** xctrl_setnodeaffinity_all - XEN_DOMCTL_setnodeaffinity with all @nodes set */
int xctrl_setnodeaffinity_all(struct xctrl *x, domid_t domid, uint32_t nodes)
{
	size_t len = (nodes + 7) / 8;
	struct xen_domctl *d;
	uint8_t *map;
	int rc;

	if (len == 0)
		len = 1;
	map = bounce(x, len, "setnodeaffinity");
	if (!map)
		return -ENOMEM;
	memset(map, 0xff, len);
	d = domctl_begin(x, XEN_DOMCTL_setnodeaffinity, domid);
	set_xen_guest_handle(d->u.nodeaffinity.nodemap.bitmap, map);
	d->u.nodeaffinity.nodemap.nr_bits = nodes ? nodes : 1;
	rc = domctl_do(x);
	xcall_free(x->xc, map, len);
	return rc < 0 ? rc : 0;
}

/** xctrl_cacheflush - XEN_DOMCTL_cacheflush of @count GFNs from @start */
int xctrl_cacheflush(struct xctrl *x, domid_t domid, xen_pfn_t start, uint64_t count)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_cacheflush, domid);
	int rc;

	d->u.cacheflush.start_pfn = start;
	d->u.cacheflush.nr_pfns = count;
	rc = domctl_do(x);
	return rc < 0 ? rc : 0;
}

/** xctrl_set_paging_mempool_size - XEN_DOMCTL_set_paging_mempool_size (bytes) */
int xctrl_set_paging_mempool_size(struct xctrl *x, domid_t domid, uint64_t bytes)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_set_paging_mempool_size, domid);
	int rc;

	d->u.paging_mempool.size = bytes;
	rc = domctl_do(x);
	return rc < 0 ? rc : 0;
}

/** xctrl_setdomainhandle - XEN_DOMCTL_setdomainhandle (the domain's UUID) */
int xctrl_setdomainhandle(struct xctrl *x, domid_t domid, const uint8_t handle[16])
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_setdomainhandle, domid);
	int rc;

	memcpy(d->u.setdomainhandle.handle, handle, 16);
	rc = domctl_do(x);
	return rc < 0 ? rc : 0;
}

static int vcpucontext(struct xctrl *x, uint32_t cmd, domid_t domid, uint32_t vcpu,
		       struct vcpu_guest_context *ctx)
{
	struct vcpu_guest_context *buf;
	struct xen_domctl *d;
	int rc;

	buf = bounce(x, sizeof(*buf), domctl_names[cmd]);
	if (!buf)
		return -ENOMEM;
	if (cmd == XEN_DOMCTL_setvcpucontext)
		*buf = *ctx;
	d = domctl_begin(x, cmd, domid);
	d->u.vcpucontext.vcpu = vcpu;
	set_xen_guest_handle(d->u.vcpucontext.ctxt, buf);
	rc = domctl_do(x);
	if (rc >= 0 && cmd == XEN_DOMCTL_getvcpucontext)
		*ctx = *buf;
	xcall_free(x->xc, buf, sizeof(*buf));
	return rc < 0 ? rc : 0;
}

/** xctrl_setvcpucontext - XEN_DOMCTL_setvcpucontext */
int xctrl_setvcpucontext(struct xctrl *x, domid_t domid, uint32_t vcpu,
			 const struct vcpu_guest_context *ctx)
{
	return vcpucontext(x, XEN_DOMCTL_setvcpucontext, domid, vcpu,
			   (struct vcpu_guest_context *)(uintptr_t)ctx);
}

/** xctrl_getvcpucontext - XEN_DOMCTL_getvcpucontext */
int xctrl_getvcpucontext(struct xctrl *x, domid_t domid, uint32_t vcpu,
			 struct vcpu_guest_context *ctx)
{
	return vcpucontext(x, XEN_DOMCTL_getvcpucontext, domid, vcpu, ctx);
}

/* get/setvcpuaffinity: @flags says which masks; both are copied back */
static int vcpuaffinity(struct xctrl *x, uint32_t cmd, domid_t domid, uint32_t vcpu,
			uint32_t flags, uint64_t *hard, uint64_t *soft)
{
	uint64_t *maps = bounce(x, 2 * sizeof(uint64_t), domctl_names[cmd]);
	struct xen_domctl *d;
	int rc;

	if (!maps)
		return -ENOMEM;
	maps[0] = *hard;
	maps[1] = *soft;
	d = domctl_begin(x, cmd, domid);
	d->u.vcpuaffinity.vcpu = vcpu;
	d->u.vcpuaffinity.flags = flags;
	set_xen_guest_handle(d->u.vcpuaffinity.cpumap_hard.bitmap, &maps[0]);
	d->u.vcpuaffinity.cpumap_hard.nr_bits = 64;
	set_xen_guest_handle(d->u.vcpuaffinity.cpumap_soft.bitmap, &maps[1]);
	d->u.vcpuaffinity.cpumap_soft.nr_bits = 64;
	rc = domctl_do(x);
	*hard = maps[0];
	*soft = maps[1];
	xcall_free(x->xc, maps, 2 * sizeof(uint64_t));
	return rc < 0 ? rc : 0;
}

/** xctrl_getvcpuaffinity - XEN_DOMCTL_getvcpuaffinity (hard and soft) */
int xctrl_getvcpuaffinity(struct xctrl *x, domid_t domid, uint32_t vcpu, uint64_t *hard,
			  uint64_t *soft)
{
	*hard = *soft = 0;
	return vcpuaffinity(x, XEN_DOMCTL_getvcpuaffinity, domid, vcpu,
			    XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT, hard, soft);
}

/** xctrl_getvcpuinfo - XEN_DOMCTL_getvcpuinfo */
int xctrl_getvcpuinfo(struct xctrl *x, domid_t domid, uint32_t vcpu,
		      struct xen_domctl_getvcpuinfo *out)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_getvcpuinfo, domid);
	int rc;

	d->u.getvcpuinfo.vcpu = vcpu;
	rc = domctl_do(x);
	if (rc < 0)
		return rc;
	*out = d->u.getvcpuinfo;
	return 0;
}

/* ---------------------------------------------- memory, hvm, evtchn, version */

/** xctrl_populate_physmap - XENMEM_populate_physmap for another domain */
int xctrl_populate_physmap(struct xctrl *x, domid_t domid, uint64_t count, uint32_t order,
			   const xen_pfn_t *gfns)
{
	struct {
		struct xen_memory_reservation r;
		xen_pfn_t gfns[];
	} *buf;
	size_t len = sizeof(*buf) + count * sizeof(xen_pfn_t);
	long rc;

	buf = bounce(x, len, "populate_physmap");
	if (!buf)
		return -ENOMEM;
	memcpy(buf->gfns, gfns, count * sizeof(xen_pfn_t));
	set_xen_guest_handle(buf->r.extent_start, buf->gfns);
	buf->r.nr_extents = count;
	buf->r.extent_order = order;
	buf->r.domid = domid;
	rc = xcall_hypercall(x->xc, __HYPERVISOR_memory_op, XENMEM_populate_physmap,
			     (uint64_t)(uintptr_t)&buf->r, 0, 0, 0);
	xcall_free(x->xc, buf, len);
	if (rc < 0) {
		char what[96];

		snprintf(what, sizeof(what), "memory_op populate_physmap d%u gfn %#llx order %u",
			 domid, (unsigned long long)gfns[0], order);
		return fail(x, rc, what);
	}
	if ((uint64_t)rc != count)
		return xctrl_set_error(x, ENOMEM,
				       "memory_op populate_physmap d%u: only %ld of %llu extents "
				       "of order %u populated (hypervisor out of memory?)",
				       domid, rc, (unsigned long long)count, order);
	return 0;
}

static int hvm_param(struct xctrl *x, int op, domid_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param *p = bounce(x, sizeof(*p), "hvm_op param");
	long rc;

	if (!p)
		return -ENOMEM;
	p->domid = domid;
	p->index = index;
	p->value = *value;
	rc = xcall_hypercall(x->xc, __HYPERVISOR_hvm_op, (uint64_t)op, (uint64_t)(uintptr_t)p, 0,
			     0, 0);
	*value = p->value;
	xcall_free(x->xc, p, sizeof(*p));
	if (rc < 0) {
		char what[64];

		snprintf(what, sizeof(what), "hvm_op %s_param d%u index %u",
			 op == HVMOP_set_param ? "set" : "get", domid, index);
		return fail(x, rc, what);
	}
	return 0;
}

/** xctrl_hvm_param_set - HVMOP_set_param on @domid */
int xctrl_hvm_param_set(struct xctrl *x, domid_t domid, uint32_t index, uint64_t value)
{
	return hvm_param(x, HVMOP_set_param, domid, index, &value);
}

/** xctrl_hvm_param_get - HVMOP_get_param on @domid */
int xctrl_hvm_param_get(struct xctrl *x, domid_t domid, uint32_t index, uint64_t *value)
{
	*value = 0;
	return hvm_param(x, HVMOP_get_param, domid, index, value);
}

/** xctrl_evtchn_alloc_unbound - EVTCHNOP_alloc_unbound {dom=@domid, remote_dom=@remote} */
int xctrl_evtchn_alloc_unbound(struct xctrl *x, domid_t domid, domid_t remote, uint32_t *port)
{
	struct evtchn_alloc_unbound *a = bounce(x, sizeof(*a), "evtchn alloc_unbound");
	long rc;

	if (!a)
		return -ENOMEM;
	a->dom = domid;
	a->remote_dom = remote;
	rc = xcall_hypercall(x->xc, __HYPERVISOR_event_channel_op, EVTCHNOP_alloc_unbound,
			     (uint64_t)(uintptr_t)a, 0, 0, 0);
	*port = a->port;
	xcall_free(x->xc, a, sizeof(*a));
	if (rc < 0) {
		char what[64];

		snprintf(what, sizeof(what), "evtchn alloc_unbound d%u remote d%u", domid, remote);
		return fail(x, rc, what);
	}
	return 0;
}

/** xctrl_version - XENVER_version */
int xctrl_version(struct xctrl *x, uint32_t *version)
{
	long rc = xcall_hypercall(x->xc, __HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);

	if (rc < 0)
		return fail(x, rc, "xen_version version");
	*version = (uint32_t)rc;
	return 0;
}

/** xctrl_version_string - a string sub-op of xen_version into @buf (NUL-terminated) */
int xctrl_version_string(struct xctrl *x, int cmd, char *out, size_t len)
{
	size_t size;
	char *buf;
	long rc;

	switch (cmd) {
	case XENVER_extraversion: size = XEN_EXTRAVERSION_LEN; break;
	case XENVER_capabilities: size = XEN_CAPABILITIES_INFO_LEN; break;
	case XENVER_changeset: size = XEN_CHANGESET_INFO_LEN; break;
	case XENVER_commandline: size = XEN_COMMANDLINE_LEN; break;
	default: return xctrl_set_error(x, EINVAL, "xen_version %d: not a string sub-op", cmd);
	}
	buf = bounce(x, size, "xen_version");
	if (!buf)
		return -ENOMEM;
	rc = xcall_hypercall(x->xc, __HYPERVISOR_xen_version, (uint64_t)cmd,
			     (uint64_t)(uintptr_t)buf, 0, 0, 0);
	if (rc >= 0 && len) {
		size_t n = strnlen(buf, size);

		if (n >= len)
			n = len - 1;
		memcpy(out, buf, n);
		out[n] = '\0';
	}
	xcall_free(x->xc, buf, size);
	if (rc < 0) {
		char what[32];

		snprintf(what, sizeof(what), "xen_version %d", cmd);
		return fail(x, rc, what);
	}
	return 0;
}

/** xctrl_compile_info - XENVER_compile_info */
int xctrl_compile_info(struct xctrl *x, struct xen_compile_info *out)
{
	struct xen_compile_info *buf = bounce(x, sizeof(*buf), "xen_version compile_info");
	long rc;

	if (!buf)
		return -ENOMEM;
	rc = xcall_hypercall(x->xc, __HYPERVISOR_xen_version, XENVER_compile_info,
			     (uint64_t)(uintptr_t)buf, 0, 0, 0);
	*out = *buf;
	xcall_free(x->xc, buf, sizeof(*buf));
	if (rc < 0)
		return fail(x, rc, "xen_version compile_info");
	/* The hypervisor's strings need not be terminated */
	out->compiler[sizeof(out->compiler) - 1] = '\0';
	out->compile_by[sizeof(out->compile_by) - 1] = '\0';
	out->compile_domain[sizeof(out->compile_domain) - 1] = '\0';
	out->compile_date[sizeof(out->compile_date) - 1] = '\0';
	return 0;
}

/** xctrl_version_raw - xen_version @cmd with a bounced @len-byte argument */
long xctrl_version_raw(struct xctrl *x, int cmd, void *arg, size_t len)
{
	void *buf = NULL;
	long rc;

	if (arg) {
		buf = bounce(x, len, "xen_version");
		if (!buf)
			return -ENOMEM;
		memcpy(buf, arg, len);
	}
	rc = xcall_hypercall(x->xc, __HYPERVISOR_xen_version, (uint64_t)cmd,
			     (uint64_t)(uintptr_t)buf, 0, 0, 0);
	if (arg) {
		memcpy(arg, buf, len);
		xcall_free(x->xc, buf, len);
	}
	if (rc < 0) {
		char what[32];

		snprintf(what, sizeof(what), "xen_version %d", cmd);
		return fail(x, rc, what);
	}
	return rc;
}

/* ------------------------------------------------------ guest debugging */

/** xctrl_setdebugging - XEN_DOMCTL_setdebugging: trap the domain's debug exceptions */
int xctrl_setdebugging(struct xctrl *x, domid_t domid, bool enable)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_setdebugging, domid);
	int rc;

	d->u.setdebugging.enable = enable;
	rc = domctl_do(x);
	return rc < 0 ? rc : 0;
}

/** xctrl_single_step - XEN_DOMCTL_debug_op: single-step @vcpu on or off */
int xctrl_single_step(struct xctrl *x, domid_t domid, uint32_t vcpu, bool on)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_debug_op, domid);
	int rc;

	d->u.debug_op.op = on ? XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_ON :
				XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_OFF;
	d->u.debug_op.vcpu = vcpu;
	rc = domctl_do(x);
	if (rc < 0)
		return xctrl_set_error(x, rc, "debug_op d%u: single-step %s for vCPU %u: %s", domid,
				       on ? "on" : "off", vcpu, xctrl_strerror(rc));
	return 0;
}

/** xctrl_guest_memio - XEN_DOMCTL_gdbsx_guestmemio: read or write guest virtual memory */
int xctrl_guest_memio(struct xctrl *x, domid_t domid, uint64_t gva, void *buf, uint32_t len,
		      bool write, uint32_t *remain)
{
	struct xen_domctl *d;
	void *b;
	int rc;

	b = bounce(x, len ? len : 1, "gdbsx_guestmemio");
	if (!b)
		return -ENOMEM;
	if (write)
		memcpy(b, buf, len);
	d = domctl_begin(x, XEN_DOMCTL_gdbsx_guestmemio, domid);
	d->u.gdbsx_guest_memio.gva = gva;
	d->u.gdbsx_guest_memio.uva = (uint64_t)(uintptr_t)b;
	d->u.gdbsx_guest_memio.len = len;
	d->u.gdbsx_guest_memio.gwr = write;
	rc = domctl_do(x);
	*remain = rc < 0 && rc != -EFAULT ? len : d->u.gdbsx_guest_memio.remain;
	if (*remain > len)
		*remain = len;
	if (!write)
		memcpy(buf, b, len - *remain);
	xcall_free(x->xc, b, len ? len : 1);
	if (rc < 0)
		return xctrl_set_error(x, rc, "gdbsx_guestmemio d%u: %s %u bytes at guest VA %#llx: %s%s",
				       domid, write ? "writing" : "reading", len,
				       (unsigned long long)gva,
				       rc == -EFAULT ? "not mapped in the guest's page tables" :
						       xctrl_strerror(rc),
				       rc == -EFAULT ? " (-EFAULT)" : "");
	return 0;
}

/** xctrl_gdbsx_domstatus - XEN_DOMCTL_gdbsx_domstatus: paused? which vCPU stopped, why */
int xctrl_gdbsx_domstatus(struct xctrl *x, domid_t domid, struct xen_domctl_gdbsx_domstatus *out)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_gdbsx_domstatus, domid);
	int rc = domctl_do(x);

	if (rc < 0)
		return xctrl_set_error(x, rc, "gdbsx_domstatus d%u: %s", domid, xctrl_strerror(rc));
	*out = d->u.gdbsx_domstatus;
	return 0;
}

/* ------------------------------------------------ cpupools and scheduling */

static int cpupool_simple(struct xctrl *x, uint32_t op, uint32_t pool, uint32_t cpu,
			  uint32_t domid)
{
	struct xen_sysctl *s = sysctl_begin(x, XEN_SYSCTL_cpupool_op);

	s->u.cpupool_op.op = op;
	s->u.cpupool_op.cpupool_id = pool;
	s->u.cpupool_op.cpu = cpu;
	s->u.cpupool_op.domid = domid;
	return sysctl_do(x);
}

/** xctrl_cpupool_create - cpupool_op CREATE with scheduler @sched_id */
int xctrl_cpupool_create(struct xctrl *x, uint32_t *pool, uint32_t sched_id)
{
	struct xen_sysctl *s = sysctl_begin(x, XEN_SYSCTL_cpupool_op);
	int rc;

	s->u.cpupool_op.op = XEN_SYSCTL_CPUPOOL_OP_CREATE;
	s->u.cpupool_op.cpupool_id = *pool;
	s->u.cpupool_op.sched_id = sched_id;
	rc = sysctl_do(x);
	if (rc < 0)
		return rc;
	*pool = s->u.cpupool_op.cpupool_id;
	return 0;
}

int xctrl_cpupool_destroy(struct xctrl *x, uint32_t pool)
{
	int rc = cpupool_simple(x, XEN_SYSCTL_CPUPOOL_OP_DESTROY, pool, 0, 0);

	return rc < 0 ? rc : 0;
}

int xctrl_cpupool_addcpu(struct xctrl *x, uint32_t pool, uint32_t cpu)
{
	int rc = cpupool_simple(x, XEN_SYSCTL_CPUPOOL_OP_ADDCPU, pool, cpu, 0);

	return rc < 0 ? rc : 0;
}

int xctrl_cpupool_rmcpu(struct xctrl *x, uint32_t pool, uint32_t cpu)
{
	int rc = cpupool_simple(x, XEN_SYSCTL_CPUPOOL_OP_RMCPU, pool, cpu, 0);

	return rc < 0 ? rc : 0;
}

int xctrl_cpupool_movedomain(struct xctrl *x, uint32_t pool, domid_t domid)
{
	int rc = cpupool_simple(x, XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN, pool, 0, domid);

	return rc < 0 ? rc : 0;
}

/* INFO or FREEINFO with a 64-bit CPU map */
static int cpupool_map(struct xctrl *x, uint32_t op, uint32_t pool,
		       struct xen_sysctl_cpupool_op *out, uint64_t *cpus)
{
	uint64_t *map = bounce(x, sizeof(*map), "sysctl cpupool_op");
	struct xen_sysctl *s;
	int rc;

	if (!map)
		return -ENOMEM;
	*map = 0;
	s = sysctl_begin(x, XEN_SYSCTL_cpupool_op);
	s->u.cpupool_op.op = op;
	s->u.cpupool_op.cpupool_id = pool;
	set_xen_guest_handle(s->u.cpupool_op.cpumap.bitmap, map);
	s->u.cpupool_op.cpumap.nr_bits = 64;
	rc = sysctl_do(x);
	if (rc >= 0) {
		if (out)
			*out = s->u.cpupool_op;
		*cpus = *map;
		rc = 0;
	}
	xcall_free(x->xc, map, sizeof(*map));
	return rc;
}

/** xctrl_cpupool_getinfo - cpupool_op INFO (first pool >= @pool) with its CPUs */
int xctrl_cpupool_getinfo(struct xctrl *x, uint32_t pool, struct xen_sysctl_cpupool_op *out,
			  uint64_t *cpus)
{
	return cpupool_map(x, XEN_SYSCTL_CPUPOOL_OP_INFO, pool, out, cpus);
}

/** xctrl_cpupool_freemap - cpupool_op FREEINFO as a mask */
int xctrl_cpupool_freemap(struct xctrl *x, uint64_t *cpus)
{
	return cpupool_map(x, XEN_SYSCTL_CPUPOOL_OP_FREEINFO, 0, NULL, cpus);
}

/** xctrl_sched_pool_op - sysctl scheduler_op (credit2 ratelimit, arinc653 schedule) */
int xctrl_sched_pool_op(struct xctrl *x, struct xen_sysctl_scheduler_op *op, void *buf,
			size_t len)
{
	void *b = NULL;
	struct xen_sysctl *s;
	int rc;

	if (buf) {
		b = bounce(x, len, "sysctl scheduler_op");
		if (!b)
			return -ENOMEM;
		memcpy(b, buf, len);
	}
	s = sysctl_begin(x, XEN_SYSCTL_scheduler_op);
	s->u.scheduler_op = *op;
	if (b)
		set_xen_guest_handle(s->u.scheduler_op.u.sched_arinc653.schedule, b);
	rc = sysctl_do(x);
	if (rc >= 0) {
		*op = s->u.scheduler_op;
		if (b)
			memcpy(buf, b, len);
		rc = 0;
	}
	if (b)
		xcall_free(x->xc, b, len);
	return rc;
}

/** xctrl_setvcpuaffinity - XEN_DOMCTL_setvcpuaffinity */
int xctrl_setvcpuaffinity(struct xctrl *x, domid_t domid, uint32_t vcpu, uint32_t flags,
			  uint64_t hard, uint64_t soft)
{
	return vcpuaffinity(x, XEN_DOMCTL_setvcpuaffinity, domid, vcpu, flags, &hard, &soft);
}

/** xctrl_sched_domain_op - domctl scheduler_op put/getinfo */
int xctrl_sched_domain_op(struct xctrl *x, domid_t domid, struct xen_domctl_scheduler_op *op)
{
	struct xen_domctl *d = domctl_begin(x, XEN_DOMCTL_scheduler_op, domid);
	int rc;

	d->u.scheduler_op = *op;
	rc = domctl_do(x);
	if (rc < 0)
		return rc;
	*op = d->u.scheduler_op;
	return 0;
}

/** xctrl_sched_vcpu_op - domctl scheduler_op put/getvcpuinfo for @n vCPUs */
int xctrl_sched_vcpu_op(struct xctrl *x, domid_t domid, uint32_t sched_id, uint32_t cmd,
			struct xen_domctl_schedparam_vcpu *v, uint32_t n)
{
	size_t len = n * sizeof(*v);
	struct xen_domctl_schedparam_vcpu *b = bounce(x, len ? len : 1, "scheduler_op");
	struct xen_domctl *d;
	int rc;

	if (!b)
		return -ENOMEM;
	memcpy(b, v, len);
	d = domctl_begin(x, XEN_DOMCTL_scheduler_op, domid);
	d->u.scheduler_op.sched_id = sched_id;
	d->u.scheduler_op.cmd = cmd;
	set_xen_guest_handle(d->u.scheduler_op.u.v.vcpus, b);
	d->u.scheduler_op.u.v.nr_vcpus = n;
	rc = domctl_do(x);
	if (rc >= 0) {
		memcpy(v, b, len);
		rc = 0;
	}
	xcall_free(x->xc, b, len ? len : 1);
	return rc;
}
