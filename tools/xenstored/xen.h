/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored's hypervisor backend (xen.c): guest rings through gntdev or
 * privcmd, event channels through /dev/xen/evtchn, dom0's own kernel ring
 * (/proc/xen/xsd_kva, xsd_port) and VIRQ_DOM_EXC. Only the daemon binary
 * links it; the host tests plug in memory rings instead.
 */
#ifndef HX_XENSTORED_XEN_H
#define HX_XENSTORED_XEN_H

#include <stdbool.h>

bool xen_backend_init(void); /* false: no /dev/xen/evtchn, socket only */
int xen_backend_fd(void);    /* poll for POLLIN; -1 without a backend */
void xen_backend_events(void);
void xen_backend_fini(void);

#endif
