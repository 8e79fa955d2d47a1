/* SPDX-License-Identifier: MIT */
/*
 * xstore - a xenstore client speaking the wire protocol (Xen public
 * io/xs_wire.h; docs xen-abi-arm64.md section 6.1) over xenstored's Unix
 * socket: $XENSTORED_PATH, else /var/run/xenstored/socket (the counterpart
 * of Xen's libxenstore).
 *
 * Requests are synchronous: one request, then its reply. Watch events
 * arriving in between are queued and handed out by xstore_read_watch().
 * Failures return NULL / -errno with errno set; a xenstored error reply
 * ("ENOENT", "EACCES", ...) becomes that errno.
 */
#ifndef TOOLS_XSTORE_H
#define TOOLS_XSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XSTORE_DEFAULT_PATH "/var/run/xenstored/socket"

struct xstore;

struct xstore *xstore_open(void);
struct xstore *xstore_open_fd(int fd); /* takes ownership of a connected stream */
void xstore_close(struct xstore *s);
int xstore_fd(const struct xstore *s);
/* The socket path xstore_open() uses */
const char *xstore_path(void);

/* Value of @path, NUL-terminated (the NUL is not counted in *len); free() it */
char *xstore_read(struct xstore *s, uint32_t tx, const char *path, size_t *len);
int xstore_write(struct xstore *s, uint32_t tx, const char *path, const void *val, size_t len);
int xstore_write_str(struct xstore *s, uint32_t tx, const char *path, const char *val);
int xstore_mkdir(struct xstore *s, uint32_t tx, const char *path);
int xstore_rm(struct xstore *s, uint32_t tx, const char *path);
/* Children of @path: one free()able block holding the array and the names */
char **xstore_directory(struct xstore *s, uint32_t tx, const char *path, unsigned int *count);
/* Permission strings such as "n0", "r5" (Xen docs/misc/xenstore.txt) */
int xstore_set_perms(struct xstore *s, uint32_t tx, const char *path, const char *const *perms,
		     unsigned int count);

int xstore_transaction_start(struct xstore *s, uint32_t *tx);
int xstore_transaction_end(struct xstore *s, uint32_t tx, bool commit);

int xstore_introduce(struct xstore *s, uint32_t domid, uint64_t gfn, uint32_t port);
int xstore_release(struct xstore *s, uint32_t domid);
/* 1 introduced, 0 not, -errno */
int xstore_is_introduced(struct xstore *s, uint32_t domid);
char *xstore_get_domain_path(struct xstore *s, uint32_t domid);

int xstore_watch(struct xstore *s, const char *path, const char *token);
int xstore_unwatch(struct xstore *s, const char *path, const char *token);
/* Next watch event (blocks): *path and *token point into one block, free(*path) */
int xstore_read_watch(struct xstore *s, char **path, char **token);

/* errno for a wire error name ("ENOENT"), EIO for unknown names */
int xstore_errno(const char *name);

#endif
