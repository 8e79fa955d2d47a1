/* SPDX-License-Identifier: MIT */
/*
 * hx: command dispatch and the helpers shared by all commands (opening the
 * control and xenstore connections, domain lookup by name or id, state
 * letters). The commands live in cmd_*.c, create.c and console.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hx.h"

struct hx_command {
	const char *name;
	int (*fn)(struct hx *h, int argc, char **argv);
	const char *usage;
};

static const struct hx_command commands[] = {
	{ "list", hx_cmd_list, "list [-l] [DOMAIN]      list domains (-l: JSON)" },
	{ "info", hx_cmd_info, "info                    hypervisor and host information" },
	{ "dmesg", hx_cmd_dmesg, "dmesg [-c]              hypervisor console ring (-c: clear it)" },
	{ "debug-keys", hx_cmd_debug_keys, "debug-keys KEYS         send debug keys to the hypervisor" },
	{ "pause", hx_cmd_pause, "pause DOMAIN            pause a domain" },
	{ "unpause", hx_cmd_unpause, "unpause DOMAIN          unpause a domain" },
	{ "destroy", hx_cmd_destroy, "destroy DOMAIN          terminate a domain at once" },
	{ "vcpu-list", hx_cmd_vcpu_list, "vcpu-list [DOMAIN...]   list virtual CPUs" },
	{ "vcpu-context", hx_cmd_vcpu_context,
	  "vcpu-context DOMAIN [VCPU]  registers of a domain's vCPUs" },
	{ "domid", hx_cmd_domid, "domid NAME              the id of a domain" },
	{ "domname", hx_cmd_domname, "domname ID              the name of a domain" },
	{ "uptime", hx_cmd_uptime, "uptime [-s] [DOMAIN...] domain uptimes" },
	{ "shutdown", hx_cmd_shutdown, "shutdown [-w] DOMAIN    ask a domain to power off (xenstore)" },
	{ "reboot", hx_cmd_reboot, "reboot [-w] DOMAIN      ask a domain to reboot (xenstore)" },
	{ "create", hx_cmd_create,
	  "create [-c] [-p] [-n] [-F] [-e] CONFIG  create a domain from an xl.cfg file" },
	{ "xenstore-ls", hx_cmd_xenstore_ls, "xenstore-ls [PATH]      list a xenstore subtree" },
	{ "xenstore-read", hx_cmd_xenstore_read, "xenstore-read PATH      print a xenstore value" },
	{ "xenstore-write", hx_cmd_xenstore_write, "xenstore-write PATH VALUE  write a xenstore value" },
	{ "console", hx_cmd_console, "console DOMAIN          attach to a domain's console (Ctrl-] detaches)" },
	{ "gdbsx", hx_cmd_gdbsx, "gdbsx [-a] DOMAIN PORT  gdb remote stub for a domain on TCP PORT" },
	{ "trace", hx_cmd_trace,
	  "trace start|stop|record FILE|--summary FILE  hypervisor trace buffers (hx trace -h)" },
	{ "vcpu-pin", hx_cmd_vcpu_pin, "vcpu-pin DOMAIN VCPU|all HARD [SOFT]  set vCPU affinity (CPU lists)" },
	{ "sched-credit2", hx_cmd_sched_credit2,
	  "sched-credit2 [-d DOMAIN [-w WEIGHT] [-c CAP]] [-s [-r US]] [-p POOL]" },
	{ "sched-rtds", hx_cmd_sched_rtds,
	  "sched-rtds [-d DOMAIN [-v VCPU|all [-p PERIOD -b BUDGET -e 0|1]]] [-c POOL]" },
	{ "sched-arinc653", hx_cmd_sched_arinc653,
	  "sched-arinc653 [-p POOL] [-m MAJOR_US DOMAIN[:VCPU]=RUNTIME_US...]" },
	{ "cpupool-create", hx_cmd_cpupool_create,
	  "cpupool-create [-n] [CONFIG] [name=N] [sched=S] [cpus=LIST]  create a cpupool" },
	{ "cpupool-list", hx_cmd_cpupool_list, "cpupool-list [-c] [POOL]  list cpupools" },
	{ "cpupool-destroy", hx_cmd_cpupool_destroy, "cpupool-destroy POOL    destroy an empty cpupool" },
	{ "cpupool-rename", hx_cmd_cpupool_rename, "cpupool-rename POOL NAME  rename a cpupool" },
	{ "cpupool-cpu-add", hx_cmd_cpupool_cpu_add, "cpupool-cpu-add POOL CPUS  add free CPUs" },
	{ "cpupool-cpu-remove", hx_cmd_cpupool_cpu_remove,
	  "cpupool-cpu-remove POOL CPUS  remove CPUs (they become free)" },
	{ "cpupool-migrate", hx_cmd_cpupool_migrate,
	  "cpupool-migrate DOMAIN POOL  move a domain to another cpupool" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: hx COMMAND [ARGS]\n\nCommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %s\n", commands[i].usage);
}

/** hx_run - run the command in argv[1..] */
int hx_run(struct hx *h, int argc, char **argv)
{
	size_t i;

	if (!h->poll_ms)
		h->poll_ms = 100;
	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "--help")) {
		usage(argc < 2 ? h->err : h->out);
		return argc < 2;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			h->cmd = commands[i].name;
			return commands[i].fn(h, argc - 1, argv + 1);
		}
	}
	fprintf(h->err, "hx: unknown command '%s'\n", argv[1]);
	usage(h->err);
	return 1;
}

/** hx_cleanup - close the connections hx_run opened */
void hx_cleanup(struct hx *h)
{
	xctrl_close(h->x);
	xstore_close(h->xs);
	h->x = NULL;
	h->xs = NULL;
	h->xs_tried = false;
}

static void vmsg(struct hx *h, const char *kind, const char *fmt, va_list ap)
{
	fprintf(h->err, "hx %s: %s", h->cmd ? h->cmd : "", kind);
	vfprintf(h->err, fmt, ap);
	fputc('\n', h->err);
}

/** hx_fail - report an error; returns exit status 1 */
int hx_fail(struct hx *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(h, "", fmt, ap);
	va_end(ap);
	return 1;
}

/** hx_warn - report a warning */
void hx_warn(struct hx *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(h, "warning: ", fmt, ap);
	va_end(ap);
}

/** hx_ctrl - the control handle, opened on first use */
struct xctrl *hx_ctrl(struct hx *h)
{
	if (h->x)
		return h->x;
	h->x = xctrl_open();
	if (!h->x)
		hx_fail(h, "cannot open /dev/xen/privcmd: %s (not dom0, or xen-privcmd not loaded?)",
			strerror(errno));
	return h->x;
}

/** hx_store - the xenstore connection, or NULL when xenstored is unreachable */
struct xstore *hx_store(struct hx *h)
{
	if (!h->xs_tried) {
		h->xs_tried = true;
		h->xs = xstore_open();
		h->xs_errno = h->xs ? 0 : errno;
	}
	return h->xs;
}

/** hx_domain_list - every domain, in id order */
int hx_domain_list(struct hx *h, struct xen_domctl_getdomaininfo **out)
{
	enum { BATCH = 64 };
	struct xen_domctl_getdomaininfo *all = NULL, *tmp;
	struct xctrl *x = hx_ctrl(h);
	int count = 0, n;
	unsigned int next = 0;

	if (!x)
		return -1;
	for (;;) {
		tmp = realloc(all, (size_t)(count + BATCH) * sizeof(*all));
		if (!tmp) {
			free(all);
			hx_fail(h, "out of memory");
			return -1;
		}
		all = tmp;
		n = xctrl_domain_list(x, (domid_t)next, all + count, BATCH);
		if (n < 0) {
			free(all);
			hx_fail(h, "%s", xctrl_error(x));
			return -1;
		}
		count += n;
		if (n < BATCH)
			break;
		next = all[count - 1].domain + 1u;
		if (next >= DOMID_FIRST_RESERVED)
			break;
	}
	*out = all;
	return count;
}

/** hx_domain_name - the name xenstore holds for @domid (malloc'd) */
char *hx_domain_name(struct hx *h, unsigned int domid)
{
	struct xstore *xs = hx_store(h);
	char path[64];

	if (xs) {
		char *name;

		snprintf(path, sizeof(path), "/local/domain/%u/name", domid);
		name = xstore_read(xs, 0, path, NULL);
		if (name)
			return name;
	}
	return domid == 0 ? strdup("Domain-0") : NULL;
}

/** hx_parse_uint - a decimal number no larger than @max */
bool hx_parse_uint(const char *s, unsigned long long max, unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

/** hx_find_domain - resolve a domain id or name; the domain must exist */
int hx_find_domain(struct hx *h, const char *arg)
{
	struct xen_domctl_getdomaininfo *all, info;
	unsigned long long id;
	int count, i, found = -1;

	if (hx_parse_uint(arg, DOMID_FIRST_RESERVED - 1, &id)) {
		struct xctrl *x = hx_ctrl(h);

		if (!x)
			return -1;
		if (xctrl_domain_info(x, (domid_t)id, &info) < 0) {
			hx_fail(h, "%s", xctrl_error(x));
			return -1;
		}
		return (int)id;
	}
	count = hx_domain_list(h, &all);
	if (count < 0)
		return -1;
	for (i = 0; i < count && found < 0; i++) {
		char *name = hx_domain_name(h, all[i].domain);

		if (name && !strcmp(name, arg))
			found = all[i].domain;
		free(name);
	}
	free(all);
	if (found < 0)
		hx_fail(h, "'%s' is not the name or id of an existing domain", arg);
	return found;
}

/** hx_state_string - xl's six state letters r b p s <reason> d */
void hx_state_string(const struct xen_domctl_getdomaininfo *info, char *buf)
{
	static const char reason_letters[] = "-rscwS"; /* SHUTDOWN_* 0..5 */
	uint32_t f = info->flags;
	unsigned int reason = (f >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;

	buf[0] = (f & XEN_DOMINF_running) ? 'r' : '-';
	buf[1] = (f & XEN_DOMINF_blocked) ? 'b' : '-';
	buf[2] = (f & XEN_DOMINF_paused) ? 'p' : '-';
	buf[3] = (f & XEN_DOMINF_shutdown) ? 's' : '-';
	if (!(f & XEN_DOMINF_shutdown))
		buf[4] = '-';
	else
		buf[4] = reason < sizeof(reason_letters) - 1 ? reason_letters[reason] : '?';
	buf[5] = (f & XEN_DOMINF_dying) ? 'd' : '-';
	buf[6] = '\0';
}
