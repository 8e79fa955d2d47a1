#!/bin/sh
# SPDX-License-Identifier: MIT
# hx create end to end, run in dom0 by tests/system/toolstack-create.toml: build a Linux
# domU from guest1.cfg, wait until hx-consoled has relayed its init marker from the PV
# console ring, then look at it with hx list / vcpu-list and stop it (shutdown through
# xenstore when xenstored runs, after which its monitor destroys it; else destroy).
t() {
	echo "HX-TEST-BEGIN: $*"
	"$@"
	echo "HX-TEST: $* rc=$?"
}
free_mem() { hx info | awk -F: '/^free_memory/ { gsub(/ /, "", $2); print $2 }'; }
free_before=$(free_mem)
echo "HX-FREE-BEFORE: $free_before"
t hx create /hospes/toolstack/guest1.cfg || exit 1
t hx list
# The newest domain is the one just created
domid=$(hx list | awk 'NR > 1 { id = $(NF - 4) } END { print id }')
echo "HX-CREATE: domid=$domid"
log=/var/log/hx/guest-$domid.log
i=0
while [ $i -lt 600 ]; do
	grep -q 'reached init' "$log" 2>/dev/null && break
	sleep 1
	i=$((i + 1))
done
grep -q 'reached init' "$log" && echo "HX-CREATE: guest1 reached init after ${i}s"
t hx list
# Console input: a command typed through hx console runs in the guest's shell; only
# its output, not its echo, contains HX-CONSOLE-42.
echo 'echo HX-CONSOLE-$((40 + 2))' | timeout 10 hx console "$domid"
echo "HX-TEST: hx console $domid (input) rc=$?"
t hx vcpu-list "$domid"
t hx vcpu-context "$domid" 0
t hx pause "$domid"
t hx list "$domid"
t hx unpause "$domid"
# Stop the guest (shutdown through xenstore when xenstored runs, else destroy) and
# check that every page came back.
if [ -S /run/xenstored/socket ]; then
	t hx shutdown -w guest1
else
	t hx destroy "$domid"
fi
i=0
while [ $i -lt 30 ] && hx list | awk -v id="$domid" '$2 == id { found = 1 } END { exit !found }'; do
	sleep 1
	i=$((i + 1))
done
t hx list
free_after=$(free_mem)
echo "HX-FREE-AFTER: $free_after"
# Every page of the guest must come back. The count may end slightly higher: stage-2
# table pages of dom0's foreign mappings made while building the guest are freed too.
if [ "$free_after" -ge "$free_before" ]; then echo "HX-FREE: all back after destroy ($free_before -> $free_after MiB)"; else echo "HX-FREE: lost memory ($free_before -> $free_after MiB)"; fi
exit 0
