UNIT_TESTS += sched_arinc653
UNIT_SRCS_sched_arinc653 := tests/unit/test_sched_arinc653.c $(SCHED_SIM_SRCS)
