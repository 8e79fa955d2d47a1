UNIT_TESTS += page_alloc
UNIT_SRCS_page_alloc := tests/unit/test_page_alloc.c hyp/core/page_alloc.c hyp/arch/fake/host.c
