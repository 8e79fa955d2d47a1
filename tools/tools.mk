# SPDX-License-Identifier: MIT
# tools/tools.mk - host-side (dom0 user space) tools, included by the top-level Makefile.
#
#   build/host/hx-xenstored         the xenstore daemon (tools/xenstored)
#   build/arm64/hx-xenstored        the same, static arm64, for the dom0 initramfs
#   build/host/xenstored-test       its host tests (ASan + UBSan), run by
#   make xenstored-tests            tests/xenstored/run.sh

XSD_SRCS := $(filter-out tools/xenstored/main.c tools/xenstored/xen.c,$(wildcard tools/xenstored/*.c))
# The daemon binaries add the hypervisor backend (xen.c) and the tool libraries it uses;
# the host tests plug in memory rings instead.
XSD_MAIN_SRCS := tools/xenstored/main.c tools/xenstored/xen.c \
	$(wildcard tools/libs/call/*.c tools/libs/ctrl/*.c tools/libs/evtchn/*.c \
	tools/libs/foreignmem/*.c tools/libs/gnttab/*.c)
XSD_DEPS := $(wildcard tools/xenstored/*.h tools/libs/include/*.h) include/public/io/xs_wire.h \
	include/public/errno.h
XSD_CFLAGS := -std=c11 -g -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wvla \
	-Wstrict-prototypes -D_GNU_SOURCE -Iinclude
XSD_TEST_SRCS := $(wildcard tools/xenstored/tests/*.c)

XSD_MAIN_CFLAGS := $(XSD_CFLAGS) -Ihyp/include -Itools/libs/include

all: $(O)/host/hx-xenstored $(O)/arm64/hx-xenstored

$(O)/host/hx-xenstored: $(XSD_SRCS) $(XSD_MAIN_SRCS) $(XSD_DEPS) tools/tools.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOST_CC) $(XSD_MAIN_CFLAGS) -O2 $(XSD_SRCS) $(XSD_MAIN_SRCS) -o $@

$(O)/arm64/hx-xenstored: $(XSD_SRCS) $(XSD_MAIN_SRCS) $(XSD_DEPS) tools/tools.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@ (static arm64)")
	$(Q)$(CROSS)gcc $(XSD_MAIN_CFLAGS) -O2 -static $(XSD_SRCS) $(XSD_MAIN_SRCS) -o $@

$(O)/host/xenstored-test: $(XSD_SRCS) $(XSD_TEST_SRCS) $(wildcard tools/xenstored/tests/*.h) tests/unit/unit.h \
		$(XSD_DEPS) tools/tools.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOST_CC) $(XSD_CFLAGS) -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
		-Itools/xenstored -Itests/unit $(XSD_SRCS) $(XSD_TEST_SRCS) -o $@

xenstored-tests:
	tests/xenstored/run.sh

.PHONY: xenstored-tests
