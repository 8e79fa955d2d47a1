/* SPDX-License-Identifier: MIT */
/*
 * Minimal host unit-test harness. Each test file defines tests with
 * UNIT_TEST(name) and ends with UNIT_MAIN(). A failed CHECK records the file
 * and line and the test continues; the program prints a summary line
 * "unit <file>: N passed, M failed" and exits non-zero on any failure.
 */
#ifndef UNIT_H
#define UNIT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit_case {
	const char *name;
	void (*fn)(void);
};

extern int unit_failed_checks;
#define UNIT_MAX_CASES 256
extern struct unit_case unit_cases[UNIT_MAX_CASES];
extern int unit_case_count;

#define UNIT_TEST(tname)                                                       \
	static void test_##tname(void);                                        \
	__attribute__((constructor)) static void reg_##tname(void)             \
	{                                                                      \
		unit_cases[unit_case_count].name = #tname;                     \
		unit_cases[unit_case_count++].fn = test_##tname;               \
	}                                                                      \
	static void test_##tname(void)

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, \
				__LINE__, #cond);                              \
			unit_failed_checks++;                                  \
		}                                                              \
	} while (0)

#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		long long _a = (long long)(a), _b = (long long)(b);            \
		if (_a != _b) {                                                \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s "    \
				"(%lld vs %lld)\n", __FILE__, __LINE__, #a, #b, \
				_a, _b);                                       \
			unit_failed_checks++;                                  \
		}                                                              \
	} while (0)

#define UNIT_MAIN()                                                            \
	int unit_failed_checks;                                                \
	struct unit_case unit_cases[UNIT_MAX_CASES];                           \
	int unit_case_count;                                                   \
	int main(void)                                                         \
	{                                                                      \
		int passed = 0, failed = 0;                                    \
		for (int i = 0; i < unit_case_count; i++) {                    \
			int before = unit_failed_checks;                       \
			unit_cases[i].fn();                                    \
			if (unit_failed_checks != before) {                    \
				failed++;                                      \
				fprintf(stderr, "FAIL %s\n", unit_cases[i].name); \
			} else {                                               \
				passed++;                                      \
			}                                                      \
		}                                                              \
		printf("unit %s: %d passed, %d failed\n", __FILE__, passed, failed); \
		return failed ? 1 : 0;                                         \
	}

#endif
