UNIT_TESTS += vpl011
UNIT_SRCS_vpl011 := tests/unit/test_vpl011.c hyp/core/vpl011.c hyp/arch/fake/host.c
