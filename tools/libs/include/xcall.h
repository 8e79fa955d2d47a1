/* SPDX-License-Identifier: MIT */
/*
 * xcall - hypercalls from dom0 user space (the counterpart of Xen's
 * libxencall). A handle owns the privcmd file descriptor; hypercall argument
 * buffers come from xcall_alloc() so the hypervisor can always read them
 * (locked pages from /dev/xen/hypercall, or mlock'd anonymous memory).
 *
 * For host tests a handle can instead be backed by a function that plays
 * the hypervisor (xcall_open_backend); everything above this library then
 * runs unchanged.
 */
#ifndef TOOLS_XCALL_H
#define TOOLS_XCALL_H

#include <stddef.h>
#include <stdint.h>

struct xcall;

/* A stand-in hypervisor: returns the hypercall's result (>= 0 or -errno) */
typedef long xcall_backend_fn(void *ctx, uint64_t op, const uint64_t arg[5]);

struct xcall *xcall_open(void);
struct xcall *xcall_open_backend(xcall_backend_fn *fn, void *ctx);
void xcall_close(struct xcall *xc);

long xcall_hypercall(struct xcall *xc, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2,
		     uint64_t a3, uint64_t a4);

void *xcall_alloc(struct xcall *xc, size_t len);
void xcall_free(struct xcall *xc, void *p, size_t len);

/* The privcmd file descriptor, or -1 for a backend handle */
int xcall_privcmd_fd(const struct xcall *xc);

#endif
