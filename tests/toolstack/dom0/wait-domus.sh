#!/bin/sh
# SPDX-License-Identifier: MIT
# Run in dom0 (hospes.run=/hospes/toolstack/wait-domus.sh): wait until every dom0less
# domU has powered off and been destroyed (hx list shows Domain-0 only), so dom0's own
# power-off, which powers the machine off as under Xen, comes last.
i=0
while [ $i -lt 300 ]; do
	n=$(hx list 2>/dev/null | awk 'NR > 1' | wc -l)
	if [ "$n" -le 1 ]; then
		echo "HX-WAIT: only dom0 left after ${i}s"
		exit 0
	fi
	sleep 1
	i=$((i + 1))
done
echo "HX-WAIT: domUs still running after ${i}s"
hx list
exit 1
