/* SPDX-License-Identifier: MIT */
/*
 * bench-ops: cost of the hypervisor's hot paths, seen from a guest.
 *
 * Each operation runs ITER times between two reads of the virtual counter.
 * Under QEMU's -icount shift=0 one guest-visible nanosecond is one executed
 * instruction and the counter ticks every 16 ns at 62.5 MHz, so
 * instructions/op = ticks * 16 / ITER — deterministic, and the same guest
 * runs under Xen 4.17 for comparison (scripts/bench-ops.sh). Without icount
 * the figures are wall-clock nanoseconds and only indicative.
 * Output: "BENCH <op> <instructions/op>" lines, then the usual result line.
 */
#include <guest.h>
#include <mmio.h>
#include <xen.h>

#ifndef ITER
#define ITER 2000 /* a profiling build may pass -DITER=n */
#endif
#define SI_GFN 0x30000      /* shared_info here: an unused guest-physical frame */
#define GNT_GFN 0x38000     /* grant frame 0 at the start of the grant window */
#define MAP_GFN 0x30010     /* where our own grant gets mapped for map+unmap */

static uint8_t page[4096] __attribute__((aligned(4096)));
static uint8_t copy_dst[4096] __attribute__((aligned(4096)));
static volatile unsigned upcalls;

static void report(const char *op, uint64_t ticks)
{
	uint64_t ns_per_tick = 1000000000ULL / timer_freq();
	guest_printf("BENCH %s %lu\n", op, (unsigned long)(ticks * ns_per_tick / ITER));
}

#define MEASURE(name, body)                                   \
	do {                                                  \
		uint64_t t0 = timer_now();                    \
		for (unsigned i_ = 0; i_ < ITER; i_++) {      \
			body;                                 \
		}                                             \
		report(name, timer_now() - t0);               \
	} while (0)

static void on_event(evtchn_port_t port)
{
	(void)port;
	upcalls++;
}

void test_main(void)
{
	struct shared_info *si;
	evtchn_port_t a, b;
	long rc;
	uint64_t tmp;

	xen_require();
	si = xen_map_shared_info(SI_GFN);

	MEASURE("null-hypercall(xen_version)", xen_version(XENVER_version, NULL));
	MEASURE("invalid-hypercall", xen_hypercall(60, 0, 0, 0, 0, 0));
	MEASURE("sched_op-yield", xen_sched_op(SCHEDOP_yield, NULL));
	MEASURE("gicd-register-read(trapped)",
		tmp = mmio_read32(GUEST_GICD_BASE + GICD_TYPER); (void)tmp);

	/* A loopback event channel (alloc_unbound to self, then bind to it). */
	rc = xen_evtchn_alloc_unbound(DOMID_SELF, DOMID_SELF, &a);
	if (!rc)
		rc = xen_evtchn_bind_interdomain(xen_own_domid(), a, &b);
	if (rc) {
		test_result(ERROR, "loopback event channel: %s", xen_errno_name(rc));
		return;
	}
	/* Masked: send alone, no upcall. */
	xen_2l_set(si->evtchn_mask, a);
	MEASURE("evtchn-send", xen_evtchn_send(b));
	/* Unmasked: send, upcall through the vGIC, handler, EOI: a round trip. */
	xen_2l_clear(si->evtchn_pending, a);
	xen_2l_clear(si->evtchn_mask, a);
	gic_dist_init();
	gic_cpu_init();
	xen_upcall_init(si, &si->vcpu_info[0], on_event);
	local_irq_enable();
	MEASURE("evtchn-send-to-upcall-roundtrip", {
		unsigned before = upcalls;
		uint64_t limit = timer_now() + timer_ms_to_ticks(1000);
		xen_evtchn_send(b);
		while (upcalls == before) {
			if (timer_now() > limit) {
				test_result(FAILURE, "event %u not delivered within 1 s", i_);
				return;
			}
		}
	});
	local_irq_disable();

	/* Grants: our own page granted to ourselves. */
	grant_entry_v1_t *gt = xen_map_grant_frame(0, GNT_GFN);
	xen_grant_access(gt, 8, xen_own_domid(), (uint64_t)(uintptr_t)page >> 12, false);
	struct gnttab_copy cp;
	MEASURE("grant-copy-4KiB", {
		memset(&cp, 0, sizeof(cp));
		cp.source.u.ref = 8;
		cp.source.domid = DOMID_SELF;
		cp.dest.u.gmfn = (uint64_t)(uintptr_t)copy_dst >> 12;
		cp.dest.domid = DOMID_SELF;
		cp.len = 4096;
		cp.flags = GNTCOPY_source_gref;
		xen_grant_table_op(GNTTABOP_copy, &cp, 1);
	});
	if (cp.status != GNTST_okay)
		guest_printf("BENCH grant-copy-4KiB status %d\n", cp.status);

	struct gnttab_map_grant_ref map;
	struct gnttab_unmap_grant_ref unmap;
	int map_status = 0;
	MEASURE("grant-map+unmap", {
		memset(&map, 0, sizeof(map));
		map.host_addr = (uint64_t)MAP_GFN << 12;
		map.flags = GNTMAP_host_map;
		map.ref = 8;
		map.dom = xen_own_domid();
		xen_grant_table_op(GNTTABOP_map_grant_ref, &map, 1);
		map_status = map.status;
		memset(&unmap, 0, sizeof(unmap));
		unmap.host_addr = map.host_addr;
		unmap.handle = map.handle;
		xen_grant_table_op(GNTTABOP_unmap_grant_ref, &unmap, 1);
	});
	if (map_status != GNTST_okay)
		guest_printf("BENCH grant-map+unmap status %d (mapping one's own grant)\n", map_status);
	test_result(SUCCESS, "%d operations measured", 8);
}
