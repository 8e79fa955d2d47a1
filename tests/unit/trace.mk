UNIT_TESTS += trace
UNIT_SRCS_trace := tests/unit/test_trace.c hyp/core/trace.c hyp/arch/fake/host.c
