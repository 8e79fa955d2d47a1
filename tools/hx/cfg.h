/* SPDX-License-Identifier: MIT */
/*
 * hx_cfg - the subset of Xen's xl.cfg(5) domain configuration that hx
 * create understands, parsed from libxlu's syntax: `KEY = VALUE` statements
 * ended by a newline or ';', VALUE a number, a quoted string or a
 * [list, ...] that may span lines, '#' comments.
 */
#ifndef TOOLS_HX_CFG_H
#define TOOLS_HX_CFG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* on_poweroff / on_reboot / on_crash actions (xl.cfg names) */
enum hx_action {
	HX_ACTION_DESTROY,
	HX_ACTION_RESTART,
	HX_ACTION_RENAME_RESTART,
	HX_ACTION_PRESERVE,
	HX_ACTION_COREDUMP_DESTROY,
	HX_ACTION_COREDUMP_RESTART,
	HX_ACTION_SOFT_RESET,
};

#define HX_CFG_PATH_MAX 4096
#define HX_CFG_CMDLINE_MAX 2048
#define HX_CFG_MAX_VCPUS 128

struct hx_cfg {
	char name[128];
	uint64_t memory_mib; /* default 128 */
	uint64_t maxmem_mib; /* default = memory */
	uint32_t vcpus;      /* default 1 */
	uint32_t maxvcpus;   /* default = vcpus */
	char kernel[HX_CFG_PATH_MAX];
	char ramdisk[HX_CFG_PATH_MAX]; /* "" = none */
	char cmdline[HX_CFG_CMDLINE_MAX]; /* from cmdline, or root + extra */
	enum hx_action on_poweroff, on_reboot, on_crash;
	bool has_uuid;
	uint8_t uuid[16];
	char pool[64];       /* cpupool name or id, "" = Pool-0 */
};

/*
 * Parse @len bytes of @text read from @file into @cfg (defaults first).
 * Returns 0, or -1 with "FILE:LINE: KEY: problem" in @err. Unknown and
 * unsupported keys are reported as warnings to @warn (may be NULL).
 */
int hx_cfg_parse(struct hx_cfg *cfg, const char *file, const char *text, size_t len, char *err,
		 size_t errlen, FILE *warn);
/* Read and parse @path */
int hx_cfg_load(struct hx_cfg *cfg, const char *path, char *err, size_t errlen, FILE *warn);

const char *hx_action_name(enum hx_action a);

/* An `xl cpupool-create` configuration: name, sched, cpus (same syntax) */
struct hx_pool_cfg {
	char name[64];   /* "" if not given */
	char sched[16];  /* "" = the host's default scheduler */
	uint64_t cpus;   /* CPUs asked for (list or "0-3,^1" string) */
};
int hx_pool_cfg_parse(struct hx_pool_cfg *pc, const char *file, const char *text, size_t len,
		      char *err, size_t errlen, FILE *warn);

/*
 * xl's CPU list syntax (xl.cfg(5) cpus=, xl vcpu-pin): comma-separated
 * "all", "N", "N-M", each optionally prefixed by '^' to remove CPUs, of
 * CPUs below @nr_cpus (at most 64). 0, or -1 with the reason in @err.
 */
int hx_cpulist_parse(const char *s, unsigned int nr_cpus, uint64_t *out, char *err,
		     size_t errlen);

#endif
