/* SPDX-License-Identifier: MIT */
/*
 * hx-consoled - the console backend of hx-created domains (the role of
 * Xen's xenconsoled). For every domain whose HVM_PARAM_CONSOLE_PFN/EVTCHN
 * are set and whose console port can be bound from dom0 (an unbound port
 * reserved for dom0, as hx create makes it), it maps the ring page (foreign
 * mapping of the GFN), binds the port and offers a pty: guest output goes
 * to the pty (and to stdout with -v), pty input to the guest.
 *
 * Domains whose console port cannot be bound (dom0less domains, whose PV
 * console the hypervisor serves itself) are left alone. The pty path is
 * published in /local/domain/N/console/tty when xenstored runs, and always
 * in RUNDIR/N.tty (default /run/hx-consoled), where hx console looks;
 * with -l, each guest's output is also appended to LOGDIR/guest-N.log.
 *
 * Single-threaded poll() loop; the domain list is rescanned every 500 ms
 * (no VIRQ_DOM_EXC: xenstored owns it), dead domains are detached.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <public/hvm_params.h>
#include <xctrl.h>
#include <xevtchn.h>
#include <xfmem.h>
#include <xstore.h>

#include "cring.h"

#define MAX_DOMS 64
#define SCAN_MS 500

struct dom {
	bool used;
	unsigned int domid;
	int local_port;
	struct xencons_interface *ring;
	int master, slave; /* pty */
	char tty[64];
	bool at_line_start; /* for -v prefixes */
	FILE *log;          /* -l: LOGDIR/guest-N.log */
	uint8_t handle[16]; /* the domain's handle (UUID): tells a reused id apart */
};

struct consoled {
	struct xctrl *x;
	struct xevtchn *ev;
	struct xfmem *fm;
	struct xstore *xs;
	const char *rundir;
	const char *logdir; /* NULL: no logs */
	bool verbose;
	struct dom doms[MAX_DOMS];
	/* Domains looked at and not served (until they disappear) */
	unsigned int skipped[MAX_DOMS];
	unsigned int nr_skipped;
	/* Domains whose "no PV console yet" was logged (domid < 32768) */
	uint8_t noted[4096];
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One write per message, so lines from other processes on the console never split it. */
static void logmsg(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n = snprintf(line, sizeof(line), "hx-consoled: ");

	va_start(ap, fmt);
	n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

static bool is_skipped(struct consoled *c, unsigned int domid)
{
	unsigned int i;

	for (i = 0; i < c->nr_skipped; i++)
		if (c->skipped[i] == domid)
			return true;
	return false;
}

static void skip(struct consoled *c, unsigned int domid)
{
	if (c->nr_skipped < MAX_DOMS)
		c->skipped[c->nr_skipped++] = domid;
}

static struct dom *find(struct consoled *c, unsigned int domid)
{
	int i;

	for (i = 0; i < MAX_DOMS; i++)
		if (c->doms[i].used && c->doms[i].domid == domid)
			return &c->doms[i];
	return NULL;
}

static void publish_tty(struct consoled *c, struct dom *d, bool remove)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%u.tty", c->rundir, d->domid);
	if (remove) {
		unlink(path);
	} else {
		FILE *f = fopen(path, "w");

		if (f) {
			fprintf(f, "%s\n", d->tty);
			fclose(f);
		} else {
			logmsg("cannot write %s: %s", path, strerror(errno));
		}
	}
	if (c->xs && !remove) {
		snprintf(path, sizeof(path), "/local/domain/%u/console/tty", d->domid);
		if (xstore_write_str(c->xs, 0, path, d->tty) < 0 && errno != ENOENT)
			logmsg("cannot write %s: %s", path, strerror(errno));
	}
}

static int open_pty(struct dom *d)
{
	struct termios t;
	char *name;

	d->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (d->master < 0 || grantpt(d->master) < 0 || unlockpt(d->master) < 0)
		return -1;
	name = ptsname(d->master);
	if (!name)
		return -1;
	snprintf(d->tty, sizeof(d->tty), "%s", name);
	/* Keep the slave open so the master never sees EIO between clients */
	d->slave = open(d->tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (d->slave < 0)
		return -1;
	if (tcgetattr(d->slave, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(d->slave, TCSANOW, &t);
	}
	return 0;
}

static void detach(struct consoled *c, struct dom *d)
{
	if (c->verbose)
		logmsg("d%u: console detached", d->domid);
	publish_tty(c, d, true);
	if (d->local_port >= 0)
		xevtchn_unbind(c->ev, (uint32_t)d->local_port);
	if (d->ring)
		xfmem_unmap(c->fm, d->ring, 1);
	if (d->master >= 0)
		close(d->master);
	if (d->slave >= 0)
		close(d->slave);
	if (d->log)
		fclose(d->log);
	memset(d, 0, sizeof(*d));
}

static void attach(struct consoled *c, unsigned int domid)
{
	uint64_t pfn = 0, port = 0;
	struct dom *d = NULL;
	int i;

	for (i = 0; i < MAX_DOMS && !d; i++)
		if (!c->doms[i].used)
			d = &c->doms[i];
	if (!d)
		return;
	if (xctrl_hvm_param_get(c->x, (domid_t)domid, HVM_PARAM_CONSOLE_PFN, &pfn) < 0 ||
	    xctrl_hvm_param_get(c->x, (domid_t)domid, HVM_PARAM_CONSOLE_EVTCHN, &port) < 0) {
		if (c->verbose)
			logmsg("d%u: not served: %s", domid, xctrl_error(c->x));
		skip(c, domid);
		return;
	}
	if (!pfn || !port) {
		/*
		 * No console (yet): hx create sets the parameters while the new
		 * domain is still paused, so look again at the next scan.
		 */
		if (c->verbose && domid < 32768 && !(c->noted[domid / 8] & (1u << (domid % 8))))
			logmsg("d%u: no PV console (yet): CONSOLE_PFN %#llx, EVTCHN %llu", domid,
			       (unsigned long long)pfn, (unsigned long long)port);
		if (domid < 32768)
			c->noted[domid / 8] |= (uint8_t)(1u << (domid % 8));
		return;
	}
	memset(d, 0, sizeof(*d));
	d->master = d->slave = d->local_port = -1;
	d->domid = domid;
	d->at_line_start = true;
	d->local_port = xevtchn_bind_interdomain(c->ev, domid, (uint32_t)port);
	if (d->local_port < 0) {
		/* Not an unbound port for dom0: the hypervisor (or nobody) serves it */
		if (c->verbose)
			logmsg("d%u: not served: cannot bind its console port %llu: %s", domid,
			       (unsigned long long)port, strerror(-d->local_port));
		skip(c, domid);
		d->local_port = -1;
		return;
	}
	d->ring = xfmem_map(c->fm, domid, PROT_READ | PROT_WRITE, 1, &pfn, NULL);
	if (!d->ring) {
		logmsg("d%u: cannot map console ring GFN %#llx: %s", domid, (unsigned long long)pfn,
		       strerror(errno));
		xevtchn_unbind(c->ev, (uint32_t)d->local_port);
		skip(c, domid);
		return;
	}
	if (open_pty(d) < 0) {
		logmsg("d%u: cannot open a pty: %s", domid, strerror(errno));
		d->used = true;
		detach(c, d);
		skip(c, domid);
		return;
	}
	d->used = true;
	if (c->logdir) {
		char path[256];

		snprintf(path, sizeof(path), "%s/guest-%u.log", c->logdir, domid);
		d->log = fopen(path, "a");
		if (!d->log)
			logmsg("d%u: cannot open %s: %s", domid, path, strerror(errno));
	}
	publish_tty(c, d, false);
	logmsg("d%u: console on %s (ring GFN %#llx, port %llu -> local %d)", domid, d->tty,
	       (unsigned long long)pfn, (unsigned long long)port, d->local_port);
	/* The guest may have written before we were there */
	xevtchn_notify(c->ev, (uint32_t)d->local_port);
}

static void drain(struct consoled *c, struct dom *d)
{
	char buf[XENCONS_OUT_SIZE];
	long n, i;

	n = cring_read_out(d->ring, buf, sizeof(buf));
	if (n < 0) {
		logmsg("d%u: console ring indices corrupt, detaching", d->domid);
		detach(c, d);
		return;
	}
	if (n == 0)
		return;
	/* A full pty (nobody attached) drops output rather than stalling the guest */
	if (write(d->master, buf, (size_t)n) < 0 && errno != EAGAIN)
		logmsg("d%u: pty write: %s", d->domid, strerror(errno));
	if (d->log) {
		fwrite(buf, 1, (size_t)n, d->log);
		fflush(d->log);
	}
	if (c->verbose) {
		for (i = 0; i < n; i++) {
			if (d->at_line_start)
				printf("(d%u) ", d->domid);
			if (buf[i] != '\r')
				putchar(buf[i]);
			d->at_line_start = buf[i] == '\n';
		}
		fflush(stdout);
	}
	xevtchn_notify(c->ev, (uint32_t)d->local_port);
}

static void input(struct consoled *c, struct dom *d)
{
	char buf[XENCONS_IN_SIZE];
	uint32_t space = XENCONS_IN_SIZE - (d->ring->in_prod - d->ring->in_cons);
	ssize_t n;

	if (space == 0 || space > XENCONS_IN_SIZE)
		return; /* the guest has not caught up: leave input in the pty */
	n = read(d->master, buf, space);
	if (n <= 0)
		return;
	cring_write_in(d->ring, buf, (size_t)n);
	xevtchn_notify(c->ev, (uint32_t)d->local_port);
}

static void scan(struct consoled *c)
{
	struct xen_domctl_getdomaininfo info[MAX_DOMS];
	bool alive[MAX_DOMS] = { false };
	int n, i, j;
	unsigned int k;

	n = xctrl_domain_list(c->x, 0, info, MAX_DOMS);
	if (n < 0) {
		logmsg("%s", xctrl_error(c->x));
		return;
	}
	for (i = 0; i < n; i++) {
		unsigned int domid = info[i].domain;
		struct dom *d;

		if (domid == 0 || (info[i].flags & XEN_DOMINF_dying))
			continue;
		d = find(c, domid);
		if (d && memcmp(d->handle, info[i].handle, sizeof(d->handle))) {
			/* Destroyed and its id reused since the last scan: let go of
			 * the old domain's ring (its page stays pinned while mapped) */
			detach(c, d);
			d = NULL;
		}
		if (d)
			alive[d - c->doms] = true;
		else if (!is_skipped(c, domid))
			attach(c, domid);
		if ((d = find(c, domid)) != NULL) {
			alive[d - c->doms] = true;
			memcpy(d->handle, info[i].handle, sizeof(d->handle));
		}
	}
	for (j = 0; j < MAX_DOMS; j++)
		if (c->doms[j].used && !alive[j])
			detach(c, &c->doms[j]);
	/* Forget what we noted about domains that are gone (their id may be reused) */
	for (k = 1; k < 32768; k++) {
		bool found = false;

		if (!(c->noted[k / 8] & (1u << (k % 8))))
			continue;
		for (i = 0; i < n && !found; i++)
			found = info[i].domain == k;
		if (!found)
			c->noted[k / 8] &= (uint8_t)~(1u << (k % 8));
	}
	/* Forget skipped domains that are gone (their id may be reused) */
	for (k = 0; k < c->nr_skipped;) {
		bool found = false;

		for (i = 0; i < n && !found; i++)
			found = info[i].domain == c->skipped[k];
		if (found)
			k++;
		else
			c->skipped[k] = c->skipped[--c->nr_skipped];
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: hx-consoled [-v] [-r RUNDIR] [-l LOGDIR]\n"
			"  -v         also print guest output to stdout as \"(dN) line\"\n"
			"  -r RUNDIR  where N.tty files go (default /run/hx-consoled)\n"
			"  -l LOGDIR  append each guest's output to LOGDIR/guest-N.log\n");
}

int main(int argc, char **argv)
{
	struct consoled c = { .rundir = "/run/hx-consoled" };
	struct timespec last = { 0 }, now;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-v"))
			c.verbose = true;
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			c.rundir = argv[++i];
		else if (!strcmp(argv[i], "-l") && i + 1 < argc)
			c.logdir = argv[++i];
		else {
			usage();
			return 2;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGPIPE, SIG_IGN);
	c.x = xctrl_open();
	c.ev = xevtchn_open();
	c.fm = xfmem_open();
	if (!c.x || !c.ev || !c.fm) {
		logmsg("cannot open /dev/xen/{privcmd,evtchn}: %s", strerror(errno));
		return 1;
	}
	c.xs = xstore_open(); /* optional */
	mkdir(c.rundir, 0755);
	logmsg("serving consoles (%s)", c.xs ? "with xenstore" : "without xenstore");

	while (!stop) {
		struct pollfd fds[1 + MAX_DOMS];
		struct dom *map[1 + MAX_DOMS];
		int nfds = 1, rc;

		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000 >=
		    SCAN_MS) {
			scan(&c);
			last = now;
			/* Catch output whose event we may have missed */
			for (i = 0; i < MAX_DOMS; i++)
				if (c.doms[i].used)
					drain(&c, &c.doms[i]);
		}
		fds[0].fd = xevtchn_fd(c.ev);
		fds[0].events = POLLIN;
		for (i = 0; i < MAX_DOMS; i++) {
			if (!c.doms[i].used)
				continue;
			fds[nfds].fd = c.doms[i].master;
			fds[nfds].events = POLLIN;
			map[nfds++] = &c.doms[i];
		}
		rc = poll(fds, (nfds_t)nfds, SCAN_MS);
		if (rc < 0 && errno != EINTR) {
			logmsg("poll: %s", strerror(errno));
			break;
		}
		if (rc <= 0)
			continue;
		if (fds[0].revents & POLLIN) {
			int port = xevtchn_pending(c.ev);

			if (port >= 0) {
				for (i = 0; i < MAX_DOMS; i++)
					if (c.doms[i].used && c.doms[i].local_port == port)
						drain(&c, &c.doms[i]);
				xevtchn_unmask(c.ev, (uint32_t)port);
			}
		}
		for (i = 1; i < nfds; i++)
			if (map[i]->used && (fds[i].revents & POLLIN))
				input(&c, map[i]);
	}
	for (i = 0; i < MAX_DOMS; i++)
		if (c.doms[i].used)
			detach(&c, &c.doms[i]);
	xstore_close(c.xs);
	xfmem_close(c.fm);
	xevtchn_close(c.ev);
	xctrl_close(c.x);
	return 0;
}
