/* SPDX-License-Identifier: MIT */
/*
 * Host fake of the stage-2 TLB hooks (asm/stage2.h): no TLB, just counters
 * so unit tests can check that break-before-make flushed what it must.
 */
#include "../arm64/include/asm/stage2.h"

unsigned long fake_s2_flush_ipa_count;
unsigned long fake_s2_flush_vmid_count;
unsigned long fake_s2_sync_count;
uint16_t fake_s2_last_vmid;
ipa_t fake_s2_last_ipa;

void arch_s2_tlb_flush_ipa(uint16_t vmid, ipa_t ipa)
{
	fake_s2_flush_ipa_count++;
	fake_s2_last_vmid = vmid;
	fake_s2_last_ipa = ipa;
}

void arch_s2_tlb_flush_vmid(uint16_t vmid)
{
	fake_s2_flush_vmid_count++;
	fake_s2_last_vmid = vmid;
}

void arch_s2_sync(void)
{
	fake_s2_sync_count++;
}
