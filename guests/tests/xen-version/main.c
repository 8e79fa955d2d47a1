/* SPDX-License-Identifier: MIT */
/*
 * xen-version: every XENVER_* sub-op of __HYPERVISOR_xen_version as seen by
 * an unprivileged domU (Xen public version.h, xen-abi-arm64.md 3.3):
 * version 4.17, the domU feature submap, page size, the domain handle, and
 * hospes's policy for the build-detail strings (empty for domUs, see
 * hyp/core/version.c), plus the error paths (bad submap, bad pointer,
 * unknown sub-op, build_id).
 *
 * Note on Xen itself: with the default (dummy) XSM policy upstream Xen 4.17
 * shows extraversion/compile_info/capabilities/changeset to every guest and
 * answers XENVER_commandline with "<denied>"; hospes follows the hardened
 * variant (empty strings), which is what this test pins down.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL) /* unmapped IPA */
#define FILL 0xa5

static uint8_t buf[2048];

/* Fill buf, call sub-op @cmd on it and check it returns 0 with @len zero bytes. */
static void check_empty(unsigned int cmd, size_t len, const char *name)
{
	memset(buf, FILL, sizeof(buf));
	expect_eq(xen_version(cmd, buf), 0, "%s", name);
	for (size_t i = 0; i < len; i++)
		if (!expect_eq(buf[i], 0, "%s: byte %zu of %zu", name, i, len))
			break;
	expect_eq(buf[len], FILL, "%s: byte %zu, just past the %zu-byte buffer", name, len, len);
	expect_eq(xen_version(cmd, BAD_PTR), -XEN_EFAULT, "%s(bad pointer)", name);
}

void test_main(void)
{
	struct xen_feature_info fi;
	struct xen_platform_parameters pp;

	xen_require();

	expect_eq(xen_version(XENVER_version, NULL), 0x00040011, "XENVER_version");
	expect_eq(xen_version(XENVER_version, BAD_PTR), 0x00040011,
		  "XENVER_version ignores its argument");

	fi.submap_idx = 0;
	fi.submap = 0xdeadbeef;
	expect_eq(xen_version(XENVER_get_features, &fi), 0, "get_features(0)");
	expect_eq(fi.submap, (1U << XENFEAT_writable_page_tables) |
				     (1U << XENFEAT_auto_translated_physmap) |
				     (1U << XENFEAT_memory_op_vnode_supported) |
				     (1U << XENFEAT_ARM_SMCCC_supported) |
				     (1U << XENFEAT_not_direct_mapped),
		  "get_features(0).submap");
	expect_eq(fi.submap, 0x00016005, "get_features(0).submap (domU value)");
	fi.submap_idx = 1;
	expect_eq(xen_version(XENVER_get_features, &fi), -XEN_EINVAL, "get_features(1)");
	fi.submap_idx = 0xffffffff;
	expect_eq(xen_version(XENVER_get_features, &fi), -XEN_EINVAL, "get_features(~0)");
	expect_eq(xen_version(XENVER_get_features, BAD_PTR), -XEN_EFAULT,
		  "get_features(bad pointer)");

	expect_eq(xen_version(XENVER_pagesize, NULL), 4096, "XENVER_pagesize");

	memset(&pp, FILL, sizeof(pp));
	expect_eq(xen_version(XENVER_platform_parameters, &pp), 0, "platform_parameters");
	expect_eq(xen_version(XENVER_platform_parameters, BAD_PTR), -XEN_EFAULT,
		  "platform_parameters(bad pointer)");

	/* A dom0less domU has the all-zero handle (no toolstack sets one). */
	check_empty(XENVER_guest_handle, 16, "guest_handle");

	/* Build details hidden from unprivileged domains: empty strings. */
	check_empty(XENVER_extraversion, XEN_EXTRAVERSION_LEN, "extraversion");
	check_empty(XENVER_compile_info, sizeof(struct xen_compile_info), "compile_info");
	check_empty(XENVER_capabilities, XEN_CAPABILITIES_INFO_LEN, "capabilities");
	check_empty(XENVER_changeset, XEN_CHANGESET_INFO_LEN, "changeset");
	check_empty(XENVER_commandline, XEN_COMMANDLINE_LEN, "commandline");

	/* A buffer running off the end of RAM (64 MiB at 0x40000000): -EFAULT. */
	expect_eq(xen_version(XENVER_extraversion, (void *)(0x44000000UL - 8)), -XEN_EFAULT,
		  "extraversion(buffer straddling the end of RAM)");

	expect_eq(xen_version(XENVER_build_id, NULL), -XEN_EPERM, "build_id(NULL)");
	expect_eq(xen_version(XENVER_build_id, buf), -XEN_EPERM, "build_id(buffer)");
	expect_eq(xen_version(99, buf), -XEN_ENOSYS, "unknown sub-op 99");
	expect_eq(xen_version(11, buf), -XEN_ENOSYS, "unknown sub-op 11");

	test_result(SUCCESS, "version 4.17, features %#x, page size 4096, details hidden, "
			     "errors as Xen",
		    0x00016005);
}
