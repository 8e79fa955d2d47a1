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

#endif
