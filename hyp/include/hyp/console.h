/* SPDX-License-Identifier: MIT */
/*
 * Serial console multiplexer, modelled on Xen's drivers/char/console.c: one
 * physical UART shared by the hypervisor log and every domain's console.
 *
 * Output: hypervisor text goes out unchanged; a domain's text is collected
 * per line and printed as "(dN) <line>\n" with control characters removed,
 * unless the serial input focus is on that domain, in which case its bytes
 * pass through untouched. Input: three CTRL-a in a row move the focus
 * hypervisor -> each registered domain (ascending domid) -> hypervisor.
 *
 * Locking: console_lock serialises everything that reaches the backend, so
 * output from different CPUs never interleaves inside a line. The input lock
 * (focus, sinks, CTRL-a state) is taken before console_lock, never after;
 * input sinks run under the input lock, so after console_unregister_domain()
 * returns its sink is not running and will not be called again. Both locks
 * must be taken with interrupts masked on the local CPU (the hypervisor runs
 * with IRQs masked outside its IRQ entry path).
 */
#ifndef HYP_CONSOLE_H
#define HYP_CONSOLE_H

#include <hyp/types.h>

/* Focus value meaning "the hypervisor" (Xen's DOMID_XEN). */
#define CONSOLE_FOCUS_HYP 0x7FF2U
/* Domain ids at or above this are reserved (Xen's DOMID_FIRST_RESERVED). */
#define CONSOLE_DOMID_LIMIT 0x7FF0U
#define CONSOLE_MAX_DOMAINS 64
#define CONSOLE_LINE_MAX 256
#define CONSOLE_SWITCH_CHAR 0x01 /* CTRL-a */
#define CONSOLE_SWITCH_COUNT 3

typedef void (*console_putc_fn)(char ch);
typedef void (*console_write_fn)(const char *s, size_t len);
typedef void (*console_input_fn)(void *opaque, const uint8_t *buf, size_t len);
typedef void (*console_key_fn)(uint8_t key);

/**
 * Attach the physical output backend. @write may be NULL (then @putc is used
 * per byte). Output produced before this call was kept in a small early
 * buffer and is written out now.
 */
void console_init(console_putc_fn putc, console_write_fn write);

/** Forget all domains, buffers, focus and backend (tests, re-initialisation). */
void console_reset(void);

/**
 * Hypervisor log output, written unchanged. Usable from panic context after
 * console_force_unlock().
 */
void console_puts_hyp(const char *s, size_t len);

/** Break the console lock: only for the panic path, when other CPUs are stopped or hung. */
void console_force_unlock(void);

/** One byte of a domain's console output (vPL011 TX, console_io write). */
void console_domain_putc(unsigned int domid, uint8_t ch);

/** Several bytes of a domain's console output, kept together under the lock. */
void console_domain_write(unsigned int domid, const char *s, size_t len);

/**
 * One byte of serial input, from the UART interrupt handler. Handles the
 * CTRL-a switch sequence and routes everything else to the focus.
 */
void console_rx_char(uint8_t ch);

/**
 * Give domain @domid an input sink. Returns 0, -EINVAL (bad domid or NULL
 * sink), -EEXIST (already registered) or -ENOSPC (table full). If the boot
 * focus (console_set_focus) named this domain, it takes the focus now.
 */
int console_register_domain(unsigned int domid, console_input_fn input, void *opaque);

/**
 * Remove @domid's input sink and flush + release its output line buffer.
 * Focus on it returns to the hypervisor. Returns 0 or -ENOENT if the domain
 * had neither a sink nor buffered output state.
 */
int console_unregister_domain(unsigned int domid);

/** Handler for input while the hypervisor has the focus (debug keys); NULL ignores input. */
void console_set_key_handler(console_key_fn handler);

/**
 * Move the input focus to @domid or CONSOLE_FOCUS_HYP. A domain that has not
 * registered yet gets the focus when it does (boot option). Returns 0 or
 * -EINVAL for a reserved domid other than CONSOLE_FOCUS_HYP.
 */
int console_set_focus(unsigned int domid);

/** Current input focus: a domid or CONSOLE_FOCUS_HYP. */
unsigned int console_focus(void);

#endif
