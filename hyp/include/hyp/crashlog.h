/* SPDX-License-Identifier: MIT */
/* Crash log kept across a warm reset (hyp/core/crashlog.c). */
#ifndef HYP_CRASHLOG_H
#define HYP_CRASHLOG_H

#include <hyp/types.h>

void crashlog_init(paddr_t pa, uint64_t size);
bool crashlog_present(void);
bool crashlog_report_previous(void);
void crashlog_save(void);

#endif
