/* SPDX-License-Identifier: MIT */
/*
 * Error-return origins (see errloc.h). Debug builds only keep state:
 *   - pending[cpu]: the last ERR() taken on that pCPU during the running
 *     hypercall (written and read only by that pCPU, with interrupts
 *     masked as everywhere in the hypervisor);
 *   - ring: the last ERRLOC_RING failed hypercalls, under ring_lock (never
 *     held while printing).
 * Logging is rate-limited to ERRLOC_BURST lines per second; the number of
 * lines left out is reported with the next logged one.
 */
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/spinlock.h>
#include <hyp/time.h>
#include <lib/printf.h>
#include <lib/xen_errno.h>

#ifdef HOSPES_DEBUG

#define ERRLOC_RING 32
#define ERRLOC_BURST 10

struct errloc_pending {
	const char *file;
	unsigned line;
	long err;
	uint64_t arg0; /* of the hypercall (or multicall entry) in progress */
};

struct errloc_rec {
	s_time_t time;
	const char *file;   /* NULL: returned without ERR() */
	const char *name;   /* hypercall name */
	uint64_t nr, arg0;
	long err;
	unsigned line;
	uint16_t domid, vcpu;
};

static struct errloc_pending pending[MAX_CPUS];
static struct errloc_rec ring[ERRLOC_RING];
static uint64_t ring_total;
static spinlock_t ring_lock = SPINLOCK_INIT;
static s_time_t window_start;
static unsigned window_logged, window_dropped;

long errloc_note(long err, const char *file, unsigned line)
{
	struct errloc_pending *p = &pending[this_cpu() % MAX_CPUS];

	p->file = file;
	p->line = line;
	p->err = err;
	return err;
}

void errloc_hypercall_begin(uint64_t arg0)
{
	pending[this_cpu() % MAX_CPUS].file = NULL;
	pending[this_cpu() % MAX_CPUS].arg0 = arg0;
}

static void format_rec(const struct errloc_rec *r, char *buf, size_t len)
{
	const char *en = xen_errno_name(r->err);

	snprintf(buf, len, "d%uv%u: hypercall %s (%lu) arg0 %#lx -> %ld%s%s%s at %s:%u",
		 r->domid, r->vcpu, r->name ? r->name : "unknown", (unsigned long)r->nr,
		 (unsigned long)r->arg0, r->err, *en ? " (" : "", en, *en ? ")" : "",
		 r->file ? r->file : "(no ERR() site)", r->file ? r->line : 0);
}

/**
 * errloc_hypercall_end - record a failed hypercall with the ERR() site that
 * produced its value (if the last one noted on this pCPU carries that value).
 */
void errloc_hypercall_end(struct vcpu *v, uint64_t nr, const char *name, long ret)
{
	struct errloc_pending *p = &pending[this_cpu() % MAX_CPUS];
	struct errloc_rec r;
	unsigned dropped = 0;
	bool log_it;
	char line[200];

	if (ret >= 0 || ret == -ERESTART) {
		p->file = NULL;
		return;
	}
	r.time = NOW();
	r.file = p->file && p->err == ret ? p->file : NULL;
	r.line = r.file ? p->line : 0;
	r.name = name;
	r.nr = nr;
	r.arg0 = p->arg0;
	r.err = ret;
	r.domid = (uint16_t)v->domain->domid;
	r.vcpu = (uint16_t)v->id;
	p->file = NULL;

	spin_lock(&ring_lock);
	ring[ring_total % ERRLOC_RING] = r;
	ring_total++;
	if (r.time - window_start >= SECONDS(1)) {
		dropped = window_dropped;
		window_start = r.time;
		window_logged = window_dropped = 0;
	}
	log_it = window_logged < ERRLOC_BURST;
	if (log_it)
		window_logged++;
	else
		window_dropped++;
	spin_unlock(&ring_lock);

	if (!log_it)
		return;
	if (dropped)
		printk(LOG_INFO, "errloc: %u error returns not logged (rate limit; 'x' shows the last %u)",
		       dropped, ERRLOC_RING);
	format_rec(&r, line, sizeof(line));
	printk(LOG_INFO, "errloc: %s", line);
}

void errloc_dump(void)
{
	struct errloc_rec copy[ERRLOC_RING];
	uint64_t total, first;
	char line[200];

	spin_lock(&ring_lock);
	total = ring_total;
	for (unsigned i = 0; i < ERRLOC_RING; i++)
		copy[i] = ring[i];
	spin_unlock(&ring_lock);

	first = total > ERRLOC_RING ? total - ERRLOC_RING : 0;
	printk(LOG_INFO, "'x' pressed: hypercall error returns: %lu in all, the last %lu:",
	       (unsigned long)total, (unsigned long)(total - first));
	for (uint64_t i = first; i < total; i++) {
		const struct errloc_rec *r = &copy[i % ERRLOC_RING];
		format_rec(r, line, sizeof(line));
		printk(LOG_INFO, "  [%4lld.%06lld] %s", (long long)(r->time / 1000000000),
		       (long long)(r->time % 1000000000) / 1000, line);
	}
}

#else /* !HOSPES_DEBUG */

void errloc_dump(void)
{
	printk(LOG_INFO, "'x' pressed: hypercall error returns are recorded in debug builds only "
	       "(make DEBUG=1: build/debug/hospes)");
}

#endif
