/* SPDX-License-Identifier: MIT */
/*
 * xen-version: every XENVER_* sub-op of __HYPERVISOR_xen_version as seen by
 * an unprivileged domU (Xen public version.h, xen-abi-arm64.md 3.3):
 * version 4.17, the domU feature submap, page size, the domain handle, and
 * the build-detail strings, plus the error paths (bad submap, bad pointer,
 * unknown sub-op, build_id).
 *
 * Visibility is Xen 4.17's default (dummy XSM) policy: extraversion,
 * compile_info, capabilities and changeset are readable by every guest, the
 * command line reads "<denied>" (9 bytes written, the rest untouched) and
 * build_id is -EPERM. The checks hold on Xen 4.17 and on hospes alike: they
 * pin the format (NUL-terminated inside the buffer, zero-padded), not the
 * hypervisor's own text.
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

/* Length of the NUL-terminated string at @s, or @max if there is no NUL in @max bytes. */
static size_t bounded_len(const uint8_t *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/*
 * Sub-op @cmd fills a @len-byte string buffer: returns 0, writes a non-empty
 * string of at least @min_len bytes terminated inside the buffer, zero-pads
 * the rest (Xen copies the whole zeroed buffer), leaves the byte past it alone
 * and rejects a bad pointer. Returns the string length.
 */
static size_t check_string(unsigned int cmd, size_t len, size_t min_len, const char *name)
{
	size_t n;

	memset(buf, FILL, sizeof(buf));
	expect_eq(xen_version(cmd, buf), 0, "%s", name);
	n = bounded_len(buf, len);
	expect_true(n >= min_len && n < len, "%s: string of %zu bytes in a %zu-byte buffer", name,
		    n, len);
	for (size_t i = n; i < len; i++)
		if (!expect_eq(buf[i], 0, "%s: padding byte %zu of %zu", name, i, len))
			break;
	expect_eq(buf[len], FILL, "%s: byte %zu, just past the %zu-byte buffer", name, len, len);
	expect_eq(xen_version(cmd, BAD_PTR), -XEN_EFAULT, "%s(bad pointer)", name);
	return n;
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

	/* Build details readable by every guest. */
	check_string(XENVER_extraversion, XEN_EXTRAVERSION_LEN, 1, "extraversion");
	expect_eq(buf[0], '.', "extraversion starts with '.' (\"%s\")", (char *)buf);
	check_string(XENVER_capabilities, XEN_CAPABILITIES_INFO_LEN, 15, "capabilities");
	expect_true(!memcmp(buf, "xen-3.0-aarch64", 15), "capabilities \"%s\" name xen-3.0-aarch64",
		    (char *)buf);
	check_string(XENVER_changeset, XEN_CHANGESET_INFO_LEN, 0, "changeset"); /* Debian's Xen: "" */
	{
		struct xen_compile_info ci;
		memset(&ci, FILL, sizeof(ci));
		expect_eq(xen_version(XENVER_compile_info, &ci), 0, "compile_info");
		expect_true(bounded_len((uint8_t *)ci.compiler, sizeof(ci.compiler)) > 0 &&
				    bounded_len((uint8_t *)ci.compiler, sizeof(ci.compiler)) <
					    sizeof(ci.compiler),
			    "compile_info.compiler is a non-empty string");
		expect_true(bounded_len((uint8_t *)ci.compile_date, sizeof(ci.compile_date)) > 0 &&
				    bounded_len((uint8_t *)ci.compile_date,
						sizeof(ci.compile_date)) < sizeof(ci.compile_date),
			    "compile_info.compile_date is a non-empty string");
		expect_eq(xen_version(XENVER_compile_info, BAD_PTR), -XEN_EFAULT,
			  "compile_info(bad pointer)");
	}

	/* The command line is the privileged domain's only: "<denied>" and nothing more. */
	memset(buf, FILL, sizeof(buf));
	expect_eq(xen_version(XENVER_commandline, buf), 0, "commandline");
	expect_true(!memcmp(buf, "<denied>", 9), "commandline reads \"<denied>\"");
	expect_eq(buf[9], FILL, "commandline: only \"<denied>\" and its NUL written");
	expect_eq(xen_version(XENVER_commandline, BAD_PTR), -XEN_EFAULT, "commandline(bad pointer)");

	/* A buffer running off the end of RAM (64 MiB at 0x40000000): -EFAULT. */
	expect_eq(xen_version(XENVER_extraversion, (void *)(0x44000000UL - 8)), -XEN_EFAULT,
		  "extraversion(buffer straddling the end of RAM)");

	expect_eq(xen_version(XENVER_build_id, NULL), -XEN_EPERM, "build_id(NULL)");
	expect_eq(xen_version(XENVER_build_id, buf), -XEN_EPERM, "build_id(buffer)");
	expect_eq(xen_version(99, buf), -XEN_ENOSYS, "unknown sub-op 99");
	expect_eq(xen_version(11, buf), -XEN_ENOSYS, "unknown sub-op 11");

	test_result(SUCCESS, "version 4.17, features %#x, page size 4096, details visible, "
			     "errors as Xen",
		    0x00016005);
}
