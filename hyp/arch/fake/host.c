/* SPDX-License-Identifier: MIT */
/*
 * Fake arch for host unit tests: the few hooks the portable core needs,
 * implemented with ordinary host code. Linked into unit tests only.
 */
#include <hyp/pa.h>
#include <hyp/spinlock.h>

void arch_cpu_relax(void)
{
}

int fake_cpu_id;

int arch_this_cpu_id(void)
{
	return fake_cpu_id;
}

/*
 * Host tests back fake "physical" memory with a malloc'd arena: pa_to_va()
 * adds this offset (hyp/include/hyp/pa.h). Tests set it.
 */
uintptr_t fake_phys_offset;
