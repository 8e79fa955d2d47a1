/* SPDX-License-Identifier: MIT */
/*
 * vcpu_op (Xen public vcpu.h) as Xen on Arm: only register_vcpu_info and
 * register_runstate_memory_area exist; every other command is -EINVAL.
 */
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/xen_domain.h>
#include <public/vcpu.h>


long do_vcpu_op(struct vcpu *v, uint64_t *args)
{
	unsigned cmd = (unsigned)args[0], vcpuid = (unsigned)args[1];
	uint64_t arg = args[2];
	struct domain *d = v->domain;
	struct vcpu *target;

	if (vcpuid >= d->nr_vcpus)
		return ERR(-ENOENT);
	target = d->vcpus[vcpuid];
	switch (cmd) {
	case VCPUOP_register_vcpu_info: {
		struct vcpu_register_vcpu_info info;
		if (copy_from_guest(v, &info, arg, sizeof(info)))
			return ERR(-EFAULT);
		/* Xen checks the offset first. */
		if ((info.offset & 7) || info.offset > PAGE_SIZE - sizeof(struct vcpu_info))
			return ERR(-ENXIO);
		/* Only for the caller itself or a vCPU that is not running. */
		if (target != v && target->is_online)
			return ERR(-EINVAL);
		return xen_register_vcpu_info(target, info.mfn, info.offset);
	}
	case VCPUOP_register_runstate_memory_area: {
		struct vcpu_register_runstate_memory_area area;
		if (copy_from_guest(v, &area, arg, sizeof(area)))
			return ERR(-EFAULT);
		target->runstate_gva = area.addr.p;
		/* Written at once; for another vCPU through the caller's page tables (Xen). */
		xen_write_runstate(target, v);
		return 0;
	}
	default:
		return ERR(-EINVAL);
	}
}
