/* SPDX-License-Identifier: MIT */
/*
 * __HYPERVISOR_sched_op(cmd, arg) (Xen public sched.h; docs
 * xen-abi-arm64.md section 3.3 "sched_op").
 *
 * A shutdown stops the domain, records the reason (getdomaininfo flags bits
 * 16..23) and raises VIRQ_DOM_EXC towards the toolstack; for dom0 the host
 * itself powers off or reboots.
 */
#ifndef XEN_PUBLIC_SCHED_H
#define XEN_PUBLIC_SCHED_H

#include "event_channel.h"

#define SCHEDOP_yield 0           /* arg NULL */
#define SCHEDOP_block 1           /* arg NULL; Arm guests use WFI instead */
#define SCHEDOP_shutdown 2        /* struct sched_shutdown */
#define SCHEDOP_poll 3            /* struct sched_poll */
#define SCHEDOP_remote_shutdown 4 /* struct sched_remote_shutdown (privileged) */
#define SCHEDOP_shutdown_code 5   /* struct sched_shutdown: record reason only */
#define SCHEDOP_watchdog 6        /* struct sched_watchdog */
#define SCHEDOP_pin_override 7    /* struct sched_pin_override */

/* Shutdown reasons */
#define SHUTDOWN_poweroff 0
#define SHUTDOWN_reboot 1
#define SHUTDOWN_suspend 2
#define SHUTDOWN_crash 3
#define SHUTDOWN_watchdog 4
#define SHUTDOWN_soft_reset 5
#define SHUTDOWN_MAX 5

#ifndef __ASSEMBLY__

/** struct sched_shutdown - SCHEDOP_shutdown / SCHEDOP_shutdown_code */
struct sched_shutdown {
	uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_shutdown sched_shutdown_t;
XEN_CHECK_SIZE(struct sched_shutdown, 4);
XEN_CHECK_OFFSET(struct sched_shutdown, reason, 0);

/**
 * struct sched_poll - block until one of nr_ports ports is pending or the
 * absolute system time `timeout` (ns, 0 = none) passes.
 */
struct sched_poll {
	XEN_GUEST_HANDLE(evtchn_port_t) ports;
	uint32_t nr_ports;
	uint32_t pad; /* implicit in Xen */
	uint64_t timeout;
};
typedef struct sched_poll sched_poll_t;
XEN_CHECK_SIZE(struct sched_poll, 24);
XEN_CHECK_OFFSET(struct sched_poll, ports, 0);
XEN_CHECK_OFFSET(struct sched_poll, nr_ports, 8);
XEN_CHECK_OFFSET(struct sched_poll, timeout, 16);

/** struct sched_remote_shutdown - shut down another domain */
struct sched_remote_shutdown {
	domid_t domain_id;
	uint16_t pad;    /* implicit in Xen */
	uint32_t reason; /* SHUTDOWN_* */
};
typedef struct sched_remote_shutdown sched_remote_shutdown_t;
XEN_CHECK_SIZE(struct sched_remote_shutdown, 8);
XEN_CHECK_OFFSET(struct sched_remote_shutdown, domain_id, 0);
XEN_CHECK_OFFSET(struct sched_remote_shutdown, reason, 4);

/**
 * struct sched_watchdog - id 0 creates a watchdog (returns its id), other
 * ids are re-armed with `timeout` seconds, or destroyed with timeout 0.
 */
struct sched_watchdog {
	uint32_t id;
	uint32_t timeout;
};
typedef struct sched_watchdog sched_watchdog_t;
XEN_CHECK_SIZE(struct sched_watchdog, 8);
XEN_CHECK_OFFSET(struct sched_watchdog, id, 0);
XEN_CHECK_OFFSET(struct sched_watchdog, timeout, 4);

/** struct sched_pin_override - temporarily pin the caller to pcpu (-1 = undo) */
struct sched_pin_override {
	int32_t pcpu;
};
typedef struct sched_pin_override sched_pin_override_t;
XEN_CHECK_SIZE(struct sched_pin_override, 4);
XEN_CHECK_OFFSET(struct sched_pin_override, pcpu, 0);

#endif /* !__ASSEMBLY__ */

#endif /* XEN_PUBLIC_SCHED_H */
