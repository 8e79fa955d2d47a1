/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for <asm/stage2.h>: the arm64 header is plain portable C, so
 * host unit tests use it unchanged (one definition, no drift).
 */
#ifndef FAKE_ASM_STAGE2_H
#define FAKE_ASM_STAGE2_H

#include "../../../arm64/include/asm/stage2.h"

#endif
