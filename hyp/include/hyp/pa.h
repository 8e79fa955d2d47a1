/* SPDX-License-Identifier: MIT */
/*
 * Conversion between host-physical addresses and hypervisor pointers.
 *
 * The hypervisor maps all RAM 1:1 at EL2 (VA == PA), so in the real build
 * both directions are the identity. Host unit tests (HOST_TEST) back a fake
 * "physical" range, e.g. RAM at 0x40000000, with a malloc'd page-aligned
 * arena and set fake_phys_offset = arena - fake_base; every access to
 * "physical" memory then goes through these two functions.
 */
#ifndef HYP_PA_H
#define HYP_PA_H

#include <hyp/types.h>

#ifdef HOST_TEST
extern uintptr_t fake_phys_offset;

static inline void *pa_to_va(paddr_t pa)
{
	return (void *)(uintptr_t)(pa + fake_phys_offset);
}

static inline paddr_t va_to_pa(const void *va)
{
	return (paddr_t)((uintptr_t)va - fake_phys_offset);
}
#else
static inline void *pa_to_va(paddr_t pa)
{
	return (void *)(uintptr_t)pa;
}

static inline paddr_t va_to_pa(const void *va)
{
	return (paddr_t)(uintptr_t)va;
}
#endif

#endif
