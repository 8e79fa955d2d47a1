/* SPDX-License-Identifier: MIT */
/*
 * Stage-2 TLB maintenance on AArch64 (the arch_s2_* hooks of asm/stage2.h).
 *
 * TLBI IPAS2E1IS / VMALLE1IS / VMALLS12E1IS act on the VMID currently in
 * VTTBR_EL2 (Arm ARM D8.13 and the TLBI instruction descriptions), so to
 * invalidate another guest's entries we load its VMID into VTTBR_EL2 for
 * the duration, with interrupts masked so nothing else at EL2 runs with
 * the borrowed VTTBR. BADDR is left 0 in the borrowed value: at EL2 the
 * EL1&0 stage-2 walker is not used by this CPU while we hold it.
 * Invalidation by IPA does not remove combined stage 1+2 entries, hence the
 * additional VMALLE1IS (same sequence as Arm ARM "TLB maintenance
 * requirements ... stage 2").
 */
#include <asm/stage2.h>

static uint64_t s2_switch_vmid(uint16_t vmid, uint64_t *daif)
{
	uint64_t old;

	__asm__ volatile("mrs %0, daif" : "=r"(*daif));
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	__asm__ volatile("mrs %0, vttbr_el2" : "=r"(old));
	if ((old >> VTTBR_VMID_SHIFT) != vmid) {
		__asm__ volatile("msr vttbr_el2, %0\n\tisb"
				 :
				 : "r"((uint64_t)vmid << VTTBR_VMID_SHIFT)
				 : "memory");
	}
	return old;
}

static void s2_restore_vmid(uint16_t vmid, uint64_t old, uint64_t daif)
{
	if ((old >> VTTBR_VMID_SHIFT) != vmid)
		__asm__ volatile("msr vttbr_el2, %0\n\tisb" : : "r"(old) : "memory");
	__asm__ volatile("msr daif, %0" : : "r"(daif) : "memory");
}

/** Invalidate stage-2 and combined entries for one IPA of vmid. */
void arch_s2_tlb_flush_ipa(uint16_t vmid, ipa_t ipa)
{
	uint64_t daif, old = s2_switch_vmid(vmid, &daif);

	__asm__ volatile("dsb ishst\n\t"
			 "tlbi ipas2e1is, %0\n\t"
			 "dsb ish\n\t"
			 "tlbi vmalle1is\n\t"
			 "dsb ish\n\t"
			 "isb"
			 :
			 : "r"(ipa >> 12)
			 : "memory");
	s2_restore_vmid(vmid, old, daif);
}

/** Invalidate every stage-1 and stage-2 entry of vmid. */
void arch_s2_tlb_flush_vmid(uint16_t vmid)
{
	uint64_t daif, old = s2_switch_vmid(vmid, &daif);

	__asm__ volatile("dsb ishst\n\t"
			 "tlbi vmalls12e1is\n\t"
			 "dsb ish\n\t"
			 "isb"
			 :
			 :
			 : "memory");
	s2_restore_vmid(vmid, old, daif);
}

/** Make descriptor writes visible to the table walkers. */
void arch_s2_sync(void)
{
	__asm__ volatile("dsb ishst" ::: "memory");
}
