/* SPDX-License-Identifier: MIT */
/*
 * Trace buffers: per-CPU rings of Xen-format trace records (public/trace.h)
 * that dom0 maps and drains (hx trace, or Xen's xentrace), controlled by
 * XEN_SYSCTL_tbuf_op. The writer and trace points are hyp/core/trace.c, the
 * buffers and tbuf_op hyp/core/trace_ctl.c.
 *
 * Trace points: TRACE(event, word, ...) records an event with up to 7
 * 32-bit data words and a cycle count (CNTPCT). While tracing is off a trace
 * point costs one load and one predictable branch: the arguments are only
 * evaluated behind the `trace_on` test.
 */
#ifndef HYP_TRACE_H
#define HYP_TRACE_H

#include <hyp/time.h>
#include <hyp/types.h>
#include <public/trace.h>

struct vcpu;
struct xen_sysctl_tbuf_op;

/*
 * What observes the hot paths, one byte so each trace point costs a load and
 * a bit test (hidden: no GOT load). TRACE_ON_BUFFERS: tracing is enabled
 * (buffers exist and XEN_SYSCTL_TBUFOP_enable was done; trace_set_enabled()).
 * TRACE_ON_HCALL_LOG: hypercalls are logged to the console (trace_hypercalls
 * on the command line, set once at boot). The hypercall entry takes its
 * out-of-line path while any bit is set.
 */
#define TRACE_ON_BUFFERS 0x1u
#define TRACE_ON_HCALL_LOG 0x2u
extern uint8_t trace_on __attribute__((visibility("hidden")));

static inline bool trace_enabled(void)
{
	return READ_ONCE(trace_on) & TRACE_ON_BUFFERS;
}
/* Switch recording on or off (tbuf_op enable/disable, or a damaged buffer). */
void trace_set_enabled(bool on);
/* Events (Xen's class / subclass / event bits) and CPUs that are recorded */
extern uint32_t trace_evt_mask;
extern uint64_t trace_cpu_mask;

/** Record @event with @nr 32-bit words from @data (nr <= TRACE_EXTRA_MAX). */
void trace_var(uint32_t event, unsigned nr, const uint32_t *data);
/** The same with the cycle count @tsc (0: now) */
void trace_var_at(uint64_t tsc, uint32_t event, unsigned nr, const uint32_t *data);
extern bool trace_notify_due __attribute__((visibility("hidden")));

/** Has a buffer crossed half full since the last call (VIRQ_TBUF due)?
 * Inline: schedule() asks on every switch. */
static inline bool trace_notify_take(void)
{
	return unlikely(__atomic_load_n(&trace_notify_due, __ATOMIC_RELAXED)) &&
	       __atomic_exchange_n(&trace_notify_due, false, __ATOMIC_ACQ_REL);
}

#define TRACE(event, ...)                                                         \
	do {                                                                      \
		if (unlikely(trace_enabled())) {                              \
			const uint32_t trace_d_[] = { __VA_ARGS__ };              \
			trace_var((event), sizeof(trace_d_) / sizeof(uint32_t), trace_d_); \
		}                                                                 \
	} while (0)

/* Scheduler trace points: out of line, behind the same single test. The
 * records of one decision carry the time it was accounted at (@now). */
void trace_runstate_change_(const struct vcpu *v, unsigned new_state, s_time_t now);
void trace_switch_(unsigned cpu, const struct vcpu *prev, const struct vcpu *next, s_time_t now);
void trace_idle_enter_(unsigned cpu, s_time_t now);
void trace_continue_(const struct vcpu *v, s_time_t now);
void trace_hypercall_(uint64_t nr, const uint64_t *args);
void trace_trap_(uint64_t pc, uint64_t esr);

#define TRACE_IF_ON(call)                                                         \
	do {                                                                      \
		if (unlikely(trace_enabled()))                                    \
			call;                                                     \
	} while (0)
/* Before a vCPU's runstate changes to @s, accounted at @now */
#define trace_runstate_change(v, s, now) TRACE_IF_ON(trace_runstate_change_((v), (s), (now)))
/* Before a pCPU's context switch (NULL = the pCPU's idle vCPU) */
#define trace_switch(cpu, prev, next, now) TRACE_IF_ON(trace_switch_((cpu), (prev), (next), (now)))
/* After a switch that left the pCPU with nothing to run */
#define trace_idle_enter(cpu, now) TRACE_IF_ON(trace_idle_enter_((cpu), (now)))
/* A decision that keeps @v (NULL: idle) running (Xen's INFCONT + CONTINUE_RUNNING) */
#define trace_continue(v, now) TRACE_IF_ON(trace_continue_((v), (now)))
#define trace_hypercall(nr, args) TRACE_IF_ON(trace_hypercall_((nr), (args)))
#define trace_trap(pc, esr) TRACE_IF_ON(trace_trap_((pc), (esr)))

/* Around a physical interrupt: TRC_HW_IRQ_HANDLED {irq, start, end} */
static inline uint32_t trace_irq_begin(void)
{
	return unlikely(trace_enabled()) ? (uint32_t)counter_read() : 0;
}
#define trace_irq_end(irq, t0) TRACE(TRC_HW_IRQ_HANDLED, (irq), (t0), (uint32_t)counter_read())

/* Between trace_ctl.c and the writer: give @cpu its buffer (@size bytes of
 * records after the header), before tracing is enabled; forget lost counts. */
void trace_attach(unsigned cpu, struct t_buf *hdr, uint32_t size);
void trace_reset_lost(void);

/** XEN_SYSCTL_tbuf_op (Xen's semantics and errors). */
long trace_tbuf_op(struct vcpu *v, struct xen_sysctl_tbuf_op *op);

/**
 * May the privileged domain map host frame @pfn as a DOMID_XEN foreign page?
 * 0 and *writable (buffer pages are read/write, t_info read-only), or an error
 * (-EINVAL) for anything the hypervisor did not share.
 */
int trace_shared_frame(uint64_t pfn, bool *writable);

#endif
