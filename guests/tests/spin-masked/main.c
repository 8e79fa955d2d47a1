/* SPDX-License-Identifier: MIT */
/*
 * spin-masked: a domain that hogs its vCPU in a tight loop with every
 * interrupt masked (DAIF), never exiting on its own. Used by the debug-key
 * system test: the hypervisor must still answer every debug key, because
 * physical interrupts always reach EL2 whatever the guest masks. Never
 * reports a result; the test stops QEMU.
 */
#include <guest.h>

void test_main(void)
{
	guest_printf("spin-masked: spinning with interrupts masked\n");
	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	for (;;)
		__asm__ volatile("" ::: "memory");
}
