UNIT_TESTS += vgic
UNIT_SRCS_vgic := tests/unit/test_vgic.c hyp/core/vgic.c hyp/arch/fake/host.c
