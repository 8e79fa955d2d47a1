/* SPDX-License-Identifier: MIT */
/* Page-granular hypervisor heap (see xmalloc.h). */
#include <hyp/page_alloc.h>
#include <hyp/pa.h>
#include <hyp/xmalloc.h>

static unsigned order_for(size_t size)
{
	unsigned order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

void *xzalloc_bytes(size_t size)
{
	paddr_t pa = alloc_pages_zeroed(order_for(size ? size : 1), NULL);

	return pa == INVALID_PADDR ? NULL : pa_to_va(pa);
}

void xfree(void *p, size_t size)
{
	if (p)
		free_pages(va_to_pa(p), order_for(size ? size : 1));
}
