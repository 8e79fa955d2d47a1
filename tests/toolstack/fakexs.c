/* SPDX-License-Identifier: MIT */
/*
 * Minimal xenstored for host tests (see fakexs.h). Parents are implied:
 * DIRECTORY lists the distinct next path components below a node; RM
 * removes the subtree. WATCH acknowledges and fires the watch once.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#include "fakexs.h"

#define MAX_NODES 512

struct node {
	char *path, *val;
	size_t len;
};

static struct node nodes[MAX_NODES];
static bool introduced[64];

static struct node *lookup(const char *path)
{
	int i;

	for (i = 0; i < MAX_NODES; i++)
		if (nodes[i].path && !strcmp(nodes[i].path, path))
			return &nodes[i];
	return NULL;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

static void set(const char *path, const char *val, size_t len)
{
	struct node *n = lookup(path);
	int i;

	for (i = 0; !n && i < MAX_NODES; i++)
		if (!nodes[i].path)
			n = &nodes[i];
	if (!n)
		return;
	if (!n->path)
		n->path = strdup(path);
	free(n->val);
	n->val = malloc(len + 1);
	memcpy(n->val, val, len);
	n->len = len;
}

static void send_msg(int fd, uint32_t type, uint32_t req, const void *p, size_t len)
{
	struct xsd_sockmsg h = { .type = type, .req_id = req, .len = (uint32_t)len };

	if (write(fd, &h, sizeof(h)) != sizeof(h) || (len && write(fd, p, len) != (ssize_t)len))
		_exit(3);
}

static void err(int fd, uint32_t req, const char *name)
{
	send_msg(fd, XS_ERROR, req, name, strlen(name) + 1);
}

static bool exists(const char *path)
{
	int i;

	for (i = 0; i < MAX_NODES; i++)
		if (nodes[i].path && under(nodes[i].path, path))
			return true;
	return false;
}

static void handle(int fd, struct xsd_sockmsg *h, char *p)
{
	char out[4096];
	size_t n = 0, plen = strlen(p);
	int i;

	switch (h->type) {
	case XS_READ: {
		struct node *nd = lookup(p);

		if (!nd && exists(p))
			send_msg(fd, h->type, h->req_id, "", 0);
		else if (!nd)
			err(fd, h->req_id, "ENOENT");
		else
			send_msg(fd, h->type, h->req_id, nd->val, nd->len);
		return;
	}
	case XS_WRITE:
		set(p, p + plen + 1, h->len - plen - 1);
		break;
	case XS_MKDIR:
		if (!exists(p))
			set(p, "", 0);
		break;
	case XS_RM:
		for (i = 0; i < MAX_NODES; i++) {
			if (nodes[i].path && under(nodes[i].path, p)) {
				free(nodes[i].path);
				free(nodes[i].val);
				nodes[i].path = NULL;
				nodes[i].val = NULL;
			}
		}
		break;
	case XS_DIRECTORY:
		if (!exists(p)) {
			err(fd, h->req_id, "ENOENT");
			return;
		}
		for (i = 0; i < MAX_NODES; i++) {
			const char *rest, *slash;
			size_t len;

			if (!nodes[i].path || !under(nodes[i].path, p) ||
			    !nodes[i].path[strlen(p)])
				continue;
			rest = nodes[i].path + strlen(p) + 1;
			slash = strchr(rest, '/');
			len = slash ? (size_t)(slash - rest) : strlen(rest);
			/* skip names already listed */
			{
				size_t o = 0;
				bool dup = false;

				while (o < n) {
					if (strlen(out + o) == len && !strncmp(out + o, rest, len))
						dup = true;
					o += strlen(out + o) + 1;
				}
				if (dup || n + len + 1 > sizeof(out))
					continue;
			}
			memcpy(out + n, rest, len);
			out[n + len] = '\0';
			n += len + 1;
		}
		send_msg(fd, h->type, h->req_id, out, n);
		return;
	case XS_TRANSACTION_START:
		send_msg(fd, h->type, h->req_id, "1", 2);
		return;
	case XS_INTRODUCE:
	case XS_RELEASE:
	case XS_IS_DOMAIN_INTRODUCED: {
		unsigned int d = (unsigned int)atoi(p) % 64;

		if (h->type == XS_IS_DOMAIN_INTRODUCED) {
			send_msg(fd, h->type, h->req_id, introduced[d] ? "T" : "F", 2);
			return;
		}
		if (h->type == XS_RELEASE && !introduced[d]) {
			err(fd, h->req_id, "ENOENT");
			return;
		}
		introduced[d] = h->type == XS_INTRODUCE;
		break;
	}
	case XS_GET_DOMAIN_PATH:
		n = (size_t)snprintf(out, sizeof(out), "/local/domain/%s", p) + 1;
		send_msg(fd, h->type, h->req_id, out, n);
		return;
	case XS_WATCH:
		send_msg(fd, h->type, h->req_id, "OK", 3);
		memcpy(out, p, h->len);
		send_msg(fd, XS_WATCH_EVENT, 0, out, h->len);
		return;
	case XS_SET_PERMS:
	case XS_TRANSACTION_END:
	case XS_UNWATCH:
		break;
	default:
		err(fd, h->req_id, "ENOSYS");
		return;
	}
	send_msg(fd, h->type, h->req_id, "OK", 3);
}

static bool read_full(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n <= 0)
			return false;
		p += n;
		len -= (size_t)n;
	}
	return true;
}

/* Serve every connection (hx and the test may both be connected) */
static void serve(int lfd)
{
	struct pollfd fds[8] = { { .fd = lfd, .events = POLLIN } };
	nfds_t n = 1, i;

	alarm(120); /* never outlive a hung test */
	for (;;) {
		if (poll(fds, n, -1) < 0)
			_exit(2);
		if ((fds[0].revents & POLLIN) && n < 8) {
			int fd = accept(lfd, NULL, NULL);

			if (fd >= 0) {
				fds[n].fd = fd;
				fds[n].revents = 0; /* polled from the next round on */
				fds[n++].events = POLLIN;
			}
		}
		for (i = 1; i < n; i++) {
			struct xsd_sockmsg h;
			char *p;

			if (!fds[i].revents)
				continue;
			if (!read_full(fds[i].fd, &h, sizeof(h))) {
				close(fds[i].fd);
				fds[i--] = fds[--n];
				continue;
			}
			p = calloc(1, h.len + 1);
			if (!read_full(fds[i].fd, p, h.len))
				_exit(3);
			handle(fds[i].fd, &h, p);
			free(p);
		}
	}
}

/** fakexs_start - fork a server listening on @path */
pid_t fakexs_start(const char *path)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	snprintf(a.sun_path, sizeof(a.sun_path), "%s", path);
	unlink(path);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(lfd, 4) < 0) {
		perror("fakexs");
		exit(1);
	}
	pid = fork();
	if (pid == 0)
		serve(lfd);
	close(lfd);
	return pid;
}

/** fakexs_stop - end the server */
void fakexs_stop(pid_t pid)
{
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
}
