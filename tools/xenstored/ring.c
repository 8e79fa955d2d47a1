/* SPDX-License-Identifier: MIT */
/*
 * Server side of the xenstore ring page (Xen docs/misc/xenstore-ring.txt,
 * public io/xs_wire.h; docs xen-abi-arm64.md section 6.1).
 *
 * The page holds two 1 KiB byte rings with free-running 32-bit indices:
 * xenstored consumes req[] (advancing req_cons) and produces rsp[]
 * (advancing rsp_prod). Both indices of a ring are read once per call and
 * checked (prod - cons <= 1024, else the guest corrupted them: -1). The
 * consumer copies the bytes before publishing the new cons; the producer
 * copies before publishing the new prod (acquire loads, release stores).
 */
#include <string.h>

#include "xenstored.h"

static uint32_t load_idx(const XENSTORE_RING_IDX *p)
{
	return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

static void store_idx(XENSTORE_RING_IDX *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/** ring_read() - take up to len request bytes; bytes taken, or -1 */
int ring_read(struct xenstore_domain_interface *intf, void *buf, unsigned int len)
{
	uint32_t cons = load_idx(&intf->req_cons), prod = load_idx(&intf->req_prod);
	unsigned int done = 0;

	if (prod - cons > XENSTORE_RING_SIZE)
		return -1;
	while (done < len && cons != prod) {
		uint32_t off = MASK_XENSTORE_IDX(cons);
		uint32_t chunk = XENSTORE_RING_SIZE - off;

		if (chunk > prod - cons)
			chunk = prod - cons;
		if (chunk > len - done)
			chunk = len - done;
		memcpy((char *)buf + done, intf->req + off, chunk);
		done += chunk;
		cons += chunk;
	}
	store_idx(&intf->req_cons, cons);
	return done;
}

/** ring_write() - put up to len response bytes; bytes put, or -1 */
int ring_write(struct xenstore_domain_interface *intf, const void *buf, unsigned int len)
{
	uint32_t cons = load_idx(&intf->rsp_cons), prod = load_idx(&intf->rsp_prod);
	unsigned int done = 0;

	if (prod - cons > XENSTORE_RING_SIZE)
		return -1;
	while (done < len && prod - cons < XENSTORE_RING_SIZE) {
		uint32_t off = MASK_XENSTORE_IDX(prod);
		uint32_t chunk = XENSTORE_RING_SIZE - off;

		if (chunk > XENSTORE_RING_SIZE - (prod - cons))
			chunk = XENSTORE_RING_SIZE - (prod - cons);
		if (chunk > len - done)
			chunk = len - done;
		memcpy(intf->rsp + off, (const char *)buf + done, chunk);
		done += chunk;
		prod += chunk;
	}
	store_idx(&intf->rsp_prod, prod);
	return done;
}

bool ring_has_input(const struct xenstore_domain_interface *intf)
{
	return load_idx(&intf->req_prod) != load_idx(&intf->req_cons);
}

bool ring_has_space(const struct xenstore_domain_interface *intf)
{
	return load_idx(&intf->rsp_prod) - load_idx(&intf->rsp_cons) != XENSTORE_RING_SIZE;
}
