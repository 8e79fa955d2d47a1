/* SPDX-License-Identifier: MIT */
/*
 * Xen guest helpers (xen.h): checks with errno names, /hypervisor detection
 * in the boot DTB, shared-info / grant-frame mapping, grant entries, event
 * channel wrappers and the 2-level upcall handler on PPI 31. upcall_si and
 * upcall_vi[] are written by a vCPU before it enables its upcall and only
 * read by that vCPU's handler afterwards.
 */
#include <xen.h>

static void format_value(char *buf, size_t size, long long v)
{
	const char *name = v < 0 && v > -1000 ? xen_errno_name((long)v) : "";

	if (*name)
		snprintf(buf, size, "%lld (-%s)", v, name);
	else if (v < 0 || v > 0xffff)
		snprintf(buf, size, "%#llx", (unsigned long long)v);
	else
		snprintf(buf, size, "%lld", v);
}

static bool expect_goes_on;
static unsigned int expect_failed;

void expect_continue(bool on)
{
	expect_goes_on = on;
}

unsigned int expect_failures(void)
{
	return atomic_read(&expect_failed);
}

static void expect_report(const char *msg)
{
	atomic_inc(&expect_failed);
	if (expect_goes_on)
		test_record(FAILURE, "%s", msg);
	else
		test_fail("%s", msg);
}

bool expect_eq(long long got, long long want, const char *fmt, ...)
{
	char what[160], g[48], w[48], msg[200];
	va_list ap;

	if (got == want)
		return true;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	format_value(g, sizeof(g), got);
	format_value(w, sizeof(w), want);
	snprintf(msg, sizeof(msg), "%s: expected %s got %s", what, w, g);
	expect_report(msg);
	return false;
}

bool expect_true(bool cond, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	if (cond)
		return true;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	expect_report(what);
	return false;
}

/* ------------------------------------------------------------ setup */

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

bool xen_is_present(void)
{
	static const char compat[] = "xen,xen";
	const uint8_t *fdt = (const uint8_t *)guest_dtb;
	uint32_t size;

	/* FDT header: magic 0xd00dfeed, totalsize (big-endian, devicetree spec 5.2). */
	if (!fdt || (guest_dtb & 3) || be32(fdt) != 0xd00dfeedU)
		return false;
	size = be32(fdt + 4);
	if (size > (1U << 21))
		return false;
	/* The compatible string of /hypervisor is "xen,xen-4.17\0xen,xen\0". */
	for (uint32_t i = 0; i + sizeof(compat) <= size; i++)
		if (!memcmp(fdt + i, compat, sizeof(compat)))
			return true;
	return false;
}

void xen_require(void)
{
	if (!xen_is_present())
		test_result(SKIP, "no Xen /hypervisor node in the device tree (not on hospes/Xen "
				  "with xen,enhanced)");
}

struct shared_info *xen_map_shared_info(uint64_t gfn)
{
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_shared_info, .idx = 0, .gpfn = gfn
	};
	long rc = xen_memory_op(XENMEM_add_to_physmap, &x);

	if (rc)
		test_result(ERROR, "add_to_physmap(shared_info, gfn %#lx) returned %ld",
			    (unsigned long)gfn, rc);
	return (struct shared_info *)(uintptr_t)(gfn << 12);
}

grant_entry_v1_t *xen_map_grant_frame(unsigned int idx, uint64_t gfn)
{
	struct xen_add_to_physmap x = {
		.domid = DOMID_SELF, .space = XENMAPSPACE_grant_table, .idx = idx, .gpfn = gfn
	};
	long rc = xen_memory_op(XENMEM_add_to_physmap, &x);

	if (rc)
		test_result(ERROR, "add_to_physmap(grant_table %u, gfn %#lx) returned %ld", idx,
			    (unsigned long)gfn, rc);
	return (grant_entry_v1_t *)(uintptr_t)(gfn << 12);
}

domid_t xen_own_domid(void)
{
	for (domid_t d = 1; d < 64; d++) {
		domid_t arg = d;

		if (xen_memory_op(XENMEM_current_reservation, &arg) > 0)
			return d;
	}
	return 0;
}

bool xen_domain_exists(domid_t domid)
{
	domid_t arg = domid;

	return xen_memory_op(XENMEM_current_reservation, &arg) == -XEN_EPERM;
}

long xen_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long rc = xen_hvm_op(HVMOP_get_param, &p);

	*value = p.value;
	return rc;
}

/* ------------------------------------------------------------ grants */

void xen_grant_access(grant_entry_v1_t *table, grant_ref_t ref, domid_t domid, uint64_t gfn,
		      bool readonly)
{
	grant_entry_v1_t *e = &table[ref];

	__atomic_store_n(&e->domid, domid, __ATOMIC_RELAXED);
	__atomic_store_n(&e->frame, (uint32_t)gfn, __ATOMIC_RELAXED);
	__atomic_store_n(&e->flags, (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0)),
			 __ATOMIC_RELEASE);
}

bool xen_grant_revoke(grant_entry_v1_t *table, grant_ref_t ref)
{
	uint16_t flags = __atomic_load_n(&table[ref].flags, __ATOMIC_ACQUIRE);

	if (flags & (GTF_reading | GTF_writing))
		return false;
	return __atomic_compare_exchange_n(&table[ref].flags, &flags, 0, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

/* ------------------------------------------------------------ event channels */

long xen_evtchn_alloc_unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
	struct evtchn_alloc_unbound a = { .dom = dom, .remote_dom = remote };
	long rc = xen_event_channel_op(EVTCHNOP_alloc_unbound, &a);

	*port = a.port;
	return rc;
}

long xen_evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port, evtchn_port_t *local)
{
	struct evtchn_bind_interdomain b = { .remote_dom = remote, .remote_port = remote_port };
	long rc = xen_event_channel_op(EVTCHNOP_bind_interdomain, &b);

	*local = b.local_port;
	return rc;
}

long xen_evtchn_bind_virq(uint32_t virq, uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_virq b = { .virq = virq, .vcpu = vcpu };
	long rc = xen_event_channel_op(EVTCHNOP_bind_virq, &b);

	*port = b.port;
	return rc;
}

long xen_evtchn_bind_ipi(uint32_t vcpu, evtchn_port_t *port)
{
	struct evtchn_bind_ipi b = { .vcpu = vcpu };
	long rc = xen_event_channel_op(EVTCHNOP_bind_ipi, &b);

	*port = b.port;
	return rc;
}

long xen_evtchn_send(evtchn_port_t port)
{
	struct evtchn_send s = { .port = port };

	return xen_event_channel_op(EVTCHNOP_send, &s);
}

long xen_evtchn_close(evtchn_port_t port)
{
	struct evtchn_close c = { .port = port };

	return xen_event_channel_op(EVTCHNOP_close, &c);
}

long xen_evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask u = { .port = port };

	return xen_event_channel_op(EVTCHNOP_unmask, &u);
}

long xen_evtchn_status(domid_t dom, evtchn_port_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = dom;
	st->port = port;
	return xen_event_channel_op(EVTCHNOP_status, st);
}

/* ------------------------------------------------------------ upcall */

static struct shared_info *upcall_si;
static struct vcpu_info *upcall_vi[GUEST_MAX_CPUS];
static void (*upcall_fn)(evtchn_port_t port);
static unsigned int upcall_counts[GUEST_MAX_CPUS];

/* Xen's 2-level consumer loop (Linux xen_evtchn_do_upcall), one pass per upcall flag. */
static void upcall_handler(unsigned int intid)
{
	unsigned int cpu = cpu_id();
	struct vcpu_info *vi = upcall_vi[cpu];
	struct shared_info *si = upcall_si;

	(void)intid;
	atomic_inc(&upcall_counts[cpu]);
	if (!vi || !si)
		return;
	while (__atomic_exchange_n(&vi->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST)) {
		xen_ulong_t sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);

		while (sel) {
			unsigned int w = (unsigned int)__builtin_ctzll(sel);
			xen_ulong_t bits;

			sel &= sel - 1;
			bits = __atomic_load_n(&si->evtchn_pending[w], __ATOMIC_SEQ_CST) &
			       ~__atomic_load_n(&si->evtchn_mask[w], __ATOMIC_SEQ_CST);
			while (bits) {
				evtchn_port_t port = w * 64 + (unsigned int)__builtin_ctzll(bits);

				bits &= bits - 1;
				if (xen_2l_test_and_clear(si->evtchn_pending, port) && upcall_fn)
					upcall_fn(port);
			}
		}
	}
}

void xen_upcall_init(struct shared_info *si, struct vcpu_info *vi, void (*fn)(evtchn_port_t port))
{
	upcall_si = si;
	upcall_fn = fn;
	upcall_vi[cpu_id()] = vi;
	irq_set_handler(XEN_UPCALL_PPI, upcall_handler);
	gic_enable_ppi(XEN_UPCALL_PPI, 0x80);
}

void xen_upcall_set_vcpu_info(struct vcpu_info *vi)
{
	atomic_set(&upcall_vi[cpu_id()], vi);
}

unsigned int xen_upcall_count(unsigned int cpu)
{
	return cpu < GUEST_MAX_CPUS ? atomic_read(&upcall_counts[cpu]) : 0;
}
