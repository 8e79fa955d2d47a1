/* SPDX-License-Identifier: MIT */
/*
 * xevtchn: /dev/xen/evtchn (Linux drivers/xen/evtchn.c, uapi xen/evtchn.h).
 * The bind ioctls return the local port number; read() yields fired ports
 * as 32-bit values and leaves them masked until written back.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "linux_xen.h"
#include "xdev.h"
#include "xevtchn.h"

/* The handle is a struct xdev (xdev.h): just the device's file descriptor. */
struct xevtchn {
	int fd;
};


/** xevtchn_open - open /dev/xen/evtchn */
struct xevtchn *xevtchn_open(void)
{
	return (struct xevtchn *)xdev_open("/dev/xen/evtchn");
}

/** xevtchn_close - close the handle and every port bound through it */
void xevtchn_close(struct xevtchn *h)
{
	xdev_close((struct xdev *)h);
}

/** xevtchn_fd - the descriptor to poll */
int xevtchn_fd(const struct xevtchn *h)
{
	return h->fd;
}

static int do_ioctl(struct xevtchn *h, unsigned long req, void *arg)
{
	int rc = ioctl(h->fd, req, arg);

	return rc < 0 ? -errno : rc;
}

/** xevtchn_bind_interdomain - bind to @remote_port of @domid */
int xevtchn_bind_interdomain(struct xevtchn *h, uint32_t domid, uint32_t remote_port)
{
	struct ioctl_evtchn_bind_interdomain b = { .remote_domain = domid,
						   .remote_port = remote_port };

	return do_ioctl(h, IOCTL_EVTCHN_BIND_INTERDOMAIN, &b);
}

/** xevtchn_bind_virq - bind a global VIRQ (e.g. VIRQ_DOM_EXC) */
int xevtchn_bind_virq(struct xevtchn *h, uint32_t virq)
{
	struct ioctl_evtchn_bind_virq b = { .virq = virq };

	return do_ioctl(h, IOCTL_EVTCHN_BIND_VIRQ, &b);
}

/** xevtchn_bind_unbound - allocate a port in dom0 that @remote_domid may bind */
int xevtchn_bind_unbound(struct xevtchn *h, uint32_t remote_domid)
{
	struct ioctl_evtchn_bind_unbound_port b = { .remote_domain = remote_domid };

	return do_ioctl(h, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);
}

/** xevtchn_unbind - close @port */
int xevtchn_unbind(struct xevtchn *h, uint32_t port)
{
	struct ioctl_evtchn_port p = { .port = port };

	return do_ioctl(h, IOCTL_EVTCHN_UNBIND, &p);
}

/** xevtchn_notify - send an event on @port */
int xevtchn_notify(struct xevtchn *h, uint32_t port)
{
	struct ioctl_evtchn_port p = { .port = port };

	return do_ioctl(h, IOCTL_EVTCHN_NOTIFY, &p);
}

/** xevtchn_pending - the next port that fired (it stays masked) */
int xevtchn_pending(struct xevtchn *h)
{
	uint32_t port;
	ssize_t n = read(h->fd, &port, sizeof(port));

	if (n < 0)
		return -errno;
	if (n != sizeof(port))
		return -EIO;
	return (int)port;
}

/** xevtchn_unmask - re-arm @port after handling it */
int xevtchn_unmask(struct xevtchn *h, uint32_t port)
{
	ssize_t n = write(h->fd, &port, sizeof(port));

	if (n < 0)
		return -errno;
	return n == sizeof(port) ? 0 : -EIO;
}
