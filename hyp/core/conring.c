/* SPDX-License-Identifier: MIT */
/*
 * Console ring (see conring.h). A byte ring indexed by absolute offsets:
 * `prod` counts every byte ever written, the ring holds the last `size` of
 * them; readers keep their own offset, and an offset that fell behind the
 * oldest byte still held is moved forward (those bytes are reported lost).
 * Writers are already serialised by the console output lock; readers take
 * the same ring lock.
 */
#include <hyp/conring.h>
#include <hyp/page_alloc.h>
#include <hyp/pa.h>
#include <hyp/spinlock.h>
#include <lib/string.h>

#define EARLY_RING 16384

static char early_ring[EARLY_RING];
static char *ring = early_ring;
static uint64_t size = EARLY_RING;
static uint64_t prod;      /* bytes ever written */
static uint64_t cleared;   /* offset below which readers see nothing (clear) */
static spinlock_t lock = SPINLOCK_INIT;

static volatile bool skip_cpu[64];

/** While set on this CPU, its console output bypasses the ring (dom0's own console_io). */
void conring_skip_this_cpu(bool skip)
{
	skip_cpu[arch_this_cpu_id() & 63] = skip;
}

void conring_write(const char *s, size_t len)
{
	if (skip_cpu[arch_this_cpu_id() & 63])
		return;
	spin_lock(&lock);
	for (size_t i = 0; i < len; i++)
		ring[(prod + i) % size] = s[i];
	prod += len;
	spin_unlock(&lock);
}

void conring_setup(size_t want)
{
	unsigned order = 0;
	paddr_t pa;

	while ((PAGE_SIZE << order) < want && order < 10)
		order++;
	pa = alloc_pages_zeroed(order, NULL);
	if (pa == INVALID_PADDR)
		return;
	spin_lock(&lock);
	char *n = pa_to_va(pa);
	uint64_t nsize = PAGE_SIZE << order;
	uint64_t keep = prod < size ? prod : size;
	for (uint64_t off = prod - keep; off < prod; off++)
		n[off % nsize] = ring[off % size];
	ring = n;
	size = nsize;
	spin_unlock(&lock);
}

static uint64_t oldest_locked(void)
{
	uint64_t oldest = prod > size ? prod - size : 0;
	return oldest > cleared ? oldest : cleared;
}

size_t conring_read(char *buf, size_t len, uint64_t *index, bool clear)
{
	size_t n = 0;

	spin_lock(&lock);
	uint64_t oldest = oldest_locked();
	if (*index < oldest)
		*index = oldest;
	while (n < len && *index < prod) {
		buf[n++] = ring[*index % size];
		(*index)++;
	}
	if (clear)
		cleared = *index;
	spin_unlock(&lock);
	return n;
}

size_t conring_tail(char *buf, size_t len)
{
	uint64_t idx;

	spin_lock(&lock);
	idx = prod > len ? prod - len : 0;
	if (idx < oldest_locked())
		idx = oldest_locked();
	size_t n = 0;
	while (idx < prod)
		buf[n++] = ring[idx++ % size];
	spin_unlock(&lock);
	return n;
}

void conring_stats(uint64_t *written, uint64_t *sz, uint64_t *lost)
{
	spin_lock(&lock);
	*written = prod;
	*sz = size;
	*lost = prod > size ? prod - size : 0;
	spin_unlock(&lock);
}
