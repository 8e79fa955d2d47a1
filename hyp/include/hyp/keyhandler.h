/* SPDX-License-Identifier: MIT */
/* Debug keys (hyp/core/keyhandler.c). */
#ifndef HYP_KEYHANDLER_H
#define HYP_KEYHANDLER_H

#include <hyp/types.h>

void keyhandler_init(void);
void handle_debug_key(uint8_t key);
void dump_domains(void);

#endif
