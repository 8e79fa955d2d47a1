/* SPDX-License-Identifier: MIT */
/*
 * hx xenstore-ls / xenstore-read / xenstore-write: the few xenstore client
 * operations an administrator (and the system tests) need in a dom0 that has
 * no Xen tools installed; output as Xen's xenstore-ls (indented
 * `name = "value"` lines) and xenstore-read (the value).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hx.h"

static struct xstore *need_store(struct hx *h)
{
	struct xstore *xs = hx_store(h);

	if (!xs)
		hx_fail(h, "xenstored is not reachable (%s: %s)", xstore_path(),
			strerror(h->xs_errno));
	return xs;
}

/* Print @path's children, depth first; returns -1 on an error other than vanishing */
static int list_tree(struct hx *h, struct xstore *xs, const char *path, int depth)
{
	unsigned int n, i;
	char **names = xstore_directory(xs, 0, path, &n);
	int rc = 0;

	if (!names)
		return errno == ENOENT ? 0 : -1;
	for (i = 0; i < n && !rc; i++) {
		size_t len = strlen(path) + strlen(names[i]) + 2;
		char *child = malloc(len), *val;

		if (!child) {
			rc = -1;
			break;
		}
		snprintf(child, len, "%s%s%s", path, strcmp(path, "/") ? "/" : "", names[i]);
		val = xstore_read(xs, 0, child, NULL);
		fprintf(h->out, "%*s%s = \"%s\"\n", depth, "", names[i], val ? val : "");
		free(val);
		rc = list_tree(h, xs, child, depth + 1);
		free(child);
	}
	free(names);
	return rc;
}

/** hx_cmd_xenstore_ls - xenstore-ls [PATH] */
int hx_cmd_xenstore_ls(struct hx *h, int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	struct xstore *xs;

	if (argc > 2)
		return hx_fail(h, "usage: hx xenstore-ls [PATH]");
	xs = need_store(h);
	if (!xs)
		return 1;
	if (list_tree(h, xs, path, 0) < 0)
		return hx_fail(h, "%s: %s", path, strerror(errno));
	return 0;
}

/** hx_cmd_xenstore_read - xenstore-read PATH */
int hx_cmd_xenstore_read(struct hx *h, int argc, char **argv)
{
	struct xstore *xs;
	char *val;

	if (argc != 2)
		return hx_fail(h, "usage: hx xenstore-read PATH");
	xs = need_store(h);
	if (!xs)
		return 1;
	val = xstore_read(xs, 0, argv[1], NULL);
	if (!val)
		return hx_fail(h, "%s: %s", argv[1], strerror(errno));
	fprintf(h->out, "%s\n", val);
	free(val);
	return 0;
}

/** hx_cmd_xenstore_write - xenstore-write PATH VALUE */
int hx_cmd_xenstore_write(struct hx *h, int argc, char **argv)
{
	struct xstore *xs;

	if (argc != 3)
		return hx_fail(h, "usage: hx xenstore-write PATH VALUE");
	xs = need_store(h);
	if (!xs)
		return 1;
	if (xstore_write_str(xs, 0, argv[1], argv[2]) < 0)
		return hx_fail(h, "%s: %s", argv[1], strerror(errno));
	return 0;
}
