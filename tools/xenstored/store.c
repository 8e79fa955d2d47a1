/* SPDX-License-Identifier: MIT */
/*
 * The node store of hx-xenstored: a hash table of nodes keyed by full path,
 * the tree operations on it (read, write with implicit parents, mkdir,
 * recursive rm, set_perms), the permission rules, generation counts and the
 * per-domain node quota (Xen docs/misc/xenstore.txt; the semantics follow
 * Xen 4.17's C xenstored).
 *
 * Invariants: every node except "/" has its parent in the store, and its leaf
 * name appears exactly once in the parent's `children`; a node's first
 * permission entry names its owner; each write gives the node a fresh value
 * of the global generation counter. Operations check every limit before they
 * change anything, so a failed request leaves the store untouched.
 *
 * Inside a transaction (conn->tx set) every node is reached through
 * tx_access(), which returns the transaction's private copy; the same code
 * then edits the copy instead of the global node (transaction.c commits).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

_Static_assert(EINVAL == XEN_EINVAL && ENOSPC == XEN_ENOSPC && E2BIG == XEN_E2BIG,
	       "host errno values differ from the xenstore wire table");

struct xs_quota xs_quota = {
	.nodes = 1000, .watches = 128, .transactions = 10, .outstanding = 20,
	.tx_nodes = 1024, .node_size = 2048, .path_max = XENSTORE_REL_PATH_MAX,
	.perms = 5,
};

uint64_t xs_generation;
static struct xs_table store;

/* Size of a node as Xen's TDB record counts it: 24-byte header, 8 per perm. */
#define NODE_HDR_SIZE 24u
#define PERM_SIZE 8u

/** xs_hash() - FNV-1a of a NUL-terminated string */
uint32_t xs_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p) {
		perror("hx-xenstored: out of memory");
		abort();
	}
	return p;
}

void table_init(struct xs_table *t)
{
	t->mask = 63;
	t->count = 0;
	t->buckets = calloc(t->mask + 1, sizeof(*t->buckets));
	if (!t->buckets)
		abort();
}

void table_destroy(struct xs_table *t)
{
	for (uint32_t i = 0; t->buckets && i <= t->mask; i++) {
		struct xs_node *n = t->buckets[i], *next;

		for (; n; n = next) {
			next = n->hnext;
			node_free(n);
		}
	}
	free(t->buckets);
	t->buckets = NULL;
	t->count = 0;
}

struct xs_node *table_find(const struct xs_table *t, const char *path, uint32_t hash)
{
	struct xs_node *n = t->buckets[hash & t->mask];

	for (; n; n = n->hnext)
		if (n->hash == hash && !strcmp(n->path, path))
			return n;
	return NULL;
}

static void table_grow(struct xs_table *t)
{
	uint32_t mask = t->mask * 2 + 1;
	struct xs_node **b = calloc(mask + 1, sizeof(*b));

	if (!b)
		return; /* keep the longer chains */
	for (uint32_t i = 0; i <= t->mask; i++) {
		struct xs_node *n = t->buckets[i], *next;

		for (; n; n = next) {
			next = n->hnext;
			n->hnext = b[n->hash & mask];
			b[n->hash & mask] = n;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->mask = mask;
}

void table_insert(struct xs_table *t, struct xs_node *n)
{
	if (t->count > t->mask)
		table_grow(t);
	n->hnext = t->buckets[n->hash & t->mask];
	t->buckets[n->hash & t->mask] = n;
	t->count++;
}

void table_unlink(struct xs_table *t, struct xs_node *n)
{
	struct xs_node **pp = &t->buckets[n->hash & t->mask];

	for (; *pp; pp = &(*pp)->hnext) {
		if (*pp == n) {
			*pp = n->hnext;
			t->count--;
			return;
		}
	}
}

struct xs_node *node_alloc(const char *path, uint32_t hash)
{
	size_t len = strlen(path) + 1;
	struct xs_node *n = xmalloc(sizeof(*n) + len);

	memset(n, 0, sizeof(*n));
	n->path = (char *)(n + 1);
	memcpy(n->path, path, len);
	n->hash = hash;
	return n;
}

void node_free(struct xs_node *n)
{
	if (!n)
		return;
	free(n->value);
	free(n->children);
	free(n->perms);
	free(n->old_perms);
	free(n);
}

static void *memdup(const void *p, size_t len)
{
	void *q;

	if (!p)
		return NULL;
	q = xmalloc(len);
	memcpy(q, p, len);
	return q;
}

struct xs_node *node_clone(const struct xs_node *n)
{
	struct xs_node *c = node_alloc(n->path, n->hash);

	c->generation = n->generation;
	c->value = memdup(n->value, n->value_len);
	c->value_len = n->value_len;
	c->children = memdup(n->children, n->children_len);
	c->children_len = c->children_cap = n->children_len;
	c->perms = memdup(n->perms, n->perm_count * sizeof(*n->perms));
	c->perm_count = n->perm_count;
	return c;
}

int node_set_value(struct xs_node *n, const void *v, uint32_t len)
{
	char *p = len ? xmalloc(len) : NULL;

	if (len)
		memcpy(p, v, len);
	free(n->value);
	n->value = p;
	n->value_len = len;
	return 0;
}

int node_set_perms(struct xs_node *n, const struct xs_perm *p, uint32_t count)
{
	struct xs_perm *q = memdup(p, count * sizeof(*p));

	free(n->perms);
	n->perms = q;
	n->perm_count = count;
	return 0;
}

/** node_size() - the size Xen's node-size quota applies to */
uint32_t node_size(const struct xs_node *n)
{
	return NODE_HDR_SIZE + n->perm_count * PERM_SIZE + n->value_len + n->children_len;
}

static void node_add_child(struct xs_node *n, const char *name)
{
	uint32_t len = strlen(name) + 1;

	if (n->children_len + len > n->children_cap) {
		uint32_t cap = n->children_cap * 2;
		char *c;

		if (cap < n->children_len + len)
			cap = n->children_len + len + 32;
		c = realloc(n->children, cap);
		if (!c)
			abort();
		n->children = c;
		n->children_cap = cap;
	}
	memcpy(n->children + n->children_len, name, len);
	n->children_len += len;
}

static void node_del_child(struct xs_node *n, const char *name)
{
	uint32_t off = 0;

	while (off < n->children_len) {
		uint32_t len = strlen(n->children + off) + 1;

		if (!strcmp(n->children + off, name)) {
			memmove(n->children + off, n->children + off + len,
				n->children_len - off - len);
			n->children_len -= len;
			return;
		}
		off += len;
	}
}

/* ---------------------------------------------------------------- paths */

static const char *basename_of(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* Parent of a valid path other than "/", into buf (at least strlen+1). */
static void parent_of(const char *path, char *buf)
{
	size_t len = strrchr(path, '/') - path;

	if (!len)
		len = 1; /* the parent is "/" */
	memmove(buf, path, len);
	buf[len] = 0;
}

/** path_is_valid() - Xen's node name rules (xenstore.txt "Paths") */
bool path_is_valid(const char *path)
{
	size_t len = strlen(path), local_off = 0;
	unsigned int domid;
	int n = 0;

	if (path[0] != '/')
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	if (strstr(path, "//"))
		return false;
	if (sscanf(path, "/local/domain/%5u/%n", &domid, &n) == 1 && n > 0)
		local_off = n;
	if (xs_quota.path_max && len > local_off + (size_t)xs_quota.path_max)
		return false;
	return strspn(path, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789-/_@") == len;
}

/**
 * path_canonical() - make a request path absolute: relative paths are
 * relative to /local/domain/<domid> (sockets count as dom0, as in Xen).
 * Returns `path` itself, `buf`, or NULL when the result does not fit.
 */
char *path_canonical(const struct xs_conn *conn, const char *path, char *buf, size_t size)
{
	const char *base = conn && conn->domain ? conn->domain->path : "/local/domain/0";
	int n;

	if (path[0] == '/' || path[0] == '@')
		return (char *)path;
	n = snprintf(buf, size, "%s/%s", base, path);
	return n > 0 && (size_t)n < size ? buf : NULL;
}

/* ---------------------------------------------------------- permissions */

/** conn_is_privileged() - sockets and dom0 are the control domain */
bool conn_is_privileged(const struct xs_conn *conn)
{
	return !conn || !conn->domain || conn->id == 0;
}

/**
 * perm_for_conn() - the access a connection has to a node: the owner (and a
 * domain targeting the owner) and privileged connections get everything;
 * otherwise the first later entry naming the domain (or its target), else
 * the first entry's access, which is the default for everybody else.
 */
unsigned int perm_for_conn(const struct xs_conn *conn, const struct xs_perm *p, uint32_t count)
{
	uint32_t target = conn && conn->domain ? conn->domain->target : DOMID_INVALID;
	unsigned int all = XS_PERM_READ | XS_PERM_WRITE | XS_PERM_OWNER;

	if (conn_is_privileged(conn) || !count || p[0].id == conn->id || p[0].id == target)
		return all;
	for (uint32_t i = 1; i < count; i++)
		if (p[i].id == conn->id || p[i].id == target)
			return p[i].perms & all;
	return p[0].perms & all;
}

/*
 * Path of a child, in a buffer shared by the tree walks: they look the child
 * up right away and then use its own copy of the path, so the recursion
 * keeps no path buffer per level (trees can be ~1000 levels deep).
 */
static const char *child_path(const struct xs_node *n, const char *name)
{
	static char buf[XENSTORE_ABS_PATH_MAX * 2];
	int len = snprintf(buf, sizeof(buf), "%s/%s", strcmp(n->path, "/") ? n->path : "", name);

	return len > 0 && (size_t)len < sizeof(buf) ? buf : NULL;
}

/* ------------------------------------------------------------- lookups */

struct xs_node *store_global(const char *path)
{
	return table_find(&store, path, xs_hash(path));
}

uint32_t store_node_count(void)
{
	return store.count;
}

/** store_read() - the node as this connection's view sees it, no checks */
struct xs_node *store_read(struct xs_conn *conn, const char *path, int *err)
{
	struct xs_node *n;
	uint32_t hash = xs_hash(path);

	if (conn && conn->tx)
		return tx_access(conn, path, hash, err);
	n = table_find(&store, path, hash);
	if (!n)
		*err = ENOENT;
	return n;
}

/*
 * A node we may not see or that does not exist: only tell the truth (ENOENT)
 * if the nearest existing ancestor grants the access asked for (Xen's
 * errno_from_parents), so that errors leak nothing about hidden nodes.
 */
static int errno_from_parents(struct xs_conn *conn, const char *path, int err,
			      unsigned int perm)
{
	char buf[XENSTORE_ABS_PATH_MAX * 2];
	struct xs_node *n = NULL;
	int e2 = 0;

	if (err == ENOMEM || strlen(path) >= sizeof(buf))
		return err;
	strcpy(buf, path);
	while (strcmp(buf, "/")) {
		parent_of(buf, buf);
		n = store_read(conn, buf, &e2);
		if (n)
			break;
		if (e2 == ENOSPC || e2 == ENOMEM)
			return e2;
	}
	if (n && (perm_for_conn(conn, n->perms, n->perm_count) & perm))
		return err;
	return EACCES;
}

/**
 * store_get() - look a path up for an access: EINVAL for bad paths, EACCES
 * for missing permission, ENOENT only if the parent would let us know.
 */
struct xs_node *store_get(struct xs_conn *conn, const char *path, unsigned int perm, int *err)
{
	struct xs_node *n;

	if (!path || !path_is_valid(path)) {
		*err = EINVAL;
		return NULL;
	}
	n = store_read(conn, path, err);
	if (n && (perm_for_conn(conn, n->perms, n->perm_count) & perm) != perm) {
		*err = EACCES;
		n = NULL;
	}
	if (!n && *err != ENOSPC && *err != ENOMEM)
		*err = errno_from_parents(conn, path, *err, perm);
	return n;
}

/* --------------------------------------------------------- modifications */

/* A node was changed: new generation; inside a transaction remember it. */
static void node_touch(struct xs_conn *conn, struct xs_node *n)
{
	n->generation = ++xs_generation;
	if (conn && conn->tx)
		n->is_modified = true;
}

static bool size_ok(const struct xs_conn *conn, uint32_t size)
{
	return conn_is_privileged(conn) || !xs_quota.node_size ||
	       size < (uint32_t)xs_quota.node_size;
}

/* Outside transactions the store keeps each domain's node count. */
static void account(struct xs_conn *conn, const struct xs_node *n, int delta)
{
	if (!(conn && conn->tx) && n->perm_count)
		domain_nodes_adjust(n->perms[0].id, delta);
}

/* Make a node that store_read() found missing exist (global or tx copy). */
static struct xs_node *store_insert(struct xs_conn *conn, const char *path)
{
	uint32_t hash = xs_hash(path);
	struct xs_node *n;

	if (conn && conn->tx) {
		n = table_find(&conn->tx->nodes, path, hash);
		/* a tombstone; it may hold what the tx deleted earlier */
		node_set_value(n, NULL, 0);
		n->children_len = 0;
		n->is_deleted = false;
		conn->tx->has_created = true;
		return n;
	}
	n = node_alloc(path, hash);
	table_insert(&store, n);
	return n;
}

/*
 * Create `path` and its missing ancestors (Xen create_node): each new node
 * inherits its parent's permissions, and an unprivileged creator becomes
 * the owner. All quota checks happen before the first change.
 */
static int create_node(struct xs_conn *conn, const char *path, const void *v, uint32_t len)
{
	char names[XENSTORE_ABS_PATH_MAX * 2];
	size_t plen = strlen(path), pos;
	struct xs_node *parent = NULL, *n;
	uint32_t missing = 0, size;
	int err = 0;
	bool priv = conn_is_privileged(conn);

	if (plen >= sizeof(names))
		return EINVAL;
	/* Walk up to the first existing ancestor. */
	memcpy(names, path, plen + 1);
	for (;;) {
		char *slash = strrchr(names, '/');

		missing++;
		slash[slash == names ? 1 : 0] = 0;
		parent = store_read(conn, names, &err);
		if (parent)
			break;
		if (err != ENOENT)
			return err;
		if (!strcmp(names, "/"))
			return EIO;
	}
	/* Quotas: node count, the parent's and every new node's record size. */
	if (!priv && xs_quota.nodes) {
		struct xs_domain *d = domain_find(conn->id);
		int have = d ? d->node_count : 0;

		if (have + (int)missing > xs_quota.nodes)
			return ENOSPC;
	}
	pos = strcmp(parent->path, "/") ? strlen(parent->path) : 0;
	size = node_size(parent) + strcspn(path + pos + 1, "/") + 1;
	if (!size_ok(conn, size))
		return ENOSPC;
	size = NODE_HDR_SIZE + parent->perm_count * PERM_SIZE + len;
	if (!size_ok(conn, size))
		return ENOSPC;
	/* Names of the missing nodes are the prefixes of `path` below parent. */
	memcpy(names, path, plen + 1);
	while (pos < plen) {
		size_t next = pos + 1;

		while (next < plen && path[next] != '/')
			next++;
		names[next] = 0;
		n = store_insert(conn, names);
		node_set_perms(n, parent->perms, parent->perm_count);
		if (!priv && n->perm_count)
			n->perms[0].id = conn->id;
		node_add_child(parent, basename_of(names));
		node_touch(conn, parent);
		node_touch(conn, n);
		account(conn, n, 1);
		names[next] = path[next];
		parent = n;
		pos = next;
	}
	node_set_value(parent, v, len);
	return 0;
}

/** store_write() - WRITE: set a value, creating the node and its parents */
int store_write(struct xs_conn *conn, const char *path, const void *v, uint32_t len,
		bool *created)
{
	struct xs_node *n;
	int err = 0;

	*created = false;
	n = store_get(conn, path, XS_PERM_WRITE, &err);
	if (!n) {
		if (err != ENOENT)
			return err;
		err = create_node(conn, path, v, len);
		if (err)
			return err;
		*created = true;
	} else {
		if (!size_ok(conn, node_size(n) - n->value_len + len))
			return ENOSPC;
		node_set_value(n, v, len);
		node_touch(conn, n);
	}
	watch_fire(conn, path, false, NULL, 0);
	return 0;
}

/** store_mkdir() - MKDIR: make sure a node exists; existing ones stay as is */
int store_mkdir(struct xs_conn *conn, const char *path)
{
	int err = 0;

	if (store_get(conn, path, XS_PERM_WRITE, &err))
		return 0;
	if (err != ENOENT)
		return err;
	err = create_node(conn, path, NULL, 0);
	if (!err)
		watch_fire(conn, path, false, NULL, 0);
	return err;
}

/*
 * Delete a subtree, children first. Watches fire while the node can still be
 * seen: the removed root fires watches on itself and its ancestors, every
 * other node only watches set exactly on it (xenstore.txt WATCH_EVENT).
 */
static int delete_subtree(struct xs_conn *conn, struct xs_node *n, bool is_root)
{
	int err = 0;

	for (uint32_t off = 0; off < n->children_len;) {
		const char *name = n->children + off, *child = child_path(n, name);
		struct xs_node *c = child ? store_read(conn, child, &err) : NULL;

		off += strlen(name) + 1;
		if (c)
			err = delete_subtree(conn, c, false);
		if (err && err != ENOENT)
			return err; /* a transaction hit its quota */
	}
	watch_fire(conn, n->path, !is_root, NULL, 0);
	if (conn && conn->tx) {
		n->is_deleted = true;
		n->is_modified = true;
		n->generation = ++xs_generation;
		return 0;
	}
	account(conn, n, -1);
	table_unlink(&store, n);
	node_free(n);
	return 0;
}

/* Remove an existing node (not "/") and everything below it. */
static int remove_node(struct xs_conn *conn, struct xs_node *n)
{
	char parent_path[XENSTORE_ABS_PATH_MAX * 2];
	char name[XENSTORE_ABS_PATH_MAX * 2];
	struct xs_node *parent;
	int err = 0;

	if (strlen(n->path) >= sizeof(name))
		return EINVAL;
	parent_of(n->path, parent_path);
	strcpy(name, basename_of(n->path));
	parent = store_read(conn, parent_path, &err);
	if (!parent)
		return err == ENOSPC || err == ENOMEM ? err : EINVAL;
	err = delete_subtree(conn, n, true);
	if (err) {
		/* only inside a transaction; its copies are half-edited now */
		conn->tx->has_failed = true;
		return err;
	}
	node_del_child(parent, name);
	node_touch(conn, parent);
	return 0;
}

/** store_rm() - RM: fine if the node is missing but its parent exists */
int store_rm(struct xs_conn *conn, const char *path)
{
	char parent_path[XENSTORE_ABS_PATH_MAX * 2];
	struct xs_node *n;
	int err = 0;

	n = store_get(conn, path, XS_PERM_WRITE, &err);
	if (!n) {
		if (err != ENOENT)
			return err;
		if (strlen(path) >= sizeof(parent_path))
			return EINVAL;
		parent_of(path, parent_path);
		if (store_read(conn, parent_path, &err))
			return 0;
		return err == ENOSPC || err == ENOMEM ? err : ENOENT;
	}
	if (!strcmp(path, "/"))
		return EINVAL;
	return remove_node(conn, n);
}

/**
 * store_set_perms() - SET_PERMS on a node: needs write access and ownership
 * (Xen: XS_PERM_WRITE | XS_PERM_OWNER); only the privileged may change the
 * owner (EPERM).
 */
int store_set_perms(struct xs_conn *conn, const char *path, const struct xs_perm *p,
		    uint32_t count)
{
	struct xs_perm *old;
	struct xs_node *n;
	uint32_t old_count;
	int err = 0;

	n = store_get(conn, path, XS_PERM_WRITE | XS_PERM_OWNER, &err);
	if (!n)
		return err;
	if (!conn_is_privileged(conn) && p[0].id != n->perms[0].id)
		return EPERM;
	if (!size_ok(conn, node_size(n) - n->perm_count * PERM_SIZE + count * PERM_SIZE))
		return ENOSPC;
	old = n->perms;
	old_count = n->perm_count;
	n->perms = NULL;
	account(conn, &(struct xs_node){ .perms = old, .perm_count = old_count }, -1);
	node_set_perms(n, p, count);
	account(conn, n, 1);
	node_touch(conn, n);
	watch_fire(conn, path, false, old, old_count);
	free(old);
	return 0;
}

/**
 * store_apply() - make a committed transaction copy global: the global node
 * takes over the copy's contents (or is deleted) and gets a new generation.
 */
void store_apply(struct xs_node *copy)
{
	struct xs_node *g = table_find(&store, copy->path, copy->hash);

	if (copy->is_deleted) {
		if (g) {
			account(NULL, g, -1);
			table_unlink(&store, g);
			node_free(g);
		}
		return;
	}
	if (g) {
		account(NULL, g, -1);
	} else {
		g = node_alloc(copy->path, copy->hash);
		table_insert(&store, g);
	}
	free(g->value);
	free(g->children);
	free(g->perms);
	g->value = copy->value;
	g->value_len = copy->value_len;
	g->children = copy->children;
	g->children_len = copy->children_len;
	g->children_cap = copy->children_cap;
	g->perms = copy->perms;
	g->perm_count = copy->perm_count;
	copy->value = copy->children = NULL;
	copy->perms = NULL;
	copy->value_len = copy->children_len = copy->children_cap = copy->perm_count = 0;
	g->generation = ++xs_generation;
	account(NULL, g, 1);
}

/* ------------------------------------------------------ domain clean-up */

static void remove_owned_below(struct xs_node *n, uint32_t domid)
{
	for (uint32_t off = 0; off < n->children_len;) {
		const char *name = n->children + off, *child = child_path(n, name);
		struct xs_node *c = child ? store_global(child) : NULL;

		if (!c) {
			off += strlen(name) + 1;
			continue;
		}
		if (c->perm_count && c->perms[0].id == domid) {
			/* removes `name` from n->children: do not advance */
			remove_node(NULL, c);
			continue;
		}
		off += strlen(name) + 1;
		remove_owned_below(c, domid);
	}
}

/** store_remove_owned() - delete every subtree owned by a departing domain */
void store_remove_owned(uint32_t domid)
{
	struct xs_domain *d = domain_find(domid);

	if (d && d->node_count > 0)
		remove_owned_below(store_global("/"), domid);
}

/* ---------------------------------------------------------- init, check */

static void manual_node(const char *path, const char *child)
{
	struct xs_node *n = node_alloc(path, xs_hash(path));
	struct xs_perm p = { .id = 0, .perms = XS_PERM_NONE };

	node_set_perms(n, &p, 1);
	if (child)
		node_add_child(n, child);
	n->generation = ++xs_generation;
	table_insert(&store, n);
	domain_nodes_adjust(0, 1);
}

/** store_init() - the initial tree: / , /tool, /tool/xenstored (owner dom0) */
void store_init(void)
{
	table_init(&store);
	manual_node("/", "tool");
	manual_node("/tool", "xenstored");
	manual_node("/tool/xenstored", NULL);
}

void store_fini(void)
{
	table_destroy(&store);
}

static uint32_t check_below(const struct xs_node *n, int *bad)
{
	uint32_t count = 1;

	for (uint32_t off = 0; off < n->children_len;) {
		const char *name = n->children + off, *child = child_path(n, name);
		const struct xs_node *c = child ? store_global(child) : NULL;

		off += strlen(name) + 1;
		if (!c || !c->perm_count) {
			(*bad)++;
			continue;
		}
		count += check_below(c, bad);
	}
	return count;
}

/**
 * store_check() - CONTROL check: every child listed exists and has an owner,
 * and every stored node is reachable from "/". Returns the number of faults.
 */
int store_check(void)
{
	const struct xs_node *root = store_global("/");
	int bad = 0;

	if (!root)
		return 1;
	if (check_below(root, &bad) != store.count)
		bad++;
	return bad;
}
