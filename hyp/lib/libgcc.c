/* SPDX-License-Identifier: MIT */
/*
 * The few compiler support routines the freestanding build may call:
 * __builtin_popcount* needs a library call when FP/SIMD registers are off
 * limits (-mgeneral-regs-only), as in the hypervisor.
 */
#include <hyp/types.h>

int __popcountdi2(long long x);
int __popcountsi2(int x);

int __popcountdi2(long long x)
{
	uint64_t v = (uint64_t)x;

	v = v - ((v >> 1) & 0x5555555555555555ULL);
	v = (v & 0x3333333333333333ULL) + ((v >> 2) & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (int)((v * 0x0101010101010101ULL) >> 56);
}

int __popcountsi2(int x)
{
	return __popcountdi2((long long)(uint32_t)x);
}
