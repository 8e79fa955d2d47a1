/* SPDX-License-Identifier: MIT */
/*
 * hx console DOMAIN: attach the terminal to the pty hx-consoled offers for
 * the domain (found in xenstore's /local/domain/N/console/tty, else in
 * /run/hx-consoled/N.tty). Ctrl-] (0x1d) detaches, as in xenconsole. The
 * terminal is put in raw mode while attached and restored on every exit.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <public/hvm_params.h>

#include "hx.h"

#define ESCAPE_CHAR 0x1d /* Ctrl-] */
#define RUNDIR "/run/hx-consoled"

static char *tty_path(struct hx *h, unsigned int domid)
{
	struct xstore *xs = hx_store(h);
	char path[64], buf[128];
	FILE *f;

	if (xs) {
		char *tty;

		snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
		tty = xstore_read(xs, 0, path, NULL);
		if (tty && tty[0])
			return tty;
		free(tty);
	}
	snprintf(path, sizeof(path), "%s/%u.tty", RUNDIR, domid);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] ? strdup(buf) : NULL;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/** hx_console_attach - relay between the terminal and @domid's console pty */
int hx_console_attach(struct hx *h, unsigned int domid)
{
	struct termios saved, raw;
	bool is_tty = isatty(STDIN_FILENO), stdin_open = true;
	char *tty = tty_path(h, domid), buf[4096];
	int fd, rc = 0;

	if (!tty) {
		uint64_t pfn = 0;

		if (hx_ctrl(h) &&
		    xctrl_hvm_param_get(h->x, (domid_t)domid, HVM_PARAM_CONSOLE_PFN, &pfn) == 0 &&
		    pfn == 0)
			return hx_fail(h, "d%u has no PV console (HVM_PARAM_CONSOLE_PFN is 0)", domid);
		if (access(RUNDIR, F_OK) != 0)
			return hx_fail(h, "no console for d%u: hx-consoled is not running (it "
				       "publishes %s/%u.tty)",
				       domid, RUNDIR, domid);
		return hx_fail(h, "hx-consoled does not serve d%u: its console event channel is "
			       "not one dom0 may bind (a dom0less domain, whose PV console the "
			       "hypervisor serves; its output is in 'hx dmesg')",
			       domid);
	}
	fd = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		rc = hx_fail(h, "cannot open d%u's console %s: %s", domid, tty, strerror(errno));
		free(tty);
		return rc;
	}
	free(tty);
	if (is_tty && tcgetattr(STDIN_FILENO, &saved) == 0) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(STDIN_FILENO, TCSANOW, &raw);
	} else {
		is_tty = false;
	}
	for (;;) {
		struct pollfd fds[2] = { { .fd = fd, .events = POLLIN },
					 { .fd = stdin_open ? STDIN_FILENO : -1, .events = POLLIN } };
		ssize_t n;

		if (poll(fds, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(fd, buf, sizeof(buf));
			if (n <= 0)
				break; /* hx-consoled closed the pty: the domain is gone */
			write_all(STDOUT_FILENO, buf, (size_t)n);
		}
		if (fds[1].revents & (POLLIN | POLLHUP)) {
			char *esc;

			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n <= 0) {
				stdin_open = false; /* keep showing output */
				continue;
			}
			esc = memchr(buf, ESCAPE_CHAR, (size_t)n);
			if (esc) {
				write_all(fd, buf, (size_t)(esc - buf));
				break;
			}
			write_all(fd, buf, (size_t)n);
		}
	}
	if (is_tty)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	close(fd);
	return rc;
}

/** hx_cmd_console - xl console DOMAIN */
int hx_cmd_console(struct hx *h, int argc, char **argv)
{
	int domid;

	if (argc != 2)
		return hx_fail(h, "usage: hx console DOMAIN");
	domid = hx_find_domain(h, argv[1]);
	if (domid < 0)
		return 1;
	if (domid == 0)
		return hx_fail(h, "dom0's console is the hypervisor console (hvc0)");
	return hx_console_attach(h, (unsigned int)domid);
}
