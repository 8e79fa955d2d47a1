/* SPDX-License-Identifier: MIT */
/*
 * xctrl - the toolstack's control operations (the counterpart of Xen's
 * libxenctrl): domctl and sysctl wrappers plus the memory_op / hvm_op /
 * event_channel_op / xen_version calls a domain builder needs.
 *
 * Every function returns >= 0 on success and -errno on failure; on failure
 * xctrl_error() holds one line naming the operation, the domain and the
 * check that failed, e.g. "getdomaininfo d7: no such domain" or
 * "sysctl physinfo: not implemented by the hypervisor (-ENOSYS)".
 * Handles are not thread-safe.
 */
#ifndef TOOLS_XCTRL_H
#define TOOLS_XCTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/version.h>

#include "xcall.h"

struct xctrl;

struct xctrl *xctrl_open(void); /* NULL + errno if privcmd is missing */
struct xctrl *xctrl_open_call(struct xcall *xc); /* takes ownership of @xc */
void xctrl_close(struct xctrl *x);
struct xcall *xctrl_call(struct xctrl *x);
const char *xctrl_error(const struct xctrl *x);
/* Record a caller-side error in the same place (returns -@err) */
int xctrl_set_error(struct xctrl *x, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Human-readable reason for a hypervisor error (no operation name) */
const char *xctrl_strerror(int err);

/* ------------------------------------------------------------- sysctl */
int xctrl_physinfo(struct xctrl *x, struct xen_sysctl_physinfo *out);
int xctrl_sched_id(struct xctrl *x, uint32_t *sched_id);
/* Up to @max records of domains with id >= @first; returns the count */
int xctrl_domain_list(struct xctrl *x, domid_t first, struct xen_domctl_getdomaininfo *out,
		      unsigned int max);
/* Incremental console read: *index in/out, *count in = size, out = bytes */
int xctrl_readconsole(struct xctrl *x, bool clear, uint32_t *index, char *buf, uint32_t *count);
int xctrl_debug_keys(struct xctrl *x, const char *keys);
/* XEN_SYSCTL_tbuf_op @cmd (XEN_SYSCTL_TBUFOP_*): IN fields from @op, OUT fields to @op */
int xctrl_tbuf_op(struct xctrl *x, uint32_t cmd, struct xen_sysctl_tbuf_op *op);
/* XEN_SYSCTL_TBUFOP_set_cpu_mask with a mask of the first 64 CPUs */
int xctrl_tbuf_set_cpu_mask(struct xctrl *x, uint64_t cpus);
/* Number of CPUs in no cpupool (op FREEINFO), of at most @nr_cpus */
int xctrl_cpupool_freecpus(struct xctrl *x, uint32_t nr_cpus, uint32_t *free_cpus);
/* Number of NUMA nodes (numainfo with NULL handles) */
int xctrl_numa_nodes(struct xctrl *x, uint32_t *nodes);

/* cpupools (sysctl cpupool_op) with their CPUs as masks of the first 64 */
/* *pool in: an id or XEN_SYSCTL_CPUPOOL_PAR_ANY; out: the new pool's id */
int xctrl_cpupool_create(struct xctrl *x, uint32_t *pool, uint32_t sched_id);
int xctrl_cpupool_destroy(struct xctrl *x, uint32_t pool);
/* First pool with id >= @pool, with its CPUs */
int xctrl_cpupool_getinfo(struct xctrl *x, uint32_t pool, struct xen_sysctl_cpupool_op *out,
			  uint64_t *cpus);
int xctrl_cpupool_addcpu(struct xctrl *x, uint32_t pool, uint32_t cpu);
int xctrl_cpupool_rmcpu(struct xctrl *x, uint32_t pool, uint32_t cpu);
int xctrl_cpupool_movedomain(struct xctrl *x, uint32_t pool, domid_t domid);
/* CPUs in no pool */
int xctrl_cpupool_freemap(struct xctrl *x, uint64_t *cpus);
/* Pool-wide scheduler parameters (sysctl scheduler_op): @op's cpupool_id,
 * sched_id and cmd set by the caller; @buf (@len bytes, or NULL) is what
 * u.sched_arinc653.schedule points at. */
int xctrl_sched_pool_op(struct xctrl *x, struct xen_sysctl_scheduler_op *op, void *buf,
			size_t len);

/* ------------------------------------------------------------- domctl */
/* Exactly domain @domid (getdomaininfo answers "first id >= @domid") */
int xctrl_domain_info(struct xctrl *x, domid_t domid, struct xen_domctl_getdomaininfo *out);
/* *domid in: 0 = any; out: the new domain's id. @cfg is IN/OUT. */
int xctrl_domain_create(struct xctrl *x, domid_t *domid, struct xen_domctl_createdomain *cfg);
int xctrl_domain_destroy(struct xctrl *x, domid_t domid);
int xctrl_domain_pause(struct xctrl *x, domid_t domid);
int xctrl_domain_unpause(struct xctrl *x, domid_t domid);
int xctrl_max_vcpus(struct xctrl *x, domid_t domid, uint32_t max);
int xctrl_max_mem(struct xctrl *x, domid_t domid, uint64_t max_kib);
int xctrl_set_address_size(struct xctrl *x, domid_t domid, uint32_t bits);
int xctrl_setnodeaffinity_all(struct xctrl *x, domid_t domid, uint32_t nodes);
int xctrl_cacheflush(struct xctrl *x, domid_t domid, xen_pfn_t start, uint64_t count);
int xctrl_set_paging_mempool_size(struct xctrl *x, domid_t domid, uint64_t bytes);
int xctrl_setdomainhandle(struct xctrl *x, domid_t domid, const uint8_t handle[16]);
int xctrl_setvcpucontext(struct xctrl *x, domid_t domid, uint32_t vcpu,
			 const struct vcpu_guest_context *ctx);
int xctrl_getvcpucontext(struct xctrl *x, domid_t domid, uint32_t vcpu,
			 struct vcpu_guest_context *ctx);
/* Hard and soft affinity of a vCPU, as CPU masks of the first 64 CPUs */
int xctrl_getvcpuaffinity(struct xctrl *x, domid_t domid, uint32_t vcpu, uint64_t *hard,
			  uint64_t *soft);
int xctrl_getvcpuinfo(struct xctrl *x, domid_t domid, uint32_t vcpu,
		      struct xen_domctl_getvcpuinfo *out);
/* Set the affinities named in @flags (XEN_VCPUAFFINITY_HARD/SOFT) */
int xctrl_setvcpuaffinity(struct xctrl *x, domid_t domid, uint32_t vcpu, uint32_t flags,
			  uint64_t hard, uint64_t soft);
/* Domain scheduler parameters (domctl scheduler_op put/getinfo): @op's
 * sched_id and cmd set by the caller, u filled in / returned */
int xctrl_sched_domain_op(struct xctrl *x, domid_t domid, struct xen_domctl_scheduler_op *op);
/* Per-vCPU parameters (put/getvcpuinfo) of @n vCPUs in @v (IN/OUT) */
int xctrl_sched_vcpu_op(struct xctrl *x, domid_t domid, uint32_t sched_id, uint32_t cmd,
			struct xen_domctl_schedparam_vcpu *v, uint32_t n);

/* ------------------------------------------------------ guest debugging */
/* Debug exceptions (BRK, single step) of @domid stop it for the debugger */
int xctrl_setdebugging(struct xctrl *x, domid_t domid, bool enable);
int xctrl_single_step(struct xctrl *x, domid_t domid, uint32_t vcpu, bool on);
/* Copy @len bytes at guest virtual address @gva (vCPU 0's page tables) to or
 * from @buf; *remain = bytes not copied (-EFAULT: an unmapped page) */
int xctrl_guest_memio(struct xctrl *x, domid_t domid, uint64_t gva, void *buf, uint32_t len,
		      bool write, uint32_t *remain);
int xctrl_gdbsx_domstatus(struct xctrl *x, domid_t domid, struct xen_domctl_gdbsx_domstatus *out);

/* ---------------------------------------------- memory, hvm, evtchn, version */
/* Populate @count extents of 2^@order pages at @gfns (base GFN of each) */
int xctrl_populate_physmap(struct xctrl *x, domid_t domid, uint64_t count, uint32_t order,
			   const xen_pfn_t *gfns);
int xctrl_hvm_param_set(struct xctrl *x, domid_t domid, uint32_t index, uint64_t value);
int xctrl_hvm_param_get(struct xctrl *x, domid_t domid, uint32_t index, uint64_t *value);
/* An unbound port in @domid that @remote may bind; returns it in *port */
int xctrl_evtchn_alloc_unbound(struct xctrl *x, domid_t domid, domid_t remote, uint32_t *port);
/* XENVER_version: major << 16 | minor */
int xctrl_version(struct xctrl *x, uint32_t *version);
/* String sub-ops (extraversion, capabilities, changeset, commandline), NUL-terminated */
int xctrl_version_string(struct xctrl *x, int cmd, char *buf, size_t len);
int xctrl_compile_info(struct xctrl *x, struct xen_compile_info *out);
/* Any xen_version sub-op with a @len-byte argument (NULL for none): its result */
long xctrl_version_raw(struct xctrl *x, int cmd, void *arg, size_t len);

#endif
