/* SPDX-License-Identifier: MIT */
/*
 * printk and friends. Each line is formatted into a local buffer with its
 * "(hospes) [seconds]" prefix and handed to the console as a whole, so lines
 * from different CPUs never mix. Messages above the configured level are
 * dropped (loglvl= on the command line; default info).
 */
#include <hyp/arch.h>
#include <hyp/console.h>
#include <hyp/log.h>
#include <hyp/time.h>
#include <lib/printf.h>
#include <lib/string.h>

int log_current_level = LOG_INFO;
static void (*emergency_write)(const char *s, size_t len);

void log_set_emergency_writer(void (*fn)(const char *s, size_t len))
{
	emergency_write = fn;
}

static void log_emergency_write(const char *s, size_t len)
{
	if (emergency_write)
		emergency_write(s, len);
}

void log_set_level(int level)
{
	log_current_level = level;
}

int log_level(void)
{
	return log_current_level;
}

static const char *const level_tag[] = { "ERROR: ", "WARN: ", "", "" };

void vprintk(int level, const char *fmt, va_list ap)
{
	char line[512];
	s_time_t t;
	int n;

	if (level > log_current_level)
		return;
	t = NOW();
	n = snprintf(line, sizeof(line), "(hospes) [%4lld.%06lld] %s", (long long)(t / 1000000000),
		     (long long)(t % 1000000000) / 1000, level_tag[level & 3]);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
	if (n >= (int)sizeof(line) - 1)
		n = sizeof(line) - 2;
	if (line[n - 1] != '\n')
		line[n++] = '\n';
	line[n] = '\0';
	if (arch_in_nmi())
		log_emergency_write(line, (size_t)n); /* this CPU may hold the console lock */
	else
		console_puts_hyp(line, (size_t)n);
}

void printk(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(level, fmt, ap);
	va_end(ap);
}

void printk_raw(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 1)
		n = sizeof(line) - 1;
	console_puts_hyp(line, (size_t)n);
}
