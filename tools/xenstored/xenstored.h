/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored internals: the node store, transactions, watches, domains and
 * connections of hospes's xenstore daemon (Xen docs/misc/xenstore.txt; wire
 * format in include/public/io/xs_wire.h; docs xen-abi-arm64.md section 6.1).
 *
 * The daemon is single-threaded: one poll(2) loop (main.c) drives every
 * connection, so no state here is locked. A request is handled to completion
 * before the next one is read; `conn->tx` is set only while a request that
 * names a transaction is being handled.
 *
 * Module map: store.c (node tree, permissions, generation counts, node
 * quotas), transaction.c (per-node copy-on-access journal, conflict check at
 * commit), watch.c (watch registry and event delivery), domain.c (introduced
 * domains, their rings and special watches), conn.c (connections, framing,
 * output queues, transports), ring.c (xenstore ring page logic), proto.c
 * (request validation and the handler for every message type), main.c
 * (command line, Unix socket, the poll loop).
 */
#ifndef HX_XENSTORED_H
#define HX_XENSTORED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <public/io/xs_wire.h>

/* Permission bits (Xen tools/include/xenstore_lib.h values) */
#define XS_PERM_NONE 0x00
#define XS_PERM_READ 0x01
#define XS_PERM_WRITE 0x02
#define XS_PERM_OWNER 0x08

#define NO_GENERATION (~(uint64_t)0)
#ifndef DOMID_INVALID
#define DOMID_INVALID 0x7ff4u /* Xen xen.h */
#endif

/** struct xs_quota - limits, Xen 4.17 xenstored defaults; 0 disables one */
struct xs_quota {
	int nodes;        /* nodes owned per unprivileged domain (ENOSPC) */
	int watches;      /* watches per unprivileged domain (E2BIG) */
	int transactions; /* open transactions per unprivileged conn (ENOSPC) */
	int outstanding;  /* queued replies before a domain is no longer read */
	int tx_nodes;     /* nodes touched per transaction (ENOSPC) */
	int node_size;    /* node record size in bytes (ENOSPC) */
	int path_max;     /* path length after /local/domain/N/ (EINVAL) */
	int perms;        /* permission entries per node (ENOSPC) */
};
extern struct xs_quota xs_quota;

struct xs_perm {
	uint32_t id;
	uint32_t perms; /* XS_PERM_* */
};

/**
 * struct xs_node - one node. Global nodes live in the store's hash table;
 * a transaction keeps its own copies (same struct) of every node it touched,
 * with the journal fields below. `children` holds the leaf names of the
 * children, each NUL-terminated, in creation order (what DIRECTORY returns).
 */
struct xs_node {
	struct xs_node *hnext; /* hash chain */
	struct xs_node *tnext; /* transaction journal order */
	char *path;
	uint32_t hash;
	uint64_t generation;
	char *value;
	uint32_t value_len;
	char *children;
	uint32_t children_len, children_cap;
	struct xs_perm *perms;
	uint32_t perm_count;
	/* transaction copies only */
	uint64_t read_gen; /* generation seen at first access */
	struct xs_perm *old_perms;
	uint32_t old_perm_count;
	bool is_deleted, is_modified, fire_watch, watch_exact;
};

/** struct xs_table - hash table of nodes by path */
struct xs_table {
	struct xs_node **buckets;
	uint32_t mask;
	uint32_t count;
};

struct xs_conn;
struct xs_domain;

/** struct xs_tx - an open transaction of one connection */
struct xs_tx {
	struct xs_tx *next;
	uint32_t id;
	struct xs_table nodes;     /* copies of the touched nodes */
	struct xs_node *journal;   /* the same nodes, oldest first */
	struct xs_node **journal_tail;
	bool has_created, has_failed;
};

/** struct xs_watch - a registered watch */
struct xs_watch {
	struct xs_watch *next;
	char *path;  /* canonical (absolute, or @special) */
	char *token;
	bool is_relative;
};

/** struct xs_msg - one queued outgoing message: header + payload */
struct xs_msg {
	struct xs_msg *next;
	uint32_t len;  /* header + payload bytes */
	uint32_t sent; /* bytes already written */
	bool is_event;
	unsigned char data[];
};

/** struct xs_transport - how a connection moves bytes */
struct xs_transport {
	/* Returns bytes moved (0 = would block) or -1 (connection broken). */
	int (*read)(struct xs_conn *conn, void *buf, unsigned int len);
	int (*write)(struct xs_conn *conn, const void *buf, unsigned int len);
	/* Called once after a batch of reads/writes moved bytes. */
	void (*notify)(struct xs_conn *conn);
};

#define XS_RX_SIZE (16 * 1024)

/** struct xs_conn - a client: a Unix socket or a domain's ring */
struct xs_conn {
	struct xs_conn *next, *prev;
	const struct xs_transport *tp;
	int fd;                    /* socket, or -1 */
	struct xs_domain *domain;  /* ring connections only */
	uint32_t id;               /* domid: 0 for sockets */
	bool is_dead;              /* broken: close (socket) or ignore (ring) */
	bool is_moved;             /* ring bytes moved since the last notify */
	/* input staging: bytes read but not yet handled */
	unsigned char *rx;
	uint32_t rx_len;
	/* output queue */
	struct xs_msg *out_head, **out_tail;
	uint32_t out_replies;      /* queued replies (not events) */
	uint32_t out_bytes;
	/* state */
	struct xs_watch *watches;
	uint32_t watch_count;
	struct xs_tx *txs;
	uint32_t tx_count, next_tx_id;
	struct xs_tx *tx;          /* transaction of the request in hand */
	struct xsd_sockmsg req;    /* header of the request in hand */
};

/** struct xs_domain - a domain xenstored knows (introduced, or owning nodes) */
struct xs_domain {
	struct xs_domain *next;
	uint32_t domid;
	bool is_introduced, is_shutdown;
	int node_count;            /* nodes owned, for the node quota */
	uint32_t target;           /* SET_TARGET, or DOMID_INVALID */
	struct xs_conn *conn;      /* ring connection while introduced */
	struct xenstore_domain_interface *intf;
	int port;                  /* local event channel port, or -1 */
	char path[32];             /* /local/domain/<domid> */
};

/**
 * struct xs_backend - access to guest rings; NULL when no hypervisor (then
 * INTRODUCE records the domain without a ring). Tests plug in memory rings.
 */
struct xs_backend {
	struct xenstore_domain_interface *(*map)(uint32_t domid, uint64_t gfn);
	void (*unmap)(uint32_t domid, struct xenstore_domain_interface *intf);
	int (*bind)(uint32_t domid, uint32_t remote_port); /* local port or -1 */
	void (*unbind)(int port);
	void (*notify)(int port);
};
extern const struct xs_backend *xs_backend;

/* ---- store.c */
extern uint64_t xs_generation;
uint32_t xs_hash(const char *s);
void table_init(struct xs_table *t);
void table_destroy(struct xs_table *t); /* frees the nodes too */
struct xs_node *table_find(const struct xs_table *t, const char *path, uint32_t hash);
void table_insert(struct xs_table *t, struct xs_node *n);
void table_unlink(struct xs_table *t, struct xs_node *n);
struct xs_node *node_alloc(const char *path, uint32_t hash);
void node_free(struct xs_node *n);
struct xs_node *node_clone(const struct xs_node *n);
int node_set_value(struct xs_node *n, const void *v, uint32_t len);
int node_set_perms(struct xs_node *n, const struct xs_perm *p, uint32_t count);
uint32_t node_size(const struct xs_node *n);
void store_init(void);
void store_fini(void);
struct xs_node *store_global(const char *path);
bool conn_is_privileged(const struct xs_conn *conn);
unsigned int perm_for_conn(const struct xs_conn *conn, const struct xs_perm *p,
			   uint32_t count);
bool path_is_valid(const char *path);
char *path_canonical(const struct xs_conn *conn, const char *path, char *buf,
		     size_t size);
struct xs_node *store_read(struct xs_conn *conn, const char *path, int *err);
struct xs_node *store_get(struct xs_conn *conn, const char *path,
			  unsigned int perm, int *err);
int store_write(struct xs_conn *conn, const char *path, const void *v,
		uint32_t len, bool *created);
int store_mkdir(struct xs_conn *conn, const char *path);
int store_rm(struct xs_conn *conn, const char *path);
int store_set_perms(struct xs_conn *conn, const char *path,
		    const struct xs_perm *p, uint32_t count);
void store_apply(struct xs_node *copy);
void store_remove_owned(uint32_t domid);
int store_check(void);
uint32_t store_node_count(void);

/* ---- transaction.c */
int tx_start(struct xs_conn *conn, uint32_t *id);
struct xs_tx *tx_lookup(struct xs_conn *conn, uint32_t id);
int tx_end(struct xs_conn *conn, bool commit);
void tx_destroy_all(struct xs_conn *conn);
struct xs_node *tx_access(struct xs_conn *conn, const char *path, uint32_t hash,
			  int *err);

/* ---- watch.c */
int watch_add(struct xs_conn *conn, const char *path, const char *token);
int watch_remove(struct xs_conn *conn, const char *path, const char *token);
void watch_remove_all(struct xs_conn *conn);
void watch_fire(struct xs_conn *origin, const char *path, bool exact,
		const struct xs_perm *old_perms, uint32_t old_count);
int special_set_perms(struct xs_conn *conn, const char *name,
		      const struct xs_perm *p, uint32_t count);
void special_drop_domain(uint32_t domid);
void special_reset(void);

/* ---- domain.c */
struct xs_domain *domain_find(uint32_t domid);
struct xs_domain *domain_get(uint32_t domid);
void domain_nodes_adjust(uint32_t domid, int delta);
int domain_introduce(uint32_t domid, uint64_t gfn, uint32_t port);
int domain_release(uint32_t domid);
int domain_resume(uint32_t domid);
int domain_introduce_local(struct xenstore_domain_interface *intf, int port);
/* What domain_check_all()'s callback reports about a domain */
enum { XS_DOMSTATE_RUNNING, XS_DOMSTATE_SHUTDOWN, XS_DOMSTATE_GONE };
int domain_check_all(int (*state)(uint32_t domid, void *ctx), void *ctx);
int domain_set_target(uint32_t domid, uint32_t tdomid);
bool domain_is_introduced(uint32_t domid);
void domain_shutdown(uint32_t domid);
void domain_kick(struct xs_domain *d);
void domain_kick_port(int port);
void domain_kick_all(void);
bool domain_pending(void);
void domain_fini(void);

/* ---- ring.c */
int ring_read(struct xenstore_domain_interface *intf, void *buf, unsigned int len);
int ring_write(struct xenstore_domain_interface *intf, const void *buf,
	       unsigned int len);
bool ring_has_input(const struct xenstore_domain_interface *intf);
bool ring_has_space(const struct xenstore_domain_interface *intf);

/* ---- conn.c */
extern struct xs_conn *xs_conns;
extern const struct xs_transport xs_socket_transport;
extern const struct xs_transport xs_ring_transport;
struct xs_conn *conn_new(const struct xs_transport *tp, int fd, uint32_t id);
void conn_free(struct xs_conn *conn);
void conn_reset(struct xs_conn *conn);
void conn_fail(struct xs_conn *conn, uint32_t err);
void conn_handle_input(struct xs_conn *conn);
bool conn_flush(struct xs_conn *conn);
bool conn_wants_input(const struct xs_conn *conn);
void conn_reply(struct xs_conn *conn, uint32_t type, const void *data, uint32_t len);
void conn_error(struct xs_conn *conn, int err);
void conn_event(struct xs_conn *conn, const char *path, const char *token);
const char *errno_name(int err);

/* ---- proto.c */
extern bool xs_trace;
bool xs_quota_set(const char *name, int value);
void proto_handle(struct xs_conn *conn, const struct xsd_sockmsg *hdr,
		  const char *payload);

#endif /* HX_XENSTORED_H */
