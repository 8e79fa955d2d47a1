/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_sysctl(struct xen_sysctl *): host-wide operations of the
 * toolstack (Xen public sysctl.h; docs xen-abi-arm64.md section 8.3).
 *
 * Only the control domain may call it; interface_version must equal
 * XEN_SYSCTL_INTERFACE_VERSION (else -XEN_EACCES); the whole 136-byte
 * envelope is copied back. Array-returning ops (numainfo, cputopoinfo,
 * getcpuinfo) accept NULL handles to report the needed element count.
 */
#ifndef XEN_PUBLIC_SYSCTL_H
#define XEN_PUBLIC_SYSCTL_H

#include "xen.h"
#include "domctl.h"
#include "physdev.h"

#define XEN_SYSCTL_INTERFACE_VERSION 0x00000015

/* ------------------------------------------------------------ sub-op numbers */

#define XEN_SYSCTL_readconsole 1
#define XEN_SYSCTL_tbuf_op 2
#define XEN_SYSCTL_physinfo 3
#define XEN_SYSCTL_sched_id 4
#define XEN_SYSCTL_perfc_op 5
#define XEN_SYSCTL_getdomaininfolist 6
#define XEN_SYSCTL_debug_keys 7
#define XEN_SYSCTL_getcpuinfo 8
#define XEN_SYSCTL_availheap 9
#define XEN_SYSCTL_get_pmstat 10
#define XEN_SYSCTL_cpu_hotplug 11
#define XEN_SYSCTL_pm_op 12
#define XEN_SYSCTL_page_offline_op 14
#define XEN_SYSCTL_lockprof_op 15
#define XEN_SYSCTL_cputopoinfo 16
#define XEN_SYSCTL_numainfo 17
#define XEN_SYSCTL_cpupool_op 18
#define XEN_SYSCTL_scheduler_op 19
#define XEN_SYSCTL_coverage_op 20
#define XEN_SYSCTL_psr_cmt_op 21
#define XEN_SYSCTL_pcitopoinfo 22
#define XEN_SYSCTL_psr_alloc 23
#define XEN_SYSCTL_get_cpu_levelling_caps 25
#define XEN_SYSCTL_get_cpu_featureset 26
#define XEN_SYSCTL_livepatch_op 27
#define XEN_SYSCTL_get_cpu_policy 29

/* ---------------------------------------------------------------- constants */

/* xen_sysctl_physinfo.capabilities */
#define _XEN_SYSCTL_PHYSCAP_hvm 0
#define XEN_SYSCTL_PHYSCAP_hvm (1u << _XEN_SYSCTL_PHYSCAP_hvm)
#define _XEN_SYSCTL_PHYSCAP_pv 1
#define XEN_SYSCTL_PHYSCAP_pv (1u << _XEN_SYSCTL_PHYSCAP_pv)
#define _XEN_SYSCTL_PHYSCAP_directio 2
#define XEN_SYSCTL_PHYSCAP_directio (1u << _XEN_SYSCTL_PHYSCAP_directio)
#define _XEN_SYSCTL_PHYSCAP_hap 3
#define XEN_SYSCTL_PHYSCAP_hap (1u << _XEN_SYSCTL_PHYSCAP_hap)
#define _XEN_SYSCTL_PHYSCAP_shadow 4
#define XEN_SYSCTL_PHYSCAP_shadow (1u << _XEN_SYSCTL_PHYSCAP_shadow)
#define _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share 5
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1u << _XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share)
#define XEN_SYSCTL_PHYSCAP_vmtrace (1u << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu (1u << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1 (1u << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2 (1u << 9)
#define XEN_SYSCTL_PHYSCAP_MAX XEN_SYSCTL_PHYSCAP_gnttab_v2

/* Placeholders in cputopoinfo / numainfo / pcitopoinfo results */
#define XEN_INVALID_CORE_ID (~0U)
#define XEN_INVALID_SOCKET_ID (~0U)
#define XEN_INVALID_NODE_ID (~0U)
#define XEN_INVALID_MEM_SZ (~0U)
#define XEN_INVALID_NODE_DIST (~0U)
#define XEN_INVALID_DEV (XEN_INVALID_NODE_ID - 1)

/* xen_sysctl_tbuf_op.cmd */
#define XEN_SYSCTL_TBUFOP_get_info 0
#define XEN_SYSCTL_TBUFOP_set_cpu_mask 1
#define XEN_SYSCTL_TBUFOP_set_evt_mask 2
#define XEN_SYSCTL_TBUFOP_set_size 3
#define XEN_SYSCTL_TBUFOP_enable 4
#define XEN_SYSCTL_TBUFOP_disable 5

/* xen_sysctl_cpupool_op.op */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE 1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY 2
#define XEN_SYSCTL_CPUPOOL_OP_INFO 3 /* first pool with id >= cpupool_id */
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU 4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU 5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN 6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO 7 /* CPUs in no pool */
#define XEN_SYSCTL_CPUPOOL_PAR_ANY 0xFFFFFFFF

#ifndef __ASSEMBLY__

/* ------------------------------------------------------------ sub-op structs */

/**
 * struct xen_sysctl_readconsole - XEN_SYSCTL_readconsole: copy up to
 * `count` bytes of the hypervisor console ring to `buffer`. With
 * `incremental`, start at `index` and return the index reached; `clear`
 * empties the ring after reading. count returns the bytes copied.
 */
struct xen_sysctl_readconsole {
	uint8_t clear;
	uint8_t incremental;
	uint8_t pad0, pad1;
	uint32_t index;
	XEN_GUEST_HANDLE_64(char) buffer;
	uint32_t count;
	uint32_t pad2; /* implicit in Xen */
};
XEN_CHECK_SIZE(struct xen_sysctl_readconsole, 24);
XEN_CHECK_OFFSET(struct xen_sysctl_readconsole, clear, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_readconsole, incremental, 1);
XEN_CHECK_OFFSET(struct xen_sysctl_readconsole, pad0, 2);
XEN_CHECK_OFFSET(struct xen_sysctl_readconsole, pad1, 3);
XEN_CHECK_OFFSET(struct xen_sysctl_readconsole, index, 4);
XEN_CHECK_OFFSET(struct xen_sysctl_readconsole, buffer, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_readconsole, count, 16);

/**
 * struct xen_sysctl_tbuf_op - XEN_SYSCTL_tbuf_op: the trace buffers
 * (public/trace.h). get_info returns the event mask, the first frame of
 * the t_info pages (0 before set_size) and their size in bytes; set_size
 * allocates size pages per CPU, once (-EINVAL for another size later,
 * -EBUSY for the same); enable needs buffers (-EINVAL); unknown cmd -EINVAL.
 */
struct xen_sysctl_tbuf_op {
	uint32_t cmd; /* XEN_SYSCTL_TBUFOP_* */
	uint32_t pad0; /* implicit in Xen */
	struct xenctl_bitmap cpu_mask; /* IN: set_cpu_mask */
	uint32_t evt_mask;             /* IN: set_evt_mask; OUT: get_info */
	uint32_t pad1;                 /* implicit in Xen */
	uint64_t buffer_mfn;           /* OUT: get_info */
	uint32_t size;                 /* IN: set_size (pages); OUT: get_info (bytes) */
	uint32_t pad2;                 /* implicit in Xen */
};
XEN_CHECK_SIZE(struct xen_sysctl_tbuf_op, 48);
XEN_CHECK_OFFSET(struct xen_sysctl_tbuf_op, cmd, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_tbuf_op, cpu_mask, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_tbuf_op, evt_mask, 24);
XEN_CHECK_OFFSET(struct xen_sysctl_tbuf_op, buffer_mfn, 32);
XEN_CHECK_OFFSET(struct xen_sysctl_tbuf_op, size, 40);

/** struct xen_sysctl_physinfo - XEN_SYSCTL_physinfo: host CPUs and memory */
struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;     /* online CPUs */
	uint32_t max_cpu_id;  /* highest possible CPU id */
	uint32_t nr_nodes;    /* online NUMA nodes */
	uint32_t max_node_id; /* highest possible node id */
	uint32_t cpu_khz;
	uint32_t capabilities;      /* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities; /* none defined on Arm */
	uint32_t pad;
	uint64_t total_pages;
	uint64_t free_pages;
	uint64_t scrub_pages;
	uint64_t outstanding_pages;
	uint64_t max_mfn; /* highest possible host frame number */
	uint32_t hw_cap[8];
};
XEN_CHECK_SIZE(struct xen_sysctl_physinfo, 112);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, threads_per_core, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, cores_per_socket, 4);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, nr_cpus, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, max_cpu_id, 12);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, nr_nodes, 16);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, max_node_id, 20);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, cpu_khz, 24);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, capabilities, 28);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, arch_capabilities, 32);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, pad, 36);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, total_pages, 40);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, free_pages, 48);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, scrub_pages, 56);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, outstanding_pages, 64);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, max_mfn, 72);
XEN_CHECK_OFFSET(struct xen_sysctl_physinfo, hw_cap, 80);

/** struct xen_sysctl_sched_id - XEN_SYSCTL_sched_id: XEN_SCHEDULER_* in use */
struct xen_sysctl_sched_id {
	uint32_t sched_id;
};
XEN_CHECK_SIZE(struct xen_sysctl_sched_id, 4);
XEN_CHECK_OFFSET(struct xen_sysctl_sched_id, sched_id, 0);

/**
 * struct xen_sysctl_getdomaininfolist - up to max_domains getdomaininfo
 * records, for existing domains with id >= first_domain in ascending order.
 */
struct xen_sysctl_getdomaininfolist {
	domid_t first_domain;
	uint16_t pad0; /* implicit in Xen */
	uint32_t max_domains;
	XEN_GUEST_HANDLE_64(xen_domctl_getdomaininfo_t) buffer;
	uint32_t num_domains; /* OUT */
	uint32_t pad1;        /* implicit in Xen */
};
XEN_CHECK_SIZE(struct xen_sysctl_getdomaininfolist, 24);
XEN_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, first_domain, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, max_domains, 4);
XEN_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, buffer, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_getdomaininfolist, num_domains, 16);

/** struct xen_sysctl_debug_keys - XEN_SYSCTL_debug_keys: press debug keys */
struct xen_sysctl_debug_keys {
	XEN_GUEST_HANDLE_64(char) keys;
	uint32_t nr_keys;
	uint32_t pad; /* implicit in Xen */
};
XEN_CHECK_SIZE(struct xen_sysctl_debug_keys, 16);
XEN_CHECK_OFFSET(struct xen_sysctl_debug_keys, keys, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_debug_keys, nr_keys, 8);

/** struct xen_sysctl_cpuinfo - per-CPU element of getcpuinfo */
struct xen_sysctl_cpuinfo {
	uint64_t idletime; /* ns */
};
typedef struct xen_sysctl_cpuinfo xen_sysctl_cpuinfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cpuinfo_t);
XEN_CHECK_SIZE(struct xen_sysctl_cpuinfo, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_cpuinfo, idletime, 0);

/** struct xen_sysctl_getcpuinfo - XEN_SYSCTL_getcpuinfo */
struct xen_sysctl_getcpuinfo {
	uint32_t max_cpus; /* IN: elements in info */
	uint32_t pad0;     /* implicit in Xen */
	XEN_GUEST_HANDLE_64(xen_sysctl_cpuinfo_t) info;
	uint32_t nr_cpus; /* OUT */
	uint32_t pad1;    /* implicit in Xen */
};
XEN_CHECK_SIZE(struct xen_sysctl_getcpuinfo, 24);
XEN_CHECK_OFFSET(struct xen_sysctl_getcpuinfo, max_cpus, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_getcpuinfo, info, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_getcpuinfo, nr_cpus, 16);

/** struct xen_sysctl_cputopo - per-CPU element of cputopoinfo */
struct xen_sysctl_cputopo {
	uint32_t core;
	uint32_t socket;
	uint32_t node;
};
typedef struct xen_sysctl_cputopo xen_sysctl_cputopo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_cputopo_t);
XEN_CHECK_SIZE(struct xen_sysctl_cputopo, 12);
XEN_CHECK_OFFSET(struct xen_sysctl_cputopo, core, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_cputopo, socket, 4);
XEN_CHECK_OFFSET(struct xen_sysctl_cputopo, node, 8);

/**
 * struct xen_sysctl_cputopoinfo - XEN_SYSCTL_cputopoinfo: num_cpus is the
 * array size on input and the number of CPUs on output (NULL handle: only
 * the count).
 */
struct xen_sysctl_cputopoinfo {
	uint32_t num_cpus;
	uint32_t pad; /* implicit in Xen */
	XEN_GUEST_HANDLE_64(xen_sysctl_cputopo_t) cputopo;
};
XEN_CHECK_SIZE(struct xen_sysctl_cputopoinfo, 16);
XEN_CHECK_OFFSET(struct xen_sysctl_cputopoinfo, num_cpus, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_cputopoinfo, cputopo, 8);

/** struct xen_sysctl_meminfo - per-node element of numainfo (bytes) */
struct xen_sysctl_meminfo {
	uint64_t memsize;
	uint64_t memfree;
};
typedef struct xen_sysctl_meminfo xen_sysctl_meminfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_meminfo_t);
XEN_CHECK_SIZE(struct xen_sysctl_meminfo, 16);
XEN_CHECK_OFFSET(struct xen_sysctl_meminfo, memsize, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_meminfo, memfree, 8);

/**
 * struct xen_sysctl_numainfo - XEN_SYSCTL_numainfo: per-node memory and the
 * num_nodes x num_nodes distance matrix (distance[i * N + j]).
 */
struct xen_sysctl_numainfo {
	uint32_t num_nodes;
	uint32_t pad; /* implicit in Xen */
	XEN_GUEST_HANDLE_64(xen_sysctl_meminfo_t) meminfo;
	XEN_GUEST_HANDLE_64(uint32) distance;
};
XEN_CHECK_SIZE(struct xen_sysctl_numainfo, 24);
XEN_CHECK_OFFSET(struct xen_sysctl_numainfo, num_nodes, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_numainfo, meminfo, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_numainfo, distance, 16);

/** struct xen_sysctl_cpupool_op - XEN_SYSCTL_cpupool_op */
struct xen_sysctl_cpupool_op {
	uint32_t op;         /* XEN_SYSCTL_CPUPOOL_OP_* */
	uint32_t cpupool_id; /* IN: create/destroy/info/addcpu/rmcpu/movedomain; OUT: create/info */
	uint32_t sched_id;   /* IN: create; OUT: info */
	uint32_t domid;      /* IN: movedomain */
	uint32_t cpu;        /* IN: addcpu/rmcpu */
	uint32_t n_dom;      /* OUT: info */
	struct xenctl_bitmap cpumap; /* OUT: info/freeinfo */
};
XEN_CHECK_SIZE(struct xen_sysctl_cpupool_op, 40);
XEN_CHECK_OFFSET(struct xen_sysctl_cpupool_op, op, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_cpupool_op, cpupool_id, 4);
XEN_CHECK_OFFSET(struct xen_sysctl_cpupool_op, sched_id, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_cpupool_op, domid, 12);
XEN_CHECK_OFFSET(struct xen_sysctl_cpupool_op, cpu, 16);
XEN_CHECK_OFFSET(struct xen_sysctl_cpupool_op, n_dom, 20);
XEN_CHECK_OFFSET(struct xen_sysctl_cpupool_op, cpumap, 24);

/* xen_sysctl_scheduler_op.cmd */
#define XEN_SYSCTL_SCHEDOP_putinfo 0
#define XEN_SYSCTL_SCHEDOP_getinfo 1
#define XEN_SYSCTL_SCHED_RATELIMIT_MAX 500000
#define XEN_SYSCTL_SCHED_RATELIMIT_MIN 100
#define XEN_SYSCTL_ARINC653_MAX_DOMAINS_PER_SCHEDULE 64

/** One minor frame of an ARINC653 schedule (the domain by its handle). */
struct xen_sysctl_arinc653_entry {
	xen_domain_handle_t dom_handle;
	uint32_t vcpu_id;
	uint32_t pad;      /* implicit in Xen */
	uint64_t runtime;  /* ns */
};
XEN_CHECK_SIZE(struct xen_sysctl_arinc653_entry, 32);
XEN_CHECK_OFFSET(struct xen_sysctl_arinc653_entry, vcpu_id, 16);
XEN_CHECK_OFFSET(struct xen_sysctl_arinc653_entry, runtime, 24);

/** struct xen_sysctl_arinc653_schedule - what sched_arinc653.schedule points at */
typedef struct xen_sysctl_arinc653_schedule {
	uint64_t major_frame;        /* ns */
	uint8_t num_sched_entries;
	uint8_t pad[7];              /* implicit in Xen */
	struct xen_sysctl_arinc653_entry sched_entries[XEN_SYSCTL_ARINC653_MAX_DOMAINS_PER_SCHEDULE];
} xen_sysctl_arinc653_schedule_t;
DEFINE_XEN_GUEST_HANDLE(xen_sysctl_arinc653_schedule_t);
XEN_CHECK_SIZE(struct xen_sysctl_arinc653_schedule, 16 + 64 * 32);
XEN_CHECK_OFFSET(struct xen_sysctl_arinc653_schedule, num_sched_entries, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_arinc653_schedule, sched_entries, 16);

/**
 * struct xen_sysctl_scheduler_op - XEN_SYSCTL_scheduler_op: pool-wide
 * parameters of the scheduler of cpupool cpupool_id (which must be sched_id).
 */
struct xen_sysctl_scheduler_op {
	uint32_t cpupool_id;
	uint32_t sched_id;   /* XEN_SCHEDULER_* */
	uint32_t cmd;        /* XEN_SYSCTL_SCHEDOP_* */
	uint32_t pad;        /* implicit in Xen */
	union {
		struct {
			XEN_GUEST_HANDLE_64(xen_sysctl_arinc653_schedule_t) schedule;
		} sched_arinc653;
		struct {
			uint32_t tslice_ms, ratelimit_us, vcpu_migr_delay_us;
		} sched_credit;
		struct {
			uint32_t ratelimit_us;
		} sched_credit2;
	} u;
};
XEN_CHECK_SIZE(struct xen_sysctl_scheduler_op, 32);
XEN_CHECK_OFFSET(struct xen_sysctl_scheduler_op, cpupool_id, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_scheduler_op, sched_id, 4);
XEN_CHECK_OFFSET(struct xen_sysctl_scheduler_op, cmd, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_scheduler_op, u, 16);

/** struct xen_sysctl_pcitopoinfo - XEN_SYSCTL_pcitopoinfo: node of each device */
struct xen_sysctl_pcitopoinfo {
	uint32_t num_devs;
	uint32_t pad; /* implicit in Xen */
	XEN_GUEST_HANDLE_64(physdev_pci_device_t) devs;
	XEN_GUEST_HANDLE_64(uint32) nodes;
};
XEN_CHECK_SIZE(struct xen_sysctl_pcitopoinfo, 24);
XEN_CHECK_OFFSET(struct xen_sysctl_pcitopoinfo, num_devs, 0);
XEN_CHECK_OFFSET(struct xen_sysctl_pcitopoinfo, devs, 8);
XEN_CHECK_OFFSET(struct xen_sysctl_pcitopoinfo, nodes, 16);

/* ----------------------------------------------------------------- envelope */

/** struct xen_sysctl - argument of __HYPERVISOR_sysctl */
struct xen_sysctl {
	uint32_t cmd;               /* XEN_SYSCTL_* */
	uint32_t interface_version; /* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_tbuf_op tbuf_op;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct xen_sysctl_debug_keys debug_keys;
		struct xen_sysctl_getcpuinfo getcpuinfo;
		struct xen_sysctl_cputopoinfo cputopoinfo;
		struct xen_sysctl_numainfo numainfo;
		struct xen_sysctl_cpupool_op cpupool_op;
		struct xen_sysctl_scheduler_op scheduler_op;
		struct xen_sysctl_pcitopoinfo pcitopoinfo;
		uint8_t pad[128];
	} u;
};
typedef struct xen_sysctl xen_sysctl_t;
XEN_CHECK_SIZE(struct xen_sysctl, 136);
XEN_CHECK_OFFSET(struct xen_sysctl, cmd, 0);
XEN_CHECK_OFFSET(struct xen_sysctl, interface_version, 4);
XEN_CHECK_OFFSET(struct xen_sysctl, u, 8);
XEN_CHECK_ALIGN(struct xen_sysctl, 8);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_SYSCTL_H */
