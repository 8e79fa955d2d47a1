/* SPDX-License-Identifier: MIT */
/*
 * hypercall-unknown: hypercall numbers outside hospes's table answer
 * -ENOSYS (Xen on Arm: 0..63 unknown ones, the legacy compat numbers 6, 16
 * and 19, anything >= the table size, huge x16 values), and a hypercall
 * preserves every register but x0 (xen-abi-arm64.md 1: release Xen leaves
 * x1..x4/x16 alone too; debug Xen may clobber x1..x4 and x16 of calls it
 * knows, so those are only checked for unknown numbers): x5-x15, x17-x30,
 * SP and all 32 SIMD registers, set to patterns in assembly around the HVC.
 */
#include <xen.h>

/* The numbers hospes implements (hypercall_table.h). */
static const unsigned int known[] = {
	__HYPERVISOR_platform_op, __HYPERVISOR_memory_op,  __HYPERVISOR_multicall,
	__HYPERVISOR_xen_version, __HYPERVISOR_console_io, __HYPERVISOR_grant_table_op,
	__HYPERVISOR_vm_assist,	  __HYPERVISOR_vcpu_op,	   __HYPERVISOR_sched_op,
	__HYPERVISOR_event_channel_op, __HYPERVISOR_physdev_op, __HYPERVISOR_hvm_op,
	__HYPERVISOR_sysctl,	  __HYPERVISOR_domctl,
};

/*
 * hc_regs(in, out, vin, vout): load x0..x30 from in[0..30] (x16 = hypercall
 * number) and q0..q31 from vin[0..63], HVC #0xEA1, store x0..x30 to out[]
 * and q0..q31 to vout[]. Saves and restores x19..x30 itself; SP is checked
 * implicitly (the out pointers are reloaded from the stack after the call).
 */
void hc_regs(const uint64_t *in, uint64_t *out, const uint64_t *vin, uint64_t *vout);
__asm__(".text\n"
	".global hc_regs\n"
	".type hc_regs, %function\n"
	"hc_regs:\n"
	"	sub	sp, sp, #128\n"
	"	stp	x19, x20, [sp, #0]\n"
	"	stp	x21, x22, [sp, #16]\n"
	"	stp	x23, x24, [sp, #32]\n"
	"	stp	x25, x26, [sp, #48]\n"
	"	stp	x27, x28, [sp, #64]\n"
	"	stp	x29, x30, [sp, #80]\n"
	"	stp	x1, x3, [sp, #96]\n"
	"	.irp	n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	ldr	q\\n, [x2, #(\\n * 16)]\n"
	"	.endr\n"
	"	.irp	n,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	ldr	q\\n, [x2, #(\\n * 16)]\n"
	"	.endr\n"
	"	mov	x16, x0\n"
	"	ldp	x0, x1, [x16, #0]\n"
	"	ldp	x2, x3, [x16, #16]\n"
	"	ldp	x4, x5, [x16, #32]\n"
	"	ldp	x6, x7, [x16, #48]\n"
	"	ldp	x8, x9, [x16, #64]\n"
	"	ldp	x10, x11, [x16, #80]\n"
	"	ldp	x12, x13, [x16, #96]\n"
	"	ldp	x14, x15, [x16, #112]\n"
	"	ldr	x17, [x16, #136]\n"
	"	ldp	x18, x19, [x16, #144]\n"
	"	ldp	x20, x21, [x16, #160]\n"
	"	ldp	x22, x23, [x16, #176]\n"
	"	ldp	x24, x25, [x16, #192]\n"
	"	ldp	x26, x27, [x16, #208]\n"
	"	ldp	x28, x29, [x16, #224]\n"
	"	ldr	x30, [x16, #240]\n"
	"	ldr	x16, [x16, #128]\n"
	"	hvc	#0xea1\n"
	"	sub	sp, sp, #256\n"
	"	stp	x0, x1, [sp, #0]\n"
	"	stp	x2, x3, [sp, #16]\n"
	"	stp	x4, x5, [sp, #32]\n"
	"	stp	x6, x7, [sp, #48]\n"
	"	stp	x8, x9, [sp, #64]\n"
	"	stp	x10, x11, [sp, #80]\n"
	"	stp	x12, x13, [sp, #96]\n"
	"	stp	x14, x15, [sp, #112]\n"
	"	stp	x16, x17, [sp, #128]\n"
	"	stp	x18, x19, [sp, #144]\n"
	"	stp	x20, x21, [sp, #160]\n"
	"	stp	x22, x23, [sp, #176]\n"
	"	stp	x24, x25, [sp, #192]\n"
	"	stp	x26, x27, [sp, #208]\n"
	"	stp	x28, x29, [sp, #224]\n"
	"	str	x30, [sp, #240]\n"
	"	ldp	x0, x1, [sp, #(256 + 96)]\n" /* out, vout */
	"	.irp	n,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15\n"
	"	str	q\\n, [x1, #(\\n * 16)]\n"
	"	.endr\n"
	"	.irp	n,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31\n"
	"	str	q\\n, [x1, #(\\n * 16)]\n"
	"	.endr\n"
	"	mov	x2, #0\n"
	"1:	ldr	x3, [sp, x2]\n"
	"	str	x3, [x0, x2]\n"
	"	add	x2, x2, #8\n"
	"	cmp	x2, #248\n"
	"	b.lo	1b\n"
	"	add	sp, sp, #256\n"
	"	ldp	x19, x20, [sp, #0]\n"
	"	ldp	x21, x22, [sp, #16]\n"
	"	ldp	x23, x24, [sp, #32]\n"
	"	ldp	x25, x26, [sp, #48]\n"
	"	ldp	x27, x28, [sp, #64]\n"
	"	ldp	x29, x30, [sp, #80]\n"
	"	add	sp, sp, #128\n"
	"	ret\n"
	".size hc_regs, . - hc_regs\n");

static uint64_t pattern(unsigned int reg)
{
	return 0xa5000000c0de0000UL | ((uint64_t)reg << 40) | (reg * 0x0101U);
}

/*
 * Call hypercall @nr with x0..x4 = @args, every other register patterned;
 * expect x0 == @want and every register but x0 (and x1-x4, x16 unless
 * @all_regs) unchanged.
 */
static void check_regs(uint64_t nr, const uint64_t args[5], long want, bool all_regs,
		       const char *what)
{
	static uint64_t in[31], out[31], vin[64], vout[64];

	for (unsigned int r = 0; r < 31; r++)
		in[r] = pattern(r);
	for (unsigned int r = 0; r < 5; r++)
		in[r] = args[r];
	in[16] = nr;
	for (unsigned int i = 0; i < 64; i++) {
		vin[i] = ~pattern(i) ^ 0x5555;
		vout[i] = 0;
	}
	memset(out, 0, sizeof(out));
	hc_regs(in, out, vin, vout);

	expect_eq((long)out[0], want, "%s: x0", what);
	for (unsigned int r = 1; r < 31; r++) {
		if (!all_regs && (r <= 4 || r == 16))
			continue;
		expect_eq((long long)out[r], (long long)in[r], "%s: x%u after the hypercall", what,
			  r);
	}
	for (unsigned int i = 0; i < 64; i++)
		expect_eq((long long)vout[i], (long long)vin[i], "%s: q%u (%s half)", what, i / 2,
			  i & 1 ? "high" : "low");
}

static bool is_known(uint64_t nr)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(known); i++)
		if (known[i] == nr)
			return true;
	return false;
}

void test_main(void)
{
	static const uint64_t huge[] = {
		64, 100, 1000, 0xffff, 0x10000 + __HYPERVISOR_xen_version, 1UL << 32,
		(1UL << 32) | __HYPERVISOR_xen_version, 1UL << 40, 1UL << 63, ~0UL,
	};
	const uint64_t zero[5] = { 0 };
	const uint64_t junk[5] = { 0x1111, 0x2222, 0x3333, 0x4444, 0x5555 };
	unsigned int unknown = 0;

	xen_require();

	for (uint64_t nr = 0; nr < 64; nr++) {
		if (is_known(nr))
			continue;
		expect_eq(xen_hypercall(nr, 0, 0, 0, 0, 0), -XEN_ENOSYS, "hypercall %lu",
			  (unsigned long)nr);
		expect_eq(xen_hypercall(nr, ~0UL, 1, 2, 3, 4), -XEN_ENOSYS,
			  "hypercall %lu with junk arguments", (unsigned long)nr);
		unknown++;
	}
	/* The legacy compat numbers Xen on Arm deliberately refuses. */
	expect_eq(xen_hypercall(__HYPERVISOR_sched_op_compat, 0, 0, 0, 0, 0), -XEN_ENOSYS,
		  "sched_op_compat (6)");
	expect_eq(xen_hypercall(__HYPERVISOR_event_channel_op_compat, 0, 0, 0, 0, 0), -XEN_ENOSYS,
		  "event_channel_op_compat (16)");
	expect_eq(xen_hypercall(__HYPERVISOR_physdev_op_compat, 0, 0, 0, 0, 0), -XEN_ENOSYS,
		  "physdev_op_compat (19)");
	for (unsigned int i = 0; i < ARRAY_SIZE(huge); i++)
		expect_eq(xen_hypercall(huge[i], XENVER_version, 0, 0, 0, 0), -XEN_ENOSYS,
			  "hypercall %#lx", (unsigned long)huge[i]);

	/* Unknown numbers: all of x1..x30 preserved, x0 = -ENOSYS. */
	check_regs(1, junk, -XEN_ENOSYS, true, "hypercall 1 (unknown)");
	check_regs(__HYPERVISOR_sched_op_compat, junk, -XEN_ENOSYS, true, "hypercall 6");
	check_regs(1UL << 40, junk, -XEN_ENOSYS, true, "hypercall 2^40");
	/* Known ones: x5..x15, x17..x30, SP, SIMD preserved. */
	check_regs(__HYPERVISOR_xen_version, zero, 0x00040011, false, "xen_version(version)");
	{
		const uint64_t a[5] = { 99, 0, 0, 0, 0 };

		check_regs(__HYPERVISOR_xen_version, a, -XEN_ENOSYS, false, "xen_version(99)");
	}
	{
		const uint64_t a[5] = { XENVER_extraversion, 0x10000000, 0, 0, 0 };

		check_regs(__HYPERVISOR_xen_version, a, -XEN_EFAULT, false,
			   "xen_version(extraversion, bad pointer)");
	}
	{
		const uint64_t a[5] = { SCHEDOP_yield, 0, 0, 0, 0 };

		check_regs(__HYPERVISOR_sched_op, a, 0, false, "sched_op(yield)");
	}

	test_result(SUCCESS, "%u unknown numbers below 64 and %zu huge ones -ENOSYS; registers "
			     "preserved",
		    unknown, ARRAY_SIZE(huge));
}
