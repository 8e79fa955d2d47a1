/* SPDX-License-Identifier: MIT */
/*
 * Request handling of hx-xenstored: payload validation and one handler per
 * message type (xenstore.txt "Xenstore protocol details"; error choices as in
 * Xen 4.17's C xenstored).
 *
 * Payload rules: a single-argument request must hold exactly one string and
 * its terminating NUL ("onearg"); multi-argument ones need at least (WRITE,
 * INTRODUCE, SET_TARGET) or exactly (WATCH, UNWATCH, DIRECTORY_PART) their
 * NUL-terminated strings. A type without handler (unknown, WATCH_EVENT,
 * ERROR, the removed 20) gets ENOSYS; control-domain-only types get EACCES
 * from others; a tx_id naming no open transaction gets ENOENT (except
 * WATCH/UNWATCH, which ignore tx_id). conn.c guarantees that the byte after
 * the payload is a NUL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

bool xs_trace;

#define PATH_BUF (XENSTORE_ABS_PATH_MAX * 2)
#define F_PRIV 1u  /* control domain only */
#define F_NOTID 2u /* tx_id ignored */

static void reply_ok(struct xs_conn *conn)
{
	conn_reply(conn, conn->req.type, "OK", 3);
}

/* The payload is exactly one NUL-terminated string. */
static const char *onearg(const char *p, uint32_t len)
{
	if (!len || memchr(p, 0, len) != p + len - 1)
		return NULL;
	return p;
}

static unsigned int count_strings(const char *p, uint32_t len)
{
	unsigned int n = 0;

	for (uint32_t i = 0; i < len; i++)
		n += !p[i];
	return n;
}

/* Number of NUL-terminated strings; the first `num` go to vec. */
static unsigned int get_strings(const char *p, uint32_t len, const char **vec,
				unsigned int num)
{
	unsigned int i = 0;
	uint32_t off = 0;

	while (off < len) {
		const char *nul = memchr(p + off, 0, len - off);

		if (!nul)
			break;
		if (i < num)
			vec[i] = p + off;
		i++;
		off = nul - p + 1;
	}
	return i;
}

static struct xs_node *lookup(struct xs_conn *conn, const char *name, unsigned int perm,
			      char *buf, int *err)
{
	const char *path = name ? path_canonical(conn, name, buf, PATH_BUF) : NULL;

	return store_get(conn, path, perm, err);
}

/* --------------------------------------------------------- node requests */

/* READ gives the value, DIRECTORY the children list */
static int do_read(struct xs_conn *conn, const char *p, uint32_t len)
{
	char buf[PATH_BUF];
	int err = 0;
	struct xs_node *n = lookup(conn, onearg(p, len), XS_PERM_READ, buf, &err);

	if (!n)
		return err;
	if (conn->req.type == XS_READ)
		conn_reply(conn, XS_READ, n->value, n->value_len);
	else
		conn_reply(conn, XS_DIRECTORY, n->children, n->children_len);
	return 0;
}

/*
 * DIRECTORY_PART: "<gencnt>\0" then the children list from byte `offset`,
 * cut at a name boundary to fit; the final part ends with an extra NUL (an
 * empty name), so a reader knows it has everything.
 */
static int do_directory_part(struct xs_conn *conn, const char *p, uint32_t len)
{
	char buf[PATH_BUF], out[XENSTORE_PAYLOAD_MAX + 1];
	uint32_t off, part = 0, glen;
	struct xs_node *n;
	int err = 0;

	if (count_strings(p, len) != 2)
		return EINVAL;
	n = lookup(conn, p, XS_PERM_READ, buf, &err);
	if (!n)
		return err;
	off = atoi(p + strlen(p) + 1);
	glen = snprintf(out, sizeof(out), "%llu", (unsigned long long)n->generation) + 1;
	if (off >= n->children_len) {
		out[glen] = 0;
		conn_reply(conn, XS_DIRECTORY_PART, out, glen + 1);
		return 0;
	}
	while (off + part < n->children_len) {
		uint32_t clen = strlen(n->children + off + part) + 1;

		if (glen + part + clen + 1 > XENSTORE_PAYLOAD_MAX)
			break;
		part += clen;
	}
	memcpy(out + glen, n->children + off, part);
	if (off + part == n->children_len)
		out[glen + part++] = 0;
	conn_reply(conn, XS_DIRECTORY_PART, out, glen + part);
	return 0;
}

static int do_write(struct xs_conn *conn, const char *p, uint32_t len)
{
	char buf[PATH_BUF];
	const char *vec[1], *path;
	uint32_t off;
	bool created;
	int err;

	if (get_strings(p, len, vec, 1) < 1)
		return EINVAL;
	off = strlen(vec[0]) + 1;
	path = path_canonical(conn, vec[0], buf, sizeof(buf));
	if (!path || !path_is_valid(path))
		return EINVAL;
	err = store_write(conn, path, p + off, len - off, &created);
	if (!err)
		reply_ok(conn);
	return err;
}

/* MKDIR and RM */
static int do_mkdir_rm(struct xs_conn *conn, const char *p, uint32_t len)
{
	char buf[PATH_BUF];
	const char *name = onearg(p, len);
	const char *path = name ? path_canonical(conn, name, buf, sizeof(buf)) : NULL;
	int err;

	if (!path || !path_is_valid(path))
		return EINVAL;
	err = conn->req.type == XS_MKDIR ? store_mkdir(conn, path) : store_rm(conn, path);
	if (!err)
		reply_ok(conn);
	return err;
}

static int do_get_perms(struct xs_conn *conn, const char *p, uint32_t len)
{
	char buf[PATH_BUF], *out;
	uint32_t used = 0;
	int err = 0;
	struct xs_node *n = lookup(conn, onearg(p, len), XS_PERM_READ, buf, &err);
	static const char letter[4] = { 'n', 'r', 'w', 'b' };

	if (!n)
		return err;
	out = malloc(n->perm_count * 12 + 1);
	if (!out)
		return ENOMEM;
	for (uint32_t i = 0; i < n->perm_count; i++)
		used += sprintf(out + used, "%c%u", letter[n->perms[i].perms & 3],
				n->perms[i].id) + 1;
	conn_reply(conn, XS_GET_PERMS, out, used);
	free(out);
	return 0;
}

/* Parse `count` strings like "b5" (r, w, b or n, then a domid). */
static int parse_perms(const char *s, struct xs_perm *perms, uint32_t count)
{
	for (uint32_t i = 0; i < count; i++) {
		char *end;

		switch (s[0]) {
		case 'n': perms[i].perms = XS_PERM_NONE; break;
		case 'r': perms[i].perms = XS_PERM_READ; break;
		case 'w': perms[i].perms = XS_PERM_WRITE; break;
		case 'b': perms[i].perms = XS_PERM_READ | XS_PERM_WRITE; break;
		default: return EINVAL;
		}
		if (!s[1])
			return EINVAL;
		perms[i].id = (uint32_t)strtol(s + 1, &end, 0);
		if (*end)
			return EINVAL;
		s = end + 1;
	}
	return 0;
}

static int do_set_perms(struct xs_conn *conn, const char *p, uint32_t len)
{
	char buf[PATH_BUF];
	unsigned int count = count_strings(p, len);
	struct xs_perm *perms;
	const char *path;
	int err;

	if (count < 2)
		return EINVAL;
	count--;
	if (!conn_is_privileged(conn) && xs_quota.perms && count > (unsigned int)xs_quota.perms)
		return ENOSPC;
	perms = malloc(count * sizeof(*perms));
	if (!perms)
		return ENOMEM;
	err = parse_perms(p + strlen(p) + 1, perms, count);
	if (err)
		goto out;
	if (p[0] == '@') {
		err = special_set_perms(conn, p, perms, count);
	} else {
		path = path_canonical(conn, p, buf, sizeof(buf));
		err = path ? store_set_perms(conn, path, perms, count) : EINVAL;
	}
	if (!err)
		reply_ok(conn);
out:
	free(perms);
	return err;
}

/* ------------------------------------------------------ watches and txs */

static int do_watch(struct xs_conn *conn, const char *p, uint32_t len)
{
	const char *vec[2];
	int err;

	if (get_strings(p, len, vec, 2) != 2)
		return EINVAL;
	err = watch_add(conn, vec[0], vec[1]);
	if (err)
		return err;
	reply_ok(conn);
	/* fires once at once, with the path as given (relative stays relative) */
	conn_event(conn, vec[0], vec[1]);
	return 0;
}

static int do_unwatch(struct xs_conn *conn, const char *p, uint32_t len)
{
	const char *vec[2];
	int err;

	if (get_strings(p, len, vec, 2) != 2)
		return EINVAL;
	err = watch_remove(conn, vec[0], vec[1]);
	if (!err)
		reply_ok(conn);
	return err;
}

static int do_reset_watches(struct xs_conn *conn, const char *p, uint32_t len)
{
	(void)p;
	(void)len;
	watch_remove_all(conn);
	tx_destroy_all(conn);
	reply_ok(conn);
	return 0;
}

static int do_tx_start(struct xs_conn *conn, const char *p, uint32_t len)
{
	char id[16];
	uint32_t txid;
	int err;

	(void)p;
	(void)len;
	if (conn->tx)
		return EBUSY; /* no nested transactions */
	err = tx_start(conn, &txid);
	if (err)
		return err;
	conn_reply(conn, XS_TRANSACTION_START, id, snprintf(id, sizeof(id), "%u", txid) + 1);
	return 0;
}

static int do_tx_end(struct xs_conn *conn, const char *p, uint32_t len)
{
	const char *arg = onearg(p, len);
	int err;

	if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
		return EINVAL;
	if (!conn->tx)
		return ENOENT;
	err = tx_end(conn, arg[0] == 'T');
	if (!err)
		reply_ok(conn);
	return err;
}

/* ---------------------------------------------------- domain management */

static int do_introduce(struct xs_conn *conn, const char *p, uint32_t len)
{
	const char *vec[3];
	int port, err;

	if (get_strings(p, len, vec, 3) < 3)
		return EINVAL;
	port = atoi(vec[2]);
	if (port <= 0)
		return EINVAL;
	err = domain_introduce(atoi(vec[0]), strtoull(vec[1], NULL, 10), port);
	if (!err)
		reply_ok(conn);
	return err;
}

static int one_domid(const char *p, uint32_t len, uint32_t *domid)
{
	const char *arg = onearg(p, len);

	if (!arg)
		return EINVAL;
	*domid = atoi(arg);
	return 0;
}

/* RELEASE and RESUME */
static int do_release_resume(struct xs_conn *conn, const char *p, uint32_t len)
{
	uint32_t domid;
	int err = one_domid(p, len, &domid);

	if (!err)
		err = conn->req.type == XS_RELEASE ? domain_release(domid) : domain_resume(domid);
	if (!err)
		reply_ok(conn);
	return err;
}

static int do_get_domain_path(struct xs_conn *conn, const char *p, uint32_t len)
{
	char path[32];
	uint32_t domid;
	int err = one_domid(p, len, &domid);

	if (err)
		return err;
	conn_reply(conn, XS_GET_DOMAIN_PATH, path,
		   snprintf(path, sizeof(path), "/local/domain/%u", domid) + 1);
	return 0;
}

static int do_is_domain_introduced(struct xs_conn *conn, const char *p, uint32_t len)
{
	uint32_t domid;
	int err = one_domid(p, len, &domid);

	if (err)
		return err;
	conn_reply(conn, XS_IS_DOMAIN_INTRODUCED, domain_is_introduced(domid) ? "T" : "F", 2);
	return 0;
}

static int do_set_target(struct xs_conn *conn, const char *p, uint32_t len)
{
	const char *vec[2];
	int err;

	if (get_strings(p, len, vec, 2) < 2)
		return EINVAL;
	err = domain_set_target(atoi(vec[0]), atoi(vec[1]));
	if (!err)
		reply_ok(conn);
	return err;
}

/* --------------------------------------------------------------- control */

static const struct {
	const char *name;
	int *value;
	const char *descr;
} quotas[] = {
	{ "nodes", &xs_quota.nodes, "Nodes per domain" },
	{ "watches", &xs_quota.watches, "Watches per domain" },
	{ "transactions", &xs_quota.transactions, "Transactions per domain" },
	{ "outstanding", &xs_quota.outstanding, "Outstanding requests per domain" },
	{ "transaction-nodes", &xs_quota.tx_nodes,
	  "Max. number of accessed nodes per transaction" },
	{ "node-size", &xs_quota.node_size, "Max. size of a node" },
	{ "path-max", &xs_quota.path_max, "Max. length of a node path" },
	{ "permissions", &xs_quota.perms, "Max. number of permissions per node" },
};

/** xs_quota_set() - set a quota by its Xen name; false if unknown or < 0 */
bool xs_quota_set(const char *name, int value)
{
	for (unsigned int i = 0; i < sizeof(quotas) / sizeof(quotas[0]); i++) {
		if (!strcmp(name, quotas[i].name) && value >= 0) {
			*quotas[i].value = value;
			if (quotas[i].value == &xs_quota.path_max && value > XENSTORE_REL_PATH_MAX)
				xs_quota.path_max = XENSTORE_REL_PATH_MAX;
			return true;
		}
	}
	return false;
}

static int control_quota(struct xs_conn *conn, const char **arg, unsigned int n)
{
	char out[XENSTORE_PAYLOAD_MAX];
	int used = 0;

	if (n == 0) {
		used = snprintf(out, sizeof(out), "Quota settings:\n");
		for (unsigned int i = 0; i < sizeof(quotas) / sizeof(quotas[0]); i++)
			used += snprintf(out + used, sizeof(out) - used, "%-17s: %8d %s\n",
					 quotas[i].name, *quotas[i].value, quotas[i].descr);
	} else if (!strcmp(arg[0], "set")) {
		if (n != 3 || atoi(arg[2]) < 1 || !xs_quota_set(arg[1], atoi(arg[2])))
			return EINVAL;
		reply_ok(conn);
		return 0;
	} else {
		struct xs_domain *d = n == 1 ? domain_find(atoi(arg[0])) : NULL;
		const struct xs_conn *c;

		if (n != 1)
			return EINVAL;
		if (!d)
			return ENOENT;
		c = d->conn;
		used = snprintf(out, sizeof(out),
				"Domain %u:\n%-16s: %8d\n%-16s: %8u\n%-16s: %8u\n%-16s: %8u\n",
				d->domid, "nodes", d->node_count, "watches",
				c ? c->watch_count : 0, "transactions", c ? c->tx_count : 0,
				"outstanding", c ? c->out_replies : 0);
	}
	conn_reply(conn, XS_CONTROL, out, used + 1);
	return 0;
}

static int do_control(struct xs_conn *conn, const char *p, uint32_t len)
{
	static const char help[] = "check\t\nlog\ton|off\nprint\t<string>\n"
				   "quota\t[set <name> <val>|<domid>]\nhelp\t\n";
	const char *vec[8];
	unsigned int n = get_strings(p, len, vec, 8);

	if (n == 0)
		return EINVAL;
	if (n > 8)
		n = 8;
	if (!strcmp(vec[0], "check")) {
		if (n != 1)
			return EINVAL;
		if (store_check())
			return EIO;
	} else if (!strcmp(vec[0], "log")) {
		if (n != 2 || (strcmp(vec[1], "on") && strcmp(vec[1], "off")))
			return EINVAL;
		xs_trace = !strcmp(vec[1], "on");
	} else if (!strcmp(vec[0], "print")) {
		if (n != 2)
			return EINVAL;
		fprintf(stderr, "hx-xenstored: %s\n", vec[1]);
	} else if (!strcmp(vec[0], "quota")) {
		return control_quota(conn, vec + 1, n - 1);
	} else if (!strcmp(vec[0], "help")) {
		if (n != 1)
			return EINVAL;
		conn_reply(conn, XS_CONTROL, help, sizeof(help));
		return 0;
	} else {
		return EINVAL;
	}
	reply_ok(conn);
	return 0;
}

/* ------------------------------------------------------------- dispatch */

static const struct {
	const char *name;
	int (*fn)(struct xs_conn *conn, const char *p, uint32_t len);
	unsigned int flags;
} handlers[XS_TYPE_COUNT] = {
	[XS_CONTROL] = { "CONTROL", do_control, F_PRIV },
	[XS_DIRECTORY] = { "DIRECTORY", do_read, 0 },
	[XS_READ] = { "READ", do_read, 0 },
	[XS_GET_PERMS] = { "GET_PERMS", do_get_perms, 0 },
	[XS_WATCH] = { "WATCH", do_watch, F_NOTID },
	[XS_UNWATCH] = { "UNWATCH", do_unwatch, F_NOTID },
	[XS_TRANSACTION_START] = { "TRANSACTION_START", do_tx_start, 0 },
	[XS_TRANSACTION_END] = { "TRANSACTION_END", do_tx_end, 0 },
	[XS_INTRODUCE] = { "INTRODUCE", do_introduce, F_PRIV },
	[XS_RELEASE] = { "RELEASE", do_release_resume, F_PRIV },
	[XS_GET_DOMAIN_PATH] = { "GET_DOMAIN_PATH", do_get_domain_path, 0 },
	[XS_WRITE] = { "WRITE", do_write, 0 },
	[XS_MKDIR] = { "MKDIR", do_mkdir_rm, 0 },
	[XS_RM] = { "RM", do_mkdir_rm, 0 },
	[XS_SET_PERMS] = { "SET_PERMS", do_set_perms, 0 },
	[XS_IS_DOMAIN_INTRODUCED] = { "IS_DOMAIN_INTRODUCED", do_is_domain_introduced, F_PRIV },
	[XS_RESUME] = { "RESUME", do_release_resume, F_PRIV },
	[XS_SET_TARGET] = { "SET_TARGET", do_set_target, F_PRIV },
	[XS_RESET_WATCHES] = { "RESET_WATCHES", do_reset_watches, 0 },
	[XS_DIRECTORY_PART] = { "DIRECTORY_PART", do_directory_part, 0 },
};

/**
 * proto_handle() - handle one complete request; `payload` has hdr->len bytes
 * followed by a NUL. Exactly one reply (or an ERROR) is queued.
 */
void proto_handle(struct xs_conn *conn, const struct xsd_sockmsg *hdr, const char *payload)
{
	uint32_t type = hdr->type;
	int err;

	conn->req = *hdr;
	if (xs_trace)
		fprintf(stderr, "hx-xenstored: dom%u req %u type %u (%s) tx %u len %u\n",
			conn->id, hdr->req_id, type,
			type < XS_TYPE_COUNT && handlers[type].name ? handlers[type].name : "?",
			hdr->tx_id, hdr->len);
	if (type >= XS_TYPE_COUNT || !handlers[type].fn) {
		conn_error(conn, ENOSYS);
		return;
	}
	if ((handlers[type].flags & F_PRIV) && !conn_is_privileged(conn)) {
		conn_error(conn, EACCES);
		return;
	}
	conn->tx = NULL;
	if (!(handlers[type].flags & F_NOTID) && hdr->tx_id) {
		conn->tx = tx_lookup(conn, hdr->tx_id);
		if (!conn->tx) {
			conn_error(conn, ENOENT);
			return;
		}
	}
	err = handlers[type].fn(conn, payload, hdr->len);
	conn->tx = NULL;
	if (err)
		conn_error(conn, err);
}
