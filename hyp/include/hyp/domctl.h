/* SPDX-License-Identifier: MIT */
/* Toolstack view of domains (hyp/core/domctl.c), shared with sysctl.c. */
#ifndef HYP_DOMCTL_H
#define HYP_DOMCTL_H

#include <public/domctl.h>

struct domain;

void domain_getinfo(struct domain *d, struct xen_domctl_getdomaininfo *info);
struct domain *domain_first_from(unsigned domid);
void domain_ctl_pause(struct domain *d);
void domain_ctl_unpause(struct domain *d);

#endif
