UNIT_TESTS += gnttab
UNIT_SRCS_gnttab := tests/unit/test_gnttab.c hyp/core/gnttab.c hyp/arch/fake/host.c
