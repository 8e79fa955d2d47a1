/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercall entry: HVC #0xEA1, number in x16, arguments x0-x4, result
 * in x0 (Xen public arch-arm.h). Dispatch is generated from the table in
 * hypercall_table.h. A handler that wants to be continued (a long
 * operation that should let the scheduler run) updates args[] and returns
 * -ERESTART: the vCPU then re-executes the HVC with those arguments.
 */
#ifndef HYP_HYPERCALL_H
#define HYP_HYPERCALL_H

#include <hyp/hypercall_table.h>
#include <hyp/types.h>

#define XEN_HYPERCALL_TAG 0xEA1
#define ERESTART 85 /* internal: continue the hypercall later */

struct vcpu;

typedef long (*hypercall_fn)(struct vcpu *v, uint64_t *args);

#define HYPERCALL_DECL(nr, name, fn, status, note) long fn(struct vcpu *v, uint64_t *args);
HOSPES_HYPERCALLS(HYPERCALL_DECL)
#undef HYPERCALL_DECL

void do_trap_hypercall(struct vcpu *v);
/* Should a long hypercall stop here and continue later? */
bool hypercall_preempt_check(void);
void hypercall_init(void);

#endif
