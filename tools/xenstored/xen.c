/* SPDX-License-Identifier: MIT */
/*
 * hx-xenstored's hypervisor backend: the struct xs_backend of a daemon
 * running in dom0 (Linux with Xen's /dev/xen devices), plus the two things
 * only such a daemon has: dom0's own kernel ring and VIRQ_DOM_EXC.
 *
 *   rings      a guest's page is mapped by the GFN XS_INTRODUCE names
 *              (a privcmd foreign mapping), else through grant ref 1
 *              (GNTTAB_RESERVED_XENSTORE, /dev/xen/gntdev) if the toolstack
 *              seeded it. Each mapping remembers how it was made so unmap
 *              undoes the right one.
 *   events     one /dev/xen/evtchn handle: the guests' interdomain channels,
 *              dom0's loopback channel and VIRQ_DOM_EXC. xen_backend_fd() is
 *              polled by main.c; xen_backend_events() drains the fired ports.
 *   dom0       Linux as initial domain allocates its store page and an unbound
 *              port itself (XS_LOCAL) and exports them as /proc/xen/xsd_kva
 *              (mmap()able) and /proc/xen/xsd_port; binding that port wakes
 *              the kernel's xenbus probe thread.
 *   deaths     VIRQ_DOM_EXC fires when a domain shuts down or dies; each
 *              introduced domain is then checked with getdomaininfo
 *              (domain_check_all): dying or gone -> released, shut down ->
 *              @releaseDomain.
 *
 * Without /dev/xen/evtchn (a host build, or dom0 without the modules) the
 * backend stays off and the daemon serves its Unix socket only.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <public/grant_table.h>
#include <xctrl.h>
#include <xevtchn.h>
#include <xfmem.h>
#include <xgnttab.h>

#include "xenstored.h"
#include "xen.h"

#define MAX_MAPS 1024

static struct xevtchn *xce;
static struct xfmem *xfm;
static struct xgnttab *xgt;
static struct xctrl *xc;
static int virq_port = -1;

/* How each mapped ring page was obtained */
static struct map_rec {
	void *addr;
	bool is_grant;
} maps[MAX_MAPS];

static void remember(void *addr, bool is_grant)
{
	for (int i = 0; i < MAX_MAPS; i++)
		if (!maps[i].addr) {
			maps[i] = (struct map_rec){ addr, is_grant };
			return;
		}
}

/* The store page: by the GFN XS_INTRODUCE names, else through grant ref 1 */
static struct xenstore_domain_interface *xen_map(uint32_t domid, uint64_t gfn)
{
	void *p = NULL;
	int e = ENODEV;

	if (xfm) {
		p = xfmem_map(xfm, domid, PROT_READ | PROT_WRITE, 1, &gfn, NULL);
		if (p) {
			remember(p, false);
			return p;
		}
		e = errno;
	}
	if (xgt) {
		p = xgnttab_map(xgt, domid, GNTTAB_RESERVED_XENSTORE, PROT_READ | PROT_WRITE);
		if (p) {
			remember(p, true);
			return p;
		}
	}
	fprintf(stderr, "hx-xenstored: d%u: cannot map store page gfn %#llx (%s) nor grant ref %u\n",
		domid, (unsigned long long)gfn, strerror(e), GNTTAB_RESERVED_XENSTORE);
	return NULL;
}

static void xen_unmap(uint32_t domid, struct xenstore_domain_interface *intf)
{
	(void)domid;
	for (int i = 0; i < MAX_MAPS; i++) {
		if (maps[i].addr != intf)
			continue;
		if (maps[i].is_grant)
			xgnttab_unmap(xgt, intf);
		else
			xfmem_unmap(xfm, intf, 1);
		maps[i].addr = NULL;
		return;
	}
}

static int xen_bind(uint32_t domid, uint32_t remote_port)
{
	int port = xevtchn_bind_interdomain(xce, domid, remote_port);

	if (port < 0) {
		fprintf(stderr, "hx-xenstored: d%u: cannot bind event channel %u: %s\n", domid,
			remote_port, strerror(-port));
		return -1;
	}
	return port;
}

static void xen_unbind(int port)
{
	if (port >= 0)
		xevtchn_unbind(xce, (uint32_t)port);
}

static void xen_notify(int port)
{
	if (port >= 0)
		xevtchn_notify(xce, (uint32_t)port);
}

static const struct xs_backend xen_backend = { xen_map, xen_unmap, xen_bind, xen_unbind,
					       xen_notify };

/* One integer from a small /proc/xen file; -1 if absent */
static long read_number(const char *path)
{
	char buf[32];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return strtol(buf, NULL, 10);
}

/* Connect dom0's kernel (XS_LOCAL); quiet if this kernel exports no page */
static void local_init(void)
{
	long remote = read_number("/proc/xen/xsd_port");
	void *page;
	int fd, port;

	if (remote <= 0)
		return;
	fd = open("/proc/xen/xsd_kva", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "hx-xenstored: /proc/xen/xsd_kva: %s\n", strerror(errno));
		return;
	}
	page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (page == MAP_FAILED) {
		fprintf(stderr, "hx-xenstored: mmap /proc/xen/xsd_kva: %s\n", strerror(errno));
		return;
	}
	port = xen_bind(0, (uint32_t)remote);
	if (port < 0) {
		munmap(page, 4096);
		return;
	}
	if (domain_introduce_local(page, port)) {
		xen_unbind(port);
		munmap(page, 4096);
		return;
	}
	fprintf(stderr, "hx-xenstored: dom0 kernel connected (port %ld -> local %d)\n", remote,
		port);
}

/** xen_backend_init() - plug in the hypervisor backend if /dev/xen is there */
bool xen_backend_init(void)
{
	int fl;

	xce = xevtchn_open();
	if (!xce)
		return false;
	fl = fcntl(xevtchn_fd(xce), F_GETFL);
	fcntl(xevtchn_fd(xce), F_SETFL, fl | O_NONBLOCK);
	xfm = xfmem_open();
	xgt = xgnttab_open();
	xc = xctrl_open();
	if (!xfm && !xgt)
		fprintf(stderr, "hx-xenstored: neither privcmd nor gntdev: guests cannot connect\n");
	virq_port = xevtchn_bind_virq(xce, VIRQ_DOM_EXC);
	if (virq_port < 0)
		fprintf(stderr, "hx-xenstored: cannot bind VIRQ_DOM_EXC: %s (domain deaths go "
				"unnoticed)\n", strerror(-virq_port));
	xs_backend = &xen_backend;
	local_init();
	return true;
}

/** xen_backend_fd() - descriptor to poll, or -1 without a backend */
int xen_backend_fd(void)
{
	return xce ? xevtchn_fd(xce) : -1;
}

static int domain_state(uint32_t domid, void *ctx)
{
	struct xen_domctl_getdomaininfo info;
	int rc;

	(void)ctx;
	if (!xc)
		return XS_DOMSTATE_RUNNING;
	rc = xctrl_domain_info(xc, (domid_t)domid, &info);
	if (rc == -ESRCH || (rc >= 0 && (info.flags & XEN_DOMINF_dying)))
		return XS_DOMSTATE_GONE;
	if (rc >= 0 && (info.flags & XEN_DOMINF_shutdown))
		return XS_DOMSTATE_SHUTDOWN;
	return XS_DOMSTATE_RUNNING;
}

/**
 * xen_backend_events() - handle every fired port (the evtchn fd is readable).
 * Each port is unmasked before its ring is looked at, so a request written
 * after the look raises a new event. The driver's ring holds each bound port
 * at most once (a fired port stays masked until unmasked), so it cannot
 * overflow with fewer than 1024 ports.
 */
void xen_backend_events(void)
{
	bool dom_exc = false;

	for (;;) {
		int port = xevtchn_pending(xce);

		if (port < 0)
			break;
		xevtchn_unmask(xce, (uint32_t)port);
		if (port == virq_port)
			dom_exc = true;
		else
			domain_kick_port(port);
	}
	if (dom_exc)
		domain_check_all(domain_state, NULL);
}

/** xen_backend_fini() - close the handles (ports and mappings go with them) */
void xen_backend_fini(void)
{
	xevtchn_close(xce);
	xfmem_close(xfm);
	xgnttab_close(xgt);
	xctrl_close(xc);
	xce = NULL;
	xs_backend = NULL;
}
