/* SPDX-License-Identifier: MIT */
/*
 * PV console ring, backend side. Indices are free-running 32-bit counters
 * masked by the array size; prod - cons never exceeds the size unless the
 * guest corrupted them, in which case nothing is copied (a backend must not
 * trust the guest). Consumer: read prod, read barrier, copy, full barrier,
 * publish cons. Producer: copy, write barrier, publish prod.
 */
#include "cring.h"

static uint32_t load_idx(const volatile uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/** cring_read_out - consume guest output */
long cring_read_out(struct xencons_interface *r, char *buf, size_t len)
{
	uint32_t cons = load_idx(&r->out_cons), prod = load_idx(&r->out_prod), avail;
	size_t n = 0;

	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	avail = prod - cons;
	if (avail > XENCONS_OUT_SIZE)
		return -1;
	while (n < len && cons != prod) {
		buf[n++] = r->out[MASK_XENCONS_IDX(cons, r->out)];
		cons++;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	__atomic_store_n(&r->out_cons, cons, __ATOMIC_RELAXED);
	return (long)n;
}

/** cring_write_in - produce guest input */
long cring_write_in(struct xencons_interface *r, const char *buf, size_t len)
{
	uint32_t cons = load_idx(&r->in_cons), prod = load_idx(&r->in_prod);
	size_t n = 0;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (prod - cons > XENCONS_IN_SIZE)
		return -1;
	while (n < len && prod - cons < XENCONS_IN_SIZE) {
		r->in[MASK_XENCONS_IDX(prod, r->in)] = buf[n++];
		prod++;
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);
	__atomic_store_n(&r->in_prod, prod, __ATOMIC_RELAXED);
	return (long)n;
}
