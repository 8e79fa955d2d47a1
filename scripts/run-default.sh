#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make run`: boot the default system (configs/default.toml: dom0 + two dom0less
# domUs). On a terminal the serial console is yours: the domains' output is
# multiplexed with "(dN)" prefixes, CTRL-a three times switches input between
# hospes and the domains, CTRL-a x quits QEMU. Without a terminal (CI, pipes) it
# runs the same system, waits for every domain's marker, prints them and exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-configs/default.toml}
if [[ -t 0 && -t 1 ]]; then
	exec scripts/hospes-run "$config"
fi
exec scripts/hospes-run "$config" --timeout 240 --until-expects \
	--expect 'HOSPES-MARKER: dom0 reached init' \
	--expect '\(d1\) HOSPES-MARKER: domu1 reached init' \
	--expect '\(d2\) HOSPES-MARKER: domu2 reached init'
