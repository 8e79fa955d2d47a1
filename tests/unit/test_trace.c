/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the trace-buffer writer (hyp/core/trace.c): the record
 * format, the event and CPU masks, wrap padding at the end of the record
 * area, lost records when the reader falls behind, and that a garbage cons
 * from the reader stops tracing instead of writing outside the buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <hyp/domain.h>
#include <hyp/percpu.h>
#include <hyp/trace.h>

#include "unit.h"

#define DS 256u /* bytes of records */

struct pcpu pcpus[MAX_CPUS];
static uint64_t fake_counter = 1000;
static int warnings;

unsigned this_cpu(void)
{
	return 0;
}

uint64_t counter_read(void)
{
	return fake_counter;
}

s_time_t NOW(void)
{
	return (s_time_t)fake_counter * 16;
}

uint64_t ns_to_ticks(s_time_t ns)
{
	return (uint64_t)ns / 16;
}

void printk(int level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
	warnings++;
}

static union {
	struct t_buf hdr;
	uint32_t w[(sizeof(struct t_buf) + DS) / 4 + 8]; /* + guard words */
} tb;

static uint32_t word(uint32_t byte_off)
{
	return tb.w[2 + byte_off / 4];
}

static void reset(void)
{
	memset(&tb, 0, sizeof(tb));
	for (unsigned i = 0; i < 8; i++)
		tb.w[2 + DS / 4 + i] = 0xdeadbeef;
	trace_attach(0, &tb.hdr, DS);
	trace_evt_mask = TRC_ALL;
	trace_cpu_mask = ~0ULL;
	trace_set_enabled(true);
	warnings = 0;
}

static bool guard_intact(void)
{
	for (unsigned i = 0; i < 8; i++)
		if (tb.w[2 + DS / 4 + i] != 0xdeadbeef)
			return false;
	return true;
}

static void rec2(uint32_t event, uint32_t a, uint32_t b)
{
	const uint32_t d[2] = { a, b };
	trace_var(event, 2, d); /* 4 + 8 + 8 = 20 bytes */
}

UNIT_TEST(record_format)
{
	reset();
	fake_counter = 0x123456789aULL;
	rec2(TRC_SCHED_WAKE, 1, 2);
	CHECK_EQ(tb.hdr.prod, 20);
	CHECK_EQ(word(0), TRC_SCHED_WAKE | 2u << TRACE_EXTRA_SHIFT | TRC_HD_CYCLE_FLAG);
	CHECK_EQ(word(4), 0x3456789a);
	CHECK_EQ(word(8), 0x12);
	CHECK_EQ(word(12), 1);
	CHECK_EQ(word(16), 2);
	/* More than 7 words are cut to 7 */
	uint32_t many[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	trace_var(TRC_SCHED_SWITCH, 9, many);
	CHECK_EQ(tb.hdr.prod, 20 + 40);
	CHECK_EQ(TRC_HD_EXTRA(word(20)), 7);
}

UNIT_TEST(masks_and_off_switch)
{
	reset();
	trace_evt_mask = TRC_PV;
	rec2(TRC_SCHED_WAKE, 1, 2);
	CHECK_EQ(tb.hdr.prod, 0);
	rec2(TRC_PV_HYPERCALL_V2, 1, 2);
	CHECK_EQ(tb.hdr.prod, 20);
	/* Subclass bits count too: TRC_SCHED_MIN only keeps runstate changes */
	trace_evt_mask = TRC_SCHED_MIN;
	rec2(TRC_SCHED_SWITCH, 1, 2);
	CHECK_EQ(tb.hdr.prod, 20);
	rec2(TRC_SCHED_RUNSTATE_CHANGE, 1, 2);
	CHECK_EQ(tb.hdr.prod, 40);
	trace_evt_mask = TRC_ALL;
	trace_cpu_mask = 2; /* CPU1 only; we are CPU0 */
	rec2(TRC_SCHED_WAKE, 1, 2);
	CHECK_EQ(tb.hdr.prod, 40);
	trace_cpu_mask = 1;
	trace_set_enabled(false);
	rec2(TRC_SCHED_WAKE, 1, 2);
	CHECK_EQ(tb.hdr.prod, 40);
}

UNIT_TEST(wrap_record_pads_to_the_end)
{
	reset();
	/* 12 records of 20 bytes = 240; the 13th does not fit in the last 16 */
	for (int i = 0; i < 12; i++) {
		rec2(TRC_SCHED_WAKE, (uint32_t)i, 0);
		tb.hdr.cons = tb.hdr.prod; /* the reader keeps up */
	}
	CHECK_EQ(tb.hdr.prod, 240);
	rec2(TRC_SCHED_BLOCK, 99, 0);
	/* A 16-byte wrap record (3 extra words, no cycles), then the record at 0 */
	CHECK_EQ(word(240), TRC_TRACE_WRAP_BUFFER | 3u << TRACE_EXTRA_SHIFT);
	CHECK_EQ(word(0) & 0x0fffffff, TRC_SCHED_BLOCK);
	CHECK_EQ(word(12), 99);
	CHECK_EQ(tb.hdr.prod, DS + 20); /* second lap */
	CHECK(guard_intact());
}

UNIT_TEST(lost_records_are_reported)
{
	unsigned n = 0;

	reset();
	/* The reader does not read: 12 records fit (240 bytes, and the 13th
	 * would need the 16 bytes at the end plus 20 at the start). */
	while (n < 20) {
		rec2(TRC_SCHED_WAKE, n, 0);
		n++;
	}
	CHECK_EQ(tb.hdr.prod, 240);
	/* The reader catches up; the next record is preceded by a report of
	 * the 8 lost ones: wrap (16) + lost (28) + the record (20). */
	tb.hdr.cons = tb.hdr.prod;
	fake_counter = 5000;
	rec2(TRC_SCHED_BLOCK, 7, 0);
	CHECK_EQ(word(240) & 0x0fffffff, TRC_TRACE_WRAP_BUFFER);
	CHECK_EQ(word(0), TRC_LOST_RECORDS | 4u << TRACE_EXTRA_SHIFT | TRC_HD_CYCLE_FLAG);
	CHECK_EQ(word(12), 8);                       /* lost */
	CHECK_EQ(word(16), DOMID_IDLE | 0u << 16);   /* idle vCPU of CPU0 */
	CHECK_EQ(word(28) & 0x0fffffff, TRC_SCHED_BLOCK);
	CHECK_EQ(tb.hdr.prod, DS + 28 + 20);
	/* trace_reset_lost() forgets a pending count */
	for (n = 0; n < 20; n++)
		rec2(TRC_SCHED_WAKE, n, 0);
	trace_reset_lost();
	tb.hdr.cons = tb.hdr.prod;
	rec2(TRC_SCHED_BLOCK, 7, 0);
	CHECK(guard_intact());
}

UNIT_TEST(garbage_cons_stops_tracing)
{
	reset();
	rec2(TRC_SCHED_WAKE, 1, 2);
	tb.hdr.cons = 6; /* misaligned */
	rec2(TRC_SCHED_WAKE, 1, 2);
	CHECK(!trace_enabled());
	CHECK_EQ(tb.hdr.prod, 20);
	CHECK(warnings > 0);
	reset();
	tb.hdr.cons = 2 * DS; /* out of range */
	rec2(TRC_SCHED_WAKE, 1, 2);
	CHECK(!trace_enabled());
	reset();
	rec2(TRC_SCHED_WAKE, 1, 2);
	tb.hdr.cons = 40; /* ahead of prod (20) by more than the buffer allows */
	rec2(TRC_SCHED_WAKE, 1, 2);
	CHECK(!trace_enabled());
	CHECK_EQ(tb.hdr.prod, 20);
	CHECK(guard_intact());
}

UNIT_TEST(records_carry_the_decision_time)
{
	reset();
	fake_counter = 10000;
	/* A decision taken at NOW() = 9000 ticks * 16 ns, recorded at 10000 */
	const uint32_t w = 1;
	trace_var_at(9000, TRC_SCHED_RUNSTATE_CHANGE, 1, &w);
	CHECK_EQ(word(4), 9000);
	trace_var_at(0, TRC_SCHED_RUNSTATE_CHANGE, 1, &w);
	CHECK_EQ(word(16 + 4), 10000);
}

UNIT_MAIN()

/*
 * VIRQ_TBUF: due once when a record takes the buffer to half full (128 of the
 * 256 bytes here), not again until the reader drained it below half and a
 * record crosses again; the writing CPU is asked to reschedule, which sends it.
 */
UNIT_TEST(half_full_notifies_dom0_once)
{
	reset();
	(void)trace_notify_take();
	pcpus[0].need_resched = false;
	for (unsigned n = 0; n < 6; n++) /* 120 bytes: under half */
		rec2(TRC_SCHED_WAKE, n, 0);
	CHECK(!trace_notify_take());
	CHECK(!pcpus[0].need_resched);
	rec2(TRC_SCHED_WAKE, 6, 0); /* 140 bytes */
	CHECK(pcpus[0].need_resched);
	CHECK(trace_notify_take());
	CHECK(!trace_notify_take()); /* taken */
	rec2(TRC_SCHED_WAKE, 7, 0); /* still over half: no new notification */
	CHECK(!trace_notify_take());
	/* The reader consumes everything; crossing half again notifies again. */
	tb.hdr.cons = tb.hdr.prod; /* 160: records at 160-239, then a 16-byte wrap pad */
	for (unsigned n = 0; n < 5; n++) /* 4 x 20 + 16 + 20 = 116 bytes */
		rec2(TRC_SCHED_WAKE, n, 0);
	CHECK(!trace_notify_take());
	rec2(TRC_SCHED_WAKE, 6, 0); /* 136 */
	CHECK(trace_notify_take());
	CHECK(guard_intact());
}
