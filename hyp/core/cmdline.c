/* SPDX-License-Identifier: MIT */
/*
 * Parse the hypervisor command line into struct hyp_options. Unknown options
 * are reported (and ignored) so a typo never goes unnoticed.
 */
#include <hyp/cmdline.h>
#include <hyp/log.h>
#include <hyp/sched.h>
#include <lib/string.h>

struct hyp_options opt = {
	.loglvl = LOG_INFO,
	.dom0_mem = 512UL << 20,
	.dom0_vpl011 = false,
	.conring_size = 64 * 1024,
	.watchdog_ms = 2000,
};

/** "512M", "1G", "4096K", "65536" (bytes). */
uint64_t parse_size(const char *s, const char **end)
{
	uint64_t v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	switch (*s) {
	case 'G': case 'g': v <<= 30; s++; break;
	case 'M': case 'm': v <<= 20; s++; break;
	case 'K': case 'k': v <<= 10; s++; break;
	default: break;
	}
	if (end)
		*end = s;
	return v;
}

static void set_str(char *dst, size_t cap, const char *val, size_t len)
{
	size_t n = len < cap - 1 ? len : cap - 1;
	memcpy(dst, val, n);
	dst[n] = '\0';
}

static void handle(const char *name, size_t nlen, const char *val, size_t vlen)
{
#define IS(s) (nlen == sizeof(s) - 1 && !strncmp(name, s, nlen))
	if (IS("loglvl")) {
		static const char *const lv[] = { "err", "warn", "info", "debug" };
		for (int i = 0; i < 4; i++)
			if (vlen >= 3 && !strncmp(val, lv[i], 3))
				opt.loglvl = i;
		if (vlen >= 3 && !strncmp(val, "all", 3))
			opt.loglvl = LOG_DEBUG;
	} else if (IS("dom0_mem")) {
		opt.dom0_mem = parse_size(val, NULL);
	} else if (IS("dom0_max_vcpus")) {
		opt.dom0_max_vcpus = (unsigned)parse_size(val, NULL);
	} else if (IS("sched")) {
		set_str(opt.sched, sizeof(opt.sched), val, vlen);
	} else if (IS("console_focus")) {
		set_str(opt.console_focus, sizeof(opt.console_focus), val, vlen);
	} else if (IS("dom0_vpl011")) {
		opt.dom0_vpl011 = !(vlen && (val[0] == '0' || val[0] == 'n' || val[0] == 'f'));
	} else if (IS("debug_dump_ms")) {
		opt.debug_dump_ms = (unsigned)parse_size(val, NULL);
	} else if (IS("evtchn_fifo")) {
		opt.evtchn_2l_only = vlen && (val[0] == '0' || val[0] == 'n' || val[0] == 'f');
	} else if (IS("conring_size")) {
		opt.conring_size = parse_size(val, NULL);
	} else if (IS("on_crash")) {
		opt.on_crash_preserve = vlen == 8 && !strncmp(val, "preserve", 8);
	} else if (IS("watchdog")) {
		/* watchdog=0 off, watchdog=N: report a CPU silent for N ms */
		opt.watchdog_ms = (unsigned)parse_size(val, NULL);
	} else if (IS("panic")) {
		opt.panic_reset = vlen == 5 && !strncmp(val, "reset", 5);
	} else if (IS("test_panic")) {
		opt.test_panic = true;
	} else if (IS("trace_hypercalls")) {
		opt.trace_hypercalls = !(vlen && val[0] == '0');
	} else if (IS("test_wedge_cpu")) {
		opt.test_wedge_cpu = true;
	} else if (sched_parse_option(name, nlen, val, vlen) == 0) {
		/* a scheduler option (sched_ratelimit_us=, credit2_runqueue=, ...) */
	} else if (IS("console") || IS("conswitch") || IS("sync_console") || IS("noreboot")) {
		/* Xen options accepted for compatibility; no effect here. */
	} else {
		pr_warn("unknown command line option '%.*s' ignored", (int)nlen, name);
	}
#undef IS
}

void cmdline_parse(const char *cmdline)
{
	const char *p = cmdline;

	if (!p)
		return;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		const char *name = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '=')
			p++;
		size_t nlen = (size_t)(p - name);
		const char *val = "";
		size_t vlen = 0;
		if (*p == '=') {
			val = ++p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
			vlen = (size_t)(p - val);
		}
		handle(name, nlen, val, vlen);
	}
	log_set_level(opt.loglvl);
}
