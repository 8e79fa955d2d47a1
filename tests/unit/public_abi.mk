# Host test of include/public (the Xen 4.17 guest ABI headers), plus a check
# that every public header compiles on its own: as C for the arm64 target
# compiler and for the host compiler (with the hypervisor's warnings and
# -Wpedantic), and, for the top-level headers, as assembler-with-cpp
# (constants only). The XEN_CHECK_* static asserts run in both C builds.
UNIT_TESTS += public_abi
UNIT_SRCS_public_abi := tests/unit/test_public_abi.c

PUBLIC_ABI_HDRS := $(sort $(wildcard include/public/*.h include/public/*/*.h))
PUBLIC_ABI_ASM_HDRS := $(sort $(wildcard include/public/*.h))

$(O)/unit/public_abi.hdrcheck: $(PUBLIC_ABI_HDRS) tests/unit/public_abi.mk
	@mkdir -p $(dir $@)
	@echo "  HDRCHK  include/public ($(words $(PUBLIC_ABI_HDRS)) headers)"
	$(Q)for h in $(PUBLIC_ABI_HDRS:include/%=%); do \
		for cc in "$(HYP_CC)" "$(HOST_CC)"; do \
			printf '#include <%s>\ntypedef int public_abi_hdrcheck_t;\n' $$h | \
			$$cc -std=c11 -ffreestanding $(WARN) -Wpedantic -Iinclude \
				-x c -fsyntax-only - || \
			{ echo "$$h does not compile on its own with $$cc"; exit 1; }; \
		done; \
	done
	$(Q)for h in $(PUBLIC_ABI_ASM_HDRS:include/%=%); do \
		printf '#include <%s>\n' $$h | \
		$(HYP_CC) -D__ASSEMBLY__ -Iinclude -x assembler-with-cpp -c - -o /dev/null || \
		{ echo "$$h is not usable from assembly"; exit 1; }; \
	done
	@touch $@

$(O)/unit/public_abi: $(O)/unit/public_abi.hdrcheck $(PUBLIC_ABI_HDRS)
