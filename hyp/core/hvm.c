/* SPDX-License-Identifier: MIT */
/*
 * hvm_op (Xen public hvm/hvm_op.h, hvm/params.h) as Xen on Arm: only
 * HVMOP_set_param and HVMOP_get_param. A domain may read its own callback,
 * store and console parameters; setting, and reading other domains' values,
 * is for a privileged domain. Unset parameters read as 0.
 */
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/xen_domain.h>
#include <public/hvm_params.h>

static bool self_readable(uint32_t index)
{
	switch (index) {
	case HVM_PARAM_CALLBACK_IRQ:
	case HVM_PARAM_STORE_PFN:
	case HVM_PARAM_STORE_EVTCHN:
	case HVM_PARAM_CONSOLE_PFN:
	case HVM_PARAM_CONSOLE_EVTCHN:
		return true;
	default:
		return false;
	}
}

static bool settable(uint32_t index)
{
	return self_readable(index) || index == HVM_PARAM_MONITOR_RING_PFN;
}

long do_hvm_op(struct vcpu *v, uint64_t *args)
{
	uint64_t op = args[0];
	struct xen_hvm_param p;
	struct domain *d;

	if (op == HVMOP_guest_request_vm_event)
		/* No vm_event monitor: Xen on Arm accepts a NULL argument and does nothing. */
		return args[1] ? ERR(-EINVAL) : 0;
	if (op != HVMOP_set_param && op != HVMOP_get_param)
		return ERR(-ENOSYS);
	if (copy_from_guest(v, &p, args[1], sizeof(p)))
		return ERR(-EFAULT);
	/* Xen's order: the domain first, then the index. */
	d = xen_domain_from_id(v, p.domid);
	if (!d)
		return ERR(-ESRCH);
	if (p.index >= HVM_NR_PARAMS)
		return ERR(-EINVAL);
	if (d != v->domain && !v->domain->is_privileged)
		return ERR(-EPERM);
	if (op == HVMOP_set_param) {
		if (!settable(p.index))
			return ERR(-EINVAL);
		if (d == v->domain)
			return ERR(-EPERM);
		d->hvm_param[p.index] = p.value;
		return 0;
	}
	if (d == v->domain) {
		if (p.index == HVM_PARAM_MONITOR_RING_PFN)
			return ERR(-EPERM);
		if (!self_readable(p.index))
			return ERR(-EINVAL);
	}
	p.value = d->hvm_param[p.index];
	return copy_to_guest(v, args[1], &p, sizeof(p)) ? ERR(-EFAULT) : 0;
}
