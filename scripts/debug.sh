#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make debug`: boot a system under QEMU stopped at the first instruction, with
# QEMU's gdb stub on localhost:1234, and attach gdb-multiarch to hospes with its
# symbols. hospes is position-independent and QEMU virt loads it at RAM + 2 MiB
# (0x40200000), so the symbols are loaded at that offset (HOSPES_LOAD to change it).
#
#   scripts/debug.sh [CONFIG.toml]            interactive gdb; serial log in build/debug.log
#   scripts/debug.sh --batch [CONFIG.toml]    scripted check used by make check: break in
#                                             start_hypervisor, continue, print where it stopped
set -euo pipefail
cd "$(dirname "$0")/.."
batch=0
if [[ ${1:-} == --batch ]]; then batch=1; shift; fi
config=${1:-configs/domus-only.toml}
load=${HOSPES_LOAD:-0x40200000}
port=${HOSPES_GDB_PORT:-1234}
mkdir -p build
scripts/hospes-run "$config" --timeout 600 --qemu-extra "-gdb tcp:127.0.0.1:$port -S" \
	>build/debug.log 2>&1 </dev/null &
runner=$!
trap 'kill $runner 2>/dev/null; wait $runner 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	grep -q "booting hypervisor" build/debug.log 2>/dev/null && break
	sleep 0.2
done
sleep 1
gdb_args=(-q -ex "set pagination off" -ex "symbol-file -o $load build/hospes.elf"
	-ex "target remote 127.0.0.1:$port")
if ((batch)); then
	exec 3>&1
	gdb-multiarch -batch "${gdb_args[@]}" -ex "break start_hypervisor" -ex continue \
		-ex "info symbol \$pc" -ex "print/x \$x0" -ex "kill" 2>&1
else
	echo "serial console: build/debug.log (tail -f it); gdb is attached, hospes is stopped"
	gdb-multiarch "${gdb_args[@]}"
fi
