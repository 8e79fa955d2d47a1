UNIT_TESTS += sched_credit2
UNIT_SRCS_sched_credit2 := tests/unit/test_sched_credit2.c $(SCHED_SIM_SRCS)
