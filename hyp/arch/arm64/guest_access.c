/* SPDX-License-Identifier: MIT */
/*
 * Guest virtual address access (see guest_access.h). Must run on the pCPU
 * where @v is loaded (true for hypercalls and traps: it is the current
 * vCPU), because AT S12E1* walks the live EL1 and stage-2 registers; or,
 * for a vCPU loaded nowhere (copy_guest_paused, the debugger's memory
 * access), with that vCPU's translation registers made live for the walk.
 * The guest's PAR_EL1 is preserved.
 */
#include <asm/entry.h>
#include <asm/sysregs.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/pa.h>
#include <hyp/percpu.h>
#include <lib/string.h>

enum at_op { AT_S1_READ, AT_S1_WRITE, AT_S12_READ, AT_S12_WRITE };

/*
 * Translate @gva with the loaded vCPU's registers: stage 1 only (result an
 * IPA) or both stages (a PA), checking read or write permission. The
 * guest's PAR_EL1 is preserved. 0, or -EFAULT if the walk faults.
 */
static int at_translate(uint64_t gva, enum at_op op, uint64_t *addr)
{
	uint64_t saved = READ_SYSREG(par_el1), par;

	switch (op) {
	case AT_S1_READ: __asm__ volatile("at s1e1r, %0" ::"r"(gva) : "memory"); break;
	case AT_S1_WRITE: __asm__ volatile("at s1e1w, %0" ::"r"(gva) : "memory"); break;
	case AT_S12_READ: __asm__ volatile("at s12e1r, %0" ::"r"(gva) : "memory"); break;
	case AT_S12_WRITE: __asm__ volatile("at s12e1w, %0" ::"r"(gva) : "memory"); break;
	}
	isb();
	par = READ_SYSREG(par_el1);
	WRITE_SYSREG(saved, par_el1);
	if (par & 1)
		return -EFAULT;
	*addr = (par & 0x0000fffffffff000UL) | (gva & 0xfff);
	return 0;
}

/* guest_va_to_pa() once @v's translation registers are the live ones. */
static int va_to_pa_loaded(struct vcpu *v, uint64_t gva, bool write, paddr_t *pa)
{
	ipa_t ipa;
	paddr_t base;
	enum s2_type t;
	uint64_t msize;

	/* Fast path: both stages in hardware, with the access's own permission. */
	if (!at_translate(gva, write ? AT_S12_WRITE : AT_S12_READ, pa))
		return 0;
	if (!write)
		return -EFAULT;
	/*
	 * Stage 1 (the guest's own page tables). A write may also go to a page
	 * the guest maps read-only only to track dirtiness in software (Linux
	 * without hardware DBM keeps clean writable pages read-only until their
	 * first write): the guest itself could write it, and Xen's tools rely
	 * on writes to such hypercall buffers. So a write needs stage-1 read
	 * permission; the hypervisor's own check is the stage-2 one below.
	 */
	if (at_translate(gva, AT_S1_READ, &ipa))
		return -EFAULT;
	/* Stage 2: only the domain's RAM (and pages mapped into it); writes
	 * never go to read-only mappings (read-only grants). */
	if (stage2_lookup(&v->domain->s2, ipa & PAGE_MASK, &base, &t, &msize))
		return -EFAULT;
	if (t == S2_DEVICE_RW || (write && t == S2_RAM_RO))
		return -EFAULT;
	*pa = (base & PAGE_MASK) + (ipa & (PAGE_SIZE - 1));
	return 0;
}

int guest_va_to_pa(struct vcpu *v, uint64_t gva, bool write, paddr_t *pa)
{
	if (this_pcpu()->current != v)
		return -EFAULT;
	return va_to_pa_loaded(v, gva, write, pa);
}

/*
 * guest_va_to_pa() for a vCPU that is loaded nowhere: its stage-1
 * registers and its domain's VTTBR are made live on this pCPU for the walk,
 * then the running vCPU's are put back (interrupts are masked in the
 * hypervisor, so nothing runs here in between). TLB entries made by the
 * walk are tagged with the target's VMID, hence valid for it.
 */
static int va_to_pa_paused(struct vcpu *t, uint64_t gva, bool write, paddr_t *pa)
{
	uint64_t sctlr = READ_SYSREG(sctlr_el1), tcr = READ_SYSREG(tcr_el1);
	uint64_t ttbr0 = READ_SYSREG(ttbr0_el1), ttbr1 = READ_SYSREG(ttbr1_el1);
	uint64_t mair = READ_SYSREG(mair_el1), vttbr = READ_SYSREG(vttbr_el2);
	int rc;

	WRITE_SYSREG(t->arch.sctlr_el1, sctlr_el1);
	WRITE_SYSREG(t->arch.tcr_el1, tcr_el1);
	WRITE_SYSREG(t->arch.ttbr0_el1, ttbr0_el1);
	WRITE_SYSREG(t->arch.ttbr1_el1, ttbr1_el1);
	WRITE_SYSREG(t->arch.mair_el1, mair_el1);
	WRITE_SYSREG(stage2_vttbr(&t->domain->s2), vttbr_el2);
	isb();
	rc = va_to_pa_loaded(t, gva, write, pa);
	WRITE_SYSREG(sctlr, sctlr_el1);
	WRITE_SYSREG(tcr, tcr_el1);
	WRITE_SYSREG(ttbr0, ttbr0_el1);
	WRITE_SYSREG(ttbr1, ttbr1_el1);
	WRITE_SYSREG(mair, mair_el1);
	WRITE_SYSREG(vttbr, vttbr_el2);
	isb();
	return rc;
}

int copy_guest_paused(struct vcpu *t, void *buf, uint64_t gva, size_t len, bool to_guest,
		      size_t *done)
{
	uint8_t *b = buf;

	*done = 0;
	if (t->is_running || t == this_pcpu()->current)
		return -EBUSY;
	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gva & (PAGE_SIZE - 1)));
		paddr_t pa;

		if (va_to_pa_paused(t, gva, to_guest, &pa))
			return -EFAULT;
		/* The guest may run with caches off: work on memory, not stale lines. */
		for (uint64_t a = pa & ~63UL; a < pa + chunk; a += 64)
			__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
		dsb(sy);
		if (to_guest) {
			memcpy(pa_to_va(pa), b, chunk);
			for (uint64_t a = pa & ~63UL; a < pa + chunk; a += 64)
				__asm__ volatile("dc civac, %0" ::"r"(a) : "memory");
			dsb(sy);
			/* New instructions (breakpoints) must be fetched. */
			__asm__ volatile("ic ialluis" ::: "memory");
			dsb(sy);
			isb();
		} else {
			memcpy(b, pa_to_va(pa), chunk);
		}
		b += chunk;
		gva += chunk;
		len -= chunk;
		*done += chunk;
	}
	return 0;
}

/* Page by page; out of line so copy_from_guest()'s fast path keeps a small frame. */
static __attribute__((noinline)) int copy_guest(struct vcpu *v, void *buf, uint64_t gva,
					      size_t len, bool to_guest)
{
	uint8_t *b = buf;

	while (len) {
		size_t chunk = MIN(len, PAGE_SIZE - (gva & (PAGE_SIZE - 1)));
		paddr_t pa;

		if (guest_va_to_pa(v, gva, to_guest, &pa))
			return -EFAULT;
		if (to_guest)
			memcpy(pa_to_va(pa), b, chunk);
		else
			memcpy(b, pa_to_va(pa), chunk);
		b += chunk;
		gva += chunk;
		len -= chunk;
	}
	return 0;
}

int copy_from_guest(struct vcpu *v, void *dst, uint64_t gva, size_t len)
{
	paddr_t pa;

	/* Fast path (hypercall argument structs): one page, both stages in hardware. */
	if (len <= PAGE_SIZE - (gva & (PAGE_SIZE - 1)) &&
	    ((struct pcpu *)READ_SYSREG(tpidr_el2))->current == v &&
	    !at_translate(gva, AT_S12_READ, &pa)) {
		if (len == 4 && !((pa | (uintptr_t)dst) & 3))
			*(uint32_t *)dst = *(const uint32_t *)pa_to_va(pa); /* port numbers */
		else
			memcpy(dst, pa_to_va(pa), len);
		return 0;
	}
	return copy_guest(v, dst, gva, len, false);
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	paddr_t pa;

	/* Fast path (hypercall results): one page, writable through both stages. */
	if (len <= PAGE_SIZE - (gva & (PAGE_SIZE - 1)) &&
	    ((struct pcpu *)READ_SYSREG(tpidr_el2))->current == v &&
	    !at_translate(gva, AT_S12_WRITE, &pa)) {
		memcpy(pa_to_va(pa), src, len);
		return 0;
	}
	return copy_guest(v, (void *)(uintptr_t)src, gva, len, true);
}
