#!/bin/sh
# SPDX-License-Identifier: MIT
# Run in dom0 by tests/system/trace-two-guests.toml: trace the scheduler for a few
# seconds while two domUs spin, and hand everything the host needs to check the trace
# over the console (dom0's only channel): each domain's CPU time from `hx list -l`
# right before and after the recording, then the trace file base64-encoded between
# marker lines. tests/system/trace-check.py decodes and checks it on the host.
t() {
	echo "HX-TEST-BEGIN: $*"
	"$@"
	echo "HX-TEST: $* rc=$?"
}
# cpu_time of every domain, one "domid ns" line each, from hx list -l (JSON)
cpu_times() {
	hx list -l | awk '/"domid":/ { gsub(/[^0-9]/, "", $2); d = $2 }
		/"cpu_time":/ { gsub(/[^0-9]/, "", $2); print d, $2 }'
}
# Kernel messages on the console would land inside the base64 block.
dmesg -n 1
# Refusals first: no buffers are set up yet.
t hx trace stop
t hx trace start -e nosuchclass
t hx trace --summary /nonexistent --cpu-hz 1000
hx info | grep cpu_mhz | sed "s/^/HX-TRACE-CLOCK: /"
cpu_times >/tmp/before
t hx trace record /tmp/trace.bin -e sched -s 8 -T 5 -W 5000
cpu_times >/tmp/after
while read -r d ns; do echo "HX-TRACE-TIME: before d$d $ns"; done </tmp/before
while read -r d ns; do echo "HX-TRACE-TIME: after d$d $ns"; done </tmp/after
echo "HX-TRACE-SIZE: $(wc -c </tmp/trace.bin)"
echo "HX-TRACE-MD5: $(md5sum </tmp/trace.bin | cut -d' ' -f1)"
t hx trace --summary /tmp/trace.bin
# Every class for a moment: hypercalls and traps (pv), interrupts (hw) show up too.
t hx trace record /tmp/all.bin -e all -T 0.5
t hx trace --summary /tmp/all.bin
echo "HX-TRACE-FILE-BEGIN"
base64 </tmp/trace.bin | sed 's/^/HX-B64 /'
echo "HX-TRACE-FILE-END"
exit 0
