/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored permission tests: owner, default access, explicit entries,
 * control-domain override, SET_PERMS rules, error hiding, SET_TARGET, and
 * the privileged-only message types (xenstore.txt; Xen 4.17 perm_for_conn).
 */
#include "xt.h"

XT_TEST(perms_owner_default_explicit)
{
	struct xt_client *d0 = xt_socket(), *d5 = xt_domain(5), *d6 = xt_domain(6);

	CHECK_STR(xt(d0, XS_WRITE, 0, "/s/none|x"), "OK|"); /* root is n0 */
	CHECK_STR(xt(d5, XS_READ, 0, "/s/none|"), "!EACCES");
	CHECK_STR(xt(d5, XS_WRITE, 0, "/s/none|y"), "!EACCES");
	/* explicit entry for 5: read only; 6 falls back to the default (n) */
	CHECK_STR(xt(d0, XS_WRITE, 0, "/s/ro|x"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/s/ro|n0|r5|"), "OK|");
	CHECK_STR(xt(d5, XS_READ, 0, "/s/ro|"), "x");
	CHECK_STR(xt(d5, XS_WRITE, 0, "/s/ro|y"), "!EACCES");
	CHECK_STR(xt(d6, XS_READ, 0, "/s/ro|"), "!EACCES");
	/* default access from the first entry */
	CHECK_STR(xt(d0, XS_WRITE, 0, "/s/pub|x"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/s/pub|r0|w6|"), "OK|");
	CHECK_STR(xt(d5, XS_READ, 0, "/s/pub|"), "x");
	CHECK_STR(xt(d5, XS_WRITE, 0, "/s/pub|y"), "!EACCES");
	CHECK_STR(xt(d6, XS_WRITE, 0, "/s/pub|z"), "OK|");  /* write only */
	CHECK_STR(xt(d6, XS_READ, 0, "/s/pub|"), "!EACCES");
	/* the owner always has full access, the control domain too */
	CHECK_STR(xt(d0, XS_WRITE, 0, "/s/own|x"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/s/own|n5|"), "OK|");
	CHECK_STR(xt(d5, XS_READ, 0, "/s/own|"), "x");
	CHECK_STR(xt(d5, XS_WRITE, 0, "/s/own|mine"), "OK|");
	CHECK_STR(xt(d0, XS_READ, 0, "/s/own|"), "mine");
	CHECK_STR(xt(d6, XS_READ, 0, "/s/own|"), "!EACCES");
	/* DIRECTORY and GET_PERMS need read access */
	CHECK_STR(xt(d6, XS_DIRECTORY, 0, "/s/ro|"), "!EACCES");
	CHECK_STR(xt(d6, XS_GET_PERMS, 0, "/s/ro|"), "!EACCES");
	CHECK_STR(xt(d5, XS_GET_PERMS, 0, "/s/ro|"), "n0|r5|");
}

XT_TEST(perms_set_perms_rules)
{
	struct xt_client *d0 = xt_socket(), *d5 = xt_domain(5), *d6 = xt_domain(6);

	CHECK_STR(xt(d0, XS_WRITE, 0, "/o|x"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/o|n5|b6|"), "OK|");
	/* 6 may write but is not the owner: SET_PERMS needs ownership */
	CHECK_STR(xt(d6, XS_SET_PERMS, 0, "/o|n5|"), "!EACCES");
	/* the owner may change the rest, not the owner */
	CHECK_STR(xt(d5, XS_SET_PERMS, 0, "/o|n6|"), "!EPERM");
	CHECK_STR(xt(d5, XS_SET_PERMS, 0, "/o|r5|r6|"), "OK|");
	CHECK_STR(xt(d5, XS_GET_PERMS, 0, "/o|"), "r5|r6|");
	CHECK_STR(xt(d6, XS_WRITE, 0, "/o|y"), "!EACCES");
	/* dom0 may give the node away */
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/o|n6|"), "OK|");
	CHECK_STR(xt(d6, XS_WRITE, 0, "/o|y"), "OK|");
	CHECK_STR(xt(d5, XS_READ, 0, "/o|"), "!EACCES");
}

XT_TEST(perms_new_nodes_owned_by_creator)
{
	struct xt_client *d0 = xt_socket(), *d5 = xt_domain(5);

	/* a node dom0 made writable for everyone */
	CHECK_STR(xt(d0, XS_MKDIR, 0, "/shared|"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/shared|b0|r7|"), "OK|");
	CHECK_STR(xt(d5, XS_WRITE, 0, "/shared/f/g|1"), "OK|");
	/* inherited entries, owner replaced by the creator */
	CHECK_STR(xt(d0, XS_GET_PERMS, 0, "/shared/f|"), "b5|r7|");
	CHECK_STR(xt(d0, XS_GET_PERMS, 0, "/shared/f/g|"), "b5|r7|");
	/* dom0 creating keeps the parent's owner */
	CHECK_STR(xt(d0, XS_WRITE, 0, "/shared/h|1"), "OK|");
	CHECK_STR(xt(d0, XS_GET_PERMS, 0, "/shared/h|"), "b0|r7|");
	/* relative paths are under /local/domain/5 */
	CHECK_STR(xt(d5, XS_WRITE, 0, "data/x|1"), "OK|");
	CHECK_STR(xt(d0, XS_READ, 0, "/local/domain/5/data/x|"), "1");
	CHECK_STR(xt(d0, XS_GET_PERMS, 0, "/local/domain/5/data/x|"), "n5|");
	CHECK_STR(xt(d5, XS_READ, 0, "data/x|"), "1");
}

XT_TEST(perms_errors_hide_hidden_nodes)
{
	struct xt_client *d0 = xt_socket(), *d5 = xt_domain(5);

	CHECK_STR(xt(d0, XS_WRITE, 0, "/h/c|1"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/h/c|n0|r5|"), "OK|");
	CHECK_STR(xt(d5, XS_READ, 0, "/h/c|"), "1");
	/* a missing node below an unreadable parent: EACCES, not ENOENT */
	CHECK_STR(xt(d5, XS_READ, 0, "/h/missing|"), "!EACCES");
	CHECK_STR(xt(d5, XS_READ, 0, "/local/domain/5/missing|"), "!ENOENT");
	/* creating needs write access to the nearest existing ancestor */
	CHECK_STR(xt(d5, XS_WRITE, 0, "/h/new/deep|1"), "!EACCES");
	CHECK_STR(xt(d5, XS_MKDIR, 0, "/h/new|"), "!EACCES");
	CHECK_STR(xt(d5, XS_RM, 0, "/h/c|"), "!EACCES");
	CHECK_STR(xt(d0, XS_READ, 0, "/h/new|"), "!ENOENT");
}

XT_TEST(perms_set_target)
{
	struct xt_client *d0 = xt_socket(), *d5 = xt_domain(5), *d6 = xt_domain(6);

	CHECK_STR(xt(d5, XS_WRITE, 0, "secret|s"), "OK|");
	CHECK_STR(xt(d6, XS_READ, 0, "/local/domain/5/secret|"), "!EACCES");
	CHECK_STR(xt(d0, XS_SET_TARGET, 0, "6|5|"), "OK|");
	CHECK_STR(xt(d6, XS_READ, 0, "/local/domain/5/secret|"), "s");
	CHECK_STR(xt(d6, XS_WRITE, 0, "/local/domain/5/secret|t"), "OK|");
	/* entries granted to 5 apply to 6 as well */
	CHECK_STR(xt(d0, XS_WRITE, 0, "/g|x"), "OK|");
	CHECK_STR(xt(d0, XS_SET_PERMS, 0, "/g|n0|r5|"), "OK|");
	CHECK_STR(xt(d6, XS_READ, 0, "/g|"), "x");
}

XT_TEST(perms_privileged_only_messages)
{
	struct xt_client *d5 = xt_domain(5);

	CHECK_STR(xt(d5, XS_INTRODUCE, 0, "7|1|2|"), "!EACCES");
	CHECK_STR(xt(d5, XS_RELEASE, 0, "5|"), "!EACCES");
	CHECK_STR(xt(d5, XS_RESUME, 0, "5|"), "!EACCES");
	CHECK_STR(xt(d5, XS_SET_TARGET, 0, "5|6|"), "!EACCES");
	CHECK_STR(xt(d5, XS_IS_DOMAIN_INTRODUCED, 0, "5|"), "!EACCES");
	CHECK_STR(xt(d5, XS_CONTROL, 0, "check|"), "!EACCES");
	CHECK_STR(xt(d5, XS_GET_DOMAIN_PATH, 0, "5|"), "/local/domain/5|");
	CHECK_STR(xt(d5, XS_SET_PERMS, 0, "@releaseDomain|r5|"), "!EACCES");
}
