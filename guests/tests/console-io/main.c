/* SPDX-License-Identifier: MIT */
/*
 * console-io: __HYPERVISOR_console_io (Xen drivers/char/console.c
 * do_console_io) for a boot-time domU, which hospes, like Xen's dom0less
 * "console" domains, lets use it. CONSOLEIO_write prints a line that the
 * runner expects on the serial log (also in pieces and across the
 * hypervisor's 128-byte chunks); CONSOLEIO_read returns 0 bytes when no
 * input is queued; a read count above INT_MAX is -E2BIG; a write from a bad
 * pointer -EFAULT; unknown commands -ENOSYS.
 */
#include <xen.h>

#define BAD_PTR ((void *)0x10000000UL)

static long write_str(const char *s)
{
	return xen_console_io(CONSOLEIO_write, strlen(s), s);
}

void test_main(void)
{
	static char line[300];
	static char in[64];
	size_t n;

	xen_require();
	expect_continue(true);

	expect_eq(write_str("console-io: hello from CONSOLEIO_write\n"), 0, "CONSOLEIO_write");
	/* One line in three calls. */
	expect_eq(write_str("console-io: pieces "), 0, "CONSOLEIO_write(piece 1)");
	expect_eq(write_str("one, "), 0, "CONSOLEIO_write(piece 2)");
	expect_eq(write_str("two\n"), 0, "CONSOLEIO_write(piece 3)");
	/* A line longer than the hypervisor's copy chunk. */
	n = (size_t)snprintf(line, sizeof(line), "console-io: long line ");
	for (; n < 250; n++)
		line[n] = (char)('a' + n % 26);
	memcpy(line + n, " end\n", 6);
	expect_eq(write_str(line), 0, "CONSOLEIO_write(%zu bytes)", strlen(line));
	expect_eq(xen_console_io(CONSOLEIO_write, 0, line), 0, "CONSOLEIO_write(0 bytes)");
	expect_eq(xen_console_io(CONSOLEIO_write, 0, BAD_PTR), 0,
		  "CONSOLEIO_write(0 bytes, bad pointer)");
	expect_eq(xen_console_io(CONSOLEIO_write, 16, BAD_PTR), -XEN_EFAULT,
		  "CONSOLEIO_write(bad pointer)");
	/* 8 bytes of RAM, then the end of it. */
	expect_eq(xen_console_io(CONSOLEIO_write, 16, (void *)(0x44000000UL - 8)), -XEN_EFAULT,
		  "CONSOLEIO_write(buffer crossing the end of RAM)");
	write_str("\n");

	memset(in, 0x5a, sizeof(in));
	expect_eq(xen_console_io(CONSOLEIO_read, sizeof(in), in), 0,
		  "CONSOLEIO_read with no input queued");
	expect_eq(in[0], 0x5a, "CONSOLEIO_read wrote nothing");
	expect_eq(xen_console_io(CONSOLEIO_read, 0, in), 0, "CONSOLEIO_read(0 bytes)");
	expect_eq(xen_console_io(CONSOLEIO_read, sizeof(in), BAD_PTR), 0,
		  "CONSOLEIO_read(bad pointer, nothing to copy)");
	expect_eq(xen_console_io(CONSOLEIO_read, 0x7fffffffUL, in), 0,
		  "CONSOLEIO_read(INT_MAX bytes)");
	expect_eq(xen_console_io(CONSOLEIO_read, 0x80000000UL, in), -XEN_E2BIG,
		  "CONSOLEIO_read(INT_MAX + 1 bytes)");
	expect_eq(xen_console_io(CONSOLEIO_read, 0xffffffffUL, in), -XEN_E2BIG,
		  "CONSOLEIO_read(UINT_MAX bytes)");

	expect_eq(xen_console_io(2, 4, "abc"), -XEN_ENOSYS, "console_io cmd 2");
	expect_eq(xen_console_io(99, 4, "abc"), -XEN_ENOSYS, "console_io cmd 99");

	test_result(SUCCESS, "write reached the log, read empty, E2BIG, EFAULT, ENOSYS");
}
