/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks built on compiler atomics, so the same code runs in the
 * hypervisor (AArch64, LSE or LL/SC as the compiler chooses) and in host unit
 * tests. Fair (FIFO) under contention. Lock order: docs/locking.md.
 */
#ifndef HYP_SPINLOCK_H
#define HYP_SPINLOCK_H

#include <asm/cpu_id.h> /* arch_this_cpu_id() */
#include <hyp/types.h>

typedef struct {
	uint16_t owner;
	uint16_t next;
	int16_t holder_cpu; /* diagnostics: CPU holding the lock, -1 if free */
} spinlock_t;

#define SPINLOCK_INIT { 0, 0, -1 }

void arch_cpu_relax(void);

static inline void spin_lock_init(spinlock_t *l)
{
	l->owner = 0;
	l->next = 0;
	l->holder_cpu = -1;
}

static inline void spin_lock(spinlock_t *l)
{
	uint16_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		arch_cpu_relax();
	l->holder_cpu = (int16_t)arch_this_cpu_id();
}

static inline bool spin_trylock(spinlock_t *l)
{
	uint16_t owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	uint16_t expect = owner;
	/* Only take the lock if nobody is queued: next == owner. */
	if (!__atomic_compare_exchange_n(&l->next, &expect, (uint16_t)(owner + 1), false,
					 __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	l->holder_cpu = (int16_t)arch_this_cpu_id();
	return true;
}

static inline void spin_unlock(spinlock_t *l)
{
	l->holder_cpu = -1;
	__atomic_store_n(&l->owner, (uint16_t)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

#endif
