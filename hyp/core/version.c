/* SPDX-License-Identifier: MIT */
/*
 * xen_version (Xen public version.h): hospes reports the Xen 4.17 ABI.
 * Visibility follows Xen 4.17's default (dummy XSM) policy: extraversion,
 * compile info, capabilities and changeset are readable by every domain;
 * an unprivileged domain reading the command line gets "<denied>" (only
 * those 9 bytes are written) and build_id -EPERM. The feature bits are Xen on Arm's:
 * domU 0x00016005, dom0 0x00026805 when direct-mapped — hospes's dom0 is
 * not direct-mapped, so it gets not_direct_mapped like a domU plus dom0.
 */
#include <hyp/cmdline.h>
#include <hyp/bootinfo.h>
#include <hyp/domain.h>
#include <hyp/errloc.h>
#include <hyp/errno.h>
#include <hyp/guest_access.h>
#include <hyp/hypercall.h>
#include <hyp/xen_domain.h>
#include <lib/string.h>
#include <public/features.h>
#include <public/version.h>

#define HOSPES_EXTRAVERSION ".0-hospes"

uint32_t xen_feature_submap(const struct domain *d)
{
	uint32_t m = (1U << XENFEAT_writable_page_tables) | (1U << XENFEAT_auto_translated_physmap) |
		     (1U << XENFEAT_memory_op_vnode_supported) | (1U << XENFEAT_ARM_SMCCC_supported) |
		     (1U << XENFEAT_not_direct_mapped);
	if (d->is_privileged)
		m |= 1U << XENFEAT_dom0;
	return m;
}

#define XEN_DENIED "<denied>" /* Xen's xen_deny() */

/* Copy @s NUL-padded into the guest's @size-byte buffer at @arg. */
static long copy_string(struct vcpu *v, uint64_t arg, const char *s, size_t size)
{
	char buf[1024] = { 0 };
	size_t n = strnlen(s, size - 1);

	memcpy(buf, s, n);
	return copy_to_guest(v, arg, buf, size) ? ERR(-EFAULT) : 0;
}

long do_xen_version(struct vcpu *v, uint64_t *args)
{
	unsigned cmd = (unsigned)args[0];
	uint64_t arg = args[1];
	bool priv;

	/* The most frequent probe, answered before any frame is built. */
	if (cmd == XENVER_version)
		return XEN_ABI_VERSION;
	priv = v->domain->is_privileged;
	switch (cmd) {
	case XENVER_extraversion:
		return copy_string(v, arg, HOSPES_EXTRAVERSION, XEN_EXTRAVERSION_LEN);
	case XENVER_compile_info: {
		struct xen_compile_info ci;
		memset(&ci, 0, sizeof(ci));
		strncpy_safe(ci.compiler, __VERSION__, sizeof(ci.compiler));
		strncpy_safe(ci.compile_by, "hospes", sizeof(ci.compile_by));
		strncpy_safe(ci.compile_domain, "", sizeof(ci.compile_domain));
		strncpy_safe(ci.compile_date, __DATE__ " " __TIME__, sizeof(ci.compile_date));
		return copy_to_guest(v, arg, &ci, sizeof(ci)) ? ERR(-EFAULT) : 0;
	}
	case XENVER_capabilities:
		return copy_string(v, arg, XEN_ABI_CAPABILITIES, XEN_CAPABILITIES_INFO_LEN);
	case XENVER_changeset:
		return copy_string(v, arg, "hospes " HOSPES_CHANGESET, XEN_CHANGESET_INFO_LEN);
	case XENVER_platform_parameters: {
		struct xen_platform_parameters pp = { 0 };
		return copy_to_guest(v, arg, &pp, sizeof(pp)) ? ERR(-EFAULT) : 0;
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;
		if (copy_from_guest(v, &fi, arg, sizeof(fi)))
			return ERR(-EFAULT);
		if (fi.submap_idx != 0)
			return ERR(-EINVAL);
		fi.submap = xen_feature_submap(v->domain);
		return copy_to_guest(v, arg, &fi, sizeof(fi)) ? ERR(-EFAULT) : 0;
	}
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_guest_handle:
		return copy_to_guest(v, arg, v->domain->handle, 16) ? ERR(-EFAULT) : 0;
	case XENVER_commandline:
		if (!priv) /* Xen writes just the string and its NUL */
			return copy_to_guest(v, arg, XEN_DENIED, sizeof(XEN_DENIED)) ? ERR(-EFAULT) : 0;
		return copy_string(v, arg, bootinfo.hyp_cmdline ? bootinfo.hyp_cmdline : "",
				   XEN_COMMANDLINE_LEN);
	case XENVER_build_id:
		/* hospes images carry no build id: Xen's answer without one. */
		return priv ? ERR(-ENODATA) : ERR(-EPERM);
	default:
		return ERR(-ENOSYS);
	}
}
