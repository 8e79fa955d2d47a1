/* SPDX-License-Identifier: MIT */
/*
 * xevtchn - event channels of dom0 user space through /dev/xen/evtchn (the
 * counterpart of Xen's libxenevtchn). Every port bound through a handle is
 * delivered to it: xevtchn_pending() returns the next port that fired (the
 * driver masks it), xevtchn_unmask() re-arms it. Ports are closed with the
 * handle.
 */
#ifndef TOOLS_XEVTCHN_H
#define TOOLS_XEVTCHN_H

#include <stdint.h>

struct xevtchn;

struct xevtchn *xevtchn_open(void); /* NULL + errno */
void xevtchn_close(struct xevtchn *h);
int xevtchn_fd(const struct xevtchn *h); /* poll()able: readable when a port fired */

/* Each returns the new local port, or -errno */
int xevtchn_bind_interdomain(struct xevtchn *h, uint32_t domid, uint32_t remote_port);
int xevtchn_bind_virq(struct xevtchn *h, uint32_t virq);
int xevtchn_bind_unbound(struct xevtchn *h, uint32_t remote_domid);

int xevtchn_unbind(struct xevtchn *h, uint32_t port);
int xevtchn_notify(struct xevtchn *h, uint32_t port);
/* Next fired port (blocks unless the fd is non-blocking), or -errno */
int xevtchn_pending(struct xevtchn *h);
int xevtchn_unmask(struct xevtchn *h, uint32_t port);

#endif
