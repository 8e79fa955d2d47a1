/* SPDX-License-Identifier: MIT */
/*
 * isolation-bad: the misbehaving half of the isolation test (runner config
 * tests/guest/isolation.toml boots it as d1 next to isolation-good). It
 * writes to an IPA outside its 64 MiB of RAM at 0x40000000 and outside every
 * emulated device. The hypervisor must stop it (report a stage-2 fault and
 * destroy the domain) without disturbing the other domain; the runner
 * config expects the hypervisor's report. If the write completes, that is a
 * FAILURE. If an abort is injected into this guest instead (what Xen does),
 * the write did not get through either: it reports SUCCESS with the syndrome,
 * and the runner's expectations decide whether that policy is acceptable.
 */
#include <guest.h>
#include <mmio.h>

#define BAD_IPA 0x80000000UL

static bool abort_injected(struct exc_frame *f)
{
	if (ESR_EC(f->esr) != ESR_EC_DABT_CUR || f->far != BAD_IPA)
		return false; /* not our access: reported as unexpected */
	test_result(SUCCESS, "write to %#lx faulted: data abort injected, ESR %#lx",
		    BAD_IPA, (unsigned long)f->esr);
}

void test_main(void)
{
	exc_set_fault_handler(abort_injected);
	guest_printf("isolation-bad: touching %#lx\n", BAD_IPA);
	mmio_write32(BAD_IPA, 0xdeadbeef);
	test_fail("write to %#lx (outside RAM and devices) completed without a fault",
		  BAD_IPA);
}
