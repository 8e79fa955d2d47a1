/* SPDX-License-Identifier: MIT */
/*
 * Debug keys: with serial input focused on the hypervisor (CTRL-a three
 * times), a key prints diagnostic state, as Xen's debug keys do. They take
 * no lock that a wedged CPU could hold for long (reads are racy by design:
 * a diagnostic view of a possibly hung system).
 */
#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/domain.h>
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
			s_time_t run = v->runstate_time[RUNSTATE_running];
			if (v->runstate == RUNSTATE_running)
				run += NOW() - v->runstate_entry;
			printk(LOG_INFO, "  d%uv%u: %s%s%s on CPU%d, pc %#lx, ran %lld.%03lld s, pause %u",
			       d->domid, i, runstate_name(v->runstate), v->is_blocked ? " (wfi)" : "",
			       v->is_online ? "" : " (offline)", v->processor,
			       (unsigned long)v->regs.pc, (long long)(run / 1000000000),
			       (long long)(run % 1000000000) / 1000000, v->pause_count);
			printk(LOG_INFO, "    exits: %lu sync (%lu hypercalls, %lu mmio, %lu wfi), %lu irq",
			       (unsigned long)v->stat_exits, (unsigned long)v->stat_hypercalls,
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
	if (sched_current()->dump)
		sched_current()->dump(print_fn);
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
