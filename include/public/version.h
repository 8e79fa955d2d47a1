/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_xen_version(cmd, arg) sub-ops and their buffers (Xen public
 * version.h; docs xen-abi-arm64.md section 3.3), plus the version hospes
 * reports: it speaks the ABI of Xen 4.17.
 *
 * XENVER_version and XENVER_pagesize take no buffer and return their value
 * directly; the string sub-ops fill fixed-size, NUL-terminated char arrays.
 */
#ifndef XEN_PUBLIC_VERSION_H
#define XEN_PUBLIC_VERSION_H

#include "xen.h"
#include "features.h"

/* The Xen release whose ABI hospes implements */
#define XEN_ABI_VERSION_MAJOR 4
#define XEN_ABI_VERSION_MINOR 17
/* XENVER_version result: major << 16 | minor */
#define XEN_ABI_VERSION ((XEN_ABI_VERSION_MAJOR << 16) | XEN_ABI_VERSION_MINOR)
/* XENVER_capabilities for an AArch64-only host (libxenguest looks for it) */
#define XEN_ABI_CAPABILITIES "xen-3.0-aarch64 "
/* First string of the /hypervisor node's compatible property */
#define XEN_ABI_DT_COMPATIBLE "xen,xen-4.17"

#define XENVER_version 0 /* arg NULL; returns major << 16 | minor */

#define XENVER_extraversion 1 /* arg: xen_extraversion_t */
#define XEN_EXTRAVERSION_LEN 16

#define XENVER_compile_info 2 /* arg: struct xen_compile_info */

#define XENVER_capabilities 3 /* arg: xen_capabilities_info_t */
#define XEN_CAPABILITIES_INFO_LEN 1024

#define XENVER_changeset 4 /* arg: xen_changeset_info_t */
#define XEN_CHANGESET_INFO_LEN 64

#define XENVER_platform_parameters 5 /* arg: struct xen_platform_parameters */
#define XENVER_get_features 6        /* arg: struct xen_feature_info */
#define XENVER_pagesize 7            /* arg NULL; returns the page size */
#define XENVER_guest_handle 8        /* arg: xen_domain_handle_t of the caller */

#define XENVER_commandline 9 /* arg: xen_commandline_t */
#define XEN_COMMANDLINE_LEN 1024

#define XENVER_build_id 10 /* arg: struct xen_build_id (NULL: returns size) */

#ifndef __ASSEMBLY__

typedef char xen_extraversion_t[XEN_EXTRAVERSION_LEN];
typedef char xen_capabilities_info_t[XEN_CAPABILITIES_INFO_LEN];
typedef char xen_changeset_info_t[XEN_CHANGESET_INFO_LEN];
typedef char xen_commandline_t[XEN_COMMANDLINE_LEN];

/** struct xen_compile_info - XENVER_compile_info: who built the hypervisor */
struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};
typedef struct xen_compile_info xen_compile_info_t;
XEN_CHECK_SIZE(struct xen_compile_info, 144);
XEN_CHECK_OFFSET(struct xen_compile_info, compiler, 0);
XEN_CHECK_OFFSET(struct xen_compile_info, compile_by, 64);
XEN_CHECK_OFFSET(struct xen_compile_info, compile_domain, 80);
XEN_CHECK_OFFSET(struct xen_compile_info, compile_date, 112);

/** struct xen_platform_parameters - XENVER_platform_parameters */
struct xen_platform_parameters {
	xen_ulong_t virt_start; /* lowest hypervisor virtual address (display only) */
};
typedef struct xen_platform_parameters xen_platform_parameters_t;
XEN_CHECK_SIZE(struct xen_platform_parameters, 8);
XEN_CHECK_OFFSET(struct xen_platform_parameters, virt_start, 0);

/**
 * struct xen_feature_info - XENVER_get_features: the caller names a 32-bit
 * submap (only 0 is valid) and gets its XENFEAT_* bits back.
 */
struct xen_feature_info {
	uint32_t submap_idx; /* IN */
	uint32_t submap;     /* OUT */
};
typedef struct xen_feature_info xen_feature_info_t;
XEN_CHECK_SIZE(struct xen_feature_info, 8);
XEN_CHECK_OFFSET(struct xen_feature_info, submap_idx, 0);
XEN_CHECK_OFFSET(struct xen_feature_info, submap, 4);

/**
 * struct xen_build_id - XENVER_build_id: `len` is the buffer size on input;
 * the call returns the number of bytes written to buf.
 */
struct xen_build_id {
	uint32_t len;
	unsigned char buf[];
};
typedef struct xen_build_id xen_build_id_t;
XEN_CHECK_SIZE(struct xen_build_id, 4);
XEN_CHECK_OFFSET(struct xen_build_id, len, 0);
XEN_CHECK_OFFSET(struct xen_build_id, buf, 4);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_VERSION_H */
