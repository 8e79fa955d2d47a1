/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_platform_op(op): on Arm only XENPF_settime64, which Linux
 * dom0 issues whenever it sets the clock (Xen public platform.h; docs
 * xen-abi-arm64.md section 3.2). Other commands: -XEN_ENOSYS. A wrong
 * interface_version: -XEN_EACCES.
 */
#ifndef XEN_PUBLIC_PLATFORM_H
#define XEN_PUBLIC_PLATFORM_H

#include "xen.h"

#define XENPF_INTERFACE_VERSION 0x03000001

#define XENPF_settime32 17 /* struct xenpf_settime32 */
#define XENPF_settime64 62 /* struct xenpf_settime64 */

#ifndef __ASSEMBLY__

/** struct xenpf_settime32 - wallclock `secs`.`nsecs` was valid at system_time */
struct xenpf_settime32 {
	uint32_t secs;
	uint32_t nsecs;
	uint64_t system_time;
};
typedef struct xenpf_settime32 xenpf_settime32_t;
XEN_CHECK_SIZE(struct xenpf_settime32, 16);
XEN_CHECK_OFFSET(struct xenpf_settime32, secs, 0);
XEN_CHECK_OFFSET(struct xenpf_settime32, nsecs, 4);
XEN_CHECK_OFFSET(struct xenpf_settime32, system_time, 8);

/** struct xenpf_settime64 - the same with 64-bit seconds; mbz must be 0 */
struct xenpf_settime64 {
	uint64_t secs;
	uint32_t nsecs;
	uint32_t mbz;
	uint64_t system_time;
};
typedef struct xenpf_settime64 xenpf_settime64_t;
XEN_CHECK_SIZE(struct xenpf_settime64, 24);
XEN_CHECK_OFFSET(struct xenpf_settime64, secs, 0);
XEN_CHECK_OFFSET(struct xenpf_settime64, nsecs, 8);
XEN_CHECK_OFFSET(struct xenpf_settime64, mbz, 12);
XEN_CHECK_OFFSET(struct xenpf_settime64, system_time, 16);

/** struct xen_platform_op - the platform_op envelope (136 bytes) */
struct xen_platform_op {
	uint32_t cmd;               /* XENPF_* */
	uint32_t interface_version; /* XENPF_INTERFACE_VERSION */
	union {
		struct xenpf_settime32 settime32;
		struct xenpf_settime64 settime64;
		uint8_t pad[128];
	} u;
};
typedef struct xen_platform_op xen_platform_op_t;
XEN_CHECK_SIZE(struct xen_platform_op, 136);
XEN_CHECK_OFFSET(struct xen_platform_op, cmd, 0);
XEN_CHECK_OFFSET(struct xen_platform_op, interface_version, 4);
XEN_CHECK_OFFSET(struct xen_platform_op, u, 8);
XEN_CHECK_OFFSET(struct xen_platform_op, u.settime64.secs, 8);
XEN_CHECK_OFFSET(struct xen_platform_op, u.settime64.nsecs, 16);
XEN_CHECK_OFFSET(struct xen_platform_op, u.settime64.mbz, 20);
XEN_CHECK_OFFSET(struct xen_platform_op, u.settime64.system_time, 24);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_PLATFORM_H */
