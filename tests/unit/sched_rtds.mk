UNIT_TESTS += sched_rtds
UNIT_SRCS_sched_rtds := tests/unit/test_sched_rtds.c $(SCHED_SIM_SRCS)
