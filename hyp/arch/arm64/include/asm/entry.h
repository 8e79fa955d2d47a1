/* SPDX-License-Identifier: MIT */
/*
 * Functions shared between the arm64 assembly (head.S, entry.S) and the
 * arm64 C files: exception handlers, bring-up hooks and per-CPU init.
 */
#ifndef ASM_ENTRY_H
#define ASM_ENTRY_H

#include <asm/regs.h>
#include <hyp/types.h>

struct vcpu;

/* Called from entry.S */
struct cpu_regs *guest_sync_handler(uint64_t esr);
struct cpu_regs *guest_hypercall(void);
void guest_bad_exception(int kind);
void irq_handle(struct cpu_regs *r);
void irq_handle_from_guest(void);
struct cpu_regs *leave_hypervisor(void);
void hyp_fatal_exception(struct cpu_regs *r, int kind);
void fiq_handle(struct cpu_regs *r, int from_guest);
void __noreturn enter_guest_first(void);

/* Called from head.S */
void start_hypervisor(paddr_t dtb, paddr_t load_base);
void start_secondary(unsigned cpu);

/* arm64 C internals */
void irq_set_uart(unsigned intid);
void arch_cpu_init_el2(void);
void arch_timer_cpu_init(void);
void vgic_exit_sync(struct vcpu *v);
void vgic_exit_direct(struct vcpu *v);
void vgic_enter_flush(struct vcpu *v);
void do_smccc(struct vcpu *v);
void fpsimd_save(void *state);
void fpsimd_restore(const void *state);

#endif
