/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored protocol tests: every message type on its success and error
 * paths, as a control-domain socket client (xenstore.txt; Xen 4.17 errors).
 */
#include <stdlib.h>

#include "xt.h"

XT_TEST(initial_tree)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_DIRECTORY, 0, "/|"), "tool|");
	CHECK_STR(xt(c, XS_DIRECTORY, 0, "/tool|"), "xenstored|");
	CHECK_STR(xt(c, XS_GET_PERMS, 0, "/|"), "n0|");
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "OK|");
}

XT_TEST(write_read)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_WRITE, 0, "/a/b|1"), "OK|");
	CHECK_STR(xt(c, XS_READ, 0, "/a/b|"), "1");
	CHECK_STR(xt(c, XS_READ, 0, "/a|"), ""); /* implicit parent, empty */
	CHECK_STR(xt(c, XS_DIRECTORY, 0, "/|"), "tool|a|");
	CHECK_STR(xt(c, XS_WRITE, 0, "/a/b|hello world"), "OK|");
	CHECK_STR(xt(c, XS_READ, 0, "/a/b|"), "hello world");
	CHECK_STR(xt(c, XS_WRITE, 0, "/a/b|"), "OK|"); /* empty value */
	CHECK_STR(xt(c, XS_READ, 0, "/a/b|"), "");
	CHECK_STR(xt(c, XS_READ, 0, "/a/c|"), "!ENOENT");
	CHECK_STR(xt(c, XS_READ, 0, "/x/y/z|"), "!ENOENT");
	/* binary values keep their NULs */
	CHECK_STR(xt(c, XS_WRITE, 0, "/bin|a|b|"), "OK|");
	CHECK_STR(xt(c, XS_READ, 0, "/bin|"), "a|b|");
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "OK|");
}

XT_TEST(reply_header_echoes_request)
{
	struct xt_client *c = xt_socket();

	c->next_req = 41;
	CHECK_STR(xt(c, XS_WRITE, 0, "/r|v"), "OK|");
	CHECK_EQ(c->last.req_id, 42);
	CHECK_EQ(c->last.type, XS_WRITE);
	CHECK_STR(xt(c, XS_READ, 0, "/nope|"), "!ENOENT");
	CHECK_EQ(c->last.type, XS_ERROR);
	CHECK_EQ(c->last.req_id, 43);
}

XT_TEST(relative_paths_of_sockets_are_dom0)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_WRITE, 0, "rel/x|7"), "OK|");
	CHECK_STR(xt(c, XS_READ, 0, "/local/domain/0/rel/x|"), "7");
	CHECK_STR(xt(c, XS_READ, 0, "rel/x|"), "7");
}

XT_TEST(mkdir)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_MKDIR, 0, "/m/n/o|"), "OK|");
	CHECK_STR(xt(c, XS_DIRECTORY, 0, "/m/n|"), "o|");
	CHECK_STR(xt(c, XS_WRITE, 0, "/m/n|keep"), "OK|");
	CHECK_STR(xt(c, XS_MKDIR, 0, "/m/n|"), "OK|");
	CHECK_STR(xt(c, XS_READ, 0, "/m/n|"), "keep");
	CHECK_STR(xt(c, XS_MKDIR, 0, "/m//n|"), "!EINVAL");
	CHECK_STR(xt(c, XS_MKDIR, 0, "/m/n"), "!EINVAL"); /* no NUL */
}

XT_TEST(rm_recursive)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_WRITE, 0, "/r/a/b/c|1"), "OK|");
	CHECK_STR(xt(c, XS_WRITE, 0, "/r/a/d|2"), "OK|");
	CHECK_STR(xt(c, XS_WRITE, 0, "/r/e|3"), "OK|");
	CHECK_STR(xt(c, XS_RM, 0, "/r/a|"), "OK|");
	CHECK_STR(xt(c, XS_READ, 0, "/r/a/b/c|"), "!ENOENT");
	CHECK_STR(xt(c, XS_READ, 0, "/r/a/d|"), "!ENOENT");
	CHECK_STR(xt(c, XS_READ, 0, "/r/a|"), "!ENOENT");
	CHECK_STR(xt(c, XS_DIRECTORY, 0, "/r|"), "e|");
	CHECK_STR(xt(c, XS_RM, 0, "/r/a|"), "OK|");     /* gone, parent exists */
	CHECK_STR(xt(c, XS_RM, 0, "/r/a/b|"), "!ENOENT"); /* parent gone too */
	CHECK_STR(xt(c, XS_RM, 0, "/|"), "!EINVAL");
	CHECK_STR(xt(c, XS_RM, 0, "/r|"), "OK|");
	CHECK_STR(xt(c, XS_DIRECTORY, 0, "/|"), "tool|");
	CHECK_EQ(store_node_count(), 3);
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "OK|");
}

XT_TEST(directory_part)
{
	struct xt_client *c = xt_socket();
	char path[64], want[16384] = "", got[16384] = "", gen[32];
	int off = 0;

	/* 300 children of 20 characters: the list is 6300 bytes */
	for (int i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "/dp/child-%013d|x", i);
		CHECK_STR(xt(c, XS_WRITE, 0, path), "OK|");
		snprintf(path, sizeof(path), "child-%013d|", i);
		strcat(want, path);
	}
	CHECK_STR(xt(c, XS_DIRECTORY, 0, "/dp|"), "!E2BIG");
	gen[0] = 0;
	for (int parts = 0; parts < 10; parts++) {
		char req[64];
		const char *r, *bar;

		snprintf(req, sizeof(req), "/dp|%d|", off);
		r = xt(c, XS_DIRECTORY_PART, 0, req);
		CHECK(c->last.len <= XENSTORE_PAYLOAD_MAX);
		bar = strchr(r, '|');
		if (!bar)
			break;
		if (!gen[0])
			snprintf(gen, sizeof(gen), "%.*s", (int)(bar - r), r);
		CHECK(!strncmp(r, gen, bar - r)); /* same generation every part */
		if (strlen(bar + 1) >= 2 && !strcmp(bar + strlen(bar) - 2, "||")) {
			strncat(got, bar + 1, strlen(bar + 1) - 1); /* final part */
			break;
		}
		strcat(got, bar + 1);
		off += strlen(bar + 1);
	}
	CHECK_STR(got, want);
	/* past the end: the generation and an empty list */
	snprintf(path, sizeof(path), "%s||", gen);
	CHECK_STR(xt(c, XS_DIRECTORY_PART, 0, "/dp|100000|"), path);
	/* a change of the children list changes the generation */
	CHECK_STR(xt(c, XS_WRITE, 0, "/dp/new|1"), "OK|");
	CHECK(strncmp(xt(c, XS_DIRECTORY_PART, 0, "/dp|0|"), gen, strlen(gen)) ||
	      xt(c, XS_DIRECTORY_PART, 0, "/dp|0|")[strlen(gen)] != '|');
	CHECK_STR(xt(c, XS_DIRECTORY_PART, 0, "/dp|"), "!EINVAL");
	CHECK_STR(xt(c, XS_DIRECTORY_PART, 0, "/nope|0|"), "!ENOENT");
	/* small list: one part with the terminating empty name */
	CHECK_STR(xt(c, XS_WRITE, 0, "/small/a|"), "OK|");
	{
		const char *r = xt(c, XS_DIRECTORY_PART, 0, "/small|0|");

		CHECK_STR(strchr(r, '|'), "|a||");
	}
}

XT_TEST(get_set_perms)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_WRITE, 0, "/p|1"), "OK|");
	CHECK_STR(xt(c, XS_SET_PERMS, 0, "/p|n5|r7|w8|b9|"), "OK|");
	CHECK_STR(xt(c, XS_GET_PERMS, 0, "/p|"), "n5|r7|w8|b9|");
	CHECK_STR(xt(c, XS_SET_PERMS, 0, "/p|x5|"), "!EINVAL");
	CHECK_STR(xt(c, XS_SET_PERMS, 0, "/p|r|"), "!EINVAL");
	CHECK_STR(xt(c, XS_SET_PERMS, 0, "/p|r5x|"), "!EINVAL");
	CHECK_STR(xt(c, XS_SET_PERMS, 0, "/p|"), "!EINVAL");
	CHECK_STR(xt(c, XS_SET_PERMS, 0, "/p|r5"), "!EINVAL"); /* last not terminated */
	CHECK_STR(xt(c, XS_SET_PERMS, 0, "/nope|r5|"), "!ENOENT");
	CHECK_STR(xt(c, XS_GET_PERMS, 0, "/p|"), "n5|r7|w8|b9|");
	/* children inherit the parent's permissions */
	CHECK_STR(xt(c, XS_WRITE, 0, "/p/q/r|1"), "OK|");
	CHECK_STR(xt(c, XS_GET_PERMS, 0, "/p/q/r|"), "n5|r7|w8|b9|");
	CHECK_STR(xt(c, XS_GET_PERMS, 0, "/p/q|"), "n5|r7|w8|b9|");
}

XT_TEST(invalid_paths)
{
	struct xt_client *c = xt_socket();
	char *longp = malloc(4000);

	CHECK_STR(xt(c, XS_READ, 0, "/a//b|"), "!EINVAL");
	CHECK_STR(xt(c, XS_READ, 0, "/a/|"), "!EINVAL");
	CHECK_STR(xt(c, XS_READ, 0, "/a b|"), "!EINVAL");
	CHECK_STR(xt(c, XS_READ, 0, "/a*|"), "!EINVAL");
	CHECK_STR(xt(c, XS_WRITE, 0, "/a:b|v"), "!EINVAL");
	CHECK_STR(xt(c, XS_READ, 0, "@releaseDomain|"), "!EINVAL");
	CHECK_STR(xt(c, XS_READ, 0, "|"), "!EINVAL");
	CHECK_STR(xt_raw(c, XS_READ, 0, "", 0), "!EINVAL");
	/* path-max counts after /local/domain/N/ */
	longp[0] = '/';
	memset(longp + 1, 'a', 2048);
	strcpy(longp + 2049, "|v");
	CHECK_STR(xt(c, XS_WRITE, 0, longp), "!EINVAL");
	longp[2048] = 0;
	strcat(longp, "|v");
	CHECK_STR(xt(c, XS_WRITE, 0, longp), "OK|");
	strcpy(longp, "/local/domain/3/");
	memset(longp + 16, 'b', 2048);
	strcpy(longp + 16 + 2048, "|v");
	CHECK_STR(xt(c, XS_WRITE, 0, longp), "OK|");
	free(longp);
}

XT_TEST(one_argument_rules)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_WRITE, 0, "/o|1"), "OK|");
	CHECK_STR(xt(c, XS_READ, 0, "/o"), "!EINVAL");        /* no NUL */
	CHECK_STR(xt(c, XS_READ, 0, "/o|extra|"), "!EINVAL"); /* two strings */
	CHECK_STR(xt(c, XS_GET_PERMS, 0, "/o||"), "!EINVAL");
	CHECK_STR(xt(c, XS_DIRECTORY, 0, "/o"), "!EINVAL");
	CHECK_STR(xt(c, XS_RM, 0, "/o|x|"), "!EINVAL");
	CHECK_STR(xt(c, XS_WRITE, 0, "/o"), "!EINVAL"); /* no NUL after path */
	CHECK_STR(xt(c, XS_TRANSACTION_END, 0, "T"), "!EINVAL");
	CHECK_STR(xt(c, XS_GET_DOMAIN_PATH, 0, "5"), "!EINVAL");
	CHECK_STR(xt(c, XS_READ, 0, "/o|"), "1");
}

XT_TEST(unknown_types_enosys)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, 20, 0, "|"), "!ENOSYS"); /* removed XS_RESTRICT */
	CHECK_STR(xt(c, XS_WATCH_EVENT, 0, "/a|t|"), "!ENOSYS");
	CHECK_STR(xt(c, XS_ERROR, 0, "EINVAL|"), "!ENOSYS");
	CHECK_STR(xt(c, XS_TYPE_COUNT, 0, "|"), "!ENOSYS");
	CHECK_STR(xt(c, 0xffff, 0, "|"), "!ENOSYS");
	CHECK_STR(xt(c, 0x80000000u, 0, ""), "!ENOSYS");
	CHECK_STR(xt(c, XS_WRITE, 0, "/still|ok"), "OK|"); /* connection lives */
}

XT_TEST(unknown_transaction_id)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_READ, 77, "/tool|"), "!ENOENT");
	CHECK_STR(xt(c, XS_WRITE, 77, "/t|1"), "!ENOENT");
	CHECK_STR(xt(c, XS_READ, 0, "/t|"), "!ENOENT");
	/* WATCH ignores tx_id */
	CHECK_STR(xt(c, XS_WATCH, 77, "/t|tok|"), "OK|");
}

XT_TEST(domain_messages)
{
	struct xt_client *c = xt_socket();

	CHECK_STR(xt(c, XS_GET_DOMAIN_PATH, 0, "5|"), "/local/domain/5|");
	CHECK_STR(xt(c, XS_GET_DOMAIN_PATH, 0, "0|"), "/local/domain/0|");
	CHECK_STR(xt(c, XS_IS_DOMAIN_INTRODUCED, 0, "5|"), "F|");
	CHECK_STR(xt(c, XS_INTRODUCE, 0, "5|1234|3|"), "OK|");
	CHECK_STR(xt(c, XS_IS_DOMAIN_INTRODUCED, 0, "5|"), "T|");
	CHECK_STR(xt(c, XS_IS_DOMAIN_INTRODUCED, 0, "32752|"), "T|"); /* DOMID_SELF */
	CHECK_STR(xt(c, XS_INTRODUCE, 0, "5|1234|3|"), "OK|");    /* again: fine */
	CHECK_STR(xt(c, XS_INTRODUCE, 0, "6|1234|0|"), "!EINVAL"); /* port 0 */
	CHECK_STR(xt(c, XS_INTRODUCE, 0, "0|1234|3|"), "!EINVAL"); /* dom0 */
	CHECK_STR(xt(c, XS_INTRODUCE, 0, "6|1234|"), "!EINVAL");
	CHECK_STR(xt(c, XS_RESUME, 0, "5|"), "OK|");
	CHECK_STR(xt(c, XS_RESUME, 0, "9|"), "!ENOENT");
	CHECK_STR(xt(c, XS_SET_TARGET, 0, "5|9|"), "!ENOENT");
	CHECK_STR(xt(c, XS_SET_TARGET, 0, "5|"), "!EINVAL");
	CHECK_STR(xt(c, XS_RELEASE, 0, "5|"), "OK|");
	CHECK_STR(xt(c, XS_IS_DOMAIN_INTRODUCED, 0, "5|"), "F|");
	CHECK_STR(xt(c, XS_RELEASE, 0, "5|"), "!ENOENT");
	CHECK_STR(xt(c, XS_RELEASE, 0, "0|"), "!EINVAL");
	CHECK_STR(xt(c, XS_RELEASE, 0, "5"), "!EINVAL");
}

XT_TEST(control)
{
	struct xt_client *c = xt_socket();
	const char *r;

	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "OK|");
	r = xt(c, XS_CONTROL, 0, "help|");
	CHECK(strstr(r, "check") && strstr(r, "quota") && strstr(r, "log"));
	r = xt(c, XS_CONTROL, 0, "quota|");
	CHECK(strstr(r, "Quota settings:") != NULL);
	CHECK(strstr(r, "nodes            :     1000") != NULL);
	CHECK(strstr(r, "watches          :      128") != NULL);
	CHECK(strstr(r, "node-size        :     2048") != NULL);
	CHECK_STR(xt(c, XS_CONTROL, 0, "quota|set|nodes|77|"), "OK|");
	CHECK_EQ(xs_quota.nodes, 77);
	CHECK(strstr(xt(c, XS_CONTROL, 0, "quota|"), "nodes            :       77") != NULL);
	CHECK_STR(xt(c, XS_CONTROL, 0, "quota|set|bogus|1|"), "!EINVAL");
	CHECK_STR(xt(c, XS_CONTROL, 0, "quota|set|nodes|0|"), "!EINVAL");
	CHECK(strstr(xt(c, XS_CONTROL, 0, "quota|0|"), "Domain 0:") != NULL);
	CHECK_STR(xt(c, XS_CONTROL, 0, "quota|42|"), "!ENOENT");
	CHECK_STR(xt(c, XS_CONTROL, 0, "log|on|"), "OK|");
	CHECK(xs_trace);
	CHECK_STR(xt(c, XS_CONTROL, 0, "log|off|"), "OK|");
	CHECK(!xs_trace);
	CHECK_STR(xt(c, XS_CONTROL, 0, "log|maybe|"), "!EINVAL");
	CHECK_STR(xt(c, XS_CONTROL, 0, "frobnicate|"), "!EINVAL");
	CHECK_STR(xt(c, XS_CONTROL, 0, ""), "!EINVAL");
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|extra|"), "!EINVAL");
}

XT_TEST(control_check_finds_corruption)
{
	struct xt_client *c = xt_socket();
	struct xs_node *n;

	CHECK_STR(xt(c, XS_WRITE, 0, "/k/a|1"), "OK|");
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "OK|");
	/* a child name without a node */
	n = store_global("/k");
	free(n->children);
	n->children = malloc(8);
	memcpy(n->children, "a\0ghost", 8);
	n->children_len = n->children_cap = 8;
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "!EIO");
}

XT_TEST(deep_tree)
{
	struct xt_client *c = xt_socket();
	char *p = malloc(4096);
	uint32_t t;

	/* 1000 levels: the walks must not need a path buffer per level */
	for (int i = 0; i < 1000; i++)
		memcpy(p + 2 * i, "/d", 2);
	strcpy(p + 2000, "|v");
	CHECK_STR(xt(c, XS_WRITE, 0, p), "OK|");
	CHECK_EQ(store_node_count(), 1003);
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "OK|");
	t = strtoul(xt(c, XS_TRANSACTION_START, 0, "|"), NULL, 10);
	CHECK_STR(xt(c, XS_RM, t, "/d/d|"), "OK|");
	CHECK_STR(xt(c, XS_TRANSACTION_END, t, "T|"), "OK|");
	CHECK_EQ(store_node_count(), 4);
	CHECK_STR(xt(c, XS_WRITE, 0, p), "OK|");
	CHECK_STR(xt(c, XS_RM, 0, "/d|"), "OK|");
	CHECK_EQ(store_node_count(), 3);
	CHECK_STR(xt(c, XS_CONTROL, 0, "check|"), "OK|");
	free(p);
}

XT_TEST(tx_rm_over_node_quota_fails_whole)
{
	struct xt_client *d5 = xt_domain(5);
	uint32_t t;

	CHECK_STR(xt(d5, XS_WRITE, 0, "t/a|1"), "OK|");
	CHECK_STR(xt(d5, XS_WRITE, 0, "t/b|1"), "OK|");
	CHECK_STR(xt(d5, XS_WRITE, 0, "t/c|1"), "OK|");
	xs_quota.tx_nodes = 3;
	t = strtoul(xt(d5, XS_TRANSACTION_START, 0, "|"), NULL, 10);
	CHECK_STR(xt(d5, XS_RM, t, "t|"), "!ENOSPC");
	CHECK_STR(xt(d5, XS_TRANSACTION_END, t, "T|"), "!ENOMEM");
	CHECK_STR(xt(d5, XS_DIRECTORY, 0, "t|"), "a|b|c|");
	CHECK_EQ(store_check(), 0);
}
