UNIT_TESTS += fdt
UNIT_SRCS_fdt := tests/unit/test_fdt.c hyp/lib/fdt.c hyp/lib/fdt_write.c
