/* SPDX-License-Identifier: MIT */
/*
 * hvm-op: __HYPERVISOR_hvm_op as Xen on Arm implements it (arch/arm/hvm.c):
 * HVMOP_get_param/set_param with hvm_allow_get_param/hvm_allow_set_param.
 * A domU reads CALLBACK_IRQ (the PPI 31 upcall: type PPI, low-level),
 * STORE_PFN/STORE_EVTCHN (0 with xen,enhanced = "no-xenstore") and its PV
 * console (CONSOLE_PFN 0x39000, CONSOLE_EVTCHN a bound port); MONITOR_RING_PFN
 * is -EPERM for itself, any other index (holes, out of range) -EINVAL; it may
 * set nothing (-EPERM for the toolstack's parameters, -EINVAL otherwise).
 * The domain is looked up (-ESRCH, then -EPERM for d2, the canary) before
 * the index is judged. Other ops are -ENOSYS, except guest_request_vm_event
 * (24), which Xen on Arm accepts with a NULL argument.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL)
#define NO_DOMAIN 0x7000
#define CANARY_DOMID 2
#define CALLBACK_PPI31 0x020000000000021FUL /* type PPI << 56 | low-level << 8 | 31 */

static long param(unsigned int op, domid_t domid, uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = domid, .index = index, .value = *value };
	long rc = xen_hvm_op(op, &p);

	*value = p.value;
	return rc;
}

static uint64_t get_ok(uint32_t index, const char *name)
{
	uint64_t v = 0xdeadbeef;

	expect_eq(param(HVMOP_get_param, DOMID_SELF, index, &v), 0, "get_param(%s)", name);
	return v;
}

static bool self_readable(uint32_t index)
{
	return index == HVM_PARAM_CALLBACK_IRQ || index == HVM_PARAM_STORE_PFN ||
	       index == HVM_PARAM_STORE_EVTCHN || index == HVM_PARAM_CONSOLE_PFN ||
	       index == HVM_PARAM_CONSOLE_EVTCHN;
}

void test_main(void)
{
	static const uint32_t bad_index[] = { HVM_NR_PARAMS, 100, 0x80000000U, 0xffffffffU };
	struct evtchn_status st;
	uint64_t v, console_port;
	struct xen_hvm_param p;

	xen_require();
	expect_continue(true);

	expect_eq((long long)get_ok(HVM_PARAM_CALLBACK_IRQ, "CALLBACK_IRQ"),
		  (long long)CALLBACK_PPI31, "CALLBACK_IRQ");
	expect_eq((long long)get_ok(HVM_PARAM_STORE_PFN, "STORE_PFN"), 0,
		  "STORE_PFN without xenstore");
	expect_eq((long long)get_ok(HVM_PARAM_STORE_EVTCHN, "STORE_EVTCHN"), 0,
		  "STORE_EVTCHN without xenstore");
	expect_eq((long long)get_ok(HVM_PARAM_CONSOLE_PFN, "CONSOLE_PFN"), XEN_CONSOLE_GFN,
		  "CONSOLE_PFN");
	console_port = get_ok(HVM_PARAM_CONSOLE_EVTCHN, "CONSOLE_EVTCHN");
	expect_true(console_port != 0 && console_port < 1024, "CONSOLE_EVTCHN %lu is a port",
		    (unsigned long)console_port);
	expect_eq(xen_evtchn_status(DOMID_SELF, (evtchn_port_t)console_port, &st), 0,
		  "EVTCHNOP_status(CONSOLE_EVTCHN)");
	expect_true(st.status == EVTCHNSTAT_interdomain || st.status == EVTCHNSTAT_unbound,
		    "CONSOLE_EVTCHN is bound (status %u)", st.status);
	v = 0;
	expect_eq(param(HVMOP_get_param, xen_own_domid(), HVM_PARAM_CONSOLE_PFN, &v), 0,
		  "get_param(own domid, CONSOLE_PFN)");
	expect_eq((long long)v, XEN_CONSOLE_GFN, "CONSOLE_PFN through the own domid");

	/* One report per kind of mismatch: the loops stop at the first. */
	for (uint32_t i = 0; i < HVM_NR_PARAMS; i++) {
		long want = self_readable(i) ? 0
			    : i == HVM_PARAM_MONITOR_RING_PFN ? -XEN_EPERM
							       : -XEN_EINVAL;

		v = 0;
		if (!expect_eq(param(HVMOP_get_param, DOMID_SELF, i, &v), want, "get_param(%u)", i))
			break;
	}
	for (uint32_t i = 0; i < HVM_NR_PARAMS; i++) {
		long want = self_readable(i) || i == HVM_PARAM_MONITOR_RING_PFN ? -XEN_EPERM
									       : -XEN_EINVAL;

		v = 0x1000;
		if (!expect_eq(param(HVMOP_set_param, DOMID_SELF, i, &v), want,
			       "set_param(self, %u)", i))
			break;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(bad_index); i++) {
		v = 0;
		expect_eq(param(HVMOP_get_param, DOMID_SELF, bad_index[i], &v), -XEN_EINVAL,
			  "get_param(index %#x)", bad_index[i]);
		expect_eq(param(HVMOP_set_param, DOMID_SELF, bad_index[i], &v), -XEN_EINVAL,
			  "set_param(index %#x)", bad_index[i]);
	}
	/* The console page did not move after all those refused sets. */
	expect_eq((long long)get_ok(HVM_PARAM_CONSOLE_PFN, "CONSOLE_PFN"), XEN_CONSOLE_GFN,
		  "CONSOLE_PFN after the refused set_param calls");

	v = 0;
	expect_eq(param(HVMOP_get_param, NO_DOMAIN, HVM_PARAM_CONSOLE_PFN, &v), -XEN_ESRCH,
		  "get_param(domid %#x)", NO_DOMAIN);
	expect_eq(param(HVMOP_get_param, NO_DOMAIN, 1000, &v), -XEN_ESRCH,
		  "get_param(domid %#x, index 1000): the domain is looked up first", NO_DOMAIN);
	expect_eq(param(HVMOP_get_param, CANARY_DOMID, HVM_PARAM_CONSOLE_PFN, &v), -XEN_EPERM,
		  "get_param(d2, CONSOLE_PFN)");
	expect_eq(param(HVMOP_set_param, CANARY_DOMID, HVM_PARAM_CONSOLE_PFN, &v), -XEN_EPERM,
		  "set_param(d2, CONSOLE_PFN)");
	expect_eq(xen_hvm_op(HVMOP_get_param, BAD_PTR), -XEN_EFAULT, "get_param(bad pointer)");
	expect_eq(xen_hvm_op(HVMOP_set_param, BAD_PTR), -XEN_EFAULT, "set_param(bad pointer)");

	memset(&p, 0, sizeof(p));
	p.domid = DOMID_SELF;
	p.index = HVM_PARAM_CONSOLE_PFN;
	expect_eq(xen_hvm_op(2, &p), -XEN_ENOSYS, "hvm_op 2");
	expect_eq(xen_hvm_op(HVMOP_flush_tlbs, NULL), -XEN_ENOSYS, "hvm_op flush_tlbs");
	expect_eq(xen_hvm_op(HVMOP_set_evtchn_upcall_vector, &p), -XEN_ENOSYS,
		  "hvm_op set_evtchn_upcall_vector (x86)");
	expect_eq(xen_hvm_op(HVMOP_altp2m, &p), -XEN_ENOSYS, "hvm_op altp2m");
	expect_eq(xen_hvm_op(99, &p), -XEN_ENOSYS, "hvm_op 99");
	/* Xen's op is an unsigned long: no truncation to get_param. */
	expect_eq(xen_hypercall(__HYPERVISOR_hvm_op, (1UL << 32) | HVMOP_get_param, XEN_PTR(&p), 0,
				0, 0),
		  -XEN_ENOSYS, "hvm_op 2^32 + get_param");
	expect_eq(xen_hvm_op(HVMOP_guest_request_vm_event, NULL), 0,
		  "hvm_op guest_request_vm_event(NULL)");
	expect_eq(xen_hvm_op(HVMOP_guest_request_vm_event, &p), -XEN_EINVAL,
		  "hvm_op guest_request_vm_event(non-NULL)");

	test_result(SUCCESS, "console %#lx port %lu, callback %#lx, no xenstore, refusals as Xen "
			     "on Arm",
		    XEN_CONSOLE_GFN, (unsigned long)console_port, CALLBACK_PPI31);
}
