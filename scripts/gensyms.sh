#!/bin/sh
# Turn `nm -n` output (or /dev/null) into an assembler file holding the
# hypervisor's own symbol table: sorted (offset, name) pairs used by the panic
# backtrace to print function names. Offsets are link-time (image-relative).
in=${1:--}
echo '	.section .hyp_syms, "a"'
echo '	.balign 8'
echo '	.globl hyp_symtab'
echo 'hyp_symtab:'
if [ "$in" = /dev/null ]; then
	n=0
else
	cat "$in" > /tmp/gensyms.$$.nm
	awk '$2 ~ /^[tTwW]$/ && $3 !~ /^\$/ { printf "\t.quad 0x%s\n\t.quad .Ls%d - hyp_symtab\n", $1, NR }' /tmp/gensyms.$$.nm > /tmp/gensyms.$$.tab
	awk '$2 ~ /^[tTwW]$/ && $3 !~ /^\$/ { printf ".Ls%d: .asciz \"%s\"\n", NR, $3 }' /tmp/gensyms.$$.nm > /tmp/gensyms.$$.str
	rm -f /tmp/gensyms.$$.nm
	cat /tmp/gensyms.$$.tab
	n=$(grep -c quad /tmp/gensyms.$$.tab)
	n=$((n / 2))
fi
echo '	.globl hyp_symtab_count'
echo 'hyp_symtab_count:'
echo "	.quad $n"
if [ "$in" != /dev/null ]; then
	cat /tmp/gensyms.$$.str
	rm -f /tmp/gensyms.$$.tab /tmp/gensyms.$$.str
fi
