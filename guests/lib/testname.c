/* SPDX-License-Identifier: MIT */
/*
 * The test's name, compiled once per test with -DTEST_NAME="<name>" so the
 * rest of the library is shared between tests.
 */
#include <guest.h>

#ifndef TEST_NAME
#error "TEST_NAME must be defined by the build"
#endif

const char test_name[] = TEST_NAME;
