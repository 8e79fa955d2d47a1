UNIT_TESTS += console
UNIT_SRCS_console := tests/unit/test_console.c hyp/core/console.c hyp/arch/fake/host.c
