/* SPDX-License-Identifier: MIT */
/*
 * hx commands that change a domain's state: pause, unpause, destroy
 * (hypervisor only, xl's order: pausedomain then destroydomain, then the
 * domain's xenstore nodes go) and shutdown / reboot (a request written to
 * the domain's control/shutdown node, which its Linux watches).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hx.h"

static int domain_arg(struct hx *h, int argc, char **argv, const char *usage)
{
	if (argc != 2) {
		hx_fail(h, "usage: %s", usage);
		return -1;
	}
	return hx_find_domain(h, argv[1]);
}

/** hx_cmd_pause - xl pause DOMAIN */
int hx_cmd_pause(struct hx *h, int argc, char **argv)
{
	int domid = domain_arg(h, argc, argv, "hx pause DOMAIN");

	if (domid < 0)
		return 1;
	if (xctrl_domain_pause(h->x, (domid_t)domid) < 0)
		return hx_fail(h, "%s", xctrl_error(h->x));
	return 0;
}

/** hx_cmd_unpause - xl unpause DOMAIN */
int hx_cmd_unpause(struct hx *h, int argc, char **argv)
{
	int domid = domain_arg(h, argc, argv, "hx unpause DOMAIN");

	if (domid < 0)
		return 1;
	if (xctrl_domain_unpause(h->x, (domid_t)domid) < 0)
		return hx_fail(h, "%s", xctrl_error(h->x));
	return 0;
}

/* Remove what the toolstack wrote about @domid in xenstore (best effort) */
static void store_forget(struct hx *h, unsigned int domid)
{
	struct xstore *xs = hx_store(h);
	char path[96], *vm;

	if (!xs)
		return;
	snprintf(path, sizeof(path), "/local/domain/%u/vm", domid);
	vm = xstore_read(xs, 0, path, NULL);
	if (vm && !strncmp(vm, "/vm/", 4))
		xstore_rm(xs, 0, vm);
	free(vm);
	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	xstore_rm(xs, 0, path);
	snprintf(path, sizeof(path), "/libxl/%u", domid);
	xstore_rm(xs, 0, path);
	xstore_release(xs, domid); /* fails harmlessly if never introduced */
}

/** hx_destroy_domain - pause then destroy @domid (also used by create's rollback) */
int hx_destroy_domain(struct hx *h, unsigned int domid)
{
	int rc, tries = 0;

	if (xctrl_domain_pause(h->x, (domid_t)domid) < 0)
		hx_warn(h, "%s (destroying anyway)", xctrl_error(h->x));
	/* destroydomain may ask to be called again while it frees memory */
	do {
		rc = xctrl_domain_destroy(h->x, (domid_t)domid);
	} while (rc == -EAGAIN && ++tries < 1000);
	if (rc < 0)
		return hx_fail(h, "%s", xctrl_error(h->x));
	store_forget(h, domid);
	return 0;
}

/** hx_cmd_destroy - xl destroy DOMAIN */
int hx_cmd_destroy(struct hx *h, int argc, char **argv)
{
	int domid = domain_arg(h, argc, argv, "hx destroy DOMAIN");

	if (domid < 0)
		return 1;
	if (domid == 0)
		return hx_fail(h, "cannot destroy privileged domain 0");
	return hx_destroy_domain(h, (unsigned int)domid);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/*
 * Write control/shutdown = @request for the domain's Linux (Xen
 * docs/misc/xenstore-paths: it watches that node). Without xenstore, or for
 * a domain that has no xenstore connection (a dom0less domain without
 * xen,enhanced xenstore), there is nobody to ask: report it, as xl does.
 */
static int pv_request(struct hx *h, int argc, char **argv, const char *request)
{
	char seen_w = 0, path[96], *dompath;
	struct xen_domctl_getdomaininfo info;
	struct xstore *xs;
	int domid, i, introduced;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-w"))
			return hx_fail(h, "unknown option '%s'", argv[i]);
		seen_w = 1;
	}
	if (argc - i != 1)
		return hx_fail(h, "usage: hx %s [-w] DOMAIN", h->cmd);
	domid = hx_find_domain(h, argv[i]);
	if (domid < 0)
		return 1;
	if (domid == 0)
		return hx_fail(h, "cannot %s domain 0 (shut dom0 down from inside it)", h->cmd);
	xs = hx_store(h);
	if (!xs)
		return hx_fail(h,
			       "cannot ask d%d to %s: no xenstore (%s: %s); a domain learns of "
			       "shutdown requests only through xenstore, use 'hx destroy %d' to "
			       "stop it",
			       domid, request, xstore_path(), strerror(h->xs_errno), domid);
	introduced = xstore_is_introduced(xs, (unsigned int)domid);
	snprintf(path, sizeof(path), "/local/domain/%d", domid);
	dompath = xstore_read(xs, 0, path, NULL);
	if (!dompath && errno == ENOENT)
		return hx_fail(h,
			       "cannot ask d%d to %s: it has no xenstore connection (no %s; a "
			       "dom0less domain without xenstore?), use 'hx destroy %d' to stop it",
			       domid, request, path, domid);
	free(dompath);
	if (introduced == 0)
		hx_warn(h, "d%d is not introduced to xenstored; it may not see the request", domid);
	snprintf(path, sizeof(path), "/local/domain/%d/control/shutdown", domid);
	if (xstore_write_str(xs, 0, path, request) < 0)
		return hx_fail(h, "cannot write %s: %s", path, strerror(errno));
	if (!seen_w)
		return 0;
	/* -w: wait until the domain has shut down or is gone */
	for (;;) {
		if (xctrl_domain_info(h->x, (domid_t)domid, &info) < 0)
			break;
		if (info.flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying))
			break;
		sleep_ms(h->poll_ms);
	}
	fprintf(h->out, "Domain %d has shut down\n", domid);
	return 0;
}

/** hx_cmd_shutdown - xl shutdown [-w] DOMAIN */
int hx_cmd_shutdown(struct hx *h, int argc, char **argv)
{
	return pv_request(h, argc, argv, "poweroff");
}

/** hx_cmd_reboot - xl reboot [-w] DOMAIN */
int hx_cmd_reboot(struct hx *h, int argc, char **argv)
{
	return pv_request(h, argc, argv, "reboot");
}
