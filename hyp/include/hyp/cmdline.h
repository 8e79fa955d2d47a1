/* SPDX-License-Identifier: MIT */
/*
 * The hypervisor's own command line (/chosen/xen,xen-bootargs, else
 * /chosen/bootargs): space-separated "name=value" or "name" options.
 */
#ifndef HYP_CMDLINE_H
#define HYP_CMDLINE_H

#include <hyp/types.h>

struct hyp_options {
	int loglvl;
	uint64_t dom0_mem;        /* bytes */
	unsigned dom0_max_vcpus;  /* 0: one per pCPU */
	char sched[16];
	char console_focus[16];   /* "", "hyp", "dom0", "d<N>" */
	bool dom0_vpl011;         /* give dom0 a vPL011 too (its console is hvc0) */
	bool evtchn_2l_only;      /* evtchn_fifo=0: refuse FIFO, guests use 2-level */
	bool test_wedge_cpu;
	bool trace_hypercalls;
	bool panic_reset;         /* panic=reset: warm-reset the machine after a panic */
	bool test_panic;          /* test only: panic at the end of boot unless a crash log was found */
	uint64_t conring_size;    /* console ring bytes */
	bool on_crash_preserve;   /* on_crash=preserve: keep crashed boot domains paused */
	unsigned watchdog_ms;     /* 0: off; a CPU silent this long is reported */    /* log every hypercall and its result */
	unsigned debug_dump_ms;   /* print the 'q' debug key output periodically */      /* test only: spin with interrupts masked on the last CPU */
};

/* Hidden: reached PC-relative (no GOT load) by the hot paths that test it. */
extern struct hyp_options opt __attribute__((visibility("hidden")));

void cmdline_parse(const char *cmdline);
uint64_t parse_size(const char *s, const char **end);

#endif
