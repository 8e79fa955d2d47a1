/* SPDX-License-Identifier: MIT */
/*
 * xl.cfg parser (tools/hx/cfg.c): values, defaults, derived command line,
 * and that every error names the file, the line, the key and the problem.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "unit.h"

static struct hx_cfg cfg;
static char err[512];
static char *warn;
static size_t warn_len;

static int parse(const char *text)
{
	FILE *w;
	int rc;

	free(warn);
	warn = NULL;
	w = open_memstream(&warn, &warn_len);
	rc = hx_cfg_parse(&cfg, "g.cfg", text, strlen(text), err, sizeof(err), w);
	fclose(w);
	return rc;
}

UNIT_TEST(full_config)
{
	CHECK_EQ(parse("# a guest\n"
		       "name = \"web1\"\n"
		       "memory = 512; vcpus = 2\n"
		       "maxvcpus = 4\n"
		       "maxmem = 0x400\n"
		       "kernel = '/boot/Image'\n"
		       "ramdisk = \"/boot/initrd\"   # comment after a value\n"
		       "extra = \"console=hvc0 quiet\"\n"
		       "root = \"/dev/xvda\"\n"
		       "on_poweroff = \"preserve\"\n"
		       "on_reboot = \"destroy\"\n"
		       "on_crash = \"coredump-restart\"\n"
		       "uuid = \"01234567-89ab-cdef-0123-456789ABCDEF\"\n"
		       "type = \"pvh\"\n"),
		 0);
	CHECK(!strcmp(cfg.name, "web1"));
	CHECK_EQ(cfg.memory_mib, 512);
	CHECK_EQ(cfg.maxmem_mib, 1024);
	CHECK_EQ(cfg.vcpus, 2);
	CHECK_EQ(cfg.maxvcpus, 4);
	CHECK(!strcmp(cfg.kernel, "/boot/Image"));
	CHECK(!strcmp(cfg.ramdisk, "/boot/initrd"));
	CHECK(!strcmp(cfg.cmdline, "root=/dev/xvda console=hvc0 quiet"));
	CHECK_EQ(cfg.on_poweroff, HX_ACTION_PRESERVE);
	CHECK_EQ(cfg.on_reboot, HX_ACTION_DESTROY);
	CHECK_EQ(cfg.on_crash, HX_ACTION_COREDUMP_RESTART);
	CHECK(cfg.has_uuid);
	CHECK_EQ(cfg.uuid[0], 0x01);
	CHECK_EQ(cfg.uuid[15], 0xef);
	CHECK_EQ(warn_len, 0);
}

UNIT_TEST(defaults_and_cmdline_precedence)
{
	CHECK_EQ(parse("name='a'\nkernel='k'\ncmdline=\"c=1\"\nextra=\"x\"\n"), 0);
	CHECK_EQ(cfg.memory_mib, 128);
	CHECK_EQ(cfg.maxmem_mib, 128);
	CHECK_EQ(cfg.vcpus, 1);
	CHECK_EQ(cfg.maxvcpus, 1);
	CHECK_EQ(cfg.on_poweroff, HX_ACTION_DESTROY);
	CHECK_EQ(cfg.on_reboot, HX_ACTION_RESTART);
	CHECK(!strcmp(cfg.cmdline, "c=1"));
	CHECK(strstr(warn, "cmdline is set, so root and extra are ignored"));
	CHECK(!cfg.ramdisk[0]);
	/* quoted numbers, escapes, a list over several lines */
	CHECK_EQ(parse("name='b'\nkernel=\"k\\x41\\\"\\n\"\nmemory=\"64\"\n"
		       "disk = [ 'a',\n   'b', ]\n"),
		 0);
	CHECK(!strcmp(cfg.kernel, "kA\"\n"));
	CHECK_EQ(cfg.memory_mib, 64);
	CHECK(strstr(warn, "g.cfg:4: warning: disk: not supported by hx, ignored"));
}

UNIT_TEST(unknown_keys_are_warnings)
{
	CHECK_EQ(parse("name='a'\nkernel='k'\nfrobnicate = 3\n"), 0);
	CHECK(strstr(warn, "g.cfg:3: warning: frobnicate: unknown key, ignored"));
}

static void check_error(const char *text, const char *want)
{
	CHECK_EQ(parse(text), -1);
	if (!strstr(err, want))
		fprintf(stderr, "  got error '%s', wanted '%s'\n", err, want);
	CHECK(strstr(err, want));
}

UNIT_TEST(errors_name_file_line_key_problem)
{
	check_error("name='a'\nkernel='k'\nmemory = lots\n",
		    "g.cfg:3: memory: expected a number, got 'lots'");
	check_error("name='a'\nkernel='k'\nmemory = 0\n", "g.cfg:3: memory: 0 MiB is out of range");
	check_error("name='a'\nkernel='k'\nvcpus = 129\n", "g.cfg:3: vcpus: 129 is out of range (1-128)");
	check_error("name='a'\nkernel='k'\nvcpus = [1]\n",
		    "g.cfg:3: vcpus: expected a number, got a list");
	check_error("name = a\n", "g.cfg:1: name: expected a quoted string, got a number");
	check_error("name = ''\n", "g.cfg:1: name: must not be empty");
	check_error("name = '7up'\n", "g.cfg:1: name: '7up' may not contain '/' nor start with a digit");
	check_error("\n\nname 'a'\n", "g.cfg:3: syntax error: expected '=' after 'name'");
	check_error("name = 'a\n", "g.cfg:1: name: string not closed before the end of the line");
	check_error("name='a'\nkernel='k'\nextra = \"\\q\"\n", "g.cfg:3: extra: unknown escape '\\q'");
	check_error("name='a'\ndisk = [ 'x'\n", "g.cfg:2: disk: list not closed with ']'");
	check_error("name='a' kernel='k'\n",
		    "g.cfg:1: name: unexpected 'k' after the value (missing ';' or newline?)");
	check_error("name='a'\nkernel='k'\non_crash = 'explode'\n",
		    "g.cfg:3: on_crash: unknown action 'explode'");
	check_error("name='a'\nkernel='k'\nmemory=256\nmaxmem=128\n",
		    "g.cfg:3: memory: 256 MiB is more than maxmem (128 MiB)");
	check_error("name='a'\nkernel='k'\nvcpus=4\nmaxvcpus=2\n",
		    "g.cfg:4: maxvcpus: 2 is less than vcpus (4)");
	check_error("kernel='k'\n", "g.cfg: name: missing");
	check_error("name='a'\n", "g.cfg: kernel: missing");
	check_error("name='a'\nkernel='k'\ntype='hvm'\n", "g.cfg:3: type: 'hvm' is not available on Arm");
	check_error("name='a'\nkernel='k'\nuuid='1234'\n", "g.cfg:3: uuid: '1234' is not of the form");
	check_error("name='a'\nkernel='k'\ndisk += ['x']\n", "g.cfg:3: disk: '+=' is not supported");
	check_error("=3\n", "g.cfg:1: syntax error: expected a key, found '='");
	check_error("name='a'\nkernel=\n", "g.cfg:2: kernel: missing value after '='");
}

UNIT_TEST(load_reports_missing_file)
{
	CHECK_EQ(hx_cfg_load(&cfg, "/nonexistent/g.cfg", err, sizeof(err), NULL), -1);
	CHECK(strstr(err, "/nonexistent/g.cfg: cannot open: No such file or directory"));
}

UNIT_MAIN()
