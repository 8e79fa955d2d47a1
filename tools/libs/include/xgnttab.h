/* SPDX-License-Identifier: MIT */
/*
 * xgnttab - map pages another domain granted to dom0, through
 * /dev/xen/gntdev (the counterpart of Xen's libxengnttab).
 */
#ifndef TOOLS_XGNTTAB_H
#define TOOLS_XGNTTAB_H

#include <stdint.h>

struct xgnttab;

struct xgnttab *xgnttab_open(void); /* NULL + errno */
void xgnttab_close(struct xgnttab *h);
/* Map grant @ref of @domid (one page); NULL + errno on failure */
void *xgnttab_map(struct xgnttab *h, uint32_t domid, uint32_t ref, int prot);
int xgnttab_unmap(struct xgnttab *h, void *addr);

#endif
