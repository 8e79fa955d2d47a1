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

#include <hyp/cmdline.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/hypercall_table.h>
#include <hyp/trace.h>
#include <hyp/types.h>

#define XEN_HYPERCALL_TAG 0xEA1
#define ERESTART 85 /* internal: continue the hypercall later */

struct vcpu;

typedef long (*hypercall_fn)(struct vcpu *v, uint64_t *args);

#define HYPERCALL_DECL(nr, name, fn, status, note) long fn(struct vcpu *v, uint64_t *args);
HOSPES_HYPERCALLS(HYPERCALL_DECL)
#undef HYPERCALL_DECL

/* Hidden: a static PIE reaches it PC-relative, without a GOT load. */
extern const hypercall_fn hypercall_table[XEN_NR_HYPERCALLS] __attribute__((visibility("hidden")));
void hypercall_complete(struct vcpu *v, uint64_t nr, long ret);
/* -ENOSYS for a number without a handler */
long hypercall_unknown(void);
/* hypercall_trap() while tracing is on or hypercalls are logged (trace_on != 0) */
void hypercall_trap_observed(struct vcpu *v, uint64_t *x);

/* Call hypercall @nr's handler from the table with @args, -ENOSYS if it has none. */
static inline long hypercall_call(struct vcpu *v, uint64_t nr, uint64_t *args)
{
	hypercall_fn fn = nr < XEN_NR_HYPERCALLS ? hypercall_table[nr] : NULL;

	return fn ? fn(v, args) : hypercall_unknown();
}

/**
 * Run the hypercall of vCPU @v whose registers are @x (v->regs.x): number in
 * x16, arguments x0-x4 passed in place (handlers write args[] only to return
 * -ERESTART, so x1-x4 otherwise stay as the guest had them), result in x0.
 * Straight from the table; errors and continuations go through
 * hypercall_complete(), tracing and logging through hypercall_trap_observed().
 * The caller has zeroed this pCPU's hypercall_start.
 */
static inline void hypercall_trap(struct vcpu *v, uint64_t *x)
{
	uint64_t nr = x[16];
	long ret;

	if (unlikely(READ_ONCE(trace_on))) { /* traced or logged: out of line */
		hypercall_trap_observed(v, x);
		return;
	}
	errloc_hypercall_begin(x[0]);
	ret = hypercall_call(v, nr, x);
	if (ret < 0)
		hypercall_complete(v, nr, ret);
	else
		x[0] = (uint64_t)ret;
}
/* Should a long hypercall stop here and continue later? */
bool hypercall_preempt_check(void);
void hypercall_init(void);

#endif
