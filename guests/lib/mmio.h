/* SPDX-License-Identifier: MIT */
/*
 * MMIO accessors. Each access is one plain LDR/STR with a base register and
 * no writeback, so a trapping hypervisor gets a valid ESR_EL2.ISS syndrome
 * (ISV=1) to emulate it; volatile C pointers give no such guarantee.
 */
#ifndef GUEST_MMIO_H
#define GUEST_MMIO_H

#include <hyp/types.h>

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write64(uintptr_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

#endif
