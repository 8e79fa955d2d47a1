/* SPDX-License-Identifier: MIT */
/*
 * gdb-target: a guest for the debugger test (tests/system/diag-dom0.toml,
 * `hx gdbsx` driven by tests/toolstack/gdbclient.c in dom0). After one
 * line it loops for ever, with interrupts masked, in gdb_target_loop:
 *
 *   gdb_target_loop:  add x19, x19, #1            counter in a register
 *   gdb_target_store: str x19, [x20]              ... and in gdb_target_counter
 *   gdb_target_back:  b   gdb_target_loop
 *
 * The test reads these addresses from this guest's ELF symbol table: a
 * single step from any of them lands on the next (or on the branch
 * target), a breakpoint at gdb_target_loop is hit on the next iteration,
 * and gdb_target_counter is guest memory the debugger reads and writes.
 */
#include <guest.h>

volatile uint64_t gdb_target_counter;

void test_main(void)
{
	guest_printf("gdb-target: looping in gdb_target_loop, counter at %p\n",
		     (void *)&gdb_target_counter);
	__asm__ volatile("msr daifset, #0xf\n\t"
			 "mov x19, #0\n\t"
			 "mov x20, %0\n"
			 ".global gdb_target_loop\n"
			 "gdb_target_loop:\n\t"
			 "add x19, x19, #1\n"
			 ".global gdb_target_store\n"
			 "gdb_target_store:\n\t"
			 "str x19, [x20]\n"
			 ".global gdb_target_back\n"
			 "gdb_target_back:\n\t"
			 "b gdb_target_loop"
			 :
			 : "r"(&gdb_target_counter)
			 : "x19", "x20", "memory");
	__builtin_unreachable();
}
