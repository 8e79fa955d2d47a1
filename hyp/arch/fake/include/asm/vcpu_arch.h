/* SPDX-License-Identifier: MIT */
/*
 * Host stand-in for <asm/vcpu_arch.h>: the arm64 header is plain portable C, so
 * host unit tests use it unchanged (one definition, no drift).
 */
#ifndef FAKE_ASM_VCPU_ARCH_H
#define FAKE_ASM_VCPU_ARCH_H

#include "../../../arm64/include/asm/vcpu_arch.h"

#endif
