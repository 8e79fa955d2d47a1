/* SPDX-License-Identifier: MIT */
/*
 * Xen hypercall dispatch: the table from hypercall_table.h, unknown numbers
 * -ENOSYS (Xen's answer, including the legacy compat numbers 6, 16, 19 on
 * Arm), continuations by re-executing the HVC, and multicall.
 */
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/cmdline.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/trace.h>
#include <public/xen.h>

#define HYPERCALL_ROW(nr, name, fn, status, note) [nr] = fn,
const hypercall_fn hypercall_table[XEN_NR_HYPERCALLS] = { HOSPES_HYPERCALLS(HYPERCALL_ROW) };
#undef HYPERCALL_ROW

#define HYPERCALL_NAME(nr, name, fn, status, note) [nr] = #name,
static const char *const hypercall_names[XEN_NR_HYPERCALLS] = { HOSPES_HYPERCALLS(HYPERCALL_NAME) };
#undef HYPERCALL_NAME

/*
 * Long hypercalls stop and continue (the vCPU re-executes the HVC) when the
 * scheduler wants this pCPU or after 1 ms: the hypervisor runs with
 * interrupts masked, so the time budget is what lets pending interrupts
 * (timers, IPIs) in between two pieces of a huge batch.
 */
static uint64_t preempt_ticks = 62500; /* 1 ms at QEMU virt's 62.5 MHz; set from the real rate */

void hypercall_init(void)
{
	preempt_ticks = ns_to_ticks(MILLISECS(1));
	if (opt.trace_hypercalls)
		WRITE_ONCE(trace_on, (uint8_t)(READ_ONCE(trace_on) | TRACE_ON_HCALL_LOG));
}

/*
 * The budget runs from the first check (hypercall_start 0 = not started), so
 * the many hypercalls that never check pay no counter read.
 */
bool hypercall_preempt_check(void)
{
	struct pcpu *p = this_pcpu();
	uint64_t now;

	if (p->need_resched)
		return true;
	now = counter_read();
	if (!p->hypercall_start) {
		p->hypercall_start = now;
		return false;
	}
	return now - p->hypercall_start > preempt_ticks;
}

static const char *hypercall_name(uint64_t nr)
{
	return nr < XEN_NR_HYPERCALLS ? hypercall_names[nr] : NULL;
}

/* A number with no handler in the table (out of line: rare, and its error site is here). */
long hypercall_unknown(void)
{
	return ERR(-ENOSYS); /* unknown hypercall */
}

/*
 * One hypercall with every observer: the trace record, the error location
 * (debug build). For multicall entries and hypercall_trap_observed(); the
 * trap fast path is hypercall_trap() in hypercall.h.
 */
static long dispatch(struct vcpu *v, uint64_t nr, uint64_t *args)
{
	long ret;

	trace_hypercall(nr, args);
	errloc_hypercall_begin(args[0]);
	ret = hypercall_call(v, nr, args);
	errloc_hypercall_end(v, nr, hypercall_name(nr), ret);
	return ret;
}

/* Log a finished hypercall (tracing, or an error at debug level). Out of line. */
static __attribute__((noinline, cold)) void hypercall_log(struct vcpu *v, uint64_t nr,
							 uint64_t cmd, long ret)
{
	gprintk(opt.trace_hypercalls ? LOG_INFO : LOG_DEBUG, v, "hypercall %s (%lu) cmd %lu -> %ld",
		hypercall_name(nr) ? hypercall_name(nr) : "unknown",
		(unsigned long)nr, (unsigned long)cmd, ret);
}

/*
 * Hand a trapped hypercall's result to the guest: -ERESTART re-executes the
 * HVC (its arguments already updated in x0-x4), anything else goes to x0,
 * logged when asked to (errors at debug level).
 */
static void hypercall_finish(struct vcpu *v, uint64_t nr, long ret)
{
	uint64_t cmd = v->regs.x[0];

	if (ret == -ERESTART) {
		v->regs.pc -= 4;
		return;
	}
	v->regs.x[0] = (uint64_t)ret;
	if (opt.trace_hypercalls || (ret < 0 && log_current_level >= LOG_DEBUG))
		hypercall_log(v, nr, cmd, ret);
}

/** The rest of hypercall_trap() for an error or a continuation. */
void hypercall_complete(struct vcpu *v, uint64_t nr, long ret)
{
	errloc_hypercall_end(v, nr, hypercall_name(nr), ret);
	hypercall_finish(v, nr, ret);
}

void hypercall_trap_observed(struct vcpu *v, uint64_t *x)
{
	uint64_t nr = x[16];

	hypercall_finish(v, nr, dispatch(v, nr, x));
}

/* Xen public xen.h: struct multicall_entry is 64 bytes: op, result, args[6]. */
long do_multicall(struct vcpu *v, uint64_t *args)
{
	uint64_t list = args[0];
	uint64_t nr_calls = args[1] & 0xffffffffUL;

	for (uint64_t i = 0; i < nr_calls; i++) {
		struct multicall_entry e;
		uint64_t a[5];
		long ret;

		if (i && hypercall_preempt_check()) {
			args[0] = list + i * sizeof(e);
			args[1] = nr_calls - i;
			return -ERESTART;
		}
		if (copy_from_guest(v, &e, list + i * sizeof(e), sizeof(e)))
			return ERR(-EFAULT);
		for (int j = 0; j < 5; j++)
			a[j] = e.args[j];
		/* No nesting, and no continuation of an entry inside a multicall. */
		if (e.op == __HYPERVISOR_multicall)
			ret = -EINVAL;
		else
			ret = dispatch(v, e.op, a);
		if (ret == -ERESTART)
			ret = -EBUSY;
		e.result = (uint64_t)ret;
		if (copy_to_guest(v, list + i * sizeof(e) + 8, &e.result, sizeof(e.result)))
			return ERR(-EFAULT);
	}
	return 0;
}
