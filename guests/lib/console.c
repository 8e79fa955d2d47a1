/* SPDX-License-Identifier: MIT */
/*
 * Console output through the (v)PL011 / SBSA UART: polled, transmit only.
 * console_lock serialises whole lines across vCPUs; its owner field lets a
 * vCPU that faults while printing still report its result (no self-deadlock).
 */
#include <guest.h>
#include <mmio.h>

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1U << 5)

static guest_spinlock_t console_lock = GUEST_SPINLOCK_INIT;
static int console_owner = -1;

static void uart_putc(char c)
{
	while (mmio_read32(GUEST_UART_BASE + UART_FR) & UART_FR_TXFF)
		cpu_relax();
	mmio_write32(GUEST_UART_BASE + UART_DR, (uint8_t)c);
}

static bool console_lock_take(void)
{
	int me = (int)cpu_id();

	if (__atomic_load_n(&console_owner, __ATOMIC_RELAXED) == me)
		return false; /* re-entered from an exception while printing */
	guest_spin_lock(&console_lock);
	__atomic_store_n(&console_owner, me, __ATOMIC_RELAXED);
	return true;
}

static void console_lock_release(bool taken)
{
	if (!taken)
		return;
	__atomic_store_n(&console_owner, -1, __ATOMIC_RELAXED);
	guest_spin_unlock(&console_lock);
}

void guest_puts(const char *s)
{
	bool taken = console_lock_take();

	while (*s)
		uart_putc(*s++);
	console_lock_release(taken);
}

void guest_printf(const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	guest_puts(buf);
}
