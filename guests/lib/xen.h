/* SPDX-License-Identifier: MIT */
/*
 * Xen guest helpers for the micro-guests, written from the Xen 4.17 ABI
 * (include/public, docs xen-abi-arm64.md): hypercall wrappers, detection of
 * the /hypervisor node, shared-info and grant-table mapping, grant entries,
 * event-channel operations, 2-level event polling and the event upcall
 * (virtual PPI 31), plus expect_eq() to end a test with "expected X got Y".
 *
 * Hypercalls are `HVC #0xEA1` with the number in x16, arguments in x0-x4
 * and the result in x0; x1-x4 and x16 are treated as clobbered (a debug
 * Xen scribbles on them), everything else is preserved. The guests run with
 * the MMU off, so a pointer passed to the hypervisor is a guest-physical
 * address. Invariant of the upcall handler: it runs on the vCPU it was
 * installed on, clears evtchn_upcall_pending before it scans, and clears a
 * port's pending bit before calling the port callback, so an event raised
 * again meanwhile is never lost.
 */
#ifndef GUEST_XEN_H
#define GUEST_XEN_H

#include <guest.h>
#include <lib/xen_errno.h> /* xen_errno_name(): names in check messages */

/*
 * The public headers carry Xen's guest memory map, whose GUEST_RAM_BASE and
 * GUEST_GICD_BASE spell the same values differently from platform.h (and
 * the bare-QEMU build overrides the latter): keep the framework's.
 */
#pragma push_macro("GUEST_RAM_BASE")
#pragma push_macro("GUEST_GICD_BASE")
#undef GUEST_RAM_BASE
#undef GUEST_GICD_BASE
#include <public/errno.h>
#include <public/event_channel.h>
#include <public/features.h>
#include <public/grant_table.h>
#include <public/hvm_params.h>
#include <public/memory.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>
#include <public/xen.h>
#undef GUEST_RAM_BASE
#undef GUEST_GICD_BASE
#pragma pop_macro("GUEST_RAM_BASE")
#pragma pop_macro("GUEST_GICD_BASE")

/* The domU event upcall: virtual PPI 31 (Xen domU, xen-abi-arm64.md 4.6). */
#define XEN_UPCALL_PPI 31
/* Xen's fixed GFNs for the grant table window and the PV console ring. */
#define XEN_GNTTAB_GFN 0x38000UL
#define XEN_CONSOLE_GFN 0x39000UL
/* GFN where xen_map_shared_info() callers usually put the shared-info page. */
#define XEN_SHINFO_GFN 0x50000UL

#define GFN(p) ((uint64_t)(uintptr_t)(p) >> 12)

/** Raw hypercall @nr with five arguments. */
static inline long xen_hypercall(uint64_t nr, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
				 uint64_t a4)
{
	register uint64_t x0 __asm__("x0") = a0;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;
	register uint64_t x4 __asm__("x4") = a4;
	register uint64_t x16 __asm__("x16") = nr;

	__asm__ volatile("hvc #0xea1"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3), "+r"(x4), "+r"(x16)
			 :
			 : "memory");
	return (long)x0;
}

#define XEN_PTR(p) ((uint64_t)(uintptr_t)(p))

static inline long xen_version(unsigned int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_xen_version, cmd, XEN_PTR(arg), 0, 0, 0);
}

static inline long xen_memory_op(unsigned int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_memory_op, cmd, XEN_PTR(arg), 0, 0, 0);
}

static inline long xen_vcpu_op(unsigned int cmd, unsigned int vcpu, void *arg)
{
	return xen_hypercall(__HYPERVISOR_vcpu_op, cmd, vcpu, XEN_PTR(arg), 0, 0);
}

static inline long xen_hvm_op(unsigned int op, void *arg)
{
	return xen_hypercall(__HYPERVISOR_hvm_op, op, XEN_PTR(arg), 0, 0, 0);
}

static inline long xen_sched_op(unsigned int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_sched_op, cmd, XEN_PTR(arg), 0, 0, 0);
}

static inline long xen_console_io(unsigned int cmd, uint64_t count, const void *buf)
{
	return xen_hypercall(__HYPERVISOR_console_io, cmd, count, XEN_PTR(buf), 0, 0);
}

static inline long xen_event_channel_op(unsigned int cmd, void *arg)
{
	return xen_hypercall(__HYPERVISOR_event_channel_op, cmd, XEN_PTR(arg), 0, 0, 0);
}

static inline long xen_grant_table_op(unsigned int cmd, void *arg, unsigned int count)
{
	return xen_hypercall(__HYPERVISOR_grant_table_op, cmd, XEN_PTR(arg), count, 0, 0);
}

/* ------------------------------------------------------------ checks */

/*
 * End the test with FAILURE "<what>: expected <want> got <got>" (errno names
 * added for negative values) unless @got == @want.
 */
bool expect_eq(long long got, long long want, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same for an arbitrary condition: FAILURE "<what>" if !@cond. Both return the verdict. */
bool expect_true(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/*
 * By default a mismatch ends the test at once. After expect_continue(true) it
 * is recorded (test_record(FAILURE), printed) and the test goes on; the final
 * line then carries the first mismatch. Returns the number of mismatches so far.
 */
void expect_continue(bool on);
unsigned int expect_failures(void);

/* ------------------------------------------------------------ setup */

/** True if the DTB the guest booted with has a Xen /hypervisor node ("xen,xen"). */
bool xen_is_present(void);
/** End the test with SKIP unless xen_is_present(). */
void xen_require(void);

/** Map the shared-info page at @gfn (XENMEM_add_to_physmap); ERROR if refused. */
struct shared_info *xen_map_shared_info(uint64_t gfn);
/** Map grant-table frame @idx at @gfn; ERROR if refused. Returns the entries. */
grant_entry_v1_t *xen_map_grant_frame(unsigned int idx, uint64_t gfn);

/*
 * This domain's id, found by probing XENMEM_current_reservation (allowed on
 * oneself, -EPERM on other domains, -ESRCH on missing ones); 0 if not found.
 */
domid_t xen_own_domid(void);
/* Whether domain @domid exists (and is not oneself): current_reservation says -EPERM. */
bool xen_domain_exists(domid_t domid);

/** Read HVM parameter @index of DOMID_SELF into *@value; returns the hypercall result. */
long xen_get_param(uint32_t index, uint64_t *value);

/* ------------------------------------------------------------ grants */

/*
 * Grant @domid access to frame @gfn through entry @ref of @table: domid and
 * frame first, then (after a barrier) the flags, as the protocol requires.
 */
void xen_grant_access(grant_entry_v1_t *table, grant_ref_t ref, domid_t domid, uint64_t gfn,
		      bool readonly);
/* Revoke entry @ref; false if the grantee still uses it (GTF_reading/writing). */
bool xen_grant_revoke(grant_entry_v1_t *table, grant_ref_t ref);

/* ------------------------------------------------------------ event channels */

long xen_evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port);
long xen_evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
				 evtchn_port_t *local);
long xen_evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port);
long xen_evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port);
long xen_evtchn_send(evtchn_port_t port);
long xen_evtchn_close(evtchn_port_t port);
long xen_evtchn_unmask(evtchn_port_t port);
long xen_evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st);

/* 2-level ABI: port p is bit p % 64 of word p / 64 of the shared-info bitmaps. */
static inline bool xen_2l_test(const xen_ulong_t *bitmap, evtchn_port_t port)
{
	return (__atomic_load_n(&bitmap[port / 64], __ATOMIC_SEQ_CST) >> (port % 64)) & 1;
}

static inline bool xen_2l_test_and_clear(xen_ulong_t *bitmap, evtchn_port_t port)
{
	xen_ulong_t m = (xen_ulong_t)1 << (port % 64);

	return (__atomic_fetch_and(&bitmap[port / 64], ~m, __ATOMIC_SEQ_CST) & m) != 0;
}

static inline void xen_2l_set(xen_ulong_t *bitmap, evtchn_port_t port)
{
	__atomic_fetch_or(&bitmap[port / 64], (xen_ulong_t)1 << (port % 64), __ATOMIC_SEQ_CST);
}

static inline void xen_2l_clear(xen_ulong_t *bitmap, evtchn_port_t port)
{
	__atomic_fetch_and(&bitmap[port / 64], ~((xen_ulong_t)1 << (port % 64)), __ATOMIC_SEQ_CST);
}

/*
 * Event upcall on this vCPU: registers a handler for PPI 31 that, for the
 * 2-level ABI, clears @vi->evtchn_upcall_pending, takes the selector and
 * calls @fn for every pending unmasked port (its pending bit cleared first);
 * @fn may be NULL (count only). Enables PPI 31 at the redistributor; the
 * caller has initialised the GIC and unmasks IRQs itself.
 */
void xen_upcall_init(struct shared_info *si, struct vcpu_info *vi,
		     void (*fn)(evtchn_port_t port));
/* Point this vCPU's upcall handler at a relocated vcpu_info. */
void xen_upcall_set_vcpu_info(struct vcpu_info *vi);
/** Upcall interrupts taken on linear vCPU @cpu so far. */
unsigned int xen_upcall_count(unsigned int cpu);

#endif
