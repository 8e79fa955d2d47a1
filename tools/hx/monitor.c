/* SPDX-License-Identifier: MIT */
/*
 * The per-domain monitor: what happens after a domain created by hx create
 * shuts down. As xl does, hx create forks one background process per domain
 * (hx create -F runs it in the foreground, -e runs none). It watches
 * @releaseDomain, which hx-xenstored fires when VIRQ_DOM_EXC tells it that a
 * domain shut down or died, and at each event looks at its domain with
 * getdomaininfo (without xenstored it polls every second instead):
 *
 *   still running        keep waiting
 *   gone or dying        someone destroyed it: the monitor exits
 *   shut down, reason    poweroff -> on_poweroff, reboot -> on_reboot,
 *                        crash / watchdog -> on_crash (suspend: nothing)
 *     destroy            destroy it (memory, xenstore nodes, connection), exit
 *     preserve           leave it shut down for inspection, exit
 *     restart            destroy it, build a new domain from the same config
 *                        file (re-read), keep watching the new one
 *     rename-restart     rename the old one to NAME--incarnation-N, leave it,
 *                        build a new one, keep watching that
 * coredump-* and soft-reset are refused by hx create before building.
 *
 * Why a process per domain, not a daemon: the actions need the domain's
 * configuration, which only hx create has; a monitor that lives exactly as
 * long as its domain needs no state on disk and cannot act on a domain it
 * does not own. Its messages go to /var/log/hx/monitor-<name>.log.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <public/sched.h>

#include "cfg.h"
#include "hx.h"

#define MON_TOKEN "hx-monitor"

static const char *reason_name(unsigned int r)
{
	static const char *const names[] = { "poweroff", "reboot", "suspend", "crash",
					     "watchdog", "soft_reset" };

	return r < sizeof(names) / sizeof(names[0]) ? names[r] : "unknown";
}

static void log_line(struct hx *h, const char *fmt, const char *a, unsigned int n,
		     const char *b)
{
	time_t now = time(NULL);
	char ts[32];

	strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", gmtime(&now));
	fprintf(h->err, "[%s] ", ts);
	fprintf(h->err, fmt, a, n, b);
	fputc('\n', h->err);
	fflush(h->err);
}

/* Give the preserved old domain a new name so the restarted one can use the old */
static void rename_old(struct hx *h, unsigned int domid, const char *name, unsigned int n)
{
	struct xstore *xs = hx_store(h);
	char path[64], val[160];

	if (!xs)
		return;
	snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
	snprintf(val, sizeof(val), "%s--incarnation-%u", name, n);
	if (xstore_write_str(xs, 0, path, val) < 0)
		hx_warn(h, "cannot rename d%u to %s: %s", domid, val, strerror(errno));
}

/** hx_monitor_step - look at *@domid once and carry out its shutdown action */
enum hx_mon_result hx_monitor_step(struct hx *h, unsigned int *domid, const char *config,
				   const struct hx_cfg *cfg)
{
	static unsigned int incarnation;
	struct xen_domctl_getdomaininfo info;
	struct xctrl *x = hx_ctrl(h);
	enum hx_action act;
	unsigned int reason, old = *domid, newid = 0;
	int rc;

	if (!x)
		return HX_MON_DONE;
	rc = xctrl_domain_info(x, (domid_t)old, &info);
	if (rc == -ESRCH || (rc >= 0 && (info.flags & XEN_DOMINF_dying))) {
		log_line(h, "%s (d%u) is gone%s", cfg->name, old, "");
		return HX_MON_DONE;
	}
	if (rc < 0 || !(info.flags & XEN_DOMINF_shutdown))
		return HX_MON_RUNNING;
	reason = (info.flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
	switch (reason) {
	case SHUTDOWN_poweroff:
		act = cfg->on_poweroff;
		break;
	case SHUTDOWN_reboot:
		act = cfg->on_reboot;
		break;
	case SHUTDOWN_crash:
	case SHUTDOWN_watchdog:
		act = cfg->on_crash;
		break;
	default:
		return HX_MON_RUNNING; /* suspend: whoever suspended it resumes it */
	}
	log_line(h, "%s (d%u) shut down, reason %s", cfg->name, old, reason_name(reason));
	log_line(h, "%s (d%u): action %s", cfg->name, old, hx_action_name(act));
	switch (act) {
	case HX_ACTION_PRESERVE:
		return HX_MON_DONE;
	case HX_ACTION_RESTART:
		hx_destroy_domain(h, old);
		break;
	case HX_ACTION_RENAME_RESTART:
		rename_old(h, old, cfg->name, ++incarnation);
		break;
	default: /* destroy (coredump-* and soft-reset are refused at create) */
		hx_destroy_domain(h, old);
		return HX_MON_DONE;
	}
	if (hx_create_domain(h, config, false, false, NULL, &newid, NULL)) {
		log_line(h, "%s: restart of d%u from %s failed", cfg->name, old, config);
		return HX_MON_DONE;
	}
	log_line(h, "%s restarted as d%u%s", cfg->name, newid, "");
	*domid = newid;
	return HX_MON_RUNNING;
}

/** hx_monitor_run - watch @domid (and its restarts) until it is gone */
int hx_monitor_run(struct hx *h, unsigned int domid, const char *config,
		   const struct hx_cfg *cfg)
{
	struct xstore *xs = hx_store(h);
	bool watching = xs && xstore_watch(xs, "@releaseDomain", MON_TOKEN) == 0;

	log_line(h, "monitoring %s (d%u)%s", cfg->name, domid, watching ? "" :
		 ", polling: no xenstore watch");
	while (hx_monitor_step(h, &domid, config, cfg) == HX_MON_RUNNING) {
		char *path = NULL, *token;

		if (watching && xstore_read_watch(xs, &path, &token) == 0) {
			free(path);
			continue;
		}
		watching = false;
		sleep(1);
	}
	return 0;
}

/* stdin from /dev/null, stdout and stderr to the monitor's log */
static void redirect(const char *name)
{
	char path[256];
	int fd, null = open("/dev/null", O_RDWR);

	mkdir("/var/log/hx", 0755);
	snprintf(path, sizeof(path), "/var/log/hx/monitor-%s.log", name);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (fd < 0)
		fd = null;
	if (null >= 0)
		dup2(null, 0);
	if (fd >= 0) {
		dup2(fd, 1);
		dup2(fd, 2);
	}
	if (fd > 2)
		close(fd);
	if (null > 2 && null != fd)
		close(null);
}

/** hx_monitor_spawn - fork the background monitor of @domid */
void hx_monitor_spawn(struct hx *h, unsigned int domid, const char *config,
		      const struct hx_cfg *cfg)
{
	pid_t pid;

	fflush(h->out);
	fflush(h->err);
	pid = fork();
	if (pid < 0) {
		hx_warn(h, "cannot start the monitor of d%u (%s): on_poweroff/on_reboot/"
			"on_crash will not be carried out", domid, strerror(errno));
		return;
	}
	if (pid > 0) {
		fprintf(h->err, "Waiting for domain %s (domid %u) to die [pid %d]\n", cfg->name,
			domid, (int)pid);
		return;
	}
	/* Child: its own session and connections, nothing shared with the caller */
	setsid();
	redirect(cfg->name);
	hx_cleanup(h);
	h->cmd = "monitor";
	fflush(stdout);
	_exit(hx_monitor_run(h, domid, config, cfg));
}
