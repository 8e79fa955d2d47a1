UNIT_TESTS += sched_pools
UNIT_SRCS_sched_pools := tests/unit/test_sched_pools.c $(SCHED_SIM_SRCS)
