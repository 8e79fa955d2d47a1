/* SPDX-License-Identifier: MIT */
/*
 * Host tests for the serial console multiplexer: per-domain line buffering
 * and prefixes, filtering, focus switching with triple CTRL-a and input
 * routing. The backend is a memory buffer compared against expected text.
 */
#include <hyp/console.h>
#include <hyp/errno.h>

#include "unit.h"

static char out[16384];
static size_t out_len;
static int write_calls;

static void cap_write(const char *s, size_t len)
{
	CHECK(out_len + len < sizeof(out));
	memcpy(out + out_len, s, len);
	out_len += len;
	out[out_len] = '\0';
	write_calls++;
}

static void cap_putc(char ch)
{
	CHECK(out_len + 1 < sizeof(out));
	out[out_len++] = ch;
	out[out_len] = '\0';
}

static void clear_out(void)
{
	out_len = 0;
	out[0] = '\0';
	write_calls = 0;
}

/* Input sinks record what they receive, tagged with their opaque id. */
struct sink {
	uint8_t buf[64];
	size_t len;
	int calls;
};

static void sink_input(void *opaque, const uint8_t *buf, size_t len)
{
	struct sink *s = opaque;

	CHECK(s->len + len <= sizeof(s->buf));
	memcpy(s->buf + s->len, buf, len);
	s->len += len;
	s->calls++;
}

static uint8_t keys[64];
static size_t key_count;

static void key_handler(uint8_t key)
{
	keys[key_count++] = key;
}

static void fresh(void)
{
	console_reset();
	console_init(NULL, cap_write);
	clear_out();
	key_count = 0;
}

static void type_switch(void)
{
	console_rx_char(0x01);
	console_rx_char(0x01);
	console_rx_char(0x01);
}

#define CHECK_OUT(expect)                                                              \
	do {                                                                           \
		if (strcmp(out, expect) != 0) {                                        \
			fprintf(stderr, "%s:%d: output\n  got:  \"%s\"\n  want: \"%s\"\n", \
				__FILE__, __LINE__, out, expect);                      \
			unit_failed_checks++;                                          \
		}                                                                      \
	} while (0)

UNIT_TEST(hyp_output_unchanged)
{
	fresh();
	console_puts_hyp("(XEN) boot\r\n\x1b[1m", 12);
	CHECK_EQ(out_len, 12);
	CHECK(memcmp(out, "(XEN) boot\r\n\x1b[1m", 12) == 0);
}

UNIT_TEST(domain_lines_prefixed_and_buffered)
{
	fresh();
	console_domain_write(1, "hel", 3);
	console_domain_putc(1, 'l');
	console_domain_putc(1, 'o');
	CHECK_EQ(out_len, 0); /* nothing until the newline */
	console_domain_putc(1, '\r');
	console_domain_putc(1, '\n');
	CHECK_OUT("(d1) hello\n");
	CHECK_EQ(write_calls, 1); /* a line goes out in one piece */
	clear_out();
	console_domain_write(12, "a\nb\n\n", 5);
	CHECK_OUT("(d12) a\n(d12) b\n(d12) \n");
}

UNIT_TEST(interleaved_domains_give_whole_lines)
{
	fresh();
	console_domain_write(1, "one-", 4);
	console_domain_write(2, "two-", 4);
	console_domain_write(1, "first\nx", 7);
	console_domain_write(2, "second\n", 7);
	console_domain_write(1, "y\n", 2);
	CHECK_OUT("(d1) one-first\n(d2) two-second\n(d1) xy\n");
}

UNIT_TEST(long_line_flushed_when_full)
{
	char buf[300];
	char expect[600];
	size_t n;

	fresh();
	memset(buf, 'z', sizeof(buf));
	console_domain_write(3, buf, 300);
	n = (size_t)snprintf(expect, sizeof(expect), "(d3) %.*s\n", CONSOLE_LINE_MAX, buf);
	CHECK_EQ(out_len, n);
	CHECK_OUT(expect);
	console_domain_putc(3, '\n');
	snprintf(expect + n, sizeof(expect) - n, "(d3) %.*s\n", 300 - CONSOLE_LINE_MAX, buf);
	CHECK_OUT(expect);
}

UNIT_TEST(prefixed_output_filtered)
{
	fresh();
	/* Colour escapes vanish, tab kept, BEL/backspace dropped, high bytes -> '?'. */
	console_domain_write(1, "\x1b[0;32m OK \x1b[0m\tdone\a\b\xc3\xa9!\n", 27);
	CHECK_OUT("(d1)  OK \tdone?" "?!\n");
	clear_out();
	/* OSC title sequence terminated by BEL, and a two-byte escape. */
	console_domain_write(1, "\x1b]0;title\x07" "a\x1b" "7b\n", 15);
	CHECK_OUT("(d1) ab\n");
}

UNIT_TEST(hyp_partial_line_ended_before_domain_line)
{
	fresh();
	console_puts_hyp("partial", 7);
	console_domain_write(4, "x\n", 2);
	console_puts_hyp(" more\n", 6);
	CHECK_OUT("partial\n(d4) x\n more\n");
	clear_out();
	/* The hypervisor continuing its own line gets no extra newline. */
	console_puts_hyp("a", 1);
	console_puts_hyp("b\n", 2);
	CHECK_OUT("ab\n");
}

UNIT_TEST(early_output_flushed_at_init)
{
	console_reset();
	clear_out();
	console_puts_hyp("early\n", 6);
	console_domain_write(0, "dom0\n", 5);
	CHECK_EQ(out_len, 0);
	console_init(cap_putc, NULL);
	CHECK_OUT("early\n(d0) dom0\n");
}

UNIT_TEST(triple_ctrl_a_cycles_focus)
{
	struct sink s1 = { 0 }, s5 = { 0 }, s3 = { 0 };

	fresh();
	CHECK_EQ(console_focus(), CONSOLE_FOCUS_HYP);
	CHECK_EQ(console_register_domain(5, sink_input, &s5), 0);
	CHECK_EQ(console_register_domain(1, sink_input, &s1), 0);
	CHECK_EQ(console_register_domain(3, sink_input, &s3), 0);
	CHECK_EQ(console_register_domain(3, sink_input, &s3), -EEXIST);
	CHECK_EQ(console_register_domain(CONSOLE_FOCUS_HYP, sink_input, &s3), -EINVAL);
	CHECK_EQ(console_register_domain(7, NULL, NULL), -EINVAL);
	CHECK_EQ(out_len, 0);

	type_switch();
	CHECK_EQ(console_focus(), 1);
	CHECK_OUT("*** Serial input to DOM1 (type CTRL-a three times to switch input)\n");
	type_switch();
	CHECK_EQ(console_focus(), 3);
	type_switch();
	CHECK_EQ(console_focus(), 5);
	clear_out();
	type_switch();
	CHECK_EQ(console_focus(), CONSOLE_FOCUS_HYP);
	CHECK_OUT("*** Serial input to hospes (type CTRL-a three times to switch input)\n");
	type_switch();
	CHECK_EQ(console_focus(), 1);
	/* The switch characters themselves are never delivered. */
	CHECK_EQ(s1.len + s3.len + s5.len, 0);
}

UNIT_TEST(no_domains_focus_stays_on_hyp)
{
	fresh();
	console_set_key_handler(key_handler);
	type_switch();
	CHECK_EQ(console_focus(), CONSOLE_FOCUS_HYP);
	CHECK_EQ(key_count, 0);
}

UNIT_TEST(input_routed_to_focus)
{
	struct sink s1 = { 0 }, s2 = { 0 };

	fresh();
	console_set_key_handler(key_handler);
	CHECK_EQ(console_register_domain(1, sink_input, &s1), 0);
	CHECK_EQ(console_register_domain(2, sink_input, &s2), 0);

	console_rx_char('h');
	CHECK_EQ(key_count, 1);
	CHECK_EQ(keys[0], 'h');

	type_switch();
	console_rx_char('l');
	console_rx_char('s');
	CHECK_EQ(s1.len, 2);
	CHECK(memcmp(s1.buf, "ls", 2) == 0);
	CHECK_EQ(s2.len, 0);

	type_switch();
	console_rx_char('\r');
	CHECK_EQ(s2.len, 1);
	CHECK_EQ(s2.buf[0], '\r');
	CHECK_EQ(s1.len, 2);
	CHECK_EQ(key_count, 1);
}

UNIT_TEST(two_ctrl_a_then_char_delivers_all)
{
	struct sink s1 = { 0 };

	fresh();
	console_set_key_handler(key_handler);
	CHECK_EQ(console_register_domain(1, sink_input, &s1), 0);
	CHECK_EQ(console_set_focus(1), 0);
	console_rx_char(0x01);
	console_rx_char(0x01);
	CHECK_EQ(s1.len, 0); /* held back */
	console_rx_char('x');
	CHECK_EQ(s1.len, 3);
	CHECK_EQ(s1.calls, 1);
	CHECK(memcmp(s1.buf, "\x01\x01x", 3) == 0);
	CHECK_EQ(console_focus(), 1);
	/* One CTRL-a then a char, and the count starts over afterwards. */
	console_rx_char(0x01);
	console_rx_char('y');
	console_rx_char(0x01);
	console_rx_char(0x01);
	CHECK_EQ(console_focus(), 1);
	CHECK_EQ(s1.len, 5);
	CHECK(memcmp(s1.buf + 3, "\x01y", 2) == 0);
	console_rx_char('z'); /* flushes the two held-back CTRL-a */
	CHECK_EQ(s1.len, 8);
	CHECK(memcmp(s1.buf + 5, "\x01\x01z", 3) == 0);

	/* Same on the hypervisor side, through the key handler. */
	CHECK_EQ(console_set_focus(CONSOLE_FOCUS_HYP), 0);
	console_rx_char(0x01);
	console_rx_char(0x01);
	console_rx_char('k');
	CHECK_EQ(key_count, 3);
	CHECK(memcmp(keys, "\x01\x01k", 3) == 0);
}

UNIT_TEST(unregister_focused_returns_to_hyp)
{
	struct sink s1 = { 0 }, s2 = { 0 };

	fresh();
	CHECK_EQ(console_register_domain(1, sink_input, &s1), 0);
	CHECK_EQ(console_register_domain(2, sink_input, &s2), 0);
	type_switch();
	type_switch();
	CHECK_EQ(console_focus(), 2);
	clear_out();
	CHECK_EQ(console_unregister_domain(2), 0);
	CHECK_EQ(console_focus(), CONSOLE_FOCUS_HYP);
	CHECK_OUT("*** Serial input to hospes (type CTRL-a three times to switch input)\n");
	CHECK_EQ(console_unregister_domain(2), -ENOENT);
	/* The cycle now skips the removed domain. */
	type_switch();
	CHECK_EQ(console_focus(), 1);
	type_switch();
	CHECK_EQ(console_focus(), CONSOLE_FOCUS_HYP);
	/* Unregistering an unfocused domain leaves the focus alone. */
	type_switch();
	CHECK_EQ(console_register_domain(2, sink_input, &s2), 0);
	CHECK_EQ(console_unregister_domain(2), 0);
	CHECK_EQ(console_focus(), 1);
}

UNIT_TEST(unregister_flushes_partial_line)
{
	fresh();
	console_domain_write(6, "bye", 3);
	CHECK_EQ(console_unregister_domain(6), 0);
	CHECK_OUT("(d6) bye\n");
	CHECK_EQ(console_unregister_domain(6), -ENOENT);
}

UNIT_TEST(focused_domain_passes_through)
{
	struct sink s1 = { 0 };

	fresh();
	CHECK_EQ(console_register_domain(1, sink_input, &s1), 0);
	console_domain_write(1, "pending", 7);
	console_domain_write(2, "other", 5);
	type_switch();
	/* Its half line is flushed before the banner; other domains keep buffering. */
	CHECK_OUT("(d1) pending\n"
		  "*** Serial input to DOM1 (type CTRL-a three times to switch input)\n");
	clear_out();
	console_domain_write(1, "\x1b[1mroot@d1:~# ", 15);
	CHECK_OUT("\x1b[1mroot@d1:~# ");
	console_domain_putc(1, '\r');
	CHECK_EQ(out_len, 16);
	CHECK_EQ(out[15], '\r');
	/* Another domain's line starts on a fresh line. */
	clear_out();
	console_domain_write(2, "\n", 1);
	CHECK_OUT("\n(d2) other\n");
	/* Switching away: the domain is prefixed again. */
	type_switch();
	clear_out();
	console_domain_write(1, "log\n", 4);
	CHECK_OUT("(d1) log\n");
}

UNIT_TEST(boot_focus_applied_on_registration)
{
	struct sink s4 = { 0 };

	fresh();
	CHECK_EQ(console_set_focus(4), 0);
	CHECK_EQ(console_focus(), CONSOLE_FOCUS_HYP);
	CHECK_EQ(console_register_domain(4, sink_input, &s4), 0);
	CHECK_EQ(console_focus(), 4);
	console_rx_char('a');
	CHECK_EQ(s4.len, 1);
	CHECK_EQ(console_set_focus(0x7FF0), -EINVAL);
	CHECK_EQ(console_set_focus(CONSOLE_FOCUS_HYP), 0);
	CHECK_EQ(console_focus(), CONSOLE_FOCUS_HYP);
}

static bool panic_in_backend;

static void panicking_write(const char *s, size_t len)
{
	cap_write(s, len);
	if (panic_in_backend) {
		/* A panic while this CPU holds the console lock (e.g. a fault in the driver). */
		panic_in_backend = false;
		console_force_unlock();
		console_puts_hyp("panic\n", 6);
	}
}

UNIT_TEST(force_unlock_allows_panic_output)
{
	fresh();
	console_init(NULL, panicking_write);
	panic_in_backend = true;
	console_domain_write(1, "line\n", 5);
	CHECK_OUT("(d1) line\npanic\n");
	/* The outer unlock ran on a re-initialised lock: repair it for the next tests. */
	console_force_unlock();
}

UNIT_MAIN()
