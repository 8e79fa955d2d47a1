/* SPDX-License-Identifier: MIT */
/* Hang detection (hyp/core/watchdog.c). */
#ifndef HYP_WATCHDOG_H
#define HYP_WATCHDOG_H

#include <hyp/types.h>

void watchdog_cpu_start(void);
void watchdog_touch(void);
bool watchdog_cpu_stuck(unsigned cpu);

#endif
