/* SPDX-License-Identifier: MIT */
/* arch_this_cpu_id() of the host test arches (host.c, sim.c): out of line. */
#ifndef ASM_CPU_ID_H
#define ASM_CPU_ID_H

int arch_this_cpu_id(void);

#endif
