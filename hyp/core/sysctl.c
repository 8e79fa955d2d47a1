/* SPDX-License-Identifier: MIT */
/*
 * sysctl (Xen public sysctl.h, interface version 0x15): host-wide
 * information and control for the control domain: the console ring
 * (readconsole, for `hx dmesg`), physinfo, the scheduler id, the domain list,
 * CPU/NUMA topology (one node), cpupools (cpupool_op) and pool-wide
 * scheduler parameters (scheduler_op), per-CPU idle time and debug keys.
 */
#include <hyp/bootinfo.h>
#include <hyp/conring.h>
#include <hyp/domain.h>
#include <hyp/domctl.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/keyhandler.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <hyp/trace.h>
#include <lib/string.h>
#include <public/sysctl.h>


static long readconsole(struct vcpu *v, struct xen_sysctl_readconsole *rc)
{
	char chunk[256];
	uint64_t index = rc->incremental ? rc->index : 0;
	uint32_t done = 0;

	while (done < rc->count) {
		size_t n = conring_read(chunk, MIN(sizeof(chunk), (size_t)(rc->count - done)), &index,
					rc->clear);
		if (!n)
			break;
		if (copy_to_guest(v, rc->buffer.q + done, chunk, n))
			return ERR(-EFAULT);
		done += (uint32_t)n;
	}
	rc->count = done;
	rc->index = (uint32_t)index;
	return 0;
}

static uint32_t online_cpus(void)
{
	uint32_t n = 0;
	for (unsigned i = 0; i < MAX_CPUS; i++)
		n += pcpus[i].online;
	return n;
}

static long write_cpumap(struct vcpu *v, struct xenctl_bitmap *map, uint64_t cpus)
{
	uint8_t bytes[(MAX_CPUS + 7) / 8] = { 0 };
	uint32_t nbytes = (map->nr_bits + 7) / 8;

	for (unsigned i = 0; i < MAX_CPUS; i++)
		if (cpus & (1UL << i))
			bytes[i / 8] |= (uint8_t)(1U << (i % 8));
	for (uint32_t i = 0; i < nbytes; i++) {
		uint8_t b = i < sizeof(bytes) ? bytes[i] : 0;
		if (copy_to_guest(v, map->bitmap.q + i, &b, 1))
			return ERR(-EFAULT);
	}
	return 0;
}

#define REFUSE(v, err, ...)                                     \
	do {                                                    \
		gprintk(LOG_DEBUG, v, "sysctl: " __VA_ARGS__);  \
		return (err);                                   \
	} while (0)

/* cpupool_op: Xen 4.17's sub-ops and errno values (see sched.h). */
static long cpupool_op(struct vcpu *v, struct xen_sysctl_cpupool_op *op)
{
	unsigned id = op->cpupool_id, sched_id = 0, n_dom = 0;
	uint64_t cpus = 0;
	struct domain *d;
	long rc;

	switch (op->op) {
	case XEN_SYSCTL_CPUPOOL_OP_CREATE:
		rc = sched_pool_create(&id, op->sched_id);
		if (rc)
			REFUSE(v, rc, "cpupool create %d (scheduler %u) refused: %ld", (int)op->cpupool_id,
			       op->sched_id, rc);
		op->cpupool_id = id;
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_DESTROY:
		rc = sched_pool_destroy(id);
		if (rc)
			REFUSE(v, rc, "cpupool %u destroy refused: %ld", id, rc);
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_INFO:
		rc = sched_pool_info(&id, &sched_id, &cpus, &n_dom);
		if (rc)
			return rc;
		op->cpupool_id = id;
		op->sched_id = sched_id;
		op->n_dom = n_dom;
		return write_cpumap(v, &op->cpumap, cpus);
	case XEN_SYSCTL_CPUPOOL_OP_ADDCPU:
		rc = sched_pool_add_cpu(id, op->cpu);
		if (rc)
			REFUSE(v, rc, "cpupool %u: adding CPU %d refused: %ld", id, (int)op->cpu, rc);
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_RMCPU:
		rc = sched_pool_remove_cpu(id, op->cpu);
		if (rc)
			REFUSE(v, rc, "cpupool %u: removing CPU %d refused: %ld", id, (int)op->cpu, rc);
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
		/* Xen: rcu_lock_remote_domain_by_id(): -ESRCH, the caller's own -EPERM. */
		d = domain_by_id(op->domid);
		if (!d || d->is_dying)
			return ERR(-ESRCH);
		if (d == v->domain)
			REFUSE(v, -EPERM, "cpupool: a domain cannot move itself");
		if (sched_domain_pool_id(d) == id)
			return 0;
		rc = sched_move_domain(d, id);
		if (rc)
			REFUSE(v, rc, "cpupool: moving d%u to pool %u refused: %ld", d->domid, id, rc);
		return 0;
	case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
		return write_cpumap(v, &op->cpumap, sched_free_cpus());
	default:
		return ERR(-ENOSYS);
	}
}

/* The domain whose handle is @h, NULL if none (ARINC653 schedules name
 * domains by handle). */
static struct domain *domain_by_handle(const uint8_t h[16])
{
	for (struct domain *d = domain_first_from(0); d; d = domain_first_from(d->domid + 1u))
		if (!memcmp(d->handle, h, 16))
			return d;
	return NULL;
}

/* scheduler_op: credit2's ratelimit and ARINC653's schedule, per pool. */
static long scheduler_op(struct vcpu *v, struct xen_sysctl_scheduler_op *op)
{
	static struct xen_sysctl_arinc653_schedule xs;  /* 2 KiB: sysctls are serialised */
	static struct arinc653_schedule s;
	static spinlock_t lock = SPINLOCK_INIT;
	bool put = op->cmd == XEN_SYSCTL_SCHEDOP_putinfo;
	unsigned us = 0;
	long rc = 0;

	if (op->cmd != XEN_SYSCTL_SCHEDOP_putinfo && op->cmd != XEN_SYSCTL_SCHEDOP_getinfo)
		return ERR(-EINVAL);
	switch (op->sched_id) {
	case XEN_SCHEDULER_CREDIT2:
		if (put)
			rc = sched_pool_set_ratelimit(op->cpupool_id, op->sched_id,
						      op->u.sched_credit2.ratelimit_us);
		else if (!(rc = sched_pool_get_ratelimit(op->cpupool_id, op->sched_id, &us)))
			op->u.sched_credit2.ratelimit_us = us;
		if (rc)
			REFUSE(v, rc, "scheduler_op: credit2 ratelimit of pool %u refused: %ld",
			       op->cpupool_id, rc);
		return 0;
	case XEN_SCHEDULER_ARINC653:
		break;
	default:
		REFUSE(v, -EINVAL, "scheduler_op: scheduler %u has no pool-wide parameters",
		       op->sched_id);
	}
	spin_lock(&lock);
	if (put) {
		if (copy_from_guest(v, &xs, op->u.sched_arinc653.schedule.q, sizeof(xs))) {
			rc = -EFAULT;
			goto out;
		}
		memset(&s, 0, sizeof(s));
		s.major_frame = (s_time_t)xs.major_frame;
		s.nr_entries = xs.num_sched_entries;
		for (unsigned i = 0; i < s.nr_entries && i < ARINC653_MAX_DOMAINS_PER_SCHEDULE; i++) {
			struct domain *d = domain_by_handle(xs.sched_entries[i].dom_handle);
			if (!d) {
				rc = -EINVAL; /* Xen's arinc653 ignores unknown handles; we refuse */
				goto out;
			}
			s.entries[i].domid = d->domid;
			s.entries[i].vcpu_id = xs.sched_entries[i].vcpu_id;
			s.entries[i].runtime = (s_time_t)xs.sched_entries[i].runtime;
		}
		rc = sched_pool_arinc653_set(op->cpupool_id, &s);
	} else {
		rc = sched_pool_arinc653_get(op->cpupool_id, &s);
		if (rc)
			goto out;
		memset(&xs, 0, sizeof(xs));
		xs.major_frame = (uint64_t)s.major_frame;
		xs.num_sched_entries = (uint8_t)s.nr_entries;
		for (unsigned i = 0; i < s.nr_entries; i++) {
			struct domain *d = domain_by_id(s.entries[i].domid);
			if (d)
				memcpy(xs.sched_entries[i].dom_handle, d->handle, 16);
			xs.sched_entries[i].vcpu_id = s.entries[i].vcpu_id;
			xs.sched_entries[i].runtime = (uint64_t)s.entries[i].runtime;
		}
		if (copy_to_guest(v, op->u.sched_arinc653.schedule.q, &xs, sizeof(xs)))
			rc = -EFAULT;
	}
out:
	spin_unlock(&lock);
	if (rc)
		REFUSE(v, rc, "scheduler_op: arinc653 schedule of pool %u refused: %ld",
		       op->cpupool_id, rc);
	return 0;
}

long do_sysctl(struct vcpu *v, uint64_t *args)
{
	struct xen_sysctl op;
	long rc = 0;
	bool copyback = true;

	if (!v->domain->is_privileged)
		return ERR(-EPERM);
	if (copy_from_guest(v, &op, args[0], sizeof(op)))
		return ERR(-EFAULT);
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return ERR(-EACCES);

	switch (op.cmd) {
	case XEN_SYSCTL_readconsole:
		rc = readconsole(v, &op.u.readconsole);
		break;
	case XEN_SYSCTL_tbuf_op:
		rc = trace_tbuf_op(v, &op.u.tbuf_op);
		break;
	case XEN_SYSCTL_physinfo: {
		struct xen_sysctl_physinfo *pi = &op.u.physinfo;
		uint64_t end = 0;
		memset(pi, 0, sizeof(*pi));
		for (unsigned i = 0; i < bootinfo.mem_count; i++)
			end = MAX(end, bootinfo.mem[i].end);
		pi->threads_per_core = 1;
		pi->cores_per_socket = online_cpus();
		pi->nr_cpus = online_cpus();
		pi->max_cpu_id = bootinfo.cpu_count ? bootinfo.cpu_count - 1 : 0;
		pi->nr_nodes = 1;
		pi->max_node_id = 0;
		pi->cpu_khz = counter_freq() / 1000;
		pi->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
				   XEN_SYSCTL_PHYSCAP_gnttab_v1;
		pi->total_pages = page_alloc_total_pages();
		pi->free_pages = page_alloc_free_pages();
		pi->max_mfn = (end >> PAGE_SHIFT) - 1;
		break;
	}
	case XEN_SYSCTL_sched_id:
		/* Xen: the scheduler of the caller's pool. */
		op.u.sched_id.sched_id = sched_domain_sched_id(v->domain);
		break;
	case XEN_SYSCTL_getdomaininfolist: {
		struct xen_sysctl_getdomaininfolist *l = &op.u.getdomaininfolist;
		unsigned id = l->first_domain, n = 0;
		struct domain *d;
		while (n < l->max_domains && (d = domain_first_from(id))) {
			struct xen_domctl_getdomaininfo info;
			domain_getinfo(d, &info);
			if (copy_to_guest(v, l->buffer.q + n * sizeof(info), &info, sizeof(info)))
				return ERR(-EFAULT);
			n++;
			id = d->domid + 1u;
		}
		l->num_domains = n;
		break;
	}
	case XEN_SYSCTL_debug_keys: {
		char keys[32];
		uint32_t n = op.u.debug_keys.nr_keys;
		for (uint32_t i = 0; i < n; i += sizeof(keys)) {
			uint32_t chunk = MIN((uint32_t)sizeof(keys), n - i);
			if (copy_from_guest(v, keys, op.u.debug_keys.keys.q + i, chunk))
				return ERR(-EFAULT);
			for (uint32_t k = 0; k < chunk; k++)
				handle_debug_key((uint8_t)keys[k]);
		}
		copyback = false;
		break;
	}
	case XEN_SYSCTL_getcpuinfo: {
		struct xen_sysctl_getcpuinfo *ci = &op.u.getcpuinfo;
		uint32_t n = 0;
		for (unsigned i = 0; i < MAX_CPUS && n < ci->max_cpus; i++, n++) {
			struct xen_sysctl_cpuinfo info = { (uint64_t)pcpus[i].idle_time };
			if (i >= bootinfo.cpu_count)
				break;
			if (copy_to_guest(v, ci->info.q + n * sizeof(info), &info, sizeof(info)))
				return ERR(-EFAULT);
		}
		ci->nr_cpus = n;
		break;
	}
	case XEN_SYSCTL_cputopoinfo: {
		struct xen_sysctl_cputopoinfo *t = &op.u.cputopoinfo;
		uint32_t ncpus = bootinfo.cpu_count;
		if (t->cputopo.q) {
			for (uint32_t i = 0; i < MIN(ncpus, t->num_cpus); i++) {
				struct xen_sysctl_cputopo c = { i, 0, 0 };
				if (copy_to_guest(v, t->cputopo.q + i * sizeof(c), &c, sizeof(c)))
					return ERR(-EFAULT);
			}
		}
		t->num_cpus = ncpus;
		break;
	}
	case XEN_SYSCTL_numainfo: {
		struct xen_sysctl_numainfo *ni = &op.u.numainfo;
		if (ni->meminfo.q && ni->num_nodes >= 1) {
			struct xen_sysctl_meminfo mi = {
				page_alloc_total_pages() << PAGE_SHIFT,
				page_alloc_free_pages() << PAGE_SHIFT,
			};
			if (copy_to_guest(v, ni->meminfo.q, &mi, sizeof(mi)))
				return ERR(-EFAULT);
		}
		if (ni->distance.q && ni->num_nodes >= 1) {
			uint32_t dist = 10;
			if (copy_to_guest(v, ni->distance.q, &dist, sizeof(dist)))
				return ERR(-EFAULT);
		}
		ni->num_nodes = 1;
		break;
	}
	case XEN_SYSCTL_cpupool_op:
		rc = cpupool_op(v, &op.u.cpupool_op);
		break;
	case XEN_SYSCTL_scheduler_op:
		rc = scheduler_op(v, &op.u.scheduler_op);
		break;
	default:
		return ERR(-ENOSYS);
	}
	if (copyback && copy_to_guest(v, args[0], &op, sizeof(op)))
		return ERR(-EFAULT);
	return rc;
}
