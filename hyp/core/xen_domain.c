/* SPDX-License-Identifier: MIT */
/*
 * A domain's Xen interfaces: the shared_info page (hypervisor-owned, mapped
 * where the guest asks), vcpu_info placement, the event-channel upcall
 * (virtual PPI 31 through the vGIC), runstate areas, wallclock, and the
 * hooks that embed the portable event-channel (core/evtchn*.c) and grant
 * table (core/gnttab.c) modules into struct domain. Also the hypervisor's
 * own PV console backend for domUs (ring page at GFN 0x39000, an event
 * channel whose remote end is the hypervisor) and console_io input for
 * domains whose console is hvc0 via console_io (dom0).
 */
#include <asm/mmu.h>
#include <asm/sysregs.h>
#include <hyp/cmdline.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/pa.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <hyp/xen_domain.h>
#include <hyp/xmalloc.h>
#include <lib/string.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/hvm_params.h>
#include <public/io/console.h>
#include <public/vcpu.h>


static spinlock_t wallclock_lock = SPINLOCK_INIT;
static uint64_t wc_sec;
static uint32_t wc_nsec;

static struct domain *evd(struct evtchn_domain *e)
{
	return container_of(e, struct domain, evtchn);
}

static struct domain *gtd(struct gnttab_domain *g)
{
	return container_of(g, struct domain, gnttab);
}

struct domain *xen_domain_from_id(struct vcpu *v, unsigned domid)
{
	struct domain *d;

	if (domid == DOMID_SELF || domid == v->domain->domid)
		return v->domain;
	d = domain_by_id(domid);
	return d && !d->is_dying ? d : NULL;
}

/* ------------------------------------------------------------ guest pages */

/* A RAM page of @d at @gfn with a reference taken, or -EINVAL. */
static int get_ram_page(struct domain *d, uint64_t gfn, paddr_t *pa)
{
	return stage2_get_page(&d->s2, gfn << PAGE_SHIFT, S2_RAM_RWX, pa) ? ERR(-EINVAL) : 0;
}

/* ------------------------------------------------------------ event channel hooks */

static struct evtchn_domain *ev_lookup(uint16_t domid)
{
	struct domain *d = domain_by_id(domid);
	return d && !d->is_dying ? &d->evtchn : NULL;
}

static void *ev_shared_info(struct evtchn_domain *e)
{
	return evd(e)->shared_info;
}

static void *ev_vcpu_info(struct evtchn_domain *e, unsigned vcpu)
{
	return evd(e)->vcpus[vcpu]->vcpu_info;
}

/* After ev_upcall() found no direct way (the vCPU does not run here). */
static void ev_mark_pending(struct evtchn_domain *e, unsigned vcpu)
{
	struct vcpu *v = evd(e)->vcpus[vcpu];
	vgic_inject_private_model(&v->vgic, GUEST_EVTCHN_PPI);
}

/* Under the evtchn lock: a vCPU running on this pCPU gets the upcall through
 * the vgic's lock-free direct LR; others get ev_mark_pending() after unlock. */
static void ev_upcall(struct evtchn_domain *e, unsigned vcpu)
{
	if (!vgic_inject_direct(&evd(e)->vcpus[vcpu]->vgic, GUEST_EVTCHN_PPI))
		evtchn_queue_upcall_locked(e, vcpu);
}

static void *ev_map_guest_page(struct evtchn_domain *e, uint64_t gfn)
{
	paddr_t pa;
	return get_ram_page(evd(e), gfn, &pa) ? NULL : pa_to_va(pa);
}

static void ev_unmap_guest_page(struct evtchn_domain *e, void *p)
{
	(void)e;
	page_put(va_to_pa(p) & PAGE_MASK);
}

static void pv_console_tx(struct domain *d);

static void ev_xen_consumer(struct evtchn_domain *e, uint32_t port)
{
	struct domain *d = evd(e);
	if (d->hvm_param[HVM_PARAM_CONSOLE_EVTCHN] == port)
		pv_console_tx(d);
}

static void *ev_alloc(size_t bytes)
{
	return xzalloc_bytes(bytes);
}

static void ev_free(void *p, size_t bytes)
{
	xfree(p, bytes);
}

/* A port of the domain became pending (maybe masked): wake its pollers. */
static void ev_port_raised(struct evtchn_domain *e)
{
	struct domain *d = evd(e);

	/* Cleared before looking: a vCPU that starts polling meanwhile sets it
	 * again after its is_polling (xen_vcpu_poll_block()). */
	__atomic_store_n(&e->polling, false, __ATOMIC_SEQ_CST);
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];
		if (READ_ONCE(v->is_polling)) {
			WRITE_ONCE(v->is_polling, false);
			vcpu_wake(v);
		}
	}
}

static const struct evtchn_hooks evtchn_hooks = {
	.port_raised = ev_port_raised,
	.lookup = ev_lookup,
	.shared_info = ev_shared_info,
	.vcpu_info = ev_vcpu_info,
	.mark_pending = ev_mark_pending,
	.upcall = ev_upcall,
	.map_guest_page = ev_map_guest_page,
	.unmap_guest_page = ev_unmap_guest_page,
	.xen_consumer = ev_xen_consumer,
	.alloc = ev_alloc,
	.free = ev_free,
};

/* ------------------------------------------------------------ grant table hooks */

static struct gnttab_domain *gt_lookup(uint16_t domid)
{
	struct domain *d = domain_by_id(domid);
	return d && !d->is_dying ? &d->gnttab : NULL;
}

static int gt_gfn_to_page(struct gnttab_domain *g, uint64_t gfn, paddr_t *pa, bool writable)
{
	(void)writable; /* all guest RAM is writable */
	return get_ram_page(gtd(g), gfn, pa);
}

static void gt_put_page(paddr_t pa)
{
	page_put(pa);
}

static int gt_lock_frame(struct gnttab_domain *g, uint64_t gfn, void **ptr)
{
	*ptr = stage2_lock_page(&gtd(g)->s2, gfn << PAGE_SHIFT, S2_RAM_RWX);
	return *ptr ? 0 : ERR(-EINVAL);
}

static void gt_unlock_frame(struct gnttab_domain *g)
{
	stage2_unlock_page(&gtd(g)->s2);
}

static int gt_map_into(struct gnttab_domain *g, ipa_t gpa, paddr_t pa, bool readonly)
{
	return stage2_map(&gtd(g)->s2, gpa, pa, PAGE_SIZE, readonly ? S2_RAM_RO : S2_RAM_RW)
		       ? -ENOMEM
		       : 0;
}

static int gt_unmap_from(struct gnttab_domain *g, ipa_t gpa, paddr_t pa)
{
	return stage2_unmap_page(&gtd(g)->s2, gpa, pa) ? ERR(-EINVAL) : 0;
}

static void *gt_pa_to_ptr(paddr_t pa)
{
	return pa_to_va(pa);
}

static void *gt_alloc_page(paddr_t *pa)
{
	*pa = alloc_pages_zeroed(0, NULL);
	return *pa == INVALID_PADDR ? NULL : pa_to_va(*pa);
}

static void gt_free_page(void *p, paddr_t pa)
{
	(void)p;
	free_pages(pa, 0);
}

static int gt_copy_to_guest(struct gnttab_domain *g, uint64_t gva, const void *src, size_t len)
{
	struct vcpu *v = this_pcpu()->current;
	(void)g;
	return v ? copy_to_guest(v, gva, src, len) : ERR(-EFAULT);
}

static bool gt_owns_page(struct gnttab_domain *g, paddr_t pa)
{
	struct page_info *pg = pa_to_page(pa);
	return pg && pg->owner == &gtd(g)->mem;
}

static void gt_cache_maint(void *va, size_t len, unsigned op)
{
	uintptr_t a = ALIGN_DOWN((uintptr_t)va, 64);
	(void)op; /* clean and invalidate both become clean+invalidate */
	for (; a < (uintptr_t)va + len; a += 64)
		__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
	dsb(sy);
}

void domain_reap_kick(void);

static void gt_released(struct gnttab_domain *g)
{
	(void)g;
	domain_reap_kick();
}

static const struct gnttab_hooks gnttab_hooks = {
	.lookup = gt_lookup,
	.gfn_to_page = gt_gfn_to_page,
	.put_page = gt_put_page,
	.lock_frame = gt_lock_frame,
	.unlock_frame = gt_unlock_frame,
	.map_into = gt_map_into,
	.unmap_from = gt_unmap_from,
	.pa_to_ptr = gt_pa_to_ptr,
	.alloc_page = gt_alloc_page,
	.free_page = gt_free_page,
	.copy_to_guest = gt_copy_to_guest,
	.owns_page = gt_owns_page,
	.cache_maint = gt_cache_maint,
	.released = gt_released,
};

/* ------------------------------------------------------------ hypercall glue */

static size_t evtchn_arg_size(unsigned cmd)
{
	switch (cmd) {
	case EVTCHNOP_bind_interdomain: return sizeof(struct evtchn_bind_interdomain);
	case EVTCHNOP_bind_virq: return sizeof(struct evtchn_bind_virq);
	case EVTCHNOP_close: return sizeof(struct evtchn_close);
	case EVTCHNOP_send: return sizeof(struct evtchn_send);
	case EVTCHNOP_status: return sizeof(struct evtchn_status);
	case EVTCHNOP_alloc_unbound: return sizeof(struct evtchn_alloc_unbound);
	case EVTCHNOP_bind_ipi: return sizeof(struct evtchn_bind_ipi);
	case EVTCHNOP_bind_vcpu: return sizeof(struct evtchn_bind_vcpu);
	case EVTCHNOP_unmask: return sizeof(struct evtchn_unmask);
	case EVTCHNOP_reset: return sizeof(struct evtchn_reset);
	case EVTCHNOP_init_control: return sizeof(struct evtchn_init_control);
	case EVTCHNOP_expand_array: return sizeof(struct evtchn_expand_array);
	case EVTCHNOP_set_priority: return sizeof(struct evtchn_set_priority);
	default: return 0;
	}
}

/* Every EVTCHNOP but send: copy the argument in, run it, copy results out. */
static __attribute__((noinline)) long event_channel_op_copy(struct vcpu *v, unsigned cmd,
							   uint64_t *args)
{
	size_t size;
	uint64_t buf[4];
	long rc;

	size = evtchn_arg_size(cmd);
	if (!size)
		return ERR(-ENOSYS);
	/* evtchn_fifo=0: FIFO unavailable, as on a Xen without it; Linux falls back to 2-level. */
	if (cmd == EVTCHNOP_init_control && opt.evtchn_2l_only)
		return ERR(-ENOSYS);
	if (copy_from_guest(v, buf, args[1], size))
		return ERR(-EFAULT);
	rc = evtchn_op(&v->domain->evtchn, v->id, cmd, buf);
	/* Copy back only the operations that have results. */
	switch (cmd) {
	case EVTCHNOP_bind_interdomain:
	case EVTCHNOP_bind_virq:
	case EVTCHNOP_bind_ipi:
	case EVTCHNOP_alloc_unbound:
	case EVTCHNOP_status:
	case EVTCHNOP_init_control:
		if (rc == 0 && copy_to_guest(v, args[1], buf, size))
			return ERR(-EFAULT);
		break;
	default:
		break;
	}
	return rc;
}

long do_event_channel_op(struct vcpu *v, uint64_t *args)
{
	unsigned cmd = (unsigned)args[0];
	struct evtchn_send s;

	/* The hot operation, with a small frame: no result to copy back. */
	if (cmd != EVTCHNOP_send)
		return event_channel_op_copy(v, cmd, args);
	if (copy_from_guest(v, &s, args[1], sizeof(s)))
		return -EFAULT;
	return evtchn_send(&v->domain->evtchn, s.port);
}

#define GNTTAB_BATCH 8

long do_grant_table_op(struct vcpu *v, uint64_t *args)
{
	unsigned cmd = (unsigned)args[0];
	uint64_t uop = args[1];
	unsigned count = (unsigned)args[2];
	const struct gnttab_op_layout *l = gnttab_op_layout(cmd);
	size_t size = l->size;
	uint8_t buf[GNTTAB_BATCH * 48];
	unsigned done = 0;

	if ((int)count < 0)
		return ERR(-EINVAL);
	if (!size || size > 48)
		return gnttab_op(&v->domain->gnttab, cmd, NULL, count);
	count = gnttab_op_arg_count(cmd, count);
	if (count == 0)
		return gnttab_op(&v->domain->gnttab, cmd, NULL, 0);
	if (count == 1) {
		/* The common single element: write back only what the op wrote. */
		long rc;

		if (copy_from_guest(v, buf, uop, size))
			return ERR(-EFAULT);
		rc = gnttab_op(&v->domain->gnttab, cmd, buf, 1);
		if (l->out_len && copy_to_guest(v, uop + l->out_off, buf + l->out_off, l->out_len))
			return ERR(-EFAULT);
		return rc;
	}
	while (done < count) {
		unsigned n = MIN(count - done, GNTTAB_BATCH);
		long rc;

		if (done && hypercall_preempt_check()) {
			args[1] = uop + done * size;
			args[2] = count - done;
			return -ERESTART;
		}
		if (copy_from_guest(v, buf, uop + done * size, n * size))
			return ERR(-EFAULT);
		rc = gnttab_op(&v->domain->gnttab, cmd, buf, n);
		if (copy_to_guest(v, uop + done * size, buf, n * size))
			return ERR(-EFAULT);
		if (rc)
			return rc;
		done += n;
	}
	return 0;
}

/* ------------------------------------------------------------ vcpu_info, runstate */

int xen_register_vcpu_info(struct vcpu *v, uint64_t gfn, uint32_t offset)
{
	struct domain *d = v->domain;
	paddr_t pa;
	struct vcpu_info *new;

	if ((offset & 7) || offset > PAGE_SIZE - sizeof(struct vcpu_info))
		return ERR(-ENXIO);
	if (v->vcpu_info_page)
		return ERR(-EINVAL);
	if (get_ram_page(d, gfn, &pa))
		return ERR(-EINVAL);
	new = (struct vcpu_info *)((uint8_t *)pa_to_va(pa) + offset);
	spin_lock(&d->evtchn.lock);
	memcpy(new, v->vcpu_info, sizeof(*new));
	v->vcpu_info = new;
	v->vcpu_info_page = pa;
	spin_unlock(&d->evtchn.lock);
	evtchn_vcpu_info_moved(&d->evtchn, v->id);
	return 0;
}

bool xen_vcpu_events_pending(struct vcpu *v)
{
	return evtchn_vcpu_has_pending(&v->domain->evtchn, v->id);
}

bool xen_evtchn_port_pending(struct domain *d, uint32_t port)
{
	return evtchn_port_poll(&d->evtchn, port) == 1;
}

static void poll_timeout(void *data)
{
	struct vcpu *v = data;
	WRITE_ONCE(v->is_polling, false);
	vcpu_wake(v);
}

void xen_vcpu_poll_block(struct vcpu *v, s_time_t timeout)
{
	WRITE_ONCE(v->is_polling, true);
	/* After is_polling: raises from now on owe ev_port_raised(). */
	__atomic_store_n(&v->domain->evtchn.polling, true, __ATOMIC_SEQ_CST);
	if (timeout) {
		v->poll_timer.fn = poll_timeout;
		v->poll_timer.data = v;
		timer_set(&v->poll_timer, timeout);
	}
	vcpu_block(v);
}

void xen_update_runstate_area(struct vcpu *v)
{
	xen_write_runstate(v, v);
}

/** Write @v's runstate record to its registered area, translating through @via (running here). */
void xen_write_runstate(struct vcpu *v, struct vcpu *via)
{
	struct vcpu_runstate_info r;
	bool flag = v->domain->vm_assist & (1UL << VMASST_TYPE_runstate_update_flag);
	s_time_t now = NOW();

	if (!v->runstate_gva)
		return;
	memset(&r, 0, sizeof(r));
	r.state = v->runstate;
	r.state_entry_time = (uint64_t)v->runstate_entry;
	for (int i = 0; i < 4; i++)
		r.time[i] = (uint64_t)v->runstate_time[i];
	r.time[v->runstate] += (uint64_t)(now - v->runstate_entry);
	r.state_entry_time = (uint64_t)now;
	if (flag) {
		uint64_t t = r.state_entry_time | XEN_RUNSTATE_UPDATE;
		if (copy_to_guest(via, v->runstate_gva + offsetof(struct vcpu_runstate_info, state_entry_time),
				  &t, sizeof(t)))
			return;
		dmb(ishst);
	}
	if (copy_to_guest(via, v->runstate_gva, &r, sizeof(r)))
		return;
	if (flag) {
		dmb(ishst);
		copy_to_guest(via, v->runstate_gva + offsetof(struct vcpu_runstate_info, state_entry_time),
			      &r.state_entry_time, sizeof(r.state_entry_time));
	}
}

/* ------------------------------------------------------------ wallclock */

static void write_wallclock(struct domain *d)
{
	struct shared_info *s = d->shared_info;

	s->wc_version++;
	dmb(ishst);
	s->wc_sec = (uint32_t)wc_sec;
	s->wc_sec_hi = (uint32_t)(wc_sec >> 32);
	s->wc_nsec = wc_nsec;
	dmb(ishst);
	s->wc_version++;
}

void xen_set_wallclock(uint64_t secs, uint32_t nsecs, s_time_t system_time)
{
	struct list_head *pos;
	int64_t base_ns = (int64_t)(secs * 1000000000ULL + nsecs) - system_time;

	spin_lock(&wallclock_lock);
	wc_sec = (uint64_t)base_ns / 1000000000ULL;
	wc_nsec = (uint32_t)((uint64_t)base_ns % 1000000000ULL);
	spin_unlock(&wallclock_lock);
	spin_lock(&domlist_lock);
	list_for_each(pos, &domain_list)
		write_wallclock(list_entry(pos, struct domain, link));
	spin_unlock(&domlist_lock);
}

/* ------------------------------------------------------------ PV console (domUs) */

/* Guest output: drain out[] to the hypervisor console. */
static void pv_console_tx(struct domain *d)
{
	struct xencons_interface *ring = d->pv_console;
	uint32_t cons, prod;
	char buf[64];
	size_t n = 0;

	if (!ring)
		return;
	spin_lock(&d->pv_console_lock);
	cons = READ_ONCE(ring->out_cons);
	prod = READ_ONCE(ring->out_prod);
	dmb(ish);
	if (prod - cons > sizeof(ring->out))
		cons = prod; /* corrupt indices: resynchronise instead of overrunning */
	while (cons != prod) {
		buf[n++] = ring->out[cons++ % sizeof(ring->out)];
		if (n == sizeof(buf)) {
			console_domain_write(d->domid, buf, n);
			n = 0;
		}
	}
	if (n)
		console_domain_write(d->domid, buf, n);
	dmb(ish);
	WRITE_ONCE(ring->out_cons, cons);
	spin_unlock(&d->pv_console_lock);
	evtchn_send_from_xen(&d->evtchn, (uint32_t)d->hvm_param[HVM_PARAM_CONSOLE_EVTCHN]);
}

/* Serial input for the domain: into the PV ring, the vPL011, console_io. */
void xen_domain_console_input(struct domain *d, const uint8_t *buf, size_t len)
{
	struct xencons_interface *ring = d->pv_console;

	if (d->vpl011)
		vpl011_rx(d->vpl011, buf, len);
	if (ring) {
		spin_lock(&d->pv_console_lock);
		uint32_t prod = READ_ONCE(ring->in_prod), cons = READ_ONCE(ring->in_cons);
		for (size_t i = 0; i < len && prod - cons < sizeof(ring->in); i++)
			ring->in[prod++ % sizeof(ring->in)] = (char)buf[i];
		dmb(ishst);
		WRITE_ONCE(ring->in_prod, prod);
		spin_unlock(&d->pv_console_lock);
		evtchn_send_from_xen(&d->evtchn, (uint32_t)d->hvm_param[HVM_PARAM_CONSOLE_EVTCHN]);
	}
	if (d->is_privileged && d->xen_enhanced && consoleio_queue_input(d, buf, len))
		evtchn_send_virq(&d->evtchn, VIRQ_CONSOLE, 0);
}

static int pv_console_init(struct domain *d)
{
	uint32_t port;
	paddr_t pa = alloc_pages_zeroed(0, NULL);

	if (pa == INVALID_PADDR)
		return ERR(-ENOMEM);
	d->pv_console_pa = pa;
	d->pv_console = pa_to_va(pa);
	spin_lock_init(&d->pv_console_lock);
	if (stage2_map(&d->s2, (ipa_t)GUEST_CONSOLE_PFN << PAGE_SHIFT, pa, PAGE_SIZE, S2_RAM_RW))
		return ERR(-ENOMEM);
	if (evtchn_alloc_unbound_xen(&d->evtchn, 0, &port))
		return ERR(-ENOMEM);
	d->hvm_param[HVM_PARAM_CONSOLE_PFN] = GUEST_CONSOLE_PFN;
	d->hvm_param[HVM_PARAM_CONSOLE_EVTCHN] = port;
	return 0;
}

/* ------------------------------------------------------------ life cycle */

int xen_domain_init(struct domain *d)
{
	paddr_t pa = alloc_pages_zeroed(0, NULL);
	int rc;

	if (pa == INVALID_PADDR)
		return ERR(-ENOMEM);
	d->shared_info_pa = pa;
	d->shared_info = pa_to_va(pa);
	d->shutdown_code = -1;
	write_wallclock(d);
	rc = evtchn_domain_init(&d->evtchn, d->domid, d->is_privileged, d->nr_vcpus,
				d->is_privileged ? 131071 : 1023, &evtchn_hooks, d);
	if (rc)
		return rc;
	rc = gnttab_domain_init(&d->gnttab, d->domid, d->is_privileged, GNTTAB_DEFAULT_MAX_FRAMES,
				&gnttab_hooks, d);
	if (rc)
		return rc;
	d->xen_ready = true;
	/* Xen's callback value for the PPI upcall: type PPI, level, active-low. */
	d->hvm_param[HVM_PARAM_CALLBACK_IRQ] = (2ULL << 56) | (2ULL << 8) | GUEST_EVTCHN_PPI;
	if (d->xenstore) {
		/* Xen's dom0less "enabled": the xenstore port exists now (remote end
		 * dom0's xenstored), the ring page comes later ("late" STORE_PFN),
		 * so Linux binds the port and waits for xenstored's event. */
		uint32_t port;
		struct evtchn_alloc_unbound a = { .dom = DOMID_SELF, .remote_dom = 0 };
		rc = (int)evtchn_op(&d->evtchn, 0, EVTCHNOP_alloc_unbound, &a);
		if (rc)
			return rc;
		port = a.port;
		d->hvm_param[HVM_PARAM_STORE_EVTCHN] = port;
		d->hvm_param[HVM_PARAM_STORE_PFN] = ~0ULL;
	}
	if (d->xen_enhanced && !d->is_privileged && !d->toolstack_built)
		return pv_console_init(d);
	return 0;
}

void xen_vcpu_init(struct vcpu *v)
{
	struct domain *d = v->domain;

	if (v->id < XEN_LEGACY_MAX_VCPUS)
		v->vcpu_info = &d->shared_info->vcpu_info[v->id];
	else
		v->vcpu_info = v->dummy_vcpu_info;
	timer_init(&v->poll_timer, poll_timeout, v);
}

/** Release what the domain holds of others and its own Xen state; -EBUSY
 * while other domains still map its grants (then try again later). */
int xen_domain_release(struct domain *d)
{
	if (!d->xen_ready)
		return 0;
	gnttab_release_mappings(&d->gnttab);
	if (gnttab_domain_destroy(&d->gnttab) == -EBUSY)
		return ERR(-EBUSY);
	evtchn_domain_destroy(&d->evtchn);
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];
		if (v && v->vcpu_info_page)
			page_put(v->vcpu_info_page);
		if (v)
			timer_stop(&v->poll_timer);
	}
	if (d->pv_console_pa)
		free_pages(d->pv_console_pa, 0);
	free_pages(d->shared_info_pa, 0);
	d->xen_ready = false;
	return 0;
}
