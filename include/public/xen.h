/* SPDX-License-Identifier: MIT */
/*
 * Core of the Xen 4.17 guest ABI (Xen public xen.h; docs xen-abi-arm64.md
 * sections 1, 4.1, 4.2): hypercall numbers, VIRQ numbers, special domain
 * ids, console_io and vm_assist commands, and the per-vCPU / per-domain
 * shared pages (vcpu_info, shared_info).
 *
 * Invariants: a hypercall returns a signed 64-bit value in x0, negative
 * values being -XEN_E* (errno.h). vcpu_info is 48 bytes and may live either
 * in shared_info (vCPU 0 only) or wherever VCPUOP_register_vcpu_info put it;
 * shared_info occupies the first 1088 bytes of one 4 KiB page.
 */
#ifndef XEN_PUBLIC_XEN_H
#define XEN_PUBLIC_XEN_H

#include "abi_check.h"
#include "arch-arm.h"

/* Interface level (Xen's __XEN_LATEST_INTERFACE_VERSION__) these headers follow */
#define XEN_LATEST_INTERFACE_VERSION 0x00040e00

/* -------------------------------------------------------- hypercall numbers */

#define __HYPERVISOR_set_trap_table 0
#define __HYPERVISOR_mmu_update 1
#define __HYPERVISOR_set_gdt 2
#define __HYPERVISOR_stack_switch 3
#define __HYPERVISOR_set_callbacks 4
#define __HYPERVISOR_fpu_taskswitch 5
#define __HYPERVISOR_sched_op_compat 6 /* -ENOSYS on Arm */
#define __HYPERVISOR_platform_op 7
#define __HYPERVISOR_set_debugreg 8
#define __HYPERVISOR_get_debugreg 9
#define __HYPERVISOR_update_descriptor 10
#define __HYPERVISOR_memory_op 12
#define __HYPERVISOR_multicall 13
#define __HYPERVISOR_update_va_mapping 14
#define __HYPERVISOR_set_timer_op 15
#define __HYPERVISOR_event_channel_op_compat 16 /* -ENOSYS on Arm */
#define __HYPERVISOR_xen_version 17
#define __HYPERVISOR_console_io 18
#define __HYPERVISOR_physdev_op_compat 19 /* -ENOSYS on Arm */
#define __HYPERVISOR_grant_table_op 20
#define __HYPERVISOR_vm_assist 21
#define __HYPERVISOR_update_va_mapping_otherdomain 22
#define __HYPERVISOR_iret 23
#define __HYPERVISOR_vcpu_op 24
#define __HYPERVISOR_set_segment_base 25
#define __HYPERVISOR_mmuext_op 26
#define __HYPERVISOR_xsm_op 27
#define __HYPERVISOR_nmi_op 28
#define __HYPERVISOR_sched_op 29
#define __HYPERVISOR_callback_op 30
#define __HYPERVISOR_xenoprof_op 31
#define __HYPERVISOR_event_channel_op 32
#define __HYPERVISOR_physdev_op 33
#define __HYPERVISOR_hvm_op 34
#define __HYPERVISOR_sysctl 35
#define __HYPERVISOR_domctl 36
#define __HYPERVISOR_kexec_op 37
#define __HYPERVISOR_tmem_op 38
#define __HYPERVISOR_argo_op 39
#define __HYPERVISOR_xenpmu_op 40
#define __HYPERVISOR_dm_op 41
#define __HYPERVISOR_hypfs_op 42
/* Numbers reserved for architecture-specific hypercalls (unused on Arm) */
#define __HYPERVISOR_arch_0 48
#define __HYPERVISOR_arch_1 49
#define __HYPERVISOR_arch_2 50
#define __HYPERVISOR_arch_3 51
#define __HYPERVISOR_arch_4 52
#define __HYPERVISOR_arch_5 53
#define __HYPERVISOR_arch_6 54
#define __HYPERVISOR_arch_7 55
/* One past the highest hypercall number; the size of a dispatch table */
#define XEN_NR_HYPERCALLS 56

/* ------------------------------------------------------ virtual interrupts */

/*
 * VIRQs are bound to event channels with EVTCHNOP_bind_virq. "Per-vCPU"
 * ones are bound on each vCPU separately; "global" ones once (on vCPU 0)
 * by one domain.
 */
#define VIRQ_TIMER 0      /* per-vCPU: timer tick / timeout */
#define VIRQ_DEBUG 1      /* per-vCPU: please dump debug state */
#define VIRQ_CONSOLE 2    /* global (dom0): serial input for console_io */
#define VIRQ_DOM_EXC 3    /* global (dom0): some domain shut down / died */
#define VIRQ_TBUF 4       /* global (dom0): trace buffer records ready */
#define VIRQ_DEBUGGER 6   /* global (dom0): a domain paused for the debugger */
#define VIRQ_XENOPROF 7   /* per-vCPU: profiling sample */
#define VIRQ_CON_RING 8   /* global (dom0): hypervisor console ring has data */
#define VIRQ_PCPU_STATE 9 /* global (dom0): physical CPU state changed */
#define VIRQ_MEM_EVENT 10 /* global (dom0): memory event */
#define VIRQ_ARGO 11      /* global: Argo message */
#define VIRQ_ENOMEM 12    /* global (dom0): hypervisor heap low */
#define VIRQ_XENPMU 13    /* per-vCPU: PMU interrupt */
#define VIRQ_ARCH_0 16
#define VIRQ_ARCH_1 17
#define VIRQ_ARCH_2 18
#define VIRQ_ARCH_3 19
#define VIRQ_ARCH_4 20
#define VIRQ_ARCH_5 21
#define VIRQ_ARCH_6 22
#define VIRQ_ARCH_7 23
#define NR_VIRQS 24

/* --------------------------------------------------------------- console_io */

/* __HYPERVISOR_console_io(cmd, count, buffer) */
#define CONSOLEIO_write 0 /* print count bytes; returns 0 */
#define CONSOLEIO_read 1  /* copy up to count input bytes; returns bytes copied */

/* ---------------------------------------------------------------- vm_assist */

/* __HYPERVISOR_vm_assist(cmd, type) */
#define VMASST_CMD_enable 0
#define VMASST_CMD_disable 1
#define VMASST_TYPE_4gb_segments 0
#define VMASST_TYPE_4gb_segments_notify 1
#define VMASST_TYPE_writable_pagetables 2
#define VMASST_TYPE_pae_extended_cr3 3
#define VMASST_TYPE_architectural_iopl 4
/* Set XEN_RUNSTATE_UPDATE in state_entry_time while a runstate area is rewritten */
#define VMASST_TYPE_runstate_update_flag 5
#define VMASST_TYPE_m2p_strict 32

/* ------------------------------------------------------------- domain ids */

#define DOMID_FIRST_RESERVED XEN_MK_U32(0x7FF0)
#define DOMID_SELF XEN_MK_U32(0x7FF0)    /* the calling domain */
#define DOMID_IO XEN_MK_U32(0x7FF1)      /* owner of MMIO pages */
#define DOMID_XEN XEN_MK_U32(0x7FF2)     /* the hypervisor itself */
#define DOMID_COW XEN_MK_U32(0x7FF3)     /* owner of shared (copy-on-write) pages */
#define DOMID_INVALID XEN_MK_U32(0x7FF4) /* "no domain" */
#define DOMID_IDLE XEN_MK_U32(0x7FFF)    /* the idle domain */
#define DOMID_MASK XEN_MK_U32(0x7FFF)

#ifndef __ASSEMBLY__

typedef uint16_t domid_t;

/* 16-byte domain handle (UUID) set by the toolstack */
typedef uint8_t xen_domain_handle_t[16];

typedef struct {
	uint8_t a[16];
} xen_uuid_t;

/* Handle types of the scalar buffers used throughout the ABI */
DEFINE_XEN_GUEST_HANDLE(char);
DEFINE_XEN_GUEST_HANDLE(uchar);
DEFINE_XEN_GUEST_HANDLE(int);
DEFINE_XEN_GUEST_HANDLE(uint);
DEFINE_XEN_GUEST_HANDLE(void);
DEFINE_XEN_GUEST_HANDLE(uint8);
DEFINE_XEN_GUEST_HANDLE(uint16);
DEFINE_XEN_GUEST_HANDLE(uint32);
DEFINE_XEN_GUEST_HANDLE(uint64);
DEFINE_XEN_GUEST_HANDLE(uint64_t);
DEFINE_XEN_GUEST_HANDLE(xen_pfn_t);
DEFINE_XEN_GUEST_HANDLE(xen_ulong_t);
XEN_CHECK_SIZE(XEN_GUEST_HANDLE(void), 8);
XEN_CHECK_ALIGN(XEN_GUEST_HANDLE(void), 8);

/* --------------------------------------------------------------- multicall */

/**
 * struct multicall_entry - one element of a __HYPERVISOR_multicall batch:
 * hypercall `op` is run with args[0..4] as x0..x4 and its return value is
 * stored in `result`.
 */
struct multicall_entry {
	xen_ulong_t op;
	xen_ulong_t result;
	xen_ulong_t args[6];
};
typedef struct multicall_entry multicall_entry_t;
DEFINE_XEN_GUEST_HANDLE(multicall_entry_t);
XEN_CHECK_SIZE(struct multicall_entry, 64);
XEN_CHECK_OFFSET(struct multicall_entry, op, 0);
XEN_CHECK_OFFSET(struct multicall_entry, result, 8);
XEN_CHECK_OFFSET(struct multicall_entry, args, 16);

/* ------------------------------------------------------ time and vcpu_info */

/**
 * struct vcpu_time_info - paravirtual clock of one vCPU. `version` is odd
 * while the hypervisor updates the record (seqlock). Not maintained on Arm:
 * guests use the architected timer, so the record may stay zero.
 */
struct vcpu_time_info {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time; /* ns since boot at tsc_timestamp */
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags; /* XEN_PVCLOCK_* */
	uint8_t pad1[2];
};
typedef struct vcpu_time_info vcpu_time_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_time_info_t);
XEN_CHECK_SIZE(struct vcpu_time_info, 32);
XEN_CHECK_OFFSET(struct vcpu_time_info, version, 0);
XEN_CHECK_OFFSET(struct vcpu_time_info, pad0, 4);
XEN_CHECK_OFFSET(struct vcpu_time_info, tsc_timestamp, 8);
XEN_CHECK_OFFSET(struct vcpu_time_info, system_time, 16);
XEN_CHECK_OFFSET(struct vcpu_time_info, tsc_to_system_mul, 24);
XEN_CHECK_OFFSET(struct vcpu_time_info, tsc_shift, 28);
XEN_CHECK_OFFSET(struct vcpu_time_info, flags, 29);
XEN_CHECK_OFFSET(struct vcpu_time_info, pad1, 30);

#endif /* !__ASSEMBLY__ */

#define XEN_PVCLOCK_TSC_STABLE_BIT (1 << 0)
#define XEN_PVCLOCK_GUEST_STOPPED (1 << 1)

#ifndef __ASSEMBLY__

/**
 * struct vcpu_info - per-vCPU event-delivery state shared with the guest.
 *
 * The hypervisor sets evtchn_upcall_pending (0 -> 1 also injects the upcall
 * PPI) and, for the 2-level event ABI, bit w of evtchn_pending_sel when
 * word w of shared_info.evtchn_pending may hold work for this vCPU. The
 * guest clears both before scanning. pad0 is Linux's evtchn_upcall_mask;
 * Arm has no PV upcall mask, so the hypervisor ignores it. Xen's empty
 * `arch` member (size 0 on Arm) sits at offset 16, before `time`.
 */
struct vcpu_info {
	uint8_t evtchn_upcall_pending;
	uint8_t pad0;
	uint8_t pad1[6]; /* implicit in Xen */
	xen_ulong_t evtchn_pending_sel;
	struct vcpu_time_info time;
};
typedef struct vcpu_info vcpu_info_t;
XEN_CHECK_SIZE(struct vcpu_info, 48);
XEN_CHECK_OFFSET(struct vcpu_info, evtchn_upcall_pending, 0);
XEN_CHECK_OFFSET(struct vcpu_info, pad0, 1);
XEN_CHECK_OFFSET(struct vcpu_info, evtchn_pending_sel, 8);
XEN_CHECK_OFFSET(struct vcpu_info, time, 16);

/**
 * struct shared_info - per-domain page shared with the guest, mapped with
 * XENMEM_add_to_physmap(XENMAPSPACE_shared_info).
 *
 * evtchn_pending / evtchn_mask are the 2-level event bitmaps: port p is bit
 * p % 64 of word p / 64 (4096 ports). The guest owns the mask bits; the
 * hypervisor sets pending bits and the guest clears them. The wallclock
 * (seconds and ns since the Unix epoch at system time 0, seconds split in
 * wc_sec + wc_sec_hi << 32) is guarded by wc_version, odd while updating.
 * Xen's empty `arch` member would follow at offset 1088.
 */
struct shared_info {
	struct vcpu_info vcpu_info[XEN_LEGACY_MAX_VCPUS];
	xen_ulong_t evtchn_pending[sizeof(xen_ulong_t) * 8];
	xen_ulong_t evtchn_mask[sizeof(xen_ulong_t) * 8];
	uint32_t wc_version;
	uint32_t wc_sec;
	uint32_t wc_nsec;
	uint32_t wc_sec_hi;
};
typedef struct shared_info shared_info_t;
XEN_CHECK_SIZE(struct shared_info, 1088);
XEN_CHECK_OFFSET(struct shared_info, vcpu_info, 0);
XEN_CHECK_OFFSET(struct shared_info, evtchn_pending, 48);
XEN_CHECK_OFFSET(struct shared_info, evtchn_mask, 560);
XEN_CHECK_OFFSET(struct shared_info, wc_version, 1072);
XEN_CHECK_OFFSET(struct shared_info, wc_sec, 1076);
XEN_CHECK_OFFSET(struct shared_info, wc_nsec, 1080);
XEN_CHECK_OFFSET(struct shared_info, wc_sec_hi, 1084);

/* Alias Xen provides for code that also builds for 32-bit x86 */
#define xen_wc_sec_hi wc_sec_hi

/**
 * struct xenctl_bitmap - a bitmap of CPUs or NUMA nodes passed to the
 * toolstack hypercalls: `nr_bits` bits, LSB of byte 0 first.
 */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8) bitmap;
	uint32_t nr_bits;
	uint32_t pad; /* implicit in Xen */
};
typedef struct xenctl_bitmap xenctl_bitmap_t;
XEN_CHECK_SIZE(struct xenctl_bitmap, 16);
XEN_CHECK_OFFSET(struct xenctl_bitmap, bitmap, 0);
XEN_CHECK_OFFSET(struct xenctl_bitmap, nr_bits, 8);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_XEN_H */
