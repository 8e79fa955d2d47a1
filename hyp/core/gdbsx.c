/* SPDX-License-Identifier: MIT */
/*
 * Guest debugging for a debugger stub in dom0 (`hx gdbsx`, like Xen's
 * gdbsx): Xen 4.17's domctls
 *   setdebugging (18)         debug exceptions of the domain go to EL2
 *   debug_op (54)             single-step one vCPU on/off
 *   gdbsx_guestmemio (1000)   read/write guest virtual memory
 *   gdbsx_pausevcpu (1001), gdbsx_unpausevcpu (1002), gdbsx_domstatus (1003)
 * Registers go through get/setvcpucontext (domctl.c). A BRK or a completed
 * single step of a debugged domain pauses the whole domain as pausedomain
 * does (ctl_paused), records the event on the vCPU and raises
 * VIRQ_DEBUGGER in dom0; gdbsx_domstatus hands the event out once.
 *
 * Only dom0 gets here (do_domctl checks), never on itself. Flags change
 * only while the target's vCPUs are paused and descheduled (the arch hooks
 * rely on it: asm/debug.h).
 */
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/evtchn.h>
#include <hyp/gdbsx.h>
#include <hyp/guest_access.h>
#include <hyp/log.h>
#include <hyp/sched.h>

#define GDBSX_MEMIO_MAX (64U << 10) /* bytes per gdbsx_guestmemio call */

bool gdbsx_is_domctl(uint32_t cmd)
{
	switch (cmd) {
	case XEN_DOMCTL_setdebugging:
	case XEN_DOMCTL_debug_op:
	case XEN_DOMCTL_gdbsx_guestmemio:
	case XEN_DOMCTL_gdbsx_pausevcpu:
	case XEN_DOMCTL_gdbsx_unpausevcpu:
	case XEN_DOMCTL_gdbsx_domstatus:
		return true;
	default:
		return false;
	}
}

static void pause_all_sync(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		vcpu_pause_sync(d->vcpus[i]);
}

static void unpause_all(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		vcpu_unpause(d->vcpus[i]);
}

static long setdebugging(struct domain *d, bool enable)
{
	pause_all_sync(d);
	d->debugger_attached = enable;
	if (!enable)
		for (unsigned i = 0; i < d->nr_vcpus; i++) {
			d->vcpus[i]->dbg_step = false;
			d->vcpus[i]->gdbsx_event = 0;
		}
	unpause_all(d);
	printk(LOG_INFO, "d%u: debugger %s", d->domid, enable ? "attached" : "detached");
	return 0;
}

/*
 * Copy between dom0's buffer @m->uva and the guest's @m->gva through a
 * bounce buffer, translating with vCPU 0's page tables (as Xen does for
 * HVM guests). @m->remain: bytes not copied.
 */
static long guestmemio(struct vcpu *v, struct domain *d, struct xen_domctl_gdbsx_memio *m)
{
	struct vcpu *t = d->vcpus[0];
	uint8_t bounce[256];
	uint32_t len = m->len, off = 0;
	long rc = 0;

	if (len > GDBSX_MEMIO_MAX)
		return ERR(-EINVAL);
	vcpu_pause_sync(t);
	while (off < len) {
		size_t chunk = MIN((size_t)(len - off), sizeof(bounce)), done;

		if (m->gwr && copy_from_guest(v, bounce, m->uva + off, chunk)) {
			rc = ERR(-EFAULT);
			break;
		}
		rc = copy_guest_paused(t, bounce, m->gva + off, chunk, m->gwr, &done);
		if (!m->gwr && done && copy_to_guest(v, m->uva + off, bounce, done)) {
			rc = ERR(-EFAULT);
			break;
		}
		off += (uint32_t)done;
		if (rc) {
			rc = ERR(rc);
			break;
		}
	}
	vcpu_unpause(t);
	m->remain = len - off;
	return rc;
}

long gdbsx_domctl(struct vcpu *v, struct domain *d, struct xen_domctl *op, bool *copyback)
{
	struct vcpu *t;
	uint32_t n;

	if (d == v->domain)
		return ERR(-EINVAL); /* a debugger never stops its own domain */
	switch (op->cmd) {
	case XEN_DOMCTL_setdebugging:
		return setdebugging(d, op->u.setdebugging.enable);
	case XEN_DOMCTL_debug_op:
		n = op->u.debug_op.vcpu;
		if (n >= d->nr_vcpus || !d->debugger_attached)
			return ERR(-EINVAL);
		if (op->u.debug_op.op != XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_ON &&
		    op->u.debug_op.op != XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_OFF)
			return ERR(-EOPNOTSUPP);
		t = d->vcpus[n];
		vcpu_pause_sync(t);
		t->dbg_step = op->u.debug_op.op == XEN_DOMCTL_DEBUG_OP_SINGLE_STEP_ON;
		vcpu_unpause(t);
		return 0;
	case XEN_DOMCTL_gdbsx_guestmemio: {
		long rc = guestmemio(v, d, &op->u.gdbsx_guest_memio);
		*copyback = true; /* remain, also on failure */
		return rc;
	}
	case XEN_DOMCTL_gdbsx_pausevcpu:
	case XEN_DOMCTL_gdbsx_unpausevcpu:
		n = op->u.gdbsx_pauseunp_vcpu.vcpu;
		if (!d->ctl_paused)
			return ERR(-EBUSY); /* Xen: only inside a paused domain */
		if (n >= d->nr_vcpus)
			return ERR(-EINVAL);
		t = d->vcpus[n];
		if (op->cmd == XEN_DOMCTL_gdbsx_pausevcpu) {
			if (t->gdbsx_paused)
				return ERR(-EBUSY);
			t->gdbsx_paused = true;
			vcpu_pause_sync(t);
		} else {
			if (!t->gdbsx_paused)
				return ERR(-EINVAL);
			t->gdbsx_paused = false;
			vcpu_unpause(t);
		}
		return 0;
	case XEN_DOMCTL_gdbsx_domstatus: {
		struct xen_domctl_gdbsx_domstatus *st = &op->u.gdbsx_domstatus;
		st->paused = d->ctl_paused;
		st->vcpu_id = ~0U;
		st->vcpu_ev = 0;
		for (unsigned i = 0; st->paused && i < d->nr_vcpus; i++) {
			t = d->vcpus[i];
			if (t->gdbsx_event) {
				st->vcpu_id = i;
				st->vcpu_ev = t->gdbsx_event;
				t->gdbsx_event = 0;
				break;
			}
		}
		*copyback = true;
		return 0;
	}
	default:
		return ERR(-ENOSYS);
	}
}

void gdbsx_debug_event(struct vcpu *v, uint32_t ev)
{
	struct domain *d = v->domain, *dom0 = domain_by_id(0);

	gprintk(LOG_DEBUG, v, "debug event %u at pc %#lx: domain paused for the debugger", ev,
		(unsigned long)v->regs.pc);
	v->gdbsx_event = ev;
	domain_ctl_pause(d);
	if (dom0 && dom0 != d && dom0->xen_ready)
		evtchn_send_virq(&dom0->evtchn, VIRQ_DEBUGGER, 0);
}
