#!/bin/sh
# SPDX-License-Identifier: MIT
# Schedulers and cpupools end to end, run in dom0 by tests/system/sched-cpupools.toml.
# At boot, the device tree put CPU 1 in cpupool 1 (credit2) with three spinning
# micro-guests d1-d3; dom0 (1 vCPU) has CPU 0 in Pool-0.
#  1. weights 256:512:1024 on the one CPU of pool 1: CPU time in that ratio within 10%
#  2. d1 moves credit2 -> rtds pool (CPU 1) and keeps running; then 20 ms / 100 ms
#     without extratime gives it about 20% of the CPU
#  3. bad parameters are refused and change nothing
#  4. d1 in Pool-0 with CPUs 0-1; removing CPU 1 migrates its vCPU to CPU 0
# Prints "HX-TEST: <command> rc=<status>" after each command and "HX-SCHED: ... OK|BAD"
# for each measured property.
t() {
	echo "HX-TEST-BEGIN: $*"
	"$@"
	echo "HX-TEST: $* rc=$?"
}
# CPU time of a domain in ns (getdomaininfo cpu_time, from hx list -l)
cpu_ns() {
	hx list -l "$1" | awk -F'[:,]' '/"cpu_time"/ { gsub(/ /, "", $2); print $2; exit }'
}
# Share of one CPU a domain gets over $2 seconds, in per mille
share() {
	a=$(cpu_ns "$1")
	sleep "$2"
	b=$(cpu_ns "$1")
	awk -v a="$a" -v b="$b" -v s="$2" 'BEGIN { printf "%d\n", (b - a) / (s * 1e6) }'
}

t hx cpupool-list
t hx cpupool-list -c
t hx sched-credit2 -d 1 -w 256
t hx sched-credit2 -d 2 -w 512
t hx sched-credit2 -d 3 -w 1024
t hx sched-credit2
sleep 2
a1=$(cpu_ns 1); a2=$(cpu_ns 2); a3=$(cpu_ns 3)
sleep 20
b1=$(cpu_ns 1); b2=$(cpu_ns 2); b3=$(cpu_ns 3)
awk -v a1="$a1" -v a2="$a2" -v a3="$a3" -v b1="$b1" -v b2="$b2" -v b3="$b3" 'BEGIN {
	d1 = (b1 - a1) / 1e6; d2 = (b2 - a2) / 1e6; d3 = (b3 - a3) / 1e6
	r2 = d1 > 0 ? d2 / d1 : 0; r3 = d1 > 0 ? d3 / d1 : 0
	ok = r2 >= 1.8 && r2 <= 2.2 && r3 >= 3.6 && r3 <= 4.4
	printf "HX-SCHED: weights 256:512:1024 got %d:%d:%d ms = 1:%.2f:%.2f %s\n", d1, d2, d3, r2, r3, ok ? "OK" : "BAD" }'

t hx destroy 3
t hx destroy 2
t hx cpupool-migrate 1 Pool-0
t hx cpupool-cpu-remove Pool-1 1
t hx cpupool-destroy Pool-1
t hx cpupool-create name=\"rt\" sched=\"rtds\" cpus=\"1\"
t hx cpupool-migrate 1 rt
t hx cpupool-list
t hx sched-rtds
s=$(share 1 5)
[ "$s" -ge 900 ] && r=OK || r=BAD
echo "HX-SCHED: d1 alone in the rtds pool: $s per mille of a CPU $r"
t hx sched-rtds -d 1 -v all -p 100000 -b 20000 -e 0
t hx sched-rtds -d 1 -v all
# A long period: QEMU's timers fire late on a loaded host, by the same amount each
# period whatever its length.
s=$(share 1 6)
[ "$s" -ge 150 ] && [ "$s" -le 300 ] && r=OK || r=BAD
echo "HX-SCHED: d1 with 20000/100000 us, no extratime: $s per mille of a CPU $r"

# Refusals: each must fail and leave everything as it was
t hx sched-rtds -d 1 -v 0 -p 1000 -b 2000 -e 0
t hx vcpu-pin 1 0 0
t hx cpupool-cpu-remove rt 1
t hx cpupool-migrate 1 nosuch
t hx cpupool-create name=\"x\" sched=\"bogus\"
t hx sched-rtds -d 1 -v 0

# pCPU removal migrates the vCPUs it ran
t hx cpupool-migrate 1 Pool-0
t hx cpupool-cpu-remove rt 1
t hx cpupool-cpu-add Pool-0 1
t hx vcpu-pin 1 0 1
sleep 1
t hx vcpu-list 1
t hx vcpu-pin 1 0 all
t hx cpupool-cpu-remove Pool-0 1
sleep 1
t hx vcpu-list 1
cpu=$(hx vcpu-list 1 | awk '$2 == 1 && $3 == 0 { print $4 }')
s=$(share 1 3)
[ "$cpu" = 0 ] && [ "$s" -ge 100 ] && r=OK || r=BAD
echo "HX-SCHED: after removing CPU 1, d1v0 runs on CPU $cpu, $s per mille $r"
t hx cpupool-list -c
exit 0
