/* SPDX-License-Identifier: MIT */
/*
 * xstore: xenstore wire protocol over a stream socket.
 *
 * A message is a 16-byte struct xsd_sockmsg (type, req_id, tx_id, len)
 * plus len payload bytes (<= XENSTORE_PAYLOAD_MAX). Replies echo the
 * request's type and req_id, or carry XS_ERROR with an errno name; watch
 * events (XS_WATCH_EVENT, "path\0token\0") may come at any time and are
 * queued in arrival order. Invariant: at most one request is outstanding,
 * so the first non-event message read after a request is its reply.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#include "xstore.h"

struct xs_event {
	struct xs_event *next;
	uint32_t len;
	char data[]; /* "path\0token\0" */
};

struct xstore {
	int fd;
	uint32_t req_id;
	struct xs_event *head, *tail;
};

/** xstore_errno - errno of a xenstored error name */
int xstore_errno(const char *name)
{
	size_t i;

	for (i = 0; i < XSD_NR_ERRORS; i++)
		if (!strcmp(name, xsd_errors[i].errstring))
			return xsd_errors[i].errnum;
	return EIO;
}

/** xstore_path - the socket of the local xenstored */
const char *xstore_path(void)
{
	const char *p = getenv("XENSTORED_PATH");

	return p && *p ? p : XSTORE_DEFAULT_PATH;
}

/** xstore_open_fd - a client on connected stream @fd */
struct xstore *xstore_open_fd(int fd)
{
	struct xstore *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->fd = fd;
	return s;
}

/** xstore_open - connect to xenstored's socket; NULL + errno */
struct xstore *xstore_open(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	const char *path = xstore_path();
	struct xstore *s;
	int fd, e;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return NULL;
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		e = errno;
		close(fd);
		errno = e;
		return NULL;
	}
	s = xstore_open_fd(fd);
	if (!s)
		close(fd);
	return s;
}

/** xstore_close - disconnect and drop queued events */
void xstore_close(struct xstore *s)
{
	struct xs_event *ev, *next;

	if (!s)
		return;
	for (ev = s->head; ev; ev = next) {
		next = ev->next;
		free(ev);
	}
	close(s->fd);
	free(s);
}

/** xstore_fd - the socket (readable when an event or reply is waiting) */
int xstore_fd(const struct xstore *s)
{
	return s->fd;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -ECONNRESET; /* xenstored went away */
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Read one message; *payload is malloc'd with a NUL appended */
static int read_msg(struct xstore *s, struct xsd_sockmsg *hdr, char **payload)
{
	int rc = read_all(s->fd, hdr, sizeof(*hdr));

	if (rc < 0)
		return rc;
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return -EPROTO;
	*payload = malloc(hdr->len + 1);
	if (!*payload)
		return -ENOMEM;
	rc = read_all(s->fd, *payload, hdr->len);
	if (rc < 0) {
		free(*payload);
		return rc;
	}
	(*payload)[hdr->len] = '\0';
	return 0;
}

static int queue_event(struct xstore *s, const char *data, uint32_t len)
{
	struct xs_event *ev = malloc(sizeof(*ev) + len + 2);

	if (!ev)
		return -ENOMEM;
	memcpy(ev->data, data, len);
	ev->data[len] = ev->data[len + 1] = '\0'; /* token missing: empty */
	ev->len = len;
	ev->next = NULL;
	if (s->tail)
		s->tail->next = ev;
	else
		s->head = ev;
	s->tail = ev;
	return 0;
}

/*
 * Send @type with the payload made of @count @parts, wait for the reply.
 * Returns the reply's payload length and *reply (malloc'd, NUL-terminated),
 * or -errno.
 */
static int talk(struct xstore *s, uint32_t type, uint32_t tx, const void *const *parts,
		const size_t *lens, unsigned int count, char **reply)
{
	struct xsd_sockmsg hdr = { .type = type, .tx_id = tx, .req_id = ++s->req_id };
	unsigned int i;
	int rc;

	for (i = 0; i < count; i++)
		hdr.len += (uint32_t)lens[i];
	if (hdr.len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	rc = write_all(s->fd, &hdr, sizeof(hdr));
	for (i = 0; rc == 0 && i < count; i++)
		rc = write_all(s->fd, parts[i], lens[i]);
	if (rc < 0)
		return rc;
	for (;;) {
		struct xsd_sockmsg r;
		char *p;

		rc = read_msg(s, &r, &p);
		if (rc < 0)
			return rc;
		if (r.type == XS_WATCH_EVENT) {
			rc = queue_event(s, p, r.len);
			free(p);
			if (rc < 0)
				return rc;
			continue;
		}
		if (r.req_id != hdr.req_id) {
			free(p); /* a stale reply: not ours */
			continue;
		}
		if (r.type == XS_ERROR) {
			rc = -xstore_errno(p);
			free(p);
			return rc;
		}
		if (r.type != type) {
			free(p);
			return -EPROTO;
		}
		if (reply)
			*reply = p;
		else
			free(p);
		return (int)r.len;
	}
}

/* A request whose payload is the given NUL-terminated strings */
static int talk_strs(struct xstore *s, uint32_t type, uint32_t tx, const char *a, const char *b,
		     char **reply)
{
	const void *parts[2] = { a, b };
	size_t lens[2] = { strlen(a) + 1, b ? strlen(b) + 1 : 0 };

	return talk(s, type, tx, parts, lens, b ? 2 : 1, reply);
}

static int set_errno(int rc)
{
	if (rc < 0)
		errno = -rc;
	return rc;
}

/* Requests whose reply is just "OK" */
static int talk_ok(struct xstore *s, uint32_t type, uint32_t tx, const char *a, const char *b)
{
	int rc = talk_strs(s, type, tx, a, b, NULL);

	return set_errno(rc < 0 ? rc : 0);
}

/** xstore_read - XS_READ */
char *xstore_read(struct xstore *s, uint32_t tx, const char *path, size_t *len)
{
	char *val = NULL;
	int rc = talk_strs(s, XS_READ, tx, path, NULL, &val);

	if (set_errno(rc) < 0)
		return NULL;
	if (len)
		*len = (size_t)rc;
	return val;
}

/** xstore_write - XS_WRITE of @len bytes */
int xstore_write(struct xstore *s, uint32_t tx, const char *path, const void *val, size_t len)
{
	const void *parts[2] = { path, val };
	size_t lens[2] = { strlen(path) + 1, len };
	int rc = talk(s, XS_WRITE, tx, parts, lens, 2, NULL);

	return set_errno(rc < 0 ? rc : 0);
}

/** xstore_write_str - XS_WRITE of a string (without its NUL) */
int xstore_write_str(struct xstore *s, uint32_t tx, const char *path, const char *val)
{
	return xstore_write(s, tx, path, val, strlen(val));
}

/** xstore_mkdir - XS_MKDIR */
int xstore_mkdir(struct xstore *s, uint32_t tx, const char *path)
{
	return talk_ok(s, XS_MKDIR, tx, path, NULL);
}

/** xstore_rm - XS_RM (the subtree) */
int xstore_rm(struct xstore *s, uint32_t tx, const char *path)
{
	return talk_ok(s, XS_RM, tx, path, NULL);
}

/** xstore_directory - XS_DIRECTORY: the children's names */
char **xstore_directory(struct xstore *s, uint32_t tx, const char *path, unsigned int *count)
{
	char *names = NULL, **vec, *p, *end;
	unsigned int n = 0, i;
	int rc = talk_strs(s, XS_DIRECTORY, tx, path, NULL, &names);

	if (set_errno(rc) < 0)
		return NULL;
	end = names + rc;
	for (p = names; p < end; p += strlen(p) + 1)
		n++;
	vec = malloc((n + 1) * sizeof(char *) + (size_t)rc + 1);
	if (!vec) {
		free(names);
		errno = ENOMEM;
		return NULL;
	}
	p = (char *)(vec + n + 1);
	memcpy(p, names, (size_t)rc + 1);
	for (i = 0; i < n; i++) {
		vec[i] = p;
		p += strlen(p) + 1;
	}
	vec[n] = NULL;
	free(names);
	*count = n;
	return vec;
}

/** xstore_set_perms - XS_SET_PERMS */
int xstore_set_perms(struct xstore *s, uint32_t tx, const char *path, const char *const *perms,
		     unsigned int count)
{
	const void *parts[17];
	size_t lens[17];
	unsigned int i;
	int rc;

	if (count > 16)
		return set_errno(-E2BIG);
	parts[0] = path;
	lens[0] = strlen(path) + 1;
	for (i = 0; i < count; i++) {
		parts[i + 1] = perms[i];
		lens[i + 1] = strlen(perms[i]) + 1;
	}
	rc = talk(s, XS_SET_PERMS, tx, parts, lens, count + 1, NULL);
	return set_errno(rc < 0 ? rc : 0);
}

/** xstore_transaction_start - XS_TRANSACTION_START */
int xstore_transaction_start(struct xstore *s, uint32_t *tx)
{
	char *id = NULL;
	int rc = talk_strs(s, XS_TRANSACTION_START, 0, "", NULL, &id);

	if (set_errno(rc) < 0)
		return rc;
	*tx = (uint32_t)strtoul(id, NULL, 10);
	free(id);
	return 0;
}

/** xstore_transaction_end - XS_TRANSACTION_END; -EAGAIN means: retry the transaction */
int xstore_transaction_end(struct xstore *s, uint32_t tx, bool commit)
{
	return talk_ok(s, XS_TRANSACTION_END, tx, commit ? "T" : "F", NULL);
}

/** xstore_introduce - XS_INTRODUCE domid, ring GFN, event channel */
int xstore_introduce(struct xstore *s, uint32_t domid, uint64_t gfn, uint32_t port)
{
	char a[16], b[24], c[16];
	const void *parts[3] = { a, b, c };
	size_t lens[3];
	int rc;

	lens[0] = (size_t)snprintf(a, sizeof(a), "%u", domid) + 1;
	lens[1] = (size_t)snprintf(b, sizeof(b), "%llu", (unsigned long long)gfn) + 1;
	lens[2] = (size_t)snprintf(c, sizeof(c), "%u", port) + 1;
	rc = talk(s, XS_INTRODUCE, 0, parts, lens, 3, NULL);
	return set_errno(rc < 0 ? rc : 0);
}

static int talk_domid(struct xstore *s, uint32_t type, uint32_t domid, char **reply)
{
	char a[16];

	snprintf(a, sizeof(a), "%u", domid);
	return talk_strs(s, type, 0, a, NULL, reply);
}

/** xstore_release - XS_RELEASE: xenstored forgets the domain */
int xstore_release(struct xstore *s, uint32_t domid)
{
	int rc = talk_domid(s, XS_RELEASE, domid, NULL);

	return set_errno(rc < 0 ? rc : 0);
}

/** xstore_is_introduced - XS_IS_DOMAIN_INTRODUCED */
int xstore_is_introduced(struct xstore *s, uint32_t domid)
{
	char *r = NULL;
	int rc = talk_domid(s, XS_IS_DOMAIN_INTRODUCED, domid, &r);

	if (set_errno(rc) < 0)
		return rc;
	rc = r[0] == 'T';
	free(r);
	return rc;
}

/** xstore_get_domain_path - XS_GET_DOMAIN_PATH */
char *xstore_get_domain_path(struct xstore *s, uint32_t domid)
{
	char *r = NULL;
	int rc = talk_domid(s, XS_GET_DOMAIN_PATH, domid, &r);

	return set_errno(rc) < 0 ? NULL : r;
}

/** xstore_watch - XS_WATCH (fires once at once, then on every change below @path) */
int xstore_watch(struct xstore *s, const char *path, const char *token)
{
	return talk_ok(s, XS_WATCH, 0, path, token);
}

/** xstore_unwatch - XS_UNWATCH */
int xstore_unwatch(struct xstore *s, const char *path, const char *token)
{
	return talk_ok(s, XS_UNWATCH, 0, path, token);
}

/** xstore_read_watch - the next watch event, queued or read from the socket */
int xstore_read_watch(struct xstore *s, char **path, char **token)
{
	struct xs_event *ev;
	int rc;

	while (!s->head) {
		struct xsd_sockmsg r;
		char *p;

		rc = read_msg(s, &r, &p);
		if (rc < 0)
			return set_errno(rc);
		if (r.type == XS_WATCH_EVENT)
			rc = queue_event(s, p, r.len);
		free(p); /* a reply nobody waits for is dropped */
		if (rc < 0)
			return set_errno(rc);
	}
	ev = s->head;
	s->head = ev->next;
	if (!s->head)
		s->tail = NULL;
	/* Move the payload to the front of the block so free(*path) frees it all */
	memmove(ev, ev->data, ev->len + 2);
	*path = (char *)ev;
	*token = *path + strlen(*path) + 1;
	return 0;
}
