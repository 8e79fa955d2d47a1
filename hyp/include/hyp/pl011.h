/* SPDX-License-Identifier: MIT */
/* Physical PL011 UART (hyp/drivers/pl011.c). */
#ifndef HYP_PL011_H
#define HYP_PL011_H

#include <hyp/types.h>

void pl011_init(paddr_t base);
bool pl011_present(void);
void pl011_putc(char c);
void pl011_write(const char *s, size_t len);
void pl011_enable_rx_irq(void);
int pl011_getc(void);
void pl011_ack_irq(void);

#endif
