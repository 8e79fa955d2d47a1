/* SPDX-License-Identifier: MIT */
/*
 * hx read-only commands, with xl's output formats (Xen 4.17 tools/xl/
 * xl_info.c, xl_vcpu.c, xl_misc.c; xenctx for vcpu-context): list, info,
 * dmesg, debug-keys, uptime, domid, domname, vcpu-list, vcpu-context.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include "hx.h"

/* Option letters of argv[1..] that start with '-'; returns the index of the first operand */
static int options(struct hx *h, int argc, char **argv, const char *allowed, char *seen)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *p;

		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (p = argv[i] + 1; *p; p++) {
			if (!strchr(allowed, *p)) {
				hx_fail(h, "unknown option '-%c'", *p);
				return -1;
			}
			seen[(unsigned char)*p] = 1;
		}
	}
	return i;
}

/* ------------------------------------------------------------------- list */

static void json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void uuid_string(const uint8_t *u, char *buf)
{
	sprintf(buf, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", u[0],
		u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		u[14], u[15]);
}

static void list_json(struct hx *h, const struct xen_domctl_getdomaininfo *all, int count)
{
	int i;

	fprintf(h->out, "[\n");
	for (i = 0; i < count; i++) {
		const struct xen_domctl_getdomaininfo *d = &all[i];
		char *name = hx_domain_name(h, d->domain);
		char state[7], uuid[37];
		uint32_t f = d->flags;

		hx_state_string(d, state);
		uuid_string(d->handle, uuid);
		fprintf(h->out, "    {\n        \"domid\": %u,\n        \"name\": ", d->domain);
		if (name)
			json_string(h->out, name);
		else
			fprintf(h->out, "null");
		fprintf(h->out,
			",\n        \"uuid\": \"%s\",\n        \"state\": \"%s\",\n"
			"        \"current_memkb\": %llu,\n        \"max_memkb\": %llu,\n"
			"        \"vcpu_online\": %u,\n        \"vcpu_max_id\": %u,\n"
			"        \"cpu_time\": %llu,\n        \"cpupool\": %u,\n"
			"        \"gpaddr_bits\": %u,\n        \"shared_info_frame\": %llu,\n"
			"        \"dying\": %s,\n        \"shutdown\": %s,\n"
			"        \"shutdown_reason\": %u,\n        \"paused\": %s,\n"
			"        \"blocked\": %s,\n        \"running\": %s,\n"
			"        \"xs_domain\": %s\n    }%s\n",
			uuid, state, (unsigned long long)d->tot_pages * 4,
			(unsigned long long)d->max_pages * 4, d->nr_online_vcpus, d->max_vcpu_id,
			(unsigned long long)d->cpu_time, d->cpupool, d->gpaddr_bits,
			(unsigned long long)d->shared_info_frame,
			(f & XEN_DOMINF_dying) ? "true" : "false",
			(f & XEN_DOMINF_shutdown) ? "true" : "false",
			(f >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask,
			(f & XEN_DOMINF_paused) ? "true" : "false",
			(f & XEN_DOMINF_blocked) ? "true" : "false",
			(f & XEN_DOMINF_running) ? "true" : "false",
			(f & XEN_DOMINF_xs_domain) ? "true" : "false", i + 1 < count ? "," : "");
		free(name);
	}
	fprintf(h->out, "]\n");
}

/** hx_cmd_list - xl list [-l] [DOMAIN] */
int hx_cmd_list(struct hx *h, int argc, char **argv)
{
	struct xen_domctl_getdomaininfo *all;
	char seen[256] = { 0 };
	int i, count, first = options(h, argc, argv, "l", seen);

	if (first < 0)
		return 1;
	if (argc - first > 1)
		return hx_fail(h, "usage: hx list [-l] [DOMAIN]");
	if (argc - first == 1) {
		int domid = hx_find_domain(h, argv[first]);

		if (domid < 0)
			return 1;
		all = malloc(sizeof(*all));
		if (!all || xctrl_domain_info(h->x, (domid_t)domid, all) < 0) {
			free(all);
			return hx_fail(h, "%s", xctrl_error(h->x));
		}
		count = 1;
	} else {
		count = hx_domain_list(h, &all);
		if (count < 0)
			return 1;
	}
	if (seen['l']) {
		list_json(h, all, count);
		free(all);
		return 0;
	}
	fprintf(h->out, "Name                                        ID   Mem VCPUs\tState\tTime(s)\n");
	for (i = 0; i < count; i++) {
		const struct xen_domctl_getdomaininfo *d = &all[i];
		char *name = hx_domain_name(h, d->domain);
		char state[7];

		hx_state_string(d, state);
		fprintf(h->out, "%-40s %5u %5lu %5u     %s  %8.1f\n", name ? name : "(null)",
			d->domain, (unsigned long)(d->tot_pages * 4 / 1024), d->nr_online_vcpus,
			state, (double)d->cpu_time / 1e9);
		free(name);
	}
	free(all);
	return 0;
}

/* ------------------------------------------------------------------- info */

static const char *scheduler_name(uint32_t id)
{
	switch (id) {
	case XEN_SCHEDULER_CREDIT: return "credit";
	case XEN_SCHEDULER_CREDIT2: return "credit2";
	case XEN_SCHEDULER_ARINC653: return "arinc653";
	case XEN_SCHEDULER_RTDS: return "rtds";
	case XEN_SCHEDULER_NULL: return "null";
	default: return "unknown";
	}
}

static int info_physinfo(struct hx *h, struct xctrl *x)
{
	struct xen_sysctl_physinfo pi;
	uint32_t c, free_cpus;
	long pagesize;

	if (xctrl_physinfo(x, &pi) < 0) {
		hx_fail(h, "%s", xctrl_error(x));
		return 1;
	}
	c = pi.capabilities;
	fprintf(h->out, "nr_cpus                : %u\n", pi.nr_cpus);
	fprintf(h->out, "max_cpu_id             : %u\n", pi.max_cpu_id);
	fprintf(h->out, "nr_nodes               : %u\n", pi.nr_nodes);
	fprintf(h->out, "cores_per_socket       : %u\n", pi.cores_per_socket);
	fprintf(h->out, "threads_per_core       : %u\n", pi.threads_per_core);
	fprintf(h->out, "cpu_mhz                : %u.%03u\n", pi.cpu_khz / 1000, pi.cpu_khz % 1000);
	fprintf(h->out, "hw_caps                : %08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x\n",
		pi.hw_cap[0], pi.hw_cap[1], pi.hw_cap[2], pi.hw_cap[3], pi.hw_cap[4], pi.hw_cap[5],
		pi.hw_cap[6], pi.hw_cap[7]);
	fprintf(h->out, "virt_caps              :%s%s%s%s%s%s%s%s%s%s%s\n",
		(c & XEN_SYSCTL_PHYSCAP_pv) ? " pv" : "", (c & XEN_SYSCTL_PHYSCAP_hvm) ? " hvm" : "",
		(c & XEN_SYSCTL_PHYSCAP_hvm) && (c & XEN_SYSCTL_PHYSCAP_directio) ? " hvm_directio"
										   : "",
		(c & XEN_SYSCTL_PHYSCAP_pv) && (c & XEN_SYSCTL_PHYSCAP_directio) ? " pv_directio"
										  : "",
		(c & XEN_SYSCTL_PHYSCAP_hap) ? " hap" : "",
		(c & XEN_SYSCTL_PHYSCAP_shadow) ? " shadow" : "",
		(c & XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share) ? " iommu_hap_pt_share" : "",
		(c & XEN_SYSCTL_PHYSCAP_vmtrace) ? " vmtrace" : "",
		(c & XEN_SYSCTL_PHYSCAP_vpmu) ? " vpmu" : "",
		(c & XEN_SYSCTL_PHYSCAP_gnttab_v1) ? " gnttab-v1" : "",
		(c & XEN_SYSCTL_PHYSCAP_gnttab_v2) ? " gnttab-v2" : "");
	pagesize = xctrl_version_raw(x, XENVER_pagesize, NULL, 0);
	if (pagesize <= 0)
		pagesize = 4096;
	{
		unsigned long long per_mib = (1ULL << 20) / (unsigned long long)pagesize;

		fprintf(h->out, "total_memory           : %llu\n",
			(unsigned long long)pi.total_pages / per_mib);
		fprintf(h->out, "free_memory            : %llu\n",
			(unsigned long long)(pi.free_pages - pi.outstanding_pages) / per_mib);
		fprintf(h->out, "sharing_freed_memory   : 0\n");
		fprintf(h->out, "sharing_used_memory    : 0\n");
		fprintf(h->out, "outstanding_claims     : %llu\n",
			(unsigned long long)pi.outstanding_pages / per_mib);
	}
	if (xctrl_cpupool_freecpus(x, pi.max_cpu_id + 1, &free_cpus) == 0)
		fprintf(h->out, "free_cpus              : %u\n", free_cpus);
	else
		hx_warn(h, "%s", xctrl_error(x));
	return 0;
}

static int info_xen(struct hx *h, struct xctrl *x)
{
	char extra[XEN_EXTRAVERSION_LEN] = "", caps[XEN_CAPABILITIES_INFO_LEN] = "";
	char changeset[XEN_CHANGESET_INFO_LEN] = "", cmdline[XEN_COMMANDLINE_LEN] = "";
	struct xen_compile_info ci = { 0 };
	struct xen_platform_parameters pp = { 0 };
	unsigned char idbuf[sizeof(struct xen_build_id) + 64] = { 0 };
	struct xen_build_id *id = (struct xen_build_id *)idbuf;
	char build_id[2 * 64 + 1] = "";
	uint32_t version, sched = 0;
	long pagesize, n;
	int rc = 0;

	if (xctrl_version(x, &version) < 0)
		return hx_fail(h, "%s", xctrl_error(x));
	if (xctrl_version_string(x, XENVER_extraversion, extra, sizeof(extra)) < 0 ||
	    xctrl_version_string(x, XENVER_capabilities, caps, sizeof(caps)) < 0 ||
	    xctrl_version_string(x, XENVER_changeset, changeset, sizeof(changeset)) < 0 ||
	    xctrl_version_string(x, XENVER_commandline, cmdline, sizeof(cmdline)) < 0 ||
	    xctrl_compile_info(x, &ci) < 0)
		rc = hx_fail(h, "%s", xctrl_error(x));
	if (xctrl_sched_id(x, &sched) < 0)
		rc = hx_fail(h, "%s", xctrl_error(x));
	pagesize = xctrl_version_raw(x, XENVER_pagesize, NULL, 0);
	xctrl_version_raw(x, XENVER_platform_parameters, &pp, sizeof(pp));
	id->len = 64;
	n = xctrl_version_raw(x, XENVER_build_id, idbuf, sizeof(idbuf));
	for (long i = 0; i < n && i < 64; i++)
		sprintf(build_id + 2 * i, "%02x", id->buf[i]);
	/* Strings end with a space in Xen's capabilities: xl prints them as they are */
	fprintf(h->out, "xen_major              : %u\n", version >> 16);
	fprintf(h->out, "xen_minor              : %u\n", version & 0xffff);
	fprintf(h->out, "xen_extra              : %s\n", extra);
	fprintf(h->out, "xen_version            : %u.%u%s\n", version >> 16, version & 0xffff,
		extra);
	fprintf(h->out, "xen_caps               : %s\n", caps);
	fprintf(h->out, "xen_scheduler          : %s\n", scheduler_name(sched));
	fprintf(h->out, "xen_pagesize           : %ld\n", pagesize > 0 ? pagesize : 0);
	fprintf(h->out, "platform_params        : virt_start=0x%llx\n",
		(unsigned long long)pp.virt_start);
	fprintf(h->out, "xen_changeset          : %s\n", changeset);
	fprintf(h->out, "xen_commandline        : %s\n", cmdline);
	fprintf(h->out, "cc_compiler            : %s\n", ci.compiler);
	fprintf(h->out, "cc_compile_by          : %s\n", ci.compile_by);
	fprintf(h->out, "cc_compile_domain      : %s\n", ci.compile_domain);
	fprintf(h->out, "cc_compile_date        : %s\n", ci.compile_date);
	fprintf(h->out, "build_id               : %s\n", build_id);
	return rc;
}

/** hx_cmd_info - xl info: host, physinfo, then hypervisor version lines */
int hx_cmd_info(struct hx *h, int argc, char **argv)
{
	struct xctrl *x = hx_ctrl(h);
	struct utsname u;
	int rc;

	(void)argv;
	if (argc > 1)
		return hx_fail(h, "usage: hx info");
	if (!x)
		return 1;
	if (uname(&u) == 0) {
		fprintf(h->out, "host                   : %s\n", u.nodename);
		fprintf(h->out, "release                : %s\n", u.release);
		fprintf(h->out, "version                : %s\n", u.version);
		fprintf(h->out, "machine                : %s\n", u.machine);
	}
	rc = info_physinfo(h, x);
	rc |= info_xen(h, x);
	fprintf(h->out, "xend_config_format     : 4\n");
	return rc;
}

/* ------------------------------------------------------------------ dmesg */

/** hx_cmd_dmesg - xl dmesg [-c]: the hypervisor console ring, read incrementally */
int hx_cmd_dmesg(struct hx *h, int argc, char **argv)
{
	enum { CHUNK = 16384, MAX_TOTAL = 16 << 20 };
	char seen[256] = { 0 }, *all = NULL, *tmp;
	int first = options(h, argc, argv, "c", seen);
	size_t len = 0;
	struct xctrl *x;
	uint32_t index = 0, count;
	int rc = 0;

	if (first < 0)
		return 1;
	if (first < argc)
		return hx_fail(h, "usage: hx dmesg [-c]");
	x = hx_ctrl(h);
	if (!x)
		return 1;
	/*
	 * Collect the whole ring before printing anything: where dom0's own
	 * console output is fed into the hypervisor ring (its console_io
	 * writes), printing while reading would bring every chunk back and
	 * the read would never end. Then (-c) clear with one last call:
	 * clearing moves the ring's consumer to its producer, which would
	 * make later incremental reads skip what was not read yet.
	 */
	for (;;) {
		tmp = realloc(all, len + CHUNK);
		if (!tmp) {
			rc = hx_fail(h, "out of memory");
			break;
		}
		all = tmp;
		count = CHUNK;
		if (xctrl_readconsole(x, false, &index, all + len, &count) < 0) {
			rc = hx_fail(h, "%s", xctrl_error(x));
			break;
		}
		len += count;
		if (count == 0 || len >= MAX_TOTAL)
			break;
	}
	if (rc == 0 && seen['c']) {
		count = CHUNK;
		tmp = realloc(all, len + CHUNK);
		if (!tmp) {
			rc = hx_fail(h, "out of memory");
		} else {
			all = tmp;
			if (xctrl_readconsole(x, true, &index, all + len, &count) < 0)
				rc = hx_fail(h, "%s", xctrl_error(x));
			else
				len += count;
		}
	}
	if (len)
		fwrite(all, 1, len, h->out);
	free(all);
	return rc;
}

/** hx_cmd_debug_keys - xl debug-keys KEYS */
int hx_cmd_debug_keys(struct hx *h, int argc, char **argv)
{
	struct xctrl *x;

	if (argc != 2 || !argv[1][0])
		return hx_fail(h, "usage: hx debug-keys KEYS");
	x = hx_ctrl(h);
	if (!x)
		return 1;
	if (xctrl_debug_keys(x, argv[1]) < 0)
		return hx_fail(h, "%s", xctrl_error(x));
	return 0;
}

/* ----------------------------------------------------------- names, uptime */

/** hx_cmd_domid - xl domid NAME */
int hx_cmd_domid(struct hx *h, int argc, char **argv)
{
	struct xen_domctl_getdomaininfo *all;
	int i, count, found = -1;

	if (argc != 2)
		return hx_fail(h, "usage: hx domid NAME");
	count = hx_domain_list(h, &all);
	if (count < 0)
		return 1;
	for (i = 0; i < count && found < 0; i++) {
		char *name = hx_domain_name(h, all[i].domain);

		if (name && !strcmp(name, argv[1]))
			found = all[i].domain;
		free(name);
	}
	free(all);
	if (found < 0)
		return hx_fail(h, "can't get domid of domain name '%s', maybe this domain does not "
			       "exist",
			       argv[1]);
	fprintf(h->out, "%d\n", found);
	return 0;
}

/** hx_cmd_domname - xl domname ID */
int hx_cmd_domname(struct hx *h, int argc, char **argv)
{
	struct xen_domctl_getdomaininfo info;
	unsigned long long id;
	struct xctrl *x;
	char *name;

	if (argc != 2)
		return hx_fail(h, "usage: hx domname ID");
	if (!hx_parse_uint(argv[1], DOMID_FIRST_RESERVED - 1, &id))
		return hx_fail(h, "invalid domain id '%s'", argv[1]);
	x = hx_ctrl(h);
	if (!x)
		return 1;
	if (xctrl_domain_info(x, (domid_t)id, &info) < 0)
		return hx_fail(h, "%s", xctrl_error(x));
	name = hx_domain_name(h, (unsigned int)id);
	if (!name)
		return hx_fail(h, "d%llu has no name (no /local/domain/%llu/name in xenstore%s)", id,
			       id, hx_store(h) ? "" : ", and xenstored is not running");
	fprintf(h->out, "%s\n", name);
	free(name);
	return 0;
}

static char *uptime_string(unsigned long up, bool short_mode, char *buf, size_t len)
{
	unsigned long day = up / 86400, hour = up / 3600 % 24, min = up / 60 % 60, sec = up % 60;
	const char *days = day == 1 ? "day" : "days";

	if (short_mode) {
		if (day)
			snprintf(buf, len, "%lu %s, %2lu:%02lu", day, days, hour, min);
		else
			snprintf(buf, len, "%2lu:%02lu", hour, min);
	} else {
		if (day)
			snprintf(buf, len, "%lu %s, %2lu:%02lu:%02lu", day, days, hour, min, sec);
		else
			snprintf(buf, len, "%2lu:%02lu:%02lu", hour, min, sec);
	}
	return buf;
}

static unsigned long dom0_uptime(void)
{
	FILE *f = fopen("/proc/uptime", "r");
	double up = 0;

	if (f) {
		if (fscanf(f, "%lf", &up) != 1)
			up = 0;
		fclose(f);
	}
	return (unsigned long)up;
}

/*
 * Seconds domain @domid has been up: from /vm/<uuid>/start_time (written
 * by hx create, as by xl); domains without one (dom0, boot-time dom0less
 * domains) started with the host, i.e. with dom0.
 */
static unsigned long domain_uptime(struct hx *h, const struct xen_domctl_getdomaininfo *d)
{
	struct xstore *xs = hx_store(h);
	char uuid[37], path[96], *val;
	double start;

	if (d->domain != 0 && xs) {
		uuid_string(d->handle, uuid);
		snprintf(path, sizeof(path), "/vm/%s/start_time", uuid);
		val = xstore_read(xs, 0, path, NULL);
		if (val) {
			start = strtod(val, NULL);
			free(val);
			if (start > 0 && start <= (double)time(NULL))
				return (unsigned long)((double)time(NULL) - start);
		}
	}
	return dom0_uptime();
}

/** hx_cmd_uptime - xl uptime [-s] [DOMAIN...] */
int hx_cmd_uptime(struct hx *h, int argc, char **argv)
{
	struct xen_domctl_getdomaininfo *all;
	char seen[256] = { 0 }, up[64];
	int i, count, first = options(h, argc, argv, "s", seen), rc = 0;

	if (first < 0)
		return 1;
	count = hx_domain_list(h, &all);
	if (count < 0)
		return 1;
	if (!seen['s'])
		fprintf(h->out, "%-33s %4s %s\n", "Name", "ID", "Uptime");
	for (i = first; i < argc; i++)
		if (hx_find_domain(h, argv[i]) < 0)
			rc = 1;
	for (i = 0; i < count; i++) {
		const struct xen_domctl_getdomaininfo *d = &all[i];
		unsigned long secs;
		char *name;
		int j, wanted = first == argc;

		for (j = first; j < argc && !wanted; j++) {
			char *n = hx_domain_name(h, d->domain);
			unsigned long long id;

			wanted = (hx_parse_uint(argv[j], 0xffff, &id) && id == d->domain) ||
				 (n && !strcmp(n, argv[j]));
			free(n);
		}
		if (!wanted)
			continue;
		secs = domain_uptime(h, d);
		name = hx_domain_name(h, d->domain);
		if (seen['s']) {
			char now[16];
			time_t t = time(NULL);
			struct tm tm;

			strftime(now, sizeof(now), "%H:%M:%S", localtime_r(&t, &tm));
			fprintf(h->out, " %s up %s, %s (%u)\n", now,
				uptime_string(secs, true, up, sizeof(up)), name ? name : "(null)",
				d->domain);
		} else {
			fprintf(h->out, "%-33s %4u %s\n", name ? name : "(null)", d->domain,
				uptime_string(secs, false, up, sizeof(up)));
		}
		free(name);
	}
	free(all);
	return rc;
}

/* ------------------------------------------------------------------ vCPUs */

/* xl's print_bitmap: "all" when every CPU is set, else ranges "0-1,3" */
void hx_print_cpumap(FILE *f, uint64_t map, uint32_t nr_cpus)
{
	uint32_t i, start;
	bool first = true;

	if (nr_cpus > 64)
		nr_cpus = 64;
	if (nr_cpus && (nr_cpus == 64 ? map == ~0ULL : (map & ((1ULL << nr_cpus) - 1)) ==
							   (1ULL << nr_cpus) - 1)) {
		fputs("all", f);
		return;
	}
	if (!map) {
		fputs("none", f);
		return;
	}
	for (i = 0; i < nr_cpus; i++) {
		if (!(map & (1ULL << i)))
			continue;
		start = i;
		while (i + 1 < nr_cpus && (map & (1ULL << (i + 1))))
			i++;
		fprintf(f, "%s%u", first ? "" : ",", start);
		if (i > start)
			fprintf(f, "-%u", i);
		first = false;
	}
}

static int vcpu_list_domain(struct hx *h, const struct xen_domctl_getdomaininfo *d,
			    uint32_t nr_cpus)
{
	static bool affinity_warned;
	char *name = hx_domain_name(h, d->domain);
	uint32_t v;
	int rc = 0;

	if (d->max_vcpu_id == XEN_INVALID_MAX_VCPU_ID) {
		free(name);
		return 0;
	}
	for (v = 0; v <= d->max_vcpu_id; v++) {
		struct xen_domctl_getvcpuinfo vi;
		uint64_t hard, soft;

		if (xctrl_getvcpuinfo(h->x, d->domain, v, &vi) < 0) {
			rc = hx_fail(h, "%s", xctrl_error(h->x));
			break;
		}
		fprintf(h->out, "%-32s %5u %5u", name ? name : "(null)", d->domain, v);
		if (!vi.online)
			fprintf(h->out, "%5c %3c%cp ", '-', '-', '-');
		else
			fprintf(h->out, "%5u %3c%c- ", vi.cpu, vi.running ? 'r' : '-',
				vi.blocked ? 'b' : '-');
		fprintf(h->out, "%9.1f  ", (double)vi.cpu_time / 1e9);
		if (xctrl_getvcpuaffinity(h->x, d->domain, v, &hard, &soft) == 0) {
			hx_print_cpumap(h->out, hard, nr_cpus);
			fputs(" / ", h->out);
			hx_print_cpumap(h->out, soft, nr_cpus);
		} else {
			fputs("? / ?", h->out); /* reported once below */
			if (!affinity_warned)
				hx_warn(h, "%s", xctrl_error(h->x));
			affinity_warned = true;
		}
		fputc('\n', h->out);
	}
	free(name);
	return rc;
}

/** hx_cmd_vcpu_list - xl vcpu-list [DOMAIN...] */
int hx_cmd_vcpu_list(struct hx *h, int argc, char **argv)
{
	struct xen_domctl_getdomaininfo *all;
	struct xen_sysctl_physinfo pi;
	int i, count, rc = 0;

	count = hx_domain_list(h, &all);
	if (count < 0)
		return 1;
	if (xctrl_physinfo(h->x, &pi) < 0) {
		free(all);
		return hx_fail(h, "%s", xctrl_error(h->x));
	}
	fprintf(h->out, "%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU", "State",
		"Time(s)", "Affinity (Hard / Soft)");
	if (argc == 1) {
		for (i = 0; i < count && !rc; i++)
			rc = vcpu_list_domain(h, &all[i], pi.nr_cpus);
	} else {
		for (i = 1; i < argc && !rc; i++) {
			int domid = hx_find_domain(h, argv[i]), j;

			if (domid < 0) {
				rc = 1;
				break;
			}
			for (j = 0; j < count; j++)
				if (all[j].domain == domid)
					rc = vcpu_list_domain(h, &all[j], pi.nr_cpus);
		}
	}
	free(all);
	return rc;
}

static const char *pstate_mode(uint64_t cpsr)
{
	if (cpsr & 0x10)
		return "AArch32";
	switch (cpsr & 0xf) {
	case 0x0: return "EL0t";
	case 0x4: return "EL1t";
	case 0x5: return "EL1h";
	case 0x8: return "EL2t";
	case 0x9: return "EL2h";
	default: return "?";
	}
}

static void print_context(struct hx *h, unsigned int domid, uint32_t vcpu,
			  const struct vcpu_guest_context *c)
{
	const struct vcpu_guest_core_regs *r = &c->user_regs;
	const uint64_t *x = &r->x0;
	int i;

	fprintf(h->out, "d%uv%u:%s\n", domid, vcpu,
		(c->flags & VGCF_online) ? "" : " (offline)");
	fprintf(h->out, "PC:       %016llx\n", (unsigned long long)r->pc64);
	fprintf(h->out, "LR:       %016llx\n", (unsigned long long)r->x30);
	fprintf(h->out, "ELR_EL1:  %016llx\n", (unsigned long long)r->elr_el1);
	fprintf(h->out, "CPSR:     %08llx  (%s%s%s%s%s)\n", (unsigned long long)r->cpsr,
		pstate_mode(r->cpsr), (r->cpsr & PSR_DBG_MASK) ? " D" : "",
		(r->cpsr & PSR_ABT_MASK) ? " A" : "", (r->cpsr & PSR_IRQ_MASK) ? " I" : "",
		(r->cpsr & PSR_FIQ_MASK) ? " F" : "");
	fprintf(h->out, "SPSR_EL1: %08llx\n", (unsigned long long)r->spsr_el1);
	fprintf(h->out, "SP_EL0:   %016llx\n", (unsigned long long)r->sp_el0);
	fprintf(h->out, "SP_EL1:   %016llx\n\n", (unsigned long long)r->sp_el1);
	for (i = 0; i < 31; i++)
		fprintf(h->out, " x%d:%s %016llx%s", i, i < 10 ? " " : "", (unsigned long long)x[i],
			(i % 3 == 2 || i == 30) ? "\n" : "\t");
	fprintf(h->out, "\nSCTLR:    %016llx\n", (unsigned long long)c->sctlr);
	fprintf(h->out, "TCR:      %016llx\n", (unsigned long long)c->ttbcr);
	fprintf(h->out, "TTBR0:    %016llx\n", (unsigned long long)c->ttbr0);
	fprintf(h->out, "TTBR1:    %016llx\n", (unsigned long long)c->ttbr1);
}

/** hx_cmd_vcpu_context - registers of DOMAIN's vCPUs (all, or VCPU), like xenctx */
int hx_cmd_vcpu_context(struct hx *h, int argc, char **argv)
{
	struct xen_domctl_getdomaininfo info;
	unsigned long long want = 0;
	uint32_t v, lo, hi;
	int domid;

	if (argc < 2 || argc > 3)
		return hx_fail(h, "usage: hx vcpu-context DOMAIN [VCPU]");
	domid = hx_find_domain(h, argv[1]);
	if (domid < 0)
		return 1;
	if (xctrl_domain_info(h->x, (domid_t)domid, &info) < 0)
		return hx_fail(h, "%s", xctrl_error(h->x));
	if (info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID)
		return hx_fail(h, "d%d has no vCPUs", domid);
	lo = 0;
	hi = info.max_vcpu_id;
	if (argc == 3) {
		if (!hx_parse_uint(argv[2], info.max_vcpu_id, &want))
			return hx_fail(h, "d%d has no vCPU '%s' (vCPUs 0-%u)", domid, argv[2],
				       info.max_vcpu_id);
		lo = hi = (uint32_t)want;
	}
	for (v = lo; v <= hi; v++) {
		struct vcpu_guest_context c;

		if (xctrl_getvcpucontext(h->x, (domid_t)domid, v, &c) < 0)
			return hx_fail(h, "%s", xctrl_error(h->x));
		if (v != lo)
			fputc('\n', h->out);
		print_context(h, (unsigned int)domid, v, &c);
	}
	return 0;
}
