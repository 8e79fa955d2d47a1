/* SPDX-License-Identifier: MIT */
/*
 * Grant tables (Xen public grant_table.h; docs xen-abi-arm64.md section 5):
 * the shared entry format and __HYPERVISOR_grant_table_op(cmd, arg, count).
 *
 * Each domain's grant table is an array of entries in frames it maps with
 * XENMEM_add_to_physmap(XENMAPSPACE_grant_table). Arm supports version 1
 * only. A grant_table_op call takes an array of `count` op structures; the
 * call itself returns 0 or -XEN_E*, and each element reports its own
 * outcome in `status` (GNTST_*).
 *
 * Entry protocol: the granter writes domid and frame, then (after a write
 * barrier) flags; the hypervisor sets GTF_reading / GTF_writing while the
 * grant is in use and the granter may only revoke when both are clear.
 */
#ifndef XEN_PUBLIC_GRANT_TABLE_H
#define XEN_PUBLIC_GRANT_TABLE_H

#include "xen.h"

/* Reserved grant references: refs below 8 are never handed out by guests */
#define GNTTAB_NR_RESERVED_ENTRIES 8
#define GNTTAB_RESERVED_CONSOLE 0  /* console ring page, for xenconsoled */
#define GNTTAB_RESERVED_XENSTORE 1 /* xenstore ring page, for xenstored */

/* grant_entry_v1.flags: type in bits 1:0 ... */
#define GTF_invalid (0U << 0)
#define GTF_permit_access (1U << 0)
#define GTF_accept_transfer (2U << 0)
#define GTF_transitive (3U << 0) /* v2 only */
#define GTF_type_mask (3U << 0)
/* ... and sub-flags for permit_access (GST = written by the granter) */
#define _GTF_readonly 2 /* GST: grantee may only read */
#define GTF_readonly (1U << _GTF_readonly)
#define _GTF_reading 3 /* hypervisor: grant mapped/copied for reading */
#define GTF_reading (1U << _GTF_reading)
#define _GTF_writing 4 /* hypervisor: grant mapped/copied for writing */
#define GTF_writing (1U << _GTF_writing)
#define _GTF_PWT 5 /* x86 cache attributes */
#define GTF_PWT (1U << _GTF_PWT)
#define _GTF_PCD 6
#define GTF_PCD (1U << _GTF_PCD)
#define _GTF_PAT 7
#define GTF_PAT (1U << _GTF_PAT)
#define _GTF_sub_page 8 /* v2 only */
#define GTF_sub_page (1U << _GTF_sub_page)
/* ... and for accept_transfer */
#define _GTF_transfer_committed 2
#define GTF_transfer_committed (1U << _GTF_transfer_committed)
#define _GTF_transfer_completed 3
#define GTF_transfer_completed (1U << _GTF_transfer_completed)

/* grant_table_op commands */
#define GNTTABOP_map_grant_ref 0     /* struct gnttab_map_grant_ref */
#define GNTTABOP_unmap_grant_ref 1   /* struct gnttab_unmap_grant_ref */
#define GNTTABOP_setup_table 2       /* struct gnttab_setup_table */
#define GNTTABOP_dump_table 3        /* struct gnttab_dump_table */
#define GNTTABOP_transfer 4          /* struct gnttab_transfer (not on Arm) */
#define GNTTABOP_copy 5              /* struct gnttab_copy */
#define GNTTABOP_query_size 6        /* struct gnttab_query_size */
#define GNTTABOP_unmap_and_replace 7 /* struct gnttab_unmap_and_replace (not on Arm) */
#define GNTTABOP_set_version 8       /* struct gnttab_set_version */
#define GNTTABOP_get_status_frames 9 /* struct gnttab_get_status_frames (v2) */
#define GNTTABOP_get_version 10      /* struct gnttab_get_version */
#define GNTTABOP_swap_grant_ref 11   /* struct gnttab_swap_grant_ref */
#define GNTTABOP_cache_flush 12      /* struct gnttab_cache_flush */

/* gnttab_map_grant_ref.flags */
#define _GNTMAP_device_map 0 /* make the frame reachable by devices */
#define GNTMAP_device_map (1 << _GNTMAP_device_map)
#define _GNTMAP_host_map 1 /* map at host_addr for the CPU */
#define GNTMAP_host_map (1 << _GNTMAP_host_map)
#define _GNTMAP_readonly 2
#define GNTMAP_readonly (1 << _GNTMAP_readonly)
#define _GNTMAP_application_map 3
#define GNTMAP_application_map (1 << _GNTMAP_application_map)
#define _GNTMAP_contains_pte 4 /* x86 PV only */
#define GNTMAP_contains_pte (1 << _GNTMAP_contains_pte)
#define _GNTMAP_guest_avail0 16
#define GNTMAP_guest_avail_mask ((uint32_t)~0 << _GNTMAP_guest_avail0)

/* gnttab_copy.flags */
#define _GNTCOPY_source_gref 0 /* source.u is a grant ref, not a GFN */
#define GNTCOPY_source_gref (1 << _GNTCOPY_source_gref)
#define _GNTCOPY_dest_gref 1 /* dest.u is a grant ref, not a GFN */
#define GNTCOPY_dest_gref (1 << _GNTCOPY_dest_gref)

/* gnttab_cache_flush.op */
#define GNTTAB_CACHE_CLEAN (1U << 0)
#define GNTTAB_CACHE_INVAL (1U << 1)
#define GNTTAB_CACHE_SOURCE_GREF (1U << 31) /* `a` is a grant ref */

/* Per-operation status codes */
#define GNTST_okay (0)
#define GNTST_general_error (-1)
#define GNTST_bad_domain (-2)
#define GNTST_bad_gntref (-3)
#define GNTST_bad_handle (-4)
#define GNTST_bad_virt_addr (-5)
#define GNTST_bad_dev_addr (-6)
#define GNTST_no_device_space (-7)
#define GNTST_permission_denied (-8)
#define GNTST_bad_page (-9)
#define GNTST_bad_copy_arg (-10)
#define GNTST_address_too_big (-11)
#define GNTST_eagain (-12)
#define GNTST_no_space (-13)

/* Human-readable GNTST_* texts, indexed by -status */
#define GNTTABOP_error_msgs                                                    \
	{                                                                      \
		"okay",                                                        \
		"general error",                                               \
		"unknown domain",                                              \
		"bad grant reference",                                         \
		"bad map handle",                                              \
		"bad virtual address",                                         \
		"bad device address",                                          \
		"no I/O MMU space",                                            \
		"permission denied",                                           \
		"bad page",                                                    \
		"copy crosses a page boundary",                                \
		"address too large",                                           \
		"not done, try again",                                         \
		"out of space",                                                \
	}
#define GNTTABOP_NR_ERROR_MSGS 14

#ifndef __ASSEMBLY__

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;
typedef uint16_t grant_status_t;

/**
 * struct grant_entry_v1 - one v1 grant: domain `domid` may access guest
 * frame `frame` of the granter as described by `flags` (GTF_*).
 */
struct grant_entry_v1 {
	uint16_t flags;
	domid_t domid;
	uint32_t frame;
};
typedef struct grant_entry_v1 grant_entry_v1_t;
XEN_CHECK_SIZE(struct grant_entry_v1, 8);
XEN_CHECK_OFFSET(struct grant_entry_v1, flags, 0);
XEN_CHECK_OFFSET(struct grant_entry_v1, domid, 2);
XEN_CHECK_OFFSET(struct grant_entry_v1, frame, 4);

/* v2 entries, for layout reference only (Arm refuses version 2) */
struct grant_entry_header {
	uint16_t flags;
	domid_t domid;
};
typedef struct grant_entry_header grant_entry_header_t;
XEN_CHECK_SIZE(struct grant_entry_header, 4);
XEN_CHECK_OFFSET(struct grant_entry_header, flags, 0);
XEN_CHECK_OFFSET(struct grant_entry_header, domid, 2);

union grant_entry_v2 {
	grant_entry_header_t hdr;
	struct {
		grant_entry_header_t hdr;
		uint32_t pad0;
		uint64_t frame;
	} full_page;
	struct {
		grant_entry_header_t hdr;
		uint16_t page_off;
		uint16_t length;
		uint64_t frame;
	} sub_page;
	struct {
		grant_entry_header_t hdr;
		domid_t trans_domid;
		uint16_t pad0;
		grant_ref_t gref;
	} transitive;
	uint32_t raw[4]; /* pads the union to 16 bytes */
};
typedef union grant_entry_v2 grant_entry_v2_t;
XEN_CHECK_SIZE(union grant_entry_v2, 16);
XEN_CHECK_OFFSET(union grant_entry_v2, full_page.frame, 8);
XEN_CHECK_OFFSET(union grant_entry_v2, sub_page.page_off, 4);
XEN_CHECK_OFFSET(union grant_entry_v2, sub_page.length, 6);
XEN_CHECK_OFFSET(union grant_entry_v2, sub_page.frame, 8);
XEN_CHECK_OFFSET(union grant_entry_v2, transitive.trans_domid, 4);
XEN_CHECK_OFFSET(union grant_entry_v2, transitive.gref, 8);

/**
 * struct gnttab_map_grant_ref - map grant `ref` of domain `dom` into the
 * caller. On Arm (auto-translated) host_addr is a page-aligned guest
 * *physical* address of the caller. Returns a handle for unmap and the
 * machine address of the frame in dev_bus_addr.
 */
struct gnttab_map_grant_ref {
	uint64_t host_addr;    /* IN */
	uint32_t flags;        /* IN: GNTMAP_* */
	grant_ref_t ref;       /* IN */
	domid_t dom;           /* IN */
	int16_t status;        /* OUT: GNTST_* */
	grant_handle_t handle; /* OUT */
	uint64_t dev_bus_addr; /* OUT */
};
typedef struct gnttab_map_grant_ref gnttab_map_grant_ref_t;
XEN_CHECK_SIZE(struct gnttab_map_grant_ref, 32);
XEN_CHECK_OFFSET(struct gnttab_map_grant_ref, host_addr, 0);
XEN_CHECK_OFFSET(struct gnttab_map_grant_ref, flags, 8);
XEN_CHECK_OFFSET(struct gnttab_map_grant_ref, ref, 12);
XEN_CHECK_OFFSET(struct gnttab_map_grant_ref, dom, 16);
XEN_CHECK_OFFSET(struct gnttab_map_grant_ref, status, 18);
XEN_CHECK_OFFSET(struct gnttab_map_grant_ref, handle, 20);
XEN_CHECK_OFFSET(struct gnttab_map_grant_ref, dev_bus_addr, 24);

/** struct gnttab_unmap_grant_ref - undo a map made with `handle` */
struct gnttab_unmap_grant_ref {
	uint64_t host_addr;    /* IN: must match the map */
	uint64_t dev_bus_addr; /* IN: 0 = ignore */
	grant_handle_t handle; /* IN */
	int16_t status;        /* OUT: GNTST_* */
	uint16_t pad;          /* implicit in Xen */
};
typedef struct gnttab_unmap_grant_ref gnttab_unmap_grant_ref_t;
XEN_CHECK_SIZE(struct gnttab_unmap_grant_ref, 24);
XEN_CHECK_OFFSET(struct gnttab_unmap_grant_ref, host_addr, 0);
XEN_CHECK_OFFSET(struct gnttab_unmap_grant_ref, dev_bus_addr, 8);
XEN_CHECK_OFFSET(struct gnttab_unmap_grant_ref, handle, 16);
XEN_CHECK_OFFSET(struct gnttab_unmap_grant_ref, status, 20);

/** struct gnttab_setup_table - list the frames of dom's grant table (PV style) */
struct gnttab_setup_table {
	domid_t dom;        /* IN */
	uint16_t pad0;      /* implicit in Xen */
	uint32_t nr_frames; /* IN */
	int16_t status;     /* OUT: GNTST_* */
	uint16_t pad1[3];   /* implicit in Xen */
	XEN_GUEST_HANDLE(xen_pfn_t) frame_list; /* OUT */
};
typedef struct gnttab_setup_table gnttab_setup_table_t;
XEN_CHECK_SIZE(struct gnttab_setup_table, 24);
XEN_CHECK_OFFSET(struct gnttab_setup_table, dom, 0);
XEN_CHECK_OFFSET(struct gnttab_setup_table, nr_frames, 4);
XEN_CHECK_OFFSET(struct gnttab_setup_table, status, 8);
XEN_CHECK_OFFSET(struct gnttab_setup_table, frame_list, 16);

/** struct gnttab_dump_table - debug dump of dom's table */
struct gnttab_dump_table {
	domid_t dom;    /* IN */
	int16_t status; /* OUT: GNTST_* */
};
typedef struct gnttab_dump_table gnttab_dump_table_t;
XEN_CHECK_SIZE(struct gnttab_dump_table, 4);
XEN_CHECK_OFFSET(struct gnttab_dump_table, dom, 0);
XEN_CHECK_OFFSET(struct gnttab_dump_table, status, 2);

/** struct gnttab_transfer - page transfer (x86 PV only) */
struct gnttab_transfer {
	xen_pfn_t mfn;
	domid_t domid;
	uint16_t pad0; /* implicit in Xen */
	grant_ref_t ref;
	int16_t status;
	uint16_t pad1[3]; /* implicit in Xen */
};
typedef struct gnttab_transfer gnttab_transfer_t;
XEN_CHECK_SIZE(struct gnttab_transfer, 24);
XEN_CHECK_OFFSET(struct gnttab_transfer, mfn, 0);
XEN_CHECK_OFFSET(struct gnttab_transfer, domid, 8);
XEN_CHECK_OFFSET(struct gnttab_transfer, ref, 12);
XEN_CHECK_OFFSET(struct gnttab_transfer, status, 16);

/**
 * struct gnttab_copy - copy `len` bytes (not crossing a page) from
 * `source` to `dest`; each side is a grant ref or a local GFN depending on
 * GNTCOPY_{source,dest}_gref.
 */
struct gnttab_copy {
	struct gnttab_copy_ptr {
		union {
			grant_ref_t ref;
			xen_pfn_t gmfn;
		} u;
		domid_t domid;
		uint16_t offset;
		uint32_t pad; /* implicit in Xen */
	} source, dest;
	uint16_t len;
	uint16_t flags; /* GNTCOPY_* */
	int16_t status; /* OUT: GNTST_* */
	uint16_t pad;   /* implicit in Xen */
};
typedef struct gnttab_copy gnttab_copy_t;
XEN_CHECK_SIZE(struct gnttab_copy_ptr, 16);
XEN_CHECK_OFFSET(struct gnttab_copy_ptr, u.ref, 0);
XEN_CHECK_OFFSET(struct gnttab_copy_ptr, u.gmfn, 0);
XEN_CHECK_OFFSET(struct gnttab_copy_ptr, domid, 8);
XEN_CHECK_OFFSET(struct gnttab_copy_ptr, offset, 10);
XEN_CHECK_SIZE(struct gnttab_copy, 40);
XEN_CHECK_OFFSET(struct gnttab_copy, source, 0);
XEN_CHECK_OFFSET(struct gnttab_copy, source.u, 0);
XEN_CHECK_OFFSET(struct gnttab_copy, source.domid, 8);
XEN_CHECK_OFFSET(struct gnttab_copy, source.offset, 10);
XEN_CHECK_OFFSET(struct gnttab_copy, dest, 16);
XEN_CHECK_OFFSET(struct gnttab_copy, dest.domid, 24);
XEN_CHECK_OFFSET(struct gnttab_copy, dest.offset, 26);
XEN_CHECK_OFFSET(struct gnttab_copy, len, 32);
XEN_CHECK_OFFSET(struct gnttab_copy, flags, 34);
XEN_CHECK_OFFSET(struct gnttab_copy, status, 36);

/** struct gnttab_query_size - current and maximum frames of dom's table */
struct gnttab_query_size {
	domid_t dom;            /* IN */
	uint16_t pad0;          /* implicit in Xen */
	uint32_t nr_frames;     /* OUT */
	uint32_t max_nr_frames; /* OUT */
	int16_t status;         /* OUT: GNTST_* */
	uint16_t pad1;          /* implicit in Xen */
};
typedef struct gnttab_query_size gnttab_query_size_t;
XEN_CHECK_SIZE(struct gnttab_query_size, 16);
XEN_CHECK_OFFSET(struct gnttab_query_size, dom, 0);
XEN_CHECK_OFFSET(struct gnttab_query_size, nr_frames, 4);
XEN_CHECK_OFFSET(struct gnttab_query_size, max_nr_frames, 8);
XEN_CHECK_OFFSET(struct gnttab_query_size, status, 12);

/** struct gnttab_unmap_and_replace - x86 PV only */
struct gnttab_unmap_and_replace {
	uint64_t host_addr;
	uint64_t new_addr;
	grant_handle_t handle;
	int16_t status;
	uint16_t pad; /* implicit in Xen */
};
typedef struct gnttab_unmap_and_replace gnttab_unmap_and_replace_t;
XEN_CHECK_SIZE(struct gnttab_unmap_and_replace, 24);
XEN_CHECK_OFFSET(struct gnttab_unmap_and_replace, host_addr, 0);
XEN_CHECK_OFFSET(struct gnttab_unmap_and_replace, new_addr, 8);
XEN_CHECK_OFFSET(struct gnttab_unmap_and_replace, handle, 16);
XEN_CHECK_OFFSET(struct gnttab_unmap_and_replace, status, 20);

/** struct gnttab_set_version - request a table version (IN/OUT) */
struct gnttab_set_version {
	uint32_t version;
};
typedef struct gnttab_set_version gnttab_set_version_t;
XEN_CHECK_SIZE(struct gnttab_set_version, 4);
XEN_CHECK_OFFSET(struct gnttab_set_version, version, 0);

/** struct gnttab_get_status_frames - v2 status frames (not on Arm) */
struct gnttab_get_status_frames {
	uint32_t nr_frames;
	domid_t dom;
	int16_t status;
	XEN_GUEST_HANDLE(uint64_t) frame_list;
};
typedef struct gnttab_get_status_frames gnttab_get_status_frames_t;
XEN_CHECK_SIZE(struct gnttab_get_status_frames, 16);
XEN_CHECK_OFFSET(struct gnttab_get_status_frames, nr_frames, 0);
XEN_CHECK_OFFSET(struct gnttab_get_status_frames, dom, 4);
XEN_CHECK_OFFSET(struct gnttab_get_status_frames, status, 6);
XEN_CHECK_OFFSET(struct gnttab_get_status_frames, frame_list, 8);

/** struct gnttab_get_version - table version in use by dom */
struct gnttab_get_version {
	domid_t dom;      /* IN */
	uint16_t pad;
	uint32_t version; /* OUT */
};
typedef struct gnttab_get_version gnttab_get_version_t;
XEN_CHECK_SIZE(struct gnttab_get_version, 8);
XEN_CHECK_OFFSET(struct gnttab_get_version, dom, 0);
XEN_CHECK_OFFSET(struct gnttab_get_version, pad, 2);
XEN_CHECK_OFFSET(struct gnttab_get_version, version, 4);

/** struct gnttab_swap_grant_ref - exchange two entries of the caller's table */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a;
	grant_ref_t ref_b;
	int16_t status; /* OUT: GNTST_* */
	uint16_t pad;   /* implicit in Xen */
};
typedef struct gnttab_swap_grant_ref gnttab_swap_grant_ref_t;
XEN_CHECK_SIZE(struct gnttab_swap_grant_ref, 12);
XEN_CHECK_OFFSET(struct gnttab_swap_grant_ref, ref_a, 0);
XEN_CHECK_OFFSET(struct gnttab_swap_grant_ref, ref_b, 4);
XEN_CHECK_OFFSET(struct gnttab_swap_grant_ref, status, 8);

/**
 * struct gnttab_cache_flush - cache maintenance on [offset, offset+length)
 * of a granted frame, named by machine address or (GNTTAB_CACHE_SOURCE_GREF)
 * by grant ref.
 */
struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;
	uint16_t offset;
	uint16_t length;
	uint32_t op; /* GNTTAB_CACHE_* */
};
typedef struct gnttab_cache_flush gnttab_cache_flush_t;
XEN_CHECK_SIZE(struct gnttab_cache_flush, 16);
XEN_CHECK_OFFSET(struct gnttab_cache_flush, a, 0);
XEN_CHECK_OFFSET(struct gnttab_cache_flush, a.dev_bus_addr, 0);
XEN_CHECK_OFFSET(struct gnttab_cache_flush, a.ref, 0);
XEN_CHECK_OFFSET(struct gnttab_cache_flush, offset, 8);
XEN_CHECK_OFFSET(struct gnttab_cache_flush, length, 10);
XEN_CHECK_OFFSET(struct gnttab_cache_flush, op, 12);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_GRANT_TABLE_H */
