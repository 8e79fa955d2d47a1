/* SPDX-License-Identifier: MIT */
/*
 * cring - the backend side of a PV console ring (Xen public io/console.h;
 * docs xen-abi-arm64.md section 6.2): drain out[] (guest output), fill in[]
 * (keyboard input). Pure memory operations; the caller notifies the guest.
 */
#ifndef TOOLS_CRING_H
#define TOOLS_CRING_H

#include <stddef.h>

#include <public/io/console.h>

/* Copy up to @len bytes of guest output to @buf and consume them; -1 if the indices are corrupt */
long cring_read_out(struct xencons_interface *r, char *buf, size_t len);
/* Append up to @len bytes of input for the guest; bytes taken, -1 if the indices are corrupt */
long cring_write_in(struct xencons_interface *r, const char *buf, size_t len);

#endif
