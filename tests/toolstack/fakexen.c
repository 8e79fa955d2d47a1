/* SPDX-License-Identifier: MIT */
/*
 * Stand-in hypervisor for host tests (see fakexen.h). Arguments are host
 * pointers: the "guest handles" of the tools are plain addresses here.
 */
#include <errno.h>
#include <string.h>

#include <public/event_channel.h>
#include <public/hvm_params.h>
#include <public/memory.h>
#include <public/version.h>

#include <public/trace.h>

#include "fakexen.h"

#define PTR(x) ((void *)(uintptr_t)(x))

void fakexen_init(struct fakexen *fx)
{
	memset(fx, 0, sizeof(*fx));
	fx->next_port = 5;
	fx->tb_evt_mask = TRC_ALL; /* Xen's defaults */
	fx->tb_cpu_mask = ~0ULL;
	fx->pools[0].exists = true;
	fx->pools[0].sched_id = XEN_SCHEDULER_CREDIT2;
	fx->pools[0].cpus = 0x7;
	fx->pools[0].ratelimit_us = 1000;
}

struct fake_dom *fakexen_add(struct fakexen *fx, domid_t id, uint32_t vcpus, uint64_t pages)
{
	struct fake_dom *d = &fx->doms[id];
	uint32_t v;

	memset(d, 0, sizeof(*d));
	d->exists = true;
	d->id = id;
	d->flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap | XEN_DOMINF_running;
	d->tot_pages = d->max_pages = pages;
	d->max_vcpus = vcpus;
	d->vcpus_allocated = true;
	d->cpu_time = 1500000000ULL * (id + 1);
	for (v = 0; v < vcpus; v++) {
		d->ctx[v].flags = VGCF_online;
		d->ctx[v].user_regs.pc64 = 0xffff800008000000ULL + v;
		d->ctx[v].user_regs.cpsr = 0x3c5;
		d->ctx[v].user_regs.x0 = 0x1000 + v;
		d->ctx[v].sctlr = SCTLR_GUEST_INIT;
	}
	for (v = 0; v < FAKE_MAX_VCPUS; v++) {
		d->hard[v] = id == 1 ? 0x5 : 0xf; /* d1 pinned to CPUs 0 and 2 */
		d->soft[v] = 0xf;
		d->rtds[v].period = 10000;
		d->rtds[v].budget = 4000;
		d->rtds[v].flags = XEN_DOMCTL_SCHEDRT_extra;
	}
	d->weight = 256;
	return d;
}

void fakexen_console(struct fakexen *fx, const char *text)
{
	for (; *text; text++)
		fx->conring[fx->con_prod++ % sizeof(fx->conring)] = *text;
}

static struct fake_dom *dom(struct fakexen *fx, unsigned int id)
{
	return id < FAKE_MAX_DOMS && fx->doms[id].exists ? &fx->doms[id] : NULL;
}

static void fill_info(const struct fake_dom *d, struct xen_domctl_getdomaininfo *i)
{
	memset(i, 0, sizeof(*i));
	i->domain = d->id;
	i->flags = d->flags;
	i->tot_pages = d->tot_pages;
	i->max_pages = d->max_pages;
	i->cpu_time = d->cpu_time;
	i->nr_online_vcpus = d->vcpus_allocated ? d->max_vcpus : 0;
	i->max_vcpu_id = d->vcpus_allocated ? d->max_vcpus - 1 : XEN_INVALID_MAX_VCPU_ID;
	memcpy(i->handle, d->handle, 16);
	i->gpaddr_bits = 40;
	i->arch_config.gic_version = XEN_DOMCTL_CONFIG_GIC_V3;
	i->cpupool = d->cpupool;
}

/* "Run" a debugged domain: one step of vCPU 0, or on to the next BRK #0. */
static void fake_debug_run(struct fake_dom *d)
{
	uint64_t *pc = &d->ctx[0].user_regs.pc64;
	uint32_t insn;

	if (d->step[0]) {
		*pc += 4;
		d->event = 1; /* XEN_GDBSX_EV_STEP */
	} else {
		for (uint64_t a = FAKE_GUEST_VA; a < FAKE_GUEST_VA + FAKE_GUEST_MEM; a += 4) {
			memcpy(&insn, d->mem + (a - FAKE_GUEST_VA), 4);
			if (insn == 0xd4200000u && a >= *pc) {
				*pc = a;
				d->event = 3; /* XEN_GDBSX_EV_BRK */
				break;
			}
		}
		if (!d->event)
			return; /* no breakpoint ahead: it keeps running */
	}
	d->event_vcpu = 0;
	d->flags = (d->flags | XEN_DOMINF_paused) & ~XEN_DOMINF_running;
}

static uint64_t all_pool_cpus(const struct fakexen *fx)
{
	uint64_t m = 0;

	for (unsigned int i = 0; i < FAKE_MAX_POOLS; i++)
		if (fx->pools[i].exists)
			m |= fx->pools[i].cpus;
	return m;
}

static unsigned int pool_doms(const struct fakexen *fx, uint32_t pool)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < FAKE_MAX_DOMS; i++)
		n += fx->doms[i].exists && fx->doms[i].cpupool == pool;
	return n;
}

static struct fake_pool *pool_of(struct fakexen *fx, uint32_t id)
{
	return id < FAKE_MAX_POOLS && fx->pools[id].exists ? &fx->pools[id] : NULL;
}

/* domctl scheduler_op: the rules of hyp/core/domctl.c and hyp/core/sched/ */
static long sched_dom(struct fakexen *fx, struct fake_dom *d, struct xen_domctl_scheduler_op *op)
{
	uint32_t sched = fx->pools[d->cpupool].sched_id;
	struct xen_domctl_schedparam_vcpu *v = PTR(op->u.v.vcpus.q);

	if (op->sched_id != sched)
		return -EINVAL;
	switch (op->cmd) {
	case XEN_DOMCTL_SCHEDOP_getinfo:
		if (sched == XEN_SCHEDULER_CREDIT2) {
			op->u.credit2.weight = d->weight;
			op->u.credit2.cap = d->cap;
		} else if (sched == XEN_SCHEDULER_RTDS) {
			op->u.rtds = d->rtds[0];
		}
		return 0;
	case XEN_DOMCTL_SCHEDOP_putinfo:
		if (sched != XEN_SCHEDULER_CREDIT2 || op->u.credit2.cap > 100 * d->max_vcpus)
			return -EINVAL;
		if (op->u.credit2.weight)
			d->weight = op->u.credit2.weight;
		d->cap = op->u.credit2.cap;
		return 0;
	case XEN_DOMCTL_SCHEDOP_putvcpuinfo:
	case XEN_DOMCTL_SCHEDOP_getvcpuinfo:
		if (sched != XEN_SCHEDULER_RTDS)
			return -EINVAL;
		for (uint32_t k = 0; k < op->u.v.nr_vcpus; k++) {
			uint32_t id = v[k].vcpuid;

			if (id >= d->max_vcpus || id >= FAKE_MAX_VCPUS)
				return -EINVAL;
			if (op->cmd == XEN_DOMCTL_SCHEDOP_getvcpuinfo) {
				v[k].u.rtds = d->rtds[id];
				continue;
			}
			if (v[k].u.rtds.period < 10 || v[k].u.rtds.budget < 10 ||
			    v[k].u.rtds.budget > v[k].u.rtds.period)
				return -EINVAL;
			d->rtds[id] = v[k].u.rtds;
		}
		return 0;
	default:
		return -EINVAL;
	}
}

/* sysctl cpupool_op: Xen 4.17's semantics, as hyp/core/sched.c has them */
static long cpupool_op(struct fakexen *fx, struct xen_sysctl_cpupool_op *op)
{
	struct fake_pool *p = pool_of(fx, op->cpupool_id);
	uint64_t free_cpus = ((1ULL << FAKE_NR_CPUS) - 1) & ~all_pool_cpus(fx);
	uint64_t *map = PTR(op->cpumap.bitmap.q);
	uint32_t id, cpu = op->cpu;

	switch (op->op) {
	case XEN_SYSCTL_CPUPOOL_OP_CREATE:
		if (op->sched_id < XEN_SCHEDULER_CREDIT2 || op->sched_id > XEN_SCHEDULER_NULL)
			return -ENOENT;
		if (op->cpupool_id == XEN_SYSCTL_CPUPOOL_PAR_ANY) {
			for (id = FAKE_MAX_POOLS; id > 0 && !fx->pools[id - 1].exists; id--)
				;
		} else {
			id = op->cpupool_id;
			if (p)
				return -EEXIST;
		}
		if (id >= FAKE_MAX_POOLS)
			return -ENOMEM;
		memset(&fx->pools[id], 0, sizeof(fx->pools[id]));
		fx->pools[id].exists = true;
		fx->pools[id].sched_id = op->sched_id;
		fx->pools[id].ratelimit_us = 1000;
		op->cpupool_id = id;
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_DESTROY:
		if (!p)
			return -ENOENT;
		if (p->cpus || pool_doms(fx, op->cpupool_id) || op->cpupool_id == 0)
			return -EBUSY;
		p->exists = false;
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_INFO:
		for (id = op->cpupool_id; id < FAKE_MAX_POOLS && !fx->pools[id].exists; id++)
			;
		if (id >= FAKE_MAX_POOLS)
			return -ENOENT;
		op->cpupool_id = id;
		op->sched_id = fx->pools[id].sched_id;
		op->n_dom = pool_doms(fx, id);
		if (op->cpumap.nr_bits >= 64)
			*map = fx->pools[id].cpus;
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_ADDCPU:
		if (!p)
			return -ENOENT;
		if (cpu == XEN_SYSCTL_CPUPOOL_PAR_ANY && !free_cpus)
			return -ENODEV;
		if (cpu == XEN_SYSCTL_CPUPOOL_PAR_ANY)
			cpu = (uint32_t)__builtin_ctzll(free_cpus);
		if (cpu >= 64)
			return -EINVAL;
		if (!(free_cpus & (1ULL << cpu)))
			return -ENODEV;
		p->cpus |= 1ULL << cpu;
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_RMCPU:
		if (!p)
			return -ENOENT;
		if (cpu >= FAKE_NR_CPUS)
			return -EINVAL;
		if (!(p->cpus & (1ULL << cpu)))
			return -EADDRNOTAVAIL;
		if (pool_doms(fx, op->cpupool_id) && p->cpus == 1ULL << cpu)
			return -EBUSY;
		p->cpus &= ~(1ULL << cpu);
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
		if (op->domid >= FAKE_MAX_DOMS || !fx->doms[op->domid].exists)
			return -ESRCH;
		if (op->domid == 0)
			return -EPERM; /* the caller itself */
		if (!p || !p->cpus)
			return -ENOENT;
		fx->doms[op->domid].cpupool = op->cpupool_id;
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
		memset(map, 0, (op->cpumap.nr_bits + 7) / 8);
		*(uint8_t *)map = (uint8_t)free_cpus;
		return 0;
	default:
		return -ENOSYS;
	}
}

/* sysctl scheduler_op: credit2's ratelimit, arinc653's schedule (stored) */
static long sched_pool(struct fakexen *fx, struct xen_sysctl_scheduler_op *so)
{
	struct fake_pool *p = pool_of(fx, so->cpupool_id);
	bool put = so->cmd == XEN_SYSCTL_SCHEDOP_putinfo;
	struct xen_sysctl_arinc653_schedule *s = PTR(so->u.sched_arinc653.schedule.q);
	uint32_t r = so->u.sched_credit2.ratelimit_us;

	if (!p)
		return -ENOENT;
	if (p->sched_id != so->sched_id)
		return -EINVAL;
	if (so->sched_id == XEN_SCHEDULER_CREDIT2) {
		if (put && r && (r < 100 || r > 500000))
			return -EINVAL;
		if (put)
			p->ratelimit_us = r;
		else
			so->u.sched_credit2.ratelimit_us = p->ratelimit_us;
		return 0;
	}
	if (so->sched_id != XEN_SCHEDULER_ARINC653)
		return -EINVAL;
	if (put)
		p->a653 = *s;
	else
		*s = p->a653;
	return 0;
}


static long do_domctl(struct fakexen *fx, struct xen_domctl *op)
{
	struct fake_dom *d = dom(fx, op->domain);
	unsigned int i;

	fx->interface_version_seen = op->interface_version;
	if (op->interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op->cmd < 128)
		fx->calls[op->cmd]++;
	if (fx->fail_domctl && op->cmd == fx->fail_domctl)
		return -fx->fail_errno;
	switch (op->cmd) {
	case XEN_DOMCTL_createdomain:
		for (i = 1; i < FAKE_MAX_DOMS && fx->doms[i].exists; i++)
			;
		if (i == FAKE_MAX_DOMS)
			return -ENOMEM;
		d = fakexen_add(fx, (domid_t)i, 0, 0);
		d->vcpus_allocated = false;
		d->max_vcpus = op->u.createdomain.max_vcpus;
		d->flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap | XEN_DOMINF_paused;
		memcpy(d->handle, op->u.createdomain.handle, 16);
		fx->last_create_pool = op->u.createdomain.cpupool_id;
		if (!pool_of(fx, op->u.createdomain.cpupool_id) ||
		    !fx->pools[op->u.createdomain.cpupool_id].cpus) {
			int rc = pool_of(fx, op->u.createdomain.cpupool_id) ? -ENODEV : -ESRCH;

			memset(d, 0, sizeof(*d));
			return rc;
		}
		d->cpupool = op->u.createdomain.cpupool_id;
		op->domain = (domid_t)i;
		if (op->u.createdomain.arch.gic_version == XEN_DOMCTL_CONFIG_GIC_NATIVE)
			op->u.createdomain.arch.gic_version = XEN_DOMCTL_CONFIG_GIC_V3;
		return 0;
	case XEN_DOMCTL_getdomaininfo:
		for (i = op->domain; i < FAKE_MAX_DOMS; i++) {
			if (fx->doms[i].exists) {
				fill_info(&fx->doms[i], &op->u.getdomaininfo);
				op->domain = (domid_t)i;
				return 0;
			}
		}
		return -ESRCH;
	}
	if (!d)
		return -ESRCH;
	switch (op->cmd) {
	case XEN_DOMCTL_destroydomain:
		memset(d, 0, sizeof(*d));
		return 0;
	case XEN_DOMCTL_pausedomain:
		d->flags = (d->flags | XEN_DOMINF_paused) & ~XEN_DOMINF_running;
		return 0;
	case XEN_DOMCTL_unpausedomain:
		d->flags = (d->flags & ~XEN_DOMINF_paused) | XEN_DOMINF_running;
		if (d->debugging)
			fake_debug_run(d);
		return 0;
	case XEN_DOMCTL_setdebugging:
		d->debugging = op->u.setdebugging.enable;
		return 0;
	case XEN_DOMCTL_debug_op:
		if (!d->debugging || op->u.debug_op.vcpu >= d->max_vcpus || op->u.debug_op.op > 1)
			return -EINVAL;
		d->step[op->u.debug_op.vcpu] = op->u.debug_op.op;
		return 0;
	case XEN_DOMCTL_gdbsx_guestmemio: {
		struct xen_domctl_gdbsx_memio *m = &op->u.gdbsx_guest_memio;
		uint64_t off = m->gva - FAKE_GUEST_VA;

		if (m->gva < FAKE_GUEST_VA || off + m->len > FAKE_GUEST_MEM) {
			m->remain = m->len;
			return -EFAULT;
		}
		if (m->gwr)
			memcpy(d->mem + off, PTR(m->uva), m->len);
		else
			memcpy(PTR(m->uva), d->mem + off, m->len);
		m->remain = 0;
		return 0;
	}
	case XEN_DOMCTL_gdbsx_domstatus: {
		struct xen_domctl_gdbsx_domstatus *st = &op->u.gdbsx_domstatus;

		st->paused = !!(d->flags & XEN_DOMINF_paused);
		st->vcpu_id = d->event ? d->event_vcpu : ~0u;
		st->vcpu_ev = d->event;
		d->event = 0;
		return 0;
	}
	case XEN_DOMCTL_max_vcpus:
		if (op->u.max_vcpus.max != d->max_vcpus)
			return -EINVAL;
		d->vcpus_allocated = true;
		return 0;
	case XEN_DOMCTL_max_mem:
		d->max_memkb = op->u.max_mem.max_memkb;
		return 0;
	case XEN_DOMCTL_set_address_size:
		d->address_size = op->u.address_size.size;
		return 0;
	case XEN_DOMCTL_setnodeaffinity:
		return 0;
	case XEN_DOMCTL_cacheflush:
		d->flushed_pages += op->u.cacheflush.nr_pfns;
		return 0;
	case XEN_DOMCTL_set_paging_mempool_size:
		d->paging_pool = op->u.paging_mempool.size;
		return 0;
	case XEN_DOMCTL_setvcpucontext:
	case XEN_DOMCTL_getvcpucontext: {
		uint32_t v = op->u.vcpucontext.vcpu;
		struct vcpu_guest_context *c = PTR(op->u.vcpucontext.ctxt.q);

		if (!d->vcpus_allocated || v >= d->max_vcpus || v >= FAKE_MAX_VCPUS)
			return -EINVAL;
		if (op->cmd == XEN_DOMCTL_setvcpucontext)
			d->ctx[v] = *c;
		else
			*c = d->ctx[v];
		return 0;
	}
	case XEN_DOMCTL_getvcpuinfo: {
		uint32_t v = op->u.getvcpuinfo.vcpu;

		if (!d->vcpus_allocated || v >= d->max_vcpus)
			return -ESRCH;
		op->u.getvcpuinfo.online = 1;
		op->u.getvcpuinfo.running = v == 0;
		op->u.getvcpuinfo.blocked = v != 0;
		op->u.getvcpuinfo.cpu_time = 250000000ULL * (v + 1);
		op->u.getvcpuinfo.cpu = v;
		return 0;
	}
	case XEN_DOMCTL_getvcpuaffinity:
	case XEN_DOMCTL_setvcpuaffinity: {
		uint64_t *hard = PTR(op->u.vcpuaffinity.cpumap_hard.bitmap.q);
		uint64_t *soft = PTR(op->u.vcpuaffinity.cpumap_soft.bitmap.q);
		uint32_t v = op->u.vcpuaffinity.vcpu, f = op->u.vcpuaffinity.flags;

		if (v >= d->max_vcpus || v >= FAKE_MAX_VCPUS)
			return -EINVAL;
		if (op->cmd == XEN_DOMCTL_setvcpuaffinity) {
			if ((f & XEN_VCPUAFFINITY_HARD) && !(*hard & fx->pools[d->cpupool].cpus))
				return -EINVAL;
			if (f & XEN_VCPUAFFINITY_HARD)
				d->hard[v] = *hard;
			if (f & XEN_VCPUAFFINITY_SOFT)
				d->soft[v] = *soft;
		}
		*hard = d->hard[v];
		*soft = d->soft[v];
		return 0;
	}
	case XEN_DOMCTL_scheduler_op:
		return sched_dom(fx, d, &op->u.scheduler_op);
	default:
		return -ENOSYS;
	}
}

static long do_sysctl(struct fakexen *fx, struct xen_sysctl *op)
{
	unsigned int i;

	fx->interface_version_seen = op->interface_version;
	if (op->interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op->cmd < 32)
		fx->sysctl_calls[op->cmd]++;
	if (fx->fail_sysctl && op->cmd == fx->fail_sysctl)
		return -fx->fail_errno;
	switch (op->cmd) {
	case XEN_SYSCTL_physinfo: {
		struct xen_sysctl_physinfo *p = &op->u.physinfo;

		memset(p, 0, sizeof(*p));
		p->threads_per_core = 1;
		p->cores_per_socket = 4;
		p->nr_cpus = 4;
		p->max_cpu_id = 3;
		p->nr_nodes = 1;
		p->cpu_khz = 62500;
		p->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
				  XEN_SYSCTL_PHYSCAP_gnttab_v1;
		p->total_pages = 524288; /* 2 GiB */
		p->free_pages = 262144;  /* 1 GiB */
		p->max_mfn = 0xfffff;
		return 0;
	}
	case XEN_SYSCTL_sched_id:
		op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT2;
		return 0;
	case XEN_SYSCTL_getdomaininfolist: {
		struct xen_sysctl_getdomaininfolist *l = &op->u.getdomaininfolist;
		struct xen_domctl_getdomaininfo *buf = PTR(l->buffer.q);
		uint32_t n = 0;

		for (i = l->first_domain; i < FAKE_MAX_DOMS && n < l->max_domains; i++)
			if (fx->doms[i].exists)
				fill_info(&fx->doms[i], &buf[n++]);
		l->num_domains = n;
		return 0;
	}
	case XEN_SYSCTL_readconsole: {
		struct xen_sysctl_readconsole *r = &op->u.readconsole;
		char *buf = PTR(r->buffer.q);
		uint32_t idx = r->incremental ? r->index : fx->con_cons, n = 0;

		/* Older bytes than one ring size ago are overwritten */
		if (fx->con_prod - fx->con_cons > sizeof(fx->conring))
			fx->con_cons = fx->con_prod - (uint32_t)sizeof(fx->conring);
		if (idx < fx->con_cons)
			idx = fx->con_cons;
		while (idx < fx->con_prod && n < r->count)
			buf[n++] = fx->conring[idx++ % sizeof(fx->conring)];
		r->count = n;
		r->index = idx;
		if (r->clear)
			fx->con_cons = fx->con_prod;
		return 0;
	}
	case XEN_SYSCTL_debug_keys: {
		const char *k = PTR(op->u.debug_keys.keys.q);
		size_t len = strlen(fx->keys);

		for (i = 0; i < op->u.debug_keys.nr_keys && len + 1 < sizeof(fx->keys); i++)
			fx->keys[len++] = k[i];
		fx->keys[len] = '\0';
		return 0;
	}
	case XEN_SYSCTL_cpupool_op:
		return cpupool_op(fx, &op->u.cpupool_op);
	case XEN_SYSCTL_scheduler_op:
		return sched_pool(fx, &op->u.scheduler_op);
	case XEN_SYSCTL_numainfo:
		op->u.numainfo.num_nodes = 1;
		return 0;
	case XEN_SYSCTL_tbuf_op: { /* Xen's rules: size once, enable needs it */
		struct xen_sysctl_tbuf_op *t = &op->u.tbuf_op;

		switch (t->cmd) {
		case XEN_SYSCTL_TBUFOP_get_info:
			t->evt_mask = fx->tb_evt_mask;
			t->buffer_mfn = fx->tb_pages ? 0x48010 : 0;
			t->size = fx->tb_pages ? 4096 : 0;
			return 0;
		case XEN_SYSCTL_TBUFOP_set_cpu_mask: {
			const uint8_t *map = PTR(t->cpu_mask.bitmap.q);
			fx->tb_cpu_mask = 0;
			for (i = 0; i < t->cpu_mask.nr_bits && i < 64; i++)
				if (map[i / 8] & (1u << (i % 8)))
					fx->tb_cpu_mask |= 1ULL << i;
			return 0;
		}
		case XEN_SYSCTL_TBUFOP_set_evt_mask:
			fx->tb_evt_mask = t->evt_mask;
			return 0;
		case XEN_SYSCTL_TBUFOP_set_size:
			if (fx->tb_pages)
				return t->size == fx->tb_pages ? -EBUSY : -EINVAL;
			if (!t->size)
				return -EINVAL;
			fx->tb_pages = t->size;
			return 0;
		case XEN_SYSCTL_TBUFOP_enable:
			if (!fx->tb_pages)
				return -EINVAL;
			fx->tb_enabled = true;
			return 0;
		case XEN_SYSCTL_TBUFOP_disable:
			fx->tb_enabled = false;
			return 0;
		default:
			return -EINVAL;
		}
	}
	default:
		return -ENOSYS;
	}
}

static long do_xen_version(uint64_t cmd, void *arg)
{
	switch (cmd) {
	case XENVER_version:
		return (4 << 16) | 17;
	case XENVER_extraversion:
		strcpy(arg, ".0-hospes");
		return 0;
	case XENVER_capabilities:
		strcpy(arg, "xen-3.0-aarch64 ");
		return 0;
	case XENVER_changeset:
		strcpy(arg, "abcdef123456");
		return 0;
	case XENVER_commandline:
		strcpy(arg, "loglvl=info");
		return 0;
	case XENVER_compile_info: {
		struct xen_compile_info *ci = arg;

		memset(ci, 0, sizeof(*ci));
		strcpy(ci->compiler, "gcc 12");
		strcpy(ci->compile_by, "tester");
		strcpy(ci->compile_domain, "example.org");
		strcpy(ci->compile_date, "today");
		return 0;
	}
	case XENVER_pagesize:
		return 4096;
	case XENVER_platform_parameters:
		((struct xen_platform_parameters *)arg)->virt_start = 0x200000;
		return 0;
	default:
		return -ENOSYS;
	}
}

/** fakexen_hypercall - the xcall backend */
long fakexen_hypercall(void *ctx, uint64_t op, const uint64_t arg[5])
{
	struct fakexen *fx = ctx;

	switch (op) {
	case __HYPERVISOR_domctl:
		return do_domctl(fx, PTR(arg[0]));
	case __HYPERVISOR_sysctl:
		return do_sysctl(fx, PTR(arg[0]));
	case __HYPERVISOR_xen_version:
		return do_xen_version(arg[0], PTR(arg[1]));
	case __HYPERVISOR_memory_op:
		if (arg[0] == XENMEM_populate_physmap) {
			struct xen_memory_reservation *r = PTR(arg[1]);
			struct fake_dom *d = dom(fx, r->domid);

			if (!d)
				return -ESRCH;
			d->populated += r->nr_extents << r->extent_order;
			d->tot_pages += r->nr_extents << r->extent_order;
			return (long)r->nr_extents;
		}
		return -ENOSYS;
	case __HYPERVISOR_hvm_op: {
		struct xen_hvm_param *p = PTR(arg[1]);
		struct fake_dom *d = dom(fx, p->domid);

		if (!d)
			return -ESRCH;
		if (p->index >= 64)
			return -EINVAL;
		if (arg[0] == HVMOP_set_param)
			d->hvm_params[p->index] = p->value;
		else if (arg[0] == HVMOP_get_param)
			p->value = d->hvm_params[p->index];
		else
			return -ENOSYS;
		return 0;
	}
	case __HYPERVISOR_event_channel_op:
		if (arg[0] == EVTCHNOP_alloc_unbound) {
			struct evtchn_alloc_unbound *a = PTR(arg[1]);

			if (!dom(fx, a->dom))
				return -ESRCH;
			a->port = fx->next_port++;
			return 0;
		}
		return -ENOSYS;
	default:
		return -ENOSYS;
	}
}
