/* SPDX-License-Identifier: MIT */
/* hx: entry point (all work is in hx_run, which the host tests call directly). */
#include "hx.h"

int main(int argc, char **argv)
{
	struct hx h = { .out = stdout, .err = stderr };
	int rc = hx_run(&h, argc, argv);

	hx_cleanup(&h);
	return rc;
}
