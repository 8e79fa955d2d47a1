/* SPDX-License-Identifier: MIT */
/*
 * Copying hypercall arguments to and from a guest. Pointers in Xen
 * hypercalls are guest virtual addresses of the calling vCPU; they are
 * translated through the vCPU's own stage-1 and the domain's stage-2 (AT
 * S12E1R/W on the pCPU running it), page by page. Any address the guest
 * cannot itself access gives -EFAULT, never a hypervisor fault.
 */
#ifndef HYP_GUEST_ACCESS_H
#define HYP_GUEST_ACCESS_H

#include <hyp/types.h>

struct vcpu;

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len);
int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len);
/* Translate one guest VA of the current vCPU to a host PA (for runstate areas). */
int guest_va_to_pa(struct vcpu *v, uint64_t gva, bool write, paddr_t *pa);
/*
 * Copy between @buf and guest VA @gva of @t, a vCPU that is paused and not
 * loaded on any pCPU (the debugger's access): translated through @t's own
 * stage 1 and its domain's stage 2; writes are made visible to instruction
 * fetch. *done = bytes copied; -EFAULT at the first unmapped page, -EBUSY
 * if @t is loaded somewhere.
 */
int copy_guest_paused(struct vcpu *t, void *buf, uint64_t gva, size_t len, bool to_guest,
		      size_t *done);

#endif
