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
static const hypercall_fn hypercall_table[XEN_NR_HYPERCALLS] = { HOSPES_HYPERCALLS(HYPERCALL_ROW) };
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
}

bool hypercall_preempt_check(void)
{
	struct pcpu *p = this_pcpu();
	return p->need_resched || counter_read() - p->hypercall_start > preempt_ticks;
}

static long dispatch(struct vcpu *v, uint64_t nr, uint64_t *args)
{
	uint64_t arg0 = args[0];
	long ret;

	errloc_hypercall_begin();
	if (nr >= XEN_NR_HYPERCALLS || !hypercall_table[nr])
		ret = ERR(-ENOSYS);
	else
		ret = hypercall_table[nr](v, args);
	errloc_hypercall_end(v, nr, nr < XEN_NR_HYPERCALLS ? hypercall_names[nr] : NULL, arg0, ret);
	return ret;
}

void do_trap_hypercall(struct vcpu *v)
{
	uint64_t nr = v->regs.x[16];
	uint64_t args[5] = { v->regs.x[0], v->regs.x[1], v->regs.x[2], v->regs.x[3], v->regs.x[4] };
	long ret;

	this_pcpu()->hypercall_start = counter_read();
	trace_hypercall(nr, args);
	ret = dispatch(v, nr, args);

	if (ret == -ERESTART) {
		/* Re-execute the HVC with the updated arguments. */
		for (int i = 0; i < 5; i++)
			v->regs.x[i] = args[i];
		v->regs.pc -= 4;
		return;
	}
	if (opt.trace_hypercalls || (ret < 0 && log_level() >= LOG_DEBUG))
		gprintk(opt.trace_hypercalls ? LOG_INFO : LOG_DEBUG, v, "hypercall %s (%lu) cmd %lu -> %ld",
			nr < XEN_NR_HYPERCALLS && hypercall_names[nr] ? hypercall_names[nr] : "unknown",
			(unsigned long)nr, (unsigned long)args[0], ret);
	v->regs.x[0] = (uint64_t)ret;
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
