/* SPDX-License-Identifier: MIT */
/*
 * 2-level event-channel ABI (Xen event_2l.c; docs xen-abi-arm64.md 4.4).
 *
 * Port p is bit p % 64 of word p / 64 in shared_info.evtchn_pending and
 * evtchn_mask; bit p / 64 of a vCPU's vcpu_info.evtchn_pending_sel says that
 * word may hold work for that vCPU. The guest owns the mask bits and clears
 * pending bits and selectors; the hypervisor only sets them. All of these
 * words are shared with a running guest, so every access is atomic and the
 * steps happen in the order below (each test-and-set is a full barrier).
 * Callers hold the domain's evtchn lock and pass ports < 4096.
 */
#include <hyp/evtchn.h>

#define WORD_BITS 64U

static bool test_and_set(xen_ulong_t *word, unsigned bit)
{
	xen_ulong_t m = (xen_ulong_t)1 << bit;

	return (__atomic_fetch_or(word, m, __ATOMIC_SEQ_CST) & m) != 0;
}

static bool test_and_clear(xen_ulong_t *word, unsigned bit)
{
	xen_ulong_t m = (xen_ulong_t)1 << bit;

	return (__atomic_fetch_and(word, ~m, __ATOMIC_SEQ_CST) & m) != 0;
}

static bool test(xen_ulong_t *word, unsigned bit)
{
	return (__atomic_load_n(word, __ATOMIC_SEQ_CST) >> bit) & 1;
}

static struct shared_info *shinfo(struct evtchn_domain *d)
{
	return d->hooks->shared_info(d);
}

/* Set the selector bit of @port's word for @vcpu; on a 0 -> 1 change mark
 * events pending on the vCPU. */
static inline __attribute__((always_inline)) void select_word(struct evtchn_domain *d,
								uint32_t port, unsigned vcpu)
{
	struct vcpu_info *vi = d->hooks->vcpu_info(d, vcpu);

	if (vi && !test_and_set(&vi->evtchn_pending_sel, port / WORD_BITS))
		evtchn_upcall_vi_locked(d, vcpu, vi);
}

/**
 * evtchn_2l_set_pending() - raise @port on @vcpu: set the pending bit; if it
 * was clear and the port is unmasked, set the selector bit and, if that was
 * clear too, mark events pending on the vCPU.
 */
void evtchn_2l_set_pending(struct evtchn_domain *d, uint32_t port, unsigned vcpu)
{
	struct shared_info *s;
	unsigned w = port / WORD_BITS, b = port % WORD_BITS;

	if (port > EVTCHN_2L_MAX_PORT)
		return;
	s = shinfo(d);
	/* Already pending (a plain read first): nothing changes, no atomic needed. */
	if (test(&s->evtchn_pending[w], b) || test_and_set(&s->evtchn_pending[w], b))
		return;
	evtchn_raised_locked(d);
	if (!test(&s->evtchn_mask[w], b))
		select_word(d, port, vcpu);
}

/** Clear @port's pending bit (the port is being closed). */
void evtchn_2l_clear_pending(struct evtchn_domain *d, uint32_t port)
{
	if (port > EVTCHN_2L_MAX_PORT)
		return;
	test_and_clear(&shinfo(d)->evtchn_pending[port / WORD_BITS], port % WORD_BITS);
}

/**
 * evtchn_2l_unmask() - EVTCHNOP_unmask: clear the mask bit; if it was set,
 * the port is pending and the selector bit of @vcpu (the port's notify
 * vCPU) was clear, mark events pending on @vcpu.
 */
void evtchn_2l_unmask(struct evtchn_domain *d, uint32_t port, unsigned vcpu)
{
	struct shared_info *s = shinfo(d);
	unsigned w = port / WORD_BITS, b = port % WORD_BITS;

	if (port > EVTCHN_2L_MAX_PORT)
		return;
	if (test_and_clear(&s->evtchn_mask[w], b) && test(&s->evtchn_pending[w], b))
		select_word(d, port, vcpu);
}

/** Whether @port's pending bit is set. */
bool evtchn_2l_is_pending(struct evtchn_domain *d, uint32_t port)
{
	return port <= EVTCHN_2L_MAX_PORT &&
	       test(&shinfo(d)->evtchn_pending[port / WORD_BITS], port % WORD_BITS);
}

/** Whether @port is masked (ports the ABI cannot name count as masked). */
bool evtchn_2l_is_masked(struct evtchn_domain *d, uint32_t port)
{
	return port > EVTCHN_2L_MAX_PORT ||
	       test(&shinfo(d)->evtchn_mask[port / WORD_BITS], port % WORD_BITS);
}
