#!/bin/sh
# SPDX-License-Identifier: MIT
# Diagnostics test, run in dom0 by tests/system/diag-dom0.toml.
# Crash report: d1 (guests/tests/crash-wild) dereferences a wild pointer at boot and is
# kept paused by on_crash=preserve. Read the hypervisor's crash report through
# hx dmesg, then the vCPU's registers with hx vcpu-context, and check both name the same
# PC (the host side checks that PC against the guest ELF's symbol crash_wild_insn).
# gdbsx: d2 loops in a known function; tests/toolstack/gdbclient.c talks gdb's remote
# protocol to `hx gdbsx 2 1234` over loopback (registers, memory, step, breakpoint).
# Prints "DIAG-TEST: <what> ok|FAIL ..." lines; exits non-zero on the first failure.
fail() {
	echo "DIAG-TEST: $* FAIL"
	exit 1
}

# --------------------------------------------------------------- crash report
i=0
while ! hx dmesg | grep -q 'd1 ([^)]*): preserved after its crash'; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "crash: d1 not reported as preserved within 60 s"
	sleep 1
done
hx dmesg >/tmp/dmesg.txt || fail "crash: hx dmesg rc=$?"
rep_pc=$(sed -n 's/.*d1v0: PC \([0-9a-f]\{16\}\) .*/\1/p' /tmp/dmesg.txt | tail -n 1)
reason=$(sed -n 's/.*d1v0: reason: //p' /tmp/dmesg.txt | tail -n 1)
faddr=$(sed -n 's/.*d1v0: fault address: //p' /tmp/dmesg.txt | tail -n 1)
echo "DIAG-TEST: crash report via hx dmesg: pc=$rep_pc reason='$reason' fault='$faddr'"
[ -n "$rep_pc" ] || fail "crash: no 'd1v0: PC' line in hx dmesg"
hx vcpu-context 1 0 >/tmp/ctx.txt || fail "crash: hx vcpu-context 1 0 rc=$?"
cat /tmp/ctx.txt
ctx_pc=$(sed -n 's/^PC: *\([0-9a-f]*\).*/\1/p' /tmp/ctx.txt)
[ "$ctx_pc" = "$rep_pc" ] || fail "crash: vcpu-context pc=$ctx_pc differs from the report's pc=$rep_pc"
echo "DIAG-TEST: crash vcpu-context pc=$ctx_pc matches the report ok"

# ------------------------------------------------------------------- gdbsx
# d2 (guests/tests/gdb-target) loops in gdb_target_loop; its symbols come on the
# command line (diag.loop=, diag.counter=, from the guest ELF). gdbclient drives
# hx gdbsx over loopback; afterwards d2 must run again.
loop= counter=
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	diag.loop=*) loop=${arg#diag.loop=} ;;
	diag.counter=*) counter=${arg#diag.counter=} ;;
	esac
done
[ -n "$loop" ] && [ -n "$counter" ] || fail "gdbsx: no diag.loop=/diag.counter= on the command line"
i=0
while ! hx dmesg | grep -q 'gdb-target: looping'; do
	i=$((i + 1))
	[ $i -lt 60 ] || fail "gdbsx: d2 did not start looping"
	sleep 1
done
ifconfig lo 127.0.0.1 up || fail "gdbsx: cannot bring up lo"
hx gdbsx 2 1234 &
gdbsx_pid=$!
gdbclient 1234 2 "$loop" "$counter" || fail "gdbsx: gdbclient exit=$?"
wait $gdbsx_pid || fail "gdbsx: hx gdbsx exit=$?"
hx list 2 | tee /tmp/list.txt
state=$(awk '$2 == 2 { print $5 }' /tmp/list.txt)
case "$state" in
??p*) fail "gdbsx: d2 still paused after detach (state $state)" ;;
esac
x19() { hx vcpu-context 2 0 | tr '\t' '\n' | sed -n 's/^ *x19: *\([0-9a-f]*\).*/\1/p'; }
c1=$(x19)
sleep 1
c2=$(x19)
[ -n "$c1" ] && [ "$c1" != "$c2" ] || fail "gdbsx: d2's loop counter x19 does not move after detach ($c1, $c2)"
echo "DIAG-TEST: gdbsx d2 runs again after detach (x19 $c1 -> $c2) ok"
exit 0
