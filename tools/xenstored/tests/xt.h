/* SPDX-License-Identifier: MIT */
/*
 * Test harness for hx-xenstored's host tests. Tests are registered with
 * XT_TEST(name) and checked with CHECK/CHECK_EQ from the host unit-test
 * harness (tests/unit/unit.h) plus CHECK_STR; xt.c's runner (not
 * UNIT_MAIN) runs each in a fresh daemon state (store, domains, quotas),
 * optionally only the one named on the command line, and prints
 * "xenstored <name>: PASS|FAIL" per test and a final "N passed, N failed".
 *
 * Clients talk to the daemon core in-process: a socket client uses a
 * socketpair (control domain), a domain client is introduced by dom0 and
 * speaks through a memory ring page exactly like a guest would. Payloads are
 * written with '|' standing for NUL, as in docs/misc/xenstore.txt, and
 * replies come back the same way; an ERROR reply reads "!ENAME".
 */
#ifndef XT_H
#define XT_H

#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "xenstored.h"

/* A xenstored test: a unit test run by xt.c's runner */
#define XT_TEST(tname) UNIT_TEST(tname)

#define CHECK_STR(a, b)                                                         \
	do {                                                                    \
		const char *a_ = (a), *b_ = (b);                                \
		if (strcmp(a_, b_)) {                                           \
			fprintf(stderr, "%s:%d: CHECK_STR failed: %s\n  got  \"%s\"\n  want \"%s\"\n", \
				__FILE__, __LINE__, #a, a_, b_);                \
			unit_failed_checks++;                                   \
		}                                                               \
	} while (0)

/** struct xt_client - one test client */
struct xt_client {
	int fd;                     /* socket clients: our end */
	struct xs_conn *conn;       /* the daemon's side */
	uint32_t domid;             /* ring clients */
	struct xenstore_domain_interface *intf;
	uint32_t next_req;
	char events[8192];          /* "path|token|;" per event received */
	struct xsd_sockmsg last;    /* header of the last reply */
};

struct xt_client *xt_socket(void);
struct xt_client *xt_domain(uint32_t domid);
struct xt_client *xt_local(void); /* dom0's kernel ring (XS_LOCAL) */
void xt_close(struct xt_client *c);

/* Send a request ('|' = NUL) and return the reply ('|' = NUL, "!E..." for
 * errors, "(none)" if no reply came). Events seen meanwhile are kept. */
const char *xt(struct xt_client *c, uint32_t type, uint32_t tx, const char *payload);
/* Same with a raw payload of len bytes. */
const char *xt_raw(struct xt_client *c, uint32_t type, uint32_t tx, const void *p,
		   uint32_t len);
/* Send raw bytes, let the daemon run, collect whatever arrives. */
void xt_send_bytes(struct xt_client *c, const void *p, uint32_t len);
int xt_recv_all(struct xt_client *c); /* messages received */
/* Pending events as "path|token|;..." (and forget them). */
const char *xt_events(struct xt_client *c);
/* Run the daemon on every connection until nothing moves. */
void xt_pump(void);

/* Test backend state for ring domains */
extern int xt_notify_count[64];
struct xenstore_domain_interface *xt_page(uint32_t domid);

#endif /* XT_H */
