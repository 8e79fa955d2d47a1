/* SPDX-License-Identifier: MIT */
/*
 * Serial console multiplexer (behaviour of Xen's drivers/char/console.c:
 * "(dN) " prefixed guest lines, triple CTRL-a input switching).
 *
 * Output state (backend, early buffer, per-domain line buffers, who owns the
 * unterminated physical line) is guarded by console_lock. Input state (sinks,
 * CTRL-a count, boot focus request) is guarded by input_lock. `focus` is
 * written with both locks held (input_lock first) and read under either.
 *
 * Invariants:
 *  - a prefixed line reaches the backend in one piece and always starts at
 *    column 0: if raw output (hypervisor text or a focused domain) left a
 *    line unterminated, a '\n' is emitted first;
 *  - prefixed output never contains bytes below 0x20 other than '\t' and the
 *    final '\n', nor 0x7F, nor terminal escape sequences;
 *  - `focus` is CONSOLE_FOCUS_HYP or a domid with a registered sink.
 */
#include <hyp/console.h>
#include <hyp/errno.h>
#include <hyp/spinlock.h>
#include <lib/string.h>

#define OWNER_NONE 0xFFFFFFFFU /* the physical line is at column 0 */
#define OWNER_LINE 0xFFFFFFFEU /* a whole prefixed line / banner (never partial) */
#define FOCUS_NONE 0xFFFFFFFFU /* no pending boot focus */
#define EARLY_BUF_SIZE 2048

/* Terminal escape filter state for prefixed output. */
enum con_esc { ESC_NONE, ESC_SEEN, ESC_CSI, ESC_OSC };

/** Line being collected for one domain's prefixed output. */
struct con_out {
	bool in_use;
	uint8_t esc; /* enum con_esc */
	uint16_t len;
	unsigned int domid;
	char line[CONSOLE_LINE_MAX];
};

/** Input sink of one domain. */
struct con_in {
	bool in_use;
	unsigned int domid;
	console_input_fn input;
	void *opaque;
};

static spinlock_t console_lock = SPINLOCK_INIT;
static spinlock_t input_lock = SPINLOCK_INIT;

/* Under console_lock. */
static console_putc_fn backend_putc;
static console_write_fn backend_write;
static char early_buf[EARLY_BUF_SIZE];
static size_t early_len;
static unsigned int line_owner = OWNER_NONE;
static struct con_out outs[CONSOLE_MAX_DOMAINS];
/* Shared by domains that found no free slot: flushed when its owner changes. */
static struct con_out overflow_out;

/* Under input_lock. */
static struct con_in ins[CONSOLE_MAX_DOMAINS];
static unsigned int switch_count;
static unsigned int boot_focus = FOCUS_NONE;
static console_key_fn key_handler;

/* Written under both locks, read under either. */
static unsigned int focus = CONSOLE_FOCUS_HYP;

/* ------------------------------------------------------------------ output */

static void emit_locked(const char *s, size_t len)
{
	size_t i;

	if (len == 0)
		return;
	if (backend_write) {
		backend_write(s, len);
	} else if (backend_putc) {
		for (i = 0; i < len; i++)
			backend_putc(s[i]);
	} else {
		/* No UART yet: keep what fits, the rest of early boot output is lost. */
		size_t n = MIN(len, EARLY_BUF_SIZE - early_len);
		memcpy(early_buf + early_len, s, n);
		early_len += n;
	}
}

/* Start output for @source: end someone else's unterminated line first. */
static void out_begin_locked(unsigned int source)
{
	if (line_owner != OWNER_NONE && line_owner != source)
		emit_locked("\n", 1);
	line_owner = OWNER_NONE;
}

/* Raw output of @len bytes by @source, which may leave the line unterminated. */
static void out_raw_locked(unsigned int source, const char *s, size_t len)
{
	if (len == 0)
		return;
	out_begin_locked(source);
	emit_locked(s, len);
	line_owner = s[len - 1] == '\n' ? OWNER_NONE : source;
}

static size_t format_uint(char *buf, unsigned int v)
{
	char tmp[10];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	return n;
}

/* Print o's collected line as "(dN) <line>\n" (also for an empty line). */
static void flush_line_locked(struct con_out *o)
{
	char buf[CONSOLE_LINE_MAX + 16];
	size_t n = 0;

	buf[n++] = '(';
	buf[n++] = 'd';
	n += format_uint(buf + n, o->domid);
	buf[n++] = ')';
	buf[n++] = ' ';
	memcpy(buf + n, o->line, o->len);
	n += o->len;
	buf[n++] = '\n';
	out_begin_locked(OWNER_LINE);
	emit_locked(buf, n);
	o->len = 0;
}

static struct con_out *out_find_locked(unsigned int domid)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(outs); i++)
		if (outs[i].in_use && outs[i].domid == domid)
			return &outs[i];
	return NULL;
}

static struct con_out *out_get_locked(unsigned int domid)
{
	struct con_out *o = out_find_locked(domid);
	size_t i;

	if (o)
		return o;
	for (i = 0; i < ARRAY_SIZE(outs); i++) {
		if (!outs[i].in_use) {
			o = &outs[i];
			memset(o, 0, sizeof(*o));
			o->in_use = true;
			o->domid = domid;
			return o;
		}
	}
	/* Table full: share the overflow buffer, never mixing two domains in a line. */
	o = &overflow_out;
	if (o->domid != domid || !o->in_use) {
		if (o->in_use && o->len)
			flush_line_locked(o);
		memset(o, 0, sizeof(*o));
		o->in_use = true;
		o->domid = domid;
	}
	return o;
}

static void line_append_locked(struct con_out *o, char ch)
{
	o->line[o->len++] = ch;
	if (o->len == CONSOLE_LINE_MAX)
		flush_line_locked(o);
}

/*
 * Add one byte to a prefixed line. Escape sequences (ESC x, CSI ... final,
 * OSC ... BEL) are swallowed whole; other control bytes are dropped; bytes
 * >= 0x80 become '?' so a guest cannot send 8-bit C1 controls to the terminal.
 */
static void line_putc_locked(struct con_out *o, uint8_t ch)
{
	switch (o->esc) {
	case ESC_SEEN:
		o->esc = ESC_NONE;
		if (ch == '[') {
			o->esc = ESC_CSI;
			return;
		}
		if (ch == ']') {
			o->esc = ESC_OSC;
			return;
		}
		if (ch >= 0x20 && ch <= 0x7E)
			return; /* two-byte sequence such as ESC 7 or ESC c */
		break;
	case ESC_CSI:
		if (ch >= 0x20 && ch <= 0x3F)
			return; /* parameter and intermediate bytes */
		o->esc = ESC_NONE;
		if (ch >= 0x40 && ch <= 0x7E)
			return; /* final byte */
		break; /* malformed: handle the byte normally */
	case ESC_OSC:
		if (ch == 0x1B) {
			o->esc = ESC_SEEN; /* ESC \ terminates; ESC_SEEN eats the '\' */
			return;
		}
		if (ch == 0x07 || ch == '\n')
			o->esc = ESC_NONE;
		if (ch != '\n')
			return;
		break;
	default:
		break;
	}

	if (ch == '\n')
		flush_line_locked(o);
	else if (ch == 0x1B)
		o->esc = ESC_SEEN;
	else if (ch == '\t' || (ch >= 0x20 && ch <= 0x7E))
		line_append_locked(o, (char)ch);
	else if (ch >= 0x80)
		line_append_locked(o, '?');
	/* else: '\r' and other control characters are dropped */
}

static void domain_write_locked(unsigned int domid, const char *s, size_t len)
{
	struct con_out *o;
	size_t i;

	if (domid == focus) {
		/* Interactive: prompts, echo and escape sequences pass unchanged. */
		out_raw_locked(domid, s, len);
		return;
	}
	o = out_get_locked(domid);
	for (i = 0; i < len; i++)
		line_putc_locked(o, (uint8_t)s[i]);
}

/**
 * Attach the physical UART and write out what was produced before it.
 */
void console_init(console_putc_fn putc, console_write_fn write)
{
	spin_lock(&console_lock);
	backend_putc = putc;
	backend_write = write;
	if (putc || write) {
		size_t len = early_len;
		early_len = 0;
		emit_locked(early_buf, len);
	}
	spin_unlock(&console_lock);
}

/**
 * Return the console to its initial state: no backend, no domains, focus on
 * the hypervisor, no key handler.
 */
void console_reset(void)
{
	spin_lock(&input_lock);
	spin_lock(&console_lock);
	backend_putc = NULL;
	backend_write = NULL;
	early_len = 0;
	line_owner = OWNER_NONE;
	memset(outs, 0, sizeof(outs));
	memset(&overflow_out, 0, sizeof(overflow_out));
	memset(ins, 0, sizeof(ins));
	switch_count = 0;
	boot_focus = FOCUS_NONE;
	key_handler = NULL;
	focus = CONSOLE_FOCUS_HYP;
	spin_unlock(&console_lock);
	spin_unlock(&input_lock);
}

/**
 * Write hypervisor text unchanged.
 */
void console_puts_hyp(const char *s, size_t len)
{
	spin_lock(&console_lock);
	out_raw_locked(CONSOLE_FOCUS_HYP, s, len);
	spin_unlock(&console_lock);
}

/**
 * Make the console lock available again on the panic path. Output of the CPU
 * that held it may be cut mid-line; that is preferable to losing the panic.
 */
void console_force_unlock(void)
{
	spin_lock_init(&console_lock);
}

/**
 * One byte of domain console output.
 */
void console_domain_putc(unsigned int domid, uint8_t ch)
{
	char c = (char)ch;

	console_domain_write(domid, &c, 1);
}

/**
 * A block of domain console output, processed under one lock acquisition.
 */
void console_domain_write(unsigned int domid, const char *s, size_t len)
{
	spin_lock(&console_lock);
	domain_write_locked(domid, s, len);
	spin_unlock(&console_lock);
}

/* ------------------------------------------------------------------- input */

static struct con_in *in_find_locked(unsigned int domid)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ins); i++)
		if (ins[i].in_use && ins[i].domid == domid)
			return &ins[i];
	return NULL;
}

/* Smallest registered domid greater than @after (or any, for the hypervisor). */
static unsigned int focus_next_locked(unsigned int after)
{
	unsigned int best = CONSOLE_FOCUS_HYP;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ins); i++) {
		unsigned int d = ins[i].domid;

		if (!ins[i].in_use)
			continue;
		if (after != CONSOLE_FOCUS_HYP && d <= after)
			continue;
		if (best == CONSOLE_FOCUS_HYP || d < best)
			best = d;
	}
	return best;
}

/* Move the focus (input_lock held) and announce it on the console. */
static void focus_set_locked(unsigned int target)
{
	static const char tail[] = " (type CTRL-a three times to switch input)\n";
	char buf[64 + sizeof(tail)];
	size_t n;

	spin_lock(&console_lock);
	if (target != CONSOLE_FOCUS_HYP) {
		/* Its half-collected line would otherwise be lost or merged with raw output. */
		struct con_out *o = out_find_locked(target);
		if (o && o->len)
			flush_line_locked(o);
		if (o)
			o->esc = ESC_NONE;
	}
	focus = target;

	memcpy(buf, "*** Serial input to ", 20);
	n = 20;
	if (target == CONSOLE_FOCUS_HYP) {
		memcpy(buf + n, "hospes", 6);
		n += 6;
	} else {
		memcpy(buf + n, "DOM", 3);
		n += 3;
		n += format_uint(buf + n, target);
	}
	memcpy(buf + n, tail, sizeof(tail) - 1);
	n += sizeof(tail) - 1;
	out_begin_locked(OWNER_LINE);
	emit_locked(buf, n);
	spin_unlock(&console_lock);
}

/**
 * Serial input byte from the UART interrupt (Xen's serial_rx): CTRL-a is
 * held back in groups of three, which switch the focus; an incomplete group
 * is delivered to the focus ahead of the next ordinary byte.
 */
void console_rx_char(uint8_t ch)
{
	uint8_t buf[CONSOLE_SWITCH_COUNT];
	size_t n = 0, i;
	console_key_fn handler;
	struct con_in *in;

	spin_lock(&input_lock);
	if (ch == CONSOLE_SWITCH_CHAR) {
		if (++switch_count == CONSOLE_SWITCH_COUNT) {
			switch_count = 0;
			boot_focus = FOCUS_NONE; /* the user chose: don't steal it later */
			focus_set_locked(focus_next_locked(focus));
		}
		spin_unlock(&input_lock);
		return;
	}
	for (; switch_count; switch_count--)
		buf[n++] = CONSOLE_SWITCH_CHAR;
	buf[n++] = ch;

	if (focus != CONSOLE_FOCUS_HYP) {
		in = in_find_locked(focus);
		/* Sinks run under input_lock so unregistering waits for them. */
		if (in)
			in->input(in->opaque, buf, n);
		spin_unlock(&input_lock);
		return;
	}
	handler = key_handler;
	spin_unlock(&input_lock);
	/* Outside the lock: a debug key may print or change the focus. */
	if (handler)
		for (i = 0; i < n; i++)
			handler(buf[i]);
}

/**
 * Register @domid's input sink (see console.h).
 */
int console_register_domain(unsigned int domid, console_input_fn input, void *opaque)
{
	struct con_in *slot = NULL;
	size_t i;

	if (domid >= CONSOLE_DOMID_LIMIT || !input)
		return -EINVAL;

	spin_lock(&input_lock);
	if (in_find_locked(domid)) {
		spin_unlock(&input_lock);
		return -EEXIST;
	}
	for (i = 0; i < ARRAY_SIZE(ins) && !slot; i++)
		if (!ins[i].in_use)
			slot = &ins[i];
	if (!slot) {
		spin_unlock(&input_lock);
		return -ENOSPC;
	}
	slot->in_use = true;
	slot->domid = domid;
	slot->input = input;
	slot->opaque = opaque;
	if (boot_focus == domid) {
		boot_focus = FOCUS_NONE;
		focus_set_locked(domid);
	}
	spin_unlock(&input_lock);
	return 0;
}

/**
 * Remove @domid from the console (see console.h).
 */
int console_unregister_domain(unsigned int domid)
{
	struct con_in *in;
	struct con_out *o;
	bool found = false;

	spin_lock(&input_lock);
	in = in_find_locked(domid);
	if (in) {
		memset(in, 0, sizeof(*in));
		found = true;
	}
	if (boot_focus == domid)
		boot_focus = FOCUS_NONE;
	if (focus == domid)
		focus_set_locked(CONSOLE_FOCUS_HYP);

	spin_lock(&console_lock);
	o = out_find_locked(domid);
	if (!o && overflow_out.in_use && overflow_out.domid == domid)
		o = &overflow_out;
	if (o) {
		if (o->len)
			flush_line_locked(o);
		memset(o, 0, sizeof(*o));
		found = true;
	}
	if (line_owner == domid) {
		/* It was focused and left a prompt open: end that line now. */
		emit_locked("\n", 1);
		line_owner = OWNER_NONE;
	}
	spin_unlock(&console_lock);
	spin_unlock(&input_lock);
	return found ? 0 : -ENOENT;
}

/**
 * Set the handler for input while the hypervisor has the focus.
 */
void console_set_key_handler(console_key_fn handler)
{
	spin_lock(&input_lock);
	key_handler = handler;
	spin_unlock(&input_lock);
}

/**
 * Move the input focus (see console.h).
 */
int console_set_focus(unsigned int domid)
{
	if (domid != CONSOLE_FOCUS_HYP && domid >= CONSOLE_DOMID_LIMIT)
		return -EINVAL;

	spin_lock(&input_lock);
	boot_focus = FOCUS_NONE;
	if (domid == CONSOLE_FOCUS_HYP || in_find_locked(domid)) {
		if (focus != domid)
			focus_set_locked(domid);
	} else {
		boot_focus = domid;
	}
	spin_unlock(&input_lock);
	return 0;
}

/**
 * Current input focus.
 */
unsigned int console_focus(void)
{
	return READ_ONCE(focus);
}
