/* SPDX-License-Identifier: MIT */
/*
 * crash-wild: a guest that dereferences a wild pointer, for the crash-report
 * acceptance test (tests/system/diag-dom0.toml). The load sits at the
 * global label crash_wild_insn, so the test takes the faulting PC from this
 * guest's ELF symbol table; the address (CRASH_WILD_ADDR) is outside the
 * domain's RAM and every emulated device, so the access ends at EL2 as a
 * stage-2 data abort the hypervisor cannot resolve: a crash report, and
 * with on_crash=preserve a paused domain that dom0 can inspect. No abort is
 * expected back; if one is injected or the load completes, that is reported.
 */
#include <guest.h>

#define CRASH_WILD_ADDR 0x0badd008UL

void test_main(void)
{
	uint64_t val;

	guest_printf("crash-wild: dereferencing the wild pointer %#lx\n", CRASH_WILD_ADDR);
	__asm__ volatile(".global crash_wild_insn\n"
			 "crash_wild_insn:\n\t"
			 "ldr %0, [%1]"
			 : "=r"(val)
			 : "r"(CRASH_WILD_ADDR)
			 : "memory");
	test_fail("the load from %#lx completed (value %#lx) instead of crashing the domain",
		  CRASH_WILD_ADDR, (unsigned long)val);
}
