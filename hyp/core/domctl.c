/* SPDX-License-Identifier: MIT */
/*
 * domctl (Xen public domctl.h, interface version 0x15): the toolstack's
 * per-domain operations, for the control domain (dom0) only. Layouts and
 * semantics are Xen 4.17's, so Xen's own tools can drive hospes: domains
 * are created paused with their vCPUs, built by the toolstack through
 * foreign mappings and setvcpucontext, and started by unpausedomain;
 * getdomaininfo returns the first domain whose id is >= the one asked for.
 * Every refusal is also logged at debug level naming the failed check.
 */
#include <asm/sysregs.h>
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/gdbsx.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <hyp/xen_domain.h>
#include <lib/string.h>
#include <public/domctl.h>

#define GUEST_IPA_BITS 40

/* Refuse with @err and say why (debug log): Xen errors with a reason. */
#define REFUSE(v, err, ...)                                     \
	do {                                                    \
		gprintk(LOG_DEBUG, v, "domctl: " __VA_ARGS__);  \
		return ERR(err);                                \
	} while (0)

void domain_getinfo(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	uint64_t cpu_time = 0;
	unsigned online = 0;
	bool any_running = false, all_blocked = true;

	memset(info, 0, sizeof(*info));
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];
		cpu_time += (uint64_t)vcpu_run_time(v);
		if (v->is_online) {
			online++;
			if (v->is_running)
				any_running = true;
			if (!v->is_blocked)
				all_blocked = false;
		}
	}
	info->domain = d->domid;
	info->flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap;
	if (d->is_dying)
		info->flags |= XEN_DOMINF_dying;
	if (d->is_shutdown)
		info->flags |= XEN_DOMINF_shutdown |
			       ((uint32_t)(d->shutdown_reason & XEN_DOMINF_shutdownmask)
				<< XEN_DOMINF_shutdownshift);
	if (d->ctl_paused || d->is_shutdown)
		info->flags |= XEN_DOMINF_paused;
	if (online && all_blocked)
		info->flags |= XEN_DOMINF_blocked;
	if (any_running)
		info->flags |= XEN_DOMINF_running;
	if (d->is_privileged)
		info->flags |= XEN_DOMINF_xs_domain;
	info->tot_pages = d->mem.pages;
	info->max_pages = d->mem.max_pages;
	info->shared_info_frame = d->shared_info_gfn;
	info->cpu_time = cpu_time;
	info->nr_online_vcpus = online;
	info->max_vcpu_id = d->nr_vcpus - 1;
	memcpy(info->handle, d->handle, sizeof(info->handle));
	info->cpupool = sched_domain_pool_id(d);
	info->gpaddr_bits = GUEST_IPA_BITS;
	info->arch_config.gic_version = XEN_DOMCTL_CONFIG_GIC_V3;
	info->arch_config.nr_spis = d->vgic.nr_spis;
	info->arch_config.clock_frequency = 0;
}

/** First domain with id >= @domid (Xen's getdomaininfo enumeration rule). */
struct domain *domain_first_from(unsigned domid)
{
	struct list_head *pos;
	struct domain *best = NULL;

	spin_lock(&domlist_lock);
	list_for_each(pos, &domain_list) {
		struct domain *d = list_entry(pos, struct domain, link);
		if (d->domid >= domid && (!best || d->domid < best->domid))
			best = d;
	}
	spin_unlock(&domlist_lock);
	return best;
}

static long createdomain(struct vcpu *v, struct xen_domctl *op)
{
	struct xen_domctl_createdomain *c = &op->u.createdomain;
	struct domain_config cfg = { 0 };
	struct domain *d;
	unsigned flags_needed = XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap;
	int rc;

	if ((c->flags & flags_needed) != flags_needed)
		REFUSE(v, -EINVAL, "createdomain: Arm domains need the hvm and hap flags (flags %#x)", c->flags);
	if (c->max_vcpus == 0 || c->max_vcpus > MAX_VCPUS_PER_DOMAIN)
		REFUSE(v, -EINVAL, "createdomain: max_vcpus %u not in 1..%u", c->max_vcpus,
		       MAX_VCPUS_PER_DOMAIN);
	if (c->arch.gic_version != XEN_DOMCTL_CONFIG_GIC_NATIVE &&
	    c->arch.gic_version != XEN_DOMCTL_CONFIG_GIC_V3)
		REFUSE(v, -EOPNOTSUPP, "createdomain: GIC version %u unavailable (host has GICv3)",
		       c->arch.gic_version);
	if (c->max_grant_frames > 64)
		REFUSE(v, -EINVAL, "createdomain: max_grant_frames %d above 64", c->max_grant_frames);
	cfg.nr_vcpus = c->max_vcpus;
	cfg.xen_enhanced = true;
	cfg.toolstack_built = true;
	cfg.domid = (op->domain == 0 || op->domain >= DOMID_FIRST_RESERVED) ? -1 : op->domain;
	if (cfg.domid >= 0 && domain_by_id((unsigned)cfg.domid))
		REFUSE(v, -EEXIST, "createdomain: domain %d exists", cfg.domid);
	/* Xen: CPUPOOLID_NONE is Pool-0 for a toolstack-built domain too. */
	cfg.cpupool_id = c->cpupool_id == CPUPOOLID_NONE ? 0 : c->cpupool_id;
	rc = sched_pool_usable(cfg.cpupool_id);
	if (rc)
		REFUSE(v, rc, "createdomain: cpupool %u %s", cfg.cpupool_id,
		       rc == -ESRCH ? "does not exist" : "has no pCPU");
	d = domain_create(&cfg);
	if (!d)
		REFUSE(v, -ENOMEM, "createdomain: out of memory or domain ids (%lu pages free)",
		       (unsigned long)page_alloc_free_pages());
	memcpy(d->handle, c->handle, sizeof(d->handle));
	op->domain = d->domid;
	c->arch.gic_version = XEN_DOMCTL_CONFIG_GIC_V3;
	c->arch.clock_frequency = 0;
	printk(LOG_INFO, "d%u created by d%u (%u vCPUs), paused", d->domid, v->domain->domid,
	       d->nr_vcpus);
	return 0;
}

static long setvcpucontext(struct vcpu *v, struct domain *d, struct xen_domctl_vcpucontext *vc)
{
	struct vcpu_guest_context ctx;
	struct vcpu *t;

	if (vc->vcpu >= d->nr_vcpus)
		REFUSE(v, -EINVAL, "setvcpucontext d%u: no vCPU %u", d->domid, vc->vcpu);
	t = d->vcpus[vc->vcpu];
	if (!d->ctl_paused)
		REFUSE(v, -EINVAL, "setvcpucontext d%u: the domain must be paused", d->domid);
	if (copy_from_guest(v, &ctx, vc->ctxt.q, sizeof(ctx)))
		return ERR(-EFAULT);
	vcpu_pause_sync(t);
	uint64_t *x = &ctx.user_regs.x0;
	for (int i = 0; i < 31; i++)
		t->regs.x[i] = x[i];
	t->regs.pc = ctx.user_regs.pc64;
	t->regs.pstate = ctx.user_regs.cpsr;
	t->arch.spsr_el1 = ctx.user_regs.spsr_el1;
	t->arch.sp_el0 = ctx.user_regs.sp_el0;
	t->arch.sp_el1 = ctx.user_regs.sp_el1;
	t->arch.elr_el1 = ctx.user_regs.elr_el1;
	t->arch.sctlr_el1 = ctx.sctlr;
	t->arch.tcr_el1 = ctx.ttbcr;
	t->arch.ttbr0_el1 = ctx.ttbr0;
	t->arch.ttbr1_el1 = ctx.ttbr1;
	t->ctx_online = ctx.flags & VGCF_online;
	vcpu_unpause(t);
	return 0;
}

static long getvcpucontext(struct vcpu *v, struct domain *d, struct xen_domctl_vcpucontext *vc)
{
	struct vcpu_guest_context ctx;
	struct vcpu *t;

	if (vc->vcpu >= d->nr_vcpus)
		REFUSE(v, -EINVAL, "getvcpucontext d%u: no vCPU %u", d->domid, vc->vcpu);
	t = d->vcpus[vc->vcpu];
	if (t == v)
		REFUSE(v, -EINVAL, "getvcpucontext: a vCPU cannot read its own context");
	vcpu_pause_sync(t);
	memset(&ctx, 0, sizeof(ctx));
	uint64_t *x = &ctx.user_regs.x0;
	for (int i = 0; i < 31; i++)
		x[i] = t->regs.x[i];
	ctx.user_regs.pc64 = t->regs.pc;
	ctx.user_regs.cpsr = t->regs.pstate;
	ctx.user_regs.spsr_el1 = t->arch.spsr_el1;
	ctx.user_regs.sp_el0 = t->arch.sp_el0;
	ctx.user_regs.sp_el1 = t->arch.sp_el1;
	ctx.user_regs.elr_el1 = t->arch.elr_el1;
	ctx.sctlr = t->arch.sctlr_el1;
	ctx.ttbcr = t->arch.tcr_el1;
	ctx.ttbr0 = t->arch.ttbr0_el1;
	ctx.ttbr1 = t->arch.ttbr1_el1;
	ctx.flags = t->is_online ? VGCF_online : 0;
	vcpu_unpause(t);
	return copy_to_guest(v, vc->ctxt.q, &ctx, sizeof(ctx)) ? ERR(-EFAULT) : 0;
}

/*
 * scheduler_op put/getvcpuinfo: per-vCPU parameters (RTDS's period, budget,
 * extratime; xl sched-rtds -v), an array of xen_domctl_schedparam_vcpu.
 * Xen's rules: the whole array is checked as it goes (-EINVAL at the first
 * bad vCPU id or parameters; earlier elements stay applied).
 */
static long scheduler_op_vcpus(struct vcpu *v, struct domain *d,
			       struct xen_domctl_scheduler_op *op)
{
	bool put = op->cmd == XEN_DOMCTL_SCHEDOP_putvcpuinfo;

	for (uint32_t i = 0; i < op->u.v.nr_vcpus; i++) {
		struct xen_domctl_schedparam_vcpu e;
		struct sched_params p = { .sched_id = op->sched_id };
		uint64_t at = op->u.v.vcpus.q + i * sizeof(e);
		long rc;

		if (copy_from_guest(v, &e, at, sizeof(e)))
			return ERR(-EFAULT);
		if (e.vcpuid >= d->nr_vcpus)
			REFUSE(v, -EINVAL, "scheduler_op d%u: no vCPU %u", d->domid, e.vcpuid);
		if (put) {
			p.period_us = e.u.rtds.period;
			p.budget_us = e.u.rtds.budget;
			p.extratime = e.u.rtds.flags & XEN_DOMCTL_SCHEDRT_extra;
			rc = sched_set_vcpu_params(d->vcpus[e.vcpuid], &p);
		} else {
			rc = sched_get_vcpu_params(d->vcpus[e.vcpuid], &p);
			if (!rc && p.sched_id != op->sched_id)
				rc = -EINVAL;
			e.u.rtds.period = p.period_us;
			e.u.rtds.budget = p.budget_us;
			e.u.rtds.flags = p.extratime ? XEN_DOMCTL_SCHEDRT_extra : 0;
		}
		if (rc)
			REFUSE(v, rc, "scheduler_op d%uv%u: per-vCPU parameters refused (scheduler %u)",
			       d->domid, e.vcpuid, op->sched_id);
		if (!put && copy_to_guest(v, at, &e, sizeof(e)))
			return ERR(-EFAULT);
	}
	return 0;
}

/* scheduler_op: the domain-wide parameters of the running scheduler (Xen's
 * units: credit2 weight/cap percent, RTDS period/budget in microseconds). */
static long scheduler_op(struct vcpu *v, struct domain *d, struct xen_domctl_scheduler_op *op)
{
	struct sched_params p = { .sched_id = op->sched_id };
	long rc;

	switch (op->cmd) {
	case XEN_DOMCTL_SCHEDOP_putinfo:
		if (op->sched_id == XEN_SCHEDULER_RTDS) {
			p.period_us = op->u.rtds.period;
			p.budget_us = op->u.rtds.budget;
			p.extratime = op->u.rtds.flags & XEN_DOMCTL_SCHEDRT_extra;
		} else {
			p.weight = op->u.credit2.weight;
			p.cap = op->u.credit2.cap;
		}
		rc = sched_set_params(d, &p);
		if (rc)
			REFUSE(v, rc, "scheduler_op d%u: parameters refused by scheduler %u", d->domid,
			       op->sched_id);
		return 0;
	case XEN_DOMCTL_SCHEDOP_getinfo:
		rc = sched_get_params(d, &p);
		if (!rc && p.sched_id != op->sched_id)
			rc = -EINVAL;
		if (rc)
			REFUSE(v, rc, "scheduler_op d%u: scheduler %u is not the one running", d->domid,
			       op->sched_id);
		if (op->sched_id == XEN_SCHEDULER_RTDS) {
			op->u.rtds.period = p.period_us;
			op->u.rtds.budget = p.budget_us;
			op->u.rtds.flags = p.extratime ? XEN_DOMCTL_SCHEDRT_extra : 0;
		} else {
			op->u.credit2.weight = p.weight;
			op->u.credit2.cap = p.cap;
		}
		return 0;
	case XEN_DOMCTL_SCHEDOP_putvcpuinfo:
	case XEN_DOMCTL_SCHEDOP_getvcpuinfo:
		return scheduler_op_vcpus(v, d, op);
	default:
		REFUSE(v, -EINVAL, "scheduler_op: unknown command %u", op->cmd);
	}
}

/* xenctl_bitmap <-> a 64-bit CPU mask (hospes has at most MAX_CPUS pCPUs). */
static int bitmap_read(struct vcpu *v, const struct xenctl_bitmap *b, uint64_t *mask)
{
	uint8_t bytes[8] = { 0 };
	uint32_t n = MIN((b->nr_bits + 7) / 8, (uint32_t)sizeof(bytes));

	if (n && copy_from_guest(v, bytes, b->bitmap.q, n))
		return ERR(-EFAULT);
	*mask = 0;
	for (uint32_t i = 0; i < n; i++)
		*mask |= (uint64_t)bytes[i] << (8 * i);
	if (b->nr_bits < 64)
		*mask &= (1ULL << b->nr_bits) - 1;
	return 0;
}

static int bitmap_write(struct vcpu *v, const struct xenctl_bitmap *b, uint64_t mask)
{
	for (uint32_t i = 0; i < (b->nr_bits + 7) / 8; i++) {
		uint8_t byte = i < 8 ? (uint8_t)(mask >> (8 * i)) : 0;
		if (copy_to_guest(v, b->bitmap.q + i, &byte, 1))
			return ERR(-EFAULT);
	}
	return 0;
}

static long vcpuaffinity(struct vcpu *v, struct domain *d, struct xen_domctl_vcpuaffinity *a,
			 bool set)
{
	struct vcpu *t;
	uint64_t hard, soft;
	long rc;

	if (a->vcpu >= d->nr_vcpus)
		REFUSE(v, -EINVAL, "vcpuaffinity d%u: no vCPU %u", d->domid, a->vcpu);
	if (!(a->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)))
		REFUSE(v, -EINVAL, "vcpuaffinity d%u: neither hard nor soft requested", d->domid);
	t = d->vcpus[a->vcpu];
	sched_get_affinity(t, &hard, &soft);
	if (set) {
		if ((a->flags & XEN_VCPUAFFINITY_HARD) && (rc = bitmap_read(v, &a->cpumap_hard, &hard)))
			return rc;
		if ((a->flags & XEN_VCPUAFFINITY_SOFT) && (rc = bitmap_read(v, &a->cpumap_soft, &soft)))
			return rc;
		rc = sched_set_affinity(t, hard, soft);
		if (rc)
			REFUSE(v, rc, "setvcpuaffinity d%uv%u: the hard mask has no online pCPU of "
			       "cpupool %u", d->domid, a->vcpu, sched_domain_pool_id(d));
		sched_get_affinity(t, &hard, &soft);
	}
	/* Both directions report the resulting masks (Xen copies them back). */
	if ((a->flags & XEN_VCPUAFFINITY_HARD) && (rc = bitmap_write(v, &a->cpumap_hard, hard)))
		return rc;
	if ((a->flags & XEN_VCPUAFFINITY_SOFT) && (rc = bitmap_write(v, &a->cpumap_soft, soft)))
		return rc;
	return 0;
}

void domain_ctl_pause(struct domain *d)
{
	if (d->ctl_paused)
		return;
	d->ctl_paused = true;
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		vcpu_pause_sync(d->vcpus[i]);
}

void domain_ctl_unpause(struct domain *d)
{
	if (!d->ctl_paused)
		return;
	d->ctl_paused = false;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];
		if (v->ctx_online && !v->is_online) {
			v->ctx_online = false;
			vcpu_up(v);
		}
		vcpu_unpause(v);
	}
}

long do_domctl(struct vcpu *v, uint64_t *args)
{
	struct xen_domctl op;
	struct domain *d = NULL;
	long rc;
	bool copyback = false;

	if (!v->domain->is_privileged)
		return ERR(-EPERM); /* domctl is for the control domain only */
	if (copy_from_guest(v, &op, args[0], sizeof(op)))
		return ERR(-EFAULT);
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		REFUSE(v, -EACCES, "interface version %#x, hospes speaks %#x", op.interface_version,
		       XEN_DOMCTL_INTERFACE_VERSION);

	if (op.cmd != XEN_DOMCTL_createdomain && op.cmd != XEN_DOMCTL_getdomaininfo) {
		d = domain_by_id(op.domain);
		if (!d)
			REFUSE(v, -ESRCH, "cmd %u: no domain %u", op.cmd, op.domain);
	}

	switch (op.cmd) {
	case XEN_DOMCTL_createdomain:
		rc = createdomain(v, &op);
		copyback = !rc;
		break;
	case XEN_DOMCTL_destroydomain:
		if (d == v->domain)
			REFUSE(v, -EINVAL, "destroydomain: a domain cannot destroy itself");
		printk(LOG_INFO, "d%u destroyed by d%u", d->domid, v->domain->domid);
		domain_destroy(d);
		rc = 0;
		break;
	case XEN_DOMCTL_pausedomain:
		if (d == v->domain)
			REFUSE(v, -EINVAL, "pausedomain: a domain cannot pause itself");
		domain_ctl_pause(d);
		rc = 0;
		break;
	case XEN_DOMCTL_unpausedomain:
		domain_ctl_unpause(d);
		rc = 0;
		break;
	case XEN_DOMCTL_getdomaininfo:
		d = domain_first_from(op.domain);
		if (!d)
			return ERR(-ESRCH);
		domain_getinfo(d, &op.u.getdomaininfo);
		op.domain = d->domid;
		rc = 0;
		copyback = true;
		break;
	case XEN_DOMCTL_max_mem:
		d->mem.max_pages = op.u.max_mem.max_memkb >> (PAGE_SHIFT - 10);
		rc = 0;
		break;
	case XEN_DOMCTL_max_vcpus:
		rc = op.u.max_vcpus.max == d->nr_vcpus ? 0 : -EINVAL;
		break;
	case XEN_DOMCTL_setvcpucontext:
		rc = setvcpucontext(v, d, &op.u.vcpucontext);
		break;
	case XEN_DOMCTL_getvcpucontext:
		rc = getvcpucontext(v, d, &op.u.vcpucontext);
		break;
	case XEN_DOMCTL_getvcpuinfo: {
		struct xen_domctl_getvcpuinfo *vi = &op.u.getvcpuinfo;
		if (vi->vcpu >= d->nr_vcpus)
			REFUSE(v, -ESRCH, "getvcpuinfo d%u: no vCPU %u", d->domid, vi->vcpu);
		struct vcpu *t = d->vcpus[vi->vcpu];
		vi->online = t->is_online;
		vi->blocked = t->is_blocked;
		vi->running = t->is_running;
		vi->cpu_time = (uint64_t)vcpu_run_time(t);
		vi->cpu = (uint32_t)t->processor;
		rc = 0;
		copyback = true;
		break;
	}
	case XEN_DOMCTL_scheduler_op:
		rc = scheduler_op(v, d, &op.u.scheduler_op);
		copyback = !rc;
		break;
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		rc = vcpuaffinity(v, d, &op.u.vcpuaffinity, op.cmd == XEN_DOMCTL_setvcpuaffinity);
		break;
	case XEN_DOMCTL_setdomainhandle:
		memcpy(d->handle, op.u.setdomainhandle.handle, sizeof(d->handle));
		rc = 0;
		break;
	case XEN_DOMCTL_set_address_size:
		rc = op.u.address_size.size == 64 ? 0 : -EINVAL;
		break;
	case XEN_DOMCTL_get_address_size:
		op.u.address_size.size = 64;
		rc = 0;
		copyback = true;
		break;
	case XEN_DOMCTL_setnodeaffinity:
		rc = 0; /* one NUMA node */
		break;
	case XEN_DOMCTL_cacheflush: {
		uint64_t start = op.u.cacheflush.start_pfn, nr = op.u.cacheflush.nr_pfns;
		if (nr > (1UL << 20) || start + nr < start)
			REFUSE(v, -EINVAL, "cacheflush d%u: %lu pages is too many", d->domid, (unsigned long)nr);
		clean_guest_dcache(d, start << PAGE_SHIFT, nr << PAGE_SHIFT);
		rc = 0;
		break;
	}
	case XEN_DOMCTL_get_paging_mempool_size:
		op.u.paging_mempool.size = d->paging_mempool_bytes;
		rc = 0;
		copyback = true;
		break;
	case XEN_DOMCTL_set_paging_mempool_size:
		/* Stage-2 tables come from the hypervisor's allocator: recorded only. */
		d->paging_mempool_bytes = op.u.paging_mempool.size;
		rc = 0;
		break;
	default:
		if (gdbsx_is_domctl(op.cmd)) { /* guest debugging: hyp/core/gdbsx.c */
			rc = gdbsx_domctl(v, d, &op, &copyback);
			break;
		}
		REFUSE(v, -ENOSYS, "cmd %u not implemented", op.cmd);
	}
	if (copyback && copy_to_guest(v, args[0], &op, sizeof(op)))
		return ERR(-EFAULT);
	return rc;
}
