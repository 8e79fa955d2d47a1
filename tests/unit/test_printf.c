/* SPDX-License-Identifier: MIT */
/* Host tests for the freestanding vsnprintf: compared against what C99 mandates. */
#define vsnprintf hyp_vsnprintf
#define snprintf hyp_snprintf
#include "../../hyp/lib/printf.c"
#undef snprintf
#undef vsnprintf
#include "unit.h"
#include <stdint.h>

static int same(const char *fmt, ...)
{
	char a[128], b[128];
	va_list ap, aq;
	int ra, rb;

	va_start(ap, fmt);
	va_copy(aq, ap);
	ra = hyp_vsnprintf(a, sizeof(a), fmt, ap);
	rb = vsnprintf(b, sizeof(b), fmt, aq);
	va_end(aq);
	va_end(ap);
	if (ra != rb || strcmp(a, b) != 0) {
		fprintf(stderr, "fmt '%s': got '%s' (%d) want '%s' (%d)\n", fmt, a, ra, b, rb);
		return 0;
	}
	return 1;
}

UNIT_TEST(integers)
{
	CHECK(same("%d %i %u", -42, 7, 3000000000u));
	CHECK(same("%ld %lld %lu", -1L, -9000000000LL, 18446744073709551615UL));
	CHECK(same("%x %X %#x %#o %o", 0xbeef, 0xbeef, 0x1f, 8, 0));
	CHECK(same("%08x|%-8d|%+d|% d|%5.3d", 0xab, 12, 5, 5, 7));
	CHECK(same("%zu %hhu %hd", (size_t)99, 300, 70000));
	CHECK(same("%.0d|%5d|%-5d|", 0, -3, -3));
	CHECK(same("%016llx", 0x1234ULL));
}

UNIT_TEST(strings_and_chars)
{
	CHECK(same("%s|%10s|%-10s|%.2s", "abc", "abc", "abc", "abc"));
	CHECK(same("%c%c %5c", 'h', 'i', 'x'));
	CHECK(same("100%% %*d %.*s", 4, 1, 2, "xyz"));
}

UNIT_TEST(truncation)
{
	char buf[8];
	int n = hyp_snprintf(buf, sizeof(buf), "hello %s", "world");
	CHECK_EQ(n, 11);
	CHECK(strcmp(buf, "hello w") == 0);
	CHECK_EQ(hyp_snprintf(NULL, 0, "%d", 12345), 5);
}

UNIT_MAIN()
