/* SPDX-License-Identifier: MIT */
/*
 * Toolstack libraries on the host: the xenstore client against the
 * stand-in xenstored (fakexs.c), the console ring backend, and the
 * control library's envelope and error handling against a recording
 * backend.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xctrl.h>
#include <xstore.h>

#include "cring.h"
#include "fakexs.h"
#include "unit.h"

UNIT_TEST(xstore_read_write_directory_rm)
{
	char sock[64], *v, **names;
	unsigned int n;
	size_t len;
	uint32_t tx;
	struct xstore *xs;
	pid_t pid;

	alarm(60);
	snprintf(sock, sizeof(sock), "/tmp/hx-libs-%d.sock", getpid());
	pid = fakexs_start(sock);
	setenv("XENSTORED_PATH", sock, 1);
	CHECK(!strcmp(xstore_path(), sock));
	xs = xstore_open();
	CHECK(xs != NULL);
	if (!xs) {
		fakexs_stop(pid);
		return;
	}
	CHECK_EQ(xstore_write_str(xs, 0, "/local/domain/1/name", "web"), 0);
	CHECK_EQ(xstore_write(xs, 0, "/local/domain/1/bin", "a\0b", 3), 0);
	v = xstore_read(xs, 0, "/local/domain/1/name", &len);
	CHECK(v && !strcmp(v, "web") && len == 3);
	free(v);
	v = xstore_read(xs, 0, "/local/domain/1/bin", &len);
	CHECK(v && len == 3 && v[1] == '\0' && v[2] == 'b' && v[3] == '\0');
	free(v);
	errno = 0;
	CHECK(xstore_read(xs, 0, "/local/domain/9/name", NULL) == NULL);
	CHECK_EQ(errno, ENOENT);
	names = xstore_directory(xs, 0, "/local/domain/1", &n);
	CHECK(names && n == 2 && names[2] == NULL);
	CHECK(names && (!strcmp(names[0], "name") || !strcmp(names[1], "name")));
	free(names);
	CHECK_EQ(xstore_transaction_start(xs, &tx), 0);
	CHECK_EQ(tx, 1);
	CHECK_EQ(xstore_mkdir(xs, tx, "/vm/x"), 0);
	CHECK_EQ(xstore_transaction_end(xs, tx, true), 0);
	CHECK_EQ(xstore_rm(xs, 0, "/local/domain/1"), 0);
	CHECK(xstore_read(xs, 0, "/local/domain/1/name", NULL) == NULL);
	/* errors come back as errno values */
	CHECK_EQ(xstore_is_introduced(xs, 4), 0);
	CHECK_EQ(xstore_introduce(xs, 4, 0x39001, 7), 0);
	CHECK_EQ(xstore_is_introduced(xs, 4), 1);
	CHECK_EQ(xstore_release(xs, 4), 0);
	CHECK_EQ(xstore_release(xs, 4), -ENOENT);
	v = xstore_get_domain_path(xs, 3);
	CHECK(v && !strcmp(v, "/local/domain/3"));
	free(v);
	xstore_close(xs);
	fakexs_stop(pid);
	unlink(sock);
}

UNIT_TEST(xstore_watch_events_are_queued)
{
	char sock[64], *path, *token, *v;
	struct xstore *xs;
	pid_t pid;

	alarm(60);
	snprintf(sock, sizeof(sock), "/tmp/hx-libs-w-%d.sock", getpid());
	pid = fakexs_start(sock);
	setenv("XENSTORED_PATH", sock, 1);
	xs = xstore_open();
	CHECK(xs != NULL);
	if (!xs) {
		fakexs_stop(pid);
		return;
	}
	/* The event fired by WATCH arrives after its reply, during the next request */
	CHECK_EQ(xstore_watch(xs, "@releaseDomain", "tok1"), 0);
	CHECK_EQ(xstore_write_str(xs, 0, "/a", "1"), 0);
	v = xstore_read(xs, 0, "/a", NULL);
	CHECK(v && !strcmp(v, "1"));
	free(v);
	CHECK_EQ(xstore_read_watch(xs, &path, &token), 0);
	CHECK(!strcmp(path, "@releaseDomain"));
	CHECK(!strcmp(token, "tok1"));
	free(path);
	xstore_close(xs);
	fakexs_stop(pid);
	unlink(sock);
}

UNIT_TEST(xstore_errno_names)
{
	CHECK_EQ(xstore_errno("ENOENT"), ENOENT);
	CHECK_EQ(xstore_errno("EACCES"), EACCES);
	CHECK_EQ(xstore_errno("EAGAIN"), EAGAIN);
	CHECK_EQ(xstore_errno("EWHATEVER"), EIO);
	setenv("XENSTORED_PATH", "/nonexistent/sock", 1);
	errno = 0;
	CHECK(xstore_open() == NULL);
	CHECK_EQ(errno, ENOENT);
}

UNIT_TEST(console_ring_wraps_and_rejects_corrupt_indices)
{
	static struct xencons_interface r;
	char buf[4096];
	long n;
	uint32_t i;

	memset(&r, 0, sizeof(r));
	/* guest output that wraps around the end of out[] */
	r.out_cons = r.out_prod = 0xfffffff0u;
	for (i = 0; i < 40; i++)
		r.out[(r.out_prod++) & (XENCONS_OUT_SIZE - 1)] = (char)('a' + i % 26);
	n = cring_read_out(&r, buf, 10);
	CHECK_EQ(n, 10);
	CHECK(!memcmp(buf, "abcdefghij", 10));
	n = cring_read_out(&r, buf, sizeof(buf));
	CHECK_EQ(n, 30);
	CHECK_EQ(buf[0], 'k');
	CHECK_EQ(r.out_cons, r.out_prod);
	CHECK_EQ(cring_read_out(&r, buf, sizeof(buf)), 0);
	/* input stops when in[] is full */
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(cring_write_in(&r, buf, 1000), 1000);
	CHECK_EQ(cring_write_in(&r, buf, 1000), XENCONS_IN_SIZE - 1000);
	CHECK_EQ(cring_write_in(&r, buf, 1), 0);
	r.in_cons += 5;
	CHECK_EQ(cring_write_in(&r, buf, 100), 5);
	/* a guest claiming more than the ring holds gets nothing copied */
	r.out_prod = r.out_cons + XENCONS_OUT_SIZE + 1;
	CHECK_EQ(cring_read_out(&r, buf, sizeof(buf)), -1);
	r.in_prod = r.in_cons + XENCONS_IN_SIZE + 1;
	CHECK_EQ(cring_write_in(&r, buf, 1), -1);
}

/* A backend that records the last hypercall and answers with a fixed result */
static uint64_t last_op, last_arg[5];
static long answer;
static struct xen_domctl seen_domctl;

static long recorder(void *ctx, uint64_t op, const uint64_t arg[5])
{
	(void)ctx;
	last_op = op;
	memcpy(last_arg, arg, sizeof(last_arg));
	if (op == __HYPERVISOR_domctl) {
		struct xen_domctl *d = (struct xen_domctl *)(uintptr_t)arg[0];

		seen_domctl = *d;
		if (answer == 0 && d->cmd == XEN_DOMCTL_getdomaininfo)
			d->u.getdomaininfo.domain = 9; /* "the next one is d9" */
	}
	return answer;
}

UNIT_TEST(xctrl_envelopes_and_errors)
{
	struct xctrl *x = xctrl_open_call(xcall_open_backend(recorder, NULL));
	struct xen_domctl_getdomaininfo info;
	struct vcpu_guest_context ctx;
	uint32_t port;

	CHECK(x != NULL);
	answer = 0;
	CHECK_EQ(xctrl_domain_pause(x, 3), 0);
	CHECK_EQ(last_op, __HYPERVISOR_domctl);
	CHECK_EQ(seen_domctl.cmd, XEN_DOMCTL_pausedomain);
	CHECK_EQ(seen_domctl.interface_version, 0x15);
	CHECK_EQ(seen_domctl.domain, 3);
	/* getdomaininfo answered with another domain: "no such domain" */
	CHECK_EQ(xctrl_domain_info(x, 7, &info), -ESRCH);
	CHECK(!strcmp(xctrl_error(x), "getdomaininfo d7: no such domain"));
	answer = -ESRCH;
	CHECK_EQ(xctrl_domain_unpause(x, 5), -ESRCH);
	CHECK(!strcmp(xctrl_error(x), "unpausedomain d5: no such domain"));
	answer = -ENOSYS;
	CHECK_EQ(xctrl_getvcpucontext(x, 2, 1, &ctx), -ENOSYS);
	CHECK(!strcmp(xctrl_error(x),
		      "getvcpucontext d2: not implemented by the hypervisor (-ENOSYS)"));
	CHECK_EQ(seen_domctl.u.vcpucontext.vcpu, 1);
	answer = -EINVAL;
	CHECK_EQ(xctrl_evtchn_alloc_unbound(x, 4, 0, &port), -EINVAL);
	CHECK(!strcmp(xctrl_error(x), "evtchn alloc_unbound d4 remote d0: invalid argument (-EINVAL)"));
	CHECK_EQ(last_op, __HYPERVISOR_event_channel_op);
	answer = -EACCES;
	CHECK_EQ(xctrl_debug_keys(x, "q"), -EACCES);
	CHECK(strstr(xctrl_error(x), "sysctl debug_keys: interface version mismatch"));
	answer = 2; /* populate_physmap: 2 of 3 extents */
	{
		xen_pfn_t gfns[3] = { 0x40000, 0x40200, 0x40400 };

		CHECK_EQ(xctrl_populate_physmap(x, 4, 3, 9, gfns), -ENOMEM);
		CHECK(strstr(xctrl_error(x), "only 2 of 3 extents of order 9 populated"));
	}
	xctrl_close(x);
}

UNIT_MAIN()
