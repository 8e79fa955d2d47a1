/* SPDX-License-Identifier: MIT */
/*
 * sched_op (Xen public sched.h), vm_assist, physdev_op and platform_op:
 * the small hypercalls, answering as Xen 4.17 on Arm does.
 */
#include <asm/traps.h>
#include <hyp/domain.h>
#include <hyp/evtchn.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/xen_domain.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/sched.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/xen.h>

long do_sched_op(struct vcpu *v, uint64_t *args)
{
	unsigned cmd = (unsigned)args[0];
	uint64_t arg = args[1];

	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield(v);
		return 0;
	case SCHEDOP_block:
		/* Block until an event is pending (Arm guests normally use WFI). */
		if (!xen_vcpu_events_pending(v))
			vcpu_block(v);
		return 0;
	case SCHEDOP_shutdown: {
		struct sched_shutdown s;
		if (copy_from_guest(v, &s, arg, sizeof(s)))
			return ERR(-EFAULT);
		gprintk(LOG_INFO, v, "SCHEDOP_shutdown, reason %u", s.reason);
		if ((uint8_t)s.reason == SHUTDOWN_crash)
			guest_crash_report(v, "the guest reported a crash (SCHEDOP_shutdown, SHUTDOWN_crash)",
					   0, false, 0);
		domain_shutdown(v->domain, (int)(uint8_t)s.reason);
		return 0;
	}
	case SCHEDOP_shutdown_code: {
		struct sched_shutdown s;
		if (copy_from_guest(v, &s, arg, sizeof(s)))
			return ERR(-EFAULT);
		v->domain->shutdown_code = (int)(uint8_t)s.reason;
		return 0;
	}
	case SCHEDOP_poll: {
		struct sched_poll p;
		if (copy_from_guest(v, &p, arg, sizeof(p)))
			return ERR(-EFAULT);
		if (p.nr_ports > 128)
			return ERR(-EINVAL);
		for (unsigned i = 0; i < p.nr_ports; i++) {
			uint32_t port;
			if (copy_from_guest(v, &port, p.ports.q + i * sizeof(port), sizeof(port)))
				return ERR(-EFAULT);
			int pending = evtchn_port_poll(&v->domain->evtchn, port);
			if (pending < 0)
				return pending;
			if (pending)
				return 0;
		}
		if (p.timeout && (s_time_t)p.timeout <= NOW())
			return 0;
		/* Woken by the next event (its upcall) or the timeout. */
		xen_vcpu_poll_block(v, (s_time_t)p.timeout);
		return 0;
	}
	case SCHEDOP_remote_shutdown: {
		struct sched_remote_shutdown rs;
		struct domain *d;
		if (copy_from_guest(v, &rs, arg, sizeof(rs)))
			return ERR(-EFAULT);
		d = domain_by_id(rs.domain_id);
		if (!d)
			return ERR(-ESRCH);
		if (!v->domain->is_privileged)
			return ERR(-EPERM);
		domain_shutdown(d, (int)(uint8_t)rs.reason);
		return 0;
	}
	case SCHEDOP_pin_override:
		/* Hardware domain only; pinning overrides are not supported yet. */
		return v->domain->is_privileged ? ERR(-ENOSYS) : ERR(-EPERM);
	default:
		return ERR(-ENOSYS);
	}
}

long do_vm_assist(struct vcpu *v, uint64_t *args)
{
	unsigned cmd = (unsigned)args[0], type = (unsigned)args[1];

	/* Xen on Arm accepts only runstate_update_flag. */
	if (type != VMASST_TYPE_runstate_update_flag)
		return ERR(-EINVAL);
	switch (cmd) {
	case VMASST_CMD_enable:
		v->domain->vm_assist |= 1UL << type;
		return 0;
	case VMASST_CMD_disable:
		v->domain->vm_assist &= ~(1UL << type);
		return 0;
	default:
		return ERR(-ENOSYS);
	}
}

long do_physdev_op(struct vcpu *v, uint64_t *args)
{
	(void)v;
	(void)args;
	/* Xen on Arm without PCI passthrough: every PHYSDEVOP is -ENOSYS. */
	return ERR(-ENOSYS);
}

long do_platform_op(struct vcpu *v, uint64_t *args)
{
	struct xen_platform_op op;

	/* Xen's order: copy, interface version, then privilege. */
	if (copy_from_guest(v, &op, args[0], sizeof(op)))
		return ERR(-EFAULT);
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return ERR(-EACCES);
	if (!v->domain->is_privileged)
		return ERR(-EPERM);
	switch (op.cmd) {
	case XENPF_settime64:
		if (op.u.settime64.mbz)
			return ERR(-EINVAL);
		xen_set_wallclock(op.u.settime64.secs, op.u.settime64.nsecs,
				  (s_time_t)op.u.settime64.system_time);
		return 0;
	default:
		return ERR(-ENOSYS);
	}
}
