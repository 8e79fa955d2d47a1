/* SPDX-License-Identifier: MIT */
/*
 * hypercall-misc: the small hypercalls as Xen on Arm answers an unprivileged
 * domU. multicall (13): each entry runs through the hypercall table with its
 * own result, nesting is refused with -EINVAL, an unknown op gives -ENOSYS,
 * a bad list -EFAULT. vm_assist (21): only VMASST_TYPE_runstate_update_flag
 * exists (-EINVAL for other types, -ENOSYS for unknown commands).
 * platform_op (7): Xen on Arm (arch/arm/platform_hypercall.c) copies the op
 * in (-EFAULT), checks interface_version (-EACCES), then refuses a domU
 * (XSM_PRIV: -EPERM). physdev_op (33): -ENOSYS without PCI passthrough.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL)

static struct multicall_entry calls[6];

static void set_call(unsigned int i, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2)
{
	memset(&calls[i], 0, sizeof(calls[i]));
	calls[i].op = op;
	calls[i].result = 0xdeadbeefUL;
	calls[i].args[0] = a0;
	calls[i].args[1] = a1;
	calls[i].args[2] = a2;
}

static void check_multicall(void)
{
	static uint8_t extraversion[XEN_EXTRAVERSION_LEN];

	set_call(0, __HYPERVISOR_xen_version, XENVER_version, 0, 0);
	set_call(1, __HYPERVISOR_xen_version, 99, 0, 0);
	set_call(2, __HYPERVISOR_multicall, XEN_PTR(calls), 1, 0);
	set_call(3, 999, 0, 0, 0);
	set_call(4, __HYPERVISOR_sched_op, SCHEDOP_yield, 0, 0);
	set_call(5, __HYPERVISOR_xen_version, XENVER_extraversion, XEN_PTR(extraversion), 0);
	memset(extraversion, 0xa5, sizeof(extraversion));

	expect_eq(xen_hypercall(__HYPERVISOR_multicall, XEN_PTR(calls), 6, 0, 0, 0), 0,
		  "multicall of 6 entries");
	expect_eq((long)calls[0].result, 0x00040011, "multicall[0] xen_version(version)");
	expect_eq((long)calls[1].result, -XEN_ENOSYS, "multicall[1] xen_version(99)");
	expect_eq((long)calls[2].result, -XEN_EINVAL, "multicall[2] nested multicall");
	expect_eq((long)calls[3].result, -XEN_ENOSYS, "multicall[3] hypercall 999");
	expect_eq((long)calls[4].result, 0, "multicall[4] sched_op(yield)");
	expect_eq((long)calls[5].result, 0, "multicall[5] xen_version(extraversion)");
	expect_eq(extraversion[0], '.', "multicall[5] wrote its buffer (extraversion starts with '.')");
	expect_eq((long long)calls[0].op, __HYPERVISOR_xen_version, "multicall[0].op untouched");
	expect_eq((long long)calls[0].args[0], XENVER_version, "multicall[0].args untouched");

	set_call(0, __HYPERVISOR_xen_version, XENVER_version, 0, 0);
	expect_eq(xen_hypercall(__HYPERVISOR_multicall, XEN_PTR(calls), 0, 0, 0, 0), 0,
		  "multicall of 0 entries");
	expect_eq((long long)calls[0].result, 0xdeadbeefL, "multicall of 0 entries ran nothing");
	expect_eq(xen_hypercall(__HYPERVISOR_multicall, XEN_PTR(BAD_PTR), 1, 0, 0, 0),
		  -XEN_EFAULT, "multicall(bad list)");
	/* The list runs off the end of RAM after the first entry. */
	expect_eq(xen_hypercall(__HYPERVISOR_multicall, 0x44000000UL - 64, 2, 0, 0, 0),
		  -XEN_EFAULT, "multicall(list crossing the end of RAM)");
}

static void check_vm_assist(void)
{
	expect_eq(xen_hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
				VMASST_TYPE_runstate_update_flag, 0, 0, 0),
		  0, "vm_assist(enable, runstate_update_flag)");
	expect_eq(xen_hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_disable,
				VMASST_TYPE_runstate_update_flag, 0, 0, 0),
		  0, "vm_assist(disable, runstate_update_flag)");
	expect_eq(xen_hypercall(__HYPERVISOR_vm_assist, 7, VMASST_TYPE_runstate_update_flag, 0, 0,
				0),
		  -XEN_ENOSYS, "vm_assist(cmd 7, runstate_update_flag)");
	expect_eq(xen_hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
				VMASST_TYPE_writable_pagetables, 0, 0, 0),
		  -XEN_EINVAL, "vm_assist(enable, writable_pagetables)");
	expect_eq(xen_hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_enable, 64, 0, 0, 0),
		  -XEN_EINVAL, "vm_assist(enable, type 64)");
	expect_eq(xen_hypercall(__HYPERVISOR_vm_assist, 7, 64, 0, 0, 0), -XEN_EINVAL,
		  "vm_assist(cmd 7, type 64): the type is checked first");
}

static void check_platform_op(void)
{
	struct xen_platform_op op;

	memset(&op, 0, sizeof(op));
	op.cmd = XENPF_settime64;
	op.interface_version = XENPF_INTERFACE_VERSION;
	op.u.settime64.secs = 1700000000;
	expect_eq(xen_hypercall(__HYPERVISOR_platform_op, XEN_PTR(&op), 0, 0, 0, 0), -XEN_EPERM,
		  "platform_op(settime64) from a domU");
	op.cmd = 1;
	expect_eq(xen_hypercall(__HYPERVISOR_platform_op, XEN_PTR(&op), 0, 0, 0, 0), -XEN_EPERM,
		  "platform_op(cmd 1) from a domU");
	op.interface_version = 0x1234;
	expect_eq(xen_hypercall(__HYPERVISOR_platform_op, XEN_PTR(&op), 0, 0, 0, 0), -XEN_EACCES,
		  "platform_op(wrong interface_version): Xen checks the version before the "
		  "privilege");
	expect_eq(xen_hypercall(__HYPERVISOR_platform_op, XEN_PTR(BAD_PTR), 0, 0, 0, 0),
		  -XEN_EFAULT, "platform_op(bad pointer): Xen copies the op in first");
}

static void check_physdev_op(void)
{
	static const unsigned int cmds[] = { 0, 1, PHYSDEVOP_manage_pci_add,
					     PHYSDEVOP_pci_device_add, 99 };
	uint8_t arg[64] = { 0 };

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++)
		expect_eq(xen_hypercall(__HYPERVISOR_physdev_op, cmds[i], XEN_PTR(arg), 0, 0, 0),
			  -XEN_ENOSYS, "physdev_op(%u)", cmds[i]);
	expect_eq(xen_hypercall(__HYPERVISOR_physdev_op, PHYSDEVOP_pci_device_add,
				XEN_PTR(BAD_PTR), 0, 0, 0),
		  -XEN_ENOSYS, "physdev_op(pci_device_add, bad pointer)");
}

void test_main(void)
{
	xen_require();
	expect_continue(true);

	check_multicall();
	check_vm_assist();
	check_physdev_op();
	check_platform_op();

	test_result(SUCCESS, "multicall, vm_assist, physdev_op, platform_op as Xen on Arm");
}
