/* SPDX-License-Identifier: MIT */
/*
 * vsnprintf for the freestanding hypervisor and test guests. Output is always
 * NUL-terminated when size > 0; the return value is the length the full
 * output would have had (C99 semantics), so callers can detect truncation.
 */
#include <hyp/types.h>
#include <lib/printf.h>
#include <lib/string.h>

struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void out_c(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		out_c(o, c);
}

enum { F_LEFT = 1, F_ZERO = 2, F_PLUS = 4, F_SPACE = 8, F_ALT = 16 };

static void out_str(struct out *o, const char *s, int width, int prec, unsigned flags)
{
	size_t n = strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1);
	int pad = width > (int)n ? width - (int)n : 0;

	if (!(flags & F_LEFT))
		out_pad(o, ' ', pad);
	for (size_t i = 0; i < n; i++)
		out_c(o, s[i]);
	if (flags & F_LEFT)
		out_pad(o, ' ', pad);
}

static void out_num(struct out *o, uint64_t v, bool neg, unsigned base, bool upper, int width,
		    int prec, unsigned flags)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	char sign = 0;
	const char *prefix = "";
	int zeros, pad;

	if (neg)
		sign = '-';
	else if (flags & F_PLUS)
		sign = '+';
	else if (flags & F_SPACE)
		sign = ' ';
	if ((flags & F_ALT) && v != 0) {
		if (base == 16)
			prefix = upper ? "0X" : "0x";
		else if (base == 8)
			prefix = "0";
	}
	if (v == 0 && prec != 0)
		tmp[n++] = '0';
	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	zeros = prec > n ? prec - n : 0;
	pad = width - n - zeros - (sign ? 1 : 0) - (int)strlen(prefix);
	if (pad < 0)
		pad = 0;
	if ((flags & F_ZERO) && !(flags & F_LEFT) && prec < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!(flags & F_LEFT))
		out_pad(o, ' ', pad);
	if (sign)
		out_c(o, sign);
	for (const char *p = prefix; *p; p++)
		out_c(o, *p);
	out_pad(o, '0', zeros);
	while (n)
		out_c(o, tmp[--n]);
	if (flags & F_LEFT)
		out_pad(o, ' ', pad);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		unsigned flags = 0;
		int width = 0, prec = -1, lmod = 0;

		if (*fmt != '%') {
			out_c(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				flags |= F_LEFT;
			else if (*fmt == '0')
				flags |= F_ZERO;
			else if (*fmt == '+')
				flags |= F_PLUS;
			else if (*fmt == ' ')
				flags |= F_SPACE;
			else if (*fmt == '#')
				flags |= F_ALT;
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* Length: 0 int, 1 long, 2 long long, -1 short, -2 char; size_t etc map to long. */
		for (;; fmt++) {
			if (*fmt == 'l')
				lmod++;
			else if (*fmt == 'h')
				lmod--;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j')
				lmod = 2;
			else
				break;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v;
			if (lmod >= 1)
				v = lmod == 1 ? va_arg(ap, long) : va_arg(ap, long long);
			else
				v = va_arg(ap, int);
			if (lmod == -1)
				v = (short)v;
			else if (lmod <= -2)
				v = (signed char)v;
			out_num(&o, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, width, prec,
				flags);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
		case 'o': {
			uint64_t v;
			if (lmod >= 1)
				v = lmod == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned long long);
			else
				v = va_arg(ap, unsigned int);
			if (lmod == -1)
				v = (unsigned short)v;
			else if (lmod <= -2)
				v = (unsigned char)v;
			out_num(&o, v, false, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X',
				width, prec, flags & ~(unsigned)(F_PLUS | F_SPACE));
			break;
		}
		case 'p':
			out_num(&o, (uintptr_t)va_arg(ap, void *), false, 16, false, width, prec,
				flags | F_ALT);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			out_str(&o, s ? s : "(null)", width, prec, flags);
			break;
		}
		case 'c': {
			char c[2] = { (char)va_arg(ap, int), 0 };
			if (!(flags & F_LEFT))
				out_pad(&o, ' ', width - 1);
			out_c(&o, c[0]);
			if (flags & F_LEFT)
				out_pad(&o, ' ', width - 1);
			break;
		}
		case '%':
			out_c(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			out_c(&o, '%');
			out_c(&o, *fmt);
			break;
		}
	}
	if (size)
		o.buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
