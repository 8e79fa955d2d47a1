/* SPDX-License-Identifier: MIT */
/*
 * Fatal-error reporting: panic(), boot_error(), hypervisor exceptions, and
 * the register dumps and frame-pointer backtraces they print, symbolized
 * with the symbol table embedded at link time (scripts/gensyms.sh).
 */
#include <asm/entry.h>
#include <asm/sysregs.h>
#include <hyp/arch.h>
#include <hyp/cmdline.h>
#include <hyp/console.h>
#include <hyp/crashlog.h>
#include <hyp/log.h>
#include <hyp/percpu.h>
#include <lib/printf.h>

extern const uint64_t hyp_symtab[];
extern const uint64_t hyp_symtab_count;
extern char _image_start[], _etext[];

/** Name of the function containing @addr (a runtime address), or NULL. */
const char *arch_symbol(uint64_t addr, uint64_t *offset)
{
	uint64_t base = (uint64_t)(uintptr_t)_image_start;
	uint64_t off, lo = 0, hi = hyp_symtab_count;

	if (addr < base || addr >= (uint64_t)(uintptr_t)_etext || hi == 0)
		return NULL;
	off = addr - base;
	while (hi - lo > 1) {
		uint64_t mid = (lo + hi) / 2;
		if (hyp_symtab[mid * 2] <= off)
			lo = mid;
		else
			hi = mid;
	}
	if (hyp_symtab[lo * 2] > off)
		return NULL;
	*offset = off - hyp_symtab[lo * 2];
	return (const char *)hyp_symtab + hyp_symtab[lo * 2 + 1];
}

static void print_addr(const char *what, uint64_t addr)
{
	uint64_t off;
	const char *name = arch_symbol(addr, &off);

	if (name)
		printk(LOG_ERR, "  %s %016lx <%s+%#lx>", what, (unsigned long)addr, name,
		       (unsigned long)off);
	else
		printk(LOG_ERR, "  %s %016lx", what, (unsigned long)addr);
}

void arch_dump_backtrace(uint64_t fp, uint64_t pc)
{
	struct pcpu *p = this_pcpu();
	uint64_t lo = p ? p->stack_top - 16384 : 0, hi = p ? p->stack_top : ~0UL;
	extern char boot_stack_top[];

	printk(LOG_ERR, "backtrace:");
	print_addr("pc", pc);
	for (int depth = 0; depth < 32 && fp; depth++) {
		bool on_cpu_stack = fp >= lo && fp + 16 <= hi;
		bool on_boot_stack = fp >= (uint64_t)(uintptr_t)boot_stack_top - 16384 &&
				     fp + 16 <= (uint64_t)(uintptr_t)boot_stack_top;
		if ((fp & 7) || !(on_cpu_stack || on_boot_stack))
			break;
		uint64_t lr = ((uint64_t *)(uintptr_t)fp)[1];
		fp = ((uint64_t *)(uintptr_t)fp)[0];
		if (!lr)
			break;
		print_addr("lr", lr - 4);
	}
}

void arch_dump_regs(const struct cpu_regs *r, bool is_guest)
{
	for (int i = 0; i < 30; i += 3)
		printk(LOG_ERR, "  x%-2d %016lx  x%-2d %016lx  x%-2d %016lx", i,
		       (unsigned long)r->x[i], i + 1, (unsigned long)r->x[i + 1], i + 2,
		       (unsigned long)r->x[i + 2]);
	printk(LOG_ERR, "  x30 %016lx  pc  %016lx  pstate %08lx", (unsigned long)r->x[30],
	       (unsigned long)r->pc, (unsigned long)r->pstate);
	if (is_guest) {
		printk(LOG_ERR, "  SP_EL1 %016lx  SP_EL0 %016lx  ELR_EL1 %016lx", (unsigned long)READ_SYSREG(sp_el1),
		       (unsigned long)READ_SYSREG(sp_el0), (unsigned long)READ_SYSREG(elr_el1));
		printk(LOG_ERR, "  ESR_EL1 %08lx  FAR_EL1 %016lx  SCTLR_EL1 %08lx  VBAR_EL1 %016lx",
		       (unsigned long)READ_SYSREG(esr_el1), (unsigned long)READ_SYSREG(far_el1),
		       (unsigned long)READ_SYSREG(sctlr_el1), (unsigned long)READ_SYSREG(vbar_el1));
		printk(LOG_ERR, "  TTBR0 %016lx  TTBR1 %016lx  TCR %016lx", (unsigned long)READ_SYSREG(ttbr0_el1),
		       (unsigned long)READ_SYSREG(ttbr1_el1), (unsigned long)READ_SYSREG(tcr_el1));
	}
}

static volatile int panicking = -1;

static void __noreturn die(bool is_panic)
{
	arch_stop_other_cpus();
	if (is_panic) {
		crashlog_save();
		if (opt.panic_reset) {
			printk(LOG_ERR, "hospes halted: resetting the machine (panic=reset)");
			arch_machine_reset();
		}
	}
	printk(LOG_ERR, "hospes halted: powering off");
	arch_machine_off();
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int me = (int)this_cpu();
	int expect = -1;

	local_irq_disable();
	if (!__atomic_compare_exchange_n(&panicking, &expect, me, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST)) {
		for (;;)
			wfi(); /* another CPU is already reporting */
	}
	console_force_unlock();
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(LOG_ERR, "****************************************");
	printk(LOG_ERR, "PANIC on CPU%d: %s", me, msg);
	arch_dump_backtrace((uint64_t)(uintptr_t)__builtin_frame_address(0),
			    (uint64_t)(uintptr_t)&&here);
here:
	printk(LOG_ERR, "****************************************");
	die(true);
}

void boot_error(const char *node, const char *prop, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (prop && *prop)
		printk(LOG_ERR, "BOOT ERROR: %s: %s: %s", node, prop, msg);
	else
		printk(LOG_ERR, "BOOT ERROR: %s: %s", node, msg);
	printk(LOG_ERR, "hospes cannot boot this system; fix the device tree or boot modules");
	die(false);
}

/** Exception taken at EL2 itself (kind 0 bad vector, 1 SError, 2 sync): a hypervisor bug. */
void hyp_fatal_exception(struct cpu_regs *r, int kind)
{
	static const char *const kinds[] = { "unexpected exception vector", "SError",
					     "synchronous exception" };
	uint64_t esr = READ_SYSREG(esr_el2);

	console_force_unlock();
	printk(LOG_ERR, "hypervisor %s on CPU%u: ESR_EL2 %#lx (EC %#lx) FAR_EL2 %#lx", kinds[kind % 3],
	       this_cpu(), (unsigned long)esr, (unsigned long)ESR_EC(esr),
	       (unsigned long)READ_SYSREG(far_el2));
	arch_dump_regs(r, false);
	arch_dump_backtrace(r->x[29], r->pc);
	panic("fatal exception in the hypervisor");
}
