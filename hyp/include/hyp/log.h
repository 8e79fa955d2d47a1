/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor log: printk with levels, every line prefixed "(hospes) [time]".
 * The level threshold comes from the command line (loglvl=err|warn|info|debug).
 * panic() prints the reason, the CPU and a symbolized backtrace, stops the
 * other CPUs and never returns. boot_error() reports a bad boot input (device
 * tree, modules, command line) naming the node and property, then powers off.
 */
#ifndef HYP_LOG_H
#define HYP_LOG_H

#include <hyp/types.h>
#include <stdarg.h>

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

void printk(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void vprintk(int level, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Raw continuation output without prefix (for dumps). */
void printk_raw(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_set_level(int level);
/* Output used when the console lock cannot be trusted (dumps from FIQ context). */
void log_set_emergency_writer(void (*fn)(const char *s, size_t len));
int log_level(void);
/* The level log_level() returns, for hot paths that must not make a call. */
extern int log_current_level;

#define pr_err(...) printk(LOG_ERR, __VA_ARGS__)
#define pr_warn(...) printk(LOG_WARN, __VA_ARGS__)
#define pr_info(...) printk(LOG_INFO, __VA_ARGS__)
#define pr_debug(...) printk(LOG_DEBUG, __VA_ARGS__)

/* Guest-related message: prefixed with the domain and vCPU. */
#define gprintk(level, v, fmt, ...)                                               \
	printk(level, "d%uv%u: " fmt, (unsigned)(v)->domain->domid, (unsigned)(v)->id, \
	       ##__VA_ARGS__)

void __noreturn panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void __noreturn boot_error(const char *node, const char *prop, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define ASSERT(x)                                                                    \
	do {                                                                         \
		if (unlikely(!(x)))                                                  \
			panic("assertion '%s' failed at %s:%d", #x, __FILE__, __LINE__); \
	} while (0)
#define ASSERT_UNREACHABLE() panic("unreachable code at %s:%d", __FILE__, __LINE__)
#define BUG_ON(x) ASSERT(!(x))

#endif
