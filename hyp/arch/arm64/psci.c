/* SPDX-License-Identifier: MIT */
/*
 * Calls from the hypervisor to the platform's PSCI firmware (conduit from the
 * device tree's /psci method: "smc" or "hvc"), used to start secondary CPUs
 * and to power the machine off or reset it. PSCI: Arm DEN0022.
 */
#include <asm/psci.h>
#include <hyp/types.h>

static bool use_hvc;

void psci_set_conduit(bool hvc)
{
	use_hvc = hvc;
}

int64_t psci_call(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (use_hvc)
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

const char *psci_error_name(int64_t err)
{
	switch (err) {
	case PSCI_SUCCESS: return "SUCCESS";
	case PSCI_NOT_SUPPORTED: return "NOT_SUPPORTED";
	case PSCI_INVALID_PARAMETERS: return "INVALID_PARAMETERS";
	case PSCI_DENIED: return "DENIED";
	case PSCI_ALREADY_ON: return "ALREADY_ON";
	case PSCI_ON_PENDING: return "ON_PENDING";
	case PSCI_INTERNAL_FAILURE: return "INTERNAL_FAILURE";
	case PSCI_NOT_PRESENT: return "NOT_PRESENT";
	case PSCI_DISABLED: return "DISABLED";
	case PSCI_INVALID_ADDRESS: return "INVALID_ADDRESS";
	default: return "unknown error";
	}
}
