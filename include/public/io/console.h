/* SPDX-License-Identifier: MIT */
/*
 * The PV console ring page (Xen public io/console.h; docs xen-abi-arm64.md
 * section 6.2), located through HVM_PARAM_CONSOLE_PFN/_EVTCHN.
 *
 * in[] carries backend -> guest bytes, out[] guest -> backend. Indices are
 * free-running 32-bit byte counters masked with the array size; a producer
 * copies data, issues a write barrier, then advances its *_prod, and
 * notifies the peer over the console event channel. prod - cons never
 * exceeds the array size.
 */
#ifndef XEN_PUBLIC_IO_CONSOLE_H
#define XEN_PUBLIC_IO_CONSOLE_H

#include <stdint.h>

#include "../abi_check.h"

typedef uint32_t XENCONS_RING_IDX;

/* Position in `ring` (one of the arrays below) of free-running index idx */
#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

#define XENCONS_IN_SIZE 1024
#define XENCONS_OUT_SIZE 2048

/** struct xencons_interface - first 3088 bytes of the console ring page */
struct xencons_interface {
	char in[XENCONS_IN_SIZE];
	char out[XENCONS_OUT_SIZE];
	XENCONS_RING_IDX in_cons;  /* written by the guest */
	XENCONS_RING_IDX in_prod;  /* written by the backend */
	XENCONS_RING_IDX out_cons; /* written by the backend */
	XENCONS_RING_IDX out_prod; /* written by the guest */
};
XEN_CHECK_SIZE(struct xencons_interface, 3088);
XEN_CHECK_OFFSET(struct xencons_interface, in, 0);
XEN_CHECK_OFFSET(struct xencons_interface, out, 1024);
XEN_CHECK_OFFSET(struct xencons_interface, in_cons, 3072);
XEN_CHECK_OFFSET(struct xencons_interface, in_prod, 3076);
XEN_CHECK_OFFSET(struct xencons_interface, out_cons, 3080);
XEN_CHECK_OFFSET(struct xencons_interface, out_prod, 3084);

#endif /* XEN_PUBLIC_IO_CONSOLE_H */
