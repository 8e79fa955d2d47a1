/* SPDX-License-Identifier: MIT */
/*
 * A minimal xenstored for the toolstack's host tests: a child process
 * serving the wire protocol on a Unix socket, one connection at a time,
 * from a flat table of nodes (no permissions, transactions always commit).
 */
#ifndef TESTS_FAKEXS_H
#define TESTS_FAKEXS_H

#include <sys/types.h>

/* Start serving on @path (removed first); returns the child's pid */
pid_t fakexs_start(const char *path);
void fakexs_stop(pid_t pid);

#endif
