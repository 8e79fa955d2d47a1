/* SPDX-License-Identifier: MIT */
/*
 * Host test of include/public, the Xen 4.17 guest ABI headers. The layout
 * checks proper are the XEN_CHECK_* static asserts inside the headers,
 * which this file triggers for the x86_64 host simply by including every
 * header (public_abi.mk also compiles each header alone for aarch64). At
 * run time it checks values that are derived from several constants, the
 * helper macros and inline functions, and that the headers' byte layout is
 * what a guest writing raw little-endian memory would produce.
 */
#include <errno.h>
#include <stdint.h>

#include <public/xen.h>
#include <public/arch-arm.h>
#include <public/device_tree_defs.h>
#include <public/errno.h>
#include <public/features.h>
#include <public/version.h>
#include <public/memory.h>
#include <public/vcpu.h>
#include <public/sched.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/hvm_params.h>
#include <public/physdev.h>
#include <public/platform.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <public/io/console.h>
#include <public/io/ring.h>
#include <public/io/xs_wire.h>

#include "unit.h"

UNIT_TEST(version_and_interface_numbers)
{
	CHECK_EQ(XEN_ABI_VERSION, 0x00040011);
	CHECK_EQ(XEN_DOMCTL_INTERFACE_VERSION, 0x15);
	CHECK_EQ(XEN_SYSCTL_INTERFACE_VERSION, 0x15);
	CHECK_EQ(XENPF_INTERFACE_VERSION, 0x03000001);
	CHECK(strncmp(XEN_ABI_CAPABILITIES, "xen-3.0-aarch64", 15) == 0);
	CHECK(strcmp(XEN_ABI_DT_COMPATIBLE, "xen,xen-4.17") == 0);
	CHECK_EQ(XEN_HYPERCALL_TAG, 0xEA1);
}

UNIT_TEST(hypercall_numbers_fit_table)
{
	static const int used[] = {
		__HYPERVISOR_platform_op, __HYPERVISOR_memory_op,
		__HYPERVISOR_multicall, __HYPERVISOR_xen_version,
		__HYPERVISOR_console_io, __HYPERVISOR_grant_table_op,
		__HYPERVISOR_vm_assist, __HYPERVISOR_vcpu_op,
		__HYPERVISOR_xsm_op, __HYPERVISOR_sched_op,
		__HYPERVISOR_event_channel_op, __HYPERVISOR_physdev_op,
		__HYPERVISOR_hvm_op, __HYPERVISOR_sysctl,
		__HYPERVISOR_domctl, __HYPERVISOR_hypfs_op,
	};
	static const int expect[] = { 7, 12, 13, 17, 18, 20, 21, 24,
				      27, 29, 32, 33, 34, 35, 36, 42 };

	for (size_t i = 0; i < sizeof(used) / sizeof(used[0]); i++) {
		CHECK_EQ(used[i], expect[i]);
		CHECK(used[i] < XEN_NR_HYPERCALLS);
	}
	CHECK_EQ(__HYPERVISOR_arch_7, XEN_NR_HYPERCALLS - 1);
}

/* The submaps Xen 4.17/Arm reports (docs xen-abi-arm64.md 3.3) */
UNIT_TEST(feature_submaps)
{
	uint32_t common = (1U << XENFEAT_writable_page_tables) |
			  (1U << XENFEAT_auto_translated_physmap) |
			  (1U << XENFEAT_memory_op_vnode_supported) |
			  (1U << XENFEAT_ARM_SMCCC_supported);
	uint32_t domu = common | (1U << XENFEAT_not_direct_mapped);
	uint32_t dom0 = common | (1U << XENFEAT_dom0) | (1U << XENFEAT_direct_mapped);

	CHECK_EQ(domu, 0x00016005);
	CHECK_EQ(dom0, 0x00026805);
	CHECK_EQ(XENFEAT_NR_SUBMAPS, 1);
}

/* Xen's errno numbering equals Linux's: privcmd passes values through */
UNIT_TEST(errno_matches_linux)
{
	CHECK_EQ(XEN_EPERM, EPERM);
	CHECK_EQ(XEN_ENOENT, ENOENT);
	CHECK_EQ(XEN_ESRCH, ESRCH);
	CHECK_EQ(XEN_EAGAIN, EAGAIN);
	CHECK_EQ(XEN_ENOMEM, ENOMEM);
	CHECK_EQ(XEN_EACCES, EACCES);
	CHECK_EQ(XEN_EFAULT, EFAULT);
	CHECK_EQ(XEN_EBUSY, EBUSY);
	CHECK_EQ(XEN_EEXIST, EEXIST);
	CHECK_EQ(XEN_EINVAL, EINVAL);
	CHECK_EQ(XEN_ENOSPC, ENOSPC);
	CHECK_EQ(XEN_ENOSYS, ENOSYS);
	CHECK_EQ(XEN_ENODATA, ENODATA);
	CHECK_EQ(XEN_EOPNOTSUPP, EOPNOTSUPP);
	CHECK_EQ(XEN_ENOBUFS, ENOBUFS);
	CHECK_EQ(XEN_EISCONN, EISCONN);
	CHECK_EQ(XEN_ETIMEDOUT, ETIMEDOUT);
	CHECK_EQ(XEN_ECONNREFUSED, ECONNREFUSED);
	CHECK_EQ(XEN_EWOULDBLOCK, XEN_EAGAIN);
	CHECK_EQ(XEN_EDEADLOCK, XEN_EDEADLK);
}

UNIT_TEST(xenstore_error_table)
{
	static const char *const names[] = {
		"EINVAL", "EACCES", "EEXIST", "EISDIR", "ENOENT", "ENOMEM",
		"ENOSPC", "EIO", "ENOTEMPTY", "ENOSYS", "EROFS", "EBUSY",
		"EAGAIN", "EISCONN", "E2BIG", "EPERM",
	};
	static const int values[] = {
		EINVAL, EACCES, EEXIST, EISDIR, ENOENT, ENOMEM, ENOSPC, EIO,
		ENOTEMPTY, ENOSYS, EROFS, EBUSY, EAGAIN, EISCONN, E2BIG, EPERM,
	};

	CHECK_EQ(sizeof(xsd_errors) / sizeof(xsd_errors[0]), XSD_NR_ERRORS);
	for (int i = 0; i < XSD_NR_ERRORS; i++) {
		CHECK(strcmp(xsd_errors[i].errstring, names[i]) == 0);
		CHECK_EQ(xsd_errors[i].errnum, values[i]);
	}
	CHECK_EQ(XS_SET_TARGET, 19);
	CHECK_EQ(XS_RESET_WATCHES, 21);
	CHECK_EQ(XS_DIRECTORY_PART, 22);
	CHECK_EQ(XS_TYPE_COUNT, 23);
	CHECK_EQ(XS_INVALID, 0xffff);
	CHECK_EQ(XS_DEBUG, XS_CONTROL);
}

UNIT_TEST(grant_status_messages)
{
	static const char *const msgs[] = GNTTABOP_error_msgs;

	CHECK_EQ(sizeof(msgs) / sizeof(msgs[0]), GNTTABOP_NR_ERROR_MSGS);
	CHECK_EQ(-GNTST_no_space, GNTTABOP_NR_ERROR_MSGS - 1);
	CHECK(strcmp(msgs[-GNTST_okay], "okay") == 0);
	CHECK(strcmp(msgs[-GNTST_permission_denied], "permission denied") == 0);
	CHECK_EQ(GNTMAP_guest_avail_mask, 0xffff0000u);
	CHECK_EQ(GTF_permit_access | GTF_readonly, 0x5);
	CHECK_EQ(GTF_reading | GTF_writing, 0x18);
}

UNIT_TEST(guest_handles)
{
	uint64_t frames[4];
	struct xen_memory_reservation r;
	struct xen_add_to_physmap_batch b;

	memset(&r, 0xff, sizeof(r));
	set_xen_guest_handle(r.extent_start, NULL);
	CHECK(xen_guest_handle_is_null(r.extent_start));
	set_xen_guest_handle(r.extent_start, frames);
	CHECK(!xen_guest_handle_is_null(r.extent_start));
	CHECK_EQ(xen_guest_handle_addr(r.extent_start), (uintptr_t)frames);
	CHECK(sizeof(r.extent_start) == 8);

	set_xen_guest_handle_raw(b.errs, 0xffff800012345678ULL);
	CHECK(xen_guest_handle_addr(b.errs) == 0xffff800012345678ULL);
	/* the handle is a plain 64-bit little-endian field at its offset */
	uint64_t raw;
	memcpy(&raw, (char *)&b + offsetof(struct xen_add_to_physmap_batch, errs), 8);
	CHECK(raw == 0xffff800012345678ULL);
}

/* A guest that writes raw bytes sees the fields where the headers put them */
UNIT_TEST(raw_byte_layout)
{
	unsigned char buf[sizeof(struct evtchn_status)] = { 0 };
	struct evtchn_status st;

	buf[0] = 0xf0; /* dom = DOMID_SELF */
	buf[1] = 0x7f;
	buf[4] = 9;   /* port */
	buf[8] = EVTCHNSTAT_interdomain;
	buf[16] = 3;  /* u.interdomain.dom */
	buf[20] = 42; /* u.interdomain.port */
	memcpy(&st, buf, sizeof(st));
	CHECK_EQ(st.dom, DOMID_SELF);
	CHECK_EQ(st.port, 9);
	CHECK_EQ(st.status, EVTCHNSTAT_interdomain);
	CHECK_EQ(st.u.interdomain.dom, 3);
	CHECK_EQ(st.u.interdomain.port, 42);

	struct xen_domctl d;
	memset(&d, 0, sizeof(d));
	d.cmd = XEN_DOMCTL_createdomain;
	d.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	d.u.createdomain.arch.gic_version = XEN_DOMCTL_CONFIG_GIC_V3;
	d.u.createdomain.arch.clock_frequency = 62500000;
	unsigned char *p = (unsigned char *)&d;
	CHECK_EQ(p[4], 0x15);
	CHECK_EQ(p[16 + 56], XEN_DOMCTL_CONFIG_GIC_V3);
	uint32_t freq;
	memcpy(&freq, p + 16 + 64, 4);
	CHECK_EQ(freq, 62500000);
	CHECK_EQ(sizeof(d), 144);
	CHECK_EQ(sizeof(struct xen_sysctl), 136);
	CHECK_EQ(sizeof(struct xen_platform_op), 136);
}

UNIT_TEST(shared_info_geometry)
{
	struct shared_info si;

	CHECK_EQ(sizeof(si.evtchn_pending) * 8, EVTCHN_2L_NR_CHANNELS);
	CHECK_EQ(sizeof(si.evtchn_mask) * 8, EVTCHN_2L_NR_CHANNELS);
	/* one selector bit per pending word */
	CHECK_EQ(sizeof(si.vcpu_info[0].evtchn_pending_sel) * 8,
		 sizeof(si.evtchn_pending) / sizeof(si.evtchn_pending[0]));
	CHECK(sizeof(si) <= 4096);
	CHECK_EQ(XEN_LEGACY_MAX_VCPUS, 1);
	/* the registered vcpu_info must fit at any 8-aligned offset <= 4096-48 */
	CHECK_EQ(sizeof(struct vcpu_info), 48);
}

UNIT_TEST(fifo_event_words)
{
	CHECK_EQ(EVTCHN_FIFO_NR_CHANNELS, 131072);
	CHECK_EQ(EVTCHN_FIFO_LINK_MASK, 0x1ffff);
	CHECK_EQ(EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES, 128);
	CHECK_EQ(EVTCHN_FIFO_EVENT_WORDS_PER_PAGE * sizeof(event_word_t), 4096);
	/* control bits lie above the link field */
	CHECK_EQ((1U << EVTCHN_FIFO_BUSY) & EVTCHN_FIFO_LINK_MASK, 0);
	CHECK_EQ(EVTCHN_FIFO_MAX_QUEUES, 16);
	CHECK(EVTCHN_FIFO_PRIORITY_DEFAULT > EVTCHN_FIFO_PRIORITY_MAX);
	CHECK(EVTCHN_FIFO_PRIORITY_DEFAULT < EVTCHN_FIFO_PRIORITY_MIN);
}

UNIT_TEST(guest_memory_map)
{
	CHECK_EQ(GUEST_RAM0_BASE + GUEST_RAM0_SIZE, 0x100000000ULL);
	CHECK_EQ(GUEST_RAM1_BASE + GUEST_RAM1_SIZE, 0x10000000000ULL);
	CHECK_EQ(GUEST_RAM_MAX, 0xFEC0000000ULL); /* 3 GiB + 1016 GiB */
	CHECK_EQ(GUEST_GNTTAB_SIZE / 4096, 4096);
	CHECK_EQ(GUEST_MAGIC_BASE >> 12, 0x39000);
	CHECK_EQ(GUEST_GICV3_GICR0_SIZE / (2 * 0x10000), GUEST_MAX_VCPUS);
	CHECK(GUEST_GICV3_GICD_BASE + GUEST_GICV3_GICD_SIZE <= GUEST_GICV3_GICR0_BASE);
	static const uint64_t bases[] = GUEST_RAM_BANK_BASES;
	static const uint64_t sizes[] = GUEST_RAM_BANK_SIZES;
	CHECK_EQ(sizeof(bases) / sizeof(bases[0]), GUEST_RAM_BANKS);
	CHECK(bases[0] + sizes[0] <= bases[1]);
	CHECK_EQ(PSR_GUEST64_INIT, 0x1c5);
	CHECK_EQ(SCTLR_GUEST_INIT, 0x00c50078);
	CHECK_EQ(GUEST_EVTCHN_PPI, 31);
	CHECK_EQ(GUEST_VPL011_SPI, 32);
	/* HVM_PARAM_CALLBACK_IRQ value Xen stores for a domU (PPI 31, level, active-low) */
	uint64_t cb = ((uint64_t)HVM_PARAM_CALLBACK_TYPE_PPI << 56) |
		      ((uint64_t)HVM_PARAM_CALLBACK_TYPE_PPI_FLAG_LOW_LEVEL << 8) |
		      GUEST_EVTCHN_PPI;
	CHECK(cb == 0x020000000000021FULL);
	CHECK_EQ(cb & HVM_PARAM_CALLBACK_IRQ_TYPE_MASK, 0x0200000000000000ULL);
}

UNIT_TEST(ring_arithmetic)
{
	struct xencons_interface cons;

	CHECK_EQ(MASK_XENCONS_IDX(2049u, cons.out), 1);
	CHECK_EQ(MASK_XENCONS_IDX(1025u, cons.in), 1);
	CHECK_EQ(MASK_XENSTORE_IDX(1024u + 7), 7);
	CHECK_EQ(MASK_XENSTORE_IDX(0xffffffffu), 1023);

	/* blkif requests are 112 bytes: (4096 - 64) / 112 = 36 -> 32 slots */
	CHECK_EQ(xen_ring_slots(4096, 112), 32);
	CHECK_EQ(xen_ring_slots(4096, 12), 256);
	CHECK_EQ(xen_ring_slots(4096, 4032), 1);
	CHECK_EQ(xen_ring_slots(64, 8), 0);
	CHECK_EQ(xen_ring_rounddown_pow2(1), 1);
	CHECK_EQ(xen_ring_rounddown_pow2(0x80000001u), 0x80000000u);

	/* consumer armed event 5: moving prod 3 -> 5 crosses it, 5 -> 7 does not */
	CHECK(xen_ring_need_notify(3, 5, 5));
	CHECK(!xen_ring_need_notify(5, 7, 5));
	CHECK(!xen_ring_need_notify(3, 4, 5));
	/* works across index wrap-around */
	CHECK(xen_ring_need_notify(0xfffffffeu, 2, 0));
}

UNIT_TEST(memop_and_misc_encodings)
{
	/* a continuation start extent lives above the sub-op bits */
	unsigned int cmd = XENMEM_populate_physmap | (17u << MEMOP_EXTENT_SHIFT);
	CHECK_EQ(cmd & MEMOP_CMD_MASK, XENMEM_populate_physmap);
	CHECK_EQ(cmd >> MEMOP_EXTENT_SHIFT, 17);
	CHECK(XENMEM_acquire_resource <= (int)MEMOP_CMD_MASK);

	uint32_t flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_hap | XEN_DOMINF_shutdown |
			 (SHUTDOWN_crash << XEN_DOMINF_shutdownshift);
	CHECK_EQ((flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask,
		 SHUTDOWN_crash);
	CHECK_EQ(XEN_DOMCTL_GRANT_version(0x31), 1);
	CHECK_EQ(XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_hap |
			 XEN_SYSCTL_PHYSCAP_gnttab_v1, 0x109);
	CHECK(XEN_RUNSTATE_UPDATE == (1ULL << 63));
	CHECK_EQ(DOMID_SELF, DOMID_FIRST_RESERVED);
	CHECK_EQ(VGCF_online, 1);
}

UNIT_MAIN()
