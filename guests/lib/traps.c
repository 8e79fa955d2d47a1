/* SPDX-License-Identifier: MIT */
/*
 * Exception handling for the micro-guests. start.S saves a struct exc_frame
 * and calls guest_exception() with the vector slot (Arm ARM D1.10.2 order:
 * 0-3 current EL/SP_EL0, 4-7 current EL/SP_ELx, 8-15 lower EL). Only
 * synchronous exceptions and IRQs at EL1h are expected; anything else ends
 * the test with FAILURE. IRQs are acknowledged through ICC_IAR1_EL1,
 * dispatched to the handler registered for the INTID and completed with
 * ICC_EOIR1_EL1 (EOImode 0: priority drop and deactivation).
 */
#include <guest.h>

#define ICC_IAR1_EL1 S3_0_C12_C12_0
#define ICC_EOIR1_EL1 S3_0_C12_C12_1
#define IRQ_HANDLER_COUNT 64

void guest_exception(struct exc_frame *frame, unsigned long slot);

static fault_handler_t fault_handler;
static irq_handler_t irq_handlers[IRQ_HANDLER_COUNT];

static const char *const slot_names[] = {
	"sync (EL1t)", "IRQ (EL1t)", "FIQ (EL1t)", "SError (EL1t)",
	"sync",        "IRQ",        "FIQ",        "SError",
	"sync (EL0)",  "IRQ (EL0)",  "FIQ (EL0)",  "SError (EL0)",
	"sync (EL0/32)", "IRQ (EL0/32)", "FIQ (EL0/32)", "SError (EL0/32)",
};

void exc_set_fault_handler(fault_handler_t fn)
{
	__atomic_store_n(&fault_handler, fn, __ATOMIC_RELEASE);
}

void irq_set_handler(unsigned int intid, irq_handler_t fn)
{
	if (intid >= IRQ_HANDLER_COUNT)
		test_result(ERROR, "irq_set_handler: INTID %u not supported", intid);
	__atomic_store_n(&irq_handlers[intid], fn, __ATOMIC_RELEASE);
}

static void handle_irq(void)
{
	uint64_t iar = read_sysreg(ICC_IAR1_EL1);
	unsigned int intid = iar & 0xffffff;
	irq_handler_t fn;

	/* 1020-1023: special INTIDs, nothing to acknowledge. */
	if (intid >= 1020 && intid <= 1023)
		return;
	fn = intid < IRQ_HANDLER_COUNT ? __atomic_load_n(&irq_handlers[intid], __ATOMIC_ACQUIRE)
				       : NULL;
	if (!fn)
		test_fail("vCPU%u: unexpected IRQ %u", cpu_id(), intid);
	fn(intid);
	write_sysreg(ICC_EOIR1_EL1, iar);
	isb();
}

static __noreturn void unexpected(const struct exc_frame *f, unsigned long slot)
{
	test_fail("vCPU%u: unexpected %s exception: ESR %#lx ELR %#lx FAR %#lx SPSR %#lx",
		  cpu_id(), slot_names[slot & 15], (unsigned long)f->esr, (unsigned long)f->elr,
		  (unsigned long)f->far, (unsigned long)f->spsr);
}

/** C entry for every exception vector (start.S exception_common). */
void guest_exception(struct exc_frame *frame, unsigned long slot)
{
	fault_handler_t fn;

	switch (slot) {
	case 4:
		fn = __atomic_load_n(&fault_handler, __ATOMIC_ACQUIRE);
		if (fn && fn(frame))
			return;
		unexpected(frame, slot);
	case 5:
		handle_irq();
		return;
	default:
		unexpected(frame, slot);
	}
}
