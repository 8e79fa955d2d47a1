/* SPDX-License-Identifier: MIT */
/*
 * xgnttab: /dev/xen/gntdev (Linux drivers/xen/gntdev.c, uapi xen/gntdev.h).
 * IOCTL_GNTDEV_MAP_GRANT_REF reserves the grant and returns an offset; the
 * hypervisor's GNTTABOP_map_grant_ref happens when that offset is mmap()ed.
 * Unmapping is munmap() followed by IOCTL_GNTDEV_UNMAP_GRANT_REF of the
 * offset, which gntdev gives back for the address.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux_xen.h"
#include "xdev.h"
#include "xgnttab.h"

/* The handle is a struct xdev (xdev.h): just the device's file descriptor. */
struct xgnttab {
	int fd;
};

#define XGNTTAB_PAGE 4096


/** xgnttab_open - open /dev/xen/gntdev */
struct xgnttab *xgnttab_open(void)
{
	return (struct xgnttab *)xdev_open("/dev/xen/gntdev");
}

/** xgnttab_close - close the handle (mappings stay until unmapped) */
void xgnttab_close(struct xgnttab *h)
{
	xdev_close((struct xdev *)h);
}

/** xgnttab_map - map one granted page */
void *xgnttab_map(struct xgnttab *h, uint32_t domid, uint32_t ref, int prot)
{
	struct ioctl_gntdev_map_grant_ref m = { .count = 1 };
	struct ioctl_gntdev_unmap_grant_ref u = { .count = 1 };
	void *p;
	int e;

	m.refs[0].domid = domid;
	m.refs[0].ref = ref;
	if (ioctl(h->fd, IOCTL_GNTDEV_MAP_GRANT_REF, &m) < 0)
		return NULL;
	p = mmap(NULL, XGNTTAB_PAGE, prot, MAP_SHARED, h->fd, (off_t)m.index);
	if (p != MAP_FAILED)
		return p;
	e = errno;
	u.index = m.index;
	ioctl(h->fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u);
	errno = e;
	return NULL;
}

/** xgnttab_unmap - undo xgnttab_map */
int xgnttab_unmap(struct xgnttab *h, void *addr)
{
	struct ioctl_gntdev_get_offset_for_vaddr q = { .vaddr = (uint64_t)(uintptr_t)addr };
	struct ioctl_gntdev_unmap_grant_ref u = { .count = 1 };

	if (ioctl(h->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &q) < 0)
		return -errno;
	if (munmap(addr, XGNTTAB_PAGE) < 0)
		return -errno;
	u.index = q.offset;
	return ioctl(h->fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &u) < 0 ? -errno : 0;
}
