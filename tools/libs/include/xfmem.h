/* SPDX-License-Identifier: MIT */
/*
 * xfmem - map another domain's memory into dom0 user space by GFN (the
 * counterpart of Xen's libxenforeignmemory), through privcmd's
 * IOCTL_PRIVCMD_MMAPBATCH_V2; Linux turns each page into
 * XENMEM_add_to_physmap_batch(XENMAPSPACE_gmfn_foreign) and munmap() into
 * XENMEM_remove_from_physmap.
 */
#ifndef TOOLS_XFMEM_H
#define TOOLS_XFMEM_H

#include <stddef.h>
#include <stdint.h>

struct xfmem;

struct xfmem *xfmem_open(void); /* NULL + errno */
void xfmem_close(struct xfmem *h);
/*
 * Map @count pages of @domid at GFNs @gfns, contiguously. errs (may be
 * NULL) receives each page's result. NULL + errno if any page failed.
 */
void *xfmem_map(struct xfmem *h, uint32_t domid, int prot, size_t count, const uint64_t *gfns,
		int *errs);
int xfmem_unmap(struct xfmem *h, void *addr, size_t count);

#endif
