/* SPDX-License-Identifier: MIT */
/*
 * Domain life cycle: creation (memory accounting, stage-2, vGIC, vCPUs,
 * emulated devices), guest-physical memory access for the builders,
 * shutdown and deferred destruction.
 *
 * A dying domain is paused and unlinked from the scheduler; domain_reap()
 * releases it only once none of its vCPUs is loaded on a pCPU, so no pCPU
 * can still be executing in it while its pages are reused. It then leaves
 * domain_list, and its memory and structure are freed after a grace period:
 * a hypercall on another pCPU may have looked it up before and still use it.
 * The hypervisor runs with interrupts masked except in guest context and
 * idle, so once every other online pCPU has taken an interrupt after the
 * unlink (domain_quiescent_point()), none can be inside such a hypercall.
 */
#include <asm/gic.h>
#include <asm/mmu.h>
#include <asm/sysregs.h>
#include <hyp/arch.h>
#include <hyp/cmdline.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/log.h>
#include <hyp/pa.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <hyp/trace.h>
#include <hyp/watchdog.h>
#include <hyp/xen_domain.h>
#include <hyp/xmalloc.h>
#include <public/arch-arm.h>
#include <lib/string.h>

#define GUEST_NR_SPIS 32 /* SPIs 32..63: vPL011 (32) and room for virtio later */

struct list_head domain_list = LIST_HEAD_INIT(domain_list);
spinlock_t domlist_lock = SPINLOCK_INIT;
static volatile bool reap_pending;
/* Grace periods (see the top of this file); both under domlist_lock. */
static uint64_t grace_gen;
static struct list_head grace_list = LIST_HEAD_INIT(grace_list);
static unsigned grace_waiting; /* domains on grace_list (read without the lock) */
static unsigned domains_freeing; /* taken off grace_list, domain_free() running */
/* Per pCPU: the grace generation it last passed a quiescent point in. Not in
 * struct pcpu: a larger pcpu stride costs every pcpus[] index on hot paths. */
static uint64_t quiescent_gen[MAX_CPUS];

struct domain *domain_by_id(unsigned domid)
{
	struct list_head *pos;
	struct domain *found = NULL;

	spin_lock(&domlist_lock);
	list_for_each(pos, &domain_list) {
		struct domain *d = list_entry(pos, struct domain, link);
		if (d->domid == domid) {
			found = d;
			break;
		}
	}
	spin_unlock(&domlist_lock);
	return found;
}

unsigned domain_count(void)
{
	struct list_head *pos;
	unsigned n = 0;

	spin_lock(&domlist_lock);
	list_for_each(pos, &domain_list)
		n++;
	spin_unlock(&domlist_lock);
	return n;
}

int domain_register_mmio(struct domain *d, ipa_t base, uint64_t size, mmio_fn fn, void *priv)
{
	if (d->nr_mmio >= MAX_MMIO_HANDLERS)
		return -ENOSPC;
	d->mmio[d->nr_mmio++] = (struct mmio_handler){ base, size, fn, priv };
	return 0;
}

static int gicr_mmio(struct vcpu *v, uint64_t off, bool w, uint64_t *val, unsigned size, void *p)
{
	(void)p;
	return vgic_gicr_access(&v->domain->vgic, &v->vgic, off, w, val, size);
}

static int vpl011_mmio_fn(struct vcpu *v, uint64_t off, bool w, uint64_t *val, unsigned size,
			  void *p)
{
	(void)v;
	return vpl011_mmio(p, off, w, val, size);
}

static void vpl011_tx(void *opaque, uint8_t ch)
{
	struct domain *d = opaque;
	console_domain_putc(d->domid, ch);
}

static void vpl011_irq(void *opaque, bool level)
{
	struct domain *d = opaque;
	vgic_set_level(&d->vgic, NULL, VPL011_GUEST_SPI, level);
}

static void console_input(void *opaque, const uint8_t *buf, size_t len)
{
	xen_domain_console_input(opaque, buf, len);
}

/** vGIC hook: a vCPU got a new deliverable interrupt. */
void vgic_kick(void *owner)
{
	vcpu_kick(owner);
}

static int alloc_domid(int want)
{
	if (want >= 0)
		return domain_by_id((unsigned)want) ? -EEXIST : want;
	for (unsigned id = 1; id < MAX_DOMAINS; id++)
		if (!domain_by_id(id))
			return (int)id;
	return -ENOSPC;
}

static void free_ram_chunk(struct domain *d, struct ram_chunk *c)
{
	if (!c->split) {
		free_pages(c->pa, c->order);
		return;
	}
	/* Split chunk: some 4 KiB pages may already be back in the allocator. */
	for (paddr_t pa = c->pa; pa < c->pa + (PAGE_SIZE << c->order); pa += PAGE_SIZE) {
		struct page_info *pg = pa_to_page(pa);
		if (pg && (pg->flags & PGF_ALLOCATED) && pg->owner == &d->mem)
			free_pages(pa, 0);
	}
}

static void domain_free(struct domain *d)
{
	domain_watchdog_stop_all(d);
	xen_domain_release(d);
	/* Tables first: a page is never free while a stage-2 table maps it
	 * (page_get_mapped() relies on it). */
	if (d->s2.root)
		stage2_destroy(&d->s2);
	for (unsigned i = 0; i < d->nr_ram_chunks; i++)
		free_ram_chunk(d, &d->ram[i]);
	d->nr_ram_chunks = 0;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		if (d->vcpus && d->vcpus[i]) {
			timer_stop(&d->vcpus[i]->vtimer_timer);
			xfree(d->vcpus[i], sizeof(struct vcpu));
		}
	}
	xfree(d->vcpus, sizeof(struct vcpu *) * d->nr_vcpus);
	xfree(d->vgic_cpus, sizeof(struct vgic_cpu *) * d->nr_vcpus);
	xfree(d->vgic_spis, sizeof(struct vgic_irq) * GUEST_NR_SPIS);
	xfree(d->vpl011, sizeof(struct vpl011));
	xfree(d, sizeof(*d));
}

/** Create a paused domain with its vCPUs (all offline) and devices, no RAM yet. */
struct domain *domain_create(const struct domain_config *cfg)
{
	struct domain *d;
	int domid, rc;

	if (cfg->nr_vcpus == 0 || cfg->nr_vcpus > MAX_VCPUS_PER_DOMAIN)
		return NULL;
	domid = alloc_domid(cfg->domid);
	if (domid < 0)
		return NULL;
	d = xzalloc(struct domain);
	if (!d)
		return NULL;
	d->domid = (uint16_t)domid;
	domain_watchdog_init(d);
	memcpy(d->name, cfg->name, sizeof(d->name));
	d->name[sizeof(d->name) - 1] = '\0';
	d->is_privileged = cfg->is_privileged;
	d->mem.domid = d->domid;
	d->cntvoff = READ_SYSREG(cntpct_el0);
	d->created = NOW();
	list_init(&d->link);

	rc = stage2_init(&d->s2, 40, (uint16_t)(d->domid + 1), NULL);
	if (rc)
		goto fail;
	d->nr_vcpus = cfg->nr_vcpus;
	d->vcpus = xzalloc_array(struct vcpu *, d->nr_vcpus);
	d->vgic_cpus = xzalloc_array(struct vgic_cpu *, d->nr_vcpus);
	d->vgic_spis = xzalloc_array(struct vgic_irq, GUEST_NR_SPIS);
	if (!d->vcpus || !d->vgic_cpus || !d->vgic_spis)
		goto fail;
	if (vgic_dist_init(&d->vgic, GUEST_NR_SPIS, d->vgic_spis, d->nr_vcpus, d->vgic_cpus))
		goto fail;
	for (unsigned i = 0; i < d->nr_vcpus; i++) {
		struct vcpu *v = xzalloc(struct vcpu);
		if (!v)
			goto fail;
		d->vcpus[i] = v;
		v->domain = d;
		v->id = i;
		v->hard_affinity = ~0UL;
		spin_lock_init(&v->power_lock);
		arch_vcpu_init(v);
		vgic_cpu_init(&v->vgic, &d->vgic, i, gic_nr_lrs(), v);
		/* The event upcall may take the vgic's lock-free direct LR. */
		vgic_set_direct(&v->vgic, GUEST_EVTCHN_PPI);
	}
	domain_register_mmio(d, GUEST_GICV3_GICD_BASE, VGIC_GICD_SIZE, vgic_gicd_mmio, &d->vgic);
	domain_register_mmio(d, GUEST_GICV3_GICR0_BASE, VGIC_GICR_STRIDE * d->nr_vcpus, gicr_mmio, NULL);
	if (cfg->vpl011) {
		d->vpl011 = xzalloc(struct vpl011);
		if (!d->vpl011)
			goto fail;
		vpl011_init(d->vpl011, vpl011_tx, vpl011_irq, d);
		domain_register_mmio(d, VPL011_GUEST_BASE, VPL011_GUEST_SIZE, vpl011_mmio_fn,
				     d->vpl011);
	}
	d->xen_enhanced = cfg->xen_enhanced;
	d->toolstack_built = cfg->toolstack_built;
	d->xenstore = cfg->xen_enhanced && cfg->xenstore;
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		d->vcpus[i]->dummy_vcpu_info = &d->vcpus[i]->dummy_vcpu_info_store;
	if (xen_domain_init(d))
		goto fail;
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		xen_vcpu_init(d->vcpus[i]);
	if (sched_domain_set_pool(d, cfg->cpupool_id))
		goto fail;
	console_register_domain(d->domid, console_input, d);
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		sched_insert_vcpu(d->vcpus[i]);
	if (d->toolstack_built) {
		/* Created paused: the toolstack builds it, then unpausedomain starts it. */
		d->ctl_paused = true;
		for (unsigned i = 0; i < d->nr_vcpus; i++)
			vcpu_pause(d->vcpus[i]);
	}

	spin_lock(&domlist_lock);
	list_add_tail(&d->link, &domain_list);
	spin_unlock(&domlist_lock);
	TRACE(TRC_DOM0_DOM_ADD, d->domid);
	return d;

fail:
	domain_free(d);
	return NULL;
}

/**
 * Give the domain @bytes of RAM at guest address @base, in naturally aligned
 * chunks as large as possible (so stage-2 can use 2 MiB / 1 GiB blocks).
 */
int domain_alloc_ram(struct domain *d, ipa_t base, uint64_t bytes)
{
	ipa_t ipa = base;
	uint64_t left = ALIGN_UP(bytes, PAGE_SIZE);

	while (left) {
		unsigned order = PAGE_MAX_ORDER;
		paddr_t pa = INVALID_PADDR;

		while (order > 0 && ((PAGE_SIZE << order) > left || (ipa & ((PAGE_SIZE << order) - 1))))
			order--;
		for (;; order--) {
			pa = alloc_pages(order, &d->mem);
			if (pa != INVALID_PADDR || order == 0)
				break;
		}
		if (pa == INVALID_PADDR)
			return -ENOMEM;
		if (d->nr_ram_chunks == MAX_RAM_CHUNKS) {
			free_pages(pa, order);
			return -ENOMEM;
		}
		for (uint64_t off = 0; off < (PAGE_SIZE << order); off += MiB(32)) {
			clear_memory((uint8_t *)pa_to_va(pa) + off, MIN(MiB(32), (PAGE_SIZE << order) - off));
			watchdog_touch();
		}
		d->ram[d->nr_ram_chunks++] = (struct ram_chunk){ ipa, pa, order, false };
		int rc = stage2_map(&d->s2, ipa, pa, PAGE_SIZE << order, S2_RAM_RWX);
		if (rc)
			return rc;
		ipa += PAGE_SIZE << order;
		left -= PAGE_SIZE << order;
	}
	d->ram_bytes += bytes;
	return 0;
}

static int guest_phys_iter(struct domain *d, ipa_t ipa, void *buf, size_t len, bool to_guest)
{
	uint8_t *b = buf;

	while (len) {
		if ((ipa & (MiB(8) - 1)) == 0)
			watchdog_touch();
		paddr_t pa;
		enum s2_type t;
		uint64_t msize;
		size_t chunk = MIN(len, PAGE_SIZE - (ipa & (PAGE_SIZE - 1)));

		if (stage2_lookup(&d->s2, ipa, &pa, &t, &msize) || t == S2_DEVICE_RW)
			return -EFAULT;
		if (to_guest)
			memcpy(pa_to_va(pa), b, chunk);
		else
			memcpy(b, pa_to_va(pa), chunk);
		b += chunk;
		ipa += chunk;
		len -= chunk;
	}
	return 0;
}

int copy_to_guest_phys(struct domain *d, ipa_t ipa, const void *src, size_t len)
{
	return guest_phys_iter(d, ipa, (void *)(uintptr_t)src, len, true);
}

int copy_from_guest_phys(struct domain *d, void *dst, ipa_t ipa, size_t len)
{
	return guest_phys_iter(d, ipa, dst, len, false);
}

/** Clean a guest range to the point of coherency (the guest starts with caches off). */
int clean_guest_dcache(struct domain *d, ipa_t ipa, size_t len)
{
	ipa_t end = ipa + len;

	for (ipa = ALIGN_DOWN(ipa, PAGE_SIZE); ipa < end; ipa += PAGE_SIZE) {
		paddr_t pa;
		enum s2_type t;
		uint64_t msize;
		if (stage2_lookup(&d->s2, ipa, &pa, &t, &msize))
			return -EFAULT;
		for (uint64_t off = 0; off < PAGE_SIZE; off += 64)
			__asm__ volatile("dc civac, %0" ::"r"((uintptr_t)pa + off) : "memory");
	}
	dsb(sy);
	__asm__ volatile("ic ialluis" ::: "memory");
	dsb(sy);
	isb();
	return 0;
}

void domain_unpause(struct domain *d)
{
	/* Boot: vCPU 0 starts; the others wait for PSCI CPU_ON. */
	vcpu_up(d->vcpus[0]);
}

/** Raise the global @virq in dom0, unless dom0 is @except or not up; no lock held. */
void domain_virq_to_dom0(unsigned virq, const struct domain *except)
{
	struct domain *dom0 = domain_by_id(0);

	if (dom0 && dom0 != except && dom0->xen_ready)
		evtchn_send_virq(&dom0->evtchn, virq, 0);
}

/* Tell dom0's tools that @d shut down or died (xenstored binds VIRQ_DOM_EXC), as Xen does. */
static void notify_dom_exc(struct domain *d)
{
	domain_virq_to_dom0(VIRQ_DOM_EXC, d);
}

static const char *shutdown_name(int reason)
{
	static const char *const names[] = { "poweroff", "reboot", "suspend", "crash", "watchdog",
					     "soft_reset" };

	return reason >= 0 && reason < (int)(sizeof(names) / sizeof(names[0])) ? names[reason]
										 : "unknown reason";
}

void domain_shutdown(struct domain *d, int reason)
{
	if (d->is_dying)
		return;
	d->is_shutdown = true;
	d->shutdown_reason = reason;
	printk(LOG_INFO, "d%u (%s): shut down (%s)", d->domid, d->name, shutdown_name(reason));
	notify_dom_exc(d);
	if (d->is_privileged && reason != SHUTDOWN_crash) {
		/* As Xen's hwdom_shutdown: poweroff halts, every other reason resets. */
		printk(LOG_INFO, "dom0 %s (%d): %s the machine", shutdown_name(reason), reason,
		       reason == SHUTDOWN_poweroff ? "powering off" : "resetting");
		arch_stop_other_cpus();
		if (reason != SHUTDOWN_poweroff)
			arch_machine_reset();
		arch_machine_off();
	}
	if (reason == SHUTDOWN_crash && opt.on_crash_preserve) {
		/* on_crash=preserve: keep it paused with its memory and console log. */
		printk(LOG_INFO, "d%u (%s): preserved after its crash (on_crash=preserve)", d->domid, d->name);
		for (unsigned i = 0; i < d->nr_vcpus; i++)
			vcpu_pause(d->vcpus[i]);
		return;
	}
		if (d->toolstack_built) {
		/* The toolstack decides (on_poweroff/on_reboot/on_crash): the domain
		 * stays, shut down and paused, until it is destroyed. */
		for (unsigned i = 0; i < d->nr_vcpus; i++)
			vcpu_pause(d->vcpus[i]);
		return;
	}
	/* No toolstack owns boot-time domains: a shut-down domain is destroyed. */
	domain_destroy(d);
}

/** Destroy @d: it stops at once; its memory is freed when no pCPU runs it. */
void domain_destroy(struct domain *d)
{
	if (d->is_dying)
		return;
	d->is_dying = true;
	domain_watchdog_stop_all(d);
	console_unregister_domain(d->domid);
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		vcpu_pause(d->vcpus[i]);
	reap_pending = true;
	notify_dom_exc(d);
}

void domain_crash(struct domain *d, const char *why)
{
	printk(LOG_ERR, "d%u (%s) crashed: %s; %s, other domains keep running", d->domid, d->name,
	       why, opt.on_crash_preserve ? "keeping it paused" : "destroying it");
	domain_shutdown(d, SHUTDOWN_crash);
}

static bool domain_quiescent(struct domain *d)
{
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		if (READ_ONCE(d->vcpus[i]->is_running))
			return false;
	return true;
}

void domain_reap_kick(void)
{
	reap_pending = true;
}

/** See hyp/domain.h: record that this pCPU saw the current grace generation. */
void domain_quiescent_point(void)
{
	unsigned cpu = this_cpu();
	uint64_t gen = __atomic_load_n(&grace_gen, __ATOMIC_ACQUIRE);

	if (quiescent_gen[cpu] != gen)
		__atomic_store_n(&quiescent_gen[cpu], gen, __ATOMIC_RELEASE);
	if (__atomic_load_n(&grace_waiting, __ATOMIC_RELAXED)) {
		/* a waiting domain may be free to go now: reap on the way out */
		reap_pending = true;
		pcpus[cpu].need_resched = true;
	}
}

/*
 * Has every other online pCPU passed a quiescent point since generation gen?
 * A pCPU the watchdog reports stuck (interrupts masked for seconds) is not
 * waited for: its memory would otherwise never come back, and the hang is
 * reported already.
 */
static bool grace_period_over(uint64_t gen)
{
	for (unsigned i = 0; i < nr_cpus_possible; i++)
		if (i != this_cpu() && pcpus[i].online &&
		    __atomic_load_n(&quiescent_gen[i], __ATOMIC_ACQUIRE) < gen &&
		    !watchdog_cpu_stuck(i))
			return false;
	return true;
}

/* Free the unlinked domains whose grace period is over. Runs from schedule(),
 * which runs only on the way out of the hypervisor: a quiescent point. */
static void free_graced_domains(void)
{
	for (;;) {
		struct domain *victim = NULL;
		struct list_head *pos;

		spin_lock(&domlist_lock);
		__atomic_store_n(&quiescent_gen[this_cpu()], grace_gen, __ATOMIC_RELEASE);
		list_for_each(pos, &grace_list) {
			struct domain *d = list_entry(pos, struct domain, link);

			if (grace_period_over(d->grace_gen)) {
				list_del(&d->link);
				grace_waiting--;
				domains_freeing++;
				victim = d;
				break;
			}
		}
		spin_unlock(&domlist_lock);
		if (!victim)
			return;
		uint16_t domid = victim->domid;
		uint64_t pages = victim->mem.pages;
		domain_free(victim);
		spin_lock(&domlist_lock);
		domains_freeing--;
		spin_unlock(&domlist_lock);
		TRACE(TRC_DOM0_DOM_REM, domid);
		printk(LOG_INFO, "d%u destroyed, %lu pages returned, %lu pages free", domid,
		       (unsigned long)pages, (unsigned long)page_alloc_free_pages());
	}
}

/** Free dying domains no pCPU runs any more; power off when none is left. */
void domain_reap(void)
{
	struct list_head *pos;
	bool any_left;

	/* Our caller may just have switched away from a dying domain's vCPU:
	 * that store must be seen before reap_pending is read (see below). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!reap_pending)
		return;
	reap_pending = false;
	spin_lock(&domlist_lock);
	list_for_each(pos, &domain_list)
		list_entry(pos, struct domain, link)->reap_deferred = false;
	spin_unlock(&domlist_lock);

	for (;;) {
		struct domain *victim = NULL;

		/* Claim one dying domain no pCPU runs any more. */
		spin_lock(&domlist_lock);
		list_for_each(pos, &domain_list) {
			struct domain *d = list_entry(pos, struct domain, link);
			if (!d->is_dying || d->reaping || d->reap_deferred)
				continue;
			if (!domain_quiescent(d)) {
				/* The pCPU running it reaps it once it switches away,
				 * unless it read reap_pending before we set it again:
				 * then it is quiescent by now. */
				reap_pending = true;
				__atomic_thread_fence(__ATOMIC_SEQ_CST);
				if (!domain_quiescent(d))
					continue;
			}
			d->reaping = true;
			victim = d;
			break;
		}
		spin_unlock(&domlist_lock);
		if (!victim)
			break;
		/* Without domlist_lock: releasing event channels looks peers up. Other
		 * domains still mapping its grants keep it until they let go. */
		if (xen_domain_release(victim) == -EBUSY) {
			victim->reaping = false;
			victim->reap_deferred = true;
			continue;
		}
		for (unsigned i = 0; i < victim->nr_vcpus; i++)
			sched_remove_vcpu(victim->vcpus[i]);
		spin_lock(&domlist_lock);
		list_del(&victim->link);
		victim->grace_gen = ++grace_gen;
		list_add_tail(&victim->link, &grace_list);
		grace_waiting++;
		spin_unlock(&domlist_lock);
		/* Every other pCPU takes an interrupt soon: the kick. */
		for (unsigned i = 0; i < nr_cpus_possible; i++)
			if (i != this_cpu() && pcpus[i].online)
				arch_send_ipi(i, IPI_KICK);
	}
	free_graced_domains();
	spin_lock(&domlist_lock);
	/* A domain another pCPU is still freeing counts: power off after its pages. */
	any_left = !list_empty(&domain_list) || !list_empty(&grace_list) || domains_freeing;
	spin_unlock(&domlist_lock);
	if (!any_left && !reap_pending) {
		printk(LOG_INFO, "no domain left: powering off (free pages at power-off: %lu)",
		       (unsigned long)page_alloc_free_pages());
		arch_stop_other_cpus();
		arch_machine_off();
	}
}
