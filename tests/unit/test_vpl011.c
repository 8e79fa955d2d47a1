/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the emulated SBSA/PL011 UART: register semantics, FIFO
 * limits, interrupt status and the level reported through set_irq().
 */
#include <hyp/errno.h>
#include <hyp/vpl011.h>

#include "unit.h"

struct harness {
	struct vpl011 u;
	uint8_t tx[256];
	int tx_count;
	bool level;
	int irq_calls;
	int raises;
	int lowers;
};

static void h_tx(void *opaque, uint8_t ch)
{
	struct harness *h = opaque;

	/* Callbacks must run without the UART lock held. */
	CHECK(!spin_is_locked(&h->u.lock));
	h->tx[h->tx_count++] = ch;
}

static void h_irq(void *opaque, bool level)
{
	struct harness *h = opaque;

	CHECK(!spin_is_locked(&h->u.lock));
	h->level = level;
	h->irq_calls++;
	if (level)
		h->raises++;
	else
		h->lowers++;
}

static void setup(struct harness *h)
{
	memset(h, 0, sizeof(*h));
	vpl011_init(&h->u, h_tx, h_irq, h);
}

static uint32_t rd(struct harness *h, uint64_t off)
{
	uint64_t v = 0xDEADBEEFDEADBEEFULL;

	CHECK_EQ(vpl011_mmio(&h->u, off, false, &v, 4), 0);
	return (uint32_t)v;
}

static void wr(struct harness *h, uint64_t off, uint32_t val)
{
	uint64_t v = val;

	CHECK_EQ(vpl011_mmio(&h->u, off, true, &v, 4), 0);
}

UNIT_TEST(reset_state)
{
	struct harness h;

	setup(&h);
	CHECK_EQ(rd(&h, VPL011_FR), VPL011_FR_TXFE | VPL011_FR_RXFE);
	CHECK_EQ(rd(&h, VPL011_RIS), VPL011_INT_TX);
	CHECK_EQ(rd(&h, VPL011_IMSC), 0);
	CHECK_EQ(rd(&h, VPL011_MIS), 0);
	CHECK_EQ(rd(&h, VPL011_RSR), 0);
	CHECK_EQ(h.irq_calls, 0);
	CHECK(!vpl011_irq_level(&h.u));
}

UNIT_TEST(tx_goes_to_callback_and_sets_txi)
{
	struct harness h;

	setup(&h);
	wr(&h, VPL011_ICR, VPL011_INT_TX);
	CHECK_EQ(rd(&h, VPL011_RIS), 0);
	wr(&h, VPL011_DR, 'h');
	wr(&h, VPL011_DR, 0x169); /* only the low byte is data */
	CHECK_EQ(h.tx_count, 2);
	CHECK_EQ(h.tx[0], 'h');
	CHECK_EQ(h.tx[1], 0x69);
	/* FIFO drains instantly: TX empty, never full, not busy, TXI raised again. */
	CHECK_EQ(rd(&h, VPL011_FR) & (VPL011_FR_TXFE | VPL011_FR_TXFF | VPL011_FR_BUSY),
		 VPL011_FR_TXFE);
	CHECK_EQ(rd(&h, VPL011_RIS), VPL011_INT_TX);
}

UNIT_TEST(tx_byte_and_halfword_access)
{
	struct harness h;
	uint64_t v = 'x';

	setup(&h);
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_DR, true, &v, 1), 0);
	v = 'y';
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_DR, true, &v, 2), 0);
	CHECK_EQ(h.tx_count, 2);
	CHECK_EQ(h.tx[0], 'x');
	CHECK_EQ(h.tx[1], 'y');
	/* Byte read of FR (Linux earlycon does this). */
	v = 0;
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_FR, false, &v, 1), 0);
	CHECK_EQ(v, VPL011_FR_TXFE | VPL011_FR_RXFE);
}

UNIT_TEST(rx_fifo_and_flags)
{
	struct harness h;
	const uint8_t in[] = { 'a', 'b', 'c' };

	setup(&h);
	CHECK_EQ(vpl011_rx(&h.u, in, sizeof(in)), 3);
	CHECK_EQ(rd(&h, VPL011_FR) & (VPL011_FR_RXFE | VPL011_FR_RXFF), 0);
	CHECK_EQ(rd(&h, VPL011_RIS) & (VPL011_INT_RX | VPL011_INT_RT),
		 VPL011_INT_RX | VPL011_INT_RT);
	CHECK_EQ(rd(&h, VPL011_DR), 'a');
	CHECK_EQ(rd(&h, VPL011_DR), 'b');
	CHECK_EQ(rd(&h, VPL011_RIS) & VPL011_INT_RX, VPL011_INT_RX);
	CHECK_EQ(rd(&h, VPL011_DR), 'c');
	CHECK_EQ(rd(&h, VPL011_FR) & VPL011_FR_RXFE, VPL011_FR_RXFE);
	CHECK_EQ(rd(&h, VPL011_RIS) & (VPL011_INT_RX | VPL011_INT_RT), 0);
	/* Empty FIFO reads as 0 and stays empty. */
	CHECK_EQ(rd(&h, VPL011_DR), 0);
	CHECK_EQ(rd(&h, VPL011_FR) & VPL011_FR_RXFE, VPL011_FR_RXFE);
}

UNIT_TEST(rx_overflow_drops_and_counts)
{
	struct harness h;
	uint8_t in[40];
	int i;

	setup(&h);
	for (i = 0; i < 40; i++)
		in[i] = (uint8_t)('A' + i);
	CHECK_EQ(vpl011_rx(&h.u, in, 30), 30);
	CHECK_EQ(vpl011_rx(&h.u, in + 30, 10), 2);
	CHECK_EQ(h.u.rx_dropped, 8);
	CHECK_EQ(rd(&h, VPL011_FR) & VPL011_FR_RXFF, VPL011_FR_RXFF);
	CHECK_EQ(vpl011_rx(&h.u, in, 1), 0);
	CHECK_EQ(h.u.rx_dropped, 9);
	/* Order preserved across the ring wrap, after a pop makes room. */
	CHECK_EQ(rd(&h, VPL011_DR), 'A');
	CHECK_EQ(rd(&h, VPL011_FR) & VPL011_FR_RXFF, 0);
	CHECK_EQ(vpl011_rx(&h.u, (const uint8_t *)"z", 1), 1);
	for (i = 1; i < 32; i++)
		CHECK_EQ(rd(&h, VPL011_DR), 'A' + i);
	CHECK_EQ(rd(&h, VPL011_DR), 'z');
	CHECK_EQ(rd(&h, VPL011_FR) & VPL011_FR_RXFE, VPL011_FR_RXFE);
}

UNIT_TEST(irq_level_follows_rx_and_mask)
{
	struct harness h;

	setup(&h);
	/* Linux enables RX and RT interrupts; TX is masked until it has output. */
	wr(&h, VPL011_IMSC, VPL011_INT_RX | VPL011_INT_RT);
	CHECK_EQ(h.irq_calls, 0); /* TXI is pending but masked */
	CHECK_EQ(rd(&h, VPL011_MIS), 0);

	CHECK_EQ(vpl011_rx(&h.u, (const uint8_t *)"xy", 2), 2);
	CHECK_EQ(h.irq_calls, 1);
	CHECK(h.level);
	CHECK(vpl011_irq_level(&h.u));
	CHECK_EQ(rd(&h, VPL011_MIS), VPL011_INT_RX | VPL011_INT_RT);

	/* More data while already high: no redundant report. */
	CHECK_EQ(vpl011_rx(&h.u, (const uint8_t *)"z", 1), 1);
	CHECK_EQ(h.irq_calls, 1);

	rd(&h, VPL011_DR);
	rd(&h, VPL011_DR);
	CHECK(h.level);
	rd(&h, VPL011_DR);
	CHECK_EQ(h.irq_calls, 2);
	CHECK(!h.level);
	CHECK_EQ(rd(&h, VPL011_MIS), 0);

	/* Unmasking the pending TXI raises the line; masking lowers it. */
	wr(&h, VPL011_IMSC, VPL011_INT_RX | VPL011_INT_RT | VPL011_INT_TX);
	CHECK(h.level);
	CHECK_EQ(rd(&h, VPL011_MIS), VPL011_INT_TX);
	wr(&h, VPL011_IMSC, VPL011_INT_RX | VPL011_INT_RT);
	CHECK(!h.level);
	CHECK_EQ(h.raises, 2);
	CHECK_EQ(h.lowers, 2);
}

UNIT_TEST(icr_clears_ris_bits)
{
	struct harness h;

	setup(&h);
	wr(&h, VPL011_IMSC, VPL011_INT_ALL);
	CHECK(h.level); /* TXI */
	vpl011_rx(&h.u, (const uint8_t *)"q", 1);
	CHECK_EQ(rd(&h, VPL011_RIS), VPL011_INT_TX | VPL011_INT_RX | VPL011_INT_RT);
	wr(&h, VPL011_ICR, VPL011_INT_RT);
	CHECK_EQ(rd(&h, VPL011_RIS), VPL011_INT_TX | VPL011_INT_RX);
	wr(&h, VPL011_ICR, VPL011_INT_TX | VPL011_INT_RX);
	CHECK_EQ(rd(&h, VPL011_RIS), 0);
	CHECK_EQ(rd(&h, VPL011_MIS), 0);
	CHECK(!h.level);
	/* The data is still there; RIS/MIS are read-only. */
	CHECK_EQ(rd(&h, VPL011_FR) & VPL011_FR_RXFE, 0);
	wr(&h, VPL011_RIS, 0xFFFFFFFF);
	wr(&h, VPL011_MIS, 0xFFFFFFFF);
	CHECK_EQ(rd(&h, VPL011_RIS), 0);
	/* A TX write raises TXI and therefore the line again. */
	wr(&h, VPL011_DR, '!');
	CHECK(h.level);
	CHECK_EQ(rd(&h, VPL011_MIS), VPL011_INT_TX);
}

UNIT_TEST(bad_accesses_rejected)
{
	struct harness h;
	uint64_t v = 0x41;

	setup(&h);
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_DR, true, &v, 8), -EINVAL);
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_FR, false, &v, 8), -EINVAL);
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_FR, false, &v, 3), -EINVAL);
	CHECK_EQ(h.tx_count, 0);
	CHECK_EQ(vpl011_mmio(&h.u, 0x08, false, &v, 4), -EINVAL);
	CHECK_EQ(vpl011_mmio(&h.u, 0x20, false, &v, 4), -EINVAL); /* ILPR */
	CHECK_EQ(vpl011_mmio(&h.u, 0x48, true, &v, 4), -EINVAL);  /* DMACR */
	CHECK_EQ(vpl011_mmio(&h.u, 0x800, false, &v, 4), -EINVAL);
	CHECK_EQ(vpl011_mmio(&h.u, 0x1000, false, &v, 4), -EINVAL);
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_ICR, false, &v, 4), -EINVAL); /* write-only */
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_PERIPHID0, true, &v, 4), -EINVAL);
	CHECK_EQ(vpl011_mmio(&h.u, 0x1A, false, &v, 4), -EINVAL); /* crosses a register */
}

UNIT_TEST(id_and_storage_registers)
{
	static const uint32_t ids[8] = { 0x11, 0x10, 0x34, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };
	struct harness h;
	uint64_t v;
	int i;

	setup(&h);
	for (i = 0; i < 8; i++)
		CHECK_EQ(rd(&h, VPL011_PERIPHID0 + 4 * i), ids[i]);
	wr(&h, VPL011_IBRD, 0x1A);
	wr(&h, VPL011_FBRD, 0x3);
	wr(&h, VPL011_LCR_H, 0x70);
	wr(&h, VPL011_CR, 0x301);
	wr(&h, VPL011_IFLS, 0x0);
	CHECK_EQ(rd(&h, VPL011_IBRD), 0x1A);
	CHECK_EQ(rd(&h, VPL011_FBRD), 0x3);
	CHECK_EQ(rd(&h, VPL011_LCR_H), 0x70);
	CHECK_EQ(rd(&h, VPL011_CR), 0x301);
	CHECK_EQ(rd(&h, VPL011_IFLS), 0);
	/* A byte write at offset 1 of CR only touches bits 8..15. */
	v = 0x03;
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_CR + 1, true, &v, 1), 0);
	CHECK_EQ(rd(&h, VPL011_CR), 0x301);
	v = 0x00;
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_CR + 1, true, &v, 1), 0);
	CHECK_EQ(rd(&h, VPL011_CR), 0x001);
	/* Writes to RSR/ECR are ignored; reads stay 0. */
	wr(&h, VPL011_RSR, 0xF);
	CHECK_EQ(rd(&h, VPL011_RSR), 0);
	CHECK_EQ(h.irq_calls, 0);
}

UNIT_TEST(dr_upper_byte_read_does_not_pop)
{
	struct harness h;
	uint64_t v = 0;

	setup(&h);
	vpl011_rx(&h.u, (const uint8_t *)"k", 1);
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_DR + 1, false, &v, 1), 0);
	CHECK_EQ(v, 0); /* error flags */
	CHECK_EQ(rd(&h, VPL011_FR) & VPL011_FR_RXFE, 0);
	CHECK_EQ(vpl011_mmio(&h.u, VPL011_DR, false, &v, 2), 0);
	CHECK_EQ(v, 'k');
	CHECK_EQ(rd(&h, VPL011_FR) & VPL011_FR_RXFE, VPL011_FR_RXFE);
}

UNIT_MAIN()
