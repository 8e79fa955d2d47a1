/* SPDX-License-Identifier: MIT */
/*
 * hx gdbsx [-a] DOMAIN PORT - a gdb remote stub for a guest, like Xen's
 * gdbsx: listens on TCP PORT (127.0.0.1, or every address with -a), takes
 * one gdb connection, and serves the remote serial protocol against the
 * domain through the hypervisor's debugging domctls:
 *
 *   registers  get/setvcpucontext: gdb's aarch64 core set x0-x30, sp, pc,
 *              cpsr (described to gdb by target.xml; sp is SP_EL1 or SP_EL0
 *              by the vCPU's mode)
 *   memory     gdbsx_guestmemio: guest virtual addresses, translated by the
 *              hypervisor through the guest's own page tables
 *   run        c / s: unpausedomain, with single-step on (debug_op) for s;
 *              the stub polls gdbsx_domstatus until a vCPU reports a debug
 *              event (step done, BRK) and the domain is paused again;
 *              CTRL-C from gdb pauses it
 *   breakpoints Z0/z0: BRK #0 written over the instruction (kept in a
 *              table, restored at z0 and at detach)
 *
 * The domain is paused and its debug exceptions go to the hypervisor
 * (setdebugging) while gdb is attached; at detach (D, k, or the connection
 * closing) breakpoints are removed, stepping is turned off and the domain
 * runs again (unless it was paused when gdb came). Threads are the domain's vCPUs (thread id = vCPU + 1).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "hx.h"

#define GDB_BUF 4096
#define MAX_BKPTS 64
#define AARCH64_BRK0 0xd4200000u
#define NR_CORE_REGS 34 /* x0-x30, sp, pc, cpsr */

static const char target_xml[] =
	"<?xml version=\"1.0\"?>"
	"<!DOCTYPE target SYSTEM \"gdb-target.dtd\">"
	"<target><architecture>aarch64</architecture>"
	"<feature name=\"org.gnu.gdb.aarch64.core\">"
	"<reg name=\"x0\" bitsize=\"64\"/><reg name=\"x1\" bitsize=\"64\"/>"
	"<reg name=\"x2\" bitsize=\"64\"/><reg name=\"x3\" bitsize=\"64\"/>"
	"<reg name=\"x4\" bitsize=\"64\"/><reg name=\"x5\" bitsize=\"64\"/>"
	"<reg name=\"x6\" bitsize=\"64\"/><reg name=\"x7\" bitsize=\"64\"/>"
	"<reg name=\"x8\" bitsize=\"64\"/><reg name=\"x9\" bitsize=\"64\"/>"
	"<reg name=\"x10\" bitsize=\"64\"/><reg name=\"x11\" bitsize=\"64\"/>"
	"<reg name=\"x12\" bitsize=\"64\"/><reg name=\"x13\" bitsize=\"64\"/>"
	"<reg name=\"x14\" bitsize=\"64\"/><reg name=\"x15\" bitsize=\"64\"/>"
	"<reg name=\"x16\" bitsize=\"64\"/><reg name=\"x17\" bitsize=\"64\"/>"
	"<reg name=\"x18\" bitsize=\"64\"/><reg name=\"x19\" bitsize=\"64\"/>"
	"<reg name=\"x20\" bitsize=\"64\"/><reg name=\"x21\" bitsize=\"64\"/>"
	"<reg name=\"x22\" bitsize=\"64\"/><reg name=\"x23\" bitsize=\"64\"/>"
	"<reg name=\"x24\" bitsize=\"64\"/><reg name=\"x25\" bitsize=\"64\"/>"
	"<reg name=\"x26\" bitsize=\"64\"/><reg name=\"x27\" bitsize=\"64\"/>"
	"<reg name=\"x28\" bitsize=\"64\"/><reg name=\"x29\" bitsize=\"64\"/>"
	"<reg name=\"x30\" bitsize=\"64\"/>"
	"<reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>"
	"<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>"
	"<reg name=\"cpsr\" bitsize=\"32\"/>"
	"</feature></target>";

struct gdbsx {
	struct hx *h;
	struct xctrl *x;
	domid_t domid;
	unsigned int nr_vcpus;
	unsigned int vcpu; /* current thread's vCPU */
	bool was_paused;   /* paused before gdb came: stays paused at detach */
	int fd;
	char in[GDB_BUF + 1];
	size_t in_len;
	struct {
		uint64_t addr;
		uint32_t insn; /* the instruction the BRK replaced */
		bool used;
	} bp[MAX_BKPTS];
};

/* ------------------------------------------------------------ wire */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Send "$payload#cs"; gdb's '+' acknowledgements are skipped on input. */
static int send_packet(struct gdbsx *g, const char *payload)
{
	size_t len = strlen(payload);
	char *pkt = malloc(len + 5);
	unsigned int cs = 0;
	int rc;

	if (!pkt)
		return -1;
	for (size_t i = 0; i < len; i++)
		cs += (unsigned char)payload[i];
	pkt[0] = '$';
	memcpy(pkt + 1, payload, len);
	snprintf(pkt + 1 + len, 4, "#%02x", cs & 0xff);
	rc = write_all(g->fd, pkt, len + 4);
	free(pkt);
	return rc;
}

/*
 * Next packet payload into g->in (NUL-terminated); 1 = got one, 0 =
 * connection closed, 2 = an interrupt byte (0x03) arrived instead.
 * Checksums are verified; a bad one is NAKed and the packet read again.
 */
static int recv_packet(struct gdbsx *g)
{
	enum { IDLE, DATA, CS1, CS2 } st = IDLE;
	unsigned int sum = 0, want = 0;
	char c;

	for (;;) {
		ssize_t n = read(g->fd, &c, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		switch (st) {
		case IDLE:
			if (c == 0x03)
				return 2;
			if (c == '$') {
				st = DATA;
				g->in_len = 0;
				sum = 0;
			}
			break;
		case DATA:
			if (c == '#') {
				st = CS1;
			} else if (g->in_len < GDB_BUF) {
				g->in[g->in_len++] = c;
				sum += (unsigned char)c;
			}
			break;
		case CS1:
			want = (unsigned int)hexval(c) << 4;
			st = CS2;
			break;
		case CS2:
			want |= (unsigned int)hexval(c);
			g->in[g->in_len] = '\0';
			if ((sum & 0xff) == want) {
				if (write_all(g->fd, "+", 1))
					return 0;
				return 1;
			}
			if (write_all(g->fd, "-", 1))
				return 0;
			st = IDLE;
			break;
		}
	}
}

static void put_hex_le(char *out, uint64_t v, unsigned int bytes)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned int i = 0; i < bytes; i++) {
		uint8_t b = (uint8_t)(v >> (8 * i));
		out[2 * i] = digits[b >> 4];
		out[2 * i + 1] = digits[b & 15];
	}
	out[2 * bytes] = '\0';
}

static bool get_hex_le(const char *in, unsigned int bytes, uint64_t *v)
{
	*v = 0;
	for (unsigned int i = 0; i < bytes; i++) {
		int hi = hexval(in[2 * i]), lo = hi < 0 ? -1 : hexval(in[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		*v |= (uint64_t)((hi << 4) | lo) << (8 * i);
	}
	return true;
}

/* "addr,len" (hex) at @s; the character after it in *end */
static bool parse_addr_len(const char *s, uint64_t *addr, uint64_t *len, const char **end)
{
	char *e;

	errno = 0;
	*addr = strtoull(s, &e, 16);
	if (errno || e == s || *e != ',')
		return false;
	s = e + 1;
	*len = strtoull(s, &e, 16);
	if (errno || e == s)
		return false;
	*end = e;
	return true;
}

/* ------------------------------------------------------------ registers */

static uint64_t *core_reg(struct vcpu_guest_context *c, unsigned int n)
{
	struct vcpu_guest_core_regs *r = &c->user_regs;

	if (n <= 30)
		return &(&r->x0)[n];
	if (n == 31) /* sp of the vCPU's current mode: EL1h uses SP_EL1 */
		return (r->cpsr & 0x1) ? &r->sp_el1 : &r->sp_el0;
	if (n == 32)
		return &r->pc64;
	return &r->cpsr;
}

static unsigned int reg_bytes(unsigned int n)
{
	return n == 33 ? 4 : 8;
}

static int get_ctx(struct gdbsx *g, struct vcpu_guest_context *c)
{
	if (xctrl_getvcpucontext(g->x, g->domid, g->vcpu, c) < 0) {
		hx_warn(g->h, "%s", xctrl_error(g->x));
		return -1;
	}
	return 0;
}

static int set_ctx(struct gdbsx *g, const struct vcpu_guest_context *c)
{
	if (xctrl_setvcpucontext(g->x, g->domid, g->vcpu, c) < 0) {
		hx_warn(g->h, "%s", xctrl_error(g->x));
		return -1;
	}
	return 0;
}

static void cmd_read_regs(struct gdbsx *g, char *out)
{
	struct vcpu_guest_context c;
	char *p = out;

	if (get_ctx(g, &c)) {
		strcpy(out, "E01");
		return;
	}
	for (unsigned int n = 0; n < NR_CORE_REGS; n++) {
		put_hex_le(p, *core_reg(&c, n), reg_bytes(n));
		p += 2 * reg_bytes(n);
	}
}

static void cmd_write_regs(struct gdbsx *g, const char *hex, char *out)
{
	struct vcpu_guest_context c;

	if (get_ctx(g, &c)) {
		strcpy(out, "E01");
		return;
	}
	for (unsigned int n = 0; n < NR_CORE_REGS && *hex; n++) {
		uint64_t v;
		if (!get_hex_le(hex, reg_bytes(n), &v)) {
			strcpy(out, "E02");
			return;
		}
		if (n == 33)
			c.user_regs.cpsr = (c.user_regs.cpsr & ~0xffffffffull) | v;
		else
			*core_reg(&c, n) = v;
		hex += 2 * reg_bytes(n);
	}
	strcpy(out, set_ctx(g, &c) ? "E01" : "OK");
}

static void cmd_read_reg(struct gdbsx *g, const char *arg, char *out)
{
	struct vcpu_guest_context c;
	unsigned long n = strtoul(arg, NULL, 16);

	if (n >= NR_CORE_REGS) {
		strcpy(out, "E00"); /* not in our target description */
		return;
	}
	if (get_ctx(g, &c)) {
		strcpy(out, "E01");
		return;
	}
	put_hex_le(out, *core_reg(&c, (unsigned int)n), reg_bytes((unsigned int)n));
}

static void cmd_write_reg(struct gdbsx *g, const char *arg, char *out)
{
	struct vcpu_guest_context c;
	char *eq;
	unsigned long n = strtoul(arg, &eq, 16);
	uint64_t v;

	if (*eq != '=' || n >= NR_CORE_REGS || !get_hex_le(eq + 1, reg_bytes((unsigned int)n), &v)) {
		strcpy(out, "E02");
		return;
	}
	if (get_ctx(g, &c)) {
		strcpy(out, "E01");
		return;
	}
	if (n == 33)
		c.user_regs.cpsr = (c.user_regs.cpsr & ~0xffffffffull) | v;
	else
		*core_reg(&c, (unsigned int)n) = v;
	strcpy(out, set_ctx(g, &c) ? "E01" : "OK");
}

/* ------------------------------------------------------------ memory */

static int mem_io(struct gdbsx *g, uint64_t addr, void *buf, uint32_t len, bool write,
		  uint32_t *done)
{
	uint32_t remain = len;
	int rc = xctrl_guest_memio(g->x, g->domid, addr, buf, len, write, &remain);

	*done = len - remain;
	if (rc < 0)
		hx_warn(g->h, "%s", xctrl_error(g->x));
	return rc;
}

static void cmd_read_mem(struct gdbsx *g, const char *arg, char *out)
{
	uint64_t addr, len;
	const char *end;
	uint8_t buf[(GDB_BUF - 8) / 2];
	uint32_t done;

	if (!parse_addr_len(arg, &addr, &len, &end) || *end) {
		strcpy(out, "E02");
		return;
	}
	if (len > sizeof(buf))
		len = sizeof(buf);
	mem_io(g, addr, buf, (uint32_t)len, false, &done);
	if (!done) {
		strcpy(out, "E14"); /* EFAULT */
		return;
	}
	for (uint32_t i = 0; i < done; i++)
		put_hex_le(out + 2 * i, buf[i], 1);
}

static void cmd_write_mem(struct gdbsx *g, const char *arg, char *out)
{
	uint64_t addr, len;
	const char *end;
	uint8_t buf[GDB_BUF / 2];
	uint32_t done;

	if (!parse_addr_len(arg, &addr, &len, &end) || *end != ':' || len > sizeof(buf)) {
		strcpy(out, "E02");
		return;
	}
	for (uint64_t i = 0; i < len; i++) {
		uint64_t b;
		if (!get_hex_le(end + 1 + 2 * i, 1, &b)) {
			strcpy(out, "E02");
			return;
		}
		buf[i] = (uint8_t)b;
	}
	if (mem_io(g, addr, buf, (uint32_t)len, true, &done) < 0 || done != len)
		strcpy(out, "E14");
	else
		strcpy(out, "OK");
}

/* ------------------------------------------------------------ breakpoints */

static int bp_insert(struct gdbsx *g, uint64_t addr)
{
	uint32_t insn, brk = AARCH64_BRK0, done;
	int free_slot = -1;

	for (int i = 0; i < MAX_BKPTS; i++) {
		if (g->bp[i].used && g->bp[i].addr == addr)
			return 0;
		if (!g->bp[i].used && free_slot < 0)
			free_slot = i;
	}
	if (free_slot < 0 || (addr & 3))
		return -1;
	if (mem_io(g, addr, &insn, 4, false, &done) < 0 ||
	    mem_io(g, addr, &brk, 4, true, &done) < 0)
		return -1;
	g->bp[free_slot].addr = addr;
	g->bp[free_slot].insn = insn;
	g->bp[free_slot].used = true;
	return 0;
}

static int bp_remove(struct gdbsx *g, uint64_t addr)
{
	uint32_t done;

	for (int i = 0; i < MAX_BKPTS; i++) {
		if (g->bp[i].used && g->bp[i].addr == addr) {
			g->bp[i].used = false;
			return mem_io(g, addr, &g->bp[i].insn, 4, true, &done) < 0 ? -1 : 0;
		}
	}
	return -1;
}

static void cmd_breakpoint(struct gdbsx *g, const char *pkt, char *out)
{
	uint64_t addr, kind;
	const char *end;

	/* Only software breakpoints (Z0); anything else: unsupported (""). */
	if (pkt[1] != '0' || pkt[2] != ',') {
		out[0] = '\0';
		return;
	}
	if (!parse_addr_len(pkt + 3, &addr, &kind, &end)) {
		strcpy(out, "E02");
		return;
	}
	if (pkt[0] == 'Z')
		strcpy(out, bp_insert(g, addr) ? "E14" : "OK");
	else
		strcpy(out, bp_remove(g, addr) ? "E14" : "OK");
}

/* ------------------------------------------------------------ execution */

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/*
 * Let the domain run until a vCPU reports a debug event or gdb sends
 * CTRL-C; then it is paused again. The stop reply goes to @out.
 */
static int run_until_stop(struct gdbsx *g, bool step, char *out)
{
	struct xen_domctl_gdbsx_domstatus st;
	int sig = 5; /* SIGTRAP */

	if (step && xctrl_single_step(g->x, g->domid, g->vcpu, true) < 0) {
		hx_warn(g->h, "%s", xctrl_error(g->x));
		strcpy(out, "E01");
		return 0;
	}
	/* Drop a stale event (domstatus hands each out once). */
	while (xctrl_gdbsx_domstatus(g->x, g->domid, &st) == 0 && st.vcpu_id != ~0u)
		;
	if (xctrl_domain_unpause(g->x, g->domid) < 0) {
		hx_warn(g->h, "%s", xctrl_error(g->x));
		strcpy(out, "E01");
		return 0;
	}
	for (;;) {
		struct pollfd p = { .fd = g->fd, .events = POLLIN };

		if (xctrl_gdbsx_domstatus(g->x, g->domid, &st) < 0) {
			hx_warn(g->h, "%s", xctrl_error(g->x));
			return -1; /* the domain is gone */
		}
		if (st.paused && st.vcpu_id != ~0u) {
			g->vcpu = st.vcpu_id;
			break;
		}
		if (poll(&p, 1, 0) > 0) {
			char c;
			ssize_t n = read(g->fd, &c, 1);
			if (n <= 0)
				return -1;
			if (c == 0x03) {
				if (xctrl_domain_pause(g->x, g->domid) < 0)
					return -1;
				sig = 2; /* SIGINT */
				break;
			}
		}
		sleep_ms(g->h->poll_ms ? g->h->poll_ms / 10 + 1 : 10);
	}
	if (step && xctrl_single_step(g->x, g->domid, g->vcpu, false) < 0)
		hx_warn(g->h, "%s", xctrl_error(g->x));
	snprintf(out, 64, "T%02xthread:%x;", sig, g->vcpu + 1);
	return 0;
}

/* ------------------------------------------------------------ session */

static void qxfer_features(const char *args, char *out)
{
	/* qXfer:features:read:target.xml:OFFSET,LENGTH */
	const char *p = strchr(args, ':');
	uint64_t off, len;
	const char *end;
	size_t total = sizeof(target_xml) - 1;

	if (!p || strncmp(args, "target.xml", (size_t)(p - args)) ||
	    !parse_addr_len(p + 1, &off, &len, &end)) {
		strcpy(out, "E00");
		return;
	}
	if (off >= total) {
		strcpy(out, "l");
		return;
	}
	if (len > GDB_BUF - 2)
		len = GDB_BUF - 2;
	if (len > total - off)
		len = total - off;
	out[0] = off + len >= total ? 'l' : 'm';
	memcpy(out + 1, target_xml + off, len);
	out[1 + len] = '\0';
}

/* One packet; false when the session ends (detach, kill). */
static bool handle(struct gdbsx *g, char *out)
{
	char *pkt = g->in;

	out[0] = '\0';
	switch (pkt[0]) {
	case '?':
		snprintf(out, 64, "T05thread:%x;", g->vcpu + 1);
		break;
	case 'g':
		cmd_read_regs(g, out);
		break;
	case 'G':
		cmd_write_regs(g, pkt + 1, out);
		break;
	case 'p':
		cmd_read_reg(g, pkt + 1, out);
		break;
	case 'P':
		cmd_write_reg(g, pkt + 1, out);
		break;
	case 'm':
		cmd_read_mem(g, pkt + 1, out);
		break;
	case 'M':
		cmd_write_mem(g, pkt + 1, out);
		break;
	case 'Z':
	case 'z':
		cmd_breakpoint(g, pkt, out);
		break;
	case 'c':
	case 's':
		if (pkt[1]) { /* "c ADDR": resume at ADDR */
			struct vcpu_guest_context c;
			if (get_ctx(g, &c) == 0) {
				c.user_regs.pc64 = strtoull(pkt + 1, NULL, 16);
				set_ctx(g, &c);
			}
		}
		if (run_until_stop(g, pkt[0] == 's', out) < 0)
			return false;
		break;
	case 'H': { /* Hg/Hc THREAD: which vCPU the next commands use */
		long t = strtol(pkt + 2, NULL, 16);
		if (t > 0 && (unsigned long)t <= g->nr_vcpus)
			g->vcpu = (unsigned int)t - 1;
		strcpy(out, "OK");
		break;
	}
	case 'T': {
		long t = strtol(pkt + 1, NULL, 16);
		strcpy(out, t > 0 && (unsigned long)t <= g->nr_vcpus ? "OK" : "E01");
		break;
	}
	case 'D':
		strcpy(out, "OK");
		send_packet(g, out);
		return false;
	case 'k':
		return false;
	case 'q':
		if (!strncmp(pkt, "qSupported", 10))
			snprintf(out, 128, "PacketSize=%x;qXfer:features:read+", GDB_BUF);
		else if (!strncmp(pkt, "qXfer:features:read:", 20))
			qxfer_features(pkt + 20, out);
		else if (!strcmp(pkt, "qAttached"))
			strcpy(out, "1");
		else if (!strcmp(pkt, "qC"))
			snprintf(out, 32, "QC%x", g->vcpu + 1);
		else if (!strcmp(pkt, "qfThreadInfo")) {
			char *p = out;
			*p++ = 'm';
			for (unsigned int i = 0; i < g->nr_vcpus; i++)
				p += sprintf(p, "%s%x", i ? "," : "", i + 1);
		} else if (!strcmp(pkt, "qsThreadInfo"))
			strcpy(out, "l");
		break;
	default:
		break; /* unsupported: empty reply */
	}
	return true;
}

static int listen_on(struct hx *h, unsigned int port, bool any)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0) {
		hx_fail(h, "socket: %s", strerror(errno));
		return -1;
	}
	sa.sin_addr.s_addr = htonl(any ? INADDR_ANY : INADDR_LOOPBACK);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0) {
		hx_fail(h, "cannot listen on %s:%u: %s", any ? "0.0.0.0" : "127.0.0.1", port,
			strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* Undo everything the session did to the domain; let it run. */
static void detach(struct gdbsx *g)
{
	for (int i = 0; i < MAX_BKPTS; i++)
		if (g->bp[i].used)
			bp_remove(g, g->bp[i].addr);
	for (unsigned int v = 0; v < g->nr_vcpus; v++)
		xctrl_single_step(g->x, g->domid, v, false);
	if (xctrl_setdebugging(g->x, g->domid, false) < 0)
		hx_warn(g->h, "%s", xctrl_error(g->x));
	if (!g->was_paused && xctrl_domain_unpause(g->x, g->domid) < 0)
		hx_warn(g->h, "%s", xctrl_error(g->x));
}

/** hx_cmd_gdbsx - hx gdbsx [-a] DOMAIN PORT: serve one gdb session for DOMAIN */
int hx_cmd_gdbsx(struct hx *h, int argc, char **argv)
{
	struct xen_domctl_getdomaininfo info;
	unsigned long long port;
	struct gdbsx *g;
	bool any = false;
	int lfd, domid, rc = 0;
	char *out;

	if (argc > 1 && !strcmp(argv[1], "-a")) {
		any = true;
		argc--;
		argv++;
	}
	if (argc != 3)
		return hx_fail(h, "usage: hx gdbsx [-a] DOMAIN PORT");
	if (!hx_parse_uint(argv[2], 65535, &port) || port == 0)
		return hx_fail(h, "port '%s' is not a TCP port number (1-65535)", argv[2]);
	domid = hx_find_domain(h, argv[1]);
	if (domid < 0)
		return 1;
	if (domid == 0)
		return hx_fail(h, "d0 cannot debug itself: name a guest domain");
	if (xctrl_domain_info(h->x, (domid_t)domid, &info) < 0)
		return hx_fail(h, "%s", xctrl_error(h->x));
	lfd = listen_on(h, (unsigned int)port, any);
	if (lfd < 0)
		return 1;
	g = calloc(1, sizeof(*g));
	out = malloc(2 * GDB_BUF + 64);
	if (!g || !out) {
		free(g);
		free(out);
		close(lfd);
		return hx_fail(h, "out of memory");
	}
	g->h = h;
	g->x = h->x;
	g->domid = (domid_t)domid;
	g->nr_vcpus = info.max_vcpu_id + 1;
	g->was_paused = info.flags & XEN_DOMINF_paused;
	fprintf(h->out, "hx gdbsx: d%d: waiting for gdb on %s:%llu\n", domid,
		any ? "0.0.0.0" : "127.0.0.1", port);
	fflush(h->out);
	g->fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	close(lfd);
	if (g->fd < 0) {
		rc = hx_fail(h, "accept on port %llu: %s", port, strerror(errno));
		goto out;
	}
	setsockopt(g->fd, IPPROTO_TCP, TCP_NODELAY, &(int){ 1 }, sizeof(int));
	if (xctrl_domain_pause(g->x, g->domid) < 0 ||
	    xctrl_setdebugging(g->x, g->domid, true) < 0) {
		rc = hx_fail(h, "%s", xctrl_error(g->x));
		close(g->fd);
		goto out;
	}
	fprintf(h->out, "hx gdbsx: d%d paused, gdb attached\n", domid);
	fflush(h->out);
	for (;;) {
		int r = recv_packet(g);
		if (r == 0)
			break;
		if (r == 2) { /* CTRL-C while already stopped */
			snprintf(out, 64, "T02thread:%x;", g->vcpu + 1);
		} else if (!handle(g, out)) {
			break;
		}
		if (send_packet(g, out) < 0)
			break;
	}
	detach(g);
	close(g->fd);
	fprintf(h->out, "hx gdbsx: d%d: gdb detached, domain %s\n", domid,
		g->was_paused ? "left paused (as found)" : "running");
out:
	free(out);
	free(g);
	return rc;
}
