/* SPDX-License-Identifier: MIT */
/*
 * vPL011: emulated SBSA generic UART for guests (Xen's dom0less "vpl011",
 * xen-abi-arm64.md §7.2; register layout from the Arm PL011 TRM r1p5).
 *
 * Model: TX is instantaneous (each DR write goes straight to the tx callback,
 * so FR.TXFE=1, FR.TXFF=0, FR.BUSY=0, RIS.TXI stays set); RX is a 32-byte FIFO
 * filled by vpl011_rx(). RXI and RTI are raised together when data arrives —
 * Linux's pl011 driver relies on RTI for input shorter than the FIFO trigger
 * level — and dropped when the FIFO empties. Line = (RIS & IMSC) != 0.
 *
 * Locking (see vpl011.h): registers under u->lock; callbacks are made after
 * dropping it. Level reports go through vpl011_update_irq(), serialised by
 * u->irq_lock, which recomputes the level from the state at report time.
 */
#include <hyp/errno.h>
#include <hyp/vpl011.h>
#include <lib/string.h>

/* PeriphID0..3 (PL011 r1p5: part 0x011, designer ARM, revision 3) and CellID0..3. */
static const uint8_t vpl011_id_regs[8] = { 0x11, 0x10, 0x34, 0x00, 0x0D, 0xF0, 0x05, 0xB1 };

static bool vpl011_level_locked(const struct vpl011 *u)
{
	return (u->ris & u->imsc & VPL011_INT_ALL) != 0;
}

/*
 * Tell the owner the current line level if it differs from the last report.
 * Must be called without u->lock after any change that may move the level.
 */
static void vpl011_update_irq(struct vpl011 *u)
{
	bool level, changed;

	spin_lock(&u->irq_lock);
	spin_lock(&u->lock);
	level = vpl011_level_locked(u);
	spin_unlock(&u->lock);
	changed = level != u->irq_reported;
	u->irq_reported = level;
	if (changed && u->set_irq)
		u->set_irq(u->opaque, level);
	spin_unlock(&u->irq_lock);
}

/**
 * Reset the UART to its power-on state (see vpl011.h).
 */
void vpl011_init(struct vpl011 *u, vpl011_tx_fn tx, vpl011_set_irq_fn set_irq, void *opaque)
{
	memset(u, 0, sizeof(*u));
	spin_lock_init(&u->lock);
	spin_lock_init(&u->irq_lock);
	/* Reset values from the PL011 TRM; TXI is up since the (virtual) FIFO is empty. */
	u->ris = VPL011_INT_TX;
	u->ifls = 0x12;
	u->cr = 0x300;
	u->tx = tx;
	u->set_irq = set_irq;
	u->opaque = opaque;
	u->irq_reported = false;
}

static uint32_t vpl011_fr_locked(const struct vpl011 *u)
{
	uint32_t fr = VPL011_FR_TXFE;

	if (u->rx_count == 0)
		fr |= VPL011_FR_RXFE;
	if (u->rx_count == VPL011_RX_FIFO_SIZE)
		fr |= VPL011_FR_RXFF;
	return fr;
}

static uint8_t vpl011_rx_pop_locked(struct vpl011 *u)
{
	uint8_t ch;

	if (u->rx_count == 0)
		return 0; /* reading an empty FIFO: undefined on hardware, 0 here */
	ch = u->rx_fifo[u->rx_head];
	u->rx_head = (u->rx_head + 1) % VPL011_RX_FIFO_SIZE;
	u->rx_count--;
	if (u->rx_count == 0)
		u->ris &= ~(VPL011_INT_RX | VPL011_INT_RT);
	return ch;
}

/*
 * Read the 32-bit register at @reg (word aligned). @pop says whether the
 * access covers DR's data byte, i.e. consumes a character.
 */
static int vpl011_read_locked(struct vpl011 *u, uint32_t reg, bool pop, uint32_t *out)
{
	switch (reg) {
	case VPL011_DR:
		*out = pop ? vpl011_rx_pop_locked(u) : 0;
		return 0;
	case VPL011_RSR:
		*out = 0; /* no receive errors are ever reported */
		return 0;
	case VPL011_FR:
		*out = vpl011_fr_locked(u);
		return 0;
	case VPL011_IBRD:
		*out = u->ibrd;
		return 0;
	case VPL011_FBRD:
		*out = u->fbrd;
		return 0;
	case VPL011_LCR_H:
		*out = u->lcr_h;
		return 0;
	case VPL011_CR:
		*out = u->cr;
		return 0;
	case VPL011_IFLS:
		*out = u->ifls;
		return 0;
	case VPL011_IMSC:
		*out = u->imsc;
		return 0;
	case VPL011_RIS:
		*out = u->ris;
		return 0;
	case VPL011_MIS:
		*out = u->ris & u->imsc;
		return 0;
	case VPL011_ICR:
		return -EINVAL; /* write-only */
	default:
		if (reg >= VPL011_PERIPHID0 && reg <= VPL011_CELLID3) {
			*out = vpl011_id_regs[(reg - VPL011_PERIPHID0) / 4];
			return 0;
		}
		return -EINVAL;
	}
}

/* Merge a narrow write of @v (already shifted) under @mask into @reg. */
static uint32_t vpl011_merge(uint32_t reg, uint32_t v, uint32_t mask)
{
	return (reg & ~mask) | (v & mask);
}

/*
 * Write @v (shifted into place, bits outside @mask ignored) to the word
 * register @reg. Sets @tx_out and @has_tx when a character must be transmitted.
 */
static int vpl011_write_locked(struct vpl011 *u, uint32_t reg, uint32_t v, uint32_t mask,
			       uint8_t *tx_out, bool *has_tx)
{
	switch (reg) {
	case VPL011_DR:
		if (mask & 0xFF) {
			*tx_out = (uint8_t)v;
			*has_tx = true;
			/* The byte left the FIFO at once: TX space is available again. */
			u->ris |= VPL011_INT_TX;
		}
		return 0;
	case VPL011_RSR:
		return 0; /* ECR: clears errors, of which there are none */
	case VPL011_IBRD:
		u->ibrd = vpl011_merge(u->ibrd, v, mask & 0xFFFF);
		return 0;
	case VPL011_FBRD:
		u->fbrd = vpl011_merge(u->fbrd, v, mask & 0x3F);
		return 0;
	case VPL011_LCR_H:
		u->lcr_h = vpl011_merge(u->lcr_h, v, mask & 0xFF);
		return 0;
	case VPL011_CR:
		u->cr = vpl011_merge(u->cr, v, mask & 0xFFFF);
		return 0;
	case VPL011_IFLS:
		u->ifls = vpl011_merge(u->ifls, v, mask & 0x3F);
		return 0;
	case VPL011_IMSC:
		u->imsc = vpl011_merge(u->imsc, v, mask & VPL011_INT_ALL);
		return 0;
	case VPL011_ICR:
		u->ris &= ~(v & mask & VPL011_INT_ALL);
		return 0;
	case VPL011_FR:
	case VPL011_RIS:
	case VPL011_MIS:
		return 0; /* read-only: writes ignored, as on the PL011 */
	default:
		return -EINVAL; /* includes the ID registers, which are read-only */
	}
}

/**
 * Emulate a guest access to the UART frame (see vpl011.h).
 */
int vpl011_mmio(struct vpl011 *u, uint64_t offset, bool is_write, uint64_t *val, unsigned size)
{
	uint32_t reg, shift, mask, word = 0;
	uint8_t tx_ch = 0;
	bool has_tx = false;
	int rc;

	if (size != 1 && size != 2 && size != 4)
		return -EINVAL; /* 64-bit accesses fault, as in Xen */
	if (offset >= VPL011_GUEST_SIZE || (offset & 3) + size > 4)
		return -EINVAL;

	reg = (uint32_t)offset & ~3U;
	shift = ((uint32_t)offset & 3U) * 8;
	mask = (size == 4 ? 0xFFFFFFFFU : ((1U << (size * 8)) - 1)) << shift;

	spin_lock(&u->lock);
	if (is_write) {
		rc = vpl011_write_locked(u, reg, (uint32_t)(*val << shift), mask, &tx_ch,
					 &has_tx);
	} else {
		rc = vpl011_read_locked(u, reg, shift == 0, &word);
		if (rc == 0)
			*val = (word & mask) >> shift;
	}
	spin_unlock(&u->lock);

	if (rc)
		return rc;
	if (has_tx && u->tx)
		u->tx(u->opaque, tx_ch);
	vpl011_update_irq(u);
	return 0;
}

/**
 * Queue console input for the guest (see vpl011.h).
 */
int vpl011_rx(struct vpl011 *u, const uint8_t *buf, size_t len)
{
	size_t i, accepted = 0;

	spin_lock(&u->lock);
	for (i = 0; i < len; i++) {
		if (u->rx_count == VPL011_RX_FIFO_SIZE) {
			u->rx_dropped += len - i;
			break;
		}
		u->rx_fifo[(u->rx_head + u->rx_count) % VPL011_RX_FIFO_SIZE] = buf[i];
		u->rx_count++;
		accepted++;
	}
	if (accepted)
		u->ris |= VPL011_INT_RX | VPL011_INT_RT;
	spin_unlock(&u->lock);

	if (accepted)
		vpl011_update_irq(u);
	return (int)accepted;
}

/**
 * Current level of the UART's interrupt line.
 */
bool vpl011_irq_level(struct vpl011 *u)
{
	bool level;

	spin_lock(&u->lock);
	level = vpl011_level_locked(u);
	spin_unlock(&u->lock);
	return level;
}
