/* SPDX-License-Identifier: MIT */
/* Guest debugging for dom0's debugger stub, `hx gdbsx` (hyp/core/gdbsx.c). */
#ifndef HYP_GDBSX_H
#define HYP_GDBSX_H

#include <hyp/types.h>
#include <public/domctl.h>

struct vcpu;
struct domain;

/* True for the domctl commands gdbsx_domctl() serves. */
bool gdbsx_is_domctl(uint32_t cmd);
/* One of them, from dom0's vCPU @v on domain @d; sets *copyback for OUT data. */
long gdbsx_domctl(struct vcpu *v, struct domain *d, struct xen_domctl *op, bool *copyback);
/* A debug exception (XEN_GDBSX_EV_*) of @v, whose domain is being debugged. */
void gdbsx_debug_event(struct vcpu *v, uint32_t ev);

#endif
