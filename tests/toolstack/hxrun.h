/* SPDX-License-Identifier: MIT */
/*
 * Running hx commands in host tests: hx_run() with the control library
 * backed by the stand-in hypervisor `fx` (fakexen.c), output captured.
 */
#ifndef TESTS_HXRUN_H
#define TESTS_HXRUN_H

#include <stddef.h>

#include "fakexen.h"

extern struct fakexen fx;
extern char *out, *err;          /* the last command's stdout / stderr */
extern size_t out_len, err_len;

/* Run "hx ARGS" (space-separated words); returns the exit status */
int run(const char *args);

#endif
