# SPDX-License-Identifier: MIT
# tools/tools.mk - host-side (dom0 user space) tools, included by the top-level Makefile.
#
#   build/host/hx-xenstored         the xenstore daemon (tools/xenstored)
#   build/host/xenstored-test       its host tests (ASan + UBSan), run by
#   make xenstored-tests            tests/xenstored/run.sh

XSD_SRCS := $(filter-out tools/xenstored/main.c,$(wildcard tools/xenstored/*.c))
XSD_DEPS := $(wildcard tools/xenstored/*.h) include/public/io/xs_wire.h include/public/errno.h
XSD_CFLAGS := -std=c11 -g -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wvla \
	-Wstrict-prototypes -D_GNU_SOURCE -Iinclude
XSD_TEST_SRCS := $(wildcard tools/xenstored/tests/*.c)

all: $(O)/host/hx-xenstored

$(O)/host/hx-xenstored: $(XSD_SRCS) tools/xenstored/main.c $(XSD_DEPS) tools/tools.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOST_CC) $(XSD_CFLAGS) -O2 $(XSD_SRCS) tools/xenstored/main.c -o $@

$(O)/host/xenstored-test: $(XSD_SRCS) $(XSD_TEST_SRCS) $(wildcard tools/xenstored/tests/*.h) \
		$(XSD_DEPS) tools/tools.mk
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $@")
	$(Q)$(HOST_CC) $(XSD_CFLAGS) -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
		-Itools/xenstored $(XSD_SRCS) $(XSD_TEST_SRCS) -o $@

xenstored-tests:
	tests/xenstored/run.sh

.PHONY: xenstored-tests
