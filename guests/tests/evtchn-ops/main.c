/* SPDX-License-Identifier: MIT */
/*
 * evtchn-ops: every EVTCHNOP on the 2-level ABI (Xen common/event_channel.c,
 * event_2l.c; xen-abi-arm64.md 4.3/4.4), seen from a domU with 2 vCPUs and
 * shared_info mapped, vCPU0's vcpu_info still inside it, and the upcall
 * (PPI 31) counted by the 2-level handler of guests/lib/xen.c.
 *
 * A loopback channel (alloc_unbound(SELF, SELF) + bind_interdomain) shows
 * the event path: binding makes the new port pending, send raises the other
 * end, the pending bit appears in shared_info and PPI 31 arrives; a masked
 * port stays pending without an upcall until EVTCHNOP_unmask. Then IPIs,
 * VIRQs (per-vCPU and global), status of each port kind, bind_vcpu, close,
 * reset, and the refusals: -EEXIST, -EINVAL, -ENOENT, -EPERM and -ESRCH for
 * d2 (the canary) and a missing domain, -ENOSYS for set_priority on 2-level
 * and unknown commands, -EOPNOTSUPP for expand_array before init_control,
 * -EFAULT for a bad argument pointer.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL)
#define NO_DOMAIN 0x7000
#define CANARY_DOMID 2
#define WAIT_MS 1000
#define QUIET_MS 20

static struct shared_info *si;
static domid_t self;
static unsigned int hits[1024];

static void on_port(evtchn_port_t port)
{
	if (port < ARRAY_SIZE(hits))
		atomic_inc(&hits[port]);
}

/* Take interrupts until port @port has been seen @want times in all. */
static bool wait_hits(evtchn_port_t port, unsigned int want, const char *what)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(WAIT_MS);
	bool ok;

	local_irq_enable();
	while (atomic_read(&hits[port]) < want && timer_now() < end)
		cpu_relax();
	local_irq_disable();
	ok = expect_eq(atomic_read(&hits[port]), want, "%s: events on port %u", what, port);
	return ok;
}

/* Take interrupts for a while: no upcall and no event may arrive. */
static void expect_quiet(const char *what)
{
	unsigned int upcalls = xen_upcall_count(0);
	unsigned int sum = 0, sum2 = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(hits); i++)
		sum += atomic_read(&hits[i]);
	local_irq_enable();
	mdelay(QUIET_MS);
	local_irq_disable();
	for (unsigned int i = 0; i < ARRAY_SIZE(hits); i++)
		sum2 += atomic_read(&hits[i]);
	expect_eq(xen_upcall_count(0), upcalls, "%s: upcalls", what);
	expect_eq(sum2, sum, "%s: events", what);
}

static void check_status(evtchn_port_t port, uint32_t status, uint32_t vcpu, uint32_t u0,
			 uint32_t u1, const char *what)
{
	struct evtchn_status st;

	if (!expect_eq(xen_evtchn_status(DOMID_SELF, port, &st), 0, "status(%s, port %u)", what,
		       port))
		return;
	expect_eq(st.status, status, "status(%s, port %u).status", what, port);
	expect_eq(st.vcpu, vcpu, "status(%s, port %u).vcpu", what, port);
	switch (status) {
	case EVTCHNSTAT_unbound:
		expect_eq(st.u.unbound.dom, u0, "status(%s, port %u).unbound.dom", what, port);
		break;
	case EVTCHNSTAT_interdomain:
		expect_eq(st.u.interdomain.dom, u0, "status(%s, port %u).interdomain.dom", what,
			  port);
		expect_eq(st.u.interdomain.port, u1, "status(%s, port %u).interdomain.port", what,
			  port);
		break;
	case EVTCHNSTAT_virq:
		expect_eq(st.u.virq, u0, "status(%s, port %u).virq", what, port);
		break;
	default:
		break;
	}
}

static long bind_vcpu(evtchn_port_t port, uint32_t vcpu)
{
	struct evtchn_bind_vcpu b = { .port = port, .vcpu = vcpu };

	return xen_event_channel_op(EVTCHNOP_bind_vcpu, &b);
}

static long set_priority(evtchn_port_t port, uint32_t prio)
{
	struct evtchn_set_priority sp = { .port = port, .priority = prio };

	return xen_event_channel_op(EVTCHNOP_set_priority, &sp);
}

static long reset(domid_t dom)
{
	struct evtchn_reset r = { .dom = dom };

	return xen_event_channel_op(EVTCHNOP_reset, &r);
}

void test_main(void)
{
	struct vcpu_info *vi0;
	evtchn_port_t a, b, ipi, ipi1, virq_t, virq_t1, virq_dbg1, virq_g, unb, dummy, console;
	struct evtchn_status st;
	struct evtchn_alloc_unbound au;
	struct evtchn_bind_pirq bp = { .pirq = 1 };
	struct evtchn_expand_array ea = { .array_gfn = 0x40000 };
	uint64_t console_port;

	xen_require();
	expect_continue(true);
	self = xen_own_domid();
	si = xen_map_shared_info(XEN_SHINFO_GFN);
	vi0 = &si->vcpu_info[0];
	gic_dist_init();
	gic_cpu_init();
	xen_upcall_init(si, vi0, on_port);
	expect_eq(xen_get_param(HVM_PARAM_CONSOLE_EVTCHN, &console_port), 0,
		  "get_param(CONSOLE_EVTCHN)");
	console = (evtchn_port_t)console_port;

	/* ---- loopback channel: unbound, then interdomain with itself */
	expect_eq(xen_evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a), 0,
		  "alloc_unbound(SELF, SELF)");
	check_status(a, EVTCHNSTAT_unbound, 0, self, 0, "unbound");
	expect_eq(xen_evtchn_bind_interdomain(DOMID_SELF, a, &b), 0,
		  "bind_interdomain(SELF, port %u)", a);
	expect_true(b != a && b != 0, "bind_interdomain gave a new port (%u)", b);
	check_status(a, EVTCHNSTAT_interdomain, 0, self, b, "interdomain");
	check_status(b, EVTCHNSTAT_interdomain, 0, self, a, "interdomain");
	expect_eq(xen_evtchn_bind_interdomain(DOMID_SELF, a, &dummy), -XEN_EINVAL,
		  "bind_interdomain to a port already bound");

	/* Binding sets the new port pending (sends before the bind are not lost). */
	expect_true(xen_2l_test(si->evtchn_pending, b), "port %u pending after the bind", b);
	expect_eq(vi0->evtchn_upcall_pending, 1, "upcall pending after the bind");
	expect_true(vi0->evtchn_pending_sel & (1UL << (b / 64)), "selector bit of port %u", b);
	wait_hits(b, 1, "bind_interdomain");
	expect_true(xen_upcall_count(0) >= 1, "PPI 31 taken (%u upcalls)", xen_upcall_count(0));
	expect_true(!xen_2l_test(si->evtchn_pending, b), "handler cleared port %u", b);

	expect_eq(xen_evtchn_send(a), 0, "send(%u)", a);
	wait_hits(b, 2, "send on the other end");
	expect_eq(xen_evtchn_send(b), 0, "send(%u)", b);
	wait_hits(a, 1, "send back");
	expect_quiet("after the loopback sends");

	/* ---- a masked port stays pending without an upcall until unmasked */
	xen_2l_set(si->evtchn_mask, a);
	expect_eq(xen_evtchn_send(b), 0, "send(%u) to the masked port", b);
	expect_eq(xen_evtchn_send(b), 0, "send(%u) to the masked port again", b);
	expect_true(xen_2l_test(si->evtchn_pending, a), "masked port %u pending", a);
	expect_quiet("masked port");
	expect_eq(xen_evtchn_unmask(a), 0, "unmask(%u)", a);
	expect_true(!xen_2l_test(si->evtchn_mask, a), "unmask cleared the mask bit");
	wait_hits(a, 2, "unmask of a pending port");
	expect_quiet("after unmask (two masked sends make one event)");
	expect_eq(xen_evtchn_unmask(a), 0, "unmask(%u) of a port not masked", a);
	expect_eq(xen_evtchn_unmask(0), 0, "unmask(0)");
	expect_eq(xen_evtchn_unmask(5000), -XEN_EINVAL, "unmask(5000)");
	expect_quiet("after unmasking ports with nothing pending");

	/* ---- IPIs */
	expect_eq(xen_evtchn_bind_ipi(0, &ipi), 0, "bind_ipi(vCPU0)");
	check_status(ipi, EVTCHNSTAT_ipi, 0, 0, 0, "ipi");
	expect_eq(xen_evtchn_send(ipi), 0, "send(ipi %u)", ipi);
	wait_hits(ipi, 1, "IPI to self");
	expect_eq(xen_evtchn_bind_ipi(1, &ipi1), 0, "bind_ipi(vCPU1)");
	check_status(ipi1, EVTCHNSTAT_ipi, 1, 0, 0, "ipi");
	expect_eq(xen_evtchn_bind_ipi(2, &dummy), -XEN_ENOENT, "bind_ipi(vCPU2 of 2)");

	/* ---- VIRQs */
	expect_eq(xen_evtchn_bind_virq(VIRQ_TIMER, 0, &virq_t), 0, "bind_virq(TIMER, vCPU0)");
	check_status(virq_t, EVTCHNSTAT_virq, 0, VIRQ_TIMER, 0, "virq");
	expect_eq(xen_evtchn_bind_virq(VIRQ_TIMER, 0, &dummy), -XEN_EEXIST,
		  "bind_virq(TIMER, vCPU0) twice");
	expect_eq(xen_evtchn_bind_virq(VIRQ_TIMER, 1, &virq_t1), 0,
		  "bind_virq(TIMER, vCPU1): per-vCPU");
	check_status(virq_t1, EVTCHNSTAT_virq, 1, VIRQ_TIMER, 0, "virq");
	expect_eq(xen_evtchn_bind_virq(VIRQ_DEBUG, 1, &virq_dbg1), 0, "bind_virq(DEBUG, vCPU1)");
	expect_eq(xen_evtchn_bind_virq(VIRQ_DOM_EXC, 1, &dummy), -XEN_EINVAL,
		  "bind_virq(DOM_EXC, vCPU1): global VIRQs bind on vCPU0");
	expect_eq(xen_evtchn_bind_virq(VIRQ_DOM_EXC, 0, &virq_g), 0, "bind_virq(DOM_EXC, vCPU0)");
	expect_eq(xen_evtchn_bind_virq(VIRQ_DOM_EXC, 0, &dummy), -XEN_EEXIST,
		  "bind_virq(DOM_EXC) twice");
	expect_eq(xen_evtchn_bind_virq(NR_VIRQS, 0, &dummy), -XEN_EINVAL, "bind_virq(%u)",
		  NR_VIRQS);
	expect_eq(xen_evtchn_bind_virq(0xffffffffU, 0, &dummy), -XEN_EINVAL, "bind_virq(~0)");
	expect_eq(xen_evtchn_bind_virq(VIRQ_TIMER, 2, &dummy), -XEN_ENOENT,
		  "bind_virq(TIMER, vCPU2 of 2)");
	expect_eq(xen_evtchn_bind_virq(VIRQ_DOM_EXC, 2, &dummy), -XEN_EINVAL,
		  "bind_virq(DOM_EXC, vCPU2): the global check comes first");

	/* ---- bind_vcpu: unbound, interdomain and global VIRQ ports only */
	expect_eq(xen_evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &unb), 0,
		  "alloc_unbound(SELF, SELF)");
	expect_eq(bind_vcpu(unb, 1), 0, "bind_vcpu(unbound, vCPU1)");
	check_status(unb, EVTCHNSTAT_unbound, 1, self, 0, "unbound on vCPU1");
	expect_eq(bind_vcpu(virq_g, 1), 0, "bind_vcpu(global VIRQ, vCPU1)");
	check_status(virq_g, EVTCHNSTAT_virq, 1, VIRQ_DOM_EXC, 0, "virq on vCPU1");
	expect_eq(bind_vcpu(virq_t, 1), -XEN_EINVAL, "bind_vcpu(per-vCPU VIRQ)");
	expect_eq(bind_vcpu(ipi, 1), -XEN_EINVAL, "bind_vcpu(IPI)");
	expect_eq(bind_vcpu(a, 2), -XEN_ENOENT, "bind_vcpu(vCPU2 of 2)");
	expect_eq(bind_vcpu(5000, 1), -XEN_EINVAL, "bind_vcpu(port 5000)");
	expect_eq(bind_vcpu(a, 1), 0, "bind_vcpu(interdomain, vCPU1)");
	check_status(a, EVTCHNSTAT_interdomain, 1, self, b, "interdomain on vCPU1");
	/* Now a's events go to vCPU1's selector, not vCPU0's: no upcall here. */
	vi0->evtchn_pending_sel = 0;
	expect_eq(xen_evtchn_send(b), 0, "send(%u) to a port on vCPU1", b);
	expect_true(xen_2l_test(si->evtchn_pending, a), "port %u pending", a);
	expect_eq((long long)vi0->evtchn_pending_sel, 0, "vCPU0's selector untouched");
	expect_quiet("event for vCPU1");
	xen_2l_clear(si->evtchn_pending, a);
	expect_eq(bind_vcpu(a, 0), 0, "bind_vcpu(interdomain, vCPU0)");

	/* ---- close */
	expect_eq(xen_evtchn_close(b), 0, "close(%u)", b);
	check_status(a, EVTCHNSTAT_unbound, 0, self, 0, "peer closed: unbound again");
	check_status(b, EVTCHNSTAT_closed, 0, 0, 0, "closed");
	expect_eq(xen_evtchn_send(a), 0, "send(%u) on an unbound port: dropped", a);
	expect_quiet("send on an unbound port");
	expect_eq(xen_evtchn_send(b), -XEN_EINVAL, "send(%u) on a closed port", b);
	expect_eq(xen_evtchn_close(b), -XEN_EINVAL, "close(%u) twice", b);
	expect_eq(xen_evtchn_close(0), -XEN_EINVAL, "close(0)");
	expect_eq(xen_evtchn_close(5000), -XEN_EINVAL, "close(5000)");
	expect_eq(xen_evtchn_send(0), -XEN_EINVAL, "send(0)");
	expect_eq(xen_evtchn_send(5000), -XEN_EINVAL, "send(5000)");
	expect_eq(xen_evtchn_status(DOMID_SELF, 5000, &st), -XEN_EINVAL, "status(port 5000)");
	check_status(0, EVTCHNSTAT_closed, 0, 0, 0, "reserved port 0");

	/* ---- other domains */
	expect_eq(xen_evtchn_alloc_unbound(CANARY_DOMID, DOMID_SELF, &dummy), -XEN_EPERM,
		  "alloc_unbound(dom d2)");
	expect_eq(xen_evtchn_alloc_unbound(NO_DOMAIN, DOMID_SELF, &dummy), -XEN_ESRCH,
		  "alloc_unbound(dom %#x)", NO_DOMAIN);
	expect_eq(xen_evtchn_bind_interdomain(NO_DOMAIN, 1, &dummy), -XEN_ESRCH,
		  "bind_interdomain(dom %#x)", NO_DOMAIN);
	expect_eq(xen_evtchn_bind_interdomain(CANARY_DOMID, 1, &dummy), -XEN_EINVAL,
		  "bind_interdomain(d2 port 1, not offered to us)");
	expect_eq(xen_evtchn_bind_interdomain(CANARY_DOMID, 5000, &dummy), -XEN_EINVAL,
		  "bind_interdomain(d2 port 5000)");
	expect_eq(xen_evtchn_status(CANARY_DOMID, 1, &st), -XEN_EPERM, "status(d2, port 1)");
	/* Xen checks the port first: xsm_evtchn_status() takes the channel. */
	expect_eq(xen_evtchn_status(CANARY_DOMID, 5000, &st), -XEN_EINVAL, "status(d2, port 5000)");
	expect_eq(xen_evtchn_status(NO_DOMAIN, 1, &st), -XEN_ESRCH, "status(dom %#x)", NO_DOMAIN);
	expect_eq(reset(CANARY_DOMID), -XEN_EPERM, "reset(d2)");
	expect_eq(reset(NO_DOMAIN), -XEN_ESRCH, "reset(dom %#x)", NO_DOMAIN);

	/* ---- the rest */
	/*
	 * No PIRQs on Arm, only the answer differs: Debian's Xen 4.17.7 says
	 * -ENOMEM, builds without CONFIG_HAS_PIRQ -ENOSYS, hospes's evtchn.c -EINVAL.
	 */
	{
		long rc = xen_event_channel_op(EVTCHNOP_bind_pirq, &bp);

		expect_true(rc == -XEN_EINVAL || rc == -XEN_ENOSYS || rc == -XEN_ENOMEM,
			    "bind_pirq: expected a refusal (-EINVAL/-ENOSYS/-ENOMEM) got %ld", rc);
	}
	expect_eq(set_priority(a, 3), -XEN_ENOSYS, "set_priority on 2-level");
	expect_eq(set_priority(5000, 3), -XEN_EINVAL, "set_priority(port 5000)");
	expect_eq(xen_event_channel_op(EVTCHNOP_expand_array, &ea), -XEN_EOPNOTSUPP,
		  "expand_array before init_control");
	expect_eq(xen_event_channel_op(15, &ea), -XEN_ENOSYS, "EVTCHNOP 15");
	expect_eq(xen_event_channel_op(99, &ea), -XEN_ENOSYS, "EVTCHNOP 99");
	expect_eq(xen_event_channel_op(EVTCHNOP_send, BAD_PTR), -XEN_EFAULT, "send(bad pointer)");
	expect_eq(xen_event_channel_op(EVTCHNOP_status, BAD_PTR), -XEN_EFAULT,
		  "status(bad pointer)");
	expect_eq(xen_event_channel_op(EVTCHNOP_alloc_unbound, BAD_PTR), -XEN_EFAULT,
		  "alloc_unbound(bad pointer)");
	/* The OUT field lands in a read-back buffer crossing the end of RAM. */
	expect_eq(xen_event_channel_op(EVTCHNOP_alloc_unbound, (void *)(0x44000000UL - 4)),
		  -XEN_EFAULT, "alloc_unbound(argument crossing the end of RAM)");

	/* ---- reset(SELF): everything closed but the hypervisor's console port */
	expect_eq(reset(DOMID_SELF), 0, "reset(SELF)");
	{
		const evtchn_port_t closed[] = { a, ipi, ipi1, virq_t, virq_t1, virq_dbg1, virq_g,
						 unb };

		for (unsigned int i = 0; i < ARRAY_SIZE(closed); i++)
			check_status(closed[i], EVTCHNSTAT_closed, 0, 0, 0, "after reset");
	}
	/* hospes's PV console port (Xen has none for dom0less domUs: 0). */
	if (console) {
		expect_eq(xen_evtchn_status(DOMID_SELF, console, &st), 0, "status(console port)");
		expect_true(st.status == EVTCHNSTAT_interdomain ||
				    st.status == EVTCHNSTAT_unbound,
			    "console port %u survives reset (status %u)", console, st.status);
	}
	expect_eq(xen_evtchn_bind_virq(VIRQ_TIMER, 0, &virq_t), 0, "bind_virq(TIMER) after reset");
	expect_eq(xen_evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &au.port), 0,
		  "alloc_unbound after reset");
	/* Same situation as at the start: the same lowest free ports. */
	expect_eq(virq_t, a, "first port allocated after reset");
	expect_eq(au.port, b, "second port allocated after reset");
	expect_quiet("at the end");

	test_result(SUCCESS, "loopback events with %u upcalls, masks, IPIs, VIRQs, status, "
			     "bind_vcpu, close, reset, refusals as Xen",
		    xen_upcall_count(0));
}
