/* SPDX-License-Identifier: MIT */
/* Assembler helpers shared by the .S files. */
#ifndef ASM_ASM_H
#define ASM_ASM_H

#ifdef __ASSEMBLY__
/* PC-relative address of a symbol anywhere within +-4 GiB. */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm
#endif

#endif
