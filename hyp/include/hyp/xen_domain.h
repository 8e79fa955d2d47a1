/* SPDX-License-Identifier: MIT */
/*
 * A domain's Xen interfaces (hyp/core/xen_domain.c): shared_info and
 * vcpu_info, the event-channel upcall, runstate areas, HVM parameters, the
 * hypervisor-served PV console of domUs and console_io input of dom0, and
 * the glue that embeds the event-channel and grant-table modules.
 */
#ifndef HYP_XEN_DOMAIN_H
#define HYP_XEN_DOMAIN_H

#include <hyp/time.h>
#include <hyp/types.h>
#include <public/arch-arm.h>

struct domain;
struct vcpu;

#define GUEST_CONSOLE_PFN (GUEST_MAGIC_BASE >> 12) /* xl's console ring GFN */

int xen_domain_init(struct domain *d);
int xen_domain_release(struct domain *d);
void xen_vcpu_init(struct vcpu *v);
void domain_reap_kick(void);
struct domain *xen_domain_from_id(struct vcpu *v, unsigned domid);

bool xen_vcpu_events_pending(struct vcpu *v);
bool xen_evtchn_port_pending(struct domain *d, uint32_t port);
void xen_vcpu_poll_block(struct vcpu *v, s_time_t timeout);
void xen_set_wallclock(uint64_t secs, uint32_t nsecs, s_time_t system_time);
void xen_update_runstate_area(struct vcpu *v);
void xen_write_runstate(struct vcpu *v, struct vcpu *via);
void xen_domain_console_input(struct domain *d, const uint8_t *buf, size_t len);
uint32_t xen_feature_submap(const struct domain *d);
size_t consoleio_queue_input(struct domain *d, const uint8_t *buf, size_t len);
int xen_register_vcpu_info(struct vcpu *v, uint64_t gfn, uint32_t offset);

#endif
