/* SPDX-License-Identifier: MIT */
/*
 * Guest-physical memory map the micro-guests assume: Xen's fixed guest layout
 * (Xen public arch-arm.h, docs/xen-abi-arm64.md §2.2). Every address can be
 * overridden on the command line so the same tests also run on bare QEMU
 * `virt` at EL1 (make guests-bare), which checks the framework itself.
 */
#ifndef GUEST_PLATFORM_H
#define GUEST_PLATFORM_H

#ifdef __ASSEMBLY__
#define GUEST_UL(x) x
#else
#define GUEST_UL(x) x##UL
#endif

#ifndef GUEST_RAM_BASE
#define GUEST_RAM_BASE GUEST_UL(0x40000000)
#endif
#ifndef GUEST_GICD_BASE
#define GUEST_GICD_BASE GUEST_UL(0x03001000) /* GUEST_GICV3_GICD_BASE */
#endif
#ifndef GUEST_GICR_BASE
#define GUEST_GICR_BASE GUEST_UL(0x03020000) /* GUEST_GICV3_GICR0_BASE */
#endif
#ifndef GUEST_UART_BASE
#define GUEST_UART_BASE GUEST_UL(0x22000000) /* GUEST_PL011_BASE (vpl011) */
#endif

#define GUEST_GICR_STRIDE GUEST_UL(0x20000) /* RD_base + SGI_base frames, 64 KiB each */
#define GUEST_TIMER_VIRT_PPI 27
#define GUEST_VPL011_SPI 32

/* Per-vCPU stacks in BSS; vCPUs with a higher linear id are parked. */
#define GUEST_MAX_CPUS 8
#define GUEST_STACK_SIZE 0x4000

#endif
