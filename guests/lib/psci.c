/* SPDX-License-Identifier: MIT */
/*
 * SMCCC conduit for the micro-guests (see psci.h).
 */
#include <psci.h>

uint64_t smccc_hvc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return x0;
}

int32_t psci_cpu_off(void)
{
	return psci_call(PSCI_0_2_FN_CPU_OFF, 0, 0, 0);
}

int32_t psci_system_off(void)
{
	return psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}
