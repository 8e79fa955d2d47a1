/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_vcpu_op(cmd, vcpuid, arg) (Xen public vcpu.h; docs
 * xen-abi-arm64.md section 3.3 "vcpu_op").
 *
 * On Arm only VCPUOP_register_vcpu_info and
 * VCPUOP_register_runstate_memory_area exist; every other command returns
 * -XEN_EINVAL (not -XEN_ENOSYS), and a bad vcpuid -XEN_ENOENT.
 */
#ifndef XEN_PUBLIC_VCPU_H
#define XEN_PUBLIC_VCPU_H

#include "xen.h"

#define VCPUOP_initialise 0
#define VCPUOP_up 1
#define VCPUOP_down 2
#define VCPUOP_is_up 3
#define VCPUOP_get_runstate_info 4
#define VCPUOP_register_runstate_memory_area 5 /* struct vcpu_register_runstate_memory_area */
#define VCPUOP_set_periodic_timer 6
#define VCPUOP_stop_periodic_timer 7
#define VCPUOP_set_singleshot_timer 8
#define VCPUOP_stop_singleshot_timer 9
#define VCPUOP_register_vcpu_info 10 /* struct vcpu_register_vcpu_info */
#define VCPUOP_send_nmi 11
#define VCPUOP_get_physid 12
#define VCPUOP_register_vcpu_time_memory_area 13

/* vcpu_runstate_info.state */
#define RUNSTATE_running 0
#define RUNSTATE_runnable 1
#define RUNSTATE_blocked 2
#define RUNSTATE_offline 3

/* Set in state_entry_time while the record is rewritten (VMASST_TYPE_runstate_update_flag) */
#define XEN_RUNSTATE_UPDATE (XEN_MK_U64(1) << 63)

/* vcpu_set_singleshot_timer.flags */
#define _VCPU_SSHOTTMR_future 0
#define VCPU_SSHOTTMR_future (1U << _VCPU_SSHOTTMR_future)

#ifndef __ASSEMBLY__

/**
 * struct vcpu_runstate_info - where a vCPU has spent its time (ns) and what
 * it is doing now. Written by the hypervisor into the guest's registered
 * area on every switch-in.
 */
struct vcpu_runstate_info {
	int32_t state; /* RUNSTATE_* */
	uint32_t pad;  /* implicit in Xen */
	uint64_t state_entry_time;
	uint64_t time[4]; /* indexed by RUNSTATE_* */
};
typedef struct vcpu_runstate_info vcpu_runstate_info_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_runstate_info_t);
XEN_CHECK_SIZE(struct vcpu_runstate_info, 48);
XEN_CHECK_OFFSET(struct vcpu_runstate_info, state, 0);
XEN_CHECK_OFFSET(struct vcpu_runstate_info, state_entry_time, 8);
XEN_CHECK_OFFSET(struct vcpu_runstate_info, time, 16);

/**
 * struct vcpu_register_runstate_memory_area - guest *virtual* address of a
 * vcpu_runstate_info; it is translated again at every update, so it follows
 * the guest's current page tables.
 */
struct vcpu_register_runstate_memory_area {
	union {
		XEN_GUEST_HANDLE(vcpu_runstate_info_t) h;
		uint64_t p;
	} addr;
};
typedef struct vcpu_register_runstate_memory_area vcpu_register_runstate_memory_area_t;
XEN_CHECK_SIZE(struct vcpu_register_runstate_memory_area, 8);
XEN_CHECK_OFFSET(struct vcpu_register_runstate_memory_area, addr, 0);

/**
 * struct vcpu_register_vcpu_info - move this vCPU's vcpu_info to byte
 * `offset` of guest frame `mfn` (a GFN on Arm). offset must be 8-aligned
 * and leave room for the 48-byte record; allowed once per vCPU.
 */
struct vcpu_register_vcpu_info {
	uint64_t mfn;
	uint32_t offset;
	uint32_t rsvd; /* unused */
};
typedef struct vcpu_register_vcpu_info vcpu_register_vcpu_info_t;
XEN_CHECK_SIZE(struct vcpu_register_vcpu_info, 16);
XEN_CHECK_OFFSET(struct vcpu_register_vcpu_info, mfn, 0);
XEN_CHECK_OFFSET(struct vcpu_register_vcpu_info, offset, 8);
XEN_CHECK_OFFSET(struct vcpu_register_vcpu_info, rsvd, 12);

/** struct vcpu_set_periodic_timer - VCPUOP_set_periodic_timer (not on Arm) */
struct vcpu_set_periodic_timer {
	uint64_t period_ns;
};
XEN_CHECK_SIZE(struct vcpu_set_periodic_timer, 8);
XEN_CHECK_OFFSET(struct vcpu_set_periodic_timer, period_ns, 0);

/** struct vcpu_set_singleshot_timer - VCPUOP_set_singleshot_timer (not on Arm) */
struct vcpu_set_singleshot_timer {
	uint64_t timeout_abs_ns;
	uint32_t flags; /* VCPU_SSHOTTMR_* */
	uint32_t pad;   /* implicit in Xen */
};
XEN_CHECK_SIZE(struct vcpu_set_singleshot_timer, 16);
XEN_CHECK_OFFSET(struct vcpu_set_singleshot_timer, timeout_abs_ns, 0);
XEN_CHECK_OFFSET(struct vcpu_set_singleshot_timer, flags, 8);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_VCPU_H */
