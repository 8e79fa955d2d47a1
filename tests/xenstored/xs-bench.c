/* SPDX-License-Identifier: MIT */
/*
 * xs-bench: xenstore request throughput over a Unix socket, speaking the
 * wire protocol directly (struct xsd_sockmsg + payload), so every daemon is
 * measured with the same client.
 *
 *   xs-bench SOCKET seq SECONDS    WRITE then READ, one request at a time
 *   xs-bench SOCKET pipe SECONDS   WRITE/READ pairs, 16 requests in flight
 *
 * Prints "<mode> <pairs> pairs in <s> s: <pairs/s> pairs/s (<req/s> req/s)".
 * Every reply is checked (type, req_id order, READ value), so a daemon that
 * answers wrongly makes the run fail instead of looking fast.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* struct sockaddr_un with -std=c11 */
#endif
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <public/io/xs_wire.h>

#define DEPTH 16

static int sock;
static unsigned char rbuf[1 << 16];
static size_t rlen;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *msg)
{
	fprintf(stderr, "xs-bench: %s\n", msg);
	exit(1);
}

/* Build request number `seq`: even = WRITE /bench/kN vN, odd = READ /bench/kN. */
static size_t build(unsigned char *out, uint32_t seq)
{
	char payload[64];
	uint32_t key = (seq / 2) % 64, len;
	struct xsd_sockmsg h;

	if (seq % 2 == 0)
		len = snprintf(payload, sizeof(payload), "/bench/k%u%cv%u", key, 0, seq / 2);
	else
		len = snprintf(payload, sizeof(payload), "/bench/k%u", key) + 1;
	h = (struct xsd_sockmsg){ seq % 2 ? XS_READ : XS_WRITE, seq, 0, len };
	memcpy(out, &h, sizeof(h));
	memcpy(out + sizeof(h), payload, len);
	return sizeof(h) + len;
}

static void send_all(const unsigned char *p, size_t len)
{
	while (len) {
		ssize_t n = write(sock, p, len);

		if (n <= 0)
			die("write failed");
		p += n;
		len -= n;
	}
}

/* Wait for the reply to request `seq` and check it. */
static void expect(uint32_t seq)
{
	struct xsd_sockmsg h;
	char want[32];

	for (;;) {
		if (rlen >= sizeof(h)) {
			memcpy(&h, rbuf, sizeof(h));
			if (rlen >= sizeof(h) + h.len)
				break;
		}
		ssize_t n = read(sock, rbuf + rlen, sizeof(rbuf) - rlen);

		if (n <= 0)
			die("connection closed");
		rlen += n;
	}
	if (h.req_id != seq)
		die("reply out of order");
	if (h.type != (seq % 2 ? XS_READ : XS_WRITE))
		die("error reply");
	if (seq % 2) {
		int wl = snprintf(want, sizeof(want), "v%u", seq / 2);

		if (h.len != (uint32_t)wl || memcmp(rbuf + sizeof(h), want, wl))
			die("wrong value read back");
	}
	memmove(rbuf, rbuf + sizeof(h) + h.len, rlen - sizeof(h) - h.len);
	rlen -= sizeof(h) + h.len;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	unsigned char msg[128];
	uint32_t sent = 0, done = 0;
	double secs, t0, t;
	bool pipe;

	if (argc != 4)
		die("usage: xs-bench SOCKET seq|pipe SECONDS");
	pipe = !strcmp(argv[2], "pipe");
	secs = atof(argv[3]);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", argv[1]);
	sock = socket(AF_UNIX, SOCK_STREAM, 0);
	if (sock < 0 || connect(sock, (struct sockaddr *)&addr, sizeof(addr)))
		die("cannot connect");
	t0 = now();
	do {
		for (int i = 0; i < 256; i++) {
			if (pipe) {
				/* keep DEPTH requests in flight; a READ follows its WRITE */
				while (sent - done < DEPTH)
					send_all(msg, build(msg, sent++));
				expect(done++);
			} else {
				send_all(msg, build(msg, sent++));
				expect(done++);
			}
		}
		t = now() - t0;
	} while (t < secs);
	while (done < sent)
		expect(done++);
	t = now() - t0;
	printf("%s %u pairs in %.2f s: %.0f pairs/s (%.0f req/s)\n", pipe ? "pipelined-16" : "sequential",
	       done / 2, t, done / 2 / t, done / t);
	return 0;
}
