/* SPDX-License-Identifier: MIT */
/*
 * sched-op: __HYPERVISOR_sched_op for a domU (Xen common/sched/core.c
 * do_sched_op/do_poll). yield and shutdown_code return 0; block sleeps until
 * an interrupt (the virtual timer); poll returns 0 at once for a pending port
 * or a timeout already past, refuses more than 128 ports (-EINVAL), a bad
 * port list (-EFAULT) and a port that is not bound (-EINVAL, Xen's
 * evtchn_port_poll); remote_shutdown looks the domain up (-ESRCH, DOMID_SELF
 * included) before refusing a domU (-EPERM); pin_override is for the
 * hardware domain (-EPERM); watchdog with an unreadable argument is -EFAULT
 * (its semantics: guests/tests/sched-watchdog); unknown commands -ENOSYS. The last call is
 * SCHEDOP_shutdown(poweroff), after the SUCCESS line: the runner expects the
 * hypervisor to report the shutdown with reason poweroff.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL)
#define NO_DOMAIN 0x7000

/* Xen system time is ns since the hypervisor booted; ours starts later: a lower bound. */
static uint64_t guest_ns(void)
{
	return timer_ticks_to_us(timer_now()) * 1000;
}

static unsigned int timer_irqs;

static void on_timer(unsigned int intid)
{
	(void)intid;
	timer_set_ctl(0);
	atomic_inc(&timer_irqs);
}

static long poll(evtchn_port_t *ports, uint32_t nr, uint64_t timeout)
{
	struct sched_poll p = { .nr_ports = nr, .timeout = timeout };

	set_xen_guest_handle(p.ports, ports);
	return xen_sched_op(SCHEDOP_poll, &p);
}

void test_main(void)
{
	static evtchn_port_t ports[200];
	struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };
	struct sched_remote_shutdown rs = { .reason = SHUTDOWN_poweroff };
	struct shared_info *si;
	evtchn_port_t a, b;
	uint64_t t0, took;
	uint32_t arg[4] = { 0 };
	long rc;

	xen_require();
	expect_continue(true);
	si = xen_map_shared_info(XEN_SHINFO_GFN);

	expect_eq(xen_sched_op(SCHEDOP_yield, NULL), 0, "yield");
	expect_eq(xen_sched_op(SCHEDOP_yield, BAD_PTR), 0, "yield ignores its argument");
	/* The code recorded here is what the final shutdown reports (Xen domain_shutdown). */
	sd.reason = SHUTDOWN_poweroff;
	expect_eq(xen_sched_op(SCHEDOP_shutdown_code, &sd), 0, "shutdown_code(poweroff)");
	expect_eq(xen_sched_op(SCHEDOP_shutdown_code, BAD_PTR), -XEN_EFAULT,
		  "shutdown_code(bad pointer)");

	/* A loopback channel; binding makes the new local port b pending. */
	expect_eq(xen_evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0, "alloc_unbound");
	expect_eq(xen_evtchn_bind_interdomain(DOMID_SELF, a, &b), 0, "bind_interdomain");
	expect_true(xen_2l_test(si->evtchn_pending, b), "port %u pending after the bind", b);

	ports[0] = a;
	ports[1] = b;
	t0 = timer_now();
	expect_eq(poll(ports, 2, 0), 0, "poll(a, b) with b pending, no timeout");
	expect_eq(poll(&ports[1], 1, 0), 0, "poll(b) with b pending, no timeout");
	took = timer_ticks_to_us(timer_now() - t0);
	expect_true(took < 500000, "polls with a pending event took %lu us", (unsigned long)took);

	xen_2l_clear(si->evtchn_pending, b);
	si->vcpu_info[0].evtchn_upcall_pending = 0;
	si->vcpu_info[0].evtchn_pending_sel = 0;
	t0 = timer_now();
	expect_eq(poll(ports, 2, 1), 0, "poll(a, b) nothing pending, timeout long past");
	expect_eq(poll(ports, 2, guest_ns() / 2), 0,
		  "poll(a, b) nothing pending, timeout in the past");
	took = timer_ticks_to_us(timer_now() - t0);
	expect_true(took < 500000, "polls with a past timeout took %lu us", (unsigned long)took);

	/*
	 * block: sleeps until an interrupt for the vCPU (Xen vcpu_kick), here the
	 * virtual timer 20 ms ahead; PPI 31 stays disabled, IRQs are unmasked.
	 */
	irq_set_handler(GUEST_TIMER_VIRT_PPI, on_timer);
	gic_dist_init();
	gic_cpu_init();
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0x80);
	timer_set_cval(timer_now() + timer_ms_to_ticks(20));
	timer_set_ctl(CNTV_CTL_ENABLE);
	t0 = timer_now();
	local_irq_enable();
	expect_eq(xen_sched_op(SCHEDOP_block, NULL), 0, "block");
	took = timer_ticks_to_us(timer_now() - t0);
	mdelay(1);
	local_irq_disable();
	expect_true(took >= 15000 && took < 2000000,
		    "block until the timer 20 ms ahead took %lu us", (unsigned long)took);
	expect_eq(atomic_read(&timer_irqs), 1, "timer interrupts taken around block");

	/* A send wakes a poller: here it is already pending when poll looks. */
	expect_eq(xen_evtchn_send(a), 0, "send(a)");
	expect_eq(poll(&ports[1], 1, 0), 0, "poll(b) after send(a)");
	xen_2l_clear(si->evtchn_pending, b);

	expect_eq(poll(ports, 129, 1), -XEN_EINVAL, "poll(129 ports)");
	expect_eq(poll(ports, 200, 1), -XEN_EINVAL, "poll(200 ports)");
	expect_eq(poll(BAD_PTR, 1, 1), -XEN_EFAULT, "poll(port list at a bad pointer)");
	expect_eq(xen_sched_op(SCHEDOP_poll, BAD_PTR), -XEN_EFAULT, "poll(bad pointer)");
	/* A port that is not bound: -EINVAL at once (Xen evtchn_port_poll), no sleep. */
	ports[0] = 1000;
	t0 = timer_now();
	expect_eq(poll(ports, 1, guest_ns() + 3000000000UL), -XEN_EINVAL,
		  "poll(port 1000, not bound)");
	ports[0] = 5000;
	expect_eq(poll(ports, 1, guest_ns() + 3000000000UL), -XEN_EINVAL,
		  "poll(port 5000, beyond the ABI)");
	took = timer_ticks_to_us(timer_now() - t0);
	expect_true(took < 500000, "polls on unbound ports took %lu us", (unsigned long)took);

	rs.domain_id = NO_DOMAIN;
	expect_eq(xen_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH,
		  "remote_shutdown(domid %#x)", NO_DOMAIN);
	rs.domain_id = DOMID_SELF;
	expect_eq(xen_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_ESRCH,
		  "remote_shutdown(DOMID_SELF): by id only");
	rs.domain_id = xen_own_domid();
	expect_eq(xen_sched_op(SCHEDOP_remote_shutdown, &rs), -XEN_EPERM,
		  "remote_shutdown(own domid) from a domU");
	expect_eq(xen_sched_op(SCHEDOP_remote_shutdown, BAD_PTR), -XEN_EFAULT,
		  "remote_shutdown(bad pointer)");

	expect_eq(xen_sched_op(SCHEDOP_pin_override, arg), -XEN_EPERM,
		  "pin_override from a domU");
	expect_eq(xen_sched_op(SCHEDOP_watchdog, BAD_PTR), -XEN_EFAULT, "watchdog(bad pointer)");
	expect_eq(xen_sched_op(8, arg), -XEN_ENOSYS, "sched_op 8");
	expect_eq(xen_sched_op(99, arg), -XEN_ENOSYS, "sched_op 99");
	expect_eq(xen_sched_op(SCHEDOP_shutdown, BAD_PTR), -XEN_EFAULT, "shutdown(bad pointer)");

	if (expect_failures())
		test_finish();
	/* The last word before the domain goes away. */
	guest_printf("HOSPES-TEST %s: SUCCESS yield, block, poll, shutdown_code, refusals as "
		     "Xen; now SCHEDOP_shutdown(poweroff)\n",
		     test_name);
	sd.reason = SHUTDOWN_poweroff;
	rc = xen_sched_op(SCHEDOP_shutdown, &sd);
	guest_printf("HOSPES-TEST %s: FAILURE SCHEDOP_shutdown(poweroff) returned %ld\n", test_name,
		     rc);
	guest_park();
}
