/* SPDX-License-Identifier: MIT */
/*
 * Feature bits returned by XENVER_get_features (Xen public features.h; docs
 * xen-abi-arm64.md section 3.3). Only submap 0 exists. Xen 4.17 on Arm
 * reports writable_page_tables, auto_translated_physmap,
 * memory_op_vnode_supported and ARM_SMCCC_supported to every domain, dom0
 * for the hardware domain, and exactly one of not_direct_mapped /
 * direct_mapped: a domU sees 0x00016005, a direct-mapped dom0 0x00026805.
 */
#ifndef XEN_PUBLIC_FEATURES_H
#define XEN_PUBLIC_FEATURES_H

#define XENFEAT_writable_page_tables 0
#define XENFEAT_writable_descriptor_tables 1
#define XENFEAT_auto_translated_physmap 2 /* guest uses GFNs, hypervisor translates */
#define XENFEAT_supervisor_mode_kernel 3
#define XENFEAT_pae_pgdir_above_4gb 4
#define XENFEAT_mmu_pt_update_preserve_ad 5
#define XENFEAT_highmem_assist 6
#define XENFEAT_gnttab_map_avail_bits 7
#define XENFEAT_hvm_callback_vector 8
#define XENFEAT_hvm_safe_pvclock 9
#define XENFEAT_hvm_pirqs 10
#define XENFEAT_dom0 11 /* the domain is the hardware/control domain */
#define XENFEAT_memory_op_vnode_supported 13
#define XENFEAT_ARM_SMCCC_supported 14 /* SMCCC over HVC #0 is available */
#define XENFEAT_linux_rsdp_unrestricted 15
#define XENFEAT_not_direct_mapped 16 /* guest physical != host physical */
#define XENFEAT_direct_mapped 17     /* guest physical == host physical */

/* Number of 32-bit submaps XENVER_get_features accepts (index 0 only) */
#define XENFEAT_NR_SUBMAPS 1

#endif /* XEN_PUBLIC_FEATURES_H */
