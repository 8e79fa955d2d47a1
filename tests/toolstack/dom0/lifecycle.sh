#!/bin/sh
# SPDX-License-Identifier: MIT
# Domain life cycle through xenstore, run in dom0 by tests/system/toolstack-lifecycle.toml.
#
#  1. dom0's own kernel reached hx-xenstored through its ring (XS_LOCAL): it wrote
#     /local/domain/0/control/feature-poweroff.
#  2. hx create starts two Linux domUs (guest1.cfg, guest2.cfg); both reach init, their
#     xenbus connects (each kernel writes control/feature-poweroff), `hx console` reads
#     back a command's output from hvc0, hx list shows them.
#  3. hx shutdown -w guest1: its Linux powers off in order (the guest's /init logs
#     "HOSPES-SHUTDOWN: guest1 orderly poweroff"), and its monitor carries out
#     on_poweroff=destroy. hx reboot -w guest2: on_reboot=restart brings it back as a new
#     domain that boots again. hx destroy stops it; free memory is back where it started.
#  4. 50 create/destroy cycles of tiny.cfg. 50 Linux boots (5-15 s each under TCG, more
#     on a loaded machine) would blow the test's time budget, so these domains run a
#     two-instruction kernel (wfi; b .) in 16 MiB: every resource hx create sets up for a
#     Linux guest is still set up and torn down (memory, magic pages, event channels,
#     xenstore nodes and ring mapping, console, monitor process); the Linux boots of
#     steps 2-3 cover what a booting OS adds. Afterwards: exactly the same number of
#     pages (free + dom0's) as before the cycles, free memory not below the start, no
#     /local/domain/N, /vm or /libxl nodes left, dom0 has no event channel left towards
#     another domain (debug key e) and maps no grants (key g), no monitor process left.
# Prints "HX-LC: ..." lines that the .toml matches; exits 0.
t() {
	echo "HX-TEST-BEGIN: $*"
	"$@"
	echo "HX-TEST: $* rc=$?"
}
free_mem() { hx info | awk -F: '/^free_memory/ { gsub(/ /, "", $2); print $2 }'; }
# wait_for SECONDS COMMAND...: until COMMAND succeeds; its status
wait_for() {
	_wait=$1
	shift
	while [ "$_wait" -gt 0 ]; do
		"$@" && return 0
		sleep 1
		_wait=$((_wait - 1))
	done
	"$@"
}
in_log() { grep -q "$2" "/var/log/hx/guest-$1.log" 2>/dev/null; }
is_gone() { ! hx list | awk -v id="$1" 'NR > 1 && $2 == id { f = 1 } END { exit !f }'; }
only_dom0() { [ "$(hx list | awk 'NR > 1' | wc -l)" -eq 1 ]; }
xs_is() { [ "$(hx xenstore-read "$1" 2>/dev/null)" = "$2" ]; }
# dom0 event channels bound towards another domain (debug key e)
dom0_ports() {
	hx dmesg -c >/dev/null
	hx debug-keys e >/dev/null
	hx dmesg | awk '/Event channel information for domain/ { d0 = /domain 0 \(/; next }
		d0 && / d=[1-9]/ { n++ } END { print n + 0 }'
}
dom0_grant_maps() {
	hx dmesg -c >/dev/null
	hx debug-keys g >/dev/null
	hx dmesg | awk '/grant table d/ { d0 = /grant table d0 /; next }
		d0 && /maps [0-9]+ foreign grants/ { print $2 }'
}
# Pages accounted for: the hypervisor's free pages (debug key m) plus dom0's. dom0's Linux
# hands pages back to the hypervisor for the address space of its foreign mappings (its
# balloon), so free memory alone may end higher than it started; this sum may not move
# across the 50 cycles.
pages() {
	hx dmesg -c >/dev/null
	hx debug-keys m >/dev/null
	_free=$(hx dmesg | sed -n 's/.*memory: \([0-9]*\) of .*/\1/p' | tail -n 1)
	_d0=$(hx list -l 0 | sed -n 's/.*"current_memkb": \([0-9]*\).*/\1/p')
	echo $((_free + _d0 / 4))
}
# What to look at when something did not happen in time
diag() {
	echo "HX-LC-DIAG: $*"
	ps
	echo "--- /var/log/hx-xenstored.log"
	cat /var/log/hx-xenstored.log
	hx dmesg -c >/dev/null
	hx debug-keys e >/dev/null
	hx dmesg
}
# pages once the daemons let go of a destroyed domain (hx-consoled looks every 500 ms):
# two equal readings a second apart
settled_pages() {
	_prev=$(pages)
	for _i in 1 2 3 4 5; do
		sleep 1
		_now=$(pages)
		[ "$_now" = "$_prev" ] && break
		_prev=$_now
	done
	echo "$_now"
}
monitors() { ps | grep -c '[h]x create'; }
no_monitors() { [ "$(monitors)" = 0 ]; }

# ---------------------------------------------------------------- 1. dom0
wait_for 20 xs_is /local/domain/0/control/feature-poweroff 1 &&
	echo "HX-LC: dom0 kernel xenbus connected"
free0=$(free_mem)
pages0=$(settled_pages)
ports0=$(dom0_ports)
echo "HX-LC: start free=$free0 MiB pages(free+dom0)=$pages0 dom0-ports=$ports0"

# ------------------------------------------------------ 2. two Linux guests
t0=$(date +%s)
t hx create /hospes/toolstack/guest1.cfg
t hx create /hospes/toolstack/guest2.cfg
g1=$(hx domid guest1)
g2=$(hx domid guest2)
if wait_for 150 in_log "$g1" 'reached init'; then
	echo "HX-LC: guest1 (d$g1) reached init after $(($(date +%s) - t0))s"
else
	diag "guest1 did not reach init"
fi
wait_for 150 in_log "$g2" 'reached init' && echo "HX-LC: guest2 (d$g2) reached init after $(($(date +%s) - t0))s"
for g in $g1 $g2; do
	if wait_for 30 xs_is "/local/domain/$g/control/feature-poweroff" 1; then
		echo "HX-LC: d$g xenbus connected"
	else
		diag "d$g: no control/feature-poweroff"
	fi
	# The guest's shell computes 42: seeing it proves the line went in and came back.
	echo "echo HX-CONSOLE-d$g-\$((40 + 2))" | timeout 10 hx console "$g" >/tmp/console-$g.out 2>&1
	if grep -q "HX-CONSOLE-d$g-42" /tmp/console-$g.out; then
		echo "HX-LC: d$g console read back HX-CONSOLE-d$g-42"
	else
		diag "d$g: hx console did not read back HX-CONSOLE-d$g-42"
		cat /tmp/console-$g.out
	fi
done
t hx list
t hx xenstore-ls /local/domain/$g1

# --------------------------------------------------- 3. shutdown, reboot, destroy
t hx shutdown -w guest1
wait_for 10 in_log "$g1" 'HOSPES-SHUTDOWN: guest1 orderly poweroff' &&
	echo "HX-LC: guest1 logged its orderly poweroff"
wait_for 30 is_gone "$g1" && echo "HX-LC: guest1 destroyed by its monitor (on_poweroff=destroy)"
t hx reboot -w guest2
new_g2() { _id=$(hx domid guest2 2>/dev/null) && [ -n "$_id" ] && [ "$_id" != "$g2" ]; }
wait_for 30 new_g2
g2b=$(hx domid guest2)
wait_for 150 in_log "$g2b" 'reached init' &&
	echo "HX-LC: guest2 restarted as d$g2b (on_reboot=restart) and reached init"
is_gone "$g2" && echo "HX-LC: old guest2 d$g2 is gone"
t hx destroy guest2
wait_for 30 only_dom0
t hx list
cat /var/log/hx/monitor-*.log
free1=$(free_mem)
pages1=$(settled_pages)
# The first foreign mappings cost dom0 a few stage-2 table pages for good (its 2 MiB
# blocks split where its balloon took pages out), so here only free memory is checked;
# the cycles below check the exact page count.
if [ "$free1" -ge "$free0" ]; then
	echo "HX-LC: linux guests gave back every page (free $free0 -> $free1 MiB, free+dom0 $pages0 -> $pages1 pages)"
else
	echo "HX-LC-LEAK: after the linux guests: free $free0 -> $free1 MiB, free+dom0 $pages0 -> $pages1 pages"
fi

# ------------------------------------------------------------ 4. 50 cycles
printf '\177\040\003\325\000\000\000\024' >/tmp/tiny.bin # wfi; b .
t0=$(date +%s)
i=0 bad=0
while [ $i -lt 50 ]; do
	if ! hx create /hospes/toolstack/tiny.cfg >/tmp/create.out 2>&1; then
		cat /tmp/create.out
		bad=$((bad + 1))
	fi
	d=$(hx domid tiny)
	if [ $i = 0 ]; then
		t hx list
		t hx xenstore-ls "/local/domain/$d"
	fi
	xs_is "/local/domain/$d/name" tiny || { echo "HX-LC: cycle $i: d$d has no name node"; bad=$((bad + 1)); }
	hx destroy tiny || bad=$((bad + 1))
	i=$((i + 1))
done
wait_for 30 only_dom0
echo "HX-LC: 50 cycles in $(($(date +%s) - t0))s, $bad failures"
t hx list
free2=$(free_mem)
pages2=$(settled_pages)
ports2=$(dom0_ports)
maps2=$(dom0_grant_maps)
nodes=$(hx xenstore-ls /local/domain | grep -c '^[^ ]')
vms=$(hx xenstore-ls /vm | wc -l)
libxl=$(hx xenstore-ls /libxl | wc -l)
wait_for 10 no_monitors
mons=$(monitors)
echo "HX-LC: after cycles free=$free2 MiB pages(free+dom0)=$pages2 dom0-ports=$ports2 grant-maps=$maps2 domains-in-xenstore=$nodes vm=$vms libxl=$libxl monitors=$mons"
if [ "$bad" = 0 ] && [ "$pages2" = "$pages1" ] && [ "$free2" -ge "$free0" ] && [ "$ports2" = "$ports0" ] &&
	[ "${maps2:-0}" = 0 ] && [ "$nodes" = 1 ] && [ "$vms" = 0 ] && [ "$libxl" = 0 ] &&
	[ "$mons" = 0 ]; then
	echo "HX-LC: cycles clean"
else
	echo "HX-LC-LEAK: after cycles"
	hx xenstore-ls /
fi
echo "--- /var/log/hx-xenstored.log"
cat /var/log/hx-xenstored.log
exit 0
