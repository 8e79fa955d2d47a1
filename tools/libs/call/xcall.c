/* SPDX-License-Identifier: MIT */
/*
 * xcall: hypercalls through Linux's privcmd driver (IOCTL_PRIVCMD_HYPERCALL,
 * include/uapi/xen/privcmd.h). The driver passes op and five arguments to
 * HVC #0xEA1 and returns x0 as the ioctl's result, so a Xen error -E comes
 * back as -1 with errno = E.
 *
 * Pointers inside hypercall arguments are dom0 virtual addresses that the
 * hypervisor translates while the call runs; the pages must therefore be
 * present and must not move: they come from /dev/xen/hypercall (locked
 * kernel pages, Linux >= 4.18) or, where that is missing, from anonymous
 * memory that is mlock'd and excluded from fork().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "linux_xen.h"
#include "xcall.h"

struct xcall {
	int privcmd_fd;   /* -1 for a backend handle */
	int hypercall_fd; /* /dev/xen/hypercall, -1 if absent */
	xcall_backend_fn *backend;
	void *backend_ctx;
};

static size_t page_round(size_t len)
{
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);

	return (len + ps - 1) / ps * ps;
}

/** xcall_open - open /dev/xen/privcmd; NULL with errno set on failure */
struct xcall *xcall_open(void)
{
	struct xcall *xc = calloc(1, sizeof(*xc));

	if (!xc)
		return NULL;
	xc->privcmd_fd = open("/dev/xen/privcmd", O_RDWR | O_CLOEXEC);
	if (xc->privcmd_fd < 0) {
		int e = errno;

		free(xc);
		errno = e;
		return NULL;
	}
	xc->hypercall_fd = open("/dev/xen/hypercall", O_RDWR | O_CLOEXEC);
	return xc;
}

/** xcall_open_backend - a handle whose hypercalls go to @fn (host tests) */
struct xcall *xcall_open_backend(xcall_backend_fn *fn, void *ctx)
{
	struct xcall *xc = calloc(1, sizeof(*xc));

	if (!xc)
		return NULL;
	xc->privcmd_fd = -1;
	xc->hypercall_fd = -1;
	xc->backend = fn;
	xc->backend_ctx = ctx;
	return xc;
}

/** xcall_close - close the handle (NULL is ignored) */
void xcall_close(struct xcall *xc)
{
	if (!xc)
		return;
	if (xc->privcmd_fd >= 0)
		close(xc->privcmd_fd);
	if (xc->hypercall_fd >= 0)
		close(xc->hypercall_fd);
	free(xc);
}

/** xcall_hypercall - make hypercall @op; returns its result, >= 0 or -errno */
long xcall_hypercall(struct xcall *xc, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2,
		     uint64_t a3, uint64_t a4)
{
	struct privcmd_hypercall call = { .op = op, .arg = { a0, a1, a2, a3, a4 } };
	long rc;

	if (xc->backend)
		return xc->backend(xc->backend_ctx, op, call.arg);
	rc = ioctl(xc->privcmd_fd, IOCTL_PRIVCMD_HYPERCALL, &call);
	return rc < 0 ? -errno : rc;
}

/** xcall_alloc - @len zeroed bytes usable as hypercall arguments; NULL on failure */
void *xcall_alloc(struct xcall *xc, size_t len)
{
	size_t size = page_round(len ? len : 1);
	void *p;

	if (xc->hypercall_fd >= 0) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, xc->hypercall_fd, 0);
		if (p != MAP_FAILED) {
			/*
			 * Write every page once: a page user space has not written
			 * may be mapped writable-clean (hardware dirty-bit management),
			 * and a hypervisor copying results out through a stage-1 write
			 * check then sees a read-only page (-EFAULT on hospes).
			 */
			memset(p, 0, size);
			return p;
		}
	}
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (!xc->backend) {
		/* Touch and lock every page so none is absent during the call */
		memset(p, 0, size);
		if (mlock(p, size) < 0 || madvise(p, size, MADV_DONTFORK) < 0) {
			int e = errno;

			munmap(p, size);
			errno = e;
			return NULL;
		}
	}
	return p;
}

/** xcall_free - release a buffer from xcall_alloc of the same @len */
void xcall_free(struct xcall *xc, void *p, size_t len)
{
	(void)xc;
	if (p)
		munmap(p, page_round(len ? len : 1));
}

/** xcall_privcmd_fd - the privcmd descriptor, -1 for backend handles */
int xcall_privcmd_fd(const struct xcall *xc)
{
	return xc->privcmd_fd;
}
