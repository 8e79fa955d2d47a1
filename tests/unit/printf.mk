UNIT_TESTS += printf
UNIT_SRCS_printf := tests/unit/test_printf.c
