UNIT_TESTS += sched_null
UNIT_SRCS_sched_null := tests/unit/test_sched_null.c $(SCHED_SIM_SRCS)
