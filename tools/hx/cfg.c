/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg parser (syntax of Xen's libxlu, tools/libs/util/libxlu_cfg_y.y:
 * facts only). A hand-written scanner over the whole file:
 *
 *   file      := { statement }
 *   statement := KEY ('=' | '+=') value (';' | NEWLINE | EOF) | ';' | NEWLINE
 *   value     := NUMBER | STRING | '[' [ value { ',' value } [','] ] ']'
 *
 * KEY is [A-Za-z_][A-Za-z0-9_]*; a STRING is '...' or "..." with C escapes
 * (\n \t \\ \" \' \xHH); NUMBER is an unquoted atom such as 512 or 0x200.
 * Newlines inside a list do not end the statement. Every error names the
 * file, the line, the key and the problem; the first one stops the parse.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"

#define MAX_LIST 32
#define MAX_ATOM 4096

enum vtype { V_NUMBER, V_STRING, V_LIST };

struct value {
	enum vtype type;
	unsigned int count;        /* V_LIST: elements */
	char *items[MAX_LIST];     /* V_LIST elements, or [0] = the atom */
};

struct parser {
	const char *file, *p, *end;
	unsigned int line;
	char *err;
	size_t errlen;
	FILE *warn;
	bool failed;
};

static int perr(struct parser *ps, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parser *ps, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (ps->failed)
		return -1;
	ps->failed = true;
	n = snprintf(ps->err, ps->errlen, "%s:%u: ", ps->file, line);
	if (n < 0 || (size_t)n >= ps->errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(ps->err + n, ps->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static void pwarn(struct parser *ps, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void pwarn(struct parser *ps, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	if (!ps->warn)
		return;
	fprintf(ps->warn, "%s:%u: warning: ", ps->file, line);
	va_start(ap, fmt);
	vfprintf(ps->warn, fmt, ap);
	va_end(ap);
	fputc('\n', ps->warn);
}

/* Skip blanks and comments; newlines too when @nl */
static void skip_space(struct parser *ps, bool nl)
{
	while (ps->p < ps->end) {
		char c = *ps->p;

		if (c == '#') {
			while (ps->p < ps->end && *ps->p != '\n')
				ps->p++;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			ps->p++;
		} else if (c == '\n' && nl) {
			ps->line++;
			ps->p++;
		} else {
			break;
		}
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* A quoted string at ps->p (the quote itself); malloc'd result */
static char *scan_string(struct parser *ps, const char *key)
{
	char quote = *ps->p++, *out = malloc(MAX_ATOM);
	size_t n = 0;
	unsigned int start = ps->line;

	if (!out) {
		perr(ps, ps->line, "%s: out of memory", key);
		return NULL;
	}
	while (ps->p < ps->end && *ps->p != quote) {
		char c = *ps->p++;

		if (c == '\n') {
			free(out);
			perr(ps, start, "%s: string not closed before the end of the line", key);
			return NULL;
		}
		if (c == '\\' && ps->p < ps->end) {
			char e = *ps->p++;

			switch (e) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case '\\': case '"': case '\'': c = e; break;
			case 'x':
				if (ps->end - ps->p >= 2 && hexval(ps->p[0]) >= 0 && hexval(ps->p[1]) >= 0) {
					c = (char)(hexval(ps->p[0]) * 16 + hexval(ps->p[1]));
					ps->p += 2;
					break;
				}
				/* fall through */
			default:
				free(out);
				perr(ps, ps->line, "%s: unknown escape '\\%c' in string", key, e);
				return NULL;
			}
		}
		if (n + 1 >= MAX_ATOM) {
			free(out);
			perr(ps, start, "%s: string longer than %d bytes", key, MAX_ATOM - 1);
			return NULL;
		}
		out[n++] = c;
	}
	if (ps->p >= ps->end) {
		free(out);
		perr(ps, start, "%s: string not closed before the end of the file", key);
		return NULL;
	}
	ps->p++;
	out[n] = '\0';
	return out;
}

/* An unquoted atom (number-like word) */
static char *scan_atom(struct parser *ps, const char *key)
{
	const char *s = ps->p;
	char *out;

	while (ps->p < ps->end && (isalnum((unsigned char)*ps->p) || strchr("._-+", *ps->p)))
		ps->p++;
	if (ps->p == s) {
		if (ps->p >= ps->end || *ps->p == '\n' || *ps->p == ';')
			perr(ps, ps->line, "%s: missing value after '='", key);
		else
			perr(ps, ps->line, "%s: unexpected '%c' where a value should be", key,
			     *ps->p);
		return NULL;
	}
	out = strndup(s, (size_t)(ps->p - s));
	if (!out)
		perr(ps, ps->line, "%s: out of memory", key);
	return out;
}

static void value_free(struct value *v)
{
	unsigned int i;

	for (i = 0; i < v->count; i++)
		free(v->items[i]);
	v->count = 0;
}

static int scan_value(struct parser *ps, const char *key, struct value *v)
{
	char *item;

	memset(v, 0, sizeof(*v));
	skip_space(ps, false);
	if (ps->p < ps->end && *ps->p == '[') {
		unsigned int start = ps->line;

		ps->p++;
		v->type = V_LIST;
		for (;;) {
			skip_space(ps, true);
			if (ps->p >= ps->end)
				return perr(ps, start, "%s: list not closed with ']'", key);
			if (*ps->p == ']') {
				ps->p++;
				return 0;
			}
			item = (*ps->p == '"' || *ps->p == '\'') ? scan_string(ps, key)
								  : scan_atom(ps, key);
			if (!item)
				return -1;
			if (v->count == MAX_LIST) {
				free(item);
				return perr(ps, start, "%s: list longer than %d elements", key,
					    MAX_LIST);
			}
			v->items[v->count++] = item;
			skip_space(ps, true);
			if (ps->p < ps->end && *ps->p == ',')
				ps->p++;
			else if (ps->p < ps->end && *ps->p != ']')
				return perr(ps, ps->line, "%s: expected ',' or ']' in list", key);
		}
	}
	if (ps->p < ps->end && (*ps->p == '"' || *ps->p == '\'')) {
		v->type = V_STRING;
		item = scan_string(ps, key);
	} else {
		v->type = V_NUMBER;
		item = scan_atom(ps, key);
	}
	if (!item)
		return -1;
	v->items[0] = item;
	v->count = 1;
	return 0;
}

/* --------------------------------------------------------------- key types */

static const char *type_name(enum vtype t)
{
	return t == V_LIST ? "a list" : t == V_STRING ? "a string" : "a number";
}

static int want_string(struct parser *ps, unsigned int line, const char *key,
		       const struct value *v, char *dst, size_t size)
{
	if (v->type != V_STRING)
		return perr(ps, line, "%s: expected a quoted string, got %s", key,
			    type_name(v->type));
	if (strlen(v->items[0]) >= size)
		return perr(ps, line, "%s: longer than %zu characters", key, size - 1);
	strcpy(dst, v->items[0]);
	return 0;
}

/* A number, quoted or not (xl accepts both), within [lo, hi] */
static int want_number(struct parser *ps, unsigned int line, const char *key,
		       const struct value *v, unsigned long long lo, unsigned long long hi,
		       const char *unit, uint64_t *dst)
{
	unsigned long long n;
	char *end;

	if (v->type == V_LIST)
		return perr(ps, line, "%s: expected a number, got a list", key);
	errno = 0;
	n = strtoull(v->items[0], &end, 0);
	if (errno || end == v->items[0] || *end || v->items[0][0] == '-')
		return perr(ps, line, "%s: expected a number, got '%s'", key, v->items[0]);
	if (n < lo || n > hi)
		return perr(ps, line, "%s: %llu%s is out of range (%llu-%llu%s)", key, n, unit, lo,
			    hi, unit);
	*dst = n;
	return 0;
}

static const char *const action_names[] = {
	[HX_ACTION_DESTROY] = "destroy",
	[HX_ACTION_RESTART] = "restart",
	[HX_ACTION_RENAME_RESTART] = "rename-restart",
	[HX_ACTION_PRESERVE] = "preserve",
	[HX_ACTION_COREDUMP_DESTROY] = "coredump-destroy",
	[HX_ACTION_COREDUMP_RESTART] = "coredump-restart",
	[HX_ACTION_SOFT_RESET] = "soft-reset",
};

/** hx_action_name - the xl.cfg spelling of @a */
const char *hx_action_name(enum hx_action a)
{
	return (unsigned int)a < sizeof(action_names) / sizeof(action_names[0]) ? action_names[a]
										: "?";
}

static int want_action(struct parser *ps, unsigned int line, const char *key,
		       const struct value *v, enum hx_action *dst)
{
	size_t i;

	if (v->type != V_STRING)
		return perr(ps, line, "%s: expected a quoted string, got %s", key,
			    type_name(v->type));
	for (i = 0; i < sizeof(action_names) / sizeof(action_names[0]); i++) {
		if (!strcmp(v->items[0], action_names[i])) {
			*dst = (enum hx_action)i;
			return 0;
		}
	}
	return perr(ps, line,
		    "%s: unknown action '%s' (destroy, restart, rename-restart, preserve, "
		    "coredump-destroy, coredump-restart, soft-reset)",
		    key, v->items[0]);
}

static int parse_uuid(const char *s, uint8_t out[16])
{
	int i, hi, lo;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10) {
			if (*s++ != '-')
				return -1;
		}
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (lo < 0)
			return -1;
		out[i] = (uint8_t)(hi * 16 + lo);
		s += 2;
	}
	return *s ? -1 : 0;
}

/* Keys of xl.cfg that hx knows but does not implement: warned about, ignored */
static const char *const unsupported_keys[] = {
	"disk", "vif", "vfb", "vkb", "vtpm", "p9", "pvcalls", "channel", "usbctrl", "usbdev",
	"pci", "dtdev", "irqs", "iomem", "device_tree", "vuart", "cpus", "cpus_soft",
	"cpu_weight", "cap", "bootloader", "bootloader_args", "seclabel", "tee",
	"gic_version", "virtio", "vnuma", "max_grant_frames", "max_maptrack_frames",
	"max_event_channels", "e820_host", "nomigrate", "driver_domain", "on_watchdog",
	"on_soft_reset", "acpi", "passthrough", "xen_platform_pci", "serial", "builder",
};

struct seen {
	bool cmdline, extra, root;
	char extra_s[HX_CFG_CMDLINE_MAX], root_s[HX_CFG_CMDLINE_MAX];
	unsigned int memory_line, maxvcpus_line;
	bool maxmem, maxvcpus;
};

static int apply(struct parser *ps, struct hx_cfg *cfg, struct seen *sn, const char *key,
		 unsigned int line, const struct value *v)
{
	uint64_t n;
	size_t i;

	if (!strcmp(key, "name")) {
		if (want_string(ps, line, key, v, cfg->name, sizeof(cfg->name)) < 0)
			return -1;
		if (!cfg->name[0])
			return perr(ps, line, "name: must not be empty");
		if (strchr(cfg->name, '/') || isdigit((unsigned char)cfg->name[0]))
			return perr(ps, line,
				    "name: '%s' may not contain '/' nor start with a digit "
				    "(it would read as a domain id)",
				    cfg->name);
		return 0;
	}
	if (!strcmp(key, "memory")) {
		sn->memory_line = line;
		return want_number(ps, line, key, v, 1, 1ULL << 20, " MiB", &cfg->memory_mib);
	}
	if (!strcmp(key, "maxmem")) {
		sn->maxmem = true;
		return want_number(ps, line, key, v, 1, 1ULL << 20, " MiB", &cfg->maxmem_mib);
	}
	if (!strcmp(key, "vcpus") || !strcmp(key, "maxvcpus")) {
		if (want_number(ps, line, key, v, 1, HX_CFG_MAX_VCPUS, "", &n) < 0)
			return -1;
		if (key[0] == 'v') {
			cfg->vcpus = (uint32_t)n;
		} else {
			cfg->maxvcpus = (uint32_t)n;
			sn->maxvcpus = true;
			sn->maxvcpus_line = line;
		}
		return 0;
	}
	if (!strcmp(key, "kernel"))
		return want_string(ps, line, key, v, cfg->kernel, sizeof(cfg->kernel));
	if (!strcmp(key, "ramdisk"))
		return want_string(ps, line, key, v, cfg->ramdisk, sizeof(cfg->ramdisk));
	if (!strcmp(key, "cmdline")) {
		sn->cmdline = true;
		return want_string(ps, line, key, v, cfg->cmdline, sizeof(cfg->cmdline));
	}
	if (!strcmp(key, "extra")) {
		sn->extra = true;
		return want_string(ps, line, key, v, sn->extra_s, sizeof(sn->extra_s));
	}
	if (!strcmp(key, "root")) {
		sn->root = true;
		return want_string(ps, line, key, v, sn->root_s, sizeof(sn->root_s));
	}
	if (!strcmp(key, "on_poweroff"))
		return want_action(ps, line, key, v, &cfg->on_poweroff);
	if (!strcmp(key, "on_reboot"))
		return want_action(ps, line, key, v, &cfg->on_reboot);
	if (!strcmp(key, "on_crash"))
		return want_action(ps, line, key, v, &cfg->on_crash);
	if (!strcmp(key, "uuid")) {
		char buf[40];

		if (want_string(ps, line, key, v, buf, sizeof(buf)) < 0)
			return -1;
		if (parse_uuid(buf, cfg->uuid) < 0)
			return perr(ps, line, "uuid: '%s' is not of the form "
				    "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx", buf);
		cfg->has_uuid = true;
		return 0;
	}
	if (!strcmp(key, "pool")) {
		if (want_string(ps, line, key, v, cfg->pool, sizeof(cfg->pool)) < 0)
			return -1;
		if (!cfg->pool[0])
			return perr(ps, line, "pool: must not be empty");
		return 0;
	}
	if (!strcmp(key, "type")) {
		char buf[16];

		if (want_string(ps, line, key, v, buf, sizeof(buf)) < 0)
			return -1;
		if (strcmp(buf, "pvh"))
			return perr(ps, line, "type: '%s' is not available on Arm (only \"pvh\")",
				    buf);
		return 0;
	}
	for (i = 0; i < sizeof(unsupported_keys) / sizeof(unsupported_keys[0]); i++) {
		if (!strcmp(key, unsupported_keys[i])) {
			pwarn(ps, line, "%s: not supported by hx, ignored", key);
			return 0;
		}
	}
	pwarn(ps, line, "%s: unknown key, ignored", key);
	return 0;
}

typedef int (*apply_fn)(struct parser *ps, void *ctx, const char *key, unsigned int line,
			const struct value *v);

/* Every `KEY = VALUE` statement of the text, handed to @fn; 0 or -1 */
static int parse_statements(struct parser *ps, apply_fn fn, void *ctx)
{
	for (;;) {
		char key[64];
		const char *k;
		struct value v;
		unsigned int line;
		size_t n;
		int rc;

		skip_space(ps, true);
		if (ps->p >= ps->end)
			return 0;
		if (*ps->p == ';') {
			ps->p++;
			continue;
		}
		line = ps->line;
		k = ps->p;
		if (!isalpha((unsigned char)*k) && *k != '_')
			return perr(ps, line, "syntax error: expected a key, found '%c'", *k);
		while (ps->p < ps->end && (isalnum((unsigned char)*ps->p) || *ps->p == '_'))
			ps->p++;
		n = (size_t)(ps->p - k);
		if (n >= sizeof(key))
			return perr(ps, line, "syntax error: key '%.20s...' is too long", k);
		memcpy(key, k, n);
		key[n] = '\0';
		skip_space(ps, false);
		if (ps->end - ps->p >= 2 && ps->p[0] == '+' && ps->p[1] == '=')
			return perr(ps, line, "%s: '+=' is not supported by hx", key);
		if (ps->p >= ps->end || *ps->p != '=')
			return perr(ps, line, "syntax error: expected '=' after '%s'", key);
		ps->p++;
		if (scan_value(ps, key, &v) < 0) {
			value_free(&v); /* a list may be half-read */
			return -1;
		}
		rc = fn(ps, ctx, key, line, &v);
		value_free(&v);
		if (rc < 0)
			return -1;
		skip_space(ps, false);
		if (ps->p < ps->end && *ps->p != '\n' && *ps->p != ';')
			return perr(ps, ps->line, "%s: unexpected '%c' after the value (missing ';' or "
				    "newline?)", key, *ps->p);
	}
}

struct domain_ctx {
	struct hx_cfg *cfg;
	struct seen *sn;
};

static int apply_domain(struct parser *ps, void *ctx, const char *key, unsigned int line,
			const struct value *v)
{
	struct domain_ctx *dc = ctx;

	return apply(ps, dc->cfg, dc->sn, key, line, v);
}

/** hx_cfg_parse - parse a whole configuration text */
int hx_cfg_parse(struct hx_cfg *cfg, const char *file, const char *text, size_t len, char *err,
		 size_t errlen, FILE *warn)
{
	struct parser ps = { .file = file, .p = text, .end = text + len, .line = 1, .err = err,
			     .errlen = errlen, .warn = warn };
	struct seen *sn = calloc(1, sizeof(*sn));
	struct domain_ctx dc = { cfg, sn };
	int rc = -1;

	if (!sn) {
		snprintf(err, errlen, "%s: out of memory", file);
		return -1;
	}
	memset(cfg, 0, sizeof(*cfg));
	cfg->memory_mib = 128;
	cfg->vcpus = 1;
	cfg->on_poweroff = HX_ACTION_DESTROY;
	cfg->on_reboot = HX_ACTION_RESTART;
	cfg->on_crash = HX_ACTION_DESTROY;
	err[0] = '\0';

	if (parse_statements(&ps, apply_domain, &dc) < 0)
		goto out;

	/* Whole-file checks */
	if (!cfg->name[0]) {
		snprintf(err, errlen, "%s: name: missing (every domain needs a name)", file);
		goto out;
	}
	if (!cfg->kernel[0]) {
		snprintf(err, errlen, "%s: kernel: missing (path of the guest's kernel image)", file);
		goto out;
	}
	if (!sn->maxmem)
		cfg->maxmem_mib = cfg->memory_mib;
	else if (cfg->maxmem_mib < cfg->memory_mib) {
		snprintf(err, errlen, "%s:%u: memory: %llu MiB is more than maxmem (%llu MiB)", file,
			 sn->memory_line, (unsigned long long)cfg->memory_mib,
			 (unsigned long long)cfg->maxmem_mib);
		goto out;
	}
	if (!sn->maxvcpus)
		cfg->maxvcpus = cfg->vcpus;
	else if (cfg->maxvcpus < cfg->vcpus) {
		snprintf(err, errlen, "%s:%u: maxvcpus: %u is less than vcpus (%u)", file,
			 sn->maxvcpus_line, cfg->maxvcpus, cfg->vcpus);
		goto out;
	}
	if (!sn->cmdline) {
		/* xl: cmdline wins; otherwise "root=ROOT EXTRA" */
		int w = 0;

		if (sn->root)
			w = snprintf(cfg->cmdline, sizeof(cfg->cmdline), "root=%s%s%s", sn->root_s,
				     sn->extra ? " " : "", sn->extra ? sn->extra_s : "");
		else if (sn->extra)
			w = snprintf(cfg->cmdline, sizeof(cfg->cmdline), "%s", sn->extra_s);
		if (w < 0 || (size_t)w >= sizeof(cfg->cmdline)) {
			snprintf(err, errlen, "%s: extra: command line longer than %d bytes", file,
				 HX_CFG_CMDLINE_MAX - 1);
			goto out;
		}
	} else if (warn && (sn->extra || sn->root)) {
		fprintf(warn, "%s: warning: cmdline is set, so root and extra are ignored\n", file);
	}
	rc = 0;
out:
	free(sn);
	return rc;
}

/** hx_cfg_load - read @path and parse it */
int hx_cfg_load(struct hx_cfg *cfg, const char *path, char *err, size_t errlen, FILE *warn)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t len;
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	text = malloc(1 << 20);
	if (!text) {
		fclose(f);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	len = fread(text, 1, 1 << 20, f);
	if (ferror(f) || len == 1 << 20) {
		snprintf(err, errlen, "%s: %s", path, ferror(f) ? strerror(errno) : "larger than 1 MiB");
		fclose(f);
		free(text);
		return -1;
	}
	fclose(f);
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "%s: contains a NUL byte (not a text file?)", path);
		free(text);
		return -1;
	}
	rc = hx_cfg_parse(cfg, path, text, len, err, errlen, warn);
	free(text);
	return rc;
}

/* ------------------------------------------------------------- CPU lists */

/** hx_cpulist_parse - xl's "all", "N", "N-M", "^N[-M]" comma list */
int hx_cpulist_parse(const char *s, unsigned int nr_cpus, uint64_t *out, char *err,
		     size_t errlen)
{
	uint64_t all = nr_cpus >= 64 ? ~0ULL : (1ULL << nr_cpus) - 1, m = 0;
	const char *p = s;

	if (!*s) {
		snprintf(err, errlen, "empty CPU list");
		return -1;
	}
	while (*p) {
		bool neg = *p == '^';
		unsigned long lo, hi;
		char *end;

		if (neg)
			p++;
		if (!strncmp(p, "all", 3) && (p[3] == ',' || !p[3])) {
			m = neg ? 0 : all;
			p += 3;
		} else {
			if (!isdigit((unsigned char)*p))
				goto bad;
			lo = hi = strtoul(p, &end, 10);
			p = end;
			if (*p == '-') {
				if (!isdigit((unsigned char)p[1]))
					goto bad;
				hi = strtoul(p + 1, &end, 10);
				p = end;
			}
			if (lo > hi || hi >= nr_cpus || hi >= 64) {
				snprintf(err, errlen, "CPU range %lu-%lu not within 0-%u", lo, hi,
					 nr_cpus - 1);
				return -1;
			}
			for (unsigned long c = lo; c <= hi; c++) {
				if (neg)
					m &= ~(1ULL << c);
				else
					m |= 1ULL << c;
			}
		}
		if (*p == ',')
			p++;
		else if (*p)
			goto bad;
	}
	*out = m;
	return 0;
bad:
	snprintf(err, errlen, "'%s' is not a CPU list (like all, 0-3, 0,2 or ^1)", s);
	return -1;
}

/* --------------------------------------------------- cpupool configuration */

static int apply_pool(struct parser *ps, void *ctx, const char *key, unsigned int line,
		      const struct value *v)
{
	struct hx_pool_cfg *pc = ctx;
	char msg[160];

	if (!strcmp(key, "name")) {
		if (want_string(ps, line, key, v, pc->name, sizeof(pc->name)) < 0)
			return -1;
		if (!pc->name[0] || strchr(pc->name, '/') || isdigit((unsigned char)pc->name[0]))
			return perr(ps, line, "name: '%s' must be non-empty, without '/', and not "
				    "start with a digit (it would read as a pool id)", pc->name);
		return 0;
	}
	if (!strcmp(key, "sched"))
		return want_string(ps, line, key, v, pc->sched, sizeof(pc->sched));
	if (!strcmp(key, "cpus")) {
		pc->cpus = 0;
		if (v->type != V_LIST) {
			if (hx_cpulist_parse(v->items[0], 64, &pc->cpus, msg, sizeof(msg)) < 0)
				return perr(ps, line, "cpus: %s", msg);
			return 0;
		}
		for (unsigned int i = 0; i < v->count; i++) {
			uint64_t one;
			if (hx_cpulist_parse(v->items[i], 64, &one, msg, sizeof(msg)) < 0)
				return perr(ps, line, "cpus: %s", msg);
			pc->cpus |= one;
		}
		return 0;
	}
	if (!strcmp(key, "nodes")) {
		pwarn(ps, line, "nodes: not supported by hx (one NUMA node), ignored");
		return 0;
	}
	pwarn(ps, line, "%s: unknown key, ignored", key);
	return 0;
}

/** hx_pool_cfg_parse - parse an `xl cpupool-create` configuration */
int hx_pool_cfg_parse(struct hx_pool_cfg *pc, const char *file, const char *text, size_t len,
		      char *err, size_t errlen, FILE *warn)
{
	struct parser ps = { .file = file, .p = text, .end = text + len, .line = 1, .err = err,
			     .errlen = errlen, .warn = warn };

	memset(pc, 0, sizeof(*pc));
	err[0] = '\0';
	return parse_statements(&ps, apply_pool, pc);
}
