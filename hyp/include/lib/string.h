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
/* Copy n >= 128 bytes between 8-byte aligned buffers, return dst
 * (hyp/arch/arm64/copy_large.S). Each 128-byte block is loaded before it is
 * stored (safe for dst < src). */
void *arch_copy_large(void *dst, const void *src, size_t n);
#endif

#endif
