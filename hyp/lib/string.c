/* SPDX-License-Identifier: MIT */
/*
 * Freestanding memory and string functions for the hypervisor and the test
 * guests. Simple byte loops with a word-sized fast path for aligned copies
 * and fills; the compiler may also call these for structure copies. The
 * hypervisor build (HOSPES_ARCH_COPY_BLOCKS) hands large aligned copies to
 * the architecture's arch_copy_large().
 */
#include <hyp/types.h>
#include <lib/string.h>

void *memcpy(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & 7) && !(((uintptr_t)d ^ (uintptr_t)s) & 7)) {
		/* Same misalignment: step up to an 8-byte boundary (-mstrict-align). */
		if (((uintptr_t)d & 1) && n >= 1)
			*d++ = *s++, n--;
		if (((uintptr_t)d & 2) && n >= 2) {
			*(uint16_t *)(void *)d = *(const uint16_t *)(const void *)s;
			n -= 2, d += 2, s += 2;
		}
		if (((uintptr_t)d & 4) && n >= 4) {
			*(uint32_t *)(void *)d = *(const uint32_t *)(const void *)s;
			n -= 4, d += 4, s += 4;
		}
	}
	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
#ifdef HOSPES_ARCH_COPY_BLOCKS
		/* A tail call (no frame here); stepped copies take the loop below. */
		if (n >= 128 && d == dst)
			return arch_copy_large(d, s, n);
#endif
		/*
		 * 64 bytes per iteration (ldp/stp of x registers), all loads of a
		 * block before its stores: memmove relies on that for d < s.
		 */
		for (; n >= 64; n -= 64, d += 64, s += 64) {
			const uint64_t *s8 = (const uint64_t *)(const void *)s;
			uint64_t *d8 = (uint64_t *)(void *)d;
			uint64_t a = s8[0], b = s8[1], c = s8[2], e = s8[3];
			uint64_t f = s8[4], g = s8[5], h = s8[6], i = s8[7];

			d8[0] = a, d8[1] = b, d8[2] = c, d8[3] = e;
			d8[4] = f, d8[5] = g, d8[6] = h, d8[7] = i;
		}
		for (; n >= 16; n -= 16, d += 16, s += 16) {
			const uint64_t *s8 = (const uint64_t *)(const void *)s;
			uint64_t *d8 = (uint64_t *)(void *)d;
			uint64_t a = s8[0], b = s8[1];

			d8[0] = a, d8[1] = b;
		}
		if (n >= 8) {
			*(uint64_t *)(void *)d = *(const uint64_t *)(const void *)s;
			n -= 8, d += 8, s += 8;
		}
		if (n >= 4) {
			*(uint32_t *)(void *)d = *(const uint32_t *)(const void *)s;
			n -= 4, d += 4, s += 4;
		}
		if (n >= 2) {
			*(uint16_t *)(void *)d = *(const uint16_t *)(const void *)s;
			n -= 2, d += 2, s += 2;
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	uint8_t *d = dst;

	if (((uintptr_t)d & 7) == 0) {
		uint64_t v = (uint8_t)c;
		v |= v << 8;
		v |= v << 16;
		v |= v << 32;
		for (; n >= 8; n -= 8, d += 8)
			*(uint64_t *)(void *)d = v;
	}
	while (n--)
		*d++ = (uint8_t)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const uint8_t *p = s;

	for (; n; n--, p++)
		if (*p == (uint8_t)c)
			return (void *)(uintptr_t)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (uint8_t)*a - (uint8_t)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (uint8_t)*a - (uint8_t)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)(uintptr_t)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)(uintptr_t)last;
	}
}

size_t strncpy_safe(char *dst, const char *src, size_t size)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
	return n;
}
