/* SPDX-License-Identifier: MIT */
/*
 * Spinlocks and atomics for multi-vCPU tests. Built on the compiler's
 * __atomic builtins (inline LDAXR/STLXR with -mno-outline-atomics). The guests
 * run with the MMU off, where exclusives target Device memory: QEMU and the
 * usual cores support that, which is all these tests need.
 */
#ifndef GUEST_LOCK_H
#define GUEST_LOCK_H

#include <arch.h>

typedef struct {
	uint32_t locked;
} guest_spinlock_t;

#define GUEST_SPINLOCK_INIT { 0 }

static inline void guest_spin_lock(guest_spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

static inline bool guest_spin_trylock(guest_spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void guest_spin_unlock(guest_spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#define atomic_read(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define atomic_set(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
/* Both return the new value. */
#define atomic_add(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define atomic_inc(p) atomic_add((p), 1)
/* Returns true and stores @new if *p == old. */
#define atomic_cmpxchg(p, old, new)                                                     \
	({                                                                              \
		__typeof__(*(p)) __o = (old);                                           \
		__atomic_compare_exchange_n((p), &__o, (new), false, __ATOMIC_SEQ_CST, \
					    __ATOMIC_SEQ_CST);                          \
	})

#endif
