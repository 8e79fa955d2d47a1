UNIT_TESTS += evtchn
UNIT_SRCS_evtchn := tests/unit/test_evtchn.c hyp/core/evtchn.c hyp/core/evtchn_2l.c \
	hyp/core/evtchn_fifo.c hyp/arch/fake/host.c
