/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_memory_op(cmd, arg) sub-ops and structures (Xen public
 * memory.h; docs xen-abi-arm64.md section 3.3 "memory_op").
 *
 * The low MEMOP_EXTENT_SHIFT bits of `cmd` select the sub-op; the bits
 * above carry the restart point of a preempted reservation call and are
 * only ever set by the hypervisor itself.
 */
#ifndef XEN_PUBLIC_MEMORY_H
#define XEN_PUBLIC_MEMORY_H

#include "xen.h"

#define MEMOP_EXTENT_SHIFT 6
#define MEMOP_CMD_MASK ((1U << MEMOP_EXTENT_SHIFT) - 1)

/* ----------------------------------------------------------- sub-op numbers */

#define XENMEM_increase_reservation 0 /* struct xen_memory_reservation */
#define XENMEM_decrease_reservation 1 /* struct xen_memory_reservation */
#define XENMEM_maximum_ram_page 2
#define XENMEM_current_reservation 3 /* struct xen_memory_domain; returns pages */
#define XENMEM_maximum_reservation 4 /* struct xen_memory_domain; returns pages */
#define XENMEM_machphys_mfn_list 5
#define XENMEM_populate_physmap 6 /* struct xen_memory_reservation */
#define XENMEM_add_to_physmap 7   /* struct xen_add_to_physmap */
#define XENMEM_memory_map 9
#define XENMEM_machine_memory_map 10
#define XENMEM_exchange 11
#define XENMEM_machphys_mapping 12
#define XENMEM_set_memory_map 13
#define XENMEM_maximum_gpfn 14         /* struct xen_memory_domain; returns GFN */
#define XENMEM_remove_from_physmap 15  /* struct xen_remove_from_physmap */
#define XENMEM_set_pod_target 16
#define XENMEM_get_pod_target 17
#define XENMEM_get_sharing_freed_pages 18  /* -ENOSYS without memory sharing */
#define XENMEM_get_sharing_shared_pages 19 /* -ENOSYS without memory sharing */
#define XENMEM_paging_op 20
#define XENMEM_access_op 21
#define XENMEM_sharing_op 22
#define XENMEM_add_to_physmap_batch 23 /* struct xen_add_to_physmap_batch */
#define XENMEM_claim_pages 24          /* struct xen_memory_reservation */
#define XENMEM_machphys_compat_mfn_list 25
#define XENMEM_get_vnumainfo 26
#define XENMEM_reserved_device_memory_map 27
#define XENMEM_acquire_resource 28 /* struct xen_mem_acquire_resource */

/* xen_memory_reservation.mem_flags */
#define XENMEMF_address_bits(x) (x)
#define XENMEMF_get_address_bits(x) ((x) & 0xffu)
#define XENMEMF_node(x) (((x) + 1) << 8)
#define XENMEMF_get_node(x) ((((x) >> 8) - 1) & 0xffu)
#define XENMEMF_populate_on_demand (1 << 16)
#define XENMEMF_exact_node_request (1 << 17)
#define XENMEMF_exact_node(n) (XENMEMF_node(n) | XENMEMF_exact_node_request)
#define XENMEMF_vnode (1 << 18)

/* "space" of XENMEM_add_to_physmap(_batch): what `idx` names */
#define XENMAPSPACE_shared_info 0  /* the domain's shared_info page (idx 0) */
#define XENMAPSPACE_grant_table 1  /* grant-table frame idx */
#define XENMAPSPACE_gmfn 2         /* another GFN of the same domain */
#define XENMAPSPACE_gmfn_range 3   /* `size` GFNs from idx (not batch) */
#define XENMAPSPACE_gmfn_foreign 4 /* GFN of foreign_domid (batch only) */
#define XENMAPSPACE_dev_mmio 5     /* host MFN of device MMIO (dom0) */

/* In XENMAPSPACE_grant_table idx: map a v2 status frame instead */
#define XENMAPIDX_grant_table_status 0x80000000

/* xen_mem_acquire_resource.type / .id */
#define XENMEM_resource_ioreq_server 0
#define XENMEM_resource_grant_table 1
#define XENMEM_resource_vmtrace_buf 2
#define XENMEM_resource_grant_table_id_shared 0
#define XENMEM_resource_grant_table_id_status 1
#define XENMEM_resource_ioreq_server_frame_bufioreq 0
#define XENMEM_resource_ioreq_server_frame_ioreq(n) (1 + (n))

#ifndef __ASSEMBLY__

/**
 * struct xen_memory_reservation - increase/decrease_reservation,
 * populate_physmap, claim_pages: operate on nr_extents extents of
 * 2^extent_order pages whose GFNs are listed at extent_start. The call
 * returns the number of extents completed.
 */
struct xen_memory_reservation {
	XEN_GUEST_HANDLE(xen_pfn_t) extent_start;
	xen_ulong_t nr_extents;
	uint32_t extent_order;
	uint32_t mem_flags; /* XENMEMF_* */
	domid_t domid;
	uint16_t pad[3]; /* implicit in Xen */
};
typedef struct xen_memory_reservation xen_memory_reservation_t;
XEN_CHECK_SIZE(struct xen_memory_reservation, 32);
XEN_CHECK_OFFSET(struct xen_memory_reservation, extent_start, 0);
XEN_CHECK_OFFSET(struct xen_memory_reservation, nr_extents, 8);
XEN_CHECK_OFFSET(struct xen_memory_reservation, extent_order, 16);
XEN_CHECK_OFFSET(struct xen_memory_reservation, mem_flags, 20);
XEN_CHECK_OFFSET(struct xen_memory_reservation, domid, 24);

/** struct xen_memory_domain - current/maximum_reservation, maximum_gpfn */
struct xen_memory_domain {
	domid_t domid;
};
XEN_CHECK_SIZE(struct xen_memory_domain, 2);
XEN_CHECK_OFFSET(struct xen_memory_domain, domid, 0);

/**
 * struct xen_add_to_physmap - map one object of `space` (index idx) at GFN
 * gpfn of domain domid, replacing what was there. `size` is used by
 * XENMAPSPACE_gmfn_range only.
 */
struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;
	uint32_t space; /* XENMAPSPACE_* */
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};
typedef struct xen_add_to_physmap xen_add_to_physmap_t;
XEN_CHECK_SIZE(struct xen_add_to_physmap, 24);
XEN_CHECK_OFFSET(struct xen_add_to_physmap, domid, 0);
XEN_CHECK_OFFSET(struct xen_add_to_physmap, size, 2);
XEN_CHECK_OFFSET(struct xen_add_to_physmap, space, 4);
XEN_CHECK_OFFSET(struct xen_add_to_physmap, idx, 8);
XEN_CHECK_OFFSET(struct xen_add_to_physmap, gpfn, 16);

/**
 * struct xen_add_to_physmap_batch - the batched form, used by dom0's
 * privcmd with XENMAPSPACE_gmfn_foreign: map idxs[i] (a GFN of
 * u.foreign_domid) at gpfns[i] of domid, writing a per-entry error
 * (0 or -XEN_E*) to errs[i]. Linux calls this XENMEM_add_to_physmap_range.
 */
struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space; /* XENMAPSPACE_* */
	uint16_t size;  /* number of entries */
	union xen_add_to_physmap_batch_extra {
		domid_t foreign_domid; /* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;         /* other spaces: must be 0 */
	} u;
	XEN_GUEST_HANDLE(xen_ulong_t) idxs;
	XEN_GUEST_HANDLE(xen_pfn_t) gpfns;
	XEN_GUEST_HANDLE(int) errs;
};
typedef struct xen_add_to_physmap_batch xen_add_to_physmap_batch_t;
XEN_CHECK_SIZE(struct xen_add_to_physmap_batch, 32);
XEN_CHECK_OFFSET(struct xen_add_to_physmap_batch, domid, 0);
XEN_CHECK_OFFSET(struct xen_add_to_physmap_batch, space, 2);
XEN_CHECK_OFFSET(struct xen_add_to_physmap_batch, size, 4);
XEN_CHECK_OFFSET(struct xen_add_to_physmap_batch, u.foreign_domid, 6);
XEN_CHECK_OFFSET(struct xen_add_to_physmap_batch, idxs, 8);
XEN_CHECK_OFFSET(struct xen_add_to_physmap_batch, gpfns, 16);
XEN_CHECK_OFFSET(struct xen_add_to_physmap_batch, errs, 24);

/** struct xen_remove_from_physmap - unmap whatever is at gpfn of domid */
struct xen_remove_from_physmap {
	domid_t domid;
	uint16_t pad[3]; /* implicit in Xen */
	xen_pfn_t gpfn;
};
typedef struct xen_remove_from_physmap xen_remove_from_physmap_t;
XEN_CHECK_SIZE(struct xen_remove_from_physmap, 16);
XEN_CHECK_OFFSET(struct xen_remove_from_physmap, domid, 0);
XEN_CHECK_OFFSET(struct xen_remove_from_physmap, gpfn, 8);

/**
 * struct xen_mem_acquire_resource - map nr_frames frames of a domain's
 * resource (e.g. its grant table), starting at `frame`, onto the caller's
 * GFNs listed in frame_list. nr_frames 0 with a NULL list queries the size.
 * Unsupported: the call must fail with -XEN_EOPNOTSUPP (tools fall back).
 */
struct xen_mem_acquire_resource {
	domid_t domid;
	uint16_t type; /* XENMEM_resource_* */
	uint32_t id;
	uint32_t nr_frames; /* IN/OUT */
	uint32_t pad;       /* must be 0 */
	uint64_t frame;
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list;
};
typedef struct xen_mem_acquire_resource xen_mem_acquire_resource_t;
XEN_CHECK_SIZE(struct xen_mem_acquire_resource, 32);
XEN_CHECK_OFFSET(struct xen_mem_acquire_resource, domid, 0);
XEN_CHECK_OFFSET(struct xen_mem_acquire_resource, type, 2);
XEN_CHECK_OFFSET(struct xen_mem_acquire_resource, id, 4);
XEN_CHECK_OFFSET(struct xen_mem_acquire_resource, nr_frames, 8);
XEN_CHECK_OFFSET(struct xen_mem_acquire_resource, pad, 12);
XEN_CHECK_OFFSET(struct xen_mem_acquire_resource, frame, 16);
XEN_CHECK_OFFSET(struct xen_mem_acquire_resource, frame_list, 24);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_MEMORY_H */
