/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_domctl(struct xen_domctl *): per-domain control operations
 * of the toolstack (Xen public domctl.h; docs xen-abi-arm64.md section 8).
 *
 * Only the control domain may call it (others: -XEN_EPERM). The envelope's
 * interface_version must equal XEN_DOMCTL_INTERFACE_VERSION (else
 * -XEN_EACCES). Operations with OUT fields copy the whole 144-byte envelope
 * back. Defined here are the sub-ops a Debian xl 4.17 toolstack uses on Arm;
 * the envelope's union is padded to Xen's 128 bytes so any other sub-op
 * still fits.
 */
#ifndef XEN_PUBLIC_DOMCTL_H
#define XEN_PUBLIC_DOMCTL_H

#include "xen.h"
#include "event_channel.h"

#define XEN_DOMCTL_INTERFACE_VERSION 0x00000015

/* ------------------------------------------------------------ sub-op numbers */

#define XEN_DOMCTL_createdomain 1
#define XEN_DOMCTL_destroydomain 2
#define XEN_DOMCTL_pausedomain 3
#define XEN_DOMCTL_unpausedomain 4
#define XEN_DOMCTL_getdomaininfo 5
#define XEN_DOMCTL_setvcpuaffinity 9
#define XEN_DOMCTL_shadow_op 10
#define XEN_DOMCTL_max_mem 11
#define XEN_DOMCTL_setvcpucontext 12
#define XEN_DOMCTL_getvcpucontext 13
#define XEN_DOMCTL_getvcpuinfo 14
#define XEN_DOMCTL_max_vcpus 15
#define XEN_DOMCTL_scheduler_op 16
#define XEN_DOMCTL_setdomainhandle 17
#define XEN_DOMCTL_setdebugging 18
#define XEN_DOMCTL_irq_permission 19
#define XEN_DOMCTL_iomem_permission 20
#define XEN_DOMCTL_ioport_permission 21
#define XEN_DOMCTL_hypercall_init 22
#define XEN_DOMCTL_settimeoffset 24
#define XEN_DOMCTL_getvcpuaffinity 25
#define XEN_DOMCTL_real_mode_area 26
#define XEN_DOMCTL_resumedomain 27
#define XEN_DOMCTL_sendtrigger 28
#define XEN_DOMCTL_subscribe 29
#define XEN_DOMCTL_gethvmcontext 33
#define XEN_DOMCTL_sethvmcontext 34
#define XEN_DOMCTL_set_address_size 35
#define XEN_DOMCTL_get_address_size 36
#define XEN_DOMCTL_assign_device 37
#define XEN_DOMCTL_bind_pt_irq 38
#define XEN_DOMCTL_memory_mapping 39
#define XEN_DOMCTL_ioport_mapping 40
#define XEN_DOMCTL_set_ext_vcpucontext 42
#define XEN_DOMCTL_get_ext_vcpucontext 43
#define XEN_DOMCTL_set_opt_feature 44
#define XEN_DOMCTL_test_assign_device 45
#define XEN_DOMCTL_set_target 46
#define XEN_DOMCTL_deassign_device 47
#define XEN_DOMCTL_unbind_pt_irq 48
#define XEN_DOMCTL_get_device_group 50
#define XEN_DOMCTL_debug_op 54
#define XEN_DOMCTL_gethvmcontext_partial 55
#define XEN_DOMCTL_vm_event_op 56
#define XEN_DOMCTL_mem_sharing_op 57
#define XEN_DOMCTL_gettscinfo 59
#define XEN_DOMCTL_settscinfo 60
#define XEN_DOMCTL_getpageframeinfo3 61
#define XEN_DOMCTL_setvcpuextstate 62
#define XEN_DOMCTL_getvcpuextstate 63
#define XEN_DOMCTL_set_access_required 64
#define XEN_DOMCTL_audit_p2m 65
#define XEN_DOMCTL_set_virq_handler 66
#define XEN_DOMCTL_set_broken_page_p2m 67
#define XEN_DOMCTL_setnodeaffinity 68
#define XEN_DOMCTL_getnodeaffinity 69
#define XEN_DOMCTL_cacheflush 71
#define XEN_DOMCTL_get_vcpu_msrs 72
#define XEN_DOMCTL_set_vcpu_msrs 73
#define XEN_DOMCTL_setvnumainfo 74
#define XEN_DOMCTL_psr_cmt_op 75
#define XEN_DOMCTL_monitor_op 77
#define XEN_DOMCTL_psr_alloc 78
#define XEN_DOMCTL_soft_reset 79
#define XEN_DOMCTL_vuart_op 81
#define XEN_DOMCTL_get_cpu_policy 82
#define XEN_DOMCTL_set_cpu_policy 83
#define XEN_DOMCTL_vmtrace_op 84
#define XEN_DOMCTL_get_paging_mempool_size 85
#define XEN_DOMCTL_set_paging_mempool_size 86
#define XEN_DOMCTL_gdbsx_guestmemio 1000
#define XEN_DOMCTL_gdbsx_pausevcpu 1001
#define XEN_DOMCTL_gdbsx_unpausevcpu 1002
#define XEN_DOMCTL_gdbsx_domstatus 1003

/* ---------------------------------------------------------------- constants */

/* xen_domctl_createdomain.flags */
#define _XEN_DOMCTL_CDF_hvm 0
#define XEN_DOMCTL_CDF_hvm (1U << _XEN_DOMCTL_CDF_hvm)
#define _XEN_DOMCTL_CDF_hap 1
#define XEN_DOMCTL_CDF_hap (1U << _XEN_DOMCTL_CDF_hap)
#define _XEN_DOMCTL_CDF_s3_integrity 2
#define XEN_DOMCTL_CDF_s3_integrity (1U << _XEN_DOMCTL_CDF_s3_integrity)
#define _XEN_DOMCTL_CDF_oos_off 3
#define XEN_DOMCTL_CDF_oos_off (1U << _XEN_DOMCTL_CDF_oos_off)
#define _XEN_DOMCTL_CDF_xs_domain 4
#define XEN_DOMCTL_CDF_xs_domain (1U << _XEN_DOMCTL_CDF_xs_domain)
#define _XEN_DOMCTL_CDF_iommu 5
#define XEN_DOMCTL_CDF_iommu (1U << _XEN_DOMCTL_CDF_iommu)
#define _XEN_DOMCTL_CDF_nested_virt 6
#define XEN_DOMCTL_CDF_nested_virt (1U << _XEN_DOMCTL_CDF_nested_virt)
#define XEN_DOMCTL_CDF_vpmu (1U << 7)
#define XEN_DOMCTL_CDF_MAX XEN_DOMCTL_CDF_vpmu

/* xen_domctl_createdomain.iommu_opts */
#define _XEN_DOMCTL_IOMMU_no_sharept 0
#define XEN_DOMCTL_IOMMU_no_sharept (1U << _XEN_DOMCTL_IOMMU_no_sharept)
#define XEN_DOMCTL_IOMMU_MAX XEN_DOMCTL_IOMMU_no_sharept

/* xen_domctl_createdomain.grant_opts: highest grant-table version allowed */
#define XEN_DOMCTL_GRANT_version_mask 0xf
#define XEN_DOMCTL_GRANT_version(v) ((v) & XEN_DOMCTL_GRANT_version_mask)

/* xen_domctl_getdomaininfo.flags */
#define _XEN_DOMINF_dying 0
#define XEN_DOMINF_dying (1U << _XEN_DOMINF_dying)
#define _XEN_DOMINF_hvm_guest 1
#define XEN_DOMINF_hvm_guest (1U << _XEN_DOMINF_hvm_guest)
#define _XEN_DOMINF_shutdown 2
#define XEN_DOMINF_shutdown (1U << _XEN_DOMINF_shutdown)
#define _XEN_DOMINF_paused 3
#define XEN_DOMINF_paused (1U << _XEN_DOMINF_paused)
#define _XEN_DOMINF_blocked 4
#define XEN_DOMINF_blocked (1U << _XEN_DOMINF_blocked)
#define _XEN_DOMINF_running 5
#define XEN_DOMINF_running (1U << _XEN_DOMINF_running)
#define _XEN_DOMINF_debugged 6
#define XEN_DOMINF_debugged (1U << _XEN_DOMINF_debugged)
#define _XEN_DOMINF_xs_domain 7
#define XEN_DOMINF_xs_domain (1U << _XEN_DOMINF_xs_domain)
#define _XEN_DOMINF_hap 8
#define XEN_DOMINF_hap (1U << _XEN_DOMINF_hap)
/* SHUTDOWN_* reason of a shut-down domain, in flags bits 16..23 */
#define XEN_DOMINF_shutdownmask 255
#define XEN_DOMINF_shutdownshift 16

/* xen_domctl_getdomaininfo.max_vcpu_id of a domain without vCPUs */
#define XEN_INVALID_MAX_VCPU_ID (~0U)

/* xen_domctl_vcpuaffinity.flags */
#define _XEN_VCPUAFFINITY_HARD 0
#define XEN_VCPUAFFINITY_HARD (1U << _XEN_VCPUAFFINITY_HARD)
#define _XEN_VCPUAFFINITY_SOFT 1
#define XEN_VCPUAFFINITY_SOFT (1U << _XEN_VCPUAFFINITY_SOFT)
#define _XEN_VCPUAFFINITY_FORCE 2
#define XEN_VCPUAFFINITY_FORCE (1U << _XEN_VCPUAFFINITY_FORCE)

/* Scheduler ids (sched_id of scheduler_op, sysctl sched_id, cpupool_op) */
#define XEN_SCHEDULER_CREDIT 5
#define XEN_SCHEDULER_CREDIT2 6
#define XEN_SCHEDULER_ARINC653 7
#define XEN_SCHEDULER_RTDS 8
#define XEN_SCHEDULER_NULL 9

/* xen_domctl_scheduler_op.cmd */
#define XEN_DOMCTL_SCHEDOP_putinfo 0
#define XEN_DOMCTL_SCHEDOP_getinfo 1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo 2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo 3

/* xen_domctl_sched_rtds.flags */
#define _XEN_DOMCTL_SCHEDRT_extra 0
#define XEN_DOMCTL_SCHEDRT_extra (1U << _XEN_DOMCTL_SCHEDRT_extra)

/* xen_domctl_vuart_op */
#define XEN_DOMCTL_VUART_OP_INIT 0
#define XEN_DOMCTL_VUART_TYPE_VPL011 0

#ifndef __ASSEMBLY__

/* ------------------------------------------------------------ sub-op structs */

/**
 * struct xen_domctl_createdomain - XEN_DOMCTL_createdomain. The new domain
 * starts paused without vCPUs (see max_vcpus). Envelope `domain` is 0 or
 * >= DOMID_FIRST_RESERVED to let the hypervisor pick the id, and carries
 * the new id on return; arch.gic_version is resolved on return.
 */
struct xen_domctl_createdomain {
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t flags;      /* XEN_DOMCTL_CDF_* */
	uint32_t iommu_opts; /* XEN_DOMCTL_IOMMU_* */
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames;    /* < 0: default */
	int32_t max_maptrack_frames; /* < 0: default */
	uint32_t grant_opts;         /* XEN_DOMCTL_GRANT_version(v) */
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};
XEN_CHECK_SIZE(struct xen_domctl_createdomain, 68);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, ssidref, 0);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, handle, 4);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, flags, 20);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, iommu_opts, 24);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, max_vcpus, 28);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, max_evtchn_port, 32);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, max_grant_frames, 36);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, max_maptrack_frames, 40);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, grant_opts, 44);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, vmtrace_size, 48);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, cpupool_id, 52);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, arch, 56);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, arch.gic_version, 56);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, arch.tee_type, 58);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, arch.nr_spis, 60);
XEN_CHECK_OFFSET(struct xen_domctl_createdomain, arch.clock_frequency, 64);

/**
 * struct xen_domctl_getdomaininfo - XEN_DOMCTL_getdomaininfo record (also
 * the element of sysctl getdomaininfolist). getdomaininfo returns the
 * first existing domain whose id is >= the requested one.
 */
struct xen_domctl_getdomaininfo {
	domid_t domain;
	uint16_t pad1;
	uint32_t flags; /* XEN_DOMINF_* */
	uint64_t tot_pages;
	uint64_t max_pages;
	uint64_t outstanding_pages;
	uint64_t shr_pages;
	uint64_t paged_pages;
	uint64_t shared_info_frame; /* GFN of shared_info */
	uint64_t cpu_time;          /* ns */
	uint32_t nr_online_vcpus;
	uint32_t max_vcpu_id;
	uint32_t ssidref;
	xen_domain_handle_t handle;
	uint32_t cpupool;
	uint8_t gpaddr_bits; /* guest physical address width */
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
	uint32_t pad3; /* implicit in Xen */
};
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_getdomaininfo_t);
XEN_CHECK_SIZE(struct xen_domctl_getdomaininfo, 120);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, domain, 0);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, pad1, 2);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, flags, 4);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, tot_pages, 8);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, max_pages, 16);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, outstanding_pages, 24);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, shr_pages, 32);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, paged_pages, 40);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, shared_info_frame, 48);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, cpu_time, 56);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, nr_online_vcpus, 64);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, max_vcpu_id, 68);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, ssidref, 72);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, handle, 76);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, cpupool, 92);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, gpaddr_bits, 96);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, pad2, 97);
XEN_CHECK_OFFSET(struct xen_domctl_getdomaininfo, arch_config, 104);

/** struct xen_domctl_max_mem - XEN_DOMCTL_max_mem: memory limit in KiB */
struct xen_domctl_max_mem {
	uint64_t max_memkb;
};
XEN_CHECK_SIZE(struct xen_domctl_max_mem, 8);
XEN_CHECK_OFFSET(struct xen_domctl_max_mem, max_memkb, 0);

/**
 * struct xen_domctl_vcpucontext - XEN_DOMCTL_set/getvcpucontext: `ctxt`
 * points at a struct vcpu_guest_context in the caller's memory.
 */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;
	uint32_t pad; /* implicit in Xen */
	XEN_GUEST_HANDLE_64(vcpu_guest_context_t) ctxt;
};
XEN_CHECK_SIZE(struct xen_domctl_vcpucontext, 16);
XEN_CHECK_OFFSET(struct xen_domctl_vcpucontext, vcpu, 0);
XEN_CHECK_OFFSET(struct xen_domctl_vcpucontext, ctxt, 8);

/** struct xen_domctl_getvcpuinfo - XEN_DOMCTL_getvcpuinfo */
struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;     /* IN */
	uint8_t online;    /* OUT */
	uint8_t blocked;   /* OUT */
	uint8_t running;   /* OUT */
	uint8_t pad0;      /* implicit in Xen */
	uint64_t cpu_time; /* OUT: ns */
	uint32_t cpu;      /* OUT: physical CPU */
	uint32_t pad1;     /* implicit in Xen */
};
XEN_CHECK_SIZE(struct xen_domctl_getvcpuinfo, 24);
XEN_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, vcpu, 0);
XEN_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, online, 4);
XEN_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, blocked, 5);
XEN_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, running, 6);
XEN_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, cpu_time, 8);
XEN_CHECK_OFFSET(struct xen_domctl_getvcpuinfo, cpu, 16);

/** struct xen_domctl_nodeaffinity - XEN_DOMCTL_set/getnodeaffinity */
struct xen_domctl_nodeaffinity {
	struct xenctl_bitmap nodemap;
};
XEN_CHECK_SIZE(struct xen_domctl_nodeaffinity, 16);
XEN_CHECK_OFFSET(struct xen_domctl_nodeaffinity, nodemap, 0);

/** struct xen_domctl_vcpuaffinity - XEN_DOMCTL_set/getvcpuaffinity */
struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;
	uint32_t flags; /* XEN_VCPUAFFINITY_* */
	struct xenctl_bitmap cpumap_hard;
	struct xenctl_bitmap cpumap_soft;
};
XEN_CHECK_SIZE(struct xen_domctl_vcpuaffinity, 40);
XEN_CHECK_OFFSET(struct xen_domctl_vcpuaffinity, vcpu, 0);
XEN_CHECK_OFFSET(struct xen_domctl_vcpuaffinity, flags, 4);
XEN_CHECK_OFFSET(struct xen_domctl_vcpuaffinity, cpumap_hard, 8);
XEN_CHECK_OFFSET(struct xen_domctl_vcpuaffinity, cpumap_soft, 24);

/** struct xen_domctl_max_vcpus - XEN_DOMCTL_max_vcpus: allocate the vCPUs */
struct xen_domctl_max_vcpus {
	uint32_t max;
};
XEN_CHECK_SIZE(struct xen_domctl_max_vcpus, 4);
XEN_CHECK_OFFSET(struct xen_domctl_max_vcpus, max, 0);

/* Per-scheduler parameters of scheduler_op */
struct xen_domctl_sched_credit {
	uint16_t weight;
	uint16_t cap;
};
XEN_CHECK_SIZE(struct xen_domctl_sched_credit, 4);
XEN_CHECK_OFFSET(struct xen_domctl_sched_credit, weight, 0);
XEN_CHECK_OFFSET(struct xen_domctl_sched_credit, cap, 2);

struct xen_domctl_sched_credit2 {
	uint16_t weight;
	uint16_t cap;
};
XEN_CHECK_SIZE(struct xen_domctl_sched_credit2, 4);
XEN_CHECK_OFFSET(struct xen_domctl_sched_credit2, weight, 0);
XEN_CHECK_OFFSET(struct xen_domctl_sched_credit2, cap, 2);

struct xen_domctl_sched_rtds {
	uint32_t period;
	uint32_t budget;
	uint32_t flags; /* XEN_DOMCTL_SCHEDRT_* */
};
XEN_CHECK_SIZE(struct xen_domctl_sched_rtds, 12);
XEN_CHECK_OFFSET(struct xen_domctl_sched_rtds, period, 0);
XEN_CHECK_OFFSET(struct xen_domctl_sched_rtds, budget, 4);
XEN_CHECK_OFFSET(struct xen_domctl_sched_rtds, flags, 8);

/** struct xen_domctl_schedparam_vcpu - element of per-vCPU scheduler_op */
typedef struct xen_domctl_schedparam_vcpu {
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
	} u;
	uint32_t vcpuid;
} xen_domctl_schedparam_vcpu_t;
DEFINE_XEN_GUEST_HANDLE(xen_domctl_schedparam_vcpu_t);
XEN_CHECK_SIZE(struct xen_domctl_schedparam_vcpu, 16);
XEN_CHECK_OFFSET(struct xen_domctl_schedparam_vcpu, u, 0);
XEN_CHECK_OFFSET(struct xen_domctl_schedparam_vcpu, vcpuid, 12);

/**
 * struct xen_domctl_scheduler_op - XEN_DOMCTL_scheduler_op: get/put the
 * domain's (or, with u.v, some vCPUs') parameters for scheduler sched_id.
 */
struct xen_domctl_scheduler_op {
	uint32_t sched_id; /* XEN_SCHEDULER_* */
	uint32_t cmd;      /* XEN_DOMCTL_SCHEDOP_* */
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
		struct {
			XEN_GUEST_HANDLE_64(xen_domctl_schedparam_vcpu_t) vcpus;
			uint32_t nr_vcpus;
			uint32_t padding;
		} v;
	} u;
};
XEN_CHECK_SIZE(struct xen_domctl_scheduler_op, 24);
XEN_CHECK_OFFSET(struct xen_domctl_scheduler_op, sched_id, 0);
XEN_CHECK_OFFSET(struct xen_domctl_scheduler_op, cmd, 4);
XEN_CHECK_OFFSET(struct xen_domctl_scheduler_op, u, 8);
XEN_CHECK_OFFSET(struct xen_domctl_scheduler_op, u.credit.weight, 8);
XEN_CHECK_OFFSET(struct xen_domctl_scheduler_op, u.credit.cap, 10);
XEN_CHECK_OFFSET(struct xen_domctl_scheduler_op, u.rtds.flags, 16);
XEN_CHECK_OFFSET(struct xen_domctl_scheduler_op, u.v.vcpus, 8);
XEN_CHECK_OFFSET(struct xen_domctl_scheduler_op, u.v.nr_vcpus, 16);

/** struct xen_domctl_setdomainhandle - XEN_DOMCTL_setdomainhandle (UUID) */
struct xen_domctl_setdomainhandle {
	xen_domain_handle_t handle;
};
XEN_CHECK_SIZE(struct xen_domctl_setdomainhandle, 16);
XEN_CHECK_OFFSET(struct xen_domctl_setdomainhandle, handle, 0);

/** struct xen_domctl_setdebugging - XEN_DOMCTL_setdebugging */
struct xen_domctl_setdebugging {
	uint8_t enable;
};
XEN_CHECK_SIZE(struct xen_domctl_setdebugging, 1);

/** struct xen_domctl_irq_permission - XEN_DOMCTL_irq_permission */
struct xen_domctl_irq_permission {
	uint32_t pirq;
	uint8_t allow_access;
	uint8_t pad[3];
};
XEN_CHECK_SIZE(struct xen_domctl_irq_permission, 8);
XEN_CHECK_OFFSET(struct xen_domctl_irq_permission, pirq, 0);
XEN_CHECK_OFFSET(struct xen_domctl_irq_permission, allow_access, 4);

/** struct xen_domctl_iomem_permission - XEN_DOMCTL_iomem_permission */
struct xen_domctl_iomem_permission {
	uint64_t first_mfn;
	uint64_t nr_mfns;
	uint8_t allow_access;
	uint8_t pad[7]; /* implicit in Xen */
};
XEN_CHECK_SIZE(struct xen_domctl_iomem_permission, 24);
XEN_CHECK_OFFSET(struct xen_domctl_iomem_permission, first_mfn, 0);
XEN_CHECK_OFFSET(struct xen_domctl_iomem_permission, nr_mfns, 8);
XEN_CHECK_OFFSET(struct xen_domctl_iomem_permission, allow_access, 16);

/** struct xen_domctl_settimeoffset - XEN_DOMCTL_settimeoffset */
struct xen_domctl_settimeoffset {
	int64_t time_offset_seconds;
};
XEN_CHECK_SIZE(struct xen_domctl_settimeoffset, 8);
XEN_CHECK_OFFSET(struct xen_domctl_settimeoffset, time_offset_seconds, 0);

/** struct xen_domctl_address_size - XEN_DOMCTL_set/get_address_size */
struct xen_domctl_address_size {
	uint32_t size; /* 64 for AArch64 guests */
};
XEN_CHECK_SIZE(struct xen_domctl_address_size, 4);
XEN_CHECK_OFFSET(struct xen_domctl_address_size, size, 0);

/** struct xen_domctl_set_virq_handler - XEN_DOMCTL_set_virq_handler */
struct xen_domctl_set_virq_handler {
	uint32_t virq;
};
XEN_CHECK_SIZE(struct xen_domctl_set_virq_handler, 4);
XEN_CHECK_OFFSET(struct xen_domctl_set_virq_handler, virq, 0);

/** struct xen_domctl_cacheflush - clean+invalidate GFNs [start_pfn, +nr_pfns) */
struct xen_domctl_cacheflush {
	xen_pfn_t start_pfn;
	xen_pfn_t nr_pfns;
};
XEN_CHECK_SIZE(struct xen_domctl_cacheflush, 16);
XEN_CHECK_OFFSET(struct xen_domctl_cacheflush, start_pfn, 0);
XEN_CHECK_OFFSET(struct xen_domctl_cacheflush, nr_pfns, 8);

/**
 * struct xen_domctl_vuart_op - XEN_DOMCTL_vuart_op: give the domain a
 * vpl011 whose ring is at `gfn`, served by console_domid; returns the
 * guest-side event channel in evtchn.
 */
struct xen_domctl_vuart_op {
	uint32_t cmd;  /* XEN_DOMCTL_VUART_OP_* */
	uint32_t type; /* XEN_DOMCTL_VUART_TYPE_* */
	uint64_t gfn;
	domid_t console_domid;
	uint8_t pad[2];
	evtchn_port_t evtchn; /* OUT */
};
XEN_CHECK_SIZE(struct xen_domctl_vuart_op, 24);
XEN_CHECK_OFFSET(struct xen_domctl_vuart_op, cmd, 0);
XEN_CHECK_OFFSET(struct xen_domctl_vuart_op, type, 4);
XEN_CHECK_OFFSET(struct xen_domctl_vuart_op, gfn, 8);
XEN_CHECK_OFFSET(struct xen_domctl_vuart_op, console_domid, 16);
XEN_CHECK_OFFSET(struct xen_domctl_vuart_op, pad, 18);
XEN_CHECK_OFFSET(struct xen_domctl_vuart_op, evtchn, 20);

/** struct xen_domctl_paging_mempool - get/set_paging_mempool_size (bytes) */
struct xen_domctl_paging_mempool {
	uint64_t size;
};
XEN_CHECK_SIZE(struct xen_domctl_paging_mempool, 8);
XEN_CHECK_OFFSET(struct xen_domctl_paging_mempool, size, 0);

/**
 * struct xen_domctl_debug_op - XEN_DOMCTL_debug_op: single-step one vCPU of a
 * domain being debugged (setdebugging) on or off. On Arm (hospes) a vCPU
 * that completes one instruction with stepping on pauses its domain and is
 * reported by gdbsx_domstatus with vcpu_ev XEN_GDBSX_EV_STEP.
 */
struct xen_domctl_debug_op {
	uint32_t op; /* XEN_DOMCTL_DEBUG_OP_* */
	uint32_t vcpu;
};
#define XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_OFF 0
#define XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_ON 1
XEN_CHECK_SIZE(struct xen_domctl_debug_op, 8);
XEN_CHECK_OFFSET(struct xen_domctl_debug_op, vcpu, 4);

/**
 * struct xen_domctl_gdbsx_memio - XEN_DOMCTL_gdbsx_guestmemio: copy @len
 * bytes between the guest virtual address @gva of the target domain (its
 * vCPU 0's stage-1 translation) and the caller's buffer @uva; @gwr 1
 * writes the guest. @remain (OUT) is what could not be copied (the op then
 * fails with -EFAULT). @pgd3val is x86-only and ignored.
 */
struct xen_domctl_gdbsx_memio {
	uint64_t pgd3val;
	uint64_t gva;
	uint64_t uva;
	uint32_t len;
	uint8_t gwr;
	uint8_t pad[3]; /* implicit in Xen */
	uint32_t remain;
	uint32_t pad2;  /* implicit in Xen */
};
XEN_CHECK_SIZE(struct xen_domctl_gdbsx_memio, 40);
XEN_CHECK_OFFSET(struct xen_domctl_gdbsx_memio, gva, 8);
XEN_CHECK_OFFSET(struct xen_domctl_gdbsx_memio, uva, 16);
XEN_CHECK_OFFSET(struct xen_domctl_gdbsx_memio, len, 24);
XEN_CHECK_OFFSET(struct xen_domctl_gdbsx_memio, gwr, 28);
XEN_CHECK_OFFSET(struct xen_domctl_gdbsx_memio, remain, 32);

/** struct xen_domctl_gdbsx_pauseunp_vcpu - XEN_DOMCTL_gdbsx_pausevcpu / unpausevcpu */
struct xen_domctl_gdbsx_pauseunp_vcpu {
	uint32_t vcpu;
};
XEN_CHECK_SIZE(struct xen_domctl_gdbsx_pauseunp_vcpu, 4);

/**
 * struct xen_domctl_gdbsx_domstatus - XEN_DOMCTL_gdbsx_domstatus (OUT):
 * whether the toolstack paused the domain, and the first vCPU with a
 * debug event (vcpu_id ~0 if none; the event is consumed). Events use x86
 * trap numbers as Xen does: XEN_GDBSX_EV_STEP after a single step,
 * XEN_GDBSX_EV_BRK at a BRK instruction.
 */
struct xen_domctl_gdbsx_domstatus {
	uint8_t paused;
	uint8_t pad[3]; /* implicit in Xen */
	uint32_t vcpu_id;
	uint32_t vcpu_ev;
};
#define XEN_GDBSX_EV_STEP 1
#define XEN_GDBSX_EV_BRK 3
XEN_CHECK_SIZE(struct xen_domctl_gdbsx_domstatus, 12);
XEN_CHECK_OFFSET(struct xen_domctl_gdbsx_domstatus, vcpu_id, 4);
XEN_CHECK_OFFSET(struct xen_domctl_gdbsx_domstatus, vcpu_ev, 8);

/* ----------------------------------------------------------------- envelope */

/**
 * struct xen_domctl - argument of __HYPERVISOR_domctl. `domain` names the
 * target domain (createdomain: requested id; getdomaininfo: first id to
 * look at).
 */
struct xen_domctl {
	uint32_t cmd;               /* XEN_DOMCTL_* */
	uint32_t interface_version; /* XEN_DOMCTL_INTERFACE_VERSION */
	domid_t domain;
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_nodeaffinity nodeaffinity;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_setdomainhandle setdomainhandle;
		struct xen_domctl_setdebugging setdebugging;
		struct xen_domctl_irq_permission irq_permission;
		struct xen_domctl_iomem_permission iomem_permission;
		struct xen_domctl_settimeoffset settimeoffset;
		struct xen_domctl_address_size address_size;
		struct xen_domctl_set_virq_handler set_virq_handler;
		struct xen_domctl_cacheflush cacheflush;
		struct xen_domctl_vuart_op vuart_op;
		struct xen_domctl_paging_mempool paging_mempool;
		struct xen_domctl_debug_op debug_op;
		struct xen_domctl_gdbsx_memio gdbsx_guest_memio;
		struct xen_domctl_gdbsx_pauseunp_vcpu gdbsx_pauseunp_vcpu;
		struct xen_domctl_gdbsx_domstatus gdbsx_domstatus;
		uint8_t pad[128];
	} u;
};
typedef struct xen_domctl xen_domctl_t;
XEN_CHECK_SIZE(struct xen_domctl, 144);
XEN_CHECK_OFFSET(struct xen_domctl, cmd, 0);
XEN_CHECK_OFFSET(struct xen_domctl, interface_version, 4);
XEN_CHECK_OFFSET(struct xen_domctl, domain, 8);
XEN_CHECK_OFFSET(struct xen_domctl, _pad, 10);
XEN_CHECK_OFFSET(struct xen_domctl, u, 16);
XEN_CHECK_ALIGN(struct xen_domctl, 8);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_DOMCTL_H */
