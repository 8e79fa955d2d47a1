/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_hvm_op(op, arg) and the per-domain HVM parameters (Xen
 * public hvm/hvm_op.h and hvm/params.h; docs xen-abi-arm64.md section 3.3
 * "hvm_op").
 *
 * On Arm only HVMOP_set_param / HVMOP_get_param exist. A guest may read
 * its own CALLBACK_IRQ, STORE_*, CONSOLE_* parameters; only another
 * (privileged) domain may set them. Unset parameters read as 0.
 */
#ifndef XEN_PUBLIC_HVM_PARAMS_H
#define XEN_PUBLIC_HVM_PARAMS_H

#include "xen.h"

#define HVMOP_set_param 0 /* struct xen_hvm_param */
#define HVMOP_get_param 1 /* struct xen_hvm_param */
#define HVMOP_flush_tlbs 5
#define HVMOP_pagetable_dying 9
#define HVMOP_get_time 10
#define HVMOP_xentrace 11
#define HVMOP_set_mem_access 12
#define HVMOP_get_mem_access 13
#define HVMOP_get_mem_type 15
#define HVMOP_set_evtchn_upcall_vector 23 /* x86 only */
#define HVMOP_guest_request_vm_event 24
#define HVMOP_altp2m 25

/* ------------------------------------------------------- parameter indices */

/*
 * Event-channel upcall. On Arm the value is
 * (HVM_PARAM_CALLBACK_TYPE_PPI << 56) | (flags << 8) | PPI INTID,
 * flags bit 0 = edge, bit 1 = active-low: Xen stores 0x020000000000021F
 * for a domU (PPI 31, level, active-low).
 */
#define HVM_PARAM_CALLBACK_IRQ 0
#define HVM_PARAM_CALLBACK_IRQ_TYPE_MASK XEN_MK_U64(0xFF00000000000000)
#define HVM_PARAM_CALLBACK_TYPE_GSI 0
#define HVM_PARAM_CALLBACK_TYPE_PCI_INTX 1
#define HVM_PARAM_CALLBACK_TYPE_PPI 2
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_MASK 0xFF00
#define HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL 2

#define HVM_PARAM_STORE_PFN 1    /* xenstore ring GFN; ~0 = "not yet, wait" */
#define HVM_PARAM_STORE_EVTCHN 2 /* xenstore event channel (guest side) */
#define HVM_PARAM_PAE_ENABLED 4
#define HVM_PARAM_IOREQ_PFN 5
#define HVM_PARAM_BUFIOREQ_PFN 6
#define HVM_PARAM_VIRIDIAN 9 /* x86 only */
#define HVM_PARAM_TIMER_MODE 10
#define HVM_PARAM_HPET_ENABLED 11
#define HVM_PARAM_IDENT_PT 12
#define HVM_PARAM_DM_DOMAIN 13
#define HVM_PARAM_ACPI_S_STATE 14
#define HVM_PARAM_VM86_TSS 15
#define HVM_PARAM_VPT_ALIGN 16
#define HVM_PARAM_CONSOLE_PFN 17    /* PV console ring GFN */
#define HVM_PARAM_CONSOLE_EVTCHN 18 /* PV console event channel (guest side) */
#define HVM_PARAM_ACPI_IOPORTS_LOCATION 19
#define HVM_PARAM_MEMORY_EVENT_CR0 20
#define HVM_PARAM_MEMORY_EVENT_CR3 21
#define HVM_PARAM_MEMORY_EVENT_CR4 22
#define HVM_PARAM_MEMORY_EVENT_INT3 23
#define HVM_PARAM_NESTEDHVM 24
#define HVM_PARAM_MEMORY_EVENT_SINGLE_STEP 25
#define HVM_PARAM_BUFIOREQ_EVTCHN 26
#define HVM_PARAM_PAGING_RING_PFN 27
#define HVM_PARAM_MONITOR_RING_PFN 28 /* vm_event ring; not readable by self */
#define HVM_PARAM_SHARING_RING_PFN 29
#define HVM_PARAM_MEMORY_EVENT_MSR 30
#define HVM_PARAM_TRIPLE_FAULT_REASON 31
#define HVM_PARAM_IOREQ_SERVER_PFN 32
#define HVM_PARAM_NR_IOREQ_SERVER_PAGES 33
#define HVM_PARAM_VM_GENERATION_ID_ADDR 34
#define HVM_PARAM_ALTP2M 35
#define HVM_PARAM_X87_FIP_WIDTH 36
#define HVM_PARAM_VM86_TSS_SIZED 37
#define HVM_PARAM_MCA_CAP 38
#define HVM_NR_PARAMS 39

#ifndef __ASSEMBLY__

/** struct xen_hvm_param - HVMOP_set_param / HVMOP_get_param */
struct xen_hvm_param {
	domid_t domid;  /* IN: DOMID_SELF or a domain id */
	uint16_t pad;
	uint32_t index; /* IN: HVM_PARAM_* */
	uint64_t value; /* IN (set) / OUT (get) */
};
typedef struct xen_hvm_param xen_hvm_param_t;
XEN_CHECK_SIZE(struct xen_hvm_param, 16);
XEN_CHECK_OFFSET(struct xen_hvm_param, domid, 0);
XEN_CHECK_OFFSET(struct xen_hvm_param, pad, 2);
XEN_CHECK_OFFSET(struct xen_hvm_param, index, 4);
XEN_CHECK_OFFSET(struct xen_hvm_param, value, 8);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_HVM_PARAMS_H */
