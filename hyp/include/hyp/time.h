/* SPDX-License-Identifier: MIT */
/*
 * Time: the architected counter (CNTPCT) converted to nanoseconds since the
 * counter started, plus one-shot software timers kept per pCPU and driven by
 * the EL2 physical timer (CNTHP). A timer callback runs on the pCPU the timer
 * was set on, with interrupts masked.
 */
#ifndef HYP_TIME_H
#define HYP_TIME_H

#include <hyp/list.h>
#include <hyp/types.h>

typedef int64_t s_time_t; /* nanoseconds */

#define MILLISECS(ms) ((s_time_t)(ms) * 1000000LL)
#define MICROSECS(us) ((s_time_t)(us) * 1000LL)
#define SECONDS(s) ((s_time_t)(s) * 1000000000LL)

s_time_t NOW(void);
uint64_t ns_to_ticks(s_time_t ns);
s_time_t ticks_to_ns(uint64_t ticks);
uint64_t counter_read(void);
uint32_t counter_freq(void);
void time_init(void);

struct timer {
	struct list_head link;
	s_time_t expires;
	void (*fn)(void *data);
	void *data;
	int cpu;     /* pCPU whose queue holds it, -1 if none */
	bool active;
};

void timer_init(struct timer *t, void (*fn)(void *), void *data);
void timer_set(struct timer *t, s_time_t expires); /* on the current pCPU */
void timer_stop(struct timer *t);
void timer_softirq(void); /* run expired timers on this pCPU */
void timer_cpu_init(void);

#endif
