/* SPDX-License-Identifier: MIT */
/*
 * vcpu-op: __HYPERVISOR_vcpu_op on Arm, which has only
 * VCPUOP_register_vcpu_info and VCPUOP_register_runstate_memory_area (Xen
 * arch/arm do_arm_vcpu_op: any other command is -EINVAL, checked before the
 * vCPU id). register_vcpu_info follows Xen's map_vcpu_info(): -ENXIO for an
 * offset that is misaligned or lets the 48 bytes cross the page, -EINVAL
 * when already registered, for an online vCPU other than the caller, or for
 * a GFN without RAM; on success the old contents are copied, pending_sel is
 * set to all ones and an upcall is raised (PPI 31 becomes pending). The
 * runstate area gets the 48-byte record at once and again whenever the
 * vCPU is scheduled. Needs 3 vCPUs: 1 stays offline for a while, 2 online.
 * Interrupt state is observed by taking interrupts, not through GICR
 * ISPENDR (Xen's vGIC reads it as 0). Checked against Xen 4.17.7.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL)
#define FILL 0xa5
#define VI_OFFSET 64
#define MARKER 0x0123456789abcdefUL

static uint8_t vi_pages[3][4096] __aligned(4096);
static unsigned int upcall_irqs;
static uint8_t runstate_buf[3][64] __aligned(64);
static unsigned int cpu2_go, cpu2_done;

static void on_upcall(unsigned int intid)
{
	(void)intid;
	atomic_inc(&upcall_irqs);
}

static void on_timer(unsigned int intid)
{
	(void)intid;
	timer_set_ctl(0);
}

/* Open an IRQ window: interrupts pending for this vCPU are taken now. */
static void take_irqs(void)
{
	local_irq_enable();
	mdelay(5);
	local_irq_disable();
}

static long register_vcpu_info(unsigned int vcpu, uint64_t gfn, uint32_t offset)
{
	struct vcpu_register_vcpu_info info = { .mfn = gfn, .offset = offset };

	return xen_vcpu_op(VCPUOP_register_vcpu_info, vcpu, &info);
}

static long register_runstate(unsigned int vcpu, void *addr)
{
	struct vcpu_register_runstate_memory_area area;

	area.addr.p = (uint64_t)(uintptr_t)addr;
	return xen_vcpu_op(VCPUOP_register_runstate_memory_area, vcpu, &area);
}

/* Bytes of @page outside [@off, @off + 48) must still be FILL. */
static void check_untouched(const uint8_t *page, unsigned int off, const char *what)
{
	for (unsigned int i = 0; i < 4096; i++) {
		if (i >= off && i < off + sizeof(struct vcpu_info))
			continue;
		if (!expect_eq(page[i], FILL, "%s: byte %u outside the vcpu_info", what, i))
			break;
	}
}

static void check_fresh_vcpu_info(const struct vcpu_info *vi, const char *what)
{
	expect_eq(vi->evtchn_upcall_pending, 1, "%s: evtchn_upcall_pending", what);
	expect_eq((long long)vi->evtchn_pending_sel, (long long)~0UL, "%s: evtchn_pending_sel",
		  what);
}

static void vcpu1_main(void *arg)
{
	(void)arg;
	/* vCPU0 registered ours while we were offline. */
	expect_eq(register_vcpu_info(1, GFN(vi_pages[1]), 0), -XEN_EINVAL,
		  "vCPU1: register_vcpu_info(self) after vCPU0 did it");
	expect_eq(register_runstate(1, runstate_buf[1]), 0, "vCPU1: runstate area (self)");
	expect_eq(((struct vcpu_runstate_info *)runstate_buf[1])->state, RUNSTATE_running,
		  "vCPU1: its runstate while running");
}

static void vcpu2_main(void *arg)
{
	(void)arg;
	while (!atomic_read(&cpu2_go))
		cpu_relax();
	expect_eq(register_vcpu_info(2, GFN(vi_pages[2]), 0), 0, "vCPU2: register_vcpu_info(self)");
	check_fresh_vcpu_info((struct vcpu_info *)vi_pages[2], "vCPU2's vcpu_info");
	atomic_set(&cpu2_done, 1);
}

static void wait_flag(unsigned int *flag, const char *what)
{
	uint64_t end = timer_now() + timer_ms_to_ticks(2000);

	while (!atomic_read(flag))
		if (timer_now() > end)
			test_fail("timed out waiting for %s", what);
}

static void check_register_vcpu_info(struct shared_info *si)
{
	struct vcpu_info *vi0 = (struct vcpu_info *)(vi_pages[0] + VI_OFFSET);
	struct vcpu_info *vi1 = (struct vcpu_info *)(vi_pages[1] + 4048);

	memset(vi_pages, FILL, sizeof(vi_pages));
	/* Something to be copied: vcpu_time_info is not maintained on Arm. */
	si->vcpu_info[0].time.system_time = MARKER;
	si->vcpu_info[0].evtchn_upcall_pending = 0;
	si->vcpu_info[0].evtchn_pending_sel = 0;
	take_irqs();
	expect_eq(atomic_read(&upcall_irqs), 0, "PPI 31 before any event");

	expect_eq(register_vcpu_info(0, GFN(vi_pages[0]), VI_OFFSET), 0,
		  "register_vcpu_info(vCPU0, offset %u)", VI_OFFSET);
	check_fresh_vcpu_info(vi0, "vCPU0's new vcpu_info");
	expect_eq((long long)vi0->time.system_time, (long long)MARKER,
		  "vCPU0's new vcpu_info: old contents copied");
	check_untouched(vi_pages[0], VI_OFFSET, "vCPU0's vcpu_info page");
	take_irqs();
	expect_eq(atomic_read(&upcall_irqs), 1,
		  "PPI 31 after register_vcpu_info (Xen's spurious upcall)");
	/* Consumed: a pending upcall would keep WFI from blocking later (Xen). */
	vi0->evtchn_upcall_pending = 0;
	vi0->evtchn_pending_sel = 0;

	expect_eq(register_vcpu_info(0, GFN(vi_pages[0]), VI_OFFSET), -XEN_EINVAL,
		  "register_vcpu_info(vCPU0) a second time");
	expect_eq(register_vcpu_info(0, GFN(vi_pages[0]), 2048), -XEN_EINVAL,
		  "register_vcpu_info(vCPU0) a second time, elsewhere");

	/* vCPU1 has never run: it is offline, so vCPU0 may register for it. */
	expect_eq(register_vcpu_info(1, GFN(vi_pages[1]), 4), -XEN_ENXIO,
		  "register_vcpu_info(offset 4, misaligned)");
	expect_eq(register_vcpu_info(1, GFN(vi_pages[1]), 4090), -XEN_ENXIO,
		  "register_vcpu_info(offset 4090)");
	expect_eq(register_vcpu_info(1, GFN(vi_pages[1]), 4056), -XEN_ENXIO,
		  "register_vcpu_info(offset 4056: 48 bytes would cross the page)");
	expect_eq(register_vcpu_info(1, 0x10000, 0), -XEN_EINVAL,
		  "register_vcpu_info(gfn 0x10000, not RAM)");
	expect_eq(register_vcpu_info(1, 0x44000, 0), -XEN_EINVAL,
		  "register_vcpu_info(gfn just past RAM)");
	expect_eq(xen_vcpu_op(VCPUOP_register_vcpu_info, 1, BAD_PTR), -XEN_EFAULT,
		  "register_vcpu_info(bad pointer)");
	expect_eq(register_vcpu_info(3, GFN(vi_pages[1]), 0), -XEN_ENOENT,
		  "register_vcpu_info(vCPU3 of 3)");
	expect_eq(register_vcpu_info(1000, GFN(vi_pages[1]), 0), -XEN_ENOENT,
		  "register_vcpu_info(vCPU1000)");
	expect_eq(register_vcpu_info(1, GFN(vi_pages[1]), 4048), 0,
		  "register_vcpu_info(offline vCPU1, offset 4048) from vCPU0");
	check_fresh_vcpu_info(vi1, "vCPU1's new vcpu_info");
	check_untouched(vi_pages[1], 4048, "vCPU1's vcpu_info page");

	if (guest_cpu_on(1, vcpu1_main, NULL) != PSCI_SUCCESS)
		test_result(ERROR, "CPU_ON(vCPU1) failed (needs 3 vCPUs)");
	/* Wait for vCPU1 to be off again. */
	for (uint64_t end = timer_now() + timer_ms_to_ticks(2000);
	     psci_affinity_info(cpu_to_mpidr(1)) != PSCI_AFFINITY_OFF;)
		if (timer_now() > end)
			test_fail("vCPU1 did not turn itself off");

	/* vCPU2 online and not registered yet: only it may register itself. */
	if (guest_cpu_on(2, vcpu2_main, NULL) != PSCI_SUCCESS)
		test_result(ERROR, "CPU_ON(vCPU2) failed (needs 3 vCPUs)");
	mdelay(5);
	expect_eq(register_vcpu_info(2, GFN(vi_pages[2]), 8), -XEN_EINVAL,
		  "register_vcpu_info(online vCPU2) from vCPU0");
	expect_eq(register_vcpu_info(2, GFN(vi_pages[2]), 12), -XEN_ENXIO,
		  "register_vcpu_info(online vCPU2, misaligned): the offset is checked first");
	atomic_set(&cpu2_go, 1);
	wait_flag(&cpu2_done, "vCPU2 to register its vcpu_info");
}

static void check_other_commands(void)
{
	static const unsigned int cmds[] = { VCPUOP_initialise,
					     VCPUOP_up,
					     VCPUOP_down,
					     VCPUOP_is_up,
					     VCPUOP_get_runstate_info,
					     VCPUOP_set_periodic_timer,
					     VCPUOP_stop_periodic_timer,
					     VCPUOP_set_singleshot_timer,
					     VCPUOP_stop_singleshot_timer,
					     VCPUOP_send_nmi,
					     VCPUOP_get_physid,
					     VCPUOP_register_vcpu_time_memory_area,
					     99 };
	uint8_t arg[64] = { 0 };

	for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++)
		expect_eq(xen_vcpu_op(cmds[i], 0, arg), -XEN_EINVAL, "vcpu_op(%u, vCPU0)", cmds[i]);
	expect_eq(xen_vcpu_op(VCPUOP_is_up, 1000, arg), -XEN_ENOENT,
		  "vcpu_op(is_up, vCPU1000): the vCPU is looked up first");
}

static void check_runstate(void)
{
	struct vcpu_runstate_info *rs = (struct vcpu_runstate_info *)runstate_buf[0];
	struct vcpu_runstate_info *rs1 = (struct vcpu_runstate_info *)runstate_buf[1];
	uint64_t t1, blocked1;

	memset(runstate_buf[0], FILL, sizeof(runstate_buf[0]));
	expect_eq(xen_hypercall(__HYPERVISOR_vm_assist, VMASST_CMD_enable,
				VMASST_TYPE_runstate_update_flag, 0, 0, 0),
		  0, "vm_assist(enable, runstate_update_flag)");
	expect_eq(register_runstate(0, rs), 0, "register_runstate_memory_area(vCPU0)");
	expect_eq(rs->state, RUNSTATE_running, "runstate.state of the running vCPU");
	t1 = rs->state_entry_time;
	expect_true(t1 != 0 && t1 != 0xa5a5a5a5a5a5a5a5UL, "runstate.state_entry_time %#lx written",
		    (unsigned long)t1);
	expect_true(!(t1 & XEN_RUNSTATE_UPDATE), "XEN_RUNSTATE_UPDATE clear after the update");
	for (unsigned int i = 0; i < 4; i++)
		expect_true(rs->time[i] != 0xa5a5a5a5a5a5a5a5UL, "runstate.time[%u] written", i);
	for (unsigned int i = 48; i < 64; i++)
		expect_eq(runstate_buf[0][i], FILL, "byte %u after the 48-byte runstate record", i);
	blocked1 = rs->time[RUNSTATE_blocked];

	/* Block in WFI until the timer fires: the record is rewritten on the way back. */
	timer_set_cval(timer_now() + timer_ms_to_ticks(20));
	timer_set_ctl(CNTV_CTL_ENABLE);
	while (!(read_sysreg(isr_el1) & (1UL << 7)))
		wfi();
	timer_set_ctl(0);
	take_irqs();
	expect_eq(rs->state, RUNSTATE_running, "runstate.state after blocking in WFI");
	expect_true(rs->state_entry_time > t1, "runstate.state_entry_time advanced (%#lx -> %#lx)",
		    (unsigned long)t1, (unsigned long)rs->state_entry_time);
	expect_true(rs->time[RUNSTATE_blocked] > blocked1,
		    "runstate.time[blocked] grew while in WFI (%lu -> %lu ns)",
		    (unsigned long)blocked1, (unsigned long)rs->time[RUNSTATE_blocked]);

	/* Another vCPU's area is written at registration too (offline vCPU1). */
	memset(runstate_buf[1], FILL, sizeof(runstate_buf[1]));
	expect_eq(register_runstate(1, rs1), 0, "register_runstate_memory_area(offline vCPU1)");
	expect_eq(rs1->state, RUNSTATE_offline, "vCPU1's runstate written at registration");

	/* Xen does not check the address (Arm guest_handle_okay): 0, nothing written. */
	expect_eq(register_runstate(0, BAD_PTR), 0, "register_runstate_memory_area(unmapped)");
	expect_eq(xen_vcpu_op(VCPUOP_register_runstate_memory_area, 0, BAD_PTR), -XEN_EFAULT,
		  "register_runstate_memory_area(argument at a bad pointer)");
	expect_eq(register_runstate(3, rs), -XEN_ENOENT, "register_runstate_memory_area(vCPU3)");
	expect_eq(register_runstate(0, rs), 0, "register_runstate_memory_area(vCPU0) again");
}

void test_main(void)
{
	struct shared_info *si;

	xen_require();
	expect_continue(true);
	si = xen_map_shared_info(XEN_SHINFO_GFN);
	gic_dist_init();
	gic_cpu_init();
	irq_set_handler(XEN_UPCALL_PPI, on_upcall);
	irq_set_handler(GUEST_TIMER_VIRT_PPI, on_timer);
	gic_enable_ppi(XEN_UPCALL_PPI, 0x80);
	gic_enable_ppi(GUEST_TIMER_VIRT_PPI, 0x80);

	check_register_vcpu_info(si);
	check_other_commands();
	check_runstate();

	test_result(SUCCESS, "register_vcpu_info and runstate areas as Xen on Arm, other "
			     "commands -EINVAL");
}
