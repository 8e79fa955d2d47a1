/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercall entry: HVC #0xEA1, number in x16, arguments x0-x4, result
 * in x0 (Xen public arch-arm.h). Dispatch table in hyp/core/hypercall.c.
 */
#ifndef HYP_HYPERCALL_H
#define HYP_HYPERCALL_H

#define XEN_HYPERCALL_TAG 0xEA1

struct vcpu;
void do_trap_hypercall(struct vcpu *v);

#endif
