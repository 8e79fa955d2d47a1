UNIT_TESTS += stage2
UNIT_SRCS_stage2 := tests/unit/test_stage2.c hyp/arch/arm64/stage2.c hyp/core/page_alloc.c \
	hyp/arch/fake/host.c hyp/arch/fake/stage2_fake.c
