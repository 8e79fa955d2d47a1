/* SPDX-License-Identifier: MIT */
/*
 * The generic split-driver shared ring (Xen public io/ring.h; docs
 * xen-abi-arm64.md section 6.3), reduced to its layout and arithmetic.
 *
 * A ring page starts with a 64-byte header (producer indices and the
 * event thresholds each side arms) followed by an array of request/response
 * slots; the slot count is the largest power of two that fits. Indices are
 * free-running and masked with (slots - 1). After publishing a new
 * producer index, notify the peer iff the peer's *_event lies in
 * (old, new].
 */
#ifndef XEN_PUBLIC_IO_RING_H
#define XEN_PUBLIC_IO_RING_H

#include <stddef.h>
#include <stdint.h>

#include "../abi_check.h"

typedef uint32_t RING_IDX;

/** struct xen_sring_header - what precedes the slots of every shared ring */
struct xen_sring_header {
	RING_IDX req_prod;
	RING_IDX req_event; /* frontend wants an event when req_prod passes this */
	RING_IDX rsp_prod;
	RING_IDX rsp_event; /* frontend wants an event when rsp_prod passes this */
	uint8_t pvt_pad[4]; /* protocol-private byte(s) (netif smartpoll, ...) */
	uint8_t pad[44];
};
XEN_CHECK_SIZE(struct xen_sring_header, 64);
XEN_CHECK_OFFSET(struct xen_sring_header, req_prod, 0);
XEN_CHECK_OFFSET(struct xen_sring_header, req_event, 4);
XEN_CHECK_OFFSET(struct xen_sring_header, rsp_prod, 8);
XEN_CHECK_OFFSET(struct xen_sring_header, rsp_event, 12);
XEN_CHECK_OFFSET(struct xen_sring_header, pvt_pad, 16);
XEN_CHECK_OFFSET(struct xen_sring_header, pad, 20);

#define XEN_SRING_HEADER_SIZE 64

/* Largest power of two <= n (0 for n == 0) */
static inline uint32_t xen_ring_rounddown_pow2(uint32_t n)
{
	uint32_t p = 1;

	if (n == 0)
		return 0;
	while (p <= n / 2)
		p <<= 1;
	return p;
}

/* Number of slots of entry_size bytes in a ring occupying area_size bytes */
static inline uint32_t xen_ring_slots(size_t area_size, size_t entry_size)
{
	if (area_size <= XEN_SRING_HEADER_SIZE || entry_size == 0)
		return 0;
	return xen_ring_rounddown_pow2((uint32_t)((area_size - XEN_SRING_HEADER_SIZE) /
						  entry_size));
}

/* After moving a producer index old -> new: must the peer be notified? */
static inline int xen_ring_need_notify(RING_IDX old_prod, RING_IDX new_prod,
				       RING_IDX event)
{
	return (RING_IDX)(new_prod - event) < (RING_IDX)(new_prod - old_prod);
}

#endif /* XEN_PUBLIC_IO_RING_H */
