/* SPDX-License-Identifier: MIT */
/*
 * hx commands end to end on the host: hx_run() with the control library
 * backed by the stand-in hypervisor (fakexen.c) and, where a test needs
 * one, the stand-in xenstored (fakexs.c). Checks xl's output formats, the
 * hypercalls made, and that failures name the operation and the reason.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cfg.h"
#include "fakexen.h"
#include "fakexs.h"
#include "hx.h"
#include <public/trace.h>

#include "hxrun.h"
#include "unit.h"

static void setup(void)
{
	struct fake_dom *d;

	alarm(60); /* a hang fails the test instead of blocking make unit */
	setenv("XENSTORED_PATH", "/nonexistent/hx-test-socket", 1);
	fakexen_init(&fx);
	fakexen_add(&fx, 0, 4, 131072);      /* 512 MiB */
	d = fakexen_add(&fx, 1, 2, 65536);   /* 256 MiB */
	d->flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_blocked;
	d = fakexen_add(&fx, 3, 1, 16384);   /* 64 MiB, shut down (crash) */
	d->flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_shutdown | (3u << XEN_DOMINF_shutdownshift);
}

UNIT_TEST(list_prints_xl_columns_and_states)
{
	setup();
	CHECK_EQ(run("list"), 0);
	CHECK(strstr(out, "Name                                        ID   Mem VCPUs\tState\tTime(s)\n") ==
	      out);
	CHECK(strstr(out, "Domain-0                                     0   512     4     r-----       1.5\n"));
	CHECK(strstr(out, "(null)                                       1   256     2     -b----       3.0\n"));
	CHECK(strstr(out, "(null)                                       3    64     1     ---sc-       6.0\n"));
	CHECK_EQ(fx.interface_version_seen, 0x15);
}

UNIT_TEST(list_one_domain_and_json)
{
	setup();
	CHECK_EQ(run("list 1"), 0);
	CHECK(strstr(out, "     1   256     2"));
	CHECK(!strstr(out, "Domain-0"));
	CHECK_EQ(run("list -l"), 0);
	CHECK(out[0] == '[');
	CHECK(strstr(out, "\"domid\": 0,\n        \"name\": \"Domain-0\""));
	CHECK(strstr(out, "\"domid\": 3,\n        \"name\": null"));
	CHECK(strstr(out, "\"shutdown_reason\": 3"));
	CHECK(strstr(out, "\"current_memkb\": 262144"));
	CHECK_EQ(run("list 7"), 1);
	CHECK(strstr(err, "getdomaininfo d7: no such domain"));
}

UNIT_TEST(info_prints_physinfo_and_version)
{
	setup();
	CHECK_EQ(run("info"), 0);
	CHECK(strstr(out, "nr_cpus                : 4\n"));
	CHECK(strstr(out, "virt_caps              : hvm hap gnttab-v1\n"));
	CHECK(strstr(out, "total_memory           : 2048\n"));
	CHECK(strstr(out, "free_memory            : 1024\n"));
	CHECK(strstr(out, "free_cpus              : 1\n"));
	CHECK(strstr(out, "xen_major              : 4\n"));
	CHECK(strstr(out, "xen_version            : 4.17.0-hospes\n"));
	CHECK(strstr(out, "xen_caps               : xen-3.0-aarch64 \n"));
	CHECK(strstr(out, "xen_scheduler          : credit2\n"));
	CHECK(strstr(out, "xen_pagesize           : 4096\n"));
	CHECK(strstr(out, "xen_commandline        : loglvl=info\n"));
	CHECK(strstr(out, "cc_compile_by          : tester\n"));
	CHECK(strstr(out, "xend_config_format     : 4\n"));
}

UNIT_TEST(errors_name_the_failing_hypercall)
{
	setup();
	fx.fail_sysctl = XEN_SYSCTL_physinfo;
	fx.fail_errno = 38; /* ENOSYS */
	CHECK_EQ(run("info"), 1);
	CHECK(strstr(err, "hx info: sysctl physinfo: not implemented by the hypervisor (-ENOSYS)"));
	CHECK(strstr(out, "xen_version            : 4.17.0-hospes\n")); /* the rest still prints */
	fx.fail_sysctl = XEN_SYSCTL_getdomaininfolist;
	fx.fail_errno = 1; /* EPERM */
	CHECK_EQ(run("list"), 1);
	CHECK(strstr(err, "sysctl getdomaininfolist: permission denied"));
	CHECK(strstr(err, "(-EPERM)"));
	fx.fail_sysctl = 0;
	fx.fail_domctl = XEN_DOMCTL_pausedomain;
	fx.fail_errno = 13; /* EACCES */
	CHECK_EQ(run("pause 1"), 1);
	CHECK(strstr(err, "pausedomain d1: interface version mismatch or access denied (-EACCES)"));
}

UNIT_TEST(dmesg_reads_incrementally_and_clears)
{
	static char big[20000];

	setup();
	fakexen_console(&fx, "(XEN) hospes starting\n");
	memset(big, 'x', sizeof(big) - 2);
	big[sizeof(big) - 2] = '\n';
	fakexen_console(&fx, "(XEN) line two\n");
	CHECK_EQ(run("dmesg"), 0);
	CHECK(!strcmp(out, "(XEN) hospes starting\n(XEN) line two\n"));
	/* more than one 16 KiB chunk, kept by the 8 KiB fake ring: the newest 8 KiB */
	fakexen_console(&fx, big);
	CHECK_EQ(run("dmesg -c"), 0);
	CHECK_EQ(out_len, sizeof(fx.conring));
	CHECK_EQ(fx.con_cons, fx.con_prod);
	CHECK_EQ(run("dmesg"), 0);
	CHECK_EQ(out_len, 0);
	CHECK_EQ(run("dmesg -x"), 1);
}

UNIT_TEST(debug_keys_are_passed)
{
	setup();
	CHECK_EQ(run("debug-keys q"), 0);
	CHECK_EQ(run("debug-keys 0e"), 0);
	CHECK(!strcmp(fx.keys, "q0e"));
	CHECK_EQ(run("debug-keys"), 1);
}

UNIT_TEST(pause_unpause_destroy)
{
	setup();
	CHECK_EQ(run("pause 1"), 0);
	CHECK(fx.doms[1].flags & XEN_DOMINF_paused);
	CHECK_EQ(run("list 1"), 0);
	CHECK(strstr(out, "-bp---"));
	CHECK_EQ(run("unpause 1"), 0);
	CHECK(!(fx.doms[1].flags & XEN_DOMINF_paused));
	CHECK_EQ(run("destroy 1"), 0);
	CHECK(!fx.doms[1].exists);
	CHECK_EQ(fx.calls[XEN_DOMCTL_pausedomain], 2); /* pause, then destroy's pause */
	CHECK_EQ(fx.calls[XEN_DOMCTL_destroydomain], 1);
	CHECK_EQ(run("destroy 1"), 1);
	CHECK(strstr(err, "getdomaininfo d1: no such domain"));
	CHECK_EQ(run("destroy 0"), 1);
	CHECK(strstr(err, "cannot destroy privileged domain 0"));
	CHECK(fx.doms[0].exists);
	CHECK_EQ(run("destroy nosuch"), 1);
	CHECK(strstr(err, "'nosuch' is not the name or id of an existing domain"));
}

UNIT_TEST(vcpu_list_and_context)
{
	setup();
	CHECK_EQ(run("vcpu-list 1"), 0);
	CHECK(strstr(out, "Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)\n"));
	CHECK(strstr(out, "(null)                               1     0    0   r--       0.2  0,2 / all\n"));
	CHECK(strstr(out, "(null)                               1     1    1   -b-       0.5  0,2 / all\n"));
	CHECK(!strstr(out, "Domain-0"));
	CHECK_EQ(run("vcpu-list"), 0);
	CHECK(strstr(out, "Domain-0                             0     3    3   -b-       1.0  all / all\n"));
	CHECK_EQ(run("vcpu-context 1 1"), 0);
	CHECK(strstr(out, "d1v1:\n"));
	CHECK(strstr(out, "PC:       ffff800008000001\n"));
	CHECK(strstr(out, "CPSR:     000003c5  (EL1h D A I F)\n"));
	CHECK(strstr(out, " x0:  0000000000001001\t"));
	CHECK(strstr(out, "SCTLR:    0000000000c50078\n"));
	CHECK(!strstr(out, "d1v0"));
	CHECK_EQ(run("vcpu-context 1"), 0);
	CHECK(strstr(out, "d1v0:\n") && strstr(out, "d1v1:\n"));
	CHECK_EQ(run("vcpu-context 1 2"), 1);
	CHECK(strstr(err, "d1 has no vCPU '2' (vCPUs 0-1)"));
}

UNIT_TEST(domid_domname_uptime_without_xenstore)
{
	setup();
	CHECK_EQ(run("domid Domain-0"), 0);
	CHECK(!strcmp(out, "0\n"));
	CHECK_EQ(run("domname 0"), 0);
	CHECK(!strcmp(out, "Domain-0\n"));
	CHECK_EQ(run("domname 1"), 1);
	CHECK(strstr(err, "d1 has no name"));
	CHECK_EQ(run("domname 5"), 1);
	CHECK(strstr(err, "getdomaininfo d5: no such domain"));
	CHECK_EQ(run("uptime"), 0);
	CHECK(strstr(out, "Name                                ID Uptime\n") == out);
	CHECK(strstr(out, "Domain-0                             0 "));
	CHECK(strstr(out, "(null)                               3 "));
	CHECK_EQ(run("uptime 3"), 0);
	CHECK(!strstr(out, "Domain-0"));
}

UNIT_TEST(shutdown_needs_xenstore)
{
	setup();
	CHECK_EQ(run("shutdown 1"), 1);
	CHECK(strstr(err, "cannot ask d1 to poweroff: no xenstore"));
	CHECK(strstr(err, "hx destroy 1"));
	CHECK(fx.doms[1].exists);
}

static const char *write_file(const char *name, const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/hx-test-%d-%s", getpid(), name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

UNIT_TEST(shutdown_and_names_through_xenstore)
{
	char sock[64];
	struct xstore *xs;
	pid_t pid;
	char *v;

	setup();
	snprintf(sock, sizeof(sock), "/tmp/hx-test-%d.sock", getpid());
	pid = fakexs_start(sock);
	setenv("XENSTORED_PATH", sock, 1);
	xs = xstore_open();
	CHECK(xs != NULL);
	if (!xs) {
		fakexs_stop(pid);
		return;
	}
	CHECK_EQ(xstore_write_str(xs, 0, "/local/domain/1/name", "web"), 0);
	xstore_close(xs);
	CHECK_EQ(run("list"), 0);
	CHECK(strstr(out, "\nweb                                          1   256"));
	CHECK_EQ(run("domid web"), 0);
	CHECK(!strcmp(out, "1\n"));
	CHECK_EQ(run("shutdown web"), 0);
	CHECK_EQ(run("reboot 1"), 0);
	xs = xstore_open();
	v = xs ? xstore_read(xs, 0, "/local/domain/1/control/shutdown", NULL) : NULL;
	CHECK(v && !strcmp(v, "reboot"));
	free(v);
	/* d3 has no /local/domain/3: a domain without xenstore */
	CHECK_EQ(run("shutdown 3"), 1);
	CHECK(strstr(err, "cannot ask d3 to poweroff: it has no xenstore connection"));
	/* destroy removes the domain's nodes */
	CHECK_EQ(run("destroy web"), 0);
	v = xstore_read(xs, 0, "/local/domain/1/name", NULL);
	CHECK(v == NULL);
	free(v);
	xstore_close(xs);
	fakexs_stop(pid);
	unlink(sock);
	setenv("XENSTORED_PATH", "/nonexistent/hx-test-socket", 1);
}

UNIT_TEST(create_reports_config_errors)
{
	const char *cfg;

	setup();
	cfg = write_file("bad.cfg", "name = \"g\"\nmemory = lots\nkernel = \"/k\"\n");
	CHECK_EQ(run("create /dev/null"), 1); /* no name, no kernel */
	CHECK(strstr(err, "/dev/null: name: missing"));
	{
		char args[200];

		snprintf(args, sizeof(args), "create %s", cfg);
		CHECK_EQ(run(args), 1);
		CHECK(strstr(err, ":2: memory: expected a number, got 'lots'"));
	}
	CHECK_EQ(fx.calls[XEN_DOMCTL_createdomain], 0);
	unlink(cfg);
}

UNIT_TEST(create_rolls_back_a_failed_build)
{
	char args[300], kpath[128];
	const char *cfg;
	FILE *f;
	int i, n = 0;

	setup();
	snprintf(kpath, sizeof(kpath), "/tmp/hx-test-%d-kernel", getpid());
	f = fopen(kpath, "w");
	for (i = 0; i < 8192; i++)
		fputc(i & 0xff, f);
	fclose(f);
	snprintf(args, sizeof(args), "name = \"g1\"\nmemory = 64\nvcpus = 2\nkernel = \"%s\"\n",
		 kpath);
	cfg = write_file("g1.cfg", args);
	snprintf(args, sizeof(args), "create %s", cfg);
	/* The build fails at max_mem: everything done so far must be undone */
	fx.fail_domctl = XEN_DOMCTL_max_mem;
	fx.fail_errno = 12; /* ENOMEM */
	CHECK_EQ(run(args), 1);
	CHECK(strstr(err, "max_mem d2: out of memory (-ENOMEM)"));
	CHECK(strstr(err, "destroying the half-built domain d2"));
	CHECK_EQ(fx.calls[XEN_DOMCTL_createdomain], 1);
	CHECK_EQ(fx.calls[XEN_DOMCTL_max_vcpus], 1);
	CHECK_EQ(fx.calls[XEN_DOMCTL_destroydomain], 1);
	for (i = 0; i < FAKE_MAX_DOMS; i++)
		n += fx.doms[i].exists;
	CHECK_EQ(n, 3);
	/* On the host the build gets further and fails at the foreign mapping (no privcmd) */
	fx.fail_domctl = 0;
	CHECK_EQ(run(args), 1);
	CHECK(strstr(err, "cannot open /dev/xen/privcmd for foreign mappings"));
	CHECK(strstr(err, "destroying the half-built domain d2"));
	CHECK_EQ(fx.calls[XEN_DOMCTL_destroydomain], 2);
	CHECK_EQ(fx.calls[XEN_DOMCTL_set_paging_mempool_size], 1);
	CHECK(!fx.doms[2].exists);
	/* Dry run: no hypercall at all, the plan is printed */
	fx.fail_domctl = 0;
	snprintf(args, sizeof(args), "create -n %s", cfg);
	CHECK_EQ(run(args), 0);
	CHECK(strstr(out, "kernel:   /tmp/hx-test-"));
	CHECK(strstr(out, "at 0x40000000, entry 0x40000000\n"));
	CHECK(strstr(out, "dtb:      "));
	CHECK_EQ(fx.calls[XEN_DOMCTL_createdomain], 2);
	unlink(cfg);
	unlink(kpath);
}

UNIT_TEST(create_names_the_failed_memory_check)
{
	char args[300], kpath[128];
	const char *cfg;
	FILE *f;

	setup();
	snprintf(kpath, sizeof(kpath), "/tmp/hx-test-%d-kernel2", getpid());
	f = fopen(kpath, "w");
	for (int i = 0; i < 4096; i++)
		fputc(i & 0xff, f);
	fclose(f);
	snprintf(args, sizeof(args), "name = \"big\"\nmemory = 4096\nkernel = \"%s\"\n", kpath);
	cfg = write_file("big.cfg", args);
	snprintf(args, sizeof(args), "create %s", cfg);
	CHECK_EQ(run(args), 1);
	/* fakexen has 1 GiB free */
	CHECK(strstr(err, "'big': memory 4096 MiB exceeds the hypervisor's free memory 1024 MiB"));
	CHECK_EQ(fx.calls[XEN_DOMCTL_createdomain], 0);
	unlink(cfg);
	unlink(kpath);
}

UNIT_TEST(gdbsx_refuses_bad_arguments_by_name)
{
	setup();
	CHECK_EQ(run("gdbsx 1 0"), 1);
	CHECK(strstr(err, "hx gdbsx: port '0' is not a TCP port number (1-65535)"));
	CHECK_EQ(run("gdbsx 1 http"), 1);
	CHECK(strstr(err, "port 'http' is not a TCP port number"));
	CHECK_EQ(run("gdbsx 0 1234"), 1);
	CHECK(strstr(err, "d0 cannot debug itself"));
	CHECK_EQ(run("gdbsx 7 1234"), 1);
	CHECK(strstr(err, "getdomaininfo d7: no such domain"));
	CHECK_EQ(run("gdbsx 1"), 1);
	CHECK(strstr(err, "usage: hx gdbsx [-a] DOMAIN PORT"));
}

UNIT_TEST(guest_memio_errors_name_the_address)
{
	struct xctrl *x;
	uint32_t word = 0x12345678, back = 0, remain = 0;

	setup();
	x = xctrl_open_call(xcall_open_backend(fakexen_hypercall, &fx));
	CHECK(x != NULL);
	CHECK_EQ(xctrl_guest_memio(x, 1, FAKE_GUEST_VA + 8, &word, 4, true, &remain), 0);
	CHECK_EQ(xctrl_guest_memio(x, 1, FAKE_GUEST_VA + 8, &back, 4, false, &remain), 0);
	CHECK_EQ(back, 0x12345678u);
	CHECK_EQ(remain, 0u);
	CHECK_EQ(xctrl_guest_memio(x, 1, 0x1000, &back, 4, false, &remain), -14);
	CHECK_EQ(remain, 4u);
	CHECK(strstr(xctrl_error(x), "gdbsx_guestmemio d1: reading 4 bytes at guest VA 0x1000: "
				     "not mapped in the guest's page tables (-EFAULT)"));
	xctrl_close(x);
}

/*
 * Real gdb against `hx gdbsx` (run in a child, on fakexen): the register set,
 * memory, a single step and a breakpoint that is hit. Skipped without
 * gdb-multiarch.
 */
UNIT_TEST(gdb_multiarch_drives_hx_gdbsx)
{
	char cmd[1024], line[512], args[64], *log = NULL;
	size_t log_len = 0;
	unsigned int port = 20000 + (unsigned int)getpid() % 20000;
	struct fake_dom *d;
	FILE *p, *lf;
	pid_t child;
	int status;

	if (system("gdb-multiarch --version >/dev/null 2>&1") != 0) {
		printf("  (gdb-multiarch not installed: skipped)\n");
		return;
	}
	setup();
	d = &fx.doms[1];
	for (unsigned int i = 0; i < FAKE_GUEST_MEM; i += 4)
		memcpy(d->mem + i, &(uint32_t){ 0xd503201f }, 4); /* nop */
	d->ctx[0].user_regs.pc64 = FAKE_GUEST_VA;
	fflush(NULL);
	child = fork();
	if (child == 0) {
		snprintf(args, sizeof(args), "gdbsx 1 %u", port);
		_exit(run(args));
	}
	snprintf(cmd, sizeof(cmd),
		 "gdb-multiarch -nx -batch -ex 'set architecture aarch64' "
		 "-ex 'set tcp connect-timeout 20' -ex 'target remote 127.0.0.1:%u' "
		 "-ex 'p/x $pc' -ex 'x/1wx 0x40000000' -ex 'stepi' -ex 'p/x $pc' "
		 "-ex 'break *0x40000100' -ex 'continue' -ex 'p/x $pc' -ex 'detach' 2>&1",
		 port);
	p = popen(cmd, "r");
	CHECK(p != NULL);
	lf = open_memstream(&log, &log_len);
	while (fgets(line, sizeof(line), p))
		fputs(line, lf);
	pclose(p);
	fclose(lf);
	CHECK_EQ(waitpid(child, &status, 0), child);
	if (!strstr(log, "$3 = 0x40000100"))
		printf("gdb said:\n%s\n", log);
	CHECK(strstr(log, "$1 = 0x40000000"));
	CHECK(strstr(log, "0x40000000:\t0xd503201f"));
	CHECK(strstr(log, "$2 = 0x40000004"));
	CHECK(strstr(log, "Breakpoint 1, 0x0000000040000100"));
	CHECK(strstr(log, "$3 = 0x40000100"));
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(log);
}

UNIT_TEST(unknown_command_and_usage)
{
	setup();
	CHECK_EQ(run("frobnicate"), 1);
	CHECK(strstr(err, "unknown command 'frobnicate'"));
	CHECK_EQ(run("help"), 0);
	CHECK(strstr(out, "vcpu-context DOMAIN [VCPU]"));
}

UNIT_TEST(trace_start_stop_and_refusals)
{
	setup();
	/* Buffers are needed before enabling: stop works anyway (as Xen) */
	CHECK_EQ(run("trace stop"), 0);
	CHECK_EQ(run("trace start -e sched,pv -c 0,2-3 -s 16"), 0);
	CHECK_EQ(fx.tb_pages, 16);
	CHECK_EQ(fx.tb_evt_mask, TRC_SCHED | TRC_PV);
	CHECK_EQ(fx.tb_cpu_mask, 0xdULL);
	CHECK(fx.tb_enabled);
	CHECK_EQ(run("trace stop"), 0);
	CHECK(!fx.tb_enabled);
	/* Another size later: the buffers stay, with a warning; masks kept */
	CHECK_EQ(run("trace start -s 8"), 0);
	CHECK(strstr(err, "already exist with another size") != NULL);
	CHECK_EQ(fx.tb_pages, 16);
	CHECK_EQ(fx.tb_evt_mask, TRC_SCHED | TRC_PV);
	CHECK(fx.tb_enabled);
	/* Bad arguments are named */
	CHECK_EQ(run("trace start -e sched,nope"), 1);
	CHECK(strstr(err, "-e sched,nope: not a list of event classes") != NULL);
	CHECK_EQ(run("trace start -c 70"), 1);
	CHECK(strstr(err, "-c 70: not a CPU list") != NULL);
	CHECK_EQ(run("trace start -s 0"), 1);
	CHECK_EQ(run("trace record"), 1);
	CHECK(strstr(err, "record needs a FILE") != NULL);
	CHECK_EQ(run("trace frobnicate"), 1);
	/* The hypervisor's refusal is reported with the operation */
	fx.fail_sysctl = XEN_SYSCTL_tbuf_op;
	fx.fail_errno = EPERM;
	CHECK_EQ(run("trace stop"), 1);
	CHECK(strstr(err, "sysctl tbuf_op") != NULL);
	fx.fail_sysctl = 0;
	/* --summary of a missing file; the counter rate comes from physinfo */
	CHECK_EQ(run("trace --summary /nonexistent/trace.bin"), 1);
	CHECK(strstr(err, "cannot open /nonexistent/trace.bin") != NULL);
}

UNIT_MAIN()

/* One hx_monitor_step() on *domid with the given actions; messages in err */
static enum hx_mon_result monitor_step(unsigned int *domid, enum hx_action on_poweroff,
				       enum hx_action on_crash, const char *config)
{
	struct hx h = { 0 };
	struct hx_cfg cfg = { .on_poweroff = on_poweroff, .on_reboot = HX_ACTION_RESTART,
			      .on_crash = on_crash };
	enum hx_mon_result r;
	FILE *fe;

	free(err);
	err = NULL;
	strcpy(cfg.name, "g");
	fe = open_memstream(&err, &err_len);
	h.out = fe;
	h.err = fe;
	h.poll_ms = 1;
	h.x = xctrl_open_call(xcall_open_backend(fakexen_hypercall, &fx));
	r = hx_monitor_step(&h, domid, config, &cfg);
	hx_cleanup(&h);
	fclose(fe);
	return r;
}

UNIT_TEST(monitor_carries_out_shutdown_actions)
{
	unsigned int domid;

	setup();
	/* d1 runs: nothing to do */
	domid = 1;
	CHECK_EQ(monitor_step(&domid, HX_ACTION_DESTROY, HX_ACTION_DESTROY, "/nonexistent"),
		 HX_MON_RUNNING);
	CHECK_EQ(fx.calls[XEN_DOMCTL_destroydomain], 0);
	/* d3 crashed, on_crash=preserve: left alone, the monitor ends */
	domid = 3;
	CHECK_EQ(monitor_step(&domid, HX_ACTION_DESTROY, HX_ACTION_PRESERVE, "/nonexistent"),
		 HX_MON_DONE);
	CHECK(strstr(err, "g (d3) shut down, reason crash"));
	CHECK(strstr(err, "action preserve"));
	CHECK_EQ(fx.calls[XEN_DOMCTL_destroydomain], 0);
	/* on_crash=destroy: destroyed */
	CHECK_EQ(monitor_step(&domid, HX_ACTION_PRESERVE, HX_ACTION_DESTROY, "/nonexistent"),
		 HX_MON_DONE);
	CHECK_EQ(fx.calls[XEN_DOMCTL_destroydomain], 1);
	CHECK(!fx.doms[2].exists);
	/* gone: the monitor ends without touching anything */
	CHECK_EQ(monitor_step(&domid, HX_ACTION_DESTROY, HX_ACTION_DESTROY, "/nonexistent"),
		 HX_MON_DONE);
	CHECK(strstr(err, "g (d3) is gone"));
	CHECK_EQ(fx.calls[XEN_DOMCTL_destroydomain], 1);
	/* d1 powered off, on_poweroff=restart: destroyed, then rebuilt from the config
	 * (which fails here: no such file), and the failure is reported */
	domid = 1;
	fx.doms[1].flags = XEN_DOMINF_hvm_guest | XEN_DOMINF_shutdown;
	CHECK_EQ(monitor_step(&domid, HX_ACTION_RESTART, HX_ACTION_DESTROY, "/nonexistent"),
		 HX_MON_DONE);
	CHECK(strstr(err, "reason poweroff"));
	CHECK(strstr(err, "action restart"));
	CHECK(strstr(err, "restart of d1 from /nonexistent failed"));
	CHECK_EQ(fx.calls[XEN_DOMCTL_destroydomain], 2);
}

UNIT_TEST(create_refuses_coredump_actions)
{
	char args[200];
	const char *cfg;

	setup();
	cfg = write_file("dump.cfg", "name = \"g\"\nkernel = \"/dev/null\"\n"
				     "on_crash = \"coredump-destroy\"\n");
	snprintf(args, sizeof(args), "create %s", cfg);
	CHECK_EQ(run(args), 1);
	CHECK(strstr(err, "on_crash=\"coredump-destroy\" is not supported by hx"));
	CHECK_EQ(fx.calls[XEN_DOMCTL_createdomain], 0);
	unlink(cfg);
}
