/* SPDX-License-Identifier: MIT */
/*
 * sysctl (Xen public sysctl.h, interface version 0x15): host-wide
 * information and control for the control domain: the console ring
 * (readconsole, for `hx dmesg`), physinfo, the scheduler id, the domain list,
 * CPU/NUMA topology (one node), the single cpupool, per-CPU idle time and
 * debug keys.
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

static long cpupool_op(struct vcpu *v, struct xen_sysctl_cpupool_op *op)
{
	uint64_t all = 0;

	for (unsigned i = 0; i < MAX_CPUS; i++)
		if (pcpus[i].online)
			all |= 1UL << i;
	switch (op->op) {
	case XEN_SYSCTL_CPUPOOL_OP_INFO:
		/* One pool, Pool-0, with every CPU (cpupools come with the schedulers work). */
		if (op->cpupool_id > 0)
			return ERR(-ENOENT);
		op->cpupool_id = 0;
		op->sched_id = sched_current()->sched_id;
		op->n_dom = domain_count();
		return write_cpumap(v, &op->cpumap, all);
	case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
		return write_cpumap(v, &op->cpumap, 0);
	default:
		return ERR(-ENOSYS);
	}
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
		op.u.sched_id.sched_id = sched_current()->sched_id;
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
	default:
		return ERR(-ENOSYS);
	}
	if (copyback && copy_to_guest(v, args[0], &op, sizeof(op)))
		return ERR(-EFAULT);
	return rc;
}
