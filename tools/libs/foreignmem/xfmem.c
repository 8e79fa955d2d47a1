/* SPDX-License-Identifier: MIT */
/*
 * xfmem: privcmd foreign mappings (Linux drivers/xen/privcmd.c). A mapping
 * is made in two steps: mmap() of the privcmd fd reserves a fresh VMA, then
 * IOCTL_PRIVCMD_MMAPBATCH_V2 fills it, page by page, with the domain's
 * frames. The ioctl reports per-page errors in err[]; a failed batch is
 * unmapped again so no half-filled VMA is ever returned.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux_xen.h"
#include "xdev.h"
#include "xfmem.h"

/* The handle is a struct xdev (xdev.h): just the device's file descriptor. */
struct xfmem {
	int fd;
};

#define XFMEM_PAGE 4096UL


/** xfmem_open - open /dev/xen/privcmd for foreign mappings */
struct xfmem *xfmem_open(void)
{
	return (struct xfmem *)xdev_open("/dev/xen/privcmd");
}

/** xfmem_close - close the handle (mappings stay until unmapped) */
void xfmem_close(struct xfmem *h)
{
	xdev_close((struct xdev *)h);
}

/** xfmem_map - map @count foreign frames contiguously */
void *xfmem_map(struct xfmem *h, uint32_t domid, int prot, size_t count, const uint64_t *gfns,
		int *errs)
{
	struct privcmd_mmapbatch_v2 b = { 0 };
	int *err = errs ? errs : calloc(count, sizeof(int));
	size_t i;
	void *p;
	int e = 0;

	if (!err)
		return NULL;
	p = mmap(NULL, count * XFMEM_PAGE, prot, MAP_SHARED, h->fd, 0);
	if (p == MAP_FAILED) {
		e = errno;
		goto out;
	}
	b.num = (uint32_t)count;
	b.dom = (uint16_t)domid;
	b.addr = (uint64_t)(uintptr_t)p;
	b.arr = (uint64_t)(uintptr_t)gfns;
	b.err = (uint64_t)(uintptr_t)err;
	if (ioctl(h->fd, IOCTL_PRIVCMD_MMAPBATCH_V2, &b) < 0)
		e = errno;
	for (i = 0; !e && i < count; i++)
		if (err[i])
			e = -err[i];
	if (e) {
		munmap(p, count * XFMEM_PAGE);
		p = NULL;
	}
out:
	if (!errs)
		free(err);
	if (e) {
		errno = e;
		return NULL;
	}
	return p;
}

/** xfmem_unmap - undo xfmem_map */
int xfmem_unmap(struct xfmem *h, void *addr, size_t count)
{
	(void)h;
	return munmap(addr, count * XFMEM_PAGE) < 0 ? -errno : 0;
}
