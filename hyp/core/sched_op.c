/* SPDX-License-Identifier: MIT */
/*
 * sched_op (Xen public sched.h), vm_assist, physdev_op and platform_op:
 * the small hypercalls, answering as Xen 4.17 on Arm does.
 *
 * SCHEDOP_watchdog: each domain has NR_DOMAIN_WATCHDOG_TIMERS timers. Id 0
 * arms a free one and returns its id (1-based; -ENOSPC as a 32-bit value if
 * none is free, as Xen), a
 * known id with a timeout re-arms it, with timeout 0 releases it; an id that
 * is not armed is -EINVAL. A timer that runs out shuts the domain down with
 * SHUTDOWN_watchdog (its on_watchdog/on_crash handling is the shutdown's).
 * The timers run on the pCPU that last armed them and are stopped when the
 * domain is destroyed, before its memory is freed.
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
#include <hyp/time.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/xen.h>

static void watchdog_fired(void *data)
{
	struct domain *d = data;

	if (d->is_shutdown || d->is_dying)
		return;
	printk(LOG_WARN, "d%u (%s): watchdog timer fired", d->domid, d->name);
	domain_shutdown(d, SHUTDOWN_watchdog);
}

void domain_watchdog_init(struct domain *d)
{
	spin_lock_init(&d->watchdog_lock);
	for (unsigned i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
		timer_init(&d->watchdog_timer[i], watchdog_fired, d);
}

void domain_watchdog_stop_all(struct domain *d)
{
	spin_lock(&d->watchdog_lock);
	for (unsigned i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
		timer_stop(&d->watchdog_timer[i]);
	d->watchdog_inuse = 0;
	spin_unlock(&d->watchdog_lock);
}

/** SCHEDOP_watchdog (Xen's domain_watchdog): returns the id, 0, or -errno. */
static long domain_watchdog(struct domain *d, uint32_t id, uint32_t timeout)
{
	long rc = 0;

	if (id > NR_DOMAIN_WATCHDOG_TIMERS)
		return ERR(-EINVAL);
	spin_lock(&d->watchdog_lock);
	if (id == 0) {
		/* Xen computes this in uint32_t: a full table returns -ENOSPC
		 * zero-extended (0xffffffe4), which Linux's int return reads as -28. */
		rc = (long)(uint32_t)-ENOSPC;
		for (unsigned i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++) {
			if (d->watchdog_inuse & (1U << i))
				continue;
			d->watchdog_inuse |= (uint8_t)(1U << i);
			timer_set(&d->watchdog_timer[i], NOW() + (s_time_t)timeout * 1000000000LL);
			rc = (long)i + 1;
			break;
		}
	} else if (!(d->watchdog_inuse & (1U << (id - 1)))) {
		rc = ERR(-EINVAL);
	} else if (timeout == 0) {
		timer_stop(&d->watchdog_timer[id - 1]);
		d->watchdog_inuse &= (uint8_t)~(1U << (id - 1));
	} else {
		timer_set(&d->watchdog_timer[id - 1], NOW() + (s_time_t)timeout * 1000000000LL);
	}
	spin_unlock(&d->watchdog_lock);
	return rc;
}

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
	case SCHEDOP_watchdog: {
		struct sched_watchdog w;
		if (copy_from_guest(v, &w, arg, sizeof(w)))
			return ERR(-EFAULT);
		return domain_watchdog(v->domain, w.id, w.timeout);
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
