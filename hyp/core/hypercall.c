/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercall dispatch. Every number not implemented returns -ENOSYS, as
 * Xen does for unknown hypercalls; the Xen guest ABI (xen_version,
 * memory_op, event channels, grant tables, ...) is added here as one
 * declarative table.
 */
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/hypercall.h>

void do_trap_hypercall(struct vcpu *v)
{
	/* No hypercall is implemented yet: the result of every call is -ENOSYS. */
	v->regs.x[0] = (uint64_t)(int64_t)-ENOSYS;
}
