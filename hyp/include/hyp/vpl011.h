/* SPDX-License-Identifier: MIT */
/*
 * vPL011: the emulated SBSA generic UART (a PL011 subset) that Xen gives
 * dom0less domUs ("vpl011"), see docs xen-abi-arm64.md §7.2. The device is
 * arch-neutral: the caller decodes the trapped access, passes the offset into
 * the 4 KiB frame, and injects a data abort when vpl011_mmio() fails.
 *
 * Invariants: the TX side never fills (every byte is handed to the tx
 * callback at once), so FR.TXFE is always set and RIS.TXI is set at reset and
 * after every TX write. The RX FIFO holds at most VPL011_RX_FIFO_SIZE bytes;
 * RIS.RXI and RIS.RTI are set while it is non-empty and cleared when it drains
 * (or by ICR). The interrupt line is (RIS & IMSC) != 0.
 *
 * Locking: `lock` guards the registers and FIFO. Callbacks are never called
 * with `lock` held. `irq_lock` (taken before `lock`) serialises level reports
 * so that set_irq() calls reach the interrupt controller in the order the
 * state changed and the last one always matches the current state.
 */
#ifndef HYP_VPL011_H
#define HYP_VPL011_H

#include <hyp/spinlock.h>
#include <hyp/types.h>

/* Guest placement used by Xen for dom0less domUs (GUEST_PL011_BASE/SPI). */
#define VPL011_GUEST_BASE 0x22000000UL
#define VPL011_GUEST_SIZE 0x1000UL
#define VPL011_GUEST_SPI 32

#define VPL011_RX_FIFO_SIZE 32

/* Register offsets (PL011 TRM, SBSA generic UART). */
#define VPL011_DR 0x00
#define VPL011_RSR 0x04 /* RSR on read, ECR on write */
#define VPL011_FR 0x18
#define VPL011_IBRD 0x24
#define VPL011_FBRD 0x28
#define VPL011_LCR_H 0x2C
#define VPL011_CR 0x30
#define VPL011_IFLS 0x34
#define VPL011_IMSC 0x38
#define VPL011_RIS 0x3C
#define VPL011_MIS 0x40
#define VPL011_ICR 0x44
#define VPL011_PERIPHID0 0xFE0
#define VPL011_CELLID3 0xFFC

/* FR bits. */
#define VPL011_FR_BUSY (1U << 3)
#define VPL011_FR_RXFE (1U << 4)
#define VPL011_FR_TXFF (1U << 5)
#define VPL011_FR_RXFF (1U << 6)
#define VPL011_FR_TXFE (1U << 7)

/* RIS/MIS/IMSC/ICR bits. */
#define VPL011_INT_RX (1U << 4)
#define VPL011_INT_TX (1U << 5)
#define VPL011_INT_RT (1U << 6)
#define VPL011_INT_ALL 0x7FFU /* bits 0..10 exist in the PL011 */

typedef void (*vpl011_tx_fn)(void *opaque, uint8_t ch);
typedef void (*vpl011_set_irq_fn)(void *opaque, bool level);

/** One emulated UART. Fields after the locks are private to vpl011.c. */
struct vpl011 {
	spinlock_t lock;
	spinlock_t irq_lock;
	uint8_t rx_fifo[VPL011_RX_FIFO_SIZE];
	unsigned int rx_head;  /* index of the oldest byte */
	unsigned int rx_count; /* bytes in the FIFO */
	uint64_t rx_dropped;   /* bytes refused because the FIFO was full */
	uint32_t ris;
	uint32_t imsc;
	/* Plain storage: Linux may program them, the emulation ignores them. */
	uint32_t ibrd, fbrd, lcr_h, cr, ifls;
	bool irq_reported; /* last level passed to set_irq, under irq_lock */
	vpl011_tx_fn tx;
	vpl011_set_irq_fn set_irq;
	void *opaque;
};

/**
 * Reset @u: empty RX FIFO, TXI set, all interrupts masked (line low).
 * @tx receives every byte the guest writes to DR; @set_irq is told the
 * interrupt line level whenever it changes. Either may be NULL.
 */
void vpl011_init(struct vpl011 *u, vpl011_tx_fn tx, vpl011_set_irq_fn set_irq, void *opaque);

/**
 * Emulate one guest access of @size bytes (1, 2 or 4) at @offset into the
 * UART frame. Reads store the zero-extended value in *@val; writes take it
 * from *@val. Returns 0, or -EINVAL for a 64-bit/odd-sized access, an access
 * crossing a 32-bit register, or an offset that is not a register (the caller
 * then injects a data abort).
 */
int vpl011_mmio(struct vpl011 *u, uint64_t offset, bool is_write, uint64_t *val, unsigned size);

/**
 * Queue console input for the guest. Returns the number of bytes accepted;
 * the rest (FIFO full) is dropped and counted in rx_dropped.
 */
int vpl011_rx(struct vpl011 *u, const uint8_t *buf, size_t len);

/** Current interrupt line level, for an interrupt controller that resamples. */
bool vpl011_irq_level(struct vpl011 *u);

#endif
