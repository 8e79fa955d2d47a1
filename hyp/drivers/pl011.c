/* SPDX-License-Identifier: MIT */
/*
 * Physical PL011 UART driver: polled output, interrupt-driven input. The
 * hypervisor owns this UART exclusively; guests get emulated ones.
 */
#include <hyp/types.h>
#include <hyp/pl011.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_IBRD 0x24
#define UART_LCRH 0x2c
#define UART_CR 0x30
#define UART_IMSC 0x38
#define UART_ICR 0x44
#define FR_TXFF (1U << 5)
#define FR_RXFE (1U << 4)
#define FR_BUSY (1U << 3)
#define INT_RX (1U << 4)
#define INT_RT (1U << 6)

static volatile uint32_t *uart;

static inline uint32_t rd(unsigned off)
{
	return uart[off / 4];
}

static inline void wr(unsigned off, uint32_t v)
{
	uart[off / 4] = v;
}

/** Start using the UART at @base (already mapped, or MMU off). */
void pl011_init(paddr_t base)
{
	uart = (volatile uint32_t *)(uintptr_t)base;
	/* Firmware/QEMU already configured baud rate; just make sure TX/RX are on. */
	wr(UART_CR, rd(UART_CR) | (1U << 0) | (1U << 8) | (1U << 9));
}

bool pl011_present(void)
{
	return uart != NULL;
}

void pl011_putc(char c)
{
	if (!uart)
		return;
	while (rd(UART_FR) & FR_TXFF)
		;
	wr(UART_DR, (uint8_t)c);
}

void pl011_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			pl011_putc('\r');
		pl011_putc(s[i]);
	}
}

/** Enable the receive interrupts (the IRQ itself is routed by the GIC code). */
void pl011_enable_rx_irq(void)
{
	if (uart)
		wr(UART_IMSC, INT_RX | INT_RT);
}

/** Read one pending input byte, or -1 when the receive FIFO is empty. */
int pl011_getc(void)
{
	if (!uart || (rd(UART_FR) & FR_RXFE))
		return -1;
	return (int)(rd(UART_DR) & 0xff);
}

void pl011_ack_irq(void)
{
	if (uart)
		wr(UART_ICR, INT_RX | INT_RT);
}
