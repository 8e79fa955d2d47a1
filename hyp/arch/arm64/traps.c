/* SPDX-License-Identifier: MIT */
/*
 * Guest exits: decode ESR_EL2 and dispatch (WFI/WFE, HVC/SMC, trapped
 * system registers, stage-2 data aborts on emulated MMIO), inject
 * exceptions into a guest, and the way back into the guest
 * (leave_hypervisor). A guest fault the hypervisor cannot resolve is
 * reported with the vCPU's registers and ends that domain only.
 */
#include <asm/entry.h>
#include <asm/gic.h>
#include <asm/sysregs.h>
#include <asm/traps.h>
#include <hyp/arch.h>
#include <hyp/domain.h>
#include <hyp/gdbsx.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <hyp/sched.h>
#include <hyp/trace.h>
#include <lib/printf.h>


/* This pCPU's state, without a call (the hot exit paths use it). */
static inline struct pcpu *cur_pcpu(void)
{
	return (struct pcpu *)READ_SYSREG(tpidr_el2);
}

static struct vcpu *current_vcpu(void)
{
	return cur_pcpu()->current;
}

static void advance_pc(struct vcpu *v)
{
	v->regs.pc += 4;
}

static uint64_t get_reg(struct vcpu *v, unsigned n)
{
	return n == 31 ? 0 : v->regs.x[n];
}

static void set_reg(struct vcpu *v, unsigned n, uint64_t val)
{
	if (n != 31)
		v->regs.x[n] = val;
}

/** Deliver a synchronous exception to the guest's EL1 (the vCPU is loaded). */
static void inject_sync(struct vcpu *v, uint64_t esr, uint64_t far, bool set_far)
{
	uint64_t spsr = v->regs.pstate;
	uint64_t mode = spsr & PSR_MODE_MASK;
	uint64_t off = mode == PSR_MODE_EL1h ? 0x200 : mode == PSR_MODE_EL1t ? 0x0 : 0x400;

	WRITE_SYSREG(v->regs.pc, elr_el1);
	WRITE_SYSREG(spsr, spsr_el1);
	WRITE_SYSREG(esr, esr_el1);
	if (set_far)
		WRITE_SYSREG(far, far_el1);
	v->regs.pstate = PSR_D | PSR_A | PSR_I | PSR_F | PSR_MODE_EL1h;
	v->regs.pc = READ_SYSREG(vbar_el1) + off;
}

void inject_undef(struct vcpu *v)
{
	inject_sync(v, ESR_IL, 0, false);
}

/* Data abort into the guest, as a synchronous external abort at @va. */
void inject_dabt(struct vcpu *v, unsigned long va)
{
	uint64_t mode = v->regs.pstate & PSR_MODE_MASK;
	uint64_t ec = mode == PSR_MODE_EL0t ? 0x24 : 0x25;
	inject_sync(v, (ec << ESR_EC_SHIFT) | ESR_IL | 0x10 /* SEA */, va, true);
}

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case EC_UNKNOWN: return "unknown reason / undefined instruction";
	case EC_WFX: return "WFI/WFE";
	case EC_FP: return "FP/SIMD access";
	case EC_ILLEGAL: return "illegal execution state";
	case EC_HVC64: return "HVC";
	case EC_SMC64: return "SMC";
	case EC_SYSREG: return "system register access";
	case EC_IABT_LOW: return "instruction abort (stage-2)";
	case EC_PC_ALIGN: return "PC alignment fault";
	case EC_DABT_LOW: return "data abort (stage-2)";
	case EC_SP_ALIGN: return "SP alignment fault";
	case EC_SERROR: return "SError";
	case EC_SOFTSTP_LOW: return "software step";
	case EC_BRK64: return "BRK";
	default: return "unhandled exception class";
	}
}

static const char *fsc_name(unsigned fsc)
{
	switch (fsc & 0x3c) {
	case 0x00: return "address size fault";
	case 0x04: return "translation fault (no mapping)";
	case 0x08: return "access flag fault";
	case 0x0c: return "permission fault";
	case 0x10: return "synchronous external abort";
	case 0x20: return "alignment fault";
	default: return "other fault";
	}
}

/* Decode an abort syndrome into words: "translation fault at level 3, on a write". */
static void describe_abort(uint64_t esr, char *buf, size_t len)
{
	uint64_t iss = ESR_ISS(esr);
	unsigned fsc = iss & 0x3f;
	bool is_data = ESR_EC(esr) == EC_DABT_LOW;

	if (fsc == 0x21)
		snprintf(buf, len, "alignment fault");
	else
		snprintf(buf, len, "%s at level %u%s%s%s", fsc_name(fsc), fsc & 3,
			 is_data ? ((iss & (1UL << 6)) ? ", on a write" : ", on a read") : ", on an instruction fetch",
			 (iss & (1UL << 7)) ? ", during a stage-1 table walk" : "",
			 (is_data && !(iss & (1UL << 24))) ? ", by an instruction the hypervisor cannot decode" : "");
}

/** Guest crash report: what happened in words, PC/LR/SP, registers and the guest's own backtrace. */
void guest_crash_report(struct vcpu *v, const char *what, uint64_t esr, bool has_addr, ipa_t ipa)
{
	uint64_t mode = v->regs.pstate & PSR_MODE_MASK;
	uint64_t sp = mode == PSR_MODE_EL0t ? READ_SYSREG(sp_el0) : READ_SYSREG(sp_el1);
	char detail[160];

	gprintk(LOG_ERR, v, "==== guest crash report: %s", what);
	if (esr) {
		gprintk(LOG_ERR, v, "exception: %s from %s (ESR_EL2 %#lx, EC %#x)", ec_name(ESR_EC(esr)),
			mode == PSR_MODE_EL0t ? "EL0 (user space)" : "EL1 (kernel)", (unsigned long)esr,
			(unsigned)ESR_EC(esr));
		if (ESR_EC(esr) == EC_DABT_LOW || ESR_EC(esr) == EC_IABT_LOW) {
			describe_abort(esr, detail, sizeof(detail));
			gprintk(LOG_ERR, v, "reason: %s", detail);
		}
	}
	if (has_addr)
		gprintk(LOG_ERR, v, "fault address: guest VA %#lx, guest physical %#lx",
			(unsigned long)READ_SYSREG(far_el2), (unsigned long)ipa);
	gprintk(LOG_ERR, v, "PC %016lx  LR %016lx  SP %016lx", (unsigned long)v->regs.pc,
		(unsigned long)v->regs.x[30], (unsigned long)sp);
	arch_dump_regs(&v->regs, true);
	/* Frame-pointer walk through the guest's own page tables. */
	gprintk(LOG_ERR, v, "guest backtrace (frame pointers):");
	gprintk(LOG_ERR, v, "  #0 pc %016lx", (unsigned long)v->regs.pc);
	uint64_t fp = v->regs.x[29];
	for (int depth = 1; depth < 16 && fp && !(fp & 7); depth++) {
		uint64_t frame[2];
		if (copy_from_guest(v, frame, fp, sizeof(frame))) {
			gprintk(LOG_ERR, v, "  (frame at %#lx is not readable)", (unsigned long)fp);
			break;
		}
		if (!frame[1])
			break;
		gprintk(LOG_ERR, v, "  #%d lr %016lx (frame %016lx)", depth, (unsigned long)frame[1],
			(unsigned long)fp);
		if (frame[0] <= fp)
			break;
		fp = frame[0];
	}
}

/** Report a fault the guest cannot recover from and end (or preserve) its domain. */
static void guest_fatal(struct vcpu *v, uint64_t esr, const char *what, uint64_t addr,
			bool has_addr)
{
	guest_crash_report(v, what, esr, has_addr, addr);
	domain_crash(v->domain, what);
}

/* Guest-physical address of the current stage-2 abort (HPFAR_EL2 page + FAR_EL2 offset). */
static ipa_t fault_ipa(void)
{
	return ((READ_SYSREG(hpfar_el2) & 0xFFFFFFFFFF0UL) << 8) | (READ_SYSREG(far_el2) & 0xfff);
}

/*
 * A stage-2 fault on an IPA the domain has mapped: a translation fault raced
 * with another pCPU's break-before-make update of the same tables (a block
 * split while the guest touched it) and the guest simply retries; a
 * permission fault (a write to a read-only page, e.g. a DOMID_XEN trace
 * page) is the guest's own and gets a data abort, as on Xen. Returns true
 * when handled.
 */
static __attribute__((noinline, cold)) bool stage2_fault_on_mapped(struct vcpu *v, uint64_t esr,
								     ipa_t ipa, uint64_t far)
{
	unsigned fsc = ESR_ISS(esr) & 0x3c;
	paddr_t pa;
	enum s2_type t;
	uint64_t size;

	if ((fsc != 0x04 && fsc != 0x0c) || stage2_lookup(&v->domain->s2, ipa, &pa, &t, &size))
		return false;
	if (fsc == 0x0c)
		inject_dabt(v, far);
	return true;
}

/* A data abort the hypervisor cannot handle (cold: keeps handle_dabt's frame small). */
static __attribute__((noinline, cold)) void dabt_fatal(struct vcpu *v, uint64_t esr, ipa_t ipa,
						      bool in_mmio, bool wnr)
{
	char why[96];

	if (in_mmio)
		snprintf(why, sizeof(why),
			 "MMIO access at IPA %#lx with an instruction the hypervisor cannot emulate",
			 (unsigned long)ipa);
	else
		snprintf(why, sizeof(why), "%s at IPA %#lx outside the domain's memory and devices",
			 wnr ? "write" : "read", (unsigned long)ipa);
	guest_fatal(v, esr, why, ipa, true);
}

static void handle_dabt(struct vcpu *v, uint64_t esr)
{
	uint64_t iss = ESR_ISS(esr);
	uint64_t far = READ_SYSREG(far_el2);
	/* As fault_ipa(), without reading FAR_EL2 twice. */
	ipa_t ipa = ((READ_SYSREG(hpfar_el2) & 0xFFFFFFFFFF0UL) << 8) | (far & 0xfff);
	bool isv = iss & (1UL << 24);
	unsigned sas = (iss >> 22) & 3, srt = (iss >> 16) & 0x1f;
	bool sse = iss & (1UL << 21), sf = iss & (1UL << 15), wnr = iss & (1UL << 6);
	struct domain *d = v->domain;

	for (unsigned i = 0; i < d->nr_mmio; i++) {
		struct mmio_handler *h = &d->mmio[i];
		if (ipa < h->base || ipa >= h->base + h->size)
			continue;
		if (!isv) {
			dabt_fatal(v, esr, ipa, true, wnr);
			return;
		}
		unsigned size = 1U << sas;
		uint64_t val = wnr ? get_reg(v, srt) : 0;
		if (wnr && size < 8)
			val &= (1UL << (size * 8)) - 1;
		if (h->fn(v, ipa - h->base, wnr, &val, size, h->priv) < 0) {
			inject_dabt(v, far);
			return;
		}
		if (!wnr) {
			if (sse && size < 8) {
				uint64_t sign = 1UL << (size * 8 - 1);
				val = (val ^ sign) - sign;
			}
			if (!sf)
				val &= 0xffffffffUL;
			set_reg(v, srt, val);
		}
		advance_pc(v);
		return;
	}
	if (stage2_fault_on_mapped(v, esr, ipa, far))
		return;
	dabt_fatal(v, esr, ipa, false, wnr);
}

/* Trapped MSR/MRS (EC 0x18). ISS: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] dir[0]. */
static void handle_sysreg(struct vcpu *v, uint64_t esr)
{
	uint64_t iss = ESR_ISS(esr);
	unsigned op0 = (iss >> 20) & 3, op2 = (iss >> 17) & 7, op1 = (iss >> 14) & 7;
	unsigned crn = (iss >> 10) & 0xf, rt = (iss >> 5) & 0x1f, crm = (iss >> 1) & 0xf;
	bool is_read = iss & 1;

	/* ICC_SGI1R_EL1: op0 3, op1 0, CRn 12, CRm 11, op2 5. */
	if (op0 == 3 && op1 == 0 && crn == 12 && crm == 11 && (op2 == 5 || op2 == 6 || op2 == 7)) {
		if (!is_read && op2 == 5)
			vgic_sgi1r_write(&v->domain->vgic, &v->vgic, get_reg(v, rt));
		else if (is_read)
			set_reg(v, rt, 0);
		advance_pc(v);
		return;
	}
	/* Debug (op0 2), PMU (CRn 9 / CRn 14 CRm>=8), EL1 physical timer (CRn 14 CRm 2):
	 * read as zero, writes ignored. Guests get the virtual timer. */
	if (op0 == 2 || (op0 == 3 && (crn == 9 || (crn == 14 && (crm == 2 || crm >= 8))))) {
		if (is_read)
			set_reg(v, rt, 0);
		advance_pc(v);
		return;
	}
	gprintk(LOG_WARN, v, "unhandled system register access op0=%u op1=%u CRn=%u CRm=%u op2=%u (%s): injecting undefined instruction",
		op0, op1, crn, crm, op2, is_read ? "read" : "write");
	inject_undef(v);
}

/* Read back the list registers, if any are loaded, on an exit from the guest. */
static inline void exit_lrs(struct vcpu *v)
{
	if (unlikely(vgic_exit_needed(&v->vgic))) {
		/* The event upcall's direct LR (always alone) has its short way. */
		if (v->vgic.direct_hw)
			vgic_exit_direct(v);
		else
			vgic_exit_sync(v);
	}
}

/*
 * The common way back into the same vCPU: no reschedule pending, no list
 * register in hardware and nothing new for the vgic. Returns the frame to
 * restore, or NULL when leave_hypervisor() has work to do.
 */
static inline struct cpu_regs *leave_fast(struct pcpu *p, struct vcpu *cur)
{
	/*
	 * Only schedule() changes p->current, and it runs from leave_hypervisor(),
	 * which then always calls vgic_enter_flush(). So a vCPU that trapped had
	 * an entry flush since it was loaded, and with no LR in hardware that
	 * left ICH_HCR_EL2 = En (UIE only comes with loaded LRs).
	 */
	/* (No LR in hardware: the model's lr_used is 0 as well, see vgic_flush_needed().) */
	if (!p->need_resched && !p->hw_lrs_loaded && !vgic_gen_changed(&cur->vgic))
		return &cur->regs;
	return NULL;
}

_Static_assert(XEN_HYPERCALL_TAG == 0xEA1 && EC_HVC64 == 0x16,
	       "entry.S XEN_HVC_ESR_* encode HVC #XEN_HYPERCALL_TAG");

/**
 * Entry from entry.S for HVC #XEN_HYPERCALL_TAG: the hypercall fast path,
 * dispatched straight from the table. Same return as guest_sync_handler().
 */
struct cpu_regs *guest_hypercall(void)
{
	struct pcpu *p = cur_pcpu();
	struct vcpu *v = p->current;

	exit_lrs(v);
	v->stat_hypercalls++; /* (not in stat_exits: one counter on the fast path) */
	p->hypercall_start = 0;
	hypercall_trap(v, v->regs.x);
	return leave_fast(p, v);
}

/**
 * Entry from entry.S for the other synchronous exceptions from a guest, with
 * their ESR_EL2. Returns the frame to restore when the vCPU can be
 * re-entered at once (leave_fast()), else NULL and entry.S goes through
 * leave_hypervisor().
 */
struct cpu_regs *guest_sync_handler(uint64_t esr)
{
	struct pcpu *p = cur_pcpu();
	struct vcpu *v = p->current;

	exit_lrs(v);
	/* Emulated MMIO (the vGIC, the PL011) is the most frequent of the rest. */
	if (ESR_EC(esr) == EC_DABT_LOW) {
		v->stat_mmio++; /* (not in stat_exits) */
		trace_trap(v->regs.pc, esr);
		handle_dabt(v, esr);
		return leave_fast(p, v);
	}
	v->stat_exits++;
	trace_trap(v->regs.pc, esr);
	switch (ESR_EC(esr)) {
	case EC_WFX:
		v->stat_wfi++;
		if (esr & 1)
			vcpu_yield(v);
		else
			vcpu_block(v);
		advance_pc(v);
		break;
	case EC_HVC64:
		/* (HVC #XEN_HYPERCALL_TAG went to guest_hypercall().) */
		if ((esr & 0xffff) == 0)
			do_smccc(v);
		else {
			v->regs.pc -= 4;
			inject_undef(v);
		}
		break;
	case EC_SMC64:
		advance_pc(v);
		do_smccc(v);
		break;
	case EC_SYSREG:
		handle_sysreg(v, esr);
		break;
	case EC_IABT_LOW:
		if ((ESR_ISS(esr) & 0x3c) != 0x0c && stage2_fault_on_mapped(v, esr, fault_ipa(), 0))
			break;
		guest_fatal(v, esr, "instruction fetch outside the domain's memory", fault_ipa(), true);
		break;
	case EC_BRK64:
	case EC_SOFTSTP_LOW:
		/* Only reach EL2 (MDCR_EL2.TDE) while a debugger is attached. */
		if (v->domain->debugger_attached)
			gdbsx_debug_event(v, ESR_EC(esr) == EC_BRK64 ? XEN_GDBSX_EV_BRK : XEN_GDBSX_EV_STEP);
		else
			guest_fatal(v, esr, "debug exception without a debugger", 0, false);
		break;
	default:
		guest_fatal(v, esr, "unhandled trap", 0, false);
		break;
	}
	return leave_fast(p, v);
}

/** FIQ, SError and AArch32 exits: fatal for the domain. */
void guest_bad_exception(int kind)
{
	static const char *const kinds[] = { "?", "SError", "AArch32 exception", "FIQ" };
	struct vcpu *v = current_vcpu();

	exit_lrs(v);
	guest_fatal(v, READ_SYSREG(esr_el2), kinds[kind & 3], 0, false);
}


void irq_handle_from_guest(void)
{
	struct vcpu *v = current_vcpu();

	exit_lrs(v);
	v->stat_irq_exits++;
	irq_handle(NULL);
}

/**
 * Called by entry.S before returning to a guest: reschedule if needed, idle
 * while nothing is runnable, then load the list registers of the vCPU that
 * runs next and return its register frame.
 */
struct cpu_regs *leave_hypervisor(void)
{
	struct pcpu *p = cur_pcpu();
	struct cpu_regs *fast = p->current ? leave_fast(p, p->current) : NULL;

	if (fast)
		return fast;
	for (;;) {
		if (p->need_resched)
			schedule();
		struct vcpu *v = p->current;
		if (v) {
			vgic_enter_flush(v);
			return &v->regs;
		}
		/* Idle: WFI with interrupts masked wakes on any pending
		 * interrupt; then take it with interrupts briefly unmasked. */
		s_time_t t0 = NOW();
		p->is_idle = true;
		p->stage = "idle";
		if (!p->need_resched)
			wfi();
		local_irq_enable();
		isb();
		local_irq_disable();
		p->is_idle = false;
		p->idle_time += NOW() - t0;
	}
}
