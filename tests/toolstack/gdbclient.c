/* SPDX-License-Identifier: MIT */
/*
 * gdbclient - a minimal gdb remote-protocol client that checks `hx gdbsx`
 * from inside dom0 (there is no network from dom0 to the host's gdb).
 * Run by tests/toolstack/dom0/diag.sh against guests/tests/gdb-target:
 *
 *   gdbclient PORT DOMID LOOP COUNTER
 *
 * LOOP is the guest's gdb_target_loop (add; str; b LOOP), COUNTER its
 * gdb_target_counter, both from the guest ELF's symbols. Checks, in order:
 *   1. the stop reply and the PC from 'g' equal `hx vcpu-context DOMID 0`'s
 *      PC, and the PC is one of the loop's three instructions;
 *   2. 'm' reads the counter, 'M' writes a new value, 'm' reads it back;
 *   3. 's' single-steps: the PC advances by 4, or from the branch to LOOP;
 *   4. 'Z0' at LOOP, 'c': the guest stops with the PC at LOOP; 'z0' puts
 *      the original instruction back (read back with 'm');
 *   5. 'm' of an unmapped address answers an error;
 *   6. 'D' detaches.
 * Prints "GDBCLIENT: <check> ok" per check, "GDBCLIENT: FAIL <why>" and exit
 * status 1 on the first failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fd;
static char reply[8192];

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;

	printf("GDBCLIENT: FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(1);
}

static int read_byte(int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	unsigned char c;

	if (poll(&p, 1, timeout_ms) <= 0)
		return -1;
	if (read(fd, &c, 1) != 1)
		return -1;
	return c;
}

/* Send one packet, wait for '+', then for the reply packet (acked). */
static const char *xfer(const char *payload, int timeout_ms)
{
	char pkt[8300];
	unsigned int cs = 0;
	size_t n = 0;
	int c;

	for (const char *p = payload; *p; p++)
		cs += (unsigned char)*p;
	snprintf(pkt, sizeof(pkt), "$%s#%02x", payload, cs & 0xff);
	if (write(fd, pkt, strlen(pkt)) != (ssize_t)strlen(pkt))
		fail("write '%s': %s", payload, strerror(errno));
	while ((c = read_byte(timeout_ms)) != '$') {
		if (c < 0)
			fail("no reply to '%s' within %d ms", payload, timeout_ms);
	}
	while ((c = read_byte(timeout_ms)) != '#') {
		if (c < 0 || n >= sizeof(reply) - 1)
			fail("truncated reply to '%s'", payload);
		reply[n++] = (char)c;
	}
	reply[n] = '\0';
	read_byte(timeout_ms); /* checksum */
	read_byte(timeout_ms);
	if (write(fd, "+", 1) != 1)
		fail("write ack");
	return reply;
}

static uint64_t le_hex(const char *s, unsigned int bytes)
{
	uint64_t v = 0;
	char b[3] = { 0 };

	for (unsigned int i = 0; i < bytes; i++) {
		b[0] = s[2 * i];
		b[1] = s[2 * i + 1];
		v |= strtoull(b, NULL, 16) << (8 * i);
	}
	return v;
}

static uint64_t read_pc(void)
{
	const char *r = xfer("g", 5000);

	if (strlen(r) < 2 * (33 * 8 + 4))
		fail("'g' reply too short (%zu hex digits): %.40s", strlen(r), r);
	return le_hex(r + 2 * 32 * 8, 8);
}

static uint64_t read_mem(uint64_t addr, unsigned int len)
{
	char cmd[64];
	const char *r;

	snprintf(cmd, sizeof(cmd), "m%llx,%x", (unsigned long long)addr, len);
	r = xfer(cmd, 5000);
	if (strlen(r) != 2 * len)
		fail("'%s' answered '%s'", cmd, r);
	return le_hex(r, len);
}

static uint64_t vcpu_context_pc(const char *dom)
{
	char cmd[64], line[256];
	unsigned long long pc = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "hx vcpu-context %s 0", dom);
	p = popen(cmd, "r");
	if (!p)
		fail("popen %s", cmd);
	while (fgets(line, sizeof(line), p))
		if (sscanf(line, "PC: %llx", &pc) == 1)
			break;
	pclose(p);
	if (!pc)
		fail("no PC line from '%s'", cmd);
	return pc;
}

static void expect_stop(const char *r, const char *what)
{
	if (r[0] != 'T' && r[0] != 'S')
		fail("%s: no stop reply: '%s'", what, r);
	if (strncmp(r + 1, "05", 2))
		fail("%s: stopped with signal %.2s, not SIGTRAP (05)", what, r + 1);
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	uint64_t loop, counter, pc, pc2, val, insn;
	char cmd[128];
	const char *r;
	int i;

	if (argc != 5) {
		fprintf(stderr, "usage: gdbclient PORT DOMID LOOP COUNTER\n");
		return 2;
	}
	sa.sin_port = htons((uint16_t)atoi(argv[1]));
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	loop = strtoull(argv[3], NULL, 16);
	counter = strtoull(argv[4], NULL, 16);
	for (i = 0; i < 50; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			break;
		close(fd);
		usleep(200000);
	}
	if (i == 50)
		fail("cannot connect to 127.0.0.1:%s: %s", argv[1], strerror(errno));

	/* 1. registers */
	r = xfer("qSupported:swbreak+", 5000);
	if (!strstr(r, "qXfer:features:read+"))
		fail("qSupported: '%s'", r);
	r = xfer("qXfer:features:read:target.xml:0,fff", 5000);
	if (!strstr(r, "org.gnu.gdb.aarch64.core"))
		fail("target.xml: '%.60s'", r);
	expect_stop(xfer("?", 5000), "?");
	pc = read_pc();
	if (pc != vcpu_context_pc(argv[2]))
		fail("'g' pc %#llx differs from hx vcpu-context's %#llx", (unsigned long long)pc,
		     (unsigned long long)vcpu_context_pc(argv[2]));
	if (pc < loop || pc > loop + 8)
		fail("pc %#llx is not in gdb_target_loop (%#llx..%#llx)", (unsigned long long)pc,
		     (unsigned long long)loop, (unsigned long long)loop + 8);
	printf("GDBCLIENT: registers pc=%#llx matches hx vcpu-context ok\n", (unsigned long long)pc);

	/* 2. memory read/write */
	val = read_mem(counter, 8);
	snprintf(cmd, sizeof(cmd), "M%llx,8:", (unsigned long long)counter);
	for (i = 0; i < 8; i++)
		sprintf(cmd + strlen(cmd), "%02x", (unsigned int)(((val + 0x100000) >> (8 * i)) & 0xff));
	r = xfer(cmd, 5000);
	if (strcmp(r, "OK"))
		fail("'%s' answered '%s'", cmd, r);
	if (read_mem(counter, 8) != val + 0x100000)
		fail("counter reads %#llx after writing %#llx",
		     (unsigned long long)read_mem(counter, 8), (unsigned long long)val + 0x100000);
	printf("GDBCLIENT: memory counter %#llx -> %#llx ok\n", (unsigned long long)val,
	       (unsigned long long)val + 0x100000);

	/* 3. single step */
	for (i = 0; i < 3; i++) {
		expect_stop(xfer("s", 20000), "s");
		pc2 = read_pc();
		if (pc2 != (pc == loop + 8 ? loop : pc + 4))
			fail("step from %#llx went to %#llx", (unsigned long long)pc,
			     (unsigned long long)pc2);
		printf("GDBCLIENT: step %#llx -> %#llx ok\n", (unsigned long long)pc,
		       (unsigned long long)pc2);
		pc = pc2;
	}

	/* 4. breakpoint */
	insn = read_mem(loop, 4);
	snprintf(cmd, sizeof(cmd), "Z0,%llx,4", (unsigned long long)loop);
	r = xfer(cmd, 5000);
	if (strcmp(r, "OK"))
		fail("'%s' answered '%s'", cmd, r);
	if (pc == loop) { /* step off the breakpoint first, as gdb does */
		cmd[0] = 'z';
		xfer(cmd, 5000);
		expect_stop(xfer("s", 20000), "s");
		cmd[0] = 'Z';
		xfer(cmd, 5000);
	}
	expect_stop(xfer("c", 30000), "c");
	pc = read_pc();
	if (pc != loop)
		fail("continue stopped at %#llx, not at the breakpoint %#llx", (unsigned long long)pc,
		     (unsigned long long)loop);
	printf("GDBCLIENT: breakpoint at %#llx hit ok\n", (unsigned long long)loop);
	cmd[0] = 'z';
	r = xfer(cmd, 5000);
	if (strcmp(r, "OK") || read_mem(loop, 4) != insn)
		fail("'%s' answered '%s' or did not restore the instruction %#llx", cmd, r,
		     (unsigned long long)insn);
	printf("GDBCLIENT: breakpoint removed, instruction %08llx restored ok\n",
	       (unsigned long long)insn);

	/* 5. unmapped memory */
	r = xfer("m7f00000000,4", 5000);
	if (r[0] != 'E')
		fail("reading unmapped 0x7f00000000 answered '%s'", r);
	printf("GDBCLIENT: unmapped read answered %s ok\n", r);

	/* 6. detach */
	r = xfer("D", 5000);
	if (strcmp(r, "OK"))
		fail("'D' answered '%s'", r);
	printf("GDBCLIENT: detached ok\n");
	close(fd);
	return 0;
}
