UNIT_TESTS += sched_policies
UNIT_SRCS_sched_policies := tests/unit/test_sched_policies.c $(SCHED_SIM_SRCS)
