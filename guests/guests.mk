# SPDX-License-Identifier: MIT
# Micro-guest tests (XTF-style), included by the top-level Makefile.
#   make guests        build/guests/<name>.elf and .bin for every guests/tests/<name>/main.c
#   make guests-bare   the same tests for bare QEMU virt at EL1 (GIC 0x08000000/0x080a0000,
#                      PL011 0x09000000) in build/guests-bare/, to check the framework itself
# Each test is its main.c + the library in guests/lib + hyp/lib/{printf,string}.c.

GUEST_CC := $(CROSS)gcc
GUEST_OBJCOPY := $(CROSS)objcopy
GUEST_NAMES := $(patsubst guests/tests/%/main.c,%,$(wildcard guests/tests/*/main.c))
GUEST_LIB_SRCS := $(wildcard guests/lib/*.S) \
	$(filter-out guests/lib/testname.c,$(wildcard guests/lib/*.c)) \
	hyp/lib/printf.c hyp/lib/string.c hyp/lib/xen_errno.c

GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wvla -Wstrict-prototypes -ffreestanding -nostdlib -nostdinc \
	-isystem $(shell $(GUEST_CC) -print-file-name=include) \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics -fno-pie -fno-stack-protector \
	-fno-builtin -fno-tree-loop-distribute-patterns -fno-common \
	-fno-asynchronous-unwind-tables -fno-unwind-tables \
	-Iguests/lib -Ihyp/include -Iinclude -MMD -MP
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,--no-warn-rwx-segments -T guests/lib/guest.lds

# Variant directory => extra defines.
GUEST_DEFS_guests :=
GUEST_DEFS_guests-bare := -DGUEST_GICD_BASE=0x08000000 -DGUEST_GICR_BASE=0x080a0000 \
	-DGUEST_UART_BASE=0x09000000

# $(1) = variant (guests or guests-bare)
define guest_variant
$(O)/$(1)/obj/%.c.o: %.c
	@mkdir -p $$(dir $$@)
	@$(if $(Q),echo "  GUESTCC $$<")
	$(Q)$$(GUEST_CC) $$(GUEST_CFLAGS) $$(GUEST_DEFS_$(1)) -c $$< -o $$@

$(O)/$(1)/obj/%.S.o: %.S
	@mkdir -p $$(dir $$@)
	@$(if $(Q),echo "  GUESTAS $$<")
	$(Q)$$(GUEST_CC) $$(GUEST_CFLAGS) $$(GUEST_DEFS_$(1)) -D__ASSEMBLY__ -c $$< -o $$@

$(O)/$(1)/obj/name-%.o: guests/lib/testname.c
	@mkdir -p $$(dir $$@)
	$(Q)$$(GUEST_CC) $$(GUEST_CFLAGS) $$(GUEST_DEFS_$(1)) -DTEST_NAME='"$$*"' -c $$< -o $$@

$(O)/$(1)/%.elf: $(O)/$(1)/obj/guests/tests/%/main.c.o $(O)/$(1)/obj/name-%.o \
		$(patsubst %,$(O)/$(1)/obj/%.o,$(GUEST_LIB_SRCS)) guests/lib/guest.lds
	@$(if $(Q),echo "  GUESTLD $$@")
	$(Q)$$(GUEST_CC) $$(GUEST_LDFLAGS) -o $$@ $$(filter %.o,$$^) -lgcc

$(O)/$(1)/%.bin: $(O)/$(1)/%.elf
	$(Q)$$(GUEST_OBJCOPY) -O binary $$< $$@

$(1): $(patsubst %,$(O)/$(1)/%.elf,$(GUEST_NAMES)) $(patsubst %,$(O)/$(1)/%.bin,$(GUEST_NAMES))
endef

$(eval $(call guest_variant,guests))
$(eval $(call guest_variant,guests-bare))

.SECONDARY: $(foreach v,guests guests-bare,$(patsubst %,$(O)/$(v)/obj/%.o,$(GUEST_LIB_SRCS)) \
	$(patsubst %,$(O)/$(v)/obj/guests/tests/%/main.c.o,$(GUEST_NAMES)) \
	$(patsubst %,$(O)/$(v)/obj/name-%.o,$(GUEST_NAMES)))

all: guests

-include $(shell find $(O)/guests $(O)/guests-bare -name '*.d' 2>/dev/null)

.PHONY: guests guests-bare
