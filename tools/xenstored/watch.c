/* SPDX-License-Identifier: MIT */
/*
 * Watches of hx-xenstored (xenstore.txt WATCH, UNWATCH, WATCH_EVENT).
 *
 * Each connection keeps its watches (canonical path + token) in a list. A
 * change to path P fires every watch whose path is P or an ancestor of P
 * ("child" match), or, for the nodes below the root of a recursive RM, only
 * watches set exactly on them. An event goes to a connection only if it may
 * read the node, its old permissions (SET_PERMS) or the node's parent, as in
 * Xen. Changes inside a transaction are only marked on the transaction's copy
 * and fire at commit. Relative watches get relative event paths.
 *
 * The special paths @introduceDomain and @releaseDomain are events invented
 * by xenstored; who may receive them is controlled by their own permission
 * sets (SET_PERMS on the special name), by default readable by dom0 only.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static uint32_t watch_total; /* all connections: lets writes skip the scan */

static const struct xs_perm special_default = { .id = 0, .perms = XS_PERM_NONE };
static struct {
	const char *name;
	struct xs_perm *perms;
	uint32_t count;
} specials[] = { { "@introduceDomain", NULL, 0 }, { "@releaseDomain", NULL, 0 } };

static int special_index(const char *name)
{
	for (unsigned int i = 0; i < sizeof(specials) / sizeof(specials[0]); i++)
		if (!strcmp(name, specials[i].name))
			return i;
	return -1;
}

static void special_perms(int i, const struct xs_perm **p, uint32_t *count)
{
	*p = specials[i].count ? specials[i].perms : &special_default;
	*count = specials[i].count ? specials[i].count : 1;
}

/** special_set_perms() - SET_PERMS on @introduceDomain / @releaseDomain */
int special_set_perms(struct xs_conn *conn, const char *name, const struct xs_perm *p,
		      uint32_t count)
{
	int i = special_index(name);
	const struct xs_perm *cur;
	uint32_t cur_count;
	struct xs_perm *copy;

	if (i < 0)
		return EINVAL;
	special_perms(i, &cur, &cur_count);
	if ((perm_for_conn(conn, cur, cur_count) & (XS_PERM_WRITE | XS_PERM_OWNER)) !=
	    (XS_PERM_WRITE | XS_PERM_OWNER))
		return EACCES;
	copy = malloc(count * sizeof(*p));
	if (!copy)
		return ENOMEM;
	memcpy(copy, p, count * sizeof(*p));
	free(specials[i].perms);
	specials[i].perms = copy;
	specials[i].count = count;
	return 0;
}

/** special_drop_domain() - a released domain loses its special permissions */
void special_drop_domain(uint32_t domid)
{
	for (unsigned int i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		uint32_t out = 1;

		if (!specials[i].count)
			continue;
		if (specials[i].perms[0].id == domid)
			specials[i].perms[0].id = 0;
		for (uint32_t in = 1; in < specials[i].count; in++)
			if (specials[i].perms[in].id != domid)
				specials[i].perms[out++] = specials[i].perms[in];
		specials[i].count = out;
	}
}

void special_reset(void)
{
	for (unsigned int i = 0; i < sizeof(specials) / sizeof(specials[0]); i++) {
		free(specials[i].perms);
		specials[i].perms = NULL;
		specials[i].count = 0;
	}
}

/* Is `child` equal to `parent` or below it? */
static bool is_child(const char *child, const char *parent)
{
	size_t len = strlen(parent);

	if (!strcmp(parent, "/"))
		return true;
	return !strncmp(child, parent, len) && (child[len] == '/' || !child[len]);
}

/* Event path as the watcher sees it: relative watches get relative paths. */
static const char *event_path(const struct xs_conn *conn, const struct xs_watch *w,
			      const char *path)
{
	if (w->is_relative) {
		path += strlen(conn->domain ? conn->domain->path : "/local/domain/0");
		if (*path == '/')
			path++;
	}
	return path;
}

static bool readable(const struct xs_conn *conn, const struct xs_node *n)
{
	return n && (perm_for_conn(conn, n->perms, n->perm_count) & XS_PERM_READ);
}

/* Xen's watch_permitted(): old perms, the node, or else its parent. */
static bool watch_permitted(const struct xs_conn *conn, const char *path,
			    const struct xs_perm *old, uint32_t old_count)
{
	char parent[XENSTORE_ABS_PATH_MAX * 2];
	const struct xs_node *n;
	size_t len;

	if (conn_is_privileged(conn))
		return true;
	if (old && (perm_for_conn(conn, old, old_count) & XS_PERM_READ))
		return true;
	n = store_global(path);
	if (!n)
		return false;
	if (readable(conn, n))
		return true;
	len = strrchr(path, '/') - path;
	if (len >= sizeof(parent))
		return false;
	memcpy(parent, path, len ? len : 1);
	parent[len ? len : 1] = 0;
	return readable(conn, store_global(parent));
}

/**
 * watch_fire() - a node changed (or a special event happened): queue events.
 * `exact` restricts matching to watches set on `path` itself.
 */
void watch_fire(struct xs_conn *origin, const char *path, bool exact,
		const struct xs_perm *old_perms, uint32_t old_count)
{
	bool is_special = path[0] == '@';
	int si = is_special ? special_index(path) : -1;

	if (origin && origin->tx) {
		struct xs_node *n = table_find(&origin->tx->nodes, path, xs_hash(path));

		if (!n) {
			origin->tx->has_failed = true;
		} else if (!n->fire_watch) {
			n->fire_watch = true;
			n->watch_exact = exact;
		} else if (!exact) {
			n->watch_exact = false;
		}
		return;
	}
	if (!watch_total)
		return;
	for (struct xs_conn *c = xs_conns; c; c = c->next) {
		if (!c->watches || c->is_dead)
			continue;
		if (is_special) {
			const struct xs_perm *p;
			uint32_t count;

			if (si < 0)
				continue;
			special_perms(si, &p, &count);
			if (!(perm_for_conn(c, p, count) & XS_PERM_READ))
				continue;
		} else if (!watch_permitted(c, path, old_perms, old_count)) {
			continue;
		}
		for (struct xs_watch *w = c->watches; w; w = w->next) {
			if (exact ? !strcmp(path, w->path) : is_child(path, w->path))
				conn_event(c, event_path(c, w, path), w->token);
		}
	}
}

/**
 * watch_add() - WATCH: register (the caller queues the initial event, whose
 * path is the one the client gave). EINVAL for a bad path, EEXIST for a
 * duplicate path+token, E2BIG past the quota.
 */
int watch_add(struct xs_conn *conn, const char *path, const char *token)
{
	char buf[XENSTORE_ABS_PATH_MAX * 2];
	bool is_relative = false;
	struct xs_watch *w, **pp;
	const char *canon = path;

	if (path[0] == '@') {
		if (strlen(path) > XENSTORE_REL_PATH_MAX)
			return EINVAL;
	} else {
		is_relative = path[0] != '/';
		canon = path_canonical(conn, path, buf, sizeof(buf));
		if (!canon || !path_is_valid(canon))
			return EINVAL;
	}
	for (pp = &conn->watches; *pp; pp = &(*pp)->next)
		if (!strcmp((*pp)->path, canon) && !strcmp((*pp)->token, token))
			return EEXIST;
	if (!conn_is_privileged(conn) && xs_quota.watches &&
	    conn->watch_count >= (uint32_t)xs_quota.watches)
		return E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return ENOMEM;
	w->path = strdup(canon);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		free(w);
		return ENOMEM;
	}
	w->is_relative = is_relative;
	*pp = w;
	conn->watch_count++;
	watch_total++;
	return 0;
}

static void watch_free(struct xs_conn *conn, struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
	conn->watch_count--;
	watch_total--;
}

/** watch_remove() - UNWATCH: ENOENT if no such path+token */
int watch_remove(struct xs_conn *conn, const char *path, const char *token)
{
	char buf[XENSTORE_ABS_PATH_MAX * 2];
	const char *canon = path_canonical(conn, path, buf, sizeof(buf));

	if (!canon)
		return ENOENT;
	for (struct xs_watch **pp = &conn->watches; *pp; pp = &(*pp)->next) {
		struct xs_watch *w = *pp;

		if (!strcmp(w->path, canon) && !strcmp(w->token, token)) {
			*pp = w->next;
			watch_free(conn, w);
			return 0;
		}
	}
	return ENOENT;
}

/** watch_remove_all() - RESET_WATCHES, connection reset or close */
void watch_remove_all(struct xs_conn *conn)
{
	while (conn->watches) {
		struct xs_watch *w = conn->watches;

		conn->watches = w->next;
		watch_free(conn, w);
	}
}
