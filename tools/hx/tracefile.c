/* SPDX-License-Identifier: MIT */
/*
 * tracefile: xentrace-format trace files (see tracefile.h).
 *
 * Writing follows xentrace: per CPU, the bytes between cons and prod
 * (offsets modulo twice the record area, so a full buffer differs from an
 * empty one) are one window; a window that runs past the end of the record
 * area is written in two pieces under one TRC_TRACE_CPU_CHANGE header.
 * The hypervisor never splits a record at the end of the area, so the
 * pieces always join on a record boundary.
 *
 * The summary reads the whole file, checks that every window holds whole
 * records, orders the records by timestamp (windows of different CPUs
 * interleave in time) and replays the runstate changes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tracefile.h"

#define CPU_CHANGE_HDR (TRC_TRACE_CPU_CHANGE | (2u << TRACE_EXTRA_SHIFT))

long tracefile_drain(FILE *out, unsigned cpu, struct t_buf *hdr, uint32_t data_size)
{
	volatile struct t_buf *b = hdr;
	const uint8_t *data = (const uint8_t *)(hdr + 1);
	uint32_t cons = b->cons, prod = b->prod, window, start, end;
	uint32_t rec[3];

	__atomic_thread_fence(__ATOMIC_ACQUIRE); /* prod before the records */
	if (cons == prod)
		return 0;
	if (cons >= 2 * data_size || prod >= 2 * data_size || (cons & 3) || (prod & 3)) {
		errno = EIO;
		return -1;
	}
	window = prod > cons ? prod - cons : prod + 2 * data_size - cons;
	if (window > data_size) {
		errno = EIO;
		return -1;
	}
	start = cons % data_size;
	end = prod % data_size;
	rec[0] = CPU_CHANGE_HDR;
	rec[1] = cpu;
	rec[2] = window;
	if (fwrite(rec, sizeof(rec), 1, out) != 1)
		return -1;
	if (end > start) {
		if (fwrite(data + start, window, 1, out) != 1)
			return -1;
	} else {
		if (fwrite(data + start, data_size - start, 1, out) != 1)
			return -1;
		if (end && fwrite(data, end, 1, out) != 1)
			return -1;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* the records before giving them back */
	b->cons = prod;
	return (long)window;
}

/* --------------------------------------------------------------- classes */

static const struct {
	const char *name;
	uint32_t mask;
} classes[] = {
	{ "gen", TRC_GEN },	  { "sched", TRC_SCHED }, { "dom0op", TRC_DOM0OP },
	{ "hvm", TRC_HVM },	  { "mem", TRC_MEM },	  { "pv", TRC_PV },
	{ "shadow", TRC_SHADOW }, { "hw", TRC_HW },	  { "guest", TRC_GUEST },
	{ "all", TRC_ALL },
};
#define NR_NAMED 9 /* classes[] without "all" */

int tracefile_parse_classes(const char *s, uint32_t *mask)
{
	char buf[256], *tok, *save = NULL;
	uint32_t m = 0;

	if (!s || !*s || strlen(s) >= sizeof(buf))
		return -1;
	if (s[0] >= '0' && s[0] <= '9') {
		char *endp;
		unsigned long v;
		errno = 0;
		v = strtoul(s, &endp, 0);
		if (errno || *endp || v == 0 || v > 0x0fffffffUL)
			return -1;
		*mask = (uint32_t)v;
		return 0;
	}
	strcpy(buf, s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t i;
		for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
			if (!strcmp(tok, classes[i].name))
				break;
		if (i == sizeof(classes) / sizeof(classes[0]))
			return -1;
		m |= classes[i].mask;
	}
	if (!m)
		return -1;
	*mask = m;
	return 0;
}

const char *tracefile_class_name(uint32_t event)
{
	uint32_t cls = (event >> TRC_CLS_SHIFT) & 0xfff;

	for (size_t i = 0; i < NR_NAMED; i++)
		if (cls == ((classes[i].mask >> TRC_CLS_SHIFT) & 0xfff))
			return classes[i].name;
	return "other";
}

/* --------------------------------------------------------------- summary */

struct rec {
	uint64_t tsc;
	uint32_t event, cpu, nr, seq;
	uint32_t d[TRACE_EXTRA_MAX];
};

static int by_tsc(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->tsc != y->tsc)
		return x->tsc < y->tsc ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct vstate {
	uint32_t dom, vcpu;
	bool running, seen;
	uint64_t since;
};

struct dstate {
	uint32_t dom;
	uint64_t ticks;
};

static uint32_t word_at(const uint8_t *p)
{
	uint32_t w;
	memcpy(&w, p, 4);
	return w;
}

/* Read the whole stream into a buffer; NULL on error (errno). */
static uint8_t *slurp(FILE *in, size_t *len)
{
	size_t cap = 1 << 16, n = 0, got;
	uint8_t *buf = malloc(cap);

	while (buf && (got = fread(buf + n, 1, cap - n, in)) > 0) {
		n += got;
		if (n == cap) {
			uint8_t *nb = realloc(buf, cap *= 2);
			if (!nb) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
	}
	if (buf && ferror(in)) {
		free(buf);
		errno = EIO;
		return NULL;
	}
	*len = n;
	return buf;
}

/* Parse windows into records; -1 after printing the problem. */
static int parse(const uint8_t *buf, size_t len, struct rec **out, size_t *count, FILE *err)
{
	size_t off = 0, n = 0, cap = 0;
	struct rec *recs = NULL;
	uint64_t last_tsc[256] = { 0 };

	while (off < len) {
		uint32_t h, cpu, window;
		size_t end;

		if (len - off < 12 || word_at(buf + off) != CPU_CHANGE_HDR) {
			fprintf(err, "offset %zu: expected a CPU window header (TRC_TRACE_CPU_CHANGE)\n", off);
			goto bad;
		}
		cpu = word_at(buf + off + 4);
		window = word_at(buf + off + 8);
		off += 12;
		if (cpu >= 256 || window > len - off || (window & 3)) {
			fprintf(err, "offset %zu: bad CPU window header (cpu %u, %u bytes)\n", off - 12,
				cpu, window);
			goto bad;
		}
		end = off + window;
		while (off < end) {
			struct rec r = { 0 };
			size_t size;
			h = word_at(buf + off);
			r.event = TRC_HD_TO_EVENT(h);
			r.nr = TRC_HD_EXTRA(h);
			r.cpu = cpu;
			size = 4 + (TRC_HD_INCLUDES_CYCLE_COUNT(h) ? 8 : 0) + r.nr * 4u;
			if (size > end - off) {
				fprintf(err, "offset %zu: record 0x%08x runs past its CPU%u window\n", off,
					h, cpu);
				goto bad;
			}
			if (TRC_HD_INCLUDES_CYCLE_COUNT(h)) {
				r.tsc = word_at(buf + off + 4) | (uint64_t)word_at(buf + off + 8) << 32;
				last_tsc[cpu] = r.tsc;
			} else {
				r.tsc = last_tsc[cpu];
			}
			for (uint32_t i = 0; i < r.nr; i++)
				r.d[i] = word_at(buf + off + size - r.nr * 4u + i * 4);
			off += size;
			if (r.event == TRC_TRACE_WRAP_BUFFER)
				continue;
			if (n == cap) {
				struct rec *nr = realloc(recs, (cap = cap ? cap * 2 : 1024) * sizeof(*nr));
				if (!nr) {
					fprintf(err, "out of memory\n");
					goto bad;
				}
				recs = nr;
			}
			r.seq = (uint32_t)n;
			recs[n++] = r;
		}
	}
	*out = recs;
	*count = n;
	return 0;
bad:
	free(recs);
	return -1;
}

static struct dstate *dom_slot(struct dstate *doms, size_t *nd, size_t max, uint32_t dom)
{
	for (size_t i = 0; i < *nd; i++)
		if (doms[i].dom == dom)
			return &doms[i];
	if (*nd == max)
		return NULL;
	doms[*nd] = (struct dstate){ dom, 0 };
	return &doms[(*nd)++];
}

static struct vstate *vcpu_slot(struct vstate *vs, size_t *nv, size_t max, uint32_t dom,
				uint32_t vcpu)
{
	for (size_t k = 0; k < *nv; k++)
		if (vs[k].dom == dom && vs[k].vcpu == vcpu)
			return &vs[k];
	if (*nv == max)
		return NULL;
	vs[*nv] = (struct vstate){ dom, vcpu, false, false, 0 };
	return &vs[(*nv)++];
}

static int by_dom(const void *a, const void *b)
{
	const struct dstate *x = a, *y = b;
	return x->dom < y->dom ? -1 : x->dom > y->dom;
}

int tracefile_summary(FILE *in, double cpu_hz, FILE *out, FILE *err)
{
	enum { MAX_V = 1024, MAX_D = 256 };
	static struct vstate vs[MAX_V];
	static struct dstate doms[MAX_D];
	size_t len, n = 0, nv = 0, nd = 0;
	uint8_t *buf = slurp(in, &len);
	struct rec *recs = NULL;
	unsigned long long per_class[NR_NAMED + 1] = { 0 }, lost = 0;
	uint64_t cpus = 0, first, last;

	if (!buf) {
		fprintf(err, "cannot read the trace: %s\n", strerror(errno));
		return -1;
	}
	if (!len) {
		fprintf(err, "empty trace file\n");
		free(buf);
		return -1;
	}
	if (parse(buf, len, &recs, &n, err)) {
		free(buf);
		return -1;
	}
	free(buf);
	qsort(recs, n, sizeof(*recs), by_tsc);
	first = n ? recs[0].tsc : 0;
	last = n ? recs[n - 1].tsc : 0;
	for (size_t i = 0; i < n; i++) {
		const struct rec *r = &recs[i];
		const char *cls = tracefile_class_name(r->event);
		size_t c;

		for (c = 0; c < NR_NAMED && strcmp(classes[c].name, cls); c++)
			;
		per_class[c]++;
		cpus |= 1ULL << (r->cpu & 63);
		if (r->event == TRC_LOST_RECORDS && r->nr >= 1)
			lost += r->d[0];
		if (r->event == TRC_SCHED_CONTINUE_RUNNING && r->nr >= 1) {
			/* Still running: bring a vCPU running since before the trace in */
			uint32_t dom = r->d[0] >> 16, vcpu = r->d[0] & 0xffff;
			struct vstate *v = vcpu_slot(vs, &nv, MAX_V, dom, vcpu);
			struct dstate *d = dom_slot(doms, &nd, MAX_D, dom);

			if (v && d && !v->seen) {
				d->ticks += r->tsc - first;
				v->running = true;
				v->since = r->tsc;
			}
			if (v)
				v->seen = true;
		}
		if ((r->event & ~0xff0u) == TRC_SCHED_RUNSTATE_CHANGE && r->nr >= 1) {
			uint32_t from = (r->event >> 8) & 3, to = (r->event >> 4) & 3;
			uint32_t dom = r->d[0] >> 16, vcpu = r->d[0] & 0xffff;
			struct vstate *v = vcpu_slot(vs, &nv, MAX_V, dom, vcpu);
			struct dstate *d = dom_slot(doms, &nd, MAX_D, dom);

			if (!v || !d)
				continue;
			/* RUNSTATE_running is 0 */
			if (from == 0) {
				if (v->running)
					d->ticks += r->tsc - v->since;
				else if (!v->seen) /* running since before the trace began */
					d->ticks += r->tsc - first;
				v->running = false;
			}
			if (to == 0) {
				v->running = true;
				v->since = r->tsc;
			}
			v->seen = true;
		}
	}
	for (size_t k = 0; k < nv; k++) {
		if (vs[k].running) {
			struct dstate *d = dom_slot(doms, &nd, MAX_D, vs[k].dom);
			if (d)
				d->ticks += last - vs[k].since;
		}
	}
	fprintf(out, "Trace: %zu records from %d CPU(s) over %.6f s (%.0f Hz)\n", n,
		__builtin_popcountll(cpus), (double)(last - first) / cpu_hz, cpu_hz);
	fprintf(out, "Records per class:\n");
	for (size_t c = 0; c <= NR_NAMED; c++)
		if (per_class[c])
			fprintf(out, "  %-8s %llu\n", c < NR_NAMED ? classes[c].name : "other",
				per_class[c]);
	fprintf(out, "Lost records: %llu\n", lost);
	fprintf(out, "Run time per domain (from runstate changes):\n");
	qsort(doms, nd, sizeof(doms[0]), by_dom);
	if (!nd)
		fprintf(out, "  (no runstate changes: trace the sched class)\n");
	for (size_t i = 0; i < nd; i++) {
		if (doms[i].dom == DOMID_IDLE)
			fprintf(out, "  idle     %12.6f s\n", (double)doms[i].ticks / cpu_hz);
		else
			fprintf(out, "  d%-7u %12.6f s\n", doms[i].dom, (double)doms[i].ticks / cpu_hz);
	}
	free(recs);
	return 0;
}
