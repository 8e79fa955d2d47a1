/* SPDX-License-Identifier: MIT */
/*
 * Trace buffers, the writer side: trace_var() appends Xen-format records
 * (public/trace.h) to this CPU's buffer, and the trace points of the
 * scheduler, hypercalls, traps and interrupts build their records here.
 * The buffers themselves and XEN_SYSCTL_tbuf_op are trace_ctl.c's.
 *
 * Each CPU appends to its own buffer only. A record never crosses the end
 * of the record area (a TRC_TRACE_WRAP_BUFFER record pads up to it); when
 * the buffer is full the record is counted as lost, and the next record
 * that fits is preceded by a TRC_LOST_RECORDS record {lost, domid | vcpu
 * << 16, first lost tsc}. The writer keeps its own copy of prod and only
 * reads cons, which the reader (dom0) owns, from the shared page: a cons
 * that is misaligned, out of range or ahead of prod turns tracing off
 * (Xen's "bogus" check), so no write ever leaves the buffer.
 *
 * When a record takes a buffer from under half full to half full or more,
 * dom0 is due a VIRQ_TBUF (xentrace and hx trace wait for it), sent by
 * schedule() with no lock held (trace_notify_take()).
 *
 * Locking: each CPU's lock guards its writer state; the hypervisor runs
 * with interrupts masked, so it only excludes trace_reset_lost(). Buffers
 * are attached before `trace_on` is set and never detached.
 */
#include <hyp/domain.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/spinlock.h>
#include <hyp/time.h>
#include <hyp/trace.h>

uint8_t trace_on;
/* A buffer crossed half full: VIRQ_TBUF is due (trace_notify_take()). */
bool trace_notify_due;

void trace_set_enabled(bool on)
{
	uint8_t v = READ_ONCE(trace_on);

	WRITE_ONCE(trace_on, (uint8_t)(on ? v | TRACE_ON_BUFFERS : v & ~TRACE_ON_BUFFERS));
}
uint32_t trace_evt_mask = TRC_ALL;
uint64_t trace_cpu_mask = ~0ULL;

struct trace_cpu {
	spinlock_t lock;
	struct t_buf *hdr;     /* shared header, NULL: no buffer; the records follow it */
	uint8_t *data;
	uint32_t prod;         /* the writer's own copy, 0 <= prod < 2 * data_size */
	uint32_t lost;         /* records dropped since the last lost record */
	uint64_t lost_first_tsc;
	s_time_t idle_entry;   /* when the idle vCPU last started running */
};

static struct trace_cpu tcpus[MAX_CPUS];
static uint32_t data_size; /* bytes of records per CPU */

#define REC_HDR(event, nr, cycles) \
	((event) | ((uint32_t)(nr) << TRACE_EXTRA_SHIFT) | ((cycles) ? TRC_HD_CYCLE_FLAG : 0))
#define LOST_REC_SIZE (4 + 8 + 16)

void trace_attach(unsigned cpu, struct t_buf *hdr, uint32_t size)
{
	struct trace_cpu *c = &tcpus[cpu];

	spin_lock_init(&c->lock);
	c->data = (uint8_t *)(hdr + 1);
	c->prod = 0;
	c->lost = 0;
	data_size = size;
	c->hdr = hdr;
}

void trace_reset_lost(void)
{
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!tcpus[cpu].hdr)
			continue;
		spin_lock(&tcpus[cpu].lock);
		tcpus[cpu].lost = 0;
		spin_unlock(&tcpus[cpu].lock);
	}
}

/* ------------------------------------------------------------------ writer */

/* The reader's cons, or false (and tracing off) if it is garbage. */
static bool read_cons(struct trace_cpu *c, uint32_t *cons)
{
	uint32_t v = READ_ONCE(c->hdr->cons);

	if ((v & 3) || v >= 2 * data_size) {
		trace_set_enabled(false);
		pr_warn("trace: CPU%u: bogus cons %#x (prod %#x): tracing off", this_cpu(), v,
			c->prod);
		return false;
	}
	*cons = v;
	return true;
}

static void put_words(struct trace_cpu *c, uint32_t hdr, uint64_t tsc, unsigned nr,
		      const uint32_t *d)
{
	uint32_t off = c->prod >= data_size ? c->prod - data_size : c->prod;
	uint32_t *w = (uint32_t *)(c->data + off);
	unsigned size = 4 + ((hdr & TRC_HD_CYCLE_FLAG) ? 8 : 0) + nr * 4;

	*w++ = hdr;
	if (hdr & TRC_HD_CYCLE_FLAG) {
		*w++ = (uint32_t)tsc;
		*w++ = (uint32_t)(tsc >> 32);
	}
	for (unsigned i = 0; i < nr; i++)
		*w++ = d ? d[i] : 0;
	c->prod += size;
	if (c->prod >= 2 * data_size)
		c->prod -= 2 * data_size;
}

/* Pad from prod to the end of the record area with one wrap record. */
static void put_wrap(struct trace_cpu *c, uint32_t to_wrap, uint64_t tsc)
{
	unsigned words = (to_wrap - 4) / 4;

	if (words > TRACE_EXTRA_MAX)
		put_words(c, REC_HDR(TRC_TRACE_WRAP_BUFFER, words - 2, true), tsc, words - 2, NULL);
	else
		put_words(c, REC_HDR(TRC_TRACE_WRAP_BUFFER, words, false), 0, words, NULL);
}

static bool event_wanted(uint32_t event)
{
	uint32_t m = READ_ONCE(trace_evt_mask);

	if (!(m & event))
		return false;
	if (!((m >> TRC_CLS_SHIFT) & (event >> TRC_CLS_SHIFT)))
		return false;
	if (!(((m >> TRC_SUBCLS_SHIFT) & 0xf) & ((event >> TRC_SUBCLS_SHIFT) & 0xf)))
		return false;
	return READ_ONCE(trace_cpu_mask) & (1ULL << this_cpu());
}

void trace_var(uint32_t event, unsigned nr, const uint32_t *data)
{
	trace_var_at(0, event, nr, data);
}

/* The counter value of @now (a NOW() time shortly before): records of one
 * scheduling decision carry the time it was accounted at, not the time the
 * record was written after the decision's work. */
static uint64_t tsc_at(s_time_t now)
{
	uint64_t tsc = counter_read();
	s_time_t late = NOW() - now;

	return late > 0 ? tsc - ns_to_ticks(late) : tsc;
}

void trace_var_at(uint64_t at, uint32_t event, unsigned nr, const uint32_t *data)
{
	unsigned cpu = this_cpu();
	struct trace_cpu *c;
	uint32_t rec = 4 + 8 + MIN(nr, (unsigned)TRACE_EXTRA_MAX) * 4;
	uint32_t cons, used, avail, to_wrap, total = 0, wrap_left;
	uint64_t tsc;

	if (!trace_enabled() || cpu >= MAX_CPUS || !event_wanted(event))
		return;
	nr = MIN(nr, (unsigned)TRACE_EXTRA_MAX);
	c = &tcpus[cpu];
	if (!c->hdr)
		return;
	spin_lock(&c->lock);
	tsc = at ? at : counter_read();
	if (!trace_enabled() || !read_cons(c, &cons))
		goto out;
	used = c->prod >= cons ? c->prod - cons : c->prod + 2 * data_size - cons;
	if (used > data_size) { /* cons ahead of prod: also garbage */
		trace_set_enabled(false);
		pr_warn("trace: CPU%u: cons %#x inconsistent with prod %#x: tracing off", cpu, cons,
			c->prod);
		goto out;
	}
	avail = data_size - used;
	to_wrap = data_size - (c->prod >= data_size ? c->prod - data_size : c->prod);
	/* Dry run: the lost-records record (if any), wrap padding, the record. */
	wrap_left = to_wrap;
	if (c->lost) {
		if (LOST_REC_SIZE > wrap_left) {
			total += wrap_left;
			wrap_left = data_size;
		}
		total += LOST_REC_SIZE;
		wrap_left -= LOST_REC_SIZE;
		if (!wrap_left)
			wrap_left = data_size;
	}
	if (rec > wrap_left)
		total += wrap_left;
	total += rec;
	if (total > avail) {
		if (c->lost++ == 0)
			c->lost_first_tsc = tsc;
		goto out;
	}
	if (c->lost) {
		const struct vcpu *v = pcpus[cpu].current;
		uint32_t d[4] = { c->lost,
				  (v ? v->domain->domid : DOMID_IDLE) | (uint32_t)(v ? v->id : cpu) << 16,
				  (uint32_t)c->lost_first_tsc, (uint32_t)(c->lost_first_tsc >> 32) };
		if (LOST_REC_SIZE > to_wrap)
			put_wrap(c, to_wrap, tsc);
		put_words(c, REC_HDR(TRC_LOST_RECORDS, 4, true), tsc, 4, d);
		c->lost = 0;
		to_wrap = data_size - (c->prod >= data_size ? c->prod - data_size : c->prod);
	}
	if (rec > to_wrap)
		put_wrap(c, to_wrap, tsc);
	put_words(c, REC_HDR(event, nr, true), tsc, nr, data);
	__atomic_thread_fence(__ATOMIC_RELEASE); /* the record before the producer index */
	WRITE_ONCE(c->hdr->prod, c->prod);
	if (used < data_size / 2 && used + total >= data_size / 2) {
		/* As Xen: tell dom0 once per crossing of half full. Not from here
		 * (locks may be held): schedule() sends it on the way out. */
		__atomic_store_n(&trace_notify_due, true, __ATOMIC_RELEASE);
		pcpus[cpu].need_resched = true;
	}
out:
	spin_unlock(&c->lock);
}

/* ------------------------------------------------------------ trace points */

#define VCPU_WORD(dom, vc) ((uint32_t)(vc) | (uint32_t)(dom) << 16)

static void idle_runstate(unsigned cpu, unsigned from, unsigned to, uint64_t tsc)
{
	uint32_t w = VCPU_WORD(DOMID_IDLE, cpu);
	trace_var_at(tsc, TRC_SCHED_RUNSTATE_CHANGE | (from & 3) << 8 | (to & 3) << 4, 1, &w);
}

void trace_runstate_change_(const struct vcpu *v, unsigned new_state, s_time_t now)
{
	uint32_t w = VCPU_WORD(v->domain->domid, v->id);
	trace_var_at(tsc_at(now),
		     TRC_SCHED_RUNSTATE_CHANGE | ((unsigned)v->runstate & 3) << 8 | (new_state & 3) << 4,
		     1, &w);
}

void trace_switch_(unsigned cpu, const struct vcpu *prev, const struct vcpu *next, s_time_t now)
{
	uint32_t pd = prev ? prev->domain->domid : DOMID_IDLE, pv = prev ? prev->id : cpu;
	uint32_t nd = next ? next->domain->domid : DOMID_IDLE, nv = next ? next->id : cpu;
	s_time_t ran = prev ? now - prev->runstate_entry : now - tcpus[cpu % MAX_CPUS].idle_entry;
	s_time_t waited = next && next->runstate == RUNSTATE_runnable ? now - next->runstate_entry : 0;
	uint64_t tsc = tsc_at(now);
	uint32_t d[4];

	if (!prev)
		idle_runstate(cpu, RUNSTATE_running, RUNSTATE_runnable, tsc);
	d[0] = pd, d[1] = pv, d[2] = (uint32_t)ran;
	trace_var_at(tsc, TRC_SCHED_SWITCH_INFPREV, 3, d);
	d[0] = nd, d[1] = nv, d[2] = (uint32_t)waited, d[3] = 0;
	trace_var_at(tsc, TRC_SCHED_SWITCH_INFNEXT, 4, d);
	d[0] = pd, d[1] = pv, d[2] = nd, d[3] = nv;
	trace_var_at(tsc, TRC_SCHED_SWITCH, 4, d);
	/* A vCPU moving between pCPUs: credit2's MIGRATE record, pCPUs in
	 * the run-queue fields (hospes has no other id for where it ran). */
	if (next && (unsigned)next->processor != cpu) {
		d[0] = VCPU_WORD(nd, nv), d[1] = (uint32_t)next->processor | cpu << 16;
		trace_var_at(tsc, TRC_SCHED_CLASS_EVT(CSCHED2, 15), 2, d);
	}
}

void trace_idle_enter_(unsigned cpu, s_time_t now)
{
	tcpus[cpu % MAX_CPUS].idle_entry = now;
	idle_runstate(cpu, RUNSTATE_runnable, RUNSTATE_running, tsc_at(now));
}

void trace_continue_(const struct vcpu *v, s_time_t now)
{
	uint32_t w;

	if (!v)
		return; /* an idle pCPU staying idle: nothing to account */
	uint32_t d[4] = { v->domain->domid, v->id, (uint32_t)(now - v->runstate_entry), 0 };
	uint64_t tsc = tsc_at(now);

	trace_var_at(tsc, TRC_SCHED_SWITCH_INFCONT, 4, d);
	w = VCPU_WORD(v->domain->domid, v->id);
	trace_var_at(tsc, TRC_SCHED_CONTINUE_RUNNING, 1, &w);
}

void trace_hypercall_(uint64_t nr, const uint64_t *args)
{
	uint32_t d[3] = { (uint32_t)(nr & 0xfffff) | TRC_PV_HYPERCALL_V2_ARG_32(0) |
				  TRC_PV_HYPERCALL_V2_ARG_32(1),
			  (uint32_t)args[0], (uint32_t)args[1] };
	trace_var(TRC_PV_HYPERCALL_V2, 3, d);
}

void trace_trap_(uint64_t pc, uint64_t esr)
{
	/* x86's {rip, trapnr:15 use_error_code:1 error_code:16} carrying the
	 * exception class and the low ISS bits. */
	uint32_t d[3] = { (uint32_t)pc, (uint32_t)(pc >> 32),
			  (uint32_t)((esr >> 26) & 0x3f) | 1u << 15 | (uint32_t)(esr & 0xffff) << 16 };
	trace_var(TRC_PV_TRAP | TRC_64_FLAG, 3, d);
}
