/* SPDX-License-Identifier: MIT */
/*
 * Guest virtual address access (see guest_access.h). Must run on the pCPU
 * where @v is loaded (true for hypercalls and traps: it is the current
 * vCPU), because AT S12E1* walks the live EL1 and stage-2 registers. The
 * guest's PAR_EL1 is preserved.
 */
#include <asm/entry.h>
#include <asm/sysregs.h>
#include <hyp/domain.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/pa.h>
#include <hyp/percpu.h>
#include <lib/string.h>

int guest_va_to_pa(struct vcpu *v, uint64_t gva, bool write, paddr_t *pa)
{
	uint64_t saved, par;

	if (this_pcpu()->current != v)
		return -EFAULT;
	saved = READ_SYSREG(par_el1);
	if (write)
		__asm__ volatile("at s12e1w, %0" ::"r"(gva) : "memory");
	else
		__asm__ volatile("at s12e1r, %0" ::"r"(gva) : "memory");
	isb();
	par = READ_SYSREG(par_el1);
	WRITE_SYSREG(saved, par_el1);
	if (par & 1)
		return -EFAULT;
	*pa = (par & 0x0000fffffffff000UL) | (gva & 0xfff);
	/* Only RAM pages are reachable through stage 2 (emulated devices are
	 * unmapped), so the result is memory the domain may access. */
	return 0;
}

static int copy_guest(struct vcpu *v, void *buf, uint64_t gva, size_t len, bool to_guest)
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
	return copy_guest(v, dst, gva, len, false);
}

int copy_to_guest(struct vcpu *v, uint64_t gva, const void *src, size_t len)
{
	return copy_guest(v, (void *)(uintptr_t)src, gva, len, true);
}
