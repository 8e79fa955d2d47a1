/* SPDX-License-Identifier: MIT */
/*
 * Transactions of hx-xenstored (xenstore.txt TRANSACTION_START/END).
 *
 * A transaction is a journal of private node copies: the first time a request
 * inside the transaction touches a path, tx_access() copies the global node
 * (or records a tombstone if it does not exist) together with its generation
 * count. Later reads and writes in the transaction see only the copy, so the
 * transaction reads its own writes and never sees later outside changes;
 * outside readers see nothing of it until commit.
 *
 * Commit (TRANSACTION_END "T") fails with EAGAIN if any touched path's global
 * generation differs from the one recorded at first access (a conflicting
 * write, create or delete happened meanwhile, as in Xen 4.17); otherwise the
 * modified copies replace the global nodes and the watches queued during the
 * transaction fire. Abort ("F") drops the journal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

/** tx_lookup() - the transaction a request names; NULL if none or unknown */
struct xs_tx *tx_lookup(struct xs_conn *conn, uint32_t id)
{
	struct xs_tx *tx;

	for (tx = conn->txs; tx; tx = tx->next)
		if (tx->id == id)
			return tx;
	return NULL;
}

/** tx_start() - open a transaction (ENOSPC past the per-connection quota) */
int tx_start(struct xs_conn *conn, uint32_t *id)
{
	struct xs_tx *tx;

	if (!conn_is_privileged(conn) && xs_quota.transactions &&
	    conn->tx_count >= (uint32_t)xs_quota.transactions)
		return ENOSPC;
	tx = calloc(1, sizeof(*tx));
	if (!tx)
		return ENOMEM;
	do { /* ids are never 0 and unique on the connection */
		tx->id = conn->next_tx_id++;
	} while (!tx->id || tx_lookup(conn, tx->id));
	table_init(&tx->nodes);
	tx->journal_tail = &tx->journal;
	tx->next = conn->txs;
	conn->txs = tx;
	conn->tx_count++;
	*id = tx->id;
	return 0;
}

/**
 * tx_access() - the transaction's copy of a path, made on first access.
 * Returns NULL with ENOENT for a missing (or deleted) node, ENOSPC if an
 * unprivileged transaction would touch more than the tx_nodes quota.
 */
struct xs_node *tx_access(struct xs_conn *conn, const char *path, uint32_t hash, int *err)
{
	struct xs_tx *tx = conn->tx;
	struct xs_node *n = table_find(&tx->nodes, path, hash), *g;

	if (!n) {
		if (!conn_is_privileged(conn) && xs_quota.tx_nodes &&
		    tx->nodes.count >= (uint32_t)xs_quota.tx_nodes) {
			tx->has_failed = true;
			*err = ENOSPC;
			return NULL;
		}
		g = store_global(path);
		if (g) {
			n = node_clone(g);
			n->read_gen = g->generation;
			n->old_perms = malloc(g->perm_count * sizeof(*g->perms) + 1);
			if (n->old_perms) {
				memcpy(n->old_perms, g->perms, g->perm_count * sizeof(*g->perms));
				n->old_perm_count = g->perm_count;
			}
		} else {
			n = node_alloc(path, hash);
			n->read_gen = NO_GENERATION;
			n->is_deleted = true;
		}
		table_insert(&tx->nodes, n);
		*tx->journal_tail = n;
		tx->journal_tail = &n->tnext;
	}
	if (n->is_deleted) {
		*err = ENOENT;
		return NULL;
	}
	return n;
}

static void tx_free(struct xs_conn *conn, struct xs_tx *tx)
{
	struct xs_tx **pp;

	for (pp = &conn->txs; *pp; pp = &(*pp)->next) {
		if (*pp == tx) {
			*pp = tx->next;
			break;
		}
	}
	conn->tx_count--;
	if (conn->tx == tx)
		conn->tx = NULL;
	table_destroy(&tx->nodes);
	free(tx);
}

/* Nodes the committing domain would own afterwards, minus now. */
static int owned_delta(const struct xs_tx *tx, uint32_t domid)
{
	int delta = 0;

	for (const struct xs_node *n = tx->journal; n; n = n->tnext) {
		const struct xs_node *g;

		if (!n->is_modified)
			continue;
		g = store_global(n->path);
		if (g && g->perm_count && g->perms[0].id == domid)
			delta--;
		if (!n->is_deleted && n->perm_count && n->perms[0].id == domid)
			delta++;
	}
	return delta;
}

/**
 * tx_end() - end the request's transaction (conn->tx): commit or abort.
 * The transaction is gone afterwards whatever the result.
 */
int tx_end(struct xs_conn *conn, bool commit)
{
	struct xs_tx *tx = conn->tx;
	struct xs_node *n;
	int err = 0;

	conn->tx = NULL; /* from here on the global store is what we edit */
	if (!commit)
		goto out;
	if (tx->has_failed) {
		err = ENOMEM; /* Xen's answer for a transaction marked failed */
		goto out;
	}
	for (n = tx->journal; n; n = n->tnext) {
		const struct xs_node *g = store_global(n->path);

		if ((g ? g->generation : NO_GENERATION) != n->read_gen) {
			err = EAGAIN;
			goto out;
		}
	}
	if (tx->has_created && !conn_is_privileged(conn) && xs_quota.nodes) {
		struct xs_domain *d = domain_find(conn->id);

		if ((d ? d->node_count : 0) + owned_delta(tx, conn->id) > xs_quota.nodes) {
			err = ENOSPC;
			goto out;
		}
	}
	for (n = tx->journal; n; n = n->tnext)
		if (n->is_modified)
			store_apply(n);
	for (n = tx->journal; n; n = n->tnext)
		if (n->fire_watch)
			watch_fire(conn, n->path, n->watch_exact, n->old_perms,
				   n->old_perm_count);
out:
	tx_free(conn, tx);
	return err;
}

/** tx_destroy_all() - drop every open transaction of a connection */
void tx_destroy_all(struct xs_conn *conn)
{
	while (conn->txs)
		tx_free(conn, conn->txs);
	conn->tx = NULL;
}
