#!/bin/sh
# SPDX-License-Identifier: MIT
# Toolstack smoke test, run in dom0 by tests/system/toolstack-basic.toml: read-only
# commands first, then pause/unpause and destroy of the dom0less domU d2.
# Prints "HX-TEST: <command> rc=<status>" after each command's output.
t() {
	echo "HX-TEST-BEGIN: $*"
	"$@"
	echo "HX-TEST: $* rc=$?"
}
t hx list
t hx list -l
t hx info
t hx dmesg
t hx debug-keys q
t hx vcpu-list
t hx vcpu-context 1 0
t hx domname 0
t hx domid Domain-0
t hx uptime
t hx pause 1
t hx list 1
t hx unpause 1
t hx list 1
t hx destroy 2
t hx list
t hx destroy 2
t hx shutdown 1
t hx console 1
exit 0
