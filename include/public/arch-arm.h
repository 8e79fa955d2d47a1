/* SPDX-License-Identifier: MIT */
/*
 * The Arm part of the Xen 4.17 guest ABI, as seen by a 64-bit guest
 * (Xen public arch-arm.h; docs xen-abi-arm64.md sections 1, 2.2, 8.2).
 *
 * - Hypercalls are `HVC #XEN_HYPERCALL_TAG`, number in x16, arguments in
 *   x0..x4, result in x0.
 * - Guest handles (pointers inside hypercall structures) are always 8 bytes
 *   and 8-aligned. Here a handle is a one-member struct holding the raw
 *   64-bit guest virtual address, so that its layout is the same whether the
 *   header is compiled for the hypervisor, an arm64 dom0 tool or an x86_64
 *   host test, and so that handles of different pointee types do not mix.
 * - xen_pfn_t and xen_ulong_t are 64 bits.
 * - The fixed guest memory map and interrupt numbers are what Xen's tools
 *   use for the guests they build; guests themselves must read the device
 *   tree instead.
 *
 * Not carried over from Xen: the AArch32 register aliases of
 * vcpu_guest_core_regs (hospes only runs 64-bit guests) and the empty
 * arch_vcpu_info / arch_shared_info structs (size 0 on Arm, so leaving them
 * out changes no offset).
 */
#ifndef XEN_PUBLIC_ARCH_ARM_H
#define XEN_PUBLIC_ARCH_ARM_H

#include "abi_check.h"
#include "device_tree_defs.h"

/* ESR_EL2.ISS of the HVC that makes a Xen hypercall */
#define XEN_HYPERCALL_TAG 0xEA1

#ifndef __ASSEMBLY__
#include <stdint.h>

/* ------------------------------------------------------------ guest handles */

/*
 * DEFINE_XEN_GUEST_HANDLE(foo) declares the handle type used by
 * XEN_GUEST_HANDLE(foo) fields. `q` holds the guest virtual address of the
 * first element (0 = NULL).
 */
#define DEFINE_XEN_GUEST_HANDLE(name)                                          \
	typedef struct {                                                       \
		uint64_t q;                                                    \
	} xen_guest_handle_##name##_t
#define XEN_GUEST_HANDLE(name) xen_guest_handle_##name##_t
/* Xen distinguishes "always 64-bit" handles for the tools; on arm64 they are the same */
#define XEN_GUEST_HANDLE_64(name) XEN_GUEST_HANDLE(name)

/* Store a pointer (tools side) or a raw guest address into a handle */
#define set_xen_guest_handle(hnd, ptr) ((hnd).q = (uint64_t)(uintptr_t)(ptr))
#define set_xen_guest_handle_raw(hnd, addr) ((hnd).q = (uint64_t)(addr))
/* The guest virtual address held by a handle */
#define xen_guest_handle_addr(hnd) ((hnd).q)
#define xen_guest_handle_is_null(hnd) ((hnd).q == 0)

/* ------------------------------------------------------------- basic types */

typedef uint64_t xen_pfn_t;   /* guest frame number (IPA >> 12) */
typedef uint64_t xen_ulong_t; /* Xen's "unsigned long" in structures */

#endif /* !__ASSEMBLY__ */

/* shared_info holds the vcpu_info of vCPU 0 only */
#define XEN_LEGACY_MAX_VCPUS 1

#ifndef __ASSEMBLY__

/* ------------------------------------------------------------ vCPU context */

/**
 * struct vcpu_guest_core_regs - general-purpose state of a 64-bit vCPU, as
 * passed by XEN_DOMCTL_setvcpucontext / getvcpucontext. The spsr_{fiq,irq,
 * und,abt} words belong to AArch32 guests and are kept for layout only.
 */
struct vcpu_guest_core_regs {
	uint64_t x0, x1, x2, x3, x4, x5, x6, x7;
	uint64_t x8, x9, x10, x11, x12, x13, x14, x15;
	uint64_t x16, x17, x18, x19, x20, x21, x22, x23;
	uint64_t x24, x25, x26, x27, x28, x29, x30;
	uint64_t pc64;     /* ELR_EL2: where the vCPU resumes */
	uint64_t cpsr;     /* SPSR_EL2: PSTATE on resume */
	uint64_t spsr_el1;
	uint32_t spsr_fiq, spsr_irq, spsr_und, spsr_abt;
	uint64_t sp_el0;
	uint64_t sp_el1;
	uint64_t elr_el1;
};
typedef struct vcpu_guest_core_regs vcpu_guest_core_regs_t;
XEN_CHECK_SIZE(struct vcpu_guest_core_regs, 312);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x0, 0);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x1, 8);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x2, 16);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x3, 24);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x4, 32);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x5, 40);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x6, 48);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x7, 56);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x8, 64);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x9, 72);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x10, 80);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x11, 88);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x12, 96);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x13, 104);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x14, 112);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x15, 120);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x16, 128);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x17, 136);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x18, 144);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x19, 152);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x20, 160);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x21, 168);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x22, 176);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x23, 184);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x24, 192);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x25, 200);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x26, 208);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x27, 216);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x28, 224);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x29, 232);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, x30, 240);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, pc64, 248);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, cpsr, 256);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, spsr_el1, 264);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, spsr_fiq, 272);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, spsr_irq, 276);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, spsr_und, 280);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, spsr_abt, 284);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, sp_el0, 288);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, sp_el1, 296);
XEN_CHECK_OFFSET(struct vcpu_guest_core_regs, elr_el1, 304);

/**
 * struct vcpu_guest_context - initial/saved state of one vCPU
 * (XEN_DOMCTL_setvcpucontext). Everything not listed (FP/SIMD, timers, GIC)
 * starts at its reset value.
 */
struct vcpu_guest_context {
	uint32_t flags; /* VGCF_* */
	struct vcpu_guest_core_regs user_regs;
	uint64_t sctlr; /* SCTLR_EL1 */
	uint64_t ttbcr; /* TCR_EL1 */
	uint64_t ttbr0; /* TTBR0_EL1 */
	uint64_t ttbr1; /* TTBR1_EL1 */
};
typedef struct vcpu_guest_context vcpu_guest_context_t;
DEFINE_XEN_GUEST_HANDLE(vcpu_guest_context_t);
XEN_CHECK_SIZE(struct vcpu_guest_context, 352);
XEN_CHECK_OFFSET(struct vcpu_guest_context, flags, 0);
XEN_CHECK_OFFSET(struct vcpu_guest_context, user_regs, 8);
XEN_CHECK_OFFSET(struct vcpu_guest_context, sctlr, 320);
XEN_CHECK_OFFSET(struct vcpu_guest_context, ttbcr, 328);
XEN_CHECK_OFFSET(struct vcpu_guest_context, ttbr0, 336);
XEN_CHECK_OFFSET(struct vcpu_guest_context, ttbr1, 344);

#endif /* !__ASSEMBLY__ */

#define _VGCF_online 0
#define VGCF_online (1U << _VGCF_online) /* vCPU starts running when unpaused */

/* ---------------------------------------------- domain creation (arch part) */

/* xen_arch_domainconfig.gic_version (IN: 0 = same as host; OUT: 1 or 2) */
#define XEN_DOMCTL_CONFIG_GIC_NATIVE 0
#define XEN_DOMCTL_CONFIG_GIC_V2 1
#define XEN_DOMCTL_CONFIG_GIC_V3 2

/* xen_arch_domainconfig.tee_type */
#define XEN_DOMCTL_CONFIG_TEE_NONE 0
#define XEN_DOMCTL_CONFIG_TEE_OPTEE 1

#ifndef __ASSEMBLY__
/**
 * struct xen_arch_domainconfig - Arm part of XEN_DOMCTL_createdomain (and
 * echoed by XEN_DOMCTL_getdomaininfo). gic_version is IN/OUT: the
 * hypervisor replaces "native" by the version it actually emulates.
 * clock_frequency is OUT: the host timer's DT clock-frequency, 0 if absent.
 */
struct xen_arch_domainconfig {
	uint8_t gic_version;
	uint8_t pad0; /* implicit in Xen */
	uint16_t tee_type;
	uint32_t nr_spis;
	uint32_t clock_frequency;
};
XEN_CHECK_SIZE(struct xen_arch_domainconfig, 12);
XEN_CHECK_OFFSET(struct xen_arch_domainconfig, gic_version, 0);
XEN_CHECK_OFFSET(struct xen_arch_domainconfig, tee_type, 2);
XEN_CHECK_OFFSET(struct xen_arch_domainconfig, nr_spis, 4);
XEN_CHECK_OFFSET(struct xen_arch_domainconfig, clock_frequency, 8);

typedef uint64_t xen_callback_t;
#endif /* !__ASSEMBLY__ */

/* --------------------------------------------- initial vCPU state (boot) */

#define PSR_THUMB (1U << 5)
#define PSR_FIQ_MASK (1U << 6)
#define PSR_IRQ_MASK (1U << 7)
#define PSR_ABT_MASK (1U << 8)
#define PSR_DBG_MASK (1U << 9)
#define PSR_MODE_BIT 0x10 /* set in PSTATE.M for AArch32 modes */
#define PSR_MODE_EL0t 0x00
#define PSR_MODE_EL1t 0x04
#define PSR_MODE_EL1h 0x05
#define PSR_MODE_EL2t 0x08
#define PSR_MODE_EL2h 0x09
#define PSR_MODE_EL3t 0x0c
#define PSR_MODE_EL3h 0x0d

/* PSTATE of a 64-bit guest's boot vCPU: EL1h, A/I/F masked, D unmasked (0x1c5) */
#define PSR_GUEST64_INIT (PSR_ABT_MASK | PSR_FIQ_MASK | PSR_IRQ_MASK | PSR_MODE_EL1h)
/* SCTLR_EL1 at boot: MMU and caches off, RES1 bits set */
#define SCTLR_GUEST_INIT XEN_MK_U64(0x00c50078)

/* Legacy PSCI 0.1 function ids written into the guest DT /psci node */
#define PSCI_cpu_suspend 0
#define PSCI_cpu_off 1
#define PSCI_cpu_on 2
#define PSCI_migrate 3

/* ------------------------------------------------------ guest memory map */

#define GUEST_VIRTIO_MMIO_BASE XEN_MK_U64(0x02000000)
#define GUEST_VIRTIO_MMIO_SIZE XEN_MK_U64(0x00100000)

/* GICv2 guest interface */
#define GUEST_GICD_BASE XEN_MK_U64(0x03001000)
#define GUEST_GICD_SIZE XEN_MK_U64(0x00001000)
#define GUEST_GICC_BASE XEN_MK_U64(0x03002000)
#define GUEST_GICC_SIZE XEN_MK_U64(0x00002000)

/* GICv3 guest interface: one redistributor region, 2 x 64 KiB per vCPU */
#define GUEST_GICV3_GICD_BASE XEN_MK_U64(0x03001000)
#define GUEST_GICV3_GICD_SIZE XEN_MK_U64(0x00010000)
#define GUEST_GICV3_RDIST_REGIONS 1
#define GUEST_GICV3_GICR0_BASE XEN_MK_U64(0x03020000) /* vCPU 0..127 */
#define GUEST_GICV3_GICR0_SIZE XEN_MK_U64(0x01000000)

#define GUEST_VPCI_ECAM_BASE XEN_MK_U64(0x10000000)
#define GUEST_VPCI_ECAM_SIZE XEN_MK_U64(0x10000000)

#define GUEST_ACPI_BASE XEN_MK_U64(0x20000000)
#define GUEST_ACPI_SIZE XEN_MK_U64(0x02000000)

/* Emulated SBSA UART (vpl011) */
#define GUEST_PL011_BASE XEN_MK_U64(0x22000000)
#define GUEST_PL011_SIZE XEN_MK_U64(0x00001000)

/* PCI address-space codes of the vPCI "ranges" property, and the windows */
#define GUEST_VPCI_ADDR_TYPE_MEM XEN_MK_U64(0x02000000)
#define GUEST_VPCI_MEM_ADDR XEN_MK_U64(0x23000000)
#define GUEST_VPCI_MEM_SIZE XEN_MK_U64(0x10000000)
#define GUEST_VPCI_ADDR_TYPE_PREFETCH_MEM XEN_MK_U64(0x42000000)
#define GUEST_VPCI_PREFETCH_MEM_ADDR XEN_MK_U64(0x100000000)
#define GUEST_VPCI_PREFETCH_MEM_SIZE XEN_MK_U64(0x100000000)

/* Grant-table frame window advertised as /hypervisor reg[0] (4096 frames) */
#define GUEST_GNTTAB_BASE XEN_MK_U64(0x38000000)
#define GUEST_GNTTAB_SIZE XEN_MK_U64(0x01000000)

/* Toolstack "magic" pages: console ring, xenstore ring, ... (GFN 0x39000+) */
#define GUEST_MAGIC_BASE XEN_MK_U64(0x39000000)
#define GUEST_MAGIC_SIZE XEN_MK_U64(0x01000000)

/* Guest RAM: up to 3 GiB at 1 GiB, the rest (up to 1016 GiB) at 8 GiB */
#define GUEST_RAM_BANKS 2
#define GUEST_RAM0_BASE XEN_MK_U64(0x40000000)
#define GUEST_RAM0_SIZE XEN_MK_U64(0xc0000000)
#define GUEST_RAM1_BASE XEN_MK_U64(0x0200000000)
#define GUEST_RAM1_SIZE XEN_MK_U64(0xfe00000000)
#define GUEST_RAM_BASE GUEST_RAM0_BASE
#define GUEST_RAM_MAX (GUEST_RAM0_SIZE + GUEST_RAM1_SIZE)
#define GUEST_RAM_BANK_BASES { GUEST_RAM0_BASE, GUEST_RAM1_BASE }
#define GUEST_RAM_BANK_SIZES { GUEST_RAM0_SIZE, GUEST_RAM1_SIZE }

#define GUEST_MAX_VCPUS 128

/* Interrupt ids (GIC INTIDs) */
#define GUEST_TIMER_VIRT_PPI 27
#define GUEST_TIMER_PHYS_S_PPI 29
#define GUEST_TIMER_PHYS_NS_PPI 30
#define GUEST_EVTCHN_PPI 31 /* event-channel upcall of domUs */
#define GUEST_VPL011_SPI 32
#define GUEST_VIRTIO_MMIO_SPI_FIRST 33
#define GUEST_VIRTIO_MMIO_SPI_LAST 43

#endif /* XEN_PUBLIC_ARCH_ARM_H */
