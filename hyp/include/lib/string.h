/* SPDX-License-Identifier: MIT */
/*
 * The few C string/memory functions the freestanding hypervisor provides
 * (hyp/lib/string.c). Host unit tests get the same names from libc.
 */
#ifndef LIB_STRING_H
#define LIB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
/* Copy at most size-1 bytes of src and NUL-terminate (size > 0). */
size_t strncpy_safe(char *dst, const char *src, size_t size);

#ifdef HOSPES_ARCH_COPY_BLOCKS
/* Copy n bytes, n a non-zero multiple of 128 (hyp/arch/arm64/copy_blocks.S).
 * Loads each 128-byte block before storing it (safe for dst < src). */
void arch_copy_blocks(void *dst, const void *src, size_t n);
#endif

#endif
