# hospes — top-level, non-recursive Makefile.
#   make            build the hypervisor (build/hospes, build/hospes.elf), guests, host tools
#   make run        install what is missing, build, boot the default system in QEMU
#   make check      install what is missing, run every test level, print "N passed, N failed"
#   make unit       host unit tests only (ASan + UBSan)
#   make clang      build the hypervisor with clang into build/clang (warning check)
#   make DEBUG=1    the debug hypervisor in build/debug (error returns with file:line)

.DEFAULT_GOAL := all
SHELL := /bin/bash

O ?= build
COMPILER ?= gcc
CROSS ?= aarch64-linux-gnu-

ifeq ($(COMPILER),clang)
HYP_CC := clang --target=aarch64-linux-gnu
HYP_LD := ld.lld
else
HYP_CC := $(CROSS)gcc
HYP_LD := $(CROSS)ld
HYP_LDWARN := --no-warn-rwx-segments
endif
OBJCOPY := $(CROSS)objcopy
NM := $(CROSS)nm
HOST_CC ?= gcc

WARN := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wvla -Wstrict-prototypes
HYP_CFLAGS := -std=c11 -O2 -g $(WARN) -ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(HYP_CC) -print-file-name=include) \
	-mgeneral-regs-only -mstrict-align -mno-outline-atomics -fpie -fno-stack-protector \
	-fno-omit-frame-pointer -fno-common -ffunction-sections -fdata-sections \
	-Ihyp/include -Ihyp/arch/arm64/include -Iinclude -MMD -MP -DHOSPES_ARCH_COPY_BLOCKS
HYP_ASFLAGS := -g -Ihyp/include -Ihyp/arch/arm64/include -Iinclude -D__ASSEMBLY__ -MMD -MP
HYP_LDFLAGS := -nostdlib -static -pie --no-dynamic-linker -z noexecstack --gc-sections \
	-T hyp/arch/arm64/hospes.lds $(HYP_LDWARN)

HOSPES_CHANGESET := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
HYP_CFLAGS += -DHOSPES_CHANGESET='"$(HOSPES_CHANGESET)"'

# make DEBUG=1 (or `make hyp-debug`): a debug hypervisor in build/debug/ that records
# the file:line of every hypercall error return (hyp/include/hyp/errloc.h).
ifeq ($(DEBUG),1)
HYP_CFLAGS += -DHOSPES_DEBUG
O := $(if $(filter build,$(O)),build/debug,$(O))
endif

HYP_SRCS := $(wildcard hyp/core/*.c hyp/core/*/*.c hyp/arch/arm64/*.c hyp/arch/arm64/*.S \
	hyp/drivers/*.c hyp/lib/*.c)
HYP_OBJS := $(patsubst %,$(O)/%.o,$(HYP_SRCS))

all: $(O)/hospes $(O)/hospes.elf

$(HYP_OBJS): Makefile

V ?= 0
Q := $(if $(filter 1,$(V)),,@)

$(O)/hyp/%.c.o: hyp/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(HYP_CC) $(HYP_CFLAGS) -c $< -o $@

$(O)/hyp/%.S.o: hyp/%.S
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(HYP_CC) $(HYP_ASFLAGS) -c $< -o $@

# Two-pass link: the first pass provides the symbol table that is embedded in the
# second pass (hyp/core/symbols) so panics print symbolized backtraces.
$(O)/hospes.elf: $(HYP_OBJS) hyp/arch/arm64/hospes.lds scripts/gensyms.sh
	@echo "  LD      $@"
	$(Q)scripts/gensyms.sh /dev/null > $(O)/syms0.S
	$(Q)$(HYP_CC) $(HYP_ASFLAGS) -c $(O)/syms0.S -o $(O)/syms0.o
	$(Q)$(HYP_LD) $(HYP_LDFLAGS) -o $@.pass1 $(HYP_OBJS) $(O)/syms0.o
	$(Q)$(NM) -n $@.pass1 | scripts/gensyms.sh - > $(O)/syms1.S
	$(Q)$(HYP_CC) $(HYP_ASFLAGS) -c $(O)/syms1.S -o $(O)/syms1.o
	$(Q)$(HYP_LD) $(HYP_LDFLAGS) -o $@.pass2 $(HYP_OBJS) $(O)/syms1.o
	$(Q)$(NM) -n $@.pass2 | scripts/gensyms.sh - > $(O)/syms2.S
	$(Q)$(HYP_CC) $(HYP_ASFLAGS) -c $(O)/syms2.S -o $(O)/syms2.o
	$(Q)$(HYP_LD) $(HYP_LDFLAGS) -o $@ $(HYP_OBJS) $(O)/syms2.o
	$(Q)rm -f $@.pass1 $@.pass2

$(O)/hospes: $(O)/hospes.elf
	$(Q)$(OBJCOPY) -O binary $< $@
	@echo "built $@ ($$(stat -c %s $@) bytes)"

clang:
	$(MAKE) O=build/clang COMPILER=clang build/clang/hospes

# The debug hypervisor is built with every `make` (its error-return test boots it).
hyp-debug:
	@$(MAKE) --no-print-directory O=build/debug DEBUG=1 build/debug/hospes
ifneq ($(DEBUG),1)
all: hyp-debug
endif

# ---------------------------------------------------------------- host unit tests
# Each tests/unit/<name>.mk adds: UNIT_TESTS += <name>; UNIT_SRCS_<name> := <sources>
UNIT_TESTS :=
-include tests/unit/*.mk
HOST_CFLAGS := -std=c11 -g -O1 -Wall -Wextra -Werror -Wno-unused-function \
	-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	-DHOST_TEST -D_GNU_SOURCE -Ihyp/include -Itests/unit -Iinclude -Ihyp/arch/fake/include
UNIT_BINS := $(patsubst %,$(O)/unit/%,$(UNIT_TESTS))

define unit_rule
$(O)/unit/$(1): $$(UNIT_SRCS_$(1)) $$(wildcard hyp/include/*/*.h tests/unit/*.h)
	@mkdir -p $$(dir $$@)
	$(HOST_CC) $(HOST_CFLAGS) $$(UNIT_SRCS_$(1)) -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit_bins: $(UNIT_BINS)

unit: $(UNIT_BINS)
	@rc=0; for t in $(UNIT_BINS); do $$t || rc=1; done; exit $$rc

# ---------------------------------------------------------------- generated docs
$(O)/host/gen-abi-doc: tools/gen-abi-doc.c hyp/include/hyp/hypercall_table.h
	@mkdir -p $(dir $@)
	$(Q)$(HOST_CC) -std=c11 -Wall -Wextra -Werror -O1 $< -o $@

abi-doc: $(O)/host/gen-abi-doc
	$(O)/host/gen-abi-doc > docs/abi-support.md

abi-doc-check: $(O)/host/gen-abi-doc
	@$(O)/host/gen-abi-doc | diff -u docs/abi-support.md - && echo "docs/abi-support.md is up to date"

# ---------------------------------------------------------------- guests, tools
-include guests/guests.mk
-include tools/tools.mk
-include tools/hx.mk

# ---------------------------------------------------------------- user entry points
setup:
	scripts/setup.sh

run: setup all
	scripts/run-default.sh

check: setup
	tests/run-all.sh

debug: all
	scripts/debug.sh

clean:
	rm -rf build

-include $(shell find $(O)/hyp -name '*.d' 2>/dev/null)

.PHONY: all clang hyp-debug unit unit_bins setup run check debug clean abi-doc abi-doc-check
