/* SPDX-License-Identifier: MIT */
/*
 * Hypervisor heap: zeroed allocations rounded up to whole pages, straight
 * from the page allocator (objects are few and mostly page-sized: domains,
 * vCPUs, guest device-tree buffers). Charged to the hypervisor, not a domain.
 */
#ifndef HYP_XMALLOC_H
#define HYP_XMALLOC_H

#include <hyp/types.h>

void *xzalloc_bytes(size_t size);
void xfree(void *p, size_t size);

#define xzalloc(type) ((type *)xzalloc_bytes(sizeof(type)))
#define xzalloc_array(type, n) ((type *)xzalloc_bytes(sizeof(type) * (n)))

#endif
