/* SPDX-License-Identifier: MIT */
/*
 * Freestanding formatted output (hyp/lib/printf.c), shared by the hypervisor
 * and the test guests. Supports %d %i %u %x %X %o %p %s %c %% with the
 * flags '-', '0', ' ', '+', '#', a field width and precision (also '*'), and
 * the length modifiers hh h l ll z t j.
 */
#ifndef LIB_PRINTF_H
#define LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
