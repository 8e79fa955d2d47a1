/* SPDX-License-Identifier: MIT */
/*
 * hx trace: the hypervisor's trace buffers (XEN_SYSCTL_tbuf_op), as Xen's
 * xentrace / xentrace_setmask do it.
 *
 *   hx trace start [-e CLASSES] [-c CPUS] [-s PAGES]   allocate (once) and enable
 *   hx trace stop                                      disable
 *   hx trace record FILE [-T SECONDS] [-W MS] [-e ..] [-c ..] [-s ..]
 *                         enable, drain every CPU's buffer into FILE in
 *                         xentrace's format until SECONDS passed (or
 *                         SIGINT/SIGTERM), disable, drain once more; between
 *                         drains wait for VIRQ_TBUF at most MS (200) ms
 *   hx trace --summary FILE [--cpu-hz HZ]              built-in summary
 *
 * The buffers are mapped as DOMID_XEN foreign pages: the t_info pages
 * read-only, each CPU's buffer read/write (the reader moves t_buf.cons).
 * Buffers, once allocated, keep their size until the host reboots. While
 * recording, hx waits for VIRQ_TBUF (a buffer reached half full) or -W ms
 * (200), as xentrace; without /dev/xen/evtchn it drains every 50 ms.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <xevtchn.h>
#include <xfmem.h>

#include "hx.h"
#include "tracefile.h"

#define TRACE_PAGE 4096u
#define DEFAULT_PAGES 32u

struct trace_opts {
	const char *file;
	uint32_t evt_mask;
	uint64_t cpus;
	unsigned pages;
	double seconds, cpu_hz;
	unsigned poll_ms; /* longest wait for VIRQ_TBUF between drains (0: default) */
	bool has_evt, has_cpus, has_pages;
};

#define DEFAULT_POLL_MS 200u

static const char usage[] =
	"usage: hx trace start [-e CLASSES] [-c CPUS] [-s PAGES] | stop |\n"
	"       record FILE [-T SECONDS] [-W MS] [-e CLASSES] [-c CPUS] [-s PAGES] |\n"
	"       --summary FILE [--cpu-hz HZ]\n"
	"CLASSES: comma-separated gen,sched,dom0op,hvm,mem,pv,hw,guest,all or a mask;\n"
	"CPUS: all or a list like 0,2-3";

/* "all" or "0,2-3" -> mask of the first 64 CPUs */
static bool parse_cpus(const char *s, uint64_t *out)
{
	uint64_t m = 0;

	if (!strcmp(s, "all")) {
		*out = ~0ULL;
		return true;
	}
	while (*s) {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b = a;
		if (end == s || a > 63)
			return false;
		if (*end == '-') {
			s = end + 1;
			b = strtoul(s, &end, 10);
			if (end == s || b > 63 || b < a)
				return false;
		}
		for (unsigned long i = a; i <= b; i++)
			m |= 1ULL << i;
		if (*end == ',')
			end++;
		else if (*end)
			return false;
		s = end;
	}
	if (!m)
		return false;
	*out = m;
	return true;
}

static int parse_opts(struct hx *h, int argc, char **argv, int first, bool want_file,
		      struct trace_opts *o)
{
	for (int i = first; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		unsigned long long n;
		char *end;

		if (a[0] != '-') {
			if (!want_file || o->file)
				return hx_fail(h, "unexpected argument '%s'\n%s", a, usage);
			o->file = a;
			continue;
		}
		if (!v)
			return hx_fail(h, "option %s needs a value\n%s", a, usage);
		i++;
		if (!strcmp(a, "-e")) {
			if (tracefile_parse_classes(v, &o->evt_mask))
				return hx_fail(h, "-e %s: not a list of event classes (gen, sched, dom0op, hvm, mem, pv, hw, guest, all) or a mask", v);
			o->has_evt = true;
		} else if (!strcmp(a, "-c")) {
			if (!parse_cpus(v, &o->cpus))
				return hx_fail(h, "-c %s: not a CPU list (all, or e.g. 0,2-3)", v);
			o->has_cpus = true;
		} else if (!strcmp(a, "-s")) {
			if (!hx_parse_uint(v, 65535, &n) || !n)
				return hx_fail(h, "-s %s: pages per CPU must be 1..65535", v);
			o->pages = (unsigned)n;
			o->has_pages = true;
		} else if (!strcmp(a, "-W") && want_file) {
			if (!hx_parse_uint(v, 60000, &n) || !n)
				return hx_fail(h, "-W %s: milliseconds must be 1..60000", v);
			o->poll_ms = (unsigned)n;
		} else if (!strcmp(a, "-T") && want_file) {
			o->seconds = strtod(v, &end);
			if (*end || !(o->seconds > 0) || o->seconds > 86400)
				return hx_fail(h, "-T %s: seconds must be a number in (0, 86400]", v);
		} else {
			return hx_fail(h, "unknown option '%s'\n%s", a, usage);
		}
	}
	if (want_file && !o->file)
		return hx_fail(h, "record needs a FILE\n%s", usage);
	return 0;
}

/* Allocate (if needed) and set the masks. */
static int prepare(struct hx *h, struct xctrl *x, const struct trace_opts *o)
{
	struct xen_sysctl_tbuf_op op = { 0 };
	int rc;

	op.size = o->has_pages ? o->pages : DEFAULT_PAGES;
	rc = xctrl_tbuf_op(x, XEN_SYSCTL_TBUFOP_set_size, &op);
	/* Buffers are allocated once: -EBUSY (same size) and -EINVAL (another
	 * size) both mean they exist, as xentrace treats it. */
	if (rc == -EINVAL && o->has_pages)
		hx_warn(h, "trace buffers already exist with another size; keeping them");
	else if (rc < 0 && rc != -EBUSY && rc != -EINVAL)
		return hx_fail(h, "%s", xctrl_error(x));
	if (o->has_evt) {
		op.evt_mask = o->evt_mask;
		if (xctrl_tbuf_op(x, XEN_SYSCTL_TBUFOP_set_evt_mask, &op) < 0)
			return hx_fail(h, "%s", xctrl_error(x));
	}
	if (o->has_cpus && xctrl_tbuf_set_cpu_mask(x, o->cpus) < 0)
		return hx_fail(h, "%s", xctrl_error(x));
	return 0;
}

static int enable(struct hx *h, struct xctrl *x)
{
	struct xen_sysctl_tbuf_op op = { 0 };

	if (xctrl_tbuf_op(x, XEN_SYSCTL_TBUFOP_enable, &op) < 0)
		return hx_fail(h, "%s", xctrl_error(x));
	return 0;
}

static int disable(struct hx *h, struct xctrl *x)
{
	struct xen_sysctl_tbuf_op op = { 0 };

	if (xctrl_tbuf_op(x, XEN_SYSCTL_TBUFOP_disable, &op) < 0)
		return hx_fail(h, "%s", xctrl_error(x));
	return 0;
}

/* ------------------------------------------------------------------ record */

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct mapped {
	struct xfmem *fm;
	const struct t_info *tinfo;
	size_t tinfo_pages, buf_pages;
	unsigned ncpus;
	struct t_buf *buf[64];
};

static void unmap_all(struct mapped *m)
{
	for (unsigned c = 0; c < m->ncpus; c++)
		if (m->buf[c])
			xfmem_unmap(m->fm, m->buf[c], m->buf_pages);
	if (m->tinfo)
		xfmem_unmap(m->fm, (void *)m->tinfo, m->tinfo_pages);
	if (m->fm)
		xfmem_close(m->fm);
}

static int map_all(struct hx *h, struct xctrl *x, struct mapped *m)
{
	struct xen_sysctl_tbuf_op op = { 0 };
	struct xen_sysctl_physinfo pi;
	uint64_t *frames;
	size_t words;
	int rc = 0;

	if (xctrl_tbuf_op(x, XEN_SYSCTL_TBUFOP_get_info, &op) < 0 ||
	    xctrl_physinfo(x, &pi) < 0)
		return hx_fail(h, "%s", xctrl_error(x));
	if (!op.buffer_mfn || !op.size)
		return hx_fail(h, "the hypervisor has no trace buffers");
	m->tinfo_pages = (op.size + TRACE_PAGE - 1) / TRACE_PAGE;
	m->ncpus = pi.max_cpu_id + 1 > 64 ? 64 : pi.max_cpu_id + 1;
	if (m->tinfo_pages > 1024)
		return hx_fail(h, "trace metadata of %zu pages: too large", m->tinfo_pages);
	frames = calloc(65536, sizeof(*frames));
	if (!frames)
		return hx_fail(h, "out of memory");
	m->fm = xfmem_open();
	if (!m->fm) {
		free(frames);
		return hx_fail(h, "cannot open /dev/xen/privcmd: %s", strerror(errno));
	}
	for (size_t i = 0; i < m->tinfo_pages; i++)
		frames[i] = op.buffer_mfn + i;
	m->tinfo = xfmem_map(m->fm, DOMID_XEN, PROT_READ, m->tinfo_pages, frames, NULL);
	if (!m->tinfo) {
		rc = hx_fail(h, "cannot map the trace metadata (frame %#llx): %s",
			     (unsigned long long)op.buffer_mfn, strerror(errno));
		goto out;
	}
	m->buf_pages = m->tinfo->tbuf_size;
	words = m->tinfo_pages * TRACE_PAGE / 4;
	if (!m->buf_pages) {
		rc = hx_fail(h, "trace metadata says 0 pages per CPU");
		goto out;
	}
	for (unsigned c = 0; c < m->ncpus; c++) {
		uint16_t off = m->tinfo->mfn_offset[c];
		const uint32_t *list = (const uint32_t *)m->tinfo + off;

		if (!off)
			continue; /* no buffer for this CPU (offline) */
		if (off + m->buf_pages > words) {
			rc = hx_fail(h, "trace metadata: CPU%u's frame list is outside it", c);
			goto out;
		}
		for (size_t i = 0; i < m->buf_pages; i++)
			frames[i] = list[i];
		m->buf[c] = xfmem_map(m->fm, DOMID_XEN, PROT_READ | PROT_WRITE, m->buf_pages,
				      frames, NULL);
		if (!m->buf[c]) {
			rc = hx_fail(h, "cannot map CPU%u's trace buffer: %s", c, strerror(errno));
			goto out;
		}
	}
out:
	free(frames);
	return rc;
}

static int drain_all(struct hx *h, struct mapped *m, FILE *f, uint64_t *bytes)
{
	uint32_t data_size = (uint32_t)(m->buf_pages * TRACE_PAGE - sizeof(struct t_buf));

	for (unsigned c = 0; c < m->ncpus; c++) {
		long n;
		if (!m->buf[c])
			continue;
		n = tracefile_drain(f, c, m->buf[c], data_size);
		if (n < 0)
			return hx_fail(h, "CPU%u: %s", c,
				       errno == EIO ? "inconsistent buffer indexes" : strerror(errno));
		bytes[c] += (uint64_t)n;
	}
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The CPU time each domain used between two hx_domain_list() snapshots */
static void print_domain_times(struct hx *h, const struct xen_domctl_getdomaininfo *a, int na,
			       const struct xen_domctl_getdomaininfo *b, int nb)
{
	fprintf(h->out, "CPU time per domain during the recording (as hx list counts it):\n");
	for (int j = 0; j < nb; j++)
		for (int i = 0; i < na; i++)
			if (a[i].domain == b[j].domain)
				fprintf(h->out, "  d%-7u %12.6f s\n", b[j].domain,
					(double)(b[j].cpu_time - a[i].cpu_time) / 1e9);
}

static int record(struct hx *h, struct xctrl *x, const struct trace_opts *o)
{
	struct xen_domctl_getdomaininfo *before = NULL, *after = NULL;
	struct mapped m = { 0 };
	uint64_t bytes[64] = { 0 }, total = 0;
	struct sigaction sa = { 0 };
	int nbefore = -1, nafter = -1;
	unsigned wakeups = 0;
	FILE *f;
	double t0;
	int rc;

	f = fopen(o->file, "wb");
	if (!f)
		return hx_fail(h, "cannot create %s: %s", o->file, strerror(errno));
	rc = prepare(h, x, o);
	if (!rc)
		rc = map_all(h, x, &m);
	if (!rc && (nbefore = hx_domain_list(h, &before)) < 0)
		rc = 1;
	if (!rc)
		rc = enable(h, x);
	if (rc) {
		fclose(f);
		unmap_all(&m);
		free(before);
		return rc;
	}
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	t0 = now_s();
	struct xevtchn *tbuf = xevtchn_open();
	int tbuf_port = tbuf ? xevtchn_bind_virq(tbuf, VIRQ_TBUF) : -ENODEV;

	while (!interrupted && !(o->seconds > 0 && now_s() - t0 >= o->seconds)) {
		rc = drain_all(h, &m, f, bytes);
		if (rc)
			break;
		if (tbuf_port >= 0) {
			struct pollfd pfd = { .fd = xevtchn_fd(tbuf), .events = POLLIN };

			if (poll(&pfd, 1, (int)(o->poll_ms ? o->poll_ms : DEFAULT_POLL_MS)) > 0 &&
			    xevtchn_pending(tbuf) >= 0) {
				xevtchn_unmask(tbuf, (uint32_t)tbuf_port);
				wakeups++;
			}
		} else {
			struct timespec nap = { 0, 50 * 1000 * 1000 };
			nanosleep(&nap, NULL);
		}
	}
	if (tbuf)
		xevtchn_close(tbuf);
	/* As xentrace: stop the hypervisor, then take what is left. */
	if (disable(h, x) && !rc)
		rc = 1;
	nafter = hx_domain_list(h, &after);
	if (!rc)
		rc = drain_all(h, &m, f, bytes);
	if (fclose(f) && !rc)
		rc = hx_fail(h, "writing %s: %s", o->file, strerror(errno));
	unmap_all(&m);
	if (!rc) {
		for (unsigned c = 0; c < 64; c++)
			total += bytes[c];
		fprintf(h->out, "hx trace: %llu bytes of records in %.1f s written to %s\n",
			(unsigned long long)total, now_s() - t0, o->file);
		if (tbuf_port >= 0)
			fprintf(h->out, "hx trace: woken %u times by VIRQ_TBUF (a buffer half full)\n",
				wakeups);
		else
			fprintf(h->out, "hx trace: no VIRQ_TBUF (%s): drained every 50 ms\n",
				strerror(-tbuf_port));
		if (nafter >= 0)
			print_domain_times(h, before, nbefore, after, nafter);
	}
	free(before);
	free(after);
	return rc;
}

/* ----------------------------------------------------------------- summary */

static int summary(struct hx *h, int argc, char **argv)
{
	const char *file = NULL;
	double hz = 0;
	FILE *f;
	int rc;

	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--cpu-hz") && i + 1 < argc) {
			char *end;
			hz = strtod(argv[++i], &end);
			if (*end || !(hz >= 1))
				return hx_fail(h, "--cpu-hz %s: not a frequency in Hz", argv[i]);
		} else if (argv[i][0] != '-' && !file) {
			file = argv[i];
		} else {
			return hx_fail(h, "%s", usage);
		}
	}
	if (!file)
		return hx_fail(h, "--summary needs a FILE\n%s", usage);
	if (!hz) {
		/* The timestamps count the hypervisor's counter (CNTPCT) */
		struct xen_sysctl_physinfo pi;
		struct xctrl *x = hx_ctrl(h);
		if (!x)
			return hx_fail(h, "give --cpu-hz HZ (the trace's counter rate) off dom0");
		if (xctrl_physinfo(x, &pi) < 0)
			return hx_fail(h, "%s", xctrl_error(x));
		hz = pi.cpu_khz * 1000.0;
	}
	f = fopen(file, "rb");
	if (!f)
		return hx_fail(h, "cannot open %s: %s", file, strerror(errno));
	rc = tracefile_summary(f, hz, h->out, h->err);
	fclose(f);
	return rc ? hx_fail(h, "%s is not a readable trace file", file) : 0;
}

int hx_cmd_trace(struct hx *h, int argc, char **argv)
{
	struct trace_opts o = { 0 };
	struct xctrl *x;
	const char *sub = argc > 1 ? argv[1] : "";

	if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
		fprintf(h->out, "%s\n", usage);
		return 0;
	}
	if (!strcmp(sub, "--summary"))
		return summary(h, argc, argv);
	if (strcmp(sub, "start") && strcmp(sub, "stop") && strcmp(sub, "record"))
		return hx_fail(h, "%s", usage);
	if (parse_opts(h, argc, argv, 2, !strcmp(sub, "record"), &o))
		return 1;
	if (!strcmp(sub, "stop") && (o.has_evt || o.has_cpus || o.has_pages))
		return hx_fail(h, "stop takes no options");
	x = hx_ctrl(h);
	if (!x)
		return 1;
	if (!strcmp(sub, "stop"))
		return disable(h, x);
	if (!strcmp(sub, "start"))
		return prepare(h, x, &o) ? 1 : enable(h, x);
	return record(h, x, &o);
}
