UNIT_TESTS += sched
SCHED_SIM_SRCS := tests/sim/sim.c hyp/core/sched.c hyp/core/timer.c hyp/arch/fake/sim.c hyp/core/trace.c \
	$(wildcard hyp/core/sched/*.c)
UNIT_SRCS_sched := tests/unit/test_sched.c $(SCHED_SIM_SRCS)
