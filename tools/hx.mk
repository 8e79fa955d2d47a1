# SPDX-License-Identifier: MIT
# tools/hx.mk - the dom0 toolstack (tools/libs, tools/hx, tools/consoled), included by the
# top-level Makefile after tools/tools.mk.
#
#   build/host/hx, build/host/hx-consoled     host builds (dev, and the code the unit tests run)
#   build/arm64/hx, build/arm64/hx-consoled   static arm64 binaries for dom0
#   build/arm64/gdbclient                      gdb protocol test client (tests/toolstack)
#   make hx-tools                              all of them
#   make dom0-initramfs                        build/dom0-initramfs.cpio.gz (scripts/mkdom0-initramfs.sh)
#   make dom0-initramfs-guest                  the same with a domU kernel + initramfs in /guest
#   build/unit/toolstack_*                     host unit tests (tests/toolstack), part of make unit

HX_CFLAGS := -std=c11 -g -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes \
	-Wvla -Wstrict-prototypes -Ihyp/include -Iinclude -Itools/libs/include
HX_LIB_SRCS := $(wildcard tools/libs/*/*.c)
HX_CMD_SRCS := $(filter-out tools/hx/main.c,$(wildcard tools/hx/*.c)) hyp/lib/fdt.c \
	hyp/lib/fdt_write.c
HX_CONSOLED_SRCS := tools/consoled/consoled.c tools/consoled/cring.c
HX_DEPS := $(wildcard tools/libs/include/*.h tools/hx/*.h tools/consoled/*.h include/public/*.h \
	include/public/io/*.h hyp/include/lib/fdt.h) tools/hx.mk

HX_BINS := $(O)/host/hx $(O)/host/hx-consoled $(O)/arm64/hx $(O)/arm64/hx-consoled \
	$(O)/arm64/gdbclient

all: hx-tools
hx-tools: $(HX_BINS)

$(O)/host/hx: $(HX_CMD_SRCS) tools/hx/main.c $(HX_LIB_SRCS) $(HX_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOST_CC) $(HX_CFLAGS) -O2 $(HX_CMD_SRCS) tools/hx/main.c $(HX_LIB_SRCS) -o $@

$(O)/host/hx-consoled: $(HX_CONSOLED_SRCS) $(HX_LIB_SRCS) $(HX_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOST_CC) $(HX_CFLAGS) -O2 $(HX_CONSOLED_SRCS) $(HX_LIB_SRCS) -o $@

$(O)/arm64/hx: $(HX_CMD_SRCS) tools/hx/main.c $(HX_LIB_SRCS) $(HX_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@ (static arm64)")
	$(Q)$(CROSS)gcc $(HX_CFLAGS) -O2 -static $(HX_CMD_SRCS) tools/hx/main.c $(HX_LIB_SRCS) -o $@

$(O)/arm64/hx-consoled: $(HX_CONSOLED_SRCS) $(HX_LIB_SRCS) $(HX_DEPS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@ (static arm64)")
	$(Q)$(CROSS)gcc $(HX_CFLAGS) -O2 -static $(HX_CONSOLED_SRCS) $(HX_LIB_SRCS) -o $@

# The gdb remote-protocol test client run in dom0 against `hx gdbsx` (diag-dom0 test)
$(O)/arm64/gdbclient: tests/toolstack/gdbclient.c tools/hx.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@ (static arm64)")
	$(Q)$(CROSS)gcc $(HX_CFLAGS) -O2 -static $< -o $@

# `make` builds the dom0 initramfs too once scripts/setup.sh has filled the cache.
ifneq ($(wildcard $(or $(HOSPES_CACHE),/var/cache/hospes)/kernel-release),)
all: dom0-initramfs dom0-initramfs-guest
endif

# dom0 initramfs: busybox, Debian's Xen driver modules, the arm64 tools (hx, hx-consoled,
# hx-xenstored from tools/tools.mk). Rebuilt when a tool or the script changes.
dom0-initramfs: $(O)/dom0-initramfs.cpio.gz
$(O)/dom0-initramfs.cpio.gz: $(O)/arm64/hx $(O)/arm64/hx-consoled $(O)/arm64/gdbclient \
		$(O)/arm64/hx-xenstored scripts/mkdom0-initramfs.sh $(wildcard tests/toolstack/dom0/*)
	scripts/mkdom0-initramfs.sh $@

# The same plus a domU kernel and initramfs under /guest, for hx create tests
dom0-initramfs-guest: $(O)/dom0-initramfs-guest.cpio.gz
$(O)/dom0-initramfs-guest.cpio.gz: $(O)/dom0-initramfs.cpio.gz scripts/mkinitramfs.sh
	HX_GUEST=1 scripts/mkdom0-initramfs.sh $@

# ---------------------------------------------------------------- unit tests
# tests/toolstack/test_<name>.c -> $(O)/unit/toolstack_<name>, built like the other unit
# tests (ASan + UBSan) but with the tools' include paths; test_hx links all of hx.
HX_UNIT_CFLAGS := $(HOST_CFLAGS) -Itools/libs/include -Itools/hx \
	-Itools/consoled
HX_UNIT_NAMES := $(patsubst tests/toolstack/test_%.c,%,$(wildcard tests/toolstack/test_*.c))
HX_UNIT_BINS := $(patsubst %,$(O)/unit/toolstack_%,$(HX_UNIT_NAMES))
HX_UNIT_SRCS_cfg := tools/hx/cfg.c
HX_UNIT_SRCS_guest_dt := tools/hx/guest_dt.c tools/hx/image.c hyp/lib/fdt.c hyp/lib/fdt_write.c
HX_UNIT_SRCS_hx := $(HX_CMD_SRCS) $(HX_LIB_SRCS) tests/toolstack/fakexen.c tests/toolstack/fakexs.c \
	tests/toolstack/hxrun.c
HX_UNIT_SRCS_hx_sched := $(HX_UNIT_SRCS_hx)
HX_UNIT_SRCS_trace := tools/hx/tracefile.c
HX_UNIT_SRCS_libs := $(HX_LIB_SRCS) tools/consoled/cring.c tests/toolstack/fakexs.c

$(O)/unit/toolstack_%: tests/toolstack/test_%.c $(HX_CMD_SRCS) $(HX_LIB_SRCS) $(HX_DEPS) \
		$(wildcard tests/toolstack/*.h tests/toolstack/*.c) tests/unit/unit.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOST_CC) $(HX_UNIT_CFLAGS) $< $(HX_UNIT_SRCS_$*) -o $@

UNIT_BINS += $(HX_UNIT_BINS)
unit_bins: $(HX_UNIT_BINS)
unit: $(HX_UNIT_BINS)

.PHONY: hx-tools dom0-initramfs dom0-initramfs-guest
