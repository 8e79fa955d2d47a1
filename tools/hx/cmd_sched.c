/* SPDX-License-Identifier: MIT */
/*
 * hx scheduling commands (xl(1) names, options and output):
 * cpupool-create/-destroy/-list/-rename/-cpu-add/-cpu-remove/-migrate,
 * sched-credit2, sched-rtds, vcpu-pin, and sched-arinc653 (ours: Xen has
 * no xl command for it).
 *
 * Pool names are the toolstack's, as in libxl: /local/pool/N/name in
 * xenstore when xenstored runs, else one "ID NAME" line per pool in the file
 * $HX_CPUPOOL_NAMES (default /run/hx-cpupool-names). A pool without a name
 * is "Pool-N" (Pool-0 for the first).
 *
 * Every command checks its arguments against the current state before the
 * first change (unknown pool, CPU not free, budget > period, pinning outside
 * the domain's pool, removing the last CPU of a pool with domains...), so a
 * refusal leaves everything as it was.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "hx.h"

#define NAMES_FILE_DEFAULT "/run/hx-cpupool-names"

/* ---------------------------------------------------------------- names */

static const char *names_file(void)
{
	const char *f = getenv("HX_CPUPOOL_NAMES");

	return f && *f ? f : NAMES_FILE_DEFAULT;
}

/* The name stored for pool @id in the names file, malloc'd, or NULL */
static char *file_name(uint32_t id)
{
	FILE *f = fopen(names_file(), "r");
	char line[128], *found = NULL;

	if (!f)
		return NULL;
	while (!found && fgets(line, sizeof(line), f)) {
		char *name;
		unsigned long n = strtoul(line, &name, 10);

		if (name == line || *name != ' ' || n != id)
			continue;
		name[strcspn(name, "\n")] = '\0';
		found = strdup(name + 1);
	}
	fclose(f);
	return found;
}

/* Rewrite the names file with pool @id named @name (NULL: forgotten) */
static int file_set_name(struct hx *h, uint32_t id, const char *name)
{
	const char *path = names_file();
	char tmp[4200], line[128];
	FILE *in = fopen(path, "r"), *out;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	out = fopen(tmp, "w");
	if (!out) {
		if (in)
			fclose(in);
		return hx_fail(h, "cannot write %s: %s", tmp, strerror(errno));
	}
	while (in && fgets(line, sizeof(line), in)) {
		char *end;
		unsigned long n = strtoul(line, &end, 10);

		if (end != line && *end == ' ' && n == id)
			continue;
		fputs(line, out);
	}
	if (in)
		fclose(in);
	if (name)
		fprintf(out, "%u %s\n", id, name);
	if (fclose(out) || rename(tmp, path))
		return hx_fail(h, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

/** hx_pool_name - the name of cpupool @id (malloc'd, never NULL unless OOM) */
char *hx_pool_name(struct hx *h, uint32_t id)
{
	struct xstore *xs = hx_store(h);
	char path[64], *name = NULL;

	if (xs) {
		snprintf(path, sizeof(path), "/local/pool/%u/name", id);
		name = xstore_read(xs, 0, path, NULL);
	} else {
		name = file_name(id);
	}
	if (!name && asprintf(&name, "Pool-%u", id) < 0)
		name = NULL;
	return name;
}

/* Record (or with @name NULL, drop) the name of pool @id; exit status */
static int pool_set_name(struct hx *h, uint32_t id, const char *name)
{
	struct xstore *xs = hx_store(h);
	char path[64];

	if (!xs)
		return file_set_name(h, id, name);
	if (!name) {
		snprintf(path, sizeof(path), "/local/pool/%u", id);
		xstore_rm(xs, 0, path);
		return 0;
	}
	snprintf(path, sizeof(path), "/local/pool/%u/name", id);
	if (xstore_write_str(xs, 0, path, name) < 0)
		return hx_fail(h, "cannot write %s in xenstore", path);
	return 0;
}

/* ---------------------------------------------------------------- pools */

struct pool {
	uint32_t id, sched_id, n_dom;
	uint64_t cpus;
	char *name;
};

static void pools_free(struct pool *p, int n)
{
	for (int i = 0; i < n; i++)
		free(p[i].name);
	free(p);
}

/* Every cpupool, by id; count or -1 after printing why */
static int pool_list(struct hx *h, struct pool **out)
{
	struct xctrl *x = hx_ctrl(h);
	struct pool *p = NULL;
	uint32_t id = 0;
	int n = 0;

	if (!x)
		return -1;
	for (;;) {
		struct xen_sysctl_cpupool_op op;
		struct pool *np;
		uint64_t cpus;
		int rc = xctrl_cpupool_getinfo(x, id, &op, &cpus);

		if (rc == -ENOENT)
			break;
		if (rc < 0) {
			pools_free(p, n);
			hx_fail(h, "%s", xctrl_error(x));
			return -1;
		}
		np = realloc(p, (size_t)(n + 1) * sizeof(*p));
		if (!np) {
			pools_free(p, n);
			hx_fail(h, "out of memory");
			return -1;
		}
		p = np;
		p[n].id = op.cpupool_id;
		p[n].sched_id = op.sched_id;
		p[n].n_dom = op.n_dom;
		p[n].cpus = cpus;
		p[n].name = hx_pool_name(h, op.cpupool_id);
		n++;
		if (op.cpupool_id == UINT32_MAX - 1)
			break;
		id = op.cpupool_id + 1;
	}
	*out = p;
	return n;
}

/* The pool named or numbered @arg in @p, NULL if none */
static struct pool *pool_find(struct pool *p, int n, const char *arg)
{
	unsigned long long id;
	bool numeric = hx_parse_uint(arg, UINT32_MAX, &id);

	for (int i = 0; i < n; i++)
		if ((numeric && p[i].id == id) || (p[i].name && !strcmp(p[i].name, arg)))
			return &p[i];
	return NULL;
}

/* All pools in *@all (*@n of them, to free) and the one @arg names; NULL after
 * printing why (unknown: xl's message) */
static struct pool *pool_arg(struct hx *h, const char *arg, struct pool **all, int *n)
{
	struct pool *f;

	*n = pool_list(h, all);
	if (*n < 0) {
		*n = 0;
		*all = NULL;
		return NULL;
	}
	f = pool_find(*all, *n, arg);
	if (!f)
		hx_fail(h, "unknown cpupool '%s'", arg);
	return f;
}

/** hx_pool_lookup - id of the cpupool named or numbered @arg; -1 after printing why */
int hx_pool_lookup(struct hx *h, const char *arg, uint32_t *id)
{
	struct pool *p, *f;
	int n;

	f = pool_arg(h, arg, &p, &n);
	if (f)
		*id = f->id;
	pools_free(p, n);
	return f ? 0 : -1;
}

static const struct {
	const char *name;
	uint32_t id;
} sched_names[] = {
	{ "credit", XEN_SCHEDULER_CREDIT }, { "credit2", XEN_SCHEDULER_CREDIT2 },
	{ "arinc653", XEN_SCHEDULER_ARINC653 }, { "rtds", XEN_SCHEDULER_RTDS },
	{ "null", XEN_SCHEDULER_NULL },
};

static const char *sched_name(uint32_t id)
{
	for (size_t i = 0; i < sizeof(sched_names) / sizeof(sched_names[0]); i++)
		if (sched_names[i].id == id)
			return sched_names[i].name;
	return "unknown";
}

static int nr_host_cpus(struct hx *h, unsigned int *nr)
{
	struct xen_sysctl_physinfo pi;

	if (!hx_ctrl(h))
		return -1;
	if (xctrl_physinfo(h->x, &pi) < 0) {
		hx_fail(h, "%s", xctrl_error(h->x));
		return -1;
	}
	*nr = pi.max_cpu_id + 1 > 64 ? 64 : pi.max_cpu_id + 1;
	return 0;
}

/* "0-1,3" (or "none") into @buf */
static const char *mask_str(uint64_t m, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	if (!f)
		return "?";
	hx_print_cpumap(f, m, 64);
	fclose(f);
	return buf;
}

/* ---------------------------------------------------------- cpupool-* */

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf;

	if (!f)
		return NULL;
	buf = calloc(1, 65537);
	if (buf)
		*len = fread(buf, 1, 65536, f);
	fclose(f);
	return buf;
}

/** hx_cmd_cpupool_create - xl cpupool-create [-n] [-f FILE] [CONFIG] [KEY=VALUE...] */
int hx_cmd_cpupool_create(struct hx *h, int argc, char **argv)
{
	const char *file = NULL;
	char *text = NULL, err[256], buf[128];
	size_t len = 0, extra = 0;
	bool dryrun = false;
	struct hx_pool_cfg pc;
	struct pool *p = NULL;
	uint32_t sched_id = 0, id = XEN_SYSCTL_CPUPOOL_PAR_ANY;
	uint64_t free_cpus;
	int i, n = 0, rc = 1;

	for (i = 1; i < argc; i++)
		extra += strlen(argv[i]) + 1;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") || !strcmp(argv[i], "--dryrun"))
			dryrun = true;
		else if (!strcmp(argv[i], "-f") && i + 1 < argc)
			file = argv[++i];
		else if (argv[i][0] == '-')
			return hx_fail(h, "usage: hx cpupool-create [-n] [-f FILE] [CONFIG] "
				       "[name=NAME] [sched=SCHED] [cpus=LIST]");
		else if (!strchr(argv[i], '=') && !file)
			file = argv[i];
		else if (!strchr(argv[i], '='))
			return hx_fail(h, "more than one configuration file ('%s')", argv[i]);
	}
	if (file) {
		text = read_file(file, &len);
		if (!text)
			return hx_fail(h, "Failed to read config file: %s: %s", file, strerror(errno));
		text = realloc(text, len + extra + 2);
	} else {
		text = calloc(1, extra + 2);
	}
	if (!text)
		return hx_fail(h, "out of memory");
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-' || !strchr(argv[i], '=')) {
			if (!strcmp(argv[i], "-f"))
				i++;
			continue;
		}
		text[len++] = '\n';
		memcpy(text + len, argv[i], strlen(argv[i]));
		len += strlen(argv[i]);
	}
	text[len] = '\0';
	if (hx_pool_cfg_parse(&pc, file ? file : "command line", text, len, err, sizeof(err),
			      h->err) < 0) {
		hx_fail(h, "%s", err);
		goto out;
	}
	if (!pc.name[0] && file) {
		const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
		snprintf(pc.name, sizeof(pc.name), "%.*s", (int)strcspn(base, "."), base);
	}
	if (!pc.name[0]) {
		hx_fail(h, "Missing cpupool name!");
		goto out;
	}
	n = pool_list(h, &p);
	if (n < 0)
		goto out;
	if (pool_find(p, n, pc.name)) {
		hx_fail(h, "Pool name \"%s\" already exists", pc.name);
		goto out;
	}
	if (pc.sched[0]) {
		size_t k;
		for (k = 0; k < sizeof(sched_names) / sizeof(sched_names[0]); k++)
			if (!strcmp(sched_names[k].name, pc.sched))
				break;
		if (k == sizeof(sched_names) / sizeof(sched_names[0])) {
			hx_fail(h, "Unknown scheduler '%s' (credit2, rtds, arinc653, null)", pc.sched);
			goto out;
		}
		sched_id = sched_names[k].id;
	} else if (xctrl_sched_id(h->x, &sched_id) < 0) {
		hx_fail(h, "%s", xctrl_error(h->x));
		goto out;
	}
	if (xctrl_cpupool_freemap(h->x, &free_cpus) < 0) {
		hx_fail(h, "%s", xctrl_error(h->x));
		goto out;
	}
	for (unsigned c = 0; c < 64; c++) {
		if ((pc.cpus & (1ULL << c)) && !(free_cpus & (1ULL << c))) {
			hx_fail(h, "cpu %u illegal or not free (free CPUs: %s)", c,
				mask_str(free_cpus, buf, sizeof(buf)));
			goto out;
		}
	}
	fprintf(h->out, "Using config file \"%s\"\n", file ? file : "command line");
	fprintf(h->out, "cpupool name:   %s\n", pc.name);
	fprintf(h->out, "scheduler:      %s\n", sched_name(sched_id));
	fprintf(h->out, "number of cpus: %d\n", __builtin_popcountll(pc.cpus));
	if (dryrun) {
		rc = 0;
		goto out;
	}
	if (xctrl_cpupool_create(h->x, &id, sched_id) < 0) {
		hx_fail(h, "error on creating cpupool: %s", xctrl_error(h->x));
		goto out;
	}
	for (unsigned c = 0; c < 64; c++) {
		if (!(pc.cpus & (1ULL << c)) || xctrl_cpupool_addcpu(h->x, id, c) >= 0)
			continue;
		hx_fail(h, "error on creating cpupool: %s", xctrl_error(h->x));
		/* Undo: nothing changes on failure. */
		for (unsigned u = 0; u < c; u++)
			if (pc.cpus & (1ULL << u))
				xctrl_cpupool_rmcpu(h->x, id, u);
		xctrl_cpupool_destroy(h->x, id);
		goto out;
	}
	rc = pool_set_name(h, id, pc.name);
out:
	pools_free(p, n > 0 ? n : 0);
	free(text);
	return rc;
}

/** hx_cmd_cpupool_list - xl cpupool-list [-c] [POOL] */
int hx_cmd_cpupool_list(struct hx *h, int argc, char **argv)
{
	bool opt_cpus = false;
	const char *only = NULL;
	struct pool *p, *sel = NULL;
	int n, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-c") || !strcmp(argv[i], "--cpus"))
			opt_cpus = true;
		else if (argv[i][0] != '-' && !only)
			only = argv[i];
		else
			return hx_fail(h, "usage: hx cpupool-list [-c] [POOL]");
	}
	n = pool_list(h, &p);
	if (n < 0)
		return 1;
	if (only && !(sel = pool_find(p, n, only))) {
		pools_free(p, n);
		return hx_fail(h, "Pool '%s' does not exist", only);
	}
	fprintf(h->out, "%-19s", "Name");
	fprintf(h->out, opt_cpus ? "CPU list\n" : "CPUs   Sched     Active   Domain count\n");
	for (i = 0; i < n; i++) {
		int k = 0;

		if (sel && sel != &p[i])
			continue;
		fprintf(h->out, "%-19s", p[i].name ? p[i].name : "(null)");
		for (unsigned c = 0; c < 64; c++) {
			if (!(p[i].cpus & (1ULL << c)))
				continue;
			if (opt_cpus)
				fprintf(h->out, "%s%u", k ? "," : "", c);
			k++;
		}
		if (!opt_cpus)
			fprintf(h->out, "%3d %9s       y       %4u", k, sched_name(p[i].sched_id),
				p[i].n_dom);
		fputc('\n', h->out);
	}
	pools_free(p, n);
	return 0;
}

/** hx_cmd_cpupool_destroy - xl cpupool-destroy POOL (only an empty one) */
int hx_cmd_cpupool_destroy(struct hx *h, int argc, char **argv)
{
	struct pool *p, *f;
	int n, rc = 1;

	if (argc != 2)
		return hx_fail(h, "usage: hx cpupool-destroy POOL");
	f = pool_arg(h, argv[1], &p, &n);
	if (!f)
		rc = 1; /* said why */
	else if (f->n_dom)
		hx_fail(h, "Can't destroy cpupool '%s': it has %u domain(s) (hx cpupool-migrate "
			"them first)", argv[1], f->n_dom);
	else if (f->cpus)
		hx_fail(h, "Can't destroy cpupool '%s': it still has CPUs (hx cpupool-cpu-remove "
			"%s all)", argv[1], argv[1]);
	else if (xctrl_cpupool_destroy(h->x, f->id) < 0)
		hx_fail(h, "Can't destroy cpupool '%s': %s", argv[1], xctrl_error(h->x));
	else
		rc = pool_set_name(h, f->id, NULL);
	pools_free(p, n);
	return rc;
}

/** hx_cmd_cpupool_rename - xl cpupool-rename POOL NEWNAME */
int hx_cmd_cpupool_rename(struct hx *h, int argc, char **argv)
{
	struct pool *p, *f;
	int n, rc = 1;

	if (argc != 3)
		return hx_fail(h, "usage: hx cpupool-rename POOL NEWNAME");
	f = pool_arg(h, argv[1], &p, &n);
	if (!f)
		rc = 1; /* said why */
	else if (pool_find(p, n, argv[2]))
		hx_fail(h, "Can't rename cpupool '%s': a pool named '%s' exists", argv[1], argv[2]);
	else if (!argv[2][0] || strchr(argv[2], '/') || strchr(argv[2], ' ') ||
		 (argv[2][0] >= '0' && argv[2][0] <= '9'))
		hx_fail(h, "Can't rename cpupool '%s': '%s' must be non-empty, without '/' or "
			"spaces, and not start with a digit", argv[1], argv[2]);
	else
		rc = pool_set_name(h, f->id, argv[2]);
	pools_free(p, n);
	return rc;
}

/* cpupool-cpu-add / -remove: check every CPU first, then change */
static int cpu_add_remove(struct hx *h, int argc, char **argv, bool add)
{
	struct pool *p, *f;
	unsigned int nr;
	uint64_t cpus, free_cpus = 0;
	char err[160], b1[128];
	int n, rc = 1;

	if (argc != 3)
		return hx_fail(h, "usage: hx %s POOL CPUS", h->cmd);
	if (nr_host_cpus(h, &nr) < 0)
		return 1;
	if (hx_cpulist_parse(argv[2], nr, &cpus, err, sizeof(err)) < 0)
		return hx_fail(h, "%s", err);
	f = pool_arg(h, argv[1], &p, &n);
	if (!f)
		goto out;
	if (add && xctrl_cpupool_freemap(h->x, &free_cpus) < 0) {
		hx_fail(h, "%s", xctrl_error(h->x));
		goto out;
	}
	for (unsigned c = 0; c < 64; c++) {
		if (!(cpus & (1ULL << c)))
			continue;
		if (add && !(free_cpus & (1ULL << c))) {
			struct pool *o = NULL;
			for (int i = 0; i < n; i++)
				if (p[i].cpus & (1ULL << c))
					o = &p[i];
			hx_fail(h, "CPU %u is not free%s%s%s: nothing added", c,
				o ? " (it is in cpupool '" : "", o ? o->name : "", o ? "')" : "");
			goto out;
		}
		if (!add && !(f->cpus & (1ULL << c))) {
			hx_fail(h, "CPU %u is not in cpupool '%s' (its CPUs: %s): nothing removed", c,
				argv[1], mask_str(f->cpus, b1, sizeof(b1)));
			goto out;
		}
	}
	if (!add && f->n_dom && !(f->cpus & ~cpus)) {
		hx_fail(h, "cannot remove the last CPU of cpupool '%s': it has %u domain(s) "
			"(hx cpupool-migrate them first): nothing removed", argv[1], f->n_dom);
		goto out;
	}
	for (unsigned c = 0; c < 64; c++) {
		if (!(cpus & (1ULL << c)))
			continue;
		if ((add ? xctrl_cpupool_addcpu(h->x, f->id, c) : xctrl_cpupool_rmcpu(h->x, f->id, c)) <
		    0) {
			hx_fail(h, "CPU %u: %s", c, xctrl_error(h->x));
			goto out;
		}
	}
	rc = 0;
out:
	pools_free(p, n);
	return rc;
}

/** hx_cmd_cpupool_cpu_add - xl cpupool-cpu-add POOL CPUS */
int hx_cmd_cpupool_cpu_add(struct hx *h, int argc, char **argv)
{
	return cpu_add_remove(h, argc, argv, true);
}

/** hx_cmd_cpupool_cpu_remove - xl cpupool-cpu-remove POOL CPUS */
int hx_cmd_cpupool_cpu_remove(struct hx *h, int argc, char **argv)
{
	return cpu_add_remove(h, argc, argv, false);
}

/** hx_cmd_cpupool_migrate - xl cpupool-migrate DOMAIN POOL */
int hx_cmd_cpupool_migrate(struct hx *h, int argc, char **argv)
{
	uint32_t id;
	int domid;

	if (argc != 3)
		return hx_fail(h, "usage: hx cpupool-migrate DOMAIN POOL");
	domid = hx_find_domain(h, argv[1]);
	if (domid < 0 || hx_pool_lookup(h, argv[2], &id) < 0)
		return 1;
	if (xctrl_cpupool_movedomain(h->x, id, (domid_t)domid) < 0)
		return hx_fail(h, "cannot move %s to cpupool '%s': %s", argv[1], argv[2],
			       xctrl_error(h->x));
	return 0;
}

/* --------------------------------------------------------- sched-credit2 */

/* The domains of pool @pool (getdomaininfo's cpupool); count or -1 */
static int pool_domains(struct hx *h, uint32_t pool, struct xen_domctl_getdomaininfo **out)
{
	struct xen_domctl_getdomaininfo *all;
	int n = hx_domain_list(h, &all), k = 0;

	if (n < 0)
		return -1;
	for (int i = 0; i < n; i++)
		if (all[i].cpupool == pool)
			all[k++] = all[i];
	*out = all;
	return k;
}

static int credit2_line(struct hx *h, unsigned int domid)
{
	struct xen_domctl_scheduler_op op = { .sched_id = XEN_SCHEDULER_CREDIT2,
					      .cmd = XEN_DOMCTL_SCHEDOP_getinfo };
	char *name;

	if (xctrl_sched_domain_op(h->x, (domid_t)domid, &op) < 0)
		return hx_fail(h, "%s (is d%u in a credit2 cpupool?)", xctrl_error(h->x), domid);
	name = hx_domain_name(h, domid);
	fprintf(h->out, "%-33s %4u %6u %4u\n", name ? name : "(null)", domid, op.u.credit2.weight,
		op.u.credit2.cap);
	free(name);
	return 0;
}

static int ratelimit_get(struct hx *h, uint32_t pool, unsigned int *us)
{
	struct xen_sysctl_scheduler_op op = { .cpupool_id = pool,
					      .sched_id = XEN_SCHEDULER_CREDIT2,
					      .cmd = XEN_SYSCTL_SCHEDOP_getinfo };
	int rc = xctrl_sched_pool_op(h->x, &op, NULL, 0);

	*us = op.u.sched_credit2.ratelimit_us;
	return rc;
}

static void credit2_pool_line(struct hx *h, const struct pool *p)
{
	unsigned int us;

	if (ratelimit_get(h, p->id, &us) < 0)
		fprintf(h->out, "Cpupool %s: [sched params unavailable]\n", p->name);
	else
		fprintf(h->out, "Cpupool %s: ratelimit=%uus\n", p->name, us);
}

/* List pools of scheduler @sched_id (or only @only), each with its domains */
static int sched_list(struct hx *h, uint32_t sched_id, const char *only,
		      void (*pool_line)(struct hx *h, const struct pool *p),
		      const char *header, int (*dom_line)(struct hx *h, unsigned int domid))
{
	struct pool *p, *sel = NULL;
	int n = pool_list(h, &p), rc = 0;

	if (n < 0)
		return 1;
	if (only && !(sel = pool_find(p, n, only))) {
		pools_free(p, n);
		return hx_fail(h, "unknown cpupool '%s'", only);
	}
	for (int i = 0; i < n && !rc; i++) {
		struct xen_domctl_getdomaininfo *d;
		int k;

		if (p[i].sched_id != sched_id || (sel && sel != &p[i]))
			continue;
		pool_line(h, &p[i]);
		fputs(header, h->out);
		k = pool_domains(h, p[i].id, &d);
		if (k < 0) {
			rc = 1;
			break;
		}
		for (int j = 0; j < k && !rc; j++)
			rc = dom_line(h, d[j].domain);
		free(d);
	}
	pools_free(p, n);
	return rc;
}

static bool opt_arg(int argc, char **argv, int *i, const char *s, const char *l, char **val)
{
	if (strcmp(argv[*i], s) && strcmp(argv[*i], l))
		return false;
	*val = *i + 1 < argc ? argv[++*i] : NULL;
	return true;
}

/** hx_cmd_sched_credit2 - xl sched-credit2 [-d DOM [-w W] [-c CAP]] [-s [-r US]] [-p POOL] */
int hx_cmd_sched_credit2(struct hx *h, int argc, char **argv)
{
	static const char header[] = "Name                                ID Weight  Cap\n";
	char *dom = NULL, *pool = NULL, *w = NULL, *c = NULL, *r = NULL, *v;
	bool opt_s = false;
	unsigned long long weight = 0, cap = 0, rl = 0;

	for (int i = 1; i < argc; i++) {
		if (opt_arg(argc, argv, &i, "-d", "--domain", &v))
			dom = v;
		else if (opt_arg(argc, argv, &i, "-w", "--weight", &v))
			w = v;
		else if (opt_arg(argc, argv, &i, "-c", "--cap", &v))
			c = v;
		else if (opt_arg(argc, argv, &i, "-r", "--ratelimit_us", &v))
			r = v;
		else if (opt_arg(argc, argv, &i, "-p", "--cpupool", &v))
			pool = v;
		else if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--schedparam"))
			opt_s = true;
		else
			return hx_fail(h, "usage: hx sched-credit2 [-d DOMAIN [-w WEIGHT] [-c CAP]] "
				       "[-s [-r RATELIMIT_US]] [-p POOL]");
		if (!v && argv[i][0] == '-' && strcmp(argv[i], "-s") && strcmp(argv[i], "--schedparam"))
			return hx_fail(h, "option %s needs a value", argv[i]);
		v = NULL;
	}
	if (pool && (dom || w || c))
		return hx_fail(h, "Specifying a cpupool is not allowed with other options.");
	if (!dom && (w || c))
		return hx_fail(h, "Must specify a domain.");
	if (w && (!hx_parse_uint(w, 65535, &weight) || !weight))
		return hx_fail(h, "weight '%s' out of range: valid weights are 1 to 65535", w);
	if (c && !hx_parse_uint(c, 100ULL * 128, &cap))
		return hx_fail(h, "cap '%s' out of range: percent of one CPU, 0 (no cap) to "
			       "100 * vCPUs", c);
	if (!hx_ctrl(h))
		return 1;
	if (opt_s) {
		uint32_t id = 0;
		struct xen_sysctl_scheduler_op op = { .sched_id = XEN_SCHEDULER_CREDIT2,
						      .cmd = XEN_SYSCTL_SCHEDOP_putinfo };
		struct pool one = { 0 };

		if (pool && hx_pool_lookup(h, pool, &id) < 0)
			return 1;
		if (!r) {
			one.id = id;
			one.name = hx_pool_name(h, id);
			credit2_pool_line(h, &one);
			free(one.name);
			return 0;
		}
		if (!hx_parse_uint(r, XEN_SYSCTL_SCHED_RATELIMIT_MAX, &rl) ||
		    (rl && rl < XEN_SYSCTL_SCHED_RATELIMIT_MIN))
			return hx_fail(h, "ratelimit '%s' out of range: 0 (off) or %u to %u us", r,
				       XEN_SYSCTL_SCHED_RATELIMIT_MIN, XEN_SYSCTL_SCHED_RATELIMIT_MAX);
		op.cpupool_id = id;
		op.u.sched_credit2.ratelimit_us = (uint32_t)rl;
		if (xctrl_sched_pool_op(h->x, &op, NULL, 0) < 0)
			return hx_fail(h, "%s (is the cpupool's scheduler credit2?)", xctrl_error(h->x));
		return 0;
	}
	if (!dom)
		return sched_list(h, XEN_SCHEDULER_CREDIT2, pool, credit2_pool_line, header,
				  credit2_line);
	{
		int domid = hx_find_domain(h, dom);
		struct xen_domctl_scheduler_op op = { .sched_id = XEN_SCHEDULER_CREDIT2,
						      .cmd = XEN_DOMCTL_SCHEDOP_getinfo };

		if (domid < 0)
			return 1;
		if (!w && !c) {
			fputs(header, h->out);
			return credit2_line(h, (unsigned int)domid);
		}
		if (xctrl_sched_domain_op(h->x, (domid_t)domid, &op) < 0)
			return hx_fail(h, "%s (is %s in a credit2 cpupool?)", xctrl_error(h->x), dom);
		op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
		if (w)
			op.u.credit2.weight = (uint16_t)weight;
		if (c)
			op.u.credit2.cap = (uint16_t)cap;
		if (xctrl_sched_domain_op(h->x, (domid_t)domid, &op) < 0)
			return hx_fail(h, "%s", xctrl_error(h->x));
	}
	return 0;
}

/* ------------------------------------------------------------ sched-rtds */

static int rtds_line(struct hx *h, unsigned int domid)
{
	struct xen_domctl_scheduler_op op = { .sched_id = XEN_SCHEDULER_RTDS,
					      .cmd = XEN_DOMCTL_SCHEDOP_getinfo };
	char *name;

	if (xctrl_sched_domain_op(h->x, (domid_t)domid, &op) < 0)
		return hx_fail(h, "%s (is d%u in an rtds cpupool?)", xctrl_error(h->x), domid);
	name = hx_domain_name(h, domid);
	fprintf(h->out, "%-33s %4u %9u %9u %10s\n", name ? name : "(null)", domid, op.u.rtds.period,
		op.u.rtds.budget, (op.u.rtds.flags & XEN_DOMCTL_SCHEDRT_extra) ? "yes" : "no");
	free(name);
	return 0;
}

static void rtds_pool_line(struct hx *h, const struct pool *p)
{
	fprintf(h->out, "Cpupool %s: sched=RTDS\n", p->name);
}

/* Print the per-vCPU parameters of @n vCPUs (@ids, or all when @ids NULL) */
static int rtds_vcpu_lines(struct hx *h, unsigned int domid, const uint32_t *ids, uint32_t n)
{
	struct xen_domctl_getdomaininfo info;
	struct xen_domctl_schedparam_vcpu *v;
	char *name;

	if (!ids) {
		if (xctrl_domain_info(h->x, (domid_t)domid, &info) < 0)
			return hx_fail(h, "%s", xctrl_error(h->x));
		n = info.max_vcpu_id + 1;
	}
	v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return hx_fail(h, "out of memory");
	for (uint32_t i = 0; i < n; i++)
		v[i].vcpuid = ids ? ids[i] : i;
	if (xctrl_sched_vcpu_op(h->x, (domid_t)domid, XEN_SCHEDULER_RTDS,
				XEN_DOMCTL_SCHEDOP_getvcpuinfo, v, n) < 0) {
		free(v);
		return hx_fail(h, "%s", xctrl_error(h->x));
	}
	name = hx_domain_name(h, domid);
	for (uint32_t i = 0; i < n; i++)
		fprintf(h->out, "%-33s %4u %4u %9u %9u %10s\n", name ? name : "(null)", domid,
			v[i].vcpuid, v[i].u.rtds.period, v[i].u.rtds.budget,
			(v[i].u.rtds.flags & XEN_DOMCTL_SCHEDRT_extra) ? "yes" : "no");
	free(name);
	free(v);
	return 0;
}

static int rtds_all_vcpu_lines(struct hx *h, unsigned int domid)
{
	return rtds_vcpu_lines(h, domid, NULL, 0);
}

#define RTDS_MAX_ARGS 64

/**
 * hx_cmd_sched_rtds - xl sched-rtds [-d DOM [-v VCPU|all [-p PERIOD -b BUDGET -e 0|1]...]]
 * [-c POOL]: periods and budgets in microseconds.
 */
int hx_cmd_sched_rtds(struct hx *h, int argc, char **argv)
{
	static const char header[] =
		"Name                                ID    Period    Budget  Extratime\n";
	static const char vheader[] =
		"Name                                ID VCPU    Period    Budget  Extratime\n";
	uint32_t vcpus[RTDS_MAX_ARGS], periods[RTDS_MAX_ARGS], budgets[RTDS_MAX_ARGS];
	bool extra[RTDS_MAX_ARGS], opt_all = false;
	unsigned int nv = 0, np = 0, nb = 0, ne = 0;
	char *dom = NULL, *pool = NULL, *v = NULL;
	unsigned long long n;
	int domid;

	for (int i = 1; i < argc; i++) {
		if (opt_arg(argc, argv, &i, "-d", "--domain", &v)) {
			dom = v;
		} else if (opt_arg(argc, argv, &i, "-c", "--cpupool", &v)) {
			pool = v;
		} else if (opt_arg(argc, argv, &i, "-v", "--vcpuid", &v)) {
			if (v && !strcmp(v, "all")) {
				opt_all = true;
			} else {
				if (!v || !hx_parse_uint(v, UINT32_MAX, &n) || nv == RTDS_MAX_ARGS)
					return hx_fail(h, "Invalid VCPU '%s'.", v ? v : "");
				vcpus[nv++] = (uint32_t)n;
			}
		} else if (opt_arg(argc, argv, &i, "-p", "--period", &v)) {
			if (!v || !hx_parse_uint(v, UINT32_MAX, &n) || np == RTDS_MAX_ARGS)
				return hx_fail(h, "Invalid period '%s' (microseconds).", v ? v : "");
			periods[np++] = (uint32_t)n;
		} else if (opt_arg(argc, argv, &i, "-b", "--budget", &v)) {
			if (!v || !hx_parse_uint(v, UINT32_MAX, &n) || nb == RTDS_MAX_ARGS)
				return hx_fail(h, "Invalid budget '%s' (microseconds).", v ? v : "");
			budgets[nb++] = (uint32_t)n;
		} else if (opt_arg(argc, argv, &i, "-e", "--extratime", &v)) {
			if (!v || (strcmp(v, "0") && strcmp(v, "1")) || ne == RTDS_MAX_ARGS)
				return hx_fail(h, "Invalid extratime.");
			extra[ne++] = v[0] == '1';
		} else {
			return hx_fail(h, "usage: hx sched-rtds [-d DOMAIN [-v VCPU|all [-p PERIOD "
				       "-b BUDGET -e 0|1]...]] [-c POOL]");
		}
		if (!v)
			return hx_fail(h, "option %s needs a value", argv[i]);
		v = NULL;
	}
	if (pool && (dom || np || nb || ne || nv || opt_all))
		return hx_fail(h, "Specifying a cpupool is not allowed with other options.");
	if (!dom && (np || nb || ne || nv))
		return hx_fail(h, "Missing parameters.");
	if (dom && !nv && !opt_all && (np || nb || ne))
		return hx_fail(h, "Must specify VCPU.");
	if (nv && opt_all)
		return hx_fail(h, "Incorrect VCPU IDs.");
	if ((np && nv > np) || (nb && nv > nb) || (ne && nv > ne) || np != nb || np != ne)
		return hx_fail(h, "Incorrect number of period, budget and extratime");
	for (unsigned int i = 0; i < np; i++)
		if (budgets[i] > periods[i])
			return hx_fail(h, "budget %u us is larger than period %u us: nothing changed",
				       budgets[i], periods[i]);
	if (!hx_ctrl(h))
		return 1;
	if (!dom)
		return opt_all ? sched_list(h, XEN_SCHEDULER_RTDS, pool, rtds_pool_line, vheader,
					    rtds_all_vcpu_lines)
			       : sched_list(h, XEN_SCHEDULER_RTDS, pool, rtds_pool_line, header,
					    rtds_line);
	domid = hx_find_domain(h, dom);
	if (domid < 0)
		return 1;
	if (!nv && !opt_all) {
		fputs(header, h->out);
		return rtds_line(h, (unsigned int)domid);
	}
	if (!np) {
		fputs(vheader, h->out);
		return rtds_vcpu_lines(h, (unsigned int)domid, opt_all ? NULL : vcpus, nv);
	}
	{
		struct xen_domctl_getdomaininfo info;
		struct xen_domctl_schedparam_vcpu *p;
		uint32_t count = nv;

		if (xctrl_domain_info(h->x, (domid_t)domid, &info) < 0)
			return hx_fail(h, "%s", xctrl_error(h->x));
		if (opt_all)
			count = info.max_vcpu_id + 1;
		for (unsigned int i = 0; i < nv; i++)
			if (vcpus[i] > info.max_vcpu_id)
				return hx_fail(h, "%s has no vCPU %u (vCPUs 0-%u): nothing changed", dom,
					       vcpus[i], info.max_vcpu_id);
		p = calloc(count, sizeof(*p));
		if (!p)
			return hx_fail(h, "out of memory");
		for (uint32_t i = 0; i < count; i++) {
			unsigned int k = opt_all ? 0 : i;
			p[i].vcpuid = opt_all ? i : vcpus[i];
			p[i].u.rtds.period = periods[k];
			p[i].u.rtds.budget = budgets[k];
			p[i].u.rtds.flags = extra[k] ? XEN_DOMCTL_SCHEDRT_extra : 0;
		}
		if (xctrl_sched_vcpu_op(h->x, (domid_t)domid, XEN_SCHEDULER_RTDS,
					XEN_DOMCTL_SCHEDOP_putvcpuinfo, p, count) < 0) {
			free(p);
			return hx_fail(h, "%s (RTDS needs 10 <= budget <= period, in an rtds "
				       "cpupool)", xctrl_error(h->x));
		}
		free(p);
	}
	return 0;
}

/* ------------------------------------------------------- sched-arinc653 */

static int a653_show(struct hx *h, uint32_t pool)
{
	struct xen_sysctl_arinc653_schedule *s = calloc(1, sizeof(*s));
	struct xen_sysctl_scheduler_op op = { .cpupool_id = pool,
					      .sched_id = XEN_SCHEDULER_ARINC653,
					      .cmd = XEN_SYSCTL_SCHEDOP_getinfo };
	struct xen_domctl_getdomaininfo *all;
	char *pname;
	int n;

	if (!s)
		return hx_fail(h, "out of memory");
	if (xctrl_sched_pool_op(h->x, &op, s, sizeof(*s)) < 0) {
		free(s);
		return hx_fail(h, "%s (is the cpupool's scheduler arinc653?)", xctrl_error(h->x));
	}
	n = hx_domain_list(h, &all);
	pname = hx_pool_name(h, pool);
	fprintf(h->out, "Cpupool %s: major frame %llu us, %u minor frame(s)\n", pname,
		(unsigned long long)(s->major_frame / 1000), s->num_sched_entries);
	fprintf(h->out, "%-33s %4s %4s %9s\n", "Name", "ID", "VCPU", "Runtime");
	for (unsigned int i = 0; i < s->num_sched_entries && i < 64; i++) {
		const struct xen_sysctl_arinc653_entry *e = &s->sched_entries[i];
		int domid = -1;
		char *name = NULL, vb[16];

		for (int k = 0; k < n; k++)
			if (!memcmp(all[k].handle, e->dom_handle, 16))
				domid = (int)all[k].domain;
		if (domid >= 0)
			name = hx_domain_name(h, (unsigned int)domid);
		if (e->vcpu_id == UINT32_MAX)
			snprintf(vb, sizeof(vb), "all");
		else
			snprintf(vb, sizeof(vb), "%u", e->vcpu_id);
		fprintf(h->out, "%-33s %4d %4s %9llu\n", name ? name : "(null)", domid, vb,
			(unsigned long long)(e->runtime / 1000));
		free(name);
	}
	free(pname);
	if (n >= 0)
		free(all);
	free(s);
	return 0;
}

/**
 * hx_cmd_sched_arinc653 - show, or set with -m MAJOR_US DOMAIN[:VCPU]=RUNTIME_US...,
 * the ARINC653 schedule of a pool (-p POOL, default Pool-0). A minor frame
 * without :VCPU runs every vCPU of the domain.
 */
int hx_cmd_sched_arinc653(struct hx *h, int argc, char **argv)
{
	struct xen_sysctl_arinc653_schedule *s;
	struct xen_sysctl_scheduler_op op = { .sched_id = XEN_SCHEDULER_ARINC653,
					      .cmd = XEN_SYSCTL_SCHEDOP_putinfo };
	unsigned long long major = 0, total = 0, n;
	char *pool = NULL, *m = NULL, *v = NULL;
	uint32_t id = 0;
	int i, rc = 1;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (opt_arg(argc, argv, &i, "-p", "--cpupool", &v))
			pool = v;
		else if (opt_arg(argc, argv, &i, "-m", "--major", &v))
			m = v;
		else
			v = NULL;
		if (!v)
			return hx_fail(h, "usage: hx sched-arinc653 [-p POOL] [-m MAJOR_FRAME_US "
				       "DOMAIN[:VCPU]=RUNTIME_US...]");
	}
	if (!hx_ctrl(h) || (pool && hx_pool_lookup(h, pool, &id) < 0))
		return 1;
	if (!m && i == argc)
		return a653_show(h, id);
	if (!m || i == argc)
		return hx_fail(h, "setting a schedule needs -m MAJOR_FRAME_US and at least one "
			       "DOMAIN[:VCPU]=RUNTIME_US");
	if (!hx_parse_uint(m, UINT64_MAX / 1000, &major) || !major)
		return hx_fail(h, "major frame '%s' is not a positive number of microseconds", m);
	if (argc - i > XEN_SYSCTL_ARINC653_MAX_DOMAINS_PER_SCHEDULE)
		return hx_fail(h, "at most %d minor frames", XEN_SYSCTL_ARINC653_MAX_DOMAINS_PER_SCHEDULE);
	s = calloc(1, sizeof(*s));
	if (!s)
		return hx_fail(h, "out of memory");
	for (int k = 0; i < argc; i++, k++) {
		struct xen_sysctl_arinc653_entry *e = &s->sched_entries[k];
		struct xen_domctl_getdomaininfo info;
		char *eq = strchr(argv[i], '='), *colon, dname[128];
		int domid;

		if (!eq || (size_t)(eq - argv[i]) >= sizeof(dname)) {
			hx_fail(h, "'%s' is not DOMAIN[:VCPU]=RUNTIME_US", argv[i]);
			goto out;
		}
		memcpy(dname, argv[i], (size_t)(eq - argv[i]));
		dname[eq - argv[i]] = '\0';
		e->vcpu_id = UINT32_MAX;
		colon = strchr(dname, ':');
		if (colon) {
			*colon = '\0';
			if (!hx_parse_uint(colon + 1, UINT32_MAX - 1, &n)) {
				hx_fail(h, "'%s': '%s' is not a vCPU number", argv[i], colon + 1);
				goto out;
			}
			e->vcpu_id = (uint32_t)n;
		}
		domid = hx_find_domain(h, dname);
		if (domid < 0 || xctrl_domain_info(h->x, (domid_t)domid, &info) < 0)
			goto out;
		if (colon && e->vcpu_id > info.max_vcpu_id) {
			hx_fail(h, "'%s': %s has no vCPU %u", argv[i], dname, e->vcpu_id);
			goto out;
		}
		if (!hx_parse_uint(eq + 1, UINT64_MAX / 1000, &n) || !n) {
			hx_fail(h, "'%s': the runtime must be a positive number of microseconds",
				argv[i]);
			goto out;
		}
		memcpy(e->dom_handle, info.handle, 16);
		e->runtime = n * 1000;
		total += n;
		s->num_sched_entries++;
	}
	if (total > major) {
		hx_fail(h, "the minor frames add up to %llu us, more than the major frame (%llu us): "
			"nothing changed", total, major);
		goto out;
	}
	s->major_frame = major * 1000;
	op.cpupool_id = id;
	if (xctrl_sched_pool_op(h->x, &op, s, sizeof(*s)) < 0) {
		hx_fail(h, "%s (is the cpupool's scheduler arinc653? do domains share a handle?)",
			xctrl_error(h->x));
		goto out;
	}
	rc = 0;
out:
	free(s);
	return rc;
}

/* -------------------------------------------------------------- vcpu-pin */

/** hx_cmd_vcpu_pin - xl vcpu-pin [-f] DOMAIN VCPU|all HARD [SOFT] (CPU lists, "-" = keep) */
int hx_cmd_vcpu_pin(struct hx *h, int argc, char **argv)
{
	struct xen_domctl_getdomaininfo info;
	struct xen_sysctl_cpupool_op pinfo;
	unsigned long long vc = 0;
	uint64_t hard = 0, soft = 0, pool_cpus;
	uint32_t flags = 0, lo, hi;
	unsigned int nr;
	char err[160], b1[128], b2[128], *pname;
	int a = 1, domid;

	if (argc > 1 && (!strcmp(argv[1], "-f") || !strcmp(argv[1], "--force")))
		a++; /* dom0 vCPU pinning is not persisted by hx: nothing to force */
	if (argc - a < 3 || argc - a > 4)
		return hx_fail(h, "usage: hx vcpu-pin [-f] DOMAIN VCPU|all HARD|-|all [SOFT|-|all]");
	if (nr_host_cpus(h, &nr) < 0)
		return 1;
	domid = hx_find_domain(h, argv[a]);
	if (domid < 0)
		return 1;
	if (xctrl_domain_info(h->x, (domid_t)domid, &info) < 0)
		return hx_fail(h, "%s", xctrl_error(h->x));
	if (!strcmp(argv[a + 1], "all")) {
		lo = 0;
		hi = info.max_vcpu_id;
	} else if (hx_parse_uint(argv[a + 1], info.max_vcpu_id, &vc)) {
		lo = hi = (uint32_t)vc;
	} else {
		return hx_fail(h, "%s has no vCPU '%s' (vCPUs 0-%u)", argv[a], argv[a + 1],
			       info.max_vcpu_id);
	}
	if (strcmp(argv[a + 2], "-")) {
		if (hx_cpulist_parse(argv[a + 2], nr, &hard, err, sizeof(err)) < 0)
			return hx_fail(h, "hard affinity: %s", err);
		flags |= XEN_VCPUAFFINITY_HARD;
	}
	if (argc - a == 4 && strcmp(argv[a + 3], "-")) {
		if (hx_cpulist_parse(argv[a + 3], nr, &soft, err, sizeof(err)) < 0)
			return hx_fail(h, "soft affinity: %s", err);
		flags |= XEN_VCPUAFFINITY_SOFT;
	}
	if (!flags)
		return 0;
	if (xctrl_cpupool_getinfo(h->x, info.cpupool, &pinfo, &pool_cpus) < 0)
		return hx_fail(h, "%s", xctrl_error(h->x));
	if ((flags & XEN_VCPUAFFINITY_HARD) && !(hard & pool_cpus)) {
		pname = hx_pool_name(h, info.cpupool);
		hx_fail(h, "CPUs %s are outside %s's cpupool '%s' (CPUs %s): nothing changed",
			mask_str(hard, b1, sizeof(b1)), argv[a], pname ? pname : "?",
			mask_str(pool_cpus, b2, sizeof(b2)));
		free(pname);
		return 1;
	}
	for (uint32_t v = lo; v <= hi; v++)
		if (xctrl_setvcpuaffinity(h->x, (domid_t)domid, v, flags, hard, soft) < 0)
			return hx_fail(h, "%s", xctrl_error(h->x));
	return 0;
}
