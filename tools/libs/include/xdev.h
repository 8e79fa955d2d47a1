/* SPDX-License-Identifier: MIT */
/*
 * A handle on one /dev/xen device (evtchn, gntdev, privcmd): the libraries'
 * handles all start with the device's file descriptor. Opening keeps errno
 * from open(2) on failure.
 */
#ifndef XDEV_H
#define XDEV_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

struct xdev {
	int fd;
};

static inline struct xdev *xdev_open(const char *path)
{
	struct xdev *h = malloc(sizeof(*h));
	int e;

	if (!h)
		return NULL;
	h->fd = open(path, O_RDWR | O_CLOEXEC);
	if (h->fd >= 0)
		return h;
	e = errno;
	free(h);
	errno = e;
	return NULL;
}

static inline void xdev_close(struct xdev *h)
{
	if (!h)
		return;
	close(h->fd);
	free(h);
}

#endif
