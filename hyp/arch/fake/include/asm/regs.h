/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for <asm/regs.h>: the arm64 header is plain portable C, so
 * host unit tests use it unchanged (one definition, no drift).
 */
#ifndef FAKE_ASM_REGS_H
#define FAKE_ASM_REGS_H

#include "../../../arm64/include/asm/regs.h"

#endif
