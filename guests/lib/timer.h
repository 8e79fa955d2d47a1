/* SPDX-License-Identifier: MIT */
/*
 * Generic timer helpers (Arm ARM D11): the EL1 virtual timer, the one a Xen
 * guest owns (PPI 27), and busy-wait delays on CNTVCT_EL0.
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <arch.h>

#define CNTV_CTL_ENABLE (1UL << 0)
#define CNTV_CTL_IMASK (1UL << 1)
#define CNTV_CTL_ISTATUS (1UL << 2)

static inline uint64_t timer_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/** Current virtual count; the ISB keeps it from being read early. */
static inline uint64_t timer_now(void)
{
	isb();
	return read_sysreg(cntvct_el0);
}

static inline uint64_t timer_ms_to_ticks(uint64_t ms)
{
	return timer_freq() * ms / 1000;
}

static inline uint64_t timer_ticks_to_us(uint64_t ticks)
{
	return ticks * 1000000 / timer_freq();
}

static inline void timer_set_tval(uint32_t ticks)
{
	write_sysreg(cntv_tval_el0, ticks);
	isb();
}

static inline void timer_set_cval(uint64_t cval)
{
	write_sysreg(cntv_cval_el0, cval);
	isb();
}

static inline uint64_t timer_get_cval(void)
{
	return read_sysreg(cntv_cval_el0);
}

static inline void timer_set_ctl(uint64_t ctl)
{
	write_sysreg(cntv_ctl_el0, ctl);
	isb();
}

static inline uint64_t timer_get_ctl(void)
{
	return read_sysreg(cntv_ctl_el0);
}

void udelay(uint64_t us);
void mdelay(uint64_t ms);

/*
 * Sleep in WFI until @cond(@arg) holds or @ms pass, the virtual timer
 * serving as the deadline (the caller enables its PPI, with a handler that
 * silences it). IRQs are masked on entry and exit and taken between WFIs.
 * Returns true once @cond holds, false on timeout; with a NULL @cond it just
 * sleeps @ms and returns true.
 */
bool timer_wait(bool (*cond)(void *arg), void *arg, uint64_t ms);

#endif
