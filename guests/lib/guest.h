/* SPDX-License-Identifier: MIT */
/*
 * The micro-guest test framework (in the spirit of Xen's XTF). A test is one
 * file, guests/tests/<name>/main.c, defining test_main(). The framework boots
 * it as a Linux-Image-compatible kernel at EL1 with the MMU off, gives every
 * vCPU a stack and the exception vectors, and reports exactly one line
 *
 *     HOSPES-TEST <name>: <SUCCESS|SKIP|ERROR|FAILURE> <message>
 *
 * before powering the domain off with PSCI SYSTEM_OFF. Results are ordered
 * SUCCESS < SKIP < ERROR < FAILURE and the worst one recorded wins. ERROR
 * means the test or its environment is broken; FAILURE means the hypervisor
 * misbehaved.
 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <arch.h>
#include <gic.h>
#include <lib/printf.h>
#include <lib/string.h>
#include <lock.h>
#include <platform.h>
#include <psci.h>
#include <timer.h>

enum test_status { SUCCESS, SKIP, ERROR, FAILURE };

/** Entry point of each test, called on the boot vCPU with IRQs masked. */
void test_main(void);

/** The test's name (TEST_NAME from the build). */
extern const char test_name[];

/** Guest-physical address of the DTB the hypervisor passed in x0. */
extern uintptr_t guest_dtb;

/** Record @status (worst wins) and its message without ending the test. */
void test_record(enum test_status status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** Record @status, print the final result line and power the domain off. */
__noreturn void test_result(enum test_status status, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/** Print the final line for the worst result recorded so far and power off. */
__noreturn void test_finish(void);

#define test_fail(...) test_result(FAILURE, __VA_ARGS__)

/** Formatted output to the (v)PL011; lines from several vCPUs never interleave. */
void guest_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void guest_puts(const char *s);

/** Saved state of an exception taken from EL1 (see start.S). */
struct exc_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t esr;
	uint64_t far;
	uint64_t pad;
};

/*
 * A synchronous exception is fatal (FAILURE) unless a handler is installed
 * and returns true; it may change frame->elr (e.g. += 4) to resume elsewhere.
 */
typedef bool (*fault_handler_t)(struct exc_frame *frame);
void exc_set_fault_handler(fault_handler_t fn);

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)
#define ESR_EC_DABT_CUR 0x25

/** Park this vCPU forever with interrupts masked. */
__noreturn void guest_park(void);

/*
 * Secondary vCPUs. guest_cpu_on() starts linear vCPU @cpu through PSCI
 * CPU_ON at secondary_entry with a context that makes it call fn(arg) on its
 * own stack (exception vectors installed, IRQs masked); when fn returns the
 * vCPU calls PSCI CPU_OFF. Returns the PSCI result of CPU_ON.
 */
struct guest_cpu_boot {
	uint64_t magic;
	void (*fn)(void *arg);
	void *arg;
};
#define GUEST_CPU_BOOT_MAGIC 0x746f6f4273657068UL

int32_t guest_cpu_on(unsigned int cpu, void (*fn)(void *arg), void *arg);
/** PSCI CPU_ON entry point for a context built by hand (struct guest_cpu_boot). */
extern char secondary_entry[];
/** The x0 that linear vCPU @cpu last started with (0 if never started). */
uintptr_t guest_cpu_entry_ctx(unsigned int cpu);

#endif
