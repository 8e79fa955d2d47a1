/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored: hospes's xenstore daemon.
 *
 *   hx-xenstored [--socket PATH] [--no-fork] [--quota NAME=VALUE]... [--trace]
 *
 * Serves the xenstore protocol on a Unix socket (default $XENSTORED_PATH, else
 * /run/xenstored/socket; clients find it through the same variable). Socket
 * clients are the control domain. Domain rings (conn.c, ring.c, domain.c)
 * are driven through a struct xs_backend: in dom0 xen.c plugs in the real
 * one (gntdev/privcmd mappings, /dev/xen/evtchn, dom0's own kernel ring,
 * VIRQ_DOM_EXC); without /dev/xen/evtchn (a host) only the socket is
 * served, and the tests replace the backend by memory rings.
 *
 * One thread, one poll(2) loop: accept, read and handle complete requests,
 * write replies, kick rings with leftover work, then close dead sockets.
 * Quota names are those of Xen's `xenstore-control quota`.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xen.h"
#include "xenstored.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: hx-xenstored [--socket PATH] [--no-fork] [--quota NAME=VALUE]... "
		   "[--trace]\n"
		   "  quotas: nodes watches transactions outstanding transaction-nodes\n"
		   "          node-size path-max permissions (0 disables one)\n");
}

static int listen_on(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "hx-xenstored: socket path too long\n");
		return -1;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	unlink(path);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) || chmod(path, 0600) ||
	    listen(fd, 128)) {
		fprintf(stderr, "hx-xenstored: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static void accept_all(int lfd)
{
	for (;;) {
		int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

		if (fd < 0)
			return;
		if (!conn_new(&xs_socket_transport, fd, 0))
			close(fd);
	}
}

/* Free closed sockets and ring connections whose domain was released. */
static void reap(void)
{
	struct xs_conn *c = xs_conns, *next;

	for (; c; c = next) {
		next = c->next;
		if (c->is_dead && (c->fd >= 0 || !c->domain))
			conn_free(c);
	}
}

static void serve(int lfd)
{
	struct pollfd *pfd = NULL;
	struct xs_conn **who = NULL;
	unsigned int cap = 0;

	while (!stop) {
		unsigned int n = 2;

		for (struct xs_conn *c = xs_conns; c; c = c->next)
			n += c->fd >= 0;
		if (n > cap) {
			cap = n * 2;
			pfd = realloc(pfd, cap * sizeof(*pfd));
			who = realloc(who, cap * sizeof(*who));
			if (!pfd || !who)
				abort();
		}
		pfd[0] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		pfd[1] = (struct pollfd){ .fd = xen_backend_fd(), .events = POLLIN };
		n = 2;
		for (struct xs_conn *c = xs_conns; c; c = c->next) {
			if (c->fd < 0)
				continue;
			who[n] = c;
			pfd[n++] = (struct pollfd){
				.fd = c->fd,
				.events = (conn_wants_input(c) ? POLLIN : 0) |
					  (c->out_head ? POLLOUT : 0),
			};
		}
		if (poll(pfd, n, domain_pending() ? 0 : -1) < 0) {
			if (errno == EINTR)
				continue;
			perror("hx-xenstored: poll");
			break;
		}
		for (unsigned int i = 2; i < n; i++) {
			struct xs_conn *c = who[i];

			if (pfd[i].revents & (POLLERR | POLLNVAL)) {
				c->is_dead = true;
				continue;
			}
			if ((pfd[i].revents & (POLLIN | POLLHUP)) ||
			    (c->rx_len && conn_wants_input(c)))
				conn_handle_input(c);
			conn_flush(c);
		}
		if (pfd[0].revents & POLLIN)
			accept_all(lfd);
		if (pfd[1].revents & POLLIN)
			xen_backend_events();
		if (domain_pending())
			domain_kick_all();
		reap();
	}
	free(pfd);
	free(who);
}

int main(int argc, char **argv)
{
	const char *sock = getenv("XENSTORED_PATH");
	bool no_fork = false;
	int lfd;

	if (!sock || !*sock)
		sock = "/run/xenstored/socket";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (!strcmp(a, "--no-fork") || !strcmp(a, "-N")) {
			no_fork = true;
		} else if (!strcmp(a, "--trace") || !strcmp(a, "-T")) {
			xs_trace = true;
		} else if (!strcmp(a, "--quota") && i + 1 < argc) {
			char name[64];
			const char *eq = strchr(argv[++i], '=');

			if (!eq || eq - argv[i] >= (long)sizeof(name)) {
				usage(stderr);
				return 2;
			}
			memcpy(name, argv[i], eq - argv[i]);
			name[eq - argv[i]] = 0;
			if (!xs_quota_set(name, atoi(eq + 1))) {
				fprintf(stderr, "hx-xenstored: unknown quota %s\n", name);
				return 2;
			}
		} else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			usage(stdout);
			return 0;
		} else {
			usage(stderr);
			return 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	store_init();
	lfd = listen_on(sock);
	if (lfd < 0)
		return 1;
	if (!xen_backend_init())
		fprintf(stderr, "hx-xenstored: no /dev/xen/evtchn: serving %s only\n", sock);
	if (!no_fork) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("hx-xenstored: fork");
			return 1;
		}
		if (pid > 0)
			return 0; /* the socket already accepts connections */
		setsid();
		int null = open("/dev/null", O_RDWR);

		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
			if (null > 1)
				close(null);
		}
	}
	serve(lfd);
	close(lfd);
	unlink(sock);
	while (xs_conns)
		conn_free(xs_conns);
	xen_backend_fini();
	domain_fini();
	special_reset();
	store_fini();
	return 0;
}
