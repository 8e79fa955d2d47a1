/* SPDX-License-Identifier: MIT */
/*
 * errloc: deliberately bad hypercalls for the debug build's error-return
 * records (tests/guest/errloc.toml boots build/debug/hospes): a domctl
 * from an unprivileged domain (-EPERM) and an unknown hypercall number
 * (-ENOSYS). The guest checks the errors; the runner checks that the
 * hypervisor logged each one with the file:line of its ERR() site, and
 * that debug key 'x' (typed by the runner once the calls are made) lists
 * them. The guest waits a few seconds before powering off so the key is
 * served while the machine still runs.
 */
#include <xen.h>
#include <timer.h>

#define UNKNOWN_HYPERCALL 63

void test_main(void)
{
	uint8_t buf[256] = { 0 };
	long rc;

	xen_require();
	expect_continue(true);
	rc = xen_hypercall(__HYPERVISOR_domctl, (uint64_t)(uintptr_t)buf, 0, 0, 0, 0);
	expect_eq(rc, -XEN_EPERM, "domctl from an unprivileged domain");
	rc = xen_hypercall(UNKNOWN_HYPERCALL, 0x1234, 0, 0, 0, 0);
	expect_eq(rc, -XEN_ENOSYS, "hypercall %u", UNKNOWN_HYPERCALL);
	guest_printf("errloc: bad hypercalls made\n");
	mdelay(3000);
	if (expect_failures())
		test_fail("%u unexpected results", expect_failures());
	test_result(SUCCESS, "domctl -EPERM and hypercall %u -ENOSYS returned", UNKNOWN_HYPERCALL);
}
