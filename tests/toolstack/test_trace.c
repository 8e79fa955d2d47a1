/* SPDX-License-Identifier: MIT */
/*
 * hx trace's file side (tools/hx/tracefile.c): draining a t_buf into the
 * xentrace file format (window header, wrapped windows, bad indexes), the
 * event-class names, and the built-in summary's per-domain run time and
 * its refusal of damaged files.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tracefile.h"
#include "unit.h"

#define DS 64u /* record bytes of the test buffers */
#define CPU_CHANGE (TRC_TRACE_CPU_CHANGE | (2u << TRACE_EXTRA_SHIFT))

static union {
	struct t_buf hdr;
	uint32_t w[(sizeof(struct t_buf) + DS) / 4];
} tb;

static uint32_t *data_words(void)
{
	return &tb.w[2];
}

/* A record with a cycle count and one data word (16 bytes) at byte @off */
static void put16(uint32_t off, uint32_t event, uint32_t tsc, uint32_t a)
{
	uint32_t *w = data_words() + off / 4;
	w[0] = event | (1u << TRACE_EXTRA_SHIFT) | TRC_HD_CYCLE_FLAG;
	w[1] = tsc;
	w[2] = 0;
	w[3] = a;
}

static char *out_buf;
static size_t out_len;

static FILE *open_out(void)
{
	free(out_buf);
	out_buf = NULL;
	out_len = 0;
	return open_memstream(&out_buf, &out_len);
}

static uint32_t out_word(size_t i)
{
	uint32_t w;
	memcpy(&w, out_buf + i * 4, 4);
	return w;
}

UNIT_TEST(drain_writes_one_window_and_moves_cons)
{
	FILE *f;

	memset(&tb, 0, sizeof(tb));
	put16(0, TRC_SCHED_WAKE, 100, 1);
	put16(16, TRC_SCHED_BLOCK, 200, 2);
	tb.hdr.prod = 32;
	f = open_out();
	CHECK_EQ(tracefile_drain(f, 3, &tb.hdr, DS), 32);
	fclose(f);
	CHECK_EQ(out_len, 12 + 32);
	CHECK_EQ(out_word(0), CPU_CHANGE);
	CHECK_EQ(out_word(1), 3);
	CHECK_EQ(out_word(2), 32);
	CHECK(!memcmp(out_buf + 12, data_words(), 32));
	CHECK_EQ(tb.hdr.cons, 32);
	/* Nothing new: nothing written */
	f = open_out();
	CHECK_EQ(tracefile_drain(f, 3, &tb.hdr, DS), 0);
	fclose(f);
	CHECK_EQ(out_len, 0);
}

UNIT_TEST(drain_wrapped_window_is_one_window_in_order)
{
	FILE *f;

	memset(&tb, 0, sizeof(tb));
	put16(48, TRC_SCHED_WAKE, 300, 1); /* last record before the end */
	put16(0, TRC_SCHED_BLOCK, 400, 2); /* then from the start */
	tb.hdr.cons = 48;
	tb.hdr.prod = DS + 16; /* second lap: offset 16 */
	f = open_out();
	CHECK_EQ(tracefile_drain(f, 0, &tb.hdr, DS), 32);
	fclose(f);
	CHECK_EQ(out_len, 12 + 32);
	CHECK_EQ(out_word(2), 32);
	CHECK_EQ(out_word(3) & 0x0fffffff, TRC_SCHED_WAKE);
	CHECK_EQ(out_word(7) & 0x0fffffff, TRC_SCHED_BLOCK);
	CHECK_EQ(tb.hdr.cons, DS + 16);
	/* A full buffer (prod one lap ahead) is a whole-buffer window */
	tb.hdr.cons = 16;
	tb.hdr.prod = DS + 16;
	f = open_out();
	CHECK_EQ(tracefile_drain(f, 1, &tb.hdr, DS), DS);
	fclose(f);
	CHECK_EQ(out_len, 12 + DS);
}

UNIT_TEST(drain_refuses_bad_indexes)
{
	FILE *f = open_out();

	memset(&tb, 0, sizeof(tb));
	tb.hdr.cons = 3; /* misaligned */
	tb.hdr.prod = 16;
	errno = 0;
	CHECK_EQ(tracefile_drain(f, 0, &tb.hdr, DS), -1);
	CHECK_EQ(errno, EIO);
	tb.hdr.cons = 0;
	tb.hdr.prod = 2 * DS; /* out of range */
	CHECK_EQ(tracefile_drain(f, 0, &tb.hdr, DS), -1);
	tb.hdr.cons = 16;
	tb.hdr.prod = DS + 32; /* more than a buffer ahead */
	CHECK_EQ(tracefile_drain(f, 0, &tb.hdr, DS), -1);
	CHECK_EQ(tb.hdr.cons, 16);
	fclose(f);
	CHECK_EQ(out_len, 0);
}

UNIT_TEST(class_names_and_masks)
{
	uint32_t m = 0;

	CHECK_EQ(tracefile_parse_classes("sched,pv", &m), 0);
	CHECK_EQ(m, TRC_SCHED | TRC_PV);
	CHECK_EQ(tracefile_parse_classes("all", &m), 0);
	CHECK_EQ(m, TRC_ALL);
	CHECK_EQ(tracefile_parse_classes("0x2f000", &m), 0);
	CHECK_EQ(m, TRC_SCHED);
	CHECK_EQ(tracefile_parse_classes("sched,bogus", &m), -1);
	CHECK_EQ(tracefile_parse_classes("", &m), -1);
	CHECK_EQ(tracefile_parse_classes("0", &m), -1);
	CHECK(!strcmp(tracefile_class_name(TRC_SCHED_SWITCH), "sched"));
	CHECK(!strcmp(tracefile_class_name(TRC_PV_HYPERCALL_V2), "pv"));
	CHECK(!strcmp(tracefile_class_name(TRC_HW_IRQ_HANDLED), "hw"));
	CHECK(!strcmp(tracefile_class_name(TRC_LOST_RECORDS), "gen"));
	CHECK(!strcmp(tracefile_class_name(0x0300f001), "other"));
}

/* ------------------------------------------------------------- summary */

static uint32_t file_w[256];
static size_t file_n;

static void fw(uint32_t w)
{
	file_w[file_n++] = w;
}

/* One runstate record (cycles + 1 word): 16 bytes */
static void runstate(uint64_t tsc, unsigned dom, unsigned vcpu, unsigned from, unsigned to)
{
	fw(TRC_SCHED_RUNSTATE_CHANGE | from << 8 | to << 4 | 1u << TRACE_EXTRA_SHIFT |
	   TRC_HD_CYCLE_FLAG);
	fw((uint32_t)tsc);
	fw((uint32_t)(tsc >> 32));
	fw(vcpu | dom << 16);
}

static int summarize(size_t bytes, char **text, char **errtext)
{
	size_t tl, el;
	FILE *in = fmemopen(file_w, bytes, "r");
	FILE *out = open_memstream(text, &tl), *err = open_memstream(errtext, &el);
	int rc = tracefile_summary(in, 1000.0, out, err);

	fclose(in);
	fclose(out);
	fclose(err);
	return rc;
}

static void build_two_cpu_trace(void)
{
	file_n = 0;
	/* CPU0: d1v0 runs 1000..3000, then d2v0 from 3000 to the end (5000) */
	fw(CPU_CHANGE);
	fw(0);
	fw(3 * 16);
	runstate(1000, 1, 0, 1, 0);
	runstate(3000, 1, 0, 0, 1);
	runstate(3000, 2, 0, 1, 0);
	/* CPU1: d0v0 was running before the trace; blocks at 1500. A lost
	 * record report and the end of the trace at 5000. */
	fw(CPU_CHANGE);
	fw(1);
	fw(16 + 16 + 28);
	runstate(1500, 0, 0, 0, 2);
	/* d3v1 keeps running (no switch) from before the trace to its end */
	fw(TRC_SCHED_CONTINUE_RUNNING | 1u << TRACE_EXTRA_SHIFT | TRC_HD_CYCLE_FLAG);
	fw(2000);
	fw(0);
	fw(1 | 3u << 16);
	fw(TRC_LOST_RECORDS | 4u << TRACE_EXTRA_SHIFT | TRC_HD_CYCLE_FLAG);
	fw(5000);
	fw(0);
	fw(7);
	fw(0);
	fw(0);
	fw(0);
}

UNIT_TEST(summary_run_time_per_domain)
{
	char *text = NULL, *errtext = NULL;

	build_two_cpu_trace();
	CHECK_EQ(summarize(file_n * 4, &text, &errtext), 0);
	CHECK(strstr(text, "Trace: 6 records from 2 CPU(s) over 4.000000 s") != NULL);
	CHECK(strstr(text, "  sched    5\n") != NULL);
	CHECK(strstr(text, "  gen      1\n") != NULL);
	CHECK(strstr(text, "Lost records: 7\n") != NULL);
	CHECK(strstr(text, "  d0           0.500000 s\n") != NULL); /* 1000 (first) .. 1500 */
	CHECK(strstr(text, "  d1           2.000000 s\n") != NULL);
	CHECK(strstr(text, "  d2           2.000000 s\n") != NULL); /* still running at 5000 */
	CHECK(strstr(text, "  d3           4.000000 s\n") != NULL); /* from the first record */
	free(text);
	free(errtext);
}

UNIT_TEST(summary_refuses_damaged_files)
{
	char *text = NULL, *errtext = NULL;

	build_two_cpu_trace();
	/* Cut in the middle of the last record */
	CHECK_EQ(summarize(file_n * 4 - 8, &text, &errtext), -1);
	CHECK(strstr(errtext, "bad CPU window header") != NULL);
	free(text);
	free(errtext);
	text = errtext = NULL;
	/* A window whose size does not end on a record */
	build_two_cpu_trace();
	file_w[2] = 3 * 16 - 4;
	CHECK_EQ(summarize(file_n * 4, &text, &errtext), -1);
	CHECK(strstr(errtext, "runs past its CPU0 window") != NULL);
	free(text);
	free(errtext);
	text = errtext = NULL;
	/* No window header at all */
	file_w[0] = TRC_SCHED_WAKE;
	CHECK_EQ(summarize(file_n * 4, &text, &errtext), -1);
	CHECK(strstr(errtext, "offset 0: expected a CPU window header") != NULL);
	free(text);
	free(errtext);
}

UNIT_MAIN()
