/* SPDX-License-Identifier: MIT */
/*
 * Running hx commands in host tests (see hxrun.h): each run() opens a fresh
 * control handle on the stand-in hypervisor, like one hx invocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hx.h"
#include "hxrun.h"

struct fakexen fx;
char *out, *err;
size_t out_len, err_len;

int run(const char *args)
{
	char buf[512], *argv[24], *tok, *save = NULL;
	int argc = 0, rc;
	struct hx h = { 0 };
	FILE *fo, *fe;

	free(out);
	free(err);
	out = err = NULL;
	snprintf(buf, sizeof(buf), "hx %s", args);
	for (tok = strtok_r(buf, " ", &save); tok && argc < 23; tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	argv[argc] = NULL;
	fo = open_memstream(&out, &out_len);
	fe = open_memstream(&err, &err_len);
	h.out = fo;
	h.err = fe;
	h.poll_ms = 1;
	h.x = xctrl_open_call(xcall_open_backend(fakexen_hypercall, &fx));
	rc = hx_run(&h, argc, argv);
	hx_cleanup(&h);
	fclose(fo);
	fclose(fe);
	return rc;
}
