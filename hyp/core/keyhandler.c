/* SPDX-License-Identifier: MIT */
/*
 * Debug keys: with serial input focused on the hypervisor (CTRL-a three
 * times), a key prints diagnostic state, as Xen's debug keys do. They take
 * no lock that a wedged CPU could hold for long (reads are racy by design:
 * a diagnostic view of a possibly hung system).
 */
#include <hyp/arch.h>
#include <hyp/conring.h>
#include <hyp/console.h>
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/keyhandler.h>
#include <hyp/log.h>
#include <hyp/page_alloc.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <lib/printf.h>

static void print_fn(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk_raw("%s", buf);
}

/** 'q': domains and vCPUs: state, run time, where they run, memory. */
void dump_domains(void)
{
	struct list_head *pos;

	printk(LOG_INFO, "'q' pressed: domains and vCPUs");
	list_for_each(pos, &domain_list) {
		struct domain *d = list_entry(pos, struct domain, link);
		printk(LOG_INFO, "d%u (%s): %u vCPUs, %lu pages (%lu MiB)%s%s", d->domid, d->name,
		       d->nr_vcpus, (unsigned long)d->mem.pages, (unsigned long)(d->ram_bytes >> 20),
		       d->is_dying ? ", dying" : "", d->is_privileged ? ", privileged" : "");
		for (unsigned i = 0; i < d->nr_vcpus; i++) {
			struct vcpu *v = d->vcpus[i];
			s_time_t run = vcpu_run_time(v);
			printk(LOG_INFO, "  d%uv%u: %s%s%s on CPU%d, pc %#lx, ran %lld.%03lld s, pause %u",
			       d->domid, i, runstate_name(v->runstate), v->is_blocked ? " (wfi)" : "",
			       v->is_online ? "" : " (offline)", v->processor,
			       (unsigned long)v->regs.pc, (long long)(run / 1000000000),
			       (long long)(run % 1000000000) / 1000000, v->pause_count);
			printk(LOG_INFO, "    exits: %lu sync (%lu hypercalls, %lu mmio, %lu wfi), %lu irq",
			       (unsigned long)(v->stat_exits + v->stat_hypercalls + v->stat_mmio),
			       (unsigned long)v->stat_hypercalls,
			       (unsigned long)v->stat_mmio, (unsigned long)v->stat_wfi,
			       (unsigned long)v->stat_irq_exits);
			vgic_dump(&v->vgic, print_fn);
		}
	}
}

/** 'r': run queues and what each pCPU runs. */
static void dump_runq(void)
{
	printk(LOG_INFO, "'r' pressed: run queues");
	for (unsigned i = 0; i < MAX_CPUS; i++) {
		struct pcpu *p = &pcpus[i];
		if (!p->online)
			continue;
		printk(LOG_INFO, "CPU%u: %s%s, idle %lld ms, %lu irqs, stage %s", i,
		       p->current ? "running " : "idle",
		       p->current ? p->current->domain->name : "",
		       (long long)(p->idle_time / 1000000), (unsigned long)p->irq_count,
		       (const char *)p->stage);
	}
	sched_dump(print_fn);
}

static void dump_mem(void)
{
	printk(LOG_INFO, "'m' pressed: memory: %lu of %lu pages free",
	       (unsigned long)page_alloc_free_pages(), (unsigned long)page_alloc_total_pages());
}

static void dump_time(void)
{
	s_time_t t = NOW();
	printk(LOG_INFO, "'t' pressed: time %lld.%09lld s, counter %#lx at %u Hz",
	       (long long)(t / 1000000000), (long long)(t % 1000000000),
	       (unsigned long)counter_read(), counter_freq());
}

/** 'd': registers and backtrace of every pCPU (FIQ requests: work on CPUs with IRQs masked). */
static void dump_cpus(void)
{
	printk(LOG_INFO, "'d' pressed: registers and backtraces of all CPUs");
	for (unsigned i = 0; i < MAX_CPUS; i++)
		if (pcpus[i].online)
			arch_request_cpu_dump(i);
}

static void dump_vcpu_regs(struct vcpu *v)
{
	printk(LOG_INFO, "d%uv%u: %s%s (registers as of its last exit)", v->domain->domid, v->id,
	       runstate_name(v->runstate), v->is_running ? ", running" : "");
	arch_dump_regs(&v->regs, false);
}

/** '0': dom0's vCPUs' registers. */
static void dump_dom0(void)
{
	struct domain *d = domain_by_id(0);

	printk(LOG_INFO, "'0' pressed: dom0 vCPU registers");
	if (!d) {
		printk(LOG_INFO, "no dom0");
		return;
	}
	for (unsigned i = 0; i < d->nr_vcpus; i++)
		dump_vcpu_regs(d->vcpus[i]);
}

/** 'e': event channels of every domain. */
static void dump_evtchn(void)
{
	struct list_head *pos;

	printk(LOG_INFO, "'e' pressed: event channels");
	list_for_each(pos, &domain_list) {
		struct domain *d = list_entry(pos, struct domain, link);
		if (!d->xen_ready)
			continue;
		printk(LOG_INFO, "d%u (%s):", d->domid, d->name);
		evtchn_dump(&d->evtchn, print_fn);
	}
}

/** 'g': grant tables of every domain. */
static void dump_gnttab(void)
{
	struct list_head *pos;

	printk(LOG_INFO, "'g' pressed: grant tables");
	list_for_each(pos, &domain_list) {
		struct domain *d = list_entry(pos, struct domain, link);
		if (!d->xen_ready)
			continue;
		printk(LOG_INFO, "d%u (%s):", d->domid, d->name);
		gnttab_dump(&d->gnttab, print_fn);
	}
}

/** 'i': interrupt counts per pCPU. */
static void dump_irqs(void)
{
	printk(LOG_INFO, "'i' pressed: interrupts");
	for (unsigned i = 0; i < MAX_CPUS; i++)
		if (pcpus[i].online)
			printk(LOG_INFO, "CPU%u: %lu physical interrupts handled", i,
			       (unsigned long)pcpus[i].irq_count);
	arch_dump_irqs(print_fn);
}

/** 'c': console ring statistics. */
static void dump_conring(void)
{
	uint64_t written, size, lost;

	conring_stats(&written, &size, &lost);
	printk(LOG_INFO, "'c' pressed: console ring %lu bytes, %lu written, %lu overwritten",
	       (unsigned long)size, (unsigned long)written, (unsigned long)lost);
}

static void help(void);

static const struct {
	char key;
	void (*fn)(void);
	const char *desc;
} keys[] = {
	{ 'h', help, "this help" },
	{ 'q', dump_domains, "domains and vCPUs" },
	{ 'r', dump_runq, "run queues and pCPUs" },
	{ 'm', dump_mem, "memory use" },
	{ 't', dump_time, "time" },
	{ 'd', dump_cpus, "registers and backtrace of every pCPU" },
	{ '0', dump_dom0, "dom0's vCPU registers" },
	{ 'e', dump_evtchn, "event channels" },
	{ 'g', dump_gnttab, "grant tables" },
	{ 'i', dump_irqs, "interrupts" },
	{ 'c', dump_conring, "console ring statistics" },
	{ 'x', errloc_dump, "hypercall error returns with their file:line (debug builds)" },
};

static void help(void)
{
	printk(LOG_INFO, "debug keys:");
	for (unsigned i = 0; i < ARRAY_SIZE(keys); i++)
		printk(LOG_INFO, "  %c  %s", keys[i].key, keys[i].desc);
}

void handle_debug_key(uint8_t key)
{
	for (unsigned i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].key == key) {
			keys[i].fn();
			return;
		}
	}
	printk(LOG_INFO, "unknown debug key '%c' (0x%02x); 'h' for help", key >= 32 && key < 127 ? key : '?', key);
}

void keyhandler_init(void)
{
	console_set_key_handler(handle_debug_key);
}
