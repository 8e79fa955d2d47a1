UNIT_TESTS += sched
UNIT_SRCS_sched := tests/unit/test_sched.c tests/sim/sim.c hyp/core/sched.c hyp/core/timer.c \
	hyp/arch/fake/sim.c
