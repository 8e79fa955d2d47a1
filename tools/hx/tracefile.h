/* SPDX-License-Identifier: MIT */
/*
 * tracefile - the trace files of `hx trace`, in the format Xen's xentrace
 * writes and xenalyze reads: the hypervisor's records (public/trace.h)
 * copied verbatim, each CPU's batch ("window") preceded by a
 * TRC_TRACE_CPU_CHANGE record {cpu, window bytes}. Also the small built-in
 * summary of such a file. No hypervisor access here: the command side is
 * tools/hx/trace.c, so this is what the host tests exercise.
 */
#ifndef TOOLS_HX_TRACEFILE_H
#define TOOLS_HX_TRACEFILE_H

#include <stdint.h>
#include <stdio.h>

#include <public/trace.h>

/**
 * tracefile_drain - write the unread records of one CPU's buffer to @out
 * as one xentrace window and move its cons up to prod. @hdr is the mapped
 * struct t_buf, the @data_size bytes of records follow it. Returns the
 * bytes of records written (0 if none), or -1 with errno set: EIO when
 * prod/cons are inconsistent, else the write error.
 */
long tracefile_drain(FILE *out, unsigned cpu, struct t_buf *hdr, uint32_t data_size);

/* Event classes by name (for -e): "sched,pv", "all", or a number (0x...) */
int tracefile_parse_classes(const char *s, uint32_t *mask);
/* The name of the class of @event ("sched", "pv", ...; "other") */
const char *tracefile_class_name(uint32_t event);

/**
 * tracefile_summary - print a summary of a trace file: its time span,
 * records per event class, lost records, and per domain the CPU time its
 * vCPUs ran (from the runstate changes), with @cpu_hz ticks per second.
 * Returns 0, or -1 after printing to @err why the file is unreadable.
 */
int tracefile_summary(FILE *in, double cpu_hz, FILE *out, FILE *err);

#endif
